"""Extractor for the aggregator dump format (see :mod:`mawsua.model.dump`).

``raw_text`` is the whole decoded file, exactly. The header line and the breadcrumb (each with
the blank lines and spaces after it) are removed from ``text`` by one :class:`Edit` each, of
kinds ``"header"`` and ``"breadcrumb"``, so ``text`` starts at the body's first word.

Metadata: ``outlet`` (after ``المصدر:``), ``published_local`` (``YYYY-MM-DDTHH:MM`` from the
header's date and time, or ``YYYY-MM-DD`` without a time; any digits), ``timezone`` and
``published`` ``None`` (the dump's zone is unknown), ``aggregator`` (the breadcrumb's site),
``section`` (its section), ``language`` left ``None`` (an annotator sets it). Outlet, site and
section are cleaned like titles (:func:`~mawsua.extract.common.clean_title`). ``extra`` holds
``dump_header``, ``dump_breadcrumb`` and, when the header's date is impossible,
``dump_date_invalid``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mawsua.errors import Ok, Skipped
from mawsua.extract.common import article_id, clean_title, source_of
from mawsua.model import Article, Edit, Metadata
from mawsua.model.dump import DumpParts, parse_dump
from mawsua.model.raw import RawItem


def _local_time(p: DumpParts) -> str | None:
    if p.year is None or p.month is None or p.day is None:
        return None
    try:
        y, m, d = int(p.year), int(p.month), int(p.day)
        if p.hour is None or p.minute is None:
            return datetime(y, m, d).date().isoformat()
        h, mi = int(p.hour), int(p.minute)
        if p.ampm in ("م", "PM", "pm") and h < 12:
            h += 12
        elif p.ampm in ("ص", "AM", "am") and h == 12:
            h = 0
        return datetime(y, m, d, h, mi).strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        return None


def extract_dump(item: RawItem) -> Ok[Article] | Skipped:
    """Build the :class:`Article` of a dump file.

    Args:
        item: a :class:`RawItem` with ``format="dump"`` (a file without header or breadcrumb is
            read as plain text with no edits).

    Returns:
        ``Ok(article)``, or ``Skipped`` with ``S_EMPTY_BODY`` when nothing but the header and
        breadcrumb is there.
    """
    raw = item.text
    parts = parse_dump(raw)
    edits: list[Edit] = []
    extra: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    if parts is not None:
        if parts.header is not None and parts.header[1] > parts.header[0]:
            edits.append(Edit(parts.header[0], parts.header[1], "", "header"))
            extra["dump_header"] = parts.header_line
            local = _local_time(parts)
            if local is None and parts.year is not None:
                extra["dump_date_invalid"] = True
            meta["published_local"] = local
            meta["outlet"] = clean_title(parts.outlet)
        if parts.breadcrumb is not None:
            edits.append(Edit(parts.breadcrumb[0], parts.breadcrumb[1], "", "breadcrumb"))
            extra["dump_breadcrumb"] = parts.breadcrumb_text
            meta["aggregator"] = clean_title(parts.site)
            meta["section"] = clean_title(parts.section)
    if not raw[parts.body_start if parts else 0 :].strip():
        return Skipped(item.where, "S_EMPTY_BODY", "the dump has a header but no body text")
    article = Article(
        id=article_id(item),
        source=source_of(item),
        metadata=Metadata(**meta, extra=extra),
        raw_text=raw,
        edits=tuple(edits),
    )
    if extra.get("dump_date_invalid"):
        article = article.with_warning("W_BAD_DATE", "the dump header's date is not a date")
    return Ok(article)
