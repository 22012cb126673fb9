"""Reader latency: 10 users reading at once over loopback (issue 13).

Usage::

    .venv/bin/python bench/bench_reader.py --db /tmp/r.db          # an existing store
    .venv/bin/python bench/bench_reader.py --db /tmp/r.db --users 10 --rounds 20

A copy of ``--db`` gets ``--users`` accounts (``bench0``…); ``mawsua serve`` (uvicorn, one
process) runs on 127.0.0.1; each user, in its own thread with its own HTTP client, logs in on
the web and through Google Reader ClientLogin, then ``--rounds`` times: the home page, its
``/reader`` page, one article (which marks it read), Google Reader unread counts, item ids and
contents of 20 items, edit-tag, and Fever items. Prints per call the p50, p95 and max latency
in milliseconds, and the calls per second over the run.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

from mawsua.app import accounts, queries

API = "/api/greader/reader/api/0"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _user(base: str, name: str, rounds: int, times: dict[str, list[float]],
          lock: threading.Lock) -> None:
    with httpx.Client(base_url=base, timeout=60) as c:
        def timed(label: str, method: str, url: str, **kw: object) -> httpx.Response:
            t = time.perf_counter()
            r = c.request(method, url, **kw)  # type: ignore[arg-type]
            dt = (time.perf_counter() - t) * 1000
            with lock:
                times[label].append(dt)
            assert r.status_code in (200, 303), (label, r.status_code, r.text[-900:])
            return r
        page = timed("GET /login", "GET", "/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        timed("POST /login", "POST", "/login", data={"name": name, "password": "bench-pass-1",
                                                     "csrf": csrf})
        r = timed("ClientLogin", "POST", "/api/greader/accounts/ClientLogin",
                  data={"Email": name, "Passwd": "bench-pass-1"})
        h = {"Authorization": "GoogleLogin auth=" + re.search(r"Auth=(\S+)", r.text).group(1)}  # type: ignore[union-attr]
        key = hashlib.md5(f"{name}:bench-pass-1".encode()).hexdigest()
        for _ in range(rounds):
            timed("GET /", "GET", "/")
            rp = timed("GET /reader", "GET", "/reader")
            m = re.search(r'href="(/article/[^"]+)"', rp.text)
            if m:
                timed("GET /article", "GET", m.group(1))
            timed("greader unread-count", "GET", f"{API}/unread-count?output=json", headers=h)
            ids = timed("greader items/ids", "GET", f"{API}/stream/items/ids?n=20&s=user/-/"
                        "state/com.google/reading-list&xt=user/-/state/com.google/read",
                        headers=h).json()["itemRefs"]
            i = [x["id"] for x in ids]
            timed("greader items/contents", "POST", f"{API}/stream/items/contents",
                  data={"i": i}, headers=h)
            timed("greader edit-tag", "POST", f"{API}/edit-tag",
                  data={"i": i[:2], "a": "user/-/state/com.google/read"}, headers=h)
            timed("fever items", "POST", "/api/fever/?api&items", data={"api_key": key})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--users", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mawsua-bench-reader-"))
    db = tmp / "reader.db"
    shutil.copy(args.db, db)
    names = [f"bench{i}" for i in range(args.users)]
    with queries.open_store(db) as store:
        for n in names:
            accounts.add_user(store, n, "bench-pass-1")
    port = _port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "mawsua"), "serve", "--db",
                               str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        times: dict[str, list[float]] = defaultdict(list)
        lock = threading.Lock()
        threads = [threading.Thread(target=_user, args=(base, n, args.rounds, times, lock))
                   for n in names]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    calls = sum(len(v) for v in times.values())
    print(f"{args.users} users x {args.rounds} rounds: {calls} calls in {wall:.1f} s "
          f"({calls / wall:.1f} calls/s)")
    print(f"{'call':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, v in times.items():
        v.sort()
        p95 = v[min(len(v) - 1, int(0.95 * len(v)))]
        print(f"{label:28} {len(v):5d} {statistics.median(v):8.1f} {p95:8.1f} {v[-1]:8.1f}")


if __name__ == "__main__":
    main()
