"""Language of each paragraph: Arabic vs Persian/Urdu vs English, on real data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import trafilatura

from mawsua.annotate.language import detect
from mawsua.model import Article


def _varzesh3(html_dir: Path) -> tuple[Path, Path]:
    folder = html_dir / "varzesh3.com"
    return next(folder.glob("*.html")), next(folder.glob("*.gold.json"))


def test_seed_languages(seed_article: Article) -> None:
    art = seed_article
    langs = [s for s in art.layer("languages") if s.attrs["level"] == "paragraph"]
    labels = {s.surface(art.text)[:20]: s.label for s in langs}
    assert len(langs) == len(art.layer("paragraphs"))
    en = [s for s in langs if s.surface(art.text).startswith(("This afternoon", "I look forward"))]
    assert [s.label for s in en] == ["en", "en"]
    arabic = [s for s in langs if s.surface(art.text)[0] in "وأ("]
    assert arabic and all(s.label == "ar" for s in arabic), labels
    assert art.metadata.language == "ar"
    assert all(0.0 <= s.attrs["confidence"] <= 1.0 for s in langs)


def test_persian_page_is_not_arabic(build: Callable[[str], Article], corpus_path: Path) -> None:
    html_path, gold_path = _varzesh3(corpus_path.parent / "html")
    text = trafilatura.extract(html_path.read_bytes())
    assert text
    art = build(text)
    assert art.metadata.language == "fa"
    assert not any(s.label == "ar" for s in art.layer("languages")
                   if s.attrs["level"] == "paragraph")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["content"]
    gold_art = build(gold)
    assert gold_art.metadata.language == "fa"
    assert {s.label for s in gold_art.layer("languages")
            if s.attrs["level"] == "paragraph"} == {"fa"}


def test_short_arabic_script_spans() -> None:
    assert detect("خامساً:")[0] == "ar"
    assert detect("بوش.")[0] == "ar"
    assert detect("پورتو")[0] == "fa"
    assert detect("من به مدرسه می‌روم و کتاب می‌خوانم")[0] == "fa"
    assert detect("یہ ایک اردو جملہ ہے جو پاکستان میں بولی جاتی ہے")[0] == "ur"
    assert detect("12:02 ت م")[0] == "ar"
    assert detect("* * *") == ("und", 0.0, "script")
    assert detect("aaljamili@yahoo.com")[0] == "und"


def test_fakes_articles_are_english(
    corpus_rows: dict[str, dict], corpus_article: Callable[[str], Article]
) -> None:
    fakes = [i for i, d in corpus_rows.items() if d["source_dataset"] == "FA-KES"][:40]
    assert len(fakes) == 40
    for ident in fakes:
        assert corpus_article(ident).metadata.language == "en", ident


def test_saudinewsnet_articles_are_arabic(
    corpus_rows: dict[str, dict], corpus_article: Callable[[str], Article]
) -> None:
    snn = [i for i, d in corpus_rows.items() if d["source_dataset"] == "SaudiNewsNet"][:200]
    langs = [corpus_article(i).metadata.language for i in snn]
    assert all(lang in ("ar", "und") for lang in langs)
    assert langs.count("ar") >= 195
