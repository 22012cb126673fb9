"""The aggregator dump format (``shared/seed/*.txt``): a header line and a breadcrumb.

A dump file looks like::

     date 2021-07 2021/07/26 | 23:55 - المصدر: العربية

    (موسوعة هذا اليوم للاخبار | اخبار العراق )- وقع الرئيس الأميركي ...

* header: ``date YYYY-MM YYYY/MM/DD | HH:MM - المصدر: OUTLET``. Tolerated: no ``date YYYY-MM``
  prefix, Arabic-Indic or Persian digits, ``-`` or ``.`` between date parts, no ``|``, no time,
  an ``ص``/``م``/AM/PM marker, ``المصدر :`` with spaces, ``-``/``–``/``—`` dashes, extra spaces,
  CRLF line ends. Either the ``date`` keyword or the ``المصدر`` part must be there.
* breadcrumb at the start of the body: ``(SITE | SECTION )-`` or ``(SITE)-``, with ``-``, ``–``
  or ``—`` (a double dash ``--``, as in ``(CNN) --``, is not a breadcrumb).

:func:`parse_dump` finds both and returns their code-point ranges, so that the extractor can
remove them from ``text`` with edits while ``raw_text`` stays whole. A pure parser of the
record format, in ``model/`` because two stages use it: the readers' format detection
(:func:`looks_like_dump`, ``sources``) and the dump extractor (``extract``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_D = r"[0-9\u0660-\u0669\u06F0-\u06F9]"  # ASCII, Arabic-Indic and Persian digits
_DASH = r"[-\u2013\u2014]"

HEADER_RE = re.compile(
    rf"""\A[\s\ufeff]*                                   # leading space / BOM left by a codec
    (?P<line>
      (?:(?P<kw>(?i:date))[ \t]+(?:(?P<ym>{_D}{{4}}[-/]{_D}{{1,2}})[ \t]+)?)?  # 'date 2021-07'
      (?P<y>{_D}{{4}})[/.\-](?P<m>{_D}{{1,2}})[/.\-](?P<d>{_D}{{1,2}})
      (?:[ \t]*\|?[ \t]*(?P<H>{_D}{{1,2}})[:\u066B](?P<M>{_D}{{2}})
         (?:[ \t]*(?P<ampm>ص|م|AM|PM|am|pm)\b)?)?
      (?:[ \t]*\|)?
      (?:[ \t]*{_DASH}?[ \t]*المصدر[ \t]*[:\uFF1A][ \t]*(?P<outlet>[^\r\n]*?))?
    )[ \t]*(?:\r?\n|\r|\Z)""",
    re.VERBOSE,
)

BREADCRUMB_RE = re.compile(
    rf"""\((?P<inner>[ \t]*(?P<site>[^()|\uFF5C\r\n]+?)[ \t]*
        (?:[|\uFF5C][ \t]*(?P<section>[^()\r\n]*?)[ \t]*)?)\)
    [ \t]*{_DASH}(?!{_DASH})""",
    re.VERBOSE,
)

_BLANK_RE = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class DumpParts:
    """What :func:`parse_dump` found. Offsets are code points into the decoded text.

    ``header`` and ``breadcrumb`` are ``(start, end)`` ranges to remove, each including the
    whitespace that follows it; ``body_start`` is where the body's first word starts.
    Header fields are strings as written (digits not yet converted) or ``None``.
    """

    header: tuple[int, int] | None
    header_line: str | None
    year: str | None
    month: str | None
    day: str | None
    hour: str | None
    minute: str | None
    ampm: str | None
    year_month: str | None
    outlet: str | None
    breadcrumb: tuple[int, int] | None
    breadcrumb_text: str | None
    site: str | None
    section: str | None
    body_start: int


def parse_dump(text: str) -> DumpParts | None:
    """Find the dump header and breadcrumb at the start of ``text``.

    Args:
        text: the decoded file.

    Returns:
        A :class:`DumpParts`, or ``None`` when neither a header nor a breadcrumb is there. A
        breadcrumb without a section counts only after a header (``(CNN)-`` alone is too weak).
    """
    pos = 0
    h = HEADER_RE.match(text)
    if h is not None and h.group("outlet") is None and h.group("kw") is None:
        h = None
    header = None
    if h is not None:
        pos = _BLANK_RE.match(text, h.end()).end()  # type: ignore[union-attr]
        header = (0, pos)
    else:
        pos = _BLANK_RE.match(text, 0).end()  # type: ignore[union-attr]
    b = BREADCRUMB_RE.match(text, pos)
    if b is not None and h is None and b.group("section") is None:
        b = None
    if h is None and b is None:
        return None
    crumb = None
    body = pos
    if b is not None:
        body = _BLANK_RE.match(text, b.end()).end()  # type: ignore[union-attr]
        crumb = (pos, body)

    def g(name: str) -> str | None:
        if h is None:
            return None
        v = h.group(name)
        return v.strip() if v is not None and v.strip() else None

    def bg(name: str) -> str | None:
        if b is None:
            return None
        v = b.group(name)
        return v.strip() if v is not None and v.strip() else None

    return DumpParts(
        header=header,
        header_line=h.group("line").strip() if h is not None else None,
        year=g("y"),
        month=g("m"),
        day=g("d"),
        hour=g("H"),
        minute=g("M"),
        ampm=g("ampm"),
        year_month=g("ym"),
        outlet=g("outlet"),
        breadcrumb=crumb,
        breadcrumb_text=b.group(0) if b is not None else None,
        site=bg("site"),
        section=bg("section"),
        body_start=body,
    )


def looks_like_dump(text: str) -> bool:
    """Whether ``text`` starts with a dump header or a ``(SITE | SECTION)-`` breadcrumb."""
    return parse_dump(text[:4096]) is not None
