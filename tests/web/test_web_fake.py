"""Website and API behaviour against an in-memory fake store (fast, every edge case)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mawsua.model import Article, Span
from mawsua.web import render
from mawsua.web.app import create_app

PAGES = ["/", "/?page=2", "/?outlet=alriyadh&section=اقتصاد", "/article/a-seed",
         "/search", "/search?q=الكاظمي", "/search?q=&outlet=okaz", "/search?q=خبر&page=2"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_rtl_arabic(fake_client: TestClient, url: str) -> None:
    r = fake_client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in r.text
    assert "موسوعة" in r.text and 'action="/search"' in r.text


def test_article_page_shows_metadata_and_paragraph_directions(fake_client: TestClient) -> None:
    page = fake_client.get("/article/a-seed").text
    assert "العربية" in page and "اخبار العراق" in page and "موسوعة هذا اليوم للاخبار" in page
    assert '<time datetime="2021-07-26T23:55" dir="ltr">2021-07-26 23:55</time>' in page
    assert "المنطقة الزمنية غير معروفة" in page
    assert "عنوان مُستخلَص" in page  # derived title is marked
    paras = re.findall(r'<p dir="(\w+)"[^>]*>(.*?)</p>', page, re.S)
    assert [d for d, _ in paras] == ["rtl", "rtl", "ltr", "auto"]
    assert paras[2][1].startswith("This afternoon")


def test_article_page_with_offset_time_and_original_link(fake_client: TestClient) -> None:
    page = fake_client.get("/article/snn-en1").text
    assert "2015-08-11 13:44:43 (+03:00)" in page
    assert "المنطقة الزمنية غير معروفة" not in page
    assert 'class="original-link" href="https://www.arabnews.com/node/1"' in page
    assert re.search(r'<p dir="ltr" lang="en">Saudi Arabia', page)


def test_article_without_language_layer_falls_back_to_auto(fake_client: TestClient) -> None:
    page = fake_client.get("/article/snn-nolang").text
    assert '<p dir="auto">نص بلا طبقة لغة</p>' in page
    assert "وقت النشر غير معروف" in page


def test_text_is_escaped(fake_client: TestClient) -> None:
    page = fake_client.get("/article/snn-xss").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<i>عنوان</i>" not in page and "&lt;i&gt;" in page
    results = fake_client.get("/search", params={"q": "script"}).text
    assert "<script>alert" not in results
    assert "&lt;<mark>script</mark>&gt;" in results


def test_home_lists_paged_and_filtered(fake_client: TestClient, fake_store: Any) -> None:
    first = fake_client.get("/").text
    assert first.count('class="item"') == 20
    assert "صفحة <bdi>1</bdi> من <bdi>2</bdi>" in first
    assert 'rel="next" href="?page=2"' in first
    second = fake_client.get("/?page=2").text
    assert second.count('class="item"') == len(fake_store.articles) - 20
    filtered = fake_client.get("/", params={"outlet": "okaz"}).text
    assert filtered.count('class="item"') == 2
    assert '<option value="okaz" selected>عكاظ (2)</option>' in filtered  # display name
    paged = fake_client.get("/", params={"outlet": "alriyadh", "page": 2}).text
    assert 'href="?outlet=alriyadh&amp;page=1"' in paged


def test_search_page_highlights_and_counts(fake_client: TestClient) -> None:
    page = fake_client.get("/search", params={"q": "الكاظمي"}).text
    assert "<mark>الكاظمي</mark>" in page
    assert "نتيجة واحدة" in page
    assert 'href="/article/a-seed"' in page
    assert 'value="الكاظمي"' in page  # the query stays in the box


def test_search_page_filters_and_empty_form(fake_client: TestClient) -> None:
    empty = fake_client.get("/search").text
    assert 'class="hint"' in empty and 'class="item"' not in empty
    dated = fake_client.get("/search", params={"q": "خبر", "since": "2015-07-10",
                                               "until": "2015-07-12"}).text
    assert dated.count('class="item"') == 3
    assert 'name="since" value="2015-07-10"' in dated
    blank = fake_client.get("/search?q=خبر&outlet=&section=&since=&until=")
    assert blank.status_code == 200 and blank.text.count('class="item"') == 20


def test_search_page_bad_dates_are_422_pages(fake_client: TestClient) -> None:
    r = fake_client.get("/search", params={"q": "x", "since": "yesterday"})
    assert r.status_code == 422 and 'dir="rtl"' in r.text
    # Arabic on the page, naming the parameter and the expected form (user test s25)
    assert "(since)" in r.text and "تاريخ غير صالح «yesterday»" in r.text and "2021-07-26" in r.text
    r = fake_client.get("/search", params={"since": "2021-02-01", "until": "2021-01-01"})
    assert r.status_code == 422 and "«من تاريخ» (2021-02-01) بعد «إلى تاريخ» (2021-01-01)" in r.text


def test_arabic_indic_dates_are_accepted(fake_client: TestClient) -> None:
    r = fake_client.get("/api/v1/search", params={"since": "٢٠١٥-٠٧-١٠"})
    assert r.status_code == 200 and r.json()["query"]["since"] == "2015-07-10"


def test_404_pages(fake_client: TestClient) -> None:
    for url in ("/article/nope", "/no/such/page"):
        r = fake_client.get(url)
        assert r.status_code == 404
        assert '<html lang="ar" dir="rtl">' in r.text and "404" in r.text


def test_api_articles(fake_client: TestClient) -> None:
    body = fake_client.get("/api/v1/articles", params={"limit": 5, "offset": 1}).json()
    assert set(body) == {"items", "total", "limit", "offset"}
    assert (body["limit"], body["offset"], len(body["items"])) == (5, 1, 5)
    assert set(body["items"][0]) >= {"id", "url", "title", "title_derived", "outlet",
                                     "published", "published_local", "section", "snippet"}
    only = fake_client.get("/api/v1/articles", params={"outlet": "okaz"}).json()
    assert only["total"] == 2 and {i["outlet"] for i in only["items"]} == {"okaz"}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1},
                                    {"limit": "many"}])
def test_api_limits_are_validated(fake_client: TestClient, params: dict[str, object]) -> None:
    r = fake_client.get("/api/v1/articles", params=params)
    assert r.status_code == 422
    err = r.json()
    assert err["error"]["code"] == "E_INVALID_QUERY"
    assert err["detail"][0]["param"] in {"limit", "offset"}


def test_api_article_json_contract(fake_client: TestClient) -> None:
    body = fake_client.get("/api/v1/articles/a-seed").json()
    assert {"id", "source", "metadata", "raw_text", "text", "paragraphs", "sentences", "repairs",
            "blocks", "languages", "entities", "quotes", "timexes",
            "quantities"} <= set(body)
    assert body["metadata"]["outlet"] == "العربية"
    assert body["metadata"]["timezone"] is None
    assert [p["text"][:4] for p in body["paragraphs"]][2] == "This"


def test_api_404_is_json_with_a_code(fake_client: TestClient) -> None:
    for url in ("/api/v1/articles/nope", "/api/v1/nothing"):
        r = fake_client.get(url)
        assert r.status_code == 404 and r.headers["content-type"] == "application/json"
        assert r.json()["error"]["code"] == "E_NOT_FOUND"


def test_api_search(fake_client: TestClient) -> None:
    body = fake_client.get("/api/v1/search", params={"q": "الكاظمي"}).json()
    assert body["total"] == 1
    hit = body["items"][0]
    assert {"id", "url", "title", "outlet", "published", "snippet", "snippet_html"} <= set(hit)
    assert hit["id"] == "a-seed" and "<mark>الكاظمي</mark>" in hit["snippet_html"]
    bad = fake_client.get("/api/v1/search", params={"until": "2021-13-01"})
    assert bad.status_code == 422 and "until" in bad.json()["error"]["message"]
    rng = fake_client.get("/api/v1/search", params={"since": "2021-02-01", "until": "2021-01-01"})
    assert rng.status_code == 422 and rng.json()["error"]["code"] == "E_INVALID_QUERY"
    assert body["notes"] == []
    # a filter that names no stored outlet says so (the CLI prints the same note)
    none = fake_client.get("/api/v1/search", params={"q": "الكاظمي", "outlet": "nowhere"}).json()
    assert none["total"] == 0
    assert [n["code"] for n in none["notes"]] == ["W_UNKNOWN_OUTLET"]


def test_api_refuses_unknown_parameters_pages_ignore_them(fake_client: TestClient) -> None:
    # a misspelt filter must not answer with unfiltered results that look right
    r = fake_client.get("/api/v1/search", params={"query": "الكاظمي", "outlets": "okaz"})
    assert r.status_code == 422
    err = r.json()
    assert err["error"]["code"] == "E_INVALID_QUERY"
    assert [d["param"] for d in err["detail"]] == ["outlets", "query"]
    assert "q, " in err["detail"][0]["message"] or ", q" in err["detail"][0]["message"]
    # declared parameters (also those of shared dependencies) and a cache buster pass
    ok = fake_client.get("/api/v1/search", params={"q": "الكاظمي", "_": "1700000000"})
    assert ok.status_code == 200 and ok.json()["total"] == 1
    assert fake_client.get("/api/v1/articles", params={"limit": 5, "offset": 0}).status_code == 200
    # pages keep ignoring what they do not know (links from elsewhere carry tracking tags)
    page = fake_client.get("/search", params={"q": "الكاظمي", "utm_source": "x"})
    assert page.status_code == 200


def test_api_facets_and_index(fake_client: TestClient) -> None:
    f = fake_client.get("/api/v1/facets").json()
    assert f["outlets"][0] == {"value": "alriyadh", "count": 30}
    assert {"value": "اخبار العراق", "count": 1} in f["sections"]
    idx = fake_client.get("/api/v1").json()
    assert idx["openapi"] == "/api/v1/openapi.json"


def test_openapi_is_local_and_docs_off(fake_client: TestClient) -> None:
    spec = fake_client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/search",
            "/api/v1/facets"} <= set(spec["paths"])
    assert not any(p.startswith(("/article/", "/search")) for p in spec["paths"])
    for url in ("/docs", "/redoc"):
        assert fake_client.get(url).status_code == 404


def test_stores_are_opened_per_thread_and_closed_at_shutdown(fake_store: Any) -> None:
    opened: list[object] = []

    def opener(_path: object) -> Any:
        opened.append(_path)
        return fake_store

    with TestClient(create_app("x.db", opener=opener)) as client:
        for _ in range(5):
            assert client.get("/").status_code == 200
        assert 1 <= len(opened) <= 5 and fake_store.closed == 0
    assert fake_store.closed == len(opened)


def test_store_errors_answer_503_and_reopen(fake_store: Any) -> None:
    class StoreError(Exception):
        code = "E_STORE"

    calls = {"n": 0}

    def flaky_latest(*a: object, **k: object) -> object:
        calls["n"] += 1
        raise StoreError("database disk image is malformed")

    fake_store.latest = flaky_latest  # type: ignore[method-assign]
    with TestClient(create_app("x.db", opener=lambda _p: fake_store)) as client:
        r = client.get("/api/v1/articles")
        assert r.status_code == 503 and r.json()["error"]["code"] == "E_STORE"
        assert "malformed" in r.json()["error"]["message"]


def test_missing_database_answers_503() -> None:
    def broken(_path: object) -> object:
        raise OSError("no such file")

    with TestClient(create_app("missing.db", opener=broken)) as client:
        page = client.get("/")
        assert page.status_code == 503 and 'dir="rtl"' in page.text
        api = client.get("/api/v1/articles")
        assert api.status_code == 503 and api.json()["error"]["code"] == "E_STORE"


def test_csp_header_allows_only_this_origin(fake_client: TestClient) -> None:
    csp = fake_client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "http" not in csp


EXTERNAL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+")


def _external_urls(text: str) -> list[str]:
    allowed_links = set(re.findall(r'class="original-link" href="([^"]+)"', text))
    found = []
    for m in EXTERNAL.finditer(text):
        if any(link.startswith(m.group(0)) for link in allowed_links):
            continue
        found.append(m.group(0))
    return found


def test_no_external_urls_in_pages_or_assets(fake_client: TestClient) -> None:
    urls = PAGES + ["/article/snn-en1", "/article/nope", "/static/style.css", "/static/app.js"]
    for url in urls:
        text = fake_client.get(url).text
        assert _external_urls(text) == [], url
    css = fake_client.get("/static/style.css").text
    assert "@import" not in css and "url(" not in css


# --- pure helpers -----------------------------------------------------------------------

@pytest.mark.parametrize(("published", "local", "tz", "text", "note"), [
    (None, "2021-07-26T23:55", None, "2021-07-26 23:55", render.NOTE_ZONE_UNKNOWN),
    ("2021-07-26T23:55:00+03:00", None, None, "2021-07-26 23:55 (+03:00)", ""),
    ("2021-07-26T20:55:00Z", None, None, "2021-07-26 20:55 (غرينتش)", ""),
    ("2015-08-11T13:44:43", None, None, "2015-08-11 13:44:43", render.NOTE_ZONE_UNKNOWN),
    ("2015-08-11", None, None, "2015-08-11", ""),
    (None, "2021-07-26T23:55", "Asia/Baghdad", "2021-07-26 23:55", "بتوقيت العراق"),
    ("منذ ساعة", None, None, "منذ ساعة", render.NOTE_ZONE_UNKNOWN),
    (None, "2021-07-26T23:55", "UTC", "2021-07-26 23:55", "بتوقيت غرينتش"),
    (None, "2021-07-26T23:55", "Africa/Cairo", "2021-07-26 23:55", "بتوقيت مصر"),
    (None, "2021-07-26T23:55", "Mars/Olympus", "2021-07-26 23:55", "بتوقيت Mars/Olympus"),
])
def test_show_time_keeps_the_time_as_given(published: str | None, local: str | None,
                                           tz: str | None, text: str, note: str) -> None:
    shown = render.show_time(published, local, tz)
    assert shown is not None and (shown.text, shown.note) == (text, note)


def test_show_time_unknown() -> None:
    assert render.show_time(None, None) is None


@pytest.mark.parametrize(("label", "expected"), [
    ("ar", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("en", "ltr"), ("fr", "ltr"), ("en-US", "ltr"),
    ("other", "auto"), ("", "auto"), (None, "auto"),
])
def test_direction(label: str | None, expected: str) -> None:
    assert render.direction(label) == expected


def test_paragraphs_fall_back_to_blank_lines_and_majority_language(
        article_factory: Any) -> None:
    art = article_factory("x", [("", "فقرة أولى"), ("", "Second paragraph here")])
    bare = Article(art.id, art.source, art.metadata, art.raw_text)  # no paragraphs layer
    mixed = bare.with_layer("languages", [Span(0, 3, "en"), Span(3, len(art.text), "ar")])
    shown = render.paragraphs(mixed)
    assert [p.text for p in shown] == ["فقرة أولى", "Second paragraph here"]
    assert [p.dir for p in shown] == ["rtl", "rtl"]


def test_query_string_keeps_filters() -> None:
    assert render.query_string({"q": "كتب", "outlet": None}, page=2) == \
        "?q=%D9%83%D8%AA%D8%A8&page=2"
    assert render.query_string({"outlet": ""}) == ""


def test_language_filter_menu(fake_client: TestClient) -> None:
    page = fake_client.get("/", params={"language": "en"}).text
    assert page.count('class="item"') == 1 and "New budget" in page
    assert '<option value="en" selected>الإنجليزية (1)</option>' in page
    api = fake_client.get("/api/v1/articles", params={"language": "en"}).json()
    assert [i["id"] for i in api["items"]] == ["snn-en1"]


def test_bad_page_numbers_are_422_pages(fake_client: TestClient) -> None:
    for value in ("0", "-1", "x"):
        r = fake_client.get("/", params={"page": value})
        assert r.status_code == 422 and '<html lang="ar" dir="rtl">' in r.text
        assert "page" in r.text


def test_page_past_the_end_is_empty_not_an_error(fake_client: TestClient) -> None:
    r = fake_client.get("/", params={"page": 99})
    assert r.status_code == 200 and 'class="item"' not in r.text


@pytest.mark.parametrize("path", ["/", "/api/v1/articles", "/no-such-page"])
def test_security_headers_beside_the_csp(fake_client: TestClient, path: str) -> None:
    h = fake_client.get(path).headers
    assert h["x-frame-options"] == "DENY"
    assert h["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in h["permissions-policy"] and "geolocation=()" in h["permissions-policy"]
    assert h["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("n", "noun", "text"), [
    (1, "article", "مقالة واحدة"), (2, "article", "مقالتان"), (9, "article", "9 مقالات"),
    (12, "article", "12 مقالةً"), (100, "article", "100 مقالة"),
    (1, "mention", "ذُكر مرة واحدة"), (3, "mention", "3 مرات ذكر"),
    (0, "result", "0 نتائج"), (14, "entity", "14 كيانًا"),
])
def test_counted_nouns_agree_with_their_number(n: int, noun: str, text: str) -> None:
    assert render.count_ar(n, noun) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("GE للعربية: سيارة كهربائية جديدة في دبي", "rtl"),   # Arabic, first strong letter Latin
    ("Cora... سيارة طائرة", "rtl"),
    ("Apple unveils a new phone in «دبي»", "ltr"),
    ("2021-07-26", "auto"), (None, "auto"),
])
def test_a_headline_is_laid_out_by_most_of_its_letters(text: str | None, expected: str) -> None:
    assert render.text_dir(text) == expected
