"""The ``"timexes"`` layer (issue 4, docs/annotations.md): dates, times and durations resolved
against the publication time.

Each span has ``label`` ``date``, ``time``, ``datetime``, ``duration``, ``deadline`` or ``set``
and ``attrs``: ``value`` (ISO 8601 / TIMEX3: ``2021-07-26``, ``2021-08``, ``2021``,
``2021-W29``, ``2021-07-26TAF``, ``2021-07-26T21:55``, ``P18Y``, ``PT2H``, ``P3W``), ``modifier``
(``more_than``, ``less_than``, ``about``, ``start``, ``mid``, ``end`` or null), ``anchor`` (the
publication date resolved against, ``YYYY-MM-DD``, or null), ``calendar`` (``gregorian`` or
``hijri``; Hijri spans also carry ``hijri``: ``"1442-09-15"``), ``language`` (``ar``/``en``).

Anchor: ``metadata.published``, else ``metadata.published_local``; only its date is used unless a
clock time is known (``قبل ساعتين`` then gives a datetime). When the text names its own day
with a deictic word and a weekday that disagree with the publication day (``اليوم الاثنين`` in
a copy published on Tuesday; up to three days before or one after), that day is the anchor. With no anchor, relative expressions
keep ``value: null`` and ``unresolved: true``; absolute ones (``26/7/2021``, ``يوليو 2021``,
durations) are still resolved.

Resolution rules (news is mostly past tense):

* Weekdays (``الاثنين``): ``الماضي``/``المنصرم``/``الفائت`` → the latest such day strictly before
  the anchor; ``المقبل``/``القادم`` → the first strictly after (a pair: ``الاثنين والثلاثاء
  المقبلين``); with a future cue earlier in the sentence (``سـ`` + imperfect verb, ``سوف``,
  ``لن``, ``من المقرر``, ``يعتزم``, ``يتوقع``, ``غدا``/``بعد غد``...) → on or after the anchor;
  otherwise → the most recent such day on or before the anchor (the publication weekday itself
  when equal); after «until» (``حتى``, ``لغاية``) the nearest such day on either side. A
  weekday written before a full date takes that date (one span when only a space separates
  them: ``السبت الأول من ربيع الأول 1437``).
* Months (``في أغسطس``), also in two calendars side by side (``يوليو (تموز)``, ``أيار/مايو``,
  ``مارس آذار``, ``فبراير شباط``), with a year (``ديسمبر كانون الأول 2016``), a relative year
  (``3 أغسطس العام الماضي``, ``من هذا العام``), a day range (``22 إلى 30 أغسطس``) or alternative
  days (``13 أو 20 أيلول``, kind ``alternatives``). Without a year: ``الحالي``/``الجاري`` → the
  anchor's month; ``الماضي`` → the latest strictly before; ``المقبل`` → the first strictly
  after; a deadline (``بحلول``) or a future cue → the first on or after; ``منذ`` → the latest on
  or before; otherwise the year nearest the anchor, the future counting double (up to about
  four months ahead reads forward). A day and month that name something (``ثورة 25 يناير``,
  ``مدينة 6 أكتوبر``, ``جامعة``/``محافظة``/``حي``/``مشروع``... ``6 أكتوبر``) or carry a
  locative ``بـ`` (``مسجد الشرطة بالسادس من أكتوبر``: a place named after a date) are no timex;
  ``15 مارس من كل عام`` is ``XXXX-03-15``, ``نهاية شهر يونيو من كل عام`` ``XXXX-06`` (end), and a
  Hijri month ``من كل عام`` gets no date.
* ``نهاية``/``بداية`` + month or year → that period's last/first day (``نهاية أغسطس`` →
  ``2021-08-31``, modifier ``end``); ``أواخر``/``نهايات`` (end), ``مطلع``/``أوائل``/``بدايات``
  (start), ``منتصف``/``أواسط`` (mid) keep the period's value (``2021-08``) with the modifier.
* ``العام``/``الشهر``/``الأسبوع`` with ``هذا``/``الحالي``/``الجاري``/``الماضي``/``المقبل`` (or after a
  period word: ``نهاية العام``) → the anchor's year/month/ISO week, shifted by one. A year
  qualified by a nisba adjective or an ordinal (``العام الدراسي``, ``المالي``, ``الهجري``,
  ``السنة الدراسية``, ``العام الثاني``) is not the calendar year: no timex; nor is a bare
  ``بداية العام`` in a text that names such a year. A bare month (no day, no year) after this
  year named in its sentence or the one before (``العمل سيبدأ هذا العام. ... منتصف يوليو``) is
  this year's month, neither past nor ahead.
* A weekday word right after a common given name is a family name (``هاجما احمد الخميس``),
  and so is the same word elsewhere in that text (``مع الخميس``) unless ``يوم``, a part of the
  day or a relative word goes with it; not after a father's name (``سلمان عبدالعزيز الثلاثاء``)
  nor with a date after it (``الأحد 10 فبراير``).
* No timex inside a title in quote marks after the noun of a work or outlet (``برنامج "الليلة
  مع هاني"``, ``فيلم "سبعة أيام ..."``, ``صحيفة "الإمارات اليوم"``).
* ``أمس``/``امس``/``البارحة``/``يوم أمس`` −1 day, ``أول أمس``/``أول من أمس``/``أمس الأول`` −2,
  ``اليوم`` 0, ``غدا`` +1, ``بعد غد`` +2, with a weekday in apposition in the same span
  (``أمس الاثنين``); a part of day before them (``مساء أمس``, ``مساء أول من أمس``) adds the
  TIMEX3 part (``TMO``, ``TAF``, ``TEV``, ``TNI``); ``منذ أمس`` has kind ``range_start``.
* ``في مثل هذا اليوم عام 1929`` is the reference day's month and day in 1929.
* A day of a month named just before (``قبل الـ 20 منه``) or of the current month (``الـ15 من
  الشهر الجاري``) is that date (``before``/``after``/``until`` from ``قبل``/``بعد``/``حتى``).
* ``منذ`` + a length is a duration (``منذ ستة أشهر`` → ``P6M``; gold conventions). ``قبل`` + a
  length → the anchor minus it (hours/minutes: a datetime when the anchor has a time, else the
  anchor date; days/weeks: a date; months: ``YYYY-MM``; years: ``YYYY``).
* Durations: a number (number words read whole: a teen's ten and a hundred or scale word join
  the word before them without و, ``خمسة عشر عاما`` → ``P15Y``) or dual with a unit (decades: ``عقد`` = ``P10Y``), a fraction joined by و
  (``شهرين ونصف شهر`` → ``P2.5M``), a bare singular after منذ/قبل/بعد/خلال/غضون/مدة/أكثر من
  (``خلال أسبوع`` → ``P1W``) unless a noun follows (``خلال شهر رمضان``), a definite plural with
  a definite number (``الساعات الأربع والعشرين الماضية`` → ``PT24H``). Ages are quantities, not
  timexes: years alone in brackets, commas, quotes or dashes, before an occupation, or after an
  age word (``(39 عامًا)``, ``34 سنة عاطل``, ``البالغ من العمر``); ``مدراء عامين`` ("general")
  and ``عقد اجتماع`` ("held") are no durations. A prison term without a number is one unit
  (``والسجن سنة واحدة`` → ``P1Y``, ``بالحبس شهرًا`` → ``P1M``), and ``واحد/واحدة`` after a unit
  is in its span (``بعد يوم واحد``).
* Vague (kind ``vague``): ``مؤخرا``/``في وقت سابق``/``الفترة الماضية`` → ``PAST_REF``,
  ``حتى الآن``/``هذه الأيام`` → ``PRESENT_REF``, ``قريبا``/``لاحقا``/``الفترة المقبلة`` →
  ``FUTURE_REF`` (``لاحقا``/``في وقت لاحق`` after a perfect verb, ``وتبين لاحقا``, ``تراجعت عنه
  لاحقا``, or after تم/جرى/كان with no non-past verb or future cue in the clause, tells a past
  event: no timex), a bare plural unit after a preposition or with a relative adjective
  (``قبل أيام``, ``بعد أسابيع``, ``بساعات``, ``الأيام القليلة الماضية``) → ``PXD``/``PXW``/
  ``PXM``/``PXY``/``PTXH``.
* Clock times: ``الساعة 8``, ``6:35``, ``العاشرة والنصف صباحا``, ``7 مساء بتوقيت جرينتش`` (zone
  offsets of Gulf/Egyptian capitals, ``ت م`` = Makkah time); followed by a deictic word or a
  weekday (``الساعة 9 مساء أمس``, ``العاشرة من صباح يوم الأحد``) it is on that day; a bare hour
  takes the half of the day
  (as written or +12 h) closer to a clock time with a part of the day within 400 characters; the
  day is that of the nearest day-precision timex before it in the paragraph or within 1,000
  characters (the TIMEX3 reference time), else the anchor's, else ``XXXX-XX-XX``.
* Ranges (kind ``range``, value ``A/B``): two dates or two times joined as ``من A حتى/إلى B``,
  ``منذ A وحتى B``, ``بين A و B`` (``بين عامي 2013 و2016``).
* Sets (kind ``set``): ``يوميا``/``أسبوعيا``/``شهريا``/``سنويا``, ``كل`` + a unit. Seasons:
  ``الصيف`` (``2015-SU``), ``هذا الصيف``, ``الصيف المقبل`` (the next one not yet begun),
  ``صيف 2014``; ``الربيع`` only with هذا, a relative word or a year.
  ``قبل`` measured from another event (``قبل 3 أيام من الانتخابات``) is not anchored: the span is
  the bare duration (``P3D``); a bare singular unit after ``قبل`` is a date only when no noun
  follows it (``قبل أسبوع`` yes, ``قبل يوم الجمعة``/``قبل شهر رمضان`` no).
* ``بحلول X``/``في موعد أقصاه X``: the span covers the cue and gets label ``deadline``.
* Hijri dates (``15 رمضان 1442 هـ``, ``الأول من ربيع الأول 1437``, ``1436/10/30هـ``,
  ``27-7-1429هـ``) convert with hijridate (Umm al-Qura tables); a Hijri month is its Gregorian
  interval (``ذو القعدة 1436`` → ``2015-08-16/2015-09-13``), also relative to the anchor's Hijri
  date (``نهاية ذي القعدة المقبل``, ``شعبان الماضي``); a bare Hijri year (``1436هـ``, or ``عام
  1430`` without هـ when not later than five years after the anchor's Hijri year) is its
  Gregorian interval too (``1437هـ`` → ``2015-10-14/2016-10-01``; it is no Gregorian year), and
  a span of two (``1436-1437هـ``) one interval of kind ``range``; a school or fiscal year
  before it (``للعام الدراسي 1436- 1437هـ``) is not a calendar span: no timex. Numeric dates read day/month/year or year/month/day in any digit set.
  A Hijri date that cannot be converted — an impossible day (``30 صفر 1443 هـ``: Safar 1443 has
  29 days; ``0 صفر``, ``31 محرم`` even without a year) or a year outside the Umm al-Qura tables
  (1343-1500 AH, e.g. ``29 ذو الحجة 99999 هـ``) — is still one ``date`` span over the whole
  expression (so its day is not read as a count and its year not as a bare Hijri year), never
  clamped: ``value`` null, ``invalid`` true, ``calendar`` ``hijri``, ``hijri`` as written.
  A Hijri month without a year (``في شهر رمضان``, ``5 رمضان``, ``خلال ذي الحجة``) is read as a
  Gregorian month without one is: the Hijri year whose month is nearest the anchor (the month
  containing it, else past or future by the clause's tense cues, the future counting double),
  ``relative`` to the anchor; month names that are also given names or words (رمضان, رجب,
  شعبان, شوال, صفر, محرم) need شهر, a day or a period word then. ``أول أيام``/``أول يوم
  من``/``غرة`` + month is its first day; ``من 1 إلى 10 ذي الحجة`` is one span of kind
  ``range`` (value ``first/last``).
* English (embedded posts, wire copy): ``July 26, 2021``, ``26 July 2021``, ``this afternoon``
  (TIMEX3 ``TAF``), ``today``, ``yesterday``, ``tomorrow``; weekdays (``on Tuesday``, ``last
  Friday``, ``Sunday night``: the most recent such day, forward after ``will``/``due``/
  ``next``...), ``last``/``next``/``this`` ``week``/``month``/``year`` (``earlier this month``:
  modifier ``start``), and a month without a year after a preposition (``in June``, ``since
  March``, ``on May 6``: the nearest, forward after a future cue).

Sources: TIMEX3 (ISO-TimeML) value conventions; month names from babel's CLDR tables
(:mod:`mawsua.arabic.months`); Hijri conversion by hijridate (Umm al-Qura calendar).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from hijridate import Gregorian, Hijri

from mawsua.arabic.lexicon import yeh_spelled
from mawsua.arabic.months import (
    AMBIGUOUS_MONTHS,
    ENGLISH_MONTHS,
    ENGLISH_WEEKDAYS,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    WEEKDAYS,
)
from mawsua.arabic.numbers import NUMBER_WORDS, ORDINAL_DAYS, to_ascii_digits, words_value
from mawsua.model import Article, Span

LAYER = "timexes"


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_D = "[0-9٠-٩۰-۹]"
_B = r"(?<![\w])(?:[وفبل](?=[\u0621-\u064a]))?"  # word start, optional one-letter clitic
_E = r"(?![\w])"
_MON = _alt(GREGORIAN_MONTHS)
_REL = "الحالي|الجاري|الماضي|المقبل|القادم|المنصرم|الفائت"
_PERIOD = "نهايات|نهاية|أواخر|اواخر|مطلع|أوائل|اوائل|بدايات|بداية|منتصف|أواسط|اواسط"
_NW = _alt(w for w in NUMBER_WORDS if len(w) > 1)
# A word joins the number before it without و when it is the ten of a teen (خمسة عشر, إحدى
# عشرة) or a hundred/scale it multiplies (ثلاث مئة, خمسة آلاف): read whole, never from its last word.
_NW_JOIN = _alt(w for w, (v, k) in NUMBER_WORDS.items() if v == 10 or k in ("hundred", "scale", "dual"))
_NUM = rf"(?:{_D}+(?:[.٫,]{_D}+)?|(?:{_NW})(?:\s+(?:و(?:{_NW})|(?:{_NW_JOIN})(?![\w])))*)"
_DUR_UNITS = {
    "Y": ("عام", "عاما", "عامًا", "عاماً", "أعوام", "اعوام", "سنة", "سنوات", "سنين"),
    "M": ("شهر", "شهرا", "شهراً", "أشهر", "اشهر", "شهور"),
    "W": ("أسبوع", "أسبوعا", "أسابيع", "اسبوع", "اسابيع"),
    "D": ("يوم", "يوما", "يوماً", "أيام", "ايام"),
    "H": ("ساعة", "ساعات"),
    "MIN": ("دقيقة", "دقائق"),
    "CENT": ("قرن", "قرون", "قرنا"),
    "DEC": ("عقود", "عقدا", "عقداً"),
}
_DUALS = {"عامين": "Y", "سنتين": "Y", "عامان": "Y", "شهرين": "M", "أسبوعين": "W", "اسبوعين": "W",
          "يومين": "D", "ساعتين": "H", "دقيقتين": "MIN", "قرنين": "CENT",
          "عقدين": "DEC"}
_SINGULAR = {"عام": "Y", "سنة": "Y", "شهر": "M", "أسبوع": "W", "اسبوع": "W", "يوم": "D",
             "ساعة": "H", "دقيقة": "MIN", "قرن": "CENT", "عقد": "DEC"}
# Definite plurals counted by a definite number (الساعات الأربع والعشرين الأخيرة).
_DEF_PLURALS = {"الساعات": "H", "الأيام": "D", "الايام": "D", "الأسابيع": "W", "الاسابيع": "W",
                "الأشهر": "M", "الاشهر": "M", "الشهور": "M", "السنوات": "Y", "الأعوام": "Y",
                "الاعوام": "Y", "الدقائق": "MIN", "العقود": "DEC"}
# Units that are also ordinary words (عقد "contract", "held"; عامين "general" after a plural).
_DEF_NW = "|".join(f"(?:ال)?{re.escape(w)}" for w in sorted(
    (w for w in NUMBER_WORDS if len(w) > 1), key=len, reverse=True))
_UNIT_OF = {w: k for k, ws in _DUR_UNITS.items() for w in ws}
_MODS = {"أكثر من": "more_than", "اكثر من": "more_than", "ما يزيد على": "more_than",
         "ما يزيد عن": "more_than", "أزيد من": "more_than", "ما لا يقل عن": "more_than",
         "أقل من": "less_than", "اقل من": "less_than", "نحو": "about", "حوالي": "about",
         "حوالى": "about", "قرابة": "about", "زهاء": "about", "ما يقارب": "about",
         "ما يقرب من": "about"}
_PART_OF_DAY = {"صباح": "TMO", "ظهر": "TMI", "بعد ظهر": "TAF", "عصر": "TAF", "مساء": "TEV",
                "ليلة": "TNI", "ليل": "TNI", "فجر": "TMO"}
def _deictics_table() -> dict[str, int]:
    """Deictic day words with their day offsets, in the spellings of news text: with and without
    hamza (``امس``), ``أول من أمس``/``أمس الأول``/``أول أمس`` (-2), ``يوم أمس``, ``بعد غد``."""
    # الليلة الماضية: last night (the night before the publication day)
    out: dict[str, int] = {"البارحة": -1, "اليوم": 0, "الليلة": 0, "الليلة الماضية": -1}
    for ams in ("أمس", "امس"):
        out[ams] = out["ال" + ams] = out["يوم " + ams] = -1
        for first in ("أول", "اول"):
            out[f"{first} {ams}"] = out[f"{first} من {ams}"] = -2
            out[f"يوم {first} من {ams}"] = out[f"يوم {first} {ams}"] = -2
        out[f"{ams} الأول"] = out[f"{ams} الاول"] = out[f"يوم {ams} الأول"] = -2
    for ghad in ("غدا", "غداً", "غدًا", "يوم غد"):
        out[ghad] = 1
    out["بعد غد"] = out["بعد غدٍ"] = 2
    return out


_DEICTIC = _deictics_table()
# («أكثر من المتوقع», «أقل من المتوقع» compare with a forecast: no future; «من المتوقع أن» is)
# Cues of a non-past clause before a weekday or a month without a year: a future prefix or
# particle (سـ + imperfect verb, which never ends in ا/ة/ه, unlike سيارة, سياسة, سيريزا; سوف, لن), a plan (المقرر, المزمع...), an expectation (يتوقع...), a future deictic
# word earlier in the sentence (غدا, بعد غد) or the relative word المقبل/القادم.
_FUTURE_CUE = re.compile(r"(?:^|\s)[وف]?(?:س[يتنأ][\u0621-\u064a]{3,}(?<![اةه])(?<!ستين)(?<!ستون)|س[يت](?:تم|ظل|صل|حل|عد)|سوف|لن|المقرر|المنتظر|المزمع|"
                         r"يعتزم|تعتزم|يعتزمون|يتوقع|يُتوقع|تتوقع|(?<!أكثر من )(?<!اكثر من )(?<!أقل من )(?<!اقل من )(?<!أعلى من )(?<!اعلى من )(?<!أسرع من )(?<!اسرع من )(?<!أبطأ من )(?<!أدنى من )(?<!ادنى من )(?<!أفضل من )(?<!افضل من )(?<!أسوأ من )(?<!اسوأ من )(?<!أكبر من )(?<!اكبر من )(?<!أصغر من )(?<!أضعف من )(?<!أقوى من )(?<!عن )المتوقع|المرتقب|غدا|غدًا|غداً|غد|"
                         r"المقبل|المقبلة|القادم|القادمة)(?=\s|[.،,]|$)")
# What follows قبل + duration: من/على/عن (measured from another event) or, after a bare singular
# unit, a noun it is construct with (قبل يوم الجمعة) — a definite word or a month name.
_AFTER_BEFORE = re.compile(
    rf"\s+(?:(?P<from>من|على|عن)(?![\w])|(?P<noun>ال[\u0621-\u064a]|"
    rf"(?:{_alt([*HIJRI_MONTHS, *GREGORIAN_MONTHS])})(?![\w])))"
)
_DEADLINE_BEFORE = re.compile(r"(?:بحلول|في موعد أقصاه|موعدا أقصاه|موعدًا أقصاه)\s+$")
_PREV_WORD = re.compile(r"([\u0621-\u064a]+)\s+$")
#: last four letters of the ordinals of days 1-9 (التاسع → تاسع), to know a units ordinal
#: before «والعشرين» even when misspelt (االتاسع)
_UNIT_ORDINALS = frozenset(w[-4:] for w, v in ORDINAL_DAYS.items() if v < 10 and len(w) >= 4)
# «as from» before a weekday: a start announced, the first such day on or after the anchor
# («استئناف الرحلات اعتبارا من الخميس» in a Wednesday's news is the next day)
_AS_FROM_BEFORE = re.compile(r"(?:اعتبارا|اعتباراً|ابتداء|ابتداءً|ابتداءا|بدءا|بدءاً|بداية)\s+من\s+$")
# «until» before a bare weekday (ممهلة روسيا حتى الثلاثاء, استمرت حتى الخميس): the end of a
# period that may lie either side of the publication day, so the nearest such day
_UNTIL_BEFORE = re.compile(r"(?:^|\s)و?(?:حتى|لغاية)\s+$")

# A month: optional period word, day (or a day range/alternative: ``22 إلى 30``, ``13 أو 20``),
# the name, optionally the same month in another calendar (``يوليو (تموز)``, ``أيار/مايو``,
# ``مارس آذار``), then a year, a relative word or a relative year (``من العام الماضي``).
_MONTH_RE = re.compile(
    _B + rf"(?P<c>(?:(?P<period>{_PERIOD})\s+)?(?:(?:(?P<day0>{_D}{{1,2}})\s*(?P<dsep>-|–|و?إلى|و?الى|"
    rf"و?حتى|ولغاية|لغاية|أو|او|و)\s*)?(?P<day>{_D}{{1,2}}|{_alt(ORDINAL_DAYS)})\s+(?:من\s+)?)?"
    rf"(?:(?P<shahr>شهر)\s+)?(?P<mon>{_MON})(?:\s*[(/]\s*(?P<alt>{_MON})\s*\)?|"
    rf"\s+(?P<alt2>{_MON})(?![\w]))?"
    rf"(?:\s*[،,]?\s+(?:من\s+)?(?:(?:ل?عام|العام|ل?سنة)\s+)?(?P<year>{_D}{{4}})(?!{_D})(?:م(?![\w]))?|"
    rf"\s+(?:من\s+)?(?:(?P<this>هذا|هذه)\s+)?(?P<yunit>العام|السنة)(?:\s+(?P<yrel>{_REL}))?|"
    rf"\s+(?P<rel>{_REL}))?)" + _E
)
_YEAR_RE = re.compile(
    r"(?<![\w])(?:[وفبل](?=[\u0621-\u064a0-9٠-٩]))?" + rf"(?P<c>(?:(?P<period>{_PERIOD})\s+)?(?:(?:عام|العام|سنة|للعام)\s+)?"
    rf"(?P<year>(?:19|20|١٩|٢٠){_D}{{2}}))(?!{_D})(?!\s*[/\-]\s*{_D})(?!\s*(?:هـ|ه\b))"
)
_RELPERIOD_RE = re.compile(
    _B + rf"(?P<c>(?:(?P<period>{_PERIOD})\s+)?(?:(?P<day>(?:الـ\s*|ال)?{_D}{{1,2}}|{_alt(ORDINAL_DAYS)})"
    rf"\s+من\s+)?(?:(?P<this>هذا|هذه)\s+)?"
    rf"(?P<unit>(?:ال|(?<=ل)ل)(?:عام|سنة|شهر|أسبوع|اسبوع))(?:\s+(?P<rel>{_REL}))?)" + _E
)
_REL_PAIR = "الماضيين|المقبلين|القادمين"  # two weekdays: الاثنين والثلاثاء المقبلين
# a weekday with a feminine relative word (الجمعة المقبلة, as after «يوم» understood as «ليلة»
# or «صلاة»: common in the press)
_REL_FEM = "الماضية|المقبلة|القادمة|المنصرمة|الفائتة"
_WEEKDAY_RE = re.compile(
    _B + rf"(?P<c>(?:(?P<pre>يوم|{_alt(_PART_OF_DAY)})\s+)?(?P<wd>{_alt(WEEKDAYS)})"
    rf"(?:\s+(?P<rel>{_REL}|{_REL_PAIR}|{_REL_FEM}))?)(?=\s+و(?:{_alt(WEEKDAYS)})\s+(?P<rel2>{_REL_PAIR}))?" + _E
)
_DEICTIC_RE = re.compile(
    _B + rf"(?P<c>(?:(?P<since>منذ)\s+)?(?:(?P<pre>{_alt(_PART_OF_DAY)})\s+(?:من\s+)?)?"
    rf"(?P<deic>{_alt(_DEICTIC)})(?:\s+(?P<wd>{_alt(WEEKDAYS)}))?)" + _E
)
_DURATION_RE = re.compile(
    _B + rf"(?P<c>(?P<since>(?:منذ|قبل)\s+)?(?:(?P<mod>{_alt(_MODS)})\s+)?(?:(?P<num>{_NUM})\s+"
    rf"(?P<unit>{_alt(_UNIT_OF)})|(?P<dual>{_alt(_DUALS)})|"
    rf"(?:(?<=منذ\s)|(?<=قبل\s)|(?<=بعد\s)|(?<=مدة\s)|(?<=خلال\s)|(?<=غضون\s)|(?<=أكثر من\s)|"
    rf"(?<=اكثر من\s)|(?<=أقل من\s)|(?<=نحو\s)|(?<=حوالي\s)|(?<=قرابة\s)|(?<=السجن\s)|(?<=الحبس\s))"
    rf"(?P<sing>{_alt(_SINGULAR)})(?:ا(?![\w]))?(?:[\u064b-\u0652]+ا?)?(?:\s+(?P<one>واحد|واحدة|واحدا))?"
    rf"(?!\s+{_D})|(?P<defunit>{_alt(_DEF_PLURALS)})\s+"
    rf"(?P<defnum>(?:{_DEF_NW})(?:\s+و(?:{_DEF_NW}))*)(?=\s+(?:الماضية|الأخيرة|المقبلة|القادمة)))"
    rf"(?:\s+و(?P<frac>نصف|ربع)(?:\s+(?:ال)?(?:{_alt(_UNIT_OF)}))?)?)" + _E
)
_NUMERIC_RE = re.compile(
    rf"(?<![\w/.\-])(?P<c>(?P<a>{_D}{{1,4}})\s*(?P<sep>[/\-.])\s*(?P<b>{_D}{{1,2}})\s*(?P=sep)\s*"
    rf"(?P<y>{_D}{{1,4}})(?:\s*(?P<h>هـ|ه)|م)?)(?![\w/])"
)
# the first day of a month named after it: أول أيام (شهر) رمضان, أول يوم من, غرة
_FIRST_DAY = r"(?:أول|اول)\s+(?:أيام|ايام)|(?:أول|اول)\s+يوم\s+(?:من|في)|غرة|غرّة"
_HIJRI_RE = re.compile(
    _B + rf"(?P<c>(?:(?P<period>{_PERIOD})\s+)?(?:(?P<first>{_FIRST_DAY})\s+)?"
    rf"(?:(?:(?P<day0>{_D}{{1,2}})\s*(?P<dsep>-|–|و?إلى|و?الى|و?حتى|ولغاية|لغاية|و)\s*)?"
    rf"(?P<day>{_D}{{1,2}}|{_alt(ORDINAL_DAYS)})\s+"
    rf"(?:من\s+)?)?(?:(?P<shahr>شهر)\s+)?(?P<mon>{_alt(HIJRI_MONTHS)})"
    rf"(?:\s+(?:من\s+)?(?:(?:ل?عام|العام|للعام|ل?سنة)\s+)?(?:(?P<year>1[34]{_D}{{2}}|١[٣٤]{_D}{{2}})"
    rf"(?!{_D})(?:\s*(?:هـ|ه)(?![\u0621-\u064a]))?|(?P<year2>{_D}{{1,6}})\s*(?:هـ|ه)"
    rf"(?![\u0621-\u064a]))|\s+(?P<rel>{_REL}))?)" + _E
)
# Hijri month names that are also words or given names (رمضان, رجب, شعبان, شوال: men's names;
# صفر "zero"; محرم "forbidden"): without a year they are read only with شهر, a day or a period
_HIJRI_NAMES_TOO = frozenset({"محرم", "صفر", "رجب", "شعبان", "رمضان", "شوال"})
_HIJRI_PREP_BEFORE = re.compile(r"(?:في|منذ|حتى|خلال|من|بحلول|قبل|بعد|طوال|مع)\s+$")
# A Hijri year: with هـ, or after عام/سنة without it (عام 1430) when not later than a few years
# after the anchor's Hijri year (so that عام 1453, a Gregorian year, is not read as Hijri).
_HIJRI_YEAR_RE = re.compile(
    rf"(?:(?<![\w/\-])|(?<=[1١][34٣٤]{_D}{_D}[-–/]))"  # 1437هـ; 1436-1437هـ (a span's end)
    rf"(?P<c>(?P<year>1[34]{_D}{{2}}|١[٣٤]{_D}{{2}})\s*(?:هـ|ه)(?![\u0621-\u064a])|"
    rf"(?:(?<=عام\s)|(?<=سنة\s))(?P<bare>1[34]{_D}{{2}}|١[٣٤]{_D}{{2}})(?!{_D})(?!\s*م(?![\w])))"
)
_HIJRI_AHEAD = 5  # years after the anchor's Hijri year a bare عام 14xx may name
_HIJRI_SPAN = 50  # years a span of Hijri years (1413-1431ه) may cover; a reversed pair is 1437/1436
_EN_RE = re.compile(
    rf"\b(?P<c>(?:(?P<mon>{_alt(ENGLISH_MONTHS)})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>\d{{4}})|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_alt(ENGLISH_MONTHS)})\s+(?P<year2>\d{{4}})"
    rf"|(?P<part>[Tt]his (?:morning|afternoon|evening)|[Tt]onight)|(?P<rel>[Tt]oday|[Yy]esterday|"
    rf"[Tt]omorrow)))\b"
)
_EN_PART = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "tonight": "TNI",
            "night": "TNI"}
# English relative expressions of wire copy: a weekday (``on Tuesday``, ``last Friday``,
# ``Sunday night``), a period relative to the anchor (``last week``, ``next month``,
# ``earlier this year``), a month without a year (``in June``, ``since March``, ``on May 6``)
_EN_WD = "|".join(ENGLISH_WEEKDAYS)
_EN_MON = _alt(ENGLISH_MONTHS)
_EN_REL_RE = re.compile(
    rf"\b(?P<c>(?:(?P<wrel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>{_EN_WD})"
    rf"(?:\s+(?P<wpart>morning|afternoon|evening|night))?"
    rf"|(?:(?P<pmod>[Ee]arlier|[Ll]ater)\s+)?(?P<prel>[Ll]ast|[Nn]ext|[Tt]his)\s+"
    rf"(?P<unit>week|month|year)"
    rf"|(?P<mpre>in|In|since|Since|until|Until|by|from|From|during|During|early|late|mid|on|On)"
    rf"[\s-]+(?P<mon>{_EN_MON})"
    rf"(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?)?(?!\s*,?\s*\d{{4}}))\b"
)
#: a future cue in the English clause before a weekday or a month: ``will``, ``is due``,
#: ``next``, ``scheduled``, ``plans to``...
_EN_FUTURE = re.compile(r"\b(?:will|would|shall|due|scheduled|expected|plans?|planned|set to|"
                        r"going to|upcoming|ahead of|next)\b")
_EN_CLAUSE_END = re.compile(r"[.;!?]\s")
#: a day and month right after a weekday (``Tuesday 12 July``, ``Monday, Aug. 18``)
_EN_DATE_AFTER = re.compile(rf"\s*,?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_EN_MON})\b|"
                            rf"(?:{_EN_MON})\.?\s+\d{{1,2}}\b)")
_EN_REL = {"today": 0, "yesterday": -1, "tomorrow": 1}
# اليوم that is not "today": ذلك اليوم, the name of a newspaper or channel (المصري اليوم, روسيا
# اليوم, أخبار اليوم, عين اليوم, مصر اليوم); "in the day" after في (5 حبارى في اليوم "a day",
# ثماني ساعات في اليوم; في اليوم نفسه "on that same day", another day named before).
_NOT_TODAY_BEFORE = re.compile(r"(?:ذلك|نفس|ذات|صحيفة|جريدة|المصري|روسيا|أخبار|اخبار|عين|مصر|«|\")"
                               r"\s*$")
_IN_THE_DAY = re.compile(r"(?<![\w])و?في\s+$")

# Where to look. Scanning the whole text with each pattern (each starts with a lookbehind and a
# long alternation, so re tries it at every character) cost ~0.1 ms per pattern and article.
# Instead each finder lists trigger tokens: every match of its pattern contains one of them as a
# whole ``\w+`` token of the text (the first ``\w`` run of a listed word, bare or after a
# one-letter clitic), or, for the numeric patterns, a digit run. The pattern then runs only in
# windows around the triggers' occurrences, widened by the finder's margins (characters before
# and after an occurrence: at least the longest text its pattern matches on that side of the
# trigger, plus its lookaheads). A finder without triggers in the text does not run at all.
# Matches are those of a whole-text scan: windows are merged when they overlap, and lookbehinds
# and ``\b`` see the text before a window.
_TOKEN_RE = re.compile(r"\w+")
_DIGIT_RUN_RE = re.compile(f"{_D}+")
_CLITICS = "وفبل"


def trigger_tokens(words: Iterable[str], clitics: str = _CLITICS) -> frozenset[str]:
    r"""The ``\w+`` tokens that start ``words`` in a text: each word's first ``\w`` run (``غدًا``
    → ``غد``, ``كانون الثاني`` → ``كانون``), bare or after one of ``clitics``."""
    firsts = {_TOKEN_RE.match(w).group() for w in words}  # type: ignore[union-attr]
    return frozenset(firsts | {c + f for f in firsts for c in clitics})


def token_spans(text: str, tokens: frozenset[str], present: set[str]) -> list[tuple[int, int]]:
    """Occurrences (as substrings, a superset of the token occurrences) in ``text`` of those
    ``tokens`` that are among its ``present`` tokens."""
    out: list[tuple[int, int]] = []
    for tok in tokens.intersection(present):
        i = text.find(tok)
        while i >= 0:
            out.append((i, i + len(tok)))
            i = text.find(tok, i + 1)
    return out


def windows(spans: list[tuple[int, int]], before: int, after: int, n: int,
            extend: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """``spans`` widened by ``before``/``after`` (clipped to ``0..n``), merged when they overlap.
    ``extend`` spans (e.g. the words of a long number) widened alike join a window they touch,
    but open none of their own."""
    if not spans:
        return []
    marked = sorted([(max(0, s - before), min(n, e + after), True) for s, e in spans]
                    + [(max(0, s - before), min(n, e + after), False) for s, e in extend])
    out: list[tuple[int, int]] = []
    lo, hi, needed = marked[0]
    for s, e, need in marked[1:]:
        if s <= hi:
            hi, needed = max(hi, e), needed or need
            continue
        if needed:
            out.append((lo, hi))
        lo, hi, needed = s, e, need
    if needed:
        out.append((lo, hi))
    return out


def scan(pattern: re.Pattern[str], text: str,
         wins: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)`` that start in the windows ``wins``.

    A search bounded by a window's end sees the text cut there (a cut word looks whole to a
    lookahead), so each match found is redone on the whole text from its start: a match that
    only existed because of the cut is dropped, and the match yielded is the whole-text one."""
    last_end = 0
    for lo, hi in wins:
        pos = max(lo, last_end)
        while pos < hi:
            cut = pattern.search(text, pos, hi)
            if cut is None:
                break
            m = pattern.match(text, cut.start())
            if m is None:
                pos = cut.start() + 1
                continue
            yield m
            last_end = pos = max(m.end(), m.start() + 1)


