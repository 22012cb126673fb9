"""Linear-chain CRF inference in numpy over a CRFsuite model file (the "compiled" NER tagger).

The entity tagger (:mod:`.ner`) spends most of its CRF time handing attribute strings to
``pycrfsuite.Tagger.set``, which looks every one of them up in the model. This module reads the
model's weights once and does the same inference without CRFsuite on the hot path: attribute
ids in, labels and marginals out, batched over all sentences of a document.

Exactness (the point of the design): CRFsuite's state score of a label at a token is the sum,
in item order, of the weights of the token's attributes for that label (``crf1dt_state_score``:
``state[y] += w * 1.0`` attribute after attribute, from 0). :func:`state_scores` adds the same
weights in the same order (a missing feature adds ``0.0``, which changes no sum), so the scores
are bit for bit CRFsuite's; :func:`viterbi` does CRFsuite's ``crf1dc_viterbi`` arithmetic
(``prev[i] + trans[i][j]``, the first ``i`` of the maximum, then ``+ state[j]``), so the labels
are CRFsuite's. :func:`marginals` computes the same point marginals as ``Tagger.marginal``
(forward-backward with per-step scaling, ``crf1dc_alpha_score`` / ``crf1dc_beta_score``), in
another summation order: equal within ~1e-15.

Model file format (CRFsuite ``crf1dm.c``, little-endian): a 48-byte header (``b"lCRF"``, size,
``b"FOMC"``, version, num_features, num_labels, num_attrs, then the offsets of the features,
label and attribute databases and reference tables); at ``off_features`` a chunk ``b"FEAT"``,
its size and number of features, then 20 bytes per feature: type (0 state, 1 transition),
source (attribute or label id), destination label id, weight (float64). Attribute and label
names come from the tagger (``Tagger.info()``), whose text dump rounds weights to 1e-6: it is
used only to check the binary read (:func:`read_model`).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")])
_STATE, _TRANS = 0, 1


@dataclass(frozen=True)
class CrfModel:
    """The weights of one CRFsuite model.

    ``labels``: label names by id; ``state``: ``(num_attrs + 1, L)`` float64 state weights by
    attribute id, whose last row (id :attr:`pad`) is zeros, for padding; ``trans``: ``(L, L)``
    transition weights ``[from, to]``.
    """

    labels: tuple[str, ...]
    state: np.ndarray
    trans: np.ndarray

    @property
    def pad(self) -> int:
        """The attribute id of the all-zero row (adds nothing to a score)."""
        return self.state.shape[0] - 1


def read_model(path: Path, labels: Mapping[str, int | str],
               check: Mapping[tuple[str, str], float] | None = None,
               attributes: Mapping[str, int | str] | None = None) -> CrfModel:
    """The weights of the CRFsuite model file ``path``.

    Args:
        path: a ``crf1d`` model written by CRFsuite (``pycrfsuite.Trainer``).
        labels: label name -> id, as ``Tagger.info().labels`` gives them.
        check: optionally ``Tagger.info().state_features`` (``{(attribute, label): weight}``,
            weights rounded to 1e-6) with ``attributes`` (name -> id): every weight read must
            agree with it within 1e-6, and the numbers of features must match.

    Raises:
        ValueError: not a CRFsuite ``crf1d`` model, or the check fails.
    """
    data = Path(path).read_bytes()
    if len(data) < 48 or data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ValueError(f"not a CRFsuite crf1d model: {path}")
    num_labels, num_attrs, off_features = struct.unpack_from("<III", data, 20)
    if data[off_features:off_features + 4] != b"FEAT":
        raise ValueError(f"no feature chunk in {path}")
    (count,) = struct.unpack_from("<I", data, off_features + 8)
    feats = np.frombuffer(data, dtype=_FEATURE, count=count, offset=off_features + 12)
    if len(labels) != num_labels:
        raise ValueError("label names do not match the model header")
    names = [""] * num_labels
    for name, i in labels.items():
        names[int(i)] = name
    state = np.zeros((num_attrs + 1, num_labels))
    trans = np.zeros((num_labels, num_labels))
    st = feats[feats["type"] == _STATE]
    tr = feats[feats["type"] == _TRANS]
    if len(st) + len(tr) != count or (st["src"] >= num_attrs).any() \
            or (st["dst"] >= num_labels).any() or (tr["src"] >= num_labels).any() \
            or (tr["dst"] >= num_labels).any():
        raise ValueError(f"malformed features in {path}")
    state[st["src"], st["dst"]] = st["w"]
    trans[tr["src"], tr["dst"]] = tr["w"]
    if check is not None:
        if attributes is None or len(check) != len(st):
            raise ValueError("model dump does not match the binary features")
        lab = {n: int(i) for n, i in labels.items()}
        for (a, y), w in check.items():
            if abs(state[int(attributes[a]), lab[y]] - w) > 1e-6:
                raise ValueError(f"weight of ({a}, {y}) does not match the model dump")
    state.setflags(write=False)
    trans.setflags(write=False)
    return CrfModel(tuple(names), state, trans)


def state_scores(model: CrfModel, ids: np.ndarray, start: np.ndarray | None = None
                 ) -> np.ndarray:
    """``(N, L)`` state scores of ``N`` items given as ``(N, K)`` attribute ids in item order
    (padded with :attr:`CrfModel.pad`): the weights added one attribute after the other onto
    ``start`` (``(N, L)``, the scores of attributes before these; default zeros), as CRFsuite
    adds them. Columns that are padding for every item are skipped (they add ``0.0``)."""
    n, k = ids.shape
    acc = np.zeros((n, model.state.shape[1])) if start is None else start.copy()
    if n == 0 or k == 0:
        return acc
    cols = np.flatnonzero((ids != model.pad).any(0)).tolist()
    ids_t = np.ascontiguousarray(ids.T)
    take = model.state.take
    for c in cols:
        acc += take(ids_t[c], axis=0)
    return acc


def sum_in_order(model: CrfModel, ids: Sequence[int]) -> np.ndarray:
    """``(L,)`` the state weights of the attributes ``ids`` added in order from zero (the
    partial state score CRFsuite has after these attributes of an item)."""
    if not ids:
        return np.zeros(model.state.shape[1])
    # a reduction over the outer axis of a C-ordered (K, L) array adds row after row (no
    # pairwise summation: that is only for the contiguous inner axis); tested on values whose
    # sum depends on the order
    return np.add.reduce(model.state[np.asarray(ids, dtype=np.intp)], axis=0) + 0.0


@dataclass(frozen=True)
class Batch:
    """Sentences of different lengths laid out time-major for batched recursions.

    ``order``: sentence indices by decreasing length (stable); ``lens``: their lengths in that
    order; ``active[t]``: how many of them are longer than ``t`` (they are the first ones);
    ``scores``: ``(T, B, L)`` state scores, ``[t, r]`` of the ``r``-th sentence of ``order``
    (zeros past its end).
    """

    order: np.ndarray
    lens: np.ndarray
    active: list[int]
    scores: np.ndarray


def batch(scores: np.ndarray, starts: Sequence[int], lens: Sequence[int]) -> Batch:
    """:class:`Batch` of the sentences ``scores[starts[b] : starts[b] + lens[b]]`` (``scores``:
    ``(N, L)``; every length >= 1)."""
    ln = np.asarray(lens, dtype=np.intp)
    order = np.argsort(-ln, kind="stable")
    ls = ln[order]
    st = np.asarray(starts, dtype=np.intp)[order]
    t_max = int(ls[0])
    t = np.arange(t_max)[:, None]
    live = t < ls[None, :]
    padded = np.concatenate([scores, np.zeros((1, scores.shape[1]))])
    idx = np.where(live, st[None, :] + t, len(scores))
    return Batch(order, ls, live.sum(1).tolist(), padded[idx])


def viterbi(trans: np.ndarray, b: Batch) -> np.ndarray:
    """``(T, B)`` best label ids of each sentence of ``b`` (``[t, r]``, valid for
    ``t < b.lens[r]``), with CRFsuite's arithmetic and tie-breaking (the first maximum)."""
    sc = b.scores
    t_max, n = sc.shape[0], sc.shape[1]
    alpha = sc[0].copy()
    back: list[np.ndarray] = [np.empty(0, dtype=np.intp)]
    active = b.active
    tr_t = np.ascontiguousarray(trans.T)[None, :, :]
    add, top = np.add, np.maximum.reduce  # the ufuncs themselves: no Python-level wrapper
    for t in range(1, t_max):
        k = active[t]
        s = add(alpha[:k, None, :], tr_t)  # [r, j, i] = alpha[r, i] + trans[i, j]
        back.append(s.argmax(2))
        add(top(s, 2), sc[t, :k], out=alpha[:k])
    cur = alpha.argmax(1)
    path = np.empty((t_max, n), dtype=np.intp)
    rows = np.arange(n)
    path[b.lens - 1, rows] = cur
    for t in range(t_max - 1, 0, -1):
        k = active[t]
        prev = back[t][rows[:k], cur[:k]]
        path[t - 1, :k] = prev
        cur[:k] = prev
    return path


