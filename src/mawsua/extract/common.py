"""Helpers shared by the extractors: ids, provenance and time strings."""

from __future__ import annotations

import re
from datetime import datetime

from mawsua.model import Source, sha256_hex
from mawsua.sources.base import RawItem


def article_id(item: RawItem, record_id: object = None) -> str:
    """The record's own id when it has one (as a string), else ``"a-"`` + the first 16 hex
    digits of the SHA-256 of ``item.data``."""
    if record_id is not None and str(record_id).strip():
        return str(record_id).strip()
    return "a-" + sha256_hex(item.data)[:16]


def source_of(item: RawItem) -> Source:
    """The :class:`~mawsua.model.Source` of ``item`` (format, SHA-256 of its bytes, encoding,
    path or URL, record number)."""
    return Source(format=item.format, sha256=sha256_hex(item.data), encoding=item.encoding,
                  path=item.path, url=item.url, record=item.record)


_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


def split_time(value: str | None) -> tuple[str | None, str | None, str | None]:
    """Split a stated publication time into ``(published, published_local, timezone)``.

    * with an offset (``2024-05-13T06:00:00Z``, ``...+03:00``): ``published`` is the ISO 8601
      time with its offset (``Z`` as ``+00:00``), ``published_local`` the wall time as written
      (no offset) and ``timezone`` the offset (``"+03:00"``, ``"UTC"`` for ``Z``);
    * without one (``2015-08-11T13:44:43``, ``2015-08-11 13:44``, ``2016-01-01``):
      ``(None, local ISO string, None)`` — a zone is never invented;
    * ``None``, empty or unparseable: ``(None, None, None)``.
    """
    if value is None:
        return None, None, None
    s = value.strip()
    if not s:
        return None, None, None
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None, None, None
    if dt.tzinfo is None:
        return None, s.replace(" ", "T", 1), None
    m = _ZONE.search(s)
    zone = "UTC" if m is not None and m.group(1).upper() == "Z" else None
    if zone is None:
        off = dt.strftime("%z")
        zone = f"{off[:3]}:{off[3:]}" if off else None
    return dt.isoformat(), dt.replace(tzinfo=None).isoformat(), zone