# Trigger tokens and margins (before, after) of each finder.
_MONTH_TRIGGERS = trigger_tokens(GREGORIAN_MONTHS)
_MONTH_MARGINS = (48, 64)  # period, ordinal day, من, شهر / rest of name, (alt), ، من عام 2021
_HIJRI_TRIGGERS = trigger_tokens(HIJRI_MONTHS)
_HIJRI_MARGINS = (32, 48)  # day, من, شهر / rest of name, من عام 1442 هـ
_WEEKDAY_TRIGGERS = trigger_tokens(WEEKDAYS)
_WEEKDAY_MARGINS = (32, 32)  # يوم or a part of day / الماضي...
_RELPERIOD_TRIGGERS = trigger_tokens(("العام", "السنة", "الشهر", "الأسبوع", "الاسبوع", "لعام",
                                      "لسنة", "لشهر", "لأسبوع", "لاسبوع"))
_RELPERIOD_MARGINS = (56, 32)  # period word, day, من, هذا / الماضي...
# Every deictic expression contains one of these (أول أمس and أمس الأول contain أمس, بعد غد غد).
_DEICTIC_TRIGGERS = trigger_tokens(("أمس", "الأمس", "امس", "الامس", "البارحة", "اليوم", "غدا", "غداً",
                                    "غدًا", "غد", "الليلة"))
