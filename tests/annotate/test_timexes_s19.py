"""Timex faults of user test s19: multiword numbers read whole, qualified years (school, fiscal,
Hijri) that are not the calendar year, day+month strings that name a place, recurring
expressions. Constructed sentences; each case is one mechanism."""

from __future__ import annotations

import sys

import pytest

T = sys.modules["mawsua.annotate.timexes"]
PUB = "2015-08-11T10:00"  # a Tuesday


def _all(text: str, pub: str | None = PUB) -> list[tuple[str, object]]:
    return [(text[s.start:s.end], s.attrs["value"]) for s in T.find_timexes(text, pub)]


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("بعد خمسة عشر عاما من الانتظار", "خمسة عشر عاما", "P15Y"),
    ("استمر إحدى عشرة سنة في", "إحدى عشرة سنة", "P11Y"),
    ("منذ ثلاثة عشر يوما قال", "منذ ثلاثة عشر يوما", "P13D"),
    ("خلال ثلاث مئة يوم", "ثلاث مئة يوم", "P300D"),
])
def test_compound_numbers_read_whole(text: str, expr: str, value: str) -> None:
    got = _all(text)
    assert (expr, value) in got
    assert all(v != "P10Y" and v != "P10D" for _, v in got)


@pytest.mark.parametrize("text", [
    "قبل بداية العام الدراسي بأيام",
    "في نهاية العام المالي 1435هـ",
    "مع بداية السنة الدراسية الجديدة",
    "في نهاية هذا العام الهجري",
    "منذ بداية الموسم وفي منتصف العام الثاني على التوالي",
])
def test_qualified_year_is_not_the_calendar_year(text: str) -> None:
    values = [v for _, v in _all(text)]
    assert not any(isinstance(v, str) and v.startswith("2015") for v in values), values


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("في نهاية العام الحالي قال", "نهاية العام الحالي", "2015-12-31"),
    ("في بداية العام الميلادي", "بداية العام", "2015-01-01"),
])
def test_calendar_year_kept(text: str, expr: str, value: str) -> None:
    assert (expr, value) in _all(text)


def test_bare_year_after_a_qualified_one_gets_no_value() -> None:
    text = "تجهيز المدارس قبل بداية العام الدراسي. وشدد على الإعداد المبكر لبداية العام."
    assert not any(isinstance(v, str) and v.startswith("2015") for _, v in _all(text))
    assert ("بداية العام", "2015-01-01") in _all("وشدد على الإعداد المبكر لبداية العام.")


@pytest.mark.parametrize("text", [
    "تشييع الجثمان غدا من مسجد الشرطة بالسادس من أكتوبر.",
    "إلى مقر الشركة ب6 أكتوبر.",
    "طلاب جامعة 6 أكتوبر في",
    "في محافظة 15 مايو قال",
])
def test_day_and_month_naming_a_place(text: str) -> None:
    assert not any(isinstance(v, str) and "-10-06" in v or v and "-05-15" in str(v)
                   for _, v in _all(text)), _all(text)


def test_day_and_month_still_a_date() -> None:
    assert ("السادس من أكتوبر المقبل", "2015-10-06") in _all("يعقد المؤتمر في السادس من أكتوبر المقبل")


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("تنتهي بنهاية شهر يونيو من كل عام", "نهاية شهر يونيو", "XXXX-06"),
    ("في مطلع مارس من كل سنة", "مطلع مارس", "XXXX-03"),
    ("يحتفل في 15 مارس من كل عام", "15 مارس", "XXXX-03-15"),
])
def test_every_year_is_not_this_year(text: str, expr: str, value: str) -> None:
    got = _all(text)
    assert (expr, value) in got
    assert not any(isinstance(v, str) and v.startswith("2015") for _, v in got)


def test_hijri_month_every_year_gets_no_date() -> None:
    got = _all("يزداد الطلب في شهر رمضان من كل عام")
    assert not any(isinstance(v, str) and v.startswith("2015") for _, v in got), got
