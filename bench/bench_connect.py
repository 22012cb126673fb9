"""Connect benchmark: time to connect one new article to its duplicates, story and sections on
a store of N articles, and the size of the LSH index.

Usage::

    .venv/bin/python bench/bench_connect.py               # N = 100,000 (builds, then reuses)
    .venv/bin/python bench/bench_connect.py -n 20000 --db /tmp/c20k.db

How the store is built (fast path, no NLP per copy): the 4,205 corpus articles go through the
full pipeline once (``mawsua.app.pipeline.process``, 2 processes) and their
:class:`~mawsua.connect.features.Features` are kept (cached next to the database). Copy ``r``
of an article gets a new id, its story time shifted by ``r`` x :data:`SHIFT_DAYS` days (so a
story window holds about as many articles as the corpus's busiest day, as a live store would)
its MinHash values and exact key passed through a per-copy bijection (copies of one period keep
the corpus's duplicate relations; copies of different periods are unrelated texts, not 24
reposts of one article), then light perturbations: :data:`PERTURB_VALUES` of its 64 MinHash
values replaced, :data:`DROP_TERMS` of its terms dropped. Rows go into
``articles`` directly (no documents, no full-text index: the connect step never reads them)
and every copy is connected with :func:`mawsua.connect.link.connect_batch`, as ingest does.

Then :data:`PROBES` new copies (another period) are connected one at a time, each timed
around :meth:`~mawsua.connect.link.Linker.add` inside one transaction (the ingest path), and
rolled back. Prints mean / p50 / p95 / max ms, the build rate (insert + connect + commit per
1,000), and LSH bytes per article (``dbstat``: the ``lsh_bands`` table plus the
stored signatures). Targets (issue 5): mean <= 3 ms, p95 <= 20 ms at 100k, LSH <= 2 KB/article.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import pickle
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS  # noqa: E402

from mawsua.app.ingest import iter_items, process_all  # noqa: E402
from mawsua.connect import link  # noqa: E402
from mawsua.connect.features import NUM_PERM, Features, band_keys, features  # noqa: E402
from mawsua.connect.read import lsh_bytes  # noqa: E402
from mawsua.errors import Ok  # noqa: E402
from mawsua.store.sqlite import SqliteStore  # noqa: E402

SHIFT_DAYS = 30
PERTURB_VALUES = 4
DROP_TERMS = 0.1
PROBES = 1000
BATCH = 1000


def _feat(item: object) -> object:
    from mawsua.app.pipeline import process

    out = process(item)
    if not isinstance(out, Ok):
        return None
    a = out.value.article
    return (a.id, a.metadata.outlet, a.metadata.url, features(a))


def base_features(cache: Path) -> list[tuple[str, str | None, str | None, Features]]:
    """The corpus articles' features (computed once, then read from ``cache``; a cache written
    for another shape of :class:`Features` is recomputed)."""
    if cache.is_file():
        rows = pickle.loads(cache.read_bytes())
        names = {f.name for f in dataclasses.fields(Features)}
        if rows and all(hasattr(rows[0][3], n) for n in names):
            return rows
    t = time.perf_counter()
    rows = [r for r in process_all(iter_items([CORPUS]), workers=2, fn=_feat) if r is not None]
    print(f"features of {len(rows)} corpus articles: {time.perf_counter() - t:.1f} s "
          "(full pipeline, 2 processes)", flush=True)
    cache.write_bytes(pickle.dumps(rows))
    return rows


def _shift(t: str | None, days: int) -> str | None:
    if t is None:
        return None
    return (datetime.fromisoformat(t) + timedelta(days=days)).isoformat()


def copy_of(f: Features, r: int, rng: random.Random) -> Features:
    """Copy ``r`` of an article's features (see the module docstring); ``r = 0`` is itself."""
    if r == 0:
        return f
    # each MinHash value goes through a per-copy bijection: copies of one period keep the
    # duplicate relations of the corpus, copies of different periods are unrelated texts
    tag = r.to_bytes(4, "little")
    sig = bytearray()
    for k in range(0, len(f.signature), 4):
        h = hashlib.blake2b(f.signature[k : k + 4] + tag, digest_size=4).digest()
        sig += h
    if sig:
        for k in rng.sample(range(NUM_PERM), PERTURB_VALUES):
            sig[4 * k : 4 * k + 4] = rng.getrandbits(32).to_bytes(4, "little")
    terms = [p for p in f.terms if rng.random() >= DROP_TERMS] or list(f.terms[:1])
    norm = sum(w * w for _, w in terms) ** 0.5 or 1.0
    key = hashlib.blake2b(f.exact_key + tag, digest_size=16).digest() if f.exact_key else None
    return dataclasses.replace(
        f, signature=bytes(sig), bands=band_keys(bytes(sig)), exact_key=key,
        terms=tuple((t, w / norm) for t, w in terms), time=_shift(f.time, r * SHIFT_DAYS))


