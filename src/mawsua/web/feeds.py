"""Feeds out: RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 of the latest articles, any
search, a section, a story and an entity.

Routes (``FMT`` is ``rss``, ``atom`` or ``json``; ``?limit=`` 1..200, default 50):

* ``/feeds/latest.FMT``: the newest articles;
* ``/feeds/search.FMT?q=&outlet=&section=&language=&entity=&since=&until=``: a search, every
  filter of the search page, newest first (not by relevance: a reader wants what is new);
* ``/feeds/section/{code}.FMT``: a Mawsua country or topic section (``IQ``, ``politics``,
  ``سياسة``);
* ``/feeds/story/{id}.FMT``: the reports of one story;
* ``/feeds/entity/{name}.FMT``: articles naming an entity — the store keys entities by name, so
  ``name`` is any of its names or spellings, as ``search --entity`` takes it.

Every feed is built with ElementTree (escaping by the serializer; characters XML 1.0 forbids
are dropped), in UTF-8, ``xml:lang="ar"``. Links are absolute, from the request's base URL.
Ids never change with the host: ``urn:mawsua:article:{id}`` for an article (the RSS ``guid``,
the Atom ``id`` and the JSON Feed ``id``), ``urn:mawsua:feed:{path}`` for a feed. Dates are RFC
3339 (Atom, JSON Feed) and RFC 822 (RSS); a wall time whose zone the source did not give is
written with the offset ``-00:00`` (``-0000`` in RSS), which both RFCs define as "local offset
unknown" — no zone is invented. An item links to its page on this site (which always exists);
the original article is the Atom ``related`` link and the JSON Feed ``external_url`` (an RSS
item has one link only).

:func:`feed_response` is the entry point for other feeds (a saved search's feed): give it the
request, a format, a :class:`FeedMeta` and entries from :mod:`mawsua.app.feeds`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - writing only, never parsing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from mawsua.app import connect, outlets, queries
from mawsua.app import feeds as feed_data
from mawsua.arabic.dates import parse_time
from mawsua.model.results import ArticleSummary, SearchQuery
from mawsua.web.deps import StoreAccess, store_access
from mawsua.web.params import (
    Entity,
    Language,
    Outlet,
    QueryText,
    Section,
    SectionCode,
    Since,
    StoryId,
    Until,
    check_range,
)
from mawsua.web.render import id_path, safe_link, section_name

SITE_NAME = "موسوعة"
FORMATS = ("rss", "atom", "json")
MEDIA_TYPES = {"rss": "application/rss+xml; charset=utf-8",
               "atom": "application/atom+xml; charset=utf-8",
               "json": "application/feed+json; charset=utf-8"}
#: the ``type`` of a ``<link rel="alternate">`` per format
LINK_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml",
              "json": "application/feed+json"}
ATOM_NS = "http://www.w3.org/2005/Atom"
JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: characters XML 1.0 does not allow (C0 controls but tab/LF/CR, surrogates, U+FFFE/FFFF)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

router = APIRouter(prefix="/feeds", tags=["feeds"])
Access = Annotated[StoreAccess, Depends(store_access)]
Limit = Annotated[int, Query(ge=1, le=feed_data.MAX_ITEMS,
                             description="Items in the feed (newest first).")]


@dataclass(frozen=True, slots=True)
class FeedMeta:
    """What a feed says about itself.

    Attributes:
        title: the feed title (shown by readers).
        path: the feed's own path and query string without the format extension's dot part,
            e.g. ``/feeds/search`` with ``query="q=العراق"``; the self link is
            ``{base}{path}.{fmt}?{query}``.
        page: the matching HTML page (path and query), e.g. ``/search?q=العراق``.
        description: one line about the feed.
        query: the query string kept on the self link (already encoded, no ``?``).
        language: the feed's language (``ar``).
    """

    title: str
    path: str
    page: str
    description: str
    query: str = ""
    language: str = "ar"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item: ``summary`` of the article and its ``text`` (the whole repaired text, or the
    snippet when the store gives no more)."""

    summary: ArticleSummary
    text: str


