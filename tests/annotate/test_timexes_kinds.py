"""Timexes by kind of fault met on unseen news (issue 11): months in two calendars, deictic days,
relative years after a day and month, Hijri years and months, clock times and parts of the day,
ranges, durations, vague expressions, sets, seasons, and the reference day. Constructed
sentences; each rule is a mechanism, not one article's wording."""

from __future__ import annotations

import sys

import pytest

from mawsua.arabic.months import WEEKDAYS

T = sys.modules["mawsua.annotate.timexes"]
PUB = "2015-08-11T10:00"  # a Tuesday


def _all(text: str, pub: str | None = PUB) -> list[tuple[str, object]]:
    return [(text[s.start:s.end], s.attrs["value"]) for s in T.find_timexes(text, pub)]


@pytest.mark.parametrize(("text", "expr", "value"), [
    # a month in two calendars keeps its year, whichever name comes first and however joined
    ("وصل في ديسمبر كانون الأول 2016 إلى", "ديسمبر كانون الأول 2016", "2016-12"),
    ("هجمات 11 سبتمبر أيلول عام 2001 على", "11 سبتمبر أيلول عام 2001", "2001-09-11"),
    ("في الرابع من يناير كانون الثاني 2016 قال", "الرابع من يناير كانون الثاني 2016",
     "2016-01-04"),
    ("اعتقل في يوليو (تموز) 2014 في", "يوليو (تموز) 2014", "2014-07"),
    ("قال في أيار/مايو من هذا العام", "أيار/مايو من هذا العام", "2015-05"),
    ("منذ منتصف فبراير شباط قال", "منتصف فبراير شباط", "2015-02"),
    ("اليوم الثلاثاء (11 أغسطس آب) قال", "11 أغسطس آب", "2015-08-11"),
    # العام الماضي after a day and month
    ("في 3 أغسطس العام الماضي", "3 أغسطس العام الماضي", "2014-08-03"),
    ("الثالث من آب/أغسطس من العام الماضي", "الثالث من آب/أغسطس من العام الماضي", "2014-08-03"),
    # deictic days, hamza-less spellings, with a weekday
    ("وصل أول من أمس إلى", "أول من أمس", "2015-08-09"),
    ("قال امس إن", "امس", "2015-08-10"),
    ("منذ يوم أمس الأول", "منذ يوم أمس الأول", "2015-08-09"),
    ("النهائي غدا الأربعاء في", "غدا الأربعاء", "2015-08-12"),
    ("في وقت متأخر من مساء أول من أمس", "مساء أول من أمس", "2015-08-09TEV"),
    # Hijri: relative months (a month is its Gregorian interval), ordinal days, bare years
    ("حتى نهاية ذي القعدة المقبل", "نهاية ذي القعدة المقبل", "2015-08-16/2015-09-13"),
    ("عقد نهاية شهر شعبان الماضي", "نهاية شهر شعبان الماضي", "2015-05-19/2015-06-17"),
    ("يصادف السبت الأول من ربيع الأول 1437 موعد", "السبت الأول من ربيع الأول 1437",
     "2015-12-12"),
    ("توفي عام 1430 في مكة", "1430", "2008-12-29/2009-12-17"),  # a Hijri year: its interval
    # clock times and parts of the day (the day: the publication day here)
    ("في العاشرة والنصف صباحا", "العاشرة والنصف صباحا", "2015-08-11T10:30"),
    ("تبدأ 7 مساء بتوقيت جرينتش", "7 مساء بتوقيت جرينتش", "2015-08-11T19:00+00:00"),
    ("صدر البيان 15:22 ت م", "15:22 ت م", "2015-08-11T15:22+03:00"),
    ("ظهر اليوم الثلاثاء عقد", "ظهر اليوم الثلاثاء", "2015-08-11TMI"),
    ("وقع الانفجار الساعة 9 مساء أمس", "الساعة 9 مساء أمس", "2015-08-10T21:00"),
    ("في العاشرة من صباح يوم الأحد", "العاشرة من صباح يوم الأحد", "2015-08-09T10:00"),
    # ranges and alternatives
    ("من الساعة 8 صباحا حتى 5 عصرا", "من الساعة 8 صباحا حتى 5 عصرا",
     "2015-08-11T08:00/2015-08-11T17:00"),
    ("بين 22 إلى 30 أغسطس", "22 إلى 30 أغسطس", "2015-08-22/2015-08-30"),
    ("يقام من 19 وحتى 27 سبتمبر في", "19 وحتى 27 سبتمبر", "2015-09-19/2015-09-27"),
    ("يستمر من 3 ولغاية 9 أكتوبر", "3 ولغاية 9 أكتوبر", "2015-10-03/2015-10-09"),
    # Egyptian print writes every final ي as ى
    ("في الثانى والعشرين من مايو", "الثانى والعشرين من مايو", "2015-05-22"),
    ("قال يوم الثلاثاء الماضى إن", "يوم الثلاثاء الماضى", "2015-08-04"),
    ("الموافق الحادى عشر من فبراير لعام 2013م", "الحادى عشر من فبراير لعام 2013م", "2013-02-11"),
    # a week of a month is no day of it; a set of weekdays
    ("خلال الأسبوع الأول من سبتمبر", "الأسبوع الأول من سبتمبر", "2015-09"),
    ("يعرض مساء كل يوم اثنين على القناة", "كل يوم اثنين", "XXXX-WXX-1"),
    # on this day in another year
    ("في مثل هذا اليوم عام 1929 انهارت", "في مثل هذا اليوم عام 1929", "1929-08-11"),
    # a weekday equated with a date, a pair of weekdays with a pair of days, weekdays of a week
    ("يوم الخميس الموافق 20 أغسطس", "يوم الخميس", "2015-08-20"),
    ("يوم الأحد الموافق 16 سبتمبر", "يوم الأحد", "2015-09-16"),  # equated, though not a Sunday
    ("يومي الأربعاء والخميس 29 و30 يوليو", "الأربعاء", "2015-07-29"),
    ("يومي الأربعاء والخميس 29 و30 يوليو", "الخميس", "2015-07-30"),
    ("تعقد يومي الأحد والإثنين، من الأسبوع المقبل", "الأحد", "2015-08-16"),
    ("تعقد يومي الأحد والإثنين، من الأسبوع المقبل", "الإثنين", "2015-08-17"),
    # a day of the month named just before, or of the current month
    ("يتم الاتفاق في غضون الشهر الجاري أو حتى قبل الـ 20 منه.", "قبل الـ 20 منه", "2015-08-20"),
    ("في مارس الماضي وتحديدا في الـ31 منه", "الـ31 منه", "2015-03-31"),
    ("يبدأ في الـ15 من الشهر الجاري", "الـ15 من الشهر الجاري", "2015-08-15"),
    # a forward-read day a few days before the reference day is a publication lag, not next year
    ("سيطبق القرار اعتباراً من 5 أغسطس على", "5 أغسطس", "2015-08-05"),
    ("سيعقد المؤتمر في 20 يوليو المقبل", "20 يوليو المقبل", "2016-07-20"),
    ("منذ 2001 وحتى 2012 قال", "منذ 2001 وحتى 2012", "2001/2012"),
    ("لعب بين 1989 و2003 في", "بين 1989 و2003", "1989/2003"),
    ("انتخابات يوم الأحد 13 أو 20 أيلول (سبتمبر)", "يوم الأحد 13 أو 20 أيلول (سبتمبر)",
     "2015-09-13"),
    # durations
    ("بعد شهرين ونصف شهر من", "شهرين ونصف شهر", "P2.5M"),
    ("دقيقتين ونصف الدقيقة", "دقيقتين ونصف الدقيقة", "PT2.5M"),
    ("يصدر الحكم خلال أسبوع", "أسبوع", "P1W"),
    ("موقوف منذ أكثر من عام", "منذ أكثر من عام", "P1Y"),
    ("مواجهة قائمة منذ عقد على", "منذ عقد", "P10Y"),
    ("في الساعات الأربع والعشرين الماضية", "الساعات الأربع والعشرين", "PT24H"),
    # vague expressions, sets, seasons
    ("قبل أيام قليلة انتهينا", "قبل أيام قليلة", "PXD"),
    ("ستعلن قريبا عن", "قريبا", "FUTURE_REF"),
    ("لم يصل حتى الآن", "حتى الآن", "PRESENT_REF"),
    ("في الفترة الماضية قال", "الفترة الماضية", "PAST_REF"),
    ("التقييم أسبوعيا في", "أسبوعيا", "P1W"),
    ("فعاليات هذا الصيف", "هذا الصيف", "2015-SU"),
    ("كأس العالم الصيف المقبل", "الصيف المقبل", "2016-SU"),
    # relative periods with لل, a day of the current month
    ("تأجيله للعام المقبل", "لعام المقبل", "2016"),
    ("في السادس من الشهر الحالي", "السادس من الشهر الحالي", "2015-08-06"),
])
def test_kind(text: str, expr: str, value: str) -> None:
    assert (expr, value) in _all(text), _all(text)


