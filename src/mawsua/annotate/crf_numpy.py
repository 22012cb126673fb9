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

import os
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: the :data:`._crf_kernel.ABI` this module calls
KERNEL_ABI = 1
try:  # the compiled kernel (setup.py; optional: the numpy code below otherwise)
    from mawsua.annotate import _crf_kernel
except ImportError:  # pragma: no cover - a build without a C compiler
    _crf_kernel = None  # type: ignore[assignment]
if getattr(_crf_kernel, "ABI", None) != KERNEL_ABI:  # pragma: no cover - a stale build
    _crf_kernel = None  # type: ignore[assignment]

#: environment variable: ``0`` makes :func:`decode` use the numpy recursions even when the
#: compiled kernel is built (to compare the two, or to measure the fallback)
KERNEL_ENV = "MAWSUA_CRF_KERNEL"

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


def item_scores(model: CrfModel, rows: np.ndarray, own: np.ndarray, row: np.ndarray,
                lens: Sequence[int], bm: np.ndarray, bp: np.ndarray, widths: Sequence[int],
                edges: tuple[int, int, int]) -> np.ndarray:
    """``(N, L)`` state scores of the ``N`` items of sentences of lengths ``lens`` laid end to
    end, each item a word whose attributes are cached by rows (the NER engine's word cache):
    ``row[n]`` the word's row, ``own[row]`` the scores of its own attributes, ``rows[row]`` the
    ids it gives its neighbours in 4 groups of ``widths`` columns (to the word 2 after it, to
    the next, to the previous, to the word 2 before; padded with :attr:`CrfModel.pad`), ``bm``
    / ``bp`` the id of the bigram with the previous / next word (or the pad). ``edges``: the
    rows standing for no word (``EDGE``), before the first word (``LEFT``: ``BOS``) and after
    the last (``RIGHT``: ``EOS``).

    Each item's scores are its own, then, attribute after attribute: the previous word's
    group, ``bm``, the group of the word 2 before, the next word's group, ``bp``, the group of
    the word 2 after — CRFsuite's sum in its item order. By the compiled kernel when it is in
    use (:func:`kernel_in_use`: the same additions in the same order, so the same bits), else
    with numpy (ids gathered into an ``(N, K)`` array, then :func:`state_scores`)."""
    edge, left, right = edges
    n = len(row)
    if kernel_in_use() and n:
        return _crf_kernel.item_scores(model.state, rows, own, np.ascontiguousarray(row),
                                       np.asarray(lens, dtype=np.int64), bm, bp,
                                       np.asarray(widths, dtype=np.intp), model.pad, edge,
                                       left, right)
    starts = np.cumsum([0, *lens[:-1]]).astype(np.intp)
    ends = starts + np.asarray(lens, dtype=np.intp)
    padded = np.full(n + 4, edge, dtype=np.intp)
    padded[2:-2] = row
    # the rows giving each item its neighbours' attributes: the words 1 and 2 before and after
    # it in its sentence, or the edge rows (left and right have nothing in the -2 / +2 groups)
    prev1 = padded[1:-3].copy()
    prev1[starts] = left
    prev2 = padded[:-4].copy()
    prev2[starts] = edge
    prev2[starts[starts + 1 < n] + 1] = edge
    next1 = padded[3:-1].copy()
    next1[ends - 1] = right
    next2 = padded[4:].copy()
    next2[ends - 1] = edge
    next2[ends[ends >= 2] - 2] = edge
    at = np.cumsum([0, *widths])
    ids = np.empty((n, int(at[-1]) + 2), dtype=np.int32)
    k = 0
    for src, g in ((prev1, 1), (bm, None), (prev2, 0), (next1, 2), (bp, None), (next2, 3)):
        if g is None:
            ids[:, k] = src
            k += 1
        else:
            ids[:, k:k + widths[g]] = rows[src, at[g]:at[g + 1]]
            k += widths[g]
    return state_scores(model, ids, own[row])


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


def _steps(active: Sequence[int]) -> list[tuple[int, int, int]]:
    """``(t0, t1, k)``: the steps ``t0 <= t < t1`` (from 1) during which the first ``k``
    sentences are live (``active`` is non-increasing): the batched recursions slice their
    arrays once per such run instead of once per step."""
    out: list[tuple[int, int, int]] = []
    t0 = 1
    for t in range(2, len(active) + 1):
        if t == len(active) or active[t] != active[t0]:
            out.append((t0, t, active[t0]))
            t0 = t
    return out


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


