"""Parity of the PostgreSQL store with SQLite on ~200 real corpus articles.

The same processed articles (duplicate groups and story clusters of the corpus's own
annotations, plus their neighbours) are stored in both backends through the ingest writer
(store, then connect); search results, listings, duplicates, stories, sections and stored
articles must be equal. Ranking is bm25 on SQLite and ts_rank on PostgreSQL, so search hits
are compared as sets (all matches fit one page) and totals exactly.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from parity_helpers import links, write_sample

from mawsua.app.connect import stories
from mawsua.app.ingest import (
    IngestSummary,
    _store_batch,
    iter_items,
    process_all,
    process_for_store,
)
from mawsua.errors import Ok
from mawsua.model.results import SearchQuery
from mawsua.store import SqliteStore
from mawsua.store.postgres import PostgresStore

N_ARTICLES = 200


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~200 corpus lines rich in duplicates and stories."""
    return write_sample(tmp_path_factory.mktemp("parity") / "sample.jsonl", N_ARTICLES)


@pytest.fixture(scope="module")
def prepared(sample: Path) -> list:
    """The sample processed once (pipeline + store preparation)."""
    out = [r.value for r in process_all(iter_items([sample]), 1, process_for_store)
           if isinstance(r, Ok)]
    assert len(out) >= N_ARTICLES * 0.95
    return out


@pytest.fixture(scope="module")
def both(prepared: list, pg_cluster, tmp_path_factory: pytest.TempPathFactory):
    """``(sqlite, postgres)`` stores holding the same articles, written as ingest writes
    them (batches of 64, then connected), the whole sample written twice (all duplicates)."""
    lite = SqliteStore(tmp_path_factory.mktemp("lite") / "m.db")
    pg = PostgresStore(pg_cluster.new_database())
    for store in (lite, pg):
        for _ in range(2):
            summary = IngestSummary()
            for k in range(0, len(prepared), 64):
                _store_batch(store, prepared[k : k + 64], summary)
            assert not summary.failed and not summary.unconnected
    yield lite, pg
    lite.close()
    pg.close()


def test_same_articles_duplicates_stories_sections(both) -> None:
    lite, pg = both
    assert pg.count() == lite.count() > 0
    assert pg.outlet_counts() == lite.outlet_counts()
    assert pg.facets() == lite.facets()
    dl, sl, xl = links(lite)
    dp, sp, xp = links(pg)
    assert dp == dl
    assert sum(v is not None for v in dl.values()) > 5, "the sample has duplicates"
    assert sp == sl
    assert xp == xl
    sl_, nl = stories(lite, min_size=2, limit=200)
    sp_, np_ = stories(pg, min_size=2, limit=200)
    assert np_ == nl > 3, "the sample has stories"
    assert [(s.label, s.size, [m.id for m in s.members]) for s in sp_] == \
        [(s.label, s.size, [m.id for m in s.members]) for s in sl_]


def test_same_listing_and_articles(both) -> None:
    lite, pg = both
    a = lite.latest(limit=200)
    b = pg.latest(limit=200)
    assert [i.id for i in b.items] == [i.id for i in a.items]
    assert b.items == a.items
    for item in a.items[:20]:
        assert pg.get(item.id) == lite.get(item.id)
        assert pg.get_raw(item.id) == lite.get_raw(item.id)


def _queries(lite: SqliteStore) -> list[SearchQuery]:
    """Queries made from the sample itself: frequent title words, phrases, OR, exclusion,
    filters and an entity."""
    words: Counter[str] = Counter()
    titles = [i.title for i in lite.latest(limit=200).items if i.title]
    for t in titles:
        words.update(w for w in t.split() if len(w) > 3)
    common = [w for w, _ in words.most_common(12)]
    two = titles[0].split()[:2]
    out = [SearchQuery(text=w, limit=200) for w in common]
    out += [
        SearchQuery(text=f'"{" ".join(two)}"', limit=200),
        SearchQuery(text=f"{common[0]} OR {common[1]}", limit=200),
        SearchQuery(text=f"{common[0]} -{common[1]}", limit=200),
        SearchQuery(text=f"{common[2]} {common[3]}", limit=200),
        SearchQuery(text=common[0], language="ar", limit=200),
        SearchQuery(text=common[1], outlet=lite.latest(limit=1).items[0].outlet, limit=200),
        SearchQuery(text="السعودية", limit=200),
        SearchQuery(text="سورية", limit=200),
        SearchQuery(text="killed", limit=200),
        SearchQuery(text="", entity="السعودية", limit=200),
        SearchQuery(text="وزير", entity="السعودية", limit=200),
        SearchQuery(text="الملك", since="2015-07-01", until="2015-07-21", limit=200),
    ]
    return out + _filtered(lite, common)