@pytest.mark.parametrize(("text", "value"), [
    ("قال في 20 سبتمبر", "2015-09-20"),  # nearest the anchor: a month ahead, not 11 back
    ("قال في 28 يوليو", "2015-07-28"),
    ("وصل إلى السلطة في كانون الثاني (يناير)", "2015-01"),  # 7 months back beats 5 ahead
    ("حتى تشرين الثاني (نوفمبر)", "2015-11"),  # 3 ahead beats 9 back
    ("منذ نوفمبر", "2014-11"),  # منذ: the past
    ("سيجتمعون في ديسمبر", "2015-12"),  # a future cue: forward
    ("من المقرر أن ينتخب النواب الذين تم انتخابهم في 24 مايو", "2015-05-24"),  # تم: past
])
def test_year_of_a_month_without_one(text: str, value: str) -> None:
    assert _all(text)[0][1] == value


@pytest.mark.parametrize(("text", "value"), [
    ("التقى الخميس", "2015-08-06"),  # news is past by default
    ("سيزور الرياض الخميس", "2015-08-13"),  # future cue: forward
    ("للتصويت عليه بعد غد قبل عرضه الجمعة", "2015-08-14"),  # a future deictic in the sentence
    ("زار سيارة الوزير الخميس", "2015-08-06"),  # سيارة is a noun, not a future verb
    ("يومي الاثنين والثلاثاء المقبلين", "2015-08-17"),  # the pair's relative word
])
def test_weekday_direction(text: str, value: str) -> None:
    weekdays = [v for e, v in _all(text) if set(e.split()) & set(WEEKDAYS)]
    assert weekdays[0] == value


