"""User test s25 (F20, F28): a filter that names nothing stored is never a silent answer.

``search --language english|الإنجليزية`` finds the English articles; an unknown language or
entity gives a coded note like an unknown outlet; ``alerts add`` with a filter that names
nothing stored says so with the same codes, and saves filters as the stored values they
stand for (an alert matches values exactly)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jsonl_rows import ingest_rows
from mawsua.app import alerts as app_alerts
from mawsua.app import queries
from mawsua.cli.main import app
from mawsua.model.results import SearchQuery
from mawsua.store.alerts import AlertRegistry

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("notes")
    rows = [
        {"id": "a1", "outlet": "alarabiya", "section": "sport", "lang": "ar",
         "title": "الحكومة العراقية", "text": "أعلنت الحكومة العراقية في بغداد خطة جديدة للكهرباء "
         "قال وزير الكهرباء العراقي إن الخطة تبدأ الشهر المقبل."},
        {"id": "a2", "outlet": "sana", "lang": "en", "title": "Aleppo",
         "text": "Syrian officials in Aleppo said on Tuesday that the water station was "
         "repaired and that the city would get water again within days."},
    ]
    return ingest_rows(tmp, rows)


@pytest.mark.parametrize("name", ["en", "EN", "english", "English", "الإنجليزية", "الانجليزية"])
def test_a_language_by_code_or_name_finds_its_articles(db: Path, name: str) -> None:
    r = runner.invoke(app, ["search", "", "--language", name, "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    assert [h["id"] for h in json.loads(r.stdout)] == ["a2"]
    assert "W_UNKNOWN" not in r.stderr


@pytest.mark.parametrize(("args", "code"), [
    (["--language", "xx"], "W_UNKNOWN_LANGUAGE"),
    (["--entity", "نكرة"], "W_UNKNOWN_ENTITY"),
    (["--outlet", "nosuch"], "W_UNKNOWN_OUTLET"),
    (["--section", "ZZZ"], "W_UNKNOWN_SECTION"),
])
def test_an_unknown_filter_is_a_coded_note_not_a_silent_zero(db: Path, args: list[str],
                                                            code: str) -> None:
    r = runner.invoke(app, ["search", "الخطة", *args, "--db", str(db)])
    assert r.exit_code == 0 and r.stdout.startswith("0 results"), r.output
    assert f"note: {code}:" in r.stderr
    if code == "W_UNKNOWN_LANGUAGE":
        assert "ar (العربية)" in r.stderr and "en (الإنجليزية)" in r.stderr


def test_a_known_entity_with_no_match_gives_no_note(db: Path) -> None:
    with queries.open_store(db, readonly=True) as store:
        assert queries.unknown_filters(store, SearchQuery(text="", entity="بغداد")) == []
        got = queries.unknown_filters(store, SearchQuery(text="", entity="نكرة", language="xx"))
    assert [n["code"] for n in got] == ["W_UNKNOWN_LANGUAGE", "W_UNKNOWN_ENTITY"]


@pytest.mark.parametrize(("args", "code"), [
    (["--section", "ZZZ"], "W_UNKNOWN_SECTION"),
    (["--outlet", "nosuch"], "W_UNKNOWN_OUTLET"),
    (["--language", "xx"], "W_UNKNOWN_LANGUAGE"),
    (["--entity", "نكرة"], "W_UNKNOWN_ENTITY"),
])
def test_alerts_add_with_a_filter_that_names_nothing_stored_says_so(
        tmp_path: Path, db: Path, args: list[str], code: str) -> None:
    copy = tmp_path / "al.db"
    copy.write_bytes(db.read_bytes())
    r = runner.invoke(app, ["alerts", "add", "weird", "--query", "مصر", *args,
                            "--db", str(copy), "--json"])
    assert r.exit_code == 0, r.output
    assert [n["code"] for n in json.loads(r.stdout)["notes"]] == [code]
    assert f"note: {code}:" in r.stderr


def test_alerts_save_filters_as_the_stored_values(tmp_path: Path, db: Path) -> None:
    copy = tmp_path / "al.db"
    copy.write_bytes(db.read_bytes())
    r = runner.invoke(app, ["alerts", "add", "ok", "--query", "الخطة", "--outlet", "Al Arabiya",
                            "--section", "رياضة", "--language", "العربية", "--db", str(copy),
                            "--json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert (got["outlet"], got["section"], got["language"]) == ("arabiya", "sport", "ar")
    assert got["notes"] == [] and "note:" not in r.stderr
    # it matches the stored article, as `search` with the same filters does
    with queries.open_store(copy) as store:
        alert = app_alerts.get_alert(store, "ok")
        assert AlertRegistry(store).matching(alert) == ["a1"]
