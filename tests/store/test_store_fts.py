"""Query parsing, index text and snippets (mawsua.store.fts)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mawsua.store import fts


def test_index_columns() -> None:
    te, be, ts, bs = fts.index_columns("وزارة الصحة", "قال الرئيسُ إنّ ٢٠١٥ كان عاماً")
    assert te == "وزاره الصحه" and ts == "وزار صحه"
    assert be.split() == ["قال", "الرئيس", "ان", "2015", "كان", "عاما"]
    assert bs.split()[1] == "رئيس"


@given(st.text(max_size=80))
def test_match_expression_only_quoted_words(text: str) -> None:
    q = fts.parse_query(text)
    expr = q.match_expression()
    if expr is None:
        assert q.empty
        return
    # outside quoted strings only our own syntax appears
    outside = "".join(part for i, part in enumerate(expr.split('"')) if i % 2 == 0)
    assert set(outside) <= set("(){} :ORAND_titleexactbodystem")


def test_phrases_and_stopwords() -> None:
    q = fts.parse_query('"خادم الحرمين" في الرياض')
    assert q.phrases == (("خادم", "الحرمين"),)
    assert [w for w, _ in q.terms] == ["الرياض"]
    assert fts.parse_query("في").terms == (("في", "في"),)  # only stopwords: kept
    assert fts.parse_query('"" * AND ( "').empty is False  # AND is a word, searched as one
    assert fts.parse_query('"" * ( "').empty


def test_snippet_marks_original_letters() -> None:
    q = fts.parse_query("كتب اسرائيل 2015 مدرسه")
    text = "قال إنه كَتَبَ إلى إسرائيلَ عام ٢٠١٥ عن المدرسة <b> وزار المدرسةَ."
    plain, html = fts.snippet(text, q)
    assert plain == text
    for word in ("كَتَبَ", "إسرائيلَ", "٢٠١٥", "المدرسة", "المدرسةَ"):
        assert f"<mark>{word}</mark>" in html
    assert "&lt;b&gt;" in html and "<mark>وزار" not in html


def test_snippet_window_and_lead() -> None:
    text = "كلمة " * 200 + "الهدف هنا " + "كلمة " * 200
    plain, html = fts.snippet(text, fts.parse_query("الهدف"))
    assert plain.startswith("…") and plain.endswith("…")
    assert len(plain) <= fts.SNIPPET_CHARS + 2
    assert "<mark>الهدف</mark>" in html
    plain, _ = fts.snippet(text, fts.parse_query("غائب"))
    assert plain.startswith("كلمة") and plain.endswith("…")
    assert fts.lead("قصير\nجدا") == "قصير جدا"
