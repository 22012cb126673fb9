"""Spans, edits and the raw<->text alignment.

All offsets are Unicode code points (Python ``str`` indices), never bytes.

* :class:`Span` is a typed, half-open ``[start, end)`` range over the *repaired* text.
* :class:`Edit` replaces ``raw_text[raw_start:raw_end]`` by ``replacement``; edits are always
  expressed against the *raw* text, sorted and non-overlapping.
* :class:`Alignment` is built from the raw text length and the edits; it maps offsets between
  ``raw_text`` and ``text`` in both directions.

Invariants (tested with hypothesis in ``tests/model``):

1. ``Alignment(raw, edits).apply(raw) == text``;
2. for every span boundary that does not fall strictly inside a replacement,
   ``to_text(to_raw(pos)) == pos``;
3. ``compose(raw, edits, text_edits)`` equals applying ``text_edits`` to ``text``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Side = Literal["start", "end"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Span:
    """A typed range ``[start, end)`` of code points over an article's repaired ``text``.

    Args:
        start: first code point (inclusive), ``0 <= start <= end``.
        end: code point after the last one (exclusive).
        label: the span's type inside its layer (``"paragraph"``, ``"ar"``, ``"PERSON"``...).
        attrs: extra JSON-serialisable attributes (read-only mapping).

    Raises:
        ValueError: when ``start < 0`` or ``end < start``.
    """

    start: int
    end: int
    label: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def surface(self, text: str) -> str:
        """Return ``text[start:end]``."""
        return text[self.start : self.end]

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        """JSON shape: ``{"start", "end", "label", **attrs}`` plus ``"text"`` (the surface,
        ``text[start:end]``) when ``text`` is given; attributes named like those keys are
        ignored, so the surface invariant always holds."""
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label}
        if text is not None:
            out["text"] = text[self.start : self.end]
        for k, v in self.attrs.items():
            out.setdefault(k, v)  # attributes never override the span's own keys
        return out


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``raw_text[raw_start:raw_end]`` by ``replacement``.

    ``raw_start == raw_end`` is an insertion, an empty ``replacement`` a deletion.

    Args:
        raw_start: first raw code point replaced (inclusive).
        raw_end: raw code point after the replaced range (exclusive).
        replacement: the new text.
        kind: what repair this is (``"line_endings"``, ``"merged_words"``...); the catalogue
            of kinds is ``mawsua.model.EDIT_KINDS``.
        confidence: 0..1, how sure the repairer is (1.0 for mechanical hygiene).
        attrs: extra JSON-serialisable details.

    Raises:
        ValueError: on negative or reversed ranges, or a no-op edit.
    """

    raw_start: int
    raw_end: int
    replacement: str
    kind: str
    confidence: float = 1.0
    attrs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.raw_start < 0 or self.raw_end < self.raw_start:
            raise ValueError(f"bad edit range [{self.raw_start}, {self.raw_end})")
        if self.raw_start == self.raw_end and not self.replacement:
            raise ValueError("an edit must change something")

    @property
    def delta(self) -> int:
        """Change in length (code points) this edit causes."""
        return len(self.replacement) - (self.raw_end - self.raw_start)


def _check_sorted(edits: Sequence[Edit], raw_len: int) -> None:
    prev_end = 0
    prev_insert_at = -1
    for e in edits:
        if e.raw_start < prev_end:
            raise ValueError(f"overlapping or unsorted edits at offset {e.raw_start}")
        if e.raw_start == e.raw_end and e.raw_start == prev_insert_at:
            raise ValueError(f"two insertions at offset {e.raw_start}")
        if e.raw_end > raw_len:
            raise ValueError(f"edit ends at {e.raw_end} beyond length {raw_len}")
        prev_end = e.raw_end
        if e.raw_start == e.raw_end:
            prev_insert_at = e.raw_start


@dataclass(frozen=True, slots=True)
class _Seg:
    raw_start: int
    raw_end: int
    text_start: int
    text_end: int
    edit: Edit | None  # None: unchanged ("copy") segment


