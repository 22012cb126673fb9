"""Quote and timex faults read by hand on unseen outlets (Egyptian, Emirati, international;
bench/quotes_sample.py, docs/quotes.md). Constructed sentences written for these tests; each
case is one mechanism."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from mawsua.model import Article

T = sys.modules["mawsua.annotate.timexes"]
PUB = "2016-04-12T10:00"


def _got(art: Article) -> list[tuple[str, str | None, str]]:
    out = []
    for q in art.layer("quotes"):
        a = q.attrs
        mention = art.text[a["speaker_start"]:a["speaker_end"]] if a["speaker_start"] is not None \
            else None
        out.append((art.text[q.start:q.end], mention, q.label))
    return out


def _speaker_of(art: Article, words: str) -> str | None:
    hits = [m for t, m, _ in _got(art) if t.startswith(words)]
    assert hits, _got(art)
    return hits[0]


# --- not speech ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    'وتحدث الباحث سامي يوسف في ندوة «الكتابة العربية القديمة بين الحفظ والضياع» أمس.',
    'وصدر للكاتب كتاب بعنوان "رحلة طويلة إلى جبال الأطلس في الشتاء الماضي" هذا العام.',
])
def test_title_after_a_title_noun_is_no_quote(build: Callable[..., Article], raw: str) -> None:
    assert _got(build(raw)) == []


def test_list_of_names_in_marks_is_no_quote(build: Callable[..., Article]) -> None:
    raw = ('وقال مدير المدرسة خالد منصور إن المدرسة تخدم أربع قرى منها "الشيخ زايد، '
           'الحمراء، بني عامر، والقصر".')
    assert _got(build(raw)) == []


def test_one_word_glued_to_digits_is_a_name(build: Callable[..., Article]) -> None:
    raw = "وقال الوزير فهد العتيبي إن بلاده تلتزم بمقررات «باريس2» للمناخ."
    assert _got(build(raw)) == []


def test_relative_cue_far_before_the_marks_is_no_cue(build: Callable[..., Article]) -> None:
    raw = ('اعتذر المطرب حسن شاكر عن ما قاله في حوار سابق على قناة محلية، والذي صنفه '
           'الجمهور على أنه "إساءة واضحة لجمهوره".')
    assert _got(build(raw)) == []


def test_relative_cue_right_before_the_marks_is_a_cue(build: Callable[..., Article]) -> None:
    raw = "ومن أبرز القرارات التي أعلنها المحافظ سعيد الشمري «إغلاق الأسواق بعد العاشرة ليلا»."
    got = _got(build(raw))
    assert [t for t, _, _ in got] == ["إغلاق الأسواق بعد العاشرة ليلا"], got


# --- implied speakers --------------------------------------------------------------------

def test_continuation_cue_takes_the_previous_statement(build: Callable[..., Article]) -> None:
    raw = ('وتتهم الشرطة المحلية أنصار اللاعب ماركو فيتي بأعمال الشغب.\n'
           'وقالت السفارة الإيطالية في بيان "هذه الاتهامات لا أساس لها من الصحة".\n'
           'وتابع "نطالب بتحقيق مستقل وشفاف في ما جرى".')
    art = build(raw)
    assert _speaker_of(art, "نطالب") == "السفارة الإيطالية"


def test_feminine_verb_prefers_the_organisation_named_first(
        build: Callable[..., Article]) -> None:
    raw = ('أدانت حركة حماس اغتيال موكب الوزير سمير العلي، وقالت في بيان "هذه الجريمة '
           'تستهدف وحدة الصف الوطني".')
    art = build(raw)
    assert "العلي" not in (_speaker_of(art, "هذه الجريمة") or "")


def test_person_in_a_prepositional_phrase_is_no_antecedent(
        build: Callable[..., Article]) -> None:
    raw = ('وانتقل المدافع إلى صفوف روبرتو مانشيني في الصيف.\n'
           'إلا أن النادي أصدر بيانا أكد فيه "رسميا أن هذه الأخبار غير صحيحة".')
    art = build(raw)
    assert _speaker_of(art, "رسميا") is None


def test_topic_of_amma_is_the_speaker_or_nothing(build: Callable[..., Article]) -> None:
    raw = ('وعلق أحمد سالم: "كلام جميل ومقنع جدا".\n'
           'أما\nsara_k22\nفقال: "لا أتفق مع أي كلمة من هذا الكلام".')
    art = build(raw)
    assert _speaker_of(art, "لا أتفق") == "sara_k22"


# --- speaker names -----------------------------------------------------------------------

def test_accusative_noun_is_not_part_of_the_speaker(build: Callable[..., Article]) -> None:
    raw = ('في 3 مارس كتب وزير الخارجية الفرنسي مقالاً بصحيفة لوموند، بعنوان "شركاؤنا أولا" '
           'جاء في مقدمته: "أوروبا تحتاج إلى شركائها".')
    art = build(raw)
    assert "مقال" not in (_speaker_of(art, "أوروبا") or "")


# --- timexes -----------------------------------------------------------------------------

def _all(text: str, pub: str | None = PUB) -> list[tuple[str, object]]:
    return [(text[s.start:s.end], s.attrs["value"]) for s in T.find_timexes(text, pub)]


def test_tanween_kept_in_the_span() -> None:
    text = "وقررت النيابة حبس المتهمين 15 يومًا على ذمة التحقيق."
    assert _all(text) == [("15 يومًا", "P15D")]


@pytest.mark.parametrize("text", [
    "وحضر اللقاء مدير الشرطة اللواء سعد أبو قرنين وعدد من المسؤولين.",
    "وتعاقد النادي مع اللاعبين بعقود مغرية ماليا.",
    "وتتكشف الحقائق يومًا بعد يوم في هذه القضية.",
])
def test_not_a_time(text: str) -> None:
    assert _all(text) == []


def test_decades_still_read() -> None:
    assert _all("وظلت المنطقة مهجورة منذ عقود طويلة.") != []


def test_opening_mark_after_a_no_break_space(build: Callable[..., Article]) -> None:
    raw = 'وقال الوزير كريم حداد إنه\u00a0"سيتم افتتاح المستشفى الجديد خلال الأسابيع المقبلة".'
    got = _got(build(raw))
    assert [t for t, _, _ in got] == ["سيتم افتتاح المستشفى الجديد خلال الأسابيع المقبلة"], got


def test_on_the_tongue_of_names_the_speaker(build: Callable[..., Article]) -> None:
    raw = ('ونقل تقرير نشرته وكالة محلية على لسان مدير الهيئة العامة للطيران أن "الرحلات '
           'ستعود إلى طبيعتها قبل نهاية الشهر".')
    art = build(raw)
    assert (_speaker_of(art, "الرحلات") or "").startswith("مدير الهيئة")


def test_every_two_years_is_a_set() -> None:
    assert _all("ويقام المعرض في المدينة كل عامين منذ تأسيسه.") == [("كل عامين", "P2Y")]


@pytest.mark.parametrize(("text", "value"), [
    ("ويتنافس المرشحون في اقتراع يجري في أكتوبر لاختيار الرئيس.", "2016-10"),
    ("وكانت الشركة قد أعلنت الخسائر في أكتوبر.", "2015-10"),
    ("وتنطلق البطولة في المدينة بينما يقام المهرجان من 22 إلى 30 أغسطس.", "2016-08-22/2016-08-30"),
])
def test_bare_month_after_an_imperfect_verb_is_ahead(text: str, value: str) -> None:
    assert [v for _, v in _all(text)] == [value]


def test_possessive_programme_is_no_title(build: Callable[..., Article]) -> None:
    raw = ('وأشار المذيع حسام عادل إلى أن زميله يعرض في برنامجه "قضايا لا يلتفت إليها أحد ولا '
           'يتحدث عنها الإعلام".')
    got = _got(build(raw))
    assert [t for t, _, _ in got] == ["قضايا لا يلتفت إليها أحد ولا يتحدث عنها الإعلام"], got


def test_person_described_in_marks_opening_a_clause(build: Callable[..., Article]) -> None:
    raw = ('وكانت تحقيقات النيابة برئاسة المستشار عادل سليم قد كشفت أن «شقيق الوزير محمود '
           'فهمي» أسس شركة للشحن قبل عشر سنوات.')
    assert _got(build(raw)) == []


def test_relative_of_a_named_person_speaks(build: Callable[..., Article]) -> None:
    raw = ('ونقلت الصحيفة تحذير ابنة الشاعر نزار قباني لمتابعيها، قائلة: «لن نسمح بتشويه '
           'سيرة والدي».')
    art = build(raw)
    assert _speaker_of(art, "لن نسمح") != "نزار قباني"


def test_institution_with_its_construct_chain(build: Callable[..., Article]) -> None:
    raw = 'وأكد مكتب رئاسة الحكومة الليبية في بيان أن رئيس الوزراء "أمر بتشكيل لجنة تحقيق عاجلة".'
    art = build(raw)
    assert _speaker_of(art, "أمر بتشكيل") == "مكتب رئاسة الحكومة الليبية"


def test_continuation_of_an_unnamed_speaker(build: Callable[..., Article]) -> None:
    raw = ('وقالت المحامية ليلى حسن إن "القضية ما زالت مفتوحة".\n'
           'وقالت ضحية أخرى لم تكشف عن اسمها إن الاعتداءات استمرت سنوات.\n'
           'وأضافت: "كنت أخشى على أسرتي من الانتقام".')
    art = build(raw)
    assert _speaker_of(art, "كنت أخشى") != "ليلى حسن"


def test_long_slogan_is_no_quote(build: Callable[..., Article]) -> None:
    raw = ('ودعت الحركة إلى مسيرات غدا، بشعار "الرابع من مايو هو اليوم الذي استعاد فيه الشعب '
           'صوته وكرامته، وهو اليوم الذي بدأت فيه مسيرة البناء".')
    assert _got(build(raw)) == []


def test_future_verb_opening_a_line() -> None:
    text = "وتلعب إنجلترا مع هولندا يوم 23 مارس.\nوسيعلن المدرب تشكيلته الخميس."
    assert ("الخميس", "2016-04-14") in _all(text)


def test_written_on_a_placard_is_no_quote(build: Callable[..., Article]) -> None:
    raw = 'ورفع المحتجون صور الضحايا.\nوفي لافتة أخرى، كتب: "لن ننسى من قتل أبناءنا مهما طال الزمن".'
    assert _got(build(raw)) == []


def test_monarch_title_is_a_description(build: Callable[..., Article]) -> None:
    raw = 'وأكد العاهل المغربي في كلمته أمام البرلمان على ضرورة "إصلاح شامل للإدارة العامة".'
    art = build(raw)
    assert _speaker_of(art, "إصلاح شامل") == "العاهل المغربي"


def test_definite_title_refers_back_to_the_named_speaker(build: Callable[..., Article]) -> None:
    raw = ('وقال كمال بن سالم القيادي في حزب العمل إن مطالب الحزب لم تلب.\n'
           'وأضاف القيادي في الحزب "سنعلن قرارنا النهائي بعد اجتماع المكتب السياسي".')
    art = build(raw)
    got = [(t, m) for t, m, _ in _got(art)]
    q = [q for q in art.layer("quotes") if art.text[q.start:q.end].startswith("سنعلن")]
    assert q and "سالم" in (q[0].attrs["speaker"] or ""), got


def test_relative_opening_the_sentence_before_speaks(build: Callable[..., Article]) -> None:
    raw = ('وفي عام 2010 توفيت الطالبة منى في حادث، وعثر على مذكراتها التي قالت فيها إنها '
           'تعرضت للتهديد.\n'
           'وكانت والدتها قد أبلغت الشرطة أكثر من مرة دون جدوى.\n'
           'وقالت: "لم يستمع إلينا أحد حتى فات الأوان".')
    art = build(raw)
    assert _speaker_of(art, "لم يستمع") == "والدتها"


def test_victim_is_no_antecedent(build: Callable[..., Article]) -> None:
    raw = ('وطالب وزير الخارجية النرويجي بالتهدئة، وقال إنه يجب كشف الحقيقة بشأن مقتل كريم '
           'العابد؛ وقال "إنها رسالة واضحة بأن العنف لن يمر دون عقاب".')
    art = build(raw)
    assert "العابد" not in (_speaker_of(art, "إنها رسالة") or "")


def test_document_subject_before_a_person_in_the_object(build: Callable[..., Article]) -> None:
    raw = 'ووصف البيان سياسة الرئيس سالم الحربي الاقتصادية بأنها "تزيد الفقراء فقرا".'
    art = build(raw)
    assert _speaker_of(art, "تزيد الفقراء") == "البيان"


def test_hal_adverb_is_no_speaker(build: Callable[..., Article]) -> None:
    raw = 'وتعددت التعليقات.\nأما\nkarim_88\nفعلق ساخرا "هذا أجمل خبر قرأته اليوم".'
    art = build(raw)
    assert _speaker_of(art, "هذا أجمل") == "karim_88"


def test_commenter_in_latin_before_a_participle(build: Callable[..., Article]) -> None:
    raw = 'وعلق\nsami_r\n: "خبر محزن جدا".\nواكتفى\nNour Adel\nبالتعليق قائلا: "لا تعليق".'
    art = build(raw)
    assert _speaker_of(art, "لا تعليق") == "Nour Adel"
