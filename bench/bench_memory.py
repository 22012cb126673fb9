"""Memory of ``mawsua ingest`` per process over a run: parent (reader + writer) and workers.

Usage: python bench/bench_memory.py [--articles 3000] [--workers 2] [--every 2.0]

The records are those of ``bench_ratio.py`` (the development corpus and corpus2 cycled to
``--articles`` unique articles). The whole CLI run is sampled every 0.25 s from
``/proc/PID/smaps_rollup``: PSS of the process tree (its peak is issue 15's memory figure,
target <= 600 MB) and, per process, PSS and private (dirty) memory. Prints the peak of each
process, the tree's peak and when it happened, then a curve (one row per ``--every`` seconds:
elapsed s, records read so far by the writer is not visible from outside, so the row gives
wall time, tree PSS, and each process's PSS / private MB) — run with ``--articles 20000`` for
the soak curve of a long-running worker (caches bounded: the workers' curve flattens).
Also the CPU time of the tree per article (user + sys, ms) and ``os.getloadavg()`` at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import _children  # noqa: E402
from bench_ratio import DEFAULT_CORPORA, unique_records  # noqa: E402


def _rollup(pid: int) -> tuple[float, float]:
    """(PSS, private) of ``pid`` in MB (zeros when it is gone)."""
    pss = priv = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
            elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                priv += int(line.split()[1]) / 1024
    except OSError:
        pass
    return pss, priv


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--every", type=float, default=2.0, help="seconds between curve rows")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        n = unique_records(DEFAULT_CORPORA, args.articles, records)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", "from mawsua.cli.main import main; main()", "ingest",
             str(records), "--db", str(Path(tmp) / "m.db"), "--workers", str(args.workers),
             "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ})
        peaks: dict[str, tuple[float, float]] = {}
        tree_peak, tree_at, curve, last = 0.0, 0.0, [], -1e9
        while proc.poll() is None:
            now = time.perf_counter() - t0
            row: dict[str, tuple[float, float]] = {"parent": _rollup(proc.pid)}
            for i, child in enumerate(sorted(_children(proc.pid))):
                row[f"worker{i + 1}"] = _rollup(child)
            tree = sum(p for p, _ in row.values())
            if tree > tree_peak:
                tree_peak, tree_at = tree, now
            for k, (pss, priv) in row.items():
                old = peaks.get(k, (0.0, 0.0))
                peaks[k] = (max(old[0], pss), max(old[1], priv))
            if now - last >= args.every:
                curve.append((now, tree, row))
                last = now
            time.sleep(0.25)
        wall = time.perf_counter() - t0
        summary = json.loads(proc.stdout.read() or b"{}") if proc.stdout else {}
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"articles {n}  added {summary.get('added', 0)}  workers {args.workers}  "
          f"wall {wall:.1f} s  {n / wall:.0f} articles/s  cpu {1000 * cpu / n:.2f} ms/article  "
          f"load {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"peak tree PSS {tree_peak:.0f} MB at {tree_at:.0f} s")
    for k, (pss, priv) in peaks.items():
        print(f"  peak {k:8s} PSS {pss:6.1f} MB  private {priv:6.1f} MB")
    print("curve: s  tree-PSS  " + "  ".join(f"{k} PSS/private" for k in peaks))
    for now, tree, row in curve:
        print(f"{now:7.0f} {tree:7.0f}  " + "  ".join(
            f"{pss:6.0f}/{priv:<6.0f}" for pss, priv in row.values()))


if __name__ == "__main__":
    main()
