"""Export (JSONL, CSV, Parquet) over a real store, from the app, the API and the CLI; and the
readable ``article_text`` table / ``articles_plain`` view for sqlite3 users."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mawsua.app import connect, queries
from mawsua.app import export as export_app
from mawsua.cli.main import app as cli
from mawsua.model import article_to_dict
from mawsua.model.results import SearchQuery
from mawsua.store import scan


def _export(db: Any, fmt: str, query: SearchQuery | None = None, layers: Any = None,
            **kw: Any) -> bytes:
    out = io.BytesIO()
    with queries.open_store(db.path, readonly=True) as store:
        stats = export_app.export(store, query or SearchQuery(), fmt, out, layers, **kw)
    data = out.getvalue()
    assert stats.bytes == len(data)
    return data


def _all_ids(db: Any) -> list[str]:
    with sqlite3.connect(db.path) as conn:
        return [i for (i,) in conn.execute("SELECT id FROM articles ORDER BY n")]


def test_jsonl_is_the_json_contract_with_connections(real_db: Any) -> None:
    lines = _export(real_db, "jsonl").splitlines()
    assert len(lines) == real_db.count
    with queries.open_store(real_db.path, readonly=True) as store:
        for line in lines:
            got = orjson.loads(line)
            want = article_to_dict(store.get(got["id"]))
            links = connect.connections(store, got["id"])
            extra = {k: got.pop(k) for k in ("duplicate_of", "story_id", "sections")}
            assert got == want
            assert extra["duplicate_of"] == links["duplicate_of"]
            assert extra["story_id"] == (links["story"] or {}).get("id")
            assert extra["sections"]["countries"] == [c["code"] for c in
                                                      links["sections"]["countries"]]
    assert [orjson.loads(x)["id"] for x in lines] == _all_ids(real_db)  # ingest order


def test_jsonl_layers_are_selectable(real_db: Any) -> None:
    first = orjson.loads(_export(real_db, "jsonl", layers=("entities",), limit=1))
    assert "entities" in first and "text" in first and "metadata" in first
    assert not {"quotes", "timexes", "repairs", "sentences"} & set(first)
    with pytest.raises(ValueError, match="unknown layer"):
        export_app.parse_layers("entities,gossip")
    assert export_app.parse_layers("none") == ()
    assert export_app.parse_layers(" Quotes , entities,quotes") == ("quotes", "entities")


def test_csv_has_flat_columns_and_every_article(real_db: Any) -> None:
    data = _export(real_db, "csv", layers=("entities", "quotes"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert list(rows[0]) == [*export_app.FLAT_COLUMNS, "entities", "quotes"]
    assert len(rows) == real_db.count
    with queries.open_store(real_db.path, readonly=True) as store:
        for row in rows[:40]:
            art = store.get(row["id"])
            assert row["text"] == art.text  # newlines and quotes survive CSV
            assert row["title"] == (art.metadata.title or "")
            assert orjson.loads(row["entities"]) == article_to_dict(art)["entities"]
    seed = next(r for r in rows if r["id"] == real_db.seed_id)
    assert seed["published_local"] == "2021-07-26T23:55" and seed["published"] == ""
    assert "IQ" in seed["countries"].split(";")


def test_empty_csv_export_still_has_its_header(real_db: Any) -> None:
    data = _export(real_db, "csv", SearchQuery(outlet="no such outlet"))
    assert data.decode().strip() == ",".join(export_app.FLAT_COLUMNS)


def test_parquet_has_the_documented_schema_in_row_groups(real_db: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_app, "ROW_GROUP", 50)
    path = tmp_path / "x.parquet"
    path.write_bytes(_export(real_db, "parquet", layers=("timexes",)))
    f = pq.ParquetFile(path)
    assert f.schema_arrow == export_app.parquet_schema(("timexes",))
    assert f.metadata.num_rows == real_db.count
    assert f.num_row_groups == -(-real_db.count // 50)
    table = f.read()
    ids = table.column("id").to_pylist()
    assert ids == _all_ids(real_db)
    seed = table.slice(ids.index(real_db.seed_id), 1).to_pylist()[0]
    with queries.open_store(real_db.path, readonly=True) as store:
        art = store.get(real_db.seed_id)
    assert seed["text"] == art.text and seed["title"] == art.metadata.title
    assert orjson.loads(seed["timexes"]) == article_to_dict(art)["timexes"]
    assert "IQ" in seed["countries"] and seed["title_derived"] is True


def test_export_of_a_search_keeps_exactly_its_matches(real_db: Any, real_client: TestClient
                                                      ) -> None:
    def search_ids(**params: Any) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            page = real_client.get("/api/v1/search", params={**params, "limit": 200,
                                                             "offset": offset}).json()
            out |= {i["id"] for i in page["items"]}
            offset += 200
            if offset >= page["total"]:
                return out

    for q in (SearchQuery(text="العراق"), SearchQuery(text="السعودية", outlet="aawsat"),
              SearchQuery(entity="بايدن"), SearchQuery(language="en"),
              SearchQuery(text="العراق", since="2021-07-01", until="2021-07-31")):
        lines = _export(real_db, "jsonl", q, layers=()).splitlines()
        got = {orjson.loads(x)["id"] for x in lines}
        want = search_ids(q=q.text, outlet=q.outlet or "", entity=q.entity or "",
                          language=q.language or "", since=q.since or "", until=q.until or "")
        assert got == want and got, q


def test_scan_walks_in_bounded_batches_once_each(real_db: Any) -> None:
    with queries.open_store(real_db.path, readonly=True) as store:
        batches = list(scan.scan(store, SearchQuery(), batch=7))
        limited = [r.id for b in scan.scan(store, SearchQuery(), batch=7, limit=10) for r in b]
    assert all(0 < len(b) <= 7 for b in batches)
    ids = [r.id for b in batches for r in b]
    assert ids == _all_ids(real_db)
    assert limited == ids[:10]


def test_api_streams_each_format(real_client: TestClient, real_db: Any, tmp_path: Path) -> None:
    r = real_client.get("/api/v1/export", params={"format": "jsonl", "q": "الكاظمي",
                                                  "layers": "quotes"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"
    assert r.headers["content-disposition"] == 'attachment; filename="mawsua-export.jsonl"'
    docs = [orjson.loads(x) for x in r.content.splitlines()]
    assert real_db.seed_id in {d["id"] for d in docs} and all("quotes" in d for d in docs)
    r = real_client.get("/api/v1/export", params={"format": "csv", "outlet": "aleqtisadiya"})
    rows = list(csv.DictReader(io.StringIO(r.text, newline="")))
    assert rows and {x["outlet"] for x in rows} == {"aleqtisadiya"}
    assert {x["outlet_name"] for x in rows} == {"الاقتصادية"}
    r = real_client.get("/api/v1/export", params={"format": "parquet", "limit": 5})
    (tmp_path / "a.parquet").write_bytes(r.content)
    assert pq.ParquetFile(tmp_path / "a.parquet").metadata.num_rows == 5


@pytest.mark.parametrize("params", [{"format": "xml"}, {"layers": "gossip"},
                                    {"since": "2021-02-01", "until": "2021-01-01"}])
def test_api_refuses_bad_export_requests(real_client: TestClient, params: dict) -> None:
    r = real_client.get("/api/v1/export", params=params)
    assert r.status_code == 422 and r.json()["error"]["code"] == "E_INVALID_QUERY"


def test_cli_export(real_db: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "x.parquet"
    r = runner.invoke(cli, ["export", "العراق", "--db", str(real_db.path), "--format",
                            "parquet", "--out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    stats = orjson.loads(r.stdout)
    assert stats["articles"] == pq.ParquetFile(out).metadata.num_rows > 0
    assert not list(tmp_path.glob("*.part"))
    r = runner.invoke(cli, ["export", "--db", str(real_db.path), "--format", "parquet"])
    assert r.exit_code == 2 and "--out" in r.stderr
    r = runner.invoke(cli, ["export", "--db", str(real_db.path), "--layers", "gossip"])
    assert r.exit_code == 2 and "unknown layer" in r.stderr
    r = runner.invoke(cli, ["export", "--db", str(real_db.path), "-f", "csv", "--limit", "3",
                            "--outlet", "aawsat"])
    assert r.exit_code == 0 and len(list(csv.reader(io.StringIO(r.stdout)))) == 4


def test_sqlite_users_read_plain_text(real_db: Any) -> None:
    conn = sqlite3.connect(f"file:{real_db.path}?mode=ro", uri=True)  # no Mawsua function
    rows = conn.execute("SELECT id, outlet, title, text, story_id, duplicate_of "
                        "FROM articles_plain").fetchall()
    conn.close()
    assert len(rows) == real_db.count
    with queries.open_store(real_db.path, readonly=True) as store:
        for aid, _outlet, _title, text, story_id, _dup in rows[:60]:
            assert text == store.text(aid)
            assert story_id == (connect.connections(store, aid)["story"] or {}).get("id")


def test_migration_8_backfills_an_older_store(real_db: Any, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(real_db.path, db)
    conn = sqlite3.connect(db)
    conn.executescript("DROP VIEW articles_plain; DROP TABLE article_text; "
                       "DELETE FROM schema_migrations WHERE version = 8;")
    conn.close()
    queries.open_store(db).close()  # a writable open migrates
    conn = sqlite3.connect(db)
    got = dict(conn.execute("SELECT id, text FROM articles_plain"))
    conn.close()
    with queries.open_store(real_db.path, readonly=True) as store:
        assert got == {i: store.text(i) for i in _all_ids(real_db)}
