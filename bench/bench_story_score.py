"""CPU time of :func:`mawsua.connect.link.same_story` per candidate pair of a connected store.

The pairs are those the linker scores: articles sharing at least
:data:`~mawsua.connect.link.MIN_SHARED_KEYS` story keys (8 heaviest terms and the entities;
keys held by more than 400 articles skipped) — every pair, not only those inside the window,
three passes, CPU time (``time.process_time``), so a loaded machine changes the figure less.
To compare with another version of the code, run it with that version's ``src`` first on
``PYTHONPATH`` (a ``git archive`` of main), in the same minute.

Usage::

    .venv/bin/python bench/bench_story_score.py --db STORE
    PYTHONPATH=/tmp/main/src .venv/bin/python bench/bench_story_score.py --db STORE
"""

from __future__ import annotations

import argparse
import itertools
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

import orjson

from mawsua.connect import link


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--passes", type=int, default=3)
    a = ap.parse_args()
    conn = sqlite3.connect(a.db)
    data = {i: orjson.loads(d) for i, d in conn.execute(
        "SELECT a.id, f.data FROM articles a JOIN connect_features f ON f.n = a.n")}
    holders: dict[str, set[str]] = defaultdict(set)
    for i, d in data.items():
        for k in [f"t:{t}" for t, _ in d["terms"][:8]] + [f"e:{e}" for e in d["entities"]]:
            holders[k].add(i)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in holders.values():
        if len(ids) <= 400:
            for pair in itertools.combinations(sorted(ids), 2):
                shared[pair] += 1
    pairs = [p for p, n in shared.items() if n >= link.MIN_SHARED_KEYS]
    start = time.process_time()
    for _ in range(a.passes):
        for x, y in pairs:
            link.same_story(data[x], data[y])
    per = (time.process_time() - start) / a.passes / max(1, len(pairs))
    print(f"{link.__file__}: {len(pairs)} pairs, CPU {per * 1e6:.1f} µs per pair")


if __name__ == "__main__":
    main()
