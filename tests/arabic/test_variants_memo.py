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

