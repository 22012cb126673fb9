"""Search must-shows of issue 2 on the real corpus (plus three made-up vowelled articles)."""

from __future__ import annotations

import json
import re

import pytest

from mawsua.arabic.fold import tokens
from mawsua.arabic.stem import stem
from mawsua.model.results import SearchQuery
from mawsua.store import SqliteStore


def all_ids(store: SqliteStore, text: str, **filters: str) -> set[str]:
    """Every id a query returns, paging through all results."""
    ids: set[str] = set()
    offset = 0
    while True:
        page = store.search(SearchQuery(text, limit=200, offset=offset, **filters))
        ids |= {h.id for h in page.items}
        offset += 200
        if offset >= page.total:
            assert len(ids) == page.total
            return ids


def corpus_with_word(lines: list[bytes], word: str) -> set[str]:
    """Ids of corpus articles whose title or text has ``word`` as a whole word (as written)."""
    pat = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    out = set()
    for ln in lines:
        d = json.loads(ln)
        if pat.search(d["text"]) or pat.search(d.get("title") or ""):
            out.add(d["id"])
    return out


def test_alef_forms(corpus_store: SqliteStore, lines: list[bytes]) -> None:
    expected = corpus_with_word(lines, "إسرائيل")
    assert len(expected) > 10
    assert expected <= all_ids(corpus_store, "اسرائيل")
    assert all_ids(corpus_store, "اسرائيل") == all_ids(corpus_store, "إسرائيل")


def test_harakat(corpus_store: SqliteStore) -> None:
    page = corpus_store.search(SearchQuery("كتب", outlet="fixture"))
    assert [h.id for h in page.items] == ["fx-harakat"]
    assert "<mark>كَتَبَ</mark>" in page.items[0].snippet_html
    assert "كَتَبَ" in page.items[0].snippet  # original letters shown
    # and a vowelled query finds unvowelled text
    assert all_ids(corpus_store, "كَتَبَ") == all_ids(corpus_store, "كتب")


def test_tatweel(corpus_store: SqliteStore) -> None:
    page = corpus_store.search(SearchQuery("الحكومة", outlet="fixture"))
    assert [h.id for h in page.items] == ["fx-tatweel"]
    assert "<mark>الحكـــومة</mark>" in page.items[0].snippet_html


def test_teh_marbuta(corpus_store: SqliteStore, lines: list[bytes]) -> None:
    expected = corpus_with_word(lines, "مدرسة")
    assert expected
    assert expected <= all_ids(corpus_store, "مدرسه")


def test_arabic_indic_digits(corpus_store: SqliteStore, lines: list[bytes]) -> None:
    indic = corpus_with_word(lines, "٢٠١٥")
    assert indic, "the corpus has Arabic-Indic years"
    found = all_ids(corpus_store, "2015")
    assert indic <= found
    assert all_ids(corpus_store, "٢٠١٥") == found


def test_article_and_prepositions(corpus_store: SqliteStore, lines: list[bytes]) -> None:
    found = all_ids(corpus_store, "الرئيس")
    for form in ("والرئيس", "للرئيس", "الرئيس"):
        expected = corpus_with_word(lines, form)
        assert expected, form
        assert expected <= found, form


def test_exact_form_ranks_first(corpus_store: SqliteStore) -> None:
    page = corpus_store.search(SearchQuery("الرئيس", limit=10))
    for hit in page.items:
        assert "الرئيس" in tokens(hit.title or "") + tokens(hit.snippet)


def test_ministry_never_matches_visited(corpus_store: SqliteStore) -> None:
    found = all_ids(corpus_store, "وزارة")
    assert "fx-zaar" not in found
    assert len(found) > 100
    # every hit really has a form of the ministry (exact or same stem)
    for hit_id in list(found)[:200]:
        art = corpus_store.get(hit_id)
        toks = tokens((art.metadata.title or "") + " " + art.text)
        assert any(t == "وزاره" or stem(t) == stem("وزاره") for t in toks), hit_id
    assert corpus_store.search(SearchQuery("زار", outlet="fixture")).items[0].id == "fx-zaar"


def test_phrase(corpus_store: SqliteStore) -> None:
    phrase = all_ids(corpus_store, '"خادم الحرمين الشريفين"')
    words = all_ids(corpus_store, "خادم الحرمين الشريفين")
    assert phrase and phrase <= words


