"""The two-generation memos of :func:`mawsua.arabic.variants.key` and ``clitic_keys`` give the
values computed afresh whatever the order of look-ups, and stay within their bound."""

from __future__ import annotations

import random

import pytest

from mawsua.arabic import variants

WORDS = ["والعراق", "بالعراق", "للجنة", "الأمريكي", "وللعراق", "Biden", "بايدن", "كالعادة",
         "فبالمدينة", "لبنان", "الرئيس", "مسؤول", "هيئة", "وزير", "ﻻ", "ء", ""]


def test_memo_gives_fresh_values_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_key = {w: variants._AMERICA_RE.sub("اميرك", variants.fold(w).translate(
        variants._HAMZA)) if not variants.is_latin(w) else w for w in WORDS}
    fresh_clitic = {w: variants._clitic_keys(w) for w in WORDS}
    monkeypatch.setattr(variants, "_CACHE_MAX", 4)
    for memo in ("_KEY_NEW", "_KEY_OLD", "_CLITIC_NEW", "_CLITIC_OLD"):
        monkeypatch.setattr(variants, memo, {})
    rng = random.Random(7)
    rotations = 0
    for _ in range(500):
        w = rng.choice(WORDS)
        before = variants._KEY_OLD
        assert variants.key(w) == fresh_key[w]
        assert variants.clitic_keys(w) == fresh_clitic[w]
        rotations += variants._KEY_OLD is not before
        for memo in ("_KEY_NEW", "_KEY_OLD", "_CLITIC_NEW", "_CLITIC_OLD"):
            assert len(getattr(variants, memo)) <= 4
    assert rotations > 10
    assert variants.clitic_keys("وبالعراق") == ("وبالعراق", "بالعراق", "العراق")
