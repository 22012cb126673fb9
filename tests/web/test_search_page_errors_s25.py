"""User test s25 (F21): the search page's errors are Arabic and carry no feed or download
links (the request failed); a filter that names nothing stored says so on the page as the
API's ``notes`` do. The API keeps its English detail."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mawsua.web.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jsonl_rows import ingest_rows  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    tmp = tmp_path_factory.mktemp("page")
    db = ingest_rows(tmp, [
        {"id": "a1", "outlet": "okaz", "lang": "ar", "title": "خبر عن مصر",
         "text": "قال وزير الخارجية المصري في القاهرة إن مصر ترحب بالاتفاق الجديد مع السودان."},
    ])
    return TestClient(create_app(db))


_LATIN_SENTENCE = re.compile(r"[A-Za-z]{4,} [A-Za-z]{2,} [A-Za-z]{2,}")


def _main(html: str) -> str:
    return html.split('<main class="wrap">', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("bad", ["since=2018-02-30", "until=yesterday", "page=0",
                                 "page=abc"])
def test_a_bad_parameter_is_an_arabic_message_with_no_feed_links(client: TestClient,
                                                                 bad: str) -> None:
    r = client.get(f"/search?q=مصر&{bad}")
    assert r.status_code == 422
    main = _main(r.text)
    assert "error-message" in main
    message = main.split('class="error-message">', 1)[1].split("</p>", 1)[0]
    assert not _LATIN_SENTENCE.search(message), message  # no English sentence
    for link in ("RSS", "Atom", "JSON Feed", "CSV", "Parquet", "/api/v1/export", "/feeds/"):
        assert link not in main, link
    assert "/feeds/" not in r.text.split("</head>", 1)[0]  # no alternate feed links either


def test_the_api_keeps_the_english_detail(client: TestClient) -> None:
    r = client.get("/api/v1/search?q=مصر&since=2018-02-30")
    assert r.status_code == 422
    body = r.json()
    assert "expected a date YYYY-MM-DD" in body["error"]["message"]
    assert body["detail"][0]["param"] == "since"


def test_a_good_search_still_has_its_links(client: TestClient) -> None:
    main = _main(client.get("/search?q=مصر").text)
    assert "/feeds/search" in main and "/api/v1/export" in main


@pytest.mark.parametrize(("param", "words"), [
    ("outlet=nosuch", "المصدر «<bdi>nosuch</bdi>»"),
    ("language=xx", "باللغة «<bdi>xx</bdi>»"),
    ("entity=نكرة", "الكيان «<bdi>نكرة</bdi>»"),
    ("section=ZZZ", "القسم «<bdi>ZZZ</bdi>»"),
])
def test_an_unknown_filter_is_said_on_the_page(client: TestClient, param: str,
                                               words: str) -> None:
    r = client.get(f"/search?q=مصر&{param}")
    assert r.status_code == 200
    assert "لا مقالة مخزّنة" in r.text and words in r.text
    api = client.get(f"/api/v1/search?q=مصر&{param}").json()
    assert api["notes"] and api["notes"][0]["code"].startswith("W_UNKNOWN_")
    if param.startswith("outlet"):
        assert "عكاظ" in r.text or "okaz" in r.text  # the stored outlets are listed


def test_dates_in_the_wrong_order_are_arabic_with_no_links(client: TestClient) -> None:
    r = client.get("/search?q=مصر&since=2021-02-01&until=2021-01-01")
    assert r.status_code == 422
    main = _main(r.text)
    assert "«من تاريخ» (2021-02-01) بعد «إلى تاريخ» (2021-01-01)" in main
    assert "/feeds/" not in main and "/api/v1/export" not in main
