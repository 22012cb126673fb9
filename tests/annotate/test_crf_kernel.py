"""The compiled CRF kernel (:mod:`mawsua.annotate._crf_kernel`) and the numpy recursions it
replaces give the same output, and the session-25 rewrites of the CRF path's Python parts
(sentence pieces, runs, document-level state scores) give what the old code gave.

Kernel against fallback (``MAWSUA_CRF_KERNEL=0``), on real corpus articles: the same labels,
marginals within 1e-12 and the same stored confidences (rounded to 4 decimals), the same spans
from :func:`ner.predict_spans`; exact ties broken alike (the first maximum); ``item_scores``
adds in ``state_scores``' order (values whose sum depends on the order). The kernel tests are
skipped when it is not built (a build without a C compiler runs the fallback, which the rest
of the suite covers).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from mawsua.annotate import crf_numpy, ner

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPORA = (SHARED / "corpus" / "articles.jsonl", SHARED / "corpus2" / "articles.jsonl")
N_EACH = 40

needs_kernel = pytest.mark.skipif(crf_numpy._crf_kernel is None,
                                  reason="the compiled kernel is not built (numpy fallback)")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out: list[str] = []
    for path in CORPORA:
        if not path.is_file():
            pytest.skip("shared corpora not available")
        with path.open(encoding="utf-8") as fh:
            k = 0
            for line in fh:
                text = json.loads(line).get("text") or ""
                if text:
                    out.append(text)
                    k += 1
                if k >= N_EACH:
                    break
    return out


@pytest.fixture(scope="module")
def compiled() -> ner._Compiled:
    comp = ner._compiled_for(ner.load())
    assert comp is not None, "the shipped model must be served by the numpy engine"
    return comp


def _decode_both(monkeypatch: pytest.MonkeyPatch, model: crf_numpy.CrfModel, scores: np.ndarray,
                 lens: list[int], o: int) -> tuple[tuple, tuple]:
    starts = np.cumsum([0, *lens[:-1]]).tolist()
    monkeypatch.setenv(crf_numpy.KERNEL_ENV, "1")
    assert crf_numpy.kernel_in_use()
    fast = crf_numpy.decode(model, scores, starts, lens, o)
    monkeypatch.setenv(crf_numpy.KERNEL_ENV, "0")
    assert not crf_numpy.kernel_in_use()
    slow = crf_numpy.decode(model, scores, starts, lens, o)
    return fast, slow


@needs_kernel
def test_kernel_gives_the_fallbacks_labels_and_confidences(
        monkeypatch: pytest.MonkeyPatch, texts: list[str], compiled: ner._Compiled) -> None:
    n_conf = 0
    for text in texts:
        toks = [p[2] for p in ner._arabic_pieces(text)]
        if not toks:
            continue
        scores, _, lens = compiled.scores(toks)
        (lab, conf), (want_lab, want_conf) = _decode_both(monkeypatch, compiled.model, scores,
                                                          lens, compiled.o)
        assert lab == want_lab
        assert conf is not None and want_conf is not None
        for a, b in zip(conf, want_conf, strict=True):
            assert abs(a - b) <= 1e-12
            assert round(a, 4) == round(b, 4)
            n_conf += a != 1.0
    assert n_conf > 100  # entity labels were met


@needs_kernel
def test_kernel_and_fallback_give_the_same_spans(monkeypatch: pytest.MonkeyPatch,
                                                 texts: list[str]) -> None:
    for text in texts:
        monkeypatch.setenv(crf_numpy.KERNEL_ENV, "1")
        fast = ner.predict_spans(text)
        monkeypatch.setenv(crf_numpy.KERNEL_ENV, "0")
        assert ner.predict_spans(text) == fast


@needs_kernel
def test_kernel_breaks_ties_at_the_first_maximum(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n_labels = int(rng.integers(2, 5))
        # small integer scores and transitions: exact ties everywhere
        trans = rng.integers(-1, 2, size=(n_labels, n_labels)).astype(float)
        lens = rng.integers(1, 7, size=int(rng.integers(1, 5))).tolist()
        scores = rng.integers(-1, 2, size=(sum(lens), n_labels)).astype(float)
        model = crf_numpy.CrfModel(tuple("ABCD"[:n_labels]), np.zeros((1, n_labels)), trans)
        (lab, conf), (want_lab, want_conf) = _decode_both(monkeypatch, model, scores, lens, 0)
        assert lab == want_lab
        assert conf is not None and want_conf is not None
        assert max(abs(a - b) for a, b in zip(conf, want_conf, strict=True)) <= 1e-12


@needs_kernel
def test_item_scores_add_in_state_scores_order(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    # weights whose sums depend on the order of the additions
    state = rng.choice([1e16, -1e16, 1.0, 0.5, 3.0, -2.0], size=(30, 4))
    state[-1] = 0.0
    model = crf_numpy.CrfModel(("A", "B", "C", "D"), state, np.zeros((4, 4)))
    pad = model.pad
    for _ in range(50):
        widths = rng.integers(1, 4, size=4).tolist()
        n_rows = 12
        rows = rng.integers(0, 30, size=(n_rows, sum(widths))).astype(np.int32)
        rows[:3] = pad  # the edge rows: nothing but BOS / EOS
        rows[1, widths[0]] = int(rng.integers(0, 29))
        rows[2, widths[0] + widths[1]] = int(rng.integers(0, 29))
        own = rng.choice([1e16, 0.0, -1.0, 2.5], size=(n_rows, 4))
        lens = rng.integers(1, 6, size=int(rng.integers(1, 5))).tolist()
        n = sum(lens)
        row = rng.integers(3, n_rows, size=n).astype(np.intp)
        bm = np.where(rng.random(n) < 0.5, rng.integers(0, 30, size=n), pad).astype(np.int32)
        bp = np.where(rng.random(n) < 0.5, rng.integers(0, 30, size=n), pad).astype(np.int32)
        args = (model, rows, own, row, lens, bm, bp, widths, (0, 1, 2))
        monkeypatch.setenv(crf_numpy.KERNEL_ENV, "1")
        got = crf_numpy.item_scores(*args)
        monkeypatch.setenv(crf_numpy.KERNEL_ENV, "0")
        assert got.tobytes() == crf_numpy.item_scores(*args).tobytes()


def test_marginals_at_are_those_of_marginals(texts: list[str], compiled: ner._Compiled) -> None:
    for text in texts[:20]:
        toks = [p[2] for p in ner._arabic_pieces(text)]
        if not toks:
            continue
        b = crf_numpy.batch(*compiled.scores(toks))
        full = crf_numpy.marginals(compiled.model.trans, b)
        live = np.arange(b.scores.shape[0])[:, None] < b.lens[None, :]
        ts, rs = np.nonzero(live)
        ys = np.arange(len(ts)) % full.shape[2]
        got = crf_numpy.marginals_at(compiled.model.trans, b, ts, rs, ys)
        assert got.tobytes() == full[ts, rs, ys].tobytes()


def _old_arabic_segments(text: str) -> list[list[tuple[int, int]]]:
    """``ner._arabic_segments`` as it was before the pieces (session 24), the reference."""
    stop = len(text)
    arabic_only = not (ner._OTHER_SCRIPT_LANG_RE.search(text, 0, stop)
                       or ner._NON_ARABIC_LETTER_RE.search(text, 0, stop))
    out = []
    a = 0
    cuts = [(m.end() if m.group() != "\n" else m.start(), m.end())
            for m in ner._SEGMENT_END_RE.finditer(text, 0, stop)]
    for b, nxt in [*cuts, (stop, stop)]:
        toks = [m.span() for m in ner._TOKEN_RE.finditer(text, a, b)] if b > a else []
        a = nxt
        if not toks:
            continue
        s, e = toks[0][0], toks[-1][1]
        if (ner._LETTERS_RE.search(text, s, e) is not None) if arabic_only \
                else ner._mostly_arabic(text[s:e]):
            out.append(toks)
    return out


def test_pieces_are_the_old_sentences(texts: list[str]) -> None:
    extra = ["Hello world. مرحبا بكم\nسلام عليكم!", "\u200fالرئيس\u200f قال: «نعم».\n\nEnd",
             "کتاب فارسی. جملة عربية؟ English only.", ""]
    for text in [*texts, *extra]:
        want = _old_arabic_segments(text)
        pieces = ner._arabic_pieces(text)
        assert [ner._offsets(text, a, b) for a, b, _ in pieces] == want
        assert [toks for _, _, toks in pieces] == [[text[s:e] for s, e in sent] for sent in want]
        assert ner._arabic_segments(text) == want


def _old_runs(tags: list[str]) -> list[tuple[str, int, int]]:
    out, i, n = [], 0, len(tags)
    while i < n:
        if tags[i] == "O":
            i += 1
            continue
        typ, j = tags[i][2:], i + 1
        while j < n and tags[j] == "I-" + typ:
            j += 1
        out.append((typ, i, j))
        i = j
    return out


def test_runs_are_the_old_runs() -> None:
    rng = random.Random(5)
    tags = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "I-ORG"]
    for _ in range(2000):
        seq = [rng.choice(tags) for _ in range(rng.randrange(0, 12))]
        assert ner._runs(seq) == _old_runs(seq)


@pytest.mark.parametrize("kernel", ["1", "0"])
def test_document_scores_are_crfsuites_sums(monkeypatch: pytest.MonkeyPatch, kernel: str,
                                            texts: list[str], compiled: ner._Compiled) -> None:
    """Each item's state scores: its own row, then its neighbours' attributes and bigrams in
    item order, summed one by one (``sum_in_order``) — what the per-sentence code computed;
    with the kernel (when built) and with the numpy fallback."""
    monkeypatch.setenv(crf_numpy.KERNEL_ENV, kernel)
    model = compiled.model
    for text in texts[:10]:
        toks = [p[2] for p in ner._arabic_pieces(text)]
        if not toks:
            continue
        scores, starts, lens = compiled.scores(toks)
        for sent, a in zip(toks, starts, strict=True):
            items = ner._tagger_items(sent, ner._known_for(ner.load()))
            for k, item in enumerate(items):
                ids = [compiled.ids[x.decode("utf-8")] for x in item]
                assert scores[a + k].tobytes() == crf_numpy.sum_in_order(model, ids).tobytes()
