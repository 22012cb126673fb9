"""Character hygiene on real corpus rows (``../shared/corpus/articles.jsonl``) and on the
Persian page of ``../shared/corpus/html/varzesh3.com`` (which must stay untouched)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import trafilatura

from mawsua.clean import chars, clean
from mawsua.model import Article, Metadata, Source, sha256_hex


def _art(aid: str, raw: str, lang: str | None) -> Article:
    return Article(aid, Source("jsonl", sha256_hex(raw.encode())), Metadata(language=lang), raw)


@pytest.fixture(scope="module")
def row(corpus_path: Path) -> Callable[[str], Article]:
    rows = {}
    for line in corpus_path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        rows[d["id"]] = d

    def build(aid: str) -> Article:
        d = rows[aid]
        return _art(aid, d["text"] or "", d["lang"])

    return build


# (row id, kind, raw surface with a little context, repaired surface, number of edits of kind)
CASES = [
    ("snn-71c70a29f0fb", "bidi_controls", "لشركة \u200fشيفرون", "لشركة شيفرون", 5),
    ("snn-8a9689699751", "bidi_controls", "الدولار 5.\u200f0 في", "الدولار 5.0 في", 19),
    ("snn-34f82fe1c2b6", "bidi_controls", "مع 77.\u200f1 مليار", "مع 77.1 مليار", 2),
    ("snn-a720df0a7206", "presentation_forms", "وكان ﻭﺯﻳﺮ ﺍﻹﺩﺍﺭﺓ ﺍﻟﻤﺤﻠﻴﺔ",
     "وكان وزير الإدارة المحلية", 37),
    ("snn-55b4bbfa444f", "presentation_forms", "أن ﻗﻴﺎﺩﺍﺕ ﻛﺒﻴﺮﺓ", "أن قيادات كبيرة", 40),
    ("snn-690020e64d48", "presentation_forms", "بمقاطعة اﻻنتخابات،", "بمقاطعة الانتخابات،", 2),
    ("snn-3d9fe575106f", "persian_letters", "بومدرا، کبير موظفي", "بومدرا، كبير موظفي", 1),
    ("snn-6e6b2324d641", "persian_letters", "المبتعثة إلی جامعة", "المبتعثة إلى جامعة", 3),
    ("snn-4fc54b022b18", "persian_letters", "للمرة الأولی تهاجر", "للمرة الأولى تهاجر", 10),
    ("snn-11647c8ba164", "kashida", "\"الاقتصاديــة\" مســــؤول", "\"الاقتصادية\" مسؤول", 2),
    ("snn-5747e8cecba2", "kashida", "«أحمـــد شراحيلي»", "«أحمد شراحيلي»", 2),
    ("snn-030970b3303a", "kashida", "كما قامـت صـافـولا", "كما قامت صافولا", 11),
    ("snn-5cb017fe7114", "zero_width", "شكل: أ\u200c) أوقاف", "شكل: أ) أوقاف", 2),
    ("snn-f5c5576f5f89", "zero_width", "ضعف\u200b \u200bأنظمة", "ضعف أنظمة", 5),
    ("snn-321764aab4d2", "detached_haraka", "سفيرة مشيرة ً إلى", "سفيرة مشيرةً إلى", 1),
    ("snn-d42b12268c34", "detached_haraka", "طويلا ً، كما", "طويلاً، كما", 1),
    ("snn-3b96a38260be", "detached_haraka", "أكل ٌ طيب", "أكلٌ طيب", 1),
]


@pytest.mark.parametrize(("aid", "kind", "raw", "fixed", "count"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_real_row(row: Callable[[str], Article], aid: str, kind: str, raw: str, fixed: str,
                  count: int) -> None:
    art = row(aid)
    assert raw in art.raw_text
    out = chars.repair(art)
    assert out.raw_text == art.raw_text
    assert fixed in out.text
    assert Counter(e.kind for e in out.edits)[kind] == count
    for e in out.edits:  # every repair names what it replaced in raw
        assert out.raw_text[e.raw_start : e.raw_end] != e.replacement
    assert chars.repair(out) is out


def test_tatweel_conventions_kept(row: Callable[[str], Article]) -> None:
    art = chars.repair(row("snn-4d73788a5486"))
    assert "لـ«الشرق الأوسط»" in art.text
    art = chars.repair(row("snn-ccbb592ae342"))
    assert "لـ389 طفلا" in art.text


def test_c1_controls_are_not_mojibake(row: Callable[[str], Article]) -> None:
    art = row("fakes-1924058079")
    assert "\x81" in art.raw_text
    assert chars.repair(art) is art  # hygiene removes the control character, not chars
    cleaned = clean(art)
    assert "\x81" not in cleaned.text
    assert {e.kind for e in cleaned.edits} >= {"control_chars"}


def test_harakat_rows_pass_through(corpus_path: Path) -> None:
    """Rows with harakat but none of the faults: the text is unchanged."""
    seen = 0
    for line in corpus_path.read_text(encoding="utf-8").splitlines()[:1500]:
        d = json.loads(line)
        t = d["text"] or ""
        if not any("\u064b" <= c <= "\u0652" for c in t) or " \u064b" in t:
            continue
        art = _art(d["id"], t, d["lang"])
        out = chars.repair(art)
        assert {e.kind for e in out.edits} <= {"kashida", "bidi_controls", "presentation_forms",
                                                "persian_letters", "zero_width",
                                                "detached_haraka"}
        assert not any(e.kind == "mojibake" for e in out.edits)
        seen += 1
    assert seen > 300


def test_persian_page_untouched(corpus_path: Path) -> None:
    html_path = next((corpus_path.parent / "html" / "varzesh3.com").glob("*.html"))
    text = trafilatura.extract(html_path.read_bytes())
    assert text and "ی" in text and "ک" in text
    for lang in (None, "fa"):
        art = _art("fa", text, lang)
        assert chars.repair(art) is art
