"""A person's name spelled with or without inner long vowels is found by either spelling in
plain search once the entity layer joined them (user test: ``بوتين`` 7 results, ``بوتن`` 9,
both 16; a journalist typing one spelling missed over half the articles)."""

from __future__ import annotations

from pathlib import Path

from jsonl_rows import ingest_rows
from mawsua.app import queries
from mawsua.model.results import SearchQuery
from mawsua.store import pgfts
from mawsua.store.fts import parse_query

_ROWS = [
    ("p1", "قال الرئيس الروسي فلاديمير بوتين إن بلاده لن تتراجع عن موقفها في المفاوضات. "
           "وأضاف بوتين أن الحوار مستمر مع الشركاء."),
    ("p2", "أعلن الكرملين أن الرئيس فلاديمير بوتن سيزور أنقرة الأسبوع المقبل. "
           "وسيلتقي بوتن نظيره التركي لبحث ملف الغاز."),
    ("p3", "ناقش مجلس الوزراء في الرياض ميزانية العام المقبل والبوتاس في الأسواق."),
]


def test_either_spelling_finds_both(tmp_path: Path) -> None:
    db = ingest_rows(tmp_path, [{"id": i, "outlet": "okaz", "title": t[:30], "text": t}
                                for i, t in _ROWS])
    with queries.open_store(db, readonly=True) as store:
        for word in ("بوتين", "بوتن"):
            hits = queries.search(store, SearchQuery(text=word, limit=10))
            assert sorted(h.id for h in hits.items) == ["p1", "p2"], word
            assert all("<mark>" in h.snippet_html for h in hits.items), word
        # the other spelling is added only for a stored person, never for a common word
        assert queries.name_spellings(store, "الرئيس الأسبوع") == ()
        assert ("بوتين", "بوتن") in queries.name_spellings(store, "بوتين OR موسكو")


def test_extra_spellings_reach_both_query_languages() -> None:
    q = parse_query("بوتين -الغاز", (("بوتين", "بوتن"), ("غائب", "غيب")))
    assert q.extra == (("بوتين", "بوتن"),)  # pairs for words not in the query are dropped
    expr = q.match_expression()
    assert expr is not None and '"بوتن"' in expr and '"بوتين"' in expr
    tsq = pgfts.tsquery_literal(q)
    assert tsq is not None and "'بوتن'" in tsq and "'بوتين'" in tsq
    assert q.is_match("بوتن") and q.is_match("بوتين")
    assert parse_query("بوتين").match_expression() != expr  # nothing added by default
