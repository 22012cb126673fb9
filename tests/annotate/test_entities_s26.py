"""Session 26's entity kinds (user test s25 on unseen news), one mechanism each, on short
made-up texts in the style of the news: bodies named by a head noun and a common word
(``القوات المسلحة``, ``نقابة الصحفيين``) and the generic ones that are not names, a surname
after another given name, ``البحرين`` as "the two seas", verbs and participles swallowed into a
name, and frequent words taken for a one-word person."""

from __future__ import annotations

from mawsua.annotate.entities import entities
from mawsua.model import Article, Metadata, Source


def _all(text: str) -> list[tuple[str, str, str, str | None]]:
    art = entities(Article("t", Source("jsonl", "0"), Metadata(), text))
    return [(text[s.start : s.end], s.label, s.attrs["canonical"], s.attrs.get("country"))
            for s in art.layer("entities")]


def test_a_body_named_with_a_country_adjective_takes_the_country() -> None:
    got = _all("وقالت القوات المسلحة المصرية في بيان إن القوات المسلحة ستواصل عملها.")
    assert ("القوات المسلحة المصرية", "ORGANIZATION", "القوات المسلحة المصرية", "EG") in got
    # the bare name later in the article is the same body, with its country
    assert ("القوات المسلحة", "ORGANIZATION", "القوات المسلحة المصرية", "EG") in got
    got = _all("أعلنت نقابة الصحفيين المصريين رفضها للقرار.")
    assert ("نقابة الصحفيين المصريين", "ORGANIZATION", "نقابة الصحفيين المصريين", "EG") in got


def test_a_body_named_twice_or_after_a_reporting_verb_is_a_name() -> None:
    got = _all("أصدر مجلس الدولة حكما نهائيا، ورفض مجلس الدولة الطعن.")
    assert got.count(("مجلس الدولة", "ORGANIZATION", "مجلس الدولة", None)) == 2
    got = _all("وقالت نقابة المحامين إن القرار باطل.")
    assert ("نقابة المحامين", "ORGANIZATION", "نقابة المحامين", None) in got
    got = _all("وانتشرت قوات درع الجزيرة في المنامة، وأكد قائد درع الجزيرة أن")
    assert ("درع الجزيرة", "ORGANIZATION", "درع الجزيرة", None) in got
    got = _all("وتجري قوة «درع الجزيرة» التمارين. يذكر أن قوة «درع الجزيرة» تشكلت عام 1982.")
    assert got.count(("درع الجزيرة", "ORGANIZATION", "درع الجزيرة", None)) == 2
    # a relative pronoun after the name closes it
    got = _all("وعضو نقابة الصحفيين ضد النقيب، ومجلس نقابة الصحفيين والتي أسفرت عن")
    assert got.count(("نقابة الصحفيين", "ORGANIZATION", "نقابة الصحفيين", None)) == 2


def test_generic_forces_boards_and_devices_are_no_names() -> None:
    text = ("وانتشرت القوات الأمنية في المدينة، وقالت القوات الأمنية إن. واجتمع مجلس الإدارة، "
            "وقرر مجلس الإدارة توزيع الأرباح. وتقدمت القوات المشاركة، ثم القوات المشاركة. "
            "ويضعف جهاز المناعة، ويحمي جهاز المناعة الجسم. وتسلم درع البطولة ثم درع البطولة.")
    assert [g for g in _all(text) if g[1] == "ORGANIZATION"] == []
    # a body inside a person's title is the title's (the prime minister)
    got = _all("والتقى رئيس مجلس الوزراء بالوفد، ثم غادر رئيس مجلس الوزراء.")
    assert not any(g[0] == "مجلس الوزراء" for g in got)


def test_haraka_with_a_common_noun_is_no_movement() -> None:
    got = _all("وشهدت حركة المرور ازدحاما، وتوقفت حركة المسافرين في المطار.")
    assert [g for g in got if g[1] == "ORGANIZATION"] == []


def test_a_surname_after_another_given_name_is_another_person() -> None:
    got = _all('المتهم فيها "جمال مبارك" نجل الرئيس السابق حسني مبارك')
    assert ("جمال مبارك", "PERSON", "جمال مبارك", None) in got
    assert ("حسني مبارك", "PERSON", "Hosni Mubarak", "EG") in got
    assert not any(g[0] == "مبارك" for g in got)


def test_the_two_seas_are_no_bahrain() -> None:
    got = _all("مشروع خط سكك حديدية يربط بين البحرين المتوسط والأحمر.")
    assert not any(g[2] == "Bahrain" for g in got)
    got = _all("وقعت البحرين والسعودية اتفاقا، وزار الوفد البحرين الشقيقة.")
    assert got.count(("البحرين", "LOCATION", "Bahrain", "BH")) == 2
    title = Article("t", Source("jsonl", "0"), Metadata(title="خط يربط البحرين الأحمر والمتوسط"),
                    "قال الوزير إن الخط يربط البحرين الأحمر والمتوسط.")
    assert not entities(title).layer("title_entities")


def test_a_verb_or_a_participle_is_no_part_of_a_name() -> None:
    got = _all("محمد سعد بخيت وابراهيم الربيش هاجما احمد الخميس وتبادل الأخيران الاتهامات")
    assert not any("هاجما" in g[0] for g in got)
    got = _all('وقال "كوماتشو" إن الضغط كبير. وقال كوماتشو المشارك في مونديال 1998 إن.')
    assert not any("المشارك" in g[0] for g in got)


def test_frequent_words_in_construct_are_no_persons() -> None:
    got = _all("احتجاجا على عدم صرف راتب شهر يناير حتى الآن.")
    assert not any(g[0] == "راتب" for g in got)
    got = _all("وتحفظت الشرطة فور ورود تلك الأنباء، وعند ورود أي شكاوى.")
    assert not any(g[0] == "ورود" for g in got)
    # after a reporting verb the word is the speaker's name
    assert ("راتب", "PERSON", "راتب", None) in _all("وقال راتب إن الأمر انتهى.")


def test_a_bracketed_list_after_a_plural_of_places_names_places() -> None:
    got = _all("وهاجموا أكبر فنادق القاهرة لأول مرة (سميراميس وشبرد)، ليبلغ الإجرام ذروته.")
    assert not any(g[0] == "سميراميس" and g[1] == "PERSON" for g in got)


def test_a_movement_named_in_full_is_found_bare_too() -> None:
    got = _all("الحكومة التي تقودها حركة النهضة الإسلامية، وعارضتها حركة النهضة التي ينتمي إليها.")
    assert ("حركة النهضة", "ORGANIZATION", "حركة النهضة الإسلامية", None) in got
    # repeated traffic is no movement
    assert not _all("وشهدت حركة المرور ازدحاما، وتوقفت حركة المرور في الشارع.")