@pytest.mark.parametrize("text", [
    '"', '""', "AND (", "*", "OR", "NOT x", "NEAR(a b)", "title_exact:foo", "{body_stem}: x",
    "a AND", ")(", "^", "-", "'", "\\", "\x00", "؟؟", "'; DROP TABLE articles; --", "ـــ",
    '"unbalanced', "كتب*", "col:كتب", "+", "a" * 500,
])
def test_hostile_queries_do_not_raise(corpus_store: SqliteStore, text: str) -> None:
    page = corpus_store.search(SearchQuery(text))
    assert page.total >= 0
    assert corpus_store.count() > 4000


def test_filters_and_paging(corpus_store: SqliteStore) -> None:
    all_hits = corpus_store.search(SearchQuery("السعودية", limit=200))
    okaz = corpus_store.search(SearchQuery("السعودية", outlet="okaz", limit=200))
    assert 0 < okaz.total < all_hits.total
    assert {h.outlet for h in okaz.items} == {"okaz"}
    p1 = corpus_store.search(SearchQuery("السعودية", limit=5))
    p2 = corpus_store.search(SearchQuery("السعودية", limit=5, offset=5))
    assert p1.total == p2.total == all_hits.total
    assert not {h.id for h in p1.items} & {h.id for h in p2.items}
    assert [h.id for h in p1.items + p2.items] == [h.id for h in all_hits.items[:10]]
    en = corpus_store.search(SearchQuery("syria", language="en", limit=3))
    assert en.total > 50 and {h.language for h in en.items} == {"en"}
    assert corpus_store.search(SearchQuery("syria", language="ar")).total < en.total


def test_date_filters(corpus_store: SqliteStore) -> None:
    day = corpus_store.search(SearchQuery("", since="2016-12-29", until="2016-12-29",
                                          limit=200))
    assert day.total > 0
    assert all((h.published or "").startswith("2016-12-29") for h in day.items)
    before = corpus_store.search(SearchQuery("syria", until="2013-12-31", limit=200))
    assert before.total > 0 and all(h.published and h.published <= "2013-12-31"
                                   for h in before.items)
    with pytest.raises(ValueError):
        corpus_store.search(SearchQuery("x", since="yesterday"))


def test_empty_query_lists_newest(corpus_store: SqliteStore) -> None:
    page = corpus_store.search(SearchQuery("", outlet="okaz", limit=3))
    assert page.total == 337
    assert all(h.outlet == "okaz" and h.score == 0.0 for h in page.items)


def test_snippets_are_escaped_and_bounded(corpus_store: SqliteStore) -> None:
    for q in ("السعودية", "syria", "الرئيس الأمريكي"):
        for h in corpus_store.search(SearchQuery(q, limit=20)).items:
            assert len(h.snippet) <= 250
            plain = h.snippet_html.replace("<mark>", "").replace("</mark>", "")
            assert "<" not in plain.replace("&lt;", "")
            assert "\n" not in h.snippet


def test_crawl_time_dates_an_undated_article(tmp_path) -> None:  # noqa: ANN001
    """An article without a publication time is filtered and sorted by its crawl time."""
    from dataclasses import replace

    from tests.store.conftest import make_article

    store = SqliteStore(tmp_path / "c.db")
    try:
        a, raw_a = make_article("زار الوفد المدينة اليوم.", id="crawled-only")
        a = replace(a, metadata=replace(a.metadata, extra={"crawled": "2019-05-02T08:00:00Z"}))
        b, raw_b = make_article("زار الوفد القرية اليوم.", id="junk-crawl")
        b = replace(b, metadata=replace(b.metadata, extra={"crawled": "not a time"}))
        store.add(a, raw_a)
        store.add(b, raw_b)
        hits = store.search(SearchQuery("الوفد", since="2019-05-01", until="2019-05-02"))
        assert [h.id for h in hits.items] == ["crawled-only"]
        assert store.search(SearchQuery("الوفد", until="2019-04-30")).total == 0
        newest = store.search(SearchQuery("", outlet="fixture")).items
        assert [h.id for h in newest] == ["crawled-only", "junk-crawl"]  # undated last
    finally:
        store.close()
