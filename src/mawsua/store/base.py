"""The store interface: what every backend provides (:class:`~mawsua.store.sqlite.SqliteStore`,
the default, and :class:`~mawsua.store.postgres.PostgresStore`).

Besides these methods, the wiring in ``app/`` (connect stage, source registry, scans) runs SQL
on ``store.conn`` under ``store.lock``: SQLite's dialect, which the PostgreSQL store's
connection translates (:mod:`mawsua.store.pgconn`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from mawsua.model import Article
from mawsua.model.results import AddResult, ArticleSummary, Facets, Page, SearchHit, SearchQuery


@runtime_checkable
class Store(Protocol):
    """Articles in, summaries, search hits and full articles out.

    Idempotence: an article whose raw bytes (SHA-256), or whose outlet + URL, or whose id is
    already stored is not stored again; its :class:`AddResult` says ``"duplicate"``.
    """

    #: no writes, no schema changes
    readonly: bool
    #: held around any transaction other code runs on ``conn`` (threads share one connection)
    lock: threading.RLock

    @property
    def conn(self) -> Any:
        """The open connection (``sqlite3.Connection`` or its PostgreSQL stand-in)."""
        ...

    def add(self, article: Article, raw: bytes) -> AddResult:
        """Store one article and its raw bytes (kept byte for byte)."""
        ...

    def add_many(self, items: Iterable[tuple[Article, bytes]]) -> list[AddResult]:
        """Store many ``(article, raw)`` pairs in one transaction; one result per pair."""
        ...

    def add_prepared(self, prepared: list[Any]) -> list[AddResult]:
        """Store already prepared items (:class:`~mawsua.store.sqlite.Prepared`) in one
        transaction; one result per item."""
        ...

    def add_stream(self, items: Iterable[tuple[Article, bytes]], batch: int = 500
                   ) -> Iterator[AddResult]:
        """Store a long stream, one transaction per ``batch``; one result per pair."""
        ...

    def stored_id(self, sha256: str, outlet: str | None = None,
                  url: str | None = None) -> str | None:
        """The id of a stored article with these raw bytes, or this outlet + URL."""
        ...

    def get(self, article_id: str) -> Article:
        """The stored article (``KeyError`` when absent)."""
        ...

    def get_raw(self, article_id: str) -> bytes:
        """The raw bytes the article was read from (``KeyError`` when absent)."""
        ...

    def latest(self, limit: int = 20, offset: int = 0, outlet: str | None = None,
               section: str | None = None, language: str | None = None, *,
               outlet_names: tuple[str, ...] = ()) -> Page[ArticleSummary]:
        """Newest first (publication time, then ingest order), with optional filters."""
        ...

    def text(self, article_id: str) -> str:
        """The repaired text of one article (``KeyError`` when absent)."""
        ...

    def search(self, query: SearchQuery) -> Page[SearchHit]:
        """Full-text search over folded, lightly stemmed text; best first."""
        ...

    def facets(self) -> Facets:
        """Outlet, section and language counts."""
        ...

    def count(self) -> int:
        """Number of stored articles."""
        ...

    def outlet_counts(self) -> dict[str, int]:
        """Articles per outlet (``""`` for unknown outlet)."""
        ...

    def close(self) -> None:
        """Release the connection (idempotent)."""
        ...
