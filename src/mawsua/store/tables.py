"""One transaction and one read helper for the store's side tables (alerts, reader): the
writer's ``BEGIN IMMEDIATE`` … ``COMMIT`` under the store's lock, and SQLite failures as coded
errors naming the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from mawsua.errors import MawsuaError
from mawsua.store.sqlite import SqliteStore


class StoreTables:
    """Side tables over an open :class:`~mawsua.store.sqlite.SqliteStore`; ``LABEL`` names
    them in error reasons (``alerts: database is locked``).

    Raises (every method that reads or writes):
        MawsuaError: ``E_STORE`` when SQLite fails (an ``IntegrityError`` inside a
            transaction is raised as it is, for the caller to say which constraint).
    """

    LABEL = "store"

    def __init__(self, store: SqliteStore) -> None:
        self.store = store

    def _error(self, e: sqlite3.Error) -> MawsuaError:
        return MawsuaError("E_STORE", f"{self.LABEL}: {e}", str(self.store.path))

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self.store.lock:
            conn = self.store.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise self._error(e) from e
            try:
                yield conn
            except sqlite3.IntegrityError:
                conn.execute("ROLLBACK")
                raise
            except sqlite3.Error as e:
                conn.execute("ROLLBACK")
                raise self._error(e) from e
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.store.lock:
            try:
                return self.store.conn.execute(sql, list(args)).fetchall()
            except sqlite3.Error as e:
                raise self._error(e) from e
