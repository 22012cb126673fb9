"""Timex and quantity faults of user test s22/s23 on corpus2, one mechanism each: العام as the
adjective "general" in a title (النائب العام الحالي is the current attorney-general, no year),
a movement named after a date with a word between (حركة شباب 6 إبريل), a clock time written
with a comma or dot after الساعة (الساعة 5,45 صباحا), and an article number in brackets
(المادة (27)) that identifies rather than counts."""

from __future__ import annotations

from mawsua.annotate.quantities import find_quantities
from mawsua.annotate.timexes import find_timexes


def _tx(text: str) -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.attrs.get("value"))
            for t in find_timexes(text, "2013-02-10T10:00:00+02:00")]


def test_general_is_no_year() -> None:
    assert _tx("وقال النائب العام الحالي إن التحقيقات مستمرة.") == []
    assert _tx("وقال الأمين العام المقبل للجامعة إن الإصلاح ضروري.") == []
    assert _tx("وارتفع الإنتاج العام الماضي بنسبة كبيرة.") == [("العام الماضي", "2012")]


def test_movement_named_after_a_date() -> None:
    assert _tx("وشارك أعضاء حركة شباب 6 إبريل في المظاهرة.") == []


def test_clock_with_comma_or_dot_minutes() -> None:
    assert _tx("وقع الهجوم الساعة 5,45 صباحا.") == [("الساعة 5,45 صباحا", "2013-02-10T05:45")]
    assert _tx("تبدأ المباراة الساعة 8.30 مساء.") == [("الساعة 8.30 مساء", "2013-02-10T20:30")]


def test_article_number_in_brackets_is_no_quantity() -> None:
    assert find_quantities("وفق المادة (27) من النظام والمادة ( 28 ) منه.") == []


def test_next_year_after_a_matter_is_a_year() -> None:
    assert _tx("قبل استفتاء في هذا الشأن العام المقبل، أكد الوزير موقفه.") == [
        ("العام المقبل", "2014")]


def test_decimal_comma_before_a_percent() -> None:
    got = [(s.attrs.get("value"), s.attrs.get("unit"))
           for s in find_quantities("بلغت نسبة النمو 5,45 في المئة، وارتفع المؤشر 2,5% أمس.")]
    assert got == [(5.45, "percent"), (2.5, "percent")]
    # a thousands comma stays one (three digits after it)
    assert [s.attrs.get("value") for s in find_quantities("وصل عددهم إلى 1,500 نسمة.")] == [1500]
