"""Extractor for JSON Lines records (see :mod:`mawsua.sources.jsonl`).

``raw_text`` is the record's text verbatim; ``id`` the record's ``id`` when present, else
``"a-"`` + the line's SHA-256[:16]. Metadata from the record: ``outlet``, ``url``, ``title``,
``section``, ``language`` (from ``lang``), ``authors`` (``authors`` list or ``author``), and
``published`` split by :func:`~mawsua.extract.common.split_time` (a time without a zone goes to
``published_local`` with ``timezone`` ``None``). Other fields go to ``metadata.extra``.
"""

from __future__ import annotations

from typing import Any

from mawsua.errors import Ok, Skipped
from mawsua.extract.common import article_id, source_of, split_time
from mawsua.model import Article, Metadata
from mawsua.sources.base import RawItem

_KNOWN = {"id", "outlet", "url", "published", "title", "section", "lang", "authors", "author"}


def extract_record(item: RawItem) -> Ok[Article] | Skipped:
    """Build the :class:`Article` of one JSON Lines record.

    Returns:
        ``Ok(article)``, or ``Skipped`` with ``S_EMPTY_BODY`` when the text is empty,
        whitespace-only or ``null``.
    """
    h = item.hints
    if not item.text.strip():
        return Skipped(item.where, "S_EMPTY_BODY", "the record's text is empty or whitespace")
    published, local, zone = split_time(h.get("published"))
    extra: dict[str, Any] = {k: v for k, v in h.items() if k not in _KNOWN}
    if h.get("published") and local is None:
        extra["published_raw"] = h.get("published")
    authors: tuple[str, ...] = ()
    if h.get("authors"):
        authors = tuple(h["authors"])
    elif h.get("author"):
        authors = (h["author"],)
    meta = Metadata(
        outlet=h.get("outlet"),
        url=h.get("url"),
        published=published,
        published_local=local,
        timezone=zone,
        section=h.get("section"),
        language=h.get("lang"),
        title=h.get("title"),
        authors=authors,
        extra=extra,
    )
    return Ok(Article(id=article_id(item, h.get("id")), source=source_of(item), metadata=meta,
                      raw_text=item.text))
