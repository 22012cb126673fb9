"""The polite fetcher: one HTTP GET at a time per URL, with the manners of a good crawler.

What :meth:`Fetcher.fetch` does, in order (rules from RFC 9309, RFC 9110/9111 and the habits of
Media Cloud and Miniflux):

0. **IRIs**: a URL with Arabic letters in its path or query, or an IDN host, is requested and
   archived as its URI (:func:`mawsua.model.urls.to_uri`: IDNA host, UTF-8 percent-encoding,
   existing ``%XX`` kept); redirect targets too. :attr:`Fetched.final_url` is that URI.
1. **robots.txt** of the URL's host (``scheme://host:port``), fetched once and cached for
   :attr:`FetchPolicy.robots_ttl_s` (parsed by protego): a disallowed URL is not fetched
   (``E_ROBOTS_DISALLOWED``). A 4xx robots.txt allows everything; a 5xx or unreachable one
   disallows everything until it is fetched again (RFC 9309 §2.3.1.4), reported with the
   robots.txt failure's own code (``E_FETCH_NETWORK``, ``E_FETCH_TIMEOUT``, ``E_FETCH_HTTP``)
   and "robots.txt of HOST unreachable (reason)", never as a refusal by the site. A ``Crawl-delay`` longer
   than the host delay is honoured (at most :data:`MAX_CRAWL_DELAY_S`).
2. **Per-host manners**: at most :attr:`FetchPolicy.host_concurrency` requests in flight and
   request starts at least :attr:`FetchPolicy.host_delay_s` seconds apart, per host.
3. **Conditional GET**: ``If-None-Match`` (ETag) and ``If-Modified-Since`` (Last-Modified) when
   given; a ``304`` comes back as a :class:`Fetched` with status 304 and no body.
4. **Redirects** followed by hand, at most :attr:`FetchPolicy.max_redirects`, a loop is
   refused at once (``E_FETCH_REDIRECTS``); robots.txt is checked for every hop.
5. **Limits**: a timeout per connect/read (:attr:`FetchPolicy.timeout_s`) and for the whole body,
   a maximum body size (``Content-Length`` checked first, then the bytes as they stream in:
   ``E_TOO_LARGE``); gzip, deflate and br are accepted and decoded here, chunk by chunk from the
   raw stream with a cap on each decompressor's output (:class:`_BodyDecoder`), so a small
   compressed body that expands hugely (a "zip bomb") stops at the limit without ever holding
   more than the limit in memory; the limit is on the decoded body, and the reason then says so
   with the compressed size. ``br`` is only asked for when the installed brotli can cap its
   output; an unrequested ``br`` body is then refused (``E_FETCH_ENCODING``), as is corrupt
   compressed data.
6. **Retries** on transient trouble (timeouts, network errors, 408, 5xx) with exponential backoff
   and full jitter (``backoff_s * 2**attempt * random()``); a ``429``, or ``503`` with
   ``Retry-After``, is waited out in place when the wait is at most
   :attr:`FetchPolicy.max_retry_wait_s`, else reported as ``E_FETCH_RATE_LIMITED`` with the wait
   (seconds) in :attr:`FetchFailed.retry_after_s` so the scheduler polls later.
7. **SSRF guard** (:mod:`mawsua.sources.guard`): every connection (the first request, each
   redirect hop, robots.txt, discovery, pages) goes to a checked address; a loopback, private
   or other non-public one is refused (``E_FETCH_FORBIDDEN_ADDRESS`` naming the URL and the
   address) unless :attr:`FetchPolicy.allow_private` (or the setting
   ``MAWSUA_ALLOW_PRIVATE_NETWORKS=1`` when the policy leaves it ``None``).
8. **Archive**: every response (redirects, errors and 304s included) is written to the WARC
   archive before it is returned (:mod:`mawsua.sources.warc`; ``Authorization`` and
   ``Cookie`` request headers as ``***``).
9. **Credentials** (``credentials=``, :class:`mawsua.model.urls.Credentials`): a source's user
   info, kept apart from its URL by the registry, is sent as HTTP Basic authentication to
   that source's origin only (each redirect hop checked; never to another origin, as curl
   and browsers do).

Charset (:func:`decode_body`): the HTTP ``Content-Type`` charset, else the XML declaration, else
an HTML ``<meta charset>`` / ``http-equiv``, handed to :func:`mawsua.sources.decode.decode`
(BOMs and UTF-16 first, strict UTF-8, then the declared charset, then detection).
"""

