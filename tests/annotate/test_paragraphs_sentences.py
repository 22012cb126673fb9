"""Paragraphs and sentences on the seed and hand-checked corpus articles."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mawsua.annotate.paragraphs import paragraph_spans
from mawsua.annotate.sentences import quote_regions, sentence_spans
from mawsua.model import Article


def _texts(art: Article, layer: str) -> list[str]:
    return [s.surface(art.text) for s in art.layer(layer)]


def test_seed_paragraphs_in_order(seed_article: Article) -> None:
    paras = _texts(seed_article, "paragraphs")
    assert len(paras) == 21  # two breaks joined by clean.joins (issue 3)
    assert paras[0].startswith("date 2021-07")
    assert paras[1].startswith("(موسوعة هذا اليوم للاخبار | اخبار العراق )- وقع الرئيس")
    assert paras[2].endswith("جورج دبليو بوش.")  # broken_sentence joined
    assert paras[10].startswith("This afternoon, I’ll be hosting")
    assert paras[12] == "— President Biden (@POTUS) July 26, 2021"
    assert paras[-1] == "وتقوم واشنطن بضربات رداً على تلك الهجمات."
    for p in seed_article.layer("paragraphs"):
        s = p.surface(seed_article.text)
        assert s == s.strip() and s
        # every paragraph maps to raw and back unchanged (its raw text is the same unless a
        # repair falls inside it, as the joins do)
        rs, re_ = seed_article.alignment.span_to_raw(p.start, p.end)
        if not any(rs <= e.raw_start < re_ for e in seed_article.edits):
            assert seed_article.raw_text[rs:re_] == s
        assert seed_article.alignment.span_to_text(rs, re_) == (p.start, p.end)


def test_seed_sentences_keep_quotes_whole(seed_article: Article) -> None:
    sents = _texts(seed_article, "sentences")
    assert len(sents) == 21
    quote = next(s for s in sents if s.startswith("وقال بايدن للصحافيين"))
    assert quote.endswith('في مهمة قتالية".')
    assert "أن نعاون، أن نساعد" in quote
    assert all(s == s.strip() and s for s in sents)
    assert [s.attrs["paragraph"] for s in seed_article.layer("sentences")] == list(range(21))


# hand-checked: (id, paragraphs, sentences, a sentence that must appear whole)
CASES = [
    ("snn-5a25b37684cc", 1, 2, "نقدم لكم التطبيقات الأكثر تحميلا في متجري «آي تونز» و«غوغل بلاي» عالميا خلال الأسبوع الماضي."),
    ("snn-c3e3ef66cbc4", 1, 3, "ويستعد الاتفاق للتعاقد مع مهاجم أفريقي ليكون بديلاً للبرازيلي دانييل اوليفيرا الذي تأكد رحيله وعدم نية النادي التجديد له بعد ان كان اسمه خيارا."),
    ("snn-cf0bee5bb565", 1, 4, "وقال قائد الشرطة جون بلمار للصحفيين أمس: إن الرجل نقل إلى المستشفى في حال حرجة وغير مستقرة ويخضع لجراحة."),
    ("snn-6539b4b07fe7", 1, 3, "جعله الله من مواليد السعادة وأقر به أعين والديه.."),
    ("snn-b7464aff64a3", 3, 3, "وكشف تقرير مؤشرات الأداء لقطاع الاتصالات وتقنية المعلومات بنهاية العام 2014م الذي أصدرته إدارة دراسات السوق بالهيئة ونشر حديثا أن سعة الربط الدولي للانترنت في المملكة زادت من 814.2 جيجا بت في الثانية في 2013 إلى 1321 جيجا بت في الثانية في العام الماضي 2014 م."),
    ("snn-e90232cc8db2", 5, 5, "// انتهى //"),
    ("snn-0332e987da17", 1, 3, "من جهة ثانية تواجد في المعسكر الخارجي لاعب الوسط الاورغوياني أرسيمندي الذي تعاقدت معه ادارة الشباب الاسبوع الماضي كأول اللاعبين حضوراً للمعسكر."),
    ("snn-a105aae358e2", 1, 1, None),
    ("snn-5da303511e99", 1, 4, "وطلبوا من الشرطة الاتصال بالطبيب ليقوم بمساعدتهم في إعادة الحياة للجثة حسبما صور لهم المخدر."),
    ("snn-e940023627ee", None, None, "كشفت مصادر في المقاومة الموالية للرئيس اليمني عبد ربه منصور هادي عن مشاركة ضباط إيرانيين في التحقيق مع أسرى المقاومة في مدينة عدن الجنوبية."),
]


@pytest.mark.parametrize(("ident", "n_paras", "n_sents", "whole"), CASES)
def test_corpus_articles(
    corpus_article: Callable[[str], Article],
    ident: str,
    n_paras: int | None,
    n_sents: int | None,
    whole: str | None,
) -> None:
    art = corpus_article(ident)
    if n_paras is not None:
        assert len(art.layer("paragraphs")) == n_paras
    if n_sents is not None:
        assert len(art.layer("sentences")) == n_sents
    if whole is not None:
        assert whole in _texts(art, "sentences")


def test_snn_single_newline_separates_paragraphs(corpus_article: Callable[[str], Article]) -> None:
    art = corpus_article("snn-e90232cc8db2")
    paras = _texts(art, "paragraphs")
    assert paras[0] == "أبها 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس"
    assert paras[-1] == "12:02 ت م"


def test_aawsat_mixes_single_and_double_newlines(corpus_article: Callable[[str], Article]) -> None:
    art = corpus_article("snn-5e45c9bf4b40")
    paras = _texts(art, "paragraphs")
    assert paras[1].startswith("لم يكن ذلك الرجل النحيف")
    assert paras[2].startswith("دارت الأيام وتقلبت")


def test_doctor_abbreviation_from_corpus(corpus_article: Callable[[str], Article]) -> None:
    art = corpus_article("snn-fd35a8e152ca")
    sents = _texts(art, "sentences")
    assert not any(s.endswith(" د.") for s in sents)
    assert any("وضع صورة د. أحمد الغامدي" in s for s in sents)
    assert any("تجاه رأي د. الغامدي كالتشكيك" in s for s in sents)
    assert any("لست في معرض الدفاع عن د. الغامدي فهو حي يرزق" in s for s in sents)


def test_abbreviations_initials_and_list_markers(corpus_article: Callable[[str], Article]) -> None:
    sents = _texts(corpus_article("snn-cc731bf3bfec"), "sentences")
    assert not any(s.endswith("أ.د.") for s in sents)
    sents = _texts(corpus_article("snn-f323fb56e5be"), "sentences")
    assert not any(s in ("ب.", "ج.") for s in sents)
    # an era marker after a year does end the sentence
    sents = _texts(corpus_article("snn-f589769843f2"), "sentences")
    assert any(s.endswith("10 شوال 1436 ه.") for s in sents)


SPLIT_CASES = [
    ("قال د. محمد إن النمو 3.5 في المئة. وأضاف أ. علي أنه راض.", 2),
    ("Mr. Smith met Dr. Jones in the U.S. on Monday. They talked.", 2),
    ("He waited... then left. Next day he came back!", 2),
    ("قال: «لن نتراجع. سنواصل العمل». وأضاف أن الأمر انتهى.", 2),
    ('قال: "سنبقى هنا. لن نغادر." ثم غادر القاعة.', 2),
    ("هل انتهى الأمر؟ لا؛ لم ينته بعد! انتظروا…", 4),
    ("اتصل بـ م. أحمد أو ج. خالد اليوم.", 1),
    ("بلغ العجز 1.2 مليار. وارتفع الدين.", 2),
    ("انتهى العام.وقال الوزير إن الميزانية جيدة.", 2),
    ("J. K. Rowling wrote it.", 1),
]


@pytest.mark.parametrize(("text", "count"), SPLIT_CASES)
def test_sentence_rules(build: Callable[[str], Article], text: str, count: int) -> None:
    art = build(text)
    assert len(art.layer("sentences")) == count, _texts(art, "sentences")


def test_quote_regions() -> None:
    t = 'قال «أ. ب» و"ج" ثم “د”'
    regions = quote_regions(t)
    assert [(t[o], t[c]) for o, c in regions] == [("«", "»"), ('"', '"'), ("“", "”")]
    assert quote_regions("«مفتوح فقط") == []


def test_hard_wrapped_block_is_one_paragraph() -> None:
    line = "this line is folded at a fixed width by the mail program and it goes on"
    text = "\n".join([line, line, line, line, "end."])
    paras = paragraph_spans(text)
    assert len(paras) == 1 and paras[0].attrs["wrapped"]
    assert len(sentence_spans(text, paras)) == 1


def test_sentences_cover_paragraph_letters(
    corpus_rows: dict[str, dict], build: Callable[[str, str], Article]
) -> None:
    """No letter is lost: every letter of a paragraph lies in some sentence."""
    for ident in list(corpus_rows)[:300]:
        art = build(corpus_rows[ident]["text"], ident)
        covered = bytearray(len(art.text))
        for s in art.layer("sentences"):
            covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        for p in art.layer("paragraphs"):
            assert all(covered[i] or not art.text[i].isalnum() for i in range(p.start, p.end))
