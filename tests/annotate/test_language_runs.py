"""Language runs inside paragraphs (issue 3, item 5): level=paragraph and level=run spans."""

from __future__ import annotations

from collections.abc import Callable

from mawsua.annotate.language import run_spans
from mawsua.model import Article


def _runs(art: Article) -> list[tuple[str, str]]:
    return [(s.label, art.text[s.start : s.end]) for s in art.layer("languages")
            if s.attrs["level"] == "run"]


def test_seed_levels(seed_article: Article) -> None:
    art = seed_article
    paras = [s for s in art.layer("languages") if s.attrs["level"] == "paragraph"]
    assert [(p.start, p.end) for p in paras] == [(p.start, p.end) for p in art.layer("paragraphs")]
    # the English tweet paragraphs are English paragraphs, with no runs inside
    en = [p for p in paras if p.label == "en"]
    assert any(art.text[p.start : p.end].startswith("This afternoon") for p in en)
    for r in art.layer("languages"):
        if r.attrs["level"] == "run":
            assert r.attrs["script"] in ("Latn", "Arab")
            parent = next(p for p in paras if p.start <= r.start and r.end <= p.end)
            assert parent.label != r.label or r.label == "und"


def test_latin_runs_inside_arabic(build: Callable[..., Article]) -> None:
    art = build("وفي تغريدة على حسابه في Twitter قال President Biden (@POTUS) إنه سعيد.")
    assert _runs(art) == [("en", "Twitter"), ("en", "President Biden (@POTUS)")]
    (para,) = [s for s in art.layer("languages") if s.attrs["level"] == "paragraph"]
    assert para.label == "ar"
    assert art.metadata.language == "ar"


def test_arabic_run_inside_english(build: Callable[..., Article]) -> None:
    art = build("The crowd chanted الشعب يريد إسقاط النظام outside the ministry on Monday.")
    assert _runs(art) == [("ar", "الشعب يريد إسقاط النظام")]


def test_long_latin_run_goes_to_the_detector() -> None:
    text = ("قال الرئيس الفرنسي: Nous sommes en guerre contre le terrorisme et nous allons "
            "gagner cette guerre ensemble ثم غادر.")
    (run,) = run_spans(text, 0, len(text), "ar")
    assert run.label == "fr" and run.attrs["method"] in ("cld2", "lingua")
    assert text[run.start : run.end].startswith("Nous sommes")


def test_runs_trim_punctuation_and_skip_und() -> None:
    text = "قالت الوكالة (AFP)، إن الاجتماع انتهى."
    (run,) = run_spans(text, 0, len(text), "ar")
    assert text[run.start : run.end] == "AFP"
    assert run_spans("12:00 ...", 0, 9, "und") == []
    assert run_spans("نص عربي فقط", 0, 11, "ar") == []
