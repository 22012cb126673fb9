"""Session 20's entity kinds (issue 11 user tests on unseen news), each on a short made-up text
in the style of the news: proclitics that cut names, places by a common noun, names a head
introduces, first names alone, spelling variants, long organisation and facility names, other
bearers of a family name, CRF spans that run on."""

from __future__ import annotations

from mawsua.annotate.entities import entities
from mawsua.annotate.gazetteer import other_names
from mawsua.arabic.variants import key, skeleton
from mawsua.model import Article, Metadata, Source


def _spans(text: str) -> list[tuple[str, str, str, str]]:
    """(surface, label, entity key, canonical) of every mention."""
    art = entities(Article("t", Source("jsonl", "0"), Metadata(), text))
    return [(text[s.start : s.end], s.label, s.attrs["entity"], s.attrs["canonical"])
            for s in art.layer("entities")]


def _by_surface(text: str) -> dict[str, tuple[str, str, str]]:
    return {s: (label, ent, can) for s, label, ent, can in _spans(text)}


def test_lam_alif_gives_the_article_back() -> None:
    got = _by_surface("وقدمت واشنطن الدعم للجيش العراقي في الموصل.")
    assert got["للجيش العراقي"][2] == "الجيش العراقي"  # not لجيش العراقي
    got = _by_surface("وكان عضوا في للجنة الاولمبية الدولية منذ سنوات.")
    assert got["للجنة الاولمبية الدولية"][2] == "International Olympic Committee"


def test_title_abbreviation_is_no_proclitic() -> None:
    got = _by_surface("وقال د. فراس الخطيب إن الوضع صعب.")
    assert got["فراس الخطيب"][2] == "فراس الخطيب"  # not راس الخطيب


def test_common_noun_before_a_place_is_no_part_of_its_name() -> None:
    got = _by_surface("وقع الانفجار في بلدة سروج التركية، وفر سكان سروج إلى الشمال.")
    assert "بلدة سروج" not in got and got["سروج"][0] == "LOCATION"


def test_a_head_introduces_a_name_used_alone_later() -> None:
    got = _by_surface("منذ وصول حزب سيريزا إلى السلطة في أثينا. وقال نواب سيريزا إن الاتفاق صعب.")
    assert got["حزب سيريزا"][0] == "ORGANIZATION"
    assert got["سيريزا"][:2] == ("ORGANIZATION", got["حزب سيريزا"][1])


def test_a_military_unit_holds_no_place() -> None:
    got = _by_surface("وقال المتحدث باسم فيلق القدس إن الهجوم فشل.")
    assert got["فيلق القدس"][0] == "ORGANIZATION" and "القدس" not in got


def test_given_name_after_a_title_takes_the_family_name() -> None:
    got = _by_surface("اجتمع الدكتور نبيل العربي الأمين العام للجامعة العربية مع الوفد.")
    assert got["نبيل العربي"][0] == "PERSON" and "نبيل" not in got


def test_a_lone_common_given_name_is_no_entity() -> None:
    got = _by_surface("وأصيبت مروة محمد، 21 عاما، بكسور في الساق.")
    assert "محمد" not in got
    got = _by_surface("وطالب المحتجون بالقصاص للشهيد محمد الجندي، على كوبري قصر النيل.")
    assert got.get("محمد الجندي", ("",))[0] == "PERSON"


def test_long_vowel_spellings_are_one_person() -> None:
    spans = _spans("وقال فرونسوا كارار إن اللجنة ستعمل. وأضاف فرانسوا كارار أن العمل بدأ. "
                   "وختم كارار حديثه.")
    assert len({ent for _s, label, ent, _c in spans if label == "PERSON"}) == 1
    got = _by_surface("قال نتانياهو إن حكومته لن تتراجع.")
    assert got["نتانياهو"][2] == "Benjamin Netanyahu"
    assert skeleton(key("بوتن")) == skeleton(key("بوتين"))


def test_entity_search_reaches_a_vowel_variant() -> None:
    assert "Vladimir Putin" in other_names("بوتن")
    assert "Benjamin Netanyahu" in other_names("نتانياهو")
    assert "Vladimir Putin" not in other_names("بطن")


def test_long_organisation_names() -> None:
    got = _by_surface("وطالب المجلس التنسيقي لقطاع شركات حجاج الداخل بأن تتدخل الوزارة.")
    assert got["المجلس التنسيقي لقطاع شركات حجاج الداخل"][0] == "ORGANIZATION"
    got = _by_surface("وأكدت مديرة مكتب التربية والتعليم بظهران الجنوب عدم وصول الخطة.")
    assert got["مكتب التربية والتعليم بظهران الجنوب"][0] == "ORGANIZATION"
    got = _by_surface("وقاتل الجيش الموالي للشرعية والمقاومة في المدينة.")
    assert not any(s.startswith("الجيش الموالي") for s in got)


def test_facility_named_after_a_person() -> None:
    got = _by_surface("وصل الوفد إلى قاعدة الملك عبدالعزيز الجوية في الظهران.")
    assert got["قاعدة الملك عبدالعزيز الجوية"][0] == "LOCATION"


def test_another_bearer_of_a_family_name() -> None:
    spans = _spans("قال محمد حسين الوادعي إن المدارس أغلقت. وفي السياق ذاته، قال معيض "
                   "الوادعي، ولي أمر طالب، إن الطلاب ينتقلون.")
    got = {s: ent for s, label, ent, _c in spans if label == "PERSON"}
    assert "معيض الوادعي" in got and got["معيض الوادعي"] != got["محمد حسين الوادعي"]


def test_crf_span_running_on_after_a_known_surname_is_cut() -> None:
    got = _by_surface("وغاب اللاعب سعود كريري عن المباراة. وقال المدرب إن غياب كريري مؤثر "
                      "لكن الفريق سيعوضه.")
    assert not any("مؤثر" in s or "غياب" in s for s in got)
    assert got["كريري"][1] == got["سعود كريري"][1]
