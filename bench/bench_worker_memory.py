"""Private memory of one long-running ingest worker as its per-word caches fill (issue 15).

Usage: python bench/bench_worker_memory.py [--articles 10000] [--every 1000]

Loads the tables before the fork as ``mawsua ingest`` does (:func:`mawsua.app.ingest.preload`,
:func:`~mawsua.app.ingest.tune_gc`, ``gc.freeze()``), forks one worker and runs the records of
``bench_ratio.py`` (the development corpus and corpus2 cycled to ``--articles`` unique
articles) through :func:`~mawsua.app.ingest.process_for_store`, one after the other. Every
``--every`` articles the worker prints its private memory (``Private_Clean`` +
``Private_Dirty`` of ``/proc/self/smaps_rollup``, MB: copied pages of the preloaded tables and
everything allocated since the fork, the caches included) and its CPU ms per article over the
last stretch (process CPU time). A worker that runs for days must flatten below its share of
the 600 MB budget (parent ~210 MB, two workers).
"""

from __future__ import annotations

import argparse
import gc
import inspect
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ratio import DEFAULT_CORPORA, unique_records  # noqa: E402

from mawsua.app.ingest import preload, process_for_store, tune_gc  # noqa: E402
from mawsua.sources import read_bytes  # noqa: E402


def private_mb() -> float:
    """Private (clean + dirty) memory of this process in MB."""
    out = 0.0
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            out += int(line.split()[1]) / 1024
    return out


def cache_sizes() -> dict[str, int]:
    """Entries of every module-level container of ``mawsua`` (dicts, sets, lists, the
    two-generation memos, ``lru_cache`` wrappers, gazetteer indexes' memos) by name."""
    from mawsua.annotate.gazetteer import Index
    from mawsua.arabic.memo import Generations

    out: dict[str, int] = {}
    for mod_name, mod in list(sys.modules.items()):
        if not mod_name.startswith("mawsua") or mod is None:
            continue
        for name, v in list(vars(mod).items()):
            where = f"{mod_name}.{name}"
            if isinstance(v, dict | set | list):
                out[where] = len(v)
            elif isinstance(v, Generations):
                out[where] = len(v.new) + len(v.old)
            elif hasattr(v, "cache_info") and callable(v.cache_info):
                out[where] = v.cache_info().currsize
            elif hasattr(v, "cache_info"):
                pass
            if isinstance(v, Index):
                out[where] = len(v._opening) + len(v._closed)
            wrapped = getattr(v, "__wrapped__", None)
            if wrapped is not None and hasattr(v, "cache_info"):
                try:
                    if v.cache_info().currsize == 1 and not inspect.signature(wrapped).parameters:
                        res = v()
                        if isinstance(res, Index):
                            out[where + "()"] = len(res._opening) + len(res._closed)
                except (TypeError, ValueError):
                    pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--every", type=int, default=1000)
    ap.add_argument("--caches", action="store_true",
                    help="also print the module-level containers that grew most since the "
                         "last row (entries)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        unique_records(DEFAULT_CORPORA, a.articles, path)
        lines = path.read_bytes().splitlines()
    preload()
    tune_gc()
    gc.freeze()
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)
        return
    try:
        print(f"after fork: private {private_mb():.0f} MB", flush=True)
        sizes = cache_sizes() if a.caches else {}
        t0, done = time.process_time(), 0
        for i, ln in enumerate(lines, 1):
            for item in read_bytes(ln + b"\n", where=f"bench-{i}.jsonl"):
                process_for_store(item)
            if i % a.every == 0 or i == len(lines):
                t = time.process_time()
                print(f"{i:6d} articles: private {private_mb():.0f} MB, "
                      f"{1e3 * (t - t0) / (i - done):.2f} CPU ms/article over the last "
                      f"{i - done}, load {os.getloadavg()[0]:.1f}", flush=True)
                t0, done = t, i
                if a.caches:
                    now = cache_sizes()
                    grew = sorted(((n - sizes.get(k, 0), k, n) for k, n in now.items()),
                                  reverse=True)[:12]
                    print("    grew: " + ", ".join(f"{k} +{d} ({n})" for d, k, n in grew
                                                   if d > 0), flush=True)
                    sizes = now
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
