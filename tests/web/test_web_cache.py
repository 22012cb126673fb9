"""The website's caches (issue 16, item 7): a write shows on the next page, ETags follow the
body, an unchanged page answers 304, a reader's own pages are never kept, and the security
headers are on every answer. Behaviour only: no timing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

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
    cache.clear()
    db = tmp_path / "w.db"
    _ingest(db, tmp_path, [_record("a1", "افتتاح ميناء جديد في جدة", "20")])
    with TestClient(create_app(db)) as client:
        yield client, db
    cache.clear()


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
