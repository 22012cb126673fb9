"""Load test of the website and API (issue 16, item 7), on loopback only.

Starts ``mawsua serve --workers N`` on a copy-free existing database, optionally starts a writer
(``mawsua ingest FILE`` into the same database) at the same time, and runs ``--clients``
concurrent httpx async clients for ``--duration`` seconds, each looping over a mix of requests:
the home page, a search page, an article page, and the API (latest articles, one article,
search, facets). Reported (text, or ``--json``):

* requests, requests/s, errors (non-2xx/3xx answers and transport failures, by kind);
* latency p50/p95/p99/max in ms, overall and per request kind;
* "database is locked" count (in answers and in the server's and writer's output);
* the server's memory (all its processes: PSS and anonymous RSS, :func:`memory_mib`) sampled
  every ``--sample`` seconds, in MiB;
* what the writer stored while the load ran;
* the CPU time of the server (all its processes) per request, and the requests/s two idle
  cores would serve at that cost (the figure to compare on a shared machine), also counting
  this load generator's own CPU time when it shares those cores (loopback).

    python bench/load.py --db big.db [--workers 2] [--clients 100] [--duration 60]
        [--ingest new.jsonl] [--writer-batch 25] [--port 8765] [--generator httpx|wrk] [--json]

Two load generators send the same mix. ``httpx`` (the default when ``wrk`` is not on the PATH):
one asyncio client per simulated client, in this process; it measures each request's kind, but
costs ~2 ms of CPU a request, on the cores the server needs when both run on one machine.
``wrk`` (the default when ``wrk`` is installed: Debian package ``wrk``): ``--clients``
keep-alive connections on two threads, driven by a Lua script (:func:`wrk_script`) over a list
of request paths drawn from the same mix; its CPU a request is a small fraction of httpx's.
wrk reports latency percentiles over all requests (no per-kind split: its response callback
cannot tell which request an answer belongs to), non-2xx answers and transport errors (connect,
read, write, timeout), and this script's Lua counts bodies saying "database is locked". The
server's memory sampling, the writer and the CPU figures are the same for both.

Run each measurement on a fresh copy of the store, and copy it with its ``-wal`` and ``-shm``
files removed first: a ``-wal`` left by an earlier run's writer is replayed onto the new copy
("database disk image is malformed", 503 answers). A store whose ``signature_pending`` table is
not empty makes the writer refresh those signatures before it stores anything: run the writer
once on an empty JSONL file before copying, so that the run measures steady ingest.

The database is only read by the server; the writer (``mawsua ingest``'s code, in its own
process, one transaction per ``--writer-batch`` records) adds the records of ``--ingest`` (use
records whose ids and URLs are not stored yet; ``bench/load_store.py`` builds both).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx

MAWSUA = str(Path(sys.executable).with_name("mawsua"))
#: the writer: ``mawsua ingest``'s own code, committing every BATCH records
WRITER = """
import sys
import mawsua.app.ingest as ingest
from mawsua.store.sqlite import SqliteStore
ingest.BATCH_SIZE = int(sys.argv[3])
with SqliteStore(sys.argv[1]) as store:
    s = ingest.ingest([sys.argv[2]], store, workers=1)
print(f"writer: read {s.read}, stored {len(s.stored) if hasattr(s, 'stored') else '?'}")
"""


def memory_mib(pid: int) -> tuple[float, float]:
    """``(PSS, anonymous RSS)`` of ``pid`` and all its descendants, in MiB (Linux ``/proc``).

    PSS (proportional set size) counts a shared page once across the processes sharing it:
    the read connections map the database file (``mmap_size``), and plain RSS counts those
    file pages again in every mapping; anonymous RSS is the processes' own heap (where an
    unbounded cache would grow)."""
    pss = anon = 0
    todo, seen = [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("RssAnon:"):
                        anon += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(x) for x in fh.read().split()]
        except OSError:
            continue
    return pss / 1024, anon / 1024


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and all its descendants (Linux ``/proc``)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    todo, seen = [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(x) for x in fh.read().split()]
        except OSError:
            continue
    return total / tick


def sample_targets(db: str, n: int = 2000) -> tuple[list[str], list[str]]:
    """Up to ``n`` stored article ids and search words (title words of 4+ letters)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ids = [i for (i,) in conn.execute(
        "SELECT id FROM articles WHERE n % 7 = 0 ORDER BY n DESC LIMIT ?", (n,))]
    words: Counter[str] = Counter()
    for (title,) in conn.execute("SELECT title FROM articles WHERE title IS NOT NULL "
                                 "ORDER BY n LIMIT 3000"):
        words.update(w for w in title.split() if len(w) >= 4 and w.isalpha())
    conn.close()
    return ids, [w for w, _ in words.most_common(300)]


