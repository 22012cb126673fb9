"""Parity of the PostgreSQL store with SQLite on ~200 real corpus articles.

The same processed articles (duplicate groups and story clusters of the corpus's own
annotations, plus their neighbours) are stored in both backends through the ingest writer
(store, then connect); search results, listings, duplicates, stories, sections and stored
articles must be equal. Ranking is bm25 on SQLite and ts_rank on PostgreSQL, so search hits
are compared as sets (all matches fit one page) and totals exactly.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

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

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
N_ARTICLES = 200


def _ids_of_interest() -> list[str]:
    ids: list[str] = []
    for name in ("near_duplicate_groups_ar.jsonl", "near_duplicate_groups_en.jsonl"):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines()[:12]:
            ids += json.loads(line)["ids"]
    for line in (SHARED / "story_clusters_manual.jsonl").read_text(encoding="utf-8"
                                                                   ).splitlines()[:10]:
        ids += [i for i in json.loads(line)["same_story_ids"] if i.startswith("snn-")]
    return ids


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~200 corpus lines: the annotated duplicate groups and stories first, then the lines
    that follow them in the corpus."""
    corpus = SHARED / "articles.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} not found: the shared data folder must sit beside the repository")
    want = set(_ids_of_interest())
    lines = corpus.read_bytes().split(b"\n")
    picked = [i for i, ln in enumerate(lines) if ln and json.loads(ln)["id"] in want]
    chosen = set(picked[: N_ARTICLES * 3 // 4])
    step = 1
    while len(chosen) < N_ARTICLES and step < 50:
        chosen |= {i + step for i in picked if i + step < len(lines) and lines[i + step].strip()}
        step += 1
    chosen = sorted(chosen)[:N_ARTICLES]
    path = tmp_path_factory.mktemp("parity") / "sample.jsonl"
    path.write_bytes(b"\n".join(lines[i] for i in chosen) + b"\n")
    return path


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


def _links(store: SqliteStore) -> tuple[dict, set, set]:
    c = store.conn
    dups = dict(c.execute(
        "SELECT a.id, d.id FROM article_links l JOIN articles a ON a.n = l.n "
        "LEFT JOIN articles d ON d.n = l.duplicate_of").fetchall())
    groups: dict[int, set[str]] = {}
    for i, s in c.execute("SELECT a.id, l.story FROM article_links l "
                          "JOIN articles a ON a.n = l.n").fetchall():
        groups.setdefault(s, set()).add(i)
    labels = {(label, size, outlets) for label, size, outlets in c.execute(
        "SELECT label, size, outlets FROM stories").fetchall()}
    sections = {tuple(r) for r in c.execute(
        "SELECT a.id, s.code, s.kind FROM article_sections s JOIN articles a ON a.n = s.n"
    ).fetchall()}
    return dups, {frozenset(g) for g in groups.values()} | {("labels", frozenset(labels))}, \
        sections


def test_same_articles_duplicates_stories_sections(both) -> None:
    lite, pg = both
    assert pg.count() == lite.count() > 0
    assert pg.outlet_counts() == lite.outlet_counts()
    assert pg.facets() == lite.facets()
    dl, sl, xl = _links(lite)
    dp, sp, xp = _links(pg)
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
    return out


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
