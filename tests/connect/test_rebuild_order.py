"""Stories and duplicates do not depend on the order of arrival: ingesting the same real
articles in shuffled orders, and rebuilding from scratch, give the same result."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mawsua.app import queries
from mawsua.app.ingest import ingest
from mawsua.cli.main import app
from mawsua.store.sqlite import SqliteStore

#: shuffled arrival orders tried (seeded: the same orders every run)
ORDERS = 3


def snapshot(store: SqliteStore) -> dict:
    """Everything connecting decided, keyed by article ids (row numbers differ by order)."""
    c = store.conn
    ids = dict(c.execute("SELECT n, id FROM articles"))
    dup = {ids[n]: ids.get(d) for n, d in c.execute("SELECT n, duplicate_of FROM article_links")}
    members: dict[int, set[str]] = {}
    for n, s in c.execute("SELECT n, story FROM article_links"):
        members.setdefault(s, set()).add(ids[n])
    stories = {}
    for sid, label, size, outlets, langs, first, last, label_n in c.execute(
            "SELECT id, label, size, outlets, languages, first_seen, last_seen, label_n "
            "FROM stories"):
        stories[frozenset(members[sid])] = (ids[sid], label, size, outlets, langs, first, last,
                                            ids.get(label_n))
    sections = {}
    for n, code, kind, score in c.execute("SELECT n, code, kind, score FROM article_sections"):
        sections.setdefault(ids[n], set()).add((code, kind, score))
    return {"duplicate_of": dup, "stories": stories, "sections": sections}


@pytest.fixture(scope="module")
def small_rows(corpus_rows: list[dict], manual: list[dict], nd_groups: dict) -> list[dict]:
    """The manual clusters, six near-duplicate groups per language and ~40 same-corpus
    distractors: real articles, about 120."""
    want: set[str] = set()
    for c in manual:
        want.update(i for i in c["same_story_ids"] + c["related_not_same"]
                    if not i.startswith("html/"))
    for groups in nd_groups.values():
        for g in groups[:6]:
            want.update(g["ids"])
    want.update(r["id"] for r in corpus_rows[:: len(corpus_rows) // 40])
    return [r for r in corpus_rows if r["id"] in want]


def _ingest(rows: list[dict], folder: Path, name: str) -> Path:
    src = folder / f"{name}.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    db = folder / f"{name}.db"
    with queries.open_store(db) as store:
        summary = ingest([src], store)
    assert summary.failed == [] and summary.unconnected == []
    return db


def test_shuffled_arrivals_and_rebuild_agree(tmp_path: Path, small_rows: list[dict]) -> None:
    assert len(small_rows) >= 80
    base_db = _ingest(small_rows, tmp_path, "corpus-order")
    with queries.open_store(base_db, readonly=True) as s:
        base = snapshot(s)
    # the set is not trivial: real stories of several reports, duplicates, sections
    assert sum(len(m) >= 3 for m in base["stories"]) >= 4
    assert sum(v is not None for v in base["duplicate_of"].values()) >= 5
    rng = random.Random(20260729)
    for k in range(ORDERS):
        rows = small_rows[:]
        rng.shuffle(rows)
        db = _ingest(rows, tmp_path, f"order-{k}")
        with queries.open_store(db, readonly=True) as s:
            got = snapshot(s)
        assert got["duplicate_of"] == base["duplicate_of"], k
        assert got["stories"] == base["stories"], k
        assert got["sections"] == base["sections"], k
    res = CliRunner().invoke(app, ["stories", "--rebuild", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    with queries.open_store(db, readonly=True) as s:
        assert snapshot(s) == base
