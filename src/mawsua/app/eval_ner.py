"""``mawsua eval ner``: CoNLL exact-match entity precision/recall/F1 of the CRF tagger.

Gold: a two-column BIO file (``token<TAB>tag``, blank line between sentences), e.g. the
held-out part of ANERcorp (:func:`mawsua.app.train_ner.holdout`). The tagger tags each gold
sentence's tokens; entities are chunked seqeval-style (IOB2, default mode): a chunk starts at
a ``B-X``, or at an ``I-X`` that follows ``O`` or another type, and runs over the following
``I-X``. A predicted entity counts only when its type, first and last token all match a gold
one. Precision = correct / predicted, recall = correct / gold, F1 their harmonic mean (0.0 when
undefined); ``overall`` is the micro average over all types.

The gold sentences are tagged as documents (:func:`mawsua.annotate.ner.tag_document`): ANERcorp
marks no document boundaries, so each sentence's document is the :data:`DOC_WINDOW` sentences
on either side of it (a stand-in for the article the tagger sees in the product; chosen on the
dev fold, where windows 3 to the whole fold gave F1 0.733-0.740). ``window=0`` scores sentence
by sentence.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mawsua.annotate import ner
from mawsua.app.train_ner import read_conll

#: sentences on either side of a sentence that form its document (see the module doc)
DOC_WINDOW = 5

Chunk = tuple[str, int, int]  # (type, first token, last token), per sentence


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """Entity chunks ``(type, first, last)`` (inclusive token indices) of one BIO sequence."""
    out: list[Chunk] = []
    typ: str | None = None
    start = 0
    for i, t in enumerate(tags):
        if t == "O" or len(t) < 2 or t[1] != "-":
            if typ is not None:
                out.append((typ, start, i - 1))
            typ = None
            continue
        prefix, ty = t[0], t[2:]
        if prefix == "B" or typ != ty:
            if typ is not None:
                out.append((typ, start, i - 1))
            typ, start = ty, i
    if typ is not None:
        out.append((typ, start, len(tags) - 1))
    return out


def _prf(correct: int, pred: int, gold: int) -> dict[str, Any]:
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "correct": correct, "predicted": pred, "gold": gold}


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Exact-match entity scores: ``{"overall": {...}, "per_type": {TYPE: {...}}}``.

    Each ``{...}`` has ``precision``, ``recall``, ``f1`` (0..1, 4 decimals), ``correct``,
    ``predicted``, ``gold`` (entity counts). Raises ``ValueError`` when sentence counts or
    lengths differ.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    g_all: set[tuple[int, Chunk]] = set()
    p_all: set[tuple[int, Chunk]] = set()
    for k, (g, p) in enumerate(zip(gold, pred, strict=True)):
        if len(g) != len(p):
            raise ValueError(f"sentence {k}: {len(g)} gold tags but {len(p)} predicted")
        g_all.update((k, c) for c in chunks(g))
        p_all.update((k, c) for c in chunks(p))
    types = sorted({c[0] for _, c in g_all | p_all})
    per_type = {}
    for ty in types:
        g = {x for x in g_all if x[1][0] == ty}
        p = {x for x in p_all if x[1][0] == ty}
        per_type[ty] = _prf(len(g & p), len(p), len(g))
    return {"overall": _prf(len(g_all & p_all), len(p_all), len(g_all)), "per_type": per_type}


def evaluate(gold_path: Path, model: Path | None = None) -> dict[str, Any]:
    """Tag every sentence of ``gold_path`` with the model (default: shipped) and score it.

    Returns :func:`score`'s dict plus ``sentences``, ``tokens`` and ``tokens_per_second``
    (tagging, features included). Raises ``OSError``/``ValueError`` on unreadable or
    malformed gold, ``FileNotFoundError`` when the model is missing.
    """
    sents = read_conll(gold_path)
    return evaluate_sentences(sents, model)


def predict(tagger: Any, sentences: Sequence[Sequence[str]],
            window: int = DOC_WINDOW) -> list[list[str]]:
    """BIO tags of consecutive ``sentences``: :func:`mawsua.annotate.ner.tag_document` with
    ``window`` sentences on either side as each one's document, or sentence by sentence
    (:func:`mawsua.annotate.ner.tag`) when ``window`` is 0."""
    if window <= 0:
        return [ner.tag(toks, tagger) for toks in sentences]
    return ner.tag_document(sentences, tagger, window=window)


def evaluate_files(gold_path: Path, pred_path: Path) -> dict[str, Any]:
    """Score a predicted two-column BIO file against a gold one (no tagger involved).

    Returns :func:`score`'s dict plus ``sentences`` and ``tokens``. Raises ``ValueError`` when
    the files differ in sentences, lengths or tokens.
    """
    gold = read_conll(gold_path)
    pred = read_conll(pred_path)
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    for k, ((gt, _), (pt, _)) in enumerate(zip(gold, pred, strict=True)):
        if gt != pt:
            raise ValueError(f"sentence {k + 1}: tokens differ between gold and prediction")
    res = score([t for _, t in gold], [t for _, t in pred])
    res.update({"sentences": len(gold), "tokens": sum(len(t) for t, _ in gold)})
    return res


def evaluate_sentences(sents: Sequence[tuple[list[str], list[str]]],
                       model: Path | None = None, window: int = DOC_WINDOW) -> dict[str, Any]:
    """Like :func:`evaluate` over already-read ``(tokens, tags)`` sentences (``window``: see
    the module doc)."""
    tagger = ner.load(model)
    t0 = time.perf_counter()
    pred = predict(tagger, [toks for toks, _ in sents], window)
    secs = time.perf_counter() - t0
    res = score([tags for _, tags in sents], pred)
    n_tok = sum(len(t) for t, _ in sents)
    res.update({"sentences": len(sents), "tokens": n_tok,
                "tokens_per_second": round(n_tok / secs) if secs > 0 else None})
    return res
