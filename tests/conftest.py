"""Shared fixtures: paths to the real data in ../shared (never copied into the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_6afea4c6e43b9a86.txt"
GOLD_SEED = SHARED / "gold" / "seed.json"
CORPUS = SHARED / "corpus" / "articles.jsonl"
HTML_DIR = SHARED / "corpus" / "html"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data folder must sit beside the repository")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed dump file."""
    return _need(SEED)


@pytest.fixture(scope="session")
def gold_seed() -> dict:
    """The gold reading of the seed."""
    import json

    return json.loads(_need(GOLD_SEED).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    """The 4,205-article development corpus (JSONL)."""
    return _need(CORPUS)


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL server for the tests (:mod:`tests.pg_cluster`); skips with the reason when
    none can be had. Started on first use only."""
    import pg_cluster as pgc

    cluster = pgc.Cluster()
    if not cluster.url:
        pytest.skip(cluster.skip_reason)
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The URL of a new empty PostgreSQL database."""
    return pg_cluster.new_database()
