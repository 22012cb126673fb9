"""The headline gets the body's safe repair, a number glued to a word (user test s25 F14:
``15مدرسة بالزقازيق`` stayed glued in the title while the body's same glue was repaired).
The repaired headline is ``metadata.title`` (``title_entities`` are offsets into it), the
headline as read ``extra["title_raw"]``, the edits ``extra["title_repairs"]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.app.pipeline import process
from mawsua.clean import titles
from mawsua.errors import Ok
from mawsua.model import Article
from mawsua.sources import read_bytes

CORPUS2 = Path(__file__).resolve().parents[2].parent / "shared" / "corpus2" / "articles.jsonl"
#: real corpus2 headlines with digit glue, and the headline each must become
REPAIRED = {
    "anc13-2d085e53c483": "15 مدرسة بالزقازيق تضرب عن الدراسة",
    "anc13-91411531d418": "تعطل الدراسة في 18 مدرسة بمحافظة الشرقية",
    "anc13-dfe1af4c9c61": "تحصين 300 ألف رأس ماشية",
    "anc13-25e89f520fd4": "بحمولات 2 مليون و679 الف طن",
}


def _processed(rec: dict) -> Article:
    line = json.dumps(rec, ensure_ascii=False).encode()
    [item] = read_bytes(line, where="articles.jsonl", path="articles.jsonl")
    out = process(item)
    assert isinstance(out, Ok), out
    return out.value.article


def _corpus2(ids: set[str]) -> dict[str, dict]:
    if not CORPUS2.exists():
        pytest.skip(f"{CORPUS2} not found")
    out = {}
    with CORPUS2.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] in ids:
                out[rec["id"]] = rec
    return out


def test_real_headlines_get_the_number_repair_with_valid_title_offsets() -> None:
    recs = _corpus2(set(REPAIRED))
    assert len(recs) == len(REPAIRED)
    for aid, rec in recs.items():
        art = _processed(rec)
        title = art.metadata.title
        assert title is not None and REPAIRED[aid] in title, (aid, title)
        extra = art.metadata.extra
        assert extra["title_raw"] == rec["title"]
        assert all(r["rule"] == "number" for r in extra["title_repairs"])
        for span in art.layers.get("title_entities", ()):
            assert 0 <= span.start < span.end <= len(title)
            assert title[span.start:span.end].strip() == title[span.start:span.end]
    # the search finds the repaired headline's words in the title
    art = _processed(recs["anc13-2d085e53c483"])
    assert "15 مدرسة" in art.metadata.title


def test_only_number_glue_and_never_a_derived_title() -> None:
    rec = {"id": "t1", "outlet": "okaz", "title": "الرئيس:لا تراجع عن قرار جنيف1 و عام2015",
           "text": "قال الرئيس إنه لا تراجع عن القرار الذي اتخذته الحكومة في عام 2015."}
    art = _processed(rec)
    # the punctuation glue and a name's index stay; the number glue is repaired
    assert art.metadata.title == "الرئيس:لا تراجع عن قرار جنيف1 و عام 2015"
    assert [r["replacement"] for r in art.metadata.extra["title_repairs"]] == ["عام 2015"]
    plain = _processed({**rec, "id": "t2", "title": "مؤتمر صحفي للوزير"})
    assert "title_raw" not in plain.metadata.extra
    no_title = _processed({"id": "t3", "outlet": "okaz", "text": rec["text"]})
    assert no_title.metadata.title_derived and "title_repairs" not in no_title.metadata.extra
    assert titles.repair_title(no_title) is no_title
