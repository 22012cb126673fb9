"""Session 23's evidence for word + word glue with no other cue (issue 10): a long rarer part
in the `words` cue, a function word before a long rarer word, and the refusals that keep
nouns after prepositions and conjunction + word whole; and the fast path for chunks
without an Arabic letter."""

from __future__ import annotations

import pytest

from mawsua.clean import merged


@pytest.fixture(autouse=True)
def _fresh_caches():
    merged.clear_caches()
    yield
    merged.clear_caches()


def _applied(text: str) -> list[tuple[str, str]]:
    return [(e.replacement, e.attrs["rule"]) for e in merged.analyse(text)[0]]


def test_a_rarer_part_beside_a_long_one_is_a_words_cut() -> None:
    # يناسبنا (suits us) is listed rarely (Zipf < 3); تركيا is common; the whole is unlisted
    assert 2.0 <= merged.zipf("يناسبنا") < merged.WORDS_PART_ZIPF
    assert _applied("وقال إن الاتفاق لا يناسبناتركيا أكبر من استفاد") == [
        ("يناسبنا تركيا", "words")]


def test_a_rarer_part_needs_a_long_partner(monkeypatch: pytest.MonkeyPatch) -> None:
    # two four-letter parts, one rarer than Zipf 3: refused (short pieces make names) ...
    assert 2.0 <= merged.zipf("لقفز") < merged.WORDS_PART_ZIPF
    assert not merged._frequent_words("لقفز", "مجلس", "لقفزمجلس")
    # ... and the long-part condition alone decides it
    monkeypatch.setattr(merged, "WORDS_LONG_LETTERS", 4)
    assert merged._frequent_words("لقفز", "مجلس", "لقفزمجلس")


@pytest.mark.parametrize("text, want", [
    ("وأكد أنتعدادها تجاوز المليون", "أن تعدادها"),
    ("وتحدث عنمصادرتها أمس", "عن مصادرتها"),
])
def test_a_function_word_before_a_long_rarer_word(text: str, want: str) -> None:
    assert _applied(text) == [(want, "function")]


@pytest.mark.parametrize("text", [
    "وزعت المساعدات على الأسر معيليها من العاطلين",  # معيليها (their breadwinners): a noun
    "وكان المصلون ومعتكفين في المسجد",              # و + معتكفين, not ومع + تكفين
])
def test_a_preposition_before_a_verb_or_a_conjunction_head_stays_whole(text: str) -> None:
    assert _applied(text) == []


@pytest.mark.parametrize("chunk", ["2015/03/01", "(AFP)", "www.example.com", "—", "12,5%"])
def test_chunks_without_an_arabic_letter_are_never_cut(chunk: str) -> None:
    assert merged.fix_chunk(chunk) is None
