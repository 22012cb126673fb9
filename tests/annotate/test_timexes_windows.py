"""The trigger windows of the timexes and quantities annotators find exactly what a scan of the
whole text finds (speed change of issue 4: patterns run only around trigger tokens)."""

from __future__ import annotations

import re
import sys

import pytest

from mawsua.arabic.months import ENGLISH_MONTHS, GREGORIAN_MONTHS, HIJRI_MONTHS, WEEKDAYS
from mawsua.arabic.numbers import NUMBER_WORDS

T = sys.modules["mawsua.annotate.timexes"]
Q = sys.modules["mawsua.annotate.quantities"]
PUB = "2021-07-26T23:55"

TEXTS = [
    "(ألف ريال) وبقاء الفئات الأخرى",  # a window ending inside الفئات must not cut الف out of it
    "وفي 5 كانون الثاني 2020 وبحلول نهاية أغسطس المقبل قال أمس إن منذ ساعتين",
    "مائتين وخمسة وعشرين ألف وثلاثمائة وستة وأربعين عاما مضت على ذلك",  # a long number
    "منذ 1234567890123456789012345678901234567890123456789012345 عام",
    "يوم الخميس 5/11/1436هـ وفي 15 رمضان 1442 هـ وعام 1436 هـ و٢٦-٧-٢٠٢١",
    "On July 26, 2021 and this afternoon, today 26 July 2021 في الاثنين الماضي",
    "بلغ 3ر5 مليار ريال و500\u200f,\u200f2 شخص و١٬٢٣٤٬٥٦٧ دولار ونحو 15 في المائة",
    "في مطلع العام المقبل وفي نهاية هذا الشهر وفي الأسبوع الماضي وبعد غد وأول أمس",
    # issue 11 kinds: two calendars, clock times, ranges, vague, sets, seasons, Hijri relative
    "اليوم الاثنين (11 أغسطس آب) من الساعة 8 صباحا حتى 5 عصرا ومنذ 2001 وحتى 2012 قريبا",
    "في الساعات الأربع والعشرين الماضية وقبل أيام قليلة وأسبوعيا وكل شهر وهذا الصيف 6:35",
    "الساعة الحادية عشرة والنصف من صباح يوم الأربعاء بتوقيت مكة المكرمة و9 مساء أمس",
    "نهاية ذي القعدة المقبل والسبت الأول من ربيع الأول 1437 وعام 1430 وفي وقت سابق للعام المقبل",
]


def _whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every finder scan the whole text (the behaviour before windows)."""
    def whole(spans, before, after, n, extend=()):  # type: ignore[no-untyped-def]
        return [(0, n)]
    monkeypatch.setattr(T, "windows", whole)
    monkeypatch.setattr(Q, "windows", whole)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("pub", [PUB, None])
def test_windows_find_what_whole_text_finds(text: str, pub: str | None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    fast = (T.find_timexes(text, pub), Q.find_quantities(text))
    with monkeypatch.context() as mp:
        _whole_text(mp)
        slow = (T.find_timexes(text, pub), Q.find_quantities(text))
    assert fast == slow
    assert fast[0] or fast[1]


@pytest.mark.parametrize(("words", "triggers"), [
    (GREGORIAN_MONTHS, T._MONTH_TRIGGERS),
    (HIJRI_MONTHS, T._HIJRI_TRIGGERS),
    (WEEKDAYS, T._WEEKDAY_TRIGGERS),
    (T._DEICTIC, T._DEICTIC_TRIGGERS),
    ([*T._UNIT_OF, *T._DUALS, *T._SINGULAR], T._DURATION_TRIGGERS),
    (T._DEF_PLURALS, T._DEF_TRIGGERS),
    (ENGLISH_MONTHS, T._EN_TRIGGERS),
    ([w for w in NUMBER_WORDS if len(w) > 1], Q._NUMBER_TRIGGERS),
    ([*T._VAGUE_WORDS, *T._VAGUE_UNITS], T._VAGUE_TRIGGERS),
    (T._SEASONS, T._SEASON_TRIGGERS),
    (T._SET_WORDS, T._SET_TRIGGERS),
    (T._HOUR_WORDS, T._CLOCK_TRIGGERS),
])
def test_every_word_contains_a_trigger_token(words: object, triggers: frozenset[str]) -> None:
    for w in words:  # type: ignore[attr-defined]
        assert set(re.findall(r"\w+", w)) & triggers, w
