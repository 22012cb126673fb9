"""Reader accounts and reading state, in the same SQLite file as the articles (migration 11).

Tables: ``users`` (name, password and API password hashes, Fever key, admin flag),
``user_sessions`` (SHA-256 of each web or API session token, with its CSRF token and expiry),
``login_failures`` (for the login rate limit), ``settings`` (key → value),
``reading_state`` (per user and *article id*: read, starred) and ``reader_feeds`` (a stable
number per outlet, the feed id reader apps see).

An article with no ``reading_state`` row is unread and not starred. The state is keyed on the
article id (text), never on ``articles.n``, so it survives re-ingest and ``stories --rebuild``.

Scopes: a list of articles is named by a :class:`Scope` — everything (``all``), one outlet
(``outlet``, ``""`` for unknown), one section code (``section``: ``article_sections``), one
story (``story``: ``article_links``) or the user's starred articles (``starred``).

Hashing passwords and making tokens is the caller's business (``mawsua.app.accounts``): this
module stores and compares what it is given. Every write runs in one transaction under the
store's lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mawsua.errors import MawsuaError
from mawsua.store import pgfts
from mawsua.store.fts import parse_query
from mawsua.store.pgconn import PgConn
from mawsua.store.sqlite import entity_lookup_keys
from mawsua.store.tables import StoreTables

#: scope kinds a list of articles can be named by
SCOPES = ("all", "outlet", "section", "story", "starred")
#: reading-state filters of a listing
STATES = ("all", "unread", "read", "starred")
#: at most this many article ids are changed by one call (larger lists are cut)
MAX_IDS = 10_000
#: what a content filter looks at, and what it does
FILTER_FIELDS = ("title", "text", "outlet", "entity")
FILTER_ACTIONS = ("hide", "keep")
#: most filters per user
MAX_FILTERS = 100


@dataclass(frozen=True, slots=True)
class UserRow:
    """One account as stored: ``password``/``api_password`` are KDF strings
    (``api_password`` ``None`` until set), ``fever_key`` the lower-case MD5 hex of
    ``name:api password`` (Fever's ``api_key``)."""

    id: int
    name: str
    password: str
    api_password: str | None
    fever_key: str | None
    is_admin: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class Scope:
    """A list of articles: ``kind`` in :data:`SCOPES` and its ``value`` (outlet name, section
    code or story id as text; ignored for ``all`` and ``starred``)."""

    kind: str = "all"
    value: str = ""


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One article as reader apps list it: ``n`` is the numeric item id (``articles.n``),
    ``text`` the repaired plain text, ``ingested_at`` ISO UTC, ``feed_id`` the outlet's
    :meth:`ReaderStore.feeds` number, ``sections`` its country and topic section codes."""

    n: int
    id: str
    url: str | None
    outlet: str
    title: str | None
    published: str | None
    sort_time: str | None
    ingested_at: str
    section: str | None
    language: str | None
    text: str
    read: bool
    starred: bool
    feed_id: int
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FilterRule:
    """A user's content filter: ``action`` ``hide`` (leave matching articles out) or ``keep``
    (with one or more keep rules, only articles matching one of them are listed); ``field``
    in :data:`FILTER_FIELDS`; ``pattern`` a search query (title, text: the search syntax of
    ``docs/search.md``, folded and stemmed), an outlet name (exact, any case) or an entity
    name (as the ``--entity`` search filter matches it)."""

    id: int
    action: str
    field: str
    pattern: str


def rule_condition(rule: FilterRule, postgres: bool = False) -> tuple[str, list[Any]] | None:
    """The SQL condition (over ``articles a``) an article matching ``rule`` meets, or
    ``None`` when the pattern has nothing to match (no searchable word). ``postgres``: the
    PostgreSQL store's ``tsvector`` match (a title rule keeps the title's weights, A and C:
    :mod:`mawsua.store.pgfts`) instead of FTS5's."""
    if rule.field in ("title", "text") and postgres:
        tsq = pgfts.tsquery_literal(parse_query(rule.pattern),
                                    weights="AC" if rule.field == "title" else "")
        return None if tsq is None else (pgfts.MATCH_N, [tsq])
    if rule.field in ("title", "text"):
        expr = parse_query(rule.pattern).match_expression()
        if expr is None:
            return None
        if rule.field == "title":
            expr = f"{{title_exact title_stem}} : ({expr})"
        return "a.n IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [expr]
    if rule.field == "outlet":
        return "lower(coalesce(a.outlet, '')) = lower(?)", [rule.pattern.strip()]
    if rule.field == "entity":
        keys = entity_lookup_keys([rule.pattern])
        if not keys:
            return None
        return (f"a.n IN (SELECT n FROM article_entities WHERE key IN "
                f"({', '.join('?' * len(keys))}))", list(keys))
    return None


