"""JSON Lines reader: one JSON object a line, streamed (files of any size).

The record format is that of ``shared/corpus/articles.jsonl``: ``text`` (the body, required,
a string; ``null`` counts as empty), and optional ``id`` (string or integer), ``outlet``,
``url``, ``published``, ``title``, ``section``, ``lang`` (strings or ``null``), ``authors``
(list of strings) or ``author`` (string), plus any other fields. When ``text`` is missing, a
``content``, ``body`` or ``maintext`` string is used instead (news-please and similar dumps).

Each line gives one outcome: a :class:`~mawsua.model.raw.RawItem` (``format="jsonl"``,
``where="PATH:LINE"``, ``data`` = the line's bytes without its line terminator, ``text`` = the
body verbatim, ``hints`` = every other field, ``record`` = the 1-based line number), or a
:class:`~mawsua.errors.Failed` with ``E_JSON`` (not valid JSON, e.g. truncated), ``E_DECODE``
(not in the file's encoding), ``E_RECORD`` (not an object, no text, a field of the wrong type)
or ``E_TOO_LARGE`` (a line longer than the limit; it is skipped without being held in memory).
Blank lines give no outcome.

Encodings: the file's encoding is found from its head by the caller
(:func:`~mawsua.sources.decode.sniff_encoding`) — UTF-8 (a BOM on the first line is allowed),
UTF-16/UTF-32 with or without a BOM, or a legacy code page such as windows-1256. Lines are
split on the encoding's own newline code unit, so ``data`` is always the line's bytes exactly;
``RawItem.encoding`` names the codec that decodes ``data`` (``"utf-8-sig"``/``"utf-16"``/
``"utf-32"`` for the first line when it carries the BOM).

Depth: a record nested deeper than :data:`MAX_JSON_DEPTH` levels of arrays and objects is
``E_JSON_DEPTH`` (Python's parser would otherwise raise ``RecursionError`` a thousand levels
down, and every later step that walks the record would have to recurse as deep).

Bad bytes: a line that is mostly, not wholly, in the file's encoding is decoded with U+FFFD for
each undecodable sequence (as browsers do; see :func:`~mawsua.sources.decode.decode_mostly`);
the count is put in ``hints["replaced_sequences"]`` (the
warning ``W_REPLACED_BYTES``), and the record is kept.

Lone surrogates: a record may be valid JSON and still hold ``\\ud800``-style escapes of lone
surrogates, which no later stage can encode. Every such code point, in any string of the record
(keys and nested values too), is replaced by U+FFFD, and the number replaced is put in
``hints["replaced_surrogates"]``.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from mawsua.errors import Failed, MawsuaError
from mawsua.model.raw import RawItem
from mawsua.sources.decode import decode_mostly

#: Deepest nesting of arrays and objects accepted in a JSON record or document.
MAX_JSON_DEPTH = 64


def json_depth_exceeds(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether decoded JSON ``value`` nests arrays/objects more than ``limit`` levels deep
    (iterative: never recurses, whatever the depth)."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict):
            children = v.values()
        elif isinstance(v, list):
            children = v
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def loads_bounded(text: str | bytes, where: str | None = None) -> Any:
    """``json.loads(text)`` that refuses nesting deeper than :data:`MAX_JSON_DEPTH`.

    Raises:
        ValueError: not valid JSON (``json.JSONDecodeError``).
        MawsuaError: ``E_JSON_DEPTH`` when nested too deep (also when the parser itself
            would run out of recursion).
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise MawsuaError("E_JSON_DEPTH", f"nested more than {MAX_JSON_DEPTH} levels deep "
                          "(the parser ran out of recursion)", where) from None
    if json_depth_exceeds(value):
        raise MawsuaError("E_JSON_DEPTH", f"nested more than {MAX_JSON_DEPTH} levels deep",
                          where)
    return value

TEXT_FIELDS = ("text", "content", "body", "maintext")
#: The ``E_RECORD`` reason of a record with none of :data:`TEXT_FIELDS`.
NO_TEXT_FIELD = "no text field (text, content, body or maintext)"
_STR_FIELDS = ("outlet", "url", "published", "title", "section", "lang")
_CHUNK = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: codec of the lines -> encoding name of a first line that starts with the BOM.
_BOM_NAMES = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16",
              "utf-32-le": "utf-32", "utf-32-be": "utf-32"}


