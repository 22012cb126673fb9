"""The chunk-verdict cache of :mod:`mawsua.clean.merged` in two generations (issue 15: a worker
that runs for days stays flat): turning generations changes no verdict and no edit."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest

from mawsua.clean import merged


def _texts(corpus_path: Path, n: int) -> list[str]:
    with corpus_path.open(encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh)
        return [r["text"] for r in islice((r for r in rows if r.get("text")), n)]


def test_small_generations_give_the_edits_of_an_unbounded_cache(
        corpus_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(corpus_path, 300)
    texts += texts[:100]  # chunks met again after their generation turned (moved back / judged anew)
    merged.clear_caches()
    want = [merged.analyse(t) for t in texts]  # one cache, never turned
    assert len(merged._cache) > 2 * 2000  # noqa: PLR2004 - the small bound below must bite
    monkeypatch.setattr(merged, "CACHE_MAX", 2000)
    merged.clear_caches()
    turns = 0
    got = []
    # a generation turns between articles, so it holds at most one article's chunks (and the
    # parts of their fixes) past the bound
    most = 2000 + 2 * max(len(set(t.split())) for t in texts)
    for t in texts:
        before = merged._cache
        got.append(merged.analyse(t))
        turns += merged._cache is not before
        assert len(merged._cache) <= most and len(merged._old) <= most
        assert merged._bad <= merged._cache.keys() | merged._old.keys()
    assert turns > 5  # noqa: PLR2004
    assert got == want
    assert any(applied for applied, _ in want)  # the texts have repairs to get right
    merged.clear_caches()


def test_fix_chunk_finds_a_verdict_of_the_old_generation() -> None:
    merged.clear_caches()
    fix = merged.fix_chunk("للكاتبتحقيق")
    merged._turn()
    assert "للكاتبتحقيق" not in merged._cache and "للكاتبتحقيق" in merged._old
    assert merged.fix_chunk("للكاتبتحقيق") == fix
    assert "للكاتبتحقيق" in merged._cache  # moved back
    merged.clear_caches()
