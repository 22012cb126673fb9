"""The PostgreSQL store: one shared database for many readers and writers (psycopg 3).

Selected by a ``postgresql://`` (or ``postgres://``) URL as ``--db`` or ``MAWSUA_DB``
(:func:`is_url`). Same tables as the SQLite store (:mod:`mawsua.store.pg_migrations`), same
results: the listing, entity, filter and counting queries, the connect stage (duplicates,
stories, sections) and the source registry run the SQL they run on SQLite, through
:class:`~mawsua.store.pgconn.PgConn`; only writing and full-text search have their own code
here:

- **writing**: one transaction per batch under the database's writer lock (an advisory lock,
  SQLite's one-writer rule), the batch's duplicates found in three lookups, the rows sent with
  ``COPY`` (articles, documents, readable text, ``tsvector``, entity keys), then the analyst's
  desk rows with the shared SQL of :func:`mawsua.store.desk.insert`;
- **search**: Mawsua's folded words and stems as a stored ``tsvector`` with a GIN index
  (:mod:`mawsua.store.pgfts`), ``ts_rank`` ranking of the newest :data:`PG_RANK_WINDOW`
  matches first, block by block (filtered searches too): the matches are counted from the
  GIN index's bitmap (unfiltered, up to :data:`PG_BITMAP_COUNT` expected) or by visiting
  them (filtered, up to :data:`PG_EXACT_COUNT`), else estimated; a phrase's candidates (its
  words anywhere) are counted from the index and only a sample or the newest of them are
  checked; the newest of many matches are looked for among the newest row numbers only, and
  only the window's tsvectors are read (:meth:`PostgresStore._pg_ranked`).

:class:`PostgresStore` reuses the read methods of :class:`~mawsua.store.sqlite.SqliteStore`
(their SQL is portable), so it is a subclass of it; ``isinstance(store, SqliteStore)`` means
"a SQL store with the Mawsua schema".

The feed and export scans (:mod:`mawsua.store.scan`) and the alert matcher
(:mod:`mawsua.store.alerts`) ask for the ``tsvector`` match when their connection is a
:class:`~mawsua.store.pgconn.PgConn`.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from mawsua.errors import MawsuaError
from mawsua.model.results import AddResult, Page, SearchHit, SearchQuery
from mawsua.store import desk, fts, pgfts
from mawsua.store.migrations import Migration
from mawsua.store.pg_migrations import MIGRATIONS
from mawsua.store.pgconn import WRITE_LOCK, PgConn
from mawsua.store.sqlite import _SUMMARY_COLS, Prepared, SqliteStore, _bound

log = logging.getLogger(__name__)

#: searches rank the newest this many matches (by row number: ingest order), block by block:
#: a common word gives the best of the newest 200 matches, then the best of the next 200...
#: Reading and ranking a tsvector is what a PostgreSQL search costs (~0.2 ms each under this
#: machine's load), so the window is smaller than SQLite's 1,000 (FTS5 ranks from its index)
PG_RANK_WINDOW = 200
#: the window of a search with more than :data:`PG_EXACT_COUNT` matches, or an estimated
#: total: the best of its newest 100, then of the next 100... (half the tsvectors read, and
#: from disk when the cache is cold); a smaller set keeps the order it always had
PG_RANK_WINDOW_LARGE = 100
#: a filtered search's matches are counted (by visiting them, stopped after this many + 1)
#: when the planner expects at most this many, else the planner's estimate is the total
#: (``_count``); unfiltered ones: :data:`PG_BITMAP_COUNT`
PG_EXACT_COUNT = 10_000
#: a query with a phrase is counted exactly when at most this many articles hold its words
#: (each one's tsvector is read to check their order); else its total is estimated from
#: :data:`PG_PHRASE_SAMPLE` of them
PG_PHRASE_EXACT = 1_000
PG_PHRASE_SAMPLE = 200
#: articles per transaction of the word pairs' backfill (:meth:`PostgresStore.pairs_backfill`)
PAIRS_BACKFILL_BATCH = 1_000
#: an unfiltered search the planner expects at most this many matches for is counted from
#: the GIN index's bitmap (:meth:`PostgresStore._bitmap_count`: exact, no row visited)
PG_BITMAP_COUNT = 200_000
#: when a search has more matches than this, its newest are looked for in a range of the
#: newest row numbers first (``_newest``); fewer are all visited (a range that holds the
#: newest of a rare word's matches is most of the table, slower to intersect than to visit
#: them). 10,000 while the count visited the matches anyway; since an unfiltered count
#: comes from the index (``_bitmap_count``), visiting 2,000-10,000 matches for the newest
#: (~1 heap page each) costs more than a range holding ~400 of them
PG_RANGE_FROM = 2_000
#: that range is at least this wide (for a word in most articles the planner reads the
#: range's tsvectors: 500 are ~15 ms)
PG_SPAN_MIN = 500
#: seconds to wait for the server when connecting
CONNECT_TIMEOUT_S = 10
_RANK = f"ts_rank('{pgfts.RANK_WEIGHTS}', t.tsv, CAST(? AS tsquery))"
_ARTICLE_COLS = ("n", "id", "sha256", "outlet", "url", "published", "published_local",
                 "sort_time", "section", "language", "title", "title_derived", "ingested_at")


def is_url(target: object) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database (``postgresql://``,
    ``postgres://``) rather than a SQLite file."""
    return isinstance(target, str) and target.split("://", 1)[0] in ("postgresql", "postgres")


