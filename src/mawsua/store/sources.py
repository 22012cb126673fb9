"""The source registry and fetch state, in the same SQLite file as the articles (migration 5).

Tables: ``sources`` (one row per feed or site, with ETag/Last-Modified, next poll time, failure
counts and the disabled reason), ``source_entries`` (every feed entry already handled, by
source and entry key, with the article it became: what keeps a second poll from adding
anything) and ``source_polls`` (one row per poll, for the status page).

All writes go through the store's connection under its lock, each in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mawsua.errors import MawsuaError
from mawsua.model.sources import SourceInfo
from mawsua.model.urls import parse_http_url, same_url, split_credentials, strip_userinfo, to_uri
from mawsua.store.sqlite import SqliteStore

_COLS = ("s.id, s.url, s.kind, s.section, s.title, s.feed_url, s.added_at, s.last_fetch, "
         "s.last_status, s.last_error, s.last_new, "
         "(SELECT count(*) FROM source_entries e WHERE e.source_id = s.id "
         "AND e.article_id IS NOT NULL AND e.outcome = 'added'), "
         "s.errors, s.consecutive_errors, s.failure_score, s.interval_s, s.next_poll, "
         "s.disabled_reason, s.etag, s.last_modified, s.polls, s.credentials")


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds (``2026-11-29T12:00:00+00:00``)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class PollRecord:
    """What one poll of a source changes (see :meth:`SourceRegistry.record_poll`).

    ``status`` is ``"200"``, ``"304"`` or an error code; ``error`` the reason of a failure
    (``None`` on success); ``new`` the articles added; ``etag``/``last_modified`` the new
    validators (``None`` keeps the old ones, ``""`` clears them); ``next_poll`` ISO UTC; ``interval_s`` seconds;
    ``failed`` whether the poll counts as a failure; ``disabled_reason`` set to stop polling;
    ``title``/``feed_url`` learnt from the feed (``None`` keeps the old ones; a ``feed_url`` of
    ``""`` forgets it, so the site's feed is discovered again).
    """

    status: str
    error: str | None
    new: int
    next_poll: str
    interval_s: float
    failed: bool
    etag: str | None = None
    last_modified: str | None = None
    disabled_reason: str | None = None
    title: str | None = None
    feed_url: str | None = None


#: the largest id SQLite can hold (a larger number is no id: never an OverflowError)
_MAX_ID = 2**63 - 1


def source_id(ref: str | int) -> int | None:
    """``ref`` as a source id when it is one: an int, or digits (ASCII or Arabic-Indic) within
    SQLite's integer range; ``None`` otherwise (``"²"``, ``"99999999999999999999999"``)."""
    if isinstance(ref, int):
        return ref if 0 <= ref <= _MAX_ID else None
    text = str(ref).strip()
    if not text.isdecimal() or len(text) > 19:
        return None
    n = int(text)
    return n if n <= _MAX_ID else None


class SourceRegistry:
    """Sources and their fetch state inside a writable (or read-only) :class:`SqliteStore`.

    Raises:
        MawsuaError: ``E_STORE`` from the store when SQLite fails.
    """

    def __init__(self, store: SqliteStore) -> None:
        self.store = store

    def _rows(self, where: str = "", args: Sequence[Any] = ()) -> list[SourceInfo]:
        with self.store._lock:
            rows = self.store.conn.execute(
                f"SELECT {_COLS} FROM sources s {where} ORDER BY s.id", tuple(args)).fetchall()
        return [SourceInfo(*r) for r in rows]

    def list(self) -> list[SourceInfo]:
        """Every source, oldest first."""
        return self._rows()

    def get(self, ref: str | int) -> SourceInfo:
        """A source by id (number or digits) or URL.

        Raises:
            MawsuaError: ``E_SOURCE`` when there is no such source.
        """
        rows = self._rows("WHERE s.url = ?", (str(ref),))
        sid = source_id(ref)
        if not rows and sid is not None:
            rows = self._rows("WHERE s.id = ?", (sid,))
        if not rows:
            found = self.find(str(ref))
            rows = [found] if found is not None else []
        if not rows:
            raise MawsuaError("E_SOURCE", "no such source (see `mawsua sources list`)", str(ref))
        return rows[0]

    def add(self, url: str, kind: str, *, section: str | None = None, title: str | None = None,
            feed_url: str | None = None, credentials: str | None = None,
            ) -> tuple[SourceInfo, bool]:
        """Register a source (due at once).

        Returns:
            ``(source, added)``: ``added`` is false when the URL was already registered (the
            existing row is returned unchanged), also under another spelling of the same URL
            (scheme or host case, default port, an Arabic path written or percent-encoded).
            User info in ``url`` is kept apart, in ``credentials`` (``credentials`` given
            wins).
        """
        if kind not in ("feed", "site"):
            raise ValueError(f"kind must be 'feed' or 'site', not {kind!r}")
        url, in_url = split_credentials(url)  # kept apart (migration 12)
        credentials = credentials or in_url
        existing = self.find(url)
        if existing is not None:
            return existing, False
        now = now_iso()
        with self.store._lock:
            cur = self.store.conn.execute(
                "INSERT OR IGNORE INTO sources (url, kind, section, title, feed_url, added_at, "
                "next_poll, credentials) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (url, kind, section, title, strip_userinfo(feed_url) if feed_url else None,
                 now, now, credentials))
            added = cur.rowcount == 1
        return self.get(url), added

    def find(self, url: str) -> SourceInfo | None:
        """The source registered under ``url`` or another spelling of it (see :meth:`add`).

        An indexed ``WHERE url IN (url, normalised, its URI)`` first; only when that finds nothing are the
        stored URLs alone (no per-row counts) compared as URIs, so adding many sources (an OPML
        import) stays cheap.
        """
        url = split_credentials(url)[0]  # a URL written with its credentials still names it
        try:
            norm = parse_http_url(url)
            uri = to_uri(norm)
        except ValueError:
            norm = uri = url.strip()
        rows = self._rows("WHERE s.url IN (?, ?, ?)", (url, norm, uri))
        if rows:
            return rows[0]
        with self.store._lock:
            stored = self.store.conn.execute("SELECT id, url FROM sources ORDER BY id").fetchall()
        for sid, surl in stored:
            if surl == url or same_url(surl, url):
                found = self._rows("WHERE s.id = ?", (sid,))
                return found[0] if found else None
        return None

    def remove(self, ref: str | int) -> SourceInfo:
        """Forget a source, its entries and its poll log (articles stay).

        Raises:
            MawsuaError: ``E_SOURCE`` when there is no such source.
        """
        src = self.get(ref)
        with self.store._lock:
            conn = self.store.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM source_entries WHERE source_id = ?", (src.id,))
                conn.execute("DELETE FROM source_polls WHERE source_id = ?", (src.id,))
                conn.execute("DELETE FROM sources WHERE id = ?", (src.id,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return src

    def due(self, now: str | None = None, *, force: bool = False) -> list[SourceInfo]:
        """Enabled sources whose ``next_poll`` is at or before ``now`` (all enabled ones when
        ``force``), soonest first."""
        if force:
            return self._rows("WHERE s.disabled_reason IS NULL")
        rows = self._rows("WHERE s.disabled_reason IS NULL AND (s.next_poll IS NULL OR "
                          "s.next_poll <= ?)", (now or now_iso(),))
        return sorted(rows, key=lambda r: r.next_poll or "")

    def next_due(self) -> str | None:
        """The earliest ``next_poll`` of an enabled source (``None`` when there is none)."""
        with self.store._lock:
            row = self.store.conn.execute(
                "SELECT min(next_poll) FROM sources WHERE disabled_reason IS NULL").fetchone()
        return row[0] if row else None

    def seen(self, source_id: int, keys: Iterable[str]) -> set[str]:
        """The entry keys of ``keys`` already handled for this source."""
        keys = list(keys)
        out: set[str] = set()
        with self.store._lock:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                marks = ",".join("?" * len(chunk))
                out.update(k for (k,) in self.store.conn.execute(
                    f"SELECT key FROM source_entries WHERE source_id = ? AND key IN ({marks})",
                    (source_id, *chunk)))
        return out

    def mark_entries(self, source_id: int,
                     entries: Iterable[tuple[str, str | None, str | None, str]]) -> None:
        """Record handled entries: ``(key, url, article_id or None, outcome)`` where outcome
        is ``"added"``, ``"duplicate"`` or a failure code. Already recorded keys are kept."""
        rows = [(source_id, k, u, a, o, now_iso()) for k, u, a, o in entries]
        if not rows:
            return
        with self.store._lock:
            conn = self.store.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR IGNORE INTO source_entries (source_id, key, url, article_id, "
                    "outcome, seen_at) VALUES (?, ?, ?, ?, ?, ?)", rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def record_poll(self, source_id: int, rec: PollRecord) -> None:
        """Store the outcome of one poll: fetch state, counters, schedule, and a log row."""
        now = now_iso()
        with self.store._lock:
            conn = self.store.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "UPDATE sources SET last_fetch = ?, last_status = ?, last_error = ?, "
                    "last_new = ?, next_poll = ?, interval_s = ?, polls = polls + 1, "
                    "errors = errors + ?, "
                    "consecutive_errors = CASE WHEN ? THEN consecutive_errors + 1 ELSE 0 END, "
                    "failure_score = failure_score * 0.5 + ?, "
                    "etag = nullif(coalesce(?, etag), ''), "
                    "last_modified = nullif(coalesce(?, last_modified), ''), "
                    "disabled_reason = coalesce(?, disabled_reason), "
                    "title = coalesce(?, title), feed_url = nullif(coalesce(?, feed_url), '') "
                    "WHERE id = ?",
                    (now, rec.status, rec.error, rec.new, rec.next_poll, rec.interval_s,
                     int(rec.failed), int(rec.failed), 0.5 if rec.failed else 0.0, rec.etag,
                     rec.last_modified, rec.disabled_reason, rec.title, rec.feed_url,
                     source_id))
                conn.execute(
                    "INSERT INTO source_polls (source_id, at, status, new, reason) "
                    "VALUES (?, ?, ?, ?, ?)", (source_id, now, rec.status, rec.new, rec.error))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def enable(self, ref: str | int) -> SourceInfo:
        """Clear the disabled reason and the failure counters; due at once."""
        src = self.get(ref)
        with self.store._lock:
            self.store.conn.execute(
                "UPDATE sources SET disabled_reason = NULL, consecutive_errors = 0, "
                "next_poll = ? WHERE id = ?", (now_iso(), src.id))
        return self.get(src.id)

    def set_section(self, ref: str | int, section: str | None) -> SourceInfo:
        """Set (or, with ``None``, clear) the section given to a source's new articles."""
        src = self.get(ref)
        with self.store._lock:
            self.store.conn.execute("UPDATE sources SET section = ? WHERE id = ?",
                                    (section, src.id))
        return self.get(src.id)

    def polls(self, limit: int = 50) -> list[dict[str, Any]]:
        """The newest poll log rows: ``{source_id, url, at, status, new, reason}``."""
        try:
            with self.store._lock:
                rows = self.store.conn.execute(
                    "SELECT p.source_id, s.url, p.at, p.status, p.new, p.reason FROM "
                    "source_polls p LEFT JOIN sources s ON s.id = p.source_id "
                    "ORDER BY p.n DESC LIMIT ?", (limit,)).fetchall()
        except sqlite3.OperationalError:
            return []
        keys = ("source_id", "url", "at", "status", "new", "reason")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def article_ids_for_sha(self, shas: Iterable[str]) -> dict[str, str]:
        """``{sha256: article id}`` for the raw SHA-256 digests that are stored."""
        shas = list(dict.fromkeys(shas))
        out: dict[str, str] = {}
        with self.store._lock:
            for i in range(0, len(shas), 500):
                chunk = shas[i:i + 500]
                marks = ",".join("?" * len(chunk))
                out.update(dict(self.store.conn.execute(
                    f"SELECT sha256, id FROM articles WHERE sha256 IN ({marks})", chunk)))
        return out
