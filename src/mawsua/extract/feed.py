"""Extractor for a feed entry that is its own article (no page, or a page without article
text): ``format="feed"``, ``data`` the entry's identity as canonical JSON bytes
(:func:`mawsua.sources.live.entry_bytes`), ``text`` the summary/content HTML, ``hints`` the entry's metadata (see :func:`feed_metadata`).

``raw_text`` is the plain text of the summary (:func:`mawsua.extract.common.html_to_text`:
block ends become line breaks, tags dropped, entities decoded), without a first line that only
repeats the entry's title (:func:`drop_title_line`); ``metadata.extra["extractor"]``
is ``"feed-summary"``. An entry with no summary text is ``Skipped`` ``S_EMPTY_BODY``.
"""

from __future__ import annotations

from typing import Any

from mawsua.arabic.fold import TOKEN_RE, fold
from mawsua.errors import Ok, Skipped
from mawsua.extract.common import (
    article_id,
    clean_field,
    clean_title,
    clean_url,
    html_to_text,
    redact_url,
    source_of,
)
from mawsua.model import Article, Metadata
from mawsua.model.raw import RawItem
from mawsua.model.urls import host_of


def outlet_of(url: str | None) -> str | None:
    """The host name of ``url`` without ``www.`` (how the HTML extractor names outlets)."""
    if not url:
        return None
    host = host_of(url)
    if host and host.startswith("www."):
        host = host[4:]
    return host or None


def feed_metadata(hints: dict[str, Any] | Any) -> dict[str, Any]:
    """Metadata fields stated by a feed entry (hints): ``title``, ``url``, ``outlet``,
    ``section``, ``published``/``published_local``/``timezone``, ``authors``, ``description``
    (the summary's text, at most 1,000 code points). Missing ones are absent."""
    out: dict[str, Any] = {}
    title = clean_title(hints.get("title"))
    if title:
        out["title"] = title
    url = clean_url(hints.get("url"))
    if url:
        out["url"] = url
    outlet = clean_title(hints.get("outlet")) or outlet_of(url)
    if outlet:
        out["outlet"] = outlet
    section = clean_title(hints.get("section"))
    if section:
        out["section"] = section
    if hints.get("published_local"):
        out["published"] = clean_field(hints.get("published"))
        out["published_local"] = clean_field(hints.get("published_local"))
        out["timezone"] = clean_field(hints.get("timezone"))
    authors = tuple(a for a in (clean_title(x) for x in hints.get("authors") or ()) if a)
    if authors:
        out["authors"] = authors
    summary = html_to_text(hints.get("summary"))
    if summary:
        out["description"] = summary[:1000]
    return out


def _key(text: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(fold(text)))


def drop_title_line(text: str, title: str | None) -> str:
    """``text`` without its first non-blank line when that line is the title again (same
    folded words: harakat, hamza forms, punctuation and spacing aside), as many feeds start
    the ``description``/``content:encoded`` with the item's title; kept when nothing would
    remain after it (the title is then the whole text)."""
    if not title:
        return text
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    if not sep or not rest.strip():
        return text
    want = _key(title)
    if want and _key(first) == want:
        return rest.lstrip("\n")
    return text


def extract_feed_entry(item: RawItem) -> Ok[Article] | Skipped:
    """Build the :class:`Article` of a feed entry from its summary (see the module docstring).

    Returns:
        ``Ok(article)``, or ``Skipped`` ``S_EMPTY_BODY`` when the summary has no text.
    """
    text = html_to_text(item.text)
    if not text.strip():
        return Skipped(item.where, "S_EMPTY_BODY", "the feed entry has no summary text")
    fields = feed_metadata(item.hints)
    fields.pop("description", None)
    text = drop_title_line(text, fields.get("title"))
    extra: dict[str, Any] = {"extractor": "feed-summary"}
    if item.hints.get("published_raw"):
        extra["published_raw"] = clean_field(item.hints.get("published_raw"))
        if fields.get("published_local"):
            extra["date_source"] = "feed"
    if item.hints.get("feed"):
        extra["feed"] = redact_url(clean_url(item.hints.get("feed")))
    meta = Metadata(extra=extra, **fields)
    return Ok(Article(id=article_id(item), source=source_of(item), metadata=meta,
                      raw_text=text))
