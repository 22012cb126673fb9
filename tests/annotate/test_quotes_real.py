"""The quotes layer on hand-checked SaudiNewsNet articles (../shared/corpus/articles.jsonl)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mawsua.arabic.fold import fold
from mawsua.model import Article

#: id -> hand-checked quotes that must be found: (kind, speaker contains (``a|b``: either,
#: surface or canonical), cue, text start)
REAL: dict[str, list[tuple[str, str, str, str]]] = {
    "snn-89a97125dda6": [("direct", "الزياني", "قال", "الاجتماع مع المسؤولين")],
    "snn-089200ebd4e6": [("direct", "unnamed source", "قال", "فرض تنظيم داعش")],
    "snn-f34d1d309af9": [("direct", "البرقان", "قال", "الشكاوى التي تمنع"),
                         ("direct", "البرقان", "أضاف", "حتى هذه اللحظة")],
    "snn-4e3d9add04f9": [("direct", "تيد بو", "قال", "هؤلاء الخونة")],
    "snn-a737424e4e64": [("direct", "ريهام", "أضافت", "من يتابع الأحداث")],
    "snn-e67048a8e787": [("direct", "جريدي", "قال", "إن سوق عكاظ")],
    "snn-b221c5bb3977": [("direct", "العمودى", "أضاف", "عودتهم الى كهوف")],
    "snn-5b21442be3c2": [("direct", "ميكل", "قالت", "ينبغي أن يكون")],
    "snn-9cbd71c5a8c9": [("direct", "unnamed source", "قال", "لا يوجد لديه")],
    "snn-a0583cc43bda": [("direct", "نوّار", "قال", "يجب أن نعترف")],
    "snn-9a7f18217d5c": [("partial", "الجبير", "قال", "جزء من المشكلة"),
                         ("direct", "لافروف|Lavrov", "بقوله", "ليس لدينا أية")],
    "snn-12277c5a6153": [("direct", "امرأة", "قالت", "الآن دون أن")],
    "snn-456459ac8768": [("direct", "البيتي", "قال", "حاولنا ان نخرج")],
    "snn-bc909f440edf": [("direct", "بيل باير", "قال", "بعد تحقيق موسع")],
    "snn-3e434280449b": [("direct", "", "تابع", "كرئيس مستقل")],
}

#: id -> quoted names/titles that must not be quotes (book, restaurant, concept names)
NOT_QUOTES: dict[str, list[str]] = {
    "snn-890a463602c7": ["فيصل الأول", "ملوك العرب", "قلب العراق"],
    "snn-f01586cd4622": ["عصر الظهور"],
    "snn-da1a18f0e1f8": ["بربر", "جوفريز", "روتي بوي", "دليفرانس", "بابا جونز"],
    "snn-2fc81c714fdd": ["الموضة", "الهياط", "المهايطين"],
    "snn-8e6f9db4a5db": ["كفى"],
}


@pytest.mark.parametrize("ident", sorted(REAL))
def test_real_quotes(corpus_article: Callable[[str], Article], ident: str) -> None:
    art = corpus_article(ident)
    def who(a: dict) -> str:  # the speaker (canonical once linked) and its mention as written
        at = a["speaker_start"]
        return f"{a['speaker'] or ''} {art.text[at:a['speaker_end']] if at is not None else ''}"

    got = [(q.label, who(q.attrs), q.attrs["cue"], art.text[q.start:q.end])
           for q in art.layer("quotes")]
    for kind, speaker, cue, start in REAL[ident]:
        hits = [g for g in got if g[3].startswith(start)]
        assert hits, (start, got)
        k, sp, c, _ = hits[0]
        assert (k, c) == (kind, cue), hits[0]
        # compared folded: the same name may carry its harakat in another order (نوَّار/نوّار)
        assert any(fold(alt) in fold(sp) for alt in speaker.split("|")), hits[0]


@pytest.mark.parametrize("ident", sorted(NOT_QUOTES))
def test_real_not_quotes(corpus_article: Callable[[str], Article], ident: str) -> None:
    art = corpus_article(ident)
    texts = {art.text[q.start:q.end].strip() for q in art.layer("quotes")}
    for name in NOT_QUOTES[ident]:
        assert name not in texts