_DEICTIC_MARGINS = (32, 32)  # a part of day / -
_DURATION_TRIGGERS = trigger_tokens([*_UNIT_OF, *_DUALS, *_SINGULAR])
_DEF_TRIGGERS = trigger_tokens(_DEF_PLURALS)
_DEF_REACH = 32  # الأربع والعشرين الماضية after الساعات, beyond the margin
_DURATION_MARGINS = (48, 24)  # منذ, modifier, number (see _durations) / ونصف الساعة
_NUMBER_WORD_TRIGGERS = trigger_tokens((w for w in NUMBER_WORDS if len(w) > 1), "و")
_DIGIT_MARGINS = {"numeric": (0, 16),  # the match starts at a digit run / the rest of the date
                  "year": (24, 16),  # period, عام / lookaheads (/ or هـ after the year)
                  "hijri_year": (0, 16),  # starts at the digit run / هـ
                  "day_of_month": (12, 28),  # قبل الـ / منه, من الشهر الجاري
                  "same_day": (32, 8)}  # في مثل هذا اليوم من عام / the year
_EN_TRIGGERS = trigger_tokens([*ENGLISH_MONTHS, "This", "this", "Tonight", "tonight", "Today",
                               "today", "Yesterday", "yesterday", "Tomorrow", "tomorrow"], "")
_EN_REL_TRIGGERS = trigger_tokens([*ENGLISH_MONTHS, *ENGLISH_WEEKDAYS, "week", "month", "year"],
                                  "")
_EN_REL_MARGINS = (24, 24)  # "Earlier this" / " 6th", " morning"
_EN_MARGINS = (16, 32)  # a day before the month / day, year after it


class _Anchor:
    __slots__ = ("day", "iso", "time")

    def __init__(self, stamp: str | None) -> None:
        self.day: date | None = None
        self.time: datetime | None = None
        self.iso: str | None = None
        if not stamp:
            return
        try:
            self.day = date.fromisoformat(stamp[:10])
        except ValueError:
            return
        self.iso = self.day.isoformat()
        if len(stamp) >= 16 and stamp[10] in "T ":
            try:
                self.time = datetime.fromisoformat(stamp[:16])
            except ValueError:
                self.time = None


def _digits(s: str) -> int:
    return int(to_ascii_digits(s))