#: the request mix: (kind, share, path template; {id} an article id, {q} a search word)
MIX = [("home", 0.20, "/"), ("search", 0.20, "/search?q={q}"),
       ("article", 0.20, "/article/{id}"), ("api_latest", 0.12, "/api/v1/articles?limit=20"),
       ("api_article", 0.12, "/api/v1/articles/{id}"), ("api_search", 0.11,
                                                        "/api/v1/search?q={q}"),
       ("api_facets", 0.05, "/api/v1/facets")]


def requests_mix(ids: list[str], words: list[str], rng: random.Random) -> tuple[str, str]:
    """One request of :data:`MIX`: ``(kind, path)``."""
    kind, _share, template = rng.choices(MIX, weights=[m[1] for m in MIX])[0]
    return kind, template.format(id=quote(rng.choice(ids), safe=""),
                                 q=quote(rng.choice(words)))


async def client(base: str, ids: list[str], words: list[str], until: float, seed: int,
                 out: dict[str, list[float]], errors: Counter[str], locked: list[int]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as http:
        while time.perf_counter() < until:
            kind, path = requests_mix(ids, words, rng)
            t0 = time.perf_counter()
            try:
                resp = await http.get(path)
                ms = (time.perf_counter() - t0) * 1000
                if resp.status_code >= 400:
                    errors[f"{kind} HTTP {resp.status_code}"] += 1
                if "database is locked" in resp.text:
                    locked[0] += 1
            except httpx.HTTPError as e:
                ms = (time.perf_counter() - t0) * 1000
                errors[f"{kind} {type(e).__name__}"] += 1
            out[kind].append(ms)


def pct(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s)) - 1))]


def wait_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode})")
        try:
            if httpx.get(base + "/api/v1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not answer")


#: the Lua script wrk runs (:func:`wrk_script` puts the request paths in front of it): each
#: thread walks the list from its own offset; answers are checked for a non-2xx status, a 4xx/5xx
#: status and "database is locked"; ``done`` prints one JSON line (latencies in microseconds)
WRK_LUA = r"""
local n = #paths
local threads = {}
local i = 0
local reqs = {}
non2xx, failed, locked = 0, 0, 0  -- globals: done() reads them with thread:get

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  i = offset or 0
  for k = 1, n do reqs[k] = wrk.format("GET", paths[k]) end
end

function request()
  i = i + 1
  return reqs[(i % n) + 1]
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if status >= 400 then failed = failed + 1 end
  if body and string.find(body, "database is locked", 1, true) then locked = locked + 1 end
end

function done(summary, latency, requests)
  local nx, fl, lk = 0, 0, 0
  for _, t in ipairs(threads) do
    nx = nx + t:get("non2xx"); fl = fl + t:get("failed"); lk = lk + t:get("locked")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "status_4xx_5xx": %d, "non2xx": %d, "locked": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.timeout, fl, nx, lk, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
"""


def wrk_script(paths: list[str]) -> str:
    """The Lua script for ``wrk -s``: ``paths`` (URL-encoded, so ASCII) then :data:`WRK_LUA`."""
    listed = ",\n".join(json.dumps(p) for p in paths)
    return f"paths = {{\n{listed}\n}}\n{WRK_LUA}"


