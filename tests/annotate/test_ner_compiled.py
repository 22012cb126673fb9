"""The numpy CRF engine (:mod:`mawsua.annotate.crf_numpy`, the "compiled" NER tagger) gives
CRFsuite's output: the same labels and marginals within 1e-9.

Checked against ``pycrfsuite.Tagger`` on the shipped model over real corpus sentences (whole,
cut and glued at random by hypothesis, tagged alone and in batches of different lengths), on
tiny models this test trains itself over random attribute sequences (where exact ties between
labels occur, so tie-breaking is exercised), with the row cache forced to rotate and to grow,
and end to end: ``MAWSUA_NER_ENGINE=crfsuite`` and ``numpy`` give the same spans.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mawsua.annotate import crf_numpy, ner

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / "articles.jsonl"
N_ARTICLES = 40
TOL = 1e-9


def _texts(n: int = N_ARTICLES) -> list[str]:
    if not CORPUS.is_file():
        pytest.skip("shared corpus not available")
    out: list[str] = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if text:
                out.append(text)
            if len(out) >= n:
                break
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


@pytest.fixture(scope="module")
def sentences(texts: list[str]) -> list[list[str]]:
    return [[t[s:e] for s, e in sent] for t in texts for sent in ner._arabic_segments(t)]


@pytest.fixture(scope="module")
def compiled() -> ner._Compiled:
    comp = ner._compiled_for(ner.load())
    assert comp is not None, "the shipped model must be served by the numpy engine"
    return comp


def _assert_same(comp: ner._Compiled, sents: list[list[str]]) -> None:
    """The numpy engine's (tags, confidences) of ``sents`` as one batch are CRFsuite's."""
    tagger = ner.load()
    got = comp.tag(sents)
    for toks, (tags, conf) in zip(sents, got, strict=True):
        want_tags, want_conf = ner._tag_with_confidence(toks, tagger)
        assert tags == want_tags, toks
        assert len(conf) == len(want_conf)
        assert max((abs(a - b) for a, b in zip(conf, want_conf, strict=True)), default=0.0) \
            <= TOL, toks


def test_model_read_matches_dump() -> None:
    tagger = ner.load()
    info = tagger.info()
    model = crf_numpy.read_model(ner.MODEL_PATH, info.labels, info.state_features,
                                 info.attributes)
    assert model.labels == tuple(sorted(info.labels, key=lambda y: int(info.labels[y])))
    assert model.state.shape == (int(info.header["num_attrs"]) + 1, len(model.labels))
    assert not model.state[model.pad].any()
    lab = {y: i for i, y in enumerate(model.labels)}
    for (a, b), w in info.transitions.items():
        assert abs(model.trans[lab[a], lab[b]] - w) <= 1e-6
    assert np.count_nonzero(model.state) == len(info.state_features)


def test_read_model_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.crfsuite"
    bad.write_bytes(b"not a model at all, not a model at all, not a model")
    with pytest.raises(ValueError):
        crf_numpy.read_model(bad, {"O": 0})


def test_scores_are_added_in_item_order() -> None:
    # (1e16 + 1) - 1e16 == 0 in float64, 1e16 - 1e16 + 1 == 1: the order is visible
    state = np.array([[1e16, 0.0], [1.0, 0.0], [-1e16, 0.0], [0.0, 0.0]])
    model = crf_numpy.CrfModel(("A", "B"), state, np.zeros((2, 2)))
    ids = np.array([[0, 1, 2], [0, 2, 1]])
    assert crf_numpy.state_scores(model, ids)[:, 0].tolist() == [0.0, 1.0]
    assert crf_numpy.sum_in_order(model, [0, 1, 2])[0] == 0.0
    assert crf_numpy.sum_in_order(model, [0, 2, 1])[0] == 1.0
    start = np.array([[1e16, 0.0], [1e16, 0.0]])
    got = crf_numpy.state_scores(model, np.array([[1, 2], [2, 1]]), start)
    assert got[:, 0].tolist() == [0.0, 1.0]


def test_cached_stems_are_stem_of(compiled: ner._Compiled,
                                  sentences: list[list[str]]) -> None:
    assert compiled.stems(sentences) == [[ner.stem_of(w) for w in s] for s in sentences]


def test_word_ids_are_those_of_the_feature_strings(compiled: ner._Compiled,
                                                   sentences: list[list[str]]) -> None:
    """The ids a word type gets by value (``_ids``, no strings built) are exactly the known
    ids of its feature strings (``word_features`` / ``_context_of``), in the same order."""
    words = {w for s in sentences for w in s} | {"الـ", "=", "w=x", "2015", "ABC", "Abc", "x|y"}
    assert len(words) > 3000
    for w in sorted(words):
        ref = ner._word.__wrapped__(w)
        f, stem, own, groups = compiled._ids(w)
        assert (f, stem, [own, *groups]) == (ref[1], ref[2], compiled._groups(ref)), w


def test_real_sentences_in_one_batch(compiled: ner._Compiled,
                                     sentences: list[list[str]]) -> None:
    assert len(sentences) > 300
    _assert_same(compiled, sentences)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_real_sentences(compiled: ner._Compiled, sentences: list[list[str]],
                               data: st.DataObject) -> None:
    """Sentences drawn from the corpus, cut to random windows and glued together, tagged in
    random batches: each is tagged as CRFsuite tags it alone."""
    k = data.draw(st.integers(1, 6))
    batch: list[list[str]] = []
    for _ in range(k):
        glued: list[str] = []
        for _ in range(data.draw(st.integers(1, 3))):
            s = data.draw(st.sampled_from(sentences))
            a = data.draw(st.integers(0, len(s) - 1))
            b = data.draw(st.integers(a + 1, len(s)))
            glued += s[a:b]
        batch.append(glued)
    _assert_same(compiled, batch)


def _train_tiny(path: Path, xs: list[list[list[str]]], ys: list[list[str]], c2: float) -> None:
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        tr.append(x, y)
    tr.set_params({"c1": 0.0, "c2": c2, "max_iterations": 30,
                   "feature.possible_transitions": True})
    tr.train(str(path))


_ATTRS = [f"a{i}" for i in range(12)]
_LABELS = ["O", "X", "Y", "Z"]
_item = st.lists(st.sampled_from([*_ATTRS, "unseen"]), max_size=5)
_sentence = st.lists(_item, min_size=1, max_size=12)


@settings(max_examples=25, deadline=None)
@given(train=st.lists(st.tuples(_sentence, st.randoms(use_true_random=False)), min_size=2,
                      max_size=8),
       test=st.lists(_sentence, min_size=1, max_size=6),
       c2=st.sampled_from([0.0, 0.01, 1.0]))
def test_tiny_trained_models(tmp_path_factory: pytest.TempPathFactory,
                             train: list, test: list[list[list[str]]], c2: float) -> None:
    """A model trained here on random attribute sequences (random labels), then random
    sentences: numpy labels and marginals are CRFsuite's. Attributes an item repeats, items
    without any known attribute (all-zero state scores: ties broken by the first label) and
    attributes the model never saw are all drawn. Without regularisation (``c2 = 0``) the
    marginals are compared only where CRFsuite's own are a distribution."""
    import pycrfsuite

    xs = [s for s, _ in train]
    ys = [[rnd.choice(_LABELS) for _ in s] for s, rnd in train]
    path = tmp_path_factory.mktemp("tiny") / "tiny.crfsuite"
    _train_tiny(path, xs, ys, c2)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    model = crf_numpy.read_model(path, info.labels, info.state_features, info.attributes)
    ids = {a: int(i) for a, i in info.attributes.items()}
    got = crf_numpy.tag_ids(model, [[[ids[a] for a in item if a in ids] for item in s]
                                    for s in test])
    for s, (labels, marg) in zip(test, got, strict=True):
        tagger.set(s)
        want = tagger.tag()
        assert [model.labels[y] for y in labels] == want
        for t in range(len(s)):
            theirs = [tagger.marginal(name, t) for name in model.labels]
            if c2 == 0.0 and not abs(sum(theirs) - 1.0) <= TOL:  # NaN included
                # unregularised weights can grow so large that CRFsuite's exp(state), taken
                # without subtracting the maximum, overflows (its marginals then sum to 0 or
                # NaN); ours stay a distribution
                assert abs(marg[t].sum() - 1.0) <= TOL
                continue
            assert max(abs(a - b) for a, b in zip(marg[t].tolist(), theirs, strict=True)) <= TOL