def test_text_fixes_its_own_reference_day() -> None:
    """Wire copy written on Monday, published on Tuesday: «اليوم الاثنين» moves the anchor."""
    got = _all("سجلت 127 هجوما اليوم الاثنين. وقال أمس إن يوم السبت الماضي كان هادئا")
    assert ("اليوم الاثنين", "2015-08-10") in got
    assert ("أمس", "2015-08-09") in got
    assert ("يوم السبت الماضي", "2015-08-08") in got


@pytest.mark.parametrize("text", [
    "ورضائيان (39 عامًا) الذي يحمل",  # an age in brackets
    "السيد فهمي تعيلب، 33 سنة، أن ابنها",  # in commas
    "محمد أحمد 34 سنة عاطل مقيم",  # before an occupation
    "البالغ من العمر 39 عاما",
    "وزارات ومدراء عامين عن",  # عامين "general"
    "بعد عقد اجتماع طارئ",  # عقد "holding"
    "في أعقاب ثورة 25 يناير ظهر",  # a date that names a revolution
    "بمدينة 6 أكتوبر",  # a place named after a date
    "أصبح جزءا من أحداث اليوم والليلة في مجتمعنا",  # "day and night", an idiom
    "قال رئيس السيارات حاليا",  # حاليا is left out (often an adjective: مسؤولين حاليين)
    "في الدقيقة الثانية من المباراة",  # الثانية "the second": an hour word needs الساعة or a part of the day
    "فاز 3 مقابل 5 م",  # 5 م: metres
])
def test_not_timexes(text: str) -> None:
    assert _all(text) == []


def test_bare_hours_take_the_half_day_of_a_marked_time_nearby() -> None:
    text = "برنامج المباراة: الساعة 6:35 فيديو. 6:55 السلام. 7 مساء انطلاق المباراة."
    got = dict(_all(text))
    assert got["الساعة 6:35"] == "2015-08-11T18:35"
    assert got["6:55"] == "2015-08-11T18:55"
    assert got["7 مساء"] == "2015-08-11T19:00"


def test_clock_time_takes_the_day_of_the_date_before_it() -> None:
    got = dict(_all("يصادف السبت الأول من ربيع الأول 1437 من الساعة 8 صباحا حتى 5 عصرا"))
    assert got["من الساعة 8 صباحا حتى 5 عصرا"] == "2015-12-12T08:00/2015-12-12T17:00"


def test_clock_time_without_anchor_has_an_unknown_day() -> None:
    assert _all("في العاشرة صباحا", None) == [("العاشرة صباحا", "XXXX-XX-XXT10:00")]


def test_kinds_are_attributes() -> None:
    spans = T.find_timexes("قبل أيام، بين 1989 و2003 وأسبوعيا", PUB)
    assert [s.attrs.get("kind") for s in spans] == ["vague", "range", "set"]


def test_since_before_a_date_is_past_whatever_future_cue_the_clause_has():
    from mawsua.annotate.timexes import find_timexes

    # «سيرجي» reads like سـ + verb (a future cue); «منذ» right before the date wins
    text = "ويرقد سيرجي سكريبال في حالة حرجة منذ الرابع من مارس/آذار بعد العثور عليه"
    [span] = [s for s in find_timexes(text, "2018-03-12T10:00:00") if "مارس" in text[s.start:s.end]]
    assert span.attrs["value"] == "2018-03-04"


