"""Timex faults of user test s21: a Hijri day and month naming a town or an institution (a town
named after a date, like مدينة 6 أكتوبر), a weekday with المقبل after a clock time, and
``في اليوم`` "a day / in the day" read as today. Constructed sentences; one mechanism each."""

from __future__ import annotations

import sys

import pytest

T = sys.modules["mawsua.annotate.timexes"]
PUB = "2013-02-10T10:00"  # a Sunday


def _all(text: str, pub: str | None = PUB) -> list[tuple[str, object]]:
    return [(text[s.start:s.end], s.attrs["value"]) for s in T.find_timexes(text, pub)]


@pytest.mark.parametrize("text", [
    "حرر محضر بقسم شرطة أول العاشر من رمضان ضد المتهم",
    "وأفاد مصدر بمباحث فرع البحث بالعاشر من رمضان أن",
    "نظم طلاب المعهد العالي بالعاشر من رمضان وقفة",
    "قبل طلاب معهد العاشر من رمضان للهندسة",
    "افتتحت مدرسة «العاشر من رمضان» الابتدائية",
    "يقع المصنع في طريق 15 مايو",
    "شاركت حركة «6 أبريل» في المسيرة",
])
def test_day_and_month_naming_a_place_or_a_body(text: str) -> None:
    assert not any(isinstance(v, str) and ("-07-" in v or "-05-15" in v or "-04-06" in v)
                   for _, v in _all(text)), _all(text)


@pytest.mark.parametrize(("text", "expr"), [
    ("تبدأ الامتحانات في العاشر من رمضان المقبل", "العاشر من رمضان المقبل"),
    ("وقال: «في 25 يناير خرج الناس إلى الشوارع»", "25 يناير"),
])
def test_day_and_month_still_dates(text: str, expr: str) -> None:
    assert any(e == expr and isinstance(v, str) for e, v in _all(text)), _all(text)


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("تصل البعثة في تمام الساعة الواحدة من صباح الثلاثاء المقبل",
     "الساعة الواحدة من صباح الثلاثاء المقبل", "2013-02-12T01:00"),
    ("عقد الاجتماع الساعة العاشرة صباح الثلاثاء الماضي",
     "الساعة العاشرة صباح الثلاثاء الماضي", "2013-02-05T10:00"),
    ("يبدأ البث الساعة الثامنة مساء الأحد القادم", "الساعة الثامنة مساء الأحد القادم",
     "2013-02-17T20:00"),
])
def test_clock_time_on_a_weekday_with_its_relative_word(text: str, expr: str, value: str) -> None:
    assert (expr, value) in _all(text)


@pytest.mark.parametrize("text", [
    "ينتج المصنع ألف لتر في اليوم من المياه",
    "يعمل العمال ثماني ساعات في اليوم، وفق القانون",
    "وفي اليوم نفسه، اتصل الوزير بنظيره",
])
def test_in_the_day_is_not_today(text: str) -> None:
    assert not any(v == "2013-02-10" for _, v in _all(text)), _all(text)


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("وقال في مؤتمر صحفي اليوم إن", "اليوم", "2013-02-10"),
    ("سيصدر البيان في صباح اليوم الأحد", "صباح اليوم الأحد", "2013-02-10TMO"),
])
def test_today_still_found(text: str, expr: str, value: str) -> None:
    assert (expr, value) in _all(text)


def test_day_of_the_month_named_by_a_full_date_before() -> None:
    got = _all("وصل الوفد في 5 مارس، ويغادر قبل الـ 20 منه")
    assert ("قبل الـ 20 منه", "2013-03-20") in got


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("وقع الهجوم ليلة الجمعة في المدينة", "ليلة الجمعة", "2013-02-07TNI"),
    ("قتل شخصان ليل الخميس", "ليل الخميس", "2013-02-07TNI"),
    ("وقع الانفجار مساء الجمعة", "مساء الجمعة", "2013-02-08TEV"),
])
def test_the_night_of_a_weekday_comes_before_its_day(text: str, expr: str, value: str) -> None:
    assert (expr, value) in _all(text)