from __future__ import annotations

import random
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import brotli
import httpx
from protego import Protego

from mawsua.config import allow_private_networks
from mawsua.errors import Failed
from mawsua.model.urls import Credentials, join_url, strip_userinfo, to_uri
from mawsua.sources.decode import decode
from mawsua.sources.guard import CODE as FORBIDDEN_CODE
from mawsua.sources.guard import ForbiddenAddress, check_url, guarded_transport
from mawsua.sources.warc import Exchange, WarcArchive

#: Sent with every request: who we are and that we read news for an aggregator.
USER_AGENT = "Mawsua/0.1 (Arabic news aggregator; polite feed reader; honours robots.txt)"
#: The token matched against robots.txt ``User-agent`` lines.
ROBOTS_AGENT = "Mawsua"
#: Longest robots.txt ``Crawl-delay`` honoured, in seconds.
MAX_CRAWL_DELAY_S = 30.0
#: Longest robots.txt read, in bytes (Google's limit is 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_TRANSIENT = frozenset({408, 500, 502, 503, 504, 520, 521, 522, 523, 524})


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Knobs of the fetcher (seconds, bytes). Tests shrink the times; defaults are polite."""

    user_agent: str = USER_AGENT
    timeout_s: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff_s: float = 1.0
    max_retry_wait_s: float = 10.0
    host_delay_s: float = 1.0
    host_concurrency: int = 2
    robots: bool = True
    robots_ttl_s: float = 3600.0
    #: connect to loopback/private addresses too (``None``: the setting
    #: ``MAWSUA_ALLOW_PRIVATE_NETWORKS``, read when the :class:`Fetcher` is made)
    allow_private: bool | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """A final response (2xx or 304).

    ``url`` is the URL asked for, ``final_url`` the one answered after redirects; ``headers``
    lower-cased names to values; ``body`` the decoded payload (empty for 304); ``fetched_at``
    ISO 8601 UTC; ``elapsed_s`` seconds for all attempts.
    """

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: str
    elapsed_s: float

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to a conditional GET."""
        return self.status == 304


@dataclass(frozen=True, slots=True)
class FetchFailed:
    """A fetch that gave no usable response: ``code`` from :data:`mawsua.errors.CODES`,
    ``status`` the last HTTP status (``None`` below HTTP), ``retry_after_s`` the wait the server
    asked for (429/503), in seconds."""

    url: str
    code: str
    reason: str
    status: int | None = None
    retry_after_s: float | None = None

    def outcome(self) -> Failed:
        """The failure as a per-item :class:`~mawsua.errors.Failed` naming the URL."""
        return Failed(self.url, self.code, self.reason)


#: the most bytes one decompressor call may produce (the decoded body grows by at most this)
_DECODE_CHUNK = 1 << 16


def _brotli_capped() -> bool:
    """Whether the installed brotli can cap a decompressor's output (``output_buffer_limit``,
    brotli 1.2+); without it one small chunk could expand to gigabytes at once."""
    try:
        brotli.Decompressor().process(b"", output_buffer_limit=1)
    except TypeError:
        return False
    except Exception:  # noqa: BLE001 - the argument is known; the empty input is not the point
        return True
    return True


BROTLI_CAPPED = _brotli_capped()
#: the codings asked for (and decoded with an output cap)
ACCEPT_ENCODING = "gzip, deflate, br" if BROTLI_CAPPED else "gzip, deflate"


class _Undecodable(Exception):
    """A body that cannot be decoded safely (reported as ``E_FETCH_ENCODING``)."""


