"""Latency of the analyst's desk pages and API (issue 12) on a store of real annotated articles.

Usage::

    .venv/bin/python bench/bench_desk.py --source-db corpus.db            # the store as it is
    .venv/bin/python bench/bench_desk.py --source-db corpus.db -n 100000  # replicated to 100k

``--source-db`` is a store made by ``mawsua ingest`` (entities and quotes need the whole
pipeline; without it the corpus is ingested first, which takes minutes). With ``-n`` larger
than the store, its articles are stored again into a new store until it holds ``n``: replica
``k`` gets the id ``ID-rK``, the URL ``…?replica=K``, new raw bytes and its times moved ``7·k``
days later (so that the replicas fill new weeks, as a live store grows), every layer kept.

Then each route is asked ``--rounds`` times in process (FastAPI TestClient: routing,
validation, queries, template rendering; warm caches) with real parameters taken from the
store — the most mentioned entities and some further down the list, speakers, words of
quotations — and p50/p95/max in ms are printed per route. The issue's target: no page slower
than p95 200 ms at 100k articles.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS  # noqa: E402
from bench_store import pct, peak_mb  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from mawsua.app import queries  # noqa: E402
from mawsua.app.connect import connect_added  # noqa: E402
from mawsua.app.ingest import ingest  # noqa: E402
from mawsua.model import Article  # noqa: E402
from mawsua.store.sqlite import Prepared  # noqa: E402
from mawsua.web.app import create_app  # noqa: E402


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return value
    out = (dt + timedelta(days=days)).isoformat()
    return out[:10] if len(value) == 10 else out


def _replica(art: Article, raw: bytes, k: int) -> tuple[Article, bytes]:
    new_raw = raw + f"\n<!-- replica {k} -->".encode()
    md = art.metadata
    md = replace(md, url=f"{md.url}?replica={k}" if md.url else None,
                 published=_shift(md.published, 7 * k),
                 published_local=_shift(md.published_local, 7 * k))
    src = replace(art.source, sha256=hashlib.sha256(new_raw).hexdigest())
    return replace(art, id=f"{art.id}-r{k}", metadata=md, source=src), new_raw


def grow(source: Path, target: Path, n: int, batch: int = 500) -> int:
    """Copy ``source`` into ``target`` replicated to ``n`` articles (see the module
    docstring); returns the number stored."""
    with queries.open_store(source, readonly=True) as src, queries.open_store(target) as dst:
        ids = [i for (i,) in src.conn.execute("SELECT id FROM articles ORDER BY n")]
        stored, k = 0, 0
        t0 = time.perf_counter()
        while stored < n:
            for i in range(0, len(ids), batch):
                chunk = ids[i:i + batch][: n - stored]
                if not chunk:
                    break
                prepared = []
                for aid in chunk:
                    art, raw = src.get(aid), src.get_raw(aid)
                    if k:
                        art, raw = _replica(art, raw, k)
                    prepared.append(Prepared(art, raw))
                results = dst.add_prepared(prepared)
                connect_added(dst, [(r.id, p.connect) for r, p in zip(results, prepared,
                                                                        strict=True)
                                    if r.status == "added"])
                stored += len(chunk)
                rate = stored / (time.perf_counter() - t0)
                print(f"\r  stored {stored:,} ({rate:,.0f}/s)", end="", flush=True)
            k += 1
        print()
    return stored


def _time(client: TestClient, url: str) -> float:
    t0 = time.perf_counter()
    r = client.get(url)
    dt = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
    return dt


def routes(client: TestClient, rng: random.Random) -> dict[str, list[str]]:
    """Route name → URLs with real parameters drawn from the store."""
    ents = client.get("/api/v1/entities", params={"limit": 200}).json()["items"]
    top = [e["canonical"] for e in ents[:10]]
    further = [e["canonical"] for e in rng.sample(ents[10:], min(10, len(ents[10:])))]
    people = [e["canonical"] for e in client.get(
        "/api/v1/entities", params={"type": "PERSON", "limit": 20}).json()["items"]]
    quotes = client.get("/api/v1/quotes", params={"limit": 200}).json()["items"]
    words = [w for q in quotes for w in q["text"].split() if len(w) > 4]
    words = rng.sample(words, min(10, len(words)))
    sections = [s["code"] for s in client.get("/api/v1/sections").json()["items"][:10]]
    q = quote
    return {
        "/ (home, breaking)": ["/"],
        "/entities (week)": ["/entities"],
        "/entities?all=1": ["/entities?all=1", "/entities?all=1&type=PERSON"],
        "/entities?section=": [f"/entities?all=1&section={s}" for s in sections[:5]],
        "/entity/{id} (top 10)": [f"/entity/{q(e, safe='')}" for e in top],
        "/entity/{id} (others)": [f"/entity/{q(e, safe='')}" for e in further],
        "/quotes": ["/quotes"],
        "/quotes?speaker=": [f"/quotes?speaker={q(p)}" for p in people[:10]],
        "/quotes?q=": [f"/quotes?q={q(w)}" for w in words],
        "/section/{code} (chart)": [f"/section/{s}" for s in sections[:5]],
        "/api/v1/entities": ["/api/v1/entities", "/api/v1/entities?type=LOCATION"],
        "/api/v1/entities/{id}": [f"/api/v1/entities/{q(e, safe='')}" for e in top + further],
        "/api/v1/quotes?speaker=&q=": [f"/api/v1/quotes?speaker={q(p)}" for p in people[:5]]
        + [f"/api/v1/quotes?q={q(w)}" for w in words[:5]],
        "/api/v1/trending": ["/api/v1/trending", "/api/v1/trending?window_hours=24"],
        "/api/v1/timeline": [f"/api/v1/timeline?section={s}" for s in sections[:5]]
        + [f"/api/v1/timeline?entity={q(e)}" for e in top[:5]],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source-db", type=Path, help="a store made by `mawsua ingest`")
    ap.add_argument("-n", type=int, default=0, help="replicate to this many articles")
    ap.add_argument("--rounds", type=int, default=3, help="times each URL is asked")
    ap.add_argument("--keep", type=Path, help="write the grown store here (kept)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mawsua-desk-"))
    db = args.source_db
    if db is None:
        db = tmp / "corpus.db"
        print(f"ingesting {CORPUS} into {db} (minutes)…")
        with queries.open_store(db) as store:
            ingest([CORPUS], store)
    with queries.open_store(db, readonly=True) as store:
        have = store.count()
    if args.n > have:
        target = args.keep or tmp / f"desk-{args.n}.db"
        print(f"growing {have:,} articles to {args.n:,} in {target}…")
        t0 = time.perf_counter()
        grow(db, target, args.n)
        print(f"  {time.perf_counter() - t0:.0f} s, peak RSS {peak_mb():.0f} MB")
        db = target
    with queries.open_store(db, readonly=True) as store:
        c = store.conn
        counts = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "entities", "entity_articles", "quotes")}
    print("store:", ", ".join(f"{k} {v:,}" for k, v in counts.items()),
          f"({db.stat().st_size / 2**20:.0f} MB)")
    rng = random.Random(12)
    with TestClient(create_app(db)) as client:
        table = routes(client, rng)
        for urls in table.values():  # warm-up: open the store, fill the page cache
            for url in urls:
                _time(client, url)
        worst = 0.0
        print(f"{'route':34} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, urls in table.items():
            times = [_time(client, u) for _ in range(args.rounds) for u in urls]
            p95 = pct(times, 95)
            worst = max(worst, p95)
            print(f"{name:34} {len(times):>4} {statistics.median(times):>8.1f} {p95:>8.1f} "
                  f"{max(times):>8.1f}")
    print(f"worst p95: {worst:.1f} ms (target: 200 ms at 100k)")


if __name__ == "__main__":
    main()
