"""The word-pair table of the merged-word repair (mawsua.arabic.bigrams)."""

from __future__ import annotations

from pathlib import Path

from mawsua.arabic import bigrams


def test_count_pairs_stops_at_punctuation_and_lines() -> None:
    total, pairs, words = bigrams.count_pairs([
        "قال الوزير إن الاتفاق، في ظل الأزمة\nفي ظل «الحرب» 2015 في",
    ])
    assert total == 11  # the number is no word
    assert pairs["في ظل"] == 2 and pairs["ظل الازمه"] == 1  # folded like the search key
    assert pairs["الاتفاق في"] == 0  # a comma between them
    assert pairs["ظل الحرب"] == 0 and pairs["الحرب في"] == 0  # quote marks and a number
    assert pairs["الازمه في"] == 0  # a line break
    assert words["في"] == 3


def test_save_and_open_round_trip(tmp_path: Path) -> None:
    total, pairs, words = bigrams.count_pairs(["في ظل الأزمة في ظل الحرب فيظل"])
    path = tmp_path / "t.marisa"
    kept = bigrams.save(path, total, pairs, words, min_count=2)
    assert kept == 1  # only "في ظل" is seen twice
    t = bigrams.Bigrams(path)
    assert t.total == total == 7
    assert t.pair("في", "ظل") == 2 and t.pair("ظل", "الازمه") == 0
    assert t.joined("فيظل") == 1  # the joined form of a kept pair, as a token
    assert t.pair_zipf("في", "ظل") > t.pair_zipf("ظل", "الحرب") == 0.0


def test_empty_table_is_no_evidence() -> None:
    t = bigrams.Bigrams(None)
    assert t.pair("في", "ظل") == 0 and t.joined("فيظل") == 0 and t.pair_zipf("في", "ظل") == 0.0


def test_shipped_table_is_bounded_and_has_common_pairs() -> None:
    assert bigrams.DATA_FILE.is_file() and bigrams.COUNTS_FILE.is_file()
    assert bigrams.DATA_FILE.stat().st_size + bigrams.COUNTS_FILE.stat().st_size < 4_000_000
    t = bigrams.table()
    assert t.total > 500_000
    assert t.pair("في", "ظل") > 50 * t.pair("ظل", "في")  # order matters
