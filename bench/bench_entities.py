"""CPU cost of the entities annotator per article, split into its parts (issue 15).

Over the first N articles of ../shared/corpus/articles.jsonl (text only: the article is built
directly, without extract/clean), prints ms/article of process CPU time
(``time.process_time``: stable when other processes share the machine) for:

* ``entities`` with the CRF (what the ingest runs) and without it (gazetteer + rules),
* ``crf predict_spans`` alone, and its parts: sentence segmentation and tokens, the tagger
  input built in Python (``_tagger_items``), CRFsuite's ``Tagger.set`` (conversion of the
  attribute strings and their look-up in the model), ``tag`` + marginals, and the rest
  (document-level propagation, spans).

Each figure is the best of ``--passes`` warm passes (the per-word caches filled by a first,
untimed pass, as in a long-running worker), so two runs on a loaded machine stay comparable;
compare branches back to back on the same machine. Usage:
``python bench/bench_entities.py [N] [--passes K]``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from mawsua.annotate import ner
from mawsua.annotate.entities import entities
from mawsua.annotate.gazetteer import names, titles
from mawsua.model import Article, Metadata, Source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles.jsonl"


def _best(fn: Callable[[], object], passes: int) -> float:
    """Smallest CPU seconds of ``passes`` calls of ``fn``."""
    out = []
    for _ in range(passes):
        t = time.process_time()
        fn()
        out.append(time.process_time() - t)
    return min(out)


def crf_parts(texts: list[str], tagger: object) -> dict[str, float]:
    """CPU seconds per part of :func:`ner.predict_spans` over ``texts`` (one pass)."""
    clock = time.process_time
    parts = dict.fromkeys(("segments", "tagger input", "crfsuite set", "tag + marginals"), 0.0)
    known = ner._known_for(tagger)
    for text in texts:
        t0 = clock()
        toks = [[text[s:e] for s, e in sent] for sent in ner._arabic_segments(text)]
        parts["segments"] += clock() - t0
        for tk in toks:
            t1 = clock()
            items = ner._tagger_items(tk, known) if known is not None \
                else ner._tagger_input(tk, tagger)
            t2 = clock()
            tagger.set(items)  # type: ignore[attr-defined]
            t3 = clock()
            tags = tagger.tag()  # type: ignore[attr-defined]
            [1.0 if x == "O" else tagger.marginal(x, i)  # type: ignore[attr-defined]
             for i, x in enumerate(tags)]
            t4 = clock()
            parts["tagger input"] += t2 - t1
            parts["crfsuite set"] += t3 - t2
            parts["tag + marginals"] += t4 - t3
    return parts


def main(n: int = 1000, passes: int = 2) -> None:
    arts = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            arts.append(Article(rec["id"], Source("jsonl", "0"), Metadata(), rec.get("text") or ""))
            if len(arts) >= n:
                break
    names(), titles()  # load once, outside the timing
    tagger = ner.load()
    for a in arts:  # fill the per-word caches (a long-running worker's state)
        entities(a)
    k = len(arts)
    ms = {
        "entities (with CRF)": _best(lambda: [entities(a) for a in arts], passes),
        "entities (no CRF)": _best(lambda: [entities(a, crf=False) for a in arts], passes),
        "crf predict_spans": _best(lambda: [ner.predict_spans(a.text) for a in arts], passes),
    }
    parts = min((crf_parts([a.text for a in arts], tagger) for _ in range(passes)),
                key=lambda p: sum(p.values()))
    chars = sum(len(a.text) for a in arts) / k
    print(f"{k} articles, avg {chars:.0f} chars; ms/article of CPU time, best of {passes} "
          "warm passes")
    for name, sec in ms.items():
        print(f"  {name:<28} {1e3 * sec / k:7.3f}")
    for name, sec in parts.items():
        print(f"    crf: {name:<21} {1e3 * sec / k:7.3f}")
    rest = ms["crf predict_spans"] - sum(parts.values())
    print(f"    crf: {'rest (propagate, spans)':<21} {1e3 * rest / k:7.3f}  (timer calls inflate "
          "the parts above a little)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    main(args.n, args.passes)
