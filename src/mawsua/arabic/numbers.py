"""Arabic numbers as data: digits in three scripts, cardinal number words, ordinal day words.

Shapes:

* ``DIGITS``: a ``str.maketrans`` table mapping Arabic-Indic (٠-٩) and Persian (۰-۹) digits to
  ASCII.
* ``NUMBER_WORDS``: ``{word as written: (value, kind)}`` where ``kind`` is ``"add"`` (units, teens
  parts, tens, hundreds: added to the running group), ``"hundred"`` (مئة: multiplies the running
  group by 100), ``"scale"`` (ألف/مليون/مليار in singular or plural: closes the group, multiplying
  it) or ``"dual"`` (ألفين, مليونين...: adds 2 × scale).
* ``ORDINAL_DAYS``: ``{ordinal as written: 1..31}`` (``الرابع`` = 4, ``الحادي والعشرين`` = 21).

:func:`words_value` evaluates a sequence of number words joined by و: ``ألفين وخمسمائة`` = 2500,
``ثلاثة ملايين`` = 3 000 000, ``نصف مليون`` = 500 000, ``خمسة وعشرون`` = 25; a scale word right
after another scale word multiplies (``ألف مليون`` = 10⁹, ``مليار مليار مليار`` = 10²⁷), it is
never added.
"""

from __future__ import annotations

DIGITS: dict[int, int] = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_UNITS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحدة", "أحد", "إحدى", "احد", "احدى"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي", "إثنين", "إثنان"),
    3: ("ثلاث", "ثلاثة", "ثلاثه"),
    4: ("أربع", "أربعة", "اربع", "اربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية"),
    9: ("تسع", "تسعة"),
    10: ("عشر", "عشرة"),
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين", "اربعون", "اربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}

_HUNDRED_STEMS: dict[int, tuple[str, ...]] = {
    3: ("ثلاث",), 4: ("أربع", "اربع"), 5: ("خمس",), 6: ("ست",), 7: ("سبع",), 8: ("ثمان", "ثماني"),
    9: ("تسع",),
}


def _build() -> dict[str, tuple[float, str]]:
    out: dict[str, tuple[float, str]] = {}
    for value, words in _UNITS.items():
        for w in words:
            out[w] = (value, "add")
    for h in ("مئة", "مائة", "مئه", "مائه"):
        out[h] = (100, "hundred")
    for w in ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مائتا", "مئتي", "مائتي"):
        out[w] = (200, "add")
    for n, stems in _HUNDRED_STEMS.items():
        for s in stems:
            for h in ("مئة", "مائة"):
                out[s + h] = (n * 100, "add")
    for w in ("ألف", "الف", "آلاف", "الاف", "ألفا", "ألوف"):
        out[w] = (1_000, "scale")
    for w in ("ألفان", "ألفين", "الفين", "الفان", "ألفي", "ألفا"):
        out.setdefault(w, (1_000, "dual"))
    for w in ("مليون", "ملايين", "مليونا"):
        out[w] = (1_000_000, "scale")
    for w in ("مليونان", "مليونين", "مليوني"):
        out[w] = (1_000_000, "dual")
    for w in ("مليار", "مليارات", "مليارا", "بليون", "بلايين"):
        out[w] = (1_000_000_000, "scale")
    for w in ("ملياران", "مليارين", "ملياري"):
        out[w] = (1_000_000_000, "dual")
    for w in ("تريليون", "تريليونات"):
        out[w] = (1_000_000_000_000, "scale")
    out["نصف"] = (0.5, "add")
    out["ربع"] = (0.25, "add")
    return out


NUMBER_WORDS: dict[str, tuple[float, str]] = _build()

# Multiplier words that may follow a digit number (``3 ملايين``, ``7ر10 مليار``).
SCALES: dict[str, int] = {w: int(v) for w, (v, k) in NUMBER_WORDS.items() if k == "scale"}

# Words that are numbers only inside a compound: alone they mean "one of", "someone", "half".
NOT_ALONE: frozenset[str] = frozenset(
    _UNITS[1] + _UNITS[2] + ("عشر", "ست", "سبع", "نصف", "ربع", "آلاف", "الاف", "ألوف", "ملايين",
                             "مليارات", "بلايين", "ثمان", "خمس", "تسع", "ثلاث")
)

_ORD_1_10 = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
             "التاسع", "العاشر")
_ORD_UNIT = ("الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
             "التاسع")


def _ordinals() -> dict[str, int]:
    out = {w: i for i, w in enumerate(_ORD_1_10, start=1)}
    out["الاول"] = 1
    out["الأولى"] = 1
    for i, w in enumerate(_ORD_UNIT, start=1):
        out[f"{w} عشر"] = 10 + i
        out[f"{w} والعشرين"] = 20 + i
    out["العشرين"] = 20
    out["الثلاثين"] = 30
    out["الحادي والثلاثين"] = 31
    return out


ORDINAL_DAYS: dict[str, int] = _ordinals()


def to_ascii_digits(s: str) -> str:
    """``s`` with Arabic-Indic and Persian digits replaced by ASCII ones."""
    return s.translate(DIGITS)


def words_value(words: list[str]) -> float | None:
    """The value of number words in reading order (each may carry a leading و), or None.

    Groups below 1000 add up (``خمسة وعشرون``), مئة multiplies the running group, a scale word
    closes the group (``ثلاثة آلاف``; a bare scale counts as 1 of it), a dual adds twice its scale
    (``ألفين``). ``نصف مليون`` = 0.5 × 10⁶; a fraction joined by و after a scale is a fraction
    of that scale (``مليون ونصف`` = 1.5 × 10⁶, ``ثلاثة آلاف وربع`` = 3250; ``ألف ونصف ألف`` =
    1500 the plain way). A scale or dual right after a scale or dual (no
    number word and no و between) multiplies the amount that one closed: ``ألف مليون`` = 10⁹,
    ``ثلاثة آلاف مليون`` = 3 × 10⁹, ``مليار مليار`` = 10¹⁸.
    """
    total = 0.0
    group = 0.0
    last = 0.0  # amount added by the previous word when it was a scale or dual, else 0
    scale = 0.0  # the scale (1000, 10⁶...) of the previous word when it was a scale or dual
    for i, raw in enumerate(words):
        w = raw
        if w not in NUMBER_WORDS and w[:1] == "و":
            w = w[1:]
        entry = NUMBER_WORDS.get(w)
        if entry is None:
            return None
        value, kind = entry
        nxt = NUMBER_WORDS.get(words[i + 1].removeprefix("و")) if i + 1 < len(words) else None
        if kind == "add" and value < 1 and last and not group and w != raw \
                and (nxt is None or nxt[1] not in ("scale", "dual")):
            total += value * scale  # مليون ونصف: a fraction of the scale just closed
            last = scale = 0.0
            continue
        scale = value if kind in ("scale", "dual") else 0.0
        if kind in ("dual", "scale") and last and not group and w == raw:  # مليار مليار
            amount = last * value * (2 if kind == "dual" else 1)
            total += amount - last
            last = amount
            continue
        if kind == "add":
            group += value
            last = 0.0
        elif kind == "hundred":
            group = (group or 1) * 100
            last = 0.0
        elif kind == "dual":
            last = group * value if group else 2 * value
            total += last
            group = 0
        else:  # scale
            last = (group or 1) * value
            total += last
            group = 0
    return total + group
