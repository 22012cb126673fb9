"""The article page's reading text: blocks, language runs, and the repaired/original views.

Pure functions over an :class:`~mawsua.model.Article` (nothing touches the store or the
request). Offsets are code points into ``text`` (or ``raw_text`` for the original view).

* Body paragraphs come from the ``paragraphs`` layer; their ``dir`` from the paragraph-level
  spans of ``languages`` (attrs ``level="paragraph"``, or no ``level`` at all); run-level spans
  (``level="run"``) become ``<span dir lang>`` inside a paragraph.
* Paragraphs inside a ``blocks`` span are shown as that block: ``caption`` as a figure
  caption, ``embedded_post`` as a quote card (author, handle, date, platform; its attribution
  line as the card's footer), ``related_links`` and ``boilerplate`` collapsed at the end,
  ``dateline`` and ``byline`` in the metadata area (inline when they only cover part of a
  paragraph).
* Views: ``"read"`` (default: repaired text, no marks), ``"repaired"`` (repaired text with
  every repair marked, its raw text in the mark's title), ``"original"`` (``raw_text`` as read,
  each repaired stretch marked with what it became).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mawsua.app.diff import text_range, visible
from mawsua.model import Article, Edit, Span
from mawsua.web.render import direction

VIEWS = ("read", "repaired", "original")

#: Arabic names of the repair kinds shown in the repaired/original views.
REPAIR_NAMES: dict[str, str] = {
    "merged_words": "كلمتان ملتصقتان", "broken_sentence": "جملة مقطوعة",
    "broken_paragraph": "فقرة مقطوعة", "broken_paragraph_inside_quote": "اقتباس مقطوع",
    "stray_punctuation": "علامة ترقيم منفصلة",
    "presentation_forms": "أشكال عرض", "bidi_controls": "علامات اتجاه", "zero_width": "محارف صفرية العرض",
    "kashida": "تطويل (كشيدة)", "persian_letters": "حروف فارسية", "detached_haraka": "حركة منفصلة",
    "mojibake": "ترميز خاطئ", "header": "ترويسة", "breadcrumb": "مسار الموقع",
    "control_chars": "محارف تحكم", "bom": "علامة ترتيب البايتات", "line_endings": "نهايات أسطر",
    "blank_lines": "أسطر فارغة", "trailing_space": "مسافات زائدة", "leading_space": "مسافات زائدة",
}
#: kinds not marked inside the text (whitespace between paragraphs); they are still counted
UNMARKED_KINDS = frozenset({"blank_lines", "trailing_space", "leading_space", "line_endings"})
#: blocks shown in the text as what they are, and blocks moved out of the reading text
CARD_BLOCKS = frozenset({"caption", "embedded_post"})
EXTRA_BLOCKS = frozenset({"related_links", "boilerplate"})
META_BLOCKS = frozenset({"dateline", "byline"})
_ATTRIBUTION_START = ("—", "–", "-", "―", "~")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a paragraph with one set of marks: a language run (``lang``/``dir``, empty
    when none), a repair (``note`` for the title, ``kind``; ``text`` may be empty for a
    deletion) and an inline block role (``"dateline"``/``"byline"`` or ``""``)."""

    text: str
    lang: str = ""
    dir: str = ""
    kind: str = ""
    note: str = ""
    role: str = ""
    entity: str = ""  # entity type (PERSON, ORGANIZATION, LOCATION, MISC) when inside a mention
    entity_note: str = ""  # its canonical name
    quote: str = ""  # "direct" / "partial" when inside a quotation
    quote_note: str = ""  # who said it, and the cue


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph ready to render."""

    text: str
    dir: str
    lang: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One thing in the reading text: ``kind`` ``"p"`` (a body paragraph), ``"caption"``,
    ``"embedded_post"``, ``"related_links"``, ``"boilerplate"``; ``cite`` is a post's
    attribution line; ``attrs`` the block's attributes."""

    kind: str
    paras: tuple[Para, ...]
    dir: str
    lang: str
    attrs: Mapping[str, Any] = field(default_factory=dict)
    cite: Para | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What the article page shows for one view."""

    view: str
    items: tuple[Item, ...]
    extras: tuple[Item, ...]
    meta: tuple[tuple[str, str], ...]
    counts: tuple[tuple[str, str, int], ...]
    raw: tuple[Piece, ...] = ()
    #: repairs proposed but not applied: (raw, proposed replacement, confidence, context)
    proposals: tuple[tuple[str, str, float, str], ...] = ()
    #: the headline cut at its entity mentions (``title_entities``; empty: shown as written)
    title: tuple[Piece, ...] = ()


def reading(article: Article, view: str = "read") -> Reading:
    """Build the page's reading text for ``view`` (unknown views read as ``"read"``)."""
    view = view if view in VIEWS else "read"
    counts = _counts(article.edits)
    props = _proposals(article) if view != "read" else ()
    if view == "original":
        return Reading(view, (), (), (), counts, _raw_pieces(article), props)
    text = article.text
    langs = article.layer("languages")
    para_langs = tuple(s for s in langs if s.attrs.get("level", "paragraph") == "paragraph")
    runs = tuple(s for s in langs if s.attrs.get("level") == "run")
    blocks = article.layer("blocks")
    marks = _text_marks(article) if view == "repaired" else ()
    ents = article.layer("entities")
    quotes = article.layer("quotes")
    spans = list(article.layer("paragraphs")) or _split(text)
    items: list[Item] = []
    extras: list[Item] = []
    meta: list[tuple[str, str]] = []
    grouped: dict[int, list[Para]] = {}
    order: list[tuple[Span | None, Para]] = []
    for span in spans:
        s, e = _strip(text, span.start, span.end)
        if s >= e:
            continue
        block = _block_of(s, e, blocks)
        if block is not None and block.label in META_BLOCKS:
            meta.append((block.label, text[s:e]))
            continue
        inline = tuple(b for b in blocks if b.label in META_BLOCKS and b.start < e and b.end > s)
        label = _dominant(s, e, para_langs)
        d = direction(label)
        para = Para(text[s:e], d, label if d != "auto" else "",
                    _pieces(text, s, e, runs, marks, inline, ents, quotes))
        order.append((block, para))
        if block is not None:
            grouped.setdefault(id(block), []).append(para)
    seen: set[int] = set()
    for block, para in order:
        if block is None or block.label not in CARD_BLOCKS | EXTRA_BLOCKS:
            items.append(Item("p", (para,), para.dir, para.lang))
            continue
        if id(block) in seen:
            continue
        seen.add(id(block))
        paras = grouped[id(block)]
        lang = str(block.attrs.get("language") or paras[0].lang or "")
        d = direction(lang)
        cite = None
        if block.label == "embedded_post" and len(paras) > 1 and \
                paras[-1].text.startswith(_ATTRIBUTION_START):
            cite, paras = paras[-1], paras[:-1]
        item = Item(block.label, tuple(paras), d, lang if d != "auto" else "",
                    dict(block.attrs), cite)
        (extras if block.label in EXTRA_BLOCKS else items).append(item)
    head = article.metadata.title or ""
    title_ents = article.layer("title_entities")
    title = _pieces(head, 0, len(head), (), (), (), title_ents) if head and title_ents else ()
    return Reading(view, tuple(items), tuple(extras), tuple(meta), counts, (), props, title)


