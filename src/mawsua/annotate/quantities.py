"""The ``"quantities"`` layer (issue 4, docs/annotations.md): numbers with their unit or noun.

Each span covers the quantity phrase: the number and, when there is one, its scale word,
percent sign or words and counted noun (``2500 جندي``, ``18 عاما``, ``7ر10 مليار دولار``, ``15 في
المائة``), with what belongs to them — a bound or approximation before it (``أكثر من``, ``ما
يزيد على``, ``أقل من``, ``نحو``, ``ما يقارب``; a proclitic ``ل``/``ب`` before it stays out), a
definite ``الـ`` glued to the number, an indefinite relative adjective or unit shape after the
noun (``فرنك سويسري``, ``متراً مربعاً``; not the directions ``شمالي``...), ``آخرين``, the
feminine pair (``طالب وطالبة``), a partitive after a bare number (``400 من الانفصاليين``, ``7
منهم``) and ``من عمره`` after an age. This is the dev gold's convention; when the phrase is
longer than the number, scale and noun (the seed gold's convention), ``attrs`` also has
``core_start``/``core_end``. ``label`` is ``count``, ``money``, ``percent``, ``measure`` or
``duration``; ``attrs``: ``value`` (int when whole, else float, scale applied: ``3 ملايين`` =
3000000), ``unit`` (English lemma or ISO 4217 code from :mod:`mawsua.arabic.units`, or null),
``noun`` (the word after the number as written, or null), ``approx`` (bool: ``نحو``, ``حوالي``,
``قرابة``, ``زهاء``, ``ما يقارب`` before it), ``modifier`` (``approx``, ``more_than`` or
``less_than``, TimeML's ``mod``; a negation flips a bound: ``ألا يتجاوز`` is ``less_than``).

Numbers: digits in ASCII, Arabic-Indic or Persian; thousands separators ``,`` and ``٬``, and
``.`` when there are two or more (``3.075.601``; one dot is a decimal point);
decimals ``.``, ``٫`` and the ``ر`` some outlets print between digits (``3ر5`` = 3.5); number
words (``ألفين وخمسمائة`` = 2500, ``نصف مليون``; see :mod:`mawsua.arabic.numbers`), where the
words for one and two and a few short ambiguous words are taken only inside a compound.

Visual-order repair: a bidi-unaware scraper can leave the groups of a number in visual order
around a direction mark (``500\u200f,\u200f2`` for 2,500). The clean stage deletes the marks
(edits of kind ``bidi_controls``), so the rule looks at both the marks still in ``text`` and the
positions of deleted marks: when a number's comma groups are separated by a mark, are not a valid
thousands grouping in written order (every group after the first must have 3 digits) and are
valid reversed, the value is read reversed and ``attrs["visual_order"]`` is true. Decimals
around a mark (``38.\u200f57``) are ambiguous and kept in written order.

A range whose scale word is on its second bound (``ما بين أربعة إلى خمسة ملايين مسلم``,
``بين 3 و5 مليارات دولار``) after بين/من is one span: ``value`` the first bound with that scale,
``value_max`` the second, ``kind`` ``range`` — when the first number is smaller than the
second's (``بين 7000 و10 آلاف`` stays two).

Not quantities: labels — a list marker opening a line (``1 - السن:``, ``2. إلغاء``), a rank
(``المصنفة 55 عالميا``, ``المركز 23 عالميا``), a section (``الفصل 301 من القانون``, when no
unit follows), a model or mission after a vehicle or device and its name (``مركبة أبولو 11``,
``هاتف آيفون 6``); durations in months, weeks, days, hours, minutes or seconds (the timexes layer
holds them; years stay, as ages are written the same way), a number after ``الـ`` with no noun
(a rank: ``دور الـ16``; a day: ``قبل الـ 20 منه``), 4-digit years (1300-2100 with no unit noun after them), numbers inside a
date, time or deadline timex (durations may overlap: ``18 عاما`` is both) and numbers followed by
a month name of any calendar or regional set (``30 صفر``, ``31 محرم``, ``5 كانون الثاني``: a day,
even an impossible one or one the timexes leave unresolved; a month name is never a counted noun).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from mawsua.annotate.timexes import scan, token_spans, trigger_tokens, windows
from mawsua.arabic.months import GREGORIAN_MONTHS, HIJRI_MONTHS, WEEKDAYS
from mawsua.arabic.numbers import NOT_ALONE, NUMBER_WORDS, SCALES, to_ascii_digits, words_value
from mawsua.arabic.units import NOT_NOUNS, PERCENT_WORDS, QUALIFIED_CURRENCIES, UNITS
from mawsua.model import Article, Span

LAYER = "quantities"

_MARKS = "\u200e\u200f\u061c"


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_D = "[0-9٠-٩۰-۹]"
_M = f"[{_MARKS}]*"
_NW = _alt(w for w in NUMBER_WORDS if len(w) > 1)
_NUM_RE = re.compile(
    rf"(?:(?<=الـ)|(?<![\w:/.٫,٬\-]))(?:[وبل](?=[\u0621-\u064a]|{_D}))?(?P<c>(?P<d>{_D}{{1,3}}(?:\.{_D}{{3}}){{2,}}|{_D}+(?:{_M}[,٬]{_M}{_D}+)*"
    rf"(?:{_M}[.٫]{_M}{_D}+|ر{_D}+)?)|(?P<w>(?:{_NW})(?:[^\S\n]+و?(?:{_NW}))*)(?![\u0621-\u064a]))"
    rf"(?![\w:/]|[.٫,٬]{_D})"
)
_AFTER = re.compile(
    rf"(?:[^\S\n]+(?P<scale>{_alt(SCALES)})(?![\u0621-\u064a]))?(?:[^\S\n]*(?P<pct>[%٪])|"
    rf"[^\S\n]+(?P<pw>{_alt(PERCENT_WORDS)})|[^\S\n]+(?P<noun>[\u0621-\u064a\u064b-\u0652]{{2,}})"
    rf"(?:[^\S\n]+(?P<noun2>[\u0621-\u064a]{{2,}}))?)?"
)
# Where to look (see "Where to look" in mawsua.annotate.timexes): a number starts at a digit run
# or at a number word (whole token, bare or after و/ب/ل); its later digit groups and words are
# triggers too, so the window only has to reach past the separator or space to the next one and
# over the final lookahead.
_NUMBER_TRIGGERS = trigger_tokens((w for w in NUMBER_WORDS if len(w) > 1), "وبل")
_DIGIT_RUN_RE = re.compile(f"{_D}+")
_TOKEN_RE = re.compile(r"\w+")
_MARGINS = (1, 16)  # one before: the proclitic و/ب/ل glued to a digit (و10%)
_APPROX = re.compile(r"(?:نحو|حوالي|حوالى|قرابة|زهاء|ما يقارب|ما يقرب من|تقريبا)\s+$")
# A bound or approximation right before the number (with a definite ``الـ`` between them),
# taken into the span with its ``modifier`` (the dev gold's convention, after TimeML's mod).
_MODIFIER_BEFORE = re.compile(
    r"(?<![\w])[وفلب]?(?P<mod>(?P<approx>نحو|حوالي|حوالى|قرابة|زهاء|ما يقارب|ما يقرب من|يقارب|تقارب)|"
    r"(?P<more>أكثر من|اكثر من|ما يزيد على|ما يزيد عن|يزيد على|يزيد عن|ما يربو على|أزيد من|"
    r"ما لا يقل عن|لا يقل عن|أعلى من|تفوق|يفوق|تتجاوز|يتجاوز|تجاوزت|تجاوز)|"
    r"(?P<less>أقل من|اقل من|ما دون|لا يزيد على|لا يزيد عن|ما لا يزيد على|ما لا يزيد عن|"
    r"أدنى من))[^\S\n]+(?:الـ[^\S\n]?)?$")
_NEGATION_BEFORE = re.compile(r"(?<![\w])[وف]?(?:ألا|الا|لا|لن|لم)[^\S\n]+$")
_DEFINITE_BEFORE = re.compile(r"(?<![\w])الـ[^\S\n]?$")
#: a number that names something (a law, a decision, a match, a flight) rather than counts:
#: after رقم "number" (القانون رقم 76, برقم 12), or joined by a dash to another number with no
#: (a score «1-3», «2 - 1», a code «2-14», a range «3-5 أيام» whose bounds this annotator does
#: not model: the first number is left out, and the second when no percent sign follows it)
#: Also after a noun that a number identifies rather than counts (user test s22): an article,
#: clause, decision or law (المادة 90, القرار 105, لسنة 67 قضائية), a match minute or round (الدقيقة
#: 29, الجولة 25), a model (طراز/بوينغ 777), an isotope (البولونيوم 210), an issue, page, flight or
#: rank (الصفحة, الرحلة, المرتبة 3); and a weekday with a bare number, the day of the month
#: (الأربعاء 14 مارس, الخميس 28،), while a count after a weekday stays (أمس الاثنين 10 حالات).
_ID_BEFORE = re.compile(
    r"(?<![\w])[وبلف]?(?:(?:ال)?(?:رقم|ماد[ةه]|قرار|قانون|جول[ةه]|فقر[ةه]|بند|طراز|بوينغ|بوينج|"
    r"إيرباص|ايرباص|بولونيوم|يورانيوم|صفح[ةه]|رحل[ةه]|مرتب[ةه]|طابق|كيلو)|الدقيق[ةه]|"
    r"المصنف[ةه]?|المصنفين)"
    r"[^\S\n]*[:#(]?[^\S\n]*$")  # المادة (27): the number in brackets too
#: a phone, account or case number: a bare digit run of 4+ digits with a leading zero
#: (``0504610646``), or of 9+ digits without a unit after it (an amount that large is
#: written with a scale word or digit groups)
_CODE_DIGITS = re.compile(r"[0٠۰][0-9٠-٩۰-۹]{3,}")
_LONG_DIGITS = re.compile(r"[0-9٠-٩۰-۹]{9,}")
_WEEKDAY_BEFORE = re.compile(rf"(?<![\w])[وف]?(?:يوم[^\S\n]+)?(?:{_alt(WEEKDAYS)})[^\S\n]*$")
#: what follows a day of the month after a weekday (الأربعاء 14 مارس, الخميس 28، ...)
_DAY_OF_MONTH_AFTER = re.compile(
    rf"[^\S\n]*(?:$|[.,،؛:)\]/\-–]|(?:من[^\S\n]+)?(?:الشهر|شهر|"
    rf"{_alt((*GREGORIAN_MONTHS, *HIJRI_MONTHS))})(?![\w]))")
_NUMBER_DASH = re.compile(rf"[^\S\n]*[-–][^\S\n]*(?:{_D}+|صفر)(?![\w٫,٬]|[.]{_D})")
#: a case's judicial year: «الدعوى رقم 123 لسنة 67 قضائية»
_JUDICIAL_YEAR = re.compile(r"[^\S\n]+قضائي")
_PERCENT_NEXT = re.compile(r"[^\S\n]*[%٪]")
#: a number written with a decimal comma (one or two digits after it) before a percent sign
#: or word: «5,45 في المئة», «2,5%» (a thousands comma has three digits after it)
_DECIMAL_COMMA = re.compile(r"(\d+)[,٬](\d{1,2})")
_PERCENT_AFTER = re.compile(rf"[^\S\n]*(?:[%٪]|{_alt(PERCENT_WORDS)})")
# «(50) ألف ريال», «( 120 ) مليون», «(3) دولارات»: official style brackets the digits and
# leaves the scale and the unit outside
_PAREN_OPEN = re.compile(r"\([^\S\n]*$")
_PAREN_CLOSE = re.compile(r"[^\S\n]*\)(?=[^\S\n]*[%٪]|[^\S\n]+[\u0621-\u064a])")
_DASH_NUMBER_BEFORE = re.compile(rf"{_D}[^\S\n]*[-–][^\S\n]*$")
# Time units that make a number a duration, which the timexes layer holds: not repeated as a
# quantity (dev gold convention). Years stay: «18 عاما» is as often an age, and ages are
# quantities.
_TIME_UNITS = frozenset({"months", "weeks", "days", "hours", "minutes", "seconds"})
# «الـ18 من عمره»: an age written with the noun «عمر» after the number
_AGE_AFTER = re.compile(r"[^\S\n]+من[^\S\n]+(?:عمره|عمرها|عمرهم|العمر)(?![\w])")
# words after a counted noun that belong to it: an indefinite relative adjective (ريال سعودي,
# فرنك سويسري, طن إضافي), a shape of a unit (متر مربع), or the feminine pair (طالب وطالبة)
_NOUN_TAIL = re.compile(
    r"[^\S\n]+(?P<w>(?!ال|شمالي|جنوبي|شرقي|غربي)[\u0621-\u064a]{3,}(?:ي|ية|يين|يون)|"
    r"(?:مربع|مكعب)(?:ا|ة)?[\u064b-\u0652]*|آخرين|آخرون|أخرى|اخرى|آخر|اخرين)(?![\w])")
# a partitive after a bare number: «400 من الانفصاليين», «7 منهم»
_PARTITIVE = re.compile(r"[^\S\n]+(?:منهم|منهن|منها|من[^\S\n]+ال[\u0621-\u064a]{3,})(?![\w])")
# «الـ 20 منه», «الـ15 من الشهر»: the day of a month named before, not a quantity
_DAY_OF_MONTH = re.compile(r"[^\S\n]+(?:منه|من الشهر)(?![\w])")
_PAIR_TAIL = re.compile(r"[^\S\n]+و(?P<w>[\u0621-\u064a]{2,})(?![\w])")
_GROUPS = re.compile(r"[,٬]")
_HARAKAT = {c: None for c in range(0x064B, 0x0653)}
_MONTH_AFTER = re.compile(
    rf"[^\S\n]+(?:من[^\S\n]+)?(?:شهر[^\S\n]+)?(?:{_alt([*GREGORIAN_MONTHS, *HIJRI_MONTHS])})"
    r"(?![\w])"
)
_DATE_LABELS = frozenset({"date", "time", "datetime", "deadline", "set"})


#: two or more dots between groups of three digits are thousands separators (``3.075.601``);
#: one dot stays a decimal point (``3.075`` = 3.075)
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
#: a list marker: a number opening a line, then a dash, bracket or full stop (``1 - السن:``)
_LINE_START = re.compile(r"(?:^|\n)[^\S\n]*$")
_MARKER_AFTER = re.compile(r"[^\S\n]*[-–).](?![0-9٠-٩۰-۹])")
#: a rank in a world or local table after the number: ``المصنفة 55 عالميا``
_RANK_AFTER = re.compile(r"[^\S\n]+(?:عالميا|عالمياً|عالميًا|محليا|عربيا|آسيويا|اسيويا|أفريقيا)(?![\w])")
#: a vehicle, craft or device and its one-word name before a number with no counted noun:
#: the number is the model or mission (مركبة أبولو 11, هاتف آيفون 6, الصاروخ سويوز 2)
_MODEL_BEFORE = re.compile(
    r"(?<![\w])[وبلف]?(?:ال)?(?:مركب[ةه]|مسبار|صاروخ|مكوك|قمر|طائر[ةه]|مقاتل[ةه]|دباب[ةه]|سفين[ةه]|"
    r"غواص[ةه]|هاتف|جهاز|سيار[ةه]|مهم[ةه]|منظوم[ةه]|نسخ[ةه]|إصدار|اصدار|موديل)"
    r"[^\S\n]+(?!ال)[\u0621-\u064a]{3,}[^\S\n]+$")
#: a section or chapter of a law or a book (الفصل 301 من القانون), when no unit follows: after
#: الفصل "the dismissal" a length stays (مضى على هذا الفصل 3 سنوات)
_SECTION_BEFORE = re.compile(r"(?<![\w])[وبلف]?الفصل[^\S\n]*$")
#: a broadcaster's letters before a number (قناة تي في 3, راديو إف إم 90): a channel's name
_CHANNEL_BEFORE = re.compile(r"(?<![\w])(?:تي[^\S\n]?في|تي[^\S\n]?ڤي|إف[^\S\n]?إم|اف[^\S\n]?ام|أف[^\S\n]?أم|TV|FM)"
                             r"[^\S\n]*$")
#: the first word of a compound ordinal (الرابعة عشرة "the fourteenth", في الحادي عشر من
#: الشهر) -> its units: the number word after it is part of the ordinal, not a count
_ORDINAL_UNITS = {f"{a}{w}{e}": n for n, w in enumerate(
    ("حادي", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع"), 1)
    for a in ("ال", "") for e in ("", "ة")}
_ORDINAL_BEFORE = re.compile(rf"(?<![\w])[وبلف]?(?P<o>{_alt(_ORDINAL_UNITS)})[^\S\n]+$")
#: a definite tens or units word before a scale word (الثمانين مليون نسمة, الثلاثين ألف): one
#: number, the article being the noun phrase's (``الـ80 مليون`` is read by _DEFINITE_BEFORE)
_DEFINITE_WORD_BEFORE = re.compile(rf"(?<![\w])[وبلف]?ال(?P<n>{_NW})[^\S\n]+$")
#: the first number of a range whose scale word is on the second: «ما بين أربعة إلى خمسة ملايين
#: مسلم», «بين 3 و5 مليارات» (the first bound is 4 000 000, not 4)
_RANGE_FROM = re.compile(r"(?<![\w])(?:ما[^\S\n]+)?(?:بين|من)[^\S\n]+$")
_RANGE_GAP = re.compile(r"[^\S\n]*(?:إلى|الى|و)[^\S\n]*")
_RANGE_TO = re.compile(r"[^\S\n]*(?:إلى|الى)[^\S\n]*|[^\S\n]+و[^\S\n]+|[^\S\n]+(?=و)")


def _digits_value(raw: str, mark_inside: bool) -> tuple[float, bool, int] | None:
    """(value, visual_order, length kept) of a digit number as matched (marks included)."""
    s = to_ascii_digits(raw)
    clean = s.translate({ord(c): None for c in _MARKS})
    if _DOTTED_THOUSANDS.fullmatch(clean):  # 3.075.601: dots as thousands separators
        return float(clean.replace(".", "")), False, len(raw)
    dec = ""
    for sep in (".", "٫", "ر"):
        if sep in clean:
            clean, dec = clean.split(sep, 1)
            break
    groups = _GROUPS.split(clean)
    visual = False
    if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
        rev = groups[::-1]
        if mark_inside and not dec and 1 <= len(rev[0]) <= 3 and all(len(g) == 3 for g in rev[1:]):
            groups, visual = rev, True
        else:  # a list ("1,2") or a European decimal: keep the first group only
            keep = len(re.match(rf"{_D}+", raw).group())  # type: ignore[union-attr]
            return float(groups[0]), False, keep
    try:
        value = float("".join(groups) + ("." + dec if dec else ""))
    except ValueError:
        return None
    return value, visual, len(raw)


#: largest integer a JSON reader is sure to hold exactly (IEEE-754 doubles); bigger whole
#: numbers are given as floats rather than as integers some readers (and orjson) refuse
MAX_EXACT_INT = 2**53


def _json_number(value: float) -> int | float:
    """``value`` as an int when it is whole and exactly representable, else as a float."""
    if value != value or value in (float("inf"), float("-inf")):
        return float(value)
    return int(value) if value == int(value) and abs(value) < MAX_EXACT_INT else float(value)


def _noun_unit(noun: str | None, noun2: str | None) -> tuple[str | None, str | None, str, int]:
    """(noun, unit, label, words used) of the words after a number."""
    if not noun or noun in NOT_NOUNS or noun in NUMBER_WORDS:
        return None, None, "count", 0
    if noun2 and f"{noun} {noun2}" in QUALIFIED_CURRENCIES:
        return f"{noun} {noun2}", QUALIFIED_CURRENCIES[f"{noun} {noun2}"], "money", 2
    noun_key = noun.translate(_HARAKAT)
    hit = UNITS.get(noun_key) or (UNITS.get(noun_key[2:]) if noun_key.startswith("ال") else None)
    if hit:
        return noun, hit[0], hit[1], 1
    return noun, None, "count", 1


def _bidi_positions(article: Article) -> list[int]:
    if not any(e.kind == "bidi_controls" for e in article.edits):
        return []
    al = article.alignment
    return [al.to_text(e.raw_start) for e in article.edits if e.kind == "bidi_controls"]


def find_quantities(text: str, skip: list[tuple[int, int]] = (),  # type: ignore[assignment]
                    deleted_marks: list[int] = ()) -> list[Span]:  # type: ignore[assignment]
    """Quantity spans of ``text``; ``skip`` are ranges (date timexes) whose numbers are not
    quantities; ``deleted_marks`` are text offsets where the clean stage removed bidi marks."""
    spans: list[Span] = []
    last_end = 0
    skip = sorted(skip)
    skip_starts = [s for s, _ in skip]
    longest_skip = max((e - s for s, e in skip), default=0)
    marks = sorted(deleted_marks)

    def skipped(start: int, end: int) -> bool:
        # ranges starting before ``end`` and not too far before ``start`` (bisection: linear)
        hi = bisect_left(skip_starts, end)
        lo = bisect_left(skip_starts, start - longest_skip, 0, hi)
        return any(start < e for _, e in skip[lo:hi])

    starts = [m.span() for m in _DIGIT_RUN_RE.finditer(text)]
    starts += token_spans(text, _NUMBER_TRIGGERS, set(_TOKEN_RE.findall(text)))
    pending: tuple[int, float] | None = None  # (start, value) of a range's first bound
    for m in scan(_NUM_RE, text, windows(starts, *_MARGINS, len(text))):
        start, end = m.start("c"), m.end("c")
        if start < last_end or skipped(start, end):
            continue
        if (_ID_BEFORE.search(text, max(0, start - 16), start) and not _PERCENT_NEXT.match(
                text, end)) or _JUDICIAL_YEAR.match(text, end) or (
                m["d"] and _CODE_DIGITS.fullmatch(m["d"])) or (
                m["d"] and _WEEKDAY_BEFORE.search(text, max(0, start - 16), start)
                and _DAY_OF_MONTH_AFTER.match(text, end)) or (m["d"] and (
                _NUMBER_DASH.match(text, end) or (
                    _DASH_NUMBER_BEFORE.search(text, max(0, start - 8), start)
                    and not _PERCENT_NEXT.match(text, end)))) or _RANK_AFTER.match(text, end) or (
                m["d"] and _LINE_START.search(text, max(0, start - 8), start)
                and _MARKER_AFTER.match(text, end)):
            last_end = end
            continue  # an identifier, a score, a rank or a list marker, not an amount
        visual = False
        if m["d"]:
            raw = m["d"]
            inside = any(c in raw for c in _MARKS) or (
                bisect_right(marks, start) < bisect_left(marks, end))
            got = _digits_value(raw, inside)
            if got is None:
                continue
            value, visual, keep = got
            comma = _DECIMAL_COMMA.fullmatch(to_ascii_digits(raw))
            if comma and _PERCENT_AFTER.match(text, end):  # «5,45 في المئة»: a decimal comma
                value, keep = float(f"{comma[1]}.{comma[2]}"), len(raw)
            end = start + keep
        else:
            words = m["w"].split()
            if words[0] in ("عشر", "عشرة") and (
                    ordinal := _ORDINAL_BEFORE.search(text, max(0, start - 12), start)):
                age = _AGE_AFTER.match(text, end)
                if age is None:
                    last_end = end
                    continue  # الرابعة عشرة, الحادي عشر من الشهر: an ordinal, no amount
                # في الرابعة عشرة من العمر: the ordinal age is the age (a quantity, gold)
                start = ordinal.start("o")
                spans.append(Span(start, age.end(), "count", {
                    "value": _ORDINAL_UNITS[ordinal["o"]] + 10, "unit": "years", "noun": None,
                    "approx": False, "core_start": start, "core_end": end}))
                last_end = age.end()
                continue
            if words[0] in SCALES and (
                    tens := _DEFINITE_WORD_BEFORE.search(text, max(0, start - 14), start)) \
                    and words_value([tens["n"]]) is not None:
                words = [tens["n"], *words]  # الثمانين مليون: 80 million
                start = tens.start("n") - 2
            if len(words) == 1 and words[0] in NOT_ALONE:
                nxt = _AFTER.match(text, end)
                if not (nxt and nxt["scale"]):
                    continue
            got_w = words_value(words)
            if got_w is None:
                continue
            value = got_w
        if _MONTH_AFTER.match(text, end):
            continue  # a day of a month (see the module docstring)
        opened = None
        tail = _AFTER.match(text, end)
        if m["d"] and (closed := _PAREN_CLOSE.match(text, end)) and (
                opened := _PAREN_OPEN.search(text, max(0, start - 3), start)):
            outside = _AFTER.match(text, closed.end())
            if outside["scale"] or outside["pct"] or outside["pw"] or _noun_unit(
                    outside["noun"], outside["noun2"])[1]:
                end, tail = closed.end(), outside  # the scale or unit after the bracket
            else:
                opened = None
        scale = tail["scale"] if tail else None
        if scale:
            value *= SCALES[scale]
        unit: str | None
        noun, unit, label = None, None, "count"
        if tail and (tail["pct"] or tail["pw"]):
            unit, label = "percent", "percent"
            new_end = tail.end()
        else:
            noun, unit, label, used = _noun_unit(tail["noun"] if tail else None,
                                                 tail["noun2"] if tail else None)
            if used == 2:
                new_end = tail.end()  # type: ignore[union-attr]
            elif used == 1:
                new_end = tail.end("noun")  # type: ignore[union-attr]
            else:
                new_end = tail.end("scale") if scale else end  # type: ignore[union-attr]
        if m["d"] and unit is None and not scale and _LONG_DIGITS.fullmatch(m["d"]):
            continue  # an account or phone number
        if noun is None and not scale and label == "count" and (_MODEL_BEFORE.search(
                text, max(0, start - 32), start) or _SECTION_BEFORE.search(
                text, max(0, start - 10), start) or _CHANNEL_BEFORE.search(
                text, max(0, start - 8), start)):
            last_end = end
            continue  # مركبة أبولو 11, الفصل 301 من القانون: a model, mission or section number
        if not scale and label == "count" and noun is None and (
                upper := _range_upper(text, end)) is not None and value < upper[2] and \
                _RANGE_FROM.search(text, max(0, start - 12), start):
            pending = (start, value * upper[1])  # the first bound, with the second's scale
            continue
        is_year = (m["d"] and not scale and value == int(value) and 1300 <= value <= 2100
                   and len(m["d"]) == 4 and unit is None)
        if is_year or (label == "duration" and unit in _TIME_UNITS):
            continue
        if new_end > end:
            end = new_end
        core_end = end
        definite = _DEFINITE_BEFORE.search(text, max(0, start - 4), start)
        if definite is not None and noun is None and _DAY_OF_MONTH.match(text, end):
            continue
        if definite is not None and not scale and label == "count" and unit is None and (
                noun is None and not _AGE_AFTER.match(text, end) or noun and noun[0] in "لو"):
            continue  # «دور الـ16», «الحكومة الـ35», «الـ 16 لدوري»: a rank, not an amount
        if noun is not None and used_noun(tail):
            end = _noun_tail(text, end, noun)
        elif noun is None and (age := _AGE_AFTER.match(text, end)):
            end, unit = age.end(), "years"
        elif noun is None and not scale and label == "count" and (
                part := _PARTITIVE.match(text, end)):
            end = part.end()
        attrs: dict[str, Any] = {
            "value": _json_number(value),
            "unit": unit, "noun": noun,
            "approx": bool(_APPROX.search(text, max(0, start - 14), start)),
        }
        if pending is not None and pending[0] < start and (scale or _words_scale(m)) and _RANGE_GAP.fullmatch(
                text, _range_gap_start(text, pending[0]), start):
            start = pending[0]  # «أربعة إلى خمسة ملايين»: one range from the first bound
            attrs["value"], attrs["value_max"], attrs["kind"] = (
                _json_number(pending[1]), attrs["value"], "range")
        pending = None
        core_start = start
        if opened is not None:
            start = opened.start()
        before = _MODIFIER_BEFORE.search(text, max(0, start - 24), start)
        if before is not None:
            start = before.start("mod")
            bound = "more_than" if before["more"] else "less_than"
            if not before["approx"] and "لا" not in before["mod"] and _NEGATION_BEFORE.search(
                    text, max(0, start - 6), start):
                bound = "less_than" if bound == "more_than" else "more_than"  # ألا يتجاوز
            attrs["modifier"] = "approx" if before["approx"] else bound
        elif definite is not None:
            start = definite.start()
        if (core_start, core_end) != (start, end):
            attrs["core_start"], attrs["core_end"] = core_start, core_end
        if visual:
            attrs["visual_order"] = True
        spans.append(Span(start, end, label, attrs))
        last_end = end
    return spans


def _range_upper(text: str, end: int) -> tuple[int, float, float] | None:
    """(start, scale, number before its scale) of the second bound of a range after a bare
    number ending at ``end`` (``إلى``/``و`` and a number with a scale word: ``أربعة إلى خمسة
    ملايين`` → scale 1000000, number 5), or None."""
    to = _RANGE_TO.match(text, end)
    if to is None or to.end() == end:
        return None
    second = _NUM_RE.match(text, to.end())
    if second is None:
        return None
    inner = _words_scale(second)
    scale = inner or (tail := _AFTER.match(text, second.end("c"))) and tail["scale"]
    if not scale:
        return None
    if second["d"]:
        got = _digits_value(second["d"], False)
        number = got[0] if got else None
    else:
        words = second["w"].split()
        number = (words_value(words[:-1]) if len(words) > 1 else 1) if inner else words_value(words)
    if number is None:
        return None
    return second.start("c"), float(SCALES[scale]), float(number)


def _words_scale(m: re.Match[str]) -> str | None:
    """The scale word that ends a number written in words (``خمسة ملايين``), or None."""
    if not m["w"]:
        return None
    last = m["w"].split()[-1]
    return last if last in SCALES else None


def _range_gap_start(text: str, first: int) -> int:
    """The end of the number that starts at ``first`` (a range's first bound)."""
    m = _NUM_RE.match(text, first)
    return m.end("c") if m else first


def used_noun(tail: re.Match[str] | None) -> bool:
    """Whether the match of :data:`_AFTER` ended on a counted noun (not a percent sign)."""
    return tail is not None and tail["noun"] is not None and not (tail["pct"] or tail["pw"])


def _noun_tail(text: str, end: int, noun: str) -> int:
    """``end`` moved over the words that belong to the counted noun ending there
    (:data:`_NOUN_TAIL`, :data:`_PAIR_TAIL`: ``ريال سعودي``, ``متراً مربعاً``, ``طالب
    وطالبة``)."""
    if (pair := _PAIR_TAIL.match(text, end)) is not None and pair["w"] in (
            noun + "ة", noun + "ه", noun.removesuffix("ا") + "ة"):
        return pair.end()
    if (adj := _NOUN_TAIL.match(text, end)) is not None:
        return adj.end()
    return end


def quantities(article: Article) -> Article:
    """Return ``article`` with its ``"quantities"`` layer set (see the module docstring)."""
    skip = [(s.start, s.end) for s in article.layer("timexes") if s.label in _DATE_LABELS]
    return article.with_layer(
        LAYER, find_quantities(article.text, skip, _bidi_positions(article)))