def _insert(store: SqliteStore, rows: list[tuple[str, str | None, str | None, Features]]
            ) -> list[int]:
    c = store.conn
    c.execute("BEGIN IMMEDIATE")
    ns = []
    for i, (aid, outlet, url, f) in enumerate(rows):
        cur = c.execute(
            "INSERT INTO articles (id, sha256, outlet, url, sort_time, language, title, "
            "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00')",
            (aid, f"{aid}-{i}", outlet, url, f.time, f.language, f.title))
        ns.append(int(cur.lastrowid or 0))
    c.execute("COMMIT")
    return ns


def build(store: SqliteStore, base: list, n: int, cache: link.FeatureCache) -> None:
    """Add and connect copies until the store holds ``n`` articles (one writer cache across
    batches, as ``app.connect`` keeps it)."""
    have = store.count()
    rng = random.Random(5)
    todo = []
    r = 0
    while len(todo) + have < n:
        for aid, outlet, url, f in base:
            k = len(todo)
            if k + have >= n:
                break
            if k >= have:
                todo.append((f"{aid}~c{r}", outlet, None if url is None else f"{url}#c{r}",
                             copy_of(f, r, rng)))
            else:
                todo.append(None)  # already stored by an earlier run
        r += 1
    todo = [t for t in todo if t is not None]
    t0 = time.perf_counter()
    for i in range(0, len(todo), BATCH):
        part = todo[i : i + BATCH]
        ns = _insert(store, part)
        link.connect_batch(store.conn, list(zip(ns, [p[3] for p in part], strict=True)), cache)
        done = have + i + len(part)
        if (i // BATCH) % 10 == 0:
            rate = (i + len(part)) / (time.perf_counter() - t0)
            print(f"  {done} articles ({rate:.0f} connected/s)", flush=True)
    if todo:
        dt = time.perf_counter() - t0
        print(f"built {len(todo)} articles in {dt:.0f} s: {len(todo) / dt:.0f} articles/s "
              "(insert + connect, one transaction per 1,000)", flush=True)


def probe(store: SqliteStore, base: list, n: int,
          cache: link.FeatureCache | None = None) -> list[float]:
    """Connect :data:`PROBES` new copies one by one inside one transaction (the ingest path),
    timing each :meth:`~mawsua.connect.link.Linker.add`; then roll back, so that the store
    keeps its N articles for the next run. Milliseconds per article. ``cache``: the writer's
    feature cache (warm after :func:`build`; ``None``: a cold one)."""
    rng = random.Random(11)
    r = n // len(base) + 1
    picks = rng.sample(base, PROBES)
    c = store.conn
    linker = link.Linker(c, cache)
    out = []
    c.execute("BEGIN IMMEDIATE")
    try:
        for i, (aid, outlet, url, f) in enumerate(picks):
            g = copy_of(f, r, rng)
            cur = c.execute(
                "INSERT INTO articles (id, sha256, outlet, url, sort_time, language, title, "
                "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00')",
                (f"{aid}~p{r}", f"probe-{i}", outlet, url, g.time, g.language, g.title))
            t = time.perf_counter()
            linker.add(int(cur.lastrowid or 0), g)
            out.append((time.perf_counter() - t) * 1000)
    finally:
        c.execute("ROLLBACK")
        linker.cache.clear()  # it holds rolled-back rows
    return out


def _report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    print(f"{name}: mean {statistics.fmean(ms):.2f} ms  p50 {statistics.median(ms):.2f} ms  "
          f"p95 {p95:.2f} ms  max {ms[-1]:.1f} ms  ({len(ms)} articles)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100_000, help="articles in the store")
    ap.add_argument("--db", type=Path, default=None,
                    help="store to build or reuse (default /tmp/mawsua-bench-connect-N.db)")
    args = ap.parse_args()
    db = args.db or Path(f"/tmp/mawsua-bench-connect-{args.n}.db")
    base = base_features(db.with_suffix(".features.pickle"))
    cache = link.FeatureCache()
    with SqliteStore(db) as store:
        build(store, base, args.n, cache)
        print(f"store: {store.count()} articles, "
              f"{store.conn.execute('SELECT count(*) FROM stories').fetchone()[0]} stories")
        _report("connect one new article (ingest path: inside the batch transaction; "
                "cold writer cache)", probe(store, base, args.n))
        if len(cache):
            _report("connect one new article (writer cache warm from the build)",
                    probe(store, base, args.n, cache))
        size = lsh_bytes(store.conn)
        if size:
            per = (size["bands_bytes"] + size["signature_bytes"]) / size["articles"]
            print(f"LSH index: {size['bands_bytes'] / size['articles']:.0f} B/article of band "
                  f"keys + {size['signature_bytes'] / size['articles']:.0f} B/article of "
                  f"signatures = {per:.0f} B/article (target <= 2048)")


if __name__ == "__main__":
    main()
