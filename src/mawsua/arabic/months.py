"""Month and weekday names as data: Gregorian (every regional Arabic name set), Hijri, English.

Shapes: ``{name as written: number}``; Gregorian and Hijri months are 1..12, weekdays follow
Python's ``date.weekday()`` (Monday = 0 ... Sunday = 6).

Sources:

* ``BABEL_GREGORIAN`` is generated from babel's CLDR locale tables (format and stand-alone wide
  month names) of the locales in :data:`BABEL_LOCALES`; :func:`babel_months` rebuilds it and
  ``tests/annotate/test_timexes.py`` checks the two agree. Babel is only needed to regenerate, not
  at run time. It gives the Egyptian/Gulf set (يناير ... ديسمبر), the Levantine/Iraqi set
  (كانون الثاني ... كانون الأول), the Algerian/Tunisian set (جانفي ... ديسمبر) and the
  Moroccan/Mauritanian set (يوليوز، غشت، شتنبر، نونبر، دجنبر ...).
* ``SPELLING_VARIANTS``: hand-added spellings seen in news text (hamza dropped, ة/ه, يونية).
* ``HIJRI_MONTHS``: the twelve months of the Islamic (Umm al-Qura) calendar with their common
  spellings (hand-written; CLDR's islamic calendar names are not exposed by babel's API).
"""

from __future__ import annotations

BABEL_LOCALES: tuple[str, ...] = (
    "ar", "ar_SA", "ar_EG", "ar_LB", "ar_SY", "ar_IQ", "ar_JO", "ar_PS", "ar_DZ", "ar_TN",
    "ar_MA", "ar_LY", "ar_MR",
)

BABEL_GREGORIAN: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    "إبريل": 4, "أغشت": 8, "شتمبر": 9, "دجمبر": 12,
}

SPELLING_VARIANTS: dict[str, int] = {
    "ابريل": 4, "اغسطس": 8, "اكتوبر": 10, "يونية": 6, "يولية": 7, "فبرایر": 2,
    "اذار": 3, "ايار": 5, "اب": 8, "ايلول": 9, "افريل": 4, "اوت": 8,
    "كانون ثاني": 1, "كانون أول": 12, "تشرين أول": 10, "تشرين ثاني": 11,
    "تشرين الاول": 10, "تشرين الثانى": 11, "كانون الاول": 12, "كانون الثانى": 1,
}

GREGORIAN_MONTHS: dict[str, int] = {**BABEL_GREGORIAN, **SPELLING_VARIANTS}

# Names that are also ordinary words (مارس "practised", نيسان the car maker, ماي, اب "father"):
# the annotator takes them only with a day, a year or a temporal preposition around them.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"مارس", "نيسان", "ماي", "اب", "آب", "أوت", "اوت",
                                              "جوان"})

HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2,
    "ربيع الأول": 3, "ربيع الاول": 3, "ربيع أول": 3,
    "ربيع الآخر": 4, "ربيع الثاني": 4, "ربيع الاخر": 4, "ربيع ثاني": 4,
    "جمادى الأولى": 5, "جمادى الاولى": 5, "جمادى الأول": 5,
    "جمادى الآخرة": 6, "جمادى الثانية": 6, "جمادى الاخرة": 6, "جمادى الآخر": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}

WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3,
    "الجمعة": 4, "الجمعه": 4, "السبت": 5, "الأحد": 6, "الاحد": 6,
}

ENGLISH_MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        (("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
         ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
         ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
         ("December", "Dec")), start=1)
    for name in names
}

ENGLISH_WEEKDAYS: dict[str, int] = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5,
    "Sunday": 6,
}


def babel_months(locales: tuple[str, ...] = BABEL_LOCALES) -> dict[str, int]:
    """Rebuild :data:`BABEL_GREGORIAN` from babel's CLDR tables (needs babel installed)."""
    from babel import Locale

    out: dict[str, int] = {}
    for loc in locales:
        table = Locale.parse(loc).months
        for ctx in ("format", "stand-alone"):
            for i in range(1, 13):
                out.setdefault(table[ctx]["wide"][i], i)
    return out
