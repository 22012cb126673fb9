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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mawsua.app.queries import open_store
from mawsua.app.read import read_paths
from mawsua.errors import Ok
from mawsua.model.results import SearchQuery

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import real_queries  # noqa: E402

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


def _children(pid: int) -> list[int]:
    """Child pids of ``pid`` (Linux /proc)."""
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return out


def _mem(pid: int, field: str) -> float:
    """``Rss`` or ``Pss`` of ``pid`` in MB from /proc/PID/smaps_rollup (0 when gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


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
        cmd = [sys.executable, "-c", "from mawsua.cli.main import main; main()", "ingest",
               str(src), "--db", str(Path(tmp) / "bench.db"), "--json",
               "--workers", str(args.workers)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
        peak_rss = peak_pss = peak_main = 0.0
        while proc.poll() is None:
            pids = [proc.pid, *_children(proc.pid)]
            peak_rss = max(peak_rss, sum(_mem(p, "Rss") for p in pids))
            peak_pss = max(peak_pss, sum(_mem(p, "Pss") for p in pids))
            peak_main = max(peak_main, _mem(proc.pid, "Rss"))
            time.sleep(0.25)
        dt = time.perf_counter() - t0
        summary = json.loads(proc.stdout.read() if proc.stdout else b"{}")
        print(f"ingest: {summary['added']} added, {len(summary['failed'])} failed in {dt:.1f} s "
              f"= {summary['added'] / dt:.0f} articles/s ({args.workers} workers, whole CLI run "
              f"incl. start-up); peak memory of the process tree: PSS {peak_pss:.0f} MB "
              f"(RSS {peak_rss:.0f} MB, counting pages shared by the forked workers more than "
              f"once), main process RSS {peak_main:.0f} MB")
        lines = args.corpus.read_bytes().splitlines()
        queries = real_queries(100, seed=1, lines=lines)
        with open_store(Path(tmp) / "bench.db", readonly=True) as store:
            for q in queries[:10]:  # warm the page cache
                store.search(SearchQuery(text=q))
            times = []
            for q in queries:
                t0 = time.perf_counter()
                store.search(SearchQuery(text=q, limit=20))
                times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        print(f"search: 100 real title queries at {args.articles} articles, limit 20 with "
              f"snippets and total: p50 {statistics.median(times):.1f} ms, "
              f"p95 {times[94]:.1f} ms, max {times[-1]:.1f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
