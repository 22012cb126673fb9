"""Reporting cues, unnamed-source nouns and naming nouns for the quotes layer, kept as data.

Used by :mod:`mawsua.annotate.quotes`. Every entry is plain text; :func:`cue_forms` expands the
lemma table into the written forms looked up (after :func:`key` folding) by the annotator.

Sources: the issue-4 list (قال أكد أضاف أوضح صرح أعلن تابع شدد أشار ...), the seed dump
(``رجحت``, ``مشيرا``, ``مشددةً``, ``تعهد``, ``أعرب``) and quotations of the development corpus
``shared/corpus/articles.jsonl`` (SaudiNewsNet) read by hand (``بقوله``, ``مضيفا``, ``موضحا``,
``ونقلت ... عن``, ``كتب``, ``غرد``). Inflections follow standard Modern Standard Arabic
morphology: past 3rd person masculine/feminine singular, masculine plural and dual; a small
set of present-tense forms (only verbs of saying: ``يشير``/``تشير`` "indicates" and ``يؤكد``
are left out because their subject is as often a document as a person); active participles
(``مشيرا``/``مشيرة``/``مشيرين``) and masdars with the possessive ``ـه``/``ـها`` (``قوله``).
Prefixes ``و`` and ``ف`` (and ``ب`` before a masdar, ``بقوله``) are stripped by the annotator.

Speaker validation data (issue 11): unnamed-source and description nouns, relational nouns,
honorific pronouns, institution and document nouns, titles and honorifics, name particles and
Latin letter names. They are closed-class words of Modern Standard Arabic news prose (grammar:
kinship and role nouns in construct, nisba adjectives, the ``باسم`` construction), written from
the language, not from the gold strings; the development gold and a hand-read sample of
``shared/corpus2`` (Egyptian and Emirati outlets) were used only to find which kinds were
missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

_HARAKAT_RE = re.compile("[\u064b-\u0652\u0670\u0640]")
_ALEF_RE = re.compile("[أإآٱ]")


def key(word: str) -> str:
    """Lookup key of a word: harakat, tanween and tatweel removed, alef forms unified
    (أ إ آ ٱ → ا), ى → ي, ة → ه. Used only to look words up; offsets stay on the text."""
    w = _ALEF_RE.sub("ا", _HARAKAT_RE.sub("", word))
    return w.replace("ى", "ي").replace("ة", "ه")


class Cue(NamedTuple):
    """One written form of a reporting cue.

    ``lemma``: the past 3ms form (``قال``); ``form``: ``verb`` (finite, subject follows),
    ``participle`` (ḥāl, subject = the governing clause's subject) or ``masdar`` (``قوله``:
    speaker named before it, ``عن فلان قوله``); ``gender``: ``m``, ``f``, ``p`` (masculine
    plural: ``قالوا``, ``مشيرين``; its dropped subject must be plural too) or ``None`` (unknown);
    ``speech``: a verb of saying that takes a direct quotation without a colon (``قال``).
    """

    lemma: str
    form: str
    gender: str | None
    speech: bool


#: lemma -> (3fs past, 3mp past, participle stem (no ending), masdar, is a verb of saying)
#: The participle stem takes ``ا``/``ة``/``ين``/``ون`` endings; an empty string means none.
_LEMMAS: dict[str, tuple[str, str, str, str, bool]] = {
    "قال": ("قالت", "قالوا", "قائل", "قول", True),
    "أكد": ("أكدت", "أكدوا", "مؤكد", "تأكيد", False),
    "أضاف": ("أضافت", "أضافوا", "مضيف", "", True),
    "أوضح": ("أوضحت", "أوضحوا", "موضح", "", False),
    "صرح": ("صرحت", "صرحوا", "مصرح", "تصريح", True),
    "أعلن": ("أعلنت", "أعلنوا", "", "", False),
    "تابع": ("تابعت", "تابعوا", "", "", True),
    "شدد": ("شددت", "شددوا", "مشدد", "", False),
    "أشار": ("أشارت", "أشاروا", "مشير", "", False),
    "لفت": ("لفتت", "لفتوا", "لافت", "", False),
    "أبان": ("أبانت", "أبانوا", "", "", False),
    "علق": ("علقت", "علقوا", "معلق", "", False),
    "تحدث": ("تحدثت", "تحدثوا", "", "", False),
    "اعتبر": ("اعتبرت", "اعتبروا", "معتبر", "", False),
    "رأى": ("رأت", "رأوا", "", "", False),
    "كشف": ("كشفت", "كشفوا", "", "", False),
    "نفى": ("نفت", "نفوا", "", "", False),
    "أعرب": ("أعربت", "أعربوا", "معرب", "", False),
    "تعهد": ("تعهدت", "تعهدوا", "", "", False),
    "دعا": ("دعت", "دعوا", "", "", False),
    "طالب": ("طالبت", "طالبوا", "", "", False),
    "حذر": ("حذرت", "حذروا", "محذر", "", False),
    "ذكر": ("ذكرت", "ذكروا", "", "", False),
    "نقل": ("نقلت", "نقلوا", "", "", False),
    "رجح": ("رجحت", "رجحوا", "مرجح", "", False),
    "أفاد": ("أفادت", "أفادوا", "", "", False),
    "أردف": ("أردفت", "أردفوا", "مردف", "", True),
    "استطرد": ("استطردت", "استطردوا", "مستطرد", "", True),
    "اختتم": ("اختتمت", "اختتموا", "مختتم", "", False),
    "ختم": ("ختمت", "ختموا", "", "", False),
    "وصف": ("وصفت", "وصفوا", "واصف", "", False),
    "أشاد": ("أشادت", "أشادوا", "مشيد", "", False),
    "أبدى": ("أبدت", "أبدوا", "مبدي", "", False),
    "كتب": ("كتبت", "كتبوا", "", "", True),
    "غرد": ("غردت", "غردوا", "مغرد", "", True),
    "ردد": ("رددت", "رددوا", "مردد", "", True),
    "أجاب": ("أجابت", "أجابوا", "مجيب", "", True),
    "هتف": ("هتفت", "هتفوا", "", "", True),
    "أقر": ("أقرت", "أقروا", "", "", False),
    "زعم": ("زعمت", "زعموا", "", "", False),
    "توقع": ("توقعت", "توقعوا", "", "", False),
    "أبلغ": ("أبلغت", "أبلغوا", "", "", False),  # informed (someone) that: أبلغ الأحمر الرئيس أن
}

#: verbs whose past forms also count as cues with an object pronoun (``قاله`` "said it",
#: ``ووصفتها`` "and she described it as", ``أعلنها``): the subject still follows the verb
_OBJECT_PRONOUN_LEMMAS: frozenset[str] = frozenset({"قال", "وصف", "أعلن", "ردد", "كرر"})
_OBJECT_PRONOUNS: tuple[str, ...] = ("ه", "ها", "هم")

#: present-tense forms accepted as cues (masculine, feminine), verbs of saying only
_PRESENT: dict[str, tuple[str, str]] = {
    "قال": ("يقول", "تقول"),
    "أضاف": ("يضيف", "تضيف"),
    "أوضح": ("يوضح", "توضح"),
    "تابع": ("يتابع", "تتابع"),
}


def _build() -> dict[str, Cue]:
    out: dict[str, Cue] = {}

    def put(form: str, cue: Cue) -> None:
        if form:
            out.setdefault(key(form), cue)

    for lemma, (fem, plural, part, masdar, speech) in _LEMMAS.items():
        put(lemma, Cue(lemma, "verb", "m", speech))
        put(fem, Cue(lemma, "verb", "f", speech))
        put(plural, Cue(lemma, "verb", "p", speech))
        if lemma in _OBJECT_PRONOUN_LEMMAS:
            for pro in _OBJECT_PRONOUNS:
                put(lemma + pro, Cue(lemma, "verb", "m", speech))
                put(fem + pro, Cue(lemma, "verb", "f", speech))
        if plural.endswith("وا"):
            put(plural[:-2] + "تا", Cue(lemma, "verb", "f", speech))  # feminine dual
            put(lemma + "ا", Cue(lemma, "verb", "m", speech))  # masculine dual
        if part:
            put(part + "ا", Cue(lemma, "participle", "m", speech))
            put(part + "ة", Cue(lemma, "participle", "f", speech))
            put(part + "ين", Cue(lemma, "participle", "p", speech))
            # no feminine plural (``لافتات`` is "placards")
        if masdar:
            for suffix in ("ه", "ها", "هم"):
                put(masdar + suffix, Cue(lemma, "masdar", None, speech))
    for lemma, (masc, fem) in _PRESENT.items():
        speech = _LEMMAS[lemma][4]
        put(masc, Cue(lemma, "verb", "m", speech))
        put(fem, Cue(lemma, "verb", "f", speech))
    return out


#: folded written form (see :func:`key`, without the ``و``/``ف`` prefix) -> cue
CUES: Mapping[str, Cue] = MappingProxyType(_build())


def cue_forms() -> tuple[str, ...]:
    """All folded cue forms (sorted), for documentation and tests."""
    return tuple(sorted(CUES))


@lru_cache(maxsize=32_768)
def lookup(word: str) -> Cue | None:
    """The cue a written word is, after stripping ``و``/``ف`` (and ``ب`` before a masdar).

    Returns ``None`` for words that are not reporting cues.
    """
    k = key(word)
    hit = CUES.get(k)
    if hit is not None:
        return hit
    if len(k) > 3 and k[0] in "وف":
        hit = CUES.get(k[1:])
        if hit is not None:
            return hit
        k = k[1:]
    if len(k) > 3 and k[0] == "ب":
        hit = CUES.get(k[1:])
        if hit is not None and hit.form == "masdar":
            return hit
    return None


#: unnamed-source nouns (folded by :func:`key` when looked up) -> English speaker label
UNNAMED_SOURCES: Mapping[str, str] = MappingProxyType({
    key(w): label for w, label in (
        ("مصادر", "unnamed sources"), ("المصادر", "unnamed sources"),
        ("مصدر", "unnamed source"), ("المصدر", "unnamed source"),
        ("مسؤول", "unnamed official"), ("مسؤولون", "unnamed officials"),
        ("مسؤولين", "unnamed officials"), ("مسئول", "unnamed official"),
        ("مسئولون", "unnamed officials"), ("شهود", "unnamed witnesses"),
        ("الشهود", "unnamed witnesses"), ("ناشطون", "unnamed activists"),
        ("ناشطين", "unnamed activists"), ("وسائل", "unnamed media"),
        ("تقارير", "unnamed reports"), ("أوساط", "unnamed sources"),
        ("دوائر", "unnamed sources"), ("مراقبون", "unnamed observers"),
        ("سكان", "unnamed residents"), ("أهالي", "unnamed residents"),
        ("الأهالي", "unnamed residents"), ("مواطنون", "unnamed citizens"),
        ("مواطنين", "unnamed citizens"), ("موظفون", "unnamed employees"),
        ("موظفين", "unnamed employees"), ("خبراء", "unnamed experts"),
        ("محللون", "unnamed analysts"), ("دبلوماسيون", "unnamed diplomats"),
        ("دبلوماسي", "unnamed diplomat"), ("شاهد", "unnamed witness"),
        ("مراسل", "unnamed correspondent"), ("امرأة", "unnamed woman"),
        ("سيدة", "unnamed woman"), ("رجل", "unnamed man"), ("شاب", "unnamed young man"),
        ("فتاة", "unnamed girl"), ("شابة", "unnamed young woman"), ("عجوز", "unnamed elder"),
        ("مواطن", "unnamed citizen"), ("مواطنة", "unnamed citizen"), ("مقيم", "unnamed resident"),
        ("أحد", "unnamed person"), ("إحدى", "unnamed person"), ("طالب", "unnamed student"),
        ("طالبة", "unnamed student"), ("جندي", "unnamed soldier"), ("ضابط", "unnamed officer"),
        ("طبيب", "unnamed doctor"), ("لاجئ", "unnamed refugee"), ("ناشط", "unnamed activist"),
        ("ناشطة", "unnamed activist"), ("مسؤولة", "unnamed official"),
        ("عناصر", "unnamed members"), ("أحدهم", "unnamed person"), ("أحدهما", "unnamed person"),
        ("إحداهن", "unnamed person"), ("إحداهما", "unnamed person"), ("متظاهرون", "unnamed protesters"),
        ("المتظاهرون", "unnamed protesters"), ("محتجون", "unnamed protesters"),
        ("ضحية", "unnamed victim"), ("ضحايا", "unnamed victims"),
    )
})

#: partitive heads of an unnamed description: the noun after them belongs to it (``أحد المسؤولين``)
PARTITIVES: frozenset[str] = frozenset(key(w) for w in ("أحد", "إحدى", "بعض"))

#: words that may extend an unnamed-source noun into its description (``مصدر موثوق به``,
#: ``مصادر مطلعة``): besides these, any following indefinite nisba adjective (``أمني``,
#: ``برلمانية``) or an ``في``/``من``/``ب`` phrase naming an entity is taken in
SOURCE_MODIFIERS: frozenset[str] = frozenset(key(w) for w in (
    "مطلع", "مطلعة", "مطلعون", "موثوق", "موثوقة", "به", "بها", "رفيع", "رفيعة", "المستوى",
    "مقرب", "مقربة", "مقربون", "قريب", "قريبة", "محليون", "محلي", "محلية", "رسمي", "رسمية",
    "كبير", "كبار", "بارز", "مسؤول", "مسؤولة", "آخر", "أخرى", "عيان",
))

#: relational nouns: ``والدة رضائيان`` is the mother, not the entity after the noun; the speaker is
#: the description (noun + the name it governs)
RELATIONAL_NOUNS: frozenset[str] = frozenset(key(w) for w in (
    "والد", "والدة", "والده", "شقيق", "شقيقة", "أخ", "أخت", "زوج", "زوجة",
    "ابن", "ابنة", "نجل", "نجلة", "عائلة", "أسرة", "أقارب", "محامي", "محامية", "محامو", "صديق",
    "صديقة", "جار", "جارة", "عم", "خال", "جد", "جدة", "أرملة",
))

#: particles inside personal names (``دا سيلفا``, ``بن لادن``, ``أبو عزيز``, ``فان دايك``): a
#: speaker mention starting right after one of them is extended over it
NAME_PARTICLES: frozenset[str] = frozenset(key(w) for w in (
    "دا", "دي", "دو", "ديل", "دي لا", "فان", "فون", "بن", "ابن", "بنت", "أبو", "ابو", "أبي",
    "آل", "عبد", "ماك", "سان", "سانت",
))

#: Arabic spellings of Latin letter names: a quotation made only of them is an acronym
#: (``«إن بي آر»`` NPR, ``"بي بي سي"``), a name
LETTER_NAMES: frozenset[str] = frozenset(key(w) for w in (
    "إيه", "ايه", "إي", "اي", "بي", "سي", "دي", "إف", "اف", "جي", "إتش", "اتش", "آي", "جيه",
    "كيه", "كي", "إل", "ال", "إم", "ام", "إن", "ان", "أو", "او", "آر", "ار", "إس", "اس", "تي",
    "يو", "في", "دبليو", "إكس", "اكس", "واي", "زد", "زي",
))

#: nouns of a written surface: ``كتب`` after one in its sentence is an inscription
#: (``وفي لافتة أخرى، كتب: "..."``), not a cue
INSCRIPTION_NOUNS: frozenset[str] = frozenset(key(w) for w in (
    "لافتة", "لافتات", "اللافتة", "اللافتات", "لوحة", "اللوحة", "جدار", "الجدار", "جدران",
    "قميص", "قمصان", "ملصق", "ملصقات", "يافطة", "يافطات", "راية", "رايات", "شعار", "الشعار",
))

#: words after ``كتب``/``طبع`` that make it an inscription (``لافتات كتب عليها``), not a cue
INSCRIPTION_PREPS: frozenset[str] = frozenset(key(w) for w in (
    "على", "عليها", "عليه", "فيها", "فيه", "عليهما",
))

#: pointers between a quotation and a cue after it (``"..."، هذا ما قاله كارار``)
POINTERS: frozenset[str] = frozenset(key(w) for w in ("هذا", "ما", "هكذا", "بهذا", "بهذه", "كما"))

#: institution nouns: a subject phrase headed by one (``الوزارة الأمريكية``, ``وزارة الدفاع``,
#: ``الشرطة``) is an organisation described, a valid speaker when no entity is tagged in it
INSTITUTIONS: frozenset[str] = frozenset(key(w) for w in (
    "وزارة", "الوزارة", "الشرطة", "شرطة", "الجيش", "جيش", "الحكومة", "حكومة", "الرئاسة",
    "رئاسة", "الخارجية", "السفارة", "سفارة", "الهيئة", "هيئة", "اللجنة", "لجنة", "المجلس",
    "مجلس", "المحكمة", "محكمة", "النيابة", "نيابة", "الإدارة", "إدارة", "الشركة", "شركة",
    "المنظمة", "منظمة", "الوكالة", "الأمانة", "أمانة", "البلدية", "بلدية", "الجامعة",
    "الاتحاد", "اتحاد", "النادي", "نادي", "الحزب", "حزب", "الحركة", "حركة", "الجماعة",
    "المديرية", "مديرية", "القيادة", "قيادة", "البرلمان", "الكونغرس", "الكرملين", "المكتب",
    "مكتب", "المركز", "مركز", "الصندوق", "صندوق", "البنك", "بنك", "المصرف", "مصرف", "السلطات",
    "سلطات", "الأجهزة", "الداخلية", "الدفاع", "الإمارة", "إمارة", "المحافظة", "محافظة",
    "المعارضة", "دار", "الدار", "المعهد", "معهد", "المرصد", "مرصد", "الجمعية", "جمعية", "النقابة", "نقابة",
    "الرابطة", "رابطة", "المؤسسة", "مؤسسة", "الأكاديمية", "الصحيفة", "صحيفة", "الوكالة", "وكالة", "القناة", "قناة", "الشبكة", "المجلة",
))

#: cues whose ``عن`` phrase names the speaker relayed (``ونقلت الوكالة عن النيابة أن``)
RELAY_LEMMAS: frozenset[str] = frozenset({"نقل"})

#: cue forms that are also common nouns: a cue only before ``إلى`` (``لافتة إلى أن``), else the
#: noun (``لافتة المجلس`` "the council's sign")
NOUN_HOMOGRAPHS: frozenset[str] = frozenset(key(w) for w in ("لافتة", "لافته"))

#: documents that speak in reports (``وقال البيان``, ``وأوضح القرار``): a valid description as
#: speaker (the statement is what the reporter quotes)
DOCUMENTS: frozenset[str] = frozenset(key(w) for w in (
    "بيان", "البيان", "تقرير", "التقرير", "القرار", "الوثيقة", "وثيقة", "الرسالة",
    "رسالة", "المذكرة", "مذكرة", "الدراسة", "دراسة", "الإعلان", "الاتفاق", "النص",
))

#: object pronouns of the addressee that may stand between a cue and its subject
#: (``ويقول له سائق``, ``وقالت لها``)
ADDRESSEE_PRONOUNS: frozenset[str] = frozenset(key(w) for w in (
    "له", "لها", "لهم", "لهما", "لنا", "لي", "لكم", "لهن",
))

#: pronoun complementisers that open indirect speech after a colon (``قالت في بيان: إنها
#: سلمت ...``): the reporter speaks of the speaker in the third person
THIRD_PERSON_OPENERS: frozenset[str] = frozenset(key(w) for w in (
    "إنه", "إنها", "إنهم", "إنهما", "أنه", "أنها", "أنهم", "انه", "انها", "انهم",
))

#: honorific pronouns that stand for a named person (``وقال سموه``): the mention is the word,
#: the person is the antecedent
HONORIFIC_PRONOUNS: frozenset[str] = frozenset(key(w) for w in (
    "سموه", "سموها", "معاليه", "معاليها", "فضيلته", "سماحته", "جلالته", "فخامته", "سعادته",
    "دولته",
))

#: nouns that name what follows in quotation marks (a channel, paper, programme, book...):
#: a short quotation right after one of them is a name, not a quote
NAMING_NOUNS: frozenset[str] = frozenset(key(w) for w in (
    "قناة", "قناتي", "قناتا", "صحيفتا", "قنوات", "صحيفة", "صحيفتي", "صحف", "جريدة", "مجلة", "وكالة", "وكالتي",
    "موقع", "مواقع", "برنامج", "برامج", "حملة", "عملية", "مبادرة", "مشروع", "مهرجان", "ملتقى",
    "مؤتمر", "منتدى", "جمعية", "مركز", "مطعم", "شركة", "مؤسسة", "كتاب", "كتب", "رواية", "ديوان",
    "قصيدة", "فيلم", "مسلسل", "أغنية", "ألبوم", "مسرحية", "هاشتاق", "هاشتاغ", "هاشتاج", "وسم",
    "شعار", "تطبيق", "منصة", "حساب", "نادي", "فريق", "مسابقة", "جائزة", "معرض", "مجموعة", "تنظيم",
    "حزب", "حركة", "مسمى", "اسم", "عنوان", "لقب", "ثقافة", "مصطلح", "كلمة", "عبارة", "سلسلة",
    "دورة", "ندوة", "محاضرة", "مجمع", "فندق", "سوق", "مدرسة", "جامعة", "مستشفى", "بطولة",
    "مقال", "مقالة", "دراسة", "تقرير", "فعالية", "فعاليات", "يسمى", "تسمى", "سمي", "سميت",
    "المسمى", "المسماة", "بعنوان", "عنوانه", "تلفزيون", "تليفزيون", "إذاعة", "راديو", "شبكة",
    "ملعب", "استاد", "صالة", "قاعة", "مسجد", "شارع", "ميدان", "منطقة", "حي", "مطار", "ميناء",
    "جزيرة", "جزر", "نهر", "جبل", "قصر", "سجن", "مخيم", "معبر", "بلدة", "قرية", "مدينة",
    "سياسة", "خطة", "استراتيجية", "قانون", "اتفاقية", "معاهدة", "مبدأ", "عقيدة", "نظرية",
    "مرصد", "منظمة", "هيئة", "لجنة",
    # a model, a march or relay, a label given to people (طراز "بوينغ 777", مسيرة "شعلة الأمل",
    # بوصفهم "خلية نائمة"), an operation or exercise
    "طراز", "موديل", "مسيرة", "مناورات", "تمرين", "وصف", "بوصف", "بوصفه", "بوصفها", "بوصفهم",
    "وصفه", "وصفها", "وصفهم", "تهمة", "بتهمة",
))

#: cues that carry on the statement before them (``وتابع``, ``وأضاف``): without a subject
#: they take the speaker of the quotation just before
CONTINUATIONS: frozenset[str] = frozenset({"أضاف", "تابع", "أردف", "استطرد", "اختتم"})

#: prepositions: an entity right after one (or after one and a construct noun: ``إلى صفوف
#: فلان``) is no subject
PREPOSITIONS: frozenset[str] = frozenset(key(w) for w in (
    "في", "من", "إلى", "الى", "على", "عن", "مع", "لدى", "ضد", "حول", "نحو", "عبر", "بين",
    "أمام", "خلف", "تجاه", "بحق", "لصالح",
))

#: speech nouns: with a possessive suffix right after a cue (``واختتم مقاله بالقول``, ``وختم
#: كلمته``) they are the object, and the subject is the dropped pronoun the suffix refers to
SPEECH_NOUNS: frozenset[str] = frozenset(key(w) for w in (
    "مقال", "مقالة", "كلمة", "حديث", "تصريح", "تصريحات", "خطاب", "كلام", "رسالة", "بيان",
    "تغريدة", "تدوينة", "منشور", "تعليق", "رد", "حوار", "لقاء", "مؤتمر", "شهادة", "قصيدة",
))

#: nouns of what befell a person (``بشأن مقتل شكري بلعيد``, ``بعد اغتيال فلان``): a person
#: governed by one is the victim, never the antecedent of a dropped-pronoun speaker
EVENT_NOUNS: frozenset[str] = frozenset(key(w) for w in (
    "مقتل", "اغتيال", "وفاة", "اعتقال", "إعدام", "جنازة", "استشهاد", "اختطاف", "خطف", "محاكمة",
    "لمقتل", "لاغتيال", "لوفاة", "لاعتقال", "بمقتل", "باغتيال", "بوفاة", "باعتقال",
))

#: relative pronouns: a verb of saying after one, with an object suffix (``ما قاله``,
#: ``الذي قالها``), is "what he said", not a cue for the words that follow
RELATIVES: frozenset[str] = frozenset(key(w) for w in (
    "ما", "مما", "عما", "بما", "لما", "فيما", "كما", "الذي", "التي", "الذين", "اللذين", "اللتين",
))

#: naming nouns whose quoted complement is a title however long (a seminar, a book, a
#: campaign, a slogan): ``ندوة «مخطوط برمنجهام في ميزان التاريخ»``, ``بعنوان "جيراننا أولويتنا"``;
#: not مقال/دراسة, whose quoted words are usually their content (``وجاء في الدراسة «...»``)
TITLE_NOUNS: frozenset[str] = frozenset(key(w) for w in (
    "ندوة", "محاضرة", "مؤتمر", "ملتقى", "منتدى", "مهرجان", "معرض", "كتاب", "رواية", "ديوان",
    "فيلم", "مسلسل", "مسرحية", "أغنية", "ألبوم", "برنامج", "حملة",
    "مبادرة", "شعار", "هاشتاق", "هاشتاغ", "هاشتاج", "وسم", "بعنوان", "عنوانه", "عنوان",
    "مسابقة", "جائزة", "مسمى", "المسمى", "المسماة", "يسمى", "تسمى", "سمي", "سميت",
))

#: title and role words skipped when a speaker name follows them (الرئيس الأميركي بايدن)
TITLES: frozenset[str] = frozenset(key(w) for w in (
    "الرئيس", "رئيس", "الوزراء", "وزراء", "الوزير", "وزير", "المتحدث", "الناطق", "باسم", "متحدث",
    "السفير", "سفير", "الأمين", "أمين", "العام", "الشيخ", "الدكتور", "د", "المهندس", "الأمير",
    "أمير", "الملك", "ملك", "ولي", "العهد", "مدير", "المدير", "نائب", "قائد", "القائد", "اللواء",
    "العميد", "العقيد", "الفريق", "المستشار", "مستشار", "رئيسة", "الرئيسة", "وزيرة", "الوزيرة",
    "المدرب", "مدرب", "اللاعب", "لاعب", "السيد", "السيدة", "الأستاذ", "البروفيسور", "محافظ",
    "المحافظ", "عضو", "النائب", "الخارجية", "الداخلية", "الدفاع", "السابق", "الحالي", "المتحدثة",
    "الناطقة", "رئيس", "مساعد", "المساعد", "الجنرال", "الإمام", "سمو", "معالي", "فضيلة",
    "الركن", "م", "أ", "المحامي", "المحامية", "الشاعر", "الكاتب", "الفنان", "الفنانة",
    "الصحفي", "الصحافي", "الإعلامي", "الخبير", "الباحث", "المعروف", "الكابتن", "حارس", "مهاجم",
    "مدافع", "الأستاذة", "الدكتورة", "المواطن", "المواطنة", "عضوة", "مديرة", "الحارس",
    "المهاجم", "المدافع", "النجم", "التنفيذي", "النائبة", "العاهل", "عاهل", "القيادي", "قيادي",
    # clergy (an Orthodox patriarch, a Coptic bishop, a rabbi, a mufti)
    "البابا", "البطريرك", "المطران", "الأسقف", "القس", "القمص", "الحاخام", "الكاردينال",
    "المفتي", "مفتي", "الداعية",
))

#: titles written right before a personal name (``الدكتور الشريف``, ``الشيخ``): a definite word
#: after one of them is the name (a family name), not a genitive complement as after a role
#: word (``رئيس البرلمان``)
HONORIFICS: frozenset[str] = frozenset(key(w) for w in (
    "الشيخ", "الدكتور", "الدكتورة", "د", "المهندس", "م", "أ", "الأمير", "سمو", "معالي",
    "فضيلة", "السيد", "السيدة", "الأستاذ", "الأستاذة", "البروفيسور", "اللواء", "العميد",
    "العقيد", "الفريق", "الجنرال", "الإمام", "الركن", "الكابتن", "الملك", "الرئيس",
    "البابا", "البطريرك", "المطران", "الأسقف", "القس", "القمص", "الحاخام",
))

#: words that end a speaker noun phrase after a cue (prepositions, complementisers, adverbs)
STOP_WORDS: frozenset[str] = frozenset(key(w) for w in (
    "في", "من", "على", "عن", "إلى", "الى", "خلال", "مع", "بعد", "قبل", "أمام", "لدى", "عند",
    "أن", "إن", "أنه", "إنه", "أنها", "إنها", "بأن", "بأنه", "بأنها", "أنهم", "إنهم", "ان",
    "اليوم", "أمس", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
    "له", "لها", "لهم", "لنا", "به", "بها", "فيه", "فيها", "إنّ", "أيضا", "كذلك", "حيث", "التي",
    "الذي", "الذين", "ما", "لا", "لم", "لن", "قد", "هذا", "هذه", "ذلك", "تلك", "كما", "بين",
    "حول", "ضمن", "عبر", "وفق", "وفقا", "نحو", "منذ", "حتى", "لكن", "ثم", "أو", "إنني", "إننا",
    "أنني", "أننا", "صباح", "مساء", "ظهر", "مساء", "الليلة", "الماضي", "أول", "تصريح", "تصريحات",
    "ل", "ب", "لـ", "كلمة", "مايلي", "يلي", "مؤتمر", "حديث", "حديثه", "لقاء", "مقابلة", "اتصال", "تغريدة", "عبر",
))

#: complementisers: a quotation after one of them is reported speech (partial), not direct
COMPLEMENTISERS: frozenset[str] = frozenset(key(w) for w in (
    "أن", "إن", "أنه", "إنه", "أنها", "إنها", "بأن", "بأنه", "بأنها", "ان", "انه", "أنهم", "إنهم",
))

#: words right before a predicate (``هي بمثابة "..."``, ``بل "..."``): a short quotation after
#: one of them inside reported speech is the speaker's characterisation, a partial quote
PREDICATE_MARKERS: frozenset[str] = frozenset(key(w) for w in (
    "بمثابة", "هو", "هي", "هم", "بل", "مجرد", "ليس", "ليست", "كان", "كانت", "أصبح", "أصبحت",
    "بات", "باتت", "صار", "صارت",
))

#: attribution words: a short quotation opening with one (``«بحسب وصفه»``; also ``"على حد
#: قوله"``) is the reporter's attribution, not speech
ATTRIBUTIONS: frozenset[str] = frozenset(key(w) for w in (
    "بحسب", "حسب", "وفق", "وفقا", "طبقا", "نقلا",
))

#: words that make a following ``أن`` adverbial (``دون أن``, ``بعد أن``), not a complementiser of
#: reported speech
ADVERBIAL_BEFORE_AN: frozenset[str] = frozenset(key(w) for w in (
    "دون", "بدون", "قبل", "بعد", "من", "منذ", "بمجرد", "رغم", "برغم", "لمجرد",
))

#: words before a quotation that mark it as the rendering of a post (``في تغريدة``)
POST_MARKERS: tuple[str, ...] = tuple(key(w) for w in (
    "تغريدة", "تغريدته", "تغريدات", "غرد", "حسابه", "حسابها", "تويتر", "فيسبوك", "إنستغرام",
    "انستغرام", "منشور", "تدوينة",
))
