"""Benchmark the repair (clean) stage on one core.

Usage: python bench/bench_repair.py [--corpus PATH] [--limit N]

Prints articles/s over the Arabic rows of the corpus for
* ``clean``: :func:`mawsua.clean.clean` alone (characters, lines, merged words, joins, blocks);
* ``merged``: the merged-words step alone (:func:`mawsua.clean.merged.repair`) and its cost in
  ms per article.
Each is timed twice (articles/s from CPU time, the figure that counts; CPU and wall
milliseconds per article beside it): ``cold`` (first pass: per-token caches empty; the word-frequency table is
and word-pair tables are opened before timing: memory-mapped files, milliseconds) and ``warm`` (second pass: what a long-running
ingest sees). The merged-word verdict table (``merged_whole_ar.marisa``, session 24: forms of
wordfreq's 500,000 most frequent Arabic words known to stay whole; memory-mapped, opened with
a fingerprint check of ~7 ms CPU on its first use) is opened **inside** the cold pass, so its
loading is included there. Targets (issue 3): clean >= 1,000 articles/s; merged words <= ~0.4
ms/article.

Then bad input (issue 10), each through the whole ``clean`` once, with CPU seconds and the
peak RSS after it: a 1,000,000-character article made of corpus text with damage mixed in
(glued words, runs of blank lines and spaces, a 64,000-letter word), a 2 MB text of
whitespace runs, and ``"ب" * 64000``.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from mawsua.arabic import bigrams
from mawsua.arabic.lexicon import table
from mawsua.clean import clean, merged
from mawsua.model import Article, Metadata, Source, sha256_hex

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles.jsonl"


def load(path: Path, limit: int | None) -> list[Article]:
    """Arabic rows of the corpus as raw articles."""
    out: list[Article] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("lang") != "ar":
                continue
            text = row["text"]
            out.append(Article(row["id"], Source("jsonl", sha256_hex(text.encode())),
                               Metadata(language="ar"), text))
            if limit and len(out) >= limit:
                break
    return out


def timed(fn, arts: list[Article]) -> tuple[float, float]:
    """CPU seconds (this process, one core) and wall seconds to run ``fn`` over ``arts``
    (on a shared machine wall time also counts waiting for the core; CPU time does not)."""
    t0, w0 = time.process_time(), time.perf_counter()
    for a in arts:
        fn(a)
    return time.process_time() - t0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    arts = load(args.corpus, args.limit)
    n = len(arts)
    t0 = time.process_time()
    table()
    bigrams.table().first_words("")  # opens the pair table and builds its first-word trie
    print(f"lexicon and pair table load: {time.process_time() - t0:.3f} s (once per process); "
          f"peak RSS so far "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for name, fn in (("merged", merged.repair), ("clean", clean)):
        merged.clear_caches()
        cold = timed(fn, arts)
        warm = timed(fn, arts)
        for label, (secs, wall) in (("cold", cold), ("warm", warm)):
            print(f"{name:7s} {label}: {n / secs:8.0f} articles/s  CPU {secs / n * 1e3:.3f} "
                  f"ms/article  wall {wall / n * 1e3:.3f} ms/article ({n / wall:.0f}/s)"
                  f"  ({n} articles)")
    bad_input(arts)


def bad_input(arts: list[Article]) -> None:
    """Time ``clean`` on the bad inputs listed in the module docstring (one run each)."""
    body = "\n\n".join(a.raw_text for a in arts[:400])
    parts, size = [], 0
    damage = ("فيالحرب", "\n" * 5000, " " * 5000, "الحادث.ويأتي", "ب" * 64000, "\t \u00a0" * 3000)
    i = 0
    while size < 1_000_000:
        piece = body[(i * 9973) % max(1, len(body) - 20000):][:20000] + damage[i % len(damage)]
        parts.append(piece)
        size += len(piece)
        i += 1
    cases = {
        "1M-char article": "".join(parts)[:1_000_000],
        "2 MB whitespace runs": ("كلمة" + " " * 5000 + "\n" * 5000) * 200,
        "one 64,000-letter word": "ب" * 64000,
    }
    for name, text in cases.items():
        art = Article("bad", Source("text", sha256_hex(text.encode())), Metadata(language="ar"),
                      text)
        t0 = time.process_time()
        out = clean(art)
        secs = time.process_time() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"bad input {name:24s} {len(text):>9,d} chars: clean {secs:6.2f} s, "
              f"{len(out.edits)} edits, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
