"""Quantity faults of user test s26, one mechanism each: a compound ordinal (``الرابعة عشرة``)
is no count of ten (``من العمر`` after it makes it an age, 14 years); a definite tens word before
a scale word is one number (``الثمانين مليون`` is 80 million, not one million); a score at the
end of a sentence (``6-1.``) and a channel's number (``تي في 3``) are no amounts."""

from __future__ import annotations

from mawsua.annotate.quantities import find_quantities


def _q(text: str) -> list[tuple[str, object, object]]:
    return [(text[q.start:q.end], q.attrs["value"], q.attrs["unit"]) for q in find_quantities(text)]


def test_a_compound_ordinal_is_no_count() -> None:
    assert _q("وكان اللاعب في الرابعة عشرة من العمر عندما انضم إلى النادي.") == [
        ("الرابعة عشرة من العمر", 14, "years")]
    assert _q("وتبدأ البطولة في الحادي عشر من الشهر الجاري.") == []
    assert _q("واحتل الفريق المركز الثالث عشر.") == []
    # a plain count of ten stays
    assert _q("وقتل عشرة أشخاص.")[0][1] == 10


def test_a_definite_tens_word_before_a_scale_is_one_number() -> None:
    assert _q("حيث يقارب عدد السكان الثمانين مليون نسمة.") == [
        ("الثمانين مليون نسمة", 80_000_000, "people")]
    assert _q("ويبلغ عدد سكان المدينة الثلاثين ألف نسمة.")[0][1] == 30_000


def test_scores_and_channel_numbers_are_no_amounts() -> None:
    assert _q("وفاز ديوكوفيتش 7-6 و4-6 و6-1.") == []
    assert _q("وقال المحلل على قناة تي في 3 إن الفريق سيعود.") == []
    assert _q("وبلغ عدد الضحايا 5.") == [("5", 5, None)]
