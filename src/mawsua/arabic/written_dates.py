"""Dates written in Arabic: ``الأحد، 25 يوليو 2021 18:00``, ``٢٥ تموز ٢٠٢١ ٦:٠٠ م``, ``25 جويلية 2021``.

Arabic outlets put such strings in a feed's ``pubDate`` / ``published`` and in a record's
``published`` where RFC 822 or ISO 8601 is expected. :func:`parse_arabic_date` reads them with dateparser after two normalisations that
dateparser lacks: Arabic-Indic and Persian digits to ASCII (:data:`mawsua.arabic.numbers.DIGITS`)
and every regional month name (Levantine/Iraqi ``تموز``, Maghrebi ``جويلية``, Moroccan ``غشت``...,
from :data:`mawsua.arabic.months.GREGORIAN_MONTHS`) to the Egyptian/Gulf name dateparser knows.
A zone is kept only when the string states one (``+0300``, ``GMT``, ``بتوقيت غرينتش``); it is
never invented.

A feed's dates are read once, by :func:`mawsua.sources.feeds.read_date` (no feedparser date
handler: that read every Arabic date a second time), a JSON Lines record's by
:func:`mawsua.extract.common.split_stated_time`; readings are cached, as a feed polled again
repeats the dates of its entries.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from mawsua.arabic.months import GREGORIAN_MONTHS
from mawsua.arabic.numbers import DIGITS

#: month number -> the name dateparser's Arabic locale reads
_STANDARD = {1: "يناير", 2: "فبراير", 3: "مارس", 4: "أبريل", 5: "مايو", 6: "يونيو",
             7: "يوليو", 8: "أغسطس", 9: "سبتمبر", 10: "أكتوبر", 11: "نوفمبر", 12: "ديسمبر"}
_MONTHS = re.compile(
    r"(?<![\u0600-\u06ff])(" + "|".join(
        re.escape(n) for n in sorted(GREGORIAN_MONTHS, key=len, reverse=True)) + r")(?![\u0600-\u06ff])")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
#: a year written in full: a date without one is relative or partial, never read
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_GMT_WORDS = re.compile(r"(?:ب?توقيت\s+)?(?:غرينتش|جرينتش|غرينيتش)")
_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first",
             "DATE_ORDER": "DMY"}


def normalise(value: str) -> str:
    """``value`` with ASCII digits, ``،`` as a comma and regional month names replaced by the
    standard Egyptian/Gulf names."""
    s = value.translate(DIGITS).replace("\u060c", ",").replace("\u066b", ":")
    s = _GMT_WORDS.sub("GMT", s)
    return _MONTHS.sub(lambda m: _STANDARD[GREGORIAN_MONTHS[m.group(1)]], s)


@lru_cache(maxsize=4096)
def parse_arabic_date(value: str | None) -> datetime | None:
    """Read a date written in Arabic (or with Arabic-Indic digits).

    Returns:
        A ``datetime``: aware when the string states a zone, naive (local time of an unknown
        zone) otherwise; ``None`` when ``value`` holds no Arabic letter or digit, no year
        written in full (``أمس``, ``منذ ساعة``: relative times are not read against the
        clock), or when no day, month and year can be read.
    """
    if not value or not (_ARABIC.search(value)):
        return None
    text = normalise(value)
    if not _YEAR.search(text):  # a relative time (أمس, منذ ساعة) is not a publication date:
        return None  # dateparser would read it against today's clock
    import dateparser  # imported on first use: ~0.2 s

    try:
        return dateparser.parse(text, languages=["ar", "en"], settings=_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None


def split_date(value: str | None) -> tuple[str | None, str | None, str | None]:
    """``(published, published_local, timezone)`` of an Arabic date, as
    :func:`mawsua.extract.common.split_time` gives for ISO strings; ``(None, None, None)`` when
    unreadable."""
    dt = parse_arabic_date(value)
    if dt is None:
        return None, None, None
    if dt.tzinfo is None:
        return None, dt.isoformat(), None
    off = dt.strftime("%z")
    zone = "UTC" if off in ("+0000", "") else f"{off[:3]}:{off[3:]}"
    return dt.isoformat(), dt.replace(tzinfo=None).isoformat(), zone
