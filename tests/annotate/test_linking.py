"""Linking (issue 11): ambiguity from context, names in either script, and the dev-gold
entity mention ratchet (real corpus articles and the hand-made gold of ../shared/gold/dev)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.annotate.gazetteer import currency_words, nationality_adjectives, other_names
from mawsua.app.read import read_paths
from mawsua.arabic.variants import loose_key
from mawsua.errors import Ok
from mawsua.model import Article

GOLD_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "dev"
#: dev-gold mention precision and recall reached (rounded down); only ever raised
#: grouping 0.96 → 0.959 when the NER's document-level propagation met the second linking pass
#: (precision 0.903, recall 0.700 both rose; one more group split among 221): merge effect,
#: to win back, not a new floor to keep; won back in session 20's entity pass (precision 0.908
#: → 0.931, recall 0.700 → 0.756, grouping 0.959 → 0.971); session 21 (international bodies,
#: legislatures by their common noun, blocs, names in brackets): precision 0.935, recall
#: 0.786, grouping 0.976; session 22 (names after a landform word, outlets named like words):
#: precision 0.9367, recall 0.7880, grouping 0.9756
#: session 26 (bodies named by common words, given names, the two seas): precision 0.9374 →
#: 0.9377, recall 0.7972 → 0.8018, grouping 0.976
FLOOR = {"precision": 0.937, "recall": 0.801, "grouping": 0.976}


def _read(corpus: Path, ids: set[str], tmp: Path) -> dict[str, Article]:
    sample = tmp / "sample.jsonl"
    with corpus.open(encoding="utf-8") as f, sample.open("w", encoding="utf-8") as out:
        for line in f:
            if json.loads(line)["id"] in ids:
                out.write(line)
    arts = {}
    for o in read_paths([sample]):
        assert isinstance(o, Ok)
        arts[o.value.article.id] = o.value.article
    assert set(arts) == ids
    return arts


def _named(art: Article, surface: str) -> list[tuple[str, str]]:
    return [(s.label, str(s.attrs.get("canonical"))) for s in art.layer("entities")
            if surface in art.text[s.start : s.end]]


def test_ambiguous_names_follow_their_article(corpus_path: Path, tmp_path: Path) -> None:
    arts = _read(corpus_path, {"snn-5ba657d0e47d", "snn-1982d965f42c", "snn-5c4c96672215"},
                 tmp_path)
    # Jordanian context: عمان is Amman; beside سلطنة عمان it is Oman
    assert set(_named(arts["snn-5ba657d0e47d"], "عمان")) == {("LOCATION", "Amman")}
    assert set(_named(arts["snn-1982d965f42c"], "عمان")) == {("LOCATION", "Oman")}
    # the newspaper between quote marks, not the region
    assert set(_named(arts["snn-5c4c96672215"], "الشرق الأوسط")) == {
        ("ORGANIZATION", "Asharq Al-Awsat")}


def test_no_currency_religion_or_adjective_entities(corpus_path: Path, tmp_path: Path) -> None:
    ids = set()
    with corpus_path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if "سيف الإسلام" in d["text"] or ("اليورو" in d["text"] and len(ids) < 6):
                ids.add(d["id"])
            if len(ids) >= 10:
                break
    arts = _read(corpus_path, ids, tmp_path)
    currencies, adjectives = currency_words(), nationality_adjectives()
    for art in arts.values():
        for s in art.layer("entities"):
            words = art.text[s.start : s.end].split()
            assert s.label in ("PERSON", "ORGANIZATION", "LOCATION")
            assert art.text[s.start : s.end] not in ("الإسلام", "الله")
            assert not all(w in currencies or w in adjectives for w in words), words


def test_names_in_either_script() -> None:
    assert loose_key("Mohammed bin Salman") == loose_key("Muhammad bin Salman")
    assert loose_key("Bashar al-Assad") == loose_key("bashar assad")
    assert loose_key("عبد الله") == loose_key("عبدالله")
    assert loose_key("Amman") != loose_key("Oman")
    assert "الدوحة" in other_names("Doha")
    assert "John Kerry" in other_names("كيري")
    assert "Mohammed bin Salman" in other_names("محمد بن سلمان")
    assert "Bashar al-Assad" in other_names("الأسد")
    assert "عمان" not in other_names("Amman")  # also Oman's spelling: left to the articles
    assert other_names("Nobody Known") == ()


def _score(arts: dict[str, Article], golds: list[dict]) -> dict[str, float]:
    prefixes = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")

    def forms(s: str) -> set[str]:
        out = {s[len(p):] for p in prefixes if s.startswith(p) and len(s) - len(p) >= 2}
        if s.startswith("لل"):
            out.add("ال" + s[2:])
        return out

    tp = fp = found = total = grouped = seen = 0
    for g in golds:
        art = arts[g["article_id"]]
        spans = [(s, art.text[s.start : s.end]) for s in art.layer("entities")]
        for s, surface in spans:
            ok = any(e["type"] == s.label and any(forms(surface) & forms(m)
                                                  for m in e["mentions"]) for e in g["entities"])
            tp, fp = tp + ok, fp + (not ok)
        for e in g["entities"]:
            keys = []
            for m in e["mentions"]:
                total += 1
                hit = {s.attrs["entity"] for s, surface in spans
                       if s.label == e["type"] and forms(surface) & forms(m)}
                if hit:
                    found += 1
                    keys.append(hit)
            if keys:
                seen += 1
                grouped += bool(set.intersection(*keys))
    return {"precision": tp / (tp + fp), "recall": found / total, "grouping": grouped / seen}


def test_dev_gold_entity_mentions_ratchet(corpus_path: Path, tmp_path: Path) -> None:
    files = sorted(GOLD_DEV.glob("snn-*.json"))
    if not files:
        pytest.skip(f"{GOLD_DEV} not found")
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    arts = _read(corpus_path, {g["article_id"] for g in golds}, tmp_path)
    got = _score(arts, golds)
    for name, floor in FLOOR.items():
        assert got[name] >= floor, (name, got)
