"""The connect features' shared per-word-type records give what the per-word functions give
(session 25: one memo look-up per word type for the signature, terms and topic keys)."""

from __future__ import annotations

import math

import numpy as np

from mawsua.arabic.fold import tokens
from mawsua.connect import features as F
from mawsua.connect import sections as S

TITLE = "المنتخب السعودي يفوز على منتخب مصر في الدوري"
TEXT = ("قال وزير الخارجية المصري إن الحكومة العراقية ستستضيف القمة، وذكرت صحيفة الغد "
        "الأردنية أن الوفد الأردني وصل. وبالمصري تحدث اللاعب الكوريين عن المباراة "
        "والدوري والمنتخب 18 هدفا في 2018 ولمنتخب مصر جمهور كبير في الدوري الممتاز")


def _reference_terms(title: list[str], body: list[str]) -> tuple[tuple[str, float], ...]:
    tf: dict[str, int] = {}
    weight: dict[str, float] = {}
    for words, boost in ((body, 1), (title, F.TITLE_BOOST)):
        for w in dict.fromkeys(words):
            t = F.term_of(w)
            i = F.idf(w) if t is not None else 0.0
            if t is None or i <= 0:
                continue
            tf[t] = tf.get(t, 0) + boost * words.count(w)
            weight[t] = max(weight.get(t, 0.0), i)
    scored = sorted(((t, (1 + math.log(c)) * weight[t]) for t, c in tf.items()),
                    key=lambda p: (-p[1], p[0]))[: F.MAX_TERMS]
    norm = math.sqrt(sum(w * w for _, w in scored))
    return tuple((t, w / norm) for t, w in scored)


def test_records_are_the_functions_values() -> None:
    words = tokens(TITLE + " " + TEXT)
    recs = F.word_records(words)
    assert list(recs) == list(dict.fromkeys(words))
    for w, r in recs.items():
        assert r.term == F.term_of(w)
        assert r.idf == (F.idf(w) if r.term is not None else 0.0)
        assert r.hash == F.word_hash(w)
    assert F.terms_or_words(words) == [F.term_of(w) or w for w in words]


def test_term_vector_and_signature_as_computed_word_by_word() -> None:
    title, body = tokens(TITLE), tokens(TEXT)
    assert F.term_vector(title, body) == _reference_terms(title, body)
    # the shingle hashes from word_hash, one call per token, as before the records
    h = np.array([F.word_hash(w) for w in body], dtype=np.uint64)
    k = F.SHINGLE_WORDS
    ref = h[: len(h) - k + 1].copy()
    for j in range(1, k):
        ref *= F._SHINGLE_BASE
        ref += h[j : len(h) - k + 1 + j]
    assert F.shingle_hashes(body).tolist() == F._mix(ref + np.uint64(k)).tolist()
    assert F.signature(body) == F.signature(body, F.word_records(body))


def test_sections_with_the_callers_tokens_are_the_same() -> None:
    title, text = tokens(TITLE), tokens(TEXT)
    assert S.body_demonyms(TEXT, text) == S.body_demonyms(TEXT)
    assert S.body_demonyms(TEXT)  # المصري، العراقية، الأردني (not الأردنية after صحيفة)
    assert S.national_teams("", [*title, *text]) == S.national_teams(f"{TITLE}\n{TEXT}")
    assert S.national_teams(f"{TITLE}\n{TEXT}") == {"SA": 1, "EG": 1}  # not ولمنتخب
    assert S.topics(title, text) == S.topics(title, text, F.terms_or_words(title),
                                             F.terms_or_words(text))
