"""Feeds in, one canonical entry model out (as Miniflux does): RSS 0.9x/1.0/2.0 and Atom through
feedparser, JSON Feed 1.0/1.1 read here (feedparser 6 does not read it).

:func:`parse_feed` takes the response body *as bytes* with the response headers, so feedparser
applies its own charset rules (HTTP ``Content-Type`` charset, XML declaration, BOM), which is
how a windows-1256 feed that says so only in the HTTP header is read. Arabic dates are read by
:mod:`mawsua.arabic.written_dates` through :func:`read_date`, once per date string.

Per entry (:class:`FeedEntry`): ``key`` (the ``guid``/``id``, else the link, else a hash of
title and summary: what makes an entry "already seen"), ``url`` (absolute), ``title``,
``summary`` (HTML as given; the longer of ``summary`` and ``content``), ``published_raw`` as
written and its reading (``published`` with an offset only when one is stated,
``published_local``, ``timezone``), ``authors``, ``section`` (the first category).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import orjson

from mawsua.arabic import written_dates
from mawsua.errors import Failed
from mawsua.model.urls import join_url


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed, whatever its format (see the module docstring)."""

    key: str
    url: str | None
    title: str | None
    summary: str | None
    published_raw: str | None = None
    published: str | None = None
    published_local: str | None = None
    timezone: str | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: ``kind`` (``rss20``, ``atom10``, ``rss10``, ``json``... feedparser's
    version names), ``title``, ``link`` (the site), ``ttl_s`` (RSS ``<ttl>`` in seconds, else
    ``None``), ``entries`` in feed order, ``warning`` (a coded warning when the XML was malformed but
    entries could still be read: ``W_FEED_TRUNCATED`` for a document cut short,
    ``W_FEED_MALFORMED`` otherwise, with feedparser's "bozo" message)."""

    kind: str
    title: str | None
    link: str | None
    ttl_s: float | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None


def read_date(raw: str | None, parsed: Any = None) -> tuple[str | None, str | None, str | None]:
    """``(published, published_local, timezone)`` of an entry date: Arabic dates through
    :func:`~mawsua.arabic.written_dates.split_date`, ISO 8601 and RFC 822 with the offset they
    state, else feedparser's UTC reading (``parsed``, a ``struct_time``); never a guessed zone
    for a string without one."""
    if raw:
        s = raw.strip()
        arabic = written_dates.split_date(s)
        if arabic[1] is not None:
            return arabic
        try:
            dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            dt = None
            try:
                dt = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                dt = None
        if dt is not None:
            if dt.tzinfo is None:
                return None, dt.isoformat(), None
            off = dt.strftime("%z")
            zone = "UTC" if off == "+0000" else f"{off[:3]}:{off[3:]}"
            return dt.isoformat(), dt.replace(tzinfo=None).isoformat(), zone
    if parsed is not None:
        try:
            dt = datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError):
            return None, None, None
        return dt.isoformat(), dt.replace(tzinfo=None).isoformat(), "UTC"
    return None, None, None


def _key(guid: str | None, link: str | None, title: str | None, summary: str | None) -> str:
    if guid and guid.strip():
        return guid.strip()
    if link and link.strip():
        return link.strip()
    digest = hashlib.sha256(f"{title or ''}\n{summary or ''}".encode()).hexdigest()[:24]
    return "sha256:" + digest


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    s = value.strip()
    return s or None


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed | Failed:
    """Parse a feed body.

    Args:
        body: the response body, bytes as received (decoded from gzip/br).
        headers: response headers, lower-cased names (``content-type`` carries the charset).
        url: the feed URL (relative links are resolved against it).

    Returns:
        :class:`ParsedFeed`, or ``Failed`` ``E_FEED_PARSE`` naming ``url`` when the body is not
        a feed or is too malformed to yield any entry, ``E_DECODE`` when its bytes cannot be
        decoded (no entry read), ``E_INTERNAL`` for an unexpected error (never raised).
    """
    try:
        return _parse_feed(body, headers, url)
    except Exception as exc:  # noqa: BLE001 - a shape no reader foresaw: coded, not raised
        return Failed(url, "E_INTERNAL", f"unexpected {type(exc).__name__} reading the feed: "
                      f"{exc}")


