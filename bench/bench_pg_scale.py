"""PostgreSQL search at scale: real articles stored once, replicated inside the server.

Usage::

    .venv/bin/python bench/bench_pg_scale.py --target 100000          # a throwaway cluster
    .venv/bin/python bench/bench_pg_scale.py --target 1000000 --pg postgresql://u@h/db

The whole development corpus (4,205 real articles) is stored through the store's own writer
(``add_stream``: COPY, tsvector, desk rows); then the server copies those rows (articles,
documents, readable text, tsvector, entity keys) with new row numbers, ids, SHA-256s and URLs
until ``--target`` articles are stored (``INSERT … SELECT``: minutes, not the hours a writer
would take at this machine's load), then ``VACUUM ANALYZE``. The copies are real articles with
their real tsvectors, so the index and the ranking do the work they would on that many
articles; their texts repeat, which makes every word ``k`` times more frequent than on ``k``
times as many distinct articles (a harder case for ranking, not an easier one).

Then 100 real title queries (one or two words, ``_corpus.real_queries``) and three of the
commonest words/phrases are searched (limit 20, total and snippets included), warm: p50, p95,
max; database size; peak RSS of this process.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _corpus import article_from_line, corpus_lines, real_queries  # noqa: E402
from bench_postgres import peak_mb, search_figures  # noqa: E402
from load_store import copy_rows  # noqa: E402

from mawsua.store import SqliteStore  # noqa: E402
from mawsua.store.postgres import PostgresStore  # noqa: E402

_COPIES = (
    ("articles", "n, id, sha256, outlet, url, published, published_local, sort_time, section, "
     "language, title, title_derived, ingested_at",
     "n + %(off)s, id || '~' || %(k)s, sha256 || '~' || %(k)s, outlet, url || '#' || %(k)s, "
     "published, published_local, sort_time, section, language, title, title_derived, "
     "ingested_at"),
    ("documents", "n, doc, body, raw_text, raw", "n + %(off)s, doc, body, raw_text, raw"),
    ("article_text", "n, text", "n + %(off)s, text"),
    ("article_tsv", "n, tsv", "n + %(off)s, tsv"),
    ("article_entities", "n, key, type, canonical", "n + %(off)s, key, type, canonical"),
)


def replicate(store: PostgresStore, target: int) -> None:
    """Copy the stored articles inside the server until ``target`` are stored."""
    raw = store.conn.raw  # type: ignore[attr-defined]
    base_n = raw.execute("SELECT max(n) FROM articles").fetchone()[0]
    have = raw.execute("SELECT count(*) FROM articles").fetchone()[0]
    k = 0
    t0 = time.perf_counter()
    while have < target:
        k += 1
        take = min(base_n, target - have)
        with raw.transaction():
            for table, cols, select in _COPIES:
                sql = (f"INSERT INTO {table} ({cols}) SELECT {select} FROM {table} "
                       f"WHERE n <= %(take)s")
                raw.execute(sql, {"off": k * base_n, "k": k, "take": take})
        have += take
        print(f"  {have} articles ({time.perf_counter() - t0:.0f} s)", flush=True)
    raw.execute("SELECT setval(pg_get_serial_sequence('articles', 'n'), "
                "(SELECT max(n) FROM articles))")
    t = time.perf_counter()
    raw.execute("VACUUM ANALYZE")
    print(f"  VACUUM ANALYZE {time.perf_counter() - t:.0f} s", flush=True)


def sqlite_run(path: Path, target: int) -> None:
    """The same on SQLite: the corpus stored with ``add_stream``, copied by
    ``load_store.copy_rows`` (the copies indexed by the store, ``fts_pending``), searched."""
    if not path.exists():
        t0 = time.perf_counter()
        with SqliteStore(path) as store:
            items = ((article_from_line(ln, i + 1), ln) for i, ln in enumerate(corpus_lines()))
            added = sum(r.status == "added" for r in store.add_stream(items, batch=500))
        el = time.perf_counter() - t0
        print(f"sqlite stored {added} real articles in {el:.0f} s = {added / el:.0f} "
              "articles/s", flush=True)
        conn = sqlite3.connect(path, isolation_level=None)
        off = conn.execute("SELECT max(n) FROM articles").fetchone()[0]
        story = conn.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0]
        t = time.perf_counter()
        for k in range(1, -(-target // off)):
            copy_rows(conn, k, off, story)
        conn.close()
        with SqliteStore(path) as store:  # indexes the copies
            print(f"sqlite copied to {store.count()} articles and indexed in "
                  f"{time.perf_counter() - t:.0f} s", flush=True)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with SqliteStore(path, readonly=True) as store:
        print(f"sqlite size on disk {size / 1e6:.0f} MB "
              f"({size / max(1, store.count()) / 1e3:.1f} KB/article)", flush=True)
        search_figures("sqlite", store, real_queries(100))
    print(f"peak RSS of this process {peak_mb():.0f} MB; load average at end "
          f"{os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", type=int, default=100_000)
    ap.add_argument("--pg", default=os.environ.get("MAWSUA_BENCH_PG"))
    ap.add_argument("--sqlite", type=Path, help="run the same on this SQLite file instead "
                    "(built when missing)")
    ap.add_argument("--keep", action="store_true", help="leave the throwaway cluster running "
                    "and print its URL (to search again with --pg URL --target 0)")
    args = ap.parse_args()
    if args.sqlite:
        sqlite_run(args.sqlite, args.target)
        return
    cluster = None
    url = args.pg
    if url is None:
        import pg_cluster

        cluster = pg_cluster.Cluster()
        if not cluster.url:
            print(f"postgres: skipped ({cluster.skip_reason})")
            return
        url = cluster.new_database()
        print(f"cluster: {url}", flush=True)
    print(f"load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
          flush=True)
    with PostgresStore(url) as store:
        if args.target and not store.count():
            lines = corpus_lines()
            t0 = time.perf_counter()
            items = ((article_from_line(ln, i + 1), ln) for i, ln in enumerate(lines))
            added = sum(r.status == "added" for r in store.add_stream(items, batch=500))
            el = time.perf_counter() - t0
            print(f"stored {added} real articles in {el:.0f} s = {added / el:.0f} articles/s "
                  "(add_stream: COPY, tsvector, desk rows)", flush=True)
            replicate(store, args.target)
        size = store.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        print(f"size on disk {size / 1e6:.0f} MB ({size / max(1, store.count()) / 1e3:.1f} "
              "KB/article)", flush=True)
        search_figures("postgres", store, real_queries(100))
    print(f"peak RSS of this process {peak_mb():.0f} MB; load average at end "
          f"{os.getloadavg()[0]:.1f}")
    if cluster is not None and not args.keep:
        cluster.stop()


if __name__ == "__main__":
    main()
