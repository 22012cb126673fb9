"""Per-process caches keyed on the store's *generation*.

The home page asks for the facet counts (outlets, sections, languages), today's top stories
and the section counts; the search page asks for the facets. On a large store each is a scan
or a group-by that costs more than the rest of the page, and their answer changes only when
articles are added. So does a whole page or API answer for a visitor without a session.

**Generation.** :func:`generation` is the size and modification time (ns) of the database file
and of its write-ahead log: every commit changes it (two ``stat`` calls, no query). While
``MAWSUA_WEB_CACHE_S`` (:func:`ttl_s`; default 0 — always exact — and 15 under ``mawsua serve``)
is positive, a process looks at the files at most that often, so that a steady ingest does not
make every page recount: a count or a page then lags a commit by at most that long, as the
caches of Miniflux's and Datasette's listing pages do. A store without a file (a PostgreSQL
URL, a test's fake) has no generation: nothing of it is cached.

* :func:`cached`: the answer of an aggregate query, kept while the generation is the same. When
  it changed, one thread recomputes while the others go on serving the previous answer (no
  stampede of identical group-bys after a commit); at most :data:`MAX_ENTRIES` answers.
* :class:`PageCache` (ASGI middleware): a micro-cache of whole ``GET`` answers of the public
  pages and API (:data:`CACHED_PATHS`), as nginx operators micro-cache a dynamic site, shared by
  every anonymous visitor of a server process. Key: the path and the normalised query (its
  parameters sorted by name, one encoding: ``?b=2&a=1`` and ``?a=1&b=2`` are one answer). Never
  kept or served from the cache: a request with a session cookie (a reader's own page, with
  their CSRF token), an answer that sets a cookie (the login form's CSRF cookie), one that is
  not ``200``, the account, reading and admin paths (not in :data:`CACHED_PATHS`), and bodies
  over :data:`PAGE_MAX_BYTES`. Bounded: at most :data:`PAGE_CACHE_BYTES` of bodies and
  :data:`MAX_PAGES` answers per process, least recently used out first. Fresh: a kept answer
  is served while the store's generation is the one it was made under (looked up at most every
  :func:`page_ttl_s`, and for at most :data:`PAGE_MAX_AGE_S`: pages say "3 minutes ago"), and
  regardless of the generation for :func:`page_ttl_s` seconds after it was made
  (``MAWSUA_WEB_PAGE_TTL_S``; default 0 — exact — and 5 under ``mawsua serve``). So a page
  never lags a commit by more than that TTL, while a writer committing every second no longer
  makes every visitor's request run the page. One page is made by one request at a time per
  process, as nginx's ``proxy_cache_lock`` and ``proxy_cache_use_stale updating`` do: while a
  request makes a page again, the others asking for it get the kept answer if it is at most
  :data:`PAGE_STALE_S` past its TTL (with a TTL only: an exact cache never serves a stale one),
  or else wait up to :data:`PAGE_LOCK_S` for that request's answer and take it when it is fresh
  by the rules above. Under load a page takes longer to make than its TTL: without this, every
  request arriving meanwhile made it again, and a writer's commits made the micro-cache useless
  (100 clients with a writer: ~8 ms CPU a request). So with a TTL a page lags a commit by at
  most ``TTL + PAGE_STALE_S`` seconds (``TTL`` plus the time one request takes to make it). Each answer carries an ``ETag`` (a hash of its
  body, so it changes exactly when the body does), ``Cache-Control: no-cache`` (a browser or
  proxy may keep it but asks again each time) and ``Vary: Cookie``; an ``If-None-Match``
  naming it is answered ``304`` (from the cache without running the page at all). An answer
  to a request with a session cookie says ``Cache-Control: private, no-cache``: no shared
  cache in front may keep one reader's page for another.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode

T = TypeVar("T")

#: most aggregate answers kept (the oldest go first)
MAX_ENTRIES = 256
#: bytes of page bodies kept per process (least recently used go first), unless
#: ``MAWSUA_WEB_PAGE_CACHE_MB`` says otherwise (``0``: no page is kept; ETags stay)
PAGE_CACHE_BYTES = 24 * 1024 * 1024
#: largest body kept
PAGE_MAX_BYTES = 1024 * 1024
#: most answers kept per process (small API answers would otherwise pile up under the byte
#: bound)
MAX_PAGES = 4096
#: seconds a kept page is served while nothing is written (relative times on pages:
#: "منذ 3 دقائق")
PAGE_MAX_AGE_S = 30.0
#: seconds past its TTL a kept page may still be served while another request of the same
#: process is making it again (so a page lags a commit by at most ``TTL + PAGE_STALE_S``)
PAGE_STALE_S = 10.0
#: seconds a request for a page that is not kept waits for another request making the same
#: page before making it too (nginx's ``proxy_cache_lock_timeout``)
PAGE_LOCK_S = 5.0
#: paths (prefixes) of the public pages and API answers that may be kept: they depend only on
#: the URL, the store and the clock (never on a cookie); exports stream, status pages are live
CACHED_PATHS: tuple[str, ...] = (
    "/article/", "/story/", "/section/", "/entity/",
    "/api/v1/articles", "/api/v1/search", "/api/v1/facets", "/api/v1/stories",
    "/api/v1/sections", "/api/v1/entities", "/api/v1/quotes", "/api/v1/trending",
    "/api/v1/timeline",
)
#: exact paths that may be kept
CACHED_EXACT: frozenset[str] = frozenset({"/", "/search", "/entities", "/quotes"})
SESSION_COOKIE = b"mawsua_session="
#: the clock of every cache here (tests move it)
_clock = time.monotonic

_lock = threading.Lock()
_entries: dict[Hashable, tuple[tuple[int, ...], Any, float]] = {}
_generations: dict[tuple[str, bool], tuple[float, tuple[int, ...] | None]] = {}
#: striped locks: one thread at a time recomputes a given answer
_compute_locks = tuple(threading.Lock() for _ in range(64))


def ttl_s() -> float:
    """Seconds a generation is trusted without looking (``MAWSUA_WEB_CACHE_S``, default 0)."""
    try:
        return max(0.0, float(os.environ.get("MAWSUA_WEB_CACHE_S", "") or 0.0))
    except ValueError:
        return 0.0


def page_ttl_s() -> float:
    """Seconds a kept page may lag a commit (``MAWSUA_WEB_PAGE_TTL_S``, default 0: exact)."""
    try:
        return max(0.0, float(os.environ.get("MAWSUA_WEB_PAGE_TTL_S", "") or 0.0))
    except ValueError:
        return 0.0


def _stamp(path: object) -> tuple[int, ...] | None:
    """Size and modification time (ns) of the database and its ``-wal`` file: changes with
    every commit. ``None`` when the database file cannot be read."""
    out: list[int] = []
    for p in (f"{path}", f"{path}-wal"):
        try:
            st = os.stat(p)
        except OSError:
            if not out:
                return None
            out += [-1, -1]
            continue
        out += [st.st_size, st.st_mtime_ns]
    return tuple(out)


def generation(path: object, lag: float | None = None) -> tuple[int, ...] | None:
    """The store generation of the database at ``path`` (see the module docstring), looked
    up at most every :func:`ttl_s` seconds (or every ``lag`` seconds when that is shorter);
    ``None`` when there is no such file (nothing is cached then)."""
    if path is None:
        return None
    ttl = ttl_s() if lag is None else min(ttl_s(), lag)
    key = (str(path), lag is not None)  # pages may look more often than counts: own stamp
    now = _clock()
    seen = _generations.get(key)
    if seen is not None and ttl and now - seen[0] < ttl:
        return seen[1]
    stamp = _stamp(path)
    with _lock:
        if len(_generations) > MAX_ENTRIES:
            _generations.clear()
        _generations[key] = (now, stamp)
    return stamp


def peek(path: object, name: str) -> tuple[bool, Any]:
    """``(True, answer)`` when :func:`cached` holds a current answer for ``name`` on the
    database at ``path``, else ``(False, None)``; never computes."""
    gen = generation(path)
    hit = _entries.get((str(path), name)) if gen is not None else None
    if hit is not None and hit[0] == gen:
        return True, hit[1]
    return False, None


def cached_at(path: object, name: str, compute: Callable[[], T],
              max_age: float | None = None) -> T:
    """The answer of ``compute()`` for the query ``name`` on the database at ``path`` (see
    the module docstring); computed every time when ``path`` has no generation. An answer
    that depends on the clock too (breaking stories) gives ``max_age``: seconds it is kept
    even when nothing is written. Exceptions are not cached."""
    gen = generation(path)
    if gen is None:
        return compute()
    key = (str(path), name)
    now = _clock()
    hit = _entries.get(key)
    if hit is not None and hit[0] == gen and (max_age is None or now - hit[2] < max_age):
        return hit[1]  # type: ignore[no-any-return]
    lock = _compute_locks[hash(key) % len(_compute_locks)]
    if not lock.acquire(blocking=hit is None):
        return hit[1]  # type: ignore[index,no-any-return]  # another thread recounts
    try:
        again = _entries.get(key)
        if again is not None and again is not hit and again[0] == gen:
            return again[1]  # type: ignore[no-any-return]
        value = compute()
        with _lock:
            if key not in _entries and len(_entries) >= MAX_ENTRIES:
                for old in list(_entries)[:MAX_ENTRIES // 4]:
                    del _entries[old]
            _entries[key] = (gen, value, _clock())
        return value
    finally:
        lock.release()


def cached(store: Any, name: str, compute: Callable[[], T], max_age: float | None = None
           ) -> T:
    """:func:`cached_at` for ``store.path`` (a store without ``path``, e.g. a test's fake, is
    never cached)."""
    return cached_at(getattr(store, "path", None), name, compute, max_age)


#: most search answers kept per process
SEARCH_ENTRIES = 512
_searches: OrderedDict[tuple[str, Hashable], tuple[tuple[int, ...], Any]] = OrderedDict()


def same_store_answer(store: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """The answer of ``compute()`` for ``key`` (e.g. a search) on ``store``, kept while the
    store's generation is the same, looked up as the page cache looks it up (at every call
    without a page TTL: two ``stat`` calls, so it is never staler than a fresh query; with
    one, at most every :func:`page_ttl_s` seconds, so it lags a commit by at most that, as
    the pages do); at most :data:`SEARCH_ENTRIES`, least recently used out first. The search
    page and its API twin ask the store the same search: the second is answered from here. A
    store without a file is asked every time."""
    path = getattr(store, "path", None)
    gen = generation(path, lag=page_ttl_s()) if path is not None else None
    if gen is None:
        return compute()
    k = (str(path), key)
    hit = _searches.get(k)
    if hit is not None and hit[0] == gen:
        with _lock:
            if k in _searches:
                _searches.move_to_end(k)
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _searches[k] = (gen, value)
        _searches.move_to_end(k)
        while len(_searches) > SEARCH_ENTRIES:
            _searches.popitem(last=False)
    return value


def clear() -> None:
    """Forget every cached answer, generation and page."""
    with _lock:
        _searches.clear()
        _entries.clear()
        _generations.clear()
        _pages.clear()
        _pages_size[0] = 0


# -- whole answers ------------------------------------------------------------------------

#: database + url -> (generation, kept at (monotonic), status, headers, body, etag)
_pages: OrderedDict[bytes, tuple[tuple[int, ...], float, int, list[tuple[bytes, bytes]],
                                  bytes, bytes]] = OrderedDict()
_pages_size = [0]
#: database + url -> done when the request making that answer has finished (one event loop)
_updating: dict[bytes, asyncio.Future[None]] = {}


def page_cache_bytes() -> int:
    """Bytes of pages kept per process: ``MAWSUA_WEB_PAGE_CACHE_MB`` or
    :data:`PAGE_CACHE_BYTES`."""
    try:
        mb = float(os.environ.get("MAWSUA_WEB_PAGE_CACHE_MB", "") or -1)
    except ValueError:
        mb = -1
    return PAGE_CACHE_BYTES if mb < 0 else int(mb * 1024 * 1024)


def cacheable(path: str) -> bool:
    """Whether answers at ``path`` may be kept (:data:`CACHED_PATHS`, :data:`CACHED_EXACT`)."""
    return path in CACHED_EXACT or path.startswith(CACHED_PATHS)


def etag_of(body: bytes) -> bytes:
    """A strong ``ETag`` for ``body``: a quoted 96-bit BLAKE2b hash."""
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """RFC 9110 §13.1.2: weak comparison against a list of entity tags, or ``*``."""
    if if_none_match.strip() == b"*":
        return True
    return any(t.strip().removeprefix(b"W/") == etag for t in if_none_match.split(b","))


def page_key(path: str, query_string: bytes) -> bytes:
    """The page cache's key for a request: its (decoded) path and its query's parameters
    sorted by name (the order of a repeated parameter's values kept) and encoded one way,
    decoded as the application decodes them (Starlette: latin-1, then percent-decoding as
    UTF-8): ``?b=2&a=%D8%A7`` and ``?a=%d8%a7&b=2`` are the same answer, so are ``q=a+b`` and
    ``q=a%20b``."""
    if not query_string:
        return path.encode("utf-8", "surrogateescape")
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True,
                      encoding="utf-8", errors="surrogateescape")
    pairs.sort(key=lambda kv: kv[0])
    return (path + "?" + urlencode(pairs, encoding="utf-8", errors="surrogateescape")
            ).encode("utf-8", "surrogateescape")


def _keep(url: bytes, gen: tuple[int, ...], status: int, headers: list[tuple[bytes, bytes]],
          body: bytes, etag: bytes, limit: int) -> None:
    old = _pages.pop(url, None)
    if old is not None:
        _pages_size[0] -= len(old[4])
    _pages[url] = (gen, _clock(), status, headers, body, etag)
    _pages_size[0] += len(body)
    while (_pages_size[0] > limit or len(_pages) > MAX_PAGES) and _pages:
        _, dropped = _pages.popitem(last=False)
        _pages_size[0] -= len(dropped[4])


class PageCache:
    """ASGI middleware keeping whole public answers (see the module docstring).

    Args:
        app: the wrapped ASGI application.
        db_path: the database whose generation keys the answers (no file: nothing is kept,
            but answers still get an ``ETag``).
    """

    def __init__(self, app: Any, db_path: object) -> None:
        self.app = app
        self.db_path = db_path
        self.limit = page_cache_bytes()
        self.key = str(db_path).encode("utf-8", "surrogateescape") + b" "

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD") \
                or not cacheable(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        if_none_match = b""
        for name, value in scope.get("headers", ()):
            if name == b"cookie" and SESSION_COOKIE in value:
                await self.app(scope, receive, _private(send))  # a reader's own page
                return
            if name == b"if-none-match":
                if_none_match = value
        url = self.key + page_key(scope.get("path", ""), scope.get("query_string", b""))
        ttl = page_ttl_s()
        gen = generation(self.db_path, lag=ttl)
        kept = _pages.get(url) if gen is not None else None
        loop = asyncio.get_running_loop()
        busy = _updating.get(url)
        if busy is not None and busy.get_loop() is not loop:
            busy = None  # another event loop's (a test client's): not awaitable here
        if busy is not None:
            if kept is not None and ttl and _clock() - kept[1] < ttl + PAGE_STALE_S:
                # being made again by another request, which this one need not repeat:
                # the kept answer meanwhile (nginx's proxy_cache_use_stale updating)
                _pages.move_to_end(url)
                await _answer(send, kept[2], kept[3], kept[4], kept[5], if_none_match)
                return
            # nothing (recent enough) kept: wait for that request's answer rather than make
            # the same page at the same time (nginx's proxy_cache_lock)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(busy), PAGE_LOCK_S)
            kept = _pages.get(url)
        if kept is not None:
            age = _clock() - kept[1]
            if age < ttl or (kept[0] == gen and age < PAGE_MAX_AGE_S):
                _pages.move_to_end(url)
                await _answer(send, kept[2], kept[3], kept[4], kept[5], if_none_match)
                return
        mine = None
        if gen is not None and url not in _updating:
            mine = _updating[url] = loop.create_future()
        try:
            await self._make(scope, receive, send, url, gen, if_none_match)
        finally:
            if mine is not None:
                del _updating[url]
                mine.set_result(None)

    async def _make(self, scope: dict[str, Any], receive: Any, send: Any, url: bytes,
                    gen: tuple[int, ...] | None, if_none_match: bytes) -> None:
        """Run the page, keep its answer when it may be kept, and send it."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", [])]
            status = int(start.get("status", 200))
            if status != 200 or any(k == b"set-cookie" for k, _ in headers):
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            etag = etag_of(body)
            headers = [(k, v) for k, v in headers
                       if k not in (b"etag", b"cache-control", b"vary")]
            if gen is not None and len(body) <= min(PAGE_MAX_BYTES, self.limit):
                _keep(url, gen, status, headers, body, etag, self.limit)
            await _answer(send, status, headers, body, etag, if_none_match)

        await self.app(scope, receive, capture)


async def _answer(send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes,
                  etag: bytes, if_none_match: bytes) -> None:
    extra = [(b"etag", etag), (b"cache-control", b"no-cache"), (b"vary", b"Cookie")]
    if if_none_match and _matches(if_none_match, etag):
        keep = [(k, v) for k, v in headers if k not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": keep + extra})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": status, "headers": headers + extra})
    await send({"type": "http.response.body", "body": body})


def _private(send: Any) -> Any:
    """``send`` with ``Cache-Control: private, no-cache`` on the answer (unless the page set
    its own): no shared cache in front of the server keeps a reader's own page."""

    async def private(message: dict[str, Any]) -> None:
        if message.get("type") == "http.response.start":
            headers = list(message.get("headers", ()))
            if not any(k.lower() == b"cache-control" for k, _ in headers):
                headers.append((b"cache-control", b"private, no-cache"))
                message = {**message, "headers": headers}
        await send(message)

    return private
