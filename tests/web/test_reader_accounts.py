"""Accounts, reading state and the security of the reader (issue 13), over a copy of the real
test database: login, session cookie, CSRF, rate limit, session fixation, admin-only routes,
another user's state, anonymous mode, "mark all as read up to here", state kept across a
story rebuild."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mawsua.app import accounts, connect, queries, reader
from mawsua.web.app import create_app

PW = {"amal": "amal-secret-1", "badr": "badr-secret-2"}


@pytest.fixture()
def db(db_copy: Path | str, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """A private copy of the real test database with an admin (amal) and a reader (badr), on
    SQLite and on PostgreSQL (``db_copy`` is parametrised; the PostgreSQL case is skipped
    without a server); scrypt at a low cost so that the tests stay fast (verification reads
    the cost from the stored hash, so the code path is the production one)."""
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)
    path = db_copy
    with queries.open_store(path) as store:
        accounts.add_user(store, "amal", PW["amal"], admin=True)
        accounts.add_user(store, "badr", PW["badr"])
    return path


@pytest.fixture()
def client(db: Path | str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF field in the page"
    return m.group(1)


def login(c: TestClient, name: str, password: str | None = None) -> Any:
    page = c.get("/login")
    return c.post("/login", data={"name": name, "password": password or PW[name],
                                  "csrf": _csrf(page.text), "next": "/reader"},
                  follow_redirects=False)


def _first_article(c: TestClient) -> str:
    page = c.get("/reader")
    m = re.search(r'href="/article/([^"]+)"', page.text)
    assert m
    return m.group(1)


def test_no_user_pages_unchanged(real_db: Any) -> None:
    # the shared database has no account: pages read as before and set no cookie
    with TestClient(create_app(real_db.path)) as c:
        for path in ("/", f"/article/{real_db.seed_id}", "/search?q=بايدن", "/api/v1/articles"):
            r = c.get(path)
            assert r.status_code == 200, path
            assert "set-cookie" not in r.headers, path
        assert "دخول" in c.get("/").text


def test_login_sets_safe_cookie(client: TestClient) -> None:
    r = login(client, "amal")
    assert r.status_code == 303 and r.headers["location"] == "/reader"
    cookie = r.headers["set-cookie"]
    assert "mawsua_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = client.get("/reader")
    assert page.status_code == 200 and "amal" in page.text


def test_wrong_password_and_unknown_user(client: TestClient) -> None:
    assert login(client, "amal", "not-the-password").status_code == 401
    assert login(client, "nobody", "whatever-pass").status_code == 401
    assert client.get("/reader").status_code == 401


def test_login_without_csrf_refused(client: TestClient) -> None:
    client.get("/login")
    r = client.post("/login", data={"name": "amal", "password": PW["amal"]},
                    follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/login", data={"name": "amal", "password": PW["amal"], "csrf": "forged"},
                    follow_redirects=False)
    assert r.status_code == 403


def test_rate_limit_stops_guessing(client: TestClient) -> None:
    for _ in range(accounts.MAX_FAILURES_PER_NAME):
        assert login(client, "badr", "wrong-guess-x").status_code == 401
    r = login(client, "badr")  # even the right password is not checked now
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert login(client, "amal").status_code == 303  # another name is not locked


def test_session_fixation(client: TestClient, db: Path) -> None:
    planted = "attacker-chosen-token-0123456789"
    client.cookies.set("mawsua_session", planted)
    r = login(client, "amal")
    new = r.cookies.get("mawsua_session")
    assert new and new != planted
    with queries.open_store(db) as store:
        assert accounts.session(store, planted) is None
        assert accounts.session(store, new) is not None


def test_logout_ends_session_server_side(client: TestClient, db: Path) -> None:
    token = login(client, "amal").cookies["mawsua_session"]
    csrf = _csrf(client.get("/reader").text)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    with queries.open_store(db) as store:
        assert accounts.session(store, token) is None


def test_mark_needs_login_and_csrf(client: TestClient) -> None:
    r = client.post("/read/mark", data={"id": "x", "flag": "read"}, follow_redirects=False)
    assert r.status_code == 401
    login(client, "badr")
    aid = _first_article(client)
    r = client.post("/read/mark", data={"id": aid, "flag": "starred"}, follow_redirects=False)
    assert r.status_code == 403
    csrf = _csrf(client.get("/reader").text)
    r = client.post("/read/mark", data={"id": aid, "flag": "starred", "on": "1", "csrf": csrf,
                                        "next": "/reader?state=starred"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert f'href="/article/{aid}"' in client.get("/reader?state=starred").text


def test_admin_routes_refuse_readers(client: TestClient) -> None:
    assert client.get("/admin/sources").status_code == 401
    login(client, "badr")
    csrf = _csrf(client.get("/reader").text)
    assert client.get("/admin/sources").status_code == 403
    assert client.get("/admin/settings").status_code == 403
    r = client.post("/admin/sources/add", data={"csrf": csrf, "url": "https://example.org/f"},
                    follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/admin/settings", data={"csrf": csrf, "anonymous": "off"},
                    follow_redirects=False)
    assert r.status_code == 403


def test_admin_manages_sources(client: TestClient, db: Path) -> None:
    login(client, "amal")
    page = client.get("/admin/sources")
    assert page.status_code == 200
    csrf = _csrf(page.text)
    r = client.post("/admin/sources/add", data={"csrf": csrf, "url": "https://example.org/feed",
                                                "kind": "feed", "section": "اقتصاد"})
    assert r.status_code == 200 and "example.org/feed" in r.text
    opml = (b'<?xml version="1.0"?><opml version="2.0"><body>'
            b'<outline type="rss" text="B" xmlUrl="https://example.net/rss"/></body></opml>')
    r = client.post("/admin/sources/import", data={"csrf": csrf},
                    files={"opml": ("feeds.opml", opml, "text/xml")})
    assert r.status_code == 200 and "added 1" in r.text
    r = client.post("/admin/sources/section", data={"csrf": csrf, "source": "1",
                                                    "section": "رياضة"})
    assert "رياضة" in r.text
    r = client.post("/admin/sources/remove", data={"csrf": csrf, "source": "2"})
    assert "example.net/rss" in r.text and "removed" in r.text
    r = client.post("/admin/sources/add", data={"csrf": csrf, "url": "not a url", "kind": "feed"})
    assert "E_SOURCE" in r.text


def test_anonymous_mode_off(client: TestClient) -> None:
    login(client, "amal")
    csrf = _csrf(client.get("/admin/settings").text)
    r = client.post("/admin/settings", data={"csrf": csrf, "anonymous": "off"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/").status_code == 200  # the admin still reads
    client.cookies.clear()
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/api/v1/articles").status_code == 401
    assert client.get("/feeds/latest.rss").status_code == 401
    assert client.get("/login").status_code == 200
    login(client, "badr")
    assert client.get("/").status_code == 200


def test_states_are_per_user(client: TestClient, db: Path) -> None:
    with queries.open_store(db) as store:
        users = {u.name: u.id for u in accounts.list_users(store)}
        nums = reader.item_numbers(store, users["amal"], reader.Scope(), limit=3)
        ids = reader.ids_of(store, nums)
        assert reader.mark(store, users["amal"], ids, "starred", True) == 3
        assert reader.mark(store, users["amal"], ["no-such-article"], "read", True) == 0
        assert reader.item_numbers(store, users["badr"], reader.Scope("starred")) == []
        assert sorted(reader.item_numbers(store, users["amal"], reader.Scope("starred"))) \
            == sorted(nums)
    login(client, "badr")
    assert "لا شيء هنا" in client.get("/reader?state=starred").text


def test_mark_all_up_to_here_keeps_newer_unread(client: TestClient, db: Path) -> None:
    with queries.open_store(db) as store:
        uid = accounts.list_users(store)[1].id
        top = reader.max_n(store)
        before = reader.unread_counts(store, uid, "all")[""]
        marked = reader.mark_all_read(store, uid, reader.Scope(), max_n=top - 2)
        after = reader.unread_counts(store, uid, "all")[""]
        assert marked == before - 2 and after == 2
        assert sorted(reader.item_numbers(store, uid, reader.Scope(), state="unread")) == \
            [top - 1, top]


def test_story_read_when_all_reports_read_and_rebuild_keeps_state(db: Path) -> None:
    with queries.open_store(db) as store:
        uid = accounts.list_users(store)[0].id
        stories, _ = connect.stories(store, min_size=2, limit=1)
        assert stories, "the test database has a story with two reports"
        sid = stories[0].id
        members = reader.item_numbers(store, uid, reader.Scope("story", str(sid)), limit=100)
        ids = reader.ids_of(store, members)
        reader.mark(store, uid, ids[:1], "read", True)
        assert reader.story_unread(store, uid, [sid])[sid] == len(ids) - 1
        reader.mark(store, uid, ids, "read", True)
        assert reader.story_unread(store, uid, [sid])[sid] == 0
        reader.mark(store, uid, ids[:1], "starred", True)
        connect.rebuild(store)  # `mawsua stories --rebuild`
        assert reader.states(store, uid, ids) == {
            i: (True, i == ids[0]) for i in ids}


def test_article_page_marks_read_and_offers_buttons(client: TestClient) -> None:
    assert 'class="item unread"' not in client.get("/").text  # visitors: no state
    login(client, "badr")
    home = client.get("/").text
    aid = re.search(r'<li class="item unread">\s*<h2 class="item-title" dir="(?:rtl|ltr|auto)">\s*'
                    r'<a href="/article/([^"]+)"', home).group(1)  # type: ignore[union-attr]
    page = client.get(f"/article/{aid}")
    assert page.status_code == 200 and "علِّمها غير مقروءة" in page.text
    assert f'href="/article/{aid}"' not in client.get("/reader").text  # no longer unread
    home = client.get("/").text
    assert re.search(r'<li class="item">\s*<h2 class="item-title" dir="(?:rtl|ltr|auto)">\s*'
                     rf'<a href="/article/{re.escape(aid)}"', home)


def test_cli_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from mawsua.cli.main import app
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)
    dbf = str(tmp_path / "u.db")
    run = CliRunner().invoke
    assert run(app, ["users", "add", "salma", "--admin", "--db", dbf],
               input="long-password\n").exit_code == 0
    r = run(app, ["users", "add", "salma", "--db", dbf], input="long-password\n")
    assert r.exit_code != 0 and "E_USER" in r.output
    r = run(app, ["users", "add", "short", "--db", dbf], input="short\n")
    assert r.exit_code != 0 and "E_USER" in r.output
    assert run(app, ["users", "api-password", "salma", "--db", dbf],
               input="api-password-9\n").exit_code == 0
    with queries.open_store(dbf) as store:
        with pytest.raises(accounts.LoginRefused):
            accounts.login(store, "salma", "long-password", "t", api=True)  # API pw now
        accounts.login(store, "salma", "api-password-9", "t", api=True)
        assert accounts.fever_user(store, accounts.fever_key("salma", "api-password-9"))
        assert accounts.fever_user(store, accounts.fever_key("salma", "long-password")) is None
    assert run(app, ["users", "anonymous", "off", "--db", dbf]).exit_code == 0
    r = run(app, ["users", "list", "--json", "--db", dbf])
    assert '"anonymous": "off"' in r.output.replace('":"', '": "') or "off" in r.output
    assert run(app, ["users", "remove", "salma", "--db", dbf]).exit_code == 0
    assert run(app, ["users", "remove", "salma", "--db", dbf]).exit_code != 0


def _listed(c: TestClient, url: str = "/reader?state=all") -> set[str]:
    ids: set[str] = set()
    page = 1
    while True:
        html = c.get(url + f"&page={page}").text
        found = re.findall(r'class="item-title" dir="(?:rtl|ltr|auto)">.*?href="/article/([^"]+)"', html)
        ids.update(found)
        if 'rel="next"' not in html:
            return ids
        page += 1


def test_content_filters(client: TestClient, db: Path) -> None:
    login(client, "badr")
    csrf = _csrf(client.get("/reader/filters").text)
    everything = _listed(client)
    with queries.open_store(db) as store:
        uid = accounts.list_users(store)[1].id
        feeds = sorted(reader.feeds(store, uid), key=lambda f: -f["articles"])
        outlet = feeds[0]["outlet"]
        canonical, = store.conn.execute(
            "SELECT canonical FROM article_entities GROUP BY canonical "
            "ORDER BY count(DISTINCT n) DESC LIMIT 1").fetchone()
        with_entity = set(reader.ids_of(store, [n for (n,) in store.conn.execute(
            "SELECT DISTINCT n FROM article_entities WHERE canonical = ?", (canonical,))]))
    assert 0 < len(with_entity) < len(everything)
    # hide an outlet: its articles leave the list and the counts
    r = client.post("/reader/filters", data={"csrf": csrf, "op": "add", "action": "hide",
                                             "field": "outlet", "pattern": outlet.upper()},
                    follow_redirects=False)
    assert r.status_code == 303
    shown = _listed(client)
    assert shown and len(shown) == len(everything) - feeds[0]["articles"]
    with queries.open_store(db) as store:
        assert outlet not in {f["outlet"] for f in reader.feeds(store, uid) if f["unread"]}
        rules = reader.filters(store, uid)
        assert not reader.remove_filter(store, accounts.list_users(store)[0].id, rules[0].id)
        assert reader.remove_filter(store, uid, rules[0].id)  # only its owner removes it
    assert _listed(client) == everything
    # keep only articles naming an entity
    client.post("/reader/filters", data={"csrf": csrf, "op": "add", "action": "keep",
                                         "field": "entity", "pattern": canonical})
    assert _listed(client) == with_entity
    # a bad rule is refused with a message; no CSRF is 403
    r = client.post("/reader/filters", data={"csrf": csrf, "op": "add", "action": "drop",
                                             "field": "title", "pattern": "x"})
    assert "error" in str(r.url)
    r = client.post("/reader/filters", data={"op": "add", "action": "hide", "field": "title",
                                             "pattern": "x"}, follow_redirects=False)
    assert r.status_code == 403


def test_title_filter_uses_search_folding(client: TestClient, db: Path) -> None:
    with queries.open_store(db) as store:
        uid = accounts.list_users(store)[0].id
        top = reader.item_numbers(store, uid, reader.Scope(), limit=100)
        item = next(i for i in reader.items(store, uid, top)
                    if i.language == "ar" and i.title and len(i.title.split()) > 2)
        word = max(item.title.split(), key=len)
        reader.add_filter(store, uid, "hide", "title", word)
        everything = set(reader.item_numbers(store, uid, reader.Scope(), state="all",
                                             limit=10_000)) | {item.n}
        left = set(reader.item_numbers(store, uid, reader.Scope(), limit=10_000))
        assert item.n not in left and left
        hidden = everything - left
        hits = queries.search(store, queries.SearchQuery(text=word, limit=200))
        found = set(reader.numbers_of(store, [h.id for h in hits.items]).values())
        assert hidden <= found  # only articles the search finds by that word are hidden
        assert reader.unread_counts(store, uid, "all")[""] == len(left)


def test_anonymous_off_without_accounts_still_reads(real_db: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)
    path = tmp_path / "empty-accounts.db"
    shutil.copy(real_db.path, path)
    with queries.open_store(path) as store:
        accounts.set_setting(store, "anonymous", "off")
    with TestClient(create_app(path)) as c:
        assert c.get("/", follow_redirects=False).status_code == 200  # nobody could log in
    with queries.open_store(path) as store:
        accounts.add_user(store, "rana", "rana-secret-3")
    with TestClient(create_app(path)) as c:
        assert c.get("/", follow_redirects=False).status_code == 303


def test_story_page_unread_and_mark_story_read(client: TestClient, db: Path) -> None:
    with queries.open_store(db) as store:
        stories, _ = connect.stories(store, min_size=2, limit=1)
    sid = stories[0].id
    assert "تقارير غير مقروءة" not in client.get(f"/story/{sid}").text  # visitors: no state
    login(client, "badr")
    story = client.get(f"/story/{sid}").text
    assert f"<bdi>{stories[0].size}</bdi> تقارير غير مقروءة" in story
    form = re.search(r'name="max_n" value="(\d+)"', story)
    assert form
    r = client.post("/read/mark-all", data={"csrf": _csrf(story), "scope": "story",
                                            "value": str(sid), "max_n": form.group(1),
                                            "next": f"/story/{sid}"})
    assert "قرأت كل تقارير هذه القصة" in r.text


def test_sessions_expire_and_end_on_password_change(db: Path) -> None:
    from datetime import UTC, datetime

    with queries.open_store(db) as store:
        now = datetime.now(UTC)
        _user, web = accounts.login(store, "badr", PW["badr"], "c", now=now)
        _user, api = accounts.login(store, "badr", PW["badr"], "c", api=True, now=now)
        assert accounts.session(store, web, now=now) is not None
        assert accounts.session(store, web, api=True, now=now) is None  # kinds do not mix
        later = now + accounts.WEB_SESSION + accounts.FAILURE_WINDOW
        assert accounts.session(store, web, now=later) is None
        assert accounts.session(store, api, api=True, now=later) is not None
        accounts.set_password(store, "badr", "a-new-password")
        assert accounts.session(store, web, now=now) is None
        assert accounts.session(store, api, api=True, now=now) is None  # no API password yet
        with pytest.raises(accounts.LoginRefused):
            accounts.login(store, "badr", PW["badr"], "c")
        accounts.login(store, "badr", "a-new-password", "c")
        assert not accounts.verify_password("x", "not-a-hash")


def test_admin_manages_alerts_on_the_page(client: TestClient, db: Path) -> None:
    """Issue 12 item 4 "the same on a page": add, test and remove alerts as an admin, with the
    CSRF token; visitors and readers only see the list."""
    from mawsua.app import alerts as app_alerts

    assert client.post("/alerts/add", data={"name": "x", "query": "العراق"},
                       follow_redirects=False).status_code == 401
    assert 'action="/alerts/add"' not in client.get("/alerts").text
    login(client, "badr")
    page = client.get("/alerts").text
    assert 'action="/alerts/add"' not in page
    assert client.post("/alerts/add", data={"name": "x", "query": "العراق", "csrf": "bad"},
                       follow_redirects=False).status_code == 403
    client.cookies.clear()
    login(client, "amal")
    page = client.get("/alerts").text
    token = _csrf(page)
    assert client.post("/alerts/add", data={"name": "iraq", "query": "العراق"},
                       follow_redirects=False).status_code == 403  # no CSRF token
    r = client.post("/alerts/add", data={"name": "iraq", "query": "العراق", "csrf": token},
                    follow_redirects=False)
    assert r.status_code == 303 and "added" in r.headers["location"]
    with queries.open_store(db, readonly=True) as store:
        assert [a.name for a in app_alerts.list_alerts(store)] == ["iraq"]
    r = client.post("/alerts/add", data={"name": "iraq", "query": "العراق", "csrf": token},
                    follow_redirects=False)  # the name is taken: the coded reason, not a 500
    assert r.status_code == 303 and "E_ALERT" in r.headers["location"]
    r = client.post("/alerts/remove", data={"name": "iraq", "csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    with queries.open_store(db, readonly=True) as store:
        assert app_alerts.list_alerts(store) == []
