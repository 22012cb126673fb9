"""PostgreSQL search at scale: real articles stored once, replicated inside the server.

Usage::

    .venv/bin/python bench/bench_pg_scale.py --target 100000          # a throwaway cluster
    .venv/bin/python bench/bench_pg_scale.py --target 1000000 --pg postgresql://u@h/db

The whole development corpus (4,205 real articles) is stored through the store's own writer
(``add_stream``: COPY, tsvector, desk rows); then the server copies those rows (articles,
documents, readable text, tsvector and filter keys, word pairs, entity keys) with new row
numbers, ids, SHA-256s and URLs until ``--target`` articles are stored (``INSERT …
SELECT``), then ``VACUUM ANALYZE``. The
copies are a bulk load: the secondary indexes (the GIN index above all), unique and foreign
keys are dropped first and built once at the end with ``maintenance_work_mem`` raised
(:func:`replicate`): 1M rows copied in 3 minutes, where copying with the indexes in place
would have taken ~2 h at this machine's load. The throwaway cluster runs with
``--server-settings`` (default ``shared_buffers=2GB``, ``max_wal_size=4GB``: an operator's
tuning of a small server). The copies are real articles with
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _corpus import _WORD, article_from_line, corpus_lines, real_queries  # noqa: E402
from bench_postgres import pct, peak_mb, search_figures  # noqa: E402
from load_store import copy_rows  # noqa: E402

from mawsua.model.results import SearchQuery  # noqa: E402
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
    ("article_tsv", "n, tsv, keys", "n + %(off)s, tsv, keys"),
    ("article_pairs", "n, tsv", "n + %(off)s, tsv"),
    ("article_entities", "n, key, type, canonical", "n + %(off)s, key, type, canonical"),
)


_TABLES = tuple(t for t, _, _ in _COPIES)


def _secondary(raw: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The copied tables' constraints other than their primary keys (unique, foreign keys:
    ``(table, name, definition)``) and their indexes that back no constraint (``(name,
    CREATE INDEX statement)``), as the catalog has them."""
    cons = raw.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s) "
        "AND c.contype IN ('u', 'f') ORDER BY c.contype DESC, c.conname", (list(_TABLES),)
    ).fetchall()
    idx = raw.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = (quote_ident(i.indexname))::regclass) ORDER BY i.indexname",
        (list(_TABLES),)).fetchall()
    return cons, idx


def replicate(store: PostgresStore, target: int) -> None:
    """Copy the stored articles inside the server until ``target`` are stored.

    Fast path for a bulk load: the copied tables' secondary indexes (the GIN index above
    all: ~1,000 index entries per tsvector), unique and foreign-key constraints are dropped
    first and built again at the end with ``maintenance_work_mem`` raised (one sorted build
    each instead of a million random insertions); only the primary keys on ``n`` stay (they
    grow at their right edge, and they find the rows each copy reads). Each copy of the
    corpus is one ``INSERT ... SELECT`` per table, in ``n`` order, so the heap stays in
    storage order as a real archive's would.
    """
    raw = store.conn.raw  # type: ignore[attr-defined]
    base_n = raw.execute("SELECT max(n) FROM articles").fetchone()[0]
    have = raw.execute("SELECT count(*) FROM articles").fetchone()[0]
    if have >= target:
        return
    cons, idx = _secondary(raw)
    t0 = time.perf_counter()
    with raw.transaction():
        for table, name, _ in reversed(cons):  # foreign keys first, then unique
            raw.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _ in idx:
            raw.execute(f"DROP INDEX {name}")
    print(f"  dropped {len(cons)} constraints and {len(idx)} indexes", flush=True)
    k = 0
    while have < target:
        k += 1
        take = min(base_n, target - have)
        with raw.transaction():
            for table, cols, select in _COPIES:
                sql = (f"INSERT INTO {table} ({cols}) SELECT {select} FROM {table} "
                       f"WHERE n <= %(take)s ORDER BY n")
                raw.execute(sql, {"off": k * base_n, "k": k, "take": take})
        have += take
        if k % 20 == 0 or have >= target:
            print(f"  {have} articles ({time.perf_counter() - t0:.0f} s)", flush=True)
    raw.execute("SELECT setval(pg_get_serial_sequence('articles', 'n'), "
                "(SELECT max(n) FROM articles))")
    raw.execute("SET maintenance_work_mem = '2GB'")
    raw.execute("SET max_parallel_maintenance_workers = 2")
    for _, sql in idx:
        t = time.perf_counter()
        raw.execute(sql)
        print(f"  {sql[:90]}: {time.perf_counter() - t:.0f} s", flush=True)
    for table, name, definition in cons:  # unique first, then foreign keys
        t = time.perf_counter()
        raw.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        print(f"  {table} {name}: {time.perf_counter() - t:.0f} s", flush=True)
    raw.execute("RESET maintenance_work_mem")
    t = time.perf_counter()
    raw.execute("VACUUM ANALYZE")
    print(f"  VACUUM ANALYZE {time.perf_counter() - t:.0f} s; replicated in "
          f"{time.perf_counter() - t0:.0f} s", flush=True)


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


