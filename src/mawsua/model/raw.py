"""The record type readers hand to extractors: a :class:`RawItem` per record as read, and
the pure helpers that name where it came from (:func:`path_text`, :func:`safe_text`).

It lives in ``model/`` so that the ``sources`` stage (which makes raw items) and the
``extract`` stage (which reads them) share it without importing each other."""

from __future__ import annotations

import os
import re
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


def path_text(p: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A path (or URL) as a string that is always valid Unicode, for outcomes and JSON.

    A file name that is not valid UTF-8 reaches Python as a string with lone surrogates
    (:func:`os.fsdecode`'s ``surrogateescape``); such a string cannot be encoded as UTF-8 (JSON,
    SQLite). Undecodable bytes are rendered visibly and reversibly as ``\\xNN`` escapes
    (``bad\\xff\\xfename.txt``); any other lone surrogate becomes ``\\udNNN``. Valid names are
    returned unchanged. Open files with the original path object, never with this text.
    """
    if isinstance(p, bytes):
        return p.decode("utf-8", "backslashreplace")
    s = os.fspath(p)
    if isinstance(s, bytes):
        return s.decode("utf-8", "backslashreplace")
    if not _SURROGATE.search(s):
        return s
    try:
        return os.fsencode(s).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


def safe_text(s: str) -> str:
    """``s`` with every lone surrogate written as a ``\\udNNN`` escape (for reasons, names)."""
    if not _SURROGATE.search(s):
        return s
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")
