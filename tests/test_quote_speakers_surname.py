"""``quotes --speaker سبيع`` reaches ``مراد سبيع`` (user test s25 F22: a surname typed alone
found nothing, the whole name found the quotation). Two people of one surname are both
reached and both listed in ``speakers``; a surname the entity layer already joined to one
person keeps that person alone; a first name is no surname."""

from __future__ import annotations

import json
from pathlib import Path

from mawsua.app import desk, queries
from mawsua.cli.main import app
from test_quote_speakers_unnamed import ingested, runner

TEXTS = {
    "q1": "صنعاء - قال الفنان اليمني مراد سبيع إن «الرسم على الجدران رسالة سلام للناس».",
    "q2": "عدن - قال المهندس خالد سبيع إن «الحرب دمرت المدارس في المدينة».",
    "q3": "القاهرة - قال الوزير أحمد الخطيب إن «المشروع سيكتمل في نهاية العام».",
}


def test_a_surname_alone_reaches_its_speakers(tmp_path: Path) -> None:
    db = ingested(tmp_path, TEXTS)
    with queries.open_store(db, readonly=True) as store:
        def ids(name: str) -> set[str]:
            return {q["article_id"] for q in desk.quotes(store, speaker=name).items}

        assert ids("مراد سبيع") == {"q1"}
        assert ids("سبيع") == ids("وسبيع") == {"q1", "q2"}  # two people of one surname
        assert set(desk.quotes(store, speaker="سبيع").speakers) >= {"مراد سبيع", "خالد سبيع"}
        assert ids("الخطيب") == {"q3"}
        assert ids("مراد") == set()  # a first name is no surname
        assert ids("بيع") == set()  # a word's tail is no surname
    got = runner.invoke(app, ["quotes", "--speaker", "سبيع", "--db", str(db), "--json"])
    assert got.exit_code == 0 and json.loads(got.output)["total"] == 2
