"""PostgreSQL vs SQLite store, and `mawsua bulk` with 1 vs 2 Dask workers.

Usage::

    .venv/bin/python bench/bench_postgres.py                 # 100,000 articles, both stores
    .venv/bin/python bench/bench_postgres.py -n 20000 --bulk 400
    .venv/bin/python bench/bench_postgres.py --pg postgresql://user@host/db   # a given server

Without ``--pg`` a throwaway cluster is started (``tests/pg_cluster.py``: Debian's
``postgresql`` binaries, fsync off: loading figures are an upper bound for a durable server).

Store part (same as ``bench_store.py``): the corpus replicated to N articles, stored with
``add_stream`` (one transaction per batch of 500; COPY on PostgreSQL), then 100 real queries
(limit 20, total and snippets included): articles/s, peak RSS of this process, size on disk
(SQLite file + WAL; ``pg_database_size``), search p50/p95.

Bulk part: ``bulk`` over the first ``--bulk`` corpus lines (the whole pipeline: extract,
clean, annotate, connect) into a new SQLite file, with a Dask LocalCluster of 1 then 2 worker
processes: records/s, speed-up, peak RSS of the driver and of the largest worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _corpus import article_from_line, corpus_lines, real_queries, replicated_lines  # noqa: E402

from mawsua.model.results import SearchQuery  # noqa: E402
from mawsua.store import SqliteStore  # noqa: E402
from mawsua.store.postgres import PostgresStore  # noqa: E402


def peak_mb() -> float:
    """Peak resident set size of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def store_run(name: str, store: SqliteStore, n: int, queries: list[str], size) -> None:
    lines = corpus_lines()
    t0 = time.perf_counter()
    items = ((article_from_line(ln, i + 1), ln) for i, ln in enumerate(replicated_lines(n, lines)))
    added = sum(r.status == "added" for r in store.add_stream(items, batch=500))
    el = time.perf_counter() - t0
    print(f"{name} ingest: {added} of {n} in {el:.1f} s = {n / el:.0f} articles/s; "
          f"peak RSS {peak_mb():.0f} MB; size on disk {size() / 1e6:.0f} MB", flush=True)
    search_figures(name, store, queries)


def search_figures(name: str, store: SqliteStore, queries: list[str]) -> None:
    """Search every query warm (limit 20, total and snippets): print p50/p95/max, the hits,
    the commonest words' times and the slowest queries."""
    for q in queries[:10]:
        store.search(SearchQuery(q))
    times, totals = [], []
    for q in queries:
        t = time.perf_counter()
        totals.append(store.search(SearchQuery(q, limit=20)).total)
        times.append((time.perf_counter() - t) * 1000)
    print(f"{name} search over {store.count()} articles, {len(queries)} real queries: "
          f"p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms, max {max(times):.1f} ms; "
          f"median hits {sorted(totals)[len(totals) // 2]}, max hits {max(totals)}", flush=True)
    for q in ("في", "السعودية", '"خادم الحرمين الشريفين"'):
        store.search(SearchQuery(q, limit=20))
        t = time.perf_counter()
        total = store.search(SearchQuery(q, limit=20)).total
        print(f"  {q!r}: {(time.perf_counter() - t) * 1000:.1f} ms, {total} hits", flush=True)
    slow = sorted(zip(times, queries, totals, strict=True), reverse=True)[:5]
    print("  slowest: " + "; ".join(f"{q!r} {t:.0f} ms ({n} hits)" for t, q, n in slow),
          flush=True)


def bulk_run(lines: int, workers_list: list[int]) -> None:
    from distributed import get_worker  # noqa: F401  (fails early without dask)

    from mawsua.app import bulk as bulk_mod

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "sample.jsonl"
        src.write_bytes(b"\n".join(corpus_lines()[:lines]) + b"\n")
        rates: dict[int, float] = {}
        phase: dict[int, float] = {}
        for w in workers_list:
            db = Path(d) / f"bulk{w}.db"
            marks: dict[str, float] = {}

            def seen(p: bulk_mod.BulkProgress, marks: dict[str, float] = marks) -> None:
                now = time.perf_counter()
                if p.read and "first" not in marks:
                    marks["first"], marks["first_read"] = now, p.read  # cluster up, 1st chunk in
                if p.stage == "connecting" and "connect" not in marks:
                    marks["connect"] = now

            t = time.perf_counter()
            with SqliteStore(db) as store:
                s = bulk_mod.bulk([src], store, engine="dask", workers=w, progress=seen)
            el = time.perf_counter() - t
            rates[w] = s.read / el
            done = marks.get("connect", t + el)
            mid = max(1e-9, done - marks.get("first", t))
            phase[w] = (s.read - marks.get("first_read", 0)) / mid
            print(f"bulk (dask, {w} worker{'s' * (w > 1)}): {s.read} records, {s.added} added, "
                  f"{len(s.failed)} failed in {el:.1f} s = {rates[w]:.1f} records/s end to end "
                  f"(cluster start and first chunk {marks.get('first', t) - t:.1f} s, "
                  f"processing and writing {phase[w]:.1f} records/s after the first chunk, "
                  f"final connect pass {t + el - done:.1f} s); driver peak RSS {peak_mb():.0f} MB",
                  flush=True)
        if len(rates) > 1:
            a, b = min(rates), max(rates)
            print(f"bulk speed-up {b} vs {a} workers: {rates[b] / rates[a]:.2f}x end to end, "
                  f"{phase[b] / phase[a]:.2f}x while processing and writing, on "
                  f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("--pg", default=os.environ.get("MAWSUA_BENCH_PG"))
    ap.add_argument("--bulk", type=int, default=1000, help="corpus lines for the bulk part "
                    "(0 = skip)")
    ap.add_argument("--skip-store", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    args = ap.parse_args()
    queries = real_queries(100)
    cluster = None
    if not args.skip_store:
        with tempfile.TemporaryDirectory() as d:
            db = Path(d) / "bench.db"
            if not args.skip_sqlite:
                with SqliteStore(db) as lite:
                    store_run("sqlite", lite, args.n, queries,
                              lambda: sum(p.stat().st_size for p in Path(d).glob("bench.db*")))
        url = args.pg
        if url is None:
            import pg_cluster

            cluster = pg_cluster.Cluster()
            if not cluster.url:
                print(f"postgres: skipped ({cluster.skip_reason})")
            else:
                url = cluster.new_database()
        if url:
            with PostgresStore(url) as pg:
                def size() -> int:
                    return int(pg.conn.execute("SELECT pg_database_size(current_database())"
                                               ).fetchone()[0])
                store_run("postgres", pg, args.n, queries, size)
        if cluster is not None:
            cluster.stop()
    if args.bulk:
        bulk_run(args.bulk, [1, 2])


if __name__ == "__main__":
    main()
