"""Character hygiene (issue 3, item 4): each kind on small cases, mojibake made from real
Arabic, and hypothesis properties (idempotent; standard Arabic passes through)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mawsua.clean import chars
from mawsua.model import EDIT_KINDS, Article, Metadata, Source, sha256_hex

KINDS = ("mojibake", "presentation_forms", "bidi_controls", "persian_letters", "zero_width",
         "kashida", "detached_haraka")


def _art(raw: str, lang: str | None = None) -> Article:
    return Article("t", Source(format="text", sha256=sha256_hex(raw.encode())),
                   Metadata(language=lang), raw)


def _fix(raw: str, lang: str | None = None) -> tuple[str, set[str]]:
    art = chars.repair(_art(raw, lang))
    assert art.raw_text == raw
    return art.text, {e.kind for e in art.edits}


def test_kinds_are_catalogued() -> None:
    assert set(KINDS) <= set(EDIT_KINDS)


@pytest.mark.parametrize(
    ("raw", "text", "kind"),
    [
        # presentation forms (Forms-B letters, lam-alef ligature, Forms-A words)
        ("ﻭﺯﻳﺮ ﺍﻹﺩﺍﺭﺓ", "وزير الإدارة", "presentation_forms"),
        ("اﻻنتخابات", "الانتخابات", "presentation_forms"),
        ("بسم ﷲ", "بسم الله", "presentation_forms"),
        ("محمد ﷺ", "محمد صلى الله عليه وسلم", "presentation_forms"),
        ("كتب\ufe77", "كتبَ", "presentation_forms"),  # tatweel form of fatha -> fatha
        # bidi controls
        ("لشركة \u200fشيفرون", "لشركة شيفرون", "bidi_controls"),
        ("5.\u200f0 في المائة", "5.0 في المائة", "bidi_controls"),
        ("\u202bنص\u202c \u2067عربي\u2069\u061c", "نص عربي", "bidi_controls"),
        # zero width
        ("رئيس \u200bالهيئة", "رئيس الهيئة", "zero_width"),
        ("ضعف\u200bأنظمة", "ضعف أنظمة", "zero_width"),  # ZWSP between letters: a word boundary
        ("مؤس\u00adسة", "مؤسسة", "zero_width"),
        ("أ\u200c) أوقاف", "أ) أوقاف", "zero_width"),  # ZWNJ before punctuation
        ("دار\u200cالعلوم", "دارالعلوم", "zero_width"),  # after ر nothing joins anyway
        ("بي\u200dت", "بيت", "zero_width"),  # ZWJ between letters that join anyway
        # kashida
        ("قامـت صـافـولا", "قامت صافولا", "kashida"),
        ("مســــؤول", "مسؤول", "kashida"),
        ("تَـعِـد", "تَعِد", "kashida"),
        ("لــ «اليوم»", "لـ «اليوم»", "kashida"),
        ("1437هــ الموافق", "1437هـ الموافق", "kashida"),
        # Persian/Urdu letters inside Arabic words of Arabic text
        ("وقال طاهر بومدرا، کبير موظفي الأمم المتحدة", "وقال طاهر بومدرا، كبير موظفي الأمم المتحدة",
         "persian_letters"),
        ("للمرة الأولی تهاجر نهائياتنا", "للمرة الأولى تهاجر نهائياتنا", "persian_letters"),
        ("يقيم فی مدينة الرياض", "يقيم في مدينة الرياض", "persian_letters"),
        ("ذهب إلی المدرسة الكبيرة", "ذهب إلى المدرسة الكبيرة", "persian_letters"),
        # detached haraka
        ("مشيرة ً إلى أهمية", "مشيرةً إلى أهمية", "detached_haraka"),
        ("طويلا ً، كما", "طويلاً، كما", "detached_haraka"),
        ("كتب ُ", "كتبُ", "detached_haraka"),
    ],
)
def test_kind(raw: str, text: str, kind: str) -> None:
    fixed, kinds = _fix(raw)
    assert fixed == text
    assert kinds == {kind}


@pytest.mark.parametrize(
    "raw",
    [
        "لـ«الشرق الأوسط»",  # a single tatweel after a detached prefix: convention
        "محملة بـ4700 طن",
        "مقاتلات الـF 16",
        "في 1436هـ، وفي",
        "واشنطن ـ «الشرق الأوسط»",  # tatweel as a dash
        "بفضل الله ـــ منارة",
        "15ـ غياب",
        "می\u200cخواهم",  # ZWNJ that breaks a join: kept
        "ب\u200d ",  # ZWJ that shows a joining form: kept
        "👨\u200d👩\u200d👧",  # emoji ZWJ sequence
        "الألم .. ًيستهدفون",  # a haraka after punctuation: not ours to guess
        "ضغط، ثم",  # one cp1256-looking pair is still correct Arabic
        "Ain Alyoum’s “reports” – 3 ° C, © 2015",
        "Ørsted and Ægir in Malmö",
        "﷽",  # no compatibility decomposition
    ],
)
def test_left_alone(raw: str) -> None:
    assert _fix(raw) == (raw, set())


def test_persian_text_untouched() -> None:
    fa = "من به مدرسه می\u200cروم و کتاب می\u200cخوانم. این کتاب خیلی خوب است"
    assert _fix(fa) == (fa, set())
    assert _fix("کبير", "fa") == ("کبير", set())  # metadata language says Persian
    # a Persian word (گ) quoted inside an Arabic sentence keeps its letters
    ar = "قال المدرب إن فريق «استقلال» سيلعب في «گل گهر» يوم الخميس المقبل في المدينة"
    assert _fix(ar) == (ar, set())


def _mojibake(s: str, encoding: str) -> str:
    b = s.encode("utf-8")
    if encoding != "cp1252":
        return b.decode(encoding)
    return "".join(chr(x) if x in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([x]).decode("cp1252")
                   for x in b)  # the "sloppy" cp1252 reading that keeps undefined bytes


@pytest.fixture(scope="module")
def arabic_paragraphs(corpus_path: Path) -> list[str]:
    """Long Arabic paragraphs of 60 corpus articles (every 50th Arabic row)."""
    rows = [json.loads(line) for line in corpus_path.read_text(encoding="utf-8").splitlines()]
    ar = [r["text"] for r in rows if r["lang"] == "ar" and r["text"] and len(r["text"]) > 300]
    return [max(t.split("\n"), key=len)[:500] for t in ar[::50][:60]]


@pytest.mark.parametrize("encoding", ["cp1256", "latin-1", "cp1252"])
def test_mojibake_from_real_arabic(arabic_paragraphs: list[str], encoding: str) -> None:
    for para in arabic_paragraphs:
        raw = "قال المصدر: " + _mojibake(para, encoding) + "\nوأضاف."
        art = chars.repair(_art(raw))
        assert art.text == "قال المصدر: " + para + "\nوأضاف."
        moji = [e for e in art.edits if e.kind == "mojibake"]
        assert moji and all(e.attrs["encoding"] in ("cp1256", "latin-1") for e in moji)
        assert chars.repair(art) is art
        assert not chars.mojibake_edits(para)  # correct Arabic is never changed


def test_mojibake_known_sequences() -> None:
    assert _fix("ط§ظ„ط¹ط±ط¨ظٹط©") == ("العربية", {"mojibake"})
    assert _fix("Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©") == ("العربية", {"mojibake"})
    assert _fix("It doesnâ€™t matter") == ("It doesn’t matter", {"mojibake"})


def test_repairs_compose_and_map_back() -> None:
    raw = "ﻭﺯﻳﺮ \u200fالـمـالـيـة کبير مسؤولي الحكومة الكبيرة ً في ط§ظ„ط±ظٹط§ط¶"
    art = chars.repair(_art(raw))
    assert art.text == "وزير المالية كبير مسؤولي الحكومة الكبيرةً في الرياض"
    assert {e.kind for e in art.edits} == set(KINDS) - {"zero_width"}
    for e in art.edits:
        assert art.raw_text[e.raw_start : e.raw_end] != e.replacement
    assert chars.repair(art) is art


def test_untouched_article_is_the_same_object() -> None:
    art = _art("وقع الرئيس الأميركي جو بايدن اتفاقا، الاثنين.")
    assert chars.repair(art) is art


# --- properties ------------------------------------------------------------------------------
_STANDARD = ("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة" + " " * 6 + "،.؛؟!:«»()-\n0123456789"
             + "٠١٢٣٤٥٦٧٨٩")
_NOISY = (_STANDARD + "ـًٌٍَُِّْ" + "\u200e\u200f\u200b\u200c\u200d\u00ad\u202b\u202c"
          + "ﻻﻭﺯﻳﺮﷲ" + "کیۀےہ" + "پگ" + "طظ§„ØÙ¹" + "abc’")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_STANDARD, max_size=80))
def test_standard_arabic_passes_through(text: str) -> None:
    art = _art(text)
    assert chars.repair(art) is art


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_NOISY, max_size=60))
def test_idempotent(text: str) -> None:
    once = chars.repair(_art(text))
    twice = chars.repair(once)
    assert twice.text == once.text
    assert twice.edits == once.edits
