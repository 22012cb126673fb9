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


def test_two_days_joined_by_and_are_two_dates_unless_between() -> None:
    anchor = "2018-03-12"
    assert _tx("ويخوض المنتخب مباراتين وديتين في 23 و27 مارس الحالي.", anchor) == [
        ("23", "2018-03-23"), ("27 مارس الحالي", "2018-03-27")]
    assert _tx("وتقام البطولة بين يومي 22 و26 مارس الجاري.", anchor) == [
        ("22 و26 مارس الجاري", "2018-03-22/2018-03-26")]
    assert _tx("وتمت المقابلات يومي 30 و31 يناير 2018.", anchor) == [
        ("30 و31 يناير 2018", "2018-01-30/2018-01-31")]
    assert _tx("تقام الفعاليات في 3 و6 ذي الحجة 1436هـ.", "2015-08-11") == [
        ("3", "2015-09-16"), ("6 ذي الحجة 1436هـ", "2015-09-19")]
    assert _tx("تقام الفعاليات بين 3 و6 ذي الحجة 1436هـ.", "2015-08-11") == [
        ("3 و6 ذي الحجة 1436هـ", "2015-09-16/2015-09-19")]


def test_a_scheduled_event_verb_reads_a_bare_weekday_forward() -> None:
    monday = "2018-03-12T10:00:00+03:00"
    assert _tx("ويلتقي الفريقان في مباراة الإياب الثلاثاء.", monday) == [("الثلاثاء", "2018-03-13")]
    assert _tx("يلتقي الوزير نظيره الأحد.", monday) == [("الأحد", "2018-03-18")]
    # the perfect, a past marker or a clause break keeps the past reading
    assert _tx("والتقى الفريقان الأحد.", monday) == [("الأحد", "2018-03-11")]
    assert _tx("وكان الفريقان يلتقيان الأحد.", monday) == [("الأحد", "2018-03-11")]
    assert _tx("وقال الوزير الأحد إن المفاوضات مستمرة.", monday) == [("الأحد", "2018-03-11")]
    # a future cue does not reach past «بعد أن» + a perfect verb
    assert _tx("وقال الوزير إنه سيزور القاهرة الخميس المقبل، بعد أن التقى نظيره الأحد.",
               monday) == [("الخميس المقبل", "2018-03-15"), ("الأحد", "2018-03-11")]


def test_a_crawl_date_anchor_reads_no_weekday_forward_from_the_tense() -> None:
    from mawsua.annotate.timexes import find_timexes

    text = "ويلتقي الفريقان في مباراة الإياب الثلاثاء."
    got = find_timexes(text, "2018-03-12", late_anchor=True)
    assert [(text[s.start:s.end], s.attrs["value"]) for s in got] == [("الثلاثاء", "2018-03-06")]


def test_a_relative_clause_is_no_schedule() -> None:
    assert _tx("ووعد داود أوغلو الذي يبدأ الثلاثاء جولة في المنطقة بتعزيز الأمن.",
               "2018-03-12") == [("الثلاثاء", "2018-03-06")]


def test_english_relative_expressions() -> None:
    """User test s26: English wire copy's relative days, weeks and months gave no timex."""
    tuesday = "2014-05-06"
    text = ("The minister said on Tuesday that talks would resume next week. Earlier this "
            "month, troops entered the town. The vote is due in June. Last year prices rose. "
            "The talks will open on Friday. He arrived Sunday night. Prices may fall. "
            "It happened on May 2. Last Update: Tuesday 12 July 2016.")
    assert _tx(text, tuesday) == [
        ("Tuesday", "2014-05-06"), ("next week", "2014-W20"), ("Earlier this month", "2014-05"),
        ("June", "2014-06"), ("Last year", "2013"), ("Friday", "2014-05-09"),
        ("Sunday night", "2014-05-04TNI"), ("May 2", "2014-05-02"),
        ("12 July 2016", "2016-07-12")]
    assert _tx("They met last Friday and will meet next Monday.", tuesday) == [
        ("last Friday", "2014-05-02"), ("next Monday", "2014-05-12")]
