"""Search folding (DESIGN.md, Arabic conventions) on real text and random text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mawsua.arabic.fold import fold, fold_with_offsets, tokens

CORPUS = Path(__file__).resolve().parents[2].parent / "shared/corpus/articles.jsonl"


def test_fold_rules() -> None:
    assert fold("إِسْرَائِيلُ") == "اسرائيل"
    assert fold("أحمد آمال ٱلله") == "احمد امال الله"
    assert fold("مدرسة مستشفى") == "مدرسه مستشفي"
    assert fold("٢٠١٥ ۲۰۱۵") == "2015 2015"
    assert fold("كـــتـــب") == "كتب"
    assert fold("\u200fالرياض\u200e") == "الرياض"
    assert fold("Iraq") == "iraq"
    assert tokens("قال: «الرئيس» ذهب.") == ["قال", "الرئيس", "ذهب"]


@given(st.text(max_size=300))
def test_fast_fold_equals_per_character_fold(text: str) -> None:
    folded, offsets = fold_with_offsets(text)
    assert fold(text) == folded
    assert len(offsets) == len(folded) + 1


def test_fold_on_corpus_matches_reference() -> None:
    if not CORPUS.exists():
        import pytest

        pytest.skip("shared corpus not found")
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[::9]
    for ln in lines:
        text = json.loads(ln)["text"] or ""
        folded, offsets = fold_with_offsets(text)
        assert fold(text) == folded
        # every folded character points back at an original character
        for i, ch in enumerate(folded[:200]):
            assert offsets[i] < len(text)
            assert ch.isascii() or text[offsets[i]] != "\u0640"
