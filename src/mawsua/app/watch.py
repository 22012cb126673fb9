"""``mawsua watch``: poll every source on its own interval, fetch new entries' pages, store
articles through the same path as files (:func:`mawsua.app.ingest.ingest_items`).

One round (:func:`run_round`):

1. the sources that are due (``next_poll`` reached; every enabled one with ``force``);
2. per source, in a thread pool of :attr:`WatchOptions.concurrency`: a conditional GET of its
   feed (a site is first resolved to its autodiscovered feed, else its sitemap), the feed
   parsed, the entries not seen before (``source_entries``) picked, and each one's page
   fetched (a pool of :attr:`WatchOptions.page_concurrency`; the fetcher keeps each host's
   limits); a page that cannot be fetched or has no article text falls back to the entry's
   summary;
3. as each source finishes, in this thread: its records processed and stored, its entries
   marked seen (transient fetch failures are left unseen so the next poll retries them), and
   the poll recorded with the next poll time. The feed's ETag/Last-Modified are kept only when
   the poll succeeded (never from a response that failed, e.g. did not parse; and a source
   whose last poll failed is polled without them, so a 304 never hides a failing feed) and
   every new entry was handled; otherwise they are cleared so that the next poll is a full GET
   and the entries left over are not hidden behind a 304; such a source is polled again
   after ``min_interval_s`` (at once when a stop cut the round short).

Every response is in the WARC archive before it is processed (:class:`~mawsua.sources.http.
Fetcher`), so stopping never loses a fetched response: SIGINT/SIGTERM stop new fetches, let the
fetches in flight finish, and process and store everything fetched before returning; a killed
process leaves its entries unseen, and the next run fetches them again (same article: stored
once).

Schedule (:func:`next_interval`): after a success the interval is the largest of the feed's
``<ttl>``, the response's ``Cache-Control: max-age`` and the mean gap between the newest dated
entries (the observed update rate, else :attr:`WatchOptions.interval_s`), clamped to
``[min_interval_s, max_interval_s]``. After a failure it is ``interval_s * 2**k`` (``k``
consecutive failures, capped at ``max_interval_s``), and at least the server's Retry-After;
after :attr:`WatchOptions.max_errors` consecutive failures the source is disabled with the
reason (``mawsua sources enable`` starts it again), as Media Cloud does with failing feeds.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mawsua.app import alerts
from mawsua.app.ingest import IngestSummary, ingest_items
from mawsua.errors import Failed, Skipped
from mawsua.model import sha256_hex
from mawsua.model.raw import RawItem
from mawsua.model.sources import SourceInfo
from mawsua.model.urls import join_url, redact
from mawsua.sources.discover import discover_feeds
from mawsua.sources.feeds import FeedEntry, ParsedFeed, parse_feed
from mawsua.sources.http import Fetched, Fetcher, FetchFailed, FetchPolicy, decode_body
from mawsua.sources.live import (
    entry_hints,
    looks_like_sitemap,
    page_item,
    readable_url,
    repeated_entry,
    sitemap_entries,
    summary_item,
)
from mawsua.sources.warc import WarcArchive
from mawsua.store.sources import PollRecord, SourceRegistry, now_iso
from mawsua.store.sqlite import SqliteStore

#: Page failures that say nothing about the entry itself (with ``E_FETCH_HTTP`` for 5xx, 408
#: and 429): the entry stays unseen and is tried again at the next poll. A 4xx page is
#: permanent: the entry becomes its summary's article, or is marked seen with the failure.
RETRY_CODES = frozenset({"E_FETCH_TIMEOUT", "E_FETCH_NETWORK", "E_FETCH_RATE_LIMITED",
                         "E_ARCHIVE", "E_FETCH_HTTP"})
_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """Knobs of ``mawsua watch`` (seconds unless said otherwise).

    ``archive``: the WARC folder; ``policy``: the fetcher's :class:`FetchPolicy`;
    ``interval_s``: default polling interval; ``min_interval_s``/``max_interval_s``: bounds;
    ``max_errors``: consecutive failed polls before a source is disabled; ``concurrency``:
    sources polled at once; ``page_concurrency``: article pages fetched at once (all hosts);
    ``workers``: processes for the per-article stages; ``max_new_per_poll``: entries taken from
    one poll (the rest wait for the next); ``force``: poll every enabled source now.
    """

    archive: Path
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    interval_s: float = 900.0
    min_interval_s: float = 60.0
    max_interval_s: float = 86_400.0
    max_errors: int = 10
    concurrency: int = 8
    page_concurrency: int = 16
    workers: int = 1
    max_new_per_poll: int = 200
    force: bool = False


@dataclass
class SourcePoll:
    """What polling one source gave (built in a worker thread)."""

    source: SourceInfo
    status: str
    error: str | None = None
    fetched: Fetched | None = None
    feed: ParsedFeed | None = None
    items: list[tuple[FeedEntry, RawItem | Failed | Skipped]] = field(default_factory=list)
    retry_after_s: float | None = None
    feed_url: str | None = None
    retry: set[str] = field(default_factory=set)  # entry keys whose page failed transiently
    #: entries repeating the key of an earlier one of the feed (S_REPEATED_ENTRY; in ``items``
    #: too, counted as skipped, never marked: the first entry's outcome is the key's)
    repeats: list[tuple[FeedEntry, Skipped]] = field(default_factory=list)
    complete: bool = True  # every new entry was handled (else the next poll is a full GET)
    cut_by_stop: bool = False  # the round was stopped before every new entry was fetched


@dataclass
class RoundSummary:
    """One round: sources polled, 304s, failed polls, entries fetched, articles added..."""

    polled: int = 0
    not_modified: int = 0
    failed_polls: int = 0
    entries: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    stopped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``polled, not_modified, failed_polls, entries, added, duplicates,
        skipped`` (count), ``skipped_items``, ``failed`` (``{path, code, reason}``),
        ``sources`` (``{id, url, status, new, error, warning, disabled}`` per polled source;
        ``warning`` a coded feed warning such as ``W_FEED_TRUNCATED``), ``stopped``."""
        return {"polled": self.polled, "not_modified": self.not_modified,
                "failed_polls": self.failed_polls, "entries": self.entries,
                "added": self.added, "duplicates": self.duplicates,
                "skipped": len(self.skipped), "skipped_items": self.skipped,
                "failed": self.failed, "sources": self.sources, "stopped": self.stopped}

    @property
    def exit_code(self) -> int:
        """1 when sources were polled and every poll failed (nothing could be fetched), as
        ``mawsua ingest`` exits 1 when nothing could be read; else 0 (a round with nothing due
        is no failure)."""
        return 1 if self.polled and self.failed_polls == self.polled else 0


