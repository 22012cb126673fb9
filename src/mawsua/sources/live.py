"""Feed entries and fetched pages as :class:`RawItem` records, the same way live and from the
archive (so ``mawsua reprocess`` rebuilds exactly what ``mawsua watch`` stored).

* :func:`entry_hints`: what a feed entry states about its article (``title``, ``url``,
  ``summary``, ``published_raw`` and its reading, ``section``, ``authors``, ``feed``,
  ``source``), handed to the extractors as ``RawItem.hints``.
* :func:`page_item`: a fetched article page -> ``RawItem(format="html")`` decoded with the HTTP
  charset, XML declaration or meta tag (:func:`mawsua.sources.http.decode_body`).
* :func:`repeated_entry`: the report of an entry repeating the key of an earlier one.
* :func:`summary_item`: an entry without a usable page -> ``RawItem(format="feed")`` whose text
  is the summary and whose bytes are :func:`entry_bytes`, the entry's own identity (title,
  link, guid, date and summary), so two entries sharing a teaser are two articles.
* :func:`sitemap_entries`: a sitemap's pages as entries (no summary, ``lastmod`` as the date).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mawsua.errors import Failed, MawsuaError, Skipped
from mawsua.model.raw import RawItem
from mawsua.model.urls import redact, same_url, to_uri
from mawsua.sources.discover import read_sitemap
from mawsua.sources.feeds import FeedEntry, read_date
from mawsua.sources.http import decode_body

#: Most pages taken from one sitemap poll (newest ``lastmod`` first).
SITEMAP_MAX_PAGES = 200


def entry_hints(entry: FeedEntry, *, feed_url: str, source_url: str,
                section: str | None) -> dict[str, Any]:
    """The hints of one entry (see the module docstring); ``section`` (the source's own) wins
    over the entry's first category."""
    hints: dict[str, Any] = {
        "title": entry.title, "url": entry.url, "summary": entry.summary,
        "published_raw": entry.published_raw, "published": entry.published,
        "published_local": entry.published_local, "timezone": entry.timezone,
        "section": section or entry.section, "authors": list(entry.authors),
        "feed": feed_url, "source": source_url, "entry": entry.key,
    }
    return {k: v for k, v in hints.items() if v not in (None, [], "")}


def page_item(url: str, body: bytes, headers: Mapping[str, str],
              hints: Mapping[str, Any]) -> RawItem | Failed:
    """A fetched page as an HTML :class:`RawItem` (``where``/``url`` = ``url``, the final URL).

    Returns:
        The item, or ``Failed`` (``E_EMPTY_FILE``, ``E_BINARY``, ``E_DECODE``) naming ``url``.
    """
    try:
        text, encoding = decode_body(body, headers, where=url)
    except MawsuaError as e:
        return Failed.from_error(e, url)
    return RawItem(where=url, format="html", data=body, text=text, encoding=encoding,
                   hints=dict(hints), url=url)


def readable_url(entry_url: str | None, final_url: str) -> str:
    """The URL to store and show for a fetched page: the entry's own link as written (an
    Arabic path stays readable) when the page was fetched from it without a redirect, else the
    final URL (the URI fetched)."""
    if entry_url and same_url(entry_url, final_url):
        return entry_url.strip()
    return final_url


def wire_url(url: str) -> str:
    """``url`` as the archive records it: the URI the fetcher requests, redacted
    (:func:`~mawsua.model.urls.redact`; itself, redacted, when it is not a valid http(s)
    URL)."""
    try:
        return redact(to_uri(url))
    except ValueError:
        return redact(url)


def summary_item(entry: FeedEntry, hints: Mapping[str, Any], feed_url: str,
                 ) -> RawItem | Skipped:
    """An entry's own article from its summary (``Skipped`` ``S_EMPTY_BODY`` without one)."""
    where = entry.url or f"{feed_url}#{entry.key}"
    if not entry.summary or not entry.summary.strip():
        return Skipped(where, "S_EMPTY_BODY", "the feed entry has neither a usable page nor "
                       "a summary")
    return RawItem(where=where, format="feed", data=entry_bytes(entry),
                   text=entry.summary, encoding="utf-8", hints=dict(hints), url=entry.url)


def repeated_entry(entry: FeedEntry, first: FeedEntry, feed_url: str) -> Skipped:
    """``Skipped`` ``S_REPEATED_ENTRY`` for ``entry``, which has the key (guid/id, else link)
    of the earlier ``first`` of the same feed: only the first is read, never silently the
    other (the reason says what differs)."""
    diffs = [name for name, a, b in (("link", entry.url, first.url),
                                     ("title", entry.title, first.title)) if a != b]
    what = (f"a different {' and '.join(diffs)}" if diffs else "the same link and title")
    return Skipped(entry.url or f"{feed_url}#{entry.key}", "S_REPEATED_ENTRY",
                   f"repeats the id {entry.key!r} of an earlier entry of {feed_url} "
                   f"({first.url or first.title or 'no link'}) with {what}; only the first "
                   "is read")


def entry_bytes(entry: FeedEntry) -> bytes:
    """The raw bytes of an entry stored as its own article: a canonical JSON serialisation
    (sorted keys, UTF-8, no spaces) of its ``title``, ``link``, ``guid`` (the entry key),
    ``published`` (as written) and ``summary``. Deduplication on raw bytes then keeps
    different entries apart even when their summaries are the same text, while the same
    entry read twice (live, then from the archive) gives the same bytes."""
    ident = {"title": entry.title, "link": entry.url, "guid": entry.key,
             "published": entry.published_raw, "summary": entry.summary}
    return json.dumps(ident, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def looks_like_sitemap(body: bytes) -> bool:
    """Whether ``body`` starts like a sitemaps.org ``urlset`` or ``sitemapindex``."""
    head = body[:2048]
    return b"<urlset" in head or b"<sitemapindex" in head


def sitemap_entries(body: bytes, url: str,
                    limit: int = SITEMAP_MAX_PAGES) -> tuple[list[FeedEntry], list[str]]:
    """A sitemap's pages as entries (newest ``lastmod`` first, at most ``limit``) and the child
    sitemaps of a sitemap index."""
    pages, children = read_sitemap(body, url)
    pages.sort(key=lambda p: p[1] or "", reverse=True)
    out = []
    for loc, lastmod in pages[:limit]:
        published, local, zone = read_date(lastmod)
        out.append(FeedEntry(key=loc, url=loc, title=None, summary=None, published_raw=lastmod,
                             published=published, published_local=local, timezone=zone))
    return out, children
