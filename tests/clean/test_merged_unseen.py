"""Merged words on unseen news (issue 10, session 20): kinds found by reading every applied
repair of a seeded sample of corpus2 (``bench/sample_repairs.py``) and the synthetic misses.
Examples are written here, not copied from any gold file."""

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
    # ما/لا/أو + a word the pair table has seen apart far more often than joined
    ("وهذا مايجب فعله الآن.", "ما يجب"),
    ("ولاعلاقة لذلك بالسياسة.", "ولا علاقة"),
    ("ويعاقب بالحبس أوعدم الترشح للانتخابات.", "أو عدم"),
    ("سواء بمفرده أومع شركائه.", "أو مع"),
    # a generic noun before لا + verb is a relative clause, not a name's head
    ("هذا قانون لايسمح بذلك.", "لا يسمح"),
    # an alef right after ما/لا begins a word
    ("وهذا يخالف ماأعلنت عنه الوزارة.", "ما أعلنت"),
    ("قال إنه لاأستطيع الحكم الآن.", "لا أستطيع"),
    # a relative pronoun after a listed word
    ("ورفضت اللجنة المقترحاتالتي قدمها النواب.", "المقترحات التي"),
    ("وكرم الوزير الموظفين والمتطوعينالذين شاركوا.", "والمتطوعين الذين"),
    # a function word after a listed definite word
    ("ومنع المحتجون من التجمهر والتواجدفي الميادين.", "والتواجد في"),
    ("وألقت الطائرات البراميلعلى الأحياء.", "البراميل على"),
    # a ة or a tanween inside a run ends a word even before a rare one
    ("وأصدرت الشرطة نشرةعممها المكتب على المنافذ.", "نشرة عممها"),
    ("واعتبر ذلك تدخلاًفجاً في شؤونها.", "تدخلاً فجاً"),
])
def test_glue_with_evidence_is_applied(text: str, fixed: str) -> None:
    assert _applied(text) == [fixed]


@pytest.mark.parametrize("word", [
    # names that begin like a particle (never seen split in the pair table)
    "لابيد", "مالاس", "لاجيس", "لاماركوس", "أوباما", "أوبك", "أوغلو",
    # listed words that begin like أو + a function word
    "أومن", "أوفى",
    # negated adjectives written joined, like the lexicalised لاإرادي
    "لاإنساني", "لاأخلاقية", "لاإرادي",
    # words ending in the letters of a relative pronoun or a function word
    "استقالتي", "رسالتي", "وحالتي", "الصحفي", "الثقافي", "المختفي", "المتضامن", "الربابين",
    "الجيران",
    # the article's alef typed twice (بالإقليم), not بالا + إقليم
    "بالاإقليم",
    # a ة or tanween before a bare suffix is a misspelt pronoun, not two words
    "مدرسةها", "أمرًا",
])
def test_words_stay_whole(word: str) -> None:
    assert _applied(f"وقال {word} إن الأمر انتهى.") == []


def test_a_name_after_its_head_noun_is_only_proposed() -> None:
    # The Lancet: لا + a perfect-looking verb right after "journal" is a name
    applied, proposed = analyse("نشرت مجلة لانسيت البريطانية دراسة جديدة.")
    assert not applied
    assert [e.replacement for e in proposed] == ["لا نسيت"]


def test_a_backed_split_left_by_a_number_junction_is_made_in_the_first_pass() -> None:
    # a second pass must find nothing more: the piece the number rule leaves (فينتعامل)
    # is judged with the article's words in the first pass, as the second pass would
    text = "قال إننا سنبدأ عام 2015فينتعامل مع الملف، وسوف نتعامل معه بجدية."
    applied = analyse(text)[0]
    assert [e.replacement for e in applied] == ["2015 في نتعامل"]
    fixed = text.replace("2015فينتعامل", "2015 في نتعامل")
    assert analyse(fixed) == ([], [])


def test_words_a_complex_chunk_leaves_back_a_weak_split_in_the_first_pass() -> None:
    # فيعام2015 -> في عام 2015 makes عام a word of the article, as a second pass would see it
    text = "وقع ذلك فيعام2015 وما زلنا نذكر ذلك العام، وأنعام الحرب كان صعبا."
    applied = [e.replacement for e in analyse(text)[0]]
    assert "في عام 2015" in applied
    once = text
    for e in sorted(analyse(text)[0], key=lambda e: -e.raw_start):
        once = once[:e.raw_start] + e.replacement + once[e.raw_end:]
    assert analyse(once)[0] == []
