"""The quotes layer on the seed against ../shared/gold/seed.json, and unit cases."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from mawsua.annotate.quotes import quotes
from mawsua.arabic.reporting import lookup
from mawsua.model import Article


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


#: gold canonical speaker -> the Arabic/English surface accepted until entities link it
SURFACE = {"Joe Biden": {"بايدن", "President Biden"}, "Mustafa Al-Kadhimi": {"الكاظمي"}}


def _by_text(art: Article) -> dict[str, dict]:
    return {_norm(art.text[q.start:q.end]): {"label": q.label, **q.attrs}
            for q in art.layer("quotes")}


def test_seed_nine_quotes(seed_article: Article, gold_seed: dict) -> None:
    found = _by_text(seed_article)
    assert len(found) == len(gold_seed["quotes"])
    for g in gold_seed["quotes"]:
        q = found[_norm(g["text"])]
        assert q["label"] == g["kind"], g["text"]
        assert q["cue"] == g["cue"], g["text"]
        if g["speaker"].startswith("unnamed sources"):
            assert q["speaker"] == "unnamed sources"
        else:
            assert q["speaker"] in {g["speaker"]} | SURFACE[g["speaker"]], g["text"]
        assert q["language"] == g.get("language", "ar")


def test_seed_speakers_canonical(seed_article: Article, gold_seed: dict) -> None:
    found = _by_text(seed_article)
    for g in gold_seed["quotes"]:
        if not g["speaker"].startswith("unnamed"):
            assert found[_norm(g["text"])]["speaker"] == g["speaker"]
            assert found[_norm(g["text"])]["speaker_entity"] is not None


def test_seed_not_quotes(seed_article: Article, gold_seed: dict) -> None:
    texts = set(_by_text(seed_article))
    for t in gold_seed["not_quotes"]:
        assert t not in texts


def test_seed_translation_and_spans(seed_article: Article) -> None:
    qs = seed_article.layer("quotes")
    text = seed_article.text
    (tweet_i,) = [i for i, q in enumerate(qs) if q.attrs["cue"] == "tweet"]
    rendered = [q for q in qs if q.attrs["translation_of"] is not None]
    assert len(rendered) == 1 and rendered[0].attrs["translation_of"] == tweet_i
    assert text[rendered[0].start:rendered[0].end].startswith("سأستضيف")
    for q in qs:
        a = q.attrs
        if a["cue_start"] is not None:
            assert text[a["cue_start"]:a["cue_end"]] == a["cue"]
        if a["speaker_start"] is not None:
            assert a["speaker_end"] > a["speaker_start"]
    implied = [q for q in qs if q.attrs["cue"] == "تعهد"]
    # pronoun-dropped (وتعهد بمواصلة): flagged, the mention points at the antecedent
    assert implied[0].attrs["speaker_implied"] is True
    a = implied[0].attrs
    assert a["speaker_start"] < a["cue_start"] and text[a["speaker_start"]:a["speaker_end"]] in {
        "بايدن", "جو بايدن"}


def test_seed_uses_entities_when_present(seed_article: Article) -> None:
    from mawsua.model import Span

    text = seed_article.text
    ents = [Span(m.start(), m.end(), "PERSON", {"entity": "e1", "canonical": "Joe Biden"})
            for m in re.finditer("بايدن|President Biden", text)]
    art = quotes(seed_article.with_layer("entities", ents))
    speakers = {q.attrs["speaker"] for q in art.layer("quotes")}
    assert "Joe Biden" in speakers
    assert "بايدن" not in speakers and "President Biden" not in speakers


@pytest.mark.parametrize("word,lemma,form", [
    ("وقال", "قال", "verb"), ("ورجحت", "رجح", "verb"), ("مشيرا", "أشار", "participle"),
    ("مشددةً", "شدد", "participle"), ("بقوله", "قال", "masdar"), ("وتعهد", "تعهد", "verb"),
    ("مؤكداً", "أكد", "participle"), ("يقول", "قال", "verb"),
])
def test_cue_lookup(word: str, lemma: str, form: str) -> None:
    hit = lookup(word)
    assert hit is not None and hit.lemma == lemma and hit.form == form


@pytest.mark.parametrize("word", ["بين", "عبر", "متعهد", "يشير", "الكتاب"])
def test_not_cues(word: str) -> None:
    assert lookup(word) is None


CASES = [
    # (text, [(kind, speaker, cue, text start)])
    ('وقال الوزير أحمد: "سنواصل العمل حتى النهاية".', [("direct", "أحمد", "قال", "سنواصل")]),
    ('"سنواصل العمل حتى النهاية"، قال الوزير أحمد.', [("direct", "أحمد", "قال", "سنواصل")]),
    ('وقال أحمد للصحافيين: "الوضع مستقر جدا". وأضاف: "لن نتراجع عن قرارنا".',
     [("direct", "أحمد", "قال", "الوضع"), ("direct", "أحمد", "أضاف", "لن نتراجع")]),
    ('وأكدت مصادر مطلعة أن الاتفاق "بات قريبا جدا من التوقيع".',
     [("partial", "unnamed sources", "أكدت", "بات")]),
    ('وأعلنت الشركة إطلاق برنامج «رؤية المستقبل» الجديد.', []),
    ('وصدر كتابه «فيصل الأول» عام 1934.', []),
    ('وتابع الجمهور قناتي "العربية" و"الحدث" طوال اليوم.', []),
    ('هذا نص بلا علامات اقتباس.', []),
]


@pytest.mark.parametrize("raw,expected", CASES)
def test_cases(build: Callable[..., Article], raw: str, expected: list) -> None:
    art = build(raw)
    got = [(q.label, q.attrs["speaker"], q.attrs["cue"], art.text[q.start:q.end])
           for q in art.layer("quotes")]
    assert len(got) == len(expected), got
    for (kind, sp, cue, txt), (ek, es, ec, et) in zip(got, expected, strict=True):
        assert (kind, sp, cue) == (ek, es, ec)
        assert txt.startswith(et)


#: (text, [(kind, speaker mention as written or None, cue, quote text start)]) — issue 11 kinds
CASES_11 = [
    # a participle with no verb of saying in its sentence: the subject of the verb it hangs on
    ('قال الأمين العام للأمم المتحدة أنطونيو غوتيريش، السبت، إن "الوضع الإنساني كارثي". '
     'ورد عليه السفير الإسرائيلي جلعاد إردان قائلا: "هذه تصريحات منحازة".',
     [("partial", "أنطونيو غوتيريش", "قال", "الوضع"),  # a title's genitive organisation crossed
      ("direct", "جلعاد إردان", "قائلا", "هذه تصريحات")]),
    # colon quotation without marks ends where the reporter's voice resumes (participle cue)
    ("وقال سكان محليون: إن غارات استهدفت مقرا حكوميا في المدينة، مشيرين إلى أن الوضع هادئ.",
     [("direct", "سكان محليون", "قال", "إن غارات استهدفت مقرا حكوميا في المدينة")]),
    # a third-person colon clause is indirect speech, not a quotation
    ("وكانت الوزارة قد قالت في بيان: إنها سلمت المتهمة إلى السلطات.", []),
    # the spokesman named after his ministry wins over the ministry
    ('وقال المتحدث باسم وزارة الخارجية جون كيربي "إن الوضع خطير جدا في الشرق".',
     [("direct", "جون كيربي", "قال", "إن الوضع خطير")]),
    # a quotation placed before its cue, through a pointer
    ('"من المهم جدا أن تستعيد المنظمة نزاهتها"، هذا ما قاله كارار أمس.',
     [("direct", "كارار", "قاله", "من المهم جدا")]),
    # a short quotation inside reported speech is a partial quote; outside it, a term
    ('وقال بيتر مورار إن اليمن "يتداعى" تحت وطأة الأزمة.',
     [("partial", "بيتر مورار", "قال", "يتداعى")]),
    ('وطالب موظفون بإجازة "رسمية" للسعوديين.', []),
    # an acronym spelt in letter names and a placard are not quotes
    ('وقال أوباما في مقابلة مع هيئة الإذاعة الأميركية "إن بي آر" أمس.', []),
    ('وحمل آخرون لافتات كتب على بعضها "أوقفوا قتل الأطفال السود".', []),
    # a relative description: the mother, not her son
    ('وقالت والدة رضائيان "إن ابني يدفع ثمن الخلافات السياسية بين البلدين".',
     [("direct", "والدة رضائيان", "قالت", "إن ابني")]),
    # an arbitrary phrase is never a speaker: unresolved instead
    ('وأكد قرار إخفاء الوفاة أن "الإجراءات كانت سليمة بالكامل وفق النظام".',
     [("partial", None, "أكد", "الإجراءات")]),
]


@pytest.mark.parametrize("raw,expected", CASES_11)
def test_cases_issue11(build: Callable[..., Article], raw: str, expected: list) -> None:
    art = build(raw)
    got = []
    for q in art.layer("quotes"):
        a = q.attrs
        mention = art.text[a["speaker_start"]:a["speaker_end"]] if a["speaker_start"] is not None \
            else None
        got.append((q.label, mention, a["cue"], art.text[q.start:q.end]))
    assert len(got) == len(expected), got
    for (kind, mention, cue, txt), (ek, em, ec, et) in zip(got, expected, strict=True):
        assert (kind, mention, cue) == (ek, em, ec), got
        assert txt.startswith(et), got


def test_dropped_pronoun_points_at_antecedent(build: Callable[..., Article]) -> None:
    art = build('وقال الوزير أحمد الشمري: "سنواصل العمل". وأضاف: "لن نتراجع عن قرارنا أبدا".')
    first, second = art.layer("quotes")
    assert second.attrs["speaker_implied"] is True and first.attrs["speaker_implied"] is False
    assert (second.attrs["speaker_start"], second.attrs["speaker_end"]) == (
        first.attrs["speaker_start"], first.attrs["speaker_end"])


@pytest.mark.parametrize("raw,entity,mention", [
    # a preceding word glued into the tagged name
    ('وقال رئيس نادي الشباب عمر الغامدي "إن الفريق جاهز تماما للموسم".', "الشباب عمر الغامدي",
     "عمر الغامدي"),
    # a name particle the tagger left out
    ('وقال المدرب دا سيلفا "إن الفريق جاهز تماما للموسم".', "سيلفا", "دا سيلفا"),
    # a lone nisba adjective tagged and linked: the mention takes its title
    ('وقال الرئيس الأمريكي "إن الاتفاق جيد للجميع بلا شك".', "الأمريكي", "الرئيس الأمريكي"),
])
def test_speaker_mention_repaired(build: Callable[..., Article], raw: str, entity: str,
                                  mention: str) -> None:
    from mawsua.model import Span

    art = build(raw)
    at = art.text.index(entity)
    ents = [Span(at, at + len(entity), "PERSON", {"entity": "e1", "canonical": "X Y"})]
    (q,) = quotes(art.with_layer("entities", ents)).layer("quotes")
    assert art.text[q.attrs["speaker_start"]:q.attrs["speaker_end"]] == mention
    assert q.attrs["speaker_entity"] == "e1"


def test_plural_dropped_pronoun(build: Callable[..., Article]) -> None:
    def mentions(raw: str) -> list[str | None]:
        art = build(raw)
        return [art.text[q.attrs["speaker_start"]:q.attrs["speaker_end"]]
                if q.attrs["speaker_start"] is not None else None for q in art.layer("quotes")]

    # وأضافوا: the plural source before
    assert mentions('وقال سكان محليون إن "الغارات استهدفت مقرا حكوميا في المدينة". وأضافوا '
                    '"لم نر مثل هذا القصف من قبل أبدا".')[1] == "سكان محليون"
    # قالوا after a single named person only: unresolved, not him
    assert mentions('وقال الوزير أحمد الشمري "سنواصل العمل حتى النهاية". ووصلوا وقالوا '
                    '"نحن هنا منذ الصباح الباكر".')[1] is None


def test_title_and_nisba_entity_kept_whole(build: Callable[..., Article]) -> None:
    from mawsua.model import Span

    art = build('وأكد الرئيس الأمريكي أن "العقوبات ستبقى قائمة حتى إشعار آخر".')
    at = art.text.index("الرئيس الأمريكي")
    ents = [Span(at, at + len("الرئيس الأمريكي"), "PERSON", {"entity": "e1", "canonical": "X"})]
    (q,) = quotes(art.with_layer("entities", ents)).layer("quotes")
    assert art.text[q.attrs["speaker_start"]:q.attrs["speaker_end"]] == "الرئيس الأمريكي"


#: quotation marks left unbalanced at a quote's edge (user test): each text is the quote
#: expected, whole and with balanced marks
CASES_BALANCED = [
    # a name in the same marks inside a quotation: «… «اسم» …» nests
    ('وتابع: «لذلك يصل سعر كيلو «الإسكالوب» إلى 100 جنيه في المولات الكبرى».',
     "لذلك يصل سعر كيلو «الإسكالوب» إلى 100 جنيه في المولات الكبرى"),
    # a straight-quoted name inside a straight quotation: "… "اسم" …"
    ('وأضاف: "وجهنا عدة نداءات للسفينة "سان توريني" ولم يتجاوب معنا طاقمها بعد ذلك".',
     'وجهنا عدة نداءات للسفينة "سان توريني" ولم يتجاوب معنا طاقمها بعد ذلك'),
    # the outer quotation never closes: it ends with the nested name, its marks balanced
    ('وقال المصدر إن "استضافة الأردن لتمرين "النجم الساطع" تأتي بعد استضافة المملكة له',
     'استضافة الأردن لتمرين "النجم الساطع"'),
    # a colon quotation without an opening mark ending with a stray closing mark
    ('وقال بعد اللقاء: عرضنا في الزيارة الأوضاع والتطورات في المنطقة والعلاقات بين البلدين".'
     '\nوكان الوزير قد التقى رئيس الحكومة.',
     "عرضنا في الزيارة الأوضاع والتطورات في المنطقة والعلاقات بين البلدين"),
]


def _balanced(t: str) -> bool:
    return (t.count("«") == t.count("»") and t.count("“") == t.count("”")
            and t.count('"') % 2 == 0)


@pytest.mark.parametrize("raw,expected", CASES_BALANCED)
def test_quote_text_has_no_stray_mark(build: Callable[..., Article], raw: str,
                                      expected: str) -> None:
    art = build(raw)
    texts = [art.text[q.start:q.end] for q in art.layer("quotes")]
    assert texts == [expected], texts
    assert all(_balanced(t) for t in texts)
