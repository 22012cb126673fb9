"""Numbers that name or score rather than count are not quantities; a number behind the
conjunction و is (user test: a match score «1-3» and «القانون رقم 76 لسنة» came out as counts,
«و10%» beside «25%» was missed)."""

from __future__ import annotations

import pytest

from mawsua.annotate.quantities import find_quantities


def _found(text: str) -> list[tuple[str, str, object]]:
    return [(text[s.start:s.end], s.label, s.attrs["value"]) for s in find_quantities(text)]


@pytest.mark.parametrize("text", [
    "فاز بورتو البرتغالي 1-3 على ملعبه",
    "وخسر الفريق 2 - 1 أمام منافسه",
    "صدر القانون رقم 76 لسنة 1970 بشأن النقابات",
    "وصدر القرار برقم 12 أمس",
])
def test_identifiers_and_scores_are_not_amounts(text: str) -> None:
    assert _found(text) == []


def test_a_number_after_the_conjunction_is_found() -> None:
    assert _found("ارتفعت الأسعار 25% و10% في الربع الأول") == [
        ("25%", "percent", 25), ("10%", "percent", 10)]
    assert _found("قتل 30 شخصا وأصيب 12 آخرون")[0] == ("30 شخصا", "count", 30)
