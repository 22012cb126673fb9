"""CPU cost of the entities annotator per article, split into its parts (issue 15).

Over the first N articles of ../shared/corpus/articles.jsonl (text only: the article is built
directly, without extract/clean), prints ms/article of process CPU time
(``time.process_time``: stable when other processes share the machine) for:

* ``entities`` with the CRF (what the ingest runs) and without it (gazetteer + rules),
* ``crf predict_spans`` alone, and its parts, for each CRF engine (``MAWSUA_NER_ENGINE``):
  ``numpy`` (default) — sentence segmentation and tokens, state scores (cached per-word rows,
  one gather-and-add), decode (Viterbi and forward-backward: the compiled kernel
  ``_crf_kernel`` when built, and again with ``MAWSUA_CRF_KERNEL=0``, the numpy recursions);
  ``crfsuite`` — segmentation, the tagger
  input built in Python (``_tagger_items``), CRFsuite's ``Tagger.set`` (conversion of the
  attribute strings and their look-up in the model), ``tag`` + marginals; and the rest
  (document-level propagation, spans).

Each figure is the best of ``--passes`` warm passes (the per-word caches filled by a first,
untimed pass, as in a long-running worker), so two runs on a loaded machine stay comparable;
compare branches back to back on the same machine (the script also runs on a checkout of
main from before session 25, for that). ``--cold``: the CRF's per-word caches are emptied
before each timed pass (every word seen for the first time; CRF figures only). Usage:
``python bench/bench_entities.py [N] [--passes K] [--cold]``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from mawsua.annotate import crf_numpy, ner
from mawsua.annotate.entities import entities
from mawsua.annotate.gazetteer import names, titles
from mawsua.model import Article, Metadata, Source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles.jsonl"
#: ``MAWSUA_CRF_KERNEL`` (``crf_numpy.KERNEL_ENV``; spelled out for checkouts before it)
KERNEL_ENV = getattr(crf_numpy, "KERNEL_ENV", "MAWSUA_CRF_KERNEL")


def _best(fn: Callable[[], object], passes: int,
          before: Callable[[], object] | None = None) -> float:
    """Smallest CPU seconds of ``passes`` calls of ``fn`` (each after ``before()``, untimed)."""
    out = []
    for _ in range(passes):
        if before is not None:
            before()
        t = time.process_time()
        fn()
        out.append(time.process_time() - t)
    return min(out)


def crf_parts(texts: list[str], tagger: object) -> dict[str, float]:
    """CPU seconds per part of :func:`ner.predict_spans` over ``texts`` (one pass), for the
    CRFsuite engine (``MAWSUA_NER_ENGINE=crfsuite``)."""
    clock = time.process_time
    parts = dict.fromkeys(("segments", "tagger input", "crfsuite set", "tag + marginals"), 0.0)
    known = ner._known_for(tagger)
    for text in texts:
        t0 = clock()
        toks = _tokens(text)
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


def _tokens(text: str) -> list[list[str]]:
    """The token strings of the Arabic sentences of ``text``, as ``predict_spans`` gets them
    (also on an older checkout without ``ner._arabic_pieces``, to compare with main)."""
    pieces = getattr(ner, "_arabic_pieces", None)
    if pieces is not None:
        return [p[2] for p in pieces(text)]
    return [[text[s:e] for s, e in sent] for sent in ner._arabic_segments(text)]


def numpy_parts(texts: list[str], tagger: object) -> dict[str, float]:
    """CPU seconds per part of :func:`ner.predict_spans` over ``texts`` (one pass), for the
    numpy engine (the default): segments (sentences, tokens), state scores (cached word rows,
    one gather-and-add), decode (Viterbi, and marginals of the sentences with an entity tag:
    :func:`crf_numpy.decode`, by the compiled kernel when built, else the numpy recursions;
    on an older checkout without ``decode``, batched Viterbi + marginals of all sentences)."""
    clock = time.process_time
    parts = dict.fromkeys(("segments", "state scores", "decode"), 0.0)
    comp = ner._compiled_for(tagger)
    assert comp is not None
    decode = getattr(crf_numpy, "decode", None)
    for text in texts:
        t0 = clock()
        toks = _tokens(text)
        t1 = clock()
        parts["segments"] += t1 - t0
        if not toks:
            continue
        scores, starts, lens = comp.scores(toks)
        t2 = clock()
        if decode is not None:
            decode(comp.model, scores, starts, lens, comp.o)
        else:
            b = crf_numpy.batch(scores, starts, lens)
            crf_numpy.viterbi(comp.model.trans, b)
            crf_numpy.marginals(comp.model.trans, b)
        t3 = clock()
        parts["state scores"] += t2 - t1
        parts["decode"] += t3 - t2
    return parts


def _clear_crf_caches() -> None:
    """Empty the CRF's per-word caches (word rows of the numpy engine, CRFsuite input bytes,
    word features, stems): the next pass sees every word for the first time."""
    ner._fast_cache_clear()
    ner._word.cache_clear()
    ner._context.cache_clear()
    ner._stem.cache_clear()


def main(n: int = 1000, passes: int = 2, cold: bool = False) -> None:
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
    texts = [a.text for a in arts]
    chars = sum(len(a.text) for a in arts) / k
    kind = "cold (the CRF's word caches emptied before each pass)" if cold else "warm"
    print(f"{k} articles, avg {chars:.0f} chars; ms/article of CPU time, best of {passes} "
          f"{kind} passes; load average {os.getloadavg()[0]:.2f} at start")
    runs = [("numpy", "", numpy_parts), ("numpy", "0", numpy_parts), ("crfsuite", "", crf_parts)]
    if getattr(crf_numpy, "_crf_kernel", None) is None:
        runs = runs[1:]
    clear = _clear_crf_caches if cold else None
    for eng, kern, part_fn in runs:
        os.environ[ner.ENGINE_ENV] = eng
        os.environ[KERNEL_ENV] = kern
        for a in arts[:200]:  # warm this engine's caches
            entities(a)
        ms = {} if cold else {
            "entities (with CRF)": _best(lambda: [entities(a) for a in arts], passes),
            "entities (no CRF)": _best(lambda: [entities(a, crf=False) for a in arts], passes),
        }
        ms["crf predict_spans"] = _best(lambda: [ner.predict_spans(t) for t in texts], passes,
                                        clear)
        runs_of_parts = []
        for _ in range(passes):
            if clear is not None:
                clear()
            runs_of_parts.append(part_fn(texts, tagger))
        parts = min(runs_of_parts, key=lambda p: sum(p.values()))
        in_use = getattr(crf_numpy, "kernel_in_use", lambda: False)()
        kernel = " with the compiled kernel" if eng == "numpy" and in_use else \
            " (numpy recursions)" if eng == "numpy" else ""
        print(f"engine {eng}{kernel} ({ner.ENGINE_ENV}={eng} {KERNEL_ENV}={kern})")
        for name, sec in ms.items():
            print(f"  {name:<28} {1e3 * sec / k:7.3f}")
        for name, sec in parts.items():
            print(f"    crf: {name:<21} {1e3 * sec / k:7.3f}")
        rest = ms["crf predict_spans"] - sum(parts.values())
        print(f"    crf: {'rest (propagate, spans)':<21} {1e3 * rest / k:7.3f}  (timer calls "
              "inflate the parts above a little)")
    os.environ.pop(ner.ENGINE_ENV, None)
    os.environ.pop(KERNEL_ENV, None)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--cold", action="store_true",
                    help="empty the CRF's word caches before each timed pass (first sight of "
                    "every word) and time the CRF only")
    args = ap.parse_args()
    main(args.n, args.passes, args.cold)