def test_engines_give_identical_spans(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ner.ENGINE_ENV, "numpy")
    fast = [ner.predict_spans(t) for t in texts]
    tags = [ner.tag_document([["الرئيس", "الأمريكي", "جو", "بايدن"], []])]
    assert ner.engine() == "numpy"
    monkeypatch.setenv(ner.ENGINE_ENV, "crfsuite")
    assert ner._compiled_for(ner.load()) is None
    slow = [ner.predict_spans(t) for t in texts]
    assert [ner.tag_document([["الرئيس", "الأمريكي", "جو", "بايدن"], []])] == tags
    assert sum(map(len, fast)) > 500
    for f, s in zip(fast, slow, strict=True):
        assert [(x.start, x.end, x.label) for x in f] == [(x.start, x.end, x.label) for x in s]
        assert [x.attrs for x in f] == [x.attrs for x in s]
    monkeypatch.setenv(ner.ENGINE_ENV, "fortran")
    with pytest.raises(ValueError):
        ner.engine()


def test_tag_uses_the_engine(sentences: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    got = [ner.tag(s) for s in sentences[:80]]
    monkeypatch.setenv(ner.ENGINE_ENV, "crfsuite")
    assert [ner.tag(s) for s in sentences[:80]] == got


def test_row_cache_rotates_and_grows(compiled: ner._Compiled, sentences: list[list[str]],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """With generations of 200 words (rotating inside batches) and id groups narrower than
    most words need (rebuilt on the fly), the output is still CRFsuite's and the cache stays
    within its bound; a batch with more word types than two generations hold is tagged by
    CRFsuite."""
    monkeypatch.setattr(ner, "_ID_GENERATION", 200)
    tagger = ner.load()
    try:
        compiled.widths = [1, 1, 1, 1]
        compiled.clear()
        done = 0
        for i in range(0, 400, 3):
            batch = sentences[i:i + 3]
            if len({w for s in batch for w in s}) < 150:
                _assert_same(compiled, batch)
                done += 1
            assert len(compiled.new) <= 200 and len(compiled.old) <= 200
        assert done > 50 and compiled.generation > 10
        assert compiled.widths != [1, 1, 1, 1]
        big = sentences[:200]
        assert len({w for s in big for w in s}) > 400
        with pytest.raises(ner._TooLarge):
            compiled.tag(big)
        assert ner._tag_sentences(big, tagger) == \
            [ner._tag_with_confidence(s, tagger) for s in big]
    finally:
        monkeypatch.undo()
        compiled.clear()
    assert compiled.rows.shape[0] == ner._ID_GENERATION + 3
