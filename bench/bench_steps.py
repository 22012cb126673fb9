"""Where a worker's CPU time goes, per step, on articles it has never seen (issue 15).

Usage: ``python bench/bench_steps.py [--warm 1000] [--articles 1000]``

Preloads as the ingest parent does (:func:`mawsua.app.ingest.preload`, :func:`tune_gc`), runs
``--warm`` corpus records (from the end of the corpus) through the worker's path, then times
each step of that path — extract, the clean steps, each annotator, the title, the shared
tokens, the connect features, the store's preparation — over ``--articles`` other records
(from record 1000 on), in process CPU time (``time.process_time``). The steps are those of
:func:`mawsua.app.ingest.process_for_store` (:func:`mawsua.app.pipeline.process` then the
store's preparation) called one by one. (Session 22 compiled these modules
with Cython, unchanged, and measured 3-9 % less CPU: not worth a compiler in every install,
so not shipped; docs/speed.md.)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from mawsua.annotate import (
    entities,
    languages,
    paragraphs,
    quantities,
    quotes,
    sentences,
    timexes,
)
from mawsua.app import ingest, outlets
from mawsua.app.pipeline import derive_title
from mawsua.arabic.fold import tokens
from mawsua.clean import blocks, chars, hygiene, joins, merged
from mawsua.connect.features import features
from mawsua.errors import Ok
from mawsua.extract import extract
from mawsua.sources import read_bytes
from mawsua.store.sqlite import Prepared

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus_lines  # noqa: E402


def steps(item, spent: dict[str, float]) -> None:
    """One record through the worker's steps, adding CPU seconds per step to ``spent``."""
    def run(name, fn, *args, **kw):
        t = time.process_time()
        out = fn(*args, **kw)
        spent[name] += time.process_time() - t
        return out

    out = run("extract", extract, item)
    if not isinstance(out, Ok):
        return
    art = out.value
    for name, mod in (("clean: chars", chars), ("clean: merged words", merged),
                      ("clean: joins", joins)):
        if name == "clean: merged words":
            art = run("clean: hygiene", hygiene.clean, art)
        art = run(name, mod.repair, art)
    art = run("clean: blocks", blocks.annotate, art)
    if not art.text.strip():
        return
    home = outlets.home_country(art.metadata.outlet)
    if home:
        art = art.with_metadata(extra={**art.metadata.extra, "outlet_country": home})
    for name, fn in (("paragraphs", paragraphs), ("sentences", sentences),
                     ("languages", languages), ("entities", entities), ("quotes", quotes),
                     ("timexes", timexes), ("quantities", quantities),
                     ("title", derive_title)):
        art = run(name, fn, art)
    art = art.with_metadata(outlet=outlets.canonical(art.metadata.outlet))
    tt = run("tokens", lambda: tokens(art.metadata.title) if art.metadata.title else [])
    bt = run("tokens", tokens, art.text)
    f = run("connect features", features, art, bt, tt)
    run("store preparation", Prepared, art, item.data, f, title_tokens=tt, text_tokens=bt)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warm", type=int, default=1000)
    ap.add_argument("--articles", type=int, default=1000)
    a = ap.parse_args()
    lines = corpus_lines()
    ingest.preload()
    ingest.tune_gc()

    def items(ls):
        for i, ln in enumerate(ls):
            yield from read_bytes(ln + b"\n", where=f"bench-{i}.jsonl")

    for it in items(lines[-a.warm:] if a.warm else []):
        ingest.process_for_store(it)
    todo = list(items(lines[1000:1000 + a.articles]))
    spent: dict[str, float] = defaultdict(float)
    t0 = time.process_time()
    for it in todo:
        steps(it, spent)
    total = time.process_time() - t0
    n = len(todo)
    print(f"{n} articles: {1e3 * total / n:.2f} CPU ms/article, "
          f"{n / total:.0f} articles/s on one core")
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:20s} {1e3 * s / n:6.2f} ms")


if __name__ == "__main__":
    main()
