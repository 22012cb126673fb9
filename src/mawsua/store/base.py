"""The store interface: what every backend (SQLite now, Postgres later) provides."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from mawsua.model import Article
from mawsua.model.results import AddResult, ArticleSummary, Facets, Page, SearchHit, SearchQuery


@runtime_checkable
class Store(Protocol):
    """Articles in, summaries, search hits and full articles out.

    Idempotence: an article whose raw bytes (SHA-256), or whose outlet + URL, or whose id is
    already stored is not stored again; its :class:`AddResult` says ``"duplicate"``.
    """

    def add(self, article: Article, raw: bytes) -> AddResult:
        """Store one article and its raw bytes (kept byte for byte)."""
        ...

    def add_many(self, items: Iterable[tuple[Article, bytes]]) -> list[AddResult]:
        """Store many ``(article, raw)`` pairs in one transaction; one result per pair."""
        ...

    def get(self, article_id: str) -> Article:
        """The stored article (``KeyError`` when absent)."""
        ...

    def get_raw(self, article_id: str) -> bytes:
        """The raw bytes the article was read from (``KeyError`` when absent)."""
        ...

    def latest(self, limit: int = 20, offset: int = 0, outlet: str | None = None,
               section: str | None = None, language: str | None = None
               ) -> Page[ArticleSummary]:
        """Newest first (publication time, then ingest order), with optional filters."""
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
