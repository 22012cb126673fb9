"""``quotes --speaker مصادر`` finds quotations of every unnamed source of that kind (user test:
2 of about 26 were found; مصادر عسكرية, مصدر مسؤول, مصادر مطلعة were missed)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mawsua.app import desk, queries
from mawsua.cli.main import app

runner = CliRunner()

TEXTS = {
    "q1": "وقالت مصادر عسكرية إن «القوات تقدمت نحو المدينة من ثلاثة محاور».",
    "q2": "وقال مصدر مسؤول في الوزارة: «لن نسمح بأي تجاوز للقانون».",
    "q3": "وقال الوزير أحمد الخطيب إن «المشروع سيكتمل في نهاية العام».",
    "q4": "وقال شهود عيان إن «الانفجار هز الحي بأكمله».",
}


def ingested(tmp_path: Path, texts: dict[str, str]) -> Path:
    """A store of one okaz article per ``id: text``, made by ``mawsua ingest``."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "outlet": "okaz", "title": t[:15], "text": t},
                                      ensure_ascii=False) + "\n" for i, t in texts.items()),
                   encoding="utf-8")
    db = tmp_path / "q.db"
    assert runner.invoke(app, ["ingest", str(src), "--db", str(db), "--workers", "1"]).exit_code == 0
    return db


def test_unnamed_sources_of_one_kind(tmp_path: Path) -> None:
    with queries.open_store(ingested(tmp_path, TEXTS), readonly=True) as store:
        def ids(name: str) -> set[str]:
            return {q["article_id"] for q in desk.quotes(store, speaker=name).items}

        assert ids("مصادر") == ids("مصدر") == ids("المصادر") == {"q1", "q2"}
        assert ids("مصادر عسكرية") == {"q1"}  # the whole description still narrows
        assert ids("شهود") == {"q4"}
        assert "q3" not in ids("مصادر")
