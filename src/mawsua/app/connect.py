"""Wiring of the connect stage: link newly stored articles, rebuild every link, read stories.

Ingest (:func:`mawsua.app.ingest._store_batch`) calls :func:`connect_added` after each batch is
stored, so every ingest path connects what it adds. The features were computed in the worker
processes (``Prepared.connect``); only the linking runs in the writer.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any

from mawsua.arabic.fold import tokens
from mawsua.connect import link
from mawsua.connect import read as connect_read
from mawsua.connect.features import Features, band_keys, body_text, features, signature
from mawsua.connect.sections import TOPIC_NAMES, section_code
from mawsua.errors import MawsuaError
from mawsua.model.results import ArticleSummary, Story
from mawsua.store.fts import lead
from mawsua.store.sqlite import SqliteStore

#: articles connected per transaction by :func:`rebuild`
REBUILD_BATCH = 500

#: each open store's writer memory of recent articles' features (:class:`link.FeatureCache`),
#: kept across batches for as long as the store object lives
_CACHES: weakref.WeakKeyDictionary[SqliteStore, link.FeatureCache] = weakref.WeakKeyDictionary()


def _cache(store: SqliteStore) -> link.FeatureCache:
    cache = _CACHES.get(store)
    if cache is None:
        cache = _CACHES[store] = link.FeatureCache()
    return cache


def bound_feature_cache(store: SqliteStore, articles: int) -> None:
    """Keep at most ``articles`` recent articles' features in ``store``'s writer memory
    (:class:`link.FeatureCache`, ~12 KB an article as Python objects, ~1.6 KB as stored JSON;
    :data:`link.CACHE_ARTICLES` by default): for processes that each write and connect,
    e.g. ``bulk``'s workers, whose caches hold much the same recent articles. Older
    candidates are read back from the store when met (``connect_features``)."""
    _cache(store).limit = max(1, articles)


__all__ = ["TOPIC_NAMES", "bound_feature_cache", "connect_added", "connect_pending", "refresh_signatures", "unconnected_ids", "connections", "counts", "lsh_bytes", "rebuild",
           "section_article_ids", "section_articles", "section_code", "section_counts",
           "stories", "story", "summary", "top_stories"]


def _row_numbers(store: SqliteStore, ids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        marks = ", ".join("?" * len(part))
        out.update({a: int(n) for a, n in store.conn.execute(
            f"SELECT id, n FROM articles WHERE id IN ({marks})", part)})
    return out


def connect_added(store: SqliteStore, added: Iterable[tuple[str, Features]]
                  ) -> list[dict[str, str]]:
    """Connect stored articles (``(id, features)`` pairs, in order) in one transaction; when
    that fails, one by one, so that one bad article never stops the others.

    Returns:
        ``{"path", "code": "E_CONNECT", "reason"}`` for each article that could not be
        connected (it stays stored; ``mawsua stories --rebuild`` retries it).
    """
    pairs = list(added)
    if not pairs:
        return []
    with store.lock:  # other threads (watch's feed threads) share the connection
        ns = _row_numbers(store, [a for a, _ in pairs])
        items = [(a, ns[a], f) for a, f in pairs if a in ns]
        try:
            link.connect_batch(store.conn, [(n, f) for _, n, f in items], _cache(store))
            return []
        except Exception:  # noqa: BLE001 - retried one by one below
            pass
        failed = []
        for a, n, f in items:
            try:
                link.connect_batch(store.conn, [(n, f)], _cache(store))
            except Exception as exc:  # noqa: BLE001 - reported per article
                failed.append({"path": a, "code": "E_CONNECT", "reason": str(exc)})
        return failed


def unconnected_ids(store: SqliteStore) -> list[tuple[int, str]]:
    """``(n, id)`` of stored articles without duplicate/story links (a run killed between
    storing a batch and connecting it), in storage order; empty for a store without the
    connect tables."""
    if not _connected(store):
        return []
    with store.lock:
        c = store.conn
        # fast path: as many link rows as articles means nothing is pending
        if (c.execute("SELECT count(*) FROM articles").fetchone()[0]
                == c.execute("SELECT count(*) FROM article_links").fetchone()[0]):
            return []
        return [(int(n), str(i)) for n, i in store.conn.execute(
            "SELECT a.n, a.id FROM articles a LEFT JOIN article_links l ON l.n = a.n "
            "WHERE l.n IS NULL ORDER BY a.n")]


def connect_pending(store: SqliteStore) -> tuple[int, list[dict[str, str]]]:
    """Finish the connections a killed run left undone: every stored article without links
    is connected from its stored layers (as :func:`rebuild` does), in storage order, in
    batches; articles another process connects meanwhile are passed over.

    Returns:
        ``(connected, failed)``: how many were connected, and ``{"path", "code":
        "E_CONNECT", "reason"}`` for each that could not be (they stay pending).
    """
    if store.readonly:
        return 0, []
    failed = refresh_signatures(store)
    pending = unconnected_ids(store)
    done = 0
    for k in range(0, len(pending), REBUILD_BATCH):
        part = pending[k : k + REBUILD_BATCH]
        pairs = []
        for _n, i in part:
            try:
                pairs.append((i, features(store.get(i))))
            except Exception as exc:  # noqa: BLE001 - reported per article
                failed.append({"path": i, "code": "E_CONNECT", "reason": str(exc)})
        bad = connect_added(store, pairs)
        failed += bad
        done += len(pairs) - len(bad)
    return done, failed


def refresh_signatures(store: SqliteStore) -> list[dict[str, str]]:
    """Recompute the MinHash signatures and LSH band keys of the articles stored with an older
    signature scheme (queued by store migration 13 / PostgreSQL migration 5) from their stored
    layers, in batches of :data:`REBUILD_BATCH`, so that new articles find them as
    near-duplicates again. Their links and stories stay. Called first by
    :func:`connect_pending` (every ingest and bulk run); a store without a queue costs one
    query.

    Returns:
        ``{"path", "code": "E_CONNECT", "reason"}`` for each article that could not be
        recomputed (it stays queued; ``mawsua stories --rebuild`` recomputes everything).
    """
    if store.readonly or not _connected(store):
        return []
    failed: list[dict[str, str]] = []
    skip: set[int] = set()
    while True:
        with store.lock:
            part = [p for p in link.pending_signatures(store.conn, REBUILD_BATCH + len(skip))
                    if p[0] not in skip]
        if not part:
            return failed
        rows = []
        for n, i in part:
            try:
                sig = signature(tokens(body_text(store.get(i))))
            except Exception as exc:  # noqa: BLE001 - reported per article, left queued
                failed.append({"path": i, "code": "E_CONNECT", "reason": str(exc)})
                skip.add(n)
                continue
            rows.append((n, sig, band_keys(sig)))
        with store.lock:
            link.replace_signatures(store.conn, rows)


def rebuild(store: SqliteStore, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Forget every duplicate, story and section link and connect every stored article
    again from its stored layers, in storage order.

    Returns:
        ``{"articles", "stories", "duplicates"}`` counts after the rebuild.

    Raises:
        MawsuaError: ``E_STORE`` when the store is read-only.
    """
    if store.readonly:
        raise MawsuaError("E_STORE", "the store is open read-only", str(store.path))
    conn = store.conn
    with store.lock:
        link.clear(conn)
        _cache(store).clear()
        ids = [(n, i) for n, i in conn.execute("SELECT n, id FROM articles ORDER BY n")]
    done = 0
    for k in range(0, len(ids), REBUILD_BATCH):
        part = ids[k : k + REBUILD_BATCH]
        batch = [(n, features(store.get(i))) for n, i in part]
        with store.lock:
            link.connect_batch(conn, batch, _cache(store))
        done += len(part)
        if progress is not None:
            progress(done)
    return counts(store)


