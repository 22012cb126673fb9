"""Unicode hygiene: mechanical repairs of the text, each one an :class:`~mawsua.model.Edit`.

Rules (issue 2, item 4; DESIGN.md "Arabic conventions"), all offsets in code points:

* ``bom``: U+FEFF (byte-order mark / zero-width no-break space) removed wherever it occurs;
* ``line_endings``: CRLF and lone CR become LF; VT, FF, NEL (U+0085) and LINE SEPARATOR
  (U+2028) become LF; PARAGRAPH SEPARATOR (U+2029) becomes a paragraph break ``"\\n\\n"``;
* ``control_chars``: other C0 controls (except TAB and LF), DEL and C1 controls removed
  (the SaudiNewsNet texts carry U+001A, the FA-KES texts U+0081); a run of C0 controls
  between two letters becomes a space (it stood where a separator was: ``نص\x00مع`` → ``نص مع``, not one
  glued word);
* ``trailing_space``: whitespace at the end of a line and at the end of the text removed;
* ``blank_lines``: a run of two or more blank lines (empty or whitespace-only) becomes exactly
  one blank line, i.e. one paragraph break ``"\\n\\n"``;
* ``leading_space``: whitespace at the start of the text removed (indentation of later lines is
  kept: it carries nothing, but removing it is not hygiene).

Bidi controls and zero-width characters are not this step's business: they stay in
``raw_text`` (DESIGN.md) and :mod:`mawsua.clean.chars` removes them from ``text`` as edits of
kinds ``bidi_controls`` and ``zero_width`` (issue 3).

The repairs run in two passes (characters, then lines); each pass is folded into the article
with :meth:`Article.with_edits`, so edits already there (an extractor's header or breadcrumb
deletion) are kept, and a second :func:`clean` finds nothing to do (idempotent).
"""

from __future__ import annotations

import re

from mawsua.model import Article, Edit

#: characters repaired one by one (pass 1); a single character class, so the regex engine
#: scans for it ~9x faster than an alternation (most texts have none)
_CHAR_RE = re.compile("[\r\ufeff\x0b\x0c\x85\u2028\u2029\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: a whitespace run that contains at least one line feed (pass 2); the lookbehind makes the
#: scan linear: a match may only start where a run of spaces starts, so a long run of spaces
#: without a line feed is scanned once, not once per position
_NL_RUN_RE = re.compile(r"(?<![^\S\n])[^\S\n]*\n\s*")
_LEAD_RE = re.compile(r"\s+")


def char_edits(text: str) -> list[Edit]:
    """Pass 1: BOM, line-ending and control-character edits against ``text``.

    Returns:
        Sorted, non-overlapping edits whose offsets are code points into ``text``.
    """
    edits: list[Edit] = []
    for m in _CHAR_RE.finditer(text):
        s = m.start()
        c = text[s]
        if c == "\r":
            if text.startswith("\n", s + 1):  # CRLF: drop the CR, keep the LF one to one
                edits.append(Edit(s, s + 1, "", "line_endings"))
            else:
                edits.append(Edit(s, s + 1, "\n", "line_endings"))
        elif c == "\u2029":
            edits.append(Edit(s, s + 1, "\n\n", "line_endings"))
        elif c in "\x0b\x0c\x85\u2028":
            edits.append(Edit(s, s + 1, "\n", "line_endings"))
        else:
            kind = "bom" if c == "\ufeff" else "control_chars"
            prev = edits[-1] if edits else None
            if prev is not None and prev.kind == kind and prev.raw_end == s:
                edits[-1] = Edit(prev.raw_start, s + 1, "", kind)  # one edit per run
            else:
                edits.append(Edit(s, s + 1, "", kind))
    return [Edit(e.raw_start, e.raw_end, " ", e.kind)
            if e.kind == "control_chars" and _between_letters(text, e.raw_start, e.raw_end) else e
            for e in edits]


def _between_letters(text: str, start: int, end: int) -> bool:
    """A run of C0 controls (NUL...; not C1, which mojibake leaves inside words) between two
    letters."""
    return (start > 0 and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()
            and all(ord(c) < 0x20 for c in text[start:end]))


def line_edits(text: str) -> list[Edit]:
    """Pass 2: trailing spaces, blank-line runs and whitespace at both ends of ``text``.

    Expects ``text`` without CR (run :func:`char_edits` first).

    Returns:
        Sorted, non-overlapping edits whose offsets are code points into ``text``.
    """
    n = len(text)
    edits: list[Edit] = []
    lead_end = 0
    m = _LEAD_RE.match(text)
    if m:
        lead_end = m.end()
        edits.append(Edit(0, lead_end, "", "leading_space"))
        if lead_end == n:
            return edits
    # not a regex search for r"\s+\Z": that retries every position of every inner space run
    trail_start = len(text.rstrip())
    for m in _NL_RUN_RE.finditer(text, lead_end, trail_start):
        s, e = m.span()
        if e >= trail_start:
            break
        first_nl = text.index("\n", s)
        if first_nl > s:
            edits.append(Edit(s, first_nl, "", "trailing_space"))
        last_nl = text.rindex("\n", s, e)
        if last_nl > first_nl + 1:  # something between the first and the last line feed
            kind = "blank_lines" if "\n" in text[first_nl + 1 : last_nl] else "trailing_space"
            edits.append(Edit(first_nl + 1, last_nl, "", kind))
    if trail_start < n:
        edits.append(Edit(trail_start, n, "", "trailing_space"))
    return edits


def clean(article: Article) -> Article:
    """Return ``article`` with the hygiene repairs folded into its edits.

    Args:
        article: any article; its existing edits are kept (new edits are written against its
            current ``text`` and composed with them).

    Returns:
        A new article (span layers dropped, as with every :meth:`Article.with_edits`), or the
        same object when nothing needed repair. ``clean(clean(a))`` equals ``clean(a)``.
    """
    edits = char_edits(article.text)
    if edits:
        article = article.with_edits(edits)
    edits = line_edits(article.text)
    if edits:
        article = article.with_edits(edits)
    return article
