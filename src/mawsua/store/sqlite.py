"""The default store: one SQLite file in WAL mode with an FTS5 index over folded text.

Layout (see :mod:`mawsua.store.migrations`): ``articles`` holds the listing columns (id,
SHA-256 of the raw bytes, outlet, url, times, section, language, title), ``documents`` the
Zstandard-compressed (:mod:`mawsua.store.codec`) JSON of the article (:func:`mawsua.model.article_to_dict`, without ``text``
and ``raw_text``, which are kept apart so that snippets need not parse the JSON), the
repaired text, the raw text when it differs, and the raw bytes exactly as read.
``articles_fts`` is a contentless FTS5 table whose rowid is ``articles.n`` (see
:mod:`mawsua.store.fts` for the columns and ranking).

Times: ``sort_time`` is ``published`` (converted to UTC when it has an offset) or else
``published_local`` (wall time of an unknown zone, compared as written), or else the time the
article was crawled (``metadata.extra["crawled"]``, as in a WARC record or a news-please dump:
it was published by then); listing is newest first with unknown times last. ``since``/``until`` compare against it; a date-only ``until``
includes that whole day.

One connection per store, shared by threads under a lock; one writer at a time per file
(SQLite's rule), readers never block in WAL mode.
"""

from __future__ import annotations

import hashlib
import html
import os
import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from mawsua.arabic.fold import fold
from mawsua.arabic.variants import clitic_keys, loose_key
from mawsua.errors import MawsuaError
from mawsua.model import Article, Edit, article_from_dict, article_to_dict
from mawsua.model.features import Features
from mawsua.model.results import AddResult, ArticleSummary, Facets, Page, SearchHit, SearchQuery
from mawsua.store import codec, desk, fts
from mawsua.store.migrations import migrate

#: seconds a statement waits for a lock held by another connection
BUSY_TIMEOUT_S = 5.0
#: bytes of write-ahead log past which a writer, after its commit, checkpoints the whole log
#: and truncates it (``PRAGMA wal_checkpoint(TRUNCATE)``: it waits for the readers of older
#: snapshots, which take milliseconds; new readers go on). SQLite's automatic checkpoint
#: never restarts the log while some reader is always reading — a website under steady
#: load — so the log grew without bound while `watch`/`ingest` wrote beside `serve` (82 MiB
#: in 2 minutes at 3 articles/s, bench/load.py), every read looking through its index.
WAL_RESTART_BYTES = 32 * 1024 * 1024
#: milliseconds that checkpoint waits for older readers
WAL_RESTART_WAIT_MS = 250
#: page cache of a read-only connection (negative: KiB, SQLite's convention): 8 MiB
READ_CACHE_KIB = -8192
#: page cache of a writable connection (KiB, negative as above): 16 MiB. It is private memory
#: of the writer (the ingest parent) and fills as the store grows: 64 MiB made it the largest
#: part of the parent's growth in a 3,000-article ingest; pages it misses come from the
#: operating system's file cache (``bench/bench_writer.py`` gives the writer's cost).
WRITE_CACHE_KIB = -16384
#: memory-mapped I/O of a read-only connection, in bytes (pages shared by every reader)
READ_MMAP_BYTES = 256 * 1024 * 1024
#: largest page size (larger limits are clamped)
MAX_LIMIT = 200
#: unfiltered searches rank (bm25) the matches in blocks of this many, most recently stored
#: block first: a common word gives the best of the newest 1,000 matches, then the best of the
#: next 1,000... (cost stays bounded). Filtered searches rank every match at once.
RANK_WINDOW = 1000
_SUMMARY_COLS = ("a.n, a.id, a.url, a.outlet, a.title, a.title_derived, a.published, "
                 "a.published_local, a.section, a.language")
_BM25 = "bm25(articles_fts, " + ", ".join(str(w) for w in fts.BM25_WEIGHTS) + ")"


def normalize_time(value: str) -> str:
    """The sortable form of an ISO 8601 time: UTC without offset when it has one, seconds
    precision for date-times, unchanged for dates and for strings that are not ISO."""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:  # a date
        return value
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.isoformat(timespec="seconds")


def _sort_time(published: str | None, published_local: str | None,
               crawled: object = None) -> str | None:
    for v in (published, published_local):
        if v:
            return normalize_time(v)
    if isinstance(crawled, str) and crawled:
        try:
            datetime.fromisoformat(crawled)
        except ValueError:
            return None  # a crawl time that is not ISO 8601 is no time to sort by
        return normalize_time(crawled)
    return None


