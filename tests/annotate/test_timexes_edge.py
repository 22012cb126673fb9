"""User-test edge cases: impossible Hijri dates, قبل + duration, chained scale words."""

from __future__ import annotations

import sys

import pytest

from mawsua.annotate import annotate
from mawsua.arabic.months import GREGORIAN_MONTHS, HIJRI_MONTHS
from mawsua.arabic.numbers import words_value
from mawsua.clean import clean
from mawsua.model import Article, Metadata, Source, sha256_hex

T = sys.modules["mawsua.annotate.timexes"]
Q = sys.modules["mawsua.annotate.quantities"]
PUB = "2021-07-26T23:55"  # a Monday


def _annotate(text: str) -> Article:
    """``text`` cleaned and annotated, published (local time) at ``PUB``."""
    src = Source(format="text", sha256=sha256_hex(text.encode("utf-8")))
    return annotate(clean(Article("t", src, Metadata(published_local=PUB), text)))


def _layer(art: Article, name: str) -> list[tuple[str, str, dict]]:
    return [(art.text[s.start:s.end], s.label, s.attrs) for s in art.layer(name)]


@pytest.mark.parametrize(("text", "expr", "hijri"), [
    ("توفي في 30 صفر 1443 هـ في مكة", "30 صفر 1443 هـ", "1443-02-30"),
    ("وقع في 29 ذو الحجة 99999 هـ كما قيل", "29 ذو الحجة 99999 هـ", "99999-12-29"),
    ("وصل يوم 31 محرم إلى المدينة", "31 محرم", "--01-31"),
    ("وصل في 0 صفر إلى المدينة", "0 صفر", "--02-00"),
])
def test_impossible_hijri_date_is_one_invalid_timex(text: str, expr: str, hijri: str) -> None:
    art = _annotate(text)
    tx = _layer(art, "timexes")
    assert [(e, lab) for e, lab, _ in tx] == [(expr, "date")]
    attrs = tx[0][2]
    assert attrs["value"] is None and attrs["invalid"] is True
    assert attrs["calendar"] == "hijri" and attrs["hijri"] == hijri
    assert _layer(art, "quantities") == []


def test_possible_hijri_date_still_resolves() -> None:
    (s,) = T.find_timexes("في 29 صفر 1443 هـ", PUB)
    assert s.attrs["value"] == "2021-10-06" and "invalid" not in s.attrs


@pytest.mark.parametrize("name", sorted({*GREGORIAN_MONTHS, *HIJRI_MONTHS}))
def test_month_name_is_never_a_quantity_noun(name: str) -> None:
    for day in ("5", "31", "0"):
        assert Q.find_quantities(f"جرى ذلك في {day} {name} وانتهى") == [], (day, name)


@pytest.mark.parametrize(("text", "expr", "value", "label"), [
    ("قال قبل 3 أيام إن", "قبل 3 أيام", "2021-07-23", "date"),
    ("قال قبل يومين إن", "قبل يومين", "2021-07-24", "date"),
    ("قال قبل أسبوع إن", "قبل أسبوع", "2021-07-19", "date"),
    ("قال منذ أسبوع إن", "منذ أسبوع", "P1W", "duration"),
    ("وصل قبل نحو ساعتين", "قبل نحو ساعتين", "2021-07-26T21:55", "datetime"),
    ("أعلن قبل شهرين", "قبل شهرين", "2021-05", "date"),
    ("أعلن قبل 3 أعوام", "قبل 3 أعوام", "2018", "date"),
    ("وصل قبل 3 أيام من الانتخابات", "3 أيام", "P3D", "duration"),
])
def test_qabl_duration_resolves_back_from_publication(
        text: str, expr: str, value: str, label: str) -> None:
    tx = _layer(_annotate(text), "timexes")
    assert [(e, lab, a["value"]) for e, lab, a in tx] == [(expr, label, value)]
    if label != "duration":
        assert tx[0][2]["anchor"] == "2021-07-26"


@pytest.mark.parametrize("text", ["وصل قبل يوم الجمعة", "صام قبل شهر رمضان",
                                  "وصل قبل أسبوع من الانتخابات"])
def test_qabl_singular_unit_before_a_noun_is_not_a_date(text: str) -> None:
    assert all(not text[s.start:s.end].startswith("قبل") for s in T.find_timexes(text, PUB))


def test_qabl_without_anchor_is_unresolved() -> None:
    (s,) = T.find_timexes("قال قبل 3 أيام", None)
    assert s.attrs["value"] is None and s.attrs["unresolved"] is True


@pytest.mark.parametrize(("text", "value"), [
    ("مليار مليار مليار دولار", 1e27),
    ("ألف مليون دولار", 1_000_000_000),
    ("ألفين وخمسمائة", 2500),
    ("ثلاثة ملايين", 3_000_000),
    ("ثلاثة آلاف وخمسمائة", 3500),
])
def test_chained_scales_multiply(text: str, value: float) -> None:
    (s,) = Q.find_quantities(text)
    assert s.attrs["value"] == value and s.end == len(text)


def test_scale_after_wa_adds() -> None:
    assert words_value("ألف ومليون".split()) == 1_001_000


@pytest.mark.parametrize(("text", "value"), [
    ("تبرع بمبلغ مليون ونصف ريال", 1_500_000),
    ("زار المعرض مليونين ونصف زائر", 2_500_000),
    ("ثلاثة آلاف وربع", 3250),
    ("ألف ونصف ألف", 1500),
    ("نصف مليون", 500_000),
])
def test_fraction_after_a_scale_is_a_fraction_of_it(text: str, value: float) -> None:
    (s,) = Q.find_quantities(text)
    assert s.attrs["value"] == value
