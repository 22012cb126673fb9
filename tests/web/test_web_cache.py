"""The website's caches (issue 16, item 7): a write shows on the next page, ETags follow the
body, an unchanged page answers 304, a reader's own pages are never kept, and the security
headers are on every answer. Behaviour only: no timing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mawsua.app import queries
from mawsua.app.ingest import ingest
from mawsua.web import cache
from mawsua.web.app import create_app


def _ingest(db: Path, tmp: Path, records: list[dict[str, str]]) -> None:
    path = tmp / f"{records[0]['id']}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    store = queries.open_store(db)
    try:
        summary = ingest([path], store)
    finally:
        store.close()
    assert summary.added == len(records), summary.failed


def _record(aid: str, title: str, day: str) -> dict[str, str]:
    return {"id": aid, "outlet": "alriyadh", "url": f"http://www.alriyadh.com/{aid}",
            "published": f"2015-07-{day}T10:00:00+03:00", "title": title, "lang": "ar",
            "text": f"{title}. وقال المسؤولون إن العمل يجري وفق الخطة المعتمدة هذا العام."}


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Path]]:
    monkeypatch.delenv("MAWSUA_WEB_CACHE_S", raising=False)  # exact: no lag after a commit
    monkeypatch.delenv("MAWSUA_WEB_PAGE_CACHE_MB", raising=False)
    monkeypatch.delenv("MAWSUA_WEB_PAGE_TTL_S", raising=False)
    cache.clear()
    db = tmp_path / "w.db"
    _ingest(db, tmp_path, [_record("a1", "افتتاح ميناء جديد في جدة", "20")])
    with TestClient(create_app(db)) as client:
        yield client, db
    cache.clear()


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of ``queries.<name>`` (each one is a page that ran)."""
    calls: list[int] = []
    real = getattr(queries, name)

    def counting(*args: object, **kw: object) -> object:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(queries, name, counting)
    return calls


def test_a_write_shows_on_the_next_page_and_changes_the_etag(
        site: tuple[TestClient, Path], tmp_path: Path) -> None:
    client, db = site
    urls = ["/", "/api/v1/articles", "/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1",
            "/api/v1/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1", "/api/v1/facets"]
    before = {u: client.get(u) for u in urls}
    for u, r in before.items():
        assert r.status_code == 200 and r.headers["etag"].startswith('"'), u
        assert r.headers["cache-control"] == "no-cache"
    assert "ميناء" in before["/"].text
    _ingest(db, tmp_path, [_record("a2", "توسعة ميناء الدمام التجاري", "21")])
    for u in urls:
        after = client.get(u, headers={"If-None-Match": before[u].headers["etag"]})
        assert after.status_code == 200, u  # changed: the whole new answer, not a 304
        assert after.headers["etag"] != before[u].headers["etag"], u
    assert "الدمام" in client.get("/").text
    ids = [i["id"] for i in client.get("/api/v1/articles").json()["items"]]
    assert ids[0] == "a2" and "a1" in ids
    assert client.get("/api/v1/search?q=%D8%A7%D9%84%D8%AF%D9%85%D8%A7%D9%85"
                      ).json()["total"] == 1
    outlets = client.get("/api/v1/facets").json()["outlets"]
    assert [o["count"] for o in outlets] == [2]