# -- scheduling ---------------------------------------------------------------------------------


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def next_interval(opts: WatchOptions, fetched: Fetched | None, feed: ParsedFeed | None,
                  ) -> float:
    """The polling interval after a successful poll (see the module docstring), seconds."""
    candidates: list[float] = []
    if feed is not None and feed.ttl_s:
        candidates.append(feed.ttl_s)
    if fetched is not None:
        m = _MAX_AGE.search(fetched.headers.get("cache-control", ""))
        if m:
            candidates.append(float(m.group(1)))
    rate = None
    if feed is not None:
        times = sorted((t for t in (_when(e.published or e.published_local)
                                    for e in feed.entries) if t is not None), reverse=True)[:10]
        if len(times) >= 2:
            span = (times[0] - times[-1]).total_seconds()
            if span > 0:
                rate = span / (len(times) - 1)
    candidates.append(rate if rate is not None else opts.interval_s)
    return max(opts.min_interval_s, min(opts.max_interval_s, max(candidates)))


def failure_interval(opts: WatchOptions, consecutive: int, retry_after_s: float | None) -> float:
    """The interval after the ``consecutive``-th failed poll in a row (seconds)."""
    backoff = min(opts.max_interval_s, opts.interval_s * (2 ** min(consecutive, 20)))
    return max(backoff, retry_after_s or 0.0)


# -- polling one source (worker thread) ---------------------------------------------------------


def _resolve_site(src: SourceInfo, fetcher: Fetcher) -> str | SourcePoll:
    """The feed (or sitemap) URL of a site source."""
    home = fetcher.fetch(src.url, kind="home", source=src.url, section=src.section,
                         credentials=src.auth())
    if isinstance(home, FetchFailed):
        return SourcePoll(src, home.code, home.reason, retry_after_s=home.retry_after_s)
    try:
        text, _enc = decode_body(home.body, home.headers, where=src.url)
    except Exception as exc:  # noqa: BLE001 - reported as the source's status
        return SourcePoll(src, getattr(exc, "code", "E_DECODE"), str(exc))
    feeds = discover_feeds(text, home.final_url)
    if feeds:
        return feeds[0]
    maps = fetcher.sitemaps(home.final_url)
    return maps[0] if maps else join_url(home.final_url, "/sitemap.xml") or src.url


