"""Quantity faults of user test s22: a number that identifies (an article of a law, a decision,
a match minute or round, a model, an isotope, a case's judicial year, a weekday's day of the
month, a score written with صفر) is no amount; counts next to those words stay. Constructed
sentences; one mechanism each."""

from __future__ import annotations

import sys

import pytest

Q = sys.modules["mawsua.annotate.quantities"]


def _values(text: str) -> list[tuple[str, object]]:
    return [(text[q.start:q.end], q.attrs.get("value")) for q in Q.find_quantities(text)]


@pytest.mark.parametrize("text", [
    "وسجل المهاجم هدف التعادل في الدقيقة 29 من الشوط الثاني",
    "وفاز الفريق 2-صفر على ضيفه",
    "هبطت طائرة من طراز بوينغ 777 اضطراريا",
    "سمم بمادة البولونيوم 210 المشعة",
    "أقام الدعوى رقم 123 لسنة 67 قضائية",
    "استند الحكم إلى المادة 90 من الدستور ونص القرار 105",
    "يبدأ الدوام يوم الثلاثاء 26 من الشهر الجاري",
    "أغلق المطار الأربعاء 14 مارس",
    "تقام المباراة ضمن الجولة 19 من الدوري",
])
def test_identifying_numbers_are_no_amounts(text: str) -> None:
    assert _values(text) == [], _values(text)


@pytest.mark.parametrize(("text", "value"), [
    ("استقبل المستشفى أمس الاثنين 10 حالات جديدة", 10),
    ("وأصيب يوم الأحد 7 أشخاص في الحادث", 7),
    ("المعلومات ليست دقيقة 100% كما قيل", 100),
])
def test_counts_beside_those_words_stay(text: str, value: int) -> None:
    assert any(v == value for _, v in _values(text)), _values(text)
