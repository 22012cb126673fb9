"""Timexes on constructed sentences: regional months, Hijri, numeric dates, rules."""

from __future__ import annotations

import sys

import pytest

from mawsua.arabic.months import BABEL_GREGORIAN, babel_months

T = sys.modules["mawsua.annotate.timexes"]
PUB = "2021-07-26T23:55"  # a Monday


def _one(text: str, pub: str | None = PUB) -> tuple[str, object, str]:
    spans = T.find_timexes(text, pub)
    assert spans, text
    s = spans[0]
    return text[s.start:s.end], s.attrs["value"], s.label


def test_month_table_is_babels() -> None:
    assert babel_months() == BABEL_GREGORIAN


@pytest.mark.parametrize("name", ["يوليو", "تموز", "جويلية", "يوليوز"])
def test_regional_july(name: str) -> None:
    assert _one(f"في 4 {name} 2020 وقع")[1] == "2020-07-04"


@pytest.mark.parametrize(("text", "value", "label"), [
    ("وصل الاثنين الماضي", "2021-07-19", "date"),
    ("يصل الاثنين المقبل", "2021-08-02", "date"),
    ("التقى الخميس", "2021-07-22", "date"),
    ("قال أمس", "2021-07-25", "date"),
    ("سيصل غدا", "2021-07-27", "date"),
    ("منذ ساعتين", "PT2H", "duration"),  # منذ + a length: a duration (gold conventions)
    ("قبل ساعتين", "2021-07-26T21:55", "datetime"),  # قبل + a length: a point back from the anchor
    ("منذ 3 أيام", "P3D", "duration"),
    ("استمر 3 أسابيع", "P3W", "duration"),
    ("بعد ساعتين", "PT2H", "duration"),
    ("في 15 رمضان 1442 هـ", "2021-04-27", "date"),
    ("بتاريخ ٢٦-٧-٢٠٢١ وقع", "2021-07-26", "date"),
    ("بتاريخ 2021/07/26 وقع", "2021-07-26", "date"),
    ("بحلول نهاية أغسطس", "2021-08-31", "deadline"),
    ("في منتصف العام المقبل", "2022", "date"),
    ("On July 26, 2021 he", "2021-07-26", "date"),
])
def test_rules(text: str, value: str, label: str) -> None:
    _, got, lab = _one(text)
    assert (got, lab) == (value, label)


def test_hijri_attrs() -> None:
    (s,) = T.find_timexes("في 15 رمضان 1442 هـ", PUB)
    assert s.attrs["calendar"] == "hijri" and s.attrs["hijri"] == "1442-09-15"


def test_no_anchor_leaves_relative_unresolved() -> None:
    (s,) = T.find_timexes("قال أمس", None)
    assert s.attrs["value"] is None and s.attrs["unresolved"] is True
