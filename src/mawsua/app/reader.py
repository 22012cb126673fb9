"""Per-user reading state (read/unread, starred, mark all as read, unread counts) and the
listings reader apps page through. The website and the Google Reader and Fever APIs call
these with a writable store; the tables are in :mod:`mawsua.store.reader`.

An article is unread until its reader marks it read; a story is read when all its reports
are. The state is kept per article *id*, so it survives re-ingest and ``stories --rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from mawsua.store.reader import (
    FILTER_ACTIONS,
    FILTER_FIELDS,
    SCOPES,
    STATES,
    FilterRule,
    ItemRow,
    ReaderStore,
    Scope,
)
from mawsua.store.sqlite import SqliteStore

__all__ = ["FILTER_ACTIONS", "FILTER_FIELDS", "SCOPES", "STATES", "FilterRule", "ItemRow",
           "Scope", "add_filter", "filters", "remove_filter", "feed_outlet", "feeds", "item_numbers",
           "items", "mark", "mark_all_read", "max_n", "numbers_of", "states", "unread_counts",
           "story_unread", "ids_of", "flagged"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def mark(store: SqliteStore, user_id: int, article_ids: Iterable[str], flag: str,
         on: bool) -> int:
    """Set ``flag`` (``read`` or ``starred``) on or off for these articles (ids of no stored
    article are ignored); returns how many stored articles it applied to.

    Raises:
        ValueError: for another flag.
    """
    return ReaderStore(store).set_flag(user_id, article_ids, flag, on, _now())


def mark_all_read(store: SqliteStore, user_id: int, scope: Scope, *, max_n: int | None = None,
                  ingested_before: str | None = None) -> int:
    """"Mark all as read up to here": every article of ``scope`` stored up to item number
    ``max_n`` (what the page showed; newer arrivals stay unread) and/or ingested before
    ``ingested_before`` (ISO UTC). Returns how many were unread.

    Raises:
        ValueError: for an unknown scope kind.
    """
    return ReaderStore(store).mark_scope_read(user_id, scope, _now(), max_n=max_n,
                                              ingested_before=ingested_before)


def states(store: SqliteStore, user_id: int, article_ids: Iterable[str]
           ) -> dict[str, tuple[bool, bool]]:
    """``{article id: (read, starred)}``; ids missing from it are unread and not starred."""
    return ReaderStore(store).states(user_id, article_ids)


def unread_counts(store: SqliteStore, user_id: int, by: str) -> dict[str, int]:
    """Unread articles per ``outlet``, ``section``, ``story`` or in ``all`` (key ``""``).

    Raises:
        ValueError: for another grouping.
    """
    return ReaderStore(store).unread_counts(user_id, by)


def story_unread(store: SqliteStore, user_id: int, story_ids: Iterable[int]) -> dict[int, int]:
    """Unread reports per story (0: the story is read)."""
    return ReaderStore(store).story_unread(user_id, story_ids)


def max_n(store: SqliteStore) -> int:
    """The newest item number (what "mark all as read up to here" remembers)."""
    return ReaderStore(store).max_n()


def feeds(store: SqliteStore, user_id: int) -> list[dict[str, Any]]:
    """Outlets as feeds: ``id, outlet, articles, unread, newest``."""
    return ReaderStore(store).feeds(user_id)


def feed_outlet(store: SqliteStore, feed_id: int) -> str | None:
    """The outlet a feed number stands for, or ``None``."""
    return ReaderStore(store).feed_outlet(feed_id)


def item_numbers(store: SqliteStore, user_id: int, scope: Scope, **kw: Any) -> list[int]:
    """Item numbers of a listing (see :meth:`mawsua.store.reader.ReaderStore.item_numbers`
    for the keywords).

    Raises:
        ValueError: for an unknown scope or state.
    """
    return ReaderStore(store).item_numbers(user_id, scope, **kw)


def items(store: SqliteStore, user_id: int, numbers: Sequence[int]) -> list[ItemRow]:
    """The items with these numbers, in that order, with the user's state."""
    return ReaderStore(store).items(user_id, numbers)


def ids_of(store: SqliteStore, numbers: Sequence[int]) -> list[str]:
    """Article ids of item numbers (unknown numbers skipped)."""
    return ReaderStore(store).ids_of(numbers)


def numbers_of(store: SqliteStore, article_ids: Sequence[str]) -> dict[str, int]:
    """Item numbers of article ids."""
    return ReaderStore(store).numbers_of(article_ids)


def flagged(store: SqliteStore, user_id: int, flag: str) -> list[int]:
    """Numbers of every ``unread`` or ``starred`` item, newest first."""
    return ReaderStore(store).flagged_numbers(user_id, flag)


def filters(store: SqliteStore, user_id: int) -> list[FilterRule]:
    """The user's content filters, oldest first."""
    return ReaderStore(store).filters(user_id)


def add_filter(store: SqliteStore, user_id: int, action: str, field: str,
               pattern: str) -> FilterRule:
    """Add a content filter: ``hide`` or ``keep`` the articles whose ``title``, ``text``
    (search syntax), ``outlet`` or ``entity`` matches ``pattern``. It applies at once to
    every stored article in the user's lists, counts and API streams.

    Raises:
        ValueError: for an unknown action or field, or a bad pattern.
    """
    return ReaderStore(store).add_filter(user_id, action, field, pattern, _now())


def remove_filter(store: SqliteStore, user_id: int, rule_id: int) -> bool:
    """Delete one of the user's filters; ``False`` when the user has no such filter."""
    return ReaderStore(store).remove_filter(user_id, rule_id)
