"""Session 24's quantity kind: official style brackets the digits and leaves the scale and
the unit outside (``(50 ) ألف ريال``), found by the s23 user test in a Saudi agency article."""

from __future__ import annotations

from mawsua.annotate.quantities import find_quantities


def _found(text: str) -> list[tuple[str, object, object]]:
    return [(text[s.start : s.end], s.attrs["value"], s.attrs["unit"])
            for s in find_quantities(text)]


def test_bracketed_digits_then_scale_and_unit() -> None:
    text = "وبلغت قيمة العقد (50 ) ألف ريال، والمرحلة الثانية ( 120 ) مليون ريال و(3) دولارات."
    assert _found(text) == [("(50 ) ألف ريال", 50000, "SAR"),
                            ("( 120 ) مليون ريال", 120000000, "SAR"),
                            ("(3) دولارات", 3, "USD")]


def test_bracketed_number_without_unit_stays_alone() -> None:
    # an article number or a list item in brackets is no amount of what follows
    got = _found("وفق المادة (12) من النظام، وبلغت النسبة (20) %.")
    assert ("(20) %", 20, "percent") in got
    assert all("النظام" not in s for s, _, _ in got)


def test_phone_and_account_numbers_are_no_amounts() -> None:
    got = _found("للاستفسار (0504610646) أو 0505601119، وحساب 987654321، وقتل 1500000 شخص.")
    assert got == [("1500000 شخص", 1500000, "people")]


def test_definite_number_before_a_prepositional_noun_is_a_rank() -> None:
    got = _found("وتأهل الفريق إلى دور الـ 16 لدوري الأبطال، وفي النسخة الـ 20 للبطولة "
                 "شارك الـ16 فريقا.")
    assert [s for s, _, _ in got] == ["الـ16 فريقا"]
