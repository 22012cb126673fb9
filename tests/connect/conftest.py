"""Fixtures for the connect tests: a real subset of the corpus, ingested and connected.

The subset is every article named by ``story_clusters_manual.jsonl``, every article of the
first near-duplicate groups of each language, and same-day articles around them (the
distractors a story must not swallow), taken in corpus order; plus the CNN Arabic copies and
the seed. Nothing is written by hand: ids come from the reference files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mawsua.app import queries
from mawsua.app.ingest import ingest
from mawsua.store.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
SEED = ROOT.parent / "shared" / "seed" / "000_6afea4c6e43b9a86.txt"
#: near-duplicate groups taken per language, and distractors
GROUPS_PER_LANGUAGE = 12
DISTRACTORS = 120


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data folder must sit beside the repository")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _need(CORPUS_DIR)


@pytest.fixture(scope="session")
def manual(corpus_dir: Path) -> list[dict]:
    return read_jsonl(corpus_dir / "story_clusters_manual.jsonl")


@pytest.fixture(scope="session")
def nd_groups(corpus_dir: Path) -> dict[str, list[dict]]:
    return {la: read_jsonl(corpus_dir / f"near_duplicate_groups_{la}.jsonl") for la in ("ar", "en")}


@pytest.fixture(scope="session")
def corpus_rows(corpus_dir: Path) -> list[dict]:
    return read_jsonl(corpus_dir / "articles.jsonl")


@pytest.fixture(scope="session")
def subset_ids(manual: list[dict], nd_groups: dict[str, list[dict]],
               corpus_rows: list[dict]) -> list[str]:
    """Ids of the subset, in corpus order (see the module docstring)."""
    want: set[str] = set()
    for c in manual:
        want.update(i for i in c["same_story_ids"] + c["related_not_same"]
                    if not i.startswith("html/"))
    for groups in nd_groups.values():
        for g in groups[:GROUPS_PER_LANGUAGE]:
            want.update(g["ids"])
    # distractors: evenly spaced rows of the corpus, so every day and outlet is represented
    step = max(1, len(corpus_rows) // DISTRACTORS)
    want.update(r["id"] for r in corpus_rows[::step])
    return [r["id"] for r in corpus_rows if r["id"] in want]


@pytest.fixture(scope="session")
def subset_jsonl(tmp_path_factory: pytest.TempPathFactory, corpus_rows: list[dict],
                 subset_ids: list[str]) -> Path:
    keep = set(subset_ids)
    path = tmp_path_factory.mktemp("subset") / "subset.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus_rows
                            if r["id"] in keep), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def connected_db(tmp_path_factory: pytest.TempPathFactory, subset_jsonl: Path,
                 corpus_dir: Path) -> Path:
    """The subset, the HTML pages (the CNN Arabic copies among them) and the seed, ingested
    (and so connected)."""
    db = tmp_path_factory.mktemp("db") / "connected.db"
    with queries.open_store(db) as store:
        pages = sorted((corpus_dir / "html").rglob("*.html"))
        summary = ingest([subset_jsonl, *pages, _need(SEED)], store, workers=1)
    assert summary.failed == [] and summary.unconnected == []
    return db


@pytest.fixture()
def store(connected_db: Path) -> Iterator[SqliteStore]:
    with queries.open_store(connected_db, readonly=True) as s:
        yield s
