"""Extractor for HTML pages, through trafilatura.

For HTML, the raw bytes are what the store keeps byte for byte (``Source.sha256`` is their
hash); ``raw_text`` is **the extractor's main text**, not the decoded page, and the edits and
spans of later stages are over that text.

Cascade (the path that won is recorded in ``metadata.extra["extractor"]``):

1. ``trafilatura.bare_extraction`` with ``favor_precision=True`` (comments off, tables on);
2. when that finds nothing, the same with trafilatura's balanced defaults.

A result with fewer than :data:`MIN_WORDS` words (a lone menu link, say) counts as nothing;
nothing at all gives ``Failed`` ``E_HTML_NO_ARTICLE``.

Metadata: ``title`` (without a trailing `` - SITE NAME``; the page's full title is then kept in
``extra["title_in_page"]``), ``authors`` (trafilatura's ``;``-separated author), ``site_name``,
``canonical_url`` and ``url`` (the page's canonical URL, else the fetched URL), ``description``,
``outlet`` (the host name without ``www.``). The publication time comes from the page's own
markup (``article:published_time``, ``datePublished`` in meta tags or JSON-LD, ``<time
datetime>``) and is split by :func:`~mawsua.extract.common.split_time` (an offset, when
stated, goes to ``published``); failing that, trafilatura's date without the extensive
search (which guesses, e.g. ``2013-01-01`` from a URL's year) goes to ``published_local`` as a
date. Feed hints (a page fetched for a feed entry, :mod:`mawsua.extract.feed`) fill in what
the page lacks: title, publication time (``extra["date_source"] = "feed"``), section, authors,
description, outlet; a page with no article text whose entry has a summary becomes the
entry's article (``extra["extractor"]`` says so). ``language`` is left ``None``; the page's ``<html lang>`` is kept in
``extra["html_lang"]``. Every metadata string is cleaned like the body's display text
(:func:`~mawsua.extract.common.clean_field` / ``clean_title``: trimmed, no control or bidi
override characters in titles and names, blank -> ``None``); a lone surrogate in the main text
(from a ``&#xD800;`` reference) becomes U+FFFD, counted in ``extra["replaced_surrogates"]``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from trafilatura import bare_extraction

from mawsua.errors import Failed, Ok
from mawsua.extract.common import (
    article_id,
    clean_field,
    clean_title,
    clean_url,
    source_of,
    split_time,
)
from mawsua.extract.feed import extract_feed_entry, feed_metadata
from mawsua.model import Article, Metadata
from mawsua.model.urls import host_of
from mawsua.sources.base import RawItem
from mawsua.sources.feeds import html_to_text

#: Fewer words than this is not an article (menus, a lone link).
MIN_WORDS = 5

#: Meta names/properties/itemprops stating the publication time, best first.
DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
)

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.\-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_TIME_TAG = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']{8,40})[\"']", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)",
                        re.IGNORECASE)
_WORD = re.compile(r"\w+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SCAN_CHARS = 500_000


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(tag)}


def page_date(html: str) -> tuple[str | None, str]:
    """Find the publication time stated in the page's markup.

    Returns:
        ``(value, where_found)``; ``(None, "")`` when the page states none.
    """
    head = html[:_SCAN_CHARS]
    found: dict[str, str] = {}
    for tag in _META.findall(head):
        a = _attrs(tag)
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        if key in DATE_KEYS and a.get("content") and key not in found:
            found[key] = a["content"]
    for key in DATE_KEYS:
        if key in found and split_time(found[key])[1] is not None:
            return found[key], f"meta {key}"
    m = _JSONLD_DATE.search(head)
    if m is not None and split_time(m.group(1))[1] is not None:
        return m.group(1), "json-ld datePublished"
    m = _TIME_TAG.search(head)
    if m is not None and split_time(m.group(1))[1] is not None:
        return m.group(1), "time datetime"
    return None, ""


def strip_site_suffix(title: str, site_name: str) -> str:
    """Drop a trailing `` - SITE`` / `` | SITE`` from a page title (``"... صور - اليوم السابع"``
    -> ``"... صور"``); other titles are returned unchanged."""
    for sep in (" - ", " | ", " – ", " — ", " :: "):
        suffix = sep + site_name.strip()
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip()
    return title


def _run(html: str, url: str | None, **mode: bool) -> Any:
    return bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True}, **mode,
    )


def _from_summary(item: RawItem) -> Ok[Article] | Failed:
    """A page without article text, whose feed entry has a summary: the entry's article, with
    the page's bytes kept as the raw bytes (so the archive and the store agree)."""
    out = extract_feed_entry(replace(item, text=str(item.hints.get("summary"))))
    if not isinstance(out, Ok):
        return Failed(item.where, "E_HTML_NO_ARTICLE", "no article text in the page and "
                      "no text in the feed's summary")
    art = out.value
    extra = dict(art.metadata.extra)
    extra["extractor"] = "feed-summary (page had no article text)"
    return Ok(art.with_metadata(extra=extra))


