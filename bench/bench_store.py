"""Store benchmark: ingest the corpus replicated to N articles, then time real queries.

Usage::

    .venv/bin/python bench/bench_store.py            # 100,000 articles, FTS5 (SQLite)
    .venv/bin/python bench/bench_store.py -n 20000   # smaller
    .venv/bin/python bench/bench_store.py --tantivy  # also index the same data in tantivy

Prints articles/s for ingest (JSONL line -> Article -> SqliteStore.add_stream, which prepares
one batch while a writer thread stores the previous one, one transaction per batch;
``--no-stream`` uses add_many in one thread), peak RSS (``resource.getrusage``), the database size, and search
latency p50/p95/max in ms over 100 queries of words drawn from real titles (in process, warm,
snippets included). Targets (issue 2): ingest >= 1,500 articles/s at 100k with peak memory
<= 600 MB; search p50 <= 5 ms and p95 <= 20 ms at 100k.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import article_from_line, corpus_lines, real_queries, replicated_lines  # noqa: E402

from mawsua.model.results import SearchQuery  # noqa: E402
from mawsua.store import SqliteStore  # noqa: E402


def peak_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def _chunks(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def bench_sqlite(db: Path, n: int, batch: int, queries: list[str], stream: bool = True) -> None:
    """Ingest ``n`` articles into a new store at ``db`` and time ``queries``."""
    lines = corpus_lines()
    store = SqliteStore(db)
    t0 = time.perf_counter()
    added = 0

    def items():
        for i, line in enumerate(replicated_lines(n, lines)):
            yield article_from_line(line, i + 1), line

    if stream:
        results = store.add_stream(items(), batch=batch)
    else:
        results = (r for chunk in _chunks(items(), batch) for r in store.add_many(chunk))
    for i, r in enumerate(results):
        added += r.status == "added"
        if (i + 1) % 20000 == 0:
            el = time.perf_counter() - t0
            print(f"  {i + 1:>7} articles  {(i + 1) / el:7.0f}/s  peak {peak_mb():.0f} MB",
                  flush=True)
    el = time.perf_counter() - t0
    mode = "add_stream (prepare || write)" if stream else "add_many (one thread)"
    print(f"sqlite ingest via {mode}: {added} added of {n} in {el:.1f} s = {n / el:.0f} articles/s; "
          f"peak RSS {peak_mb():.0f} MB; db {db.stat().st_size / 1e6:.0f} MB")
    store.close()

    store = SqliteStore(db, readonly=True)
    for q in queries[:10]:  # warm the page cache
        store.search(SearchQuery(q))
    times, totals = [], []
    for q in queries:
        t = time.perf_counter()
        page = store.search(SearchQuery(q, limit=20))
        times.append((time.perf_counter() - t) * 1000)
        totals.append(page.total)
    print(f"sqlite search over {store.count()} articles, {len(queries)} real queries "
          f"(limit 20, with snippets and total): p50 {pct(times, 50):.1f} ms, "
          f"p95 {pct(times, 95):.1f} ms, max {max(times):.1f} ms; "
          f"median hits {statistics.median(totals):.0f}, max hits {max(totals)}")
    slow = sorted(zip(times, queries, totals, strict=True), reverse=True)[:3]
    print("  slowest: " + "; ".join(f"{q!r} {t:.1f} ms ({h} hits)" for t, q, h in slow))
    for q in ("في", "السعودية", '"خادم الحرمين الشريفين"'):
        t = time.perf_counter()
        page = store.search(SearchQuery(q, limit=20))
        print(f"  {q!r}: {(time.perf_counter() - t) * 1000:.1f} ms, {page.total} hits")
    t = time.perf_counter()
    for _ in range(20):
        store.latest(limit=20)
    print(f"  latest(limit=20): {(time.perf_counter() - t) * 50:.1f} ms")
    store.close()


def bench_tantivy(n: int, batch: int, queries: list[str]) -> None:
    """The same folded/stemmed fields in tantivy (whitespace tokens), for comparison."""
    import tantivy

    from mawsua.store import fts

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("n", stored=True, indexed=True)
    for col in fts.COLUMNS:
        sb.add_text_field(col, stored=False, tokenizer_name="whitespace")
    schema = sb.build()
    with tempfile.TemporaryDirectory() as d:
        index = tantivy.Index(schema, path=d)
        writer = index.writer(heap_size=256_000_000, num_threads=1)
        t0 = time.perf_counter()
        for i, line in enumerate(replicated_lines(n)):
            a = article_from_line(line, i + 1)
            cols = fts.index_columns(a.metadata.title, a.text)
            writer.add_document(tantivy.Document(n=i + 1, **dict(zip(fts.COLUMNS, cols,
                                                                     strict=True))))
            if (i + 1) % batch == 0:
                pass
        writer.commit()
        writer.wait_merging_threads()
        el = time.perf_counter() - t0
        print(f"tantivy ingest (index only, no documents table): {n / el:.0f} articles/s; "
              f"peak RSS {peak_mb():.0f} MB")
        index.reload()
        searcher = index.searcher()
        times = []
        for q in queries:
            parsed = fts.parse_query(q)
            t = time.perf_counter()
            musts = []
            for word, st in parsed.terms:
                should = [(tantivy.Occur.Should, tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, col, w), boost))
                    for col, w, boost in (("title_exact", word, 10.0), ("body_exact", word, 4.0),
                                          ("title_stem", st, 2.0), ("body_stem", st, 1.0))]
                musts.append((tantivy.Occur.Must, tantivy.Query.boolean_query(should)))
            query = tantivy.Query.boolean_query(musts)
            res = searcher.search(query, 20, count=True)
            _ = [searcher.doc(addr)["n"] for _, addr in res.hits]
            times.append((time.perf_counter() - t) * 1000)
        print(f"tantivy search (ids only, no snippets): p50 {pct(times, 50):.1f} ms, "
              f"p95 {pct(times, 95):.1f} ms, max {max(times):.1f} ms")


def main() -> None:
    """Parse arguments and run the benchmarks."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="articles to ingest")
    ap.add_argument("--batch", type=int, default=500, help="articles per add_many call")
    ap.add_argument("--db", type=Path, help="database path (default: a temporary file)")
    ap.add_argument("--no-stream", action="store_true",
                    help="use add_many in one thread instead of add_stream")
    ap.add_argument("--tantivy", action="store_true", help="also measure tantivy")
    args = ap.parse_args()
    queries = real_queries(100)
    with tempfile.TemporaryDirectory() as d:
        db = args.db or Path(d) / "bench.db"
        if db.exists():
            sys.exit(f"{db} exists; give a new path")
        bench_sqlite(db, args.n, args.batch, queries, stream=not args.no_stream)
    if args.tantivy:
        bench_tantivy(args.n, args.batch, queries)


if __name__ == "__main__":
    main()