def poll_source(src: SourceInfo, fetcher: Fetcher, registry: SourceRegistry, opts: WatchOptions,
                pages: ThreadPoolExecutor, stop: threading.Event) -> SourcePoll:
    """Poll one source: its feed (conditional GET), its new entries and their pages.

    Returns:
        The :class:`SourcePoll`; failures are in its ``status``/``error`` (never raises for
        network or parse trouble).
    """
    feed_url = src.feed_url or src.url
    discovered = None
    if src.kind == "site" and not src.feed_url:
        found = _resolve_site(src, fetcher)
        if isinstance(found, SourcePoll):
            return found
        feed_url = discovered = found
    # validators only from a poll that worked: never a 304 in answer to a failed parse
    validators = discovered is None and (src.last_status is None or src.last_status.isdigit())
    got = fetcher.fetch(feed_url, etag=src.etag if validators else None,
                        last_modified=src.last_modified if validators else None,
                        kind="feed", source=src.url, section=src.section,
                        credentials=src.auth())
    if isinstance(got, FetchFailed):
        return SourcePoll(src, got.code, got.reason, retry_after_s=got.retry_after_s,
                          feed_url=discovered)
    if got.not_modified:
        return SourcePoll(src, "304", None, fetched=got, feed_url=discovered)
    feed: ParsedFeed | None = None
    if looks_like_sitemap(got.body):
        entries, children = sitemap_entries(got.body, got.final_url)
        for child in children[:3]:
            sub = fetcher.fetch(child, kind="sitemap", source=src.url, section=src.section,
                                credentials=src.auth())
            if isinstance(sub, Fetched) and sub.status == 200:
                entries.extend(sitemap_entries(sub.body, sub.final_url)[0])
    else:
        parsed = parse_feed(got.body, got.headers, got.final_url)
        if isinstance(parsed, Failed):
            return SourcePoll(src, parsed.code, parsed.reason, fetched=got, feed_url=discovered)
        feed = parsed
        entries = list(parsed.entries)
    poll = SourcePoll(src, str(got.status), None, fetched=got, feed=feed, feed_url=discovered)
    seen = registry.seen(src.id, [e.key for e in entries])
    fresh: list[FeedEntry] = []
    firsts: dict[str, FeedEntry] = {}
    for e in entries:
        if e.key in seen:
            continue
        if e.key in firsts:  # the same guid again in this feed: reported, never dropped
            poll.repeats.append((e, repeated_entry(e, firsts[e.key], got.final_url)))
            continue
        firsts[e.key] = e
        fresh.append(e)
    if len(fresh) > opts.max_new_per_poll:
        fresh = fresh[: opts.max_new_per_poll]
        poll.complete = False
    jobs: list[tuple[FeedEntry, Future[tuple[RawItem | Failed | Skipped, bool] | None]]] = []
    for e in fresh:
        if stop.is_set():
            break
        jobs.append((e, pages.submit(_entry_item, e, src, got.final_url, fetcher, stop)))
    results = [(e, fut.result()) for e, fut in jobs]
    handled = [(e, r[0]) for e, r in results if r is not None]
    poll.items = handled + poll.repeats
    poll.retry = {e.key for e, r in results if r is not None and r[1]}
    if len(handled) < len(fresh):  # stopped before some pages were fetched
        poll.complete = False
        poll.cut_by_stop = True
    return poll


def transient(failed: FetchFailed) -> bool:
    """Whether a page failure may go away by itself (timeouts, network, rate limits, archive
    trouble, 5xx/408/429), so the entry is tried again rather than given up."""
    if failed.code not in RETRY_CODES:
        return False
    if failed.code == "E_FETCH_HTTP" and failed.status is not None:
        return not (400 <= failed.status < 500) or failed.status in (408, 429)
    return True


def _entry_item(entry: FeedEntry, src: SourceInfo, feed_url: str, fetcher: Fetcher,
                stop: threading.Event) -> tuple[RawItem | Failed | Skipped, bool] | None:
    """The record of one entry (its page, else its summary) and whether it failed
    transiently; ``None`` when stopping before the page was fetched (the entry stays
    unseen)."""
    if stop.is_set():
        return None
    hints = entry_hints(entry, feed_url=feed_url, source_url=src.url, section=src.section)
    if not entry.url:
        return summary_item(entry, hints, feed_url), False
    page = fetcher.fetch(entry.url, kind="page", source=src.url, section=src.section,
                         credentials=src.auth())  # sent to the source's origin only
    failure: Failed
    if isinstance(page, FetchFailed):
        failure = page.outcome()
        retry = transient(page)
    elif page.status != 200:  # 203/204/206/304...: no whole page to read
        failure = Failed(entry.url, "E_FETCH_HTTP", f"HTTP {page.status} from "
                         f"{page.final_url} (only a 200 answer is read as the page)")
        retry = False
    else:
        item = page_item(readable_url(entry.url, page.final_url), page.body, page.headers,
                         hints)
        if isinstance(item, RawItem):
            return item, False
        failure = item
        retry = False
    if entry.summary and entry.summary.strip() and not retry:
        return summary_item(entry, hints, feed_url), False
    return failure, retry


