"""Throughput of the entities annotator (gazetteer + rules, no CRF) on the shared corpus.

Prints articles/s and ms/article over the first N articles of ../shared/corpus/articles.jsonl
(text only: the article is built directly, without extract/clean). Usage:
``python bench/bench_entities.py [N]``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from mawsua.annotate.entities import entities
from mawsua.annotate.gazetteer import names, titles
from mawsua.model import Article, Metadata, Source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles.jsonl"


def main(n: int = 2000) -> None:
    arts = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            arts.append(Article(rec["id"], Source("jsonl", "0"), Metadata(), rec.get("text") or ""))
            if len(arts) >= n:
                break
    names(), titles()  # load once, outside the timing
    t0 = time.perf_counter()
    spans = sum(len(entities(a, crf=False).layer("entities")) for a in arts)
    dt = time.perf_counter() - t0
    chars = sum(len(a.text) for a in arts) / len(arts)
    print(f"entities (no CRF): {len(arts)} articles, avg {chars:.0f} chars, {spans} mentions, "
          f"{len(arts) / dt:.0f} articles/s, {1000 * dt / len(arts):.3f} ms/article")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