class _BodyDecoder:
    """Undoes a ``Content-Encoding`` (``gzip``, ``deflate``, ``br``, or several in a row) on the
    raw stream, yielding decoded pieces of at most :data:`_DECODE_CHUNK` bytes each, lazily: the
    caller stops pulling at its size limit, so memory never holds much more than that limit.
    Codings other than these three are passed through as they are (as httpx did).

    Raises:
        _Undecodable: on ``br`` when brotli cannot cap its output (it was not asked for), and
            on corrupt compressed data (from :meth:`feed`).
    """

    def __init__(self, encoding: str | None) -> None:
        codings = [c.strip().lower() for c in (encoding or "").split(",")]
        self._steps: list[Callable[[bytes], Iterator[bytes]]] = []
        for coding in reversed([c for c in codings if c and c != "identity"]):
            if coding in ("gzip", "x-gzip"):
                self._steps.append(_ZlibStep(zlib.MAX_WBITS | 16).feed)
            elif coding == "deflate":
                self._steps.append(_ZlibStep(zlib.MAX_WBITS, raw_fallback=True).feed)
            elif coding == "br":
                if not BROTLI_CAPPED:
                    raise _Undecodable("Content-Encoding br was not asked for and the installed "
                                       "brotli cannot decode it within the size limit")
                self._steps.append(_BrotliStep().feed)

    def feed(self, raw: bytes) -> Iterator[bytes]:
        """The decoded pieces of the next raw chunk, in order."""
        pieces: Iterator[bytes] = iter((raw,))
        for step in self._steps:
            pieces = _chain(step, pieces)
        try:
            yield from pieces
        except (zlib.error, brotli.error) as e:
            raise _Undecodable(f"corrupt compressed body: {e}") from e


