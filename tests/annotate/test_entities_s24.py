"""Session 24's entity kinds (the s23 user test on corpus2 and the corpora's lone CRF persons),
each on a short made-up text in the style of the news: a place name that is a noun of measure
(قطر "diameter"), words the CRF takes for a person alone (an adjective after its noun, a
preposition with a pronoun, an ordinal, عز وجل), and a town that names a sports club."""

from __future__ import annotations

from mawsua.annotate.entities import entities
from mawsua.model import Article, Metadata, Source


def _by_surface(text: str) -> dict[str, tuple[str, str]]:
    art = entities(Article("t", Source("jsonl", "0"), Metadata(), text))
    return {text[s.start : s.end]: (s.label, s.attrs["canonical"]) for s in art.layer("entities")}


def _all(text: str) -> list[tuple[str, str, str | None]]:
    art = entities(Article("t", Source("jsonl", "0"), Metadata(), text))
    return [(text[s.start : s.end], s.label, s.attrs.get("country"))
            for s in art.layer("entities")]


def test_diameter_is_no_qatar() -> None:
    assert "قطر" not in _by_surface("وعثر على ثقوب قطر كل منها 5سم في الجدار.")
    assert "قطر" not in _by_surface("ويبلغ نصف قطر الدائرة عشرة أمتار.")
    assert "بقطر" not in _by_surface("ومد العمال أنبوبا بقطر 30 مترا تحت الأرض.")
    # the country with a year, and a distance from a city, are still places
    assert _by_surface("وتستضيف قطر 2022 كأس العالم.")["قطر"] == ("LOCATION", "Qatar")
    assert _by_surface("وتبعد البلدة عن الرياض 60 كيلومترا.")["الرياض"] == (
        "LOCATION", "Riyadh")


def test_words_the_tagger_takes_for_a_person() -> None:
    got = _by_surface("وبادر الأهالي بالتهنئة بالعيد السعيد في عيد الفطر المبارك، وقال "
                      "لي أحدهم إن الله عز وجل كريم، ثم بدأ الشوط الثاني.")
    for word in ("السعيد", "المبارك", "لي", "عز", "الثاني"):
        assert word not in got, word


def test_lone_names_that_stay() -> None:
    got = _by_surface("وقال الرئيس الأسد إن قوات صالح تتقدم، وأكد المهندس الوليد الدريعان "
                      "أن العمل مستمر.")
    assert got["الأسد"][0] == "PERSON"  # after a title
    assert "الوليد الدريعان" in got  # a definite given name before the surname


def test_town_named_club() -> None:
    got = _all("وانتقل اللاعب إلى روما الإيطالي، وخسر روما أمام يوفنتوس، وتعادل فريق "
               "الخليج مع ضيفه.")
    assert got[0] == ("روما", "ORGANIZATION", "IT")
    assert ("روما", "ORGANIZATION", "IT") in got[1:]
    assert ("الخليج", "ORGANIZATION", None) in got
    # the town itself, and the Gulf as a region, stay places
    got = _by_surface("وسافر الوزير إلى روما ثم إلى نجران لحضور قمة دول الخليج العربي.")
    assert got["روما"] == ("LOCATION", "Rome")
    assert got["الخليج العربي"][0] == "LOCATION"


def test_clubs_named_by_common_words() -> None:
    got = _by_surface("وفاز الهلال على النصر بهدفين، وتعادل الشباب مع الاتحاد، وقال مدرب "
                      "الاتفاق إن الهلال الأقرب إلى اللقب.")
    assert got["الهلال"] == ("ORGANIZATION", "Al-Hilal")
    assert got["النصر"] == ("ORGANIZATION", "Al-Nassr")
    assert got["الاتحاد"] == ("ORGANIZATION", "Al-Ittihad (Jeddah)")
    assert got["الاتفاق"] == ("ORGANIZATION", "Al-Ettifaq")
    # without a sports cue the words are words, or other bodies
    got = _by_surface("وأكد رئيس الاتحاد أن النصر قريب، وزار الشباب مقر الهلال الأحمر، "
                      "وقال المسؤول إن التعاون مستمر.")
    assert "النصر" not in got and "الشباب" not in got and "التعاون" not in got
    assert "الاتحاد" not in got
    assert got["الهلال الأحمر"][1] == "Red Crescent"