def visible_condition(rules: Sequence[FilterRule], postgres: bool = False
                      ) -> tuple[str, list[Any]]:
    """The SQL condition of the articles a user's rules let through (``1 = 1`` with no rule;
    ``postgres`` as for :func:`rule_condition`)."""
    hide: list[tuple[str, list[Any]]] = []
    keep: list[tuple[str, list[Any]]] = []
    for rule in rules:
        cond = rule_condition(rule, postgres)
        if cond is not None:
            (keep if rule.action == "keep" else hide).append(cond)
    parts: list[str] = []
    args: list[Any] = []
    if hide:
        parts.append("NOT (" + " OR ".join(c for c, _ in hide) + ")")
        args += [a for _, xs in hide for a in xs]
    if keep:
        parts.append("(" + " OR ".join(c for c, _ in keep) + ")")
        args += [a for _, xs in keep for a in xs]
    return (" AND ".join(parts) or "1 = 1"), args


_USER_COLS = "id, name, password, api_password, fever_key, is_admin, created_at"


def _user(row: Sequence[Any] | None) -> UserRow | None:
    if row is None:
        return None
    return UserRow(int(row[0]), row[1], row[2], row[3], row[4], bool(row[5]), row[6])


def scope_where(scope: Scope) -> tuple[str, list[Any]]:
    """The SQL condition (over ``articles a`` and ``reading_state r``) and its arguments for
    ``scope``.

    Raises:
        ValueError: for an unknown scope kind, or a story id that is not a number.
    """
    if scope.kind == "all":
        return "1 = 1", []
    if scope.kind == "outlet":
        return "coalesce(a.outlet, '') = ?", [scope.value]
    if scope.kind == "section":
        return "a.n IN (SELECT n FROM article_sections WHERE code = ?)", [scope.value]
    if scope.kind == "story":
        if not str(scope.value).isdigit():
            raise ValueError(f"story: {scope.value!r} is not a story id")
        return "a.n IN (SELECT n FROM article_links WHERE story = ?)", [int(scope.value)]
    if scope.kind == "starred":
        return "coalesce(r.starred, 0) = 1", []
    raise ValueError(f"unknown scope {scope.kind!r} (one of {', '.join(SCOPES)})")


def _state_where(state: str) -> str:
    conds = {"all": "1 = 1", "unread": "coalesce(r.read, 0) = 0", "read": "coalesce(r.read, 0) = 1",
             "starred": "coalesce(r.starred, 0) = 1"}
    if state not in conds:
        raise ValueError(f"unknown state {state!r} (one of {', '.join(STATES)})")
    return conds[state]