def _chain(step: Callable[[bytes], Iterator[bytes]], pieces: Iterator[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from step(piece)


class _ZlibStep:
    """gzip / deflate (zlib-wrapped, or raw as some servers send it) with capped output."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._d = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and data:
            self._started = True
            if self._raw_fallback:
                try:
                    zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:64], 1)
                except zlib.error:
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)
        d = self._d
        while not d.eof:
            out = d.decompress(data, _DECODE_CHUNK)
            data = d.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < _DECODE_CHUNK:
                break


class _BrotliStep:
    """br with capped output (``output_buffer_limit``)."""

    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        d = self._d
        if d.is_finished():
            return
        out = d.process(data, output_buffer_limit=_DECODE_CHUNK)
        if out:
            yield out
        while not d.can_accept_more_data() and not d.is_finished():
            out = d.process(b"", output_buffer_limit=_DECODE_CHUNK)
            if not out:
                break
            yield out


class _Robots:
    """One reading of a host's robots.txt, replaced whole (never changed in place), so a thread
    reading it while another reloads sees either the old or the new reading, never a mix."""

    __slots__ = ("allow_all", "crawl_delay", "failure", "parser")

    def __init__(self, parser: Protego | None = None, allow_all: bool | None = None,
                 failure: FetchFailed | None = None, crawl_delay: float = 0.0) -> None:
        self.parser = parser  # the parsed file (``allow_all`` is None)
        self.allow_all = allow_all  # True: unavailable (4xx); False: unreachable (5xx...)
        self.failure = failure  # why robots.txt could not be read
        self.crawl_delay = crawl_delay


_NO_ROBOTS = _Robots()


@dataclass
class _Host:
    sem: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: held while robots.txt is checked and reloaded: one thread fetches it, the others wait
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    robots_state: _Robots = _NO_ROBOTS
    robots_until: float = 0.0  # set last, once ``robots_state`` is the new reading

    @property
    def robots(self) -> Protego | None:
        return self.robots_state.parser

    @property
    def crawl_delay(self) -> float:
        return self.robots_state.crawl_delay


class Fetcher:
    """A thread-safe polite HTTP client (see the module docstring).

    Args:
        policy: the :class:`FetchPolicy`.
        archive: where every response is written before it is returned (``None``: nowhere;
            only tests and benches use that).
        transport: an httpx transport (tests); default a pooled HTTP/1.1 connection pool
            with the SSRF guard on every connection (:func:`mawsua.sources.guard.
            guarded_transport`). A given transport only gets the check of IP-literal hosts.

    Use as a context manager or call :meth:`close`.
    """

    def __init__(self, policy: FetchPolicy | None = None, archive: WarcArchive | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.archive = archive
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        allow = self.policy.allow_private
        #: whether loopback and private addresses may be fetched (the operator's choice)
        self.allow_private = allow_private_networks() if allow is None else allow
        if transport is None:
            transport = guarded_transport(allow_private=self.allow_private, limits=limits)
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout_s),
            headers={"User-Agent": self.policy.user_agent,
                     "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False, limits=limits, transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self.archive_errors: list[str] = []

    def close(self) -> None:
        """Close the connection pool (the archive is the caller's)."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- per host ----------------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = _host_key(url)
        with self._hosts_lock:
            h = self._hosts.get(key)
            if h is None:
                h = self._hosts[key] = _Host(threading.BoundedSemaphore(
                    max(1, self.policy.host_concurrency)))
            return h

    def _wait_turn(self, h: _Host) -> None:
        delay = max(self.policy.host_delay_s, h.crawl_delay)
        with h.lock:
            now = time.monotonic()
            start = max(now, h.next_start)
            h.next_start = start + delay
        if start > now:
            time.sleep(start - now)

    def allowed(self, url: str, *, source: str | None = None) -> bool:
        """Whether robots.txt of ``url``'s host lets :data:`ROBOTS_AGENT` fetch it (always true
        when the policy says ``robots=False``). Fetches and caches robots.txt as needed."""
        if not self.policy.robots:
            return True
        h = self._host(url)
        if time.monotonic() >= h.robots_until:
            with h.robots_lock:  # one reload per host; the others wait for its reading
                if time.monotonic() >= h.robots_until:
                    self._load_robots(url, h, source)
        state = h.robots_state
        if state.allow_all is not None:
            return state.allow_all
        if state.parser is None:  # never read (cannot happen after a load): nothing is known
            return True
        return bool(state.parser.can_fetch(url, ROBOTS_AGENT))

    def sitemaps(self, url: str) -> list[str]:
        """The absolute sitemap URLs named by robots.txt of ``url``'s host (fetched when not
        cached; empty when it names none or could not be read)."""
        self.allowed(url)
        h = self._host(url)
        if h.robots is None:
            return []
        found = (join_url(_host_key(url) + "/", m) for m in h.robots.sitemaps)
        return [m for m in found if m is not None]

    def _load_robots(self, url: str, h: _Host, source: str | None) -> None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        got = self._get(robots_url, {}, kind="robots", source=source, max_bytes=MAX_ROBOTS_BYTES,
                        check_robots=False, retries=0)
        ttl = self.policy.robots_ttl_s
        if isinstance(got, Fetched) and 200 <= got.status < 300:
            try:
                text, _enc = decode_body(got.body, got.headers, where=robots_url)
            except Exception:  # noqa: BLE001 - an unreadable robots.txt is an empty one
                text = ""
            parser = Protego.parse(text)
            delay = parser.crawl_delay(ROBOTS_AGENT)
            state = _Robots(parser, crawl_delay=min(float(delay), MAX_CRAWL_DELAY_S)
                            if delay else 0.0)
        elif isinstance(got, FetchFailed) and got.status is not None and 400 <= got.status < 500:
            state = _Robots(allow_all=True)  # RFC 9309: "unavailable" -> anything goes
        elif isinstance(got, FetchFailed) and got.code == "E_TOO_LARGE":
            state = _Robots(allow_all=True)
        else:  # 5xx / unreachable: "unreachable" -> complete disallow, retried sooner
            state = _Robots(allow_all=False, failure=got if isinstance(got, FetchFailed) else
                            FetchFailed(robots_url, "E_FETCH_HTTP",
                                        f"HTTP {got.status} from {robots_url}", got.status))
            ttl = min(ttl, 300.0)
        h.robots_state = state
        h.robots_until = time.monotonic() + ttl  # last: the new reading is in place

    # -- fetching ----------------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              kind: str = "page", source: str | None = None,
              section: str | None = None, credentials: Credentials | None = None,
              ) -> Fetched | FetchFailed:
        """GET ``url`` politely (see the module docstring).

        Args:
            url: an ``http(s)`` URL.
            etag, last_modified: validators from the previous 200 (conditional GET).
            kind, source, section: written to the archive with the response
                (``Mawsua-Kind``, ``Mawsua-Source``, ``Mawsua-Section``).

        Returns:
            :class:`Fetched` for a 2xx or 304 answer; :class:`FetchFailed` with
            ``E_ROBOTS_DISALLOWED``, ``E_FETCH_HTTP``, ``E_FETCH_TIMEOUT``, ``E_FETCH_NETWORK``,
            ``E_FETCH_REDIRECTS``, ``E_FETCH_RATE_LIMITED``, ``E_TOO_LARGE``,
            ``E_FETCH_FORBIDDEN_ADDRESS`` (a hop to a non-public address), ``E_SOURCE``
            (not an http(s) URL) or ``E_ARCHIVE`` (the response could not be archived, so it
            is not handed back). Never raises for network trouble.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, kind=kind, source=source, section=section,
                         credentials=credentials)

    def _get(self, url: str, headers: dict[str, str], *, kind: str, source: str | None,
             section: str | None = None, max_bytes: int | None = None, check_robots: bool = True,
             retries: int | None = None, credentials: Credentials | None = None,
             ) -> Fetched | FetchFailed:
        t0 = time.monotonic()
        try:  # an IRI (Arabic path, IDN host) goes on the wire and into the archive as a URI
            current = to_uri(url)
        except ValueError as e:
            return FetchFailed(url, "E_SOURCE", f"invalid URL: {e}")
        seen = {current}
        hops = 0
        while True:
            if check_robots and not self.allowed(current, source=source):
                return self._robots_refusal(url, current)
            auth = credentials.header(current) if credentials is not None else None
            got = self._attempts(current, {**headers, "Authorization": auth} if auth else headers,
                                 kind=kind, source=source, section=section,
                                 max_bytes=max_bytes or self.policy.max_bytes,
                                 retries=self.policy.retries if retries is None else retries)
            if isinstance(got, FetchFailed):
                return FetchFailed(url, got.code, got.reason, got.status, got.retry_after_s)
            status, resp_headers, body = got
            if status in _REDIRECTS and "location" in resp_headers:
                hops += 1
                try:
                    target = to_uri(strip_userinfo(urljoin(current,
                                                           resp_headers["location"].strip())))
                except ValueError as e:
                    return FetchFailed(url, "E_FETCH_REDIRECTS",
                                       f"invalid redirect target from {current}: {e}", status)
                if target in seen:
                    return FetchFailed(url, "E_FETCH_REDIRECTS",
                                       f"redirect loop: {current} -> {target}", status)
                if hops > self.policy.max_redirects:
                    return FetchFailed(url, "E_FETCH_REDIRECTS",
                                       f"more than {self.policy.max_redirects} redirects", status)
                seen.add(target)
                current = target
                continue
            fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
            if 200 <= status < 300 or status == 304:
                return Fetched(url, current, status, resp_headers, body, fetched_at,
                               time.monotonic() - t0)
            return FetchFailed(url, "E_FETCH_HTTP", f"HTTP {status} from {current}", status)

    def _robots_refusal(self, url: str, current: str) -> FetchFailed:
        """Why ``current`` is not fetched: robots.txt disallows it, or robots.txt could not be
        read (its network, DNS or HTTP failure, with that code: not a refusal by the site)."""
        h = self._host(current)
        state = h.robots_state
        bad = state.failure
        if bad is not None and bad.code == FORBIDDEN_CODE:  # the host itself is refused
            why = bad.reason.partition(": ")[2] or bad.reason  # "refused ROBOTS_URL: why"
            return FetchFailed(url, bad.code, f"refused {url}: {why}")
        if state.allow_all is False and bad is not None:
            return FetchFailed(url, bad.code, f"robots.txt of {_host_key(current)} unreachable "
                               f"({bad.reason}); nothing is fetched from the host until it is "
                               "read", bad.status, bad.retry_after_s)
        return FetchFailed(url, "E_ROBOTS_DISALLOWED",
                           f"robots.txt of {_host_key(current)} disallows {current}")

    def _attempts(self, url: str, headers: dict[str, str], *, kind: str, source: str | None,
                  section: str | None, max_bytes: int, retries: int,
                  ) -> tuple[int, dict[str, str], bytes] | FetchFailed:
        h = self._host(url)
        attempt = 0
        while True:
            got = self._once(url, headers, h, kind=kind, source=source, section=section,
                             max_bytes=max_bytes)
            wait: float | None = None
            if isinstance(got, FetchFailed):
                if got.code not in ("E_FETCH_TIMEOUT", "E_FETCH_NETWORK"):
                    return got
                result: tuple[int, dict[str, str], bytes] | FetchFailed = got
            else:
                status, resp_headers, _body = got
                retry_after = parse_retry_after(resp_headers.get("retry-after"))
                if status == 429 or (status == 503 and retry_after is not None):
                    ra = retry_after if retry_after is not None else self.policy.backoff_s
                    failed = FetchFailed(url, "E_FETCH_RATE_LIMITED",
                                         f"HTTP {status}, Retry-After {ra:g} s", status, ra)
                    if attempt >= retries or ra > self.policy.max_retry_wait_s:
                        return failed
                    wait = ra
                    result = failed
                elif status in _TRANSIENT:
                    result = FetchFailed(url, "E_FETCH_HTTP", f"HTTP {status} from {url}", status)
                else:
                    return got
            if attempt >= retries:
                return result
            if wait is None:
                wait = self.policy.backoff_s * (2 ** attempt) * random.random()
            time.sleep(wait)
            attempt += 1

    def _once(self, url: str, headers: dict[str, str], h: _Host, *, kind: str,
              source: str | None, section: str | None, max_bytes: int,
              ) -> tuple[int, dict[str, str], bytes] | FetchFailed:
        with h.sem:
            self._wait_turn(h)
            deadline = time.monotonic() + self.policy.timeout_s * 3
            try:
                check_url(url, allow_private=self.allow_private)
                req = self.client.build_request("GET", url, headers=headers)
                resp = self.client.send(req, stream=True)
            except ForbiddenAddress as e:
                return FetchFailed(url, FORBIDDEN_CODE, f"refused {url}: {e}")
            except httpx.TimeoutException as e:
                return FetchFailed(url, "E_FETCH_TIMEOUT", f"timed out ({type(e).__name__})")
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, UnicodeError, ValueError) as e:
                # UnicodeError: idna's refusal of a host (fetch() never raises)
                return FetchFailed(url, "E_SOURCE", f"invalid URL: {e}")
            except httpx.HTTPError as e:
                return FetchFailed(url, "E_FETCH_NETWORK", f"{type(e).__name__}: {e}")
            try:
                resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                truncated = False
                chunks: list[bytes] = []
                size = 0
                declared = _int(resp_headers.get("content-length"))
                if declared is not None and declared > max_bytes and "content-encoding" not in \
                        resp_headers:
                    truncated = True
                else:
                    if resp.is_stream_consumed:  # an in-memory transport (tests) read it:
                        decoder, raws = _BodyDecoder(None), resp.iter_bytes()  # httpx decoded
                    else:
                        decoder = _BodyDecoder(resp_headers.get("content-encoding"))
                        raws = resp.iter_raw()
                    for raw in raws:
                        for piece in decoder.feed(raw):  # capped: never a huge piece at once
                            chunks.append(piece)
                            size += len(piece)
                            if size > max_bytes:
                                truncated = True
                                break
                        if truncated:
                            break
                        if time.monotonic() > deadline:
                            return FetchFailed(url, "E_FETCH_TIMEOUT",
                                               f"body not received within {self.policy.timeout_s * 3:g} s")
                body = b"".join(chunks)
                if truncated:
                    body = body[:max_bytes]
                wire_bytes = resp.num_bytes_downloaded
            except _Undecodable as e:
                return FetchFailed(url, "E_FETCH_ENCODING", f"{e} (Content-Encoding "
                                   f"{resp.headers.get('content-encoding')})", resp.status_code)
            except httpx.TimeoutException as e:
                return FetchFailed(url, "E_FETCH_TIMEOUT", f"timed out reading ({type(e).__name__})")
            except httpx.HTTPError as e:
                return FetchFailed(url, "E_FETCH_NETWORK", f"{type(e).__name__}: {e}")
            finally:
                resp.close()
        problem = self._archive(Exchange(
            url=url, status=resp.status_code, reason=resp.reason_phrase,
            headers=list(resp.headers.items()), body=body,
            request_headers=list(req.headers.items()), kind=kind, source=source,
            section=section, truncated=truncated))
        if problem is not None:  # never process a response that is not in the archive
            return FetchFailed(url, "E_ARCHIVE", f"cannot write the archive: {problem}",
                               resp.status_code)
        if truncated:
            return FetchFailed(url, "E_TOO_LARGE", too_large_reason(
                max_bytes, declared, resp_headers.get("content-encoding"), wire_bytes),
                resp.status_code)
        return resp.status_code, resp_headers, body

    def _archive(self, ex: Exchange) -> str | None:
        """Write ``ex`` to the archive; the error text when that fails, else ``None``."""
        if self.archive is None:
            return None
        try:
            self.archive.write(ex)
        except OSError as e:
            self.archive_errors.append(f"{ex.url}: E_ARCHIVE: {e}")
            return str(e)
        return None


def too_large_reason(limit: int, declared: int | None, encoding: str | None,
                     received: int) -> str:
    """The reason of an ``E_TOO_LARGE``: the limit, and for a compressed response that the
    limit is on the decoded body, with the compressed size (``Content-Length`` when sent, else
    the compressed bytes received before reading stopped)."""
    if encoding and encoding.strip().lower() not in ("", "identity"):
        sent = (f"{declared:,} bytes compressed" if declared is not None else
                f"stopped after {received:,} compressed bytes")
        return (f"decoded body larger than {limit:,} bytes (Content-Encoding "
                f"{encoding.strip()}, {sent})")
    size = f"Content-Length {declared:,}" if declared is not None else "no Content-Length"
    return f"body larger than {limit:,} bytes ({size})"


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (RFC 9110 §10.2.3): delta-seconds or an
    HTTP date; ``None`` when absent or unreadable; never negative."""
    if value is None:
        return None
    v = value.strip()
    if v.isascii() and v.isdigit():  # "²".isdigit() is true too, and float() refuses it
        return float(v)
    try:
        when = parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([\w.:-]+)[\"']", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?(?:charset\s*=\s*[\"']?|content\s*=\s*[\"'][^\"']*charset=)([\w.:-]+)",
    re.IGNORECASE)


def declared_charset(body: bytes, headers: Mapping[str, str]) -> tuple[str | None, str]:
    """The charset a response declares and where: ``(name, "http" | "xml" | "meta")``, or
    ``(None, "")`` when none is declared. The HTTP header wins over the document, as browsers
    and feed readers do."""
    m = _CT_CHARSET.search(headers.get("content-type", ""))
    if m:
        return m.group(1), "http"
    head = body[:2048]
    m2 = _XML_DECL.search(head)
    if m2:
        return m2.group(1).decode("ascii", "replace"), "xml"
    m3 = _META_CHARSET.search(head if len(body) <= 2048 else body[:16384])
    if m3:
        return m3.group(1).decode("ascii", "replace"), "meta"
    return None, ""


def decode_body(body: bytes, headers: Mapping[str, str], *, where: str | None = None,
                ) -> tuple[str, str]:
    """Decode a response body: ``(text, codec name)``.

    The declared charset (:func:`declared_charset`) is given to
    :func:`mawsua.sources.decode.decode`, which tries BOMs/UTF-16 and strict UTF-8 first, then
    the declared charset, then detection (windows-1256 and other legacy code pages).

    Raises:
        MawsuaError: ``E_EMPTY_FILE``, ``E_BINARY`` or ``E_DECODE`` (naming ``where``).
    """
    name, _where = declared_charset(body, headers)
    return decode(body, declared=name, where=where)
