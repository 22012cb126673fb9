"""Latency of the analyst's desk pages and API (issue 12) on a store of real annotated articles.

Usage::

    .venv/bin/python bench/bench_desk.py --source-db corpus.db            # the store as it is
    .venv/bin/python bench/bench_desk.py --source-db corpus.db -n 100000  # replicated to 100k

``--source-db`` is a store made by ``mawsua ingest`` (entities and quotes need the whole
pipeline; without it the corpus is ingested first, which takes minutes). With ``-n`` larger
than the store, it is copied and its rows replicated in SQL until it holds ``n`` articles:
replica ``k`` gets the id ``ID-rK``, the URL ``…?r=K`` and its times (article, entity,
quotation and story times; the publication times shown stay as given) moved ``7·k`` days later,
so that the replicas fill new weeks as a live store grows; every table is copied (documents,
full text, connections, entities, quotations and their index).

Then each route is asked ``--rounds`` times in process (FastAPI TestClient: routing,
validation, queries, template rendering; warm caches) with real parameters taken from the
store — the most mentioned entities and some further down the list, speakers, words of
quotations — and p50/p95/max in ms are printed per route. The issue's target: no page slower
than p95 200 ms at 100k articles.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS  # noqa: E402
from bench_store import pct, peak_mb  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from mawsua.app import queries  # noqa: E402
from mawsua.app.ingest import ingest  # noqa: E402
from mawsua.web.app import create_app  # noqa: E402


def grow(source: Path, target: Path, n: int) -> int:
    """Copy ``source`` to ``target`` and replicate its articles in SQL until it holds ``n``
    (see the module docstring): every table of the store and of the desk is copied with row
    numbers, ids and times moved; the full-text rows are indexed again from the same columns.
    Returns the number of articles stored."""
    from mawsua.store import fts

    shutil.copyfile(source, target)
    with queries.open_store(target) as store:
        conn = store.conn
        k_n = conn.execute("SELECT max(n) FROM articles").fetchone()[0]
        q_n = conn.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0]
        cols = {n_: fts.index_columns(t, store.text(i)) for n_, i, t in
                conn.execute("SELECT n, id, title FROM articles ORDER BY n").fetchall()}
        qcols = {q: (qn, fts.index_columns(None, t))
                 for q, qn, t in conn.execute("SELECT id, n, text FROM quotes")}
        k = 0
        while True:
            k += 1
            left = n - k * k_n
            if left <= 0:
                break
            off, qoff, lim = k * k_n, k * q_n, min(k_n, left)
            shift = f"+{7 * k} days"
            t = ("CASE WHEN {0} IS NULL THEN NULL WHEN length({0}) = 10 THEN date({0}, ?1) "
                 "ELSE strftime('%Y-%m-%dT%H:%M:%S', {0}, ?1) END")
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO articles (n, id, sha256, outlet, url, published, published_local, "
                "sort_time, section, language, title, title_derived, ingested_at) "
                "SELECT n + ?2, id || '-r' || ?3, sha256 || '-r' || ?3, outlet, "
                "url || '?r=' || ?3, published, published_local, " + t.format("sort_time")
                + ", section, language, title, title_derived, ingested_at FROM articles "
                "WHERE n <= ?4", (shift, off, k, lim))
            for table, select in (
                    ("documents", "n + ?1, doc, body, raw_text, raw"),
                    ("article_text", "n + ?1, text"),
                    ("article_sections", "code, n + ?1, kind, score"),
                    ("article_entities", "n + ?1, key, type, canonical")):
                conn.execute(f"INSERT INTO {table} SELECT {select} FROM {table} WHERE n <= ?2",
                             (off, lim))
            conn.execute("INSERT INTO article_links SELECT n + ?1, dup_group + ?1, "
                         "duplicate_of + ?1, story + ?1 FROM article_links WHERE n <= ?2",
                         (off, lim))
            conn.execute("INSERT INTO stories SELECT id + ?2, label, label_n + ?2, size, outlets, "
                         "languages, " + t.format("first_seen") + ", " + t.format("last_seen")
                         + " FROM stories WHERE id <= ?3", (shift, off, lim))
            conn.execute("INSERT INTO entity_articles SELECT canonical, n + ?2, type, country, "
                         "mentions, " + t.format("time") + " FROM entity_articles WHERE n <= ?3",
                         (shift, off, lim))
            conn.execute("INSERT INTO quotes SELECT id + ?2, n + ?3, idx, label, text, speaker, "
                         "speaker_canonical, speaker_key, cue, language, " + t.format("time")
                         + ", start, end FROM quotes WHERE n <= ?4", (shift, qoff, off, lim))
            conn.execute("INSERT INTO quote_entities SELECT e.canonical, e.quote + ?2, "
                         + t.format("e.time") + " FROM quote_entities e "
                         "JOIN quotes q ON q.id = e.quote WHERE q.n <= ?3", (shift, qoff, lim))
            conn.executemany("INSERT INTO articles_fts (rowid, title_exact, body_exact, "
                             "title_stem, body_stem) VALUES (?, ?, ?, ?, ?)",
                             [(n_ + off, *c) for n_, c in cols.items() if n_ <= lim])
            conn.executemany("INSERT INTO quotes_fts (rowid, title_exact, body_exact, "
                             "title_stem, body_stem) VALUES (?, ?, ?, ?, ?)",
                             [(q + qoff, *c) for q, (qn, c) in qcols.items() if qn <= lim])
            conn.execute("COMMIT")
            print(f"\r  stored {off + lim:,}", end="", flush=True)
        print()
        conn.execute("BEGIN")
        conn.execute(
            "UPDATE entities SET (articles, mentions, first_seen, last_seen) = (SELECT count(*), "
            "sum(mentions), min(time), max(time) FROM entity_articles e "
            "WHERE e.canonical = entities.canonical)")
        # names: each article's names again in every copy (the last copy may be partial: the
        # counts are scaled, close enough for timing)
        conn.execute("UPDATE entity_names SET articles = CAST(articles * ? AS INTEGER)", (n / k_n,))
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


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
