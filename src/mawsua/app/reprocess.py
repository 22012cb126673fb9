"""``mawsua reprocess``: rebuild articles from the WARC archive without fetching anything.

The archive holds every response ``mawsua watch`` fetched. Reprocessing replays the live
decisions on those bytes with the current extractor, repairer and annotators:

1. an index pass over the archive: the 200 responses of feeds (``Mawsua-Kind: feed``, with
   their source and section) in the order fetched, the newest 200 response per page URL and
   every redirect;
2. for each archived feed body: parsed again (or read as a sitemap), each entry once per source
   (the first time it appears, as live), its page found by URL (following archived
   redirects) and turned into a record by the very functions the live run uses
   (:func:`mawsua.sources.live.page_item`, ``summary_item`` when the archive has no page:
   a page that was never fetched successfully falls back to the entry's summary, as a
   permanently failing page does live);
3. the records go through :func:`mawsua.app.ingest.ingest_items` into the given store.

Into the live database every article comes back a duplicate (same bytes); to apply a better
extractor to everything, reprocess into a new database file and serve that one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mawsua.app.ingest import IngestSummary, ingest_items
from mawsua.errors import Failed, MawsuaError, Skipped
from mawsua.model.raw import RawItem
from mawsua.model.urls import join_url
from mawsua.sources.feeds import FeedEntry, parse_feed
from mawsua.sources.live import (
    entry_hints,
    looks_like_sitemap,
    page_item,
    readable_url,
    repeated_entry,
    sitemap_entries,
    summary_item,
    wire_url,
)
from mawsua.sources.warc import ArchivedResponse, iter_archive, read_response
from mawsua.store.sqlite import SqliteStore

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class ArchiveIndex:
    """Where things are in an archive (see the module docstring)."""

    feeds: list[ArchivedResponse] = field(default_factory=list)
    pages: dict[str, ArchivedResponse] = field(default_factory=dict)
    sitemaps: dict[str, ArchivedResponse] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    problems: list[Failed] = field(default_factory=list)
    responses: int = 0


def index_archive(directory: str | os.PathLike[str], since: str | None = None) -> ArchiveIndex:
    """One pass over the archive's headers (bodies are read later, by offset)."""
    idx = ArchiveIndex()
    # the bound is on the feeds replayed; their entries' pages may have been fetched earlier
    for rec in iter_archive(directory, since=since, since_kinds=frozenset({"feed"}),
                            bodies=False):
        if isinstance(rec, Failed):
            idx.problems.append(rec)
            continue
        idx.responses += 1
        if rec.status in _REDIRECTS and rec.headers.get("location"):
            target = join_url(rec.url, rec.headers["location"].strip())
            if target is not None:  # as the fetcher followed it: the target's URI
                idx.redirects[rec.url] = wire_url(target)
        elif rec.status == 200 and not rec.truncated:
            if rec.kind == "feed":
                idx.feeds.append(rec)
            elif rec.kind == "sitemap":
                idx.sitemaps[rec.url] = rec
            elif rec.kind == "page":
                idx.pages[rec.url] = rec
    return idx


def _follow(idx: ArchiveIndex, url: str) -> str:
    seen = {url}
    while url in idx.redirects and idx.redirects[url] not in seen:
        url = idx.redirects[url]
        seen.add(url)
    return url


def archived_items(directory: str | os.PathLike[str], since: str | None = None,
                   idx: ArchiveIndex | None = None) -> Iterator[RawItem | Failed | Skipped]:
    """The records the archive gives, in the order the feeds were fetched (see the module
    docstring). Damaged archive files and unreadable feeds are yielded as ``Failed``."""
    idx = idx or index_archive(directory, since)
    yield from idx.problems
    done: set[tuple[str | None, str]] = set()
    for ref in idx.feeds:
        try:
            yield from _feed_items(idx, ref, done)
        except Exception as exc:  # noqa: BLE001 - one odd feed never stops the run
            yield Failed(f"{ref.file}@{ref.offset}", "E_INTERNAL", f"{ref.url}: unexpected "
                         f"{type(exc).__name__}: {exc}")


