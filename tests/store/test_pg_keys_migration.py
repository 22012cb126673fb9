"""PostgreSQL migrations 7 and 8 on a database written before them: the filter keys are
filled in from the stored rows (the same as the writer's), the words' index covers them, and
filtered searches give the same results as before the migrations."""

from __future__ import annotations

from pathlib import Path

from mawsua.app.ingest import ingest
from mawsua.model.results import SearchQuery
from mawsua.store.postgres import PostgresStore


def _searches(store: PostgresStore) -> list[tuple[int, list[str]]]:
    outlet, language = store.conn.execute(
        "SELECT outlet, language FROM articles WHERE outlet IS NOT NULL GROUP BY outlet, "
        "language ORDER BY count(*) DESC LIMIT 1").fetchone()
    queries = [SearchQuery("السعودية", outlet=outlet, limit=50),
               SearchQuery("وزير", language=language, limit=50),
               SearchQuery("الملك", since="2015-07-01", until="2015-08-31", limit=50)]
    out = []
    for q in queries:
        page = store.search(q)
        out.append((page.total, sorted(h.id for h in page.items)))
    return out


def test_keys_filled_in_on_an_older_database(tmp_path: Path, corpus_path: Path,
                                             pg_url: str) -> None:
    sample = tmp_path / "c.jsonl"
    lines = corpus_path.read_text(encoding="utf-8").splitlines()[:120]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with PostgresStore(pg_url) as store:
        ingest([sample], store)
        written = store.conn.execute("SELECT n, keys::text FROM article_tsv ORDER BY n"
                                     ).fetchall()
        before = _searches(store)
        # back to the schema of migration 6: no keys, the index over the words alone
        c = store.conn
        c.execute("DROP INDEX article_tsv_gin")
        c.execute("ALTER TABLE article_tsv DROP COLUMN keys")
        c.execute("CREATE INDEX article_tsv_gin ON article_tsv USING gin (tsv) "
                  "WITH (fastupdate = off)")
        c.execute("DELETE FROM schema_migrations WHERE version >= 7")
    assert sum(bool(k) for _, k in written) == len(written) > 100
    assert sum(total > 0 for total, _ in before) >= 2
    assert any("day:" in k for _, k in written)
    with PostgresStore(pg_url, readonly=True) as store:  # an older database, read-only
        assert not store._keys_ready()
        assert _searches(store) == before
    with PostgresStore(pg_url) as store:  # opening for writing applies 7 and 8
        c = store.conn
        assert c.execute("SELECT n, keys::text FROM article_tsv ORDER BY n").fetchall() == \
            written
        index = c.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_tsv_gin'"
                          ).fetchone()[0]
        assert "gin (tsv, keys)" in index
        assert store._keys_ready()
        assert _searches(store) == before
