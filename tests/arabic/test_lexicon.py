"""The shipped, memory-mapped Arabic lexicon: same content as a fresh build from wordfreq."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from mawsua.arabic import lexicon


@pytest.fixture(scope="module")
def built() -> dict[str, float]:
    """The table as the builder computes it from wordfreq now (~0.8 s)."""
    return lexicon._build()


def _sample(table: dict[str, float]) -> list[str]:
    """2,000 random forms and the 1,000 most frequent ones."""
    words = sorted(table)
    top = sorted(words, key=lambda w: (-table[w], w))[:1000]
    return random.Random(0).sample(words, 2000) + top


def test_shipped_files_are_mapped() -> None:
    for name in (lexicon.TRIE_NAME, lexicon.FREQ_NAME):
        assert (lexicon.DATA_DIR / name).is_file(), "run python -m mawsua.arabic.lexicon --build"
    assert isinstance(lexicon.table(), lexicon.Lexicon)


def test_shipped_file_matches_builder(built: dict[str, float]) -> None:
    """If this fails, wordfreq or folding changed: rebuild with
    ``python -m mawsua.arabic.lexicon --build`` and commit the data files."""
    shipped = lexicon.table()
    assert len(shipped) == len(built) > 500_000
    for word in _sample(built):
        assert shipped.get(word) == built[word], word  # exact floats, not rounded
        assert lexicon.frequency(word) == built[word]
        assert lexicon.zipf(word) == math.log10(built[word] * 1e9)


def test_builder_round_trip(built: dict[str, float], tmp_path: Path) -> None:
    n, distinct = lexicon.build(tmp_path)
    assert n == len(built) and distinct <= 0xFFFF
    fresh = lexicon.Lexicon(tmp_path)
    for word in _sample(built):
        assert fresh[word] == built[word]
    for name in (lexicon.TRIE_NAME, lexicon.FREQ_NAME):
        assert (tmp_path / name).read_bytes() == (lexicon.DATA_DIR / name).read_bytes()


def test_mapping_api() -> None:
    table = lexicon.table()
    assert "في" in table and "فيالحربين" not in table and 3 not in table
    assert table.get("فيالحربين") is None and table.get("فيالحربين", 0.0) == 0.0
    with pytest.raises(KeyError):
        table["فيالحربين"]
    assert 7.0 < lexicon.zipf("في") < 8.5
    assert lexicon.zipf("فيالحربين") == 0.0 and lexicon.frequency("فيالحربين") == 0.0


def test_common_words(built: dict[str, float]) -> None:
    cut = 10 ** (5.0 - 9)
    assert lexicon.common_words(cut) == {w for w, f in built.items() if f >= cut}
    assert lexicon.common_words(2.0) == frozenset()


def test_fallback_builds_from_wordfreq(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                       built: dict[str, float]) -> None:
    monkeypatch.setattr(lexicon, "DATA_DIR", tmp_path)  # no data files there
    monkeypatch.setattr(lexicon, "_lex", None)
    monkeypatch.setattr(lexicon, "_fget", lexicon._first_get)
    assert lexicon.zipf("في") == math.log10(built["في"] * 1e9)
    table = lexicon.table()
    assert type(table) is dict and len(table) == len(built)
    assert lexicon.frequency("فيالحربين") == 0.0


def test_mismatched_files_are_refused(tmp_path: Path) -> None:
    for name in (lexicon.TRIE_NAME, lexicon.FREQ_NAME):
        (tmp_path / name).write_bytes((lexicon.DATA_DIR / name).read_bytes())
    with (tmp_path / lexicon.FREQ_NAME).open("ab") as fh:
        fh.write(b"\0\0")
    with pytest.raises(ValueError):
        lexicon.Lexicon(tmp_path)


def test_zipf_getter_gives_zipf_values() -> None:
    fast = lexicon.zipf_getter()
    words = ["في", "الحرب", "فيالحربين", "", "منقبضة", "x", *sorted(lexicon.common_words(1e-5))[:500]]
    assert [fast(w) for w in words] == [lexicon.zipf(w) for w in words]