def _filtered(lite: SqliteStore, common: list[str]) -> list[SearchQuery]:
    """Searches with the filters PostgreSQL answers from the keys beside the words
    (outlet, section, language, their combinations, another stored name) and with the ones
    it checks on the rows after the keys (date ranges: whole months, days, a date-time
    bound; an entity)."""
    items = lite.latest(limit=200).items
    outlets = list(dict.fromkeys(i.outlet for i in items if i.outlet))
    sections = [v for (v,) in lite.conn.execute(
        "SELECT section FROM articles WHERE section IS NOT NULL GROUP BY section "
        "ORDER BY count(*) DESC LIMIT 1")]
    return [SearchQuery(text=common[0], section=v, limit=200) for v in sections] + [
        SearchQuery(text=common[0], outlet=outlets[0], language="ar", limit=200),
        SearchQuery(text=common[1], outlet=outlets[0], outlet_names=(outlets[1],), limit=200),
        SearchQuery(text=common[0], language="en", limit=200),
        SearchQuery(text=common[0], since="2015-06-20", until="2015-08-03", limit=200),
        SearchQuery(text=common[1], since="2015-07-01T06:00:00+03:00", until="2015-07-31",
                    limit=200),
        SearchQuery(text=common[2], outlet=outlets[1], since="2015-01-01", until="2016-12-31",
                    limit=200),
        SearchQuery(text=common[3], outlet=outlets[0], entity="السعودية", limit=200),
    ]


@pytest.mark.parametrize("small", [False, True])
def test_filtered_through_keys(both, monkeypatch: pytest.MonkeyPatch, small: bool) -> None:
    """Filtered searches through the keys in the words' index (PostgreSQL migration 7) give
    SQLite's totals, hits and snippets; ``small``: the newest matches looked for in ranges
    of row numbers (``PG_RANGE_FROM`` 0) and every count estimated first."""
    from mawsua.store import postgres

    lite, pg = both
    assert pg._keys_ready()
    if small:
        monkeypatch.setattr(postgres, "PG_RANGE_FROM", 0)
        monkeypatch.setattr(postgres, "PG_SPAN_MIN", 1)
    common = [q.text for q in _queries(lite)[:4]]
    found = []
    for q in _filtered(lite, common):
        a, b = lite.search(q), pg.search(q)
        assert b.total == a.total, q
        assert {h.id for h in b.items} == {h.id for h in a.items}, q
        assert {h.id: h.snippet_html for h in b.items} == \
            {h.id: h.snippet_html for h in a.items}, q
        found.append(a.total)
    assert sum(t > 0 for t in found) >= 4, found


def test_filter_keys_match_the_stored_rows(both) -> None:
    """The writer's filter keys (``pgfts.keys_literal``) are exactly those migration 7's SQL
    derives from each stored articles row, and dated articles have their day and month."""
    from mawsua.store import pgfts

    _, pg = both
    n, differ, dated = pg.conn.raw.execute(
        f"SELECT count(*), count(*) FILTER (WHERE t.keys <> {pgfts.KEYS_FROM_ARTICLE}), "
        "count(*) FILTER (WHERE t.keys @@ CAST(%s AS tsquery)) FROM article_tsv t "
        "JOIN articles a ON a.n = t.n", (pgfts.key_lexeme("month", "2015-07"),)).fetchone()
    assert n == pg.count() and dated > 10
    assert differ == 0


