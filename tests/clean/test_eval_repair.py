"""`mawsua eval repair` on a slice of the corpus, against floors that only go up (ratchet)."""

from __future__ import annotations

import json
import random

from typer.testing import CliRunner

from mawsua.app.eval_repair import (
    GOLD_MIX,
    damage,
    damage_mixed,
    evaluate,
    evaluate_mixed,
    gold_mix,
)
from mawsua.cli.main import app

#: measured on the first 300 Arabic rows, seed 0, after the precision-first rework (issue 10):
#: recall 0.643, after particles 0.775, false splits 0.00002 (all clean words) and 0.00028
#: (rare words). Random word pairs without a glue cue are only *proposed* now, so recall on
#: this synthetic damage fell from 0.918; the real gold (test_eval_repair_gold.py) is the
#: measure that counts. Set just under/over; raise them when the repair improves.
#: Third round (word-pair table, hamza tail, function word + a seen word): recall 0.7801
#: (half a 0.808, half b, never seen by the pair table, 0.753), after particles 0.887,
#: false splits 0.00003 (rare words 0.00043). Session 20 (particle + a seen pair or an
#: inflected verb, relative pronouns, function word after a listed definite word): recall
#: 0.7856 (half b 0.7583), after particles 0.887, false splits unchanged. Session 21 (the
#: `words` cue: two listed words of >= 4 letters whose joined form no text lists; function
#: word + a rest of >= 5 letters at Zipf >= 3.5): recall 0.8329 (half b 0.8093), after
#: particles 0.899, false splits 0.00001 (rare words 0.00014).
GLUED_RECALL_FLOOR = 0.83
HALF_B_RECALL_FLOOR = 0.805
PARTICLE_RECALL_FLOOR = 0.895
FALSE_SPLIT_CEILING = 0.0001
RARE_FALSE_SPLIT_CEILING = 0.001
#: the second line (damage in the gold's mix of glue kinds), same slice and seed: glued
#: recall 0.8672, weighted by the mix 0.8581, punct 0.998, digit 0.942, particle 0.676,
#: word 0.687; false splits 0.00004 (rare words 0.00056). Before the third round: 0.8438,
#: weighted 0.836, word 0.578. Session 20: 0.8860, weighted 0.8806, particle 0.759 (was 0.676),
#: word 0.693; false splits 0.00004 (rare words 0.00056), unchanged. Session 21: 0.8987,
#: weighted 0.8921, word 0.760, digit 0.948; false splits 0.00002 (rare words 0.00028)
MIXED_RECALL_FLOOR = 0.895
MIXED_WEIGHTED_FLOOR = 0.89


def test_damage_is_deterministic_and_traceable():
    text = "قال الرئيس في المؤتمر إن الحكومة ستعمل على حل المشكلة في أقرب وقت ممكن اليوم."
    a = damage(text, random.Random(1), 0.5, 1.0, 1.0)
    b = damage(text, random.Random(1), 0.5, 1.0, 1.0)
    assert a == b and a.glued
    for s, e, first, second, _ in a.glued:
        assert a.text[s:e] == first + second
    for s, e, w in a.clean_words:
        assert a.text[s:e] == w


def test_eval_floors(corpus_path):
    res = evaluate(corpus_path, seed=0, limit=300).to_dict()
    assert res["glued_pairs"] > 1000
    assert res["glued_recall"] >= GLUED_RECALL_FLOOR
    assert res["particle_recall"] >= PARTICLE_RECALL_FLOOR
    assert res["false_split_rate"] <= FALSE_SPLIT_CEILING
    assert res["rare_words"] > 1000
    assert res["rare_false_split_rate"] <= RARE_FALSE_SPLIT_CEILING
    # half b: articles the word-pair table was not built from (the honest figure)
    assert res["halves"]["b"]["glued"] > 1000
    assert res["halves"]["b"]["glued_recall"] >= HALF_B_RECALL_FLOOR


def test_mixed_damage_follows_the_mix_and_is_traceable():
    text = ("قال الوزير. وأضاف أن الحكومة ما زالت تعمل في 2015 على حل المشكلة، لا يمكن "
            "تأجيلها أو تجاهلها. وأكد أن موقع Twitter نشر 400 تغريدة عن الموضوع.") * 4
    only_punct = {"punct": 1}
    dmg, dropped = damage_mixed(text, random.Random(3), only_punct, 0.5)
    assert dmg.glued and not dropped.get("word")
    for s, e, first, second, kind in dmg.glued:
        assert kind == "punct" and first[-1] in ".،" and dmg.text[s:e] == first + second
    for s, e, w in dmg.clean_words:
        assert dmg.text[s:e] == w
    again, _ = damage_mixed(text, random.Random(3), only_punct, 0.5)
    assert again == dmg
    kinds = {k for *_, k in damage_mixed(text, random.Random(1), GOLD_MIX, 1.0)[0].glued}
    assert kinds == {"punct", "particle", "word", "digit", "latin"}


def test_gold_mix_is_read_at_run_time(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in (
        {"verdict": "glued", "kind": "punct"}, {"verdict": "glued", "kind": "punct"},
        {"verdict": "glued", "kind": "word+digit"}, {"verdict": "word", "kind": "name"})),
        encoding="utf-8")
    assert gold_mix(gold) == ({"punct": 2, "digit": 1}, str(gold))
    assert gold_mix(tmp_path / "missing.jsonl") == (GOLD_MIX, "GOLD_MIX constants")


def test_mixed_eval_floors(corpus_path):
    gold = corpus_path.parents[1] / "gold" / "dev" / "repairs.jsonl"
    res = evaluate_mixed(corpus_path, gold if gold.exists() else None, seed=0, limit=300).to_dict()
    assert res["glued_pairs"] > 1000 and set(res["recall_by_kind"]) >= {"punct", "word"}
    assert res["glued_recall"] >= MIXED_RECALL_FLOOR
    assert res["mix_weighted_recall"] >= MIXED_WEIGHTED_FLOOR
    assert res["false_split_rate"] <= FALSE_SPLIT_CEILING
    assert res["rare_false_split_rate"] <= RARE_FALSE_SPLIT_CEILING


def test_cli_json(corpus_path):
    out = CliRunner().invoke(app, ["eval", "repair", "--corpus", str(corpus_path),
                                   "--limit", "20", "--gold", "/nonexistent/gold.jsonl",
                                   "--json"])
    assert out.exit_code == 1  # a gold file that cannot be read is an error
    out = CliRunner().invoke(app, ["eval", "repair", "--corpus", str(corpus_path),
                                   "--limit", "20", "--no-synthetic", "--json"])
    assert out.exit_code == 0, out.output
    import json

    assert set(json.loads(out.stdout)) == {"gold"}
    out = CliRunner().invoke(app, ["eval", "repair", "--corpus", str(corpus_path),
                                   "--limit", "20", "--json"])
    assert out.exit_code == 0, out.output
    import json

    res = json.loads(out.stdout)
    for key in ("glued_recall", "false_split_rate", "rare_false_split_rate", "cut_recall",
                "articles_per_second"):
        assert key in res
    for key in ("glued_recall", "mix_weighted_recall", "recall_by_kind", "false_split_rate"):
        assert key in res["mixed"]
