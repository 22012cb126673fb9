"""``mawsua eval gold``: the scorer's rules on small hand-made cases, and the ratchet on the real
hand-made gold (``shared/gold/dev`` + the seed): floors that later work may only raise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.app import eval_gold

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

GOLD_DIR = SHARED / "gold" / "dev"
SEED_GOLD = SHARED / "gold" / "seed.json"

#: Floors per layer (precision, recall) measured on the dev gold + seed; raise them when a change
#: improves a layer, never lower them.
FLOORS = {
    "quotes": (0.95, 0.88),
    "quote_texts": (0.98, 0.92),
    "not_quotes": (0.97, 0.97),
    "timexes": (0.96, 0.915),
    "entities": (0.921, 0.815),  # session 26: P 0.9218, R 0.8156
    "quantities": (0.90, 0.80),
}


def _doc(text: str, **layers):
    base = {"text": text, "entities": [], "quotes": [], "timexes": [], "quantities": []}
    base.update(layers)
    return base


def test_quote_needs_text_and_speaker():
    gold = {"quotes": [{"text": "نحن هنا", "speaker": "Ali Hassan", "speaker_mentions": ["علي حسن"]}],
            "entities": [{"type": "PERSON", "canonical": "Ali Hassan", "mentions": ["علي حسن", "حسن"]}]}
    text = "وقال علي حسن: «نحن  هنا»"
    right = {"text": "نحن هنا.", "speaker": "علي حسن", "speaker_start": 5, "speaker_end": 12}
    wrong = {"text": "نحن هنا", "speaker": "الشباب علي حسن", "speaker_start": None,
             "speaker_end": None}
    layers = eval_gold.score(_doc(text, quotes=[right]), gold)
    assert (layers["quotes"].tp_r, layers["quotes"].tp_p) == (1, 1)
    layers = eval_gold.score(_doc(text, quotes=[wrong]), gold)
    assert layers["quotes"].tp_r == 0 and layers["quote_texts"].tp_r == 1
    assert layers["quotes"].false_hits and layers["quotes"].misses


def test_speaker_by_linked_entity_and_proclitic():
    gold = {"quotes": [{"text": "كلام", "speaker": "Ali Hassan", "speaker_mentions": []}],
            "entities": [{"type": "PERSON", "canonical": "Ali Hassan", "mentions": ["علي حسن"]}]}
    ents = [{"text": "وعلي حسن", "label": "PERSON", "entity": "E1", "start": 0, "end": 8}]
    q = {"text": "كلام", "speaker": "X", "speaker_entity": "E1"}
    assert eval_gold.score(_doc("وعلي حسن", entities=ents, quotes=[q]), gold)["quotes"].tp_r == 1


def test_not_quote_taken_as_quote_is_a_false_hit():
    gold = {"quotes": [], "not_quotes": ["أم سياف"]}
    layers = eval_gold.score(_doc("«أم سياف»", quotes=[{"text": "أم سياف", "speaker": None}]), gold)
    assert layers["not_quotes"].tp_r == 0
    assert layers["quotes"].predicted == 1 and layers["quotes"].tp_p == 0
    assert layers["quotes"].false_hits[0]["not_quote"]


def test_timex_value_and_overlap():
    gold = {"timexes": [{"text": "أمس الاثنين", "value": "2015-08-10"},
                        {"text": "عام 2001", "value": "2001"}]}
    preds = [{"text": "أمس", "value": "2015-08-10"}, {"text": "عام 2001", "value": "2014"},
             {"text": "غدا", "value": "2015-08-12"}]
    t = eval_gold.score(_doc("", timexes=preds), gold)["timexes"]
    assert (t.tp_r, t.gold, t.extra["found"]) == (1, 2, 2)
    assert (t.tp_p, t.predicted) == (1, 3)


def test_entity_mentions_types_and_grouping():
    gold = {"entities": [{"type": "PERSON", "canonical": "Haider al-Abadi",
                          "mentions": ["حيدر العبادي", "العبادي"]},
                         {"type": "LOCATION", "canonical": "Amman", "mentions": ["عمان"]}]}
    spans = [{"text": "حيدر العبادي", "label": "PERSON", "entity": "E1"},
             {"text": "والعبادي", "label": "PERSON", "entity": "E1", "proclitic": "و"},
             {"text": "عمان", "label": "ORGANIZATION", "entity": "E2"}]
    e = eval_gold.score(_doc("", entities=spans), gold)["entities"]
    assert (e.tp_r, e.gold) == (2, 3)
    assert (e.tp_p, e.predicted) == (2, 3)
    assert e.extra["grouped"] == 1 and e.extra["groupable"] == 1


def test_missing_gold_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such gold"):
        eval_gold.gold_files([tmp_path / "nope"])
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="not a JSON document"):
        eval_gold.evaluate([bad])


@pytest.fixture(scope="module")
def real():
    if not GOLD_DIR.is_dir():
        pytest.skip(f"{GOLD_DIR} not found")
    return eval_gold.evaluate([GOLD_DIR, SEED_GOLD], details=True)


def test_every_gold_article_is_read(real):
    assert real["articles"] == len(list(GOLD_DIR.glob("*.json"))) + 1
    json.dumps(real, ensure_ascii=False)


@pytest.mark.parametrize("layer", sorted(FLOORS))
def test_gold_floor(real, layer):
    """The ratchet: each layer's precision and recall on the real gold stay above its floor."""
    r = real["layers"][layer]
    p_floor, r_floor = FLOORS[layer]
    assert r["precision"] >= p_floor, (layer, r["precision"], r["false_hits"][:10])
    assert r["recall"] >= r_floor, (layer, r["recall"], r["misses"][:10])


def test_unnamed_source_without_arabic_names_matches_a_source_description():
    gold = {"quotes": [{"text": "كلام", "speaker": "unnamed sources (Al Arabiya)",
                        "speaker_mentions": []}]}
    ok = {"text": "كلام", "speaker": "مصادر قناتي العربية", "speaker_start": None}
    bad = {"text": "كلام", "speaker": "قناة العربية", "speaker_start": None}
    assert eval_gold.score(_doc("", quotes=[ok]), gold)["quotes"].tp_r == 1
    assert eval_gold.score(_doc("", quotes=[bad]), gold)["quotes"].tp_r == 0
