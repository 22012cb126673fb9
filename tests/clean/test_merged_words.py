"""The `words` cue of the merged-word repair: two frequent words of >= 4 letters whose joined
form no text lists (issue 10, session 21), and the refusals that keep names and inflected
words whole."""

from __future__ import annotations

import pytest

from mawsua.clean import merged


@pytest.fixture(autouse=True)
def _fresh_caches():
    merged.clear_caches()
    yield
    merged.clear_caches()


def _verdict(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    applied, proposed = merged.analyse(text)
    return ([(e.replacement, e.attrs["rule"]) for e in applied],
            [(e.replacement, e.attrs["rule"]) for e in proposed])


@pytest.mark.parametrize("text, want", [
    ("وقال إن استمرتوقف العمل بالميناء", "استمر توقف"),   # a verb and a noun
    ("وأكد أنهم ليسواهكذا في الواقع", "ليسوا هكذا"),       # a verb and an adverb
])
def test_two_frequent_words_are_applied(text: str, want: str) -> None:
    applied, proposed = _verdict(text)
    assert applied == [(want, "words")] and proposed == []


def test_the_cue_needs_an_unlisted_whole_and_frequent_parts() -> None:
    assert merged._frequent_words("استمر", "توقف", "استمرتوقف")
    # a part of three letters: transliterated names are built of such pieces (سمير + دون)
    assert not merged._frequent_words("سمير", "دون", "سميردون")
    # a whole wordfreq lists is a word (or a listed slip): not this cue's
    assert merged.zipf("الشرقالاوسط") > 0  # wordfreq's web text lists the slip (Zipf ~1)
    assert not merged._frequent_words("الشرق", "الاوسط", "الشرقالأوسط")


@pytest.mark.parametrize("text", [
    "وكان منفذوهما قد فرا",        # a plural ending and its pronoun, not منفذ + وهما
    "وقال البنعالي إن الاتفاق",     # one definite name: البن has a two-letter stem
    "وأكد الدكتور أمينابار ذلك",    # a rest with a bare alef: an ending or a name
    "الشابة كلير واينلاند البالغة",  # واين is a given name in the tagged text
])
def test_names_and_inflections_stay_whole(text: str) -> None:
    applied, _ = _verdict(text)
    assert applied == []


def test_a_cut_beside_a_name_is_only_proposed() -> None:
    # the word after is tagged as a person's name: a transliterated surname is often built of
    # two frequent words, so the cut is listed, not applied
    applied, proposed = _verdict("عثرت الشرطة على جثة الشاب استمرتوقف محمد")
    assert applied == [] and proposed == [("استمر توقف", "words")]
    applied, proposed = _verdict("وقال اللاعب استمرتوقف إن")
    assert applied == [] and proposed == [("استمر توقف", "words")]
    # beside a word no text lists (a foreign name: جاندا سينغوالا) or inside quotation marks
    applied, proposed = _verdict("وقال ززقخث استمرتوقف إن")
    assert applied == [] and proposed == [("استمر توقف", "words")]
    applied, proposed = _verdict("وقال «استمرتوقف» إن")
    assert applied == [] and [p[1] for p in proposed] == ["words"]


def test_a_person_name_table_lookup() -> None:
    table = merged.bigrams.table()
    assert table.person_name("محمد") > 0 and table.person_name("مدير") == 0
    # the name keys are no first words of pairs
    assert all(not w.endswith(merged.bigrams.NAME_SUFFIX) for w in table.first_words("محمد"))


@pytest.mark.parametrize("chunk, want", [
    ("لمدة6", "لمدة 6"),      # one of the most common words and a count
    ("جنيف1", None),          # a name's index stays (Geneva I)
    ("تشكيل1", None),         # a common word, but not among the most common: an index
    ("عن4", "عن 4"),          # a function word (unchanged rule)
])
def test_a_single_digit_after_a_word(chunk: str, want: str | None) -> None:
    fix = merged.fix_chunk(chunk)
    assert (fix.replacement if fix else None) == want
