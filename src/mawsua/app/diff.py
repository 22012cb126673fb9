"""Raw vs repaired text of one article, repair by repair (for ``mawsua show ID --diff`` and
the website's repaired/original toggle).

Every repair is listed with its kind, raw offsets, the raw and repaired strings and a little
context on each side (code points). Invisible characters (bidi controls, zero-width
characters, control characters, line breaks, tatweel runs stay visible as they are) are
shown as ``⟨RLM⟩``-style names so that a deletion of one of them is readable on a terminal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from mawsua.model import Article, Edit
from mawsua.model.json import repair_to_dict

#: short names for the invisible characters a repair may add or remove
INVISIBLE_NAMES: dict[str, str] = {
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM", "\u200b": "ZWSP", "\u200c": "ZWNJ",
    "\u200d": "ZWJ", "\u2060": "WJ", "\u00ad": "SHY", "\ufeff": "BOM", "\u202a": "LRE",
    "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI",
    "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI", "\n": "LF", "\r": "CR", "\t": "TAB",
    "\u00a0": "NBSP",
}


def visible(s: str) -> str:
    """``s`` with invisible and control characters written as ``⟨NAME⟩`` (``⟨U+0081⟩``)."""
    out = []
    for c in s:
        name = INVISIBLE_NAMES.get(c)
        if name is None and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp"):
            name = f"U+{ord(c):04X}"
        out.append(f"⟨{name}⟩" if name else c)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class RepairView:
    """One repair with its context.

    Attributes:
        index: 1-based position among the article's repairs.
        repair: the JSON shape of the repair (kind, raw_start, raw_end, raw, repaired, start,
            end, confidence[, attrs]).
        raw_before, raw_after: up to ``context`` code points of ``raw_text`` around it.
        text_before, text_after: the same around it in ``text``.
    """

    index: int
    repair: dict[str, Any]
    raw_before: str
    raw_after: str
    text_before: str
    text_after: str


def text_range(article: Article, e: Edit) -> tuple[int, int]:
    """Where edit ``e``'s replacement sits in ``article.text``.

    The alignment maps a pure insertion (empty raw range) to the empty text range *after* the
    inserted text; this returns the inserted text's own range instead.
    """
    start, end = article.alignment.span_to_text(e.raw_start, e.raw_end)
    if e.raw_start == e.raw_end and end - start != len(e.replacement):
        start = end - len(e.replacement)
    return start, end


def repair_views(article: Article, *, context: int = 24) -> list[RepairView]:
    """Every repair of ``article`` in raw order, with ``context`` code points on each side
    (line breaks in them are shown as ``⟨LF⟩`` by :func:`visible`)."""
    raw, text = article.raw_text, article.text
    out = []
    for i, e in enumerate(article.edits, 1):
        r = repair_to_dict(article, e)
        r["start"], r["end"] = text_range(article, e)
        out.append(RepairView(
            index=i,
            repair=r,
            raw_before=_left(raw, r["raw_start"], context),
            raw_after=_right(raw, r["raw_end"], context),
            text_before=_left(text, r["start"], context),
            text_after=_right(text, r["end"], context),
        ))
    return out


def proposal_views(article: Article, *, context: int = 24) -> list[RepairView]:
    """The article's *proposed* repairs (listed, never applied to ``text``) in raw order,
    shaped like :func:`repair_views`; ``repair["start"]``/``["end"]`` locate the raw span in
    ``text`` (where the proposal would apply)."""
    raw, text = article.raw_text, article.text
    out = []
    for i, p in enumerate(article.proposals, 1):
        r = repair_to_dict(article, p, article.alignment.span_to_text(p.raw_start, p.raw_end))
        out.append(RepairView(
            index=i, repair=r,
            raw_before=_left(raw, p.raw_start, context), raw_after=_right(raw, p.raw_end, context),
            text_before=_left(text, r["start"], context), text_after=_right(text, r["end"], context),
        ))
    return out


def _left(s: str, pos: int, n: int) -> str:
    return s[max(0, pos - n) : pos]


def _right(s: str, pos: int, n: int) -> str:
    return s[pos : pos + n]


def kind_counts(article: Article) -> dict[str, int]:
    """Number of repairs of each kind, most frequent first."""
    counts: dict[str, int] = {}
    for e in article.edits:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
