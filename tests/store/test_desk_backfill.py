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


def _pg_snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    from mawsua.store import pgfts
    from mawsua.store.fts import parse_query

    with open_store(url, readonly=True) as store:
        c = store.conn
        out = {t: sorted(c.execute(f"SELECT {cols.replace(' end', ' q.end')} FROM {t} q"
                                   ).fetchall(), key=repr) for t, cols in _TABLES.items()}
        out["about"] = sorted(c.execute(
            "SELECT e.canonical, q.n, q.idx, e.time FROM quote_entities e "
            "JOIN quotes q ON q.id = e.quote").fetchall())
        out["fts"] = sorted(c.execute(
            "SELECT q.n, q.idx FROM quote_tsv f JOIN quotes q ON q.id = f.id "
            "WHERE f.tsv @@ CAST(? AS tsquery)",
            [pgfts.tsquery_literal(parse_query("العراق"))]).fetchall())
    return out


def test_postgres_migration_4_backfills(pg_url: str, tmp_path: Path, seed_path: Path,
                                        corpus_path: Path) -> None:
    """A PostgreSQL database written before its migration 4 (the desk) gets the same desk
    rows, once opened for writing, as one written after it."""
    sample = tmp_path / "c.jsonl"
    lines = corpus_path.read_text(encoding="utf-8").splitlines()[:60]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(pg_url) as store:
        ingest([seed_path, sample], store)
    before = _pg_snapshot(pg_url)
    assert before["quotes"] and before["entities"] and before["fts"] and before["about"]
    with open_store(pg_url) as store:  # back to migration 3: no desk tables
        for t in ("quote_tsv", "quote_entities", "quotes", "entity_keys", "entity_names",
                  "entity_articles", "entities", "desk_pending"):
            store.conn.execute(f"DROP TABLE {t}")
        store.conn.execute("DELETE FROM schema_migrations WHERE version = 4")
    with open_store(pg_url) as store:  # migration 4, then the backfill
        assert store.conn.execute("SELECT count(*) FROM desk_pending").fetchone()[0] == 0
    after = _pg_snapshot(pg_url)
    for key in before:
        assert after[key] == before[key], key