def _proposals(article: Article) -> tuple[tuple[str, str, float, str], ...]:
    """The article's proposed (unapplied) repairs with ~30 code points of raw context."""
    raw = article.raw_text
    return tuple(
        (raw[p.raw_start : p.raw_end], p.replacement, p.confidence,
         visible(raw[max(0, p.raw_start - 30) : p.raw_end + 30]))
        for p in article.proposals)


def _counts(edits: Iterable[Edit]) -> tuple[tuple[str, str, int], ...]:
    c: dict[str, int] = {}
    for e in edits:
        c[e.kind] = c.get(e.kind, 0) + 1
    return tuple((k, REPAIR_NAMES.get(k, k), n)
                 for k, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def _note(e: Edit, raw: str) -> str:
    name = REPAIR_NAMES.get(e.kind, e.kind)
    return f"{name} ({e.kind}): «{visible(raw) or '∅'}» ← «{visible(e.replacement) or '∅'}»"


def _text_marks(article: Article) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, kind, note) over ``text`` for every marked repair."""
    out = []
    for e in article.edits:
        if e.kind in UNMARKED_KINDS:
            continue
        s, t = text_range(article, e)
        out.append((s, t, e.kind, _note(e, article.raw_text[e.raw_start : e.raw_end])))
    return tuple(out)


def _raw_pieces(article: Article) -> tuple[Piece, ...]:
    raw = article.raw_text
    out: list[Piece] = []
    pos = 0
    for e in article.edits:
        if e.kind in UNMARKED_KINDS or e.raw_start == e.raw_end:
            continue
        if e.raw_start > pos:
            out.append(Piece(raw[pos : e.raw_start]))
        name = REPAIR_NAMES.get(e.kind, e.kind)
        out.append(Piece(raw[e.raw_start : e.raw_end], kind=e.kind,
                         note=f"{name} ({e.kind}) → «{visible(e.replacement) or '∅'}»"))
        pos = e.raw_end
    if pos < len(raw):
        out.append(Piece(raw[pos:]))
    return tuple(out)


def _pieces(text: str, s: int, e: int, runs: tuple[Span, ...],
            marks: tuple[tuple[int, int, str, str], ...],
            inline: tuple[Span, ...], ents: tuple[Span, ...] = (),
            quotes: tuple[Span, ...] = ()) -> tuple[Piece, ...]:
    """Cut ``text[s:e]`` at every run, repair, inline-block, entity and quote boundary."""
    my_runs = [r for r in runs if r.start < e and r.end > s]
    my_marks = [m for m in marks if (m[0] < e and m[1] > s) or (m[0] == m[1] and s <= m[0] <= e)]
    my_ents = [x for x in ents if x.start < e and x.end > s]
    my_quotes = [x for x in quotes if x.start < e and x.end > s]
    if not my_runs and not my_marks and not inline and not my_ents and not my_quotes:
        return (Piece(text[s:e]),)
    cuts = {s, e}
    for r in (*my_runs, *inline, *my_ents, *my_quotes):
        cuts.update((max(s, r.start), min(e, r.end)))
    for m in my_marks:
        cuts.update((max(s, m[0]), min(e, m[1])))
    points = sorted(cuts)
    out: list[Piece] = []
    for i, a in enumerate(points):
        for m in my_marks:  # deletions: an empty mark at their position
            if m[0] == m[1] == a:
                out.append(Piece("", *_run_at(a, a + 1, my_runs), kind=m[2], note=m[3]))
        if i + 1 == len(points):
            break
        b = points[i + 1]
        mark = next((m for m in my_marks if m[0] <= a and b <= m[1] and m[0] < m[1]), None)
        role = next((x.label for x in inline if x.start <= a and b <= x.end), "")
        ent = next((x for x in my_ents if x.start <= a and b <= x.end), None)
        quote = next((x for x in my_quotes if x.start <= a and b <= x.end), None)
        out.append(Piece(
            text[a:b], *_run_at(a, b, my_runs), kind=mark[2] if mark else "",
            note=mark[3] if mark else "", role=role,
            entity=ent.label if ent else "",
            entity_note=str(ent.attrs.get("canonical") or "") if ent else "",
            quote=quote.label if quote else "",
            quote_note=_quote_note(quote, text) if quote else ""))
    return tuple(out)


def _quote_note(q: Span, text: str) -> str:
    """Tooltip of a quotation: ``speaker — cue``, the speaker as the article writes it (its
    mention in ``text``; the linked canonical name, which may be English, only when the
    mention lies elsewhere or is unknown)."""
    a, b = q.attrs.get("speaker_start"), q.attrs.get("speaker_end")
    written = text[a:b].strip() if isinstance(a, int) and isinstance(b, int) and a < b else ""
    speaker = written or str(q.attrs.get("speaker") or "?")
    cue = str(q.attrs.get("cue") or "")
    return f"{speaker} — {cue}" if cue else speaker


def _run_at(a: int, b: int, runs: list[Span]) -> tuple[str, str]:
    for r in runs:
        if r.start <= a and b <= r.end:
            d = direction(r.label)
            return (r.label if d != "auto" else "", d if d != "auto" else "")
    return ("", "")


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _split(text: str) -> list[Span]:
    spans, pos = [], 0
    while True:
        i = text.find("\n\n", pos)
        if i < 0:
            spans.append(Span(pos, len(text)))
            return spans
        spans.append(Span(pos, i))
        pos = i + 2


def _block_of(s: int, e: int, blocks: tuple[Span, ...]) -> Span | None:
    """The block covering at least half of ``[s, e)``, if any."""
    best, n_best = None, 0
    for b in blocks:
        n = min(b.end, e) - max(b.start, s)
        if n > n_best:
            best, n_best = b, n
    return best if best is not None and 2 * n_best >= e - s else None


def _dominant(s: int, e: int, layer: tuple[Span, ...]) -> str:
    cover: dict[str, int] = {}
    for x in layer:
        n = min(x.end, e) - max(x.start, s)
        if n > 0:
            cover[x.label] = cover.get(x.label, 0) + n
    return max(cover.items(), key=lambda kv: kv[1])[0] if cover else ""
