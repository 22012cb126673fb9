"""Long fuzz run (issue 16): ≥ 100,000 generated inputs through every reader and the whole
per-article pipeline, in worker processes watched for hangs.

For each input (``mawsua.app.fuzz.case(seed)``: random bytes, mutated real records, HTML,
feeds, OPML, sitemaps, re-encodings, deep nesting, huge sizes) a worker runs the matching
runner. Reported: inputs per generator, outcome codes, crashes (an exception escaping a reader
or stage: each with its generator, seed and traceback tail — rerun one with ``--only SEED``),
hangs (over ``--timeout`` seconds of the worker's CPU time, or ``--wall`` times that in
wall-clock time: on a busy shared machine a niced worker may wait long for a core without
hanging; the worker is killed and replaced), the slowest inputs and the workers' peak RSS.
Exit 1 when there was any crash or hang. SIGTERM or Ctrl-C stops it after the inputs in
flight and prints the report of what ran (resume with ``--start``).

    python bench/fuzz.py [--n 100000] [--workers 2] [--timeout 10] [--wall 6] [--start 0]
                         [--only SEED] [--every 1000]
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
import traceback

from mawsua.app.fuzz import RUNNERS, Seeds, case


def worker(conn, seeds: Seeds) -> None:  # noqa: ANN001 - a Connection
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's stop handler is not ours
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops and reports
    while True:
        seed = conn.recv()
        if seed is None:
            return
        name, target, data = case(seed, seeds)
        t0 = time.process_time()
        try:
            codes = RUNNERS[target](data)
            err = None
        except BaseException as e:  # noqa: BLE001 - that is what we count
            codes = []
            err = f"{type(e).__name__}: {e}"[:300] + "\n" + "".join(
                traceback.format_exc().splitlines(True)[-6:])
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        conn.send((seed, name, target, len(data), codes, err, time.process_time() - t0, rss))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--only", type=int, default=None)
    ap.add_argument("--wall", type=float, default=6.0,
                    help="a hang is also --timeout x this many wall-clock seconds")
    ap.add_argument("--every", type=int, default=1000, help="progress line every N inputs")
    a = ap.parse_args()
    seeds = Seeds.load()
    if a.only is not None:
        name, target, data = case(a.only, seeds)
        print(f"seed {a.only}: {name} -> {target}, {len(data)} bytes")
        print(RUNNERS[target](data))
        return 0
    ctx = mp.get_context("fork")
    todo = collections.deque(range(a.start, a.start + a.n))

    stopped = False

    def stop(_sig: int, _frame: object) -> None:  # SIGTERM/SIGINT: finish, then report
        nonlocal stopped
        stopped = True
        print(f"  stopping: {len(todo):,} inputs not run (next seed {todo[0] if todo else '-'})",
              flush=True)
        todo.clear()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    by_gen: collections.Counter[str] = collections.Counter()
    codes: collections.Counter[str] = collections.Counter()
    crashes, hangs, slow = [], [], []
    peak = 0
    started = time.perf_counter()

    def spawn():
        parent, child = ctx.Pipe()
        p = ctx.Process(target=worker, args=(child, seeds), daemon=True)
        p.start()
        return {"proc": p, "conn": parent, "seed": None, "since": 0.0, "cpu0": 0.0}

    pool = [spawn() for _ in range(a.workers)]
    done = 0
    while todo or any(w["seed"] is not None for w in pool):
        for i, w in enumerate(pool):
            if w.get("dead"):
                if todo and not stopped:
                    pool[i] = spawn()
                continue
            if w["seed"] is None and todo:
                w["seed"] = todo.popleft()
                w["since"] = time.perf_counter()
                w["cpu0"] = cpu_seconds(w["proc"].pid)
                w["conn"].send(w["seed"])
            elif w["seed"] is not None and w["conn"].poll(0.01):
                try:
                    seed, name, target, size, got, err, cpu, rss = w["conn"].recv()
                except EOFError:  # the worker is gone: the same stop signal, or it died
                    if not stopped:
                        name, target, data = case(w["seed"], seeds)
                        crashes.append((w["seed"], name, target, len(data), "worker died"))
                    w["seed"], w["dead"] = None, True
                    continue
                by_gen[name] += 1
                codes.update(got or ["CRASH"])
                peak = max(peak, rss)
                if err:
                    crashes.append((seed, name, target, size, err))
                    print(f"  crash: seed {seed} {name} -> {target}: {err.splitlines()[0]}",
                          flush=True)
                slow.append((cpu, seed, name, size))
                slow = sorted(slow, reverse=True)[:5]
                w["seed"] = None
                done += 1
                if done % a.every == 0:
                    wall = time.perf_counter() - started
                    print(f"  {done:,} inputs, {len(crashes)} crashes, {len(hangs)} hangs, "
                          f"{wall:,.0f} s ({done / wall:,.1f}/s), peak RSS {peak} MB",
                          flush=True)
            elif w["seed"] is not None and (
                    time.perf_counter() - w["since"] > a.timeout * a.wall
                    or (time.perf_counter() - w["since"] > a.timeout
                        and cpu_seconds(w["proc"].pid) - w["cpu0"] > a.timeout)):
                name, target, data = case(w["seed"], seeds)
                hangs.append((w["seed"], name, target, len(data)))
                print(f"  hang: seed {w['seed']} {name} -> {target} ({len(data):,} bytes)",
                      flush=True)
                by_gen[name] += 1
                w["proc"].kill()
                w["proc"].join()
                pool[i] = spawn()
                done += 1
    for w in pool:
        if not w.get("dead"):
            try:
                w["conn"].send(None)
            except (BrokenPipeError, OSError):
                pass
    wall = time.perf_counter() - started
    print(f"inputs {done:,} in {wall:,.0f} s ({done / wall:,.0f}/s), workers {a.workers}, "
          f"timeout {a.timeout} s")
    print("by generator: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_gen.items())))
    print("outcomes: " + ", ".join(f"{k} {v:,}" for k, v in codes.most_common()))
    print(f"crashes {len(crashes)}  hangs (> {a.timeout} s) {len(hangs)}  "
          f"peak worker RSS {peak} MB")
    print("slowest (CPU s, seed, generator, bytes): " + "; ".join(
        f"{c:.2f} {s} {n} {z:,}" for c, s, n, z in slow))
    for seed, name, target, size, err in crashes[:20]:
        print(f"CRASH seed {seed} {name} -> {target} ({size:,} bytes): {err}", flush=True)
    for seed, name, target, size in hangs[:20]:
        print(f"HANG seed {seed} {name} -> {target} ({size:,} bytes)")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
