"""Linking rules of issue 11's second pass (:mod:`mawsua.annotate.entities`): construct
organisations, whole names after an admin head, persons propagated with clitics and by the
first name, kinship-introduced names, and the precision kinds from the user test (unknown
one-word "places" never used as places, group nouns before a CRF "person", run-on spans)."""

from __future__ import annotations

from mawsua.annotate.entities import (
    _clean_crf,
    _cue_names,
    _Mention,
    _placeless,
    _Tokens,
    entities,
)
from mawsua.arabic.variants import NAME_TOKEN_RE, key
from mawsua.model import Article, Metadata, Source


def _art(text: str) -> Article:
    return entities(Article("t", Source("text", "0"), Metadata(), text), crf=False)


def _found(art: Article) -> list[tuple[str, str, str]]:
    return [(art.text[s.start:s.end], s.label, s.attrs["entity"]) for s in art.layer("entities")]


def _crf(text: str, surface: str, label: str, nth: int = 0) -> _Mention:
    """A mention as the CRF would give it for the ``nth`` occurrence of ``surface``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(surface, at + 1)
    keys = tuple(key(w) for w in NAME_TOKEN_RE.findall(surface))
    return _Mention(at, at + len(surface), label, "crf", 0.9, keys, surface)


def test_construct_organisation_with_clitic_is_one_entity() -> None:
    found = _found(_art("أعلنت وزارة الحج أمس خطة جديدة. وقدمت الشركات طلباتها لوزارة الحج."))
    orgs = [f for f in found if f[1] == "ORGANIZATION"]
    assert [f[0] for f in orgs] == ["وزارة الحج", "لوزارة الحج"]
    assert orgs[0][2] == orgs[1][2]


def test_country_after_government_stays_the_country() -> None:
    found = _found(_art("أشادت حكومة المملكة العربية السعودية بالاتفاق."))
    assert ("المملكة العربية السعودية", "LOCATION") in [f[:2] for f in found], found


def test_whole_name_after_an_admin_head_is_found_again() -> None:
    found = _found(_art("افتتحت المدارس في مدينة ظهران الجنوب أمس. وتقع القرى بظهران الجنوب "
                        "قرب الحدود."))
    again = [f for f in found if f[0] == "بظهران الجنوب"]
    assert again and again[0][1] == "LOCATION"
    assert again[0][2] == next(f[2] for f in found if f[0].startswith("مدينة"))


def test_first_name_alone_joins_the_person() -> None:
    found = _found(_art("قال الدكتور جيسون رضائيان، إن الحكم ظالم. وأكد أن جيسون بريء."))
    full = next(f for f in found if f[0] == "جيسون رضائيان")
    bare = [f for f in found if f[0] == "جيسون"]
    assert bare and bare[0][1] == "PERSON" and bare[0][2] == full[2]


def test_first_name_shared_by_two_persons_is_left_alone() -> None:
    found = _found(_art("حضر الدكتور جيسون رضائيان، والدكتور جيسون براون، وقال إن جيسون غاب."))
    assert "جيسون" not in [f[0] for f in found], found


def test_person_introduced_by_a_kinship_noun() -> None:
    found = _found(_art("واعتقل الصحافي مع زوجته يغانه صالحي من منزلهما في المدينة."))
    assert ("يغانه صالحي", "PERSON") in [f[:2] for f in found], found
    found = _found(_art("ستعقبه محاكمة زوجته والمصورة الصحافية، ولكن من دون موعد."))
    assert not [f for f in found if f[1] == "PERSON"], found


def test_group_noun_makes_an_organisation_of_a_crf_person() -> None:
    text = "خطفت جماعة بوكو حرام الطالبات. وتواصل القوات قتال بوكو حرام في الشمال."
    got = _clean_crf(_Tokens(text), [_crf(text, "بوكو حرام", "PERSON"),
                                     _crf(text, "بوكو حرام", "PERSON", 1)])
    assert [m.label for m in got] == ["ORGANIZATION", "ORGANIZATION"]


def test_crf_person_loses_nationality_and_swallowed_word() -> None:
    text = "قال المدرب الأوروجوياني خورخي دا سيلفا إن الفريق جاهز."
    got = _clean_crf(_Tokens(text), [_crf(text, "الأوروجوياني خورخي دا سيلفا", "PERSON")])
    assert [text[m.start:m.end] for m in got] == ["خورخي دا سيلفا"]


def test_unknown_one_word_place_needs_a_locative_use() -> None:
    text = "تتعثر مفاوضات بريكست منذ أشهر، ويرى الخبراء أن بريكست مكلف."
    tokens = _Tokens(text)
    assert _placeless(tokens, [_crf(text, "بريكست", "LOCATION"),
                               _crf(text, "بريكست", "LOCATION", 1)]) == []
    text = "خطفت الجماعة الطالبات من تشيبوك ودابتشي العام الماضي."
    ms = [_crf(text, "تشيبوك", "LOCATION"), _crf(text, "ودابتشي", "LOCATION")]
    ms[1].proclitic, ms[1].keys = "و", (key("دابتشي"),)
    assert _placeless(_Tokens(text), ms) == ms


def test_no_adjective_with_tanween_currency_or_area_noun() -> None:
    text = "قتل 255 جنديًا بريطانيًا، وهبطت الليرة إلى 4.7 ليرة لليورو، وعادوا إلى ريف عفرين."
    got = _clean_crf(_Tokens(text), [_crf(text, "بريطانيًا", "LOCATION"),
                                     _crf(text, "لليورو", "PERSON"),
                                     _crf(text, "ريف", "LOCATION")])
    assert got == []
    assert "بريطانيًا" not in [f[0] for f in _found(_art(text))]


def test_names_after_a_reporting_verb_or_a_standalone_nationality() -> None:
    found = _found(_art("وفي السياق ذاته، قال معيض الوادعي، ولي أمر طالب، إن المدارس آمنة."))
    assert ("معيض الوادعي", "PERSON") in [f[:2] for f in found], found
    found = _found(_art("وقال مسؤول كبير، إن المدارس آمنة."))
    assert not [f for f in found if f[1] == "PERSON"], found
    text = "وحضر رئيس الاتحاد والاسكتلندي السادير بيل (المدير القانوني)."
    m = _crf(text, "السادير بيل", "ORGANIZATION")
    assert _cue_names(_Tokens(text), [m]) == [] and m.label == "PERSON"
