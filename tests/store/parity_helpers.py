"""Shared by the PostgreSQL parity and bulk tests: a real corpus sample rich in duplicates and
stories, and the connections of a store keyed by article ids (comparable across stores)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.store import SqliteStore

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _ids_of_interest() -> list[str]:
    ids: list[str] = []
    for name in ("near_duplicate_groups_ar.jsonl", "near_duplicate_groups_en.jsonl"):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines()[:12]:
            ids += json.loads(line)["ids"]
    for line in (SHARED / "story_clusters_manual.jsonl").read_text(encoding="utf-8"
                                                                   ).splitlines()[:10]:
        ids += [i for i in json.loads(line)["same_story_ids"] if i.startswith("snn-")]
    return ids


def write_sample(path: Path, n: int) -> Path:
    """``n`` corpus lines to ``path``: the annotated duplicate groups and stories first, then
    the lines that follow them in the corpus (skips when the shared corpus is absent)."""
    corpus = SHARED / "articles.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} not found: the shared data folder must sit beside the repository")
    want = set(_ids_of_interest())
    lines = corpus.read_bytes().split(b"\n")
    picked = [i for i, ln in enumerate(lines) if ln and json.loads(ln)["id"] in want]
    chosen = set(picked[: n * 3 // 4])
    step = 1
    while len(chosen) < n and step < 50:
        chosen |= {i + step for i in picked if i + step < len(lines) and lines[i + step].strip()}
        step += 1
    path.write_bytes(b"\n".join(lines[i] for i in sorted(chosen)[:n]) + b"\n")
    return path


def links(store: SqliteStore) -> tuple[dict, set, set]:
    c = store.conn
    dups = dict(c.execute(
        "SELECT a.id, d.id FROM article_links l JOIN articles a ON a.n = l.n "
        "LEFT JOIN articles d ON d.n = l.duplicate_of").fetchall())
    groups: dict[int, set[str]] = {}
    for i, s in c.execute("SELECT a.id, l.story FROM article_links l "
                          "JOIN articles a ON a.n = l.n").fetchall():
        groups.setdefault(s, set()).add(i)
    labels = {(label, size, outlets) for label, size, outlets in c.execute(
        "SELECT label, size, outlets FROM stories").fetchall()}
    sections = {tuple(r) for r in c.execute(
        "SELECT a.id, s.code, s.kind FROM article_sections s JOIN articles a ON a.n = s.n"
    ).fetchall()}
    return dups, {frozenset(g) for g in groups.values()} | {("labels", frozenset(labels))}, \
        sections
