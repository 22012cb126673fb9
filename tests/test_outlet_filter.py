"""An outlet filter finds an outlet by any of its names (user test: ``--outlet alarabiya`` gave
0 results once corpus2's ``alarabiya`` was stored as ``arabiya``; the seed's ``العربية`` and
corpus2's Al Arabiya could not be listed together; an unknown outlet was a silent 0)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jsonl_rows import ingest_rows
from mawsua.app import queries
from mawsua.app.export import chunks
from mawsua.cli.main import app
from mawsua.model.results import SearchQuery

runner = CliRunner()


def _ingest(tmp_path: Path) -> Path:
    rows = [("a1", "alarabiya", "قال وزير الخارجية الإماراتي إن الاجتماع في أبوظبي ناقش الملف."),
            ("a2", "العربية", "أعلنت الحكومة العراقية في بغداد خطة جديدة للكهرباء."),
            ("a3", "okaz", "افتتح أمير منطقة مكة المكرمة مشروعا جديدا في جدة أمس."),
            ("a4", "arabiya", "ناقش مجلس الوزراء في الرياض ميزانية العام المقبل.")]
    return ingest_rows(tmp_path, [{"id": i, "outlet": o, "title": t[:20], "text": t}
                                  for i, o, t in rows])


def test_any_name_of_an_outlet_filters_all_its_articles(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    with queries.open_store(db, readonly=True) as store:
        assert sorted(queries.stored_outlets(store)) == ["arabiya", "okaz", "العربية"]
        for name in ("alarabiya", "arabiya", "ARABIYA", "العربية", "Al Arabiya"):
            hits = queries.search(store, SearchQuery(text="", outlet=name, limit=10))
            assert sorted(h.id for h in hits.items) == ["a1", "a2", "a4"], name
            listed = queries.latest(store, outlet=name)
            assert sorted(a.id for a in listed.items) == ["a1", "a2", "a4"], name
        assert [h.id for h in queries.search(store, SearchQuery(text="", outlet="okaz")).items] \
            == ["a3"]
        exported = b"".join(chunks(store, SearchQuery(outlet="alarabiya"), "jsonl"))
        assert sorted(json.loads(x)["id"] for x in exported.splitlines()) == ["a1", "a2", "a4"]


def test_an_unknown_outlet_says_so(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    r = runner.invoke(app, ["search", "", "--outlet", "nosuchpaper", "--db", str(db)])
    assert r.exit_code == 0 and r.stdout.startswith("0 results")
    assert "no article of the outlet 'nosuchpaper' is stored" in r.stderr
    assert "okaz" in r.stderr
    r = runner.invoke(app, ["search", "", "--outlet", "alarabiya", "--db", str(db)])
    assert r.stdout.startswith("3 results") and "no article" not in r.stderr


def test_the_outlet_facet_lists_one_outlet_once(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    with queries.open_store(db, readonly=True) as store:
        outlets = dict(queries.facets(store).outlets)
    assert outlets == {"arabiya": 3, "okaz": 1}
