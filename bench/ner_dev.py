"""Dev-fold experiments for the CRF entity tagger: feature sets and trainer settings.

Usage: nice python bench/ner_dev.py NAME [NAME...] [--heldout] [--json OUT]

Each NAME is a candidate: ``base`` (the shipped features) or ``base`` plus ``+``-joined
extras (``base+fpre+tprob``), optionally with trainer settings after ``@``
(``base@ap`` averaged perceptron, ``base@notrans`` without ``feature.possible_transitions``,
``base@c1=0.05,c2=0.05``). Trains on the first 90% of ANERcorp's training part (the
part ``mawsua train ner`` trains on) and scores the dev fold (its last 10%), tagged as
documents of +-5 sentences with :func:`mawsua.annotate.ner.propagate`, as ``eval ner``.
The held-out part (last 10% of the file) is scored only with ``--heldout``, which trains on
the whole training part (the model one would ship); never choose on it.

Extras (all out-of-fold where they come from training tags, like the shipped ``lx=``):

* ``fpre``: prefixes 1-4 of the folded word with its clitics (``q1=``..``q4=``).
* ``nbaff``: stem prefixes 2-3 and word suffixes 3 of the words at +-1.
* ``tprob``: per type, the share of the stem's training occurrences tagged with it, banded
  (``tp=PERSh``...; after Abdul-Hamid & Darwish 2010's entity probabilities), and the share
  tagged ``B-`` among its entity tags (``bi=B``/``bi=I``/``bi=BI``); also at +-1.
* ``bgram``: the tag pair of the stem bigram (i, i+1) in training (majority, banded), for
  both words (``bg+=``, ``bg-=``).
* ``pos``: the word's position (first, second, last).
* ``lclus``: the word-cluster features (word and +-1) of a table learnt by
  ``mawsua train clusters`` from the two development corpora (``--clusters``; 27,357 forms).
* ``2nd``: second-order label context: the CRF is trained on label bigrams (``prev|cur``,
  a first-order CRF over them is second order) and decoded back to single tags.

Trainer settings after ``@``: ``ap`` (averaged perceptron, 30 epochs), ``notrans`` (only
transitions seen in training), ``max_iterations=400``, ``c1=..``/``c2=..``, ``self=N``
(self-training: the ``base`` model of the same split, which must have been trained first,
tags the first ``selfn=30000`` Arabic sentences of ``../shared/corpus`` + ``corpus2``; N
sentences with an entity whose Viterbi path has probability >= ``selfp=0.9``, evenly spread,
join the training data). ``--bias 0.5,1`` re-scores a trained candidate with that much taken
from the score of the label ``O`` (a recall knob); ``--compare base NAME...`` gives the dev
F1 difference of each trained candidate from the first with a paired bootstrap 95% interval
over sentences (1,000 resamples, seed 0).

Session 24 (issue 11), dev fold (359 sentences, 10,697 tokens, 854 entities), documents of
+-5 sentences with propagation; difference from ``base`` and its bootstrap interval:

=============================  ======  ======  ======  ====================
candidate                      F1      P       R       delta [95% CI]
=============================  ======  ======  ======  ====================
base (shipped features v3)     0.735   0.818   0.667
base+fpre                      0.735   0.818   0.667   +0.000 [-0.011, +0.012]
base+fpre+nbaff                0.728   0.807   0.663   -0.007 [-0.021, +0.008]
base+tprob                     0.727   0.814   0.657   -0.008 [-0.020, +0.003]
base+bgram                     0.728   0.806   0.663   -0.008 [-0.020, +0.005]
base+pos                       0.734   0.818   0.665   -0.001 [-0.007, +0.005]
base+lclus                     0.734   0.818   0.666   -0.001 [-0.012, +0.011]
base+2nd                       0.727   0.811   0.658   -0.008 [-0.026, +0.011]
base@max_iterations=400        0.732   0.815   0.665   -0.003 [-0.011, +0.006]
base@notrans                   0.725   0.804   0.659   -0.010 [-0.017, -0.003]
base@ap                        0.729   0.809   0.664   -0.006 [-0.020, +0.009]
base@self=3000                 0.732   0.815   0.665   -0.003 [-0.012, +0.007]
base+lclus@self=3000           0.740   0.825   0.671   +0.005 [-0.007, +0.017]
base --bias 0.5 / 1.0 / 1.5    0.727 / 0.723 / 0.714 (P 0.789 / 0.768 / 0.735, R 0.675 / 0.683 / 0.694)
=============================  ======  ======  ======  ====================

On the hand-made news gold (``mawsua eval gold``), dev-fold models (trained on 90% of the
training part, so below the shipped model's 0.924 quotes / P 0.921 R 0.803 entities):
``base`` quotes F1 0.886, entities P 0.907 R 0.792; ``base@self=3000`` 0.898, P 0.913 R 0.794;
``base+lclus@self=3000`` 0.860, P 0.906 R 0.787 (lower: not shippable, as the USE clusters).
``base@self=3000 --heldout`` (trained on the whole training part, the shipped model as
teacher): held-out 0.6915 -> 0.6993 (P 0.774, R 0.638), but news-gold entity mentions
P 0.921 -> 0.914 (R 0.803 and quotes F1 0.924 unchanged): not shipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from mawsua.annotate import ner
from mawsua.app import eval_ner, train_ner

TYPES = ("PERS", "ORG", "LOC", "MISC")
#: cluster tables of the candidate (``lclus``: the table of ``--clusters``)
TABLES: ner.Tables = ()


def second(tags: Sequence[str]) -> list[str]:
    """Label-bigram labels (``prev|cur``): a first-order CRF over them is second order."""
    return [(tags[i - 1] if i else "BOS") + "|" + t for i, t in enumerate(tags)]


def base_features(toks: Sequence[str], lex: Mapping[str, str]) -> list[list[str]]:
    return ner.token_features(toks, lex, TABLES)


def band(share: float) -> str:
    return "h" if share >= 0.8 else "m" if share >= 0.5 else "l" if share >= 0.2 else "v"


def build_tprob(sents: Sequence[train_ner.Sentence]) -> dict[str, tuple[str, ...]]:
    counts: dict[str, dict[str, int]] = {}
    for toks, tags in sents:
        for t, g in zip(toks, tags, strict=True):
            c = counts.setdefault(ner.stem_of(t), {})
            c[g] = c.get(g, 0) + 1
    out: dict[str, tuple[str, ...]] = {}
    for st, c in counts.items():
        total = sum(c.values())
        feats: list[str] = []
        ent = 0
        b = 0
        for ty in TYPES:
            k = c.get("B-" + ty, 0) + c.get("I-" + ty, 0)
            ent += k
            b += c.get("B-" + ty, 0)
            if k:
                feats.append("tp=" + ty + band(k / total))
        if ent:
            r = b / ent
            feats.append("bi=" + ("B" if r >= 0.8 else "I" if r <= 0.2 else "BI"))
        if total < 3:
            feats = [f + "1" for f in feats]
        out[st] = tuple(feats)
    return out


def build_bgram(sents: Sequence[train_ner.Sentence]) -> dict[tuple[str, str], str]:
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for toks, tags in sents:
        stems = [ner.stem_of(t) for t in toks]
        typ = [g[2:] if g != "O" else "O" for g in tags]
        for i in range(len(toks) - 1):
            c = counts.setdefault((stems[i], stems[i + 1]), {})
            k = typ[i] + "_" + typ[i + 1]
            c[k] = c.get(k, 0) + 1
    return {p: ner.lexicon_value(c) for p, c in counts.items()}


class Extras:
    def __init__(self, names: set[str], tprob: Mapping[str, tuple[str, ...]],
                 bgram: Mapping[tuple[str, str], str]) -> None:
        self.names = names
        self.tprob = tprob
        self.bgram = bgram

    def __call__(self, toks: Sequence[str], feats: list[list[str]]) -> list[list[str]]:
        n = len(toks)
        names = self.names
        fs = [ner.fold(t) for t in toks]
        stems = [ner.stem_of(t) for t in toks]
        for i in range(n):
            x = feats[i]
            f, st = fs[i], stems[i]
            if "fpre" in names and ner._shape(toks[i]) == "ar":
                x += ["q1=" + f[:1], "q2=" + f[:2], "q3=" + f[:3], "q4=" + f[:4]]
            if "nbaff" in names:
                for o, tag in ((-1, "-1"), (1, "+1")):
                    j = i + o
                    if 0 <= j < n:
                        x += [tag + "p2=" + stems[j][:2], tag + "p3=" + stems[j][:3],
                              tag + "s3=" + fs[j][-3:]]
            if "tprob" in names:
                x += list(self.tprob.get(st, ("tp=UNK",)))
                for o, tag in ((-1, "-1"), (1, "+1")):
                    j = i + o
                    if 0 <= j < n:
                        x += [tag + v for v in self.tprob.get(stems[j], ("tp=UNK",))
                              if v.startswith("tp=")]
            if "bgram" in names:
                if i + 1 < n:
                    v = self.bgram.get((st, stems[i + 1]))
                    if v:
                        x.append("bg+=" + v)
                if i > 0:
                    v = self.bgram.get((stems[i - 1], st))
                    if v:
                        x.append("bg-=" + v)
            if "pos" in names:
                if i == 0:
                    x.append("pos=0")
                elif i == 1:
                    x.append("pos=1")
                if i == n - 1:
                    x.append("pos=L")
        return feats


def parse(name: str) -> tuple[set[str], dict[str, object]]:
    feats, _, opts = name.partition("@")
    extras = set(feats.split("+")) - {"base"}
    params: dict[str, object] = {}
    for o in filter(None, opts.split(",")):
        if o == "ap":
            params["algorithm"] = "ap"
        elif o == "notrans":
            params["feature.possible_transitions"] = False
        elif o == "states":
            params["feature.possible_states"] = True
        else:
            k, _, v = o.partition("=")
            params[k] = float(v) if "." in v else int(v)
    return extras, params


def features(sents: Sequence[Sequence[str]], extras: Extras, lex: Mapping[str, str]
             ) -> list[list[list[str]]]:
    return [extras(toks, base_features(toks, lex)) for toks in sents]


CORPORA = (train_ner.DEFAULT_DATA.parent.parent / "corpus" / "articles.jsonl",
           train_ner.DEFAULT_DATA.parent.parent / "corpus2" / "articles.jsonl")


def unlabelled(limit: int | None = None) -> list[list[str]]:
    """Arabic sentences (tokens) of the two development corpora, in file order."""
    out: list[list[str]] = []
    for path in CORPORA:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("lang") != "ar":
                    continue
                text = row.get("text") or ""
                for sent in ner._arabic_segments(text):
                    if 4 <= len(sent) <= 80:
                        out.append([text[a:b] for a, b in sent])
    return out[:limit] if limit else out


def self_training(teacher: Path, lex: Mapping[str, str], min_prob: float, cap: int,
                  limit: int) -> list[train_ner.Sentence]:
    """Sentences of the corpora tagged by ``teacher`` (base features, ``lex``) whose Viterbi
    path has probability >= ``min_prob`` and holds an entity; at most ``cap``, evenly spread."""
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(teacher))
    ex = Extras(set(), {}, {})
    got: list[train_ner.Sentence] = []
    for toks in unlabelled(limit):
        t.set(ex(toks, base_features(toks, lex)))
        tags = t.tag()
        if any(g != "O" for g in tags) and t.probability(tags) >= min_prob:
            got.append((toks, tags))
    step = max(1, len(got) // cap) if cap else 1
    return got[::step][:cap] if cap else got


def fit(sents: Sequence[train_ner.Sentence], names: set[str], params: dict[str, object],
        out: Path) -> tuple[dict[str, str], Extras]:
    import pycrfsuite

    self_cap = int(params.pop("self", 0))
    self_min = float(params.pop("selfp", 0.9))
    teacher = params.pop("teacher", None)
    self_n = int(params.pop("selfn", 30000))

    algo = str(params.pop("algorithm", "lbfgs"))
    trainer = pycrfsuite.Trainer(algorithm=algo, verbose=False)
    k = train_ner.LEXICON_FOLDS
    folds = [list(sents[i::k]) for i in range(k)]
    for i, fold in enumerate(folds):
        rest = [s for j in range(k) if j != i for s in folds[j]]
        lex = ner.build_lexicon(rest)
        ex = Extras(names, build_tprob(rest) if "tprob" in names else {},
                    build_bgram(rest) if "bgram" in names else {})
        for toks, tags in fold:
            trainer.append(ex(toks, base_features(toks, lex)),
                           second(tags) if "2nd" in names else tags)
    if self_cap:
        lex = ner.build_lexicon(sents)
        ex = Extras(names, build_tprob(sents) if "tprob" in names else {},
                    build_bgram(sents) if "bgram" in names else {})
        extra = self_training(Path(str(teacher)), lex, self_min, self_cap, self_n)
        print(f"self-training: {len(extra)} sentences", file=sys.stderr, flush=True)
        for toks, tags in extra:
            trainer.append(ex(toks, base_features(toks, lex)), tags)
    base: dict[str, object] = {"max_iterations": train_ner.DEFAULT_ITERATIONS}
    if algo == "lbfgs":
        base.update({"c1": train_ner.DEFAULT_C1, "c2": train_ner.DEFAULT_C2,
                     "feature.possible_transitions": True})
    else:
        base.update({"max_iterations": 30, "feature.possible_transitions": True})
    base.update(params)
    trainer.set_params(base)
    trainer.train(str(out))
    lex = ner.build_lexicon(sents)
    ex = Extras(names, build_tprob(sents) if "tprob" in names else {},
                build_bgram(sents) if "bgram" in names else {})
    return lex, ex


def predict(model: Path, sents: Sequence[Sequence[str]], lex: Mapping[str, str],
            ex: Extras, window: int = eval_ner.DOC_WINDOW) -> list[list[str]]:
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(model))
    tags, confs = [], []
    labels = t.labels()
    for feats in features(sents, ex, lex):
        t.set(feats)
        tg = t.tag()
        if "|" in tg[0] if tg else False:
            tg = [y.split("|")[1] for y in tg]
            tags.append(tg)
            confs.append([1.0 if y == "O" else sum(t.marginal(z, k) for z in labels
                                                   if z.endswith("|" + y))
                          for k, y in enumerate(tg)])
            continue
        tags.append(tg)
        confs.append([1.0 if y == "O" else t.marginal(y, k) for k, y in enumerate(tg)])
    return ner.propagate(sents, tags, confs, lex, window)


CLUSTERS = Path("/tmp/ner-dev/local.mwc")


def bias_model(src: Path, dst: Path, delta: float) -> None:
    """Copy the CRFsuite model ``src`` to ``dst`` with ``delta`` taken from the score of the
    label ``O``: from every transition into ``O`` and from the ``BOS`` attribute's ``O``
    weight (the first token has no incoming transition)."""
    import struct

    import numpy as np
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(src))
    info = t.info()
    o = int(info.labels["O"])
    bos = int(info.attributes["BOS"])
    data = bytearray(src.read_bytes())
    (off,) = struct.unpack_from("<I", data, 28)
    (count,) = struct.unpack_from("<I", data, off + 8)
    dt = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")])
    feats = np.frombuffer(data, dtype=dt, count=count, offset=off + 12)
    sel = ((feats["type"] == 1) & (feats["dst"] == o)) | (
        (feats["type"] == 0) & (feats["src"] == bos) & (feats["dst"] == o))
    assert ((feats["type"] == 0) & (feats["src"] == bos) & (feats["dst"] == o)).sum() == 1
    feats["w"][sel] -= delta
    dst.write_bytes(bytes(data))


def run_bias(name: str, deltas: Sequence[float], heldout: bool, work: Path) -> list[dict]:
    """Re-score an already trained candidate with the ``O`` bias of :func:`bias_model`."""
    global TABLES
    names, params = parse(name)
    TABLES = (("l", ner.ClusterTable.read(CLUSTERS)),) if "lclus" in names else ()
    sents = train_ner.read_conll(train_ner.DEFAULT_DATA)
    train_part, held = train_ner.split(sents, train_ner.DEFAULT_HOLDOUT)
    fit_part, test = (train_part, held) if heldout else train_ner.split(train_part, 0.1)
    out = work / (name.replace("/", "_") + (".held" if heldout else ".dev") + ".crfsuite")
    lex = ner.build_lexicon(fit_part)
    ex = Extras(names, build_tprob(fit_part) if "tprob" in names else {},
                build_bgram(fit_part) if "bgram" in names else {})
    rows = []
    for d in deltas:
        biased = out.with_name(out.stem + f".bias{d}.crfsuite")
        bias_model(out, biased, d)
        res = eval_ner.score([g for _, g in test],
                             predict(biased, [t for t, _ in test], lex, ex))
        rows.append({"name": f"{name}!bias={d}", "split": "heldout" if heldout else "dev",
                     "f1": res["overall"]["f1"], "p": res["overall"]["precision"],
                     "r": res["overall"]["recall"],
                     **{ty: res["per_type"][ty]["f1"] for ty in TYPES
                        if ty in res["per_type"]}})
    return rows


def run(name: str, heldout: bool, work: Path) -> dict[str, object]:
    global TABLES
    names, params = parse(name)
    TABLES = (("l", ner.ClusterTable.read(CLUSTERS)),) if "lclus" in names else ()
    if "self" in params:
        params["teacher"] = work / ("base" + (".held" if heldout else ".dev") + ".crfsuite")
    sents = train_ner.read_conll(train_ner.DEFAULT_DATA)
    train_part, held = train_ner.split(sents, train_ner.DEFAULT_HOLDOUT)
    fit_part, test = (train_part, held) if heldout else train_ner.split(train_part, 0.1)
    out = work / (name.replace("/", "_") + (".held" if heldout else ".dev") + ".crfsuite")
    t0 = time.process_time()
    lex, ex = fit(fit_part, names, dict(params), out)
    secs = time.process_time() - t0
    toks = [t for t, _ in test]
    res = eval_ner.score([g for _, g in test], predict(out, toks, lex, ex))
    row = {"name": name, "split": "heldout" if heldout else "dev",
           "f1": res["overall"]["f1"], "p": res["overall"]["precision"],
           "r": res["overall"]["recall"],
           **{ty: res["per_type"][ty]["f1"] for ty in TYPES if ty in res["per_type"]},
           "train_cpu_s": round(secs), "model_bytes": out.stat().st_size}
    return row


def compare(names: Sequence[str], work: Path) -> list[dict[str, object]]:
    """Dev F1 of each trained candidate of ``names[1:]`` minus that of ``names[0]``, with a
    paired bootstrap 95% interval over dev sentences (1,000 resamples, seed 0)."""
    import random

    global TABLES
    sents = train_ner.read_conll(train_ner.DEFAULT_DATA)
    train_part, _ = train_ner.split(sents, train_ner.DEFAULT_HOLDOUT)
    fit_part, dev = train_ner.split(train_part, 0.1)
    toks = [t for t, _ in dev]
    lex = ner.build_lexicon(fit_part)
    per: list[list[tuple[int, int, int]]] = []
    for name in names:
        extras, _ = parse(name)
        TABLES = (("l", ner.ClusterTable.read(CLUSTERS)),) if "lclus" in extras else ()
        ex = Extras(extras, build_tprob(fit_part) if "tprob" in extras else {},
                    build_bgram(fit_part) if "bgram" in extras else {})
        pred = predict(work / f"{name}.dev.crfsuite", toks, lex, ex)
        rows = []
        for (_, g), p in zip(dev, pred, strict=True):
            gs, ps = set(eval_ner.chunks(g)), set(eval_ner.chunks(p))
            rows.append((len(gs & ps), len(ps), len(gs)))
        per.append(rows)

    def f1(rows: list[tuple[int, int, int]], idx: Sequence[int]) -> float:
        c = sum(rows[i][0] for i in idx)
        pg = sum(rows[i][1] + rows[i][2] for i in idx)
        return 2 * c / pg if pg else 0.0

    rng = random.Random(0)
    n = len(dev)
    samples = [[rng.randrange(n) for _ in range(n)] for _ in range(1000)]
    out: list[dict[str, object]] = []
    for name, rows in zip(names[1:], per[1:], strict=True):
        d = sorted(f1(rows, s) - f1(per[0], s) for s in samples)
        out.append({"name": name, "delta": round(f1(rows, range(n)) - f1(per[0], range(n)), 4),
                    "ci95": [round(d[25], 4), round(d[974], 4)]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("names", nargs="+")
    ap.add_argument("--heldout", action="store_true")
    ap.add_argument("--work", type=Path, default=Path("/tmp/ner-dev"))
    ap.add_argument("--log", type=Path, default=None, help="append result lines here")
    ap.add_argument("--bias", default="", help="comma-separated O biases: re-score only")
    ap.add_argument("--compare", action="store_true",
                    help="bootstrap the trained candidates against the first NAME")
    ap.add_argument("--clusters", type=Path, default=CLUSTERS)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    globals()["CLUSTERS"] = args.clusters
    if args.compare:
        for row in compare(args.names, args.work):
            print(json.dumps(row), flush=True)
        return
    if args.bias:
        for name in args.names:
            for row in run_bias(name, [float(x) for x in args.bias.split(",")],
                                args.heldout, args.work):
                print(json.dumps(row), flush=True)
                if args.log:
                    with args.log.open("a") as fh:
                        fh.write(json.dumps(row) + "\n")
        return
    for name in args.names:
        row = run(name, args.heldout, args.work)
        line = json.dumps(row)
        print(line, flush=True)
        if args.log:
            with args.log.open("a") as fh:
                fh.write(line + "\n")
    sys.exit(0)


if __name__ == "__main__":
    main()