def _unzstd(blob: bytes | None) -> str | None:
    return None if blob is None else codec.decompress(blob).decode("utf-8")


def _bound(value: str, name: str) -> str:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not an ISO 8601 date or date-time") from None
    return normalize_time(value)


class Prepared:
    """Everything one insert needs, computed outside the write transaction.

    Plain strings, bytes and tuples only, so it pickles cheaply: ingest workers prepare
    articles in their own processes and hand these to the single writer
    (:meth:`SqliteStore.add_prepared`).

    Args:
        article: the processed article.
        raw: the bytes it was read from (their SHA-256 must equal ``article.source.sha256``).
        connect: the article's :class:`~mawsua.model.features.Features` (MinHash signature,
            terms, section votes), computed by the caller (``app/``: ingest workers do that
            work too) and carried to the writer, which links it (:mod:`mawsua.connect.link`);
            ``None`` for a plain store (``add_many``/``add_stream`` do not connect).
        title_tokens, text_tokens: the folded tokens of the headline and of ``article.text``
            (:func:`mawsua.arabic.fold.tokens`) when the caller has them (ingest computes them
            once for these full-text columns and the connect features); else folded here.

    Raises:
        MawsuaError: ``E_STORE`` when ``raw`` does not match ``source.sha256``.
    """

    __slots__ = ("id", "where", "outlet", "url", "sha", "row", "blobs", "fts", "entities",
                 "connect", "text", "desk", "warnings")

    def __init__(self, article: Article, raw: bytes, connect: Features | None = None, *,
                 title_tokens: list[str] | None = None,
                 text_tokens: list[str] | None = None) -> None:
        sha = hashlib.sha256(raw).hexdigest()
        if article.source.sha256 and article.source.sha256.lower() != sha:
            raise MawsuaError(
                "E_STORE",
                f"raw bytes do not match source.sha256 of article {article.id}",
                article.source.path or article.source.url or article.id,
            )
        md = article.metadata
        d = article_to_dict(article, surfaces=False)  # span texts are rebuilt on read
        text: str = d.pop("text")
        raw_text: str = d.pop("raw_text")
        self.id = article.id
        src = article.source
        where = src.path or src.url or article.id
        #: the input it came from, as outcomes name it (``file:LINE`` for a JSONL record)
        self.where = f"{where}:{src.record}" if src.record else where
        self.outlet = md.outlet
        self.url = md.url
        self.sha = sha
        self.row = (
            article.id, sha, md.outlet, md.url, md.published, md.published_local,
            _sort_time(md.published, md.published_local, md.extra.get("crawled")), md.section, md.language, md.title,
            int(md.title_derived),
        )
        self.blobs = (
            codec.compress(orjson.dumps(d)),
            codec.compress(text.encode("utf-8")),
            None if raw_text == text else codec.compress(raw_text.encode("utf-8")),
            codec.compress(raw),
        )
        self.fts = fts.index_columns(md.title, text, raw_text, article.edits,
                                     title_tokens=title_tokens, body_tokens=text_tokens)
        #: the repaired text, kept readable in ``article_text`` (migration 8)
        self.text = text
        self.entities = entity_keys(article)
        self.connect: Features | None = connect
        #: entity, name and quotation rows of the desk tables (migration 10)
        self.desk = desk.desk_rows(article)
        #: codes of the article's coded warnings (``W_…``), for the run's summary
        self.warnings = tuple(str(w.get("code")) for w in md.extra.get("warnings", ())
                              if isinstance(w, dict))


def entity_key(name: str) -> str:
    """The lookup key of an entity name: folded, with runs of spaces made one (so that
    ``بايدن``, ``بَايدن`` and ``Joe Biden``/``joe biden`` find their articles)."""
    return " ".join(fold(name).split())


def entity_keys(article: Article) -> list[tuple[str, str, str]]:
    """``(key, type, canonical)`` rows for the ``entities`` and ``title_entities`` layers of
    ``article`` (:meth:`~mawsua.model.Article.entity_mentions`): per distinct
    canonical name and per distinct mention surface (with and without its proclitic) of each
    entity, its :func:`entity_key` and its :func:`~mawsua.arabic.variants.loose_key`."""
    out: dict[str, tuple[str, str, str]] = {}
    memo = _NAME_KEYS
    for span, surface in article.entity_mentions():  # the headline's names too
        canonical = str(span.attrs.get("canonical") or surface)
        pro = str(span.attrs.get("proclitic") or "")
        for name in (canonical, surface, surface[len(pro):]):
            keys = memo.get(name)
            if keys is None:
                if len(memo) >= NAME_KEYS_MAX:
                    memo.clear()  # bounded: a long-running worker stays flat
                keys = memo[name] = (entity_key(name), loose_key(name))
            for key in keys:
                if key and key not in out:
                    out[key] = (key, span.label, canonical)
    return list(out.values())


