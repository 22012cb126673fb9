"""Session 21's entity kinds (issue 11), each on a short made-up text in the style of the news:
international bodies and news agencies, a legislature named once and then by its common noun,
political blocs named by a relational adjective, a well-known person by the surname alone
(Egyptian ``مبارك``, ``مرسى``), an organisation's short name in brackets."""

from __future__ import annotations

from mawsua.annotate.entities import entities
from mawsua.model import Article, Metadata, Source


def _spans(text: str, **extra: str) -> list[tuple[str, str, str, str]]:
    """(surface, label, entity key, canonical) of every mention."""
    art = entities(Article("t", Source("jsonl", "0"), Metadata(extra=dict(extra)), text))
    return [(text[s.start : s.end], s.label, s.attrs["entity"], s.attrs["canonical"])
            for s in art.layer("entities")]


def _by_surface(text: str, **extra: str) -> dict[str, tuple[str, str, str]]:
    return {s: (label, ent, can) for s, label, ent, can in _spans(text, **extra)}


def test_european_and_un_bodies_and_agencies() -> None:
    got = _by_surface("وقال المركزي الأوروبي إن وزراء مجموعة اليورو سيجتمعون، ونقلت وكالة "
                      "ريا نوفوستي عن مجلس حقوق الإنسان بيانا.")
    assert got["المركزي الأوروبي"][2] == "European Central Bank"
    assert got["مجموعة اليورو"][2] == "Eurogroup"
    assert got["وكالة ريا نوفوستي"][2] == "RIA Novosti"
    assert got["مجلس حقوق الإنسان"][2] == "UN Human Rights Council"


def test_a_named_legislature_then_its_common_noun() -> None:
    got = _by_surface("طالب رئيس مجلس النواب العراقي سليم الجبوري بالإصلاح. وقال نواب إن مجلس "
                      "النواب سيحدد الأسماء، وإن الورقة ستعرض على البرلمان ثم للبرلمان.")
    named = got["مجلس النواب العراقي"]
    for bare in ("مجلس النواب", "البرلمان", "للبرلمان"):
        assert got[bare][:2] == ("ORGANIZATION", named[1]), bare


def test_a_parliament_never_named_or_two_named_is_no_mention() -> None:
    got = _by_surface("ستعرض الحكومة الخطة على البرلمان غدا.")
    assert "البرلمان" not in got  # whose parliament: the article does not say
    got = _by_surface("وافق البرلمان الأوروبي ومجلس النواب الأمريكي على القرار، ثم عاد "
                      "البرلمان إلى الانعقاد.")
    assert "البرلمان" not in got


def test_blocs_by_a_relational_adjective_of_a_name() -> None:
    got = _by_surface("وقال بهاء الأعرجي عن التيار الصدري وروش نوري القيادي في التحالف "
                      "الكردستاني إن الحكومة تأخرت.")
    assert got["التيار الصدري"][0] == "ORGANIZATION"
    assert got["التحالف الكردستاني"][0] == "ORGANIZATION"
    got = _by_surface("انقطع التيار الكهربائي عن الحي وشهدت الحركة الرياضية في المدينة نشاطا.")
    assert "التيار الكهربائي" not in got and "الحركة الرياضية" not in got


def test_a_well_known_surname_alone_in_its_country() -> None:
    text = "تظاهر المصريون في القاهرة في ذكرى تنحي الرئيس المخلوع مبارك عن الحكم في مصر."
    assert _by_surface(text)["مبارك"][2] == "Hosni Mubarak"
    text = "وقال إن سياسات الرئيس مرسى تهدد الاستثمار في مصر والقاهرة."
    assert _by_surface(text)["مرسى"][2] == "Mohamed Morsi"
    # an Egyptian outlet: the country need not be named
    assert _by_surface("وأشار إلى أن الرئيس مرسي وعد قيادات الحزب.",
                       outlet_country="EG")["مرسي"][2] == "Mohamed Morsi"


def test_a_surname_word_with_no_title_or_another_bearer_stays_itself() -> None:
    got = _by_surface("أعلن الوزير عن تصميم أعمال الحماية لعدد 2 مرسى بالأقصر في مصر.")
    assert "مرسى" not in got  # a marina
    got = _by_surface("وقال جمال مبارك إن والده بخير، وأضاف مبارك أن القاهرة هادئة في مصر.")
    assert all(can != "Hosni Mubarak" for _l, _e, can in got.values())
    # a Kuwaiti article: Hosni Mubarak's country is not named
    got = _by_surface("استقبل الشيخ مبارك الحمود وفدا في الكويت.")
    assert all(can != "Hosni Mubarak" for _l, _e, can in got.values())


