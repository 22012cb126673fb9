"""Merged words on unseen news (issue 10, session 20): kinds found by reading every applied
repair of a seeded sample of corpus2 (``bench/sample_repairs.py``). Examples are written here,
not copied from any gold file."""

from __future__ import annotations

import pytest

from mawsua.clean.merged import analyse


def _applied(text: str) -> list[str]:
    return [e.replacement for e in analyse(text)[0]]


@pytest.mark.parametrize(("text", "fixed"), [
    # an inflected imperfect verb after لا (wordfreq lists few inflected forms)
    ("المسؤولون يقصرون ولايحاسبون أبدا.", "ولا يحاسبون"),
    ("الحكومة لاتعلنها صراحة.", "لا تعلنها"),
    ("وهم لايعرفونه جيدا.", "لا يعرفونه"),
    # ما/لا + a word the pair table has seen apart far more often than joined
    ("وهذا مايجب فعله الآن.", "ما يجب"),
    ("ولاعلاقة لذلك بالسياسة.", "ولا علاقة"),
    # a generic noun before لا + verb is a relative clause, not a name's head
    ("هذا قانون لايسمح بذلك.", "لا يسمح"),
])
def test_particle_glue_with_evidence_is_applied(text: str, fixed: str) -> None:
    assert _applied(text) == [fixed]


def test_a_name_after_its_head_noun_is_only_proposed() -> None:
    # The Lancet: لا + a perfect-looking verb right after "journal" is a name
    applied, proposed = analyse("نشرت مجلة لانسيت البريطانية دراسة جديدة.")
    assert not applied
    assert [e.replacement for e in proposed] == ["لا نسيت"]


def test_a_doubled_alef_after_the_article_is_no_glue() -> None:
    # بالاإقليم is بالإقليم with its alef typed twice, not بالا + إقليم
    assert _applied("أجري الاستفتاء بالاإقليم الشمالي أمس.") == []


@pytest.mark.parametrize("name", ["لابيد", "مالاس", "لاجيس", "لاماركوس"])
def test_names_beginning_like_a_particle_stay_whole(name: str) -> None:
    assert _applied(f"وقال {name} إن الاتفاق قريب.") == []


@pytest.mark.parametrize(("text", "fixed"), [
    ("ورفضت اللجنة المقترحاتالتي قدمها النواب.", "المقترحات التي"),
    ("وكرم الوزير الموظفين والمتطوعينالذين شاركوا.", "والمتطوعين الذين"),
])
def test_a_relative_pronoun_glued_after_a_listed_word_is_cut(text: str, fixed: str) -> None:
    assert _applied(text) == [fixed]


@pytest.mark.parametrize("word", ["استقالتي", "رسالتي", "وحالتي"])
def test_words_ending_in_the_letters_of_a_relative_stay_whole(word: str) -> None:
    assert _applied(f"تحدثت عن {word} أمس.") == []


@pytest.mark.parametrize(("text", "fixed"), [
    ("ومنع المحتجون من التجمهر والتواجدفي الميادين.", "والتواجدفي"),
    ("وألقت الطائرات البراميلعلى الأحياء.", "البراميلعلى"),
])
def test_a_function_word_glued_after_a_listed_definite_word_is_cut(text: str,
                                                                   fixed: str) -> None:
    applied = analyse(text)[0]
    assert [text[e.raw_start:e.raw_end] for e in applied][-1] == fixed
    assert applied[-1].replacement.count(" ") == 1


@pytest.mark.parametrize("word", ["الصحفي", "الثقافي", "المختفي", "المتضامن", "الربابين",
                                  "الجيران"])
def test_definite_words_ending_in_a_function_words_letters_stay_whole(word: str) -> None:
    assert _applied(f"تحدث {word} أمس.") == []


def test_a_backed_split_left_by_a_number_junction_is_made_in_the_first_pass() -> None:
    # a second pass must find nothing more: the piece the number rule leaves (فينتعامل)
    # is judged with the article's words in the first pass, as the second pass would
    text = "قال إننا سنبدأ عام 2015فينتعامل مع الملف، وسوف نتعامل معه بجدية."
    applied = analyse(text)[0]
    assert [e.replacement for e in applied] == ["2015 في نتعامل"]
    fixed = text.replace("2015فينتعامل", "2015 في نتعامل")
    assert analyse(fixed) == ([], [])


@pytest.mark.parametrize(("text", "fixed"), [
    ("ويعاقب بالحبس أوعدم الترشح للانتخابات.", "أو عدم"),
    ("سواء بمفرده أومع شركائه.", "أو مع"),
])
def test_or_glued_to_a_word_the_pair_table_has_seen_after_it(text: str, fixed: str) -> None:
    assert _applied(text) == [fixed]


@pytest.mark.parametrize("word", ["أومن", "أوفى", "أوباما", "أوبك", "أوغلو"])
def test_listed_words_and_names_beginning_with_or_stay_whole(word: str) -> None:
    assert _applied(f"وقال {word} ذلك.") == []


@pytest.mark.parametrize(("text", "fixed"), [
    ("وهذا يخالف ماأعلنت عنه الوزارة.", "ما أعلنت"),
    ("قال إنه لاأستطيع الحكم الآن.", "لا أستطيع"),
])
def test_an_alef_right_after_ma_or_la_begins_a_word(text: str, fixed: str) -> None:
    assert _applied(text) == [fixed]


@pytest.mark.parametrize("word", ["لاإنساني", "لاأخلاقية", "لاإرادي"])
def test_negated_adjectives_written_joined_are_not_applied(word: str) -> None:
    assert _applied(f"وصف العمل بأنه {word} تماما.") == []