def test_since_before_a_weekday_is_past():
    from mawsua.annotate.timexes import find_timexes

    for text in ("ويرقد سيرجي في حالة حرجة منذ يوم الأحد", "سيرجي في حالة حرجة منذ الأحد"):
        [span] = find_timexes(text, "2018-03-12T10:00:00")
        assert span.attrs["value"] == "2018-03-11", text
    [span] = find_timexes("سيلتقي الوزير نظيره يوم الأحد", "2018-03-12T10:00:00")
    assert span.attrs["value"] == "2018-03-18"


def test_a_name_is_no_future_cue() -> None:
    """«سيرجي» reads like سـ + verb; inside an entity mention it is no tense cue."""
    text = "وقال سيرجي لافروف إن المحادثات جرت الأربعاء في موسكو."
    pub = "2015-03-05T10:00"  # a Thursday
    value = [s.attrs["value"] for s in T.find_timexes(text, pub)]
    named = [s.attrs["value"] for s in T.find_timexes(text, pub, names=[(5, 17)])]
    assert value == ["2015-03-11"] and named == ["2015-03-04"]


def _hijri(text: str, pub: str = PUB) -> list[tuple[str, object, object, object]]:
    return [(text[s.start:s.end], s.attrs["value"], s.attrs.get("kind"), s.attrs.get("hijri"))
            for s in T.find_timexes(text, pub) if s.attrs.get("calendar") == "hijri"]


# the anchor 2015-08-11 is 26 Shawwal 1436
@pytest.mark.parametrize(("text", "expr", "value", "hijri"), [
    # a Hijri month without a year: the one nearest the anchor, by the clause's tense
    ("وقال إنه زار مكة في شهر رمضان للعمرة", "شهر رمضان", "2015-06-18/2015-07-16", "1436-09"),
    ("سيزور مكة في شهر رمضان", "شهر رمضان", "2016-06-06/2016-07-05", "1437-09"),
    ("يمتد البرنامج طوال شهر شوال", "شهر شوال", "2015-07-17/2015-08-15", "1436-10"),
    ("ويستعد الحجاج خلال ذي الحجة", "ذي الحجة", "2015-09-14/2015-10-13", "1436-12"),
    ("وصام 5 رمضان", "5 رمضان", "2015-06-22", "1436-09-05"),
    # the first day of the month
    ("ويبدأ العمل أول أيام شهر ربيع الآخر", "أول أيام شهر ربيع الآخر", "2015-01-21",
     "1436-04-01"),
    ("غرة شهر محرم المقبل", "غرة شهر محرم المقبل", "2015-10-14", "1437-01-01"),
    # a year after لعام
    ("افتتح في شهر ذي القعدة لعام 1424هـ", "شهر ذي القعدة لعام 1424هـ",
     "2003-12-24/2004-01-22", "1424-11"),
])
def test_hijri_month_without_a_year(text: str, expr: str, value: str, hijri: str) -> None:
    got = _hijri(text)
    assert [(g[0], g[1], g[3]) for g in got] == [(expr, value, hijri)], got


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("وتقام الفعاليات من 1 إلى 10 ذي الحجة في المشاعر", "1 إلى 10 ذي الحجة",
     "2015-09-14/2015-09-23"),
    ("من 1 إلى 10 ذي الحجة 1436هـ", "1 إلى 10 ذي الحجة 1436هـ", "2015-09-14/2015-09-23"),
    ("تمتد من 20 - 25 ذو القعدة 1436", "20 - 25 ذو القعدة 1436", "2015-09-04/2015-09-09"),
])
def test_hijri_day_range(text: str, expr: str, value: str) -> None:
    assert [(g[0], g[1], g[2]) for g in _hijri(text)] == [(expr, value, "range")]


@pytest.mark.parametrize("text", [
    "قال محمد رمضان إن الفيلم جاهز",  # a given name
    "وانتقل رجب إلى النادي",
    "وتقع مدينة العاشر من رمضان شرق القاهرة",  # a day and month naming a place
    "في الأيام العشر الأولى من ذي الحجة",  # a feminine ordinal qualifies another noun
    "نسبة صفر في المئة",
])
def test_hijri_month_names_that_are_no_dates(text: str) -> None:
    assert [g for g in _hijri(text) if g[1] is not None] == [], _hijri(text)


@pytest.mark.parametrize(("text", "expected"), [
    # user test: the concert's time was given last Wednesday's date and the date apart
    ("يقام الحفل في الثامنة مساء الأربعاء 19 أغسطس بدار الأوبرا",
     [("الثامنة مساء الأربعاء 19 أغسطس", "2015-08-19T20:00")]),
    # the weekday and the date disagree: nothing is merged or guessed from the date
    ("في الثامنة مساء الخميس 19 أغسطس",
     [("الثامنة مساء الخميس", "2015-08-06T20:00"), ("19 أغسطس", "2015-08-19")]),
])
def test_a_clock_time_on_a_weekday_takes_the_date_that_follows(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert _all(text) == expected
