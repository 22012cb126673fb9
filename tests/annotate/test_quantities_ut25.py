"""Quantity faults of user test s25 (made-up sentences in the style of the news): numbers that
are labels (list markers, a section of a law, a model or mission, a rank), dots as thousands
separators, a range whose scale word is on its second bound."""

from __future__ import annotations

import pytest

from mawsua.annotate.quantities import find_quantities


def _found(text: str) -> list[tuple[str, object]]:
    return [(text[s.start : s.end], s.attrs["value"]) for s in find_quantities(text)]


@pytest.mark.parametrize("text", [
    "وهذه الأسباب هي:\n1 - الخوف:\nالخوف من الفشل يمنع الكثيرين.\n2- التردد:\nيضيع الفرص.",
    "وتلجأ الحكومة إلى الفصل 232 من قانون التجارة.",
    "وأطلقت الوكالة مسبار فوياجر 2 قبل عقود.",
    "وتغلب اللاعب على المصنف 40 عالميا.",
    "وصعدت اللاعبة إلى المركز 12 عالميا.",
])
def test_labels_are_no_quantities(text: str) -> None:
    assert _found(text) == []


def test_counts_next_to_labels_stay() -> None:
    assert _found("وتحمل الطائرة 150 راكبا.") == [("150 راكبا", 150)]
    assert _found("وفصل 300 موظف من الشركة.") == [("300 موظف", 300)]
    # a number in a line that does not open it
    assert _found("وقال الوزير - 5 وزارات شاركت.") == [("5 وزارات", 5)]


def test_dots_as_thousands_separators() -> None:
    assert _found("وضبطت الجمارك 2.450.300 حبة مخدرة.") == [("2.450.300 حبة", 2450300)]
    assert _found("وارتفع المؤشر 3.075 نقطة.") == [("3.075 نقطة", 3.075)]


@pytest.mark.parametrize(("text", "expr", "low", "high"), [
    ("ويقدر عددهم ما بين ثلاثة إلى أربعة ملايين لاجئ.", "ثلاثة إلى أربعة ملايين لاجئ",
     3_000_000, 4_000_000),
    ("وتراوحت الخسائر بين 2 و3 مليارات دولار.", "2 و3 مليارات دولار", 2_000_000_000,
     3_000_000_000),
])
def test_range_with_the_scale_on_its_second_bound(text: str, expr: str, low: int,
                                                  high: int) -> None:
    got = [(text[s.start : s.end], s.attrs["value"], s.attrs.get("value_max"), s.attrs.get("kind"))
           for s in find_quantities(text)]
    assert got == [(expr, low, high, "range")]


def test_bounds_without_a_scale_stay_two_counts() -> None:
    assert _found("وأصيب بين 3 و5 أشخاص.") == [("3", 3), ("5 أشخاص", 5)]
    # a first bound larger than the second's number has its own scale (7000 و10 آلاف) or is
    # no bound (a year: من 2016 إلى 12 مليون)
    assert _found("وتحمل السفن بين 8000 و12 ألف حاوية.") == [("8000", 8000),
                                                          ("12 ألف حاوية", 12000)]
    assert _found("وارتفع العدد من 2016 إلى 12 مليون.") == [("12 مليون", 12000000)]


def test_a_dismissal_is_no_section() -> None:
    assert _found("وقد مضى على هذا الفصل 4 سنوات.") == [("4 سنوات", 4)]