def marginals(trans: np.ndarray, b: Batch) -> np.ndarray:
    """``(T, B, L)`` point marginals ``P(y_t = l | x)`` of each sentence of ``b`` (rows past a
    sentence's end are meaningless); equal to CRFsuite's ``Tagger.marginal`` within ~1e-15.

    Forward-backward in one loop: the backward recursion is run as a forward one over the
    reversed sentences (with the transposed transitions), both directions in one batched
    product per step. ``P(y_t) ∝ (alpha_{t-1} @ T) * exp(state_t) * beta_t``, normalised per
    item, so each direction may be rescaled freely: emissions are taken relative to their
    maximum, and the running vectors are divided by their maximum every few steps (often
    enough that no value can leave float64's range in between)."""
    sc = b.scores
    t_max, n, n_labels = sc.shape
    top = np.maximum.reduce
    ex = np.exp(sc - top(sc, 2, keepdims=True))
    t_idx = np.arange(t_max)[:, None]
    live = t_idx < b.lens[None, :]
    rev_t = np.where(live, b.lens[None, :] - 1 - t_idx, 0)
    cols = np.arange(n)[None, :]
    x = np.stack([ex, ex[rev_t, cols]])  # (2, T, B, L): forward, reversed
    et = np.exp(trans)
    e2 = np.stack([et, np.ascontiguousarray(et.T)])
    every = max(1, int(600.0 // (float(np.abs(trans).max()) + np.log(n_labels) + 1.0)))
    pre = np.ones((2, t_max, n, n_labels))
    cur = x[:, 0].copy()
    active = b.active
    for t in range(1, t_max):
        k = active[t]
        p = cur[:, :k] @ e2
        pre[:, t, :k] = p
        c = cur[:, :k]
        np.multiply(p, x[:, t, :k], out=c)
        if t % every == 0:
            c /= top(c, 2, keepdims=True)
    m = pre[0] * ex * pre[1][rev_t, cols]
    m /= np.add.reduce(m, 2, keepdims=True)
    return m


def tag_ids(model: CrfModel, sentences: Sequence[Sequence[Sequence[int]]]
            ) -> list[tuple[list[int], np.ndarray]]:
    """Label ids and ``(T, L)`` marginals of each sentence, given as the attribute ids of each
    item in item order (ids the model does not know must be left out, as CRFsuite drops them;
    every sentence non-empty). The general form of what :mod:`.ner` does with cached rows."""
    items = [item for sent in sentences for item in sent]
    k = max((len(i) for i in items), default=0)
    ids = np.full((len(items), k), model.pad, dtype=np.intp)
    for r, item in enumerate(items):
        ids[r, : len(item)] = item
    lens = [len(s) for s in sentences]
    starts = np.cumsum([0, *lens[:-1]]).tolist()
    b = batch(state_scores(model, ids), starts, lens)
    path = viterbi(model.trans, b)
    marg = marginals(model.trans, b)
    out: list[tuple[list[int], np.ndarray]] = [([], np.empty(0))] * len(sentences)
    for r, (si, ln) in enumerate(zip(b.order.tolist(), b.lens.tolist(), strict=True)):
        out[si] = (path[:ln, r].tolist(), marg[:ln, r])
    return out