def run_wrk(base: str, paths: list[str], clients: int, duration: float, threads: int = 2
            ) -> tuple[dict[str, float], float]:
    """Run ``wrk`` over ``paths`` with ``clients`` keep-alive connections for ``duration``
    seconds: ``(its JSON summary, its CPU seconds)``. The JSON has ``requests``,
    ``duration_us``, the transport errors (``connect``, ``read``, ``write``, ``timeout``),
    ``status_4xx_5xx``, ``non2xx``, ``locked`` and latency ``p50/p95/p99/max/mean`` in
    microseconds.

    Raises:
        SystemExit: when wrk fails or prints no summary.
    """
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(wrk_script(paths))
        script = fh.name
    try:
        proc = subprocess.Popen(
            ["wrk", "-t", str(max(1, min(threads, clients))), "-c", str(clients),
             "-d", f"{max(1, round(duration))}s", "--timeout", "30s", "-s", script, base],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert proc.stdout is not None
        out = proc.stdout.read().decode("utf-8", "replace")
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        os.unlink(script)
    line = next((x for x in out.splitlines() if x.startswith("WRK ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({proc.returncode}):\n{out}")
    return json.loads(line[4:]), usage.ru_utime + usage.ru_stime


def wrk_paths(ids: list[str], words: list[str], n: int = 20_000, seed: int = 7
              ) -> tuple[list[str], Counter[str]]:
    """``n`` request paths drawn from :data:`MIX` (what wrk walks), and how many of each kind."""
    rng = random.Random(seed)
    kinds: Counter[str] = Counter()
    paths = []
    for _ in range(n):
        kind, path = requests_mix(ids, words, rng)
        kinds[kind] += 1
        paths.append(path)
    return paths, kinds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--warmup", type=float, default=5.0)
    ap.add_argument("--ingest", default=None, help="JSONL ingested while the load runs")
    ap.add_argument("--writer-batch", type=int, default=25,
                    help="records per write transaction of the writer (ingest's default is "
                         "1000; a poll of `mawsua watch` stores one feed's new entries)")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--sample", type=float, default=5.0)
    ap.add_argument("--generator", choices=("httpx", "wrk"),
                    default="wrk" if shutil.which("wrk") else "httpx",
                    help="the load generator (default: wrk when it is on the PATH)")
    ap.add_argument("--server-args", default="",
                    help="extra arguments for `mawsua serve` (e.g. '--access-log')")
    ap.add_argument("--writer-nice", type=int, default=0,
                    help="run the writer at this nice level (a lower CPU priority for a "
                         "background ingest: docs/api.md)")
    ap.add_argument("--wait-writer", type=float, default=0.0,
                    help="wait up to this many seconds for the writer's first commit before "
                         "measuring (on a busy machine its start-up can outlast the run)")
    ap.add_argument("--py-spy", default=None, metavar="FILE",
                    help="sample the server's processes with py-spy while the load runs and "
                         "write their stacks (collapsed, one line a stack) to FILE")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.generator == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    base = f"http://127.0.0.1:{a.port}"
    ids, words = sample_targets(a.db)
    logdir = Path(os.environ.get("TMPDIR", "/tmp"))
    server_log = open(logdir / f"mawsua-load-server-{os.getpid()}.log", "w+b")  # noqa: SIM115
    server = subprocess.Popen(
        [MAWSUA, "serve", "--db", a.db, "--port", str(a.port), "--workers", str(a.workers),
         *a.server_args.split()],
        stdout=server_log, stderr=subprocess.STDOUT)
    writer = None
    writer_log = None
    rss: list[tuple[float, float, float]] = []
    lat: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    locked = [0]
    wrk_out: dict[str, float] = {}
    wal_mib = 0.0
    paths, kinds = wrk_paths(ids, words) if a.generator == "wrk" else ([], Counter())
    try:
        wait_up(base, server)
        # warm-up (not measured): every worker opens its connections
        if a.generator == "wrk":
            run_wrk(base, paths[::-1], min(a.clients, 20), a.warmup)
        else:
            asyncio.run(_run(base, ids, words, min(a.clients, 20), a.warmup, {}, Counter(),
                             [0]))
        stored0 = _count(a.db)
        if a.ingest:
            writer_log = open(logdir / f"mawsua-load-writer-{os.getpid()}.log", "w+b")  # noqa: SIM115
            writer = subprocess.Popen([sys.executable, "-c", WRITER, a.db, a.ingest,
                                       str(a.writer_batch)],
                                      stdout=writer_log, stderr=subprocess.STDOUT,
                                      preexec_fn=(lambda: os.nice(a.writer_nice))
                                      if a.writer_nice else None)
            deadline = time.perf_counter() + a.wait_writer
            while time.perf_counter() < deadline and _count(a.db) == stored0 \
                    and writer.poll() is None:
                time.sleep(0.5)
            stored0 = _count(a.db)
        spy = None
        if a.py_spy:
            spy = subprocess.Popen(
                [shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(server.pid), "--subprocesses", "--nonblocking",
                 "--rate", "50", "--format", "raw", "--duration", str(max(1, round(a.duration))),
                 "--output", a.py_spy], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        stop = threading.Event()
        t_start = time.perf_counter()

        def sampler() -> None:
            while not stop.is_set():
                rss.append((time.perf_counter() - t_start, *memory_mib(server.pid)))
                stop.wait(a.sample)

        th = threading.Thread(target=sampler, daemon=True)
        th.start()
        wall0 = time.perf_counter()
        cpu0, own0 = tree_cpu_s(server.pid), time.process_time()
        if a.generator == "wrk":
            wrk_out, gen_cpu = run_wrk(base, paths, a.clients, a.duration)
        else:
            asyncio.run(_run(base, ids, words, a.clients, a.duration, lat, errors, locked))
        wall = time.perf_counter() - wall0
        server_cpu = tree_cpu_s(server.pid) - cpu0
        client_cpu = time.process_time() - own0
        if a.generator == "wrk":  # this process only sampled memory meanwhile
            client_cpu += gen_cpu
        stop.set()
        th.join()
        if spy is not None:
            spy.wait(60)
        rss.append((time.perf_counter() - t_start, *memory_mib(server.pid)))
        stored1 = _count(a.db)
        wal_mib = os.path.getsize(f"{a.db}-wal") / 2**20 if os.path.exists(f"{a.db}-wal") else 0.0
    finally:
        if writer is not None and writer.poll() is None:
            writer.terminate()
            writer.wait(30)
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    server_log.seek(0)
    logs = server_log.read().decode("utf-8", "replace")
    if writer_log is not None:
        writer_log.seek(0)
        logs += writer_log.read().decode("utf-8", "replace")
    locked_logs = logs.count("database is locked")
    if a.generator == "wrk":
        n = int(wrk_out["requests"])
        wall = wrk_out["duration_us"] / 1e6
        for kind in ("connect", "read", "write", "timeout"):
            if wrk_out[kind]:
                errors[f"transport {kind}"] += int(wrk_out[kind])
        if wrk_out["status_4xx_5xx"]:
            errors["HTTP 4xx/5xx"] += int(wrk_out["status_4xx_5xx"])
        locked[0] += int(wrk_out["locked"])
        latency = {q: round(wrk_out[q] / 1000, 1) for q in ("p50", "p95", "p99", "max")}
        by_kind = {k: {"n_sent_share": round(v / len(paths), 3)} for k, v in sorted(kinds.items())}
        median = latency["p50"]
    else:
        all_ms = [x for v in lat.values() for x in v]
        n = len(all_ms)
        latency = {"p50": round(pct(all_ms, 50), 1), "p95": round(pct(all_ms, 95), 1),
                   "p99": round(pct(all_ms, 99), 1), "max": round(max(all_ms or [0]), 1)}
        by_kind = {k: {"n": len(v), "p50": round(pct(v, 50), 1), "p95": round(pct(v, 95), 1),
                       "p99": round(pct(v, 99), 1)} for k, v in sorted(lat.items())}
        median = statistics.median(all_ms) if all_ms else 0
    report = {
        "db": a.db, "generator": a.generator, "articles_before": stored0,
        "articles_after": stored1,
        "written_during_run": stored1 - stored0, "server_workers": a.workers,
        "clients": a.clients, "duration_s": round(wall, 1), "requests": n,
        "requests_per_s": round(n / wall, 1), "errors": sum(errors.values()),
        "errors_by_kind": dict(errors), "database_is_locked": locked[0] + locked_logs,
        "non_2xx": int(wrk_out["non2xx"]) if wrk_out else None,
        "latency_ms": latency, "by_kind": by_kind,
        "server_memory_mib": [{"t": round(t), "pss": round(p), "anon": round(m)}
                              for t, p, m in rss],
        "wal_mib_at_end": round(wal_mib, 1),
        "cpus": os.cpu_count(), "load_avg_at_end": os.getloadavg(),
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / n, 2) if n else None,
        "two_idle_cores_req_s": round(n * 2 / server_cpu) if server_cpu else None,
        "client_cpu_ms_per_request": round(client_cpu * 1000 / n, 2) if n else None,
        "two_idle_cores_with_client_req_s": round(n * 2 / (server_cpu + client_cpu))
        if server_cpu + client_cpu else None,
    }
    if a.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{n:,} requests in {wall:.0f} s: {n / wall:,.1f} req/s, {a.clients} clients "
              f"({a.generator}), {a.workers} server workers, {stored0:,} articles "
              f"(+{stored1 - stored0:,} written during the run)")
        lm = report["latency_ms"]
        print(f"latency ms: p50 {lm['p50']}, p95 {lm['p95']}, p99 {lm['p99']}, max {lm['max']}")
        for k, v in report["by_kind"].items():
            if "n" in v:
                print(f"  {k:12} n {v['n']:6,}  p50 {v['p50']:8.1f}  p95 {v['p95']:8.1f}  "
                      f"p99 {v['p99']:8.1f}")
            else:
                print(f"  {k:12} share of the requests sent {v['n_sent_share']:.3f}")
        print(f"errors {report['errors']} {dict(errors) or ''}; 'database is locked' "
              f"{report['database_is_locked']}"
              + (f"; non-2xx answers {report['non_2xx']}" if wrk_out else ""))
        print("server memory over time (s: PSS/anonymous RSS MiB, all its processes): "
              + ", ".join(f"{m['t']}: {m['pss']}/{m['anon']}"
                          for m in report["server_memory_mib"]))
        print(f"write-ahead log at the end of the load: {report['wal_mib_at_end']} MiB")
        print(f"server CPU {report['server_cpu_s']} s = {report['server_cpu_ms_per_request']} ms "
              f"a request (all its processes) -> ~{report['two_idle_cores_req_s']} requests/s "
              "on two idle cores at that cost")
        print(f"this load generator ({a.generator}): {report['client_cpu_ms_per_request']} ms "
              f"CPU a request; server + generator on the same two idle cores: "
              f"~{report['two_idle_cores_with_client_req_s']} requests/s")
        print(f"load average at the end {report['load_avg_at_end']} on {os.cpu_count()} CPUs; "
              f"median request {median:.0f} ms")
    return 0


def _count(db: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


async def _run(base: str, ids: list[str], words: list[str], clients: int, duration: float,
               lat: dict[str, list[float]], errors: Counter[str], locked: list[int]) -> None:
    until = time.perf_counter() + duration
    sink: dict[str, list[float]] = lat if lat is not None else defaultdict(list)
    if not isinstance(sink, defaultdict):
        sink = defaultdict(list, sink)
    await asyncio.gather(*(client(base, ids, words, until, i, sink, errors, locked)
                           for i in range(clients)))
    if lat is not sink:
        lat.update(sink)


if __name__ == "__main__":
    sys.exit(main())