def extract_html(item: RawItem) -> Ok[Article] | Failed:
    """Build the :class:`Article` of an HTML page (see the module docstring).

    Args:
        item: a :class:`RawItem` with ``format="html"``; ``item.text`` is the decoded page.

    Returns:
        ``Ok(article)`` or ``Failed`` with ``E_HTML_NO_ARTICLE``.
    """
    doc = None
    path = ""
    for name, mode in (("trafilatura:precision", {"favor_precision": True}),
                       ("trafilatura:balanced", {})):
        doc = _run(item.text, item.url, **mode)
        if doc is not None and len(_WORD.findall(doc.text or "")) >= MIN_WORDS:
            path = name
            break
        doc = None
    if doc is None:
        if item.hints.get("summary") and html_to_text(item.hints.get("summary")).strip():
            return _from_summary(item)
        return Failed(item.where, "E_HTML_NO_ARTICLE",
                      f"no article text found (fewer than {MIN_WORDS} words of main text)")
    extra: dict[str, Any] = {"extractor": path}
    stated, found_in = page_date(item.text)
    if stated is not None:
        published, local, zone = split_time(stated)
        extra["date_source"] = found_in
    else:
        published, local, zone = split_time(doc.date)
        if local is not None:
            extra["date_source"] = "trafilatura"
    lang = _HTML_LANG.search(item.text[:_SCAN_CHARS])
    if lang is not None:
        extra["html_lang"] = lang.group(1)
    page_url = clean_url(doc.url) or clean_url(item.url)
    host = clean_field(doc.hostname) or host_of(page_url)
    if host and host.startswith("www."):
        host = host[4:]
    authors = tuple(a for a in (clean_title(x) for x in (doc.author or "").split(";")) if a)
    title = clean_title(doc.title)
    site_name = clean_title(doc.sitename)
    if title and site_name:
        short = strip_site_suffix(title, site_name)
        if short != title:
            extra["title_in_page"] = title
            title = short
    raw_text, replaced = _SURROGATE.subn("\ufffd", doc.text)
    if replaced:
        extra["replaced_surrogates"] = replaced
    feed = feed_metadata(item.hints) if item.hints else {}
    if feed:
        extra["feed"] = clean_url(item.hints.get("feed"))
        if local is None and feed.get("published_local"):
            published, local, zone = (feed["published"], feed["published_local"],
                                      feed["timezone"])
            extra["date_source"] = "feed"
        if item.hints.get("published_raw"):
            extra["published_raw"] = clean_field(item.hints.get("published_raw"))
    meta = Metadata(
        outlet=clean_title(host) or feed.get("outlet"),
        url=page_url,
        published=published,
        published_local=local,
        timezone=zone,
        title=title or feed.get("title"),
        authors=authors or feed.get("authors", ()),
        site_name=site_name,
        canonical_url=clean_url(doc.url),
        description=clean_title(doc.description) or feed.get("description"),
        section=feed.get("section"),
        extra=extra,
    )
    return Ok(Article(id=article_id(item), source=source_of(item), metadata=meta,
                      raw_text=raw_text))