def stream_codec(encoding: str, head: bytes = b"") -> str:
    """The codec in which every line of a file is decoded: ``encoding`` with a BOM form
    resolved to its byte order from ``head`` (``"utf-16"`` + ``FF FE`` -> ``"utf-16-le"``),
    ``"utf-8-sig"`` -> ``"utf-8"``, other names normalised by :func:`codecs.lookup`."""
    name = codecs.lookup(encoding).name
    if name == "utf-8-sig":
        return "utf-8"
    if name == "utf-16":
        return "utf-16-be" if head.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
    if name == "utf-32":
        return "utf-32-be" if head.startswith(codecs.BOM_UTF32_BE) else "utf-32-le"
    return name


class _UnitLines:
    """``readline(limit)`` for encodings whose code unit is 2 or 4 bytes (UTF-16/32): a line
    ends at a newline code unit that sits on a code-unit boundary."""

    def __init__(self, fh: BinaryIO, unit: int, newline: bytes) -> None:
        self.fh, self.unit, self.newline = fh, unit, newline
        self.buf = bytearray()
        self.eof = False

    def readline(self, limit: int) -> bytes:
        limit = max(self.unit, limit + (-limit) % self.unit)
        scanned = 0
        while True:
            i = self.buf.find(self.newline, scanned)
            while i != -1 and i % self.unit:
                i = self.buf.find(self.newline, i + 1)
            if i != -1 and i + self.unit <= limit:
                end = i + self.unit
                break
            if len(self.buf) >= limit or (self.eof and i == -1):
                end = min(limit, len(self.buf))
                break
            scanned = max(0, len(self.buf) - len(self.buf) % self.unit - self.unit)
            chunk = self.fh.read(1 << 16)
            if not chunk:
                self.eof = True
            self.buf += chunk
        out = bytes(self.buf[:end])
        del self.buf[:end]
        return out


