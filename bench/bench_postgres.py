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

Bulk part (``--skip-store --bulk 2000``): ``bulk`` over ``--bulk`` corpus lines (replicated
with new ids and URLs beyond the corpus's 4,205; the whole pipeline: extract, clean, annotate,
connect) into a new SQLite file, with a Dask LocalCluster of 1 then 2 worker processes, each
run in a new process: records/s end to end and after the first chunk, the speed-up, CPU time
per record of the driver (reading, writing, connecting, Dask's scheduler) and of the workers,
peak RSS of the driver.
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


class _TreeCpu:
    """CPU seconds of this process's descendants (the fork server and the workers it forks,
    which this process never reaps), sampled every 0.2 s until :meth:`stop`."""

    def __init__(self) -> None:
        import threading

        import psutil

        self._me = psutil.Process()
        self._seen: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        for p in self._me.children(recursive=True):
            try:
                c = p.cpu_times()
                self._seen[p.pid] = c.user + c.system
            except psutil.Error:
                pass

    def _run(self) -> None:
        while not self._done.wait(0.2):
            self._sample()

    def stop(self) -> float:
        """The descendants' CPU seconds (the last sample of each)."""
        self._done.set()
        self._thread.join()
        return sum(self._seen.values())


def bulk_one(src: Path, db: Path, workers: int) -> dict[str, float]:
    """One ``bulk`` run (Dask LocalCluster of ``workers``) of ``src`` into the new SQLite
    file ``db``, in this process: prints its phases, returns its figures."""
    from mawsua.app import bulk as bulk_mod

    marks: dict[str, float] = {}

    def seen(p: bulk_mod.BulkProgress) -> None:
        now = time.perf_counter()
        if p.read and "first" not in marks:
            marks["first"], marks["first_read"] = now, p.read  # cluster up, 1st chunk in
        if p.stage == "connecting" and "connect" not in marks:
            marks["connect"] = now

    cpu0 = os.times()
    tree = _TreeCpu()
    t = time.perf_counter()
    with SqliteStore(db) as store:
        s = bulk_mod.bulk([src], store, engine="dask", workers=workers, progress=seen)
    el = time.perf_counter() - t
    cpu = os.times()
    driver = cpu.user + cpu.system - cpu0.user - cpu0.system
    kids = tree.stop()
    done = marks.get("connect", t + el)
    mid = max(1e-9, done - marks.get("first", t))
    phase = (s.read - marks.get("first_read", 0)) / mid
    print(f"bulk (dask, {workers} worker{'s' * (workers > 1)}): {s.read} records, {s.added} "
          f"added, {len(s.failed)} failed in {el:.1f} s = {s.read / el:.1f} records/s end to "
          f"end (cluster start and first chunk {marks.get('first', t) - t:.1f} s, processing "
          f"and writing {phase:.1f} records/s after the first chunk, final connect pass "
          f"{t + el - done:.1f} s); CPU per record: driver {driver / s.read * 1000:.1f} ms, "
          f"workers {kids / s.read * 1000:.1f} ms; driver peak RSS {peak_mb():.0f} MB; load "
          f"average {os.getloadavg()[0]:.1f}", flush=True)
    return {"rate": s.read / el, "phase": phase}


def bulk_run(lines: int, workers_list: list[int]) -> None:
    """``bulk`` over the first ``lines`` corpus lines (replicated beyond the corpus) with each
    worker count, each run in a new process (no fork server, import or cache carried from
    one run to the next)."""
    import json
    import subprocess

    from distributed import get_worker  # noqa: F401  (fails early without dask)

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "sample.jsonl"
        src.write_bytes(b"\n".join(replicated_lines(lines)) + b"\n")
        got: dict[int, dict[str, float]] = {}
        for w in workers_list:
            out = subprocess.run(
                [sys.executable, __file__, "--bulk-one", str(w), "--bulk-src", str(src),
                 "--bulk-db", str(Path(d) / f"bulk{w}.db")],
                check=True, capture_output=True, text=True).stdout
            for line in out.splitlines():
                if line.startswith("{"):
                    got[w] = json.loads(line)
                else:
                    print(line, flush=True)
        if len(got) > 1:
            a, b = min(got), max(got)
            print(f"bulk speed-up {b} vs {a} workers, {lines} records: "
                  f"{got[b]['rate'] / got[a]['rate']:.2f}x end to end, "
                  f"{got[b]['phase'] / got[a]['phase']:.2f}x while processing and writing, on "
                  f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f})", flush=True)


def driver_run(lines: int, pickled: Path | None) -> None:
    """The ``bulk`` driver's own work alone: ``lines`` corpus records processed once by the
    workers' function (or read from ``pickled``, written there the first time, so that two
    versions of the driver replay the same results), then written and connected chunk by
    chunk into a new SQLite file as ``bulk`` does it (``bulk._write``: one transaction,
    the desk rows, connecting with the workers' features); prints this thread's CPU per
    record (no Dask, no worker: what the driver costs beside the workers, less the load's
    noise of a whole run)."""
    import pickle

    from mawsua.app import bulk as bulk_mod
    from mawsua.app.ingest import IngestSummary

    if pickled is not None and pickled.exists():
        chunks = pickle.loads(pickled.read_bytes())
    else:
        from mawsua.app.ingest import iter_items
        from mawsua.model.raw import RawItem

        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "sample.jsonl"
            src.write_bytes(b"\n".join(replicated_lines(lines)) + b"\n")
            items = [i for i in iter_items([src]) if isinstance(i, RawItem)]
        size = bulk_mod.chunk_size(len(items), 2)
        chunks = [bulk_mod.process_chunk(items[k:k + size])
                  for k in range(0, len(items), size)]
        if pickled is not None:
            pickled.write_bytes(pickle.dumps(chunks))
    n = sum(len(c) for c in chunks)
    with tempfile.TemporaryDirectory() as d, SqliteStore(Path(d) / "driver.db") as store:
        summary = IngestSummary()
        prog = bulk_mod.BulkProgress()
        c0, t0 = time.thread_time(), time.perf_counter()
        for got in chunks:
            bulk_mod._write(store, pickle.loads(pickle.dumps(got)), summary, prog, None)
        cpu, el = time.thread_time() - c0, time.perf_counter() - t0
    print(f"driver alone (write + connect, {len(chunks)} chunks): {n} records, {summary.added} "
          f"added: {cpu / n * 1000:.2f} ms CPU per record ({el / n * 1000:.2f} ms wall; "
          f"unpickling included); load average {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("--pg", default=os.environ.get("MAWSUA_BENCH_PG"))
    ap.add_argument("--bulk", type=int, default=1000, help="corpus lines for the bulk part "
                    "(0 = skip)")
    ap.add_argument("--skip-store", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--workers", default="1,2", help="worker counts of the bulk part")
    ap.add_argument("--driver", type=int, help="replay the bulk driver's work alone over "
                    "this many records (see driver_run)")
    ap.add_argument("--driver-results", type=Path, help="the processed records of --driver, "
                    "read when present, else written")
    ap.add_argument("--bulk-one", type=int, help=argparse.SUPPRESS)  # one run (a subprocess)
    ap.add_argument("--bulk-src", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--bulk-db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.bulk_one:
        import json

        print(json.dumps(bulk_one(args.bulk_src, args.bulk_db, args.bulk_one)), flush=True)
        return
    if args.driver:
        driver_run(args.driver, args.driver_results)
        return
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
        bulk_run(args.bulk, [int(w) for w in args.workers.split(",")])


if __name__ == "__main__":
    main()
