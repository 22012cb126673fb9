"""End-to-end ingest cost as a ratio to a bare loop measured in the same run (issue 15).

Usage: python bench/bench_ratio.py [--articles 20000] [--workers 2] [--corpus PATH ...]

Machines differ (the same code runs twice as slow on some), so the figure that counts is a
ratio: the CPU time (user + sys) of the whole ``mawsua ingest`` process tree per article,
against that of a bare loop that parses each JSONL line, folds the title and text
(:func:`mawsua.arabic.fold.fold`) and inserts them into an SQLite FTS5 table. Both run on the
same records in the same invocation.

Records: the development corpus and corpus2 (every record with text), cycled to ``--articles``
unique articles — each replica gets a new id and URL, and its paragraphs are rotated by the
replica number so that its bytes and its exact-duplicate key differ (near-duplicate detection
still links replicas, as it would link a wire story re-edited by several papers).

Prints: articles, wall seconds, articles/s, CPU seconds of the ingest tree and per article (ms),
peak PSS of the tree (MB, sampled every 0.2 s) and of each process (its own peak), the parent's own CPU per article (reader,
dispatch, unpickling, the writer) and the workers' (the rest of the tree), the bare loop's CPU
ms per article, and the ratio. Target (issue 15): ratio <= 25, peak PSS <= 600 MB, >= 200 articles/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mawsua.arabic.fold import fold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import _children, _mem  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_CORPORA = [SHARED / "corpus" / "articles.jsonl", *sorted((SHARED / "corpus2").glob("*.jsonl"))]


def unique_records(corpora: list[Path], n: int, out: Path) -> int:
    """Write ``n`` JSONL records to ``out`` cycling over ``corpora`` (module docstring)."""
    rows = []
    for path in corpora:
        with path.open(encoding="utf-8") as fh:
            rows += [r for r in map(json.loads, fh) if (r.get("text") or "").strip()]
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            r = dict(rows[i % len(rows)])
            rep = i // len(rows)
            if rep:
                paras = r["text"].split("\n")
                k = rep % len(paras)
                r["text"] = "\n".join(paras[k:] + paras[:k]) + f"\n({rep})"
                r["id"] = f"{r.get('id') or i}-r{rep}"
                r["url"] = f"{r.get('url') or 'https://example.invalid/' + str(i)}?r={rep}"
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return n


def bare_loop(records: Path, db: Path) -> float:
    """CPU seconds of the bare loop over ``records`` (module docstring)."""
    t0 = time.process_time()
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    with records.open(encoding="utf-8") as fh, conn:
        for line in fh:
            r = json.loads(line)
            conn.execute("INSERT INTO t VALUES (?, ?)",
                         (fold(r.get("title") or ""), fold(r.get("text") or "")))
    conn.close()
    return time.process_time() - t0


#: the ingest command, which writes its own CPU seconds (user + sys, without its workers) to
#: the file named in the braces when it exits: the parent's share of the tree
_PARENT = ("import atexit, resource\n"
           "def _own():\n"
           "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
           "    open({!r}, 'w').write(str(r.ru_utime + r.ru_stime))\n"
           "atexit.register(_own)\n"
           "from mawsua.cli.main import main\n"
           "main()\n")


def _tree_pss(pid: int, peaks: dict[int, float] | None = None) -> float:
    """PSS of ``pid`` and its descendants (MB); each process's peak kept in ``peaks``."""
    pids, seen = [pid], 0.0
    while pids:
        p = pids.pop()
        one = _mem(p, "Pss")
        seen += one
        if peaks is not None:
            peaks[p] = max(peaks.get(p, 0.0), one)
        pids += _children(p)
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--corpus", type=Path, nargs="*", default=DEFAULT_CORPORA)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        n = unique_records(args.corpus, args.articles, records)
        bare = bare_loop(records, Path(tmp) / "bare.db")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        own = Path(tmp) / "parent_cpu.txt"
        proc = subprocess.Popen(
            [sys.executable, "-c", _PARENT.format(str(own)), "ingest",
             str(records), "--db",
             str(Path(tmp) / "m.db"), "--workers", str(args.workers), "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ})
        peak, peaks = 0.0, {}
        while proc.poll() is None:
            peak = max(peak, _tree_pss(proc.pid, peaks))
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        summary = json.loads(proc.stdout.read() or b"{}") if proc.stdout else {}
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        parent = float(own.read_text()) if own.is_file() else float("nan")
    added = summary.get("added", 0)
    print(f"articles {n}  added {added}  workers {args.workers}")
    print(f"ingest   wall {wall:.1f} s  {n / wall:.0f} articles/s  cpu {cpu:.1f} s  "
          f"{1000 * cpu / n:.2f} ms/article  peak PSS {peak:.0f} MB")
    print(f"         parent (reader, dispatch, writer) {1000 * parent / n:.2f} ms/article, "
          f"workers {1000 * (cpu - parent) / n:.2f} ms/article  (load {os.getloadavg()[0]:.1f})")
    workers = sorted((v for k, v in peaks.items() if k != proc.pid), reverse=True)
    print(f"         peak PSS per process: parent {peaks.get(proc.pid, 0.0):.0f} MB, "
          f"workers " + " / ".join(f"{v:.0f}" for v in workers[:8]) + " MB")
    print(f"bare     cpu {bare:.2f} s  {1000 * bare / n:.3f} ms/article")
    print(f"ratio    {cpu / bare:.1f}x  (target <= 25)")


if __name__ == "__main__":
    main()