def rescale_every(trans: np.ndarray) -> int:
    """Steps between two rescalings of the forward and backward vectors of
    :func:`marginals`: often enough that no value can leave float64's range in between (a step
    multiplies a vector's maximum by at most ``L * exp(max |trans|)``, emissions being <= 1)."""
    n_labels = trans.shape[0]
    return max(1, int(600.0 // (float(np.abs(trans).max()) + np.log(n_labels) + 1.0)))


def _forward_backward(trans: np.ndarray, b: Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(pre, ex, rev_t)`` of :func:`marginals`: ``pre[t, 0]`` the forward and ``pre[t, 1]``
    the reversed (backward) messages into step ``t``, ``ex`` the scaled emissions, ``rev_t``
    the reversed step of each ``[t, r]``."""
    sc = b.scores
    t_max, n, n_labels = sc.shape
    top = np.maximum.reduce
    ex = np.exp(sc - top(sc, 2, keepdims=True))
    t_idx = np.arange(t_max)[:, None]
    live = t_idx < b.lens[None, :]
    rev_t = np.where(live, b.lens[None, :] - 1 - t_idx, 0)
    cols = np.arange(n)[None, :]
    x = np.empty((t_max, 2, n, n_labels))  # [t, 0]: forward, [t, 1]: reversed
    x[:, 0] = ex
    x[:, 1] = ex[rev_t, cols]
    et = np.exp(trans)
    e2 = np.stack([et, np.ascontiguousarray(et.T)])
    every = rescale_every(trans)
    pre = np.ones((t_max, 2, n, n_labels))
    cur = np.empty((t_max, 2, n, n_labels))
    cur[0] = x[0]
    matmul, multiply = np.matmul, np.multiply
    for t0, t1, k in _steps(b.active):
        for t, c0, p, xt, c in zip(range(t0, t1), cur[t0 - 1:t1 - 1, :, :k], pre[t0:t1, :, :k],
                                   x[t0:t1, :, :k], cur[t0:t1, :, :k], strict=True):
            matmul(c0, e2, out=p)
            multiply(p, xt, out=c)
            if t % every == 0:
                c /= top(c, 2, keepdims=True)
    return pre, ex, rev_t


def marginals(trans: np.ndarray, b: Batch) -> np.ndarray:
    """``(T, B, L)`` point marginals ``P(y_t = l | x)`` of each sentence of ``b`` (rows past a
    sentence's end are meaningless); equal to CRFsuite's ``Tagger.marginal`` within ~1e-15.

    Forward-backward in one loop: the backward recursion is run as a forward one over the
    reversed sentences (with the transposed transitions), both directions in one batched
    product per step. ``P(y_t) ∝ (alpha_{t-1} @ T) * exp(state_t) * beta_t``, normalised per
    item, so each direction may be rescaled freely: emissions are taken relative to their
    maximum, and the running vectors are divided by their maximum every few steps (often
    enough that no value can leave float64's range in between)."""
    pre, ex, rev_t = _forward_backward(trans, b)
    cols = np.arange(ex.shape[1])[None, :]
    m = pre[:, 0] * ex * pre[:, 1][rev_t, cols]
    m /= np.add.reduce(m, 2, keepdims=True)
    return m


def marginals_at(trans: np.ndarray, b: Batch, ts: np.ndarray, rs: np.ndarray,
                 ys: np.ndarray) -> np.ndarray:
    """``(M,)`` the marginals ``P(y_t = ys[m])`` at ``t = ts[m]`` of the sentence ``rs[m]`` of
    ``b``: the same values as ``marginals(trans, b)[ts, rs, ys]``, normalising only those
    items."""
    pre, ex, rev_t = _forward_backward(trans, b)
    m = pre[ts, 0, rs] * ex[ts, rs] * pre[rev_t[ts, rs], 1, rs]
    m /= np.add.reduce(m, 1, keepdims=True)
    return m[np.arange(len(ts)), ys]


def kernel_in_use() -> bool:
    """Whether :func:`decode` runs the compiled kernel (built, and not switched off by
    ``$MAWSUA_CRF_KERNEL=0``)."""
    return _crf_kernel is not None and os.environ.get(KERNEL_ENV, "").strip() != "0"


def decode(model: CrfModel, scores: np.ndarray, starts: Sequence[int], lens: Sequence[int],
           o: int, confidence: bool = True) -> tuple[list[int], list[float] | None]:
    """Best labels of the sentences ``scores[starts[b] : starts[b] + lens[b]]`` (``scores``:
    ``(N, L)`` state scores, sentences laid end to end in order: ``starts`` the running sum
    of ``lens``, every length >= 1), as one flat list of ``N`` label ids, and with
    ``confidence`` the marginal of each label that is not ``o`` (``1.0`` for ``o``), else
    ``None``. Marginals are computed only for the sentences with a label other than ``o``.

    The compiled kernel (:mod:`._crf_kernel`, see :func:`kernel_in_use`) and the numpy
    recursions (:func:`viterbi`, :func:`marginals_at`) give the same labels; their marginals
    differ by at most ~1e-15 (9-term dot products summed in another order)."""
    if kernel_in_use():
        lab, conf = _crf_kernel.decode(np.ascontiguousarray(scores, dtype=np.float64),
                                       np.asarray(lens, dtype=np.int64), model.trans, o,
                                       rescale_every(model.trans), confidence)
        return lab.tolist(), conf.tolist() if confidence else None
    b = batch(scores, starts, lens)
    path = viterbi(model.trans, b)
    t_max = path.shape[0]
    live = np.arange(t_max)[:, None] < b.lens[None, :]
    flat = np.empty(len(scores), dtype=np.intp)  # sentence order, as in ``scores``
    at = np.asarray(starts, dtype=np.intp)[b.order][None, :] + np.arange(t_max)[:, None]
    flat[at[live]] = path[live]
    if not confidence:
        return flat.tolist(), None
    conf = np.ones(len(scores))
    ent = live & (path != o)
    need = np.flatnonzero(ent.any(0))  # ranks of the sentences with an entity label
    if len(need):
        sel_lens = b.lens[need]
        t_need = int(sel_lens[0])
        sub = Batch(b.order[need], sel_lens, [int((sel_lens > t).sum()) for t in range(t_need)],
                    b.scores[:t_need, need])
        ts, ks = np.nonzero(ent[:t_need, need])
        conf[at[ts, need[ks]]] = marginals_at(model.trans, sub, ts, ks, path[ts, need[ks]])
    return flat.tolist(), conf.tolist()


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
