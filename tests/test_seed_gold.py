"""`mawsua read` of the seed against ../shared/gold/seed.json: metadata, repairs, blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mawsua.cli.main import app


@pytest.fixture(scope="module")
def seed_json(seed_path: Path) -> dict:
    res = CliRunner().invoke(app, ["read", str(seed_path), "--json"])
    assert res.exit_code == 0
    return json.loads(res.stdout.splitlines()[0])


def test_every_gold_repair(seed_json: dict, gold_seed: dict) -> None:
    raw, text = seed_json["raw_text"], seed_json["text"]
    for gold in gold_seed["repairs"]:
        assert gold["repaired"] in text, gold
        at = raw.index(gold["raw"])
        inside = [r for r in seed_json["repairs"]
                  if at <= r["raw_start"] and r["raw_end"] <= at + len(gold["raw"])
                  and r["kind"] == gold["kind"]]
        assert inside, f"no {gold['kind']} repair inside {gold['raw']!r}"
        for r in inside:
            assert text[r["start"]:r["end"]] == r["repaired"]


def test_no_must_not_split_word_is_split(seed_json: dict, gold_seed: dict) -> None:
    words = {t.strip('.,،"«»:;؛()') for t in seed_json["text"].split()}
    for w in gold_seed["must_not_split"]:
        assert w in words, w
    assert not [r for r in seed_json["repairs"] if r["kind"] == "merged_words"
                and r["raw"].strip("،.") in gold_seed["must_not_split"]]


def test_gold_blocks(seed_json: dict, gold_seed: dict) -> None:
    blocks = seed_json["blocks"]
    for gold in gold_seed["blocks"]:
        same = [b for b in blocks if b["label"] == gold["kind"]]
        if gold["kind"] == "caption":
            assert gold["text"] in [b["text"] for b in same]
            continue
        assert len(same) == 1
        post = same[0]
        for key in ("platform", "language", "author", "handle", "date"):
            assert post[key] == gold[key], key
        # the post's own text is an attribute; the span's text is its surface (with the
        # attribution line), so every span still satisfies text[start:end] == span["text"]
        assert post["post_text"] == gold["text"]
        assert seed_json["text"][post["start"]:post["end"]] == post["text"]
    assert len([b for b in blocks if b["label"] == "caption"]) == 2


def test_tweet_rendering_is_one_quotation_paragraph(seed_json: dict) -> None:
    paras = [p["text"] for p in seed_json["paragraphs"]]
    assert any("في المكتب البيضاوي. أتطلع إلى تعزيز" in p and p.endswith("قدماً\".")
               for p in paras)
    assert any("جورج دبليو بوش." in p for p in paras)