def _undecodable(exc: BaseException | None) -> str | None:
    """``"E_DECODE"`` when ``exc`` (feedparser's bozo exception, or what it raised) says the
    bytes could not be decoded (a ``UnicodeError``, feedparser's ``CharacterEncodingUnknown``),
    else ``None``: the error then has the code of what happened, not the parse stage's."""
    if isinstance(exc, UnicodeError) or type(exc).__name__ == "CharacterEncodingUnknown":
        return "E_DECODE"
    return None


def _parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed | Failed:
    head = body.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]  # a UTF-8 BOM may come first
    if head in (b"{", b"["):
        return _parse_json_feed(body, url)
    import feedparser

    ctype = headers.get("content-type", "application/xml")
    try:
        d = feedparser.parse(body, response_headers={"content-type": ctype,
                                                     "content-location": url})
    except Exception as exc:  # noqa: BLE001 - any parser crash is a coded outcome
        return Failed(url, _undecodable(exc) or "E_FEED_PARSE",
                      f"feedparser raised {type(exc).__name__}: {exc}")
    warning = None
    exc = d.get("bozo_exception") if d.get("bozo") else None
    if d.get("bozo"):
        warning = f"{type(exc).__name__}: {exc}" if exc is not None else "malformed feed"
    if not d.entries and _undecodable(exc):  # the bytes, not the XML, are the trouble
        return Failed(url, "E_DECODE", f"the feed's bytes cannot be decoded ({warning})")
    if not d.get("version") and not d.entries:
        reason = f"not a feed ({warning})" if warning else "not an RSS, Atom or JSON feed"
        return Failed(url, "E_FEED_PARSE", reason)
    raw_entries = list(d.entries)
    if warning is not None:
        raw_entries, warning = _malformed(body, exc, raw_entries, warning)
    if warning and not raw_entries:
        return Failed(url, "E_FEED_PARSE", f"malformed feed with no readable entry: {warning}")
    entries = []
    for e in raw_entries:
        link = _clean(e.get("link"))
        link = join_url(url, link) if link else None
        summary = _clean(e.get("summary"))
        for c in e.get("content") or ():
            value = _clean(c.get("value"))
            if value and len(value) > len(summary or ""):
                summary = value
        title = _clean(e.get("title"))
        raw_date = _clean(e.get("published")) or _clean(e.get("updated"))
        # dict.get: feedparser's own get() maps a missing updated_parsed to published_parsed
        # with a DeprecationWarning (published_parsed is None for an Arabic date it cannot read)
        parsed = dict.get(e, "published_parsed") or dict.get(e, "updated_parsed")
        published, local, zone = read_date(raw_date, parsed)
        authors = tuple(a for a in (_clean(x.get("name")) for x in e.get("authors") or ()) if a)
        tags = [t.get("term") for t in e.get("tags") or () if _clean(t.get("term"))]
        entries.append(FeedEntry(
            key=_key(_clean(e.get("id")), link, title, summary), url=link, title=title,
            summary=summary, published_raw=raw_date, published=published,
            published_local=local, timezone=zone, authors=authors,
            section=_clean(tags[0]) if tags else None))
    ttl = None
    raw_ttl = d.feed.get("ttl")
    text_ttl = str(raw_ttl).strip() if raw_ttl else ""
    if text_ttl.isascii() and text_ttl.isdigit() and len(text_ttl) <= 9:  # minutes, < 2000 years
        ttl = float(int(text_ttl) * 60)
    return ParsedFeed(kind=d.get("version") or "unknown", title=_clean(d.feed.get("title")),
                      link=_clean(d.feed.get("link")), ttl_s=ttl, entries=tuple(entries),
                      warning=warning)


#: expat's messages for a document that ends before its elements are closed
_CUT_SHORT = ("no element found", "unclosed token", "unclosed cdata section",
              "unexpected end of file")
#: a closing tag of an RSS item or Atom entry (any namespace prefix)
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>")


