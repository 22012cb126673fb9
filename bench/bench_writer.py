"""The ingest writer's cost per article as the store grows: 10k and 100k articles (issue 15).

Usage: python bench/bench_writer.py [--sizes 10000 100000] [--cache /tmp/writer_base.pkl]

The writer is what ``mawsua ingest`` runs in its parent process for every batch of results:
:func:`mawsua.app.ingest._store_batch` — the SQLite + FTS5 insert
(:meth:`~mawsua.store.sqlite.SqliteStore.add_prepared`), connecting to duplicates, stories
and sections (:func:`mawsua.app.connect.connect_added`) and queueing alerts. Its input, the
workers' :class:`~mawsua.store.sqlite.Prepared` results, is computed once for the corpus
articles (full pipeline, 2 processes; pickled to ``--cache`` and reused) and replicated:
copy ``r`` gets a new id, SHA-256 and URL, its dates moved ``r`` x 30 days, and its connect
features passed through ``bench_connect.copy_of`` (copies of one period keep the corpus's
duplicate relations, copies of different periods are unrelated texts, with light
perturbations). Texts, FTS columns and desk rows are the real ones.

Prints, at each size, the writer's CPU (process time) and wall ms per article over the last
2,000 articles written before the store reached that size, in batches of
``ingest.BATCH_SIZE``, and ``os.getloadavg()``.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CORPUS  # noqa: E402
from bench_connect import _shift, copy_of  # noqa: E402

from mawsua.app import ingest  # noqa: E402
from mawsua.errors import Ok  # noqa: E402
from mawsua.store.sqlite import Prepared, SqliteStore  # noqa: E402

SHIFT_DAYS = 30
WINDOW = 2000


def base(cache: Path) -> list[Prepared]:
    """The corpus articles' writer inputs (computed once, then read from ``cache``)."""
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    t = time.perf_counter()
    rows = [r.value for r in ingest.process_all(ingest.iter_items([CORPUS]), 2,
                                                ingest.process_for_store) if isinstance(r, Ok)]
    print(f"prepared {len(rows)} corpus articles in {time.perf_counter() - t:.0f} s", flush=True)
    cache.write_bytes(pickle.dumps(rows))
    return rows


def _moved(t: str | None, days: int) -> str | None:
    try:
        return _shift(t, days)
    except (TypeError, ValueError):
        return t


def replica(p: Prepared, r: int, rng: random.Random) -> Prepared:
    """Copy ``r`` of a prepared article (module docstring); ``r = 0`` is itself."""
    if r == 0:
        return p
    q = copy.copy(p)
    days = r * SHIFT_DAYS
    q.id = f"{p.id}~c{r}"
    q.sha = hashlib.sha256(f"{p.sha}~{r}".encode()).hexdigest()
    q.url = None if p.url is None else f"{p.url}#c{r}"
    row = list(p.row)
    row[0], row[1], row[3] = q.id, q.sha, q.url
    row[4], row[5], row[6] = (_moved(row[4], days), _moved(row[5], days), _moved(row[6], days))
    q.row = tuple(row)
    if p.connect is not None:
        q.connect = copy_of(p.connect, r, rng)
    return q


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "writer_base.pkl")
    args = ap.parse_args()
    rows = base(args.cache)
    rng = random.Random(5)
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "w.db")
        summary = ingest.IngestSummary()
        done, r, window = 0, 0, []
        while done < sizes[-1]:
            for i in range(0, len(rows), ingest.BATCH_SIZE):
                good = [replica(p, r, rng) for p in rows[i:i + ingest.BATCH_SIZE]]
                good = good[: sizes[-1] - done]
                c0, w0 = time.process_time(), time.perf_counter()
                ingest._store_batch(store, good, summary)
                window.append((len(good), time.process_time() - c0, time.perf_counter() - w0))
                before, done = done, done + len(good)
                for size in sizes:
                    if before < size <= done:
                        cpu, wall, k = 0.0, 0.0, 0
                        for n, c, w in reversed(window):
                            if k >= WINDOW:
                                break
                            k, cpu, wall = k + n, cpu + c, wall + w
                        print(f"store {size:>7,}: writer {1000 * cpu / k:.2f} ms/article CPU, "
                              f"{1000 * wall / k:.2f} ms wall (last {k} articles; "
                              f"load {os.getloadavg()[0]:.1f})", flush=True)
                window = window[-100:]
                if done >= sizes[-1]:
                    break
            r += 1
        print(f"added {summary.added}, duplicates {summary.duplicates}, "
              f"unconnected {len(summary.unconnected)}")
        store.close()


if __name__ == "__main__":
    main()
