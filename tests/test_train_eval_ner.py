"""`mawsua eval ner` scoring (hand-computed) and `mawsua train ner` end to end on a tiny slice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mawsua.app import eval_ner, train_ner
from mawsua.cli.main import app

FIX = Path(__file__).parent / "fixtures" / "ner"
DATA = Path(__file__).resolve().parents[2] / "shared" / "ner" / "anercorp_train.txt"
runner = CliRunner()


def test_chunks_are_seqeval_style() -> None:
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "B-MISC"]
    assert eval_ner.chunks(tags) == [
        ("PERS", 0, 1), ("LOC", 3, 4), ("LOC", 5, 5), ("ORG", 6, 6), ("MISC", 7, 7),
    ]
    assert eval_ner.chunks([]) == []
    assert eval_ner.chunks(["O", "O"]) == []


def test_eval_ner_pred_file_gives_hand_computed_scores() -> None:
    # gold: PERS جو بايدن, LOC واشنطن, PERS الكاظمي, LOC الولايات المتحدة, ORG الأمم المتحدة (5)
    # pred: the two PERS and the ORG right; واشنطن as PERS; الولايات alone as LOC; "." as MISC
    r = runner.invoke(app, ["eval", "ner", "--gold", str(FIX / "tiny_gold.bio"),
                            "--pred", str(FIX / "tiny_pred.bio"), "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["overall"] == {"precision": 0.5, "recall": 0.6, "f1": 0.5455,
                              "correct": 3, "predicted": 6, "gold": 5}
    pt = res["per_type"]
    assert pt["PERS"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8,
                          "correct": 2, "predicted": 3, "gold": 2}
    assert pt["LOC"]["f1"] == 0.0 and (pt["LOC"]["predicted"], pt["LOC"]["gold"]) == (1, 2)
    assert pt["ORG"]["f1"] == 1.0
    assert pt["MISC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                          "correct": 0, "predicted": 1, "gold": 0}
    assert (res["sentences"], res["tokens"]) == (2, 18)


def test_eval_ner_text_output_and_errors(tmp_path: Path) -> None:
    r = runner.invoke(app, ["eval", "ner", "--gold", str(FIX / "tiny_gold.bio"),
                            "--pred", str(FIX / "tiny_pred.bio")])
    assert r.exit_code == 0
    assert "overall" in r.stdout and "0.5455" in r.stdout
    assert runner.invoke(app, ["eval", "ner"]).exit_code == 2
    bad = tmp_path / "bad.bio"
    bad.write_text("onlyonefield\n", encoding="utf-8")
    r = runner.invoke(app, ["eval", "ner", "--gold", str(bad)])
    assert r.exit_code == 1
    r = runner.invoke(app, ["eval", "ner", "--gold", str(tmp_path / "missing.bio")])
    assert r.exit_code == 1


def test_eval_ner_runs_the_shipped_tagger() -> None:
    r = runner.invoke(app, ["eval", "ner", "--gold", str(FIX / "tiny_gold.bio"), "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["overall"]["gold"] == 5 and res["tokens"] == 18
    assert res["overall"]["f1"] >= 0.6  # the easy names of this sentence pair


def test_split_rule() -> None:
    sents = [([str(i)], ["O"]) for i in range(25)]
    train, held = train_ner.split(sents, 0.1)
    assert [s[0][0] for s in held] == ["22", "23", "24"] and len(train) == 22
    a = train_ner.split(sents, 0.2, seed=7)[1]
    assert a == train_ner.split(sents, 0.2, seed=7)[1] and len(a) == 5
    with pytest.raises(ValueError):
        train_ner.split(sents, 1.0)


@pytest.mark.skipif(not DATA.is_file(), reason="ANERcorp train file not available")
def test_train_ner_end_to_end_is_reproducible(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.bio"
    train_ner.write_conll(train_ner.read_conll(DATA)[:200], tiny)
    outs = []
    for k in range(2):
        out = tmp_path / f"m{k}" / "ner.crfsuite"
        r = runner.invoke(app, ["train", "ner", "--data", str(tiny), "--out", str(out),
                                "--holdout-fraction", "0.1", "--iterations", "30", "--json"])
        assert r.exit_code == 0, r.output
        facts = json.loads(r.stdout)
        assert facts["split"]["heldout_sentences"] == 20
        assert facts["split"]["train_sentences"] == 180
        assert facts["data_sha256"] == train_ner.sha256_file(tiny)
        assert 0.0 <= facts["heldout"]["overall"]["f1"] <= 1.0
        assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["params"]
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    r = runner.invoke(app, ["train", "ner", "--data", str(tmp_path / "nope.bio"),
                            "--out", str(tmp_path / "x.crfsuite")])
    assert r.exit_code == 1
