"""Timexes and quantities on real data: the seed against gold (full pipeline) and hand-checked
corpus articles (SaudiNewsNet rows published 2015-08-11, anchors Tuesday 2015-08-11)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from mawsua.app.pipeline import process
from mawsua.clean import clean
from mawsua.model import Article, Metadata, Source, sha256_hex
from mawsua.sources import read_path

T = sys.modules["mawsua.annotate.timexes"]
Q = sys.modules["mawsua.annotate.quantities"]


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Article:
    out = process(next(iter(read_path(seed_path))))
    return out.value.article  # type: ignore[union-attr]


def test_seed_timexes_match_gold(seed: Article, gold_seed: dict) -> None:
    got = [(seed.text[s.start:s.end], s.attrs["value"], s.label) for s in seed.layer("timexes")]
    for gold in gold_seed["timexes"]:
        hits = [g for g in got if g[0] == gold["text"]]
        assert hits, gold
        assert all(h[1] == gold["value"] for h in hits), (gold, hits)
        if gold.get("kind"):
            assert all(h[2] == gold["kind"] for h in hits), (gold, hits)
    dur = next(s for s in seed.layer("timexes") if s.attrs["value"] == "P18Y")
    assert dur.attrs["modifier"] == "more_than"


def test_seed_quantities_match_gold(seed: Article, gold_seed: dict) -> None:
    got = {seed.text[s.start:s.end]: s.attrs for s in seed.layer("quantities")}
    got |= {seed.text[s.attrs["core_start"]:s.attrs["core_end"]]: s.attrs  # the seed's convention
            for s in seed.layer("quantities") if "core_start" in s.attrs}
    for gold in gold_seed["quantities"]:
        assert gold["text"] in got, gold
        assert got[gold["text"]]["value"] == gold["value"]
        assert got[gold["text"]]["unit"] == gold["unit"]
    assert not any(a["value"] == 2021 for a in got.values())


@pytest.fixture(scope="module")
def rows(corpus_path: Path) -> dict[str, dict]:
    with corpus_path.open(encoding="utf-8") as fh:
        return {d["id"]: d for d in map(json.loads, fh)}


def _run(row: dict) -> Article:
    raw = row["text"]
    art = Article(row["id"], Source(format="jsonl", sha256=sha256_hex(raw.encode())),
                  Metadata(published=row["published"]), raw)
    return Q.quantities(T.timexes(clean(art)))


# id -> (expected timexes (text, value), expected quantities (text, value, unit)); hand-checked
# against the article text (context noted where the rule matters).
REAL: dict[str, tuple[list[tuple[str, str | None]], list[tuple[str, float, str | None]]]] = {
    # "شاب عمره 23 عاماً": an age, a quantity, not a timex (gold conventions)
    "snn-493a75aba115": ([("مساء الأحد الماضي", "2015-08-09TEV"),
                          ("يوم السبت", "2015-08-08")], [("19 عاماً", 19, "years")]),
    "snn-17c855352d8f": ([("منذ عامين ونصف", "P2.5Y"), ("عام 2011", "2011"),
                          ("يوم الجمعة", "2015-08-14"),  # "سوف تستأنف ... يوم الجمعة": future
                          ("مطلع سبتمبر", "2015-09")],  # "وسيبدأ ... مطلع سبتمبر": future
                         [("50 كيلومتراً", 50, "km")]),
    "snn-053b74437a4b": ([("25 شوال 1436 هـ", "2015-08-10"), ("10 اغسطس 2015", "2015-08-10"),
                          ("عصر اليوم", "2015-08-11TAF")], []),
    "snn-09659970c8bc": ([("يوم الخميس الماضي", "2015-08-06")], [("15 شخصاً", 15, "people")]),
    # a part of the day ending in the weekday takes the date written after it: one timex
    "snn-ea8d3ddcec99": ([("صباح اليوم الاثنين 25 شوال 1436", "2015-08-10TMO")], []),
    "snn-6b21e1947648": ([("يوم الأحد", "2015-08-09"), ("اليوم الاثنين", "2015-08-10")],
                         [("29 ضربة", 29, None), ("ثماني ضربات", 8, None)]),
    "snn-a55e1524963b": ([("اليوم الاثنين", "2015-08-10")], [("24 شخصا", 24, "people")]),
    "snn-447ff9b89b37": ([("ثلاث سنوات", "P3Y"),
                          ("في موعد أقصاه نهاية العام الجاري", "2015-12-31")],
                         [("85 مليار يورو", 85e9, "EUR"), ("10 مليارات يورو", 1e10, "EUR")]),
    "snn-872f402ba6ca": ([("أمس", "2015-08-10"), ("الشهر الماضي", "2015-07")], []),
    "snn-f5d63ee80f3b": ([("من 31 يوليو (تموز) الماضي حتى 7 أغسطس (آب) الحالي",
                           "2015-07-31/2015-08-07"), ("18 عاما", "P18Y")],
                         [("خمسة أفراد", 5, "people"), ("75 في المائة", 75, "percent")]),
    "snn-7dd8750349d7": ([("صباح اليوم", "2015-08-11TMO"), ("العام الماضي", "2014")],
                         [("18 عاما", 18, "years")]),
    "snn-7383cba6f3c3": ([("الثلاثاء", "2015-08-11")],  # "اليوم (الثلاثاء)"
                         [("0.87 في المائة", 0.87, "percent"), ("3.8 مليار ريال", 3.8e9, "SAR"),
                          ("133 مليون سهم", 133e6, "shares")]),
    "snn-7a5afb383a5c": ([("سبتمبر 2013", "2013-09"), ("مساء الاثنين", "2015-08-10TEV")],
                         [("4 سنوات", 4, "years")]),
    "snn-4fe510c02581": ([("أمس", "2015-08-10")],
                         [("1554 سيارة", 1554, "vehicles"), ("614196 طنا", 614196, "tonnes")]),
    "snn-4e7bed869131": ([("يوم الإثنين 10 أغسطس/آب", "2015-08-10"),
                          ("الثلاثاء 11 أغسطس/آب", "2015-08-11")], []),
    "snn-a120e4348422": ([("اليوم الثلاثاء", "2015-08-11")], [("0.54 في المئة", 0.54, "percent")]),
    "snn-e64d03b9d355": ([("اليوم الثلاثاء 26/10/1436هـ", "2015-08-11"),
                          ("11/08/2015م", "2015-08-11"),
                          ("يوم الخميس 5/11/1436هـ", "2015-08-20")], []),  # "وتنتهي يوم الخميس …"
    # "مازن درويش (41 عاما)": an age, not a timex
    "snn-0e5671c42d2c": ([("شباط/فبراير 2012", "2012-02")], []),
    "snn-8b7a6a40d1fa": ([("أمس الأول", "2015-08-09")], [("28 عاما", 28, "years")]),
    "snn-56cf18ad8fe5": ([("صباح أمس", "2015-08-10TMO")], [("60 مليون يورو", 6e7, "EUR")]),
}


@pytest.mark.parametrize("ident", sorted(REAL))
def test_real_article(rows: dict[str, dict], ident: str) -> None:
    art = _run(rows[ident])
    times = {(art.text[s.start:s.end], s.attrs["value"]) for s in art.layer("timexes")}
    qs = {(art.text[s.start:s.end], s.attrs["value"], s.attrs["unit"])
          for s in art.layer("quantities")}
    qs |= {(art.text[s.attrs["core_start"]:s.attrs["core_end"]], s.attrs["value"],
            s.attrs["unit"]) for s in art.layer("quantities") if "core_start" in s.attrs}
    want_t, want_q = REAL[ident]
    for t in want_t:
        assert t in times, (t, times)
    for q in want_q:
        assert q in qs, (q, qs)


def test_unpublished_rows_are_unresolved(rows: dict[str, dict]) -> None:
    row = next(r for r in rows.values() if r["published"] is None
               and re.search(r"(?<!\w)أمس(?!\w)", r["text"]))
    art = _run(row)
    rel = [s for s in art.layer("timexes") if art.text[s.start:s.end].endswith("أمس")]
    assert rel and all(s.attrs["value"] is None and s.attrs["unresolved"] for s in rel)


def test_hijri_dates_in_corpus(rows: dict[str, dict]) -> None:
    art = _run(rows["snn-71c70a29f0fb"])  # "27-7-1429هـ الموافق 30 يوليو (تموز) 2008"
    got = {art.text[s.start:s.end]: s.attrs for s in art.layer("timexes")}
    assert got["27-7-1429هـ"]["value"] == "2008-07-30"
    assert got["27-7-1429هـ"]["calendar"] == "hijri"
    assert got["30 يوليو (تموز) 2008"]["value"] == "2008-07-30"