def _xml(s: str | None) -> str:
    return _NOT_XML.sub("", s or "")


def _when(item: ArticleSummary) -> tuple[datetime | None, bool]:
    for value in (item.published, item.published_local):
        dt, known = parse_time(value)
        if dt is not None:
            return dt, known
    return None, False


def rfc3339(dt: datetime, zone_known: bool) -> str:
    """``2015-08-11T13:44:43+03:00``; ``...-00:00`` when the zone is unknown (RFC 3339
    §4.3)."""
    if zone_known and dt.tzinfo is not None:
        return dt.isoformat(timespec="seconds")
    return dt.replace(tzinfo=None).isoformat(timespec="seconds") + "-00:00"


def rfc822(dt: datetime, zone_known: bool) -> str:
    """``Tue, 11 Aug 2015 13:44:43 +0300``; ``-0000`` when the zone is unknown (RFC 2822
    §3.3)."""
    if zone_known and dt.tzinfo is not None:
        return format_datetime(dt)
    return format_datetime(dt.replace(tzinfo=None))  # naive → "-0000"


def article_urn(article_id: str) -> str:
    """The stable id of an article in every feed: ``urn:mawsua:article:`` + the id
    percent-encoded."""
    return "urn:mawsua:article:" + quote(article_id, safe="")


def _title(item: ArticleSummary) -> str:
    return _xml(item.title or item.snippet[:80] or item.id)


def _updated(entries: Sequence[FeedEntry], now: datetime) -> tuple[datetime, bool]:
    """The newest entry time (so the feed's ``updated`` only changes when it does), else
    ``now``."""
    best: tuple[datetime, bool] | None = None
    for e in entries:
        dt, known = _when(e.summary)
        if dt is None:
            continue
        key = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
        if best is None or key > (best[0].astimezone(UTC) if best[0].tzinfo
                                  else best[0].replace(tzinfo=UTC)):
            best = (dt, known)
    return best or (now, True)


@dataclass(frozen=True, slots=True)
class _Links:
    base: str
    meta: FeedMeta
    fmt: str

    @property
    def self_url(self) -> str:
        q = f"?{self.meta.query}" if self.meta.query else ""
        return f"{self.base}{self.meta.path}.{self.fmt}{q}"

    @property
    def page_url(self) -> str:
        return self.base + self.meta.page

    def article(self, article_id: str) -> str:
        return f"{self.base}/article/{id_path(article_id)}"


def render(fmt: str, meta: FeedMeta, entries: Sequence[FeedEntry], base_url: str,
           now: datetime | None = None) -> bytes:
    """The feed as bytes (UTF-8).

    Args:
        fmt: ``rss``, ``atom`` or ``json``.
        meta: the feed's title, paths and description.
        entries: items, newest first.
        base_url: the site's absolute base (``https://example.org``; a trailing ``/`` is
            dropped).
        now: the time used for ``updated`` when no entry has one (default: the clock).

    Raises:
        ValueError: for an unknown ``fmt``.
    """
    links = _Links(base_url.rstrip("/"), meta, fmt)
    updated = _updated(entries, now or datetime.now(UTC))
    if fmt == "atom":
        return _atom(links, entries, updated)
    if fmt == "rss":
        return _rss(links, entries, updated)
    if fmt == "json":
        return _json(links, entries)
    raise ValueError(f"unknown feed format {fmt!r}: one of {', '.join(FORMATS)}")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = _xml(text)
    return el