def _last_day(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


_SENTENCE_END = re.compile(r"[.!?؟\n]")
_PAST_MARK = re.compile(r"(?<![\w])[وف]?(?:تم|كان|كانت|كانوا|قد|سبق|مضى)(?![\w])")
#: «بعد أن/بعدما» + a perfect verb (not ي/ت/ن/أ/سـ + imperfect): a past clause that ends the
#: reach of a future cue before it («سيزور القاهرة الخميس، بعد أن التقى نظيره الأحد»)
_AFTER_PAST = re.compile(r"(?<![\w])(?:بعد\s+أن|بعد\s+ان|بعدما)\s+(?![يتنأس])[\u0621-\u064a]{3,}")


#: و/ف + the future prefix + an imperfect: a verb even when the tagger glued it to a name
#: (``وسيعلن غاريث ساوثغيت`` tagged as one person); no name starts with و + سي + three letters
_CONJ_FUTURE = re.compile(r"[وف]س[يت][\u0621-\u064a]{3,}$")


def _future(text: str, start: int, reach: int = 80, names: bytes = b"") -> bool:
    """Whether the clause before ``start`` (back to the sentence start, at most ``reach``
    characters) has a future cue (:data:`_FUTURE_CUE`) not followed by a past marker (تم,
    كان, قد...). A cue inside a name (``names``: one byte per character of ``text``, non-zero
    inside an entity mention: ``سيرجي``, ``سيدني``, ``ستيفن`` read like سـ + verb) is no cue."""
    lo = max(0, start - reach)
    ends = list(_SENTENCE_END.finditer(text, lo, start))
    if ends:
        lo = ends[-1].end()
    # from the character before: the cue's leading space may be the line break that ended
    # the sentence before (a line opening with «وسيعلن»)
    cues = [m for m in _FUTURE_CUE.finditer(text, max(0, lo - 1), start)
            if not any(names[m.start():m.end()]) or _CONJ_FUTURE.match(m.group().lstrip())]
    # the nearest tense marker wins: «من المقرر أن ينتخب النواب الذين تم انتخابهم في 24 سبتمبر»
    return bool(cues) and not _PAST_MARK.search(text, cues[-1].end(), start) \
        and not _AFTER_PAST.search(text, cues[-1].end(), start)


#: the imperfect of a verb of a scheduled event (meet, play, host, hold, open, start, visit,
#: arrive, leave), 3rd person, in the clause before a bare weekday: news writes an upcoming
#: fixture or meeting so («يلتقي الفريقان في مباراة الإياب الثلاثاء», «يزور الوزير القاهرة
#: الأحد»); a report of a past one uses the perfect (التقى، لعب، زار)
_SCHEDULE_VERB = re.compile(
    r"(?<![\w])و?[يت](?:لتقي|لعب|واجه|ستضيف|خوض|نطلق|قام|عقد|جتمع|ستأنف|فتتح|ختتم|زور|صل|"
    r"غادر|حل|جرى|جري|شارك|بدأ)(?:ان|ون|ن)?(?![\w])")
#: a clause boundary or a reporting verb between the scheduled verb and the weekday
_CLAUSE_BREAK = re.compile(r"[،,.؛:!?؟]|(?<![\w])[وف]?(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|أضاف|أضافت|"
                           r"ذكر|ذكرت|أوضح|أوضحت)(?![\w])")


_RELATIVE_BEFORE = re.compile(r"(?<![\w])(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان)\s+$")


def _scheduled(text: str, start: int, names: bytes = b"", reach: int = 60) -> bool:
    """Whether a scheduled-event imperfect (:data:`_SCHEDULE_VERB`) stands in the clause
    before ``start`` (within ``reach`` characters, no clause break, reporting verb or past
    marker between; never inside an entity mention: ``names`` as in :func:`_future`)."""
    lo = max(0, start - reach)
    found = next(reversed([v for v in _SCHEDULE_VERB.finditer(text, lo, start)
                           if not any(names[v.start():v.end()])]), None)
    if found is None:
        return False
    between = (found.end(), start)
    if _RELATIVE_BEFORE.search(text, max(0, found.start() - 8), found.start()):
        return False  # داود أوغلو الذي يبدأ الثلاثاء جولة: a description, either side of today
    return not (_CLAUSE_BREAK.search(text, *between) or _PAST_MARK.search(text, *between)
                or _PAST_MARK.search(text, max(0, found.start() - 24), found.start()))


#: a 3rd person imperfect verb (and its definite subject) right before «في/خلال/من (شهر) MONTH»:
#: an event still to come (تصويت يجري في سبتمبر, يقام المعرض من 22 إلى 30 أغسطس); ي + at least
#: three letters, not a noun
_IMPERFECT_BEFORE = re.compile(r"(?<![\w])[وف]?(?P<v>ي[\u0621-\u064a]{3,})(?:\s+ال[\u0621-\u064a]+)?"
                               r"\s+(?:في|خلال|من|بين|مطلع|منتصف|أواخر|اواخر|نهاية)\s+"
                               r"(?:شهر\s+)?$")
_NOT_VERBS = frozenset({"يونيو", "يوليو", "يناير", "يونيه", "يوليه", "يوما", "يومين", "يمين",
                        "يهود", "يسار", "ينابيع"})


def _imperfect_before(text: str, start: int) -> bool:
    """Whether a 3rd person imperfect verb stands right before the month at ``start``
    (:data:`_IMPERFECT_BEFORE`), with no past marker (تم, كان, قد) before it in the clause."""
    m = _IMPERFECT_BEFORE.search(text, max(0, start - 45), start)
    if m is None or m["v"] in _NOT_VERBS:
        return False
    lo = max(0, m.start() - 24)
    return not _PAST_MARK.search(text, lo, m.start())


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _period_value(period: str | None, y: int, m: int | None) -> tuple[str, str | None]:
    """Value and modifier of a month (m) or year (m None) under an optional period word."""
    base = f"{y:04d}" if m is None else f"{y:04d}-{m:02d}"
    if not period:
        return base, None
    if period == "نهاية":
        return (_last_day(y, 12 if m is None else m).isoformat(), "end")
    if period == "بداية":
        return (date(y, 1 if m is None else m, 1).isoformat(), "start")
    if period in ("أواخر", "اواخر", "نهايات"):
        return base, "end"
    if period in ("منتصف", "أواسط", "اواسط"):
        return base, "mid"
    return base, "start"


class _Collector:
    def __init__(self, text: str, anchor: _Anchor,
                 names: Sequence[tuple[int, int]] = (), late_anchor: bool = False) -> None:
        self.text = text
        self.anchor = anchor
        #: the anchor is a day on or after publication (a crawl date): no forward reading
        #: that only the verb's tense suggests
        self.late_anchor = late_anchor
        mask = bytearray(len(text) if names else 0)
        for a, b in names:
            mask[a:b] = b"\x01" * (min(b, len(text)) - a)
        self.names = bytes(mask)
        self.found: list[tuple[int, int, str, dict[str, Any]]] = []
        self.tokens = set(_TOKEN_RE.findall(text))
        self.digit_runs = [m.span() for m in _DIGIT_RUN_RE.finditer(text)]

    def windows(self, triggers: frozenset[str], margins: tuple[int, int],
                extend: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        """Where a finder with these trigger tokens and margins must look (see ``windows``)."""
        return windows(token_spans(self.text, triggers, self.tokens), *margins, len(self.text),
                       extend)

    def digit_windows(self, margins: tuple[int, int]) -> list[tuple[int, int]]:
        """Where a pattern that contains a digit run must look."""
        return windows(self.digit_runs, *margins, len(self.text))

    def add(self, m: re.Match[str], label: str, value: str | None, *, modifier: str | None = None,
            relative: bool = True, language: str = "ar", start: int | None = None,
            end: int | None = None, **extra: Any) -> None:
        attrs: dict[str, Any] = {"value": value, "modifier": modifier,
                                 "anchor": self.anchor.iso if relative else None,
                                 "calendar": extra.pop("calendar", "gregorian"),
                                 "language": language}
        if relative and self.anchor.day is None:
            attrs["value"] = None
            attrs["unresolved"] = True
        attrs.update(extra)
        a = m.start("c") if start is None else start
        if _NAME_BEFORE.search(self.text, max(0, a - 8), a):
            return  # a name's part, not a time: اللواء محمد أبو قرنين, بن رمضان
        end = m.end("c") if end is None else end
        tail = _TANWEEN_TAIL.match(self.text, end)
        if tail:
            end = tail.end()  # the whole word: 15 يومًا, not 15 يوم + ًا
        self.found.append((a, end, label, attrs))


#: a kunya or patronymic word right before a match: the match is part of a name
_NAME_BEFORE = re.compile(r"(?<![\w])(?:أبو|ابو|بن|ابن|بنت|آل)\s+$")
#: tanween (and the alif carrying it) the word boundary of a pattern stopped before
_TANWEEN_TAIL = re.compile(r"[\u064b-\u0652]+\u0627?[\u064b-\u0652]*(?![\w])")
#: a unit repeated around بعد: يومًا بعد يوم (day after day) is no length of time
_AFTER_SAME = re.compile(r"(?:يوم|شهر|عام|سنة|ساعة|أسبوع|اسبوع)[\u064b-\u0652]*ا?[\u064b-\u0652]*"
                         r"\s+بعد\s+$")


_PAST = ("الماضي", "المنصرم", "الفائت")
_NEXT = ("المقبل", "القادم")
_SINCE_BEFORE = re.compile(r"(?:منذ|مُنذ)\s+$")
#: «منذ يوم» before a weekday (the match may start at the weekday or at «يوم»)
_SINCE_DAY = re.compile(r"(?:منذ|مُنذ)\s+(?:يوم\s+)?$")


def _rel_shift(rel: str | None) -> int:
    """-1, 0 or +1 for a relative word (``الماضي``, ``الحالي``, ``المقبل``)."""
    return -1 if rel in _PAST else 1 if rel in _NEXT else 0


# Days a forward-read date may lie before the anchor and still be this year's (publication lag).
_LAG_DAYS = 14


def _nearest_year(a: date, mon: int, d: int | None, direction: int) -> int:
    """The year of ``mon`` (and day ``d``) nearest the anchor ``a``: ``direction`` -1 takes the
    latest on or before ``a``, +1 the first on or after it, 0 the nearest with the future
    counting double (news mostly reports the past: a month up to about four months ahead is
    read forward, one further ahead backward). A day at most :data:`_LAG_DAYS` before the anchor
    stays in the anchor's year even forward: the anchor is often a later republication or crawl
    date than the writing (``سيطبق اعتباراً من 26 فبراير`` dated 4 March is this February)."""
    def when(y: int) -> date:
        return date(y, mon, min(d or 1, _last_day(y, mon).day)) if d else date(y, mon, 15)

    def cost(y: int) -> float:
        w = when(y)
        if d is None and (y, mon) == (a.year, a.month):
            return 0
        if w < a or (w == a and direction <= 0):
            if direction > 0 and d is not None and (a - w).days <= _LAG_DAYS:
                return (a - w).days
            return float("inf") if direction > 0 else (a - w).days
        return float("inf") if direction < 0 else 2 * (w - a).days
    return min((a.year - 1, a.year, a.year + 1), key=cost)


# A day and month without a year that names something: a revolution or movement (ثورة 25 يناير,
# حركة 6 إبريل), a place or road named after a date (مدينة 6 أكتوبر, كوبري 15 مايو, كمين 15
# مايو), a war or events (حرب 6 أكتوبر, أحداث 11 سبتمبر).
# Also an institution or an area named after one (جامعة 6 أكتوبر, محافظة, حي, قرية, مشروع, شركة).
# Also a police station or district numbered within a town named after a date (قسم شرطة أول
# العاشر من رمضان, مركز ثان ...), and a day and month standing alone inside quote marks
# (مدرسة «العاشر من رمضان» الابتدائية, عملية "6 أكتوبر"): a name in marks, not a date.
_NAMED_BEFORE = re.compile(r"(?<![\w])[وبلف]?(?:(?:(?:حركة|ائتلاف|اتحاد|جبهة)\s+(?:شباب|طلاب|ثوار)|ثورة|ثورتي|حركة|مدينة|كمين|كوبري|جسر|شارع|ميدان|حرب|"
                           r"انتفاضة|أحداث|احداث|مجزرة|نفق|محور|هجمات|جامعة|محافظة|حي|قرية|"
                           r"مشروع|شركة|شركتي|مركز|منطقة|كلية|مستشفى|مدرسة|نادي|ميناء|مطار|"
                           r"معهد|مسجد|مصنع|محطة|مجمع|سوق|طريق|قسم|فرع|أكاديمية|اكاديمية)"
                           r"(?:\s+شرطة)?(?:\s+(?:أول|اول|ثان|ثاني|ثالث))?|[«\"“])\s*$")
# ... and the closing mark right after the day and month
_NAMED_MARK_AFTER = re.compile(r"\s*[»\"”]")
_EVERY_YEAR = re.compile(r"\s+(?:من\s+)?كل\s+(?:عام|سنة)(?![\w])")


def _named_day(text: str, m: re.Match[str]) -> bool:
    """Whether the day and month matched by ``m`` (no year) name something rather than a day:
    a name noun before them (:data:`_NAMED_BEFORE`: مدينة 6 أكتوبر, قسم شرطة أول العاشر من
    رمضان), or quote marks that open right before and close right after them."""
    before = _NAMED_BEFORE.search(text, max(0, m.start() - 24), m.start())
    if before is None:
        return False
    if before.group().strip() not in ("«", '"', "“"):
        return True
    return _NAMED_MARK_AFTER.match(text, m.end()) is not None


#: this year (هذا العام, العام الحالي, السنة الجارية): a bare month (no day) after it in the same
#: or the next sentence is of this year, read neither back nor ahead (a past or next year named
#: before a month is no such guide: «بعد ويمبلدون العام الماضي وعاد في يناير» is this January)
_YEAR_WORD_BEFORE = re.compile(
    r"(?<![\w])(?:هذا\s+العام|هذه\s+السنة|(?:ال|لل|بال|وال)(?:عام|سنة)\s+"
    r"(?:الحالي|الحالية|الجاري|الجارية))(?![\w])(?!.*(?:العام|السنة|عام\s|سنة\s|\d{4}))", re.S)
_YEAR_WORD_REACH = 160

_WEEK_OF_MONTH = re.compile(r"(?:الأسبوع|الاسبوع|أسبوع|اسبوع)\s+$")


def _months(c: _Collector) -> None:
    text, a = c.text, c.anchor
    for m in scan(_MONTH_RE, text, c.windows(_MONTH_TRIGGERS, _MONTH_MARGINS)):
        name, period, day, year, rel = m["mon"], m["period"], m["day"], m["year"], m["rel"]
        alt = m["alt"] or m["alt2"]
        mon = GREGORIAN_MONTHS[name]
        if alt and GREGORIAN_MONTHS[alt] != mon:
            alt = None
        if name in AMBIGUOUS_MONTHS and not (day or year or alt or m["shahr"] or period
                                             or text[max(0, m.start() - 3):m.start()] == "في "):
            continue
        if not (day or year or alt or m["shahr"] or period or rel or m["yunit"]
                or re.search(r"(?:في|منذ|حتى|خلال|من|بحلول|أشهر)\s+$", text[max(0, m.start() - 8):m.start()])):
            continue
        d = (_digits(day) if day[0].isdigit() else ORDINAL_DAYS[day]) if day else None
        if d is not None and not day[0].isdigit() and d % 10 == 0 and text[
                m.start():m.start("c")] == "و" and (prev := _PREV_WORD.search(
                    text, max(0, m.start() - 12), m.start())) and prev[1][-4:] in _UNIT_ORDINALS:
            continue  # «(ا)التاسع والعشرين من سبتمبر»: the tens of a day whose units came before
        if d is not None and not year and _named_day(text, m):
            continue  # ثورة 25 يناير, حركة 6 إبريل, مدينة 6 أكتوبر: a name, not a date
        if d is not None and not year and not period and text[m.start():m.start("c")] == "ب":
            continue  # مسجد الشرطة بالسادس من أكتوبر: locative بـ on the day, a place named after a date
        week = _WEEK_OF_MONTH.search(text, max(0, m.start() - 12), m.start()) if (
            d is not None and not day[0].isdigit() and not m["day0"]) else None
        if week is not None:  # الأسبوع الأول من أغسطس: a week of the month, not its first day
            d = None
        generic = not year and _EVERY_YEAR.match(text, m.end("c"))
        if year:
            y, relative = _digits(year), False
        else:
            relative = True
            if a.day is None:
                c.add(m, "date", None)
                continue
            year_before = None if d is not None else _YEAR_WORD_BEFORE.search(
                text, max(0, m.start() - _YEAR_WORD_REACH), m.start())
            if year_before is not None and rel in (None, "الحالي", "الجاري") and len(
                    _SENTENCE_END.findall(text, year_before.end(), m.start())) <= 1:
                # «العمل سيبدأ هذا العام. ... ربما يوليو أو منتصف يوليو»: this year, named in this
                # sentence or the one before, is the month's
                y = a.day.year
            elif m["yunit"]:
                y = a.day.year + _rel_shift(m["yrel"])
            elif rel in _PAST:
                y = _nearest_year(a.day - timedelta(days=1), mon, d, -1) if d else (
                    a.day.year - (mon >= a.day.month))
            elif rel in _NEXT:
                y = _nearest_year(a.day + timedelta(days=1), mon, d, 1) if d else (
                    a.day.year + (mon <= a.day.month))
            elif rel in ("الحالي", "الجاري"):
                y = a.day.year
            elif _SINCE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
                # «منذ» right before the date is the nearest tense word: past, whatever future
                # cue the clause has (a name such as سيرجي reads like سـ + verb)
                y = _nearest_year(a.day, mon, d, -1)
            elif _DEADLINE_BEFORE.search(text, max(0, m.start() - 20), m.start()) or _future(
                    text, m.start(), names=c.names) or _imperfect_before(text, m.start()):
                y = _nearest_year(a.day, mon, d, 1)
            else:
                y = _nearest_year(a.day, mon, d, 0)
        extra: dict[str, Any] = {}
        if d is not None and not period:
            try:
                value, mod = date(y, mon, d).isoformat(), None
                if m["day0"]:
                    first = date(y, mon, _digits(m["day0"])).isoformat()
                    if m["dsep"] in ("أو", "او"):
                        value, extra = first, {"kind": "alternatives", "value_alt": value}
                    elif m["dsep"] == "و" and _digits(m["day0"]) + 1 < d and not \
                            _BETWEEN_BEFORE.search(text, max(0, m.start("c") - 10), m.start("c")):
                        # في 23 و27 مارس: two days (two friendlies), not the days between;
                        # بين 22 و30 مارس stays a range, and so do two consecutive days
                        # (يومي 30 و31 يناير: both readings are the same days)
                        c.add(m, "date", first, relative=relative, end=m.end("day0"))
                        c.add(m, "date", value, relative=relative, start=m.start("day"))
                        continue
                    elif first < value:
                        value, extra = f"{first}/{value}", {"kind": "range"}
                    else:
                        continue
            except ValueError:
                continue
        else:
            value, mod = _period_value(period, y, mon)
        if generic:  # 15 مارس / نهاية شهر يونيو من كل عام: every year, not this year's
            value, relative, extra = (f"XXXX-{mon:02d}-{d:02d}" if d is not None and not period
                                      else f"XXXX-{mon:02d}"), False, {}
        if week is not None:
            mod = "start" if day in ("الأول", "الاول") else mod
            c.add(m, "date", value, modifier=mod, relative=relative, start=week.start(), **extra)
            continue
        c.add(m, "date", value, modifier=mod, relative=relative, **extra)


#: a range's "between" right before its first day (بين 22 و30 مارس)
_BETWEEN_BEFORE = re.compile(r"(?<![\w])(?:ما\s*)?بين\s+(?:(?:يومي|يومى|اليومين)\s+)?$")

_YEAR_RANGE_AFTER = re.compile(rf"\s*(?:و?(?:حتى|إلى|الى)|-|–)\s*(?:عام\s+)?(?:19|20){_D}{{2}}(?!{_D})")


def _years(c: _Collector) -> None:
    text = c.text
    for m in scan(_YEAR_RE, text, c.digit_windows(_DIGIT_MARGINS["year"])):
        head = m.group("c")
        if not (m["period"] or head[0] in "عاسل" or text[m.start():m.start("c")] in ("و", "ل")):
            before = re.search(r"(?:في|منذ|حتى|بحلول|قبل|بعد|خلال|مطلع|عامي|عام|و|بين|من)\s+$",
                               text[max(0, m.start() - 7):m.start()])
            if not before or (before.group().strip() == "من"
                              and not _YEAR_RANGE_AFTER.match(text, m.end("c"))):
                continue
        y = _digits(m["year"])
        value, mod = _period_value(m["period"], y, None)
        c.add(m, "date", value, modifier=mod, relative=False)


# A relational adjective (nisba, -ي/-ية) right after العام/السنة/الشهر makes another kind of
# year than the calendar one: العام الدراسي (school), المالي (fiscal), الهجري, الجامعي, الرياضي,
# السنة التشريعية, or an ordinal (العام الثاني على التوالي). The relative words (الحالي, الماضي)
# and الميلادي (the calendar year itself) are not qualifiers.
_QUALIFIED_UNIT = re.compile(r"\s+(?P<adj>ال[\u0621-\u064a]{2,}(?:ي|ية))(?![\w])")
_NOT_QUALIFIERS = frozenset({*_REL.split("|"), "الميلادي", "الميلادية", "الحالية", "الماضية",
                             "الجارية", "المنصرمة", "الفائتة"})


def _qualified_unit(text: str, end: int) -> bool:
    """Whether the period word ending at ``end`` is qualified by a nisba adjective or an ordinal
    (``العام الدراسي``, ``السنة المالية``, ``العام الثاني``): not the calendar year or month, so
    it gets no calendar value."""
    q = _QUALIFIED_UNIT.match(text, end)
    return bool(q) and q["adj"] not in _NOT_QUALIFIERS


_YEAR_UNITS = re.compile(r"(?<![\w])[وبلف]?(?:ال|ل)(?:عام|سنة)(?![\w])")


def _qualified_years(text: str) -> bool:
    """Whether the text names a qualified year (``العام الدراسي``) anywhere: a bare ``بداية
    العام`` in it may be that year again (``الإعداد لبداية العام``), so it gets no value."""
    return any(_qualified_unit(text, y.end()) for y in _YEAR_UNITS.finditer(text))


#: nouns that العام follows as the adjective "general" in titles and fixed terms (النائب العام
#: the attorney-general, الأمين العام, الرأي العام, القطاع العام): with الحالي/المقبل after
#: it, the title's holder, not the year
_GENERAL_HEAD = re.compile(
    r"(?<![\w])[وبلف]?(?:ال|لل)(?:نائب|مدعي|أمين|امين|محامي|مرشد|منسق|مدير|مفتش|مراقب|قائد|"
    r"سكرتير|رأي|راي|قطاع|مال|أمن|امن|إضراب|اضراب|عفو|ادعاء|موجه|مستشار)\s+$")


def _relperiods(c: _Collector) -> None:
    a = c.anchor
    other_years: bool | None = None  # computed on the first bare period of a year
    for m in scan(_RELPERIOD_RE, c.text, c.windows(_RELPERIOD_TRIGGERS, _RELPERIOD_MARGINS)):
        if not (m["period"] or m["this"] or m["rel"]):
            continue
        if not m["rel"] and _qualified_unit(c.text, m.end("unit")):
            continue  # بداية العام الدراسي, نهاية العام المالي 1435هـ: not the calendar year
        if not (m["period"] or m["day"] or m["this"]) and m["unit"] == "العام" and \
                _GENERAL_HEAD.search(c.text, max(0, m.start("unit") - 16), m.start("unit")):
            continue  # النائب العام الحالي, الأمين العام المقبل: "general", not the year
        if not (m["rel"] or m["this"]) and m["unit"].endswith(("عام", "سنة")):
            if other_years is None:
                other_years = _qualified_years(c.text)
            if other_years:
                continue  # بداية العام where the school or fiscal year is the topic
        rel = m["rel"]
        k = -1 if rel in ("الماضي", "المنصرم", "الفائت") else 1 if rel in ("المقبل", "القادم") else 0
        if a.day is None:
            c.add(m, "date", None)
            continue
        unit = "ال" + m["unit"].removeprefix("ال").removeprefix("ل")
        if m["day"] and unit == "الشهر" and not m["period"]:
            day = m["day"].removeprefix("الـ").removeprefix("ال").strip()
            y, mon = _shift_month(a.day.year, a.day.month, k)
            try:
                value = date(y, mon, _digits(day) if day[0].isdigit() else ORDINAL_DAYS[m["day"]])
            except (ValueError, KeyError):
                continue
            c.add(m, "date", value.isoformat())
            continue
        if m["day"]:  # الخامس من العام: not a day of the month
            continue
        if unit in ("العام", "السنة"):
            value, mod = _period_value(m["period"], a.day.year + k, None)
        elif unit == "الشهر":
            y, mon = _shift_month(a.day.year, a.day.month, k)
            value, mod = _period_value(m["period"], y, mon)
        else:
            iy, iw, _ = (a.day + timedelta(weeks=k)).isocalendar()
            value, mod = f"{iy:04d}-W{iw:02d}", None
            if m["period"]:
                mod = _period_value(m["period"], iy, 1)[1]
        c.add(m, "date", value, modifier=mod)


#: common Arabic given names (hamza seats and ta marbuta folded, :func:`_fold_name`): a weekday
#: word right after one is a family name (أحمد الخميس, عبدالله الجمعة), not a day — unless the
#: name is itself a father's name after another given name (الملك سلمان عبدالعزيز الثلاثاء,
#: فاطمة يعقوب السبت) or a date follows (إبراهيم محمد الأحد 10 فبراير)
_GIVEN_NAMES = frozenset((
    "محمد", "احمد", "محمود", "مصطفى", "علي", "حسن", "حسين", "ابراهيم", "خالد", "عبدالله",
    "عبدالرحمن", "عبدالعزيز", "عبدالمحسن", "عبدالاله", "عبدالكريم", "عبدالرحيم", "عبدالحميد",
    "عبدالملك", "عبدالمجيد", "عبداللطيف", "عبدالوهاب", "عبدالناصر", "عمر", "عثمان", "يوسف",
    "سعيد", "سعد", "سعود", "فهد", "فيصل", "سلطان", "سلمان", "تركي", "بندر", "نايف", "ناصر",
    "منصور", "ماجد", "مشاري", "نواف", "عادل", "صالح", "سليمان", "حمد", "حمود", "راشد", "سالم",
    "طارق", "هشام", "سامي", "اسامه", "عمرو", "وليد", "ياسر", "زياد", "حامد", "جاسم", "يعقوب",
    "عيسى", "موسى", "ايمن", "اسماعيل", "بدر", "مساعد", "ثامر", "متعب", "مشعل", "عبدالهادي",
    "فاطمه", "مريم", "ساره", "عائشه", "خديجه", "زينب", "نوره", "هند", "منيره", "امل", "هدى"))
_FOLD_NAME = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه"})  # ى kept: على is no علي
#: the word right before a weekday (a proclitic و/ب/ل/ف off)
_WORD_BEFORE = re.compile(r"(?<![\w])(?P<pw>[وبلف]?(?P<w>[\u0621-\u064a]{2,}))\s+$")
#: a compound given name in two words: عبد الله, عبد الرحمن
_ABD_BEFORE = re.compile(r"(?<![\w])[وبلف]?عبد\s+(?P<w>ال[\u0621-\u064a]{2,})\s+$")


def _fold_name(word: str) -> str:
    """``word`` with hamza seats, alif maqsura and ta marbuta folded (أحمد → احمد)."""
    return word.translate(_FOLD_NAME)


def _given(w: re.Match[str] | None) -> bool:
    """Whether the word matched by :data:`_WORD_BEFORE` is a given name, with or without the
    letter a proclitic may be (فهد, فيصل, بندر; وأحمد)."""
    return w is not None and (_fold_name(w["pw"]) in _GIVEN_NAMES or _fold_name(w["w"]) in _GIVEN_NAMES)


def _surname_weekdays(text: str) -> frozenset[str]:
    """The weekday words that the text uses as a family name: right after a given name of
    :data:`_GIVEN_NAMES` (``هاجما احمد الخميس``, ``عبد الله الجمعة``)."""
    found = set()
    for m in _BARE_WEEKDAY.finditer(text):
        before = max(0, m.start() - 24)
        w = _WORD_BEFORE.search(text, before, m.start())
        abd = _ABD_BEFORE.search(text, before, m.start())
        name = abd or w
        if not (_given(w) or abd and "عبد" + _fold_name(abd["w"]) in _GIVEN_NAMES) or \
                _DATE_AFTER_WEEKDAY.match(text, m.end()):
            continue
        if _given(_WORD_BEFORE.search(text, max(0, name.start() - 24), name.start())):  # type: ignore[union-attr]
            continue  # سلمان عبدالعزيز الثلاثاء: a father's name, then the day
        found.add(m["wd"])
    return frozenset(found)


_DATE_AFTER_WEEKDAY = re.compile(rf"[\s(،,]*(?:الموافق\s+)?{_D}")


_BARE_WEEKDAY = re.compile(rf"(?<![\w])(?P<wd>{_alt(WEEKDAYS)})(?![\w])")


def _weekdays(c: _Collector) -> None:
    a = c.anchor
    surnames: frozenset[str] | None = None  # computed on the first bare weekday
    for m in scan(_WEEKDAY_RE, c.text, c.windows(_WEEKDAY_TRIGGERS, _WEEKDAY_MARGINS)):
        if not (m["pre"] or m["rel"] or m["rel2"]):
            if surnames is None:
                surnames = _surname_weekdays(c.text)
            if m["wd"] in surnames:
                continue  # the family name of a person the text names (احمد الخميس, مع الخميس)
        if a.day is None:
            c.add(m, "date", None)
            continue
        wd = WEEKDAYS[m["wd"]]
        rel = {"الماضيين": "الماضي", "المقبلين": "المقبل", "القادمين": "القادم",
               "الماضية": "الماضي", "المقبلة": "المقبل", "القادمة": "القادم",
               "المنصرمة": "المنصرم", "الفائتة": "الفائت"}.get(m["rel"] or m["rel2"] or "",
                                                             m["rel"])
        diff = (a.day.weekday() - wd) % 7  # days back to the most recent such day
        if rel in ("الماضي", "المنصرم", "الفائت"):
            day = a.day - timedelta(days=diff or 7)
        elif rel in ("المقبل", "القادم"):
            day = a.day + timedelta(days=(wd - a.day.weekday()) % 7 or 7)
        elif (_future(c.text, m.start(), names=c.names) or _AS_FROM_BEFORE.search(
                c.text, max(0, m.start() - 16), m.start()) or (not c.late_anchor and _scheduled(
                c.text, m.start(), c.names))) and not _SINCE_DAY.search(
                c.text, max(0, m.start() - 10), m.start()):
            day = a.day + timedelta(days=(wd - a.day.weekday()) % 7)
        elif _UNTIL_BEFORE.search(c.text, max(0, m.start() - 10), m.start()):
            ahead = (wd - a.day.weekday()) % 7
            day = a.day + timedelta(days=ahead) if ahead < diff else a.day - timedelta(days=diff)
        else:  # past by default; always after «منذ» (منذ يوم الأحد)
            day = a.day - timedelta(days=diff)
        part = _PART_OF_DAY.get(m["pre"] or "")
        if m["pre"] == "ليلة":
            # ليلة الجمعة is the night before Friday (Thursday night): in Arabic reckoning the
            # night comes before its day (ليل الجمعة, مساء الجمعة: Friday's own evening)
            day -= timedelta(days=1)
        value = day.isoformat() + (part or "")
        c.add(m, "time" if part else "date", value)


def _deictics(c: _Collector) -> None:
    text, a = c.text, c.anchor
    for m in scan(_DEICTIC_RE, text, c.windows(_DEICTIC_TRIGGERS, _DEICTIC_MARGINS)):
        word = m["deic"]
        if word == "اليوم":
            nxt = text[m.end():m.end() + 3]
            if nxt.startswith((" ال", "»", '"')) or _NOT_TODAY_BEFORE.search(
                    text, max(0, m.start() - 8), m.start()) or text.startswith(" والليلة", m.end()) or (
                    not m["pre"] and _IN_THE_DAY.search(text, max(0, m.start() - 5), m.start())):
                continue
        if word == "الليلة" and text[max(0, m.start("c") - 8):m.start("c")].endswith("اليوم و"):
            continue  # أحداث اليوم والليلة: "day and night", an idiom
        if a.day is None:
            c.add(m, "date", None)
            continue
        day = a.day + timedelta(days=_DEICTIC[word])
        part = _PART_OF_DAY.get(m["pre"] or "") or ("TNI" if word.startswith("الليلة") else None)
        value = day.isoformat() + (part or "")
        c.add(m, "time" if part else "date", value, **({"kind": "range_start"} if m["since"] else {}))


def _number(s: str) -> float | None:
    s2 = to_ascii_digits(s).replace("٫", ".").replace(",", ".")
    if s2[:1].isdigit():
        try:
            return float(s2)
        except ValueError:
            return None
    return words_value(s.split())


def _iso_duration(n: float, unit: str) -> str:
    num = f"{int(n)}" if n == int(n) else f"{n:g}"
    if unit == "H":
        return f"PT{num}H"
    if unit == "MIN":
        return f"PT{num}M"
    if unit == "DEC":
        return f"P{int(n * 10) if n * 10 == int(n * 10) else n * 10}Y"
    if unit == "CENT":
        return f"P{int(n * 100) if n * 100 == int(n * 100) else n * 100}Y"
    return f"P{num}{unit}"


_PLURAL_BEFORE = re.compile(r"(?<![\w])[\u0621-\u064a]{1,}(?:ين|ون|اء)\s+$")
_NOT_PLURAL = frozenset({"بين", "حين", "دون", "سنين", "حوالي", "أكثر", "نحو"})
_AFTER_DECADE = re.compile(r"\s*(?:[^\w\s]|$|(?:من|على|مضى|في|و)(?![\w]))")
_AGE_BEFORE = re.compile(r"(?:عمر|عمره|عمرها|عمرهم|العمر|البالغ|البالغة|يبلغ|تبلغ|ناهز|يناهز|سن|بسن)"
                         r"\s+(?:[\u0621-\u064a]+\s+){0,2}$")


# A person named or described just before the years (police and accident news: «يدعى زكي
# يوسف 62 عاما», «المدعو محمد علي 40 سنة», «طفلة 5 سنوات», «شاب 25 عاما»): no preposition or
# verb of a period (منذ، لمدة، خلال، قضى) stands between, so the years are the person's age.
_AGE_PERSON_BEFORE = re.compile(
    r"(?:(?<![\w])(?:يدعى|تدعى|يُدعى|تُدعى|المدعو|المدعوة|ويدعى|وتدعى)\s+(?:[\u0621-\u064a]+\s+){1,4}"
    r"|(?<![\w])[وب]?(?:طفل|طفلة|شاب|شابة|فتاة|فتى|سيدة|مسن|مسنة|عجوز|رضيع|رضيعة)\s+)$")

_APPOSITION_MARKS = {"(": ")", "،": "،", ",": ",", "'": "'", '"': '"', "«": "»", "-": "-", "–": "–"}


# Egyptian police-report style: a name, the age, then the occupation («محمد أحمد 34 سنة عاطل»,
# «(52 عاما- فلاح)»).
_OCCUPATION_AFTER = re.compile(
    r"\s*[-–،,]?\s*(?:عاطل|عاطلة|طالب|طالبة|موظف|موظفة|فلاح|مزارع|عامل|عاملة|سائق|تاجر|ربة|"
    r"نجار|مهندس|طبيب|محام|مدرس|مدرسة|مجند|جندي|بائع|حداد|ميكانيكي|سباك|مقيم|مقيمة|ويقيم|"
    r"وتقيم|ومقيم|ومقيمة)(?![\w])")


def _is_age(text: str, start: int, end: int) -> bool:
    """Whether the years at ``start:end`` are someone's age, which is a quantity, not a timex
    (gold conventions): alone in brackets, commas, quotes or dashes after a name
    (``رضائيان (39 عامًا)``, ``فهمي تعيلب، 33 سنة، أن``), before an occupation
    (``34 سنة عاطل``) or after an age word
    (``البالغ من العمر 39 عاما``, ``عن عمر ناهز 80 عاما``)."""
    before, after = text[max(0, start - 3):start].strip()[-1:], text[end:end + 3].strip()[:1]
    if before and after and _APPOSITION_MARKS.get(before) == after:
        return True
    if _OCCUPATION_AFTER.match(text, end) or re.search(r"[\"”»']\s*$", text[max(0, start - 3):start]):
        return True  # 34 سنة عاطل; "محمد إبراهيم" 21 عاما: a name in quotes, then the age
    return bool(_AGE_BEFORE.search(text, max(0, start - 24), start)
                or _AGE_PERSON_BEFORE.search(text, max(0, start - 40), start))


def _durations(c: _Collector) -> None:
    a = c.anchor
    # A number longer than the margin before its unit: the windows of its words and digit runs
    # join the unit's window.
    numbers = token_spans(c.text, _NUMBER_WORD_TRIGGERS, c.tokens) + c.digit_runs
    # A definite plural (الساعات) reaches further right: its number and relative word follow it.
    spans = token_spans(c.text, _DURATION_TRIGGERS, c.tokens) + [
        (s, e + _DEF_REACH) for s, e in token_spans(c.text, _DEF_TRIGGERS, c.tokens)]
    wins = windows(spans, *_DURATION_MARGINS, len(c.text), numbers)
    for m in scan(_DURATION_RE, c.text, wins):
        if m["dual"]:
            n, unit = 2.0, _DUALS[m["dual"]]
            prev = _PLURAL_BEFORE.search(c.text, max(0, m.start() - 16), m.start())
            if unit == "Y" and prev and prev.group().split()[0] not in _NOT_PLURAL:
                continue  # مدراء عامين: "general", not "two years"
        elif m["sing"]:
            n, unit = 1.0, _SINGULAR[m["sing"]]
            if _AFTER_SAME.search(c.text, max(0, m.start("c") - 24), m.start("c")):
                continue  # يومًا بعد يوم: "day after day"
            if unit == "DEC" and not _AFTER_DECADE.match(c.text, m.end("c")):
                continue  # بعد عقد اجتماع: "holding", not "a decade"
        elif m["defunit"]:
            got = words_value([w.removeprefix("و").removeprefix("ال") for w in m["defnum"].split()])
            if not got:
                continue
            n, unit = got, _DEF_PLURALS[m["defunit"]]
        else:
            got = _number(m["num"])
            if got is None or got <= 0:
                continue
            n, unit = got, _UNIT_OF[m["unit"]]
        if m["frac"]:
            n += 0.5 if m["frac"] == "نصف" else 0.25
        if unit == "Y" and not m["since"] and not m["mod"] and _is_age(c.text, m.start("c"),
                                                                          m.end("c")):
            continue
        mod = _MODS.get(m["mod"] or "")
        since = m["since"]
        if m["sing"] and not (since and since.startswith("قبل")):
            after = _AFTER_BEFORE.match(c.text, m.end("c"))
            if after and after["noun"]:
                continue  # خلال شهر رمضان, بعد يوم الجمعة: not a length of time
        if since and since.startswith("قبل"):
            after = _AFTER_BEFORE.match(c.text, m.end("c"))
            if m["sing"] and after and after["noun"]:
                continue  # قبل يوم الجمعة, قبل شهر رمضان: not a length of time
            if after and after["from"]:  # قبل 3 أيام من ...: before another event
                c.add(m, "duration", _iso_duration(n, unit), modifier=mod, relative=False,
                      start=m.end("since"))
                continue
        if not since or since.startswith("منذ"):
            c.add(m, "duration", _iso_duration(n, unit), modifier=mod, relative=False)
            continue
        if a.day is None:
            c.add(m, "date", None, modifier=mod)
            continue
        if unit in ("H", "MIN"):
            delta = timedelta(hours=n) if unit == "H" else timedelta(minutes=n)
            if a.time is not None:
                c.add(m, "datetime", (a.time - delta).isoformat(timespec="minutes"), modifier=mod)
            else:
                c.add(m, "date", (datetime.combine(a.day, datetime.min.time()) - delta)
                      .date().isoformat() if delta >= timedelta(days=1) else a.iso, modifier=mod)
        elif unit in ("D", "W"):
            days = n * (7 if unit == "W" else 1)
            c.add(m, "date", (a.day - timedelta(days=days)).isoformat(), modifier=mod)
        elif unit == "M":
            y, mon = _shift_month(a.day.year, a.day.month, -int(n))
            c.add(m, "date", f"{y:04d}-{mon:02d}", modifier=mod)
        else:
            years = int(n * (100 if unit == "CENT" else 1))
            c.add(m, "date", f"{a.day.year - years:04d}", modifier=mod)


def _hijri(c: _Collector, m: re.Match[str], y: int, mon: int, d: int | None,
           period: str | None = None, relative: bool = False, start: int | None = None,
           end: int | None = None) -> None:
    """Add the Hijri date ``y-mon[-d]``; a month is its Gregorian interval (``first/last`` day,
    with the period word's modifier). One that cannot be converted (impossible day, year
    outside the Umm al-Qura tables) is added unresolved: value null, ``invalid`` true.
    ``start``/``end``: the span's offsets when not the whole match (one day of a pair)."""
    hijri = f"{y:04d}-{mon:02d}" if d is None else f"{y:04d}-{mon:02d}-{d:02d}"
    try:
        g = Hijri(y, mon, 1 if d is None else d).to_gregorian()
        last = None if d is not None else Hijri(y, mon, Hijri(y, mon, 1).month_length()).to_gregorian()
    except (ValueError, OverflowError):
        c.add(m, "date", None, relative=False, calendar="hijri", hijri=hijri, invalid=True,
              start=start, end=end)
        return
    mod = None
    if last is not None:
        value = f"{g.isoformat()}/{last.isoformat()}"
        mod = _period_value(period, 2000, 1)[1] if period else None
    else:
        value = g.isoformat()
    c.add(m, "date", value, modifier=mod, relative=relative, calendar="hijri", hijri=hijri,
          start=start, end=end)


def _numeric(c: _Collector) -> None:
    for m in scan(_NUMERIC_RE, c.text, c.digit_windows(_DIGIT_MARGINS["numeric"])):
        a, b, y = _digits(m["a"]), _digits(m["b"]), _digits(m["y"])
        if len(m["a"]) == 4 and len(m["y"]) <= 2:
            y, mon, d = a, b, y
        elif len(m["y"]) == 4:
            d, mon = a, b
        else:
            continue
        if not (1 <= mon <= 12 and 1 <= d <= 31):
            continue
        if m["h"] or 1300 <= y < 1500:
            _hijri(c, m, y, mon, d)
        elif 1800 <= y <= 2100:
            try:
                c.add(m, "date", date(y, mon, d).isoformat(), relative=False)
            except ValueError:
                continue


# «قبل الـ 20 منه», «في الـ15 من الشهر الجاري»: a day of the month named just before, or of
# the current month
# Also after في/يوم without الـ: «في 25 الشهر الحالي» (the current month), and «في 26» with no
# noun after it (a word with بال, or a stop: كما تحتفل في 26 بتحرير الإمارة), the day of the
# month named just before (in 26 دولة the number counts; بالمئة makes it a percentage).
_DAY_OF_MONTH_RE = re.compile(
    rf"(?<![\w])(?:(?P<c>(?:(?P<cue>قبل|بعد|حتى)\s+)?(?:الـ\s?|ال)(?P<day>{_D}{{1,2}})\s+"
    rf"(?:(?P<of>منه)|من\s+(?:هذا\s+)?الشهر(?:\s+(?:الجاري|الحالي))?))(?![\w])|"
    rf"(?:(?<=في\s)|(?<=يوم\s))(?P<c2>(?P<day2>{_D}{{1,2}})(?:\s+الشهر\s+(?:الجاري|الحالي)(?![\w])|"
    rf"(?P<of2>(?=\s+(?:بال(?!مئة|مائة|ألف|الف)[\u0621-\u064a]{{2,}}|ب[\u0621-\u064a]{{2,}}"
    rf"(?<![اةىء]))(?![\w\u064b-\u0652])|\s*[.،,؛])))))")
#: the bare-day branch of :data:`_DAY_OF_MONTH_RE` again, with its groups named as the other's
_BARE_DAY = re.compile(rf"(?P<c>(?P<cue>)(?P<day>{_D}{{1,2}})(?:\s+الشهر\s+\S+|(?P<of>)))")
_MONTH_VALUE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")  # a month, or a day whose month منه names
#: characters back to the month that «منه» refers to
_OF_REACH = 120


def _day_of_month(c: _Collector) -> None:
    """``الـ N منه`` (the month of the nearest month- or day-precision timex ending at most
    :data:`_OF_REACH` characters before: في 5 مارس ... قبل الـ 20 منه) and ``الـ N من الشهر (الجاري)`` (the anchor's month):
    day N of that month; ``قبل``/``بعد``/``حتى`` before it is kept as ``before``/``after``/
    ``until``, as the dev gold writes it."""
    for m in scan(_DAY_OF_MONTH_RE, c.text, c.digit_windows(_DIGIT_MARGINS["day_of_month"])):
        bare = bool(m["c2"])
        if bare:
            m = _BARE_DAY.match(c.text, m.start("c2"), m.end("c2"))  # c/day/of groups of the bare day
        d = _digits(m["day"])
        if bare and m["of"] is not None and d < 11:
            continue  # في 5 ببلدان: a counted plural may follow 3-10; from 11 the noun is ـًا/ـة
        if m["of"] is not None:
            months = [f for f in c.found if f[1] <= m.start("c") and m.start("c") - f[1] <= _OF_REACH
                      and isinstance(f[3].get("value"), str)
                      and _MONTH_VALUE.fullmatch(f[3]["value"])]
            if not months:
                continue
            named = max(months, key=lambda f: f[1])[3]
            y, mon = map(int, named["value"].split("-")[:2])
            relative = named.get("anchor") is not None
        else:
            if c.anchor.day is None:
                c.add(m, "date", None)
                continue
            y, mon, relative = c.anchor.day.year, c.anchor.day.month, True
        if not 1 <= d <= _last_day(y, mon).day:
            continue
        mod = {"قبل": "before", "بعد": "after", "حتى": "until"}.get(m["cue"] or "")
        c.add(m, "date", date(y, mon, d).isoformat(), modifier=mod, relative=relative)


# «في مثل هذا اليوم عام 1929» (on this day in 1929): the reference day's month and day in that year
_SAME_DAY_RE = re.compile(
    rf"(?<![\w])(?P<c>(?:في\s+)?مثل\s+هذا\s+اليوم(?:\s+من)?\s+(?:ل?عام|العام|سنة)\s+"
    rf"(?P<year>{_D}{{4}}))(?!{_D})")


def _same_day(c: _Collector) -> None:
    """``في مثل هذا اليوم عام Y``: the reference day's month and day in year Y (29 February
    in a common year is the 28th)."""
    for m in scan(_SAME_DAY_RE, c.text, c.digit_windows(_DIGIT_MARGINS["same_day"])):
        if c.anchor.day is None:
            c.add(m, "date", None)
            continue
        y, a = _digits(m["year"]), c.anchor.day
        c.add(m, "date", date(y, a.month, min(a.day, _last_day(y, a.month).day)).isoformat())


def _bare_hijri_month(c: _Collector, m: re.Match[str], d: int | None) -> bool:
    """Whether a Hijri month without a year or relative word is a date: with a day, a period
    word or ``شهر`` before it; a month name that is not also a word or given name
    (:data:`_HIJRI_NAMES_TOO`) also after a temporal preposition (``خلال ذي الحجة``). A day
    and month that name something (``مدينة العاشر من رمضان``, ``حرب 6 أكتوبر``) is none."""
    if d is not None and _named_day(c.text, m):
        return False
    if d is not None and not m["period"] and c.text[m.start():m.start("c")] == "ب":
        return False  # فرع البحث الجنائي بالعاشر من رمضان: locative بـ, a place named after a date
    if m["day"] and m["day"][-1] in "ىة":
        return False  # a feminine ordinal qualifies another noun: العشر الأولى من ذي الحجة
    if d is not None or m["period"] or m["shahr"]:
        return True
    return m["mon"] not in _HIJRI_NAMES_TOO and bool(
        _HIJRI_PREP_BEFORE.search(c.text, max(0, m.start() - 8), m.start()))


def _nearest_hijri_year(c: _Collector, m: re.Match[str], today: Hijri, mon: int,
                        d: int | None) -> int:
    """The Hijri year of month ``mon`` (day ``d``) nearest the anchor, read with the tense
    cues a Gregorian month without a year is read with (:func:`_months`): ``منذ`` right before
    it is the past, a deadline or a future cue in its clause the future, else the nearest
    with the future counting double (:func:`_nearest_year`'s rule, on Hijri months)."""
    a = c.anchor.day
    assert a is not None
    if _SINCE_BEFORE.search(c.text, max(0, m.start() - 6), m.start()):
        direction = -1
    elif _DEADLINE_BEFORE.search(c.text, max(0, m.start() - 20), m.start()) or _future(
            c.text, m.start(), names=c.names):
        direction = 1
    else:
        direction = 0

    def cost(y: int) -> float:
        if d is None and (y, mon) == (today.year, today.month):
            return 0  # the month containing the anchor
        try:
            w = Hijri(y, mon, min(d or 15, Hijri(y, mon, 1).month_length())).to_gregorian()
        except (ValueError, OverflowError):
            return float("inf")
        w = date(w.year, w.month, w.day)
        if w <= a:
            return float("inf") if direction > 0 else (a - w).days
        return float("inf") if direction < 0 else 2 * (w - a).days
    return min((today.year - 1, today.year, today.year + 1), key=cost)


def _hijri_range(c: _Collector, m: re.Match[str], y: int, mon: int, d0: int, d: int,
                 relative: bool) -> None:
    """``من 1 إلى 10 ذي الحجة``: days ``d0``..``d`` of a Hijri month as one span of kind
    ``range`` (value ``first/last`` in Gregorian days, as a Gregorian ``22 إلى 30 أغسطس``),
    unresolved when either day does not exist."""
    hijri = f"{y:04d}-{mon:02d}-{d0:02d}/{y:04d}-{mon:02d}-{d:02d}"
    try:
        first, last = Hijri(y, mon, d0).to_gregorian(), Hijri(y, mon, d).to_gregorian()
    except (ValueError, OverflowError):
        c.add(m, "date", None, relative=False, calendar="hijri", hijri=hijri, invalid=True)
        return
    c.add(m, "date", f"{first.isoformat()}/{last.isoformat()}", relative=relative,
          calendar="hijri", hijri=hijri, kind="range")


def _hijri_text(c: _Collector) -> None:
    today = None
    if c.anchor.day is not None:
        try:
            today = Gregorian(c.anchor.day.year, c.anchor.day.month, c.anchor.day.day).to_hijri()
        except (ValueError, OverflowError):
            today = None
    for m in scan(_HIJRI_RE, c.text, c.windows(_HIJRI_TRIGGERS, _HIJRI_MARGINS)):
        day = m["day"]
        d = (_digits(day) if day[0].isdigit() else ORDINAL_DAYS[day]) if day else None
        if m["first"] and d is None:
            d = 1  # أول أيام شهر ربيع الآخر: the month's first day
        d0 = _digits(m["day0"]) if m["day0"] else None
        year, mon = m["year"] or m["year2"], HIJRI_MONTHS[m["mon"]]
        if d is not None and not 1 <= d <= 30 or d0 is not None and not 1 <= d0 < (d or 0):
            if d is not None and not 1 <= d <= 30:  # no Hijri month has this day
                c.add(m, "date", None, relative=False, calendar="hijri",
                      hijri=f"--{mon:02d}-{d:02d}", invalid=True)
            continue
        if year:
            y, relative = _digits(year), False
        elif m["rel"] and today is not None:
            k = _rel_shift(m["rel"])
            y = today.year + (k < 0 and mon >= today.month) * -1 + (k > 0 and mon <= today.month)
            relative = True
        elif _EVERY_YEAR.match(c.text, m.end("c")):
            continue  # رمضان من كل عام: every year, and a Hijri set has no Gregorian value
        elif today is not None and _bare_hijri_month(c, m, d):
            y, relative = _nearest_hijri_year(c, m, today, mon, d), True
        else:
            continue
        if d0 is not None and not m["period"] and m["dsep"] == "و" and d0 + 1 < d \
                and not _BETWEEN_BEFORE.search(c.text, max(0, m.start("c") - 10), m.start("c")):
            # في 3 و6 ذي الحجة: two days, each its own timex
            _hijri(c, m, y, mon, d0, relative=relative, end=m.end("day0"))
            _hijri(c, m, y, mon, d, relative=relative, start=m.start("day"))
            continue
        if d0 is not None and not m["period"]:  # من 1 إلى 10 / بين 3 و6 ذي الحجة: a range
            _hijri_range(c, m, y, mon, d0, d, relative)
            continue
        _hijri(c, m, y, mon, None if m["period"] else d, m["period"], relative=relative)
    for m in scan(_HIJRI_YEAR_RE, c.text, c.digit_windows(_DIGIT_MARGINS["hijri_year"])):
        y = _digits(m["year"] or m["bare"])
        if m["bare"] and y > (today.year if today else 1445) + _HIJRI_AHEAD:
            continue
        first = _HIJRI_YEAR_FIRST.search(c.text, max(0, m.start("c") - 14), m.start("c"))
        y0 = _digits(first["y0"]) if first else None
        if y0 is not None and not (0 < y - y0 <= _HIJRI_SPAN or y0 == y + 1):
            continue  # 1436-1430هـ: no span of years (a list, a code), and no single year either
        lead = first.start() if first else m.start("c")
        if _SCHOOL_YEAR_BEFORE.search(c.text, max(0, lead - 24), lead):
            continue  # للعام الدراسي 1436- 1437هـ: a school or fiscal year, not a calendar span
        interval = _hijri_year_interval(min(y0, y), max(y0, y)) if y0 is not None else \
            _hijri_year_interval(y, y)  # ١٤٣٧/١٤٣٦هـ: either order
        if interval is None:
            continue
        hijri = f"{y0:04d}/{y:04d}" if y0 is not None else f"{y:04d}"
        c.add(m, "date", interval, relative=False, calendar="hijri", hijri=hijri, start=lead,
              **({"kind": "range"} if y0 is not None else {}))


#: the first year of a Hijri span written before the year with هـ (``1436- 1437هـ``, ``1436/1437هـ``)
_HIJRI_YEAR_FIRST = re.compile(
    rf"(?<![\w/\-])(?P<y0>1[34]{_D}{{2}}|١[٣٤]{_D}{{2}})(?:\s*(?:هـ|ه))?\s*[-–/]\s*$")
#: a school, academic, fiscal or sports year right before a Hijri year (``للعام الدراسي``,
#: ``العام المالي``, ``الموسم الرياضي``): not a calendar span, so no timex (README); الهجري is no
#: such qualifier (``العام الهجري 1437`` is the Hijri year itself)
_SCHOOL_YEAR_BEFORE = re.compile(
    r"(?<![\w])[وبلف]?(?:ال|لل|ل)?(?:عام|سنة|موسم)\s+(?!(?:الهجري|الميلادي|الحالي|الجاري|الماضي|"
    r"المنصرم|الفائت|التالي|السابق|المقبل|القادم)ة?(?![\w]))(?:ال[\u0621-\u064a]{2,}(?:ي|ية))"
    r"(?:\s+ال[\u0621-\u064a]{2,})?(?:\s+ل?عام)?[\s(]*$")


def _hijri_year_interval(y0: int, y: int) -> str | None:
    """The Gregorian interval ``first/last`` day of Hijri years ``y0``..``y`` (Umm al-Qura):
    1437 AH is ``2015-10-14/2016-10-01``, as a Hijri month is its interval (the gold's
    convention); None outside the conversion tables."""
    try:
        first = Hijri(y0, 1, 1).to_gregorian()
        last = Hijri(y, 12, Hijri(y, 12, 1).month_length()).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return f"{first.year:04d}-{first.month:02d}-{first.day:02d}/" \
           f"{last.year:04d}-{last.month:02d}-{last.day:02d}"


def _english(c: _Collector) -> None:
    a = c.anchor
    for m in scan(_EN_RE, c.text, c.windows(_EN_TRIGGERS, _EN_MARGINS)):
        if m["year"] or m["year2"]:
            mon = ENGLISH_MONTHS[m["mon"] or m["mon2"]]
            try:
                d = date(int(m["year"] or m["year2"]), mon, int(m["day"] or m["day2"]))
            except ValueError:
                continue
            c.add(m, "date", d.isoformat(), relative=False, language="en")
        elif a.day is None:
            c.add(m, "time" if m["part"] else "date", None, language="en")
        elif m["part"]:
            word = m["part"].split()[-1].lower()
            c.add(m, "time", f"{a.iso}{_EN_PART[word]}", language="en")
        else:
            day = a.day + timedelta(days=_EN_REL[m["rel"].lower()])
            c.add(m, "date", day.isoformat(), language="en")


def _en_future(text: str, start: int) -> bool:
    """Whether the English clause before ``start`` (at most 80 characters, back to a sentence
    end) has a future cue (:data:`_EN_FUTURE`)."""
    lo = max(0, start - 80)
    ends = list(_EN_CLAUSE_END.finditer(text, lo, start))
    if ends:
        lo = ends[-1].end()
    return bool(_EN_FUTURE.search(text, lo, start))


def _english_relative(c: _Collector) -> None:
    """English weekdays, periods relative to the anchor and months without a year, resolved as
    their Arabic counterparts: a bare weekday is the most recent such day (the anchor's own
    weekday is that day), forward after a future cue; ``last``/``next`` step over the
    anchor's; ``last week`` = the ISO week before (``2014-W18``); a month without a year is
    the nearest, forward after a future cue."""
    a = c.anchor
    if a.day is None:
        return
    text = c.text
    for m in scan(_EN_REL_RE, text, c.windows(_EN_REL_TRIGGERS, _EN_REL_MARGINS)):
        if m["wd"]:
            if _EN_DATE_AFTER.match(text, m.end("c")):
                continue  # "Tuesday 12 July 2016": the weekday of the full date found beside it
            wd = ENGLISH_WEEKDAYS[m["wd"]]
            rel = (m["wrel"] or "").lower()
            back = (a.day.weekday() - wd) % 7
            ahead = (wd - a.day.weekday()) % 7
            if rel == "last":
                day = a.day - timedelta(days=back or 7)
            elif rel == "next":
                day = a.day + timedelta(days=ahead or 7)
            elif rel == "this" or _en_future(text, m.start()):
                day = a.day + timedelta(days=ahead)
            else:
                day = a.day - timedelta(days=back)
            part = _EN_PART.get(m["wpart"] or "")
            c.add(m, "time" if part else "date", day.isoformat() + (part or ""), language="en")
        elif m["unit"]:
            k = {"last": -1, "next": 1, "this": 0}[m["prel"].lower()]
            if m["unit"] == "week":
                y, w, _ = (a.day + timedelta(weeks=k)).isocalendar()
                value = f"{y}-W{w:02d}"
            elif m["unit"] == "month":
                y, mo = _shift_month(a.day.year, a.day.month, k)
                value = f"{y:04d}-{mo:02d}"
            else:
                value = f"{a.day.year + k:04d}"
            mod = {"earlier": "start", "later": "end"}.get((m["pmod"] or "").lower())
            c.add(m, "date", value, modifier=mod, language="en")
        else:
            mon = ENGLISH_MONTHS[m["mon"]]
            if m["mon"] == "May" and not m["day"] and m["mpre"].lower() != "in":
                continue  # "May" is a modal verb too: alone only after "in"
            d = int(m["day"]) if m["day"] else None
            if d is not None and not 1 <= d <= 31:
                continue
            y = _nearest_year(a.day, mon, d, 1 if _en_future(text, m.start()) else 0)
            try:
                value = date(y, mon, d).isoformat() if d else f"{y:04d}-{mon:02d}"
            except ValueError:
                continue
            c.add(m, "date", value, language="en", start=m.start("mon"))


# Vague expressions (TIMEX3 ``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``, ``PXD``-type "some
# days"): adverbs, a period noun with a relative adjective (الفترة الماضية), a bare plural unit
# after a preposition (قبل أيام, بعد أسابيع, بساعات) or with a relative adjective (الأيام الماضية).
_PAST_ADJ = "الماضية|الأخيرة|الاخيرة|السابقة|المنصرمة|الفائتة"
_NEXT_ADJ = "المقبلة|القادمة|اللاحقة"
_VAGUE_UNITS = {"أيام": "PXD", "ايام": "PXD", "الأيام": "PXD", "الايام": "PXD",
                "أسابيع": "PXW", "اسابيع": "PXW", "الأسابيع": "PXW", "الاسابيع": "PXW",
                "أشهر": "PXM", "اشهر": "PXM", "شهور": "PXM", "الأشهر": "PXM", "الاشهر": "PXM",
                "الشهور": "PXM", "سنوات": "PXY", "السنوات": "PXY", "أعوام": "PXY", "اعوام": "PXY",
                "الأعوام": "PXY", "الاعوام": "PXY", "سنين": "PXY", "السنين": "PXY",
                "عقود": "PXDE", "العقود": "PXDE", "ساعات": "PTXH", "الساعات": "PTXH",
                "دقائق": "PTXM", "الدقائق": "PTXM"}
_VAGUE_WORDS = {"مؤخرا": "PAST_REF", "مؤخراً": "PAST_REF", "مؤخرًا": "PAST_REF",
                "قريبا": "FUTURE_REF", "قريباً": "FUTURE_REF", "قريبًا": "FUTURE_REF",
                "لاحقا": "FUTURE_REF", "لاحقاً": "FUTURE_REF", "لاحقًا": "FUTURE_REF",
                "في وقت سابق": "PAST_REF", "في وقت لاحق": "FUTURE_REF",
                "في الآونة الأخيرة": "PAST_REF", "في الآونة الاخيرة": "PAST_REF",
                "في الوقت الحالي": "PRESENT_REF", "في الوقت الراهن": "PRESENT_REF",
                "حتى الآن": "PRESENT_REF", "حتى الان": "PRESENT_REF", "حتى اللحظة": "PRESENT_REF",
                "هذه الأيام": "PRESENT_REF", "هذه الايام": "PRESENT_REF",
                "في المستقبل": "FUTURE_REF"}
_VAGUE_RE = re.compile(
    _B + rf"(?P<c>(?P<word>{_alt(_VAGUE_WORDS)})(?!\s+من(?![\w]))|"
    rf"(?P<noun>الفترة|الفترات|المرحلة|المواسم|الأيام|الايام|الأسابيع|الاسابيع|الأشهر|الاشهر|"
    rf"الشهور|السنوات|الأعوام|الاعوام|السنين|العقود|الساعات|الدقائق)"
    rf"(?:\s+القليلة)?\s+(?P<adj>{_PAST_ADJ}|{_NEXT_ADJ})|"
    rf"(?P<prep>قبل|بعد|منذ|خلال|غضون|ب)\s*(?P<unit>أيام|ايام|أسابيع|اسابيع|أشهر|اشهر|شهور|سنوات|"
    rf"أعوام|اعوام|سنين|عقود|ساعات|دقائق)(?:\s+(?:قليلة|معدودة))?(?!\s+ال))"
    + _E
)
# Triggers: the last word of each phrase (في, حتى are everywhere), units, period nouns.
_VAGUE_TRIGGERS = trigger_tokens([*(w.split()[-1] for w in _VAGUE_WORDS), *_VAGUE_UNITS, "الفترة",
                                  "الفترات", "المرحلة", "المواسم"])
_VAGUE_MARGINS = (16, 32)  # a clitic, في الآونة, قبل / القليلة الماضية


_LATER = re.compile(r"لاحق")
#: the clause before «لاحقا»/«في وقت لاحق» tells a past event: a perfect verb right before it
#: (a pronoun-preposition between: تراجعت عنه لاحقا) with a perfect ending (-ت, -وا: ونقلت, وأيدت,
#: قرروا) or of becoming clear or of an end (تبين, اتضح, توفي), or a past auxiliary in the clause
#: (تم نقله لاحقا, جرى اعتقال ... في وقت لاحق)
_PERFECT_BEFORE = re.compile(
    r"(?<![\w])[وف]?(?P<v>[\u0621-\u064a\u064b-\u0652]{2,}(?:ت|وا)|تبين|تبيّن|تبيَّن|اتضح|"
    r"توفي|توفى|أخلي|اخلي)(?:\s+(?:عنه|عنها|عنهم|عنهما|عليه|عليها|له|لها|لهم|منه|منها))?\s+$")
_PAST_AUX = re.compile(r"(?<![\w])[وف]?(?:تم|جرى|كان|كانت|كانوا)(?![\w])")
#: a non-past verb or particle after the auxiliary: «كانت عليه ... لكن نأمل أن يصل الناس في وقت لاحق»
_NON_PAST_AFTER = re.compile(r"(?<![\w])(?:أن|ان|لن|[وفل]?ي[\u0621-\u064a]{2,})(?![\w])")
_IMPERFECT_PREFIX = ("ي", "سي", "ست", "سن", "سأ")  # an imperfect verb ending in -ت (يثبت, ستموت)


def _later_in_past(text: str, start: int) -> bool:
    """Whether «لاحقا» at ``start`` is later within a past narrative, not in the future: a
    perfect verb right before it (:data:`_PERFECT_BEFORE`) or a past auxiliary in the clause
    (:data:`_PAST_AUX`), and no future cue in the clause (:func:`_future`)."""
    lo = max(0, start - 60)
    ends = list(re.finditer(r"[.!?؟\n،,]", text[lo:start]))
    if ends:
        lo += ends[-1].end()
    if _future(text, start, reach=60) or _FUTURE_CUE.search(text, max(0, lo - 1), start):
        return False
    before = _PERFECT_BEFORE.search(text, max(0, start - 32), start)
    if before is not None and not before["v"].startswith(_IMPERFECT_PREFIX):
        return True
    auxes = list(_PAST_AUX.finditer(text, lo, start))
    aux = auxes[-1] if auxes else None
    return aux is not None and not _NON_PAST_AFTER.search(text, aux.end(), start)


def _vague(c: _Collector) -> None:
    for m in scan(_VAGUE_RE, c.text, c.windows(_VAGUE_TRIGGERS, _VAGUE_MARGINS)):
        if m["word"]:
            value = _VAGUE_WORDS[m["word"]]
            if value == "FUTURE_REF" and _LATER.search(m["word"]) and _later_in_past(
                    c.text, m.start("c")):
                continue  # وتبين لاحقا أنها ليست خطيرة: later within a past narrative
        elif m["noun"]:
            value = _VAGUE_UNITS.get(m["noun"]) or (
                "FUTURE_REF" if re.fullmatch(_NEXT_ADJ, m["adj"]) else "PAST_REF")
        else:
            if m["prep"] == "ب" and m["unit"] == "عقود":
                continue  # بعقود مغرية: "with contracts", not "by decades"
            value = _VAGUE_UNITS[m["unit"]]
        label = "duration" if value.startswith("P") else "date"
        c.add(m, label, value, relative=False, kind="vague")


# Seasons (TIMEX3 ``2015-SU``): الصيف/الشتاء/الخريف alone, with هذا or a relative word, or with a
# year; الربيع only with هذا, a relative word or a year (الربيع العربي, ربيع الأول).
_SEASONS = {"الصيف": "SU", "صيف": "SU", "الشتاء": "WI", "شتاء": "WI", "الخريف": "FA",
            "خريف": "FA", "الربيع": "SP", "ربيع": "SP"}
_SEASON_RE = re.compile(
    _B + rf"(?P<c>(?:(?P<this>هذا)\s+)?(?P<s>الصيف|الشتاء|الخريف|الربيع)(?:\s+(?P<rel>الماضي|المنصرم|"
    rf"الفائت|المقبل|القادم|الحالي|الجاري))?|(?P<s2>صيف|شتاء|خريف|ربيع)\s+(?:عام\s+)?"
    rf"(?P<year>(?:19|20){_D}{{2}})(?!{_D}))(?!\s+(?:ال|[\u0621-\u064a]+ية(?![\w])))" + _E
)
_SEASON_TRIGGERS = trigger_tokens(_SEASONS)
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_MARGINS = (8, 32)
# Sets (TIMEX3 ``P1W`` with kind ``set``): يوميا/أسبوعيا/شهريا/سنويا and كل + a unit.
_SET_WORDS = {"يوميا": "P1D", "يومياً": "P1D", "يوميًا": "P1D", "أسبوعيا": "P1W",
              "أسبوعياً": "P1W", "أسبوعيًا": "P1W", "اسبوعيا": "P1W", "شهريا": "P1M",
              "شهرياً": "P1M", "شهريًا": "P1M", "سنويا": "P1Y", "سنوياً": "P1Y", "سنويًا": "P1Y"}
# weekdays with and without the article (كل يوم اثنين, كل يوم الاثنين) → Python weekday
_BARE_WEEKDAYS = {**WEEKDAYS, **{w[2:]: d for w, d in WEEKDAYS.items() if w.startswith("ال")}}
_SET_RE = re.compile(
    _B + rf"(?P<c>(?P<w>{_alt(_SET_WORDS)})|كل\s+(?:يوم\s+(?P<wd>{_alt(_BARE_WEEKDAYS)})(?![\w])|"
    rf"(?P<dual>عامين|سنتين|شهرين|أسبوعين|اسبوعين|يومين|ساعتين)|"
    rf"(?P<unit>يوم|أسبوع|اسبوع|شهر|عام|سنة|ساعة)(?!\s+(?:من|ال|{_alt(_BARE_WEEKDAYS)}))))" + _E
)
_SET_TRIGGERS = trigger_tokens([*_SET_WORDS, "كل"])  # كل + a unit or a dual


def _seasons(c: _Collector) -> None:
    a = c.anchor
    for m in scan(_SEASON_RE, c.text, c.windows(_SEASON_TRIGGERS, _SEASON_MARGINS)):
        name = m["s"] or m["s2"]
        if m["year"]:
            c.add(m, "date", f"{_digits(m['year']):04d}-{_SEASONS[name]}", relative=False)
            continue
        if name == "الربيع" and not (m["this"] or m["rel"]):
            continue
        if a.day is None:
            c.add(m, "date", None)
            continue
        code, k = _SEASONS[name], _rel_shift(m["rel"])
        first = _SEASON_START[code]  # the season runs first..first+2
        y = a.day.year
        if k > 0:
            y += a.day.month >= first
        elif k < 0:
            y -= a.day.month < first + 3
        c.add(m, "date", f"{y:04d}-{code}")


def _sets(c: _Collector) -> None:
    for m in scan(_SET_RE, c.text, c.windows(_SET_TRIGGERS, (8, 16))):
        if m["wd"]:  # كل يوم اثنين: every Monday (TIMEX3 XXXX-WXX-1)
            c.add(m, "set", f"XXXX-WXX-{_BARE_WEEKDAYS[m['wd']] + 1}", relative=False,
                  kind="set")
            continue
        if m["dual"]:  # كل عامين: every two years
            unit = _DUALS[m["dual"]]
            c.add(m, "set", "P2" + unit.replace("H", "TH"), relative=False, kind="set")
            continue
        value = _SET_WORDS.get(m["w"] or "") or "P1" + _SINGULAR[
            m["unit"].replace("اسبوع", "أسبوع")].replace("MIN", "M").replace("H", "TH")
        c.add(m, "set", value, relative=False, kind="set")


# Clock times: ``الساعة 8``, ``6:35``, ``العاشرة والنصف صباحا``, ``7 مساء بتوقيت جرينتش``,
# ``15:22 ت م`` (Makkah time). A bare hour needs الساعة, minutes, a part of the day or a zone.
_HOUR_WORDS = {"الواحدة": 1, "الثانية": 2, "الثالثة": 3, "الرابعة": 4, "الخامسة": 5,
               "السادسة": 6, "السابعة": 7, "الثامنة": 8, "التاسعة": 9, "العاشرة": 10,
               "الحادية عشرة": 11, "الحادية عشر": 11, "الثانية عشرة": 12, "الثانية عشر": 12}
_MINUTE_WORDS = {"والنصف": 30, "والربع": 15, "والثلث": 20, "إلا ربعا": -15, "إلا الربع": -15,
                 "الا ربعا": -15, "الا الربع": -15, "إلا ثلثا": -20, "إلا الثلث": -20}
_CLOCK_PARTS = {"صباحا": "am", "صباحاً": "am", "صباحًا": "am", "فجرا": "am", "فجراً": "am",
                "فجرًا": "am", "ص": "am", "ظهرا": "noon", "ظهراً": "noon", "ظهرًا": "noon",
                "بعد الظهر": "pm", "عصرا": "pm", "عصراً": "pm", "عصرًا": "pm", "مساء": "pm",
                "مساءً": "pm", "مساءا": "pm", "م": "pm", "ليلا": "night", "ليلاً": "night",
                "ليلًا": "night"}
# UTC offsets of zones named in Gulf/Egyptian news (no daylight saving in these countries in
# the corpus years; Greenwich is +00:00 as written).
_ZONES = {"جرينتش": "+00:00", "غرينتش": "+00:00", "غرينيتش": "+00:00", "جرينيتش": "+00:00",
          "مكة المكرمة": "+03:00", "مكة": "+03:00", "السعودية": "+03:00", "الرياض": "+03:00",
          "بغداد": "+03:00", "الكويت": "+03:00", "قطر": "+03:00", "الدوحة": "+03:00",
          "البحرين": "+03:00", "القاهرة": "+02:00", "مصر": "+02:00", "الإمارات": "+04:00",
          "أبوظبي": "+04:00", "أبو ظبي": "+04:00", "دبي": "+04:00"}
_CLOCK_RE = re.compile(
    rf"(?<![\w:/.])(?P<c>(?:(?P<sa>(?:[وفبل]|ل?ل)?(?:ال)?ساعة)\s+)?(?:(?P<h>{_D}{{1,2}})(?:(?::|(?(sa)[.,٫]|(?!)))(?P<mi>{_D}{{2}}))?"
    rf"(?![\w:/.])|(?P<hw>{_alt(_HOUR_WORDS)}))(?:\s+(?P<mw>{_alt(_MINUTE_WORDS)}))?"
    rf"(?:\s+(?P<part>{_alt(_CLOCK_PARTS)})(?![\w]))?"
    rf"(?:(?:\s+(?:من\s+)?(?P<dpart>صباح|مساء|ظهر|عصر|فجر|ليل|ليلة))?(?:\s+يوم)?\s+"
    rf"(?P<dday>{_alt(_DEICTIC)}|{_alt(WEEKDAYS)})(?![\w])"
    rf"(?:\s+(?P<drel>المقبل|القادم|الماضي|المنصرم|الفائت)(?![\w]))?)?"
    rf"(?:\s+(?P<zone>(?:بتوقيت|توقيت)\s+(?P<zname>{_alt(_ZONES)})|ت\s?م(?![\w])|"
    rf"بالتوقيت المحلي|(?:بتوقيت|توقيت)\s+[\u0621-\u064a]+))?)(?![\w])"
)
_CLOCK_TRIGGERS = trigger_tokens(("ساعة", "الساعة", *_HOUR_WORDS), "وفبل")
_CLOCK_MARGINS = (8, 80)  # a clitic / minutes, part, من صباح يوم الأربعاء, بتوقيت مكة المكرمة
# A clock time without الساعة or an hour word has minutes or a part of the day or zone after
# its digits: only those digit runs open a window.
_CLOCK_DIGITS = re.compile(rf"{_D}{{1,2}}(?::{_D}{{2}}|\s+(?:ص|م|صباح|مساء|ظهر|عصر|ليل|فجر|بعد الظهر|"
                           rf"بتوقيت|توقيت|ت\s?م))")


def _day_of(c: _Collector, word: str, start: int, rel: str | None = None) -> date:
    """The day a deictic word or a weekday names, from the anchor. A weekday with ``rel``
    (``المقبل``/``القادم``: the next such day after the anchor; ``الماضي``...: the last one
    before it) as in :func:`_weekdays`; a bare weekday is past by default, forward after a
    future cue."""
    a = c.anchor.day
    assert a is not None
    if word in _DEICTIC:
        return a + timedelta(days=_DEICTIC[word])
    wd = WEEKDAYS[word]
    if rel in ("المقبل", "القادم"):
        return a + timedelta(days=(wd - a.weekday()) % 7 or 7)
    if rel is not None:
        return a - timedelta(days=(a.weekday() - wd) % 7 or 7)
    if _future(c.text, start, names=c.names):
        return a + timedelta(days=(wd - a.weekday()) % 7)
    return a - timedelta(days=(a.weekday() - wd) % 7)


def _clock(c: _Collector) -> None:
    digits = [m.span() for m in (_CLOCK_DIGITS.match(c.text, s) for s, e in c.digit_runs
                                 if e - s <= 2) if m]
    wins = windows(token_spans(c.text, _CLOCK_TRIGGERS, c.tokens) + digits, *_CLOCK_MARGINS,
                   len(c.text))
    for m in scan(_CLOCK_RE, c.text, wins):
        part, zone = _CLOCK_PARTS.get(m["part"] or ""), m["zone"]
        if m["dpart"] and not part:  # العاشرة من صباح اليوم, التاسعة صباح الجمعة
            part = {"صباح": "am", "فجر": "am", "ظهر": "noon", "عصر": "pm", "مساء": "pm"}.get(
                m["dpart"], "night")
        if m["hw"] and not (m["sa"] or part):
            continue  # الثانية "the second"
        if m["h"] and not (m["sa"] or m["mi"] or (part and m["part"] not in ("ص", "م")) or zone):
            continue
        if m["part"] in ("ص", "م") and not (m["sa"] or m["mi"]):
            continue  # 5 م: metres
        h = _digits(m["h"]) if m["h"] else _HOUR_WORDS[m["hw"]]
        mi = _digits(m["mi"]) if m["mi"] else _MINUTE_WORDS.get(m["mw"] or "", 0)
        if mi < 0:
            h, mi = h - 1, 60 + mi
        if not (0 <= h <= 24 and 0 <= mi < 60) or (part and not 1 <= h <= 12):
            continue
        if part == "am":
            h %= 12
        elif part == "noon":
            h = h if h >= 11 else h + 12
        elif part == "pm":
            h = h + 12 if h < 12 else h
        elif part == "night":
            h = h + 12 if 6 <= h < 12 else (0 if h == 12 else h)
        offset = _ZONES.get(m["zname"] or "") or ("+03:00" if zone and zone.startswith("ت") else "")
        clock = f"T{h % 24:02d}:{mi:02d}{offset}"
        if m["dday"]:
            if c.anchor.day is None:
                c.add(m, "time", None)
                continue
            day = _day_of(c, m["dday"], m.start(), m["drel"])
            c.add(m, "time", day.isoformat() + clock)
            continue
        c.add(m, "time", clock, relative=False, clock="set" if part else "bare")


_FINDERS = (_numeric, _hijri_text, _months, _years, _relperiods, _day_of_month, _same_day, _weekdays,
            _deictics, _durations, _vague, _clock, _seasons, _sets, _english, _english_relative)


_APPOSITION_RE = re.compile(
    rf"(?<![\w])(?P<deic>اليوم|أمس|امس|غدا|غدًا|غداً)\s+(?P<wd>{_alt(WEEKDAYS)})(?![\w])")
_APPOSITION_TRIGGERS = trigger_tokens(("اليوم", "أمس", "امس", "غدا"), "وف")


def _text_anchor(c: _Collector) -> None:
    """Move the anchor to the day the text itself was written when it names it: a deictic word
    with a weekday (``اليوم الاثنين``, ``أمس الأحد``) that disagrees with the publication day
    means the copy was written up to three days before it (wire copy published the next day) or
    one day after it (time zones). The first such apposition decides; the time of day of the
    publication stamp is dropped with the shift."""
    a = c.anchor
    if a.day is None:
        return
    for m in scan(_APPOSITION_RE, c.text, c.windows(_APPOSITION_TRIGGERS, (0, 16))):
        off, wd = _DEICTIC[m["deic"]], WEEKDAYS[m["wd"]]
        for delta in (0, -1, 1, -2, -3):
            if (a.day + timedelta(days=delta + off)).weekday() == wd:
                if delta:
                    c.anchor = _Anchor((a.day + timedelta(days=delta)).isoformat())
                return
        return


def find_timexes(text: str, published: str | None,
                 names: Sequence[tuple[int, int]] = (), late_anchor: bool = False) -> list[Span]:
    """Timex spans of ``text`` resolved against ``published`` (ISO date or datetime, or None).

    Overlapping candidates are resolved longest first; a deadline cue (``بحلول``) just before a
    date widens it and relabels it ``deadline``. ``names`` are the ``[start, end)`` offsets of
    entity mentions, whose words are never tense cues. ``late_anchor``: ``published`` is a
    day on or after the real publication (a crawl date), so a bare weekday after a
    scheduled-event imperfect is not read forward from it.
    """
    text = yeh_spelled(text)  # Egyptian final ى (الماضى، الثانى): same offsets
    c = _Collector(text, _Anchor(published), names, late_anchor)
    _text_anchor(c)
    for finder in _FINDERS:
        finder(c)
    taken: list[tuple[int, int]] = []
    spans: list[Span] = []
    for start, end, label, attrs in sorted(c.found, key=lambda f: (f[0] - f[1], f[0])):
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        if label in ("date", "datetime", "time"):
            cue = _DEADLINE_BEFORE.search(text, max(0, start - 20), start)
            if cue:
                start, label = cue.start(), "deadline"
        spans.append(Span(start, end, label, attrs))
    spans.sort(key=lambda s: s.start)
    spans = _outside_titles(text, spans)
    spans = _numbered_months(text, _same_month(text, spans), c)
    spans = _weekday_of_week(text, _weekday_with_date(text, spans))
    return _ranges(text, _clock_dates(text, spans, c.anchor.iso))


#: a title in quote marks after the noun of a work or an outlet (برنامج "الليلة مع هاني", مسلسل
#: «أيام السادات», صحيفة "اليوم"): the marks hold a name, whose words are no time
_TITLE_RE = re.compile(
    r"(?<![\w])[وبلف]?(?:ال)?(?:برنامج|برامج|مسلسل|فيلم|كتاب|رواية|مسرحية|أغنية|اغنية|ألبوم|"
    r"البوم|قصيدة|ديوان|صحيفة|جريدة|مجلة|قناة|حملة|مبادرة|وسم|هاشتاق|هاشتاغ)(?:ه|ها)?"
    r"\s*(?P<o>[«\"“])(?P<t>[^«»\"“”\n]{1,60})[»\"”]")


def _outside_titles(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without those inside a title in quote marks (:data:`_TITLE_RE`)."""
    if not any(mark in text for mark in '"«“'):
        return spans
    titles = [(m.start("t"), m.end("t")) for m in _TITLE_RE.finditer(text)]
    if not titles:
        return spans
    return [s for s in spans if not any(a <= s.start and s.end <= b for a, b in titles)]


_SAME_MONTH_RE = re.compile(
    rf"(?<![\w])(?:[وفب](?=[0-9٠-٩]))?(?P<c>(?P<day>{_D}{{1,2}})\s+من\s+(?:(?:نفس|ذات)\s+الشهر|"
    r"الشهر\s+(?:نفسه|ذاته)))(?![\w])")
_MONTH_VALUE = re.compile(r"(\d{4}-\d{2})(?:-\d{2})?$")
#: how far back (characters) a month may be for «15 من الشهر نفسه» to mean it
_SAME_MONTH_REACH = 600


def _same_month(text: str, spans: list[Span]) -> list[Span]:
    """A day «of the same month» (``15 من نفس الشهر``, ``20 من الشهر نفسه``) is that day of the
    month of the nearest dated timex before it (within :data:`_SAME_MONTH_REACH` characters);
    without one it is left alone."""
    if "الشهر" not in text:
        return spans
    out = list(spans)
    for m in _SAME_MONTH_RE.finditer(text):
        a, b = m.start("c"), m.end("c")
        if any(s.start < b and a < s.end for s in out):
            continue
        before = [s for s in out if s.end <= a and a - s.end <= _SAME_MONTH_REACH
                  and isinstance(s.attrs.get("value"), str)
                  and _MONTH_VALUE.match(s.attrs["value"])]
        if not before:
            continue
        ref = max(before, key=lambda s: s.end)
        month = _MONTH_VALUE.match(ref.attrs["value"])[1]  # type: ignore[index]
        y, mo, d = int(month[:4]), int(month[5:]), _digits(m["day"])
        if not 1 <= d <= _last_day(y, mo).day:
            continue
        attrs = {**ref.attrs, "value": f"{month}-{d:02d}"}
        out.append(Span(a, b, "date", attrs))
    out.sort(key=lambda s: s.start)
    return out


#: «شهر 4»: a month by its number after a preposition or in a list, with an optional year
_NUMBERED_MONTH_RE = re.compile(
    rf"(?<![\w])(?:في|حتى|منذ|خلال|بحلول|مطلع|نهاية|بداية|أو|او|و)\s+(?P<c>شهر\s+(?P<mon>{_D}{{1,2}})"
    rf"(?!{_D}|\s*[/\-.]\s*{_D})(?:\s+(?:من\s+)?(?:(?:عام|العام|سنة)\s+)?(?P<year>(?:19|20){_D}{{2}})(?!{_D})|"
    rf"\s+(?:من\s+)?(?P<yunit>العام|السنة)\s+(?P<yrel>{_REL}))?)(?![\w])")


def _numbered_months(text: str, spans: list[Span], c: _Collector) -> list[Span]:
    """A month written as ``شهر`` and its number 1-12 (``في شهر 4``, ``أو شهر 4 من العام
    المقبل``), after a preposition or a list word; its year as a month name's would be: given,
    relative (``العام المقبل``), else the nearest to the anchor (:func:`_nearest_year`)."""
    if "شهر" not in text:
        return spans
    out = list(spans)
    a = c.anchor
    for m in _NUMBERED_MONTH_RE.finditer(text):
        start, end = m.start("c"), m.end("c")
        mon = _digits(m["mon"])
        hit = [s for s in out if s.start < end and start < s.end]
        if not 1 <= mon <= 12 or any(not (start <= s.start and s.end <= end and re.fullmatch(
                r"\d{4}", str(s.attrs.get("value")))) for s in hit):
            continue  # (a bare year inside it, «من عام 2012», is its year)
        out = [s for s in out if s not in hit]
        if m["year"]:
            value: str | None = f"{_digits(m['year'])}-{mon:02d}"
        elif a.day is None:
            value = None
        elif m["yrel"]:
            value = f"{a.day.year + _rel_shift(m['yrel'])}-{mon:02d}"
        else:
            value = f"{_nearest_year(a.day, mon, None, 0)}-{mon:02d}"
        attrs: dict[str, Any] = {"value": value, "modifier": None,
                                 "anchor": None if m["year"] else a.iso,
                                 "calendar": "gregorian", "language": "ar"}
        out.append(Span(start, end, "date", attrs))
    out.sort(key=lambda s: s.start)
    return out


_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK_REACH = 400  # characters within which a marked clock time fixes a bare one's half-day
_DATE_REACH = 1000  # characters within which a date before a clock time gives its day


def _minutes(value: str) -> int:
    return int(value[1:3]) * 60 + int(value[4:6])


def _hijri_years(s: Span) -> bool:
    """Whether ``s`` is a Hijri year or span of years (its value an interval of about a year,
    no reference day for a clock time)."""
    return s.attrs.get("calendar") == "hijri" and "-" not in (s.attrs.get("hijri") or "-")


#: an agency's end mark just before a clock time (``// انتهى // 12:35 ت م``): the time the wire
#: was sent, on the publication day whatever day the story spoke of last
_END_MARK_BEFORE = re.compile(r"انتهى\s*/*\s*$")


def _clock_dates(text: str, spans: list[Span], anchor: str | None) -> list[Span]:
    """Complete clock times (value ``THH:MM``): a bare hour (no part of the day) takes the
    reading, as written or twelve hours later, closer to the nearest clock time with a part of
    the day within :data:`_CLOCK_REACH` characters (a programme «6:35 … 7 مساء»); the day is that of
    the nearest day-precision timex before it (TIMEX3 reference time) when it is in the same
    paragraph or within :data:`_DATE_REACH` characters and no agency end mark stands just before
    the time, else the anchor's (the publication day, ``XXXX-XX-XX`` without one)."""
    if not any(s.label == "time" and (s.attrs.get("value") or "").startswith("T") for s in spans):
        return spans
    marked = [(s.start, _minutes(s.attrs["value"])) for s in spans
              if s.attrs.get("clock") == "set"]
    out: list[Span] = []
    day, day_at = None, -1
    for s in spans:
        val = s.attrs.get("value") or ""
        if not val.startswith("T"):
            if _DAY_VALUE.match(val) and s.attrs.get("kind") != "vague" and not _hijri_years(s):
                day, day_at = val[:10], s.end
            out.append(s)
            continue
        if day is None or (s.start - day_at > _DATE_REACH and "\n" in text[day_at:s.start]) \
                or _END_MARK_BEFORE.search(text, max(0, s.start - 24), s.start):
            day = anchor or "XXXX-XX-XX"
            day_at = s.start
        attrs = {k: v for k, v in s.attrs.items() if k != "clock"}
        if s.attrs.get("clock") == "bare" and int(val[1:3]) <= 12:
            near = [(abs(p - s.start), mins) for p, mins in marked
                    if abs(p - s.start) <= _CLOCK_REACH]
            if near:
                ref = min(near)[1]
                mins = _minutes(val)
                if abs(mins + 720 - ref) < abs(mins - ref):
                    val = f"T{int(val[1:3]) + 12:02d}{val[3:]}"
        attrs["value"] = day + val
        out.append(Span(s.start, s.end, s.label, attrs))
    return out


_RANGE_GAP = re.compile(r"\s*(?:(?P<to>و?(?:حتى|إلى|الى|إلي|لغاية|ولغاية))|(?P<and>و|-|–))\s*")
_RANGE_BEFORE = re.compile(r"(?:^|(?<=[^\w]))(?P<w>من|منذ|بين|ما بين|مابين)\s+(?:(?:عامي|العامين)\s+)?$")


def _ranges(text: str, spans: list[Span]) -> list[Span]:
    """Join two dates or two times into one range span (value ``A/B``, ``kind`` ``range``):
    ``من X حتى/إلى Y``, ``منذ X وحتى Y``, ``بين X و Y`` (the cue word is part of the span)."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        a = spans[i]
        b = spans[i + 1] if i + 1 < len(spans) else None
        if b is not None and a.label == b.label and a.label in ("date", "time"):
            gap = _RANGE_GAP.fullmatch(text, a.end, b.start)
            pre = _RANGE_BEFORE.search(text, max(0, a.start - 16), a.start)
            va, vb = a.attrs.get("value"), b.attrs.get("value")
            if (gap and pre and va and vb and "/" not in va + vb and not va.startswith("P")
                    and not vb.startswith("P") and a.attrs.get("kind") is None
                    and b.attrs.get("kind") is None and va < vb
                    and (gap["to"] or pre["w"] in ("بين", "ما بين", "مابين"))):
                attrs = {**a.attrs, "value": f"{va}/{vb}", "kind": "range"}
                out.append(Span(pre.start(), b.end, a.label, attrs))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _weekday_pair(text: str, spans: list[Span], i: int) -> list[Span] | None:
    """Two weekdays joined by و before a two-day range or pair (``الأربعاء والخميس 30 و31
    يناير``), each naming its day of it: the three spans with the weekdays given those days,
    when both weekdays agree; else None."""
    if i + 2 >= len(spans):
        return None
    w1, w2, d = spans[i], spans[i + 1], spans[i + 2]
    value = d.attrs.get("value")
    if not (isinstance(value, str) and "/" in value and text[w1.end:w2.start].strip() == "و"
            and text[w2.end:d.start].strip(" ،,(") == ""):
        return None
    try:
        a, b = (date.fromisoformat(v) for v in value.split("/"))
    except ValueError:
        return None
    names = [text[w.start:w.end].split()[-1].removeprefix("و") for w in (w1, w2)]
    if (b - a).days != 1 or [a.weekday(), b.weekday()] != [WEEKDAYS.get(n, -1) for n in names]:
        return None
    return [Span(w1.start, w1.end, w1.label, {**w1.attrs, "value": a.isoformat()}),
            Span(w2.start, w2.end, w2.label, {**w2.attrs, "value": b.isoformat()}), d]


_WEEK_VALUE = re.compile(r"(\d{4})-W(\d{2})")
_OF_WEEK_GAP = re.compile(r"[\s،,]*(?:و[\s،,]*)?(?:من|في)\s+")


def _weekday_of_week(text: str, spans: list[Span]) -> list[Span]:
    """Weekdays said to be of a week (``الأحد والإثنين، من الأسبوع المقبل``): each takes its day
    in that week, counted as the Arab working week from Saturday to Friday (the Saturday before
    the ISO week's Monday)."""
    out = list(spans)
    for i, wk in enumerate(spans):
        m = _WEEK_VALUE.fullmatch(str(wk.attrs.get("value") or ""))
        if m is None:
            continue
        j, end = i - 1, wk.start
        while j >= 0 and spans[j].label == "date" and text[spans[j].start:spans[j].end].split()[
                -1].removeprefix("و") in WEEKDAYS:
            gap = text[spans[j].end:end]
            if not (_OF_WEEK_GAP.fullmatch(gap) if end == wk.start else gap.strip() in ("و", "،")):
                break
            try:
                saturday = date.fromisocalendar(int(m[1]), int(m[2]), 1) - timedelta(days=2)
            except ValueError:
                break
            wd = WEEKDAYS[text[spans[j].start:spans[j].end].split()[-1].removeprefix("و")]
            day = saturday + timedelta(days=(wd - saturday.weekday()) % 7)
            out[j] = Span(spans[j].start, spans[j].end, spans[j].label,
                          {**spans[j].attrs, "value": day.isoformat()})
            end, j = spans[j].start, j - 1
    return out


_EQUATED = re.compile(r"[\s،,(]*(?:ال)?موافق(?:ة)?(?:\s+ل)?[\s،,(]*")


def _weekday_with_date(text: str, spans: list[Span]) -> list[Span]:
    """A weekday written just before a full date takes that date when the weekdays agree (the
    default past-tense guess is then overruled): separated by a space they become one span
    (``السبت الأول من ربيع الأول 1437``, ``يوم الأحد 13 أو 20 أيلول``); after a comma or an
    opening bracket (``يوم الخميس، 5/11/1436هـ``) the weekday span only takes the date's value,
    as it does after ``الموافق`` (``يوم الخميس الموافق 22 مارس``), where the writer equates them
    even when the weekdays disagree. A clock time ending in the weekday (``الثامنة مساء
    الأربعاء 13 فبراير``) is that time on the date."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        wd = spans[i]
        pair = _weekday_pair(text, spans, i)
        if pair is not None:  # «يومي الأربعاء والخميس 30 و31 يناير»
            out += pair
            i += 3
            continue
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        val = nxt.attrs.get("value") if nxt is not None else None
        gap = text[wd.end:nxt.start] if nxt is not None else ""
        equated = bool(_EQUATED.fullmatch(gap))  # «الخميس الموافق 22 مارس»: the writer's date
        clock = str(wd.attrs.get("value") or "")[10:] if wd.label == "time" else ""
        if (nxt is not None and (wd.label == "date" or clock.startswith("T"))
                and (gap.strip(" ،,(") == "" or equated)
                and val and len(val) == 10 and wd.attrs.get("value")):
            name = text[wd.start:wd.end].split()[-1]
            try:
                same = date.fromisoformat(val).weekday() == WEEKDAYS.get(name, -1)
            except ValueError:
                same = False
            same = same or equated
            if same and gap.strip() == "":
                # «الثامنة مساء الأربعاء 13 فبراير»: the clock time on that date
                attrs = {**nxt.attrs, "value": val + clock} if clock else nxt.attrs
                out.append(Span(wd.start, nxt.end, wd.label if clock else nxt.label, attrs))
                i += 2
                continue
            if same:
                wd = Span(wd.start, wd.end, wd.label, {**wd.attrs, "value": val + clock})
        out.append(wd)
        i += 1
    return out


#: a date in a URL's path (``/2015/07/22/``, ``/20150722/``, ``/2015-07-22``)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def fallback_anchor(md: Any) -> tuple[str | None, str | None]:
    """``(anchor date, source)`` for an article without a publication time: the date in its
    URL's path (``"url"``: outlets put the day they publish there), else the day it was
    crawled (``"crawled"``, ``metadata.extra["crawled"]``: a news crawl sees an article the day
    it appears or soon after, the same time the story layer files it under); ``(None, None)``
    without either."""
    m = _URL_DATE.search(md.url or "")
    if m is not None:
        try:
            return date(int(m[1]), int(m[3]), int(m[4])).isoformat(), "url"
        except ValueError:
            pass
    crawled = md.extra.get("crawled") if isinstance(md.extra, dict) else None
    if isinstance(crawled, str) and re.match(r"\d{4}-\d{2}-\d{2}", crawled):
        try:
            return date.fromisoformat(crawled[:10]).isoformat(), "crawled"
        except ValueError:
            pass
    return None, None


def timexes(article: Article) -> Article:
    """Return ``article`` with its ``"timexes"`` layer set (see the module docstring). Relative
    expressions are resolved against the publication time, or without one against
    :func:`fallback_anchor` (each span's ``anchor_source`` then says which: ``"url"`` or
    ``"crawled"``)."""
    md = article.metadata
    names = [(s.start, s.end) for s in article.layer("entities")]
    anchor, source = md.published or md.published_local, None
    if not anchor:
        anchor, source = fallback_anchor(md)
    spans = find_timexes(article.text, anchor, names, late_anchor=source == "crawled")
    if source is not None:
        spans = [Span(s.start, s.end, s.label, {**s.attrs, "anchor_source": source})
                 if s.attrs.get("anchor") else s for s in spans]
    return article.with_layer(LAYER, spans)