def test_date_keys_cover_the_range() -> None:
    """A date range's keys: its whole months, its other days, and the key of a time that is
    not ISO 8601; none for an open or very long range."""
    from mawsua.store import pgfts

    assert pgfts.date_keys("2016-11-29", "2017-01-02") == [
        pgfts.ODD_DAY, "day:2016-11-29", "day:2016-11-30", "month:2016-12", "day:2017-01-01",
        "day:2017-01-02"]
    assert pgfts.date_keys("2016-02-01T10:00:00", "2016-02-29") == [pgfts.ODD_DAY,
                                                                      "month:2016-02"]
    assert pgfts.date_keys("2016-02-01", None) is None
    assert pgfts.date_keys("2010-01-01", "2016-01-01") is None
    assert pgfts.keys_literal("a'b", None, "ar", "2016-02-03T10:00:00") == \
        "'day:2016-02-03' 'lang:ar' 'month:2016-02' 'outlet:a''b'"
    assert pgfts.keys_literal(None, "x", None, "3 Feb 2016") == "'day:?' 'section:x'"


def test_same_search_results(both) -> None:
    lite, pg = both
    nonzero = 0
    for q in _queries(lite):
        a, b = lite.search(q), pg.search(q)
        assert b.total == a.total, q
        assert {h.id for h in b.items} == {h.id for h in a.items}, q
        snip = {h.id: h.snippet_html for h in a.items}
        assert {h.id: h.snippet_html for h in b.items} == snip, q
        nonzero += a.total > 0
    assert nonzero >= 12


def test_paging_covers_every_match_once(both) -> None:
    lite, pg = both
    q = _queries(lite)[0]
    total = pg.search(q).total
    seen = []
    for off in range(0, total, 7):
        seen += [h.id for h in pg.search(SearchQuery(text=q.text, limit=7, offset=off)).items]
    assert sorted(seen) == sorted(h.id for h in lite.search(q).items)


@pytest.mark.parametrize("span", [2_000, 1])
@pytest.mark.parametrize("filtered", [False, True])
def test_ranking_window_pages_and_bounds(both, monkeypatch: pytest.MonkeyPatch,
                                         filtered: bool, span: int) -> None:
    """With a ranking window smaller than the matches, pages still cover every match once,
    the total is exact, and the first page is the best of the newest window's matches —
    also when the newest matches are looked for in ranges of the newest row numbers grown
    until they hold enough (``span`` 1: the smallest first range)."""
    from mawsua.store import postgres

    lite, pg = both
    window = 5
    monkeypatch.setattr(postgres, "PG_RANK_WINDOW", window)
    monkeypatch.setattr(postgres, "PG_SPAN_MIN", span)
    monkeypatch.setattr(postgres, "PG_RANGE_FROM", 0 if span == 1 else 10_000)
    q = max(_queries(lite), key=lambda x: lite.search(x).total)
    if filtered:
        outlet = Counter(h.outlet for h in lite.search(SearchQuery(text=q.text, limit=200)
                                                       ).items).most_common(1)[0][0]
        q = SearchQuery(text=q.text, outlet=outlet)
    want = lite.search(SearchQuery(text=q.text, outlet=q.outlet, limit=200))
    assert want.total > 3 * window
    seen: list[str] = []
    for off in range(0, want.total, 3):  # pages straddle the windows
        page = pg.search(SearchQuery(text=q.text, outlet=q.outlet, limit=3, offset=off))
        assert page.total == want.total
        seen += [h.id for h in page.items]
    assert sorted(seen) == sorted(h.id for h in want.items)
    n_of = dict(pg.conn.execute("SELECT id, n FROM articles").fetchall())
    newest = sorted((n_of[i] for i in seen), reverse=True)[:window]
    first = pg.search(SearchQuery(text=q.text, outlet=q.outlet, limit=window))
    assert sorted(n_of[h.id] for h in first.items) == sorted(newest)
    scores = [h.score for h in first.items]
    assert scores == sorted(scores)


def test_same_feed_scans_and_alert_matches(both) -> None:
    from mawsua.model.alerts import AlertInfo
    from mawsua.store import scan
    from mawsua.store.alerts import AlertRegistry

    lite, pg = both
    for q in _queries(lite)[:6] + [SearchQuery(text="")]:
        a = [s.id for s, _ in scan.newest(lite, q, 30)]
        assert [s.id for s, _ in scan.newest(pg, q, 30)] == a, q
        alert = AlertInfo(id=1, name="x", query=q.text or "", language=q.language)
        top = lite.count()
        lm = [i for _, i in AlertRegistry._matches(lite.conn, alert, 0, top)]
        assert [i for _, i in AlertRegistry._matches(pg.conn, alert, 0, top)] == lm, q


