"""The two-generation memos (:class:`mawsua.arabic.memo.Generations`) of
:func:`mawsua.arabic.variants.key` and ``clitic_keys`` give the values computed afresh whatever
the order of look-ups, and stay within their bound."""

from __future__ import annotations

import random

import pytest

from mawsua.arabic import variants
from mawsua.arabic.memo import Generations

WORDS = ["والعراق", "بالعراق", "للجنة", "الأمريكي", "وللعراق", "Biden", "بايدن", "كالعادة",
         "فبالمدينة", "لبنان", "الرئيس", "مسؤول", "هيئة", "وزير", "ﻻ", "ء", ""]


def test_memo_gives_fresh_values_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_key = {w: variants._key(w) for w in WORDS}
    fresh_clitic = {w: variants._clitic_keys(w) for w in WORDS}
    assert fresh_key["الأمريكي"] == "الاميركي" and fresh_key["Biden"] == "Biden"
    keys, clitics = Generations(variants._key, 4), Generations(variants._clitic_keys, 4)
    monkeypatch.setattr(variants, "_KEYS", keys)
    monkeypatch.setattr(variants, "_CLITICS", clitics)
    rng = random.Random(7)
    rotations = 0
    for _ in range(500):
        w = rng.choice(WORDS)
        before = keys.old
        assert variants.key(w) == fresh_key[w]
        assert variants.clitic_keys(w) == fresh_clitic[w]
        rotations += keys.old is not before
        for memo in (keys, clitics):
            assert len(memo.new) <= 4 and len(memo.old) <= 4
    assert rotations > 10
    assert variants.clitic_keys("وبالعراق") == ("وبالعراق", "بالعراق", "العراق")


def test_generations_move_old_keys_and_compute_each_once() -> None:
    calls: list[str] = []

    def fn(k: str) -> str:
        calls.append(k)
        return k.upper()

    memo = Generations(fn, 2)
    assert [memo(k) for k in "abab"] == ["A", "B", "A", "B"] and calls == ["a", "b"]
    memo("c")  # new generation full: {a, b} becomes the old one
    assert memo.old.keys() == {"a", "b"} and memo.new.keys() == {"c"}
    assert memo("a") == "A" and calls == ["a", "b", "c"]  # moved back, not recomputed
    memo.clear()
    assert memo("a") == "A" and calls == ["a", "b", "c", "a"]


def test_keys_of_many_words_are_their_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """:func:`variants.keys` (a whole article's words at once) gives :func:`variants.key` of
    each word, in order, through memo rotations."""
    monkeypatch.setattr(variants, "_KEYS", Generations(variants._key, 3))
    words = WORDS * 3 + list(reversed(WORDS))
    assert variants.keys(words) == [variants._key(w) for w in words]
    assert variants.keys([]) == []



def _two_step_key(token: str) -> str:
    """The match key as first written: fold, then the hamza seats, then America's spelling."""
    if variants.is_latin(token):
        return token
    return variants._AMERICA_RE.sub("اميرك", variants.fold(token).translate(variants._HAMZA))


def test_one_table_key_is_the_two_step_key() -> None:
    """:func:`variants._key` (one ``str.translate``) equals fold + hamza translate + the
    America rule on every code point below U+3000, the presentation forms, and words that
    mix them (harakat, tatweel, hamza seats, digits, Latin after Arabic, casefolding)."""
    chars = [chr(c) for c in range(0x20, 0x3000)] + [chr(c) for c in range(0xFB50, 0xFEFF)]
    words = chars + WORDS + ["إِسْرَائِيلُ", "ـالأمريكيةـ", "الأمْرِيكي", "ب٢٠١٥", "عمرو1",
                             "مؤتمرΣ", "بئرß", "ٱلۀ", "كابل\u200fي", "İstanbulية", "ئؤء"]
    words += [a + b for a in ("ال", "و", "ب", "Ab") for b in chars[::7]]
    assert [variants._key(w) for w in words] == [_two_step_key(w) for w in words]


def _all_forms_clitic_keys(token: str) -> tuple[str, ...]:
    """``clitic_keys`` as first written: every form tried, whatever the first letter."""
    k = variants.key(token)
    if variants.is_latin(token):
        return (k,)
    forms = [k]
    if k[:1] in variants._CONJ and len(k) - 1 >= variants.MIN_STEM:
        forms.append(k[1:])
    for f in list(forms):
        forms.extend(variants._strip_prep(f))
    return tuple(dict.fromkeys(forms))


def test_clitic_keys_fast_path_is_the_full_computation() -> None:
    """Keys that open with no conjunction or preposition letter skip the stripping; every
    word gives what trying all forms gives."""
    stems = ["العراق", "لجنة", "الله", "بلد", "كتاب", "فيلم", "وزير", "مصر", "Biden", "ل", ""]
    words = [p + s for p in ("", "و", "ف", "ب", "ل", "ك", "لل", "ول", "وب", "فلل", "أ", "إ")
             for s in stems] + WORDS
    assert [variants._clitic_keys(w) for w in words] == [_all_forms_clitic_keys(w)
                                                         for w in words]
