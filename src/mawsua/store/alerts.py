"""Saved searches (alerts) and the outbox of their deliveries, in the store's file (migration 7).

Tables: ``alerts`` (one saved search: name, query text, filters, channels, the signing secret,
and ``last_n``: the newest article ``n`` already matched against it) and ``alert_outbox`` (one
row per delivery, keyed UNIQUE by ``(alert, article, channel)``: a delivery can be queued
any number of times and exists once).

Matching (:meth:`AlertRegistry.enqueue_new`) is the store's own search, restricted to the
articles stored since the alert last looked (``n > last_n``): the query is parsed and folded
by :func:`mawsua.store.fts.parse_query` and matched by the same FTS5 expression, and the
filters are the ones of :meth:`mawsua.store.sqlite.SqliteStore.search`, so an alert matches
exactly the articles ``mawsua search QUERY --section S --entity E`` lists. The match, the
outbox rows and the new ``last_n`` are written in one transaction: a crash before it leaves
``last_n`` behind and the next run matches the same articles again (the UNIQUE key keeps the
rows single); a crash after it leaves the rows for the deliverer. Nothing is lost.

Delivery states: ``pending`` (not sent yet: new, or waiting ``next_try`` after a failure;
``attempts`` counts the tries), ``sent``, ``failed`` (a permanent failure or too many tries;
kept, with ``last_error``; :meth:`AlertRegistry.requeue` makes it pending again). A deliverer
*claims* a row before sending (``lease_until``, one UPDATE, so two deliverers never send the
same row at once) and marks it sent or failed after.

All writes go through the store's connection under its lock, each in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from mawsua.errors import MawsuaError
from mawsua.model.alerts import AlertInfo, Delivery
from mawsua.model.results import SearchQuery
from mawsua.store import fts, pgfts
from mawsua.store.pgconn import PgConn
from mawsua.store.sqlite import SqliteStore
from mawsua.store.tables import StoreTables

_ALERT_COLS = ("id, name, query, entity, section, outlet, language, webhook, email, "
               "allow_private, created_at, last_n")
_OUTBOX_COLS = ("o.id, o.alert_id, coalesce(a.name, ''), o.article_id, o.channel, o.status, "
                "o.attempts, o.next_try, o.last_error, o.created_at, o.sent_at, o.payload")
CHANNELS = ("webhook", "email")
STATUSES = ("pending", "sent", "failed")


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="seconds")


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Claimed:
    """An outbox row a deliverer holds: what to send (``payload``, the exact JSON bytes), to
    which channel and address, and with which secret."""

    id: int
    alert: AlertInfo
    article_id: str
    channel: str
    payload: bytes
    attempts: int
    secret: str


#: the application's widening of a search's filters and words (:func:`mawsua.app.queries.
#: widen`), handed to the matcher
Widen = Callable[[SearchQuery], SearchQuery]


class AlertRegistry(StoreTables):
    """Alerts and their outbox over an open :class:`~mawsua.store.sqlite.SqliteStore`.

    Raises (every method that reads or writes):
        MawsuaError: ``E_STORE`` when SQLite fails.
    """

    LABEL = "alerts"

    # -- alerts ----------------------------------------------------------------------------

    def add(self, name: str, query: str, *, secret: str, entity: str | None = None,
            section: str | None = None, outlet: str | None = None,
            language: str | None = None, webhook: str | None = None,
            email: str | None = None, allow_private: bool = False) -> AlertInfo:
        """Save a search. It matches the articles stored from now on (``last_n`` starts at
        the newest article).

        Raises:
            MawsuaError: ``E_ALERT`` when an alert has this name.
        """
        now = _iso(_now(None))
        try:
            with self._tx() as conn:
                top = conn.execute("SELECT coalesce(max(n), 0) FROM articles").fetchone()[0]
                conn.execute(
                    "INSERT INTO alerts (name, query, entity, section, outlet, language, "
                    "webhook, email, secret, allow_private, created_at, last_n) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (name, query, entity, section, outlet, language, webhook, email, secret,
                     int(allow_private), now, top))
        except sqlite3.IntegrityError:
            raise MawsuaError("E_ALERT", "an alert of this name exists (remove it first)",
                              name) from None
        return self.get(name)

    def _alert(self, row: tuple[Any, ...], counts: dict[str, int] | None = None) -> AlertInfo:
        return AlertInfo(id=row[0], name=row[1], query=row[2], entity=row[3], section=row[4],
                         outlet=row[5], language=row[6], webhook=row[7], email=row[8],
                         allow_private=bool(row[9]), created_at=row[10], last_n=row[11],
                         counts=counts or {s: 0 for s in STATUSES})

    def _counts(self) -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = {}
        for alert_id, status, c in self._read(
                "SELECT alert_id, status, count(*) FROM alert_outbox GROUP BY 1, 2"):
            out.setdefault(alert_id, {s: 0 for s in STATUSES})[status] = c
        return out

    def list(self) -> list[AlertInfo]:
        """Every alert by name, with its outbox counts (``pending``, ``sent``, ``failed``)."""
        counts = self._counts()
        return [self._alert(r, counts.get(r[0]))
                for r in self._read(f"SELECT {_ALERT_COLS} FROM alerts ORDER BY name")]

    def get(self, name: str) -> AlertInfo:
        """One alert by name.

        Raises:
            MawsuaError: ``E_ALERT`` when there is none.
        """
        rows = self._read(f"SELECT {_ALERT_COLS} FROM alerts WHERE name = ?", (name,))
        if not rows:
            raise MawsuaError("E_ALERT", "no such alert (see `mawsua alerts list`)", name)
        return self._alert(rows[0], self._counts().get(rows[0][0]))

    def secret(self, name: str) -> str:
        """The signing secret of an alert (for the deliverer and ``alerts test``).

        Raises:
            MawsuaError: ``E_ALERT`` when there is no such alert.
        """
        rows = self._read("SELECT secret FROM alerts WHERE name = ?", (name,))
        if not rows:
            raise MawsuaError("E_ALERT", "no such alert", name)
        return str(rows[0][0])

    def remove(self, name: str) -> AlertInfo:
        """Forget an alert and its outbox rows (pending deliveries are dropped).

        Raises:
            MawsuaError: ``E_ALERT`` when there is none.
        """
        alert = self.get(name)
        with self._tx() as conn:
            conn.execute("DELETE FROM alert_outbox WHERE alert_id = ?", (alert.id,))
            conn.execute("DELETE FROM alerts WHERE id = ?", (alert.id,))
        return alert

    # -- matching --------------------------------------------------------------------------

    @staticmethod
    def _matches(conn: sqlite3.Connection, alert: AlertInfo, lo: int, hi: int,
                 widen: Widen | None = None) -> list[tuple[int, str]]:
        """``(n, id)`` of the articles ``lo < n <= hi`` the alert's search matches; ``widen``
        fills in the other names of its outlet, section and entity and the spellings of its
        words, as the application does for ``mawsua search`` (the matcher compares values
        exactly)."""
        query = SearchQuery(text=alert.query, outlet=alert.outlet, section=alert.section,
                            language=alert.language, entity=alert.entity)
        if widen is not None:
            query = widen(query)
        where, args = SqliteStore.query_filters(query)
        where = ["a.n > ?", "a.n <= ?", *where]
        args = [lo, hi, *args]
        parsed = fts.parse_query(query.text, query.spellings)
        if isinstance(conn, PgConn):  # PostgreSQL: the tsvector of the same words
            tsq = pgfts.tsquery_literal(parsed)
            if tsq is not None:
                where.insert(0, pgfts.MATCH_N)
                args.insert(0, tsq)
            sql = f"SELECT a.n, a.id FROM articles a WHERE {' AND '.join(where)} ORDER BY a.n"
            return conn.execute(sql, args).fetchall()
        expr = parsed.match_expression()
        if expr is None:
            sql = f"SELECT a.n, a.id FROM articles a WHERE {' AND '.join(where)} ORDER BY a.n"
            return conn.execute(sql, args).fetchall()
        sql = ("WITH m AS MATERIALIZED (SELECT rowid AS n FROM articles_fts WHERE articles_fts "
               "MATCH ? AND rowid > ? AND rowid <= ?) SELECT a.n, a.id FROM m CROSS JOIN "
               f"articles a ON a.n = m.n WHERE {' AND '.join(where)} ORDER BY a.n")
        return conn.execute(sql, [expr, lo, hi, *args]).fetchall()

    def matching(self, alert: AlertInfo, limit: int = 20, widen: Widen | None = None
                 ) -> list[str]:
        """Ids of the newest stored articles the alert matches (at most ``limit``), newest
        first: what a sample delivery and the saved search's page show (``widen``: as for
        :meth:`enqueue_new`)."""
        with self.store.lock:
            top = self.store.conn.execute("SELECT coalesce(max(n), 0) FROM articles").fetchone()[0]
            rows = self._matches(self.store.conn, alert, 0, top, widen)
        return [i for _n, i in rows[::-1][:limit]]

    def enqueue_new(self, payload_of: Any, now: datetime | None = None,
                    widen: Widen | None = None) -> int:
        """Match every alert against the articles stored since it last looked and queue one
        delivery per matching article and channel (``INSERT OR IGNORE``: never twice), then
        move its ``last_n`` on, all in one transaction.

        Args:
            payload_of: ``(alert, n, article_id) -> dict`` building the JSON payload of one
                delivery (the caller's: title, url, snippet...).
            now: the time written as ``created_at``/``next_try`` (default: now).
            widen: ``SearchQuery -> SearchQuery``, the application's filling in of the other
                names of the alert's outlet, section and entity and the spellings of its
                words (:func:`mawsua.app.queries.widen`); ``None``: the saved values only.

        Returns:
            The number of deliveries queued (rows that were new).
        """
        stamp = _iso(_now(now))
        queued = 0
        with self._tx() as conn:
            top = conn.execute("SELECT coalesce(max(n), 0) FROM articles").fetchone()[0]
            for row in conn.execute(
                    f"SELECT {_ALERT_COLS} FROM alerts WHERE last_n < ?", (top,)).fetchall():
                alert = self._alert(row)
                channels = [c for c, v in (("webhook", alert.webhook), ("email", alert.email))
                            if v]
                if channels:
                    for n, article_id in self._matches(conn, alert, alert.last_n, top, widen):
                        body = orjson.dumps(payload_of(alert, n, article_id)).decode("utf-8")
                        for ch in channels:
                            cur = conn.execute(
                                "INSERT OR IGNORE INTO alert_outbox (alert_id, article_id, "
                                "channel, payload, next_try, created_at) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                                (alert.id, article_id, ch, body, stamp, stamp))
                            queued += cur.rowcount
                conn.execute("UPDATE alerts SET last_n = ? WHERE id = ?", (top, alert.id))
        return queued

    # -- the outbox ------------------------------------------------------------------------

    def due(self, now: datetime | None = None, limit: int = 100, after: int = 0) -> list[int]:
        """Ids (above ``after``) of pending deliveries whose time has come and that nobody
        holds, oldest first."""
        t = _iso(_now(now))
        return [r[0] for r in self._read(
            "SELECT id FROM alert_outbox WHERE status = 'pending' AND next_try <= ? "
            "AND (lease_until IS NULL OR lease_until <= ?) AND id > ? ORDER BY id LIMIT ?",
            (t, t, after, limit))]

    def claim(self, delivery_id: int, lease_s: float = 120.0,
              now: datetime | None = None) -> Claimed | None:
        """Take a due delivery for ``lease_s`` seconds and count the attempt; ``None`` when
        another deliverer holds it or it is no longer pending."""
        t = _now(now)
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE alert_outbox SET lease_until = ?, attempts = attempts + 1 "
                "WHERE id = ? AND status = 'pending' AND next_try <= ? "
                "AND (lease_until IS NULL OR lease_until <= ?)",
                (_iso(t + timedelta(seconds=lease_s)), delivery_id, _iso(t), _iso(t)))
            if cur.rowcount != 1:
                return None
            row = conn.execute(
                f"SELECT o.article_id, o.channel, o.payload, o.attempts, a.secret, "
                f"{', '.join('a.' + c.strip() for c in _ALERT_COLS.split(','))} "
                "FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id WHERE o.id = ?",
                (delivery_id,)).fetchone()
        if row is None:
            return None
        return Claimed(delivery_id, self._alert(row[5:]), row[0], row[1],
                       str(row[2]).encode("utf-8"), row[3], row[4])

    def mark_sent(self, delivery_id: int, now: datetime | None = None) -> None:
        """The delivery was accepted by its receiver."""
        with self._tx() as conn:
            conn.execute("UPDATE alert_outbox SET status = 'sent', sent_at = ?, "
                         "lease_until = NULL, last_error = NULL WHERE id = ?",
                         (_iso(_now(now)), delivery_id))

    def mark_retry(self, delivery_id: int, error: str, next_try: datetime) -> None:
        """The delivery failed for now: try again at ``next_try``."""
        with self._tx() as conn:
            conn.execute("UPDATE alert_outbox SET next_try = ?, lease_until = NULL, "
                         "last_error = ? WHERE id = ?", (_iso(next_try), error, delivery_id))

    def release(self, delivery_id: int) -> None:
        """Give a claimed delivery back untried (its attempt is not counted)."""
        with self._tx() as conn:
            conn.execute("UPDATE alert_outbox SET lease_until = NULL, "
                         "attempts = max(0, attempts - 1) WHERE id = ?", (delivery_id,))

    def mark_failed(self, delivery_id: int, error: str) -> None:
        """The delivery failed for good (kept with the reason; :meth:`requeue` retries)."""
        with self._tx() as conn:
            conn.execute("UPDATE alert_outbox SET status = 'failed', lease_until = NULL, "
                         "last_error = ? WHERE id = ?", (error, delivery_id))

    def requeue(self, name: str | None = None, now: datetime | None = None) -> int:
        """Make failed deliveries (of one alert, or all) pending again, due now; returns how
        many."""
        t = _iso(_now(now))
        with self._tx() as conn:
            if name is None:
                cur = conn.execute("UPDATE alert_outbox SET status = 'pending', next_try = ?, "
                                   "attempts = 0 WHERE status = 'failed'", (t,))
            else:
                cur = conn.execute(
                    "UPDATE alert_outbox SET status = 'pending', next_try = ?, attempts = 0 "
                    "WHERE status = 'failed' AND alert_id = (SELECT id FROM alerts "
                    "WHERE name = ?)", (t, name))
            return cur.rowcount

    def outbox(self, *, name: str | None = None, status: str | None = None,
               limit: int = 100) -> list[Delivery]:
        """Deliveries, newest first (filtered by alert name and status)."""
        where, args = [], []
        if name is not None:
            where.append("a.name = ?")
            args.append(name)
        if status is not None:
            where.append("o.status = ?")
            args.append(status)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        rows = self._read(f"SELECT {_OUTBOX_COLS} FROM alert_outbox o LEFT JOIN alerts a "
                          f"ON a.id = o.alert_id{cond} ORDER BY o.id DESC LIMIT ?",
                          [*args, max(1, int(limit))])
        return [Delivery(id=r[0], alert_id=r[1], alert=r[2], article_id=r[3], channel=r[4],
                         status=r[5], attempts=r[6], next_try=r[7], last_error=r[8],
                         created_at=r[9], sent_at=r[10], payload=orjson.loads(r[11]))
                for r in rows]

    def totals(self) -> dict[str, int]:
        """Deliveries per status over every alert (``pending``, ``sent``, ``failed``, and
        ``retrying``: pending ones tried at least once)."""
        out = {s: 0 for s in STATUSES}
        for status, c in self._read("SELECT status, count(*) FROM alert_outbox GROUP BY 1"):
            out[status] = c
        out["retrying"] = self._read("SELECT count(*) FROM alert_outbox WHERE status = "
                                     "'pending' AND attempts > 0")[0][0]
        return out