class ReaderStore(StoreTables):
    """Accounts, sessions, settings and reading state over an open writable
    :class:`~mawsua.store.sqlite.SqliteStore`.

    Raises (every method):
        MawsuaError: ``E_STORE`` when SQLite fails.
    """

    LABEL = "reader"

    # -- users -----------------------------------------------------------------------------

    def add_user(self, name: str, password: str, fever_key: str, *, admin: bool,
                 now: str) -> UserRow:
        """Create an account (``password`` already hashed).

        Raises:
            MawsuaError: ``E_USER`` when the name is taken (names compare without case).
        """
        try:
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO users (name, password, fever_key, is_admin, created_at) "
                    "VALUES (?, ?, ?, ?, ?)", (name, password, fever_key, int(admin), now))
        except sqlite3.IntegrityError:
            raise MawsuaError("E_USER", "an account has this name", name) from None
        user = self.user(name)
        assert user is not None
        return user

    def user(self, name: str) -> UserRow | None:
        """The account called ``name`` (case-insensitive), or ``None``."""
        rows = self._read(f"SELECT {_USER_COLS} FROM users WHERE name = ?", (name,))
        return _user(rows[0] if rows else None)

    def user_by_id(self, user_id: int) -> UserRow | None:
        """The account with this id, or ``None``."""
        rows = self._read(f"SELECT {_USER_COLS} FROM users WHERE id = ?", (user_id,))
        return _user(rows[0] if rows else None)

    def user_by_fever_key(self, key: str) -> UserRow | None:
        """The account whose Fever key is ``key`` (lower-case hex), or ``None``."""
        rows = self._read(f"SELECT {_USER_COLS} FROM users WHERE fever_key = ?",
                          (key.lower(),))
        return _user(rows[0] if len(rows) == 1 else None)

    def users(self) -> list[UserRow]:
        """Every account, by name."""
        return [u for r in self._read(f"SELECT {_USER_COLS} FROM users ORDER BY name")
                if (u := _user(r)) is not None]

    def user_count(self) -> int:
        """Number of accounts (0 on a database without the accounts tables)."""
        return int(self._read("SELECT count(*) FROM users")[0][0])

    def update_user(self, user_id: int, **cols: Any) -> None:
        """Set columns of an account: any of ``password``, ``api_password``, ``fever_key``,
        ``is_admin``."""
        allowed = {"password", "api_password", "fever_key", "is_admin"}
        if not cols or set(cols) - allowed:
            raise ValueError(f"update_user: columns must be among {sorted(allowed)}")
        sets = ", ".join(f"{k} = ?" for k in cols)
        with self._tx() as conn:
            conn.execute(f"UPDATE users SET {sets} WHERE id = ?", [*cols.values(), user_id])

    def remove_user(self, user_id: int) -> None:
        """Delete an account with its sessions and reading state."""
        with self._tx() as conn:
            for table, col in (("user_sessions", "user_id"), ("reading_state", "user_id"),
                               ("user_filters", "user_id"), ("users", "id")):
                conn.execute(f"DELETE FROM {table} WHERE {col} = ?", (user_id,))

    # -- sessions --------------------------------------------------------------------------

    def add_session(self, token_hash: str, user_id: int, kind: str, csrf: str, now: str,
                    expires_at: str) -> None:
        """Record a session (``kind`` ``web`` or ``api``); expired ones are dropped."""
        with self._tx() as conn:
            conn.execute("DELETE FROM user_sessions WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT INTO user_sessions (token_hash, user_id, kind, csrf, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (token_hash, user_id, kind, csrf, now, expires_at))

    def session(self, token_hash: str, kind: str, now: str) -> tuple[UserRow, str] | None:
        """``(user, csrf token)`` of a live session of this kind, or ``None``."""
        rows = self._read(
            f"SELECT {', '.join('u.' + c.strip() for c in _USER_COLS.split(','))}, s.csrf "
            "FROM user_sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = ? AND s.kind = ? AND s.expires_at >= ?",
            (token_hash, kind, now))
        if not rows:
            return None
        user = _user(rows[0][:-1])
        assert user is not None
        return user, rows[0][-1]

    def drop_session(self, token_hash: str) -> None:
        """Forget one session (logout)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM user_sessions WHERE token_hash = ?", (token_hash,))

    def drop_sessions(self, user_id: int, kind: str | None = None) -> None:
        """Forget every session of a user (of one kind, or all)."""
        with self._tx() as conn:
            if kind is None:
                conn.execute("DELETE FROM user_sessions WHERE user_id = ?", (user_id,))
            else:
                conn.execute("DELETE FROM user_sessions WHERE user_id = ? AND kind = ?",
                             (user_id, kind))

    # -- failed logins ---------------------------------------------------------------------

    def add_failure(self, name: str, client: str, now: str, forget_before: str) -> None:
        """Record a failed login for ``name`` from ``client``; failures older than
        ``forget_before`` are dropped."""
        with self._tx() as conn:
            conn.execute("DELETE FROM login_failures WHERE at < ?", (forget_before,))
            conn.execute("INSERT INTO login_failures (name, client, at) VALUES (?, ?, ?)",
                         (name.casefold(), client, now))

    def failures(self, name: str, client: str, since: str) -> tuple[int, int]:
        """Failed logins since ``since``: ``(for this name, from this client)``."""
        by_name = self._read("SELECT count(*) FROM login_failures WHERE name = ? AND at >= ?",
                             (name.casefold(), since))[0][0]
        by_client = self._read(
            "SELECT count(*) FROM login_failures WHERE client = ? AND at >= ?",
            (client, since))[0][0]
        return int(by_name), int(by_client)

    def clear_failures(self, name: str) -> None:
        """Forget the failed logins of ``name`` (after a successful one)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM login_failures WHERE name = ?", (name.casefold(),))

    # -- settings --------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        """The value of a setting, or ``None`` when unset."""
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        """Set a setting."""
        with self._tx() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value", (key, value))

    # -- content filters -------------------------------------------------------------------

    def filters(self, user_id: int) -> list[FilterRule]:
        """A user's filters, oldest first."""
        return [FilterRule(int(i), a, f, p) for i, a, f, p in self._read(
            "SELECT id, action, field, pattern FROM user_filters WHERE user_id = ? ORDER BY id",
            (user_id,))]

    def add_filter(self, user_id: int, action: str, field: str, pattern: str,
                   now: str) -> FilterRule:
        """Add a filter.

        Raises:
            ValueError: for an unknown action or field, an empty or over-long (500)
                pattern, or more than :data:`MAX_FILTERS` filters.
        """
        pattern = pattern.strip()
        if action not in FILTER_ACTIONS or field not in FILTER_FIELDS:
            raise ValueError(f"a filter does {'/'.join(FILTER_ACTIONS)} by "
                             f"{'/'.join(FILTER_FIELDS)}")
        if not pattern or len(pattern) > 500:
            raise ValueError("a filter's pattern has 1 to 500 characters")
        if len(self.filters(user_id)) >= MAX_FILTERS:
            raise ValueError(f"at most {MAX_FILTERS} filters")
        with self._tx() as conn:
            row = conn.execute(  # RETURNING: the new id on SQLite (>= 3.35) and PostgreSQL
                "INSERT INTO user_filters (user_id, action, field, pattern, created_at) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (user_id, action, field, pattern, now)).fetchone()
            return FilterRule(int(row[0]), action, field, pattern)

    def remove_filter(self, user_id: int, rule_id: int) -> bool:
        """Delete one of the user's filters (another user's is never touched)."""
        with self._tx() as conn:
            return conn.execute("DELETE FROM user_filters WHERE id = ? AND user_id = ?",
                                (rule_id, user_id)).rowcount > 0

    def _visible(self, user_id: int) -> tuple[str, list[Any]]:
        return visible_condition(self.filters(user_id),
                                 postgres=isinstance(self.store.conn, PgConn))

    # -- reading state ---------------------------------------------------------------------

    def set_flag(self, user_id: int, article_ids: Iterable[str], flag: str, on: bool,
                 now: str) -> int:
        """Set ``read`` or ``starred`` of the given articles (ids that name no stored article
        are ignored); returns the number of stored articles changed or confirmed."""
        if flag not in ("read", "starred"):
            raise ValueError(f"unknown flag {flag!r}")
        ids = list(dict.fromkeys(article_ids))[:MAX_IDS]
        done = 0
        with self._tx() as conn:
            for aid in ids:
                if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
                    continue
                conn.execute(
                    f"INSERT INTO reading_state (user_id, article_id, {flag}, changed_at) "
                    f"VALUES (?, ?, ?, ?) ON CONFLICT (user_id, article_id) DO UPDATE SET "
                    f"{flag} = excluded.{flag}, changed_at = excluded.changed_at",
                    (user_id, aid, int(on), now))
                done += 1
        return done

    def mark_scope_read(self, user_id: int, scope: Scope, now: str, *, max_n: int | None = None,
                        ingested_before: str | None = None) -> int:
        """Mark read every article of ``scope`` stored up to ``max_n`` (the newest item number
        a page showed: articles stored after it stay unread) and/or ingested before
        ``ingested_before``; returns how many were unread."""
        where, args = scope_where(scope)
        visible, vargs = self._visible(user_id)
        conds = [where, visible, "coalesce(r.read, 0) = 0"]
        args += vargs
        if max_n is not None:
            conds.append("a.n <= ?")
            args.append(max_n)
        if ingested_before is not None:
            conds.append("a.ingested_at < ?")
            args.append(ingested_before)
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO reading_state (user_id, article_id, read, changed_at) "
                "SELECT ?, a.id, 1, ? FROM articles a LEFT JOIN reading_state r "
                f"ON r.user_id = ? AND r.article_id = a.id WHERE {' AND '.join(conds)} "
                "ON CONFLICT (user_id, article_id) DO UPDATE SET read = 1, "
                "changed_at = excluded.changed_at",
                [user_id, now, user_id, *args])
            return int(cur.rowcount)

    def states(self, user_id: int, article_ids: Iterable[str]) -> dict[str, tuple[bool, bool]]:
        """``{article id: (read, starred)}`` for the ids that have a state row."""
        ids = list(dict.fromkeys(article_ids))[:MAX_IDS]
        out: dict[str, tuple[bool, bool]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            for aid, read, starred in self._read(
                    "SELECT article_id, read, starred FROM reading_state WHERE user_id = ? "
                    f"AND article_id IN ({marks})", [user_id, *chunk]):
                out[aid] = (bool(read), bool(starred))
        return out

    def max_n(self) -> int:
        """The newest article number (0 when empty)."""
        return int(self._read("SELECT coalesce(max(n), 0) FROM articles")[0][0])

    def unread_counts(self, user_id: int, by: str) -> dict[str, int]:
        """Unread articles per ``outlet`` (``""`` unknown), ``section`` code or ``story`` id
        (text), or ``all`` (key ``""``)."""
        join = "LEFT JOIN reading_state r ON r.user_id = ? AND r.article_id = a.id"
        visible, vargs = self._visible(user_id)
        unread = f"coalesce(r.read, 0) = 0 AND {visible}"
        if by == "outlet":
            sql = (f"SELECT coalesce(a.outlet, ''), count(*) FROM articles a {join} "
                   f"WHERE {unread} GROUP BY 1")
        elif by == "section":
            sql = (f"SELECT s.code, count(*) FROM article_sections s JOIN articles a "
                   f"ON a.n = s.n {join} WHERE {unread} GROUP BY 1")
        elif by == "story":
            sql = (f"SELECT CAST(l.story AS TEXT), count(*) FROM article_links l JOIN articles a "
                   f"ON a.n = l.n {join} WHERE {unread} GROUP BY 1")
        elif by == "all":
            sql = f"SELECT '', count(*) FROM articles a {join} WHERE {unread}"
        else:
            raise ValueError(f"unread counts by {by!r}?")
        return {k: int(c) for k, c in self._read(sql, [user_id, *vargs])}

    def story_unread(self, user_id: int, story_ids: Iterable[int]) -> dict[int, int]:
        """Unread reports of each given story (a story is read when this is 0)."""
        ids = list(dict.fromkeys(int(s) for s in story_ids))
        out: dict[int, int] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            for story, unread in self._read(
                    "SELECT l.story, sum(CASE WHEN coalesce(r.read, 0) = 0 THEN 1 ELSE 0 END) "
                    "FROM article_links l "
                    "JOIN articles a ON a.n = l.n LEFT JOIN reading_state r "
                    "ON r.user_id = ? AND r.article_id = a.id "
                    f"WHERE l.story IN ({marks}) GROUP BY l.story", [user_id, *chunk]):
                out[int(story)] = int(unread)
        return out

    # -- feeds and items for reader apps ----------------------------------------------------

    def _number_outlets(self) -> None:
        """Give every outlet its feed number (a write only when an outlet is new)."""
        new = "SELECT DISTINCT coalesce(a.outlet, '') FROM articles a WHERE NOT EXISTS " \
              "(SELECT 1 FROM reader_feeds f WHERE f.outlet = coalesce(a.outlet, ''))"
        if not self._read(new + " LIMIT 1"):
            return
        with self._tx() as conn:
            conn.execute(f"INSERT OR IGNORE INTO reader_feeds (outlet) {new}")

    def feeds(self, user_id: int) -> list[dict[str, Any]]:
        """Every outlet as a feed: ``id`` (stable number), ``outlet``, ``articles``,
        ``unread``, ``newest`` (latest ``ingested_at``), by outlet name."""
        self._number_outlets()
        visible, vargs = self._visible(user_id)
        rows = self._read(
            "SELECT f.id, f.outlet, count(a.n), sum(CASE WHEN a.n IS NOT NULL AND "
            f"coalesce(r.read, 0) = 0 AND {visible} THEN 1 ELSE 0 END), max(a.ingested_at) "
            "FROM reader_feeds f "
            "LEFT JOIN articles a ON coalesce(a.outlet, '') = f.outlet "
            "LEFT JOIN reading_state r ON r.user_id = ? AND r.article_id = a.id "
            "GROUP BY f.id ORDER BY f.outlet", [*vargs, user_id])
        return [{"id": int(i), "outlet": o, "articles": int(c), "unread": int(u or 0),
                 "newest": t} for i, o, c, u, t in rows if c]

    def feed_outlet(self, feed_id: int) -> str | None:
        """The outlet of a feed number, or ``None``."""
        rows = self._read("SELECT outlet FROM reader_feeds WHERE id = ?", (feed_id,))
        return rows[0][0] if rows else None

    def item_numbers(self, user_id: int, scope: Scope, *, state: str = "all",
                     exclude: str | None = None, oldest_first: bool = False,
                     limit: int = 20, offset: int = 0, since: str | None = None,
                     until: str | None = None, after_n: int | None = None,
                     before_n: int | None = None, numbers: Sequence[int] | None = None
                     ) -> list[int]:
        """Article numbers of ``scope`` filtered by ``state`` (and not ``exclude``, a state),
        newest first by ingest order (``n``) unless ``oldest_first``; ``since``/``until`` bound
        ``ingested_at``, ``after_n``/``before_n`` bound ``n`` (exclusive); ``numbers`` keeps
        only these. The user's content filters apply (not to a list of ``numbers``)."""
        where, args = scope_where(scope)
        conds = [where, _state_where(state)]
        if numbers is None:  # asked by number (an app fetching items it knows): no filter
            visible, vargs = self._visible(user_id)
            conds.append(visible)
            args += vargs
        if exclude:
            conds.append(f"NOT ({_state_where(exclude)})")
        for cond, val in (("a.ingested_at >= ?", since), ("a.ingested_at < ?", until),
                          ("a.n > ?", after_n), ("a.n < ?", before_n)):
            if val is not None:
                conds.append(cond)
                args.append(val)
        if numbers is not None:
            nums = [int(x) for x in numbers][:MAX_IDS]
            conds.append(f"a.n IN ({', '.join('?' * len(nums)) or 'NULL'})")
            args.extend(nums)
        order = "ASC" if oldest_first else "DESC"
        return [int(n) for (n,) in self._read(
            f"SELECT a.n FROM articles a LEFT JOIN reading_state r ON r.user_id = ? "
            f"AND r.article_id = a.id WHERE {' AND '.join(conds)} ORDER BY a.n {order} "
            "LIMIT ? OFFSET ?", [user_id, *args, max(0, limit), max(0, offset)])]

    def items(self, user_id: int, numbers: Sequence[int]) -> list[ItemRow]:
        """The articles with these numbers (unknown numbers skipped), in the order given."""
        nums = list(dict.fromkeys(int(x) for x in numbers))[:MAX_IDS]
        if not nums:
            return []
        self._number_outlets()
        got: dict[int, ItemRow] = {}
        for i in range(0, len(nums), 500):
            chunk = nums[i:i + 500]
            for row in self._read(
                    "SELECT a.n, a.id, a.url, coalesce(a.outlet, ''), a.title, a.published, "
                    "a.sort_time, a.ingested_at, a.section, a.language, "
                    "coalesce(t.text, ''), coalesce(r.read, 0), coalesce(r.starred, 0), f.id, "
                    "(SELECT group_concat(code, ' ') FROM article_sections s WHERE s.n = a.n) "
                    "FROM articles a LEFT JOIN article_text t ON t.n = a.n "
                    "LEFT JOIN reading_state r ON r.user_id = ? AND r.article_id = a.id "
                    "LEFT JOIN reader_feeds f ON f.outlet = coalesce(a.outlet, '') "
                    f"WHERE a.n IN ({', '.join('?' * len(chunk))})", [user_id, *chunk]):
                got[int(row[0])] = ItemRow(int(row[0]), row[1], row[2], row[3], row[4], row[5],
                                           row[6], row[7], row[8], row[9], row[10],
                                           bool(row[11]), bool(row[12]), int(row[13] or 0),
                                           tuple(sorted((row[14] or "").split())))
        return [got[n] for n in nums if n in got]

    def ids_of(self, numbers: Sequence[int]) -> list[str]:
        """Article ids of these numbers (unknown numbers skipped)."""
        nums = [int(x) for x in numbers][:MAX_IDS]
        out: list[str] = []
        for i in range(0, len(nums), 500):
            chunk = nums[i:i + 500]
            out.extend(a for (a,) in self._read(
                f"SELECT id FROM articles WHERE n IN ({', '.join('?' * len(chunk))})", chunk))
        return out

    def numbers_of(self, article_ids: Sequence[str]) -> dict[str, int]:
        """``{article id: n}`` for the stored ones."""
        ids = list(article_ids)[:MAX_IDS]
        out: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update((a, int(n)) for a, n in self._read(
                f"SELECT id, n FROM articles WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk))
        return out

    def flagged_numbers(self, user_id: int, flag: str) -> list[int]:
        """Numbers of the articles that are unread (``flag="unread"``) or starred, newest first
        (Fever's ``unread_item_ids`` and ``saved_item_ids``)."""
        return self.item_numbers(user_id, Scope(), state=flag, limit=MAX_IDS * 10)