# -- storing a source's results (main thread) ---------------------------------------------------


def store_polls(polls: list[SourcePoll], store: SqliteStore, registry: SourceRegistry,
                opts: WatchOptions, summary: RoundSummary) -> None:
    """Process and store the records of ``polls`` in one :func:`ingest_items` call, mark
    their entries, record each poll (see the module docstring)."""
    items = [it for p in polls for _e, it in p.items]
    result = ingest_items(items, store, workers=opts.workers) if items else IngestSummary()
    summary.entries += len(items)
    summary.added += result.added
    summary.duplicates += result.duplicates
    summary.skipped.extend(result.skipped)
    summary.failed.extend(result.failed)
    ids = registry.article_ids_for_sha(
        sha256_hex(it.data) for p in polls for _e, it in p.items if isinstance(it, RawItem))
    added = set(result.added_ids)
    problems = {d["path"]: d["code"] for d in (*result.failed, *result.skipped)}
    for p in polls:
        marks = []
        new = 0
        repeats = {id(it) for _e, it in p.repeats}
        for e, it in p.items:
            if id(it) in repeats:
                continue
            if isinstance(it, RawItem):
                art = ids.get(sha256_hex(it.data))
                if art is not None:
                    outcome = "added" if art in added else "duplicate"
                    new += outcome == "added"
                else:
                    outcome = problems.get(it.where, "duplicate")
            else:
                art, outcome = None, it.code
            if e.key in p.retry or (isinstance(it, RawItem) and outcome == "E_STORE"):
                p.complete = False  # tried again at the next poll
            else:
                marks.append((e.key, e.url, art, outcome))
        registry.mark_entries(p.source.id, marks)
        _record(p, new, registry, opts, summary)


def _feed_url_after(p: SourcePoll, failed: bool) -> str | None:
    """The site's feed URL to store after this poll: a newly discovered one only once polling
    it worked; ``""`` (forget) when polling the known one failed, so the next poll discovers
    the site's feed again (it may have moved); ``None`` keeps what is stored."""
    if not failed:
        return p.feed_url
    if p.source.kind == "site" and p.source.feed_url and p.feed_url is None:
        return ""
    return None


def _record(p: SourcePoll, new: int, registry: SourceRegistry, opts: WatchOptions,
            summary: RoundSummary) -> None:
    if p.status == "stopped":  # never polled: its schedule stays as it was
        return
    now = datetime.now(UTC)
    failed = p.status not in ("200", "304") and not p.status.startswith("2")
    disabled = None
    if failed:
        k = p.source.consecutive_errors + 1
        interval = failure_interval(opts, k, p.retry_after_s)
        if k >= opts.max_errors:
            disabled = (f"disabled after {k} consecutive failed polls; last: {p.status}: "
                        f"{p.error}")
        summary.failed_polls += 1
    elif p.cut_by_stop:  # due again at once: the next run finishes the entries left
        interval = 0.0
    elif not p.complete:  # entries left over (limit per poll, transient page failures)
        interval = opts.min_interval_s
    else:
        interval = next_interval(opts, p.fetched, p.feed)
    if p.status == "304":
        summary.not_modified += 1
    etag = last_mod = None
    if p.fetched is not None and p.fetched.status == 200:
        # entries left for later must not be hidden behind a 304: no validators then; nor
        # from a response that failed (a feed that does not parse stays failing)
        keep = p.complete and not failed
        etag = (p.fetched.headers.get("etag") or "") if keep else ""
        last_mod = (p.fetched.headers.get("last-modified") or "") if keep else ""
    elif failed:
        etag = last_mod = ""
    title = p.feed.title if p.feed is not None else None
    registry.record_poll(p.source.id, PollRecord(
        status=p.status, error=p.error, new=new,
        next_poll=(now + timedelta(seconds=interval)).isoformat(timespec="seconds"),
        interval_s=interval, failed=failed, etag=etag, last_modified=last_mod,
        disabled_reason=disabled, title=title,
        feed_url=_feed_url_after(p, failed)))
    summary.polled += 1
    warning = p.feed.warning if p.feed is not None else None
    summary.sources.append({"id": p.source.id, "url": redact(p.source.shown_url()), "status": p.status,
                            "new": new, "error": redact(p.error) if p.error else None,
                            "warning": warning,
                            "disabled": redact(disabled) if disabled else None})


