"""Server CPU time per request, route by route (issue 16, item 7).

Starts ``mawsua serve --workers 1`` on an existing database (loopback only) and sends each kind
of request of ``bench/load.py``'s mix (:data:`load.MIX`: home page, search page, article page,
API latest/article/search/facets) ``--n`` times, one after the other, with fresh article ids
and search words. For each kind it reports the CPU time the *server process* spent per request
(user + system, all its threads, from ``/proc/PID/stat``; the client's own work is not
counted) and the wall time per request. CPU time does not depend on what else the machine runs,
so on a shared machine it is the figure to compare; ``2 cores idle`` is ``2000 / CPU ms`` of the
mix (the requests/s two idle cores could serve at that cost, ignoring the load generator).

Each kind is measured twice: ``cold`` (every request a new URL: new article ids, new search
words, new pages) and, with ``--repeat``, ``warm`` (the same URLs again: what the caches keyed
on the store's state save). Two mixed runs in the proportions of :data:`load.MIX` end the report: one request at a time,
then ``--clients`` at once (new URLs).

    python bench/bench_routes.py --db big.db [--n 200] [--port 8766] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (bench/load.py: the request mix and helpers)

TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (all its threads), from ``/proc``."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def paths_of(kind: str, n: int, ids: list[str], words: list[str], rng: random.Random
             ) -> list[str]:
    """``n`` request paths of one kind of :data:`load.MIX` (a page number varies the home
    page so that each cold request is a new URL)."""
    template = next(t for k, _s, t in load.MIX if k == kind)
    out = []
    for i in range(n):
        path = template.format(id=quote(rng.choice(ids), safe=""), q=quote(rng.choice(words)))
        if kind == "home" and i % 2:
            path = f"/?page={1 + i % 7}"
        out.append(path)
    return out


def measure(http: httpx.Client, pid: int, paths: list[str]) -> dict[str, float]:
    """Send ``paths`` one after the other; server CPU ms and wall ms per request."""
    statuses: dict[int, int] = {}
    c0, w0 = cpu_s(pid), time.perf_counter()
    for p in paths:
        r = http.get(p)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    c1, w1 = cpu_s(pid), time.perf_counter()
    n = max(1, len(paths))
    return {"n": len(paths), "cpu_ms": round((c1 - c0) * 1000 / n, 2),
            "wall_ms": round((w1 - w0) * 1000 / n, 2),
            "errors": sum(v for k, v in statuses.items() if k >= 400)}


def measure_concurrent(base: str, pid: int, paths: list[str], clients: int
                       ) -> dict[str, float]:
    """:func:`measure` with ``clients`` threads sending ``paths`` at once (each its own
    connection): what a busy server pays per request (thread switches, contention)."""
    chunks = [paths[i::clients] for i in range(clients)]
    errors = [0]

    def run(chunk: list[str]) -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            for p in chunk:
                if http.get(p).status_code >= 400:
                    errors[0] += 1

    c0, w0 = cpu_s(pid), time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(run, chunks))
    c1, w1 = cpu_s(pid), time.perf_counter()
    n = max(1, len(paths))
    return {"n": len(paths), "cpu_ms": round((c1 - c0) * 1000 / n, 2),
            "wall_ms": round((w1 - w0) * 1000 / n, 2), "errors": errors[0]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="the store to serve (bench/load_store.py builds a large one)")
    ap.add_argument("--n", type=int, default=200, help="requests per kind")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--repeat", action="store_true", help="also measure the same URLs again")
    ap.add_argument("--clients", type=int, default=16,
                    help="concurrent clients of the last, mixed run")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if not a.db:
        print("bench_routes.py needs --db (a store: bench/load_store.py builds a large one)")
        return 0
    ids, words = load.sample_targets(a.db)
    rng = random.Random(7)
    base = f"http://127.0.0.1:{a.port}"
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"mawsua-routes-{os.getpid()}.log",  # noqa: SIM115
               "w+b")
    server = subprocess.Popen([load.MAWSUA, "serve", "--db", a.db, "--port", str(a.port)],
                              stdout=log, stderr=subprocess.STDOUT)
    report: dict[str, object] = {"db": a.db, "articles": load._count(a.db)}
    try:
        load.wait_up(base, server)
        with httpx.Client(base_url=base, timeout=60) as http:
            for kind, _s, _t in load.MIX:  # warm-up: every code path once
                for p in paths_of(kind, 3, ids, words, rng):
                    http.get(p)
            kinds: dict[str, dict[str, float]] = {}
            for kind, _s, _t in load.MIX:
                paths = paths_of(kind, a.n, ids, words, rng)
                kinds[kind] = measure(http, server.pid, paths)
                if a.repeat:
                    kinds[kind + " (warm)"] = measure(http, server.pid, paths)
            mix = [load.requests_mix(ids, words, rng)[1] for _ in range(a.n * 3)]
            kinds["mix"] = measure(http, server.pid, mix)
        mix = [load.requests_mix(ids, words, rng)[1] for _ in range(a.n * 3)]
        kinds[f"mix, {a.clients} at once"] = measure_concurrent(base, server.pid, mix,
                                                                a.clients)
        report["routes"] = kinds
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    mix_cpu = kinds[f"mix, {a.clients} at once"]["cpu_ms"]
    report["two_idle_cores_req_s"] = round(2000 / mix_cpu) if mix_cpu else None
    report["load_avg"] = os.getloadavg()
    if a.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"{report['articles']:,} articles; server CPU and wall time per request "
          f"(sequential, one server process), load average {report['load_avg'][0]:.1f}")
    for kind, m in kinds.items():
        print(f"  {kind:20} n {m['n']:5}  CPU {m['cpu_ms']:7.2f} ms  wall {m['wall_ms']:8.2f} ms"
              + (f"  errors {m['errors']}" if m["errors"] else ""))
    print(f"mix, {a.clients} at once: {mix_cpu} ms CPU a request -> "
          f"~{report['two_idle_cores_req_s']} requests/s on two idle cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
