"""yeh_spelled on a long run of letters holding a ى (user test s24: the unanchored pattern
scanned the run again from every position, 80,000 letters took 24 s and 300,000 hung)."""

from __future__ import annotations

from mawsua.arabic.lexicon import yeh_spelled


def test_long_letter_runs_keep_their_length_and_words() -> None:
    text = "ب" * 300_000 + "ى" + "ب" * 3 + " الماضى"
    got = yeh_spelled(text)
    assert len(got) == len(text)
    assert got.endswith(" الماضي") and got[300_000] == "ى"  # inside a word: untouched
    assert yeh_spelled("الأسبوع الماضى ومصطفى") == "الأسبوع الماضي ومصطفى"