class Alignment:
    """Offset map between ``raw_text`` and the repaired ``text``.

    Args:
        raw_len: length of the raw text in code points.
        edits: raw-relative edits, sorted by ``raw_start`` and non-overlapping (an insertion may
            sit at the end of a previous edit, but not two insertions at one offset).

    Raises:
        ValueError: when the edits overlap, are unsorted or run past ``raw_len``.

    Mapping rules: unchanged text maps one to one. A position strictly inside a replaced region
    maps, as a ``"start"``, to the start of the region on the other side and, as an ``"end"``,
    to its end. At a boundary a ``"start"`` belongs to what follows and an ``"end"`` to what
    precedes, skipping pure deletions, so a paragraph that follows a deleted header starts, in
    raw, at its own first letter.

    Inserted text (an edit with an empty raw range, such as the space a ``merged_words`` repair
    adds) maps to the empty raw range at its offset and, coming back, belongs to neither side:
    a ``"start"`` maps after it and an ``"end"`` before it. So spans round-trip unless a
    boundary lies strictly inside a replacement, a start sits at the start of inserted text or
    an end at its end.
    """

    __slots__ = ("raw_len", "edits", "text_len", "_segs", "_out_segs", "_out_starts",
                 "_out_ends", "_raw_ends", "_raw_starts")

    def __init__(self, raw_len: int, edits: Sequence[Edit] = ()) -> None:
        edits = tuple(edits)
        _check_sorted(edits, raw_len)
        self.raw_len = raw_len
        self.edits = edits
        segs: list[_Seg] = []
        raw_pos = 0
        text_pos = 0
        for e in edits:
            if e.raw_start > raw_pos:
                n = e.raw_start - raw_pos
                segs.append(_Seg(raw_pos, e.raw_start, text_pos, text_pos + n, None))
                text_pos += n
            segs.append(_Seg(e.raw_start, e.raw_end, text_pos, text_pos + len(e.replacement), e))
            text_pos += len(e.replacement)
            raw_pos = e.raw_end
        if raw_len > raw_pos:
            n = raw_len - raw_pos
            segs.append(_Seg(raw_pos, raw_len, text_pos, text_pos + n, None))
            text_pos += n
        self.text_len = text_pos
        self._segs = segs
        self._out_segs = [s for s in segs if s.text_end > s.text_start]
        self._out_starts = [s.text_start for s in self._out_segs]
        self._out_ends = [s.text_end for s in self._out_segs]
        self._raw_starts = [s.raw_start for s in segs]
        self._raw_ends = [s.raw_end for s in segs]

    def apply(self, raw_text: str) -> str:
        """Apply the edits to ``raw_text`` and return the repaired text.

        Raises:
            ValueError: when ``len(raw_text)`` differs from ``raw_len``.
        """
        if len(raw_text) != self.raw_len:
            raise ValueError("raw text length does not match the alignment")
        return "".join(
            raw_text[s.raw_start : s.raw_end] if s.edit is None else s.edit.replacement
            for s in self._segs
        )

    def to_raw(self, pos: int, side: Side = "start") -> int:
        """Map a code-point offset in ``text`` to ``raw_text``.

        Raises:
            IndexError: when ``pos`` is outside ``0..text_len``.
        """
        if not 0 <= pos <= self.text_len:
            raise IndexError(f"text offset {pos} outside 0..{self.text_len}")
        if side == "start":
            i = bisect_right(self._out_starts, pos) - 1
            if i < 0 or self._out_segs[i].text_end <= pos:
                i += 1  # pos sits at a boundary: take the next segment with output
            if i >= len(self._out_segs):
                return self.raw_len
            s = self._out_segs[i]
            if s.edit is None:
                return s.raw_start + max(0, pos - s.text_start)
            return s.raw_start
        i = bisect_left(self._out_ends, pos)
        if i >= len(self._out_segs) or self._out_segs[i].text_start >= pos:
            i -= 1  # pos at a boundary: the previous segment with output
        if i < 0:
            return 0
        s = self._out_segs[i]
        if s.edit is None:
            return s.raw_start + min(pos, s.text_end) - s.text_start
        return s.raw_end

    def to_text(self, raw_pos: int, side: Side = "start") -> int:
        """Map a code-point offset in ``raw_text`` to ``text``.

        Raises:
            IndexError: when ``raw_pos`` is outside ``0..raw_len``.
        """
        if not 0 <= raw_pos <= self.raw_len:
            raise IndexError(f"raw offset {raw_pos} outside 0..{self.raw_len}")
        segs = self._segs
        if side == "start":
            i = bisect_left(self._raw_ends, raw_pos)
            while i < len(segs) and segs[i].raw_end == raw_pos and segs[i].raw_start != raw_pos:
                i += 1
            # inserted text at raw_pos is not part of what starts there (see class doc)
            while i < len(segs) and segs[i].raw_start == segs[i].raw_end == raw_pos:
                i += 1
            if i >= len(segs):
                return self.text_len
            s = segs[i]
            if s.edit is None:
                return s.text_start + raw_pos - s.raw_start
            return s.text_start
        i = bisect_left(self._raw_ends, raw_pos)
        # the last segment with raw content ending at or spanning raw_pos
        while i < len(segs) and segs[i].raw_start < raw_pos and segs[i].raw_end < raw_pos:
            i += 1
        j = i
        while j < len(segs) and segs[j].raw_start < raw_pos <= segs[j].raw_end:
            i = j
            j += 1
        if i >= len(segs) or not (segs[i].raw_start < raw_pos <= segs[i].raw_end):
            # only raw_pos == 0 has no segment ending at it: nothing precedes, so text 0
            # (even when an insertion sits at raw 0: an end belongs to what precedes)
            return 0
        s = segs[i]
        if s.edit is None:
            return s.text_start + raw_pos - s.raw_start
        return s.text_end

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a text span ``[start, end)`` to the raw range that produced it."""
        return self.to_raw(start, "start"), max(self.to_raw(start, "start"), self.to_raw(end, "end"))

    def span_to_text(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Map a raw range ``[raw_start, raw_end)`` to the repaired-text range."""
        s = self.to_text(raw_start, "start")
        return s, max(s, self.to_text(raw_end, "end"))

    def segments(self) -> list[tuple[int, int, int, int, Edit | None]]:
        """The alignment as ``(raw_start, raw_end, text_start, text_end, edit_or_None)`` rows."""
        return [(s.raw_start, s.raw_end, s.text_start, s.text_end, s.edit) for s in self._segs]


