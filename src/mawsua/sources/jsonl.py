"""JSON Lines reader: one JSON object a line, streamed (files of any size).

The record format is that of ``shared/corpus/articles.jsonl``: ``text`` (the body, required,
a string; ``null`` counts as empty), and optional ``id`` (string or integer), ``outlet``,
``url``, ``published``, ``title``, ``section``, ``lang`` (strings or ``null``), ``authors``
(list of strings) or ``author`` (string), plus any other fields. When ``text`` is missing, a
``content``, ``body`` or ``maintext`` string is used instead (news-please and similar dumps).

Each line gives one outcome: a :class:`~mawsua.sources.base.RawItem` (``format="jsonl"``,
``where="PATH:LINE"``, ``data`` = the line's bytes without its line terminator, ``text`` = the
body verbatim, ``hints`` = every other field, ``record`` = the 1-based line number), or a
:class:`~mawsua.errors.Failed` with ``E_JSON`` (not valid JSON, e.g. truncated), ``E_DECODE``
(not UTF-8), ``E_RECORD`` (not an object, no text, a field of the wrong type) or
``E_TOO_LARGE`` (a line longer than the limit; it is skipped without being held in memory).
Blank lines give no outcome. Lines are UTF-8 (a BOM on the first line is allowed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from mawsua.errors import Failed
from mawsua.sources.base import RawItem

TEXT_FIELDS = ("text", "content", "body", "maintext")
_STR_FIELDS = ("outlet", "url", "published", "title", "section", "lang")
_CHUNK = 1 << 20


def iter_jsonl(
    fh: BinaryIO, *, path: str | None, where: str, max_line_bytes: int
) -> Iterator[RawItem | Failed]:
    """Stream the records of a JSON Lines file.

    Args:
        fh: a binary file object positioned at the start.
        path: the file path (``None`` for in-memory data from a URL).
        where: the name used in outcomes (``where:LINE`` per record).
        max_line_bytes: longest line kept, in bytes; longer lines give ``E_TOO_LARGE``.

    Yields:
        One :class:`RawItem` or :class:`Failed` per non-blank line, in file order.
    """
    lineno = 0
    while True:
        line = fh.readline(max_line_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            size = len(line)
            while not line.endswith(b"\n"):
                line = fh.readline(_CHUNK)
                if not line:
                    break
                size += len(line)
            yield Failed(f"{where}:{lineno}", "E_TOO_LARGE",
                         f"line of {size} bytes is longer than the limit of {max_line_bytes} bytes")
            continue
        data = line.rstrip(b"\r\n")
        if not data.strip():
            continue
        yield parse_record(data, lineno=lineno, path=path, where=where)


def parse_record(data: bytes, *, lineno: int, path: str | None, where: str) -> RawItem | Failed:
    """Turn one line's bytes into a :class:`RawItem`, or a :class:`Failed` naming ``where:LINE``."""
    at = f"{where}:{lineno}"
    encoding = "utf-8"
    body = data
    if lineno == 1 and data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8-sig", data[3:]
    try:
        line = body.decode("utf-8")
    except UnicodeDecodeError as e:
        return Failed(at, "E_DECODE", f"line is not UTF-8: {e}")
    try:
        obj = json.loads(line)
    except ValueError as e:
        return Failed(at, "E_JSON", f"invalid JSON ({e}); the line may be truncated")
    if not isinstance(obj, dict):
        return Failed(at, "E_RECORD", f"a JSON {type(obj).__name__}, not an object")
    problem = _check_record(obj)
    if problem is not None:
        return Failed(at, "E_RECORD", problem)
    field = next(f for f in TEXT_FIELDS if f in obj)
    text = obj[field] or ""
    hints: dict[str, Any] = {k: v for k, v in obj.items() if k != field}
    if field != "text":
        hints["text_field"] = field
    return RawItem(where=at, format="jsonl", data=data, text=text, encoding=encoding,
                   hints=hints, path=path, record=lineno)


def _check_record(obj: dict[str, Any]) -> str | None:
    """Return why ``obj`` is not a usable record, or ``None``."""
    field = next((f for f in TEXT_FIELDS if f in obj), None)
    if field is None:
        return "no text field (text, content, body or maintext)"
    if obj[field] is not None and not isinstance(obj[field], str):
        return f"field {field!r} is a {type(obj[field]).__name__}, not a string"
    rid = obj.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int))):
        return f"field 'id' is a {type(rid).__name__}, not a string or integer"
    for key in _STR_FIELDS:
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            return f"field {key!r} is a {type(v).__name__}, not a string"
    authors = obj.get("authors")
    if authors is not None and not (
        isinstance(authors, list) and all(isinstance(a, str) for a in authors)
    ):
        return "field 'authors' is not a list of strings"
    author = obj.get("author")
    if author is not None and not isinstance(author, str):
        return f"field 'author' is a {type(author).__name__}, not a string"
    return None
