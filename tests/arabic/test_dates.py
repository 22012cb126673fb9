"""Arabic dates people read: number agreement, relative times, Gregorian and Hijri dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mawsua.arabic import dates

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("n", "expected"), [
    (1, "دقيقة"), (2, "دقيقتين"), (3, "3 دقائق"), (10, "10 دقائق"), (11, "11 دقيقة"),
    (59, "59 دقيقة"), (100, "100 دقيقة"), (102, "102 دقيقة"), (103, "103 دقائق"),
    (111, "111 دقيقة"),
])
def test_minutes_agree_with_their_number(n: int, expected: str) -> None:
    assert dates.count_phrase(n, dates.MINUTE) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "يوم"), (2, "يومين"), (3, "3 أيام"), (11, "11 يومًا"), (25, "25 يومًا"),
    (100, "100 يوم"), (1000, "1000 يوم"), (1003, "1003 أيام"), (1011, "1011 يومًا"),
])
def test_masculine_nouns_take_the_accusative_from_11_to_99(n: int, expected: str) -> None:
    assert dates.count_phrase(n, dates.DAY) == expected


def test_plural_categories_follow_cldr() -> None:
    got = {n: dates.plural_category(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 203)}
    assert got == {0: "zero", 1: "one", 2: "two", 3: "few", 10: "few", 11: "many",
                   99: "many", 100: "other", 101: "other", 102: "other", 203: "few"}


def test_count_phrase_refuses_zero() -> None:
    with pytest.raises(ValueError):
        dates.count_phrase(0, dates.HOUR)


@pytest.mark.parametrize(("delta", "expected"), [
    (timedelta(seconds=20), "الآن"),
    (timedelta(minutes=1, seconds=5), "منذ دقيقة"),
    (timedelta(minutes=2), "منذ دقيقتين"),
    (timedelta(minutes=3), "منذ 3 دقائق"),
    (timedelta(minutes=11), "منذ 11 دقيقة"),
    (timedelta(hours=1), "منذ ساعة"),
    (timedelta(hours=2, minutes=40), "منذ ساعتين"),
    (timedelta(hours=7), "منذ 7 ساعات"),
    (timedelta(hours=23), "منذ 23 ساعة"),
    (timedelta(days=1, hours=3), "منذ يوم"),
    (timedelta(days=3), "منذ 3 أيام"),
    (timedelta(days=15), "منذ أسبوعين"),
    (timedelta(days=70), "منذ شهرين"),
    (timedelta(days=330), "منذ 11 شهرًا"),
    (timedelta(days=365 * 11 + 5), "منذ 11 سنة"),
])
def test_relative_times(delta: timedelta, expected: str) -> None:
    assert dates.relative(NOW - delta, NOW) == expected


def test_future_times_say_after() -> None:
    assert dates.relative(NOW + timedelta(days=2, hours=1), NOW) == "بعد يومين"


def test_coarse_relative_times_never_say_hours() -> None:
    assert dates.relative(NOW - timedelta(hours=5), NOW, coarse=True) == "اليوم"
    assert dates.relative(NOW - timedelta(days=3, hours=5), NOW, coarse=True) == "منذ 3 أيام"


def test_naive_and_aware_times_compare_as_utc() -> None:
    naive = datetime(2026, 3, 1, 10, 0)
    assert dates.relative(naive, NOW) == "منذ ساعتين"


@pytest.mark.parametrize(("day", "expected"), [
    # Umm al-Qura: 1 Shawwal 1436 (Eid al-Fitr) was Friday 17 July 2015
    (date(2015, 7, 17), "الجمعة 17 يوليو 2015 — 1 شوال 1436\u00a0هـ"),
    (date(2015, 8, 11), "الثلاثاء 11 أغسطس 2015 — 26 شوال 1436\u00a0هـ"),
    # 10 Dhu al-Hijjah 1442 (Eid al-Adha) was Tuesday 20 July 2021
    (date(2021, 7, 20), "الثلاثاء 20 يوليو 2021 — 10 ذو الحجة 1442\u00a0هـ"),
    # 1 Ramadan 1445 was Monday 11 March 2024 in Saudi Arabia
    (date(2024, 3, 11), "الاثنين 11 مارس 2024 — 1 رمضان 1445\u00a0هـ"),
])
def test_gregorian_and_hijri_dates(day: date, expected: str) -> None:
    assert dates.both(day) == expected


def test_hijri_outside_the_umm_al_qura_tables_is_left_out() -> None:
    assert dates.hijri(date(1900, 1, 1)) is None
    assert dates.both(date(1900, 1, 1)) == "الاثنين 1 يناير 1900"


@pytest.mark.parametrize(("value", "known"), [
    ("2015-08-11T13:44:43+03:00", True), ("2021-07-26T23:55", False), ("2021-07-26", False),
])
def test_parse_time(value: str, known: bool) -> None:
    dt, zone = dates.parse_time(value)
    assert dt is not None and zone is known


@pytest.mark.parametrize("value", [None, "", "yesterday", "2021-13-01"])
def test_parse_time_of_non_iso_is_none(value: str | None) -> None:
    assert dates.parse_time(value) == (None, False)
