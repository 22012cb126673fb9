"""Paragraph layer: ``"paragraphs"`` spans over the article's ``text``.

Rules (issue 2, item 4, checked on ``shared/corpus/articles.jsonl``):

* a blank line (a line that is empty or whitespace-only) always separates paragraphs;
* inside a block between blank lines, every non-empty line is its own paragraph: that is how
  the sources lay paragraphs out (the SaudiNewsNet texts separate paragraphs with a single
  ``"\\n"``; 225 of them mix ``"\\n"`` and ``"\\n\\n"``; headings, datelines and verse lines
  stand on their own line);
* except in a *hard-wrapped* block (plain text folded at a fixed width): at least
  :data:`WRAP_MIN_LINES` lines, most of them not ending a sentence and all but the last of
  nearly the same length. Such a block is one paragraph (attribute ``"wrapped": True``) and the
  sentence splitter does not split it at line ends.

Spans exclude surrounding whitespace. Offsets are code points into ``article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mawsua.model import Article, Span

#: a blank-line separator: a line feed, blank lines, and the next line feed
_BLOCK_SEP_RE = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_RE = re.compile(r"[^\n]+")
#: characters that end a line which ends a sentence (then the break is not a soft wrap)
_LINE_END_CHARS = frozenset(".!?؟…؛:\"'»”)")
#: hard-wrap detection thresholds
WRAP_MIN_LINES = 4
WRAP_MAX_WIDTH = 110
WRAP_WIDTH_SPREAD = 0.25
WRAP_MIN_OPEN_ENDS = 0.6


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_hard_wrapped(lines: list[tuple[int, int]], text: str) -> bool:
    """Whether the lines of one block look folded at a fixed width (see module doc)."""
    if len(lines) < WRAP_MIN_LINES:
        return False
    widths = [e - s for s, e in lines[:-1]]
    widest = max(widths)
    if widest > WRAP_MAX_WIDTH or min(widths) < widest * (1 - WRAP_WIDTH_SPREAD):
        return False
    open_ends = sum(1 for _s, e in lines[:-1] if text[e - 1] not in _LINE_END_CHARS)
    return open_ends >= WRAP_MIN_OPEN_ENDS * (len(lines) - 1)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in _BLOCK_SEP_RE.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def paragraph_spans(text: str) -> list[Span]:
    """Split ``text`` into paragraph spans (label ``"paragraph"``, attrs ``{"index": i}``).

    Args:
        text: the repaired text (works on unrepaired text too; CR is then part of a line).

    Returns:
        Spans in text order, non-empty, without surrounding whitespace; a hard-wrapped block
        gets ``attrs["wrapped"] = True``.
    """
    spans: list[Span] = []
    for bs, be in _blocks(text):
        lines = []
        for m in _LINE_RE.finditer(text, bs, be):
            s, e = _strip(text, m.start(), m.end())
            if e > s:
                lines.append((s, e))
        if not lines:
            continue
        if len(lines) > 1 and _is_hard_wrapped(lines, text):
            spans.append(Span(lines[0][0], lines[-1][1], "paragraph",
                              {"index": len(spans), "wrapped": True}))
            continue
        for s, e in lines:
            spans.append(Span(s, e, "paragraph", {"index": len(spans)}))
    return spans


def paragraphs(article: Article) -> Article:
    """Return ``article`` with its ``"paragraphs"`` layer set (see :func:`paragraph_spans`)."""
    return article.with_layer("paragraphs", paragraph_spans(article.text))