def _feed_items(idx: ArchiveIndex, ref: ArchivedResponse, done: set[tuple[str | None, str]],
                ) -> Iterator[RawItem | Failed | Skipped]:
    """The records of one archived feed body (its entries not yet ``done``)."""
    try:
        rec = read_response(ref.file, ref.offset)
    except MawsuaError as e:
        yield Failed.from_error(e, ref.file)
        return
    entries: list[FeedEntry]
    if looks_like_sitemap(rec.body):
        entries, children = sitemap_entries(rec.body, rec.url)
        for child in children[:3]:
            sub = idx.sitemaps.get(child)
            if sub is None:
                continue
            try:
                entries.extend(sitemap_entries(read_response(sub.file, sub.offset).body,
                                               sub.url)[0])
            except MawsuaError as e:
                yield Failed.from_error(e, sub.file)
    else:
        parsed = parse_feed(rec.body, rec.headers, rec.url)
        if isinstance(parsed, Failed):
            yield parsed
            return
        entries = list(parsed.entries)
    source = rec.source or rec.url
    firsts: dict[str, FeedEntry] = {}  # the entries first met in this body, by key
    for e in entries:
        if (source, e.key) in done:
            if e.key in firsts:  # repeated in this very feed body: reported, as live
                yield repeated_entry(e, firsts[e.key], rec.url)
            continue
        done.add((source, e.key))
        firsts[e.key] = e
        hints = entry_hints(e, feed_url=rec.url, source_url=source, section=rec.section)
        page = idx.pages.get(_follow(idx, wire_url(e.url))) if e.url else None
        if page is not None:
            try:
                full = read_response(page.file, page.offset)
            except MawsuaError as err:
                item: RawItem | Failed = Failed.from_error(err, page.file)
            else:
                item = page_item(readable_url(e.url, full.url), full.body, full.headers, hints)
            if isinstance(item, RawItem) or not e.summary:
                yield item
                continue
        yield summary_item(e, hints, rec.url)


def check_archive(directory: str | os.PathLike[str]) -> None:
    """Refuse an archive folder :func:`reprocess` cannot read, before any store is opened (so
    a failed ``mawsua reprocess --db new.db`` leaves no new empty database behind).

    Raises:
        MawsuaError: ``E_ARCHIVE`` when ``directory`` is a file, does not exist ("no such
            folder"), or holds no WARC files.
    """
    from mawsua.sources.warc import archive_files

    if os.path.exists(directory) and not os.path.isdir(directory):
        raise MawsuaError("E_ARCHIVE", "not a folder (the archive is a folder of WARC files; "
                          "give a folder path)", str(directory))
    if not os.path.exists(directory):
        raise MawsuaError("E_ARCHIVE", "no such folder (run `mawsua watch` first, or pass "
                          "--archive)", str(directory))
    if not archive_files(directory):
        raise MawsuaError("E_ARCHIVE", "no WARC files here (run `mawsua watch` first, or pass "
                          "--archive)", str(directory))


def reprocess(directory: str | os.PathLike[str], store: SqliteStore, *,
              since: str | None = None, workers: int = 1,
              progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Rebuild articles from the archive into ``store``.

    Args:
        directory: the WARC archive folder.
        store: an open writable store (a new file to rebuild everything).
        since: only feed responses archived at or after this ISO 8601 date/time (UTC); the
            pages of their entries are found whenever they were archived.
        workers: processes for the per-article stages.
        progress: called with the records handled so far.

    Returns:
        The ingest summary's JSON shape (``read, added, duplicates, skipped, skipped_items,
        failed``) plus ``responses`` (response records indexed) and ``feeds`` (feed bodies
        replayed).

    Raises:
        MawsuaError: ``E_ARCHIVE`` when ``directory`` is a file, does not exist ("no such
            folder"), or holds no WARC files.
    """
    check_archive(directory)
    idx = index_archive(directory, since)
    summary: IngestSummary = ingest_items(archived_items(directory, since, idx), store,
                                          workers=workers, progress=progress)
    out = summary.to_dict()
    out["responses"] = idx.responses
    out["feeds"] = len(idx.feeds)
    return out
