"""Decoding with a CRFsuite linear-chain CRF model in numpy, many sentences at once.

``pycrfsuite.Tagger`` costs most of its time in ``Tagger.set``: it converts every attribute
string of every token into C++ and looks it up in the model's string dictionary (~8,000
look-ups for an average corpus article); Viterbi and the marginals are a small part. This
module reads the model's weights from the model file itself and works on attribute *ids*, so
that a caller can cache per word type the ids (and partial sums) of what the word contributes,
and decodes all sentences of a document in one batch:

* :class:`Model` — ``Model.read(path, tagger)``: label names, attribute name → id, the state
  weight matrix ``weights`` (``(1 + attributes, labels)``, row 0 all zeros: "no attribute")
  and the transition matrix, exactly the ``double`` weights stored in the file (CRFsuite's
  text dump, ``Tagger.info()``, rounds them to 6 decimals, so the names come from it but the
  weights are read from the file's ``FEAT`` chunk: 20-byte records ``type, src, dst, weight``
  little-endian; type 0 = state feature attribute→label, 1 = transition label→label).
* :meth:`Model.decode` — state scores ``(tokens, labels)`` of each sentence → Viterbi labels
  and the marginal probability of each token's label.

Exactness: the arithmetic follows CRFsuite 0.12 (``crf1d_context.c``) step for step — state
scores are summed attribute by attribute in the item's order (callers add the columns of
:meth:`Model.add_columns` one at a time for that reason), Viterbi compares ``prev[i] +
trans[i][j]`` keeping the first maximum and adds the state score after, the marginals are
forward-backward with CRFsuite's per-position scaling (``1/sum``). The labels are therefore
those of ``Tagger.tag`` on the same attributes; the marginals agree with ``Tagger.marginal`` to
~1e-15 (the sums inside one forward step may be added in another order and ``exp`` may differ
in the last bit), far below the 4 decimals the ``entities`` layer keeps
(``tests/annotate/test_crf.py`` compares both on real corpus sentences).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

_HEADER = struct.Struct("<4sI4sI8I")
_CHUNK = struct.Struct("<4sII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


class Model:
    """The weights of one CRFsuite model (see the module doc)."""

    def __init__(self, labels: Sequence[str], attributes: dict[str, int],
                 weights: np.ndarray, transitions: np.ndarray) -> None:
        #: label names by label id
        self.labels = list(labels)
        #: attribute name -> row of :attr:`weights` (attribute id + 1; 0 is "none")
        self.attributes = attributes
        #: ``(1 + number of attributes, number of labels)`` state weights; row 0 is zeros
        self.weights = weights
        #: ``(labels, labels)`` transition weights, ``[from, to]``
        self.transitions = transitions
        self._trans_t = np.ascontiguousarray(transitions.T)
        self._exp_trans = np.exp(transitions)
        self._exp_trans_t = np.ascontiguousarray(self._exp_trans.T)

    @classmethod
    def read(cls, path: Path, tagger: Any) -> Model:
        """The model in file ``path``; ``tagger`` is a ``pycrfsuite.Tagger`` opened on it (its
        ``info()`` gives the label and attribute names with their ids).

        Raises ``ValueError`` when the file is not a CRFsuite 1d model or does not match the
        tagger's dump."""
        data = Path(path).read_bytes()
        magic, _, kind, _, _, n_labels, n_attrs, off_feat, *_ = _HEADER.unpack_from(data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError(f"{path}: not a CRFsuite CRF1d model")
        chunk, _, n_feat = _CHUNK.unpack_from(data, off_feat)
        if chunk != b"FEAT":
            raise ValueError(f"{path}: no FEAT chunk")
        feats = np.frombuffer(data, _FEATURE, n_feat, off_feat + _CHUNK.size)
        info = tagger.info()
        label_ids = {name: int(i) for name, i in info.labels.items()}
        attr_ids = {name: int(i) for name, i in info.attributes.items()}
        if len(label_ids) != n_labels or len(attr_ids) != n_attrs:
            raise ValueError(f"{path}: model dump does not match its header")
        names = [""] * n_labels
        for name, i in label_ids.items():
            names[i] = name
        weights = np.zeros((n_attrs + 1, n_labels))
        trans = np.zeros((n_labels, n_labels))
        state = feats[feats["type"] == 0]
        weights[state["src"].astype(np.int64) + 1, state["dst"]] = state["weight"]
        tr = feats[feats["type"] == 1]
        trans[tr["src"], tr["dst"]] = tr["weight"]
        return cls(names, {a: i + 1 for a, i in attr_ids.items()}, weights, trans)

    def decode(self, scores: np.ndarray, starts: Sequence[int], lengths: Sequence[int],
               marginals: bool = True, sure_label: int = -1
               ) -> tuple[list[list[int]], list[list[float]]]:
        """Viterbi labels and their marginal probabilities of a batch of sentences.

        Args:
            scores: ``(tokens, labels)`` state scores of all sentences one after another.
            starts / lengths: where each sentence's rows begin in ``scores`` and how many
                (every length >= 1).
            marginals: compute the marginals (else they are all 1.0).
            sure_label: a label whose marginal is not wanted: reported as 1.0, and a
                sentence labelled with it only gets no forward-backward pass (-1: none).

        Returns ``(labels, probabilities)``: per sentence the label id of each token
        (``Tagger.tag``) and its marginal probability (``Tagger.marginal``).
        """
        n_sent = len(lengths)
        if not n_sent:
            return [], []
        n_lab = len(self.labels)
        width = max(lengths)
        # padded (width, sentences, labels) state scores, left-aligned; padding scores 0
        pos = np.arange(width)
        lens = np.asarray(lengths)
        valid = pos[:, None] < lens[None, :]
        src = np.asarray(starts)[None, :] + pos[:, None]
        padded = np.zeros((width, n_sent, n_lab))
        padded[valid] = scores[src[valid]]
        # Viterbi: cur[j] = max_i(prev[i] + trans[i][j]) + state[j], the first maximum kept;
        # cand[b, j, i] = prev[b, i] + trans[i, j], so the maximum is over the last axis
        trans_t = self._trans_t
        back = np.empty((width, n_sent, n_lab), dtype=np.intp)
        hist = np.empty((width, n_sent, n_lab))
        hist[0] = cur = padded[0]
        base = np.arange(n_sent * n_lab) * n_lab
        for t in range(1, width):
            cand = cur[:, None, :] + trans_t
            arg = cand.argmax(2)
            back[t] = arg
            cur = cand.ravel()[base + arg.ravel()].reshape(n_sent, n_lab) + padded[t]
            hist[t] = cur
        sents = np.arange(n_sent)
        final = hist[lens - 1, sents].argmax(1)
        ending: dict[int, list[int]] = {}
        for b, n in enumerate(lengths):
            ending.setdefault(n - 1, []).append(b)
        lab = np.zeros(n_sent, dtype=np.intp)
        labels = np.empty((width, n_sent), dtype=np.intp)
        for t in range(width - 1, -1, -1):
            if t in ending:
                done = ending[t]
                lab[done] = final[done]
            labels[t] = lab
            if t:
                lab = back[t, sents, lab]
        per_sent = labels.T.tolist()
        paths = [per_sent[b][:n] for b, n in enumerate(lengths)]
        probs = [[1.0] * n for n in lengths]
        if not marginals:
            return paths, probs
        todo = [b for b, path in enumerate(paths) if any(lab != sure_label for lab in path)]
        if not todo:
            return paths, probs
        sel = np.asarray(todo)
        sub_lens = lens[sel]
        width = int(sub_lens.max())
        got = self._marginals(padded[:width, sel], sub_lens, valid[:width, sel])
        # the marginal of each path label: gather (position, sentence, label) all at once
        t_idx = np.concatenate([np.arange(lengths[b]) for b in todo])
        b_idx = np.repeat(np.arange(len(todo)), sub_lens)
        l_idx = np.fromiter((lab for b in todo for lab in paths[b]), dtype=np.intp,
                            count=len(t_idx))
        flat = got[t_idx, b_idx, l_idx].tolist()
        k = 0
        for b in todo:
            n = lengths[b]
            probs[b] = [1.0 if lab == sure_label else v
                        for lab, v in zip(paths[b], flat[k:k + n], strict=True)]
            k += n
        return paths, probs

    def _marginals(self, padded: np.ndarray, lens: np.ndarray, valid: np.ndarray
                   ) -> np.ndarray:
        """Forward-backward: ``(width, sentences, labels)`` marginal probabilities, left-aligned
        (junk in the padding).

        The backward pass runs as a forward pass over each sentence reversed, with the
        transitions transposed: ``g[t] = (g[t+1] @ exp(trans).T) * exp(state[t])`` is
        ``beta[t] * exp(state[t])``; both directions go through one loop, each row scaled to
        sum 1 at every step (CRFsuite's scaling, ``1/sum``), and the marginal of ``(t, y)`` is
        ``alpha[t][y] * g[t][y] / exp(state[t][y])`` normalised over ``y``: mathematically
        CRFsuite's ``alpha * beta / C[t]``."""
        width, n_sent, n_lab = padded.shape
        exp_state = np.exp(padded)
        exp_state[~valid] = 1.0  # padding: any positive value (never read)
        pos = np.arange(width)[:, None]
        cols = np.arange(n_sent)[None, :]
        rev = lens[None, :] - 1 - pos  # reversed sequence step -> position
        inside = rev >= 0
        seq = np.concatenate([exp_state, exp_state[np.where(inside, rev, 0), cols]], axis=1)
        seq[:, n_sent:][~inside] = 1.0
        mats = np.concatenate([np.broadcast_to(self._exp_trans, (n_sent, n_lab, n_lab)),
                               np.broadcast_to(self._exp_trans_t, (n_sent, n_lab, n_lab))])
        hist = np.empty_like(seq)
        cur = seq[0]
        for t in range(width):
            if t:
                cur = np.matmul(cur[:, None, :], mats)[:, 0, :] * seq[t]
            cur = cur * (1.0 / cur.sum(1))[:, None]
            hist[t] = cur
        if not np.isfinite(hist).all():  # an all-zero row (no such model seen)
            raise FloatingPointError("CRF forward-backward underflowed")
        alpha = hist[:, :n_sent]
        g = hist[:, n_sent:][np.where(inside, rev, 0), cols]  # back to positions
        m = alpha * g / exp_state
        return m / m.sum(2)[:, :, None]
