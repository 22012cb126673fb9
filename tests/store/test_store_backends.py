"""The store contract on both backends (SQLite file, PostgreSQL database)."""

from __future__ import annotations

import json
import socket

import pytest

from conftest import make_article
from mawsua.app.queries import db_path, open_store
from mawsua.errors import MawsuaError
from mawsua.model.results import SearchQuery
from mawsua.store import SqliteStore, Store
from mawsua.store.pgconn import translate
from mawsua.store.postgres import PostgresStore, is_url, redacted


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path):
    if request.param == "sqlite":
        s = SqliteStore(tmp_path / "m.db")
    else:
        s = PostgresStore(request.getfixturevalue("pg_url"))
    yield s
    s.close()


def test_protocol(store) -> None:
    assert isinstance(store, Store)


def test_duplicates_ids_and_search(store) -> None:
    a, ra = make_article("أعلنت الحكومة السعودية خطة جديدة للطاقة الشمسية في الرياض.",
                         id="1", title="خطة الطاقة", url="https://x.test/1", outlet="o1",
                         published="2015-07-20T10:00:00+03:00")
    b, rb = make_article("زار الوفد المدينة صباح اليوم والتقى بالأهالي.", id="1",
                         title="زيارة", url="https://x.test/2", outlet="o1")
    c, rc = make_article("نص آخر تماما عن الطاقة.", id="3", url="https://x.test/1", outlet="o1")
    res = store.add_many([(a, ra), (a, ra), (b, rb), (c, rc)])
    assert [r.status for r in res] == ["added", "duplicate", "added", "duplicate"]
    assert res[2].id.startswith("1~") and res[3].duplicate_of == "1"
    assert store.count() == 2
    assert store.get("1").metadata.title == "خطة الطاقة"
    assert store.get_raw(res[2].id) == rb
    hits = store.search(SearchQuery(text="الطاقة"))
    assert [h.id for h in hits.items] == ["1"] and "<mark>" in hits.items[0].snippet_html
    assert store.search(SearchQuery(text="طاقة")).total == 1  # by stem
    assert store.search(SearchQuery(text='"خطة جديدة"')).total == 1
    assert store.search(SearchQuery(text='"جديدة خطة"')).total == 0
    assert store.search(SearchQuery(text="الوفد OR الطاقة")).total == 2
    assert store.search(SearchQuery(text="الطاقة -الرياض")).total == 0
    assert store.search(SearchQuery(text="الطاقة", outlet="o2")).total == 0
    assert store.search(SearchQuery(text="الطاقة", since="2015-07-20", until="2015-07-20")
                        ).total == 1
    assert [i.id for i in store.latest().items] == ["1", res[2].id]  # unknown time last


def test_readonly(store) -> None:
    a, ra = make_article("نص", id="r1")
    store.add(a, ra)
    target = store.url if isinstance(store, PostgresStore) else str(store.path)
    with open_store(target, readonly=True) as ro:
        assert ro.count() == 1
        with pytest.raises(MawsuaError):
            ro.add(*make_article("نص آخر", id="r2"))


