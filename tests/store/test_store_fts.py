"""Query parsing, index text and snippets (mawsua.store.fts)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mawsua.arabic.fold import fold
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
        assert q.empty or q.excludes_only
        return
    # outside quoted strings only our own syntax appears
    outside = "".join(part for i, part in enumerate(expr.split('"')) if i % 2 == 0)
    assert set(outside) <= set("(){} :ORANDNOT_titleexactbodystem")


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


def test_query_syntax_or_not_phrases() -> None:
    q = fts.parse_query('سوريا OR "الشرق الأوسط" -تركيا لبنان')
    assert [w for w, _ in q.terms] == ["لبنان"]
    assert q.any_of == ((("سوريا",), ("الشرق", "الاوسط")),)
    assert q.excluded == (("تركيا",),)
    expr = q.match_expression()
    assert expr is not None and expr.startswith("(") and ") NOT (" in expr
    assert fts.parse_query("-تركيا").excludes_only
    assert fts.parse_query("-تركيا").match_expression() is None
    assert fts.parse_query('-"الشرق الأوسط" سوريا').excluded == (("الشرق", "الاوسط"),)
    # a dangling OR is ignored; "or"/"Or" are words, not operators
    assert fts.parse_query("OR سوريا OR").terms == (("سوريا", "سوريا"),)
    assert [w for w, _ in fts.parse_query("Or sleep").terms] == ["sleep"]


def test_query_character_hygiene_like_articles() -> None:
    clean = fts.parse_query("الإمارات")
    for typed in ("اﻹمارات", "الإمـــارات", "\u200fالإمارات\u200e", "الإ\u200cمارات"):
        assert fts.parse_query(typed).terms == clean.terms, typed
    assert fts.parse_query("کتاب").terms == fts.parse_query("كتاب").terms  # Persian keheh


def test_spelling_variants_meet_in_the_expression() -> None:
    for a, b in (("سوريا", "سورية"), ("الأمريكي", "الأميركي"), ("مسؤول", "مسئول"),
                 ("ترامب", "ترمب")):
        ea, eb = fts.parse_query(a).match_expression(), fts.parse_query(b).match_expression()
        assert ea is not None and eb is not None
        assert ea == eb, (a, b)
    # rejected rules: Britain is not British, رغم is not رقم
    assert "بريطانيه" not in (fts.parse_query("بريطانيا").match_expression() or "")
    assert "رقم" not in (fts.parse_query("رغم").match_expression() or "")


def test_raw_spellings_of_repaired_words() -> None:
    from mawsua.model import Edit

    raw = "قال إنه منحاز فيالحربين\r\nاﻹمارات"
    edits = [Edit(10, 10, " ", "merged_words"), Edit(17, 17, " ", "merged_words"),
             Edit(24, 26, "\n", "line_endings"), Edit(26, 27, "لإ", "presentation_forms")]
    text = "قال إنه من حاز في الحربين\nالإمارات"
    body = fts.index_columns(None, text)[1].split()
    got = fts.raw_spellings(raw, edits, body)
    assert got == ["منحاز", "فيالحربين"]
    _, be, _, _ = fts.index_columns(None, text, raw, edits)
    assert be.split()[-2:] == ["منحاز", "فيالحربين"]


def test_snippet_marks_a_split_raw_word_and_every_spelling() -> None:
    _, html = fts.snippet("قال إنه من حاز على الجائزة", fts.parse_query("منحاز"))
    assert "<mark>من حاز</mark>" in html
    _, html = fts.snippet("الجيش السوري هذه المرة في سوريا", fts.parse_query("سورية"))
    assert "<mark>السوري</mark> هذه" in html and "<mark>سوريا</mark>" in html


def test_a_name_the_stemmer_would_cut_is_matched_in_its_own_forms() -> None:
    # سورية stems to سور ("wall"), the stem of سورة ("surah") too (user test): the name
    # and its spellings match exactly, behind proclitics, never by that stem
    q = fts.parse_query("سوريا")
    expr = q.match_expression() or ""
    assert '"سور"' not in expr and '"وسوريه"' in expr and '"لسوريه"' in expr
    for word in ("سورة", "سور", "بسور", "وسورة"):
        assert not q.is_match(fold(word)), word
    for word in ("سوريا", "سورية", "وسورية", "بسوريا", "لسورية", "السوري", "للسوريين"):
        assert q.is_match(fold(word)), word
    _, html = fts.snippet("قرأ سورة الفاتحة قرب سور المدينة في سورية", q)
    assert "<mark>سورية</mark>" in html and "<mark>سورة" not in html
    assert "<mark>سور</mark>" not in html
    # a name the stemmer only strips of ال or leaves whole keeps the stem match
    assert '"رياض"' in (fts.parse_query("الرياض").match_expression() or "")
    assert fts.parse_query("مصر").is_match(fold("بمصر"))


def test_elongated_letters_are_indexed_as_usually_written() -> None:
    _, body, _, _ = fts.index_columns(None, "قال الكورييين إن الطريق طويييل والعدد 1000")
    words = body.split()
    assert {"الكورييين", "الكوريين", "طويييل", "طويل"} <= set(words)
    assert "100" not in words  # digits are not letters
    assert fts.unelongated(["الكوريين", "مدرسه"]) == []  # two letters in a row are a word


def test_words_glued_by_sentence_punctuation_are_two_words() -> None:
    """User test s26: ``مرسي،الهند`` pasted from a text found nothing (one phrase) while
    ``مرسي، الهند`` found 5; a hyphenated name stays one phrase."""
    from mawsua.store.fts import parse_query

    for typed in ("مرسي،الهند", "مرسي,الهند", "مرسي/الهند", "مرسي.الهند", "مرسي؛الهند"):
        q = parse_query(typed)
        assert q.phrases == () and [t for t, _ in q.terms] == ["مرسي", "الهند"], typed
    assert parse_query("al-Qaeda").phrases == (("al", "qaeda"),)
    assert parse_query("2.5").phrases == (("2", "5"),)  # a decimal stays one number
    assert parse_query("U.S.").phrases == (("u", "s"),)  # an abbreviation stays a phrase
    assert len(parse_query("سي.آي.إيه").phrases) == 1
