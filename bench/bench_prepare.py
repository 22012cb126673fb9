"""Worker-side cost of storing and connecting one article, step by step (issue 15).

Usage: python bench/bench_prepare.py [--articles 600] [--corpus PATH]

The first ``--articles`` records of the corpus go through the whole per-article pipeline once
(:func:`mawsua.app.pipeline.process`, not timed); then each step an ingest worker runs after
the pipeline is timed over all of them in CPU time (best of ``--passes`` warm passes),
milliseconds per article:

- ``tokens``: folding and tokenising headline and text once (shared since issue 15);
- connect features (:func:`mawsua.connect.features.features`) and its parts: body words,
  MinHash ``signature``, ``term_vector``, ``topics``, ``countries``;
- ``fts columns`` (:func:`mawsua.store.fts.index_columns`) with the shared tokens;
- ``Prepared`` (JSON, compression, FTS columns, entity keys, desk rows; features given);
- ``process_for_store`` tail = tokens + features + Prepared, and pickling the result (what a
  worker sends to the writer).

Prints the load average beside the figures: on a shared machine CPU time per article rises
with the load (caches, hyper-threads), so compare runs made at similar load.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from mawsua.app.pipeline import process
from mawsua.arabic.fold import tokens
from mawsua.connect import features as F
from mawsua.connect import sections as S
from mawsua.sources import read_path
from mawsua.store import fts
from mawsua.store.sqlite import Prepared

SHARED = Path(os.environ.get("MAWSUA_SHARED") or Path(__file__).resolve().parents[1].parent
              / "shared")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "articles.jsonl")
    args = ap.parse_args()
    arts = []
    for item in islice(read_path(args.corpus), args.articles):
        out = process(item)
        if hasattr(out, "value"):
            arts.append((out.value.article, out.value.raw))
    n = len(arts)
    tok = [(tokens(a.metadata.title) if a.metadata.title else [], tokens(a.text)) for a, _ in arts]
    body = [F.body_words(a, x) for (a, _), (_, x) in zip(arts, tok, strict=True)]
    feats = [F.features(a, x, t) for (a, _), (t, x) in zip(arts, tok, strict=True)]

    def timed(name: str, fn: Callable[[int], object]) -> None:
        best = float("inf")
        for _ in range(args.passes):
            t0 = time.process_time()
            for i in range(n):
                fn(i)
            best = min(best, time.process_time() - t0)
        print(f"{name:34s} {best / n * 1000:7.3f} ms/article")

    print(f"{n} articles, load average {os.getloadavg()[0]:.1f}", flush=True)
    timed("tokens (headline + text, once)",
          lambda i: (tokens(arts[i][0].metadata.title or ""), tokens(arts[i][0].text)))
    timed("connect features (shared tokens)", lambda i: F.features(arts[i][0], tok[i][1], tok[i][0]))
    timed("  body words", lambda i: F.body_words(arts[i][0], tok[i][1]))
    timed("  MinHash signature", lambda i: F.signature(body[i]))
    timed("  term_vector", lambda i: F.term_vector(tok[i][0], body[i]))
    timed("  topics", lambda i: S.topics(tok[i][0], body[i]))
    timed("  countries", lambda i: S.countries(arts[i][0]))
    timed("fts columns (shared tokens)", lambda i: fts.index_columns(
        arts[i][0].metadata.title, arts[i][0].text, arts[i][0].raw_text, arts[i][0].edits,
        title_tokens=tok[i][0], body_tokens=tok[i][1]))
    timed("Prepared (features given)", lambda i: Prepared(
        arts[i][0], arts[i][1], feats[i], title_tokens=tok[i][0], text_tokens=tok[i][1]))
    prepared = [Prepared(a, r, f) for (a, r), f in zip(arts, feats, strict=True)]
    timed("pickling a Prepared", lambda i: pickle.dumps(prepared[i], pickle.HIGHEST_PROTOCOL))
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
