"""How a request reaches the store.

SQLite connections must stay on the thread that opened them, and FastAPI may run a
dependency, the endpoint and the dependency's clean-up on three different worker threads. So
the dependency hands out a :class:`StoreAccess` — a small factory — and the endpoint opens the
store *inside its own thread* for the length of the request::

    with access.open() as store:
        page = queries.latest(store, limit=20)

The store is opened read-only (the web never writes) and closed on the same thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request

from mawsua.app import queries

#: Opens a store at a path: the default is ``mawsua.app.queries.open_store(path, readonly=True)``.
StoreOpener = Callable[[Path], Any]


class StoreUnavailable(Exception):
    """The database could not be opened (missing file, not a database, locked...)."""


def default_opener(path: Path) -> Any:
    """Open the SQLite store at ``path`` read-only through the app layer.

    Raises:
        Exception: whatever the store raises when the file cannot be opened.
    """
    return queries.open_store(path, readonly=True)


@dataclass(frozen=True, slots=True)
class StoreAccess:
    """Opens the store for one request on the calling thread (see the module docstring)."""

    db_path: Path
    opener: StoreOpener

    @contextmanager
    def open(self) -> Iterator[Any]:
        """Yield an open read-only store; close it afterwards when it has ``close()``.

        Raises:
            StoreUnavailable: when opening fails (the pages answer 503).
        """
        try:
            store = self.opener(self.db_path)
        except Exception as exc:  # any opener failure means "no database to read"
            raise StoreUnavailable(f"cannot open the database {self.db_path}: {exc}") from exc
        try:
            yield store
        finally:
            close = getattr(store, "close", None)
            if callable(close):
                close()


def store_access(request: Request) -> StoreAccess:
    """FastAPI dependency: the app's :class:`StoreAccess` (set by ``create_app``)."""
    access: StoreAccess = request.app.state.store_access
    return access
