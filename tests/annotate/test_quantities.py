"""Quantities on constructed sentences: number words, decimals, the ر separator, visual order."""

from __future__ import annotations

import sys

import pytest

Q = sys.modules["mawsua.annotate.quantities"]


@pytest.mark.parametrize(("text", "surface", "value", "unit", "label"), [
    ("قتل ألفين وخمسمائة جندي", "ألفين وخمسمائة جندي", 2500, "soldiers", "count"),
    ("ثلاثة ملايين دولار", "ثلاثة ملايين دولار", 3000000, "USD", "money"),
    ("نصف مليون شخص", "نصف مليون شخص", 500000, "people", "count"),
    ("بلغ 3ر5 مليار ريال", "3ر5 مليار ريال", 3500000000, "SAR", "money"),
    ("بنسبة ٢٫٥٪ فقط", "٢٫٥٪", 2.5, "percent", "percent"),
    ("بنسبة 15 في المائة", "15 في المائة", 15, "percent", "percent"),
    ("نحو ٢٬٥٠٠ جندي", "نحو ٢٬٥٠٠ جندي", 2500, "soldiers", "count"),
    ("500\u200f,\u200f2 شخص", "500\u200f,\u200f2 شخص", 2500, "people", "count"),
    ("100 ريال قطري", "100 ريال قطري", 100, "QAR", "money"),
    ("خمسة وعشرون طالبا", "خمسة وعشرون طالبا", 25, "students", "count"),
])
def test_quantity(text: str, surface: str, value: float, unit: str, label: str) -> None:
    spans = Q.find_quantities(text)
    got = {text[s.start:s.end]: s for s in spans}
    assert surface in got, [text[s.start:s.end] for s in spans]
    s = got[surface]
    assert (s.attrs["value"], s.attrs["unit"], s.label) == (value, unit, label)


@pytest.mark.parametrize(("text", "phrase", "core", "modifier"), [
    # a bound or approximation is part of the phrase (a proclitic before it is not)
    ("قتل لأكثر من 100 ألف نسمة في", "أكثر من 100 ألف نسمة", "100 ألف نسمة", "more_than"),
    ("غياب لنحو 15 ألف طالب وطالبة، من", "نحو 15 ألف طالب وطالبة", "15 ألف طالب", "approx"),
    ("بيع أقل من 50 في المائة من التذاكر", "أقل من 50 في المائة", "50 في المائة", "less_than"),
    ("يجب ألا يتجاوز 5% من التوقيعات", "يتجاوز 5%", "5%", "less_than"),  # negated bound
    ("ما لا يقل عن 20 حالة اختناق", "ما لا يقل عن 20 حالة", "20 حالة", "more_than"),
    # relative adjectives, unit shapes, «others» and partitives belong to the counted noun
    ("دفع 56 مليون فرنك سويسري للصليب", "56 مليون فرنك سويسري", "56 مليون فرنك", None),
    ("على مساحة الـ 1600 متراً مربعاً في", "الـ 1600 متراً مربعاً", "1600 متراً", None),
    ("وللاتحادات عشرة اعضاء آخرين.", "عشرة اعضاء آخرين", "عشرة اعضاء", None),
    ("وقال الجيش إن 400 من الانفصاليين هاجموا", "400 من الانفصاليين", "400", None),
    ("واعتقل 7 منهم بطلب", "7 منهم", "7", None),
    ("يبلغ الـ18 من عمره", "الـ18 من عمره", "18", None),
    ("على بعد 50 كيلومترا شمالي مدينة", "50 كيلومترا", None, None),  # a direction, no nisba
])
def test_phrase_and_core(text: str, phrase: str, core: str | None, modifier: str | None) -> None:
    """The span is the whole phrase (dev gold convention); ``core_start``/``core_end`` the
    number, scale and noun (seed gold convention) when they differ."""
    (s,) = Q.find_quantities(text)
    assert text[s.start:s.end] == phrase
    if core is None:
        assert "core_start" not in s.attrs
    else:
        assert text[s.attrs["core_start"]:s.attrs["core_end"]] == core
    assert s.attrs.get("modifier") == modifier


@pytest.mark.parametrize("text", [
    "تستمر المحادثات ثلاثة أيام أخرى",  # durations in days, weeks, months: the timexes' layer
    "بعد أربعة أسابيع من القرار",
    "خلال ستة أشهر",
    "وصل إلى دور الـ16 في البطولة.",  # a rank after الـ
    "قبل الـ 20 منه.",  # the 20th of the month named before
    "في الـ15 من الشهر",
])
def test_not_quantities(text: str) -> None:
    assert Q.find_quantities(text) == [], [text[s.start:s.end] for s in Q.find_quantities(text)]


def test_years_and_lone_words_are_not_quantities() -> None:
    assert Q.find_quantities("في عام 2015 قال أحد المسؤولين") == []


def test_deleted_bidi_mark_position_triggers_reorder() -> None:
    text = "500,2 شخص"
    (s,) = Q.find_quantities(text, deleted_marks=[3, 4])
    assert s.attrs["value"] == 2500 and s.attrs["visual_order"]


def test_huge_numbers_stay_json_safe_and_nouns_stay_on_their_line() -> None:
    """User-test findings: 2**64 and beyond broke the JSON writer; a number at the end of a
    line took the first word of the next line as its noun."""
    import orjson

    from mawsua.model import Article, Metadata, Source, article_to_dict

    text = "قتل 20000000000000000000 جندي في الحرب.\nرقم الهاتف 0555855864\nرحم الله الجميع."
    art = Q.quantities(Article("q", Source(format="text", sha256="0" * 64), Metadata(), text))
    orjson.dumps(article_to_dict(art))  # must not raise
    by_text = {art.text[s.start:s.end]: s for s in art.layer("quantities")}
    assert by_text["20000000000000000000 جندي"].attrs["value"] == 2e19
    assert not any("\n" in t for t in by_text)
