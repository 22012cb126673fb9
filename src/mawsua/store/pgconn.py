"""A PostgreSQL connection that speaks the SQLite dialect the shared SQL code is written in.

The connect stage (:mod:`mawsua.connect.link`, :mod:`mawsua.connect.read`), the source
registry (:mod:`mawsua.store.sources`) and the wiring in ``app/`` run their SQL on
``store.conn`` with ``?`` parameters and a few SQLite forms. :class:`PgConn` wraps a psycopg 3
connection in autocommit mode and rewrites those forms, so that the same statements (and so
the same duplicate, story and section results) run on both backends:

============================================  =================================================
SQLite                                         PostgreSQL
============================================  =================================================
``?`` parameters                               ``%s`` (``%`` in the text doubled)
``BEGIN IMMEDIATE`` (one writer per file)      ``BEGIN`` + ``pg_advisory_xact_lock`` (one writer
                                               per database, until COMMIT/ROLLBACK)
``INSERT OR IGNORE INTO t ...``                ``INSERT INTO t ... ON CONFLICT DO NOTHING``
``INSERT OR REPLACE INTO t (cols) ...``        ``... ON CONFLICT (primary key) DO UPDATE`` (the
                                               tables of :data:`PRIMARY_KEYS`)
``INDEXED BY idx`` (a planner hint)            left out
``CROSS JOIN t x ON ...`` (SQLite's join       ``JOIN t x ON ...``
order hint)
``INSERT OR ... RETURNING cols``               ``... ON CONFLICT ... RETURNING cols``
``group_concat(x, sep)`` (the separator        ``string_agg(x, sep)``
must be given)
``sqlite_master``                              a view over ``information_schema.tables``
                                               (PostgreSQL migration 1)
``DESC`` (NULLs are smallest in SQLite)        ``DESC NULLS LAST`` (PostgreSQL's NULLs are
                                               largest; ascending orders of the shared code
                                               are on NOT NULL columns or say ``IS NULL``)
============================================  =================================================

Errors of psycopg are raised as :class:`PgError`, a subclass of ``sqlite3.OperationalError``
(constraint violations as :class:`PgIntegrityError`, a ``sqlite3.IntegrityError``), so the
callers' ``except sqlite3.Error`` paths (retry one by one, report and go on) hold on both
backends.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

#: the advisory lock key every writing transaction takes (PostgreSQL's stand-in for SQLite's
#: one-writer-per-file rule; readers never wait for it)
WRITE_LOCK = 0x6D617773  # "maws"

#: primary keys of the tables written with ``INSERT OR REPLACE``
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "connect_features": ("n",),
    "article_links": ("n",),
    "article_sections": ("code", "n"),
    "stories": ("id",),
}

_DESC_RE = re.compile(r"\bDESC\b(?!\s+NULLS)", re.IGNORECASE)
_INDEXED_RE = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.IGNORECASE)
_CROSS_ON_RE = re.compile(r"\bCROSS\s+JOIN\s+(\w+(?:\s+(?!ON\b)\w+)?)\s+ON\b", re.IGNORECASE)
_GROUP_CONCAT_RE = re.compile(r"\bgroup_concat\s*\(", re.IGNORECASE)
_RETURNING_RE = re.compile(r"\s+RETURNING\s+[\w\s,]+$", re.IGNORECASE)
_OR_RE = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)",
                    re.IGNORECASE)


class PgError(sqlite3.OperationalError):
    """A PostgreSQL error (the psycopg exception is its ``__cause__``)."""


class PgIntegrityError(sqlite3.IntegrityError):
    """A PostgreSQL constraint violation (unique, foreign key, not null), raised as SQLite's
    ``IntegrityError`` so that the callers' "this name exists" paths hold on both backends."""


def _error(e: Exception) -> sqlite3.Error:
    import psycopg

    text = " ".join(str(e).split())
    return PgIntegrityError(text) if isinstance(e, psycopg.IntegrityError) else PgError(text)