def _malformed(body: bytes, exc: BaseException | None, entries: list[Any], said: str,
               ) -> tuple[list[Any], str]:
    """The entries to keep from a feed feedparser flagged as malformed ("bozo"), and the
    coded warning: ``W_FEED_TRUNCATED`` when the XML error is expat's end-of-document error
    (the body was cut short, e.g. a dropped connection answered 200), then the entry that was
    being read when the document ended is dropped (feedparser's loose parser keeps it with
    the fields read so far: a title without its link) and the entries closed before the cut
    are kept; else ``W_FEED_MALFORMED`` with feedparser's message, every entry kept."""
    message = str(exc).lower() if exc is not None else ""
    if any(m in message for m in _CUT_SHORT):
        closed = len(_ENTRY_END.findall(body))
        kept = entries[:closed]
        dropped = len(entries) - len(kept)
        return kept, (f"W_FEED_TRUNCATED: the feed ends before its XML is closed ({said}); "
                      f"{len(kept)} complete entries kept"
                      + (f", {dropped} cut short left out" if dropped else ""))
    return entries, f"W_FEED_MALFORMED: {said}; the {len(entries)} entries read are kept"


def _list(value: Any) -> list[Any]:
    """``value`` when it is a list (a JSON array), else empty: a field of another type
    (``"tags": 5``, ``"authors": "x"``) is ignored, never iterated."""
    return value if isinstance(value, list) else []


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed | Failed:
    """JSON Feed 1.0 / 1.1 (jsonfeed.org): ``items`` with ``id``, ``url``, ``title``,
    ``content_html``/``content_text``/``summary``, ``date_published``, ``authors``/``author``,
    ``tags``."""
    warning = None
    text = body.decode("utf-8", "replace")  # a few bad bytes lose nothing else (as browsers)
    if "\ufffd" in text and "\ufffd".encode() not in body:
        bad = text.count("\ufffd") - body.count("\ufffd".encode())
        warning = f"W_REPLACED_BYTES: {bad} undecodable UTF-8 sequence(s) read as U+FFFD"
    try:
        doc = orjson.loads(text[1:] if text[:1] == "\ufeff" else text)
    except orjson.JSONDecodeError as exc:
        return Failed(url, "E_FEED_PARSE", f"invalid JSON: {exc}")
    if not isinstance(doc, dict) or "jsonfeed.org" not in str(doc.get("version", "")) \
            or not isinstance(doc.get("items"), list):
        return Failed(url, "E_FEED_PARSE", "JSON but not a JSON Feed (no jsonfeed.org version "
                      "and items list)")
    entries = []
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        link = _clean(item.get("url")) or _clean(item.get("external_url"))
        link = join_url(url, link) if link else None
        summary = None
        for k in ("content_html", "content_text", "summary"):
            v = _clean(item.get(k))
            if v and len(v) > len(summary or ""):
                summary = html_lib.escape(v) if k == "content_text" else v
        title = _clean(item.get("title"))
        raw_date = _clean(item.get("date_published")) or _clean(item.get("date_modified"))
        published, local, zone = read_date(raw_date)
        people = _list(item.get("authors")) or ([item["author"]]
                                                if isinstance(item.get("author"), dict) else [])
        authors = tuple(a for a in (_clean(p.get("name")) for p in people if isinstance(p, dict))
                        if a)
        tags = [t for t in _list(item.get("tags")) if _clean(t)]
        rid = item.get("id")
        if not isinstance(rid, str | int | float) or isinstance(rid, bool):
            rid = None  # an id of another type ({}, [], true) identifies nothing
        entries.append(FeedEntry(
            key=_key(str(rid) if rid is not None else None, link, title, summary), url=link,
            title=title, summary=summary, published_raw=raw_date, published=published,
            published_local=local, timezone=zone, authors=authors,
            section=_clean(tags[0]) if tags else None))
    return ParsedFeed(kind="json" + str(doc.get("version", "")).rsplit("/", 1)[-1].replace(".", ""),
                      title=_clean(doc.get("title")), link=_clean(doc.get("home_page_url")),
                      ttl_s=None, entries=tuple(entries), warning=warning)