def _atom(links: _Links, entries: Sequence[FeedEntry], updated: tuple[datetime, bool]) -> bytes:
    meta = links.meta
    feed = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: meta.language})
    _sub(feed, "id", "urn:mawsua:feed:" + quote(meta.path + ("?" + meta.query if meta.query
                                                              else ""), safe="/:?=&%"))
    _sub(feed, "title", meta.title)
    _sub(feed, "subtitle", meta.description)
    _sub(feed, "updated", rfc3339(*updated))
    _sub(feed, "link", rel="self", type=LINK_TYPES["atom"], href=links.self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=links.page_url)
    author = _sub(feed, "author")
    _sub(author, "name", SITE_NAME)
    _sub(feed, "generator", "Mawsua")
    for e in entries:
        item = e.summary
        attrs = {_XML_LANG: item.language} if item.language else {}
        entry = _sub(feed, "entry", **attrs)
        _sub(entry, "id", article_urn(item.id))
        _sub(entry, "title", _title(item), type="text")
        _sub(entry, "link", rel="alternate", type="text/html", href=links.article(item.id))
        original = safe_link(item.url)
        if original:
            _sub(entry, "link", rel="related", type="text/html", href=original)
        dt, known = _when(item)
        if dt is not None:
            _sub(entry, "published", rfc3339(dt, known))
            _sub(entry, "updated", rfc3339(dt, known))
        else:
            _sub(entry, "updated", rfc3339(*updated))
        if item.outlet:
            a = _sub(entry, "author")
            _sub(a, "name", outlets.display_name(item.outlet))
        if item.section:
            _sub(entry, "category", term=_xml(item.section))
        _sub(entry, "summary", item.snippet, type="text")
        _sub(entry, "content", e.text, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _rss(links: _Links, entries: Sequence[FeedEntry], updated: tuple[datetime, bool]) -> bytes:
    meta = links.meta
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    ch = _sub(rss, "channel")
    _sub(ch, "title", meta.title)
    _sub(ch, "link", links.page_url)
    _sub(ch, "description", meta.description)
    _sub(ch, "language", meta.language)
    _sub(ch, "lastBuildDate", rfc822(*updated))
    _sub(ch, "generator", "Mawsua")
    _sub(ch, "atom:link", rel="self", type=LINK_TYPES["rss"], href=links.self_url)
    for e in entries:
        item = e.summary
        it = _sub(ch, "item")
        _sub(it, "title", _title(item))
        _sub(it, "link", links.article(item.id))
        _sub(it, "guid", article_urn(item.id), isPermaLink="false")
        dt, known = _when(item)
        if dt is not None:
            _sub(it, "pubDate", rfc822(dt, known))
        if item.section:
            _sub(it, "category", item.section)
        _sub(it, "description", e.text)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def _json(links: _Links, entries: Sequence[FeedEntry]) -> bytes:
    meta = links.meta
    items = []
    for e in entries:
        item = e.summary
        out: dict[str, Any] = {"id": article_urn(item.id), "url": links.article(item.id),
                               "title": _title(item), "content_text": _xml(e.text),
                               "summary": _xml(item.snippet)}
        original = safe_link(item.url)
        if original:
            out["external_url"] = original
        dt, known = _when(item)
        if dt is not None:
            out["date_published"] = rfc3339(dt, known)
        if item.language:
            out["language"] = item.language
        if item.outlet:
            out["authors"] = [{"name": outlets.display_name(item.outlet)}]
        if item.section:
            out["tags"] = [item.section]
        items.append(out)
    body = orjson.dumps({
        "version": JSONFEED_VERSION, "title": meta.title, "home_page_url": links.page_url,
        "feed_url": links.self_url, "description": meta.description,
        "language": meta.language, "authors": [{"name": SITE_NAME}], "items": items,
    })
    # < > & only occur inside JSON strings: written as escapes, so that no HTML ever appears
    # in the bytes even if a client renders the feed as a page
    return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


def feed_response(request: Request, fmt: str, meta: FeedMeta,
                  entries: Sequence[tuple[ArticleSummary, str]] | Sequence[FeedEntry]
                  ) -> Response:
    """A feed as an HTTP response with its media type, links absolute from ``request``'s base
    URL. ``entries`` are :class:`FeedEntry` or ``(summary, text)`` pairs (what
    :mod:`mawsua.app.feeds` returns).

    Raises:
        HTTPException: 404 for a format other than rss, atom, json.
    """
    if fmt not in FORMATS:
        raise HTTPException(404, f"unknown feed format {fmt!r}: rss, atom or json")
    items = [e if isinstance(e, FeedEntry) else FeedEntry(*e) for e in entries]
    body = render(fmt, meta, items, str(request.base_url))
    return Response(body, media_type=MEDIA_TYPES[fmt])


def _query_string(request: Request) -> str:
    """The request's query string without ``limit`` (kept as given otherwise)."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "limit" and v]
    return urlencode(pairs)


@router.get("/latest.{fmt}", summary="Feed of the latest articles")
def latest(request: Request, access: Access, fmt: str, limit: Limit = feed_data.DEFAULT_ITEMS
           ) -> Response:
    """The newest articles as RSS 2.0, Atom 1.0 or JSON Feed 1.1."""
    _check_format(fmt)
    with access.open() as store:
        entries = feed_data.newest(store, SearchQuery(), limit)
    meta = FeedMeta(f"{SITE_NAME} — آخر الأخبار", "/feeds/latest", "/",
                    "آخر المقالات في موسوعة، الأحدث أولًا")
    return feed_response(request, fmt, meta, entries)


@router.get("/search.{fmt}", summary="Feed of a search")
def search(request: Request, access: Access, fmt: str, q: QueryText = "", outlet: Outlet = None,
           section: Section = None, language: Language = None, entity: Entity = None,
           since: Since = None, until: Until = None,
           limit: Limit = feed_data.DEFAULT_ITEMS) -> Response:
    """A search (words and every filter of the search page) as a feed, newest first.

    Raises:
        HTTPException: 422 when ``since`` is after ``until``, ``q`` has no words and no
            filter is given, or ``q`` only excludes (``-word``).
    """
    _check_format(fmt)
    try:
        check_range(since, until)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    text = q.strip()
    problem = queries.query_problem(text, filtered=bool(
        outlet or section or language or entity or since or until))
    if problem:
        raise HTTPException(422, problem)
    query = SearchQuery(text=text, outlet=outlet, section=section, language=language,
                        entity=entity, since=since, until=until)
    with access.open() as store:
        entries = feed_data.newest(store, query, limit)
    qs = _query_string(request)
    said = "، ".join(v for v in (text, outlet, section, language, entity, since, until) if v)
    meta = FeedMeta(f"{SITE_NAME} — بحث: {said}" if said else f"{SITE_NAME} — بحث",
                    "/feeds/search", "/search" + (f"?{qs}" if qs else ""),
                    "نتائج البحث في موسوعة، الأحدث أولًا", query=qs)
    return feed_response(request, fmt, meta, entries)


@router.get("/section/{code}.{fmt}", summary="Feed of a section")
def section(request: Request, access: Access, code: SectionCode, fmt: str,
            limit: Limit = feed_data.DEFAULT_ITEMS) -> Response:
    """A country or topic section as a feed.

    Raises:
        HTTPException: 404 when the code names no section."""
    _check_format(fmt)
    if not code:
        raise HTTPException(404, "no such section (a country code such as IQ or a topic)")
    with access.open() as store:
        entries = feed_data.section(store, code, limit)
    name = section_name(code)
    meta = FeedMeta(f"{SITE_NAME} — {name}", f"/feeds/section/{quote(code, safe='')}",
                    f"/section/{quote(code, safe='')}", f"مقالات قسم {name} في موسوعة")
    return feed_response(request, fmt, meta, entries)


@router.get("/story/{story_id}.{fmt}", summary="Feed of a story")
def story(request: Request, access: Access, story_id: StoryId, fmt: str,
          limit: Limit = feed_data.DEFAULT_ITEMS) -> Response:
    """The reports of one story as a feed, newest first.

    Raises:
        HTTPException: 404 when there is no such story."""
    _check_format(fmt)
    with access.open() as store:
        try:
            item = connect.story(store, story_id)
        except KeyError:
            raise HTTPException(404, f"no story with id {story_id}") from None
        entries = feed_data.story(store, story_id, limit)
    label = item.label or str(story_id)
    meta = FeedMeta(f"{SITE_NAME} — قصة: {label}", f"/feeds/story/{story_id}",
                    f"/story/{story_id}", "تقارير القصة من كل المصادر، الأحدث أولًا")
    return feed_response(request, fmt, meta, entries)


@router.get("/entity/{name:path}.{fmt}", summary="Feed of an entity")
def entity(request: Request, access: Access, name: str, fmt: str,
           limit: Limit = feed_data.DEFAULT_ITEMS) -> Response:
    """Articles naming an entity (any of its names or spellings, as ``search --entity``).

    Raises:
        HTTPException: 422 when ``name`` is blank or longer than 200 characters."""
    _check_format(fmt)
    name = name.strip()
    if not name or len(name) > 200:
        raise HTTPException(422, "an entity name of 1 to 200 characters")
    with access.open() as store:
        entries = feed_data.newest(store, SearchQuery(entity=name), limit)
    path = quote(name, safe="")
    meta = FeedMeta(f"{SITE_NAME} — {name}", f"/feeds/entity/{path}", f"/search?entity={path}",
                    f"مقالات تذكر {name}")
    return feed_response(request, fmt, meta, entries)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise HTTPException(404, f"unknown feed format {fmt!r}: rss, atom or json")


#: page path → feed path (without the format), for the pages' ``<link rel="alternate">``
_PAGE_FEEDS = (
    (re.compile(r"^/section/([^/]+)$"), "/feeds/section/{0}"),
    (re.compile(r"^/story/(\d+)$"), "/feeds/story/{0}"),
    (re.compile(r"^/entity/([^/]+)$"), "/feeds/entity/{0}"),
)


@dataclass(frozen=True, slots=True)
class AlternateLink:
    """One ``<link rel="alternate">`` of a page: its media ``type``, ``title``, ``href`` and
    the short ``label`` shown in the page (``RSS``, ``Atom``, ``JSON Feed``, ``CSV``...)."""

    type: str
    title: str
    href: str
    label: str = ""


def alternate_links(request: Request) -> list[AlternateLink]:
    """The feeds of the page being rendered (home → latest, or a search feed of its
    filters; search → the same search; section, story, entity pages → theirs), one per
    format; ``[]`` for other pages. Used by ``base.html``."""
    path = request.url.path
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and v]
    qs = urlencode(params)
    feed: str | None = None
    if path == "/":
        feed, qs = ("/feeds/search", qs) if qs else ("/feeds/latest", "")
    elif path == "/search":
        feed = "/feeds/search" if qs else None
    else:
        for pattern, target in _PAGE_FEEDS:
            m = pattern.match(path)
            if m:
                feed, qs = target.format(quote(m.group(1), safe="%")), ""
                break
    if feed is None:
        return []
    names = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
    tail = f"?{qs}" if qs else ""
    return [AlternateLink(LINK_TYPES[f], f"{SITE_NAME} ({names[f]})", f"{feed}.{f}{tail}",
                          names[f]) for f in FORMATS]


def export_links(request: Request) -> list[AlternateLink]:
    """Download links (``/api/v1/export``: JSONL, CSV, Parquet) for the results of a search
    page with words or filters; ``[]`` on other pages."""
    if request.url.path != "/search":
        return []
    params = [(k, v) for k, v in request.query_params.multi_items()
              if k in ("q", "outlet", "section", "language", "entity", "since", "until") and v]
    if not params:
        return []
    qs = urlencode(params)
    return [AlternateLink(t, f"{SITE_NAME} ({label})", f"/api/v1/export?format={f}&{qs}", label)
            for f, t, label in (("csv", "text/csv", "CSV"),
                                ("jsonl", "application/x-ndjson", "JSONL"),
                                ("parquet", "application/vnd.apache.parquet", "Parquet"))]
