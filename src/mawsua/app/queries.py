"""Read-side queries for the CLI and the website: the only door from the shells to the store.

Each function opens nothing itself: callers pass a store from :func:`open_store` (one per
process or per request thread). The store is the default SQLite one unless told otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from mawsua.model import Article
from mawsua.model.results import ArticleSummary, Facets, Page, SearchHit, SearchQuery
from mawsua.store.sqlite import SqliteStore

DEFAULT_DB = "mawsua.db"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database path: ``explicit``, else ``$MAWSUA_DB``, else ``./mawsua.db``."""
    return Path(explicit or os.environ.get("MAWSUA_DB") or DEFAULT_DB)


def open_store(path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> SqliteStore:
    """Open (creating and migrating when writable) the store at :func:`db_path`.

    Raises:
        mawsua.errors.MawsuaError: ``E_STORE`` when the file cannot be opened as a database.
    """
    return SqliteStore(db_path(path), readonly=readonly)


def latest(store: SqliteStore, *, limit: int = 20, offset: int = 0, outlet: str | None = None,
           section: str | None = None, language: str | None = None) -> Page[ArticleSummary]:
    """Newest articles first (by publication time, then ingest order)."""
    return store.latest(limit=limit, offset=offset, outlet=outlet, section=section,
                        language=language)


def search(store: SqliteStore, query: SearchQuery) -> Page[SearchHit]:
    """Full-text search over folded, lightly stemmed text; exact word forms rank first."""
    return store.search(query)


def get_article(store: SqliteStore, article_id: str) -> Article:
    """One stored article with every layer.

    Raises:
        KeyError: when no article has this id.
    """
    return store.get(article_id)


def facets(store: SqliteStore) -> Facets:
    """Outlet, section and language counts for filter menus."""
    return store.facets()