def test_url_selection(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://u:secret@db.example:5432/news"
    assert is_url(url) and is_url("postgres://h/db") and not is_url("news.db")
    monkeypatch.setenv("MAWSUA_DB", url)
    assert db_path() == url  # not folded into a Path
    assert redacted(url) == "postgresql://u:***@db.example:5432/news"


def test_server_down_is_one_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(MawsuaError) as e:
        PostgresStore(f"postgresql://u:pw@127.0.0.1:{port}/x")
    assert e.value.code == "E_STORE" and "\n" not in str(e.value) and "pw" not in str(e.value)
    assert "cannot connect to PostgreSQL" in str(e.value)


def test_translate_sqlite_forms() -> None:
    assert translate("INSERT OR IGNORE INTO t (a, b) VALUES (?, ?)", True) == \
        "INSERT INTO t (a, b) VALUES (%s, %s) ON CONFLICT DO NOTHING"
    assert translate("INSERT OR REPLACE INTO stories (id, label) VALUES (?, ?)", True) == \
        ("INSERT INTO stories (id, label) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET "
         "label = EXCLUDED.label")
    assert translate("SELECT x FROM t WHERE y LIKE 'a%' AND z = ? ORDER BY x DESC", True) == \
        "SELECT x FROM t WHERE y LIKE 'a%%' AND z = %s ORDER BY x DESC NULLS LAST"
    assert "pg_advisory_xact_lock" in translate("BEGIN IMMEDIATE", False)


def test_sources_with_credentials(store) -> None:
    """A source added with user info keeps it apart from its URL, on both backends."""
    from mawsua.store.sources import SourceRegistry

    reg = SourceRegistry(store)
    info, added = reg.add("https://alice:s3cret@news.example/feed.xml", "feed")
    assert added
    assert "s3cret" not in info.url and "alice" not in info.url
    assert [s.url for s in reg.list()] == [info.url]
    assert reg.get(info.url).id == info.id


def test_reader_accounts(store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts, sessions and reading state on both backends (PostgreSQL migration 3)."""
    from mawsua.app import accounts

    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)
    accounts.add_user(store, "amal", "amal-secret-1", admin=True)
    accounts.add_user(store, "badr", "badr-secret-2")
    with pytest.raises(Exception):  # noqa: B017 - one account per name in any case
        accounts.add_user(store, "AMAL", "x-secret-333")
    assert [u.name for u in accounts.list_users(store)] == ["amal", "badr"]
    user, token = accounts.login(store, "amal", "amal-secret-1", "127.0.0.1")
    sess = accounts.session(store, token)
    assert sess is not None and sess.user.name == "amal" and sess.user.admin
    from mawsua.app import reader

    a, ra = make_article("زار الوفد المدينة صباح اليوم والتقى بالأهالي.", id="r1",
                         url="https://x.test/r1", outlet="o1")
    b, rb = make_article("أعلنت الحكومة خطة جديدة للطاقة الشمسية.", id="r2",
                         url="https://x.test/r2", outlet="o2")
    store.add_many([(a, ra), (b, rb)])
    assert reader.mark(store, user.id, ["r1"], "read", True) == 1
    assert reader.mark(store, user.id, ["r2"], "starred", True) == 1
    assert reader.states(store, user.id, ["r1", "r2"]) == {"r1": (True, False),
                                                          "r2": (False, True)}
    assert sorted(f["outlet"] for f in reader.feeds(store, user.id)) == ["o1", "o2"]
    rule = reader.add_filter(store, user.id, "hide", "outlet", "o2")
    assert rule.id > 0 and reader.remove_filter(store, user.id, rule.id)


def _terminate(url: str, store: PostgresStore) -> None:
    import psycopg

    pid = store.conn.raw.info.backend_pid  # type: ignore[attr-defined]
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_lost_connection_mid_ingest(pg_url: str, caplog: pytest.LogCaptureFixture,
                                    tmp_path) -> None:
    """A connection cut between batches: the next batch is written on a new connection, with
    an E_STORE_LOST warning, nothing lost or doubled; cut again with the server unreachable,
    the ingest stops with E_STORE_LOST (one line) and a rerun resumes."""
    from mawsua.app.ingest import ingest

    rows = [{"id": f"lost-{i}", "title": f"خبر {i}", "text": f"نص الخبر رقم {i} عن العراق."}
            for i in range(9)]
    files = []
    for k in range(3):
        f = tmp_path / f"part{k}.jsonl"
        f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[3 * k:3 * k + 3])
                     + "\n", encoding="utf-8")
        files.append(f)
    store = PostgresStore(pg_url)
    try:
        assert ingest([files[0]], store).added == 3
        _terminate(pg_url, store)
        with caplog.at_level("WARNING"):
            got = ingest([files[1]], store)
        assert got.added == 3 and not got.failed and store.reconnects == 1
        assert "E_STORE_LOST" in caplog.text
        _terminate(pg_url, store)
        with socket.socket() as s:  # the server "gone": a closed port
            s.bind(("127.0.0.1", 0))
            store.url = f"postgresql://mawsua@127.0.0.1:{s.getsockname()[1]}/x"
        with pytest.raises(MawsuaError) as e:
            ingest([files[2]], store)
        assert e.value.code == "E_STORE_LOST" and "\n" not in str(e.value)
        assert "run the same command again" in e.value.reason
    finally:
        store.close()
    with PostgresStore(pg_url) as again:  # the rerun: the rest stored, nothing doubled
        assert ingest(files, again).added == 3
        assert again.count() == 9
