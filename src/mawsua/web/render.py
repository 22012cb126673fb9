"""Pure helpers that turn model objects into what the templates show.

Nothing here touches the store or the request: times are shown *as given* (no zone is ever
invented or converted), paragraph direction comes from the article's ``languages`` layer, and
paging links keep the active filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import quote, urlencode

from babel.dates import get_timezone_location

from mawsua.app import outlets
from mawsua.app.connect import TOPIC_NAMES
from mawsua.app.languages import LANGUAGE_NAMES  # noqa: F401 - the menus' names, shared
from mawsua.model import Article, Span

#: Language labels written right to left (ISO 639 codes the language layer may use).
RTL_LANGUAGES: frozenset[str] = frozenset(
    {"ar", "arz", "apc", "acm", "ary", "fa", "ur", "ps", "he", "yi", "ku", "ckb", "sd", "ug",
     "dv", "syr"}
)
#: Labels that say "not one identified language": the browser decides (``dir="auto"``).
UNKNOWN_LANGUAGES: frozenset[str] = frozenset({"", "other", "und", "unknown", "mixed", "zxx"})


#: Note shown next to a local time whose zone the source did not give.
NOTE_ZONE_UNKNOWN = "بالتوقيت المحلي للمصدر؛ المنطقة الزمنية غير معروفة"

_PARA_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class ShownTime:
    """A publication time ready for display.

    ``text`` is the wall time as given (``YYYY-MM-DD HH:MM``, with the UTC offset in brackets
    when the source gave one); ``iso`` is the original ISO string for ``<time datetime>``;
    ``note`` explains what is not known (empty when nothing is missing).
    """

    text: str
    iso: str
    note: str = ""


def show_time(published: str | None, published_local: str | None,
              timezone: str | None = None) -> ShownTime | None:
    """Format a publication time *as given*, never converting between zones.

    ``published`` (ISO 8601, with an offset when the zone is known) wins over
    ``published_local`` (local wall time). A wall time without an offset is shown with
    :data:`NOTE_ZONE_UNKNOWN` unless ``timezone`` names the zone; a bare date needs no note.
    Returns ``None`` when neither is known; a string that is not ISO 8601 is shown unchanged.
    """
    value = published or published_local
    if not value:
        return None
    text, has_zone = _wall_time(value)
    if has_zone or _is_date(value):  # a bare date has no wall time whose zone could be missing
        note = ""
    else:
        note = zone_note(timezone) if timezone else NOTE_ZONE_UNKNOWN
    return ShownTime(text, value, note)


@lru_cache(maxsize=512)
def zone_note(timezone: str) -> str:
    """The Arabic note for a wall time in an IANA ``timezone``: ``"بتوقيت العراق"`` for
    ``Asia/Baghdad`` (Babel's CLDR Arabic zone locations), ``"بتوقيت غرينتش"`` for UTC/GMT; an
    unknown zone name is shown as given (``"بتوقيت Foo/Bar"``)."""
    name = timezone.strip()
    if name.upper() in ("UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT"):
        return "بتوقيت غرينتش"
    try:
        location = get_timezone_location(name, locale="ar")
    except (LookupError, ValueError):
        return f"بتوقيت {name}"
    if not location or "غير معروفة" in location:
        return f"بتوقيت {name}"
    return "ب" + location if location.startswith("توقيت") else f"بتوقيت {location}"


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return len(value.strip()) == 10


def _wall_time(value: str) -> tuple[str, bool]:
    """``("2021-07-26 23:55 (+03:00)", True)`` for an ISO string (an offset of zero is shown
    as ``(غرينتش)``, Arabic for GMT/UTC); the raw string otherwise."""
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat(), False
        dt = datetime.fromisoformat(value)
    except ValueError:
        return value, False
    fmt = "%Y-%m-%d %H:%M:%S" if dt.second else "%Y-%m-%d %H:%M"
    text = dt.strftime(fmt)
    if dt.tzinfo is None:
        return text, False
    offset = dt.strftime("%z")
    offset = "غرينتش" if offset in ("+0000", "-0000") else f"{offset[:3]}:{offset[3:]}"
    return f"{text} ({offset})", True


def text_dir(text: str | None) -> str:
    """The direction of a short text such as a headline, from its letters: ``"rtl"`` when it
    has at least as many right-to-left letters (Arabic, Hebrew, Syriac, Thaana blocks) as
    left-to-right ones, ``"ltr"`` when it has more left-to-right letters, ``"auto"`` with no
    letters. ``dir="auto"`` follows the FIRST strong letter only, so an Arabic headline that
    starts with a Latin name (``GE للعربية: …``) would be laid out left to right."""
    rtl = ltr = 0
    for ch in text or "":
        if ch.isalpha():
            if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc":
                rtl += 1
            else:
                ltr += 1
    if not rtl and not ltr:
        return "auto"
    return "rtl" if rtl >= ltr else "ltr"


def direction(label: str | None) -> str:
    """``"rtl"``, ``"ltr"`` or ``"auto"`` for a language label (``"ar"``, ``"en"``, ``"other"``)."""
    code = (label or "").strip().lower().replace("_", "-").split("-")[0]
    if code in UNKNOWN_LANGUAGES:
        return "auto"
    if code in RTL_LANGUAGES:
        return "rtl"
    return "ltr"


@dataclass(frozen=True, slots=True)
class ShownParagraph:
    """One paragraph to render: its ``text``, ``dir`` (rtl/ltr/auto), ``lang`` (a language
    code, or ``""`` when unknown) and ``block`` (the kind of block it lies in — ``caption``,
    ``embedded_post``... — or ``""``)."""

    text: str
    dir: str
    lang: str
    block: str


def paragraphs(article: Article) -> list[ShownParagraph]:
    """The article's paragraphs in text order, each with its direction.

    Uses the ``paragraphs`` layer (falling back to blank-line breaks in ``text`` when the layer
    is empty). A paragraph's language is the paragraph-level ``languages`` label covering most
    of it (spans with ``level="run"`` are left to the inline runs of
    :mod:`mawsua.web.reading`); with no language span over it the direction is ``auto``. Empty paragraphs are dropped.
    """
    text = article.text
    spans = list(article.layer("paragraphs")) or _split_paragraphs(text)
    langs = tuple(s for s in article.layer("languages")
                  if s.attrs.get("level", "paragraph") == "paragraph")  # not level="run"
    blocks = article.layer("blocks")
    out: list[ShownParagraph] = []
    for span in spans:
        body = text[span.start : span.end].strip()
        if not body:
            continue
        label = _dominant(span, langs)
        code = label if direction(label) != "auto" else ""
        block = _dominant(span, blocks, at_least=0.5)
        out.append(ShownParagraph(body, direction(label), code, block))
    return out


def _split_paragraphs(text: str) -> list[Span]:
    spans, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        spans.append(Span(pos, m.start(), "paragraph"))
        pos = m.end()
    spans.append(Span(pos, len(text), "paragraph"))
    return spans


def _dominant(span: Span, layer: tuple[Span, ...], at_least: float = 0.0) -> str:
    """The label of ``layer`` overlapping ``span`` most (``""`` when none covers ``at_least``
    of it)."""
    cover: dict[str, int] = {}
    for s in layer:
        if s.end <= span.start or s.start >= span.end:
            continue
        n = min(s.end, span.end) - max(s.start, span.start)
        if n > 0:
            cover[s.label] = cover.get(s.label, 0) + n
    if not cover:
        return ""
    label, n = max(cover.items(), key=lambda kv: kv[1])
    return label if n >= at_least * max(1, span.end - span.start) else ""


def query_string(params: Mapping[str, object], **changes: object) -> str:
    """``?a=1&b=2`` from ``params`` updated by ``changes``, dropping empty values (``""`` when
    nothing is left). Used for paging and filter links so each keeps the others."""
    merged = {**params, **changes}
    items = [(k, str(v)) for k, v in merged.items() if v not in (None, "")]
    return "?" + urlencode(items) if items else ""


@dataclass(frozen=True, slots=True)
class Pager:
    """Paging state for a list page: ``page`` (1-based), ``pages`` (at least 1), ``total``
    matches, the ``first``/``last`` row numbers shown (1-based, 0 when empty)."""

    page: int
    pages: int
    total: int
    first: int
    last: int

    @property
    def has_prev(self) -> bool:
        """True when a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True when a next page exists."""
        return self.page < self.pages


def pager(page: int, per_page: int, total: int, shown: int) -> Pager:
    """Build a :class:`Pager` for ``page`` of ``per_page`` rows with ``shown`` rows on it."""
    pages = max(1, -(-total // per_page))
    first = (page - 1) * per_page + 1 if shown else 0
    return Pager(page, pages, total, first, first + shown - 1 if shown else 0)


def id_path(article_id: str) -> str:
    """``article_id`` percent-encoded as ONE URL path segment (``/``, ``?`` and ``#`` included,
    so an id such as ``../../x`` or ``a/b?c`` never changes the route a browser asks for)."""
    return quote(article_id, safe="")


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an absolute ``http``/``https`` URL (safe as a link target), else
    ``None`` (``javascript:``, ``data:`` and relative URLs are shown as text, never linked)."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) else None




def section_name(code: str) -> str:
    """The Arabic name of a section code: a topic (:data:`TOPIC_NAMES`) or an ISO 3166 country
    (CLDR's Arabic territory name through babel); the code itself when unknown."""
    if code in TOPIC_NAMES:
        return TOPIC_NAMES[code]
    if len(code) == 2 and code.isascii() and code.isupper():
        from babel import Locale

        return str(Locale("ar").territories.get(code, code))
    return code


def source_section_name(value: str | None) -> str:
    """How to show a source's own section on the Arabic pages
    (:func:`mawsua.app.outlets.source_section_name`); display only."""
    return outlets.source_section_name(value)


def source_section_names(options: Iterable[tuple[str, int]]) -> dict[str, str]:
    """``{value: display name}`` for facet options ``[(value, count)]``
    (:func:`source_section_name`)."""
    return {v: source_section_name(v) for v, _ in options}


def speaker_label(speaker: str) -> str:
    """A quotation's speaker as an Arabic page shows it: the annotator's English label of an
    unnamed source whose words it did not keep (``unnamed sources``, ``unnamed official``) as
    ``مصدر غير مسمّى``; any other speaker as written."""
    return "مصدر غير مسمّى" if speaker.startswith("unnamed ") else speaker


#: counted nouns: (one, two, plural for 3–10, accusative singular for 11–99, genitive singular
#: for hundreds and thousands) — Arabic number agreement
COUNTED_NOUNS: dict[str, tuple[str, str, str, str, str]] = {
    "outlet": ("مصدر واحد", "مصدران", "مصادر", "مصدرًا", "مصدر"),
    "report": ("تقرير واحد", "تقريران", "تقارير", "تقريرًا", "تقرير"),
    "article": ("مقالة واحدة", "مقالتان", "مقالات", "مقالةً", "مقالة"),
    "mention": ("ذُكر مرة واحدة", "ذُكر مرتين", "مرات ذكر", "مرةً ذكر", "مرة ذكر"),
    "entity": ("كيان واحد", "كيانان", "كيانات", "كيانًا", "كيان"),
    "quote": ("اقتباس واحد", "اقتباسان", "اقتباسات", "اقتباسًا", "اقتباس"),
    "result": ("نتيجة واحدة", "نتيجتان", "نتائج", "نتيجةً", "نتيجة"),
}


def count_ar(n: object, noun: str) -> str:
    """``n`` of ``noun`` (a key of :data:`COUNTED_NOUNS`) as Arabic writes it: ``مصدر واحد``,
    ``مصدران`` (the dual has no numeral), ``3 مصادر`` (plural for 3–10, and 0), ``11 مصدرًا``
    (accusative singular when the last two digits are 11–99: ``111 مصدرًا``), ``100 مصدر``
    (genitive singular for round hundreds and thousands and what ends in 01–02 after them)."""
    try:
        k = int(n)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return f"{n} {COUNTED_NOUNS[noun][2]}"
    one, two, few, many, round_ = COUNTED_NOUNS[noun]
    if k == 1:
        return one
    if k == 2:
        return two
    if 11 <= k % 100 <= 99:
        return f"{k} {many}"
    if k >= 100 and k % 100 <= 2:
        return f"{k} {round_}"
    return f"{k} {few}"
