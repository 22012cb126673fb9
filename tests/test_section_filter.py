"""A source-section filter takes the Arabic name the pages show and any casing of a slug
(user test: the search page lists ``سياسة`` for ``politics``, but ``--section سياسة`` found
nothing, silently; an unknown section was a silent 0 where an unknown outlet says so)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jsonl_rows import ingest_rows
from mawsua.app import outlets, queries
from mawsua.app.export import chunks
from mawsua.cli.main import app
from mawsua.model.results import SearchQuery

runner = CliRunner()


def _ingest(tmp_path: Path) -> Path:
    rows = [("s1", "politics", "قال وزير الخارجية الإماراتي إن الاجتماع في أبوظبي ناقش الملف."),
            ("s2", "Politics", "أعلنت الحكومة العراقية في بغداد خطة جديدة للكهرباء."),
            ("s3", "sport", "فاز الهلال على النصر في الرياض أمس بهدفين."),
            ("s4", "محليات", "افتتح أمير منطقة مكة المكرمة مشروعا جديدا في جدة أمس.")]
    return ingest_rows(tmp_path, [{"id": i, "outlet": "okaz", "section": s, "title": t[:20],
                                   "text": t} for i, s, t in rows])


def test_a_section_by_its_arabic_name_or_any_casing(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    with queries.open_store(db, readonly=True) as store:
        for name in ("politics", "POLITICS", "Politics", "سياسة"):
            hits = queries.search(store, SearchQuery(text="", section=name, limit=10))
            assert sorted(h.id for h in hits.items) == ["s1", "s2"], name
        for name in ("محليات", "sport", "رياضة"):
            hits = queries.search(store, SearchQuery(text="", section=name, limit=10))
            assert [h.id for h in hits.items] == (["s4"] if name == "محليات" else ["s3"]), name
        exported = b"".join(chunks(store, SearchQuery(section="سياسة"), "jsonl"))
        assert sorted(json.loads(x)["id"] for x in exported.splitlines()) == ["s1", "s2"]


def test_an_unknown_section_says_so(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    r = runner.invoke(app, ["search", "", "--section", "nonsense", "--db", str(db)])
    assert r.exit_code == 0 and r.stdout.startswith("0 results")
    assert "no article of the source section 'nonsense' is stored" in r.stderr
    assert "politics (سياسة)" in r.stderr
    r = runner.invoke(app, ["search", "", "--section", "سياسة", "--db", str(db)])
    assert r.stdout.startswith("2 results") and "no article" not in r.stderr


def test_section_values_match_by_key_and_shown_name() -> None:
    stored = ["middleEast", "middle-east", "sport", "اقتصاد"]
    assert outlets.section_values("Middle East", stored) == ("middleEast", "middle-east")
    assert outlets.section_values("اقتصاد", stored) == ("اقتصاد",)
    assert outlets.section_values("culture", stored) == ()
    # the menu's value (the most frequent slug) stands for every slug of its Arabic name
    stored = ["middleEast", "mideast", "sport"]
    assert outlets.section_values("middleEast", stored) == ("middleEast", "mideast")


def test_sections_shown_under_one_arabic_name_are_one_facet(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    with queries.open_store(db, readonly=True) as store:
        sections = dict(queries.facets(store).sections)
    [politics] = [v for v in sections if v.lower() == "politics"]  # one entry for both
    assert sections[politics] == 2
    assert sections["sport"] == 1 and sections["محليات"] == 1
