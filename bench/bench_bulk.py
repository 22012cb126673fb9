"""`mawsua bulk` with 1 vs 2 Dask workers: wall time, records/s, CPU per record of the
driver, of each worker and of the PostgreSQL server, peak PSS, the machine's load.

Usage::

    .venv/bin/python bench/bench_bulk.py --records 2000,10000 --backend sqlite,pg
    .venv/bin/python bench/bench_bulk.py --records 2000 --writer driver   # session 24's way
    .venv/bin/python bench/bench_bulk.py --records 2000 --pairs 2         # 1,2,1,2 workers
    .venv/bin/python bench/bench_bulk.py --wait-idle 1800   # each pair in an idle window

Each run is ``bulk`` (the ``dask`` engine, a LocalCluster) over the first N corpus lines
(replicated with new ids and URLs beyond its 4,205) into a new database (a SQLite file, or a
new database of a throwaway PostgreSQL cluster: ``tests/pg_cluster.py``, fsync off), in a new
process, 1 worker then 2 in the same minutes (the machine is shared: compare only runs of one
pair). This process samples the run's process tree every 0.25 s (CPU of each process, the sum
of their PSS) and the PostgreSQL server's processes; the run reports its own CPU (the driver:
reading, scheduling, and with ``--writer driver`` writing and connecting).

Printed per run: records/s end to end; CPU ms per record of the driver, of the fork server
(the pipeline's warm-up, once per run), of each worker, of the server; peak PSS; ``uptime``'s
load at the start and end. Per pair: the speed-up, and the ceiling its CPU figures allow on
2 cores, ``2 x W / (W + D)`` (W the 1-worker run's worker CPU per record, D every other
process's: a lone worker leaves the driver and the server the second core, two share both).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _corpus import replicated_lines  # noqa: E402


def one(src: Path, target: str, workers: int, writer: str) -> dict[str, float]:
    """One ``bulk`` run in this process; its figures."""
    from mawsua.app import bulk as bulk_mod
    from mawsua.store.postgres import open_store

    t = time.perf_counter()
    t0 = time.time()
    c0 = os.times()
    trace: list[dict[str, float]] = []
    with open_store(target) as store:
        s = bulk_mod.bulk([src], store, engine="dask", workers=workers, writer=writer,
                          trace=trace)
    el = time.perf_counter() - t
    c1 = os.times()
    return {"wall": el, "read": s.read, "added": s.added, "failed": len(s.failed),
            "unconnected": len(s.unconnected),
            "driver_cpu": c1.user + c1.system - c0.user - c0.system,
            "timeline": timeline(trace, t0, t0 + el)}


def timeline(trace: list[dict[str, float]], t0: float, t1: float) -> dict[str, Any]:
    """Where each worker's wall time went (seconds), from the chunks' ``ChunkDone.times``:
    ``process`` (the pipeline), ``wait`` (for the write turn; a worker processes its next
    chunk meanwhile when another worker holds it), ``write`` (writing and connecting),
    ``after`` (Parquet), ``busy`` (the union of its processing and writing), ``idle`` (the
    run's wall time less ``busy``: starting, waiting with nothing to process, the run's
    end), ``first`` (run start to its first chunk), ``last`` (its last write's end to the
    run's end); and the run's ``head`` (start to the first chunk anywhere) and ``tail``
    (the last write's end anywhere to the run's end)."""
    per: dict[int, dict[str, float]] = {}
    spans: dict[int, list[tuple[float, float]]] = {}
    for c in trace:
        if "end" not in c:
            continue
        w = per.setdefault(int(c["pid"]), dict.fromkeys(
            ("chunks", "process", "wait", "write", "after", "busy", "idle", "first", "last"),
            0.0))
        w["chunks"] += 1
        w["process"] += c["processed"] - c["start"]
        locked = c.get("locked", c["processed"])
        w["wait"] += locked - c["processed"]
        written = c.get("written", c["end"])
        w["write"] += written - locked
        w["after"] += c["end"] - written
        spans.setdefault(int(c["pid"]), []).extend(
            [(c["start"], c["processed"]), (locked, c["end"])])
    for pid, sp in spans.items():
        sp.sort()
        busy, cur = 0.0, None
        for a, b in sp:
            if cur is None or a > cur[1]:
                if cur is not None:
                    busy += cur[1] - cur[0]
                cur = [a, b]
            else:
                cur[1] = max(cur[1], b)
        busy += cur[1] - cur[0] if cur else 0.0
        per[pid]["busy"] = busy
        per[pid]["idle"] = (t1 - t0) - busy
        per[pid]["first"] = sp[0][0] - t0
        per[pid]["last"] = t1 - max(b for _, b in sp)
    starts = [a for sp in spans.values() for a, _ in sp]
    ends = [b for sp in spans.values() for _, b in sp]
    return {"workers": [{k: round(v, 2) for k, v in w.items()} for w in per.values()],
            "head": round(min(starts) - t0, 2) if starts else None,
            "tail": round(t1 - max(ends), 2) if ends else None}


class Sampler:
    """CPU seconds of every process under the pids given (the last sample of each) and the
    largest sum of their PSS, sampled every 0.25 s in a thread."""

    def __init__(self, roots: list[int], pss_roots: list[int]) -> None:
        import threading

        self.roots, self.pss_roots = roots, pss_roots
        self.cpu: dict[int, tuple[float, str, int]] = {}
        self.peak_pss = 0.0
        #: each process's largest PSS (bytes)
        self.proc_pss: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        pss = 0.0
        for root in self.roots:
            try:
                top = psutil.Process(root)
                procs = [top, *top.children(recursive=True)]
            except psutil.Error:
                continue
            for p in procs:
                try:
                    c = p.cpu_times()
                    self.cpu[p.pid] = (c.user + c.system, " ".join(p.cmdline())[:80], p.ppid())
                    if root in self.pss_roots:
                        mine = p.memory_full_info().pss
                        pss += mine
                        self.proc_pss[p.pid] = max(self.proc_pss.get(p.pid, 0.0), mine)
                except psutil.Error:
                    pass
        self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._done.wait(0.25):
            self._sample()

    def stop(self) -> None:
        """Stop sampling."""
        self._done.set()
        self._thread.join()


def postmaster(cluster) -> int | None:  # noqa: ANN001 - tests/pg_cluster.Cluster
    """The server's process id (first line of ``postmaster.pid``)."""
    d = getattr(cluster, "_dir", None)
    pid = d / "data" / "postmaster.pid" if d else None
    return int(pid.read_text().split()[0]) if pid and pid.exists() else None


def run(src: Path, target: str, workers: int, writer: str, server: int | None
        ) -> dict[str, float]:
    """One run in a new process, sampled; its figures (ms per record)."""
    load0 = os.getloadavg()[0]
    proc = subprocess.Popen([sys.executable, __file__, "--one", str(workers), "--src", str(src),
                             "--target", target, "--writer", writer],
                            stdout=subprocess.PIPE, text=True)
    roots = [proc.pid] + ([server] if server else [])
    sampler = Sampler(roots, [proc.pid])
    out, _ = proc.communicate()
    sampler.stop()
    if proc.returncode:
        raise SystemExit(f"run failed ({proc.returncode})")
    got = json.loads(out.strip().splitlines()[-1])
    n = max(1, got["read"])
    tree = {pid: v for pid, v in sampler.cpu.items() if pid != proc.pid}
    srv = {pid for pid, v in tree.items() if pid == server or v[2] == server}
    # the fork server is the driver's child that forks the workers; the workers its children
    fork = {pid for pid, v in tree.items() if v[2] == proc.pid and "forkserver" in v[1]}
    workers_cpu = sorted((v[0] for pid, v in tree.items()
                          if pid not in srv and v[2] in fork), reverse=True)
    other = sum(v[0] for pid, v in tree.items() if pid not in srv and pid not in fork
                and v[2] not in fork)
    got.update({
        "records_s": got["read"] / got["wall"],
        "driver_ms": got["driver_cpu"] / n * 1000,
        "fork_ms": sum(tree[p][0] for p in fork) / n * 1000,
        "other_ms": other / n * 1000,
        "workers_ms": [c / n * 1000 for c in workers_cpu],
        "server_ms": sum(tree[p][0] for p in srv) / n * 1000,
        "peak_pss_mb": sampler.peak_pss / 2**20, "load0": load0,
        "pss_mb": {"driver": sampler.proc_pss.get(proc.pid, 0.0) / 2**20,
                   "fork server": sum(sampler.proc_pss.get(p, 0.0) for p in fork) / 2**20,
                   "workers": sorted((v / 2**20 for pid, v in sampler.proc_pss.items()
                                      if tree.get(pid, (0, "", 0))[2] in fork), reverse=True)},
        "load1": os.getloadavg()[0]})
    return got


def _idle_share(seconds: float) -> float:
    """The share of the machine's CPU time that was idle over the next ``seconds``
    (``/proc/stat``; 1.0 where it cannot be read)."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[3] + v[4], sum(v)

    try:
        i0, t0 = sample()
        time.sleep(seconds)
        i1, t1 = sample()
    except OSError:
        return 1.0
    return (i1 - i0) / max(1, t1 - t0)


def wait_idle(limit_s: float, need: float = 0.85) -> str:
    """Wait up to ``limit_s`` for 10 s in which at least ``need`` of the CPU was idle
    (another helper's job between two of its own); what was found, for the report."""
    end = time.monotonic() + limit_s
    share = 0.0
    while time.monotonic() < end:
        share = _idle_share(10)
        if share >= need:
            return f"idle {share:.0%} over 10 s before the pair"
    return f"no idle window in {limit_s:.0f} s (last 10 s: {share:.0%} idle)"


def show(label: str, g: dict) -> None:
    """One run's line."""
    ws = " + ".join(f"{w:.1f}" for w in g["workers_ms"])
    print(f"  {label}: {g['read']} records ({g['added']} added, {g['failed']} failed, "
          f"{g['unconnected']} unconnected) in {g['wall']:.1f} s = {g['records_s']:.1f} "
          f"records/s; CPU ms per record: driver {g['driver_ms']:.2f}, fork server "
          f"{g['fork_ms']:.2f}, workers {ws}, other {g['other_ms']:.2f}, server "
          f"{g['server_ms']:.2f}; peak PSS {g['peak_pss_mb']:.0f} MB (driver and workers); "
          f"load {g['load0']:.1f} -> {g['load1']:.1f}", flush=True)
    pm = g.get("pss_mb") or {}
    if pm:
        print(f"    peak PSS MB per process: driver {pm['driver']:.0f}, fork server "
              f"{pm['fork server']:.0f}, workers "
              + " + ".join(f"{w:.0f}" for w in pm["workers"]), flush=True)
    tl = g.get("timeline") or {}
    print(f"    wall s: head {tl.get('head')}, tail {tl.get('tail')}", flush=True)
    for w in tl.get("workers", []):
        print("    worker: " + ", ".join(f"{k} {v:g}" for k, v in w.items()), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", default="2000")
    ap.add_argument("--backend", default="sqlite", help="sqlite, pg or both (sqlite,pg)")
    ap.add_argument("--writer", default="workers", help="workers or driver")
    ap.add_argument("--pairs", type=int, default=1, help="1-then-2-worker pairs per size")
    ap.add_argument("--wait-idle", type=float, default=0, help="wait up to this many seconds "
                    "for an idle machine (85%% idle over 10 s) before each pair")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--target", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.src, args.target, args.one, args.writer)), flush=True)
        return
    cluster = None
    try:
        for backend in args.backend.split(","):
            server = None
            if backend == "pg":
                import pg_cluster

                cluster = pg_cluster.Cluster("-c shared_buffers=256MB")
                if not cluster.url:
                    print(f"postgres: skipped ({cluster.skip_reason})")
                    continue
                server = postmaster(cluster)
            for lines in (int(x) for x in args.records.split(",")):
                with tempfile.TemporaryDirectory() as d:
                    src = Path(d) / "sample.jsonl"
                    src.write_bytes(b"\n".join(replicated_lines(lines)) + b"\n")
                    for k in range(args.pairs):
                        got = {}
                        if args.wait_idle:
                            print("  " + wait_idle(args.wait_idle), flush=True)
                        print(f"{backend}, {lines} records, writer {args.writer}, pair {k + 1}"
                              f" ({time.strftime('%H:%M:%S')}):", flush=True)
                        for w in (1, 2):
                            target = cluster.new_database() if backend == "pg" else \
                                str(Path(d) / f"b{k}-{w}.db")
                            got[w] = run(src, target, w, args.writer, server)
                            show(f"{w} worker{'s' * (w > 1)}", got[w])
                        a, b = got[1], got[2]
                        wk = sum(a["workers_ms"])
                        d_ms = a["driver_ms"] + a["fork_ms"] + a["other_ms"] + a["server_ms"]
                        print(f"  speed-up 2 vs 1 worker: {b['records_s'] / a['records_s']:.2f}x"
                              f" end to end; CPU ceiling 2W/(W+D) = 2 x {wk:.1f} / ({wk:.1f} + "
                              f"{d_ms:.1f}) = {2 * wk / (wk + d_ms):.2f}x", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