def query_mix(store: SqliteStore) -> list[tuple[str, SearchQuery]]:
    """The searches of the benchmark, each with its kind: ``real`` (100 real title queries
    of one or two words), ``common`` (the 10 commonest title words, and في, من), ``phrase``
    (the 10 commonest pairs of consecutive title words quoted, and two phrases of three
    words), ``filter`` (20 real queries with an outlet, a language, a month or an entity).
    Limit 20, as a results page."""
    import json
    from collections import Counter

    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for ln in corpus_lines():
        d = json.loads(ln)
        if d.get("lang") == "ar" and d.get("title"):
            ws = _WORD.findall(d["title"])
            words.update(w for w in ws if len(w) > 2)
            pairs.update(f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)
                         if len(a) > 2 and len(b) > 2)
    real = real_queries(100)
    out = [("real", SearchQuery(q, limit=20)) for q in real]
    out += [("common", SearchQuery(w, limit=20))
            for w in [w for w, _ in words.most_common(10)] + ["في", "من"]]
    out += [("phrase", SearchQuery(f'"{p}"', limit=20)) for p, _ in pairs.most_common(10)]
    out += [("phrase", SearchQuery(f'"{p}"', limit=20))
            for p in ("خادم الحرمين الشريفين", "وزير الخارجية الأمريكي")]
    conn = store.conn
    outlets = [o for (o,) in conn.execute(
        "SELECT outlet FROM articles WHERE n <= 4205 AND outlet IS NOT NULL GROUP BY outlet "
        "ORDER BY count(*) DESC LIMIT 2")]
    month = conn.execute("SELECT substr(max(sort_time), 1, 7) FROM articles WHERE n <= 4205"
                         ).fetchone()[0]
    for i, q in enumerate(real[:20]):
        kind = i % 5
        if kind == 0:
            sq = SearchQuery(q, outlet=outlets[0], limit=20)
        elif kind == 1:
            sq = SearchQuery(q, outlet=outlets[-1], limit=20)
        elif kind == 2:
            sq = SearchQuery(q, language="ar", limit=20)
        elif kind == 3:
            sq = SearchQuery(q, since=f"{month}-01", until=f"{month}-28", limit=20)
        else:
            sq = SearchQuery(q, entity="السعودية", limit=20)
        out.append(("filter", sq))
    return out


def _sched(pid: int | str) -> tuple[int, int]:
    """``(ns on a CPU, ns waiting for one)`` of a process's main thread (Linux
    ``/proc/PID/schedstat``); ``(0, 0)`` where it cannot be read."""
    try:
        run, wait = Path(f"/proc/{pid}/schedstat").read_text().split()[:2]
    except (OSError, ValueError):
        return 0, 0
    return int(run), int(wait)


