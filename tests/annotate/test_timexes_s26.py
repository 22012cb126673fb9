"""Timex faults found reading corpus2 in session 26, one mechanism each: «الليلة الماضية» is
last night, not tonight; years right after a person named (``يدعى …``) or described
(``طفلة``, ``شاب``) are an age, a quantity, not a duration (gold conventions)."""

from __future__ import annotations

from mawsua.annotate.timexes import find_timexes


def _tx(text: str, anchor: str = "2013-02-10T16:00:00+02:00") -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.attrs.get("value")) for t in find_timexes(text, anchor)]


def test_last_night_is_the_night_before() -> None:
    assert _tx("وأضاف الحزب أن اللقاء الذي عقد الليلة الماضية كان مثمرا.") == [
        ("الليلة الماضية", "2013-02-09TNI")]
    assert _tx("ويلتقي الرئيس الوفد الليلة في القصر.") == [("الليلة", "2013-02-10TNI")]


def test_years_after_a_person_are_an_age() -> None:
    assert _tx("ولقي موظف بالمعاش يدعى زكي يوسف 62 عاما مصرعه إثر إصابته.") == []
    assert _tx("وعثر الأهالي على طفلة 5 سنوات داخل المنزل.") == []
    assert _tx("وأصيب شاب 25 عاما بطلق ناري.") == []
    # a period is still a duration
    assert _tx("وقضى يوسف 62 عاما في القرية.") == [("62 عاما", "P62Y")]
    assert _tx("وحكم عليه بالسجن لمدة خمس سنوات.") == [("خمس سنوات", "P5Y")]


def test_an_agency_end_mark_time_is_on_the_publication_day() -> None:
    text = "وأعلن الرئيس مرسومين الليلة الماضية. // انتهى // 12:35 ت م"
    assert _tx(text, "2015-08-11") == [("الليلة الماضية", "2015-08-10TNI"),
                                        ("12:35 ت م", "2015-08-11T12:35+03:00")]
