"""Migration 10's desk tables: rows written on insert equal the rows the backfill makes from
stored documents (a store written before migration 10), on real articles."""

from __future__ import annotations

from pathlib import Path

from mawsua.app.ingest import ingest
from mawsua.app.queries import open_store
from mawsua.store import desk

_TABLES = {
    "entities": "canonical, type, country, articles, mentions, first_seen, last_seen",
    "entity_articles": "canonical, n, type, country, mentions, time",
    "entity_names": "canonical, name, articles",
    "entity_keys": "key, canonical",
    "quotes": "n, idx, label, text, speaker, speaker_canonical, speaker_key, cue, language, "
              "time, start, end",
}


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with open_store(db, readonly=True) as store:
        c = store.conn
        out = {t: sorted(c.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)
               for t, cols in _TABLES.items()}
        out["about"] = sorted(c.execute(
            "SELECT e.canonical, q.n, q.idx, e.time FROM quote_entities e "
            "JOIN quotes q ON q.id = e.quote"
        ).fetchall())
        out["fts"] = sorted(c.execute(
            "SELECT q.n, q.idx FROM quotes_fts f JOIN quotes q ON q.id = f.rowid "
            "WHERE quotes_fts MATCH ?", ['{title_exact body_exact} : "العراق"']).fetchall())
    return out


def test_backfill_equals_insert(tmp_path: Path, seed_path: Path, corpus_path: Path) -> None:
    sample = tmp_path / "c.jsonl"
    lines = corpus_path.read_text(encoding="utf-8").splitlines()[:60]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "d.db"
    with open_store(db) as store:
        ingest([seed_path, sample], store)
    before = _snapshot(db)
    assert before["quotes"] and before["entities"] and before["fts"] and before["about"]
    # as a store of migration 9 would be once migration 10 ran: empty tables, all pending
    with open_store(db) as store:
        c = store.conn
        for t in (*_TABLES, "quote_entities"):
            c.execute(f"DELETE FROM {t}")
        c.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('delete-all')")
        c.execute("INSERT INTO desk_pending (n) SELECT n FROM articles")
        # what migration 10 itself does for the keys
        c.execute("INSERT INTO entity_keys SELECT DISTINCT key, canonical FROM article_entities")
    assert _snapshot(db)["quotes"] == []
    with open_store(db) as store:  # opening for writing fills them in
        assert store.conn.execute("SELECT count(*) FROM desk_pending").fetchone()[0] == 0
    after = _snapshot(db)
    for key in before:
        assert after[key] == before[key], key


def test_desk_rows_of_the_seed(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        ingest([seed_path], store)
        art = store.get(store.conn.execute("SELECT id FROM articles").fetchone()[0])
    rows = desk.desk_rows(art)
    spans = art.layer("entities")
    assert sum(m for *_, m in rows.entities) == len(spans)
    canon = {str(s.attrs.get("canonical")) for s in spans}
    assert {c for c, *_ in rows.entities} == canon
    # each quotation keeps its text, and its speaker's canonical name when it is an entity
    assert len(rows.quotes) == len(art.layer("quotes"))
    for q, span in zip(rows.quotes, sorted(art.layer("quotes"), key=lambda s: (s.start, s.end)),
                       strict=True):
        assert q[2] == " ".join(art.text[span.start:span.end].split())
        if span.attrs.get("speaker_entity") is not None:
            assert q[4] in canon
        assert q[4] not in q[10]  # never "about" its own speaker
