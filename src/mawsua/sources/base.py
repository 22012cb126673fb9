"""What every reader yields: a :class:`RawItem` per record, or a failure outcome."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RawItem:
    """One record as read, before extraction.

    Args:
        where: file path or URL, with ``:LINE`` appended for a record of a multi-record file.
        format: ``"dump"``, ``"jsonl"``, ``"html"``, ``"text"`` (plain text), ...
        data: the raw bytes of this record, exactly as read (kept byte for byte in the store).
        text: ``data`` decoded (for JSONL: the record's ``text`` field, verbatim).
        encoding: the encoding used to decode ``data`` (``"utf-8"``, ``"utf-8-sig"``,
            ``"utf-16"``, ``"cp1256"``...).
        hints: metadata the container already states (JSONL fields such as ``id``, ``outlet``,
            ``url``, ``published``, ``title``, ``lang``, ``section``).
        path: the file path (``None`` for URLs); ``record``: 1-based record number or ``None``.
    """

    where: str
    format: str
    data: bytes
    text: str
    encoding: str
    hints: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None
    url: str | None = None
    record: int | None = None
