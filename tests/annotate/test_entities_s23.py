"""Session 23's entity kinds (the s22 user test on corpus2), each on a short made-up text in the
style of the news: a noun with the pronoun suffix ه is no town spelled with ة, outlets named
after a place (ديلي ميل is no Dili), holy places and landmarks, well-known figures linked to
one entity, and a surname that is a common adjective (العربي) never taken alone."""

from __future__ import annotations

from mawsua.annotate.entities import entities
from mawsua.model import Article, Metadata, Source


def _by_surface(text: str) -> dict[str, tuple[str, str]]:
    art = entities(Article("t", Source("jsonl", "0"), Metadata(), text))
    return {text[s.start : s.end]: (s.label, s.attrs["canonical"]) for s in art.layer("entities")}


def test_pronoun_suffix_is_no_town() -> None:
    got = _by_surface("وقالت الشرطة إن المتهم خبأ الأسلحة في مسكنه قبل القبض عليه.")
    assert "مسكنه" not in got
    # the town itself, spelled with ة or named with a place head, is still found
    assert _by_surface("وصلت القوات إلى مسكنة شرق حلب.")["مسكنة"][1] == "Maskanah"
    assert _by_surface("وصلت القوات إلى مدينة مسكنه شرق حلب.")["مدينة مسكنه"][1] == "Maskanah"


def test_newspaper_named_like_a_place() -> None:
    got = _by_surface("ونقلت ديلي ميل عن الباحثين أن الدواء فعال، فيما ذكرت لوموند غير ذلك.")
    assert got["ديلي ميل"] == ("ORGANIZATION", "Daily Mail")
    assert got["لوموند"] == ("ORGANIZATION", "Le Monde")
    assert "ديلي" not in got


def test_landmarks_and_holy_places() -> None:
    got = _by_surface("اقتحم مستوطنون المسجد الأقصى من باب المغاربة، واحتشد متظاهرون في ميدان "
                      "التحرير بالقاهرة.")
    assert got["المسجد الأقصى"] == ("LOCATION", "Al-Aqsa Mosque")
    assert got["باب المغاربة"] == ("LOCATION", "Mughrabi Gate")
    assert got["ميدان التحرير"] == ("LOCATION", "Tahrir Square")
    # الأقصى alone is the mosque only after a place cue: الحد الأقصى is "the maximum"
    assert "الأقصى" in _by_surface("وصلى آلاف المصلين في الأقصى أمس.")
    assert "الأقصى" not in _by_surface("بلغ الحد الأقصى للعقوبة عشر سنوات.")


def test_common_adjective_surname_not_taken_alone() -> None:
    got = _by_surface("التقى نبيل العربي بالمبعوث الأممي العربي المشترك في القاهرة.")
    assert got["نبيل العربي"] == ("PERSON", "Nabil Elaraby")
    assert "العربي" not in got


def test_figures_linked_across_spellings() -> None:
    got = _by_surface("وقال ريكس تيلرسون إن بلاده سترد، وأضاف تيلرسون أن رئيسة الوزراء "
                      "تيريزا ماي اتصلت به.")
    assert got["ريكس تيلرسون"][1] == got["تيلرسون"][1] == "Rex Tillerson"
    assert got["تيريزا ماي"][1] == "Theresa May"


def test_qena_is_a_place_and_qna_an_agency_by_context() -> None:
    got = _by_surface("ظهرت تجمعات الجراد في محافظات البحر الأحمر وأسيوط وسوهاج وقنا ومطروح.")
    assert got["وقنا"] == ("LOCATION", "Qena Governorate")
    assert _by_surface("الدوحة - قنا: أعلنت وزارة الخارجية القطرية أمس.")["قنا"] == (
        "ORGANIZATION", "Qatar News Agency")
    assert _by_surface("ونقلت وكالة قنا عن الوزير قوله.")["قنا"][1] == "Qatar News Agency"


def test_groups_of_countries_and_north_america() -> None:
    got = _by_surface("اجتمع وزراء مالية مجموعة العشرين في بوينس أيرس لبحث اتفاقية التجارة "
                      "الحرة لأميركا الشمالية (نافتا) وصادرات أمريكا الشمالية.")
    assert got["مجموعة العشرين"] == ("ORGANIZATION", "G20")
    assert got["نافتا"][1] == "NAFTA"
    assert got["أمريكا الشمالية"] == ("LOCATION", "North America")
    assert all(can != "United States" for _, can in got.values())


def test_name_keeps_its_own_first_letter() -> None:
    text = ("وقال مدرب برشلونة ارنستو فالفيردي إن الفريق جاهز.\nوتابع فالفيردي قائلا إن "
            "المباراة صعبة.\nوشدد فالفيردي على أهمية الفوز.")
    art = entities(Article("t", Source("jsonl", "0"), Metadata(), text))
    names = {art.text[s.start : s.end]: s.attrs["canonical"] for s in art.layer("entities")
             if "فيردي" in art.text[s.start : s.end]}
    assert set(names.values()) == {"ارنستو فالفيردي"}


def test_whole_name_with_a_middle_name_keeps_the_gazetteer_link() -> None:
    got = _by_surface("وقال الدكتور محمد مصطفى البرادعي رئيس حزب الدستور إن الحوار ضروري.")
    assert got["محمد مصطفى البرادعي"] == ("PERSON", "Mohamed ElBaradei")
    assert "محمد مصطفى" not in got


def test_another_bearer_of_a_famous_surname() -> None:
    got = _by_surface("ويحاكم في القضية 68 متهما، من بينهم محمد الظواهري، شقيق أيمن الظواهري.")
    assert got["محمد الظواهري"][1] != "Ayman al-Zawahiri"
    assert got["أيمن الظواهري"][1] == "Ayman al-Zawahiri"


def test_outlet_then_city_dateline_names_the_city() -> None:
    got = _by_surface("عين اليوم – الرياض\nنظمت جمعية المكفوفين الخيرية دورتين تدريبيتين.")
    assert got["الرياض"] == ("LOCATION", "Riyadh")


def test_given_name_spelled_otherwise_keeps_the_whole_name() -> None:
    got = _by_surface("وقال الرئيس الفرنسي فرنسوا هولاند إن بلاده سترد، وأضاف هولاند أن القرار نهائي.")
    assert got["فرنسوا هولاند"] == ("PERSON", "François Hollande")
