"""`mawsua eval stories`: duplicates and stories scored against the corpus's reference files.

- **Duplicates** against ``near_duplicate_groups_ar.jsonl`` / ``_en.jsonl`` (computed candidate
  groups: word 5-gram Jaccard ≥ 0.5 after light normalisation): pairwise precision and recall
  of "same duplicate group" over the stored corpus articles of each language.
- **Stories** against ``story_clusters_manual.jsonl`` (six hand-checked clusters with hard
  negatives): over every article the file names (``same_story_ids`` and
  ``related_not_same``; ``html/...`` globs resolve to the stored pages read from those files),
  gold clusters are the manual clusters joined by the near-duplicate groups (a copy is the
  same story: the two stored copies of one etilaf statement), everything else a singleton.
  Pairwise precision/recall and B-cubed precision/recall/F1 of "same story", plus one check
  per cluster (all its reports in one story; none of its hard negatives in it).
- **Near-duplicates in one story**: the share of near-duplicate pairs that share a story.
"""

from __future__ import annotations

import fnmatch
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

import orjson

from mawsua.config import shared_path
from mawsua.store.sqlite import SqliteStore

DEFAULT_CORPUS = shared_path("corpus")
MANUAL = "story_clusters_manual.jsonl"
GROUPS = {"ar": "near_duplicate_groups_ar.jsonl", "en": "near_duplicate_groups_en.jsonl"}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSON Lines file.

    Raises:
        OSError: when the file cannot be read.
        ValueError: ``FILE:LINE: ...`` for a line that is not a JSON object.
    """
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"{path}:{i}: not JSON ({exc})") from None
        if not isinstance(obj, dict):
            raise ValueError(f"{path}:{i}: not a JSON object")
        out.append(obj)
    return out


def pairs_of(clusters: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Unordered pairs (sorted tuples) inside each cluster."""
    out: set[tuple[str, str]] = set()
    for c in clusters:
        out.update(combinations(sorted(set(c)), 2))
    return out


def pairwise(pred: set[tuple[str, str]], gold: set[tuple[str, str]]) -> dict[str, Any]:
    """Pairwise precision, recall and F1 (1.0 for an empty denominator)."""
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "true": tp,
            "predicted_pairs": len(pred), "gold_pairs": len(gold)}


