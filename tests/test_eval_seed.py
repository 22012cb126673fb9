"""`mawsua eval seed`: scores the seed reading against the gold file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mawsua.cli.main import app


def test_eval_seed_json(seed_path: Path) -> None:
    gold = seed_path.parents[1] / "gold" / "seed.json"
    res = CliRunner().invoke(app, ["eval", "seed", "--seed-file", str(seed_path),
                                   "--gold", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    secs = out["sections"]
    assert set(secs) == {"metadata", "repairs", "blocks", "entities", "quotes", "not_quotes",
                         "timexes", "quantities"}
    assert secs["quotes"]["total"] == 9
    assert all(i["found"] and i["kind_ok"] for i in secs["quotes"]["items"])
    assert secs["not_quotes"]["correct"] == 3
    assert secs["repairs"]["correct"] == secs["repairs"]["total"]
    # every gold item of every section is read correctly (a ratchet: this may never drop)
    for name, sec in secs.items():
        assert sec["correct"] == sec["total"], name
    assert out["overall"] == 1


def test_eval_seed_text_and_missing_gold(seed_path: Path, tmp_path: Path) -> None:
    gold = seed_path.parents[1] / "gold" / "seed.json"
    res = CliRunner().invoke(app, ["eval", "seed", "--seed-file", str(seed_path),
                                   "--gold", str(gold)])
    assert res.exit_code == 0 and "overall" in res.stdout and "quotes" in res.stdout
    res = CliRunner().invoke(app, ["eval", "seed", "--seed-file", str(seed_path),
                                   "--gold", str(tmp_path / "none.json")])
    assert res.exit_code == 1
