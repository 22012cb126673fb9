"""Format detection from content (the file name is only a tie-breaker).

* :func:`looks_like_jsonl` works on the first bytes of a file, so a JSON Lines file of any size
  can be recognised without reading it whole.
* :func:`detect_text_format` works on decoded text: ``"dump"`` (header/breadcrumb, see
  :mod:`mawsua.sources.dump`), ``"html"`` (tags in the first KiB), ``"json"`` (one JSON
  document, not JSON Lines: not an article format), ``"text"`` (mostly letters) or
  ``"unknown"``.
"""

from __future__ import annotations

import json
import re

from mawsua.sources.dump import looks_like_dump

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")

_HTML_MARKERS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]|<div[\s>]"
    r"|<meta[\s/]|<title[\s>]|<section[\s>]|<main[\s>]",
    re.IGNORECASE,
)
_STRONG_HTML = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")

#: Share of non-space characters that must be letters for a file to count as plain text.
MIN_LETTER_RATIO = 0.5


def _is_object_line(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def looks_like_jsonl(head: bytes, *, complete: bool, name: str = "") -> bool:
    """Whether a file whose first bytes are ``head`` is JSON Lines.

    Args:
        head: the first bytes of the file (a UTF-8 BOM is allowed).
        complete: ``True`` when ``head`` is the whole file.
        name: file name, used only when the content is ambiguous (``.jsonl``/``.ndjson``).

    Returns:
        ``True`` when the first non-blank line starts with ``{`` and one of the first complete
        lines parses as a JSON object (a broken first line is then reported per line), or
        when the first line is longer than ``head`` and starts like an object (``{"``).
    """
    data = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    data = data.lstrip(b" \t\r\n")
    if not data.startswith(b"{"):
        return False
    lines = data.split(b"\n")
    if not complete:
        lines = lines[:-1]  # the last piece may be cut
    if not lines:
        # one line longer than the head
        return re.match(rb'\{\s*"', data) is not None or name.lower().endswith(JSONL_SUFFIXES)
    if len(lines) == 1 or (len(lines) == 2 and not lines[1].strip()):
        return _is_object_line(lines[0]) or name.lower().endswith(JSONL_SUFFIXES)
    non_blank = [ln for ln in lines[:20] if ln.strip()]
    if non_blank[0].strip() == b"{":
        return False  # a pretty-printed JSON document opens with a lone "{"
    return any(_is_object_line(ln) for ln in non_blank) or name.lower().endswith(JSONL_SUFFIXES)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is HTML: it opens with a tag and has HTML tags in its first KiB, or
    declares ``<!doctype html>`` / ``<html>`` there."""
    head = text[:1024]
    if _STRONG_HTML.search(head):
        return True
    stripped = text.lstrip(" \t\r\n\ufeff")[:4096]
    return stripped.startswith("<") and _HTML_MARKERS.search(stripped) is not None


def letter_ratio(text: str) -> float:
    """Share of letters among the non-space characters of ``text[:100_000]`` (0..1)."""
    sample = text[:100_000]
    non_space = len(sample) - len(_SPACE.findall(sample))
    if non_space <= 0:
        return 0.0
    return len(_LETTER.findall(sample)) / non_space


def _is_json_document(text: str) -> bool:
    s = text.lstrip(" \t\r\n\ufeff")
    if not s.startswith(("{", "[")):
        return False
    try:
        json.loads(s)
    except ValueError:
        return False
    return True


def detect_text_format(text: str) -> str:
    """Name the format of a decoded single-document file.

    Returns:
        ``"dump"``, ``"html"``, ``"json"``, ``"text"`` or ``"unknown"`` (see the module
        docstring). Whitespace-only text is ``"text"`` (the extractor skips it as empty).
    """
    if looks_like_dump(text):
        return "dump"
    if looks_like_html(text):
        return "html"
    if _is_json_document(text):
        return "json"
    if not text.strip() or letter_ratio(text) >= MIN_LETTER_RATIO:
        return "text"
    return "unknown"
