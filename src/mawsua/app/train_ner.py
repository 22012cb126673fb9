"""``mawsua train ner``: train the CRF entity tagger of :mod:`mawsua.annotate.ner` on a BIO file.

Data: a two-column CoNLL file (``token<TAB>tag`` per line, a blank line between sentences),
by default ``../shared/ner/anercorp_train.txt`` (ANERcorp train part, research use only; see
that folder's README for its source and terms).

Split rule (documented, reproducible): with ``seed=None`` (the default) the **last**
``holdout_fraction`` of the sentences (``ceil(n * fraction)``, sequential, as CAMeL Lab splits
ANERcorp) are held out and never trained or tuned on; with an integer ``seed`` that many
sentences are drawn by ``random.Random(seed).sample``. :func:`holdout` rebuilds the held-out
part from the same data and rule, so ``mawsua eval ner --heldout`` can score it later.

Training is L-BFGS with elastic-net regularisation (``c1`` L1, ``c2`` L2), deterministic: the
same data, split and parameters give a byte-identical model. ``c1``/``c2`` were chosen by
:func:`tune` on a dev slice (the last 10% of the training part, never the held-out part).
Writes ``OUT`` (the ``.crfsuite`` model) and ``OUT`` with suffix ``.json`` (training facts).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mawsua.annotate import ner
from mawsua.config import shared_path

#: default training file, relative to the working directory (the repository root)
DEFAULT_DATA = shared_path("ner/anercorp_train.txt")
#: default output: the shipped model
DEFAULT_OUT = ner.MODEL_PATH
DEFAULT_HOLDOUT = 0.1
#: chosen by :func:`tune` (dev slice = last 10% of the training part, features v1, 150
#: iterations): dev F1 was flat across the grid, 0.671–0.684; best c1=0.1, c2=0.01 (0.684),
#: then c1=0.03/c2=0.1 0.681, c1=0.01/c2=0.01 0.681, c1=0.2/c2=0.01 0.681; c2=0.3 was worst
#: Re-checked with features v3 on the same dev slice (issue 11): 0.1/0.01 0.714, 0.2/0.05
#: 0.715, 0.05/0.1 0.715 (and a model twice the size): still flat, so the defaults stay.
#: Session 24 (``bench/ner_dev.py``, same dev slice, features v3 with propagation: 0.735):
#: 400 iterations 0.732, ``feature.possible_transitions`` off 0.725, the averaged perceptron
#: 0.729, label bigrams as labels (second order) 0.727; richer affixes, per-type and bigram
#: entity shares, local clusters and self-training on the corpora did not help either.
DEFAULT_C1 = 0.1
DEFAULT_C2 = 0.01
DEFAULT_ITERATIONS = 150
#: folds of the out-of-fold training lexicon (see :func:`fit`)
LEXICON_FOLDS = 5

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[Sentence]:
    """Read a two-column BIO file into ``[(tokens, tags), ...]``.

    Lines are ``token<TAB>tag`` (any whitespace separates; the tag is the last field); blank
    lines end sentences. Raises ``ValueError`` on a line with one field, ``OSError`` when
    unreadable.
    """
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                if toks:
                    sents.append((toks, tags))
                    toks, tags = [], []
                continue
            parts = line.split()
            if len(parts) < 2:
                raise ValueError(f"{path}:{lineno}: expected 'token<TAB>tag', got {line!r}")
            toks.append(" ".join(parts[:-1]))
            tags.append(parts[-1])
    if toks:
        sents.append((toks, tags))
    return sents


def write_conll(sents: Iterable[Sentence], path: Path) -> None:
    """Write sentences as a two-column BIO file (blank line after each sentence)."""
    with open(path, "w", encoding="utf-8") as fh:
        for toks, tags in sents:
            fh.writelines(f"{a}\t{b}\n" for a, b in zip(toks, tags, strict=True))
            fh.write("\n")


def split(sents: Sequence[Sentence], fraction: float = DEFAULT_HOLDOUT,
          seed: int | None = None) -> tuple[list[Sentence], list[Sentence]]:
    """``(train, held_out)`` by the rule of the module docstring.

    Raises ``ValueError`` unless ``0 <= fraction < 1``.
    """
    if not 0 <= fraction < 1:
        raise ValueError(f"holdout fraction must be in [0, 1), got {fraction}")
    n_hold = math.ceil(len(sents) * fraction)
    if n_hold == 0:
        return list(sents), []
    if seed is None:
        return list(sents[:-n_hold]), list(sents[-n_hold:])
    picked = set(random.Random(seed).sample(range(len(sents)), n_hold))
    return ([s for i, s in enumerate(sents) if i not in picked],
            [s for i, s in enumerate(sents) if i in picked])


def holdout(data: Path = DEFAULT_DATA, fraction: float = DEFAULT_HOLDOUT,
            seed: int | None = None) -> list[Sentence]:
    """The held-out sentences of ``data`` under the split rule."""
    return split(read_conll(data), fraction, seed)[1]


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fit(sents: Sequence[Sentence], out: Path, c1: float = DEFAULT_C1, c2: float = DEFAULT_C2,
        max_iterations: int = DEFAULT_ITERATIONS, clusters: Path | None = None,
        tables: ner.Tables | None = None, possible_transitions: bool = True) -> None:
    """Train a CRF on ``sents`` and write the model file ``out`` (parent folders created), its
    training lexicon (:func:`mawsua.annotate.ner.lexicon_path_for`) and, with ``clusters``
    (a local word-cluster table, see ``mawsua train clusters``), a copy of that table beside
    it (:func:`mawsua.annotate.ner.local_clusters_path_for`; a stale copy is removed when
    ``clusters`` is ``None``).

    The ``lx=`` lexicon feature of each training sentence comes from the *other* folds
    (:data:`LEXICON_FOLDS` interleaved folds, ``sents[i::K]``), so the model sees it as
    unreliable as it is on unseen words; the written lexicon is built from all of ``sents``.
    Cluster features come from the shipped table and the local one
    (:func:`mawsua.annotate.ner.cluster_tables_for`), or from ``tables`` when given
    (experiments). Raises ``ValueError`` on a malformed cluster table.
    """
    import pycrfsuite

    out.parent.mkdir(parents=True, exist_ok=True)
    local = ner.local_clusters_path_for(out)
    if clusters is not None:
        ner.ClusterTable.read(clusters)  # fail before training on a bad table
        if Path(clusters).resolve() != local.resolve():
            shutil.copyfile(clusters, local)
    elif local.is_file():
        local.unlink()
    if tables is None:
        tables = ner.cluster_tables_for(out, from_facts=False)

    trainer = pycrfsuite.Trainer(verbose=False)
    k = LEXICON_FOLDS
    folds = [list(sents[i::k]) for i in range(k)]
    for i, fold in enumerate(folds):
        lex = ner.build_lexicon(s for j in range(k) if j != i for s in folds[j])
        for toks, tags in fold:
            trainer.append(ner.token_features(toks, lex, tables), tags)
    trainer.set_params({
        "c1": c1, "c2": c2, "max_iterations": max_iterations,
        "feature.possible_transitions": possible_transitions,
    })
    tmp = out.with_name(out.name + ".tmp")
    trainer.train(str(tmp))
    ner.write_lexicon(ner.build_lexicon(sents), ner.lexicon_path_for(out))
    tmp.replace(out)


@dataclass(frozen=True, slots=True)
class TrainResult:
    """What :func:`train` did: files written and the facts recorded next to the model."""

    model: Path
    facts_path: Path
    facts: dict[str, Any]


def train(data: Path = DEFAULT_DATA, out: Path = DEFAULT_OUT,
          holdout_fraction: float = DEFAULT_HOLDOUT, seed: int | None = None,
          c1: float = DEFAULT_C1, c2: float = DEFAULT_C2,
          max_iterations: int = DEFAULT_ITERATIONS, clusters: Path | None = None,
          use_clusters: bool = True) -> TrainResult:
    """Split ``data``, train on the training part, score the held-out part, write model + facts.

    ``clusters``: a local word-cluster table for the model (see :func:`fit`);
    ``use_clusters=False`` trains without any cluster table (how the shipped model is built).

    Returns the paths and the facts (also written as JSON to ``out.with_suffix(".json")``):
    ``data_sha256``, ``split`` (rule, fraction, seed, sentence/token counts), ``features_version``,
    ``params``, ``train_seconds``, ``model_bytes`` and ``heldout`` scores (see
    :func:`mawsua.app.eval_ner.score`; absent when nothing is held out).

    Raises ``OSError`` when ``data`` cannot be read, ``ValueError`` on a malformed file or
    fraction.
    """
    from mawsua.app import eval_ner

    sents = read_conll(data)
    train_part, held = split(sents, holdout_fraction, seed)
    t0 = time.perf_counter()
    fit(train_part, out, c1, c2, max_iterations, clusters,
        tables=None if use_clusters else ())
    secs = time.perf_counter() - t0
    facts: dict[str, Any] = {
        "data": data.name,
        "data_sha256": sha256_file(data),
        "split": {
            "rule": "last fraction of sentences (sequential)" if seed is None
            else "random.Random(seed).sample of sentences",
            "holdout_fraction": holdout_fraction, "seed": seed,
            "train_sentences": len(train_part), "train_tokens": sum(len(t) for t, _ in train_part),
            "heldout_sentences": len(held), "heldout_tokens": sum(len(t) for t, _ in held),
        },
        "features_version": ner.FEATURES_VERSION,
        "clusters": [{"prefix": p, "words": len(t), "levels": list(t.ks)}
                     for p, t in (ner.cluster_tables_for(out, from_facts=False)
                                  if use_clusters else ())],
        "params": {"algorithm": "lbfgs", "c1": c1, "c2": c2, "max_iterations": max_iterations},
        "train_seconds": round(secs, 1),
        "model_bytes": out.stat().st_size,
    }
    if held:
        tagger = ner.load(out)
        gold = [tags for _, tags in held]
        toks = [t for t, _ in held]
        facts["heldout"] = eval_ner.score(gold, eval_ner.predict(tagger, toks))
        facts["heldout_document_window"] = eval_ner.DOC_WINDOW
        facts["heldout_sentence_only"] = eval_ner.score(gold, eval_ner.predict(tagger, toks, 0))
    facts_path = out.with_suffix(".json")
    facts_path.write_text(json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return TrainResult(out, facts_path, facts)


def tune(data: Path = DEFAULT_DATA, work: Path = Path("/tmp/mawsua-ner-tune"),
         c1s: Sequence[float] = (0.01, 0.05, 0.1, 0.2), c2s: Sequence[float] = (0.01, 0.05, 0.1),
         holdout_fraction: float = DEFAULT_HOLDOUT, dev_fraction: float = 0.1,
         max_iterations: int = DEFAULT_ITERATIONS) -> list[dict[str, Any]]:
    """Grid-search ``c1``/``c2`` on a dev slice: the last ``dev_fraction`` of the *training*
    part (the held-out part is never looked at). Returns one row per pair, best F1 first."""
    from mawsua.app import eval_ner

    train_part, _ = split(read_conll(data), holdout_fraction)
    fit_part, dev = split(train_part, dev_fraction)
    rows = []
    for c1 in c1s:
        for c2 in c2s:
            path = work / f"c1_{c1}_c2_{c2}.crfsuite"
            fit(fit_part, path, c1, c2, max_iterations)
            tagger = ner.load(path)
            res = eval_ner.score([t for _, t in dev], eval_ner.predict(tagger, [s for s, _ in dev]))
            rows.append({"c1": c1, "c2": c2, "f1": res["overall"]["f1"]})
    rows.sort(key=lambda r: -r["f1"])
    return rows