def test_huge_result_sets_show_the_planners_estimate(both, monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    """Above ``PG_EXACT_COUNT`` expected matches the total is the planner's estimate (a
    positive number near the exact one), and the first page holds the same best matches."""
    from mawsua.store import postgres

    lite, pg = both
    q = max(_queries(lite), key=lambda x: lite.search(x).total)
    exact = pg.search(q)
    monkeypatch.setattr(postgres, "PG_EXACT_COUNT", 0)
    estimated = pg.search(q)
    assert exact.total == lite.search(q).total
    assert 0 < estimated.total <= 10 * exact.total and estimated.total * 10 >= exact.total
    assert [h.id for h in estimated.items] == [h.id for h in exact.items]


def _phrase_query(lite: SqliteStore) -> SearchQuery:
    """A two-word phrase of the sample whose words are also found apart (so its candidates
    outnumber its matches)."""
    best = None
    for h in lite.search(SearchQuery(text="", limit=200)).items:
        words = [w for w in h.title.split() if len(w) > 3]
        for a, b in zip(words, words[1:], strict=False):
            phrase = lite.search(SearchQuery(text=f'"{a} {b}"', limit=200)).total
            apart = lite.search(SearchQuery(text=f"{a} {b}", limit=200)).total
            if phrase >= 2 and apart > phrase and (best is None or phrase > best[0]):
                best = (phrase, f'"{a} {b}"')
    assert best is not None
    return SearchQuery(text=best[1], limit=200)


def test_phrase_candidates_bound_the_work(both, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phrase's candidates (its words anywhere) come from the index alone: under
    ``PG_PHRASE_EXACT`` candidates the total is exact; above it the total is estimated from
    a sample of the candidates (near the exact one) and the hits are the same, found among
    the newest candidates. (Without the word pairs: the path of a database whose pairs are
    being filled in, and of a phrase in an OR group.)"""
    from mawsua.store import fts, pgfts, postgres

    lite, pg = both
    monkeypatch.setattr(pg, "_pairs_ready", lambda: False)
    q = _phrase_query(lite)
    parsed = fts.parse_query(q.text or "")
    assert pgfts.has_phrase(parsed)
    cand = pgfts.tsquery_literal(parsed, candidates=True)
    assert cand is not None and "<->" not in cand and " & " in cand
    assert pgfts.tsquery_literal(parsed) != cand
    exact = pg.search(q)
    want = lite.search(q)
    assert exact.total == want.total
    assert {h.id for h in exact.items} == {h.id for h in want.items}
    monkeypatch.setattr(postgres, "PG_PHRASE_EXACT", 0)
    for sample in (200, 3, 1):
        monkeypatch.setattr(postgres, "PG_PHRASE_SAMPLE", sample)
        est = pg.search(q)
        # every match fits the first window: all are found, so the total is made exact
        assert est.total == want.total, sample
        assert [h.id for h in est.items] == [h.id for h in exact.items]
    monkeypatch.setattr(postgres, "PG_RANK_WINDOW_LARGE", 1)  # an estimated total's window
    first = pg.search(SearchQuery(text=q.text, limit=1))
    assert first.total >= 1 and len(first.items) == 1
    n_of = dict(pg.conn.execute("SELECT id, n FROM articles").fetchall())
    assert n_of[first.items[0].id] == max(n_of[h.id] for h in want.items)


def test_excluded_phrase_is_not_a_candidate_filter() -> None:
    """Candidates must include every match: an excluded phrase excludes only articles with
    its words in order, so it is left out of the candidates (an excluded word stays)."""
    from mawsua.store import fts, pgfts

    parsed = fts.parse_query('سوريا -"وزير الخارجية" -لبنان')
    cand = pgfts.tsquery_literal(parsed, candidates=True) or ""
    full = pgfts.tsquery_literal(parsed) or ""
    assert "<->" in full and "<->" not in cand
    assert "'لبنان'" in cand and "'وزير'" not in cand
    assert not pgfts.has_phrase(fts.parse_query("سوريا لبنان"))


def test_word_pairs_match_the_stored_tsvectors(both) -> None:
    """The writer's word pairs (``pgfts.pairs_literal``) are exactly those the backfill's SQL
    derives from each stored tsvector's positions, article by article."""
    from mawsua.store import pgfts

    _, pg = both
    raw = pg.conn.raw
    n, differ, pairs = raw.execute(
        f"SELECT count(*), count(*) FILTER (WHERE p.tsv <> {pgfts.PAIRS_FROM_TSV}), "
        "sum(length(p.tsv)) FROM article_tsv t JOIN article_pairs p ON p.n = t.n").fetchone()
    assert n == pg.count() and pairs > 100 * n
    assert differ == 0


def _phrases(lite: SqliteStore) -> list[SearchQuery]:
    """Phrases of the sample's titles (two and three words), alone, with a word, an OR, an
    exclusion and filters."""
    titles = [i.title.split() for i in lite.latest(limit=200).items if i.title]
    long = [t for t in titles if len(t) >= 4]
    two = [" ".join(t[k:k + 2]) for t in long[:6] for k in (0, 1)]
    three = [" ".join(t[:3]) for t in long[:4]]
    out = [SearchQuery(text=f'"{p}"', limit=200) for p in two + three]
    out += [
        SearchQuery(text=f'"{two[0]}" {long[1][-1]}', limit=200),
        SearchQuery(text=f'"{two[0]}" OR "{two[2]}"', limit=200),
        SearchQuery(text=f'"{three[0]}" -{long[2][0]}', limit=200),
        SearchQuery(text=f'"{two[1]}" "{two[3]}"', limit=200),
        SearchQuery(text=f'"{two[0]}"', language="ar", limit=200),
        SearchQuery(text=f'"{three[1]}"', outlet=lite.latest(limit=1).items[0].outlet,
                    limit=200),
    ]
    return out


@pytest.mark.parametrize("small", [False, True])
def test_phrases_through_word_pairs(both, monkeypatch: pytest.MonkeyPatch, small: bool
                                    ) -> None:
    """Phrases found through ``article_pairs`` (two-word phrases from the pairs alone, others
    with the pairs as candidates checked in ``article_tsv``) give SQLite's totals, hits and
    order; ``small``: with every candidate set 'large' (sampled count, newest range)."""
    from mawsua.store import postgres

    lite, pg = both
    assert pg._pairs_ready()
    if small:
        monkeypatch.setattr(postgres, "PG_PHRASE_EXACT", 0)
        monkeypatch.setattr(postgres, "PG_RANGE_FROM", 0)
    found = 0
    for q in _phrases(lite):
        a, b = lite.search(q), pg.search(q)
        assert b.total == a.total, q
        assert {h.id for h in b.items} == {h.id for h in a.items}, q
        assert {h.id: h.snippet_html for h in b.items} == \
            {h.id: h.snippet_html for h in a.items}, q
        found += a.total > 0
    assert found >= 12


def test_word_pairs_backfill(both, monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles stored before migration 6 are queued; until their pairs are filled in,
    phrases are searched without them (same results), and the backfill writes the pairs the
    writer would have."""
    lite, pg = both
    raw = pg.conn.raw
    before = dict(raw.execute("SELECT n, tsv::text FROM article_pairs").fetchall())
    q = _phrases(lite)[0]
    want = pg.search(q)
    with raw.transaction():
        raw.execute("DELETE FROM article_pairs WHERE n % 3 = 0")
        raw.execute("INSERT INTO pairs_pending (n) SELECT n FROM articles WHERE n % 3 = 0")
    other = PostgresStore(pg.url, readonly=True)
    try:
        assert not other._pairs_ready()
        got = other.search(q)
        assert (got.total, [h.id for h in got.items]) == (want.total, [h.id for h in want.items])
        assert pg.pairs_backfill(batch=7) == len([n for n in before if n % 3 == 0])
        assert other._pairs_ready()
    finally:
        other.close()
    assert dict(raw.execute("SELECT n, tsv::text FROM article_pairs").fetchall()) == before
