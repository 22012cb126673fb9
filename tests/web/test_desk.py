"""The analyst's desk (issue 12, items 1–3) over a real store: the seed and corpus rows ingested
for real (``real_db``). Expected values are recomputed from the stored articles' own layers
(the full JSON contract of ``/api/v1/articles/{id}``), never written down."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mawsua.app import desk, queries
from mawsua.cli.main import app as cli
from mawsua.store.desk import lone_name
from mawsua.web.charts import bar_chart

runner = CliRunner()


@cache
def _articles(db_path: str) -> tuple[dict[str, Any], ...]:
    """Every stored article as the JSON contract (read through the store, not the desk)."""
    from mawsua.model import article_to_dict

    with queries.open_store(db_path, readonly=True) as store:
        ids = [i for (i,) in store.conn.execute("SELECT id FROM articles ORDER BY n")]
        return tuple(article_to_dict(store.get(i)) for i in ids)


def _entity_counts(db: Any) -> tuple[Counter[str], Counter[str]]:
    """(articles, mentions) per canonical name, from the entities layers (body and headline)."""
    arts: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for a in _articles(str(db.path)):
        names = [e.get("canonical") or e["text"]
                 for e in (*a["entities"], *a.get("title_entities", ()))
                 if not lone_name(e.get("label") or e.get("type", ""),
                                  e.get("canonical") or e["text"])]  # no desk entity
        mentions.update(names)
        arts.update(set(names))
    return arts, mentions


def _cli(*args: str) -> Any:
    res = runner.invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_entities_cli_counts_match_the_articles(real_db: Any) -> None:
    arts, mentions = _entity_counts(real_db)
    got = _cli("entities", "--db", str(real_db.path), "--json", "--limit", "15")
    assert got["total"] == len(arts)
    assert len(got["items"]) == 15
    for e in got["items"]:
        assert e["articles"] == arts[e["canonical"]], e
        assert e["mentions"] == mentions[e["canonical"]], e
    ranks = [(-e["articles"], -e["mentions"]) for e in got["items"]]
    assert ranks == sorted(ranks)
    assert got["items"][0]["articles"] == max(arts.values())


def test_entities_cli_type_and_period_filters(real_db: Any) -> None:
    people = _cli("entities", "--db", str(real_db.path), "--json", "--type", "person")
    assert people["items"] and {e["type"] for e in people["items"]} == {"PERSON"}
    # the seed is the only article of July 2021: its entities and nothing else
    seed = next(a for a in _articles(str(real_db.path)) if a["id"] == real_db.seed_id)
    july = _cli("entities", "--db", str(real_db.path), "--json", "--since", "2021-07-01",
                "--until", "2021-07-31", "--limit", "200")
    assert {e["canonical"] for e in july["items"]} == {
        e.get("canonical") or e["text"] for e in (*seed["entities"], *seed["title_entities"])}
    assert all(e["articles"] == 1 for e in july["items"])
    bad = runner.invoke(cli, ["entities", "--db", str(real_db.path), "--type", "THING"])
    assert bad.exit_code == 2
    bad = runner.invoke(cli, ["entities", "--db", str(real_db.path), "--since", "yesterday"])
    assert bad.exit_code == 2


def test_entities_section_listing_says_its_period(real_client: TestClient, real_db: Any) -> None:
    # user test s22 F1: a section listing without a period counts its last 30 days; it says so
    code = next(s["code"] for s in real_client.get("/api/v1/sections").json()["items"]
                if s["kind"] == "country")
    got = _cli("entities", "--db", str(real_db.path), "--json", "--section", code)
    assert got["since"] and got["until"] is None
    api = real_client.get("/api/v1/entities", params={"section": code}).json()
    assert api["since"] == got["since"] and api["total"] == got["total"]
    whole = _cli("entities", "--db", str(real_db.path), "--json")
    assert whole["since"] is None and whole["until"] is None
    text = runner.invoke(cli, ["entities", "--db", str(real_db.path), "--section", code])
    assert text.exit_code == 0 and "without --since counts its last 30 days" in text.stdout.split("\n")[0]


def test_entities_api_and_page_agree(real_client: TestClient, real_db: Any) -> None:
    api = real_client.get("/api/v1/entities", params={"all": 1, "limit": 10}).json()
    cli_items = _cli("entities", "--db", str(real_db.path), "--json", "--limit", "10")["items"]
    assert [e["canonical"] for e in api["items"]] == [e["canonical"] for e in cli_items]
    page = real_client.get("/entities", params={"all": 1})
    assert page.status_code == 200 and '<html lang="ar" dir="rtl">' in page.text
    for e in api["items"][:5]:
        assert f'href="/entity/{e["href"].rsplit("/", 1)[1]}"' in page.text
    assert real_client.get("/api/v1/entities", params={"type": "THING"}).status_code == 422


@pytest.mark.parametrize("name", ["Joe Biden", "بايدن", "جو بايدن", "بَايدن", "biden"])
def test_entity_page_any_spelling(real_client: TestClient, real_db: Any, name: str) -> None:
    body = real_client.get(f"/api/v1/entities/{name}").json()
    assert body["id"] == body["canonical"] == "Joe Biden"
    seed = next(a for a in _articles(str(real_db.path)) if a["id"] == real_db.seed_id)
    spans = [e for e in seed["entities"] if e.get("canonical") == "Joe Biden"]
    names = {n["name"] for n in body["names"]}
    # every name the seed uses for him, proclitic off, titles found by coreference left out
    expected = {e["text"][len(e.get("proclitic") or ""):] for e in spans
                if e.get("source") != "coref"}
    assert expected <= names and "جو بايدن" in names
    assert body["mentions"] >= len(spans)
    assert body["timeline"] and sum(d["articles"] for d in body["timeline"]) <= body["articles"]
    assert {"day": "2021-07-26", "articles": 1} in body["timeline"]


def test_entity_page_shows_everything(real_client: TestClient, real_db: Any) -> None:
    seed = next(a for a in _articles(str(real_db.path)) if a["id"] == real_db.seed_id)
    page = real_client.get("/entity/بايدن")
    assert page.status_code == 200
    text = page.text
    # named in Arabic, the canonical (Latin) name beside it
    assert '<h1 dir="auto">جو بايدن <span class="latin" dir="ltr" lang="en">Joe Biden</span></h1>' \
        in text
    assert '<svg class="chart"' in text and "<script" not in text.split("</head>")[1]
    assert " style=" not in text  # the CSP allows no inline style
    # co-mentioned: every other entity of the seed (his only article here), with count 1
    others = {e["canonical"] for e in seed["entities"] if e.get("canonical") != "Joe Biden"}
    api = real_client.get("/api/v1/entities/Joe Biden").json()
    assert {c["canonical"] for c in api["co_mentioned"]} <= others
    assert len(api["co_mentioned"]) == min(20, len(others))
    # quotes by him: the seed's quotations whose speaker entity is his
    by = [q for q in seed["quotes"] if q.get("speaker") == "Joe Biden"]
    assert api["quotes_by"]["total"] == len(by) > 0
    for q in api["quotes_by"]["items"]:
        assert html.escape(q["text"], quote=False) in text
    # quotes about: the other speakers' quotations naming him
    about = real_client.get("/api/v1/entities/Mustafa Al-Kadhimi").json()["quotes_about"]
    for q in about["items"]:
        assert q["speaker_canonical"] != "Mustafa Al-Kadhimi"
    # the feed of the entity is offered, as for sections and stories
    assert 'href="/feeds/entity/Joe%20Biden.atom"' in real_client.get("/entity/Joe Biden").text
    assert real_client.get("/entity/Nobody Known At All").status_code == 404
    assert real_client.get("/api/v1/entities/Nobody Known At All").json()["error"]["code"] == \
        "E_NOT_FOUND"


def test_article_entity_names_link_to_their_pages(real_client: TestClient, real_db: Any) -> None:
    page = real_client.get(f"/article/{real_db.seed_id}").text
    links = set(re.findall(r'<a class="ent ent-\w+" href="(/entity/[^"]+)"', page))
    seed = next(a for a in _articles(str(real_db.path)) if a["id"] == real_db.seed_id)
    assert len(links) == len({e["canonical"]
                              for e in (*seed["entities"], *seed["title_entities"])})
    for href in sorted(links)[:6]:
        r = real_client.get(html.unescape(href))
        assert r.status_code == 200, href


def test_quotes_by_speaker_any_name(real_client: TestClient, real_db: Any) -> None:
    seed = next(a for a in _articles(str(real_db.path)) if a["id"] == real_db.seed_id)
    by = sorted(" ".join(seed["text"][q["start"]:q["end"]].split()) for q in seed["quotes"]
                if q.get("speaker") == "Joe Biden")
    for name in ("Joe Biden", "بايدن", "President Biden"):
        got = real_client.get("/api/v1/quotes", params={"speaker": name, "limit": 50}).json()
        assert sorted(q["text"] for q in got["items"]) == by, name
        assert got["speakers"][0] == "Joe Biden"
        for q in got["items"]:
            assert q["article_id"] == real_db.seed_id and q["cue"] and q["outlet"] == "العربية"
    cli_got = _cli("quotes", "--speaker", "جو بايدن", "--db", str(real_db.path), "--json",
                   "--limit", "50")
    assert sorted(q["text"] for q in cli_got["items"]) == by
    page = real_client.get("/quotes", params={"speaker": "بايدن"}).text
    assert f'href="/article/{real_db.seed_id}"' in page and "«<bdi>قال</bdi>»" in page


def test_quote_search_folds_like_article_search(real_client: TestClient, real_db: Any) -> None:
    texts = [q["text"] for q in _cli("quotes", "--db", str(real_db.path), "--json",
                                     "--limit", "200")["items"]]
    assert len(texts) >= 20
    # a word with hamza, searched with and without it, in the quote text only
    for typed, bare in (("الأميركية", "الاميركيه"), ("إيران", "ايران")):
        a = real_client.get("/api/v1/quotes", params={"q": typed, "limit": 200}).json()
        b = real_client.get("/api/v1/quotes", params={"q": bare, "limit": 200}).json()
        assert a["total"] == b["total"]
        assert [q["quote_id"] for q in a["items"]] == [q["quote_id"] for q in b["items"]]
        for q in a["items"]:
            assert "<mark>" in q["text_html"]
    all_iran = real_client.get("/api/v1/quotes", params={"q": "إيران", "limit": 200}).json()
    with_word = [t for t in texts if re.search(r"[اإأآ]يران", t)]
    assert all_iran["total"] >= len(with_word) > 0
    # words AND together, phrases, exclusions: the article search syntax
    none = real_client.get("/api/v1/quotes", params={"q": "-إيران"}).json()
    assert none["total"] == 0


def test_quotes_escape_user_input(real_client: TestClient) -> None:
    evil = '<script>alert(1)</script>"'
    r = real_client.get("/quotes", params={"speaker": evil, "q": evil})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;" in r.text
    r = real_client.get(f"/entity/{evil}")
    assert r.status_code == 404 and "<script>alert(1)" not in r.text
    assert real_client.get("/api/v1/quotes", params={"since": "2021-08-01",
                                                     "until": "2021-07-01"}).status_code == 422


def test_timelines_count_the_articles(real_client: TestClient, real_db: Any) -> None:
    sections = real_client.get("/api/v1/sections").json()["items"]
    code = next(s["code"] for s in sections if s["kind"] == "country")
    got = real_client.get("/api/v1/timeline", params={"section": code}).json()["items"]
    full = {a["id"]: a for a in _articles(str(real_db.path))}
    dated = 0  # a time to sort by: published, local, else crawled (the store's sort_time)
    for a in real_client.get(f"/api/v1/sections/{code}", params={"limit": 200}).json()["items"]:
        md = full[a["id"]]["metadata"]
        dated += bool(md.get("published") or md.get("published_local")
                      or (md.get("extra") or {}).get("crawled"))
    assert sum(d["articles"] for d in got) == dated
    days = [d["day"] for d in got]
    assert days == sorted(days) and len(set(days)) == len(days)
    page = real_client.get(f"/section/{code}").text
    assert ('<svg class="chart"' in page) == bool(got)
    assert real_client.get("/api/v1/timeline").status_code == 422


def test_trending_scores_follow_the_formula(real_client: TestClient) -> None:
    got = real_client.get("/api/v1/trending", params={"window_hours": 24 * 30,
                                                      "baseline_hours": 24 * 365}).json()
    assert got["at"]
    for s in got["stories"]:
        story = real_client.get(f"/api/v1/stories/{s['id']}").json()
        assert s["reports"] >= desk.MIN_REPORTS and s["outlets"] >= desk.MIN_OUTLETS
        assert s["score"] >= desk.MIN_SCORE
        assert s["reports"] <= story["size"]
    assert real_client.get("/api/v1/trending", params={"window_hours": 0}).status_code == 422


def test_growth_score() -> None:
    # (now, before, flow now, flow before); no history: the count against 0
    assert desk.growth(9, 0, 6, 24) == pytest.approx(9.0)
    # steady: the same share of the flow as before -> 0
    assert desk.growth(2, 8, 6, 24) == pytest.approx(0.0)
    assert desk.growth(10, 4, 6, 24) == pytest.approx((10 - 1) / 2 ** 0.5)
    assert desk.growth(1, 40, 6, 24) < 0


def test_bar_chart_escapes_and_draws_one_bar_a_day() -> None:
    svg = str(bar_chart([("2015-08-10", 0), ("2015-08-11", 7), ("<x>", 3)], 'a "<b>"'))
    assert svg.count("<rect ") == 3 and "<b>" not in svg and "&lt;x&gt;" in svg
    assert " style=" not in svg
    assert str(bar_chart([], "t")) == ""


def test_cli_dates_name_their_option_and_refuse_reversed_periods(real_db: Any) -> None:
    # user test s22 F15
    res = runner.invoke(cli, ["trending", "--db", str(real_db.path), "--at", "yesterday"])
    assert res.exit_code == 2 and "--at" in res.output
    res = runner.invoke(cli, ["entities", "--db", str(real_db.path), "--since", "2018-03-15",
                              "--until", "2018-03-12"])
    assert res.exit_code == 2 and "is after --until" in res.output
    res = runner.invoke(cli, ["search", "مصر", "--db", str(real_db.path), "--since", "2018-03-15",
                              "--until", "2018-03-12"])
    assert res.exit_code == 2 and "is after until" in res.output
    res = runner.invoke(cli, ["search", "روسيا NOT بريطانيا", "--db", str(real_db.path)])
    assert res.exit_code == 0 and "-word excludes" in res.output


def test_trending_cli_says_why_nothing_is_breaking(real_db: Any) -> None:
    """Without enough original articles before the window, the command says so (user test
    s23: `mawsua trending` on the demo printed nothing and no reason)."""
    res = runner.invoke(cli, ["trending", "--db", str(real_db.path), "--at",
                              "2001-01-01T00:00:00+00:00"])
    assert res.exit_code == 0, res.output
    assert "nothing is called breaking" in res.output and "baseline holds 0" in res.output
