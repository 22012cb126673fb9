"""`mawsua eval repair` on a slice of the corpus, against floors that only go up (ratchet)."""

from __future__ import annotations

import random

from typer.testing import CliRunner

from mawsua.app.eval_repair import damage, evaluate
from mawsua.cli.main import app

#: measured on the first 300 Arabic rows, seed 0, after the precision-first rework (issue 10):
#: recall 0.643, after particles 0.775, false splits 0.00002 (all clean words) and 0.00028
#: (rare words). Random word pairs without a glue cue are only *proposed* now, so recall on
#: this synthetic damage fell from 0.918; the real gold (test_eval_repair_gold.py) is the
#: measure that counts. Set just under/over; raise them when the repair improves.
GLUED_RECALL_FLOOR = 0.64
PARTICLE_RECALL_FLOOR = 0.77
FALSE_SPLIT_CEILING = 0.0001
RARE_FALSE_SPLIT_CEILING = 0.001


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
