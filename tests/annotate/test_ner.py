"""The shipped CRF entity tagger: loads, tags real sentences, keeps its held-out score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.annotate import ner
from mawsua.arabic.fold import fold
from mawsua.model import Article, Metadata, Source, Span, sha256_hex

SHARED = Path(__file__).resolve().parents[3] / "shared"
DATA = SHARED / "ner" / "anercorp_train.txt"
SEED = SHARED / "seed" / "000_6afea4c6e43b9a86.txt"
#: ratchet: just under the held-out F1 of the shipped model (ner.json; documents of 5 sentences
#: on either side, see mawsua.app.eval_ner; sentence by sentence it is 0.683)
HELDOUT_F1_FLOOR = 0.69


def _found(text: str, spans: list[Span]) -> set[tuple[str, str]]:
    return {(text[s.start:s.end], s.label) for s in spans}


def test_model_ships_with_its_facts() -> None:
    assert ner.MODEL_PATH.is_file()
    assert ner.MODEL_PATH.stat().st_size < 8_000_000
    facts = json.loads(ner.FACTS_PATH.read_text(encoding="utf-8"))
    # the shipped model uses features v3 (no word clusters: v4 scored lower on the news gold);
    # v4 adds only cluster features, which a model trained without them never sees
    assert facts["features_version"] in (3, ner.FEATURES_VERSION)
    assert not facts.get("clusters")
    assert facts["data_sha256"] == (
        "88f8c0ef72c19a9111fb7888262bb27bf239b129bf02f716a33ab00a5221e8c4")
    assert facts["split"]["holdout_fraction"] == 0.1 and facts["split"]["seed"] is None


def test_cluster_table_ships_and_feeds_a_tagger_trained_with_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from mawsua.annotate.wordclusters import ClusterTable

    assert ner.CLUSTERS_PATH.stat().st_size < 4_000_000
    table = ClusterTable.read(ner.CLUSTERS_PATH)
    assert table.ks == (64, 256, 1024) and len(table) > 90_000
    # frequent words and the ANERcorp training forms are in it
    for w in ("الرياض", "وزير", "محمد"):
        assert table.ids(fold(w)) is not None
    # the shipped model lists no cluster table, so none is loaded for it
    assert ner.cluster_tables_for(ner.MODEL_PATH) == ()
    # a model whose facts list the shipped table gets its features
    model = tmp_path / "m.crfsuite"
    model.write_bytes(b"")
    model.with_suffix(".json").write_text(json.dumps(
        {"clusters": [{"prefix": "u", "words": len(table), "levels": [64, 256, 1024]}]}),
        encoding="utf-8")
    tables = ner.cluster_tables_for(model)
    assert [p for p, _ in tables] == ["u"]
    feats = ner.token_features(["قال", "وزير", "الخارجية", "السعودي"], tables=tables)
    assert {f.split("=")[0] for f in feats[1]} >= {"u0", "u1", "u2", "-1u0", "+1u2"}
    # optionally, a word missing from the table gets the clusters of its stem (clitics off)
    stem_only = "وبالقاهرة"
    assert table.ids(fold(stem_only)) is None and ner.stem_of(stem_only) == "قاهره"
    assert ner.cluster_features(fold(stem_only), "قاهره", tables) == ()
    monkeypatch.setattr(ner, "STEM_BACKOFF", True)
    assert f"u2s={table.ids('قاهره')[2]}" in ner.cluster_features(fold(stem_only), "قاهره",
                                                                  tables)


def test_tokenize_offsets_are_code_points() -> None:
    text = "قال بايدن، في واشنطن: «نعم» (2021)."
    toks = [text[s:e] for s, e in ner.tokenize(text)]
    assert toks == ["قال", "بايدن", "،", "في", "واشنطن", ":", "«", "نعم", "»", "(", "2021",
                    ")", "."]
    assert ner.tokenize("") == []
    voc = "مُصْطَفَى الكاظمي"
    assert [voc[s:e] for s, e in ner.tokenize(voc)] == ["مُصْطَفَى", "الكاظمي"]


def test_tag_returns_bio_per_token() -> None:
    toks = "وقع الرئيس الأميركي جو بايدن ورئيس وزراء العراق مصطفى الكاظمي اتفاقا".split()
    tags = ner.tag(toks)
    assert len(tags) == len(toks)
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    assert tags[3:5] == ["B-PERS", "I-PERS"]
    assert tags[7] == "B-LOC"
    assert tags[8:10] == ["B-PERS", "I-PERS"]
    assert ner.tag([]) == []


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not available")
def test_seed_names_and_places() -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = ner.predict_spans(text)
    found = _found(text, spans)
    for surface, label in [("جو بايدن", "PERSON"), ("مصطفى الكاظمي", "PERSON"),
                           ("العراق", "LOCATION"), ("أفغانستان", "LOCATION")]:
        assert (surface, label) in found, (surface, label)
    # bare surnames later in the article
    assert ("بايدن", "PERSON") in found
    assert any(s.label == "PERSON" and "الكاظمي" in text[s.start:s.end] for s in spans)
    for s in spans:
        assert s.attrs["source"] == "crf" and 0.0 < s.attrs["confidence"] <= 1.0
        assert s.label in {"PERSON", "ORGANIZATION", "LOCATION", "MISC"}
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_glued_proclitic_is_recorded() -> None:
    text = "اجتمع الوفد في واشنطن لبحث الوضع في العراق وسوريا."
    spans = ner.predict_spans(text)
    found = _found(text, spans)
    assert ("واشنطن", "LOCATION") in found
    assert ("العراق", "LOCATION") in found
    by_text = {text[s.start:s.end]: s for s in spans}
    assert by_text["وسوريا"].label == "LOCATION"
    assert by_text["وسوريا"].attrs["proclitic"] == "و"  # the span still covers it
    assert "proclitic" not in by_text["واشنطن"].attrs  # its و is a letter of the name


def test_ner_mentions_follows_sentences() -> None:
    text = "زار ماكرون بيروت أمس.\nوقال الرئيس الفرنسي إن لبنان يحتاج إلى حكومة."
    art = Article("t", Source("text", sha256_hex(text.encode())), Metadata(), text)
    whole = ner.ner_mentions(art)
    cut = text.index("\n")
    art2 = art.with_layer("sentences", [Span(0, cut, "sentence"),
                                        Span(cut + 1, len(text), "sentence")])
    per_sentence = ner.ner_mentions(art2)
    assert _found(text, whole) == _found(text, per_sentence)
    assert ("بيروت", "LOCATION") in _found(text, whole)
    assert ("لبنان", "LOCATION") in _found(text, whole)


def test_predict_spans_on_a_range_keeps_text_offsets() -> None:
    text = "مقدمة. زار بايدن بغداد."
    start = text.index("زار")
    spans = ner.predict_spans(text, start, len(text))
    assert all(s.start >= start for s in spans)
    assert ("بغداد", "LOCATION") in _found(text, spans)


@pytest.mark.skipif(not DATA.is_file(), reason="ANERcorp train file not available")
def test_heldout_f1_does_not_drop() -> None:
    from mawsua.app import eval_ner, train_ner

    res = eval_ner.evaluate_sentences(train_ner.holdout(DATA))
    facts = json.loads(ner.FACTS_PATH.read_text(encoding="utf-8"))
    assert res["overall"] == facts["heldout"]["overall"]  # the shipped model, unchanged
    assert res["overall"]["f1"] >= HELDOUT_F1_FLOOR


def test_propagate_copies_a_confident_name_to_its_missed_occurrences() -> None:
    sents = [["زار", "كورت", "فالدهايم", "مدينة", "بغداد"], ["وقال", "فالدهايم", "إن", "بغداد"]]
    tags = [["O", "B-PERS", "I-PERS", "O", "B-LOC"], ["O", "O", "O", "O"]]
    conf = [[0.9, 0.95, 0.9, 0.9, 0.99], [0.9, 0.6, 0.9, 0.5]]
    lex = {"قال": "Oh", "ان": "Oh"}
    got = ner.propagate(sents, tags, conf, lex)
    # the surname alone and the place; ordinary words and tagged tokens stay as they were
    assert got[1] == ["O", "B-PERS", "O", "B-LOC"]
    assert got[0] == tags[0] and tags[1] == ["O"] * 4  # the input is not changed
    # not from an unsure entity, nor beyond the window, nor by the word after أبو/عبد
    low = [[0.9, 0.95, 0.6, 0.9, 0.99], conf[1]]
    assert ner.propagate(sents, tags, low, lex)[1] == ["O", "O", "O", "B-LOC"]
    far = [sents[0], ["طيب"] * 3, sents[1]]
    far_tags = [tags[0], ["O"] * 3, tags[1]]
    far_conf = [conf[0], [0.9] * 3, conf[1]]
    assert ner.propagate(far, far_tags, far_conf, lex, window=1)[2] == ["O"] * 4
    assert ner.propagate(far, far_tags, far_conf, lex, window=2)[2][1] == "B-PERS"
    kunya = [["التقى", "أبو", "مازن"], ["مازن", "حضر"]]
    assert ner.propagate(kunya, [["O", "B-PERS", "I-PERS"], ["O", "O"]],
                         [[1.0] * 3, [0.9] * 2], lex)[1] == ["O", "O"]


def test_predict_spans_marks_propagated_names_and_their_proclitic() -> None:
    text = "قال المدير فرانسوا كارار إن اللجنة ستجتمع. واتصل رئيس الاتحاد وكارار أمس."
    spans = ner.predict_spans(text)
    full = [s for s in spans if text[s.start:s.end] == "فرانسوا كارار"]
    assert full and "propagated" not in full[0].attrs
    later = [s for s in spans if s.start > text.index(".")]
    for s in later:
        if s.attrs.get("propagated"):
            assert s.attrs["confidence"] == ner.PROPAGATE_MIN_CONFIDENCE
            pc = s.attrs.get("proclitic", "")
            assert text[s.start + len(pc):s.end] == "كارار"
    ner.PROPAGATE = False
    try:
        assert not any(s.attrs.get("propagated") for s in ner.predict_spans(text))
    finally:
        ner.PROPAGATE = True