def test_an_ordinary_word_run_on_after_a_known_surname_is_cut() -> None:
    got = _by_surface("قالت الصحيفة إن سياسات الرئيس المصري مرسي تؤدي إلى هروب الاستثمارات من "
                      "مصر والقاهرة.")
    assert got["مرسي"][2] == "Mohamed Morsi" and "مرسي تؤدي" not in got


def test_a_short_name_in_brackets_is_the_same_organisation() -> None:
    got = _by_surface("وقالت هيئة الإذاعة الأميركية (إن بي آر) إن الشرطة تحقق.")
    assert got["إن بي آر"][2] == "NPR"
    assert got["هيئة الإذاعة الأميركية"][1:] == got["إن بي آر"][1:]


def _titled(title: str, text: str, derived: bool = False) -> Article:
    md = Metadata(title=title, title_derived=derived)
    return entities(Article("t", Source("jsonl", "0"), md, text))


def test_headline_mentions_share_the_body_entities() -> None:
    title = "الجبير: لا مكان لبشار الأسد في مستقبل سوريا"
    art = _titled(title, "قال وزير الخارجية عادل الجبير إن بشار الأسد لا مكان له في سوريا.")
    body = {art.text[s.start : s.end]: s.attrs["entity"] for s in art.layer("entities")}
    got = {title[s.start : s.end]: s for s in art.layer("title_entities")}
    assert got["لبشار الأسد"].attrs["entity"] == body["بشار الأسد"]
    assert got["لبشار الأسد"].attrs["proclitic"] == "ل"
    assert got["سوريا"].attrs["canonical"] == "Syria"
    # the headline's shortened name is the body's person
    title = "الأمير سعود بن نايف يؤكد أهمية السياحة"
    art = _titled(title, "أكد الأمير سعود بن نايف بن عبدالعزيز أمير المنطقة الشرقية أهمية الأمر.")
    body = {art.text[s.start : s.end]: s.attrs["entity"] for s in art.layer("entities")}
    got = {title[s.start : s.end]: s.attrs["entity"] for s in art.layer("title_entities")}
    assert got["سعود بن نايف"] == body["سعود بن نايف بن عبدالعزيز"]


def test_headline_names_of_their_own_only_when_known() -> None:
    art = _titled("يوم الحسم في مفاوضات الإنقاذ المالي لليونان", "بدأت المفاوضات صباح اليوم.")
    got = {s.attrs["canonical"] for s in art.layer("title_entities")}
    assert got == {"Greece"}
    ids = {s.attrs["entity"] for s in art.layer("entities")}
    assert all(s.attrs["entity"] not in ids for s in art.layer("title_entities"))


def test_a_title_taken_from_the_body_or_none_has_no_headline_mentions() -> None:
    text = "قال بشار الأسد إن الحرب طويلة."
    assert _titled("قال بشار الأسد إن الحرب طويلة.", text, derived=True).layer(
        "title_entities") == ()
    assert entities(Article("t", Source("jsonl", "0"), Metadata(), text)).layer(
        "title_entities") == ()


def test_headline_mentions_in_the_json_contract() -> None:
    from mawsua.model import article_from_dict, article_to_dict

    title = "الجبير: لا مكان لبشار الأسد في مستقبل سوريا"
    art = _titled(title, "قال الوزير إن بشار الأسد لا مكان له في سوريا.")
    d = article_to_dict(art)
    assert [x["text"] for x in d["title_entities"]] == ["الجبير", "لبشار الأسد", "سوريا"]
    assert all(title[x["start"] : x["end"]] == x["text"] for x in d["title_entities"])
    back = article_from_dict(d)
    assert back.layer("title_entities") == art.layer("title_entities")
    assert [s for s, _ in back.entity_mentions()][-3:] == list(art.layer("title_entities"))


def test_a_place_spelled_like_a_role_needs_a_place_cue() -> None:
    # user test: 25 of 26 السفيرة ("the ambassador") were linked to the Syrian town As Safira
    ambassador = "التقت السفيرة نبيلة مكرم بالجالية، فيما قالت السفيرة الأمريكية إن بلادها تدعم الحوار."
    assert not [s for s in _spans(ambassador) if s[1] == "LOCATION"]
    town = "سيطرت القوات على مدينة السفيرة في ريف حلب الجنوبي بعد معارك عنيفة."
    assert any(s[1] == "LOCATION" and "السفيرة" in s[0] for s in _spans(town))
