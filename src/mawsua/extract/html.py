"""Extractor for HTML pages, through trafilatura.

For HTML, the raw bytes are what the store keeps byte for byte (``Source.sha256`` is their
hash); ``raw_text`` is **the extractor's main text**, not the decoded page, and the edits and
spans of later stages are over that text.

Cascade (the path that won is recorded in ``metadata.extra["extractor"]``):

1. ``trafilatura.bare_extraction`` with ``favor_precision=True`` (comments off, tables on),
   taken when it keeps at least :data:`KEEP_RATIO` of the words of
2. the same with trafilatura's balanced defaults, which is taken otherwise (the precision
   setting cut body text: a length check, like Media Cloud's extractor chain);
3. when both find nothing, ``favor_recall=True``;
4. the page's JSON-LD ``articleBody`` (:func:`jsonld_body`) replaces the result when it holds
   at least :data:`JSONLD_RATIO` times its words (pages whose text is rendered by scripts).

A lead paragraph printed only in the page's description (meta/og description, or the whole
of it in an ``itemprop="description"`` element when the meta one is cut with an ellipsis) goes
before the body when it is not already there, is long enough, in the body's script and shares
words with it (:func:`lead_paragraph`; ``extra["lead"] = "description"``), as news-please and
trafilatura read a description.

A result with fewer than :data:`MIN_WORDS` words (a lone menu link, say) counts as nothing;
nothing at all gives ``Failed`` ``E_HTML_NO_ARTICLE``. The choice was measured against
trafilatura called directly (``bench/html_vs_trafilatura.py``, checked per page by
``tests/extract/test_html_vs_trafilatura.py``).

Metadata: ``title`` (without a trailing `` - SITE NAME``; the page's full title is then kept in
``extra["title_in_page"]``), ``authors`` (trafilatura's ``;``-separated author), ``site_name``,
``canonical_url`` and ``url`` (the page's canonical URL, else the fetched URL), ``description``,
``outlet`` (the host name without ``www.``). The publication time comes from the page's own
markup (``article:published_time``, ``datePublished`` in meta tags or JSON-LD, ``<time
datetime>``) and is split by :func:`~mawsua.extract.common.split_time` (an offset, when
stated, goes to ``published``); failing that, trafilatura's date without the extensive
search goes to ``published_local``; failing that too, htmldate's extensive search
(:func:`searched_date`, trafilatura's default behaviour, minus 1 January year-only guesses such
as ``2013-01-01`` from a URL's year), ``extra["date_source"] = "htmldate:extensive"``. Of
several stated times for the same instant, the one in the outlet's own offset wins over UTC
(:func:`page_date`). Feed hints (a page fetched for a feed entry, :mod:`mawsua.extract.feed`) fill in what
the page lacks: title, publication time (``extra["date_source"] = "feed"``), the zone of a
page's zone-less time when the entry states the same wall time (or day) with an offset
(:func:`same_wall_time`; ``extra["zone_source"] = "feed"``), section, authors,
description, outlet; a page with no article text whose entry has a summary becomes the
entry's article (``extra["extractor"]`` says so). ``language`` is left ``None``; the page's ``<html lang>`` is kept in
``extra["html_lang"]``. Every metadata string is cleaned like the body's display text
(:func:`~mawsua.extract.common.clean_field` / ``clean_title``: trimmed, no control or bidi
override characters in titles and names, blank -> ``None``); a lone surrogate in the main text
(from a ``&#xD800;`` reference) becomes U+FFFD, counted in ``extra["replaced_surrogates"]``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from htmldate import find_date
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata

from mawsua.errors import Failed, Ok
from mawsua.extract.common import (
    article_id,
    clean_field,
    clean_title,
    clean_url,
    html_to_text,
    no_userinfo,
    redact_url,
    source_of,
    split_time,
)
from mawsua.extract.feed import extract_feed_entry, feed_metadata
from mawsua.model import Article, Metadata
from mawsua.model.raw import RawItem
from mawsua.model.urls import host_of

#: Fewer words than this is not an article (menus, a lone link).
MIN_WORDS = 5
#: the precision setting's text is taken when it keeps at least this share of the words of
#: trafilatura's balanced (default) setting; below it, precision has cut body text and the
#: balanced text is taken. Measured: Sputnik Arabic's precision text keeps 0.41 of the
#: balanced words, the rest being the site's comment policy (boilerplate, rightly cut); on an
#: unseen Tunisian page precision kept almost nothing (token F1 0.09 against 0.73).
KEEP_RATIO = 1 / 3

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


def _stated_times(html: str) -> list[tuple[str, str]]:
    """Every parseable publication time the page's markup states, best first, as
    ``(value, where_found)``."""
    head = html[:_SCAN_CHARS]
    found: dict[str, str] = {}
    for tag in _META.findall(head):
        a = _attrs(tag)
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        if key in DATE_KEYS and a.get("content") and key not in found:
            found[key] = a["content"]
    out = [(found[k], f"meta {k}") for k in DATE_KEYS if k in found]
    out += [(m.group(1), "json-ld datePublished") for m in _JSONLD_DATE.finditer(head)]
    out += [(m.group(1), "time datetime") for m in _TIME_TAG.finditer(head)]
    return [(v, w) for v, w in out if split_time(v)[1] is not None]


def page_date(html: str) -> tuple[str | None, str]:
    """Find the publication time stated in the page's markup.

    The first of :data:`DATE_KEYS` in meta tags wins, then JSON-LD ``datePublished``, then
    ``<time datetime>``. When the winner is written in UTC and another statement in the page
    gives the same instant with the outlet's own offset (``2020-12-24T23:59:50+00:00`` and
    ``2020-12-25T01:59:50+02:00``), the local statement is taken: same instant, and the wall
    time and date the outlet printed.

    Returns:
        ``(value, where_found)``; ``(None, "")`` when the page states none.
    """
    stated = _stated_times(html)
    if not stated:
        return None, ""
    best, where = stated[0]
    published, _, zone = split_time(best)
    if published is not None and zone in ("UTC", "+00:00"):
        instant = datetime.fromisoformat(published)
        for value, w in stated[1:]:
            p, _, z = split_time(value)
            if p is not None and z not in ("UTC", "+00:00") \
                    and datetime.fromisoformat(p) == instant:
                return value, w
    return best, where


#: pieces of a URL or an image file name that trafilatura's author field sometimes holds
#: when a page's author markup points at a logo (``Sputnik https``, ``Logo Png``)
_NOT_AUTHOR = re.compile(r"(?i)\b(?:https?|www|png|jpe?g|svg|gif|webp|logo|cdn\w*)\b")


def _plausible_author(name: str, site_name: str | None, host: str | None) -> bool:
    """Whether one author string from the page is a person's or desk's name: not a piece of a
    URL or image file name, not one letter, not the site itself (its name or its host's
    first label, as ``Akhbarelyom`` for akhbarelyom.com)."""
    if len(name.strip()) < 2 or _NOT_AUTHOR.search(name):
        return False
    key = re.sub(r"\W", "", name).lower()
    site = {re.sub(r"\W", "", x).lower() for x in (site_name or "", (host or "").split(".")[0]) if x}
    return key not in site


def strip_site_suffix(title: str, site_name: str) -> str:
    """Drop a trailing `` - SITE`` / `` | SITE`` from a page title (``"... صور - اليوم السابع"``
    -> ``"... صور"``); other titles are returned unchanged."""
    for sep in (" - ", " | ", " – ", " — ", " :: "):
        suffix = sep + site_name.strip()
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip()
    return title


# Zero-width non-joiner and joiner: letters of Persian, Urdu, Kurdish and Pashto words
# (``می‌خواهم``, ``کتاب‌ها``) that trafilatura drops as unprintable (its line cleaning keeps only
# ``str.isprintable`` characters). They cross the extractor as printable stand-ins from a script
# no news page mixes with Arabic (Runic), chosen absent from the page, and are put back after.
_JOINERS = ("\u200c", "\u200d")
_STAND_INS = ("\u16a0\u16a1", "\u16a2\u16a3", "\u16a4\u16a5", "\u16a6\u16a7")
_DOC_FIELDS = ("text", "title", "description", "raw_text", "comments", "author", "sitename")


#: the JSON-LD articleBody wins when it has this many times the words trafilatura kept
JSONLD_RATIO = 2.0


def _run(html: str, url: str | None, **mode: bool) -> Any:
    swaps: list[tuple[str, str]] = []
    if "\u200c" in html or "\u200d" in html:
        free = [p for p in _STAND_INS if p[0] not in html and p[1] not in html]
        if free:
            for joiner, stand_in in zip(_JOINERS, free[0], strict=True):
                html = html.replace(joiner, stand_in)
                swaps.append((stand_in, joiner))
    doc = bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True}, **mode,
    )
    if doc is not None and swaps:
        for field in _DOC_FIELDS:
            value = getattr(doc, field, None)
            if isinstance(value, str):
                for stand_in, joiner in swaps:
                    value = value.replace(stand_in, joiner)
                setattr(doc, field, value)
    return doc


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


def _words(doc: Any) -> int:
    return len(_WORD.findall(doc.text or "")) if doc is not None else 0


def _main_text(item: RawItem) -> tuple[Any, str]:
    """The extraction cascade of the module docstring: ``(trafilatura document or None,
    path name)``, then the JSON-LD ``articleBody`` when it holds far more words."""
    doc, path = _trafilatura_text(item)
    if '"articleBody"' not in item.text:
        return doc, path
    body = jsonld_body(item.text)
    n_body, n_doc = len(_WORD.findall(body or "")), _words(doc)
    if body is None or n_body < MIN_WORDS or n_body < JSONLD_RATIO * max(n_doc, 1):
        return doc, path
    if doc is None:
        doc = extract_metadata(item.text, default_url=item.url,
                               date_config={"extensive_search": False, "original_date": True})
    doc.text = body
    return doc, f"json-ld articleBody ({path or 'trafilatura'} kept {n_doc} words of {n_body})"


def _trafilatura_text(item: RawItem) -> tuple[Any, str]:
    precise = _run(item.text, item.url, favor_precision=True)
    balanced = _run(item.text, item.url)
    n_precise, n_balanced = _words(precise), _words(balanced)
    if n_precise >= MIN_WORDS and n_precise >= KEEP_RATIO * n_balanced:
        return precise, "trafilatura:precision"
    if n_balanced >= MIN_WORDS:
        why = "precision found nothing" if n_precise < MIN_WORDS else (
            f"precision kept {n_precise} of {n_balanced} words")
        return balanced, f"trafilatura:balanced ({why})"
    recall = _run(item.text, item.url, favor_recall=True)
    if _words(recall) >= MIN_WORDS:
        return recall, "trafilatura:recall (precision and balanced found nothing)"
    return None, ""


_LD_SCRIPT = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[^>]*>(.*?)</script>",
                        re.S | re.I)
#: JSON-LD blocks longer than this are not parsed (characters)
LD_MAX_CHARS = 2_000_000
#: JSON values visited per block at most (a hostile block cannot make the walk long)
LD_MAX_NODES = 20_000
# schema.org types whose articleBody is an article's text (CreativeWork > Article and subtypes)
_LD_ARTICLE = re.compile(r"(?:\w*Article|ReportageNews|BlogPosting|LiveBlogPosting|"
                         r"SocialMediaPosting|Report)$")


def jsonld_body(html: str) -> str | None:
    """The longest ``articleBody`` of an article object (``@type`` ``NewsArticle``,
    ``Article``, ``ReportageNews``, ``BlogPosting``...; schema.org) in the page's JSON-LD
    blocks, as plain text (tags and entities resolved), or ``None``.

    Pages built by scripts often carry the whole text only there, where trafilatura does not
    look. Bounded: blocks over :data:`LD_MAX_CHARS` characters are skipped, at most
    :data:`LD_MAX_NODES` values are visited per block (iteratively, so no nesting depth can
    raise), and malformed JSON is skipped. Never raises."""
    best: str | None = None
    for m in _LD_SCRIPT.finditer(html):
        block = m.group(1).strip()
        if not block or len(block) > LD_MAX_CHARS:
            continue
        try:
            data = json.loads(block.removeprefix("<!--").removesuffix("-->"), strict=False)
        except (ValueError, RecursionError):
            continue
        stack, seen = [data], 0
        while stack and seen < LD_MAX_NODES:
            obj = stack.pop()
            seen += 1
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                kinds = obj.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                text = obj.get("articleBody")
                if isinstance(text, str) and any(isinstance(k, str) and _LD_ARTICLE.search(k)
                                                 for k in kinds):
                    text = html_to_text(text).strip()
                    if best is None or len(text) > len(best):
                        best = text
                stack.extend(v for v in obj.values() if isinstance(v, list | dict))
    return best


#: a description is taken as the lead paragraph only with at least this many words
LEAD_MIN_WORDS = 12
#: ... and when at least this share of its distinct words (3+ letters) occur in the body
LEAD_MIN_SHARED = 0.2
_ELLIPSIS = re.compile(r"\s*(?:\.{2,}|…)\s*$")
#: an element (not a ``<meta>``) marked as the article's description (schema.org microdata)
_DESCRIPTION_ELEMENT = re.compile(
    r"<(div|p|h2|span|section)\b[^>]*\bitemprop\s*=\s*[\"']?description\b[^>]*>(.*?)</\1>",
    re.S | re.I)
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _arabic_share(text: str) -> float:
    letters = _LETTER.findall(text)
    return sum(1 for c in letters if _ARABIC.match(c)) / len(letters) if letters else 0.0


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def lead_paragraph(html: str, description: str | None, body: str) -> str | None:
    """The page's lead when it stands only in its description, to go before ``body``.

    Some outlets (Sputnik Arabic) print the lead in a block of its own that the body
    extraction leaves out, and repeat it in ``<meta name="description">``/``og:description``
    (often cut with an ellipsis) and in an element with ``itemprop="description"``. As
    news-please and trafilatura read a description, it is taken as the first paragraph when:
    the meta description, or the element that starts with it when the meta one is cut
    (``…``/``...``), has at least :data:`LEAD_MIN_WORDS` words and no ellipsis left; its first
    words are not already in ``body``; it is written in the body's script (Arabic or not);
    and at least :data:`LEAD_MIN_SHARED` of its distinct words occur in ``body`` (a site-wide
    slogan shares none).

    Args:
        html: the decoded page.
        description: trafilatura's description (meta/og description), or ``None``.
        body: the extracted main text.

    Returns:
        The lead as plain text, or ``None``. Never raises.
    """
    desc = " ".join((description or "").split())
    if not desc or not body:
        return None
    stem = _ELLIPSIS.sub("", desc)
    lead = desc
    if stem != desc or len(stem) < 40:  # cut: the whole lead from the element, if any
        lead = ""
        for m in _DESCRIPTION_ELEMENT.finditer(html, 0, _SCAN_CHARS):
            text = " ".join(html_to_text(m.group(2)).split())
            if _squash(text).startswith(_squash(stem)) and len(text) > len(stem):
                lead = text
                break
    words = _WORD.findall(lead)
    if len(words) < LEAD_MIN_WORDS or _ELLIPSIS.search(lead):
        return None
    flat_body = _squash(body)
    if _squash(" ".join(words[:8])) in flat_body:
        return None  # already the body's (first) paragraph
    if (_arabic_share(lead) >= 0.5) != (_arabic_share(body) >= 0.5):
        return None
    vocab = set(flat_body.split())
    distinct = {w.lower() for w in words if len(w) >= 3}
    if not distinct or len(distinct & vocab) < LEAD_MIN_SHARED * len(distinct):
        return None
    return lead


def searched_date(html: str, url: str | None) -> str | None:
    """htmldate's extensive search (what trafilatura does by default): the page's date as
    ``YYYY-MM-DDTHH:MM:SS`` local time, or ``None``.

    A result on 1 January is dropped: htmldate fills a lone year (a copyright line, a URL's
    ``/2013/``) as January 1st, a guess and not a publication date (CNN Arabic's 2013-08-03
    page gives ``2013-01-01``). Never raises.
    """
    try:
        found = find_date(html, url=url, extensive_search=True, original_date=True,
                          outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception:  # noqa: BLE001 - htmldate on hostile markup; no date is the answer
        return None
    if not found or found[5:10] == "01-01":
        return None
    return found[:-9] if found.endswith("T00:00:00") else found


def same_wall_time(page_local: str, feed_local: str) -> bool:
    """Whether a page's zone-less local time ``page_local`` is the wall time ``feed_local``
    (also zone-less, as written in the feed), at the page's precision: the same day for a
    date alone (``2020-12-01``), the same minute for ``HH:MM``, else the same second."""
    try:
        page = datetime.fromisoformat(page_local)
        feed = datetime.fromisoformat(feed_local)
    except ValueError:
        return False
    page, feed = page.replace(tzinfo=None), feed.replace(tzinfo=None)
    if len(page_local.strip()) <= 10:
        return page.date() == feed.date()
    if len(page_local.strip()) <= 16:  # YYYY-MM-DDTHH:MM
        return page.replace(second=0, microsecond=0) == feed.replace(second=0, microsecond=0)
    return page.replace(microsecond=0) == feed.replace(microsecond=0)


def extract_html(item: RawItem) -> Ok[Article] | Failed:
    """Build the :class:`Article` of an HTML page (see the module docstring).

    Args:
        item: a :class:`RawItem` with ``format="html"``; ``item.text`` is the decoded page.

    Returns:
        ``Ok(article)`` or ``Failed`` with ``E_HTML_NO_ARTICLE``.
    """
    doc, path = _main_text(item)
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
        else:
            local = searched_date(item.text, item.url)
            if local is not None:
                extra["date_source"] = "htmldate:extensive"
    lang = _HTML_LANG.search(item.text[:_SCAN_CHARS])
    if lang is not None:
        extra["html_lang"] = lang.group(1)
    page_url = clean_url(doc.url) or clean_url(item.url)
    host = no_userinfo(clean_field(doc.hostname)) or host_of(page_url)
    if host and host.startswith("www."):
        host = host[4:]
    title = clean_title(doc.title)
    site_name = no_userinfo(clean_title(doc.sitename))
    authors = tuple(a for a in (clean_title(x) for x in (doc.author or "").split(";"))
                    if a and _plausible_author(a, site_name, host))
    if title and site_name:
        short = strip_site_suffix(title, site_name)
        if short != title:
            extra["title_in_page"] = title
            title = short
    lead = lead_paragraph(item.text, doc.description, doc.text)
    if lead is not None:
        doc.text = f"{lead}\n{doc.text}"
        extra["lead"] = "description"
    raw_text, replaced = _SURROGATE.subn("\ufffd", doc.text)
    if replaced:
        extra["replaced_surrogates"] = replaced
    feed = feed_metadata(item.hints) if item.hints else {}
    if feed:
        extra["feed"] = redact_url(clean_url(item.hints.get("feed")))
        if local is None and feed.get("published_local"):
            published, local, zone = (feed["published"], feed["published_local"],
                                      feed["timezone"])
            extra["date_source"] = "feed"
        elif (local is not None and zone is None and feed.get("timezone")
              and feed.get("published_local") and same_wall_time(local, feed["published_local"])):
            # the page gives the same local time (or day) without a zone: the entry's
            # offset fills in what the page lacks (user test s25: an RSS pubDate with
            # +0300 was dropped for the page's zone-less 02:00 of the same day)
            published, local, zone = (feed["published"], feed["published_local"],
                                      feed["timezone"])
            extra["zone_source"] = "feed"
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