def mix_figures(store: SqliteStore, passes: int) -> None:
    """Run :func:`query_mix` ``passes`` times (the first pass as the caches are: cold after
    a server restart and the database files dropped from the page cache): per pass and kind
    p50/p95/p99/max of the wall time, of the CPU time (this process and its PostgreSQL
    backend, when on this host: ``/proc/PID/schedstat``) and of the wall time less the time
    both spent waiting for a CPU (what the search would take on an idle machine, disk waits
    included), and the slowest searches."""
    mix = query_mix(store)
    backend = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0] \
        if isinstance(store, PostgresStore) else None
    for k in range(1, passes + 1):
        wall: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}
        idle: dict[str, list[float]] = {}
        slow = []
        for kind, q in mix:
            c0, s0 = _sched("self"), _sched(backend) if backend else (0, 0)
            t = time.perf_counter()
            total = store.search(q).total
            ms = (time.perf_counter() - t) * 1000
            c1, s1 = _sched("self"), _sched(backend) if backend else (0, 0)
            run = (c1[0] - c0[0] + s1[0] - s0[0]) / 1e6
            waited = (c1[1] - c0[1] + s1[1] - s0[1]) / 1e6
            wall.setdefault(kind, []).append(ms)
            cpu.setdefault(kind, []).append(run)
            idle.setdefault(kind, []).append(max(run, ms - waited))
            slow.append((ms, kind, q.text, total))
        every = [t for v in wall.values() for t in v]
        print(f"pass {k}: {len(every)} searches over {store.count()} articles; load "
              f"{os.getloadavg()[0]:.1f}", flush=True)

        def line(name: str, got: dict[str, list[float]]) -> None:
            every = [t for v in got.values() for t in v]
            print(f"  {name}: all p50 {pct(every, 50):.1f} p95 {pct(every, 95):.1f} p99 "
                  f"{pct(every, 99):.1f} max {max(every):.1f} ms | " + "; ".join(
                      f"{kind} {pct(v, 50):.0f}/{pct(v, 95):.0f}/{pct(v, 99):.0f}"
                      for kind, v in got.items()), flush=True)
        line("wall", wall)
        if backend:
            line("CPU (client + server)", cpu)
            line("wall less CPU waits", idle)
        print("  slowest: " + "; ".join(f"{kind} {q!r} {ms:.0f} ms ({n} hits)"
                                        for ms, kind, q, n in sorted(slow, reverse=True)[:6]),
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", type=int, default=100_000)
    ap.add_argument("--pg", default=os.environ.get("MAWSUA_BENCH_PG"))
    ap.add_argument("--sqlite", type=Path, help="run the same on this SQLite file instead "
                    "(built when missing)")
    ap.add_argument("--passes", type=int, default=3, help="passes over the query mix")
    ap.add_argument("--no-pairs", action="store_true", help="search phrases without the word "
                    "pairs (their words' candidates, as before migration 6): the A/B of "
                    "article_pairs on the same database")
    ap.add_argument("--keep", action="store_true", help="leave the throwaway cluster running "
                    "and print its URL (to search again with --pg URL --target 0)")
    ap.add_argument("--server-settings", default="-c shared_buffers=2GB -c max_wal_size=4GB",
                    help="options of the throwaway cluster (an operator's tuning: a quarter "
                    "of a small server's memory for shared buffers; fewer checkpoints while "
                    "loading)")
    args = ap.parse_args()
    if args.sqlite:
        sqlite_run(args.sqlite, args.target)
        return
    cluster = None
    url = args.pg
    if url is None:
        import pg_cluster

        cluster = pg_cluster.Cluster(args.server_settings)
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
        if args.no_pairs:
            store._pairs_ready = lambda: False  # type: ignore[method-assign]
        pairs = store.conn.execute("SELECT pg_total_relation_size('article_pairs')"
                                   ).fetchone()[0] if store._pairs_ready() else 0
        print(f"word pairs {'off' if args.no_pairs else 'on'}: article_pairs "
              f"{pairs / 1e6:.0f} MB with its indexes", flush=True)
        mix_figures(store, args.passes)
    print(f"peak RSS of this process {peak_mb():.0f} MB; load average at end "
          f"{os.getloadavg()[0]:.1f}")
    if cluster is not None and not args.keep:
        cluster.stop()


if __name__ == "__main__":
    main()