@lru_cache(maxsize=1024)
def translate(sql: str, has_params: bool) -> str:
    """The PostgreSQL form of one SQLite statement (see the module docstring).

    Args:
        sql: the statement as the shared code writes it.
        has_params: whether parameters are passed (only then are ``?``/``%`` rewritten:
            psycopg leaves a statement without parameters as it is).

    Raises:
        ValueError: for ``INSERT OR REPLACE`` into a table missing from :data:`PRIMARY_KEYS`.
    """
    stripped = sql.strip()
    if stripped.upper() == "BEGIN IMMEDIATE":
        return f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
    m = _OR_RE.match(sql)
    if m:
        verb, table, cols = m.group(1).upper(), m.group(2), m.group(3)
        sql = "INSERT INTO " + table + sql[m.end(2):].rstrip()
        ret = _RETURNING_RE.search(sql)
        returning = sql[ret.start():] if ret else ""
        sql = sql[:ret.start()] if ret else sql
        if verb == "IGNORE":
            sql += " ON CONFLICT DO NOTHING"
        else:
            if table not in PRIMARY_KEYS:
                raise ValueError(f"INSERT OR REPLACE into {table}: no primary key known")
            pk = PRIMARY_KEYS[table]
            names = [c.strip() for c in cols.split(",")]
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in pk)
            sql += f" ON CONFLICT ({', '.join(pk)}) DO UPDATE SET {sets}"
        sql += returning
    sql = _CROSS_ON_RE.sub(r"JOIN \1 ON", _INDEXED_RE.sub("", sql))
    sql = _GROUP_CONCAT_RE.sub("string_agg(", sql)
    sql = _DESC_RE.sub("DESC NULLS LAST", sql)
    if has_params:
        sql = sql.replace("%", "%%").replace("?", "%s")
    return sql


class PgCursor:
    """The part of ``sqlite3.Cursor`` the shared code uses: ``fetchone``, ``fetchall``,
    iteration, ``rowcount`` and ``lastrowid`` (the first column of a ``RETURNING`` row)."""

    def __init__(self, rows: list[tuple[Any, ...]] | None, rowcount: int) -> None:
        self._rows = rows or []
        self._i = 0
        self.rowcount = rowcount
        self.lastrowid = self._rows[0][0] if rows else None

    def fetchone(self) -> tuple[Any, ...] | None:
        """The next row, or ``None``."""
        if self._i >= len(self._rows):
            return None
        self._i += 1
        return self._rows[self._i - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        """The remaining rows."""
        rest = self._rows[self._i:]
        self._i = len(self._rows)
        return rest

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row


class PgConn:
    """A psycopg 3 connection (autocommit) behind the ``sqlite3.Connection`` methods the
    shared SQL code calls.

    Args:
        conn: an open ``psycopg.Connection`` with ``autocommit=True``.
        reconnect: called with the reason when the connection is found lost (server
            restarted, backend terminated, network cut) on a statement run outside a
            transaction; returns a new connection, on which the statement is run once more
            (or raises). ``None``: the error is raised.
    """

    def __init__(self, conn: Any, reconnect: Callable[[str], Any] | None = None) -> None:
        self.raw = conn
        self._reconnect = reconnect

    def _retry(self, e: Exception, was_idle: bool, sql: str) -> bool:
        """Whether a failed statement is run again: the connection is lost, no transaction
        was open (nothing of it can be half done) and a new connection was made."""
        if (self._reconnect is None or not was_idle or not (self.raw.closed or self.raw.broken)
                or sql.lstrip()[:5].upper() == "BEGIN"):
            return False
        self.raw = self._reconnect(" ".join(str(e).split()))
        return True

    def _idle(self) -> bool:
        import psycopg.pq

        return self.raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (as ``sqlite3.Connection.in_transaction``)."""
        import psycopg.pq

        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        """Run one statement (translated); its rows are fetched at once.

        Raises:
            PgError: when PostgreSQL fails (PgIntegrityError for a constraint violation).
        """
        import psycopg

        args = tuple(params) if params else None
        was_idle = self._idle()
        for attempt in (1, 2):
            try:
                cur = self.raw.execute(translate(sql, args is not None), args)
                rows = cur.fetchall() if cur.description is not None else None
                return PgCursor(rows, cur.rowcount)
            except psycopg.Error as e:
                if attempt == 2 or not self._retry(e, was_idle, sql):
                    raise _error(e) from e
        raise AssertionError("not reached")

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        """Run one statement for each parameter row.

        Raises:
            PgError: when PostgreSQL fails (PgIntegrityError for a constraint violation).
        """
        import psycopg

        rows = [tuple(p) for p in seq]
        if not rows:
            return PgCursor(None, 0)
        try:
            with self.raw.cursor() as cur:
                cur.executemany(translate(sql, True), rows)
                return PgCursor(None, cur.rowcount)
        except psycopg.Error as e:
            raise _error(e) from e

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()
