"""The analyst's desk on both backends: the same real input (the seed and a corpus slice)
ingested into a SQLite file and a PostgreSQL database, then the CLI (``entities``, ``entity``,
``quotes``, ``trending``), the pages (``/entities``, ``/entity/…``, ``/quotes``, ``/trending``
as the home page's breaking stories) and their API driven on each. Expected values are
recomputed from the stored articles' own layers, and the two backends must agree (quotation
search ranks by bm25 on SQLite and ts_rank on PostgreSQL: compared as sets). The PostgreSQL
cases are skipped with the reason when no server can be had."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mawsua.app import queries
from mawsua.app.ingest import ingest
from mawsua.cli.main import app as cli
from mawsua.model import article_to_dict
from mawsua.store.desk import lone_name
from mawsua.web.app import create_app

runner = CliRunner()
#: corpus rows ingested beside the seed
N_ARABIC, N_ENGLISH = 60, 6


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, corpus_path: Path,
           corpus_slicer: Any) -> Path:
    ar, en = corpus_slicer(corpus_path, N_ARABIC, N_ENGLISH)
    path = tmp_path_factory.mktemp("desk") / "sample.jsonl"
    path.write_text("".join(ar + en), encoding="utf-8")
    return path


def _build(target: str, seed_path: Path, sample: Path) -> str:
    store = queries.open_store(target)
    try:
        seed = ingest([seed_path], store)
        rest = ingest([sample], store)
    finally:
        store.close()
    assert seed.added == 1 and not seed.failed and not rest.failed
    return seed.added_ids[0]


@pytest.fixture(scope="module")
def lite_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path, sample: Path
            ) -> tuple[str, str]:
    target = str(tmp_path_factory.mktemp("desk-lite") / "m.db")
    return target, _build(target, seed_path, sample)


@pytest.fixture(scope="module")
def pg_db(pg_cluster: Any, seed_path: Path, sample: Path) -> tuple[str, str]:
    target = pg_cluster.new_database()
    return target, _build(target, seed_path, sample)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, TestClient]]:
    """``(db, seed_id, client)`` of one backend."""
    db, seed_id = request.getfixturevalue("lite_db" if request.param == "sqlite" else "pg_db")
    with TestClient(create_app(db)) as client:
        yield db, seed_id, client


def _articles(db: str) -> list[dict[str, Any]]:
    with queries.open_store(db, readonly=True) as store:
        ids = [i for (i,) in store.conn.execute("SELECT id FROM articles ORDER BY n")]
        return [article_to_dict(store.get(i)) for i in ids]


def _cli(*args: str) -> Any:
    res = runner.invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_entities_count_the_articles(backend: tuple[str, str, TestClient]) -> None:
    db, _, client = backend
    arts: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for a in _articles(db):
        names = [e.get("canonical") or e["text"]
                 for e in (*a["entities"], *a.get("title_entities", ()))
                 if not lone_name(e.get("label") or e.get("type", ""),
                                  e.get("canonical") or e["text"])]  # no desk entity
        mentions.update(names)
        arts.update(set(names))
    got = _cli("entities", "--db", db, "--json", "--limit", "15")
    assert got["total"] == len(arts) and len(got["items"]) == 15
    for e in got["items"]:
        assert (e["articles"], e["mentions"]) == (arts[e["canonical"]],
                                                  mentions[e["canonical"]]), e
    ranks = [(-e["articles"], -e["mentions"], e["canonical"]) for e in got["items"]]
    assert ranks == sorted(ranks)
    api = client.get("/api/v1/entities", params={"all": 1, "limit": 15}).json()
    assert [e["canonical"] for e in api["items"]] == [e["canonical"] for e in got["items"]]
    people = client.get("/api/v1/entities", params={"all": 1, "type": "PERSON"}).json()
    assert people["items"] and {e["type"] for e in people["items"]} == {"PERSON"}
    page = client.get("/entities", params={"all": 1})
    assert page.status_code == 200 and api["items"][0]["canonical"] in page.text


def test_entity_page_and_quotes_by_speaker(backend: tuple[str, str, TestClient]) -> None:
    db, seed_id, client = backend
    seed = next(a for a in _articles(db) if a["id"] == seed_id)
    body = client.get("/api/v1/entities/بايدن").json()
    assert body["canonical"] == "Joe Biden"
    assert "جو بايدن" in {n["name"] for n in body["names"]}
    assert {"day": "2021-07-26", "articles": 1} in body["timeline"]
    others = {e["canonical"] for e in seed["entities"] if e.get("canonical") != "Joe Biden"}
    assert {c["canonical"] for c in body["co_mentioned"]} <= others
    by = sorted(" ".join(seed["text"][q["start"]:q["end"]].split()) for q in seed["quotes"]
                if q.get("speaker") == "Joe Biden")
    assert body["quotes_by"]["total"] == len(by) > 0
    got = client.get("/api/v1/quotes", params={"speaker": "جو بايدن", "limit": 50}).json()
    assert sorted(q["text"] for q in got["items"]) == by
    assert client.get("/entity/Joe Biden").status_code == 200
    assert client.get("/entity/Nobody Known At All").status_code == 404
    cli_one = _cli("entity", "Joe Biden", "--db", db, "--json")
    assert cli_one["canonical"] == "Joe Biden"
    cli_q = _cli("quotes", "--speaker", "بايدن", "--db", db, "--json", "--limit", "50")
    assert sorted(q["text"] for q in cli_q["items"]) == by
    page = client.get("/quotes", params={"speaker": "بايدن"}).text
    assert f'href="/article/{seed_id}"' in page


def test_quote_search_folds(backend: tuple[str, str, TestClient]) -> None:
    db, _, client = backend
    texts = [q["text"] for q in _cli("quotes", "--db", db, "--json", "--limit", "200")["items"]]
    assert len(texts) >= 10
    for typed, bare in (("الأميركية", "الاميركيه"), ("إيران", "ايران")):
        a = client.get("/api/v1/quotes", params={"q": typed, "limit": 100}).json()
        b = client.get("/api/v1/quotes", params={"q": bare, "limit": 100}).json()
        assert a["total"] == b["total"]
        assert {q["quote_id"] for q in a["items"]} == {q["quote_id"] for q in b["items"]}
        for q in a["items"]:
            assert "<mark>" in q["text_html"]
    assert client.get("/api/v1/quotes", params={"q": "-إيران"}).json()["total"] == 0
    page = client.get("/quotes", params={"q": "ايران"})
    assert page.status_code == 200


def test_trending_and_timelines(backend: tuple[str, str, TestClient]) -> None:
    db, _, client = backend
    got = client.get("/api/v1/trending", params={"window_hours": 24 * 30,
                                                 "baseline_hours": 24 * 365}).json()
    assert got["at"] and got["flow"]["window"] + got["flow"]["baseline"] > 0
    cli_got = _cli("trending", "--db", db, "--json", "--window", str(24 * 30),
                   "--baseline", str(24 * 365))
    assert cli_got["stories"] == got["stories"] and cli_got["entities"] == got["entities"]
    assert client.get("/", params={"at": got["at"]}).status_code == 200
    sections = client.get("/api/v1/sections").json()["items"]
    code = next(s["code"] for s in sections if s["kind"] == "country")
    days = client.get("/api/v1/timeline", params={"section": code}).json()["items"]
    assert days and [d["day"] for d in days] == sorted(d["day"] for d in days)
    assert client.get(f"/section/{code}").status_code == 200


def _views(db: str) -> dict[str, Any]:
    """Every desk view of one database as JSON (quotation search hits as sets)."""
    with TestClient(create_app(db)) as client:
        ents = client.get("/api/v1/entities", params={"all": 1, "limit": 100}).json()
        out: dict[str, Any] = {"entities": ents}
        for e in ents["items"][:8]:
            body = client.get(f"/api/v1/entities/{e['canonical']}").json()
            out["entity " + e["canonical"]] = body
        for since, until in (("2015-01-01", "2015-12-31"), ("2021-07-01", "2021-07-31")):
            out[f"period {since}"] = client.get("/api/v1/entities", params={
                "since": since, "until": until, "limit": 100}).json()
        out["quotes"] = client.get("/api/v1/quotes", params={"limit": 100}).json()
        for q in ("إيران", "السعودية", '"وزير الخارجية"', "قال -إيران"):
            got = client.get("/api/v1/quotes", params={"q": q, "limit": 100}).json()
            out["quotes " + q] = (got["total"], sorted(json.dumps(i, sort_keys=True)
                                                      for i in got["items"]))
        out["trending"] = client.get("/api/v1/trending", params={
            "window_hours": 24 * 30, "baseline_hours": 24 * 365}).json()
        for s in client.get("/api/v1/sections").json()["items"][:6]:
            out["timeline " + s["code"]] = client.get(
                "/api/v1/timeline", params={"section": s["code"]}).json()
    return out


def test_same_desk_on_both_backends(lite_db: tuple[str, str], pg_db: tuple[str, str]) -> None:
    lite, pg = _views(lite_db[0]), _views(pg_db[0])
    assert lite.keys() == pg.keys()
    assert lite["entities"]["total"] > 20 and lite["quotes"]["total"] > 10
    for key in lite:
        assert lite[key] == pg[key], key
