"""`mawsua show ID --diff` on a store built by ingesting the seed and real corpus rows with
character faults (bidi marks, presentation forms, kashida, Persian letters)."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from mawsua.app.ingest import ingest
from mawsua.app.queries import open_store
from mawsua.cli.main import app

runner = CliRunner()
ROWS = ("snn-71c70a29f0fb", "snn-a720df0a7206", "snn-030970b3303a", "snn-3d9fe575106f")
REPAIR_KEYS = {"kind", "raw_start", "raw_end", "raw", "repaired", "start", "end", "confidence"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path, corpus_path: Path) -> Path:
    folder = tmp_path_factory.mktemp("diff")
    rows = [line for line in corpus_path.read_text(encoding="utf-8").splitlines()
            if json.loads(line)["id"] in ROWS]
    assert len(rows) == len(ROWS)
    sample = folder / "rows.jsonl"
    sample.write_text("\n".join(rows) + "\n", encoding="utf-8")
    path = folder / "m.db"
    with open_store(path) as store:
        summary = ingest([seed_path, sample], store)
    assert summary.added == len(ROWS) + 1
    return path


def _run(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout


def _seed_id(db: Path) -> str:
    code, out = _run("search", "الكاظمي", "--db", str(db), "--json")
    assert code == 0
    data = json.loads(out)
    hits = data["hits"] if isinstance(data, dict) else data
    return str(hits[0]["id"])


def test_diff_lists_each_repair_readably(db: Path) -> None:
    code, out = _run("show", "snn-71c70a29f0fb", "--db", str(db), "--diff")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("snn-71c70a29f0fb: ")
    assert "bidi_controls 5" in lines[0]
    blocks = [ln for ln in lines if ln.startswith("#")]
    assert len(blocks) == int(lines[0].split(": ")[1].split()[0])
    # the removed RLM is named, in context, and gone from the repaired line
    assert "لشركة ⟦⟨RLM⟩⟧شيفرون العالمية" in out
    assert "لشركة ⟦∅⟧شيفرون العالمية" in out


def test_diff_shows_letters_and_kashida(db: Path) -> None:
    _, out = _run("show", "snn-a720df0a7206", "--db", str(db), "--diff", "--context", "6")
    assert "presentation_forms" in out and "⟦ﻭﺯﻳﺮ⟧" in out and "⟦وزير⟧" in out
    _, out = _run("show", "snn-030970b3303a", "--db", str(db), "--diff")
    assert "kashida" in out and "قامـ⟦ـ⟧" not in out
    _, out = _run("show", "snn-3d9fe575106f", "--db", str(db), "--diff")
    assert "persian_letters" in out and "⟦ک⟧" in out and "⟦ك⟧" in out


def test_diff_json_is_the_repairs_list(db: Path) -> None:
    for aid in (*ROWS, _seed_id(db)):
        code, out = _run("show", aid, "--db", str(db), "--diff", "--json")
        assert code == 0
        repairs = orjson.loads(out)
        _, full = _run("show", aid, "--db", str(db), "--json")
        art = orjson.loads(full)
        assert repairs == art["repairs"] and repairs
        for r in repairs:
            assert REPAIR_KEYS <= set(r)
            assert art["raw_text"][r["raw_start"] : r["raw_end"]] == r["raw"]
            assert art["text"][r["start"] : r["end"]] == r["repaired"]
            assert 0.0 <= r["confidence"] <= 1.0


def test_diff_of_the_seed(db: Path) -> None:
    code, out = _run("show", _seed_id(db), "--db", str(db), "--diff")
    assert code == 0
    assert "header" in out.splitlines()[0] and "⟨LF⟩" in out


def test_diff_unknown_id(db: Path) -> None:
    code, _ = _run("show", "no-such-id", "--db", str(db), "--diff")
    assert code == 1