def redacted(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def migrate(conn: PgConn, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the PostgreSQL migrations not yet applied, each in its own transaction, under the
    writer lock (two processes opening a new database at once apply each migration once).

    Returns:
        The versions applied by this call.

    Raises:
        RuntimeError: when the database has a version this code does not know.
        sqlite3.Error: (:class:`~mawsua.store.pgconn.PgError`) when a statement fails.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                 "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    have = {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}
    unknown = have - {m.version for m in migrations}
    if unknown:
        raise RuntimeError(f"database schema version {max(unknown)} is newer than this code")
    done: list[int] = []
    for m in migrations:
        if m.version in have:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?",
                            (m.version,)).fetchone() is None:
                for sql in m.statements:
                    conn.execute(sql)
                conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                             (m.version, datetime.now(UTC).isoformat(timespec="seconds")))
                done.append(m.version)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return done


class PostgresStore(SqliteStore):
    """Articles in one PostgreSQL database (see the module docstring).

    Args:
        url: a libpq URL, ``postgresql://user[:password]@host[:port]/dbname[?options]``.
        readonly: no schema changes, no writes (the session is read-only).

    Raises:
        MawsuaError: ``E_STORE`` (with the URL, password hidden) when the server cannot be
            reached or refuses the login, the database has no Mawsua schema (read-only), or
            it was written by a newer Mawsua.
    """

    def __init__(self, url: str, *, readonly: bool = False) -> None:  # noqa: D107
        self.url = url
        self.path = redacted(url)  # type: ignore[assignment]  # messages name the database
        self.readonly = readonly
        self._lock = threading.RLock()
        self.lock = self._lock
        self._conn = None
        self._pairs = False
        self._keys = False
        #: times a lost connection was replaced (:meth:`_reconnect`: a write batch, or a
        #: statement run outside a transaction)
        self.reconnects = 0
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise MawsuaError("E_STORE", "PostgreSQL needs psycopg: pip install "
                              "'mawsua[postgres]'", self.path) from None
        raw = self._connect()
        self._conn = PgConn(raw, self._reconnect)  # type: ignore[assignment]
        try:
            if readonly:
                if self._conn.execute("SELECT to_regclass('schema_migrations')"
                                      ).fetchone()[0] is None:
                    raise MawsuaError("E_STORE", "not a Mawsua database (no schema; run "
                                      "`mawsua ingest --db URL` first)", self.path)
                raw.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            else:
                migrate(self._conn)  # type: ignore[arg-type]
                desk.backfill(self._conn)  # type: ignore[arg-type]
                self.pairs_backfill()
        except MawsuaError:
            self.close()
            raise
        except Exception as e:
            self.close()
            raise MawsuaError("E_STORE", f"cannot open the database: {e}", self.path) from e

    def set_busy_timeout(self, seconds: float) -> None:
        """Nothing to set: a writer waits for the database's writer lock (an advisory lock)
        as long as it is held."""

    def _connect(self) -> Any:
        """A new autocommit psycopg connection to :attr:`url`.

        Raises:
            MawsuaError: ``E_STORE`` (one line) when the server cannot be reached or refuses
                the login.
        """
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True,
                                   connect_timeout=CONNECT_TIMEOUT_S, application_name="mawsua")
        except psycopg.Error as e:
            reason = " ".join(str(e).split())
            raise MawsuaError("E_STORE", f"cannot connect to PostgreSQL: {reason}",
                              self.path) from None

    def _lost(self) -> bool:
        """Whether the connection is gone (server restarted or down, network cut, backend
        terminated): not a failed statement on a live connection."""
        raw = getattr(self._conn, "raw", None)
        return raw is None or bool(raw.closed or raw.broken)

    def _reconnect(self, reason: str) -> Any:
        """Replace a lost connection by a new one (same session settings; migrations were
        applied when the store was opened), logging the loss with its code; returns it.

        Raises:
            MawsuaError: ``E_STORE_LOST`` when the server cannot be reached again.
        """
        log.warning("%s: E_STORE_LOST: lost the connection to PostgreSQL (%s); reconnecting",
                    self.path, reason)
        try:
            raw = self._connect()
        except MawsuaError as e:
            raise MawsuaError("E_STORE_LOST", f"lost the connection to PostgreSQL ({reason}) "
                              f"and could not reconnect ({e.reason}); the batches written "
                              "before stay: run the same command again to resume",
                              self.path) from None
        if self.readonly:
            raw.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        conn = self.conn
        try:
            conn.raw.close()  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - already broken
            pass
        conn.raw = raw  # type: ignore[attr-defined]  # callers keep their PgConn
        self.reconnects += 1
        return raw

    def reindex_pending(self, batch: int = 500) -> int:
        """Nothing is ever pending: the ``tsvector`` is written with its article."""
        return 0

    # -- writing ---------------------------------------------------------------------------

    def _write(self, prepared: list[Prepared]) -> list[AddResult]:
        """Insert prepared items in one transaction with COPY (duplicates skipped, as
        :meth:`SqliteStore._write`: same raw bytes, else same outlet + URL, against the stored
        rows and earlier items; a taken id becomes ``ID~`` + the start of the SHA-256)."""
        if not prepared:
            return []
        import psycopg

        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            for attempt in (1, 2):
                raw = self.conn.raw  # type: ignore[attr-defined]
                try:
                    with raw.transaction():
                        raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                        results, new = self._plan(raw, prepared)
                        if new:
                            conn = self.conn
                            for n, (p, _) in self._copy(raw, new, now):  # the desk's rows
                                desk.insert(conn, n, p.row[6], p.desk,  # type: ignore[arg-type]
                                            p.entities)
                    return results
                except (psycopg.Error, sqlite3.Error) as e:
                    reason = " ".join(str(e).split())
                    if not self._lost():
                        raise MawsuaError("E_STORE", f"write failed: {reason}",
                                          self.path) from e
                    if attempt == 2:
                        raise MawsuaError("E_STORE_LOST", "lost the connection to PostgreSQL "
                                          f"again ({reason}); the batches written before "
                                          "stay: run the same command again to resume",
                                          self.path) from e
                    # the batch again on a new connection: had its COMMIT gone through, its
                    # articles are found stored and reported as duplicates, never doubled
                    self._reconnect(reason)
        raise AssertionError("not reached")

    @staticmethod
    def _plan(raw: Any, prepared: list[Prepared]
              ) -> tuple[list[AddResult], list[tuple[Prepared, str]]]:
        by_sha = dict(raw.execute("SELECT sha256, id FROM articles WHERE sha256 = ANY(%s)",
                                  ([p.sha for p in prepared],)).fetchall())
        urls = sorted({p.url for p in prepared if p.url})
        by_url = {(o, u): i for o, u, i in raw.execute(
            "SELECT coalesce(outlet, ''), url, id FROM articles WHERE url = ANY(%s)", (urls,))}
        taken = {i for (i,) in raw.execute("SELECT id FROM articles WHERE id = ANY(%s)",
                                           ([p.id for p in prepared],))}
        results: list[AddResult] = []
        new: list[tuple[Prepared, str]] = []
        for p in prepared:
            key = (p.outlet or "", p.url)
            dup = by_sha.get(p.sha) or (by_url.get(key) if p.url else None)
            if dup is not None:
                results.append(AddResult("duplicate", dup, dup))
                continue
            art_id = p.id
            if art_id in taken:
                art_id = _free_id(raw, p.id, p.sha, taken)
            taken.add(art_id)
            by_sha[p.sha] = art_id
            if p.url:
                by_url[key] = art_id
            new.append((p, art_id))
            results.append(AddResult("added", art_id))
        return results, new

    @staticmethod
    def _copy(raw: Any, new: list[tuple[Prepared, str]], now: str
              ) -> list[tuple[int, tuple[Prepared, str]]]:
        """COPY the new articles' rows; returns ``(n, (prepared, id))`` of each."""
        ns = sorted(n for (n,) in raw.execute(
            "SELECT nextval(pg_get_serial_sequence('articles', 'n')) "
            "FROM generate_series(1, %s)", (len(new),)))
        with raw.cursor() as cur:
            with cur.copy(f"COPY articles ({', '.join(_ARTICLE_COLS)}) FROM STDIN") as cp:
                for n, (p, art_id) in zip(ns, new, strict=True):
                    cp.write_row((n, art_id, *p.row[1:], now))
            with cur.copy("COPY documents (n, doc, body, raw_text, raw) FROM STDIN") as cp:
                for n, (p, _) in zip(ns, new, strict=True):
                    cp.write_row((n, *p.blobs))
            with cur.copy("COPY article_text (n, text) FROM STDIN") as cp:
                for n, (p, _) in zip(ns, new, strict=True):
                    cp.write_row((n, p.text))
            with cur.copy("COPY article_tsv (n, tsv, keys) FROM STDIN") as cp:
                for n, (p, _) in zip(ns, new, strict=True):
                    # row: id, sha256, outlet, url, published, published_local, sort_time,
                    # section, language, ...
                    cp.write_row((n, pgfts.tsvector_literal(p.fts), pgfts.keys_literal(
                        p.row[2], p.row[7], p.row[8], p.row[6])))
            with cur.copy("COPY article_pairs (n, tsv) FROM STDIN") as cp:
                for n, (p, _) in zip(ns, new, strict=True):
                    cp.write_row((n, pgfts.pairs_literal(p.fts)))
            with cur.copy("COPY article_entities (n, key, type, canonical) FROM STDIN") as cp:
                for n, (p, _) in zip(ns, new, strict=True):
                    for e in p.entities:
                        cp.write_row((n, *e))
        return list(zip(ns, new, strict=True))

    # -- search ----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> Page[SearchHit]:
        """Full-text search with the same syntax, matches, filters and snippets as
        :meth:`SqliteStore.search`; ``score`` is minus ``ts_rank`` (lower is better, as
        bm25).

        Raises:
            ValueError: when ``since``/``until`` are not ISO 8601 dates or date-times.
            MawsuaError: ``E_STORE`` when PostgreSQL fails.
        """
        parsed = fts.parse_query(query.text or "", query.spellings)
        tsq = pgfts.tsquery_literal(parsed)
        if tsq is None or parsed.excludes_only:
            return super().search(query)  # a listing, or nothing: no full-text SQL
        cand = pgfts.tsquery_literal(parsed, candidates=True) if pgfts.has_phrase(parsed) \
            else None
        pairs: tuple[str | None, bool] = (None, False)
        limit, offset = self._paging(query.limit, query.offset)
        where, args = self.query_filters(query)
        try:
            with self._lock:
                if cand is not None and self._pairs_ready():
                    pairs = pgfts.pair_query(parsed)
                # the filters as keys in the words' index (not for the word pairs' table)
                keys, whole = self._filter_keys(query) if where and pairs[0] is None \
                    else (None, False)
                if whole:  # the keys are the filters: no row of articles to check
                    where, args = [], []
                rows, total = self._pg_ranked(tsq, where, args, limit, offset, cand, *pairs,
                                              keys=keys)
                bodies = self._bodies([r[0] for r in rows])
        except Exception as e:
            if isinstance(e, MawsuaError | ValueError):
                raise
            reason = " ".join(str(e).split())
            raise MawsuaError("E_STORE", f"search failed: {reason}", self.path) from e
        hits = []
        for r in rows:
            plain, marked = fts.snippet(bodies.get(r[0], ""), parsed)
            hits.append(self._hit(r, float(r[10]), plain, marked))
        return Page(hits, total, limit, offset)

    def _pairs_ready(self) -> bool:
        """Whether every stored article has its word pairs in ``article_pairs`` (PostgreSQL
        migration 6 applied and its backfill done: :meth:`pairs_backfill`); asked until it
        is (a reader opened during the backfill starts using the pairs once it is done)."""
        if not self._pairs:
            conn = self.conn
            self._pairs = conn.execute("SELECT to_regclass('pairs_pending') IS NOT NULL"
                                       ).fetchone()[0] and conn.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM pairs_pending)").fetchone()[0]
        return bool(self._pairs)

    def _keys_ready(self) -> bool:
        """Whether ``article_tsv`` has the filter keys (PostgreSQL migration 7); asked until
        it has (a read-only store of an older database searches without them)."""
        if not self._keys:
            self._keys = self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = 'article_tsv' AND column_name = 'keys')"
            ).fetchone()[0]
        return bool(self._keys)

    def _filter_keys(self, query: SearchQuery) -> tuple[str | None, bool]:
        """``(tsquery, whole)``: the filters of ``query`` over ``article_tsv.keys``
        (:func:`pgfts.keys_literal`; ``None`` when none applies or the keys are not there),
        and whether it is exactly the filters — outlet, section and language (with their
        other stored names) are; an entity is not a key, and a date range's keys are a
        superset (:func:`pgfts.date_keys`), so with either the filters' SQL still checks
        the rows the keys leave. Same conditions as :meth:`SqliteStore._filters`.
        """
        if not self._keys_ready():
            return None, False
        parts: list[str] = []
        whole = not query.entity and not query.since and not query.until
        for name, value, names in (("outlet", query.outlet, query.outlet_names),
                                   ("section", query.section, query.section_names)):
            if value is not None:
                values = dict.fromkeys((value, *names))
                parts.append(" | ".join(pgfts.key_lexeme(name, v) for v in values))
        if query.language is not None:
            parts.append(pgfts.key_lexeme("lang", query.language))
        if query.since or query.until:
            since = _bound(query.since, "since") if query.since else None
            until = _bound(query.until, "until") if query.until else None
            days = pgfts.date_keys(since, until)
            if days is not None:
                parts.append(" | ".join(pgfts.key_lexeme(*k.split(":", 1)) for k in days))
        if not parts:
            return None, False
        return " & ".join(f"({p})" for p in parts), whole

    def pairs_backfill(self, batch: int = PAIRS_BACKFILL_BATCH) -> int:
        """Fill in ``article_pairs`` for the articles queued in ``pairs_pending`` (every
        article stored before migration 6) from their stored ``tsvector`` (the SQL of
        :data:`mawsua.store.pgfts.PAIRS_FROM_TSV`: the same pairs as the writer's
        :func:`~mawsua.store.pgfts.pairs_literal`), ``batch`` articles per transaction under
        the writer lock; until the queue is empty, phrases are searched without the pairs.
        ~5 ms of the server's CPU per article (1M articles: ~1.5 h of one core).

        Returns:
            The number of articles done.

        Raises:
            sqlite3.Error: (:class:`~mawsua.store.pgconn.PgError`) when a statement fails.
        """
        raw = self.conn.raw  # type: ignore[attr-defined]
        done = 0
        while True:
            with raw.transaction():
                raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                ns = [n for (n,) in raw.execute(
                    "DELETE FROM pairs_pending WHERE n IN (SELECT n FROM pairs_pending "
                    "ORDER BY n LIMIT %s) RETURNING n", (batch,))]
                if ns:
                    raw.execute("INSERT INTO article_pairs (n, tsv) SELECT t.n, "
                                f"{pgfts.PAIRS_FROM_TSV} FROM article_tsv t WHERE t.n = ANY(%s) "
                                "ON CONFLICT (n) DO NOTHING", (ns,))
            if not ns:
                return done
            done += len(ns)

    def _pg_ranked(self, tsq: str, where: list[str], args: list[Any], limit: int,
                   offset: int, cand: str | None = None, pq: str | None = None,
                   pexact: bool = False, *, keys: str | None = None
                   ) -> tuple[list[tuple[Any, ...]], int]:
        """The page's rows (summary columns, score) and the number of matches.

        Three bounded steps, none of which reads every match's row:

        1. the matches are counted (:meth:`_count`: exactly up to :data:`PG_EXACT_COUNT`,
           with the count stopped there, beyond that an estimate);
        2. the newest ``k`` of them (``k``: up to the end of the :data:`PG_RANK_WINDOW` block
           the page falls in) are looked for among the newest row numbers only, in a range
           sized from the matches' density (``2 k`` expected in it) and grown 8x while it
           holds fewer: the index range on ``n`` and the GIN bitmap are intersected, so only
           the rows of that range are visited (and, for a phrase, only their tsvectors read);
        3. only those window's tsvectors are read back and ranked.

        ``cand``: for a query with a phrase, its candidates (:func:`pgfts.tsquery_literal`
        with ``candidates=True``), which the index answers alone. ``pq``: its phrases' word
        pairs (:func:`pgfts.pair_query`, when ``article_pairs`` is complete): the candidates
        are then the articles holding those pairs (as rare as the phrase, where its words
        alone can each be in most articles); ``pexact``: the pairs are the whole query
        (phrases of two words only), so the matches are found and counted in
        ``article_pairs`` alone and only the ranked window's tsvectors are read. ``keys``:
        the filters as a ``tsquery`` over ``article_tsv.keys`` (:meth:`_filter_keys`), matched
        in the same probe of the words' index; ``where`` is then empty when the keys are the
        whole filter (the search is counted and paged as an unfiltered one).

        Sequential scans and plain index scans are off for the statements: for a word in
        most articles the planner would otherwise read every tsvector (3 s at 100k articles,
        measured), or walk the primary key backwards reading tsvectors until it has ``k``.
        """
        cond = "".join(f" AND {w}" for w in where)
        join = " JOIN articles a ON a.n = t.n" if where else ""
        if keys is not None:  # one probe of the words' index: gin (tsv, keys)
            cond = " AND t.keys @@ CAST(? AS tsquery)" + cond
            args = [keys, *args]
        match = f"FROM article_tsv t{join} WHERE t.tsv @@ CAST(? AS tsquery){cond}"
        # the matches are looked for with ``mtsq`` over ``match``; candidates of a phrase
        # with ``cand`` over ``cmatch`` (``cargs``); ranked with ``tsq``
        mtsq, cmatch, margs = tsq, match, args
        if pq is not None and pexact:  # the pairs are the query
            match = cmatch = f"FROM article_pairs t{join} WHERE t.tsv @@ CAST(? AS tsquery){cond}"
            mtsq, cand = pq, None
        elif pq is not None:  # the pairs' articles are the candidates, checked in article_tsv
            cmatch = f"FROM article_pairs t{join} WHERE t.tsv @@ CAST(? AS tsquery){cond}"
            cand = pq
            # COALESCE: the check reads the candidates' tsvectors, never the words' bitmap
            match = (f"FROM article_tsv t{join} WHERE coalesce(t.tsv, '') @@ CAST(? AS tsquery) "
                     "AND t.n IN (SELECT p.n FROM article_pairs p "
                     f"WHERE p.tsv @@ CAST(? AS tsquery)){cond}")
            margs = [pq, *args]
        conn = self.conn
        raw = conn.raw  # type: ignore[attr-defined]
        rows: list[tuple[Any, ...]] = []
        with raw.transaction():
            # the newest row number, from the primary key's end (the statement is planned
            # before its set_config calls turn sequential and plain index scans off); every
            # statement planned for its own values: psycopg prepares a statement run five
            # times on a connection, and PostgreSQL's generic plan for it, made without the
            # tsquery, can read the tsvectors of a whole range (1M articles: 25 -> 110 ms)
            top = int(conn.execute(
                "SELECT (SELECT coalesce(max(n), 0) FROM article_tsv), "
                "set_config('enable_seqscan', 'off', true), "
                "set_config('enable_indexscan', 'off', true), "
                "set_config('plan_cache_mode', 'force_custom_plan', true)").fetchone()[0])
            # the newest matches up to the end of the page's block come with the count when
            # it visits them all anyway
            first_k = (offset // PG_RANK_WINDOW + 1) * PG_RANK_WINDOW
            total, visit, exact, counted = self._count(match, mtsq, cand, margs, first_k,
                                                       filtered=bool(where), cmatch=cmatch,
                                                       cargs=args)
            # a set too large to count gets the smaller window (its order is the best of
            # its newest matches either way); a counted one keeps the order it always had
            window = PG_RANK_WINDOW if exact and total <= PG_EXACT_COUNT else \
                PG_RANK_WINDOW_LARGE
            small = PG_PHRASE_EXACT if cand is not None else None
            pos, need = offset, limit
            while need > 0 and pos < total:
                block, skip = divmod(pos, window)
                k = (block + 1) * window
                ns = counted[:k] if counted is not None and k <= first_k else \
                    self._newest(match, [mtsq, *margs], k, total, top, visit, small)
                if not exact:  # an estimate: fewer than k found = every match found
                    total = len(ns) if len(ns) < k else max(total, len(ns))
                ns = ns[block * window:]
                # ranked and cut to the page first: only the page's articles rows are read
                got = conn.execute(
                    f"SELECT {_SUMMARY_COLS}, -m.score FROM (SELECT t.n, {_RANK} AS score "
                    "FROM article_tsv t WHERE t.n = ANY(?) ORDER BY score DESC, t.n DESC "
                    "LIMIT ? OFFSET ?) m JOIN articles a ON a.n = m.n "
                    "ORDER BY m.score DESC, a.n DESC", [tsq, ns, need, skip]).fetchall()
                rows += got
                need -= len(got)
                pos = (block + 1) * window
        return rows, total

    def _estimate(self, match: str, args: list[Any]) -> int:
        """The planner's estimate of the rows of ``SELECT ... {match}`` (from the
        ``tsvector`` statistics ``ANALYZE`` keeps)."""
        plan = self.conn.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 {match}", args).fetchone()[0]
        if isinstance(plan, str):
            import json

            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def _bitmap_count(self, match: str, args: list[Any]) -> int | None:
        """The number of rows the GIN index gives for an unfiltered match, read from the
        bitmap it builds (``EXPLAIN ANALYZE`` of the match with ``LIMIT 1``: the whole
        bitmap is built, one heap row read): exact for a query without a phrase, without
        visiting the matching rows (``count(*)`` visits each one's heap page: 1,666 pages
        for 3,689 matches at 100k). ``None`` when the plan is not a bitmap of that index."""
        plan = self.conn.execute("EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, FORMAT JSON) "
                                 f"SELECT 1 {match} LIMIT 1", args).fetchone()[0]
        if isinstance(plan, str):
            import json

            plan = json.loads(plan)
        node = plan[0]["Plan"]
        while node.get("Node Type") in ("Limit", "Bitmap Heap Scan"):
            kids = node.get("Plans") or [{}]
            node = kids[0]
        if node.get("Node Type") != "Bitmap Index Scan" or \
                node.get("Index Name") not in ("article_tsv_gin", "article_pairs_gin"):
            return None
        return int(node["Actual Rows"])

    def _count(self, match: str, tsq: str, cand: str | None, args: list[Any], k: int, *,
               filtered: bool = False, cmatch: str | None = None,
               cargs: list[Any] | None = None) -> tuple[int, int, bool, list[int] | None]:
        """``(total, candidates, exact, newest)``: the number of matches (exact or an
        estimate), of the rows visiting them all reads (the phrase's candidates for a query
        with a phrase, else the matches), and, when the count visited every match, the row
        numbers of the newest ``k`` (newest first; else ``None``).

        Unfiltered candidates the planner expects at most :data:`PG_BITMAP_COUNT` of are
        counted exactly from the GIN index's bitmap (:meth:`_bitmap_count`); filtered ones
        by visiting them (stopped after :data:`PG_EXACT_COUNT` + 1 rows, with the newest
        ``k`` in the same pass) when the planner expects at most :data:`PG_EXACT_COUNT`;
        above that (or when the stopped count overflows) the planner's estimate
        stands, as a search engine shows "about 250,000 results": counting a common word's
        matches means visiting every matching row (0.4 s for 125k matches at 1M articles,
        measured). A query with a phrase is counted exactly when it has at most
        :data:`PG_PHRASE_EXACT` candidates (each candidate's tsvector is read to check the
        order); above that its total is the candidates' count times the share of phrase
        matches among :data:`PG_PHRASE_SAMPLE` of them (the common words of ``"خادم الحرمين
        الشريفين"`` are in 63k articles at 1M: reading all their tsvectors to count took
        2.4 s). ``cmatch``/``cargs``: the candidates' ``FROM ... WHERE`` and parameters after
        the tsquery, when not ``match``/``args`` (a phrase's word pairs: ``article_pairs``).
        """
        conn = self.conn
        csql = match if cmatch is None else cmatch
        cmatch_args = [cand if cand is not None else tsq, *(args if cargs is None else cargs)]
        visit = self._estimate(csql, cmatch_args)
        exact = visit <= PG_EXACT_COUNT
        newest = None
        counted = None
        if not filtered and visit <= PG_BITMAP_COUNT:
            counted = self._bitmap_count(csql, cmatch_args)
        if counted is not None:
            visit, exact = counted, True
        elif exact:
            # plain index scans back on for this statement only: each word match is then
            # joined to ``articles`` by its primary key (or the filter's rows hashed from an
            # index-only scan) instead of one bitmap scan per match (1M articles, a word of
            # 23.5k matches with an outlet: 309 -> 57 ms, measured); the count has no order
            # to walk an index backwards for
            conn.execute("SELECT set_config('enable_indexscan', 'on', true)")
            got = conn.execute(
                f"SELECT c.n, count(*) OVER () FROM (SELECT t.n {csql} LIMIT ?) c "
                "ORDER BY c.n DESC LIMIT ?", [*cmatch_args, PG_EXACT_COUNT + 1, k]).fetchall()
            conn.execute("SELECT set_config('enable_indexscan', 'off', true)")
            visit = int(got[0][1]) if got else 0
            newest = [int(r[0]) for r in got]
            if visit > PG_EXACT_COUNT:  # more than the planner expected: stopped counting
                exact, newest = False, None
                visit = max(visit, self._estimate(csql, cmatch_args))
        if cand is None:
            return visit, visit, exact, newest
        if visit <= PG_PHRASE_EXACT:  # counted, with the newest, in one visit
            got = conn.execute(f"SELECT c.n, count(*) OVER () FROM (SELECT t.n {match}) c "
                               "ORDER BY c.n DESC LIMIT ?", [tsq, *args, k]).fetchall()
            return (int(got[0][1]) if got else 0), visit, exact, [int(r[0]) for r in got]
        # the sample's tsvectors: the candidates' own, or (pairs) those of article_tsv
        sample = f"(SELECT t.tsv {csql} LIMIT ?) s" if csql == match else \
            f"article_tsv s WHERE s.n IN (SELECT t.n {csql} LIMIT ?)"
        hit, seen = conn.execute(
            f"SELECT count(*) FILTER (WHERE s.tsv @@ CAST(? AS tsquery)), count(*) FROM "
            f"{sample}", [tsq, *cmatch_args, PG_PHRASE_SAMPLE]).fetchone()
        # at least 1: none in the sample is no proof of none at all (the newest step looks)
        return max(1, round(visit * int(hit) / max(1, int(seen)))), visit, False, None

    def _newest(self, match: str, args: list[Any], k: int, total: int, top: int,
                visit: int | None = None, small: int | None = None) -> list[int]:
        """The row numbers of the newest ``k`` of ``total`` matches (``match``: the ``FROM
        ... WHERE`` of the search, ``args`` its parameters; ``top``: the newest row number;
        ``visit``: the rows visiting every match reads, ``total`` when not given; ``small``:
        visit them all when at most this many, :data:`PG_RANGE_FROM` when not given — a
        phrase's candidates each have their tsvector read), newest first."""
        conn = self.conn
        visit = total if visit is None else visit
        small = max(PG_RANGE_FROM, 5 * k) if small is None else small
        # rows holding 2 k matches at the matches' average density; the whole table when the
        # rows to visit are few (they are visited anyway)
        span = top if visit <= small else max(PG_SPAN_MIN, 2 * k * top // max(1, total))
        while True:
            lo = top - span
            # no range condition over the whole table: the planner would intersect the
            # matches with (or filter them through) every row number
            rng, more = (" AND t.n > ?", [lo]) if lo > 0 else ("", [])
            ns = [int(r[0]) for r in conn.execute(
                f"SELECT t.n {match}{rng} ORDER BY t.n DESC LIMIT ?", [*args, *more, k])]
            if len(ns) >= k or lo <= 0:
                return ns
            span *= 8


def _free_id(raw: Any, article_id: str, sha: str, taken: set[str]) -> str:
    """As :func:`mawsua.store.sqlite._free_id`, also avoiding the ids of this batch."""
    for k in range(8, 65, 4):
        candidate = f"{article_id}~{sha[:k]}"
        if candidate not in taken and raw.execute(
                "SELECT 1 FROM articles WHERE id = %s", (candidate,)).fetchone() is None:
            return candidate
    raise MawsuaError("E_STORE", f"no free id for {article_id}", article_id)


def open_store(target: str, *, readonly: bool = False) -> SqliteStore:
    """The store a ``--db`` value names: :class:`PostgresStore` for a PostgreSQL URL, else
    the SQLite file at that path.

    Raises:
        MawsuaError: ``E_STORE`` as the chosen store's constructor.
    """
    if is_url(target):
        return PostgresStore(target, readonly=readonly)
    return SqliteStore(target, readonly=readonly)
