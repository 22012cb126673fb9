"""What the outgoing feeds list: the newest articles of the store, of a search, a section, a
story or an entity, each with its text (rendering is :mod:`mawsua.web.feeds`).

A feed lists articles newest first (publication time, then ingest order), not by relevance:
a reader following a search wants what is new. Stores other than SQLite (the web tests' fakes)
fall back to their ``latest``/``search`` listings, with the snippet as text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mawsua.app.queries import widen
from mawsua.model.results import ArticleSummary, SearchQuery
from mawsua.store import scan
from mawsua.store.sqlite import SqliteStore

#: items per feed unless asked otherwise, and at most
DEFAULT_ITEMS = 50
MAX_ITEMS = 200

Entry = tuple[ArticleSummary, str]


def _clamp(limit: int) -> int:
    return max(1, min(int(limit), MAX_ITEMS))


def newest(store: Any, query: SearchQuery, limit: int = DEFAULT_ITEMS) -> list[Entry]:
    """The newest articles matching ``query`` (words and every search filter; an empty query
    lists the whole store) as ``(summary, text)`` pairs, at most ``limit`` (1..200).

    This is the function a saved-search (alert) feed calls with the saved query. The query
    is widened as a search is (:func:`mawsua.app.queries.widen`: an entity by any of its names
    in either script, ``Morsi`` as ``محمد مرسي``; every name of an outlet).

    Raises:
        ValueError: on bad ``since``/``until``.
    """
    limit = _clamp(limit)
    if isinstance(store, SqliteStore):
        return scan.newest(store, widen(store, query), limit)
    if not (query.text or query.outlet or query.section or query.language or query.entity
            or query.since or query.until):
        items: list[Any] = store.latest(limit=limit).items
    else:
        items = store.search(widen(store, replace(query, limit=limit, offset=0))).items
    return [(_summary(i), i.snippet) for i in items]


def _summary(item: Any) -> ArticleSummary:
    return ArticleSummary(item.id, item.url, item.outlet, item.title, item.title_derived,
                          item.published, item.published_local, item.section, item.language,
                          item.snippet)


def section(store: Any, code: str, limit: int = DEFAULT_ITEMS) -> list[Entry]:
    """The newest articles filed under a Mawsua section code (``IQ``, ``politics``); ``[]``
    for a store without sections."""
    if not isinstance(store, SqliteStore):
        return []
    return scan.newest(store, SearchQuery(), _clamp(limit), section_code=code)


def story(store: Any, story_id: int, limit: int = DEFAULT_ITEMS) -> list[Entry]:
    """The newest reports of one story; ``[]`` for a store without stories."""
    if not isinstance(store, SqliteStore):
        return []
    return scan.story_newest(store, story_id, _clamp(limit))
