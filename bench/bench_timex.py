"""Throughput of the timexes + quantities annotators over the real corpus, on one core.

Prints articles/s and ms per article (text already cleaned; cleaning is not timed)."""

from __future__ import annotations

import sys
import time

from _corpus import article_from_line, corpus_lines

import mawsua.annotate  # noqa: F401  (loads the annotator modules)
from mawsua.clean import clean

T = sys.modules["mawsua.annotate.timexes"]
Q = sys.modules["mawsua.annotate.quantities"]


def main() -> None:
    arts = [clean(article_from_line(ln, i)) for i, ln in enumerate(corpus_lines())]
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for a in arts:
            Q.quantities(T.timexes(a))
        best = min(best, time.perf_counter() - t)
    print(f"timexes+quantities: {len(arts)} articles, {len(arts) / best:.0f} articles/s, "
          f"{best / len(arts) * 1e3:.3f} ms/article")


if __name__ == "__main__":
    main()
