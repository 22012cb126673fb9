"""Throughput of all annotators together (the ``annotate`` stage) on one core, per step.

Cleans every corpus article first (not timed), loads what an ingest worker has loaded before
it forks (:func:`mawsua.app.ingest.preload`: models, lexicons, gazetteers; its CPU time is
printed apart), then times paragraphs → sentences → languages → entities (with the CRF) →
quotes → timexes → quantities over the whole corpus: a cold pass (first sight of every word,
as in a fresh worker) and the best of two warm passes. ``--lazy`` loads only the language
models first, as this script did up to session 25: the cold pass then also pays for reading
the other tables (~0.4 s of CPU, once per process). Prints
articles/s and ms/article per step and in total, timed in process CPU time
(``time.process_time``: the figure for one idle core, stable when other processes share the
machine), with the collector tuned as in the ingest workers
(:func:`mawsua.app.ingest.tune_gc`). Target (issue 4): ≥ 200 articles/s.
Usage: ``python bench/bench_annotate.py [N] [--lazy]``.
"""

from __future__ import annotations

import sys
import time

from _corpus import article_from_line, corpus_lines

from mawsua.annotate import (
    entities,
    languages,
    paragraphs,
    quantities,
    quotes,
    sentences,
    timexes,
)
from mawsua.annotate.language import preload
from mawsua.app.ingest import preload as preload_worker
from mawsua.app.ingest import tune_gc
from mawsua.clean import clean

STEPS = (("paragraphs", paragraphs), ("sentences", sentences), ("languages", languages),
         ("entities", entities), ("quotes", quotes), ("timexes", timexes),
         ("quantities", quantities))


def run(arts: list) -> dict[str, float]:
    """One pass over ``arts``; returns seconds spent per step."""
    spent = dict.fromkeys((name for name, _ in STEPS), 0.0)
    for a in arts:
        for name, fn in STEPS:
            t = time.process_time()
            a = fn(a)
            spent[name] += time.process_time() - t
    return spent


def report(label: str, spent: dict[str, float], n: int) -> None:
    total = sum(spent.values())
    steps = "  ".join(f"{k} {1e3 * v / n:.3f}" for k, v in spent.items())
    print(f"{label}: {n / total:.0f} articles/s, {1e3 * total / n:.3f} ms/article  [ms: {steps}]")


def main(limit: int | None = None, lazy: bool = False) -> None:
    lines = corpus_lines()[:limit] if limit else corpus_lines()
    arts = [clean(article_from_line(ln, i)) for i, ln in enumerate(lines)]
    t = time.process_time()
    if lazy:
        preload()
    else:
        preload_worker()
    print(f"preload ({'language models' if lazy else 'as an ingest worker'}): "
          f"{time.process_time() - t:.2f} s CPU")
    tune_gc()  # as in the ingest worker processes
    report("cold", run(arts), len(arts))
    warm = min((run(arts) for _ in range(2)), key=lambda s: sum(s.values()))
    report("warm", warm, len(arts))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--lazy"]
    main(int(args[0]) if args else None, lazy="--lazy" in sys.argv[1:])
