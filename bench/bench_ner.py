"""Benchmark the CRF entity tagger (:mod:`mawsua.annotate.ner`) on one core.

Usage: python bench/bench_ner.py [--data PATH] [--model PATH]

Tags the held-out part of ANERcorp (the split the shipped model was trained with: last 10% of
sentences of ``../shared/ner/anercorp_train.txt``) and prints tokens/s of ``tag`` (feature
extraction included) twice: ``cold`` (per-word feature caches empty) and ``warm`` (second
pass, what a long-running ingest sees), plus ``predict_spans`` on raw corpus text and the
held-out precision/recall/F1 per type (tagged as documents, as ``eval ner --heldout``). Target (issue 4): >= 50,000 tokens/s on one core;
``predict_spans`` is the largest annotator, budgeted at ~3 ms per article (all annotators:
>= 200 articles/s). ``cold`` starts with empty per-word caches (model attributes already read
by ``ner.load``); ``warm`` is a second pass over the same articles. Times are CPU time of
this process (``time.process_time``, as in ``bench_annotate.py``): the figure for one idle
core, stable when other processes share the machine. ``crf_kernel_in_use``: whether the
compiled kernel (``_crf_kernel``) ran, else the numpy recursions (``MAWSUA_CRF_KERNEL=0``).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from mawsua.annotate import crf_numpy, ner
from mawsua.app import eval_ner, train_ner

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "ner" / "anercorp_train.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    held = train_ner.holdout(args.data)
    tagger = ner.load(args.model)
    ner.zipf("ال")  # open the frequency table before timing
    n = sum(len(t) for t, _ in held)
    out: dict[str, object] = {"sentences": len(held), "tokens": n}
    for name in ("cold", "warm"):
        t0 = time.process_time()
        for toks, _ in held:
            ner.tag(toks, tagger)
        out[f"tag_tokens_per_second_{name}"] = round(n / (time.process_time() - t0))
    texts: list[str] = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("lang") == "ar":
                texts.append(row["text"])
                if len(texts) >= args.articles:
                    break
    n_tok = sum(len(ner.tokenize(t)) for t in texts)
    for name in ("cold", "warm"):
        t0 = time.process_time()
        n_spans = sum(len(ner.predict_spans(t, tagger=tagger)) for t in texts)
        dt = time.process_time() - t0
        out[f"predict_spans_tokens_per_second_{name}"] = round(n_tok / dt)
        out[f"predict_spans_articles_per_second_{name}"] = round(len(texts) / dt)
        out[f"predict_spans_ms_per_article_{name}"] = round(1000 * dt / len(texts), 2)
    out["predict_spans_articles"] = len(texts)
    out["crf_kernel_in_use"] = getattr(crf_numpy, "kernel_in_use", lambda: False)()
    out["predict_spans_entities"] = n_spans
    # scores: tagged as documents (±DOC_WINDOW sentences, with label propagation) as
    # `eval ner --heldout` does; the timing above is of `tag`, sentence by sentence
    scores = eval_ner.score([t for _, t in held],
                            eval_ner.predict(tagger, [toks for toks, _ in held]))
    out["heldout"] = scores
    model = args.model or ner.MODEL_PATH
    out["model_bytes"] = model.stat().st_size
    tables = [ner.CLUSTERS_PATH, ner.local_clusters_path_for(model)]
    out["cluster_table_bytes"] = sum(p.stat().st_size for p in tables if p.is_file())
    for k, v in out.items():
        if k != "heldout":
            print(f"{k:<42} {v}")
    print(f"{'type':<8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}")
    for name, r in [("overall", scores["overall"]), *sorted(scores["per_type"].items())]:
        print(f"{name:<8} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} {r['gold']:>6}")


if __name__ == "__main__":
    main()