def iter_jsonl(
    fh: BinaryIO, *, path: str | None, where: str, max_line_bytes: int, encoding: str = "utf-8",
) -> Iterator[RawItem | Failed]:
    """Stream the records of a JSON Lines file.

    Args:
        fh: a binary file object positioned at the start.
        path: the file path (``None`` for in-memory data from a URL).
        where: the name used in outcomes (``where:LINE`` per record).
        max_line_bytes: longest line kept, in bytes; longer lines give ``E_TOO_LARGE``.
        encoding: the lines' codec, as given by :func:`stream_codec` (``"utf-8"``,
            ``"utf-16-le"``, ``"cp1256"``...).

    Yields:
        One :class:`RawItem` or :class:`Failed` per non-blank line, in file order.
    """
    codec = stream_codec(encoding)
    newline, cr = "\n".encode(codec), "\r".encode(codec)
    unit = len(newline)
    readline = fh.readline if unit == 1 else _UnitLines(fh, unit, newline).readline
    lineno = 0
    while True:
        line = readline(max_line_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_line_bytes and not line.endswith(newline):
            size = len(line)
            while not line.endswith(newline):
                line = readline(_CHUNK)
                if not line:
                    break
                size += len(line)
            yield Failed(f"{where}:{lineno}", "E_TOO_LARGE",
                         f"line of {size} bytes is longer than the limit of {max_line_bytes} bytes")
            continue
        data = line
        while len(data) % unit == 0 and (data.endswith(newline) or data.endswith(cr)):
            data = data[:-unit]
        if not data.strip() if unit == 1 else _blank(data, codec):
            continue
        yield parse_record(data, lineno=lineno, path=path, where=where, encoding=codec)


def _blank(data: bytes, codec: str) -> bool:
    try:
        return not data.decode(codec).strip()
    except UnicodeDecodeError:
        return False


def parse_record(
    data: bytes, *, lineno: int, path: str | None, where: str, encoding: str = "utf-8",
) -> RawItem | Failed:
    """Turn one line's bytes into a :class:`RawItem`, or a :class:`Failed` naming ``where:LINE``.

    ``encoding`` is the lines' codec (see :func:`stream_codec`); a BOM at the start of the
    first line is allowed and named in ``RawItem.encoding`` (``"utf-8-sig"``, ``"utf-16"``).
    """
    at = f"{where}:{lineno}"
    codec = stream_codec(encoding)
    body = data
    name = codec
    if lineno == 1 and codec in _BOM_NAMES:
        bom = "\ufeff".encode(codec)
        if data.startswith(bom):
            name, body = _BOM_NAMES[codec], data[len(bom):]
    bad_bytes = 0
    try:
        line = body.decode(codec)
    except UnicodeDecodeError as e:
        mostly = decode_mostly(body, codec)
        if mostly is None and e.reason == "unexpected end of data":
            # a line cut inside its last character (a file cut short): judged as JSON, so
            # it is E_JSON "truncated", not E_DECODE
            mostly = body[:e.start].decode(codec, "replace") + "\ufffd", 1
        if mostly is None:
            return Failed(at, "E_DECODE", f"line is not {codec}: {e}")
        line, bad_bytes = mostly
    try:
        obj = loads_bounded(line, at)
    except MawsuaError as e:
        return Failed.from_error(e, at)
    except ValueError as e:
        hint = ("the line may be truncated" if line.lstrip()[:1] == "{"
                else "the line is no JSON object (a JSON Lines file holds one object per line)")
        return Failed(at, "E_JSON", f"invalid JSON ({e}); {hint}")
    if not isinstance(obj, dict):
        return Failed(at, "E_RECORD", f"a JSON {type(obj).__name__}, not an object")
    replaced = 0
    if _SURROGATE_ESCAPE.search(line):
        obj, replaced = replace_surrogates(obj)
    problem = _check_record(obj)
    if problem is not None:
        return Failed(at, "E_RECORD", problem)
    field = next(f for f in TEXT_FIELDS if f in obj)
    text = obj[field] or ""
    hints: dict[str, Any] = {k: v for k, v in obj.items() if k != field}
    if field != "text":
        hints["text_field"] = field
    if replaced:
        hints["replaced_surrogates"] = replaced
    if bad_bytes:
        hints["replaced_sequences"] = bad_bytes
    return RawItem(where=at, format="jsonl", data=data, text=text, encoding=name,
                   hints=hints, path=path, record=lineno)


def replace_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` (decoded JSON) with every lone surrogate in its strings, keys included,
    replaced by U+FFFD; and how many were replaced."""
    if isinstance(value, str):
        out, n = _SURROGATE.subn("\ufffd", value)
        return out, n
    if isinstance(value, list):
        total = 0
        items = []
        for v in value:
            v2, n = replace_surrogates(v)
            items.append(v2)
            total += n
        return items, total
    if isinstance(value, dict):
        total = 0
        obj = {}
        for k, v in value.items():
            k2, nk = replace_surrogates(k)
            v2, nv = replace_surrogates(v)
            obj[k2] = v2
            total += nk + nv
        return obj, total
    return value, 0


def _check_record(obj: dict[str, Any]) -> str | None:
    """Return why ``obj`` is not a usable record, or ``None``."""
    field = next((f for f in TEXT_FIELDS if f in obj), None)
    if field is None:
        names = ", ".join(repr(k) for k in list(obj)[:8]) + (", ..." if len(obj) > 8 else "")
        return f"{NO_TEXT_FIELD}; its fields: {names or 'none'}"
    if obj[field] is not None and not isinstance(obj[field], str):
        return f"field {field!r} is {_kind(obj[field])}, not a string"
    rid = obj.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int))):
        return f"field 'id' is {_kind(rid)}, not a string or integer"
    for key in _STR_FIELDS:
        v = obj.get(key)
        if key == "published" and isinstance(v, int | float) and not isinstance(v, bool):
            continue  # a Unix time (read, or warned about, by the extractor)
        if v is not None and not isinstance(v, str):
            return f"field {key!r} is {_kind(v)}, not a string"
    authors = obj.get("authors")
    if authors is not None and not (
        isinstance(authors, list) and all(isinstance(a, str) for a in authors)
    ):
        return "field 'authors' is not a list of strings"
    author = obj.get("author")
    if author is not None and not isinstance(author, str):
        return f"field 'author' is {_kind(author)}, not a string"
    return None


_KINDS = {bool: "a boolean", int: "an integer", float: "a number", list: "a list",
          dict: "an object"}


def _kind(value: Any) -> str:
    """What a JSON value is, for messages: ``an integer``, ``a list``, ``an object``..."""
    return _KINDS.get(type(value), f"a {type(value).__name__}")
