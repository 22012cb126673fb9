"""The ``"entities"`` layer and the CRF spans stay exactly what they were, whatever speed work
(issue 15) does to the entity step (CRF tagger input, gazetteer and rule lookups).

The fixture ``tests/fixtures/entities_pinned.jsonl`` holds, for a fixed set of real articles — every 106th line of ``../shared/corpus/articles.jsonl`` (40) and
every 77th line of ``../shared/corpus2/articles.jsonl`` (20), Arabic and English as they come —
the CRF spans (:func:`mawsua.annotate.ner.predict_spans`) and the ``"entities"`` layer
(:func:`mawsua.annotate.entities.entities`, CRF on) computed by the code *before* that work
(main at d215478). Each article is built from its ``text`` alone (no cleaning, so changes to
the clean stage do not move the pin). Regenerate only after a deliberate output change that
was read and measured (``python tests/annotate/test_entities_pinned.py``), never to make a
speed change pass.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from mawsua.annotate import ner
from mawsua.annotate.entities import entities
from mawsua.model import Article, Metadata, Source

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FIXTURE = ROOT / "tests" / "fixtures" / "entities_pinned.jsonl"
#: (corpus file, take every k-th line)
PICKS = ((SHARED / "corpus" / "articles.jsonl", 106), (SHARED / "corpus2" / "articles.jsonl", 77))


def pinned_articles() -> list[tuple[str, Article]]:
    """``(corpus name, article)`` of the fixed selection (see the module doc)."""
    out: list[tuple[str, Article]] = []
    for path, every in PICKS:
        with path.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i % every == 0:
                    row = json.loads(line)
                    out.append((path.parent.name, Article(row["id"], Source("jsonl", "0"),
                                                          Metadata(), row.get("text") or "")))
    return out


def _rows(spans: Any) -> list[list[Any]]:
    return [[s.start, s.end, s.label, s.attrs] for s in spans]


def outputs(art: Article) -> dict[str, Any]:
    """The pinned outputs of one article (JSON-ready)."""
    return {"crf": _rows(ner.predict_spans(art.text)),
            "entities": _rows(entities(art).layer("entities"))}


def _json(x: Any) -> Any:
    return json.loads(json.dumps(x, ensure_ascii=False))  # tuples -> lists, as read back


@pytest.fixture(scope="module")
def pinned() -> tuple[list[tuple[str, Article]], list[dict[str, Any]]]:
    if not all(p.is_file() for p, _ in PICKS):
        pytest.skip("shared corpora not available")
    arts = pinned_articles()
    with FIXTURE.open(encoding="utf-8") as fh:
        want = [json.loads(line) for line in fh]
    return arts, want


def test_selection_is_the_recorded_one(pinned) -> None:
    arts, want = pinned
    assert len(arts) == len(want) == 60
    assert [(c, a.id) for c, a in arts] == [(w["corpus"], w["id"]) for w in want]
    # the selection has real work in it: Arabic articles with many CRF and entity spans
    assert sum(len(w["crf"]) for w in want) > 500
    assert sum(len(w["entities"]) for w in want) > 700


def test_outputs_equal_recorded(pinned) -> None:
    arts, want = pinned
    for _ in range(2):  # cold, then with every per-word cache warm
        for (_, art), w in zip(arts, want, strict=True):
            got = _json(outputs(art))
            assert got["crf"] == w["crf"], art.id
            assert got["entities"] == w["entities"], art.id


def test_a_changed_output_is_caught(pinned) -> None:
    """The comparison above sees a one-character change of one span (it can fail)."""
    arts, want = pinned
    corpus, art = next((c, a) for (c, a), w in zip(arts, want, strict=True) if w["crf"])
    moved = Article(art.id, art.source, art.metadata, "x " + art.text)
    assert _json(outputs(moved))["crf"] != next(w for w in want if w["id"] == art.id)["crf"]


def write_fixture(path: Path = FIXTURE) -> None:
    """Recompute the fixture with the current code (see the module doc for when)."""
    with path.open("w", encoding="utf-8") as fh:
        for corpus, art in pinned_articles():
            row = {"corpus": corpus, "id": art.id, **outputs(art)}
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    write_fixture(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURE)