def counts(store: SqliteStore) -> dict[str, int]:
    """``{"articles", "stories", "duplicates"}``: connected articles, stories, articles that
    are a copy of an earlier one."""
    c = store.conn
    return {
        "articles": int(c.execute("SELECT count(*) FROM article_links").fetchone()[0]),
        "stories": int(c.execute("SELECT count(*) FROM stories").fetchone()[0]),
        "duplicates": int(c.execute(
            "SELECT count(*) FROM article_links WHERE duplicate_of IS NOT NULL").fetchone()[0]),
    }


def connections(store: SqliteStore, article_id: str) -> dict[str, Any]:
    """``{"duplicate_of", "story", "sections"}`` of one article (see
    :func:`mawsua.connect.read.connections`).

    Raises:
        KeyError: when no article has this id.
    """
    if not _connected(store):
        store.get(article_id)  # KeyError when there is no such article
        return {"duplicate_of": None, "story": None,
                "sections": {"countries": [], "topics": []}}
    return connect_read.connections(store.conn, article_id)


def _connected(store: Any) -> bool:
    """Whether ``store`` is a SQLite store with the connect tables (web tests pass fakes;
    a read-only file written before migration 4 has none): other stores have no stories."""
    if not isinstance(store, SqliteStore):
        return False
    return store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stories'").fetchone() \
        is not None


