"""End to end on real data: read the seed, ingest the whole corpus, search, show."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from mawsua.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "src/mawsua/schema/article.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout


def test_read_seed_json_matches_gold(seed_path: Path, gold_seed: dict) -> None:
    code, out = _run("read", str(seed_path), "--json")
    assert code == 0, out
    lines = out.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    jsonschema.validate(obj, SCHEMA)
    md = obj["metadata"]
    gold = gold_seed["metadata"]
    for key in ("published_local", "timezone", "outlet", "aggregator", "section", "language"):
        assert md[key] == gold[key], key
    assert md["title"] is None or md["title_derived"] is True
    assert obj["raw_text"] == seed_path.read_bytes().decode("utf-8")
    assert obj["source"]["format"] == "dump"
    paras = [p["text"] for p in obj["paragraphs"]]
    assert paras[0].startswith("وقع الرئيس الأميركي جو بايدن")
    assert paras[-1] == "وتقوم واشنطن بضربات رداً على تلك الهجمات."
    # paragraphs in order, each one traceable to raw offsets
    assert [p["start"] for p in obj["paragraphs"]] == sorted(p["start"] for p in obj["paragraphs"])
    for p in obj["paragraphs"]:
        assert obj["text"][p["start"]:p["end"]] == p["text"]
    for r in obj["repairs"]:
        assert obj["raw_text"][r["raw_start"]:r["raw_end"]] == r["raw"]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus_path: Path) -> Path:
    db = tmp_path_factory.mktemp("db") / "corpus.db"
    code, out = _run("ingest", str(corpus_path), "--db", str(db), "--json", "--workers", "2")
    assert code == 0, out
    summary = json.loads(out)
    assert summary["failed"] == []
    assert summary["read"] == 4205
    assert summary["added"] + summary["duplicates"] + summary["skipped"] == 4205
    # the 22 empty or whitespace-only texts are skipped with a reason, not failed
    assert summary["skipped"] == 22
    assert {s["code"] for s in summary["skipped_items"]} == {"S_EMPTY_BODY"}
    return db


def test_ingest_corpus_again_adds_nothing(corpus_db: Path, corpus_path: Path) -> None:
    code, out = _run("ingest", str(corpus_path), "--db", str(corpus_db), "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["added"] == 0
    assert summary["failed"] == []
    assert summary["duplicates"] == 4205 - 22


def test_per_outlet_counts(corpus_db: Path, corpus_path: Path) -> None:
    expected: Counter[str] = Counter()
    for line in corpus_path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if not (rec["text"] or "").strip():
            continue
        expected[rec["outlet"]] += 1
    from mawsua.app.queries import facets, open_store

    with open_store(corpus_db, readonly=True) as store:
        got = dict(facets(store).outlets)
        total = store.count()
    # no two corpus rows share raw bytes or outlet + URL, so every non-empty row is stored
    assert got == dict(expected)
    assert total == 4205 - 22
    assert got["alriyadh"] == 912 and got["sana"] == 54


def test_search_cli_json(corpus_db: Path) -> None:
    code, out = _run("search", "إسرائيل", "--db", str(corpus_db), "--json", "--limit", "5")
    assert code == 0
    hits = json.loads(out)
    assert 0 < len(hits) <= 5
    for h in hits:
        assert {"id", "url", "title", "outlet", "published", "snippet"} <= set(h)


def test_show_json_round_trip(corpus_db: Path) -> None:
    code, out = _run("search", "الرياض", "--db", str(corpus_db), "--json", "--limit", "1")
    art_id = json.loads(out)[0]["id"]
    code, out = _run("show", art_id, "--db", str(corpus_db), "--json")
    assert code == 0
    obj = json.loads(out)
    jsonschema.validate(obj, SCHEMA)
    assert obj["id"] == art_id
    code, _ = _run("show", "no-such-id", "--db", str(corpus_db))
    assert code == 1
