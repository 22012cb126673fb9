"""SqliteStore: idempotent ingest, round trips, listing, counts, migrations, errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import article_from_line, make_article
from mawsua.errors import MawsuaError
from mawsua.model import Article, Edit, Metadata, Source, Span, article_to_dict, sha256_hex
from mawsua.store import SqliteStore, Store
from mawsua.store.migrations import MIGRATIONS, applied_versions


def test_is_a_store(store: SqliteStore) -> None:
    assert isinstance(store, Store)


def test_same_bytes_twice_is_one_row(store: SqliteStore, lines: list[bytes]) -> None:
    a = article_from_line(lines[0], 1)
    first = store.add(a, lines[0])
    again = store.add(a, lines[0])
    assert first.status == "added" and first.duplicate_of is None
    assert again.status == "duplicate" and again.duplicate_of == a.id
    assert store.count() == 1


def test_same_outlet_and_url_other_bytes_is_duplicate(store: SqliteStore) -> None:
    a, raw_a = make_article("نص أول", id="x1", outlet="o", url="http://e/1")
    b, raw_b = make_article("نص ثان مختلف", id="x2", outlet="o", url="http://e/1")
    c, raw_c = make_article("نص ثالث", id="x3", outlet="other", url="http://e/1")
    results = store.add_many([(a, raw_a), (b, raw_b), (c, raw_c)])
    assert [r.status for r in results] == ["added", "duplicate", "added"]
    assert results[1].duplicate_of == "x1"
    assert store.count() == 2


def test_duplicates_inside_one_batch(store: SqliteStore, lines: list[bytes]) -> None:
    items = [(article_from_line(ln), ln) for ln in lines[:50]]
    results = store.add_many(items + items[:10])
    assert [r.status for r in results].count("duplicate") == 10
    assert store.count() == 50


def test_whole_corpus_idempotent_and_counts(corpus_store: SqliteStore,
                                            lines: list[bytes]) -> None:
    import json
    from collections import Counter
    expected = Counter(json.loads(ln)["outlet"] for ln in lines)
    counts = corpus_store.outlet_counts()
    assert {k: v for k, v in counts.items() if k != "fixture"} == dict(expected)
    before = corpus_store.count()
    items = [(article_from_line(ln), ln) for ln in lines[:500]]
    assert all(r.status == "duplicate" for r in corpus_store.add_many(items))
    assert corpus_store.count() == before
    facets = corpus_store.facets()
    assert facets.outlets[0] == ("alriyadh", 916)
    assert dict(facets.languages) == {"ar": 3563 + 3, "en": 642}


def test_raw_bytes_kept(store: SqliteStore, lines: list[bytes]) -> None:
    a = article_from_line(lines[7], 8)
    store.add(a, lines[7])
    assert store.get_raw(a.id) == lines[7]
    assert article_to_dict(store.get(a.id)) == article_to_dict(a)
    with pytest.raises(KeyError):
        store.get("nope")
    with pytest.raises(KeyError):
        store.get_raw("nope")


def test_sha_mismatch_is_refused(store: SqliteStore) -> None:
    a, raw = make_article("نص", id="m1")
    with pytest.raises(MawsuaError) as e:
        store.add_many([(make_article("آخر", id="m0")), (a, raw + b" ")])
    assert e.value.code == "E_STORE"
    assert store.count() == 0


def test_latest_order_filters_paging(corpus_store: SqliteStore) -> None:
    page = corpus_store.latest(limit=50)
    assert page.total == corpus_store.count() and len(page.items) == 50
    times = [h.published or h.published_local for h in page.items]
    assert times == sorted(times, reverse=True)
    nxt = corpus_store.latest(limit=50, offset=50)
    assert not {h.id for h in page.items} & {h.id for h in nxt.items}
    okaz = corpus_store.latest(outlet="okaz", limit=200)
    assert okaz.total == 337 and len(okaz.items) == 200
    assert {h.outlet for h in okaz.items} == {"okaz"}
    assert corpus_store.latest(language="en", limit=1).total == 642
    assert corpus_store.latest(section="none-such").total == 0
    assert all(len(h.snippet) <= 245 for h in page.items)
    # undated articles come last
    last = corpus_store.latest(limit=1, offset=corpus_store.count() - 1).items[0]
    assert last.published is None and last.published_local is None
    assert corpus_store.latest(limit=10_000).limit == 200


def test_migrations_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with SqliteStore(path) as s:
        a, raw = make_article("نص", id="k1")
        s.add(a, raw)
    with SqliteStore(path) as s:
        assert s.count() == 1
        assert applied_versions(s.conn) == [m.version for m in MIGRATIONS]
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with SqliteStore(path, readonly=True) as s:
        assert s.count() == 1
        with pytest.raises(MawsuaError):
            s.add(*make_article("آخر", id="k2"))


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    SqliteStore(path).close()
    with sqlite3.connect(path) as c:
        c.execute("INSERT INTO schema_migrations VALUES (999, 'x')")
    with pytest.raises(MawsuaError) as e:
        SqliteStore(path)
    assert e.value.code == "E_STORE"


@pytest.mark.parametrize("content", [b"PNG\x89 not a database at all" * 100, b"\x00" * 10])
@pytest.mark.parametrize("readonly", [False, True])
def test_not_a_database(tmp_path: Path, content: bytes, readonly: bool) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(MawsuaError) as e:
        SqliteStore(path, readonly=readonly)
    assert e.value.code == "E_STORE" and e.value.where == str(path)


def test_readonly_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MawsuaError) as e:
        SqliteStore(tmp_path / "absent.db", readonly=True)
    assert e.value.code == "E_STORE"
    assert not (tmp_path / "absent.db").exists()


def test_closed_store(tmp_path: Path) -> None:
    s = SqliteStore(tmp_path / "c.db")
    s.close()
    s.close()
    with pytest.raises(MawsuaError):
        s.count()


# -- round trip ------------------------------------------------------------------------------

_chars = st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإةىئؤ ًٌٍَُِّْـ٠١٢abc XYZ.,\n\r\t«»\u200f"))
_text = st.lists(_chars, min_size=1, max_size=120).map("".join)
_opt = st.one_of(st.none(), st.text(max_size=20))
_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**53, 2**53), st.text(max_size=10)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)


@st.composite
def articles(draw: st.DrawFn) -> tuple[Article, bytes]:
    raw_text = draw(_text)
    n = len(raw_text)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=6, unique=True)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        edits.append(Edit(a, b, draw(st.text(max_size=3)), "control_chars"))
    raw = draw(st.binary(min_size=0, max_size=40)) + raw_text.encode()
    md = Metadata(
        outlet=draw(_opt), url=draw(_opt), published=draw(st.sampled_from(
            [None, "2015-08-11", "2015-08-11T10:00:00+03:00", "bad"])),
        published_local=draw(st.sampled_from([None, "2021-07-26T23:55"])), timezone=None,
        section=draw(_opt), aggregator=draw(_opt), language=draw(st.sampled_from([None, "ar"])),
        title=draw(_opt), title_derived=draw(st.booleans()),
        authors=tuple(draw(st.lists(st.text(max_size=8), max_size=2))),
        extra=draw(st.dictionaries(st.text(max_size=5), _json, max_size=3)),
    )
    art = Article(draw(st.text(min_size=1, max_size=12)),
                  Source(format="jsonl", sha256=sha256_hex(raw), path=draw(_opt),
                         record=draw(st.none() | st.integers(1, 10**6))),
                  md, raw_text, tuple(edits))
    text_len = len(art.text)
    spans = []
    for a, b in draw(st.lists(st.tuples(st.integers(0, text_len), st.integers(0, text_len)),
                              max_size=4)):
        spans.append(Span(min(a, b), max(a, b), draw(st.sampled_from(["p", "PERSON"])),
                          draw(st.dictionaries(st.sampled_from(["k", "conf"]), _json,
                                               max_size=2))))
    if spans:
        art = art.with_layer(draw(st.sampled_from(["paragraphs", "entities"])), spans)
    return art, raw


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(item=articles())
def test_round_trip(tmp_path_factory: pytest.TempPathFactory, item: tuple[Article, bytes]) -> None:
    art, raw = item
    with SqliteStore(tmp_path_factory.mktemp("rt") / "rt.db") as s:
        res = s.add(art, raw)
        assert res.status == "added"
        assert article_to_dict(s.get(art.id)) == article_to_dict(art)
        assert s.get_raw(art.id) == raw


def test_add_stream_matches_add_many(tmp_path: Path, lines: list[bytes]) -> None:
    items = [(article_from_line(ln), ln) for ln in lines[:300]]
    with SqliteStore(tmp_path / "s.db") as s:
        results = list(s.add_stream(items + items[:5], batch=64))
        assert [r.status for r in results] == ["added"] * 300 + ["duplicate"] * 5
        assert [r.id for r in results[:300]] == [a.id for a, _ in items]
        assert s.count() == 300
        bad = make_article("x", id="bad")
        with pytest.raises(MawsuaError):
            list(s.add_stream([(bad[0], bad[1] + b"!")]))
        assert s.count() == 300


def test_a_write_restarts_a_grown_log_and_never_waits_long_for_a_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's automatic checkpoint never restarts the write-ahead log while readers keep
    reading: a write past WAL_RESTART_BYTES truncates it, and a reader holding an old snapshot
    only postpones that (the write does not fail, the reader keeps its snapshot)."""
    import mawsua.store.sqlite as sqlite_store

    monkeypatch.setattr(sqlite_store, "WAL_RESTART_BYTES", 1)
    db = tmp_path / "w.db"
    wal = Path(f"{db}-wal")
    with SqliteStore(db) as store:
        a, raw_a = make_article("نص أول", id="w1", outlet="o", url="http://e/1")
        store.add_many([(a, raw_a)])
        assert wal.stat().st_size == 0  # checkpointed and truncated after the commit
        reader = sqlite3.connect(db, isolation_level=None)
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        b, raw_b = make_article("نص ثان", id="w2", outlet="o", url="http://e/2")
        store.add_many([(b, raw_b)])  # the reader's snapshot is older: not truncated now
        assert wal.stat().st_size > 0
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        reader.execute("COMMIT")
        reader.close()
        c, raw_c = make_article("نص ثالث", id="w3", outlet="o", url="http://e/3")
        store.add_many([(c, raw_c)])
        assert wal.stat().st_size == 0
        assert store.count() == 3