#: names whose two keys are memoised per process (a name recurs in many articles: canonical
#: names, frequent surfaces; ~0.3 KB a name)
NAME_KEYS_MAX = 50_000
_NAME_KEYS: dict[str, tuple[str, str]] = {}


def entity_lookup_keys(names: Iterable[str]) -> list[str]:
    """The keys an entity search compares with the stored ones: :func:`entity_key` and
    :func:`~mawsua.arabic.variants.loose_key` of each name, and of an Arabic name with its
    first word's proclitics stripped (``وبشار الأسد`` → ``بشار الأسد``). A loose key that is
    one Latin consonant skeleton of fewer than :data:`MIN_LATIN_SKELETON` letters is left out:
    ``Sisi`` and ``Sousse`` are both ``ss`` (a user test found the town's articles under the
    president)."""
    keys: dict[str, None] = {}
    for name in names:
        words = name.split()
        forms = [name] + [" ".join([k, *words[1:]]) for k in clitic_keys(words[0])[1:]] \
            if words else []
        for form in forms:
            for key in (entity_key(form), _loose_lookup_key(form)):
                if key:
                    keys[key] = None
    return list(keys)


#: fewest letters of a one-word Latin consonant skeleton used as an entity search key
MIN_LATIN_SKELETON = 4


def _loose_lookup_key(name: str) -> str:
    k = loose_key(name)
    if k and " " not in k and k.isascii() and len(k) < MIN_LATIN_SKELETON:
        return ""
    return k


def _free_id(conn: sqlite3.Connection, article_id: str, sha: str) -> str:
    """An unused id for an article whose own id is taken: ``ID~`` + the first 8, 12, ... hex
    digits of its raw SHA-256 (stable: the same bytes always get the same id)."""
    for k in range(8, 65, 4):
        candidate = f"{article_id}~{sha[:k]}"
        if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
            return candidate
    raise MawsuaError("E_STORE", f"no free id for {article_id}", article_id)


