"""Links on pages: only http(s) original links; odd ids stay one path segment."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from mawsua.app.ingest import ingest
from mawsua.app.queries import open_store
from mawsua.web.app import create_app


def _client(tmp_path: Path, records: list[dict]) -> TestClient:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    db = tmp_path / "w.db"
    with open_store(db) as store:
        summary = ingest([src], store)
    assert summary.added == len(records), summary.failed
    return TestClient(create_app(db))


def test_javascript_url_is_not_a_link_and_odd_ids_work(tmp_path: Path) -> None:
    text = "نص خبر تجريبي عن الاقتصاد والأسواق في المنطقة العربية اليوم."
    client = _client(tmp_path, [
        {"id": "xss1", "outlet": "o", "url": "javascript:alert(1)", "title": "عنوان", "text": text},
        {"id": "../../etc/passwd", "outlet": "o", "url": "https://o.example/2", "title": "ثان",
         "text": text + " ثانية"},
        {"id": "a/b?c#d", "outlet": "o", "url": "HTTPS://o.example/3", "title": "ثالث",
         "text": text + " ثالثة"},
    ])
    page = client.get("/article/xss1").text
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page
    home = client.get("/").text
    assert 'href="/article/..%2F..%2Fetc%2Fpasswd"' in home
    assert 'href="/article/a%2Fb%3Fc%23d"' in home
    for href in ("/article/..%2F..%2Fetc%2Fpasswd", "/article/a%2Fb%3Fc%23d"):
        r = client.get(href)
        assert r.status_code == 200, href
    assert 'href="HTTPS://o.example/3"' in client.get("/article/a%2Fb%3Fc%23d").text


def test_head_is_get_without_body_and_unknown_methods_are_405(tmp_path: Path) -> None:
    client = _client(tmp_path, [{"id": "1", "outlet": "o", "url": None, "title": "t",
                                 "text": "نص خبر قصير للتجربة فقط هنا."}])
    r = client.post("/api/v1/articles")
    assert r.status_code == 405 and r.json()["error"]["code"] == "E_METHOD_NOT_ALLOWED"
    # HEAD is GET without the body: same status and headers (monitors, link checkers)
    for url in ("/", "/api/v1", "/api/v1/articles", "/article/1", "/static/style.css",
                "/article/nope"):
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code, url
        assert head.content == b"" and head.headers.get("content-type") == got.headers.get(
            "content-type"), url


def test_query_without_letters_is_refused(tmp_path: Path) -> None:
    client = _client(tmp_path, [{"id": "1", "outlet": "o", "url": None, "title": "t",
                                 "text": "نص خبر قصير للتجربة فقط هنا."}])
    for q in ("!!!", "...", "\u064e\u064f", "\x00"):
        r = client.get("/api/v1/search", params={"q": q})
        assert r.status_code == 422 and r.json()["error"]["code"] == "E_INVALID_QUERY", q
        page = client.get("/search", params={"q": q})
        assert "لا تحوي عبارة البحث" in page.text
    assert client.get("/api/v1/search", params={"q": "!!!", "outlet": "o"}).json()["total"] == 1
