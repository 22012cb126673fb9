"""Timex faults of user test s24 left open, one mechanism each: «until» before a bare weekday
(``ممهلة روسيا حتى الثلاثاء`` in a Monday's news) ends a period on either side of the
publication day, so it is the nearest such day, not always the last one."""

from __future__ import annotations

from mawsua.annotate.timexes import find_timexes


def _tx(text: str, anchor: str = "2018-03-12T10:00:00+03:00") -> list[tuple[str, str | None]]:
    # the default anchor is a Monday
    return [(text[t.start : t.end], t.attrs.get("value")) for t in find_timexes(text, anchor)]


def test_until_a_weekday_is_the_nearest_one() -> None:
    assert _tx("وأمهلت رئيسة الوزراء روسيا حتى الثلاثاء لشرح ملابسات التسميم.") == [
        ("الثلاثاء", "2018-03-13")]
    assert _tx("وتبقى المدارس مغلقة لغاية الأربعاء.") == [("الأربعاء", "2018-03-14")]
    # a period that ended: the nearest Saturday is two days back
    assert _tx("واستمرت الاحتجاجات من الأربعاء وحتى السبت.") == [
        ("من الأربعاء وحتى السبت", "2018-03-07/2018-03-10")]
    # a range that runs on: its end is ahead, never before its start
    assert _tx("ويستمر الإضراب من الأحد حتى الثلاثاء.") == [
        ("من الأحد حتى الثلاثاء", "2018-03-11/2018-03-13")]
    # the publication weekday itself is that day
    assert _tx("ويستمر المعرض حتى الاثنين.") == [("الاثنين", "2018-03-12")]


def test_without_until_a_bare_weekday_stays_past() -> None:
    assert _tx("وناقش المجلس القضية الثلاثاء.") == [("الثلاثاء", "2018-03-06")]
    assert ("الثلاثاء", "2018-03-06") in _tx("ولم يصل الوفد حتى الآن، وكان قد غادر الثلاثاء.")
