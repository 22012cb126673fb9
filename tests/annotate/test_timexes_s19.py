"""Timex faults of user test s19: multiword numbers read whole, qualified years (school, fiscal,
Hijri) that are not the calendar year, day+month strings that name a place, recurring
expressions. Constructed sentences; each case is one mechanism."""

from __future__ import annotations

import sys

import pytest

T = sys.modules["mawsua.annotate.timexes"]
PUB = "2015-08-11T10:00"  # a Tuesday


def _all(text: str, pub: str | None = PUB) -> list[tuple[str, object]]:
    return [(text[s.start:s.end], s.attrs["value"]) for s in T.find_timexes(text, pub)]


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("بعد خمسة عشر عاما من الانتظار", "خمسة عشر عاما", "P15Y"),
    ("استمر إحدى عشرة سنة في", "إحدى عشرة سنة", "P11Y"),
    ("منذ ثلاثة عشر يوما قال", "منذ ثلاثة عشر يوما", "P13D"),
    ("خلال ثلاث مئة يوم", "ثلاث مئة يوم", "P300D"),
])
def test_compound_numbers_read_whole(text: str, expr: str, value: str) -> None:
    got = _all(text)
    assert (expr, value) in got
    assert all(v != "P10Y" and v != "P10D" for _, v in got)
