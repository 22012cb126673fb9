"""Benchmark the whole path: `read` throughput and JSONL ingest into the store at scale.

Usage: python bench/bench_pipeline.py [--articles 100000] [--workers 2] [--corpus PATH]

Prints:
* read: articles/s for read_paths (decode, extract, clean, annotate) over the corpus, 1 process;
* ingest: articles/s and peak RSS (MB) for `ingest` of the corpus replicated to N articles
  (each replica gets a new id and URL so nothing is a duplicate), with the given workers.
Targets (issue 2, 2-core machine): read >= 500 articles/s; ingest >= 1,500 articles/s at 100k
with peak memory <= 600 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from mawsua.app.ingest import ingest
from mawsua.app.queries import open_store
from mawsua.app.read import read_paths
from mawsua.errors import Ok

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/articles.jsonl"


def replicate(corpus: Path, n: int, out: Path) -> int:
    """Write ``n`` records to ``out`` by cycling over ``corpus`` with fresh ids/URLs."""
    rows = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    rows = [r for r in rows if (r.get("text") or "").strip()]
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            r = dict(rows[i % len(rows)])
            rep = i // len(rows)
            r["id"] = f"{r['id']}-r{rep}"
            r["url"] = f"{r['url'] or 'https://example.invalid/' + r['id']}?r={rep}"
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()

    t0 = time.perf_counter()
    n_ok = sum(1 for o in read_paths([args.corpus]) if isinstance(o, Ok))
    dt = time.perf_counter() - t0
    print(f"read: {n_ok} articles in {dt:.1f} s = {n_ok / dt:.0f} articles/s (1 process)")

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "replicated.jsonl"
        replicate(args.corpus, args.articles, src)
        with open_store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            summary = ingest([src], store, workers=args.workers)
            dt = time.perf_counter() - t0
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"ingest: {summary.added} added, {len(summary.failed)} failed in {dt:.1f} s = "
              f"{summary.added / dt:.0f} articles/s ({args.workers} workers); peak RSS "
              f"main {peak_self:.0f} MB, largest worker {peak_kids:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
