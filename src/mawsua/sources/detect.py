"""Format detection from content (the file name is only a tie-breaker).

* :func:`looks_like_jsonl` works on the first bytes of a file, so a JSON Lines file of any size
  can be recognised without reading it whole.
* :func:`detect_text_format` works on decoded text: ``"dump"`` (header/breadcrumb, see
  :mod:`mawsua.model.dump`), ``"html"`` (markup opening the document, or dense tags; see
  :func:`looks_like_html`), ``"json"`` (one JSON
  document, not JSON Lines: not an article format), ``"json-broken"`` (opens like a JSON
  object, does not parse), ``"text"`` (mostly letters) or
  ``"unknown"``.
"""

from __future__ import annotations

import json
import re

from mawsua.model.dump import looks_like_dump

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")

_HTML_MARKERS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]|<div[\s>]"
    r"|<meta[\s/]|<title[\s>]|<section[\s>]|<main[\s>]",
    re.IGNORECASE,
)
_DOCTYPE_HTML = re.compile(r"<!doctype\s+html", re.IGNORECASE)
#: What may come before the first tag of an HTML document: BOM, space, XML declaration,
#: comments, a doctype.
_PREAMBLE = re.compile(r"(?:[\s\ufeff]+|<\?xml[^>]*>|<!--.*?-->|<!doctype[^>]*>)*",
                       re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
#: Least share of non-space characters inside tags for a document not opening with markup.
MIN_TAG_DENSITY = 0.5
#: Least number of tags for the density rule.
MIN_TAGS = 5
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")

#: Share of non-space characters that must be letters for a file to count as plain text.
MIN_LETTER_RATIO = 0.5


def _is_object_line(line: bytes | str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except RecursionError:
        # an object nested too deep is still an object line (the reader refuses it,
        # E_JSON_DEPTH, line by line)
        return line.lstrip()[:1] in ("{", b"{")
    except ValueError:
        return False


def looks_like_jsonl(head: bytes | str, *, complete: bool, name: str = "") -> bool:
    """Whether a file whose first bytes (or first characters, decoded) are ``head`` is JSON Lines.

    Args:
        head: the first bytes of the file (UTF-8; a BOM is allowed), or the file's head
            decoded from its own encoding (UTF-16, windows-1256...).
        complete: ``True`` when ``head`` is the whole file.
        name: file name, used when the content is ambiguous: a ``.jsonl``/``.ndjson`` file of
            lines that are no JSON objects is JSON Lines (each line refused on its own,
            ``E_JSON``), never one plain-text article (:func:`_named_jsonl`).

    Returns:
        ``True`` when the first non-blank line starts with ``{`` and one of the first complete
        lines parses as a JSON object (a broken first line is then reported per line), or
        when the first line is longer than ``head`` and starts like an object (``{"``), or
        when the first line is something else but at least two of the first 20 non-blank
        lines, and most of them, are JSON objects (a stray first line fails on its own).
    """
    if isinstance(head, str):
        text = head.removeprefix("\ufeff").lstrip(" \t\r\n")
        if not text.startswith("{"):
            return _mostly_object_lines(text.split("\n"), complete) or _named_jsonl(text, name)
        return _jsonl_lines(text.split("\n"), complete, name, re.match(r'\{\s*"', text) is not None)
    data = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    data = data.lstrip(b" \t\r\n")
    if not data.startswith(b"{"):
        return _mostly_object_lines(data.split(b"\n"), complete) or _named_jsonl(
            data.decode("utf-8", "replace"), name)
    return _jsonl_lines(data.split(b"\n"), complete, name, re.match(rb'\{\s*"', data) is not None)


def _named_jsonl(text: str, name: str) -> bool:
    """A ``.jsonl``/``.ndjson``/``.jsonlines`` file whose lines are no JSON objects (a corrupted
    dump, an error page or plain text saved under that name) is still JSON Lines, so each line
    is refused on its own (``E_JSON`` with ``file:LINE``) instead of the whole file becoming one
    plain-text article; unless it is plainly HTML or a dump, or empty."""
    return bool(text.strip()) and name.lower().endswith(JSONL_SUFFIXES) and not (
        looks_like_html(text) or looks_like_dump(text))


#: Lines of the head judged when the first line does not open with ``{``.
_PROBE_LINES = 20


def _mostly_object_lines(lines: list[bytes] | list[str], complete: bool) -> bool:
    """JSON Lines whose first line is broken (a stray header, a cut record): at least two of
    the first complete non-blank lines are JSON objects, and they are most of them."""
    if not complete:
        lines = lines[:-1]
    probe = [ln for ln in lines if ln.strip()][:_PROBE_LINES]
    objects = sum(1 for ln in probe if _is_object_line(ln))
    return objects >= 2 and objects * 2 > len(probe)


def _jsonl_lines(lines: list[bytes] | list[str], complete: bool, name: str, opens: bool) -> bool:
    if not complete:
        lines = lines[:-1]  # the last piece may be cut
    if not lines:
        # one line longer than the head
        return opens or name.lower().endswith(JSONL_SUFFIXES)
    if len(lines) == 1 or (len(lines) == 2 and not lines[1].strip()):
        return _is_object_line(lines[0]) or name.lower().endswith(JSONL_SUFFIXES)
    non_blank = [ln for ln in lines[:20] if ln.strip()]
    if non_blank[0].strip() in (b"{", "{"):
        return False  # a pretty-printed JSON document opens with a lone "{"
    return any(_is_object_line(ln) for ln in non_blank) or name.lower().endswith(JSONL_SUFFIXES)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is HTML.

    Markup must open the document: after an optional BOM, whitespace, ``<?xml ...?>``,
    comments and a doctype, the text starts with a tag, and the first 4 KiB hold an HTML tag
    (``<html>``, ``<head>``, ``<body>``, ``<p>``, ``<div>``...) or the doctype is HTML. A
    document that starts otherwise is HTML only when tags are dense in its head
    (:data:`MIN_TAG_DENSITY` of the non-space characters, at least :data:`MIN_TAGS` tags) —
    a Markdown or text file that merely mentions ``<html lang="ar">`` is not HTML.
    """
    head = text[:8192]
    m = _PREAMBLE.match(head)
    rest = head[m.end():] if m is not None else head
    preamble = m.group(0) if m is not None else ""
    if rest.startswith("<") and (_HTML_MARKERS.search(rest[:4096]) is not None
                                 or _DOCTYPE_HTML.search(preamble) is not None):
        return True
    if not rest and _DOCTYPE_HTML.search(preamble) is not None:
        return True
    return tag_density(head) >= MIN_TAG_DENSITY and len(_ANY_TAG.findall(head)) >= MIN_TAGS


def tag_density(text: str) -> float:
    """Share of the non-space characters of ``text`` that are inside HTML tags (0..1)."""
    non_space = len(text) - len(_SPACE.findall(text))
    if non_space <= 0:
        return 0.0
    inside = sum(len(t) - len(_SPACE.findall(t)) for t in _ANY_TAG.findall(text))
    return inside / non_space


def letter_ratio(text: str) -> float:
    """Share of letters among the non-space characters of ``text[:100_000]`` (0..1)."""
    sample = text[:100_000]
    non_space = len(sample) - len(_SPACE.findall(sample))
    if non_space <= 0:
        return 0.0
    return len(_LETTER.findall(sample)) / non_space


#: The opening of a JSON object (or array of objects) with a string key: ``{"id":``,
#: ``[{"title" :``. Prose does not open so, so such a text that does not parse is broken JSON
#: (a file cut short), never a plain-text article made of JSON (user test s25).
_JSON_OPENING = re.compile(r'(?:\[\s*)?\{\s*"[^"\n]{0,200}"\s*:')


def _json_document(text: str) -> str | None:
    """``"json"`` for one JSON document, ``"json-deep"`` for one too deep to parse,
    ``"json-broken"`` for text that opens like a JSON object (:data:`_JSON_OPENING`) but does
    not parse, else None."""
    s = text.lstrip(" \t\r\n\ufeff")
    if not s.startswith(("{", "[")):
        return None
    try:
        json.loads(s)
    except RecursionError:
        return "json-deep"
    except ValueError:
        return "json-broken" if _JSON_OPENING.match(s) else None
    return "json"


def detect_text_format(text: str) -> str:
    """Name the format of a decoded single-document file.

    Returns:
        ``"dump"``, ``"html"``, ``"json"``, ``"json-deep"`` (JSON nested too deep for the
        parser), ``"json-broken"`` (opens like a JSON object but does not parse: cut short),
        ``"text"`` or ``"unknown"`` (see the module docstring). Whitespace-only text is ``"text"`` (the extractor skips it as empty).
    """
    if looks_like_dump(text):
        return "dump"
    if looks_like_html(text):
        return "html"
    doc = _json_document(text)
    if doc is not None:
        return doc
    if not text.strip() or letter_ratio(text) >= MIN_LETTER_RATIO:
        return "text"
    return "unknown"
