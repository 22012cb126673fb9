"""Dates as Arabic readers read them: Gregorian and Hijri (Umm al-Qura) dates in words, and
relative times with correct Arabic number agreement.

* :func:`count_phrase` counts a noun the Arabic way. The plural category of a number comes from
  CLDR's Arabic plural rules (through babel): *one* (1), *two* (2), *few* (``n % 100`` in
  3..10), *many* (``n % 100`` in 11..99), *other* (0, 100, 101, 102, 1000...). Each category
  has its own form of the counted noun (the classical rules of العدد والمعدود): 1 → the noun
  alone (دقيقة), 2 → the dual alone (دقيقتين), 3–10 → the number and the broken/sound plural
  (3 دقائق), 11–99 → the number and the singular in the accusative (11 دقيقة، 15 يومًا),
  100, 1000, 101... → the number and the singular in the genitive (100 يوم).
* :func:`relative` says how long ago (``منذ ساعتين``) or how far ahead (``بعد 3 أيام``).
* :func:`gregorian` and :func:`hijri` write a date with the Arabic weekday and month names of
  CLDR (babel's ``ar`` locale) and of hijridate (Umm al-Qura tables, valid 1343–1500 AH =
  1924–2077 CE); digits stay ASCII, as most Arab news sites print them.

Nothing here reads a clock: callers pass ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

from babel import Locale
from hijridate import Gregorian

#: the separator between the Gregorian and the Hijri date in :func:`both`
DATE_SEPARATOR = " — "
#: suffix of a Hijri year (هـ, "after the Hijra")
HIJRI_SUFFIX = "هـ"


@dataclass(frozen=True, slots=True)
class Noun:
    """The forms of a counted noun: ``one`` (singular), ``two`` (dual, genitive/accusative as
    used after منذ and بعد), ``few`` (plural for 3..10), ``many`` (singular accusative for
    11..99), ``other`` (singular genitive for 100, 101, 1000...)."""

    one: str
    two: str
    few: str
    many: str
    other: str


SECOND = Noun("ثانية", "ثانيتين", "ثوانٍ", "ثانية", "ثانية")
MINUTE = Noun("دقيقة", "دقيقتين", "دقائق", "دقيقة", "دقيقة")
HOUR = Noun("ساعة", "ساعتين", "ساعات", "ساعة", "ساعة")
DAY = Noun("يوم", "يومين", "أيام", "يومًا", "يوم")
WEEK = Noun("أسبوع", "أسبوعين", "أسابيع", "أسبوعًا", "أسبوع")
MONTH = Noun("شهر", "شهرين", "أشهر", "شهرًا", "شهر")
YEAR = Noun("سنة", "سنتين", "سنوات", "سنة", "سنة")


@cache
def _arabic() -> Locale:
    return Locale("ar")


def plural_category(n: int) -> str:
    """CLDR's Arabic plural category of ``n`` (``zero``, ``one``, ``two``, ``few``, ``many``,
    ``other``), from babel's plural rules for ``ar``."""
    return str(_arabic().plural_form(abs(n)))


def count_phrase(n: int, noun: Noun) -> str:
    """``n`` of ``noun`` with Arabic number agreement: ``دقيقة``, ``دقيقتين``, ``3 دقائق``,
    ``11 دقيقة``, ``100 دقيقة`` (1 and 2 are said by the noun alone). ``n`` must be ≥ 1.

    Raises:
        ValueError: when ``n`` < 1.
    """
    if n < 1:
        raise ValueError(f"count_phrase needs n >= 1, got {n}")
    cat = plural_category(n)
    if cat == "one":
        return noun.one
    if cat == "two":
        return noun.two
    form = {"few": noun.few, "many": noun.many}.get(cat, noun.other)
    return f"{n} {form}"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def relative(when: datetime, now: datetime, *, coarse: bool = False) -> str:
    """How long ago ``when`` was from ``now`` (``منذ 3 ساعات``), or how far ahead
    (``بعد يومين``).

    Units: under a minute ``الآن``; minutes under an hour; hours under a day; days under a
    week; weeks under 30 days; months (30 days) under a year (365 days); years beyond.
    Naive datetimes are taken as UTC.

    Args:
        when, now: the two instants.
        coarse: the time of ``when`` is uncertain by up to a day (a wall time of an unknown
            zone): days are the smallest unit, and less than a day gives ``اليوم``.
    """
    seconds = (_aware(now) - _aware(when)).total_seconds()
    ahead = seconds < 0
    s = abs(int(seconds))
    days = s // 86400
    if coarse and days < 1:
        return "اليوم"
    if s < 60:
        return "الآن"
    if s < 3600:
        phrase = count_phrase(s // 60, MINUTE)
    elif s < 86400:
        phrase = count_phrase(s // 3600, HOUR)
    elif days < 7:
        phrase = count_phrase(days, DAY)
    elif days < 30:
        phrase = count_phrase(days // 7, WEEK)
    elif days < 365:
        phrase = count_phrase(days // 30, MONTH)
    else:
        phrase = count_phrase(days // 365, YEAR)
    return f"{'بعد' if ahead else 'منذ'} {phrase}"


def weekday_name(d: date) -> str:
    """The Arabic name of ``d``'s weekday (CLDR: ``الثلاثاء``)."""
    return str(_arabic().days["format"]["wide"][d.weekday()])


def month_name(month: int) -> str:
    """The Arabic name of a Gregorian month 1..12 as CLDR's ``ar`` locale writes it
    (``أغسطس``; the Egyptian/Gulf set)."""
    return str(_arabic().months["format"]["wide"][month])


def gregorian(d: date, *, weekday: bool = True) -> str:
    """``الثلاثاء 11 أغسطس 2015`` (without the weekday when ``weekday`` is false)."""
    text = f"{d.day} {month_name(d.month)} {d.year}"
    return f"{weekday_name(d)} {text}" if weekday else text


def hijri(d: date) -> str | None:
    """The Umm al-Qura date of the Gregorian day ``d``: ``26 شوال 1436 هـ`` (a no-break space
    before هـ, which belongs to the year); ``None`` outside the tables' range (1924–2077).

    The day is the civil day of ``d`` (a Hijri day starts at sunset, so an evening time may
    fall on the next Hijri day; news sites print the civil-day form, as done here).
    """
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return f"{h.day} {h.month_name('ar')} {h.year}\u00a0{HIJRI_SUFFIX}"


def both(d: date) -> str:
    """``الثلاثاء 11 أغسطس 2015 — 26 شوال 1436 هـ`` (the Gregorian date alone when the
    Hijri one is out of range)."""
    h = hijri(d)
    g = gregorian(d)
    return f"{g}{DATE_SEPARATOR}{h}" if h else g


def parse_time(value: str | None) -> tuple[datetime | None, bool]:
    """An ISO 8601 date or date-time string as ``(datetime, zone_known)``; ``(None, False)``
    when ``value`` is empty or not ISO 8601. A bare date is midnight of that day, zone
    unknown."""
    if not value:
        return None, False
    v = value.strip()
    try:
        if len(v) == 10:
            d = date.fromisoformat(v)
            return datetime(d.year, d.month, d.day), False
        dt = datetime.fromisoformat(v)
    except ValueError:
        return None, False
    return dt, dt.tzinfo is not None