def stories(store: SqliteStore, *, since: str | None = None, section: str | None = None,
            min_size: int = 1, min_outlets: int = 1, limit: int = 20, offset: int = 0,
            members: int | None = connect_read.MEMBERS_IN_LISTING) -> tuple[list[Story], int]:
    """Stories by outlets, then size, then recency (:func:`mawsua.connect.read.stories`);
    ``([], 0)`` for a store without connect tables."""
    if not _connected(store):
        return [], 0
    return connect_read.stories(store.conn, since=since, section=section, min_size=min_size,
                                min_outlets=min_outlets, limit=limit, offset=offset,
                                members=members)


def top_stories(store: SqliteStore, limit: int = 10) -> tuple[str | None, list[Story]]:
    """The latest day on which a story told by two or more outlets was seen ("today" for a
    live store, the last busy day of an archive) and that day's stories told by two or more
    outlets, by number of outlets."""
    if not _connected(store):
        return None, []
    day = connect_read.latest_day(store.conn)
    if day is None:
        return None, []
    items, _ = connect_read.stories(store.conn, since=day, min_outlets=2, limit=limit, members=5)
    return day, items


def story(store: SqliteStore, story_id: int) -> Story:
    """One story with all its reports, oldest first.

    Raises:
        KeyError: when there is no such story.
    """
    if not _connected(store):
        raise KeyError(story_id)
    return connect_read.story(store.conn, story_id)


def section_counts(store: SqliteStore) -> list[tuple[str, str, int]]:
    """``(code, kind, articles)`` for every section, most articles first."""
    if not _connected(store):
        return []
    return connect_read.section_counts(store.conn)


def section_articles(store: SqliteStore, code: str, limit: int = 20, offset: int = 0
                     ) -> tuple[list[ArticleSummary], int]:
    """Summaries of the articles filed under one section, newest first, and the total."""
    ids, total = section_article_ids(store, code, limit, offset)
    out = []
    for i in ids:
        out.append(summary(store, i))
    return out, total


def summary(store: SqliteStore, article_id: str) -> ArticleSummary:
    """The listing summary of one article (title, outlet, times, snippet).

    Raises:
        KeyError: when no article has this id.
    """
    art = store.get(article_id)
    md = art.metadata
    return ArticleSummary(article_id, md.url, md.outlet, md.title, md.title_derived,
                          md.published, md.published_local, md.section, md.language,
                          lead(art.text))


def section_article_ids(store: SqliteStore, code: str, limit: int = 20, offset: int = 0
                        ) -> tuple[list[str], int]:
    """Ids of the articles of one section, newest first, and the total."""
    if not _connected(store):
        return [], 0
    return connect_read.section_article_ids(store.conn, code, limit, offset)


def lsh_bytes(store: SqliteStore) -> dict[str, int] | None:
    """Size of the LSH index (:func:`mawsua.connect.read.lsh_bytes`)."""
    return connect_read.lsh_bytes(store.conn)
