# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled inner loops of the numpy CRF engine: Viterbi and point marginals of a document's
sentences from their state scores, one C loop per sentence (see :func:`.crf_numpy.decode`,
which falls back to the numpy recursions when this module is not built).

Labels: CRFsuite's ``crf1dc_viterbi`` arithmetic, as :func:`.crf_numpy.viterbi` (``prev[i] +
trans[i][j]``, the first ``i`` of the maximum, then ``+ state[j]``; the final label is the
first maximum): the same float64 operations in the same order, so the same labels. Built
with ``-ffp-contract=off`` (no fused multiply-add). Marginals: the forward-backward of
:func:`.crf_numpy.marginals` (emissions relative to their maximum, both directions rescaled
by their maximum at the same steps) with its 9-term dot products summed in index order
where numpy hands them to BLAS: equal within ~1e-15 (tested on corpus articles: the same
stored confidences, rounded to 4 decimals).
"""

import numpy as np

from libc.math cimport exp
from libc.stdlib cimport free, malloc

#: the functions' signatures and meaning; :mod:`.crf_numpy` ignores a built module whose ABI is
#: not the one it expects (a .pyx edited without a rebuild: the numpy fallback runs)
ABI = 1


def item_scores(const double[:, ::1] state, const int[:, ::1] rows, const double[:, ::1] own,
                const Py_ssize_t[::1] row, const long long[::1] lens, const int[::1] bm,
                const int[::1] bp, const Py_ssize_t[::1] widths, int pad, Py_ssize_t edge,
                Py_ssize_t left, Py_ssize_t right):
    """:func:`.crf_numpy.item_scores` (its arguments; ``widths``: 4 group widths): each
    item's own scores, then the attributes of its neighbours' groups and its bigrams added one
    by one in CRFsuite's item order, skipping ``pad`` (a row of zeros: adding it changes no
    sum)."""
    cdef Py_ssize_t n = row.shape[0], L = state.shape[1], n_rows = rows.shape[0]
    cdef Py_ssize_t n_attrs = state.shape[0], n_sent = lens.shape[0]
    cdef Py_ssize_t s, q, r, ln, j, g, c, base = 0, src
    cdef Py_ssize_t lo[4]
    cdef Py_ssize_t hi[4]
    cdef Py_ssize_t nb[4]
    cdef int a, k
    # per step of the item order: the group of an id row (-1: a bigram) and whose row
    # (index into nb: previous, 2 before, next, 2 after)
    cdef int grp[6]
    cdef int who[6]
    grp[:] = [1, -1, 0, 2, -1, 3]
    who[:] = [0, -1, 1, 2, -1, 3]
    if own.shape[1] != L or bm.shape[0] != n or bp.shape[0] != n or widths.shape[0] != 4:
        raise ValueError("shapes do not match")
    c = 0
    for g in range(4):
        lo[g] = c
        c += widths[g]
        hi[g] = c
    if c > rows.shape[1]:
        raise ValueError("group widths exceed the id rows")
    for r in range(n):
        if row[r] < 0 or row[r] >= n_rows or row[r] >= own.shape[0]:
            raise IndexError("word row out of range")
    out_arr = np.empty((n, L), dtype=np.float64)
    cdef double[:, ::1] out = out_arr
    for s in range(n_sent):
        ln = lens[s]
        if ln < 1 or base + ln > n:
            raise ValueError("sentence lengths do not match the items")
        for q in range(ln):
            r = base + q
            for j in range(L):
                out[r, j] = own[row[r], j]
            # neighbour rows: previous (or left), 2 before (or edge), next (or right), 2 after
            # (or edge); left and right have nothing in the -2 / +2 groups
            nb[0] = row[r - 1] if q >= 1 else left
            nb[1] = row[r - 2] if q >= 2 else edge
            nb[2] = row[r + 1] if q + 1 < ln else right
            nb[3] = row[r + 2] if q + 2 < ln else edge
            # item order: the previous word's -1 group, b-=, the -2 group of the word before
            # it, the next word's +1 group, b+=, the +2 group of the word after it
            for k in range(6):
                g = grp[k]
                if g < 0:
                    a = bm[r] if k == 1 else bp[r]
                    if a != pad:
                        if a < 0 or a >= n_attrs:
                            raise IndexError("attribute id out of range")
                        for j in range(L):
                            out[r, j] = out[r, j] + state[a, j]
                    continue
                src = nb[who[k]]
                for c in range(lo[g], hi[g]):
                    a = rows[src, c]
                    if a == pad:
                        continue
                    if a < 0 or a >= n_attrs:
                        raise IndexError("attribute id out of range")
                    for j in range(L):
                        out[r, j] = out[r, j] + state[a, j]
        base += ln
    if base != n:
        raise ValueError("sentence lengths do not match the items")
    return out_arr


cdef inline void _by_max(double *v, Py_ssize_t n) noexcept:
    """``v /= max(v)`` (``numpy``: ``c /= maximum.reduce(c)``)."""
    cdef double mx = v[0]
    cdef Py_ssize_t j
    for j in range(1, n):
        if v[j] > mx:
            mx = v[j]
    for j in range(n):
        v[j] = v[j] / mx


def decode(const double[:, ::1] scores, const long long[::1] lens,
           const double[:, ::1] trans, Py_ssize_t o, Py_ssize_t every, bint confidence):
    """``(labels, conf)``: ``(N,)`` best label ids and ``(N,)`` the marginal of each label
    that is not ``o`` (1.0 for ``o``, and everywhere without ``confidence``) of the
    sentences laid end to end in ``scores`` (``(N, L)``), of lengths ``lens`` (each >= 1,
    summing to ``N``). ``every``: the rescaling period of :func:`.crf_numpy.rescale_every`."""
    cdef Py_ssize_t n_items = scores.shape[0], L = scores.shape[1]
    cdef Py_ssize_t n_sent = lens.shape[0]
    labels_arr = np.empty(n_items, dtype=np.intp)
    conf_arr = np.ones(n_items, dtype=np.float64)
    cdef Py_ssize_t[::1] labels = labels_arr
    cdef double[::1] conf = conf_arr
    cdef Py_ssize_t max_len = 0, total = 0, s, t, i, j, n, base, bi, u
    for s in range(n_sent):
        if lens[s] < 1:
            raise ValueError("empty sentence")
        total += lens[s]
        if lens[s] > max_len:
            max_len = lens[s]
    if total != n_items or trans.shape[0] != L or trans.shape[1] != L or every < 1:
        raise ValueError("shapes do not match")
    if max_len == 0:
        return labels_arr, conf_arr
    cdef double *alpha = <double *> malloc(max_len * L * sizeof(double))
    cdef Py_ssize_t *back = <Py_ssize_t *> malloc(max_len * L * sizeof(Py_ssize_t))
    cdef double *ex = <double *> malloc(max_len * L * sizeof(double))
    cdef double *pf = <double *> malloc(max_len * L * sizeof(double))
    cdef double *pg = <double *> malloc(max_len * L * sizeof(double))
    cdef double *cf = <double *> malloc(L * sizeof(double))
    cdef double *cg = <double *> malloc(L * sizeof(double))
    cdef double *m = <double *> malloc(L * sizeof(double))
    cdef double *et = <double *> malloc(L * L * sizeof(double))
    cdef double best, v, mx, tot
    cdef bint has_entity
    try:
        if not (alpha and back and ex and pf and pg and cf and cg and m and et):
            raise MemoryError()
        for i in range(L):
            for j in range(L):
                et[i * L + j] = exp(trans[i, j])
        base = 0
        for s in range(n_sent):
            n = lens[s]
            # Viterbi
            for j in range(L):
                alpha[j] = scores[base, j]
            for t in range(1, n):
                for j in range(L):
                    best = alpha[(t - 1) * L] + trans[0, j]
                    bi = 0
                    for i in range(1, L):
                        v = alpha[(t - 1) * L + i] + trans[i, j]
                        if v > best:
                            best = v
                            bi = i
                    back[t * L + j] = bi
                    alpha[t * L + j] = best + scores[base + t, j]
            bi = 0
            best = alpha[(n - 1) * L]
            for j in range(1, L):
                if alpha[(n - 1) * L + j] > best:
                    best = alpha[(n - 1) * L + j]
                    bi = j
            has_entity = False
            t = n - 1
            while True:
                labels[base + t] = bi
                if bi != o:
                    has_entity = True
                if t == 0:
                    break
                bi = back[t * L + bi]
                t -= 1
            if confidence and has_entity:
                # forward-backward: pf[t] / pg[u] the messages into step t forward and into
                # reversed step u = n - 1 - t backward (1 at the first step), cf / cg the
                # running vectors, scaled emissions ex
                for t in range(n):
                    mx = scores[base + t, 0]
                    for j in range(1, L):
                        if scores[base + t, j] > mx:
                            mx = scores[base + t, j]
                    for j in range(L):
                        ex[t * L + j] = exp(scores[base + t, j] - mx)
                for j in range(L):
                    pf[j] = 1.0
                    pg[j] = 1.0
                    cf[j] = ex[j]
                    cg[j] = ex[(n - 1) * L + j]
                for u in range(1, n):
                    for j in range(L):
                        tot = 0.0
                        for i in range(L):
                            tot = tot + cf[i] * et[i * L + j]
                        pf[u * L + j] = tot
                        tot = 0.0
                        for i in range(L):
                            tot = tot + cg[i] * et[j * L + i]
                        pg[u * L + j] = tot
                    for j in range(L):
                        cf[j] = pf[u * L + j] * ex[u * L + j]
                        cg[j] = pg[u * L + j] * ex[(n - 1 - u) * L + j]
                    if u % every == 0:
                        _by_max(cf, L)
                        _by_max(cg, L)
                for t in range(n):
                    bi = labels[base + t]
                    if bi == o:
                        continue
                    tot = 0.0
                    for j in range(L):
                        m[j] = pf[t * L + j] * ex[t * L + j] * pg[(n - 1 - t) * L + j]
                        tot = tot + m[j]
                    conf[base + t] = m[bi] / tot
            base += n
    finally:
        free(alpha)
        free(back)
        free(ex)
        free(pf)
        free(pg)
        free(cf)
        free(cg)
        free(m)
        free(et)
    return labels_arr, conf_arr