def bcubed(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of two labelings of the same items (Bagga & Baldwin
    1998: per item, the share of its predicted cluster in its gold cluster and vice versa)."""
    items = sorted(gold)
    pc: dict[Any, set[str]] = defaultdict(set)
    gc: dict[Any, set[str]] = defaultdict(set)
    for i in items:
        pc[pred[i]].add(i)
        gc[gold[i]].add(i)
    p = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in items) / len(items)
    r = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in items) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _links(store: SqliteStore) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    dup: dict[str, int] = {}
    story: dict[str, int] = {}
    lang: dict[str, str] = {}
    for i, g, s, la in store.conn.execute(
            "SELECT a.id, l.dup_group, l.story, a.language FROM articles a "
            "JOIN article_links l ON l.n = a.n"):
        dup[i], story[i], lang[i] = g, s, la or ""
    return dup, story, lang


def _resolve(store: SqliteStore, pattern: str, corpus: Path) -> list[str]:
    """Stored articles read from files matching ``corpus/pattern`` (``html/...`` globs)."""
    want = str(corpus / pattern)
    out = []
    for (i,) in store.conn.execute("SELECT id FROM articles WHERE id NOT LIKE 'snn-%' "
                                   "AND id NOT LIKE 'fakes-%' LIMIT 10000"):
        path = store.get(i).source.path or ""
        if fnmatch.fnmatch(path, want) or fnmatch.fnmatch(str(Path(path).resolve()), want):
            out.append(i)
    return out


def evaluate(store: SqliteStore, corpus: Path = DEFAULT_CORPUS) -> dict[str, Any]:
    """Score the store's duplicates and stories (see the module docstring).

    Args:
        store: a store where the corpus (or part of it) was ingested and connected.
        corpus: the folder of the reference files.

    Returns:
        ``{"duplicates": {lang: pairwise}, "stories": {"pairwise", "bcubed", "items",
        "clusters": [...]}, "near_duplicates_in_one_story": {lang: share}, "store": counts}``.

    Raises:
        OSError, ValueError: when a reference file cannot be read.
    """
    dup, story, lang = _links(store)
    groups = {la: [[i for i in g["ids"] if i in dup] for g in read_jsonl(corpus / f)]
              for la, f in GROUPS.items()}
    out: dict[str, Any] = {"duplicates": {}, "near_duplicates_in_one_story": {}}
    for la, gs in groups.items():
        universe = [i for i, x in lang.items() if x == la and i.startswith(("snn-", "fakes-"))]
        by_group: dict[int, list[str]] = defaultdict(list)
        for i in universe:
            by_group[dup[i]].append(i)
        gold = pairs_of(gs)
        out["duplicates"][la] = pairwise(pairs_of(by_group.values()), gold)
        same = sum(story[a] == story[b] for a, b in gold)
        out["near_duplicates_in_one_story"][la] = round(same / len(gold), 4) if gold else 1.0
    manual = read_jsonl(corpus / MANUAL)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    known = set(dup)
    clusters = []
    for c in manual:
        same_ids: list[str] = []
        negatives: list[str] = []
        for key, target in (("same_story_ids", same_ids), ("related_not_same", negatives)):
            for ref in c.get(key, []):
                if ref.startswith("html/"):
                    target.extend(_resolve(store, ref, corpus))
                elif ref in known:
                    target.append(ref)
        for i in same_ids + negatives:
            find(i)
        for a, b in zip(same_ids, same_ids[1:], strict=False):
            union(a, b)
        clusters.append((c.get("story", ""), same_ids, negatives))
    items = set(parent)
    for gs in groups.values():
        for g in gs:
            inside = [i for i in g if i in items]
            for a, b in zip(inside, inside[1:], strict=False):
                union(a, b)
    gold_label = {i: find(i) for i in items}
    pred_label = {i: story[i] for i in items}
    gold_clusters: dict[str, list[str]] = defaultdict(list)
    pred_clusters: dict[int, list[str]] = defaultdict(list)
    for i in items:
        gold_clusters[gold_label[i]].append(i)
        pred_clusters[pred_label[i]].append(i)
    checks = []
    for name, same_ids, negatives in clusters:
        majority = max(({story[i] for i in same_ids}),
                       key=lambda s: (sum(story[i] == s for i in same_ids), -s), default=None)
        checks.append({
            "story": name, "reports": len(same_ids),
            "together": sum(story[i] == majority for i in same_ids),
            "all_together": len({story[i] for i in same_ids}) <= 1,
            "negatives": len(negatives),
            "negatives_kept_apart": sum(story[i] != majority for i in negatives)
            if majority is not None else len(negatives),
        })
    out["stories"] = {
        "items": len(items),
        "pairwise": pairwise(pairs_of(pred_clusters.values()), pairs_of(gold_clusters.values())),
        "bcubed": bcubed(pred_label, gold_label) if items else {},
        "clusters": checks,
    }
    c = store.conn
    out["store"] = {
        "articles": len(dup),
        "stories": int(c.execute("SELECT count(*) FROM stories").fetchone()[0]),
        "stories_2plus": int(c.execute("SELECT count(*) FROM stories WHERE size >= 2"
                                       ).fetchone()[0]),
        "largest_story": int(c.execute("SELECT coalesce(max(size), 0) FROM stories"
                                       ).fetchone()[0]),
        "duplicates": int(c.execute("SELECT count(*) FROM article_links WHERE duplicate_of "
                                    "IS NOT NULL").fetchone()[0]),
    }
    return out


def run(corpus: Path = DEFAULT_CORPUS, db: Path | None = None, *, workers: int = 2,
        evaluator: Callable[[SqliteStore, Path], dict[str, Any]] | None = None
        ) -> dict[str, Any]:
    """``evaluator`` (default :func:`evaluate`) on the store at ``db``, or on a temporary
    store where ``corpus/articles.jsonl`` and ``corpus/html`` are ingested first (deleted
    afterwards).

    Raises:
        OSError, ValueError: when a reference file cannot be read.
        MawsuaError: ``E_STORE`` when the store cannot be opened.
    """
    from mawsua.app.ingest import ingest
    from mawsua.app.queries import open_store

    for name in (MANUAL, *GROUPS.values()):
        if not (corpus / name).is_file():
            raise OSError(f"{corpus / name}: no such file")
    fn = evaluator or evaluate
    if db is not None:
        if not Path(db).is_file():
            raise OSError(f"{db}: no such database")
        with open_store(db) as store:
            return fn(store, corpus)
    with tempfile.TemporaryDirectory(prefix="mawsua-eval-") as tmp:
        with open_store(Path(tmp) / "eval.db") as store:
            ingest([corpus / "articles.jsonl", corpus / "html"], store, workers=workers)
            return fn(store, corpus)