# -- rounds -------------------------------------------------------------------------------------


def run_round(store: SqliteStore, fetcher: Fetcher, opts: WatchOptions,
              stop: threading.Event | None = None,
              on_source: Callable[[dict[str, Any]], None] | None = None) -> RoundSummary:
    """Poll every due source once (see the module docstring).

    Args:
        store: an open writable store.
        fetcher: the polite fetcher (writing to the archive).
        opts: the :class:`WatchOptions`.
        stop: when set, no new source or page is fetched; what was fetched is still stored.
        on_source: called with each source's line of :attr:`RoundSummary.sources` as it is
            recorded.

    Returns:
        The :class:`RoundSummary`.
    """
    stop = stop or threading.Event()
    registry = SourceRegistry(store)
    summary = RoundSummary()
    due = registry.due(now_iso(), force=opts.force)
    if not due:
        return summary
    with ThreadPoolExecutor(max(1, opts.page_concurrency), "mawsua-page") as pages, \
            ThreadPoolExecutor(max(1, opts.concurrency), "mawsua-feed") as feeds:
        futures = [feeds.submit(_guarded_poll, s, fetcher, registry, opts, pages, stop)
                   for s in due]
        batch: list[SourcePoll] = []
        for fut in as_completed(futures):
            if fut.cancelled():
                continue
            batch.append(fut.result())
            if stop.is_set():
                for f in futures:
                    f.cancel()
            if opts.workers <= 1:
                n = len(summary.sources)
                store_polls(batch, store, registry, opts, summary)
                batch = []
                if on_source is not None:
                    for line in summary.sources[n:]:
                        on_source(line)
        if batch:
            n = len(summary.sources)
            store_polls(batch, store, registry, opts, summary)
            if on_source is not None:
                for line in summary.sources[n:]:
                    on_source(line)
    summary.stopped = stop.is_set()
    return summary


def _guarded_poll(src: SourceInfo, fetcher: Fetcher, registry: SourceRegistry,
                  opts: WatchOptions, pages: ThreadPoolExecutor,
                  stop: threading.Event) -> SourcePoll:
    if stop.is_set():
        return SourcePoll(src, "stopped", "stopped before polling")
    try:
        return poll_source(src, fetcher, registry, opts, pages, stop)
    except Exception as exc:  # noqa: BLE001 - one source never stops the round
        return SourcePoll(src, "E_INTERNAL", f"unexpected {type(exc).__name__}: {exc}")


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Set ``stop`` on SIGINT and SIGTERM while inside (main thread only; elsewhere a no-op),
    restoring the previous handlers on exit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def handler(signum: int, _frame: Any) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, h in previous.items():
            signal.signal(sig, h)


def watch(store: SqliteStore, opts: WatchOptions, *, once: bool = False,
          stop: threading.Event | None = None,
          on_round: Callable[[RoundSummary], None] | None = None,
          on_source: Callable[[dict[str, Any]], None] | None = None,
          max_sleep_s: float = 60.0) -> list[RoundSummary]:
    """Run rounds until stopped (SIGINT/SIGTERM or ``stop``), or one round with ``once``.

    Between rounds it sleeps until the next source is due (at most ``max_sleep_s`` at a
    time, waking at once on a stop). Every response goes to ``opts.archive``.

    Returns:
        The summaries of the rounds run.
    """
    stop = stop or threading.Event()
    rounds: list[RoundSummary] = []
    with WarcArchive(opts.archive) as archive, Fetcher(opts.policy, archive) as fetcher, \
            stop_on_signals(stop):
        while True:
            summary = run_round(store, fetcher, opts, stop, on_source)
            alerts.deliver_quietly(store)  # the alerts this round (or an earlier run) queued
            rounds.append(summary)
            if on_round is not None:
                on_round(summary)
            if once or stop.is_set():
                break
            nxt = _when(SourceRegistry(store).next_due())
            wait = max_sleep_s if nxt is None else (nxt - datetime.now(UTC)).total_seconds()
            if stop.wait(max(0.5, min(max_sleep_s, wait))):
                break
    return rounds
