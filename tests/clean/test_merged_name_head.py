"""A particle split is only proposed when the run may begin with a word the previous word is
known to go with (user test: ``تيريزا مايطرد`` became ``تيريزا ما يطرد``, "Theresa does not
expel", at confidence 0.90)."""

from __future__ import annotations

import pytest

from mawsua.clean.merged import analyse


def test_a_name_before_the_run_makes_the_negation_a_proposal() -> None:
    applied, proposed = analyse("وقالت رئيسة الوزراء البريطانية تيريزا مايطرد 23 دبلوماسيا.")
    assert not applied
    assert [e.replacement for e in proposed] == ["ما يطرد"]


@pytest.mark.parametrize(("text", "fixed"), [
    ("وهذا مايحدث الآن في المنطقة.", "ما يحدث"),
    ("ورأى الوزير مايجري خطيرا.", "ما يجري"),
    ("وهو مايسمى بالربيع العربي.", "ما يسمى"),
])
def test_ordinary_particle_glue_is_still_repaired(text: str, fixed: str) -> None:
    applied, _ = analyse(text)
    assert [e.replacement for e in applied] == [fixed]


def test_a_split_never_writes_a_vulgar_word_into_the_text() -> None:
    """User test: the footballer يانيك (Yannick) became يا + a vulgar word, in the text shown
    and indexed. wordfreq lists such words as common, so the frequency tests pass: a split
    that would write one is only proposed."""
    from mawsua.clean.merged import analyse

    text = "قال اللاعب البلجيكي الشاب يانيك فيريرا إنه سعيد بالانتقال إلى فريقه الجديد."
    applied, proposed = analyse(text)
    assert not applied
    assert [e.replacement for e in proposed] == ["يا نيك"]
