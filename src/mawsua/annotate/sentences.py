"""Sentence layer: ``"sentences"`` spans over the article's ``text``, inside paragraphs.

Rules (issue 2, item 4), offsets in code points:

* a sentence ends after a run of ``.`` ``!`` ``?`` ``؟`` ``…`` ``؛`` ``۔`` (plus the closing
  quotes and brackets right after it) that is followed by whitespace, or by an Arabic letter or
  opening quote directly (Arabic texts often omit the space: ``العام.وقال``); and at the end of
  each paragraph, i.e. at line ends (hard-wrapped paragraphs are not split at their line ends);
* never inside a quotation (``“…”``, ``«…»``, ``"…"``, also ``”…”`` and ``”…“``; a stray
  ``»`` is not taken as an opening mark, it paired with the next ``«`` across sentences): a terminator just before the closing quote ends the sentence after the quote; a quote
  left open in its paragraph is ignored;
* not after abbreviations (:mod:`mawsua.arabic.abbreviations`): a single letter (``د.`` ``أ.``
  ``م.`` ``ج.``, initials ``J.``), a chain of single letters (``أ.د.`` ``U.S.``), English titles
  (``Mr.`` ``Dr.``); but ``م.`` and ``هـ.`` right after a number (``2015 م.``) are era markers and
  do end a sentence;
* not inside numbers (``3.5``: no whitespace after the period) nor before a lower-case Latin
  word (``wait... then``, ``e.g. this``);
* a piece without any letter or digit is joined to the sentence before it.

Each span has label ``"sentence"`` and ``attrs = {"paragraph": index}``.
"""

from __future__ import annotations

import re

from mawsua.annotate.paragraphs import paragraph_spans
from mawsua.arabic.abbreviations import ARABIC, ARABIC_AFTER_NUMBER, LATIN, LATIN_BEFORE_NUMBER
from mawsua.model import Article, Span

_TERM_RE = re.compile(r"[.!?؟…؛۔]+")
_QUOTE_RE = re.compile("[\"«»“”]")
#: unambiguous closers that stay with the sentence before them
_CLOSERS = frozenset("»”’)]}")
_OPENERS_AFTER = frozenset("«“(\"")
#: what a quote character opens, as the set of characters that may close it
_OPEN_PAIRS: dict[str, str] = {"«": "»", "“": "”“", "”": "”“", '"': '"'}
_MARKS = "\u0640\u064b-\u065f\u0670"
_TOKEN_BEFORE_RE = re.compile(
    rf"(?:[^\W\d_]|[{_MARKS}])+(?:\.(?:[^\W\d_]|[{_MARKS}])+)*\Z"
)
_STRIP_MARKS = {c: None for c in range(0x064B, 0x0660)} | {0x0640: None, 0x0670: None}
_HAS_WORD_RE = re.compile(r"[^\W_]")


def quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Matched quotations in ``text[start:end]`` as ``(open, close)`` offsets of the quote marks.

    ``«`` closes with ``»``, ``“`` with ``”``; ``”`` also opens (``”…”``, ``”…“``); ASCII ``"`` pairs with the next ``"``. Unmatched marks are ignored. Nested pairs
    are returned too (callers use the outer ones).
    """
    end = len(text) if end is None else end
    stack: list[tuple[str, int]] = []
    regions: list[tuple[int, int]] = []
    for m in _QUOTE_RE.finditer(text, start, end):
        c, pos = m.group(), m.start()
        for k in range(len(stack) - 1, -1, -1):
            if c in stack[k][0]:
                regions.append((stack[k][1], pos))
                del stack[k:]
                break
        else:
            if c in _OPEN_PAIRS:
                stack.append((_OPEN_PAIRS[c], pos))
    return regions


def _inside(regions: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for o, c in regions:
        if o < pos < c:
            return o, c
    return None


def _is_abbreviation(text: str, i: int, nxt: int, limit: int) -> bool:
    """Whether the single period at ``text[i]`` closes an abbreviation.

    ``nxt`` is the offset of the next non-space character (``limit`` when none).
    """
    m = _TOKEN_BEFORE_RE.search(text, max(0, i - 40), i)
    if not m:
        return False
    token = m.group().translate(_STRIP_MARKS)
    parts = token.split(".")
    if token in ARABIC or (len(parts) > 1 and all(len(p) == 1 for p in parts)):
        return True
    if len(token) == 1:
        if token in ARABIC_AFTER_NUMBER:
            k = m.start() - 1
            while k >= 0 and text[k] in " \u00a0\t":
                k -= 1
            if k >= 0 and text[k].isdigit():
                return False
        return True
    low = token.lower()
    if low in LATIN:
        return True
    return low in LATIN_BEFORE_NUMBER and nxt < limit and text[nxt].isdigit()


def _boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``[start, end)`` where a sentence ends (exclusive end of the sentence)."""
    cuts: list[int] = []
    regions = quote_regions(text, start, end)
    closes = {c for _o, c in regions}
    for m in _TERM_RE.finditer(text, start, end):
        i, j = m.span()
        inside = _inside(regions, i)
        if inside is not None:
            if j != inside[1]:
                continue  # a terminator inside a quotation
            # terminator right before the closing quote: the sentence ends after the quote
            j = inside[1] + 1
            if _inside(regions, j - 1) is not None:
                continue  # still inside an outer quotation
            while j < end and (text[j] in _CLOSERS or j in closes or text[j] in ".!?؟…؛۔"):
                j += 1
        else:
            while j < end and (text[j] in _CLOSERS or j in closes):
                j += 1
        if j >= end:
            continue
        run = m.group()
        nxt = j
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt == j:  # no space after the terminator
            c = text[j]
            arabic_next = "\u0621" <= c <= "\u064a" or c in _OPENERS_AFTER
            if not arabic_next:
                continue
            if run == ".":
                tok = _TOKEN_BEFORE_RE.search(text, max(0, i - 40), i)
                if tok is None or len(tok.group().translate(_STRIP_MARKS)) < 2:
                    continue
                if "." in tok.group():
                    continue
        if nxt < end and "a" <= text[nxt] <= "z":
            continue  # a lower-case Latin word goes on: not a sentence end
        if run == "." and _is_abbreviation(text, i, nxt, end):
            continue
        cuts.append(j)
    return cuts


def sentence_spans(text: str, paragraphs: list[Span] | tuple[Span, ...]) -> list[Span]:
    """Split each paragraph of ``text`` into sentence spans.

    Args:
        text: the repaired text.
        paragraphs: the ``"paragraphs"`` layer over ``text`` (non-overlapping, in order).

    Returns:
        Spans labelled ``"sentence"`` with ``attrs["paragraph"]`` = the paragraph's index in
        ``paragraphs``; they exclude surrounding whitespace and cover every letter of every
        paragraph.
    """
    out: list[Span] = []
    for pi, para in enumerate(paragraphs):
        pieces: list[tuple[int, int]] = []
        wrapped = bool(para.attrs.get("wrapped"))
        line_cuts: list[int] = []
        if not wrapped:
            pos = text.find("\n", para.start, para.end)
            while pos != -1:
                line_cuts.append(pos)
                pos = text.find("\n", pos + 1, para.end)
        cuts = sorted({*_boundaries(text, para.start, para.end), *line_cuts, para.end})
        s = para.start
        for c in cuts:
            a, b = s, c
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            s = c
            if a == b:
                continue
            if pieces and not _HAS_WORD_RE.search(text, a, b):
                pieces[-1] = (pieces[-1][0], b)
                continue
            if pieces and not _HAS_WORD_RE.search(text, pieces[-1][0], pieces[-1][1]):
                pieces[-1] = (pieces[-1][0], b)
                continue
            pieces.append((a, b))
        out.extend(Span(a, b, "sentence", {"paragraph": pi}) for a, b in pieces)
    return out


def sentences(article: Article) -> Article:
    """Return ``article`` with its ``"sentences"`` layer set.

    Uses the ``"paragraphs"`` layer when present, else computes paragraphs on the fly (without
    storing them).
    """
    paras = article.layer("paragraphs") or tuple(paragraph_spans(article.text))
    return article.with_layer("sentences", sentence_spans(article.text, paras))