class SqliteStore:
    """Articles in one SQLite file (see the module docstring for the layout).

    Args:
        path: the database file (created with its schema when writable and absent).
        readonly: open with ``mode=ro`` (no schema changes, no writes); the file must exist.

    Raises:
        MawsuaError: ``E_STORE`` (with the path) when the file cannot be opened, is not an
            SQLite database, or was written by a newer Mawsua.

    Use as a context manager or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        #: the store's re-entrant lock: hold it around any transaction other code runs on
        #: :attr:`conn` (threads share one connection, e.g. ``mawsua watch``)
        self.lock = self._lock
        self._conn: sqlite3.Connection | None = None
        #: seconds a statement waits for another connection's write lock
        #: (:meth:`set_busy_timeout`)
        self.busy_timeout_s = BUSY_TIMEOUT_S
        where = str(self.path)
        try:
            if readonly:
                if not self.path.is_file():
                    raise MawsuaError(
                        "E_STORE", "no database at this path (run `mawsua ingest` first, or "
                        "pass --db / set MAWSUA_DB)", where)
                uri = self.path.resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S,
                                       isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S,
                                       isolation_level=None, check_same_thread=False)
            self._conn = conn
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # a writer keeps WRITE_CACHE_KIB of pages; a reader (one per web request thread)
            # 8 MiB, and reads through a shared memory map, so many readers stay bounded
            conn.execute(f"PRAGMA cache_size = {READ_CACHE_KIB if readonly else WRITE_CACHE_KIB}")
            if readonly:
                conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
            conn.execute("PRAGMA temp_store = MEMORY")
            # decompresses a stored blob to text in SQL (migration 8's backfill uses it)
            conn.create_function("mawsua_unzstd", 1, _unzstd, deterministic=True)
            if readonly:
                conn.execute("PRAGMA query_only = ON")
                versions = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'"
                ).fetchone()[0]
                if not versions:
                    raise MawsuaError("E_STORE", "not a Mawsua database (no schema)", where)
            else:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                migrate(conn)
                self.reindex_pending()
                desk.backfill(conn)
        except MawsuaError:
            self.close()
            raise
        except (sqlite3.Error, RuntimeError, OSError) as e:
            self.close()
            raise MawsuaError("E_STORE", f"cannot open the database: {e}", where) from e

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection.

        Raises:
            MawsuaError: ``E_STORE`` when the store was closed.
        """
        if self._conn is None:
            raise MawsuaError("E_STORE", "the store is closed", str(self.path))
        return self._conn

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def add(self, article: Article, raw: bytes) -> AddResult:
        """Store one article with its raw bytes.

        Args:
            article: the article (its ``source.sha256`` must be the SHA-256 of ``raw``).
            raw: the bytes the article was read from, kept byte for byte.

        Returns:
            ``AddResult("added", id)``, or ``AddResult("duplicate", id, duplicate_of)`` when the
            same raw bytes or the same outlet + URL are already stored (no second row is
            written). A different article whose id is already taken is stored under
            ``ID~`` + the start of its SHA-256 (the returned ``id``); nothing is lost.

        Raises:
            MawsuaError: ``E_STORE`` when ``raw`` does not match ``source.sha256``, the store
                is read-only, or SQLite fails.
        """
        return self.add_many([(article, raw)])[0]

    def add_many(self, items: Iterable[tuple[Article, bytes]]) -> list[AddResult]:
        """Store many ``(article, raw)`` pairs in ONE transaction (the ingest fast path).

        Duplicates are detected against the stored rows and against earlier items of the same
        call. Folding, stemming, JSON and compression run before the transaction opens; if
        any item is invalid nothing is written.

        Returns:
            One :class:`AddResult` per item, in order.

        Raises:
            MawsuaError: ``E_STORE`` as for :meth:`add` (the whole call is rolled back).
        """
        if self.readonly:
            raise MawsuaError("E_STORE", "the store is open read-only", str(self.path))
        prepared = [Prepared(a, raw) for a, raw in items]
        return self._write(prepared)

    def add_prepared(self, prepared: list[Prepared]) -> list[AddResult]:
        """Store already prepared items in ONE transaction (see :class:`Prepared`).

        Returns:
            One :class:`AddResult` per item, in order.

        Raises:
            MawsuaError: ``E_STORE`` when the store is read-only or SQLite fails (rolled back).
        """
        if self.readonly:
            raise MawsuaError("E_STORE", "the store is open read-only", str(self.path))
        return self._write(prepared)

    def add_stream(self, items: Iterable[tuple[Article, bytes]], batch: int = 500
                   ) -> Iterator[AddResult]:
        """Store a long stream of ``(article, raw)`` pairs; yields one result per pair, in
        order.

        Batches of ``batch`` items are prepared (folding, stemming, JSON, compression) in the
        calling thread while a writer thread stores the previous batch, one transaction per
        batch; SQLite releases the GIL while it indexes, so the two overlap on two cores.
        At most two prepared batches wait in memory.

        Raises:
            MawsuaError: ``E_STORE`` as for :meth:`add_many`; batches already yielded stay
                stored, the failing batch is rolled back.
        """
        if self.readonly:
            raise MawsuaError("E_STORE", "the store is open read-only", str(self.path))
        todo: queue.Queue[list[Prepared] | None] = queue.Queue(maxsize=2)
        done: queue.Queue[list[AddResult] | BaseException] = queue.Queue()

        def writer() -> None:
            while True:
                job = todo.get()
                if job is None:
                    return
                try:
                    done.put(self._write(job))
                except BaseException as e:  # handed to the caller's thread
                    done.put(e)
                    return

        thread = threading.Thread(target=writer, name="mawsua-store-writer", daemon=True)
        thread.start()
        pending = 0

        def collect() -> list[AddResult]:
            nonlocal pending
            got = done.get()
            pending -= 1
            if isinstance(got, BaseException):
                raise got
            return got

        try:
            it = iter(items)
            while chunk := list(islice(it, max(1, batch))):
                prepared = [Prepared(a, raw) for a, raw in chunk]
                while pending >= 2 or (pending and not done.empty()):
                    yield from collect()
                todo.put(prepared)
                pending += 1
            while pending:
                yield from collect()
        finally:
            while pending and thread.is_alive():
                try:
                    collect()
                except BaseException:  # noqa: S110 - already failing or closing
                    break
            todo.put(None)
            thread.join()

    def stored_id(self, sha256: str, outlet: str | None = None,
                  url: str | None = None) -> str | None:
        """The id of a stored article with these raw bytes (SHA-256, hex), or with this
        outlet + URL when ``url`` is given; ``None`` when neither is stored. Thread-safe (holds
        the store lock); one indexed lookup each."""
        with self._lock:
            row = self.conn.execute("SELECT id FROM articles WHERE sha256 = ?",
                                    (sha256.lower(),)).fetchone()
            if row is None and url:
                row = self.conn.execute(
                    "SELECT id FROM articles WHERE coalesce(outlet, '') = ? AND url = ?",
                    (outlet or "", url)).fetchone()
        return row[0] if row is not None else None

    def _write(self, prepared: list[Prepared]) -> list[AddResult]:
        """Insert prepared items in one transaction (duplicates skipped)."""
        if not prepared:
            return []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        results: list[AddResult] = []
        #: ``(n, sort_time, desk rows, entity keys)`` of the articles added, for the batch's
        #: entity and desk statements after the loop
        stored: list[tuple[int, str | None, desk.DeskRows, list[tuple[str, str, str]]]] = []
        with self._lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                for p in prepared:
                    dup = conn.execute(
                        "SELECT id FROM articles WHERE sha256 = ? UNION ALL "
                        "SELECT id FROM articles WHERE coalesce(outlet, '') = ? AND url = ? "
                        "LIMIT 1",
                        (p.sha, p.outlet or "", p.url),
                    ).fetchone()
                    if dup is not None:
                        results.append(AddResult("duplicate", dup[0], dup[0]))
                        continue
                    row = p.row
                    art_id = p.id
                    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (art_id,)).fetchone():
                        # another article (other bytes, other outlet+URL) already has this id,
                        # e.g. two datasets that both number their records 1, 2, 3: keep both
                        art_id = _free_id(conn, p.id, p.sha)
                        row = (art_id, *row[1:])
                    cur = conn.execute(
                        "INSERT INTO articles (id, sha256, outlet, url, published, "
                        "published_local, sort_time, section, language, title, title_derived, "
                        "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*row, now),
                    )
                    n = cur.lastrowid
                    conn.execute(
                        "INSERT INTO documents (n, doc, body, raw_text, raw) VALUES (?, ?, ?, ?, ?)",
                        (n, *p.blobs),
                    )
                    conn.execute("INSERT INTO article_text (n, text) VALUES (?, ?)", (n, p.text))
                    conn.execute(
                        "INSERT INTO articles_fts (rowid, title_exact, body_exact, title_stem, "
                        "body_stem) VALUES (?, ?, ?, ?, ?)",
                        (n, *p.fts),
                    )
                    stored.append((n, row[6], p.desk, p.entities))
                    results.append(AddResult("added", art_id))
                # the entity and desk rows of the whole batch, one statement per table (the
                # same rows, in the same order, as one statement per article)
                entity_rows = [(n, *e) for n, _, _, keys in stored for e in keys]
                if entity_rows:
                    conn.executemany(
                        "INSERT OR IGNORE INTO article_entities (n, key, type, canonical) "
                        "VALUES (?, ?, ?, ?)", entity_rows)
                desk.insert_many(conn, stored)
                conn.execute("COMMIT")
                self._restart_wal()
            except BaseException as e:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise MawsuaError("E_STORE", f"write failed: {e}", str(self.path)) from e
                raise
        return results

    def _restart_wal(self) -> None:
        """Checkpoint and truncate the write-ahead log when it outgrew
        :data:`WAL_RESTART_BYTES` (outside a transaction). It waits at most
        :data:`WAL_RESTART_WAIT_MS` for the readers of older snapshots (a long reader, e.g.
        an export, is not waited for: the log is then checkpointed as far as it can be, and
        truncated after a later write)."""
        try:
            if os.path.getsize(f"{self.path}-wal") < WAL_RESTART_BYTES:
                return
        except OSError:
            return
        conn = self.conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {WAL_RESTART_WAIT_MS}")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            pass
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")

    def set_busy_timeout(self, seconds: float) -> None:
        """Wait up to ``seconds`` (instead of :data:`BUSY_TIMEOUT_S`) for another
        connection's write lock before a statement fails with ``database is locked``: for
        writers that take turns on one file (``bulk``'s workers, each writing and connecting
        its own chunks)."""
        self.busy_timeout_s = seconds
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def reindex_pending(self, batch: int = 500) -> int:
        """Index the articles listed in ``fts_pending`` (all of them after migration 9 rebuilt
        the full-text table) from their stored documents, ``batch`` per transaction.

        Runs when a writable store is opened; a no-op when nothing is pending.

        Returns:
            The number of articles indexed.

        Raises:
            MawsuaError: ``E_STORE`` when SQLite fails.
        """
        done = 0
        with self._lock:
            conn = self.conn
            try:
                while True:
                    conn.execute("BEGIN IMMEDIATE")  # read and index under one write lock
                    rows = conn.execute(
                        "SELECT p.n, a.title, d.doc, d.body, d.raw_text FROM fts_pending p "
                        "JOIN articles a ON a.n = p.n JOIN documents d ON d.n = p.n "
                        "ORDER BY p.n LIMIT ?", (batch,)).fetchall()
                    if not rows:
                        conn.execute("DELETE FROM fts_pending")  # rows of no stored article
                        conn.execute("COMMIT")
                        return done
                    for n, title, doc, body, raw_blob in rows:
                        text = codec.decompress(body).decode("utf-8")
                        raw_text = (text if raw_blob is None
                                    else codec.decompress(raw_blob).decode("utf-8"))
                        edits = [Edit(r["raw_start"], r["raw_end"], r["repaired"], r["kind"])
                                 for r in orjson.loads(codec.decompress(doc)).get("repairs", ())]
                        conn.execute(
                            "INSERT INTO articles_fts (rowid, title_exact, body_exact, "
                            "title_stem, body_stem) VALUES (?, ?, ?, ?, ?)",
                            (n, *fts.index_columns(title, text, raw_text, edits)))
                        conn.execute("DELETE FROM fts_pending WHERE n = ?", (n,))
                    conn.execute("COMMIT")
                    done += len(rows)
            except sqlite3.Error as e:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise MawsuaError("E_STORE", f"reindex failed: {e}", str(self.path)) from e

    # -- reading one -----------------------------------------------------------------------

    def _blobs(self, article_id: str, cols: str) -> tuple[Any, ...]:
        with self._lock:
            row = self.conn.execute(
                f"SELECT {cols} FROM articles a JOIN documents d ON d.n = a.n WHERE a.id = ?",
                (article_id,),
            ).fetchone()
        if row is None:
            raise KeyError(article_id)
        return tuple(row)

    def get(self, article_id: str) -> Article:
        """The stored article, with every layer, equal to the one added.

        Raises:
            KeyError: when no article has this id.
        """
        doc, body, raw_text = self._blobs(article_id, "d.doc, d.body, d.raw_text")
        d = orjson.loads(codec.decompress(doc))
        text = codec.decompress(body).decode("utf-8")
        d["raw_text"] = text if raw_text is None else codec.decompress(raw_text).decode("utf-8")
        d["text"] = text
        d["id"] = article_id  # the stored id (renamed when the source's id was taken)
        return article_from_dict(d)

    def get_raw(self, article_id: str) -> bytes:
        """The raw bytes the article was read from, byte for byte.

        Raises:
            KeyError: when no article has this id.
        """
        (raw,) = self._blobs(article_id, "d.raw")
        return codec.decompress(raw)

    def text(self, article_id: str) -> str:
        """The repaired text of one article (cheaper than :meth:`get`).

        Raises:
            KeyError: when no article has this id.
        """
        (body,) = self._blobs(article_id, "d.body")
        return codec.decompress(body).decode("utf-8")

    # -- listing and search ----------------------------------------------------------------

    @staticmethod
    def _paging(limit: int, offset: int) -> tuple[int, int]:
        return max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))

    @classmethod
    def query_filters(cls, query: SearchQuery) -> tuple[list[str], list[Any]]:
        """The SQL conditions (over ``articles a``) and their arguments for every filter of
        ``query`` (outlet and its other names, section and its stored values, language,
        entity, since/until); shared by search, export scans and both backends.

        Raises:
            ValueError: when ``since``/``until`` are not ISO 8601 dates or date-times.
        """
        return cls._filters(query.outlet, query.section, query.language, query.since,
                            query.until, query.entity, query.entity_names,
                            outlet_names=query.outlet_names, section_names=query.section_names)

    @staticmethod
    def _filters(outlet: str | None, section: str | None, language: str | None,
                 since: str | None = None, until: str | None = None, entity: str | None = None,
                 entity_names: tuple[str, ...] = (), *, outlet_names: tuple[str, ...] = (),
                 section_names: tuple[str, ...] = ()) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        if outlet is not None and outlet_names:  # one outlet under several stored names
            names = list(dict.fromkeys((outlet, *outlet_names)))
            where.append(f"a.outlet IN ({', '.join('?' * len(names))})")
            args.extend(names)
            outlet = None
        if section is not None and section_names:  # one section under several stored values
            names = list(dict.fromkeys((section, *section_names)))
            where.append(f"a.section IN ({', '.join('?' * len(names))})")
            args.extend(names)
            section = None
        if entity:
            # any spelling of a name reaches every article of the entities it names: the keys
            # find canonical names, the canonical names find the articles
            keys = entity_lookup_keys([entity, *entity_names])
            marks = ", ".join("?" * len(keys))
            where.append("a.n IN (SELECT n FROM article_entities WHERE canonical IN "
                         f"(SELECT canonical FROM article_entities WHERE key IN ({marks})))")
            args.extend(keys)
        for col, val in (("outlet", outlet), ("section", section), ("language", language)):
            if val is not None:
                where.append(f"a.{col} = ?")
                args.append(val)
        if since:
            where.append("a.sort_time >= ?")
            args.append(_bound(since, "since"))
        if until:
            u = _bound(until, "until")
            if len(u) <= 10:
                where.append("a.sort_time < ?")
                args.append((date.fromisoformat(u) + timedelta(days=1)).isoformat())
            else:
                where.append("a.sort_time <= ?")
                args.append(u)
        return where, args

    def _bodies(self, ns: Sequence[int]) -> dict[int, str]:
        if not ns:
            return {}
        marks = ", ".join("?" * len(ns))
        rows = self.conn.execute(f"SELECT n, body FROM documents WHERE n IN ({marks})", list(ns))
        return {n: codec.decompress(b).decode("utf-8") for n, b in rows}

    def _listing(self, where: list[str], args: list[Any], limit: int, offset: int
                 ) -> tuple[list[tuple[Any, ...]], int, dict[int, str]]:
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        with self._lock:
            conn = self.conn
            total = conn.execute(f"SELECT count(*) FROM articles a{cond}", args).fetchone()[0]
            rows = conn.execute(
                f"SELECT {_SUMMARY_COLS} FROM articles a{cond} "
                "ORDER BY a.sort_time DESC, a.n DESC LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
            bodies = self._bodies([r[0] for r in rows])
        return rows, total, bodies

    def latest(self, limit: int = 20, offset: int = 0, outlet: str | None = None,
               section: str | None = None, language: str | None = None, *,
               outlet_names: tuple[str, ...] = ()) -> Page[ArticleSummary]:
        """Newest articles first (``sort_time`` descending, unknown times last, then newest
        ingest first).

        Args:
            limit: page size, clamped to 1..200; offset: rows to skip.
            outlet, section, language: exact filters (``None`` = any).
            outlet_names: other stored names of ``outlet``, matched like it.

        Returns:
            A page of :class:`ArticleSummary` whose ``snippet`` is the start of the text, and
            the ``total`` number of articles matching the filters.
        """
        limit, offset = self._paging(limit, offset)
        where, args = self._filters(outlet, section, language, outlet_names=outlet_names)
        rows, total, bodies = self._listing(where, args, limit, offset)
        items = [ArticleSummary(r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], r[9],
                                fts.lead(bodies.get(r[0], ""))) for r in rows]
        return Page(items, total, limit, offset)

    def search(self, query: SearchQuery) -> Page[SearchHit]:
        """Full-text search; every query word must match (exactly or by stem), quoted phrases
        match exactly.

        Args:
            query: text and filters (see :class:`SearchQuery`). Text with no words (empty,
                only punctuation or operators) lists the filtered articles newest first,
                with ``score`` 0.

        Returns:
            A page of :class:`SearchHit`, best first (bm25, lower is better), with ``total``
            matches. Without filters, matches are ranked in blocks of :data:`RANK_WINDOW`,
            most recently stored block first (all of them at once when there are fewer),
            which keeps common words fast. Snippets are computed for the returned page
            only, on the original letters.

        Raises:
            ValueError: when ``since``/``until`` are not ISO 8601 dates or date-times.
            MawsuaError: ``E_STORE`` when SQLite fails.
        """
        limit, offset = self._paging(query.limit, query.offset)
        where, args = self.query_filters(query)
        parsed = fts.parse_query(query.text or "", query.spellings)
        expr = parsed.match_expression()
        if parsed.excludes_only:
            return Page([], 0, limit, offset)
        if expr is None:
            rows, total, bodies = self._listing(where, args, limit, offset)
            hits = []
            for r in rows:
                plain = fts.lead(bodies.get(r[0], ""))
                hits.append(self._hit(r, 0.0, plain, html.escape(plain, quote=False)))
            return Page(hits, total, limit, offset)
        try:
            with self._lock:
                conn = self.conn
                if where:
                    rows, total = self._search_filtered(conn, expr, where, args, limit, offset)
                else:
                    total = conn.execute(
                        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [expr]
                    ).fetchone()[0]
                    rows = []
                    pos, need = offset, limit
                    while need > 0 and pos < total:
                        block, skip = divmod(pos, RANK_WINDOW)
                        # the page is cut from the ranked block before the join: only
                        # its rows are looked up in articles (~1 ms less a search at 100k)
                        got = conn.execute(
                            f"SELECT {_SUMMARY_COLS}, m.score FROM (SELECT n, score FROM "
                            f"(SELECT rowid AS n, {_BM25} AS score FROM articles_fts "
                            "WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?) "
                            "ORDER BY score, n DESC LIMIT ? OFFSET ?) m "
                            "JOIN articles a ON a.n = m.n ORDER BY m.score, a.n DESC",
                            [expr, RANK_WINDOW, block * RANK_WINDOW, need, skip],
                        ).fetchall()
                        rows += got
                        need -= len(got)
                        pos = (block + 1) * RANK_WINDOW
                bodies = self._bodies([r[0] for r in rows])
        except sqlite3.Error as e:
            raise MawsuaError("E_STORE", f"search failed: {e}", str(self.path)) from e
        hits = []
        for r in rows:
            plain, marked = fts.snippet(bodies.get(r[0], ""), parsed)
            hits.append(self._hit(r, float(r[10]), plain, marked))
        return Page(hits, total, limit, offset)

    @staticmethod
    def _search_filtered(conn: sqlite3.Connection, expr: str, where: list[str],
                         args: list[Any], limit: int, offset: int
                         ) -> tuple[list[tuple[Any, ...]], int]:
        """Search with filters: every match is ranked, then filtered (the FTS table is forced
        to be the outer loop; the other order runs one MATCH per filtered row)."""
        cond = " AND ".join(where)
        cte = ("WITH m AS MATERIALIZED (SELECT rowid AS n, "
               f"{_BM25} AS score FROM articles_fts WHERE articles_fts MATCH ?) ")
        rows = conn.execute(
            f"{cte}SELECT {_SUMMARY_COLS}, m.score, count(*) OVER () FROM m "
            f"CROSS JOIN articles a ON a.n = m.n WHERE {cond} "
            "ORDER BY m.score, a.n DESC LIMIT ? OFFSET ?",
            [expr, *args, limit, offset],
        ).fetchall()
        if rows:
            return rows, int(rows[0][-1])
        total = conn.execute(
            f"{cte}SELECT count(*) FROM m CROSS JOIN articles a ON a.n = m.n WHERE {cond}",
            [expr, *args],
        ).fetchone()[0]
        return rows, int(total)

    @staticmethod
    def _hit(r: Sequence[Any], score: float, plain: str, marked: str) -> SearchHit:
        return SearchHit(r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], r[9], plain,
                         marked, score)

    # -- counts ----------------------------------------------------------------------------

    def _group(self, col: str) -> list[tuple[str, int]]:
        with self._lock:
            rows = self.conn.execute(
                f"SELECT {col}, count(*) AS c FROM articles WHERE {col} IS NOT NULL "
                f"GROUP BY {col} ORDER BY c DESC, {col}"
            ).fetchall()
        return [(v, c) for v, c in rows]

    def facets(self) -> Facets:
        """Outlet, section and language counts, most frequent first (unknown values left
        out)."""
        return Facets(self._group("outlet"), self._group("section"), self._group("language"))

    def count(self) -> int:
        """Number of stored articles."""
        with self._lock:
            return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def outlet_counts(self) -> dict[str, int]:
        """Articles per outlet as ``{outlet: count}`` (``""`` for an unknown outlet)."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT coalesce(outlet, ''), count(*) FROM articles GROUP BY 1"
            ).fetchall()
        return {o: c for o, c in rows}