def compose(raw_text: str, edits: Sequence[Edit], text_edits: Iterable[Edit]) -> tuple[Edit, ...]:
    """Fold new edits, written against the current repaired text, into raw-relative edits.

    Args:
        raw_text: the article's raw text.
        edits: the raw-relative edits already applied (sorted, non-overlapping).
        text_edits: new edits whose ``raw_start``/``raw_end`` are offsets into the *current*
            repaired text (sorted, non-overlapping).

    Returns:
        The combined raw-relative edits, sorted. A new edit that overlaps an earlier edit's
        output (or, for an insertion, falls strictly inside it or meets an earlier insertion),
        or that covers an earlier deletion strictly inside its range, absorbs it: the result
        replaces the union of the raw ranges, takes the first new edit's kind and lists the
        absorbed kinds (recursively) in ``attrs["absorbed"]``. New edits sharing an absorbed
        edit become one edit. An earlier edit that a new one merely touches is kept as it is
        (an extractor's header deletion survives a hygiene edit next to it). A merged edit
        whose replacement equals the raw text it covers is dropped.

    Raises:
        ValueError: when ``text_edits`` overlap, are unsorted or run past the text.
    """
    new = tuple(text_edits)
    if not new:
        return tuple(edits)
    align = Alignment(len(raw_text), edits)
    _check_sorted(new, align.text_len)
    # split copy segments at every boundary of the new edits
    cuts = sorted({p for ne in new for p in (ne.raw_start, ne.raw_end)})
    segs: list[_Seg] = []
    for s in align._segs:
        if s.edit is not None:
            segs.append(s)
            continue
        start = s.text_start
        for c in cuts:
            if start < c < s.text_end:
                off = start - s.text_start
                segs.append(_Seg(s.raw_start + off, s.raw_start + c - s.text_start, start, c, None))
                start = c
        off = start - s.text_start
        segs.append(_Seg(s.raw_start + off, s.raw_end, start, s.text_end, None))
    text_ends = [s.text_end for s in segs]

    def out(s: _Seg) -> str:
        return raw_text[s.raw_start : s.raw_end] if s.edit is None else s.edit.replacement

    # clusters of new edits with the contiguous range of segments [lo, hi) they rewrite
    clusters: list[tuple[list[Edit], int, int]] = []
    loose: list[Edit] = []
    for ne in new:
        a, b = ne.raw_start, ne.raw_end
        lo = bisect_left(text_ends, a)
        while lo < len(segs) and segs[lo].text_start <= b and not _affected(segs[lo], a, b):
            lo += 1
        hi = lo
        while hi < len(segs) and _affected(segs[hi], a, b):
            hi += 1
        if hi == lo:
            # an insertion between two unchanged characters (or next to a kept edit)
            j = bisect_right(text_ends, a)
            rs = segs[j - 1].raw_end if j > 0 else 0
            loose.append(Edit(rs, rs, ne.replacement, ne.kind, ne.confidence, ne.attrs))
            continue
        if clusters and clusters[-1][2] > lo:
            prev, plo, phi = clusters[-1]
            clusters[-1] = (prev + [ne], plo, max(phi, hi))
        else:
            clusters.append(([ne], lo, hi))

    result: list[Edit] = []
    used: set[int] = set()
    for group, lo, hi in clusters:
        used.update(range(lo, hi))
        ts = segs[lo].text_start
        current = "".join(out(s) for s in segs[lo:hi])
        pieces: list[str] = []
        pos = 0
        for ne in group:
            pieces.append(current[pos : ne.raw_start - ts])
            pieces.append(ne.replacement)
            pos = ne.raw_end - ts
        pieces.append(current[pos:])
        replacement = "".join(pieces)
        rs, re_ = segs[lo].raw_start, segs[hi - 1].raw_end
        if replacement == raw_text[rs:re_]:
            continue
        absorbed: list[str] = []
        for s in segs[lo:hi]:
            if s.edit is not None:
                absorbed.append(s.edit.kind)
                absorbed.extend(s.edit.attrs.get("absorbed", ()))
        absorbed.extend(ne.kind for ne in group[1:])
        first = group[0]
        attrs = dict(first.attrs)
        if absorbed:
            attrs["absorbed"] = absorbed
        conf = min(ne.confidence for ne in group)
        result.append(Edit(rs, re_, replacement, first.kind, conf, attrs))  # a dict: picklable
    for k, s in enumerate(segs):
        if s.edit is not None and k not in used:
            result.append(s.edit)
    result.extend(loose)
    result.sort(key=lambda e: (e.raw_start, e.raw_end))
    return tuple(result)


def _affected(s: _Seg, a: int, b: int) -> bool:
    """Whether segment ``s`` must be rewritten by a new edit over text ``[a, b)``.

    Copy segments (split at every new boundary) are rewritten when they overlap ``[a, b)``.
    An old edit is absorbed when its output overlaps ``[a, b)``; when it is a deletion lying
    strictly inside ``[a, b)``; and, for a new insertion, when the insertion falls strictly
    inside its output or when the old edit is itself an insertion at the same place (two
    insertions at one raw offset cannot be ordered).
    """
    ts, te = s.text_start, s.text_end
    if s.edit is None:
        return a < b and ts < b and a < te
    if ts == te:  # an old deletion
        return a < ts < b
    if a < b:
        return a < te and ts < b
    if ts < a < te:
        return True
    return s.raw_start == s.raw_end and ts <= a <= te
