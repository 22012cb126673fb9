"""Extractor for JSON Lines records (see :mod:`mawsua.sources.jsonl`).

``raw_text`` is the record's text verbatim — or, when that text is HTML markup (a scraper's
page body: two or more block or script tags), its text content (:func:`~mawsua.extract.common.html_to_text`:
scripts and styles dropped, entities decoded) with a ``W_HTML_TEXT`` warning; the record's bytes
stay in the store either way. ``id`` the record's ``id`` when present, else
``"a-"`` + the line's SHA-256[:16]. Metadata from the record: ``outlet``, ``url``, ``title``,
``section``, ``language`` (from ``lang``), ``authors`` (``authors`` list or ``author``), and
``published`` split by :func:`~mawsua.extract.common.split_stated_time` (ISO 8601, a Unix time, a
day and month as numerals when certain, or a date written in Arabic; a time without a zone goes to
``published_local`` with ``timezone`` ``None``; Arabic-Indic and Persian digits are read like
ASCII ones). Other fields go to ``metadata.extra``. Every string is cleaned like the body's
display text (:func:`~mawsua.extract.common.clean_field`: trimmed, no control characters;
titles and names also without bidi overrides and with single spaces,
:func:`~mawsua.extract.common.clean_title`); a blank title is ``None`` (a title is derived
later).
"""

from __future__ import annotations

import re
from typing import Any

from mawsua.errors import Ok, Skipped
from mawsua.extract.common import (
    article_id,
    clean_extra,
    clean_field,
    clean_title,
    clean_url,
    html_to_text,
    source_of,
    split_stated_time,
)
from mawsua.model import Article, Metadata
from mawsua.model.raw import RawItem

#: block, inline and script tags of HTML (two or more make a record's text markup)
_MARKUP = re.compile(r"<\s*/?\s*(?:p|div|br|span|a|script|style|li|ul|ol|h[1-6]|img|strong|em|"
                     r"table|tr|td|iframe|figure|blockquote|section|article)\b[^>]{0,500}>", re.I)

_KNOWN = {"id", "outlet", "url", "published", "title", "section", "lang", "authors", "author"}


def extract_record(item: RawItem) -> Ok[Article] | Skipped:
    """Build the :class:`Article` of one JSON Lines record.

    Returns:
        ``Ok(article)``, or ``Skipped`` with ``S_EMPTY_BODY`` when the text is empty,
        whitespace-only or ``null``.
    """
    h = item.hints
    text, markup = item.text, len(_MARKUP.findall(item.text, 0, 200_000)) >= 2
    if markup:
        text = html_to_text(text)
    if not text.strip():
        return Skipped(item.where, "S_EMPTY_BODY", "the record's text is empty or whitespace")
    stated = h.get("published")
    (published, local, zone), how = split_stated_time(stated)
    extra: dict[str, Any] = {k: clean_extra(v) for k, v in h.items() if k not in _KNOWN}
    raw_published = (clean_field(stated) if isinstance(stated, str)
                     else None if stated is None else str(stated))
    if raw_published and how != "iso":  # as written: unreadable, or read another way
        extra["published_raw"] = raw_published
    names = h.get("authors") if h.get("authors") else [h.get("author")]
    authors = tuple(a for a in (clean_title(n) for n in names) if a)
    rid = h.get("id")
    meta = Metadata(
        outlet=clean_title(h.get("outlet")),
        url=clean_url(h.get("url")),
        published=published,
        published_local=local,
        timezone=zone,
        section=clean_title(h.get("section")),
        language=clean_field(h.get("lang")),
        title=clean_title(h.get("title")),
        authors=authors,
        extra=extra,
    )
    art = Article(id=article_id(item, clean_field(rid) if isinstance(rid, str) else rid),
                  source=source_of(item), metadata=meta, raw_text=text)
    if markup:
        art = art.with_warning("W_HTML_TEXT", "the record's text is HTML: its text content "
                               "is kept (tags, scripts and styles dropped, entities decoded)")
    if raw_published and local is None:
        art = art.with_warning("W_BAD_DATE", f"published {raw_published!r} is not a date")
    return Ok(art)