def test_street_and_quarter_names() -> None:
    got = _all("وشيع الجثمان في جدة حي المحمدية، وازدحمت شوارع فيصل والهرم والسودان.")
    assert ("حي المحمدية", "LOCATION", None) in got  # no Moroccan town
    assert not any(s.endswith("السودان") for s, _, _ in got)  # Sudan Street, no Sudan
    # a quarter of a city the article names is linked to it
    got = _all("واشتبك المسلحون في حي التواهي بمدينة عدن، وفي ضاحية عدن الشمالية.")
    assert ("حي التواهي", "LOCATION", "YE") in got and ("عدن", "LOCATION", "YE") in got


def test_news_agency_is_no_clergy_title() -> None:
    # الأنبا (a Coptic title) folds like الأنباء: no title may make وكالة الأنباء a person
    assert "وكالة الأنباء الإماراتية" in _by_surface(
        "ولم تقدم وكالة الأنباء الإماراتية التي أوردت الخبر تفاصيل.")


def test_role_noun_ends_a_name() -> None:
    got = _by_surface("وسجل ماركوس الونسو ظهير تشيلسي هدفا، وخسر تشلسي أمام آرسنال.")
    assert got["ماركوس الونسو"][0] == "PERSON"
    assert got["تشيلسي"] == ("ORGANIZATION", "Chelsea FC")
    assert got["تشلسي"] == ("ORGANIZATION", "Chelsea FC")


def test_kingdom_is_the_outlets_own() -> None:
    text = ("أحبطت السلطات الأردنية تهريب حبوب مخدرة عبر الأردن كانت معدة للشحن إلى داخل "
            "المملكة، وقال مسؤول أردني إن التحقيق مستمر في عمّان.")
    saudi = entities(Article("t", Source("jsonl", "0"), Metadata(extra={"outlet_country": "SA"}),
                             text))
    got = {text[s.start:s.end]: s.attrs["canonical"] for s in saudi.layer("entities")}
    assert got["المملكة"] == "Saudi Arabia"
    # an outlet of no monarchy: the kingdom the article names most
    other = entities(Article("t", Source("jsonl", "0"), Metadata(extra={"outlet_country": "EG"}),
                             text))
    got = {text[s.start:s.end]: s.attrs["canonical"] for s in other.layer("entities")}
    assert got["المملكة"] == "Jordan"


def test_hotel_named_like_a_club() -> None:
    got = _by_surface("وقررت إدارة النادي السكن في فندق تشيلسي، وفاز تشيلسي على آرسنال.")
    assert got["تشيلسي"] == ("ORGANIZATION", "Chelsea FC")  # the match's club only
    assert sum(1 for s in got if s == "تشيلسي") == 1
    assert got.get("فندق تشيلسي", ("LOCATION",))[0] == "LOCATION"


def test_major_arab_cities_and_their_homographs() -> None:
    got = _all("وقصفت الطائرات الغوطة الشرقية، ونزح السكان إلى الجيزة وإلى حماة وإلى العقبة.")
    assert ("الغوطة الشرقية", "LOCATION", "SY") in got and ("الجيزة", "LOCATION", "EG") in got
    assert ("حماة", "LOCATION", "SY") in got and ("العقبة", "LOCATION", "JO") in got
    # the same words as words: no place without a place cue
    assert _all("وكان الصمت دوما سيد الموقف، والعقبة الكبرى هي التمويل، وسرت شائعات.") == []


def test_surname_that_is_a_word_after_a_reporting_verb() -> None:
    got = _all("أعلن الدكتور باسم عودة وزير التموين أن الدعم مستمر، وأكد عودة أن المخابز تعمل.")
    assert ("باسم عودة", "PERSON", None) in got and ("عودة", "PERSON", None) in got
    # a common word after a name, never after a reporting verb: no surname
    got = _all("وقال أحمد إن عودة اللاجئين ممكنة.")
    assert not any(s.startswith("أحمد ") for s, _, _ in got)
    # an honorific pronoun after a verb the tagger took for a name: no surname
    assert _all("اطمأن سموه على صحة المرضى، وأكد سموه أن العلاج متوفر.") == []
