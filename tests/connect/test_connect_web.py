"""Website and API over a real connected store: top stories, story pages, section pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mawsua.cli.main import app
from mawsua.web.app import create_app


@pytest.fixture(scope="module")
def client(connected_db: Path) -> TestClient:
    return TestClient(create_app(connected_db))


def test_home_lists_top_stories_by_outlets(client: TestClient) -> None:
    day = client.get("/api/v1/stories", params={"limit": 1}).json()["items"][0]["last_seen"]
    r = client.get("/")
    assert r.status_code == 200
    assert "أهم القصص" in r.text
    links = re.findall(r'href="/story/(\d+)"', r.text.split('id="top-stories-h"')[1]
                       .split("</section>")[0])
    assert links
    api = client.get("/api/v1/stories", params={"since": r.text.split('datetime="')[1][:10],
                                                "min_outlets": 2, "limit": 10}).json()
    assert [str(s["id"]) for s in api["items"]] == list(dict.fromkeys(links))
    outlets = [s["outlets"] for s in api["items"]]
    assert outlets == sorted(outlets, reverse=True) and min(outlets) >= 2
    assert day


def test_story_page_has_every_report_in_time_order(client: TestClient) -> None:
    s = client.get("/api/v1/stories", params={"min_size": 3, "limit": 1}).json()["items"][0]
    full = client.get(f"/api/v1/stories/{s['id']}").json()
    assert full["size"] == len(full["members"]) >= 3
    times = [m["time"] for m in full["members"] if m["time"]]
    assert times == sorted(times)
    page = client.get(f"/story/{s['id']}")
    assert page.status_code == 200
    assert page.text.count('class="timeline-item') == full["size"]
    for m in full["members"]:
        assert f'/article/{m["id"]}' in page.text
    assert client.get("/story/987654321").status_code == 404
    assert client.get("/api/v1/stories/987654321").json()["error"]["code"] == "E_NOT_FOUND"
    assert client.get("/story/abc").status_code == 422
    assert client.get("/story/9223372036854775808").status_code == 422  # > SQLite's integers
    assert client.get("/api/v1/stories/9223372036854775808").status_code == 422


def test_section_pages(client: TestClient) -> None:
    secs = client.get("/api/v1/sections").json()["items"]
    codes = {s["code"]: s for s in secs}
    assert codes["IQ"]["kind"] == "country" and codes["security"]["kind"] == "topic"
    iq = client.get("/api/v1/sections/iq").json()
    assert iq["code"] == "IQ" and iq["total"] == codes["IQ"]["articles"]
    page = client.get("/section/IQ")
    assert page.status_code == 200 and "العراق" in page.text
    for item in iq["items"]:
        assert f'/article/{item["id"]}' in page.text
    # a code that names no section is a 404, never an empty 200 page
    unknown = client.get("/api/v1/sections/zz")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "E_NOT_FOUND"
    assert client.get("/section/zz").status_code == 404
    assert client.get("/section/%3Cscript%3E").status_code == 404
    assert client.get("/section/politics").status_code == 200
    # any case, and the Arabic names the site shows, reach the same section
    assert client.get("/api/v1/sections/POLITICS").json()["code"] == "politics"
    assert client.get("/api/v1/sections/سياسة").json()["code"] == "politics"
    assert client.get("/api/v1/sections/العراق").json()["code"] == "IQ"
    same = client.get("/api/v1/stories", params={"section": "iq"}).json()["total"]
    assert same == client.get("/api/v1/stories", params={"section": "العراق"}).json()["total"]
    assert client.get("/api/v1/stories", params={"section": "nowhere"}).status_code == 422


def test_article_page_and_api_show_connections(client: TestClient) -> None:
    s = client.get("/api/v1/stories", params={"min_size": 2, "limit": 1}).json()["items"][0]
    m = s["members"][0]
    obj = client.get(f"/api/v1/articles/{m['id']}").json()
    assert obj["story"]["id"] == s["id"]
    assert {"duplicate_of", "sections"} <= set(obj)
    page = client.get(f"/article/{m['id']}").text
    assert f'href="/story/{s["id"]}"' in page


def test_eval_stories_cli(connected_db: Path, corpus_dir: Path) -> None:
    res = CliRunner().invoke(app, ["eval", "stories", "--db", str(connected_db), "--corpus",
                                   str(corpus_dir), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    st = out["stories"]
    # floors measured on this subset (docs/connect.md has the whole-corpus figures)
    assert st["pairwise"]["precision"] >= 0.95 and st["pairwise"]["recall"] >= 0.8
    assert st["bcubed"]["f1"] >= 0.9
    assert sum(c["negatives_kept_apart"] for c in st["clusters"]) == sum(
        c["negatives"] for c in st["clusters"])
    for la in ("ar", "en"):
        assert out["duplicates"][la]["precision"] >= 0.85
        assert out["duplicates"][la]["recall"] >= 0.85
    text = CliRunner().invoke(app, ["eval", "stories", "--db", str(connected_db), "--corpus",
                                    str(corpus_dir)])
    assert "B-cubed" in text.stdout
    bad = CliRunner().invoke(app, ["eval", "stories", "--db", str(connected_db), "--corpus",
                                   str(corpus_dir / "nowhere")])
    assert bad.exit_code == 1


def test_eval_sections_cli(connected_db: Path, corpus_dir: Path) -> None:
    res = CliRunner().invoke(app, ["eval", "sections", "--db", str(connected_db), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["topics"]["overall"]["articles"] >= 5
    assert out["countries"]["SY_among"] >= 0.7
