"""How a request reaches the store.

SQLite connections should not be shared between threads, and FastAPI may run a dependency,
the endpoint and the dependency's clean-up on three different worker threads. So the
dependency hands out a :class:`StoreAccess` — a small factory — and the endpoint takes the
store *inside its own thread* for the length of the request::

    with access.open() as store:
        page = queries.latest(store, limit=20)

Each worker thread opens its own read-only store on first use and keeps it (so SQLite's page
cache stays warm between requests); :meth:`StoreAccess.close_all` closes them when the app
shuts down. The pages read through a read-only store; accounts, reading state and
admin actions go through a second, writable :class:`StoreAccess` (``accounts_access``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


@dataclass
class StoreAccess:
    """Hands each worker thread its own open store (see the module docstring)."""

    db_path: Path
    opener: StoreOpener
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _opened: list[Any] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _store(self) -> Any:
        store = getattr(self._local, "store", None)
        if store is None:
            try:
                store = self.opener(self.db_path)
            except Exception as exc:  # any opener failure means "no database to read"
                raise StoreUnavailable(f"cannot open the database {self.db_path}: {exc}") from exc
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    @contextmanager
    def open(self) -> Iterator[Any]:
        """Yield this thread's read-only store, opening it on first use.

        Raises:
            StoreUnavailable: when opening fails, or the store reports ``E_STORE`` while
                reading (the pages answer 503); the thread's store is then dropped so the
                next request opens a fresh one.
        """
        store = self._store()
        try:
            yield store
        except Exception as exc:
            if getattr(exc, "code", None) != "E_STORE":
                raise
            self._drop(store)
            raise StoreUnavailable(str(exc)) from exc

    def _drop(self, store: Any) -> None:
        self._local.store = None
        with self._lock:
            if store in self._opened:
                self._opened.remove(store)
        _close(store)

    def close_all(self) -> None:
        """Close every store the worker threads opened (at application shutdown)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            _close(store)
        self._local = threading.local()


def _close(store: Any) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        close()


def writable_opener(path: Path) -> Any:
    """Open the SQLite store at ``path`` writable (migrating it) for accounts, reading state
    and admin actions; a missing file is not created.

    Raises:
        Exception: ``E_STORE`` when there is no file, or whatever the store raises.
    """
    if isinstance(path, Path) and not path.is_file():
        raise StoreUnavailable(f"no database at {path}")
    return queries.open_store(path)  # a PostgreSQL URL: the server says whether it is there


async def store_access(request: Request) -> StoreAccess:
    """FastAPI dependency: the app's :class:`StoreAccess` (set by ``create_app``); ``async``
    so that FastAPI does not send it to a worker thread of its own."""
    access: StoreAccess = request.app.state.store_access
    return access
