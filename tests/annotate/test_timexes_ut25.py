"""Timex faults of user test s25, one mechanism each (made-up sentences in the style of the
news): a weekday word that is a family name, Hijri years and school years, a bare month after
«this year», «later» in a past narrative, a programme title in quote marks, a day of the
month after a month named before, a prison term without a number."""

from __future__ import annotations

import pytest

from mawsua.annotate.timexes import find_timexes

MONDAY = "2018-03-12T10:00:00+03:00"


def _tx(text: str, anchor: str = MONDAY) -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.attrs.get("value")) for t in find_timexes(text, anchor)]


# F25: a weekday after a given name is a family name, and so is the same word again in the text
def test_weekday_after_a_given_name_is_a_surname() -> None:
    text = ("وانتقد عضو اللجنة عبدالله الجمعة قرارات الاتحاد. "
            "وقال رئيس النادي إنه تحدث مع الجمعة بشأن العقوبات.")
    assert _tx(text) == []


def test_weekday_after_a_noun_or_verb_stays_a_day() -> None:
    assert _tx("وأعلن الوزير الخميس عن خطة جديدة.") == [("الخميس", "2018-03-08")]
    # a father's name after a given name, then the day; a day with its date; على is no علي
    assert _tx("واستقبل الأمير فيصل عبدالله الخميس وفدا تجاريا.") == [("الخميس", "2018-03-08")]
    assert ("الأحد 11 مارس", "2018-03-11") in _tx("وقررت المحكمة برئاسة القاضي سعيد الأحد 11 مارس.")
    assert _tx("وحكم على الأول بالسجن وعلى الاثنين الآخرين بالغرامة، الاثنين.") == [
        ("الاثنين", "2018-03-12"), ("الاثنين", "2018-03-12")]
    # a family name elsewhere does not stop «يوم الجمعة», a day with its noun
    assert _tx("وصرح سعد الجمعة بأن المباراة تقام يوم الجمعة المقبل.") == [
        ("يوم الجمعة المقبل", "2018-03-16")]


# F26: a Hijri year is its Gregorian interval, not a Gregorian year; a span of two is one
# range; a school or fiscal year gets no timex
@pytest.mark.parametrize(("text", "expr", "value"), [
    ("وصدر الكتاب في القاهرة سنة ١٤٢٠ه بعد وفاة مؤلفه.", "١٤٢٠ه", "1999-04-17/2000-04-05"),
    ("وتمتد الخطة الخمسية 1436-1437هـ على مرحلتين.", "1436-1437هـ", "2014-10-25/2016-10-01"),
    ("ونما الإنتاج خلال المدة 1420-1430هـ بسرعة.", "1420-1430هـ", "1999-04-17/2009-12-17"),
])
def test_hijri_year_is_an_interval(text: str, expr: str, value: str) -> None:
    assert _tx(text) == [(expr, value)]


@pytest.mark.parametrize("text", [
    "وأعلنت الإدارة أسماء المقبولين للعام الدراسي 1438- 1439هـ عبر موقعها.",
    "وبلغ العجز في ميزانية العام المالي 1438هـ نحو مئة مليار.",
])
def test_school_or_fiscal_hijri_year_gets_no_timex(text: str) -> None:
    assert _tx(text) == []


def test_relative_year_before_a_hijri_year_is_no_qualifier() -> None:
    # العام الحالي/الماضي is the year itself, not a school or fiscal year
    got = _tx("وانخفضت القضايا هذا العام 1439هـ عن العام الماضي 1438هـ.", "2018-03-12")
    assert ("1438هـ", "2016-10-02/2017-09-20") in got


def test_clock_time_after_a_hijri_year_keeps_the_publication_day() -> None:
    text = "وتستمر الفعاليات لعام 1439هـ حتى نهاية الصيف.\n// انتهى //\n15:22 ت م"
    assert ("15:22 ت م", "2018-03-12T15:22+03:00") in _tx(text)


# F4: a bare month after «this year» in the same or the sentence before is of that year
def test_month_after_this_year_is_this_years() -> None:
    text = "وقال المدير: \"التشغيل يبدأ هذا العام. الافتتاح ربما منتصف يوليو\"."
    assert ("منتصف يوليو", "2018-07") in _tx(text)
    # a past year named before a month is no guide to its year (this January, not last)
    assert ("يناير", "2018-01") in _tx("وغاب اللاعب بعد بطولة العام الماضي وعاد في يناير.")


# F13: «لاحقا» after a perfect verb or with تم/جرى in the clause tells a past event
@pytest.mark.parametrize("text", [
    "وعثرت الشرطة على حقيبة مريبة، وتبين لاحقا أنها فارغة.",
    "واعتقل الشاب ثم أفرجت عنه لاحقا.",
    "ونقل المصاب إلى المستشفى وتم إخلاء سبيله لاحقا.",
])
def test_later_in_a_past_narrative_is_no_future(text: str) -> None:
    assert [v for _, v in _tx(text)] == []


@pytest.mark.parametrize("text", [
    "وسيتم الإعلان عن أسماء الفائزين لاحقا.",
    "وأضاف أن تفاصيل الخطة يتم الإعلان عنها لاحقا.",
    "وقال إن الأسعار قد تتغير لاحقا.",
])
def test_later_in_a_future_clause_stays_future(text: str) -> None:
    assert [v for _, v in _tx(text)] == ["FUTURE_REF"]


# F5: a title in quote marks after برنامج/مسلسل holds no time
def test_quoted_programme_title_holds_no_timex() -> None:
    text = 'ويستضيف برنامج "صباح الخير يا مصر" وزير المالية غدا.'
    assert _tx(text) == [("غدا", "2018-03-13")]
    assert _tx("ويعرض مسلسل «ليلة الخميس» على القناة الأولى.") == []


# F10: a day of the month written with في alone
def test_day_of_the_current_or_named_month() -> None:
    assert _tx("وتقام الاحتفالات في 25 الشهر الحالي في العاصمة.") == [
        ("25 الشهر الحالي", "2018-03-25")]
    text = "وتنطلق البطولة في 20 أبريل، على أن تختتم في 28 بحفل كبير."
    assert _tx(text) == [("20 أبريل", "2018-04-20"), ("28", "2018-04-28")]
    # a count after في stays out: a noun in the accusative, a plural, a percentage
    assert _tx("وتنطلق البطولة في 20 أبريل، ويشارك في 28 بلدا.") == [("20 أبريل", "2018-04-20")]
    assert _tx("وارتفع المؤشر في مارس، وتراجع في 12 بالمئة من الجلسات.") == [
        ("مارس", "2018-03")]


# F11: a prison term without a number is a duration
@pytest.mark.parametrize(("text", "expr", "value"), [
    ("وتصل العقوبة إلى غرامة عشرة آلاف ريال والسجن سنة واحدة.", "سنة واحدة", "P1Y"),
    ("وقضت المحكمة بالسجن شهرًا مع وقف التنفيذ.", "شهرًا", "P1M"),
    ("وعوقب بالحبس عاما واحدا.", "عاما واحدا", "P1Y"),
])
def test_prison_term_is_a_duration(text: str, expr: str, value: str) -> None:
    assert (expr, value) in _tx(text)