def test_an_unchanged_answer_is_304_without_running_the_page(
        site: tuple[TestClient, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    client, _db = site
    calls: list[int] = []
    latest = queries.latest

    def counting(*args: object, **kw: object) -> object:
        calls.append(1)
        return latest(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "latest", counting)
    first = client.get("/")
    assert first.status_code == 200 and len(calls) == 1
    again = client.get("/")
    assert again.text == first.text and again.headers["etag"] == first.headers["etag"]
    assert len(calls) == 1  # kept: the page did not run again
    not_modified = client.get("/", headers={"If-None-Match": f'W/"x", {first.headers["etag"]}'})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == first.headers["etag"]
    assert "content-security-policy" in not_modified.headers
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.head("/").headers["etag"] == first.headers["etag"]
    assert len(calls) == 1


def test_a_reader_with_a_session_is_never_served_a_kept_page(
        site: tuple[TestClient, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    client, _db = site
    client.get("/")
    calls: list[int] = []
    latest = queries.latest

    def counting(*args: object, **kw: object) -> object:
        calls.append(1)
        return latest(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "latest", counting)
    client.cookies.set("mawsua_session", "not-a-session")
    r = client.get("/")
    client.cookies.clear()
    assert r.status_code == 200 and len(calls) == 1 and "etag" not in r.headers


def test_pages_that_are_not_kept_and_errors_carry_the_security_headers(
        site: tuple[TestClient, Path]) -> None:
    client, _db = site
    for url in ("/", "/status", "/api/v1/status", "/article/nope", "/api/v1/articles/nope"):
        r = client.get(url)
        assert r.headers["x-frame-options"] == "DENY", url
        assert r.headers["cross-origin-opener-policy"] == "same-origin", url
        assert "camera=()" in r.headers["permissions-policy"], url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], url
        assert r.headers["x-content-type-options"] == "nosniff", url
    assert "etag" not in client.get("/status").headers  # live page: not kept
    assert client.get("/article/nope").status_code == 404


def test_the_page_cache_can_be_switched_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAWSUA_WEB_CACHE_S", raising=False)
    monkeypatch.setenv("MAWSUA_WEB_PAGE_CACHE_MB", "0")
    cache.clear()
    db = tmp_path / "w.db"
    _ingest(db, tmp_path, [_record("a1", "افتتاح ميناء جديد في جدة", "20")])
    calls: list[int] = []
    latest = queries.latest

    def counting(*args: object, **kw: object) -> object:
        calls.append(1)
        return latest(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "latest", counting)
    with TestClient(create_app(db)) as client:
        first = client.get("/")
        second = client.get("/", headers={"If-None-Match": first.headers["etag"]})
    assert len(calls) == 2 and second.status_code == 304  # ran again, still a 304
    cache.clear()


def test_one_kept_answer_whatever_the_order_and_encoding_of_the_query(
        site: tuple[TestClient, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    client, _db = site
    calls = _counting(monkeypatch, "search")
    first = client.get("/api/v1/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1&limit=5")
    same = client.get("/api/v1/search", params={"limit": "5", "q": "ميناء"})
    assert first.status_code == same.status_code == 200 and len(calls) == 1
    assert same.headers["etag"] == first.headers["etag"]
    other = client.get("/api/v1/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1&limit=6")
    assert other.status_code == 200 and len(calls) == 2  # another answer: runs
    assert cache.page_key("/s", b"b=2&a=%D8%A7&a=1") == cache.page_key("/s", b"a=%d8%a7&b=2&a=1")
    assert cache.page_key("/s", b"q=a+b") == cache.page_key("/s", b"q=a%20b")
    assert cache.page_key("/s", b"a=1&a=2") != cache.page_key("/s", b"a=2&a=1")  # values' order


def test_a_kept_page_lags_a_write_by_at_most_the_ttl(
        site: tuple[TestClient, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client, db = site
    monkeypatch.setenv("MAWSUA_WEB_PAGE_TTL_S", "2")
    monkeypatch.setenv("MAWSUA_WEB_CACHE_S", "5")  # counts may lag longer; pages may not
    now = [1000.0]
    monkeypatch.setattr(cache, "_clock", lambda: now[0])
    dammam = "/api/v1/search?q=%D8%A7%D9%84%D8%AF%D9%85%D8%A7%D9%85"
    urls = ["/api/v1/articles", dammam, "/"]
    before = {u: client.get(u) for u in urls}
    assert before[dammam].json()["total"] == 0
    _ingest(db, tmp_path, [_record("a2", "توسعة ميناء الدمام التجاري", "21")])
    now[0] += 1.5  # within the TTL: the kept answers may still be served (micro-caching)
    for u in urls:
        assert client.get(u).headers["etag"] == before[u].headers["etag"], u
    now[0] += 0.6  # past the TTL after the write: never the old answer again
    ids = [i["id"] for i in client.get("/api/v1/articles").json()["items"]]
    assert ids[0] == "a2"
    assert client.get(dammam).json()["total"] == 1
    assert "الدمام" in client.get("/").text
    # while nothing is written, a kept page outlives the TTL (up to PAGE_MAX_AGE_S)
    calls = _counting(monkeypatch, "latest")
    client.get("/api/v1/articles")
    now[0] += 5
    client.get("/api/v1/articles")
    assert len(calls) == 0
    now[0] += cache.PAGE_MAX_AGE_S
    client.get("/api/v1/articles")
    assert len(calls) == 1


def test_readers_are_never_served_each_others_pages(
        site: tuple[TestClient, Path]) -> None:
    from mawsua.app import accounts

    client, db = site
    store = queries.open_store(db)
    try:
        accounts.add_user(store, "amal", "a long password 1")
        accounts.add_user(store, "badr", "a long password 2")
        tokens = {name: accounts.login(store, name, pw, "test")[1]
                  for name, pw in (("amal", "a long password 1"), ("badr", "a long password 2"))}
    finally:
        store.close()
    anonymous = client.get("/article/a1")
    assert anonymous.status_code == 200 and "etag" in anonymous.headers
    pages = {}
    for name, token in tokens.items():
        client.cookies.set("mawsua_session", token)
        pages[name] = client.get("/article/a1")
        client.cookies.clear()
        assert pages[name].status_code == 200
        assert "etag" not in pages[name].headers  # never kept, never from the cache
        assert pages[name].headers["cache-control"] == "private, no-cache"
    assert "amal" in pages["amal"].text and "badr" not in pages["amal"].text
    assert "badr" in pages["badr"].text and "amal" not in pages["badr"].text
    again = client.get("/article/a1")
    assert again.headers["etag"] == anonymous.headers["etag"]
    assert "amal" not in again.text and "badr" not in again.text
    assert 'name="csrf"' not in again.text  # no reader's form token in a shared page
    assert again.headers["vary"] == "Cookie"
    logins = []
    for _ in range(2):  # two visitors without cookies
        client.cookies.clear()
        logins.append(client.get("/login"))
    assert "etag" not in logins[0].headers  # the login form (a CSRF token): never kept
    assert logins[0].cookies.get("mawsua_csrf") != logins[1].cookies.get("mawsua_csrf")


def test_the_search_page_and_its_api_twin_search_the_store_once(
        site: tuple[TestClient, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client, db = site
    calls = _counting(monkeypatch, "search")
    page = client.get("/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1")
    api = client.get("/api/v1/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1")
    assert page.status_code == api.status_code == 200
    assert api.json()["total"] == 1 and len(calls) == 1  # one store search for both
    _ingest(db, tmp_path, [_record("a2", "توسعة ميناء الدمام التجاري", "21")])
    assert client.get("/api/v1/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1&limit=20"
                      ).json()["total"] == 2  # a write: searched again, never stale
    assert len(calls) == 2


def _slow_site(tmp_path: Path) -> tuple[Path, _SlowPage, cache.PageCache]:
    """A fresh cache in front of a :class:`_SlowPage`, over a store file ``g.db``."""
    cache.clear()
    db = tmp_path / "g.db"
    db.write_bytes(b"0")
    page = _SlowPage()
    return db, page, cache.PageCache(page, db_path=db)


class _SlowPage:
    """An ASGI page that answers its URL's path and a count of its runs, after ``gate`` opens."""

    def __init__(self) -> None:
        self.runs = 0
        self.gate: Any = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.runs += 1
        n = self.runs
        if self.gate is not None:
            await self.gate.wait()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": f"{scope['path']} {n}".encode()})


async def _get(app: Any, path: str) -> bytes:
    out: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            out.append(message.get("body", b""))

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
    await app(scope, None, send)
    return b"".join(out)


def _commit(db: Path) -> None:
    """A write as the page cache sees one: the database file's size and time change."""
    with db.open("ab") as fh:
        fh.write(b"x")


def test_a_page_being_made_is_made_once_and_the_kept_one_served_meanwhile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    monkeypatch.setenv("MAWSUA_WEB_PAGE_TTL_S", "2")
    monkeypatch.setenv("MAWSUA_WEB_CACHE_S", "2")
    now = [1000.0]
    monkeypatch.setattr(cache, "_clock", lambda: now[0])
    db, page, app = _slow_site(tmp_path)

    async def scenario() -> None:
        page.gate = asyncio.Event()
        # three visitors at once, nothing kept: the page runs once, all get its answer
        first = [asyncio.create_task(_get(app, "/")) for _ in range(3)]
        await asyncio.sleep(0.01)
        assert page.runs == 1
        page.gate.set()
        assert await asyncio.gather(*first) == [b"/ 1"] * 3
        # a write, then past the TTL: the first visitor makes the page again; the others
        # meanwhile get the kept answer (at most PAGE_STALE_S past the TTL), not a run each
        _commit(db)
        now[0] += 2.5
        page.gate = asyncio.Event()
        remaking = asyncio.create_task(_get(app, "/"))
        await asyncio.sleep(0.01)
        assert await _get(app, "/") == b"/ 1"
        assert page.runs == 2
        page.gate.set()
        assert await remaking == b"/ 2"
        assert await _get(app, "/") == b"/ 2"
        # past TTL + PAGE_STALE_S the kept answer is never served, even while being made
        _commit(db)
        now[0] += 2 + cache.PAGE_STALE_S
        page.gate = asyncio.Event()
        remaking = asyncio.create_task(_get(app, "/"))
        await asyncio.sleep(0.01)
        late = asyncio.create_task(_get(app, "/"))
        await asyncio.sleep(0.01)
        page.gate.set()
        assert await remaking == b"/ 3"
        assert await late == b"/ 3"  # waited for it: never the answer of before the write
        assert page.runs == 3

    asyncio.run(scenario())
    cache.clear()


def test_without_a_ttl_a_page_being_made_is_never_served_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    monkeypatch.delenv("MAWSUA_WEB_PAGE_TTL_S", raising=False)  # exact
    monkeypatch.delenv("MAWSUA_WEB_CACHE_S", raising=False)
    db, page, app = _slow_site(tmp_path)

    async def scenario() -> None:
        assert await _get(app, "/") == b"/ 1"
        _commit(db)
        page.gate = asyncio.Event()
        remaking = asyncio.create_task(_get(app, "/"))
        await asyncio.sleep(0.01)
        other = asyncio.create_task(_get(app, "/"))
        await asyncio.sleep(0.01)
        page.gate.set()
        assert await remaking == b"/ 2"
        assert await other == b"/ 2"  # made after the write: waited for, not made twice
        assert page.runs == 2

    asyncio.run(scenario())
    cache.clear()


def test_with_a_ttl_a_search_answer_lags_a_write_as_a_page_does(
        site: tuple[TestClient, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client, db = site
    monkeypatch.setenv("MAWSUA_WEB_PAGE_TTL_S", "2")
    monkeypatch.setenv("MAWSUA_WEB_CACHE_S", "5")  # as under `serve`: counts lag longer
    now = [1000.0]
    monkeypatch.setattr(cache, "_clock", lambda: now[0])
    calls = _counting(monkeypatch, "search")
    q = "%D9%85%D9%8A%D9%86%D8%A7%D8%A1"
    assert client.get(f"/search?q={q}").status_code == 200
    _ingest(db, tmp_path, [_record("a2", "توسعة ميناء الدمام التجاري", "21")])
    now[0] += 1.5  # within the TTL: the page's store answer serves its API twin
    assert client.get(f"/api/v1/search?q={q}").json()["total"] == 1
    assert len(calls) == 1
    now[0] += 0.6  # past it: searched again, the write shows
    assert client.get(f"/api/v1/search?q={q}&limit=20").json()["total"] == 2
    assert len(calls) == 2
