"""Entities layer: the seed against its gold entities, unit rules and negatives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.annotate.entities import entities
from mawsua.annotate.gazetteer import names
from mawsua.app.pipeline import process
from mawsua.arabic.variants import clitic_keys, key
from mawsua.model import Article, Metadata, Source
from mawsua.sources import read_path

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seed" / "000_6afea4c6e43b9a86.txt"
GOLD = SHARED / "gold" / "seed.json"


def _art(text: str) -> Article:
    return entities(Article("t", Source("text", "0"), Metadata(), text), crf=False)


def _found(art: Article) -> list[tuple[str, str, str, str]]:
    return [(art.text[s.start:s.end], s.label, s.attrs["canonical"], s.attrs["entity"])
            for s in art.layer("entities")]


@pytest.fixture(scope="module")
def seed() -> Article:
    if not SEED.exists():
        pytest.skip("shared seed not available")
    (item,) = list(read_path(str(SEED)))
    return process(item).value.article  # type: ignore[union-attr]


def test_seed_gold_entities(seed: Article) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["entities"]
    spans = seed.layer("entities")
    for g in gold:
        mine = [s for s in spans if s.attrs["canonical"] == g["canonical"]]
        assert mine, g["canonical"]
        assert {s.label for s in mine} == {g["type"]}, g["canonical"]
        assert len({s.attrs["entity"] for s in mine}) == 1, g["canonical"]
        surfaces = set()
        for s in mine:
            surface = seed.text[s.start:s.end]
            surfaces |= {surface, surface[len(s.attrs.get("proclitic", "")):]}
        for m in g["mentions"]:
            assert m in surfaces, (g["canonical"], m)
        if "country" in g:
            assert all(s.attrs.get("country") == g["country"] for s in mine)


def test_seed_titles_and_attrs(seed: Article) -> None:
    spans = seed.layer("entities")
    by = {(seed.text[s.start:s.end], s.attrs.get("title")) for s in spans}
    assert ("جو بايدن", "الرئيس الأميركي") in by
    assert ("مصطفى الكاظمي", "رئيس وزراء العراق") in by
    assert ("Mustafa Al-Kadhimi", "Prime Minister") in by
    for s in spans:
        assert s.attrs["source"] in {"gazetteer", "crf", "rule", "post", "coref"}
        assert 0 <= s.attrs["confidence"] <= 1
    # no overlaps
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start


def test_variants_and_clitics() -> None:
    assert key("الأمريكي") == key("الأميركي")
    assert "العراق" in clitic_keys("بالعراق")
    assert "العراق" in clitic_keys("وللعراق")
    assert clitic_keys("بايدن")[0] == "بايدن"
    assert clitic_keys("Iraq") == ("Iraq",)


def test_gazetteer_loads() -> None:
    idx = names()
    assert any(e.canonical == "Iraq" for e in idx.lookup("العراق"))  # type: ignore[attr-defined]
    assert any(e.canonical == "Joe Biden" for e in idx.lookup("President Biden")) is False


@pytest.mark.parametrize("text", [
    "يدرس الطلاب اللغة العربية في المدارس.",
    "زار الوفد المملكة العربية السعودية أمس.",
    "وصل فريق الإسعاف إلى موقع الحدث بسرعة.",
    "قال إن الأمل كبير في السلام.",
    "يلعب الفريق الأول لكرة القدم غدا.",
])
def test_negatives(text: str) -> None:
    found = _found(_art(text))
    assert not [f for f in found if f[2] in {"Al Arabiya", "Al Hadath"}], found
    assert not [f for f in found if f[1] == "PERSON"], found


def test_outlet_needs_a_cue() -> None:
    found = _found(_art('نقلت قناة العربية الخبر، وذكرت صحيفة الرياض أن الوفد وصل إلى الرياض.'))
    assert ("العربية", "ORGANIZATION", "Al Arabiya") == found[0][:3]
    assert ("الرياض", "ORGANIZATION", "Al Riyadh (newspaper)") == found[1][:3]
    assert ("الرياض", "LOCATION", "Riyadh") == found[2][:3]


def test_title_rule_unknown_name_and_surname_join() -> None:
    art = _art("التقى وزير الخارجية الفرنسي جان إيف لودريان، اليوم، نظيره. وقال لودريان إن اللقاء مثمر.")
    found = _found(art)
    full = [f for f in found if f[0] == "جان إيف لودريان"]
    assert full and full[0][1] == "PERSON"
    assert [f for f in found if f[0] == "لودريان"][0][3] == full[0][3]


def test_facility_is_not_a_person() -> None:
    found = _found(_art("هبطت الطائرة في مطار الملك فهد الدولي بالدمام."))
    assert not [f for f in found if f[1] == "PERSON"], found


def test_coref_title_alone() -> None:
    art = _art("أعلن الرئيس الأميركي جو بايدن القرار. وأكد الرئيس الأميركي أن القوات ستنسحب.")
    spans = art.layer("entities")
    assert len({s.attrs["entity"] for s in spans if s.label == "PERSON"}) == 1
    assert any(s.attrs["source"] == "coref" for s in spans)
