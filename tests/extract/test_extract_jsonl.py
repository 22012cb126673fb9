"""The whole development corpus (4,205 JSONL records): 0 failures, 22 empty bodies skipped,
per-outlet counts as in shared/corpus/README.md, metadata taken from the records."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from mawsua.errors import Failed, Ok, Skipped
from mawsua.extract import extract
from mawsua.model import Article, sha256_hex
from mawsua.sources import RawItem, read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl"

# shared/corpus/README.md: SaudiNewsNet (2015-07-22 + 2015-08-11) and FA-KES tables
README_COUNTS = {
    "alriyadh": 676 + 240, "almadina": 207 + 175, "alyaum": 217 + 161, "okaz": 167 + 170,
    "aljazirah": 146 + 181, "aleqtisadiya": 175 + 140, "aawsat": 136 + 119,
    "alwatan": 121 + 109, "was": 168, "sabq": 116 + 1, "3alyoum": 86, "arriyadiyah": 52,
    "ahram": 126, "manar": 98, "alalam": 84, "alaraby": 66, "sana": 54, "dailysabah": 51,
    "etilaf": 42, "trt": 26, "reuters": 25, "jordantimes": 18, "sputnik": 17, "arabiya": 16,
    "nna": 9, "asharqalawsat": 6, "tass": 4,
}


@pytest.fixture(scope="module")
def corpus() -> list[tuple[RawItem, Ok[Article] | Skipped | Failed]]:
    if not CORPUS.exists():
        pytest.skip("shared corpus not found")
    out = []
    for item in read_path(CORPUS):
        assert isinstance(item, RawItem), item
        out.append((item, extract(item)))
    return out


def test_whole_corpus_reads_with_no_failure(corpus: list) -> None:
    assert len(corpus) == 4205
    kinds = Counter(type(r).__name__ for _, r in corpus)
    assert kinds == {"Ok": 4183, "Skipped": 22}
    for item, r in corpus:
        if isinstance(r, Skipped):
            assert r.code == "S_EMPTY_BODY" and r.path == item.where
            assert not item.text.strip()


def test_per_outlet_counts_match_the_readme(corpus: list) -> None:
    counts = Counter(item.hints["outlet"] for item, _ in corpus)
    assert counts == README_COUNTS
    assert sum(README_COUNTS.values()) == 4205
    assert counts["alriyadh"] == 916


def test_metadata_comes_from_the_record(corpus: list) -> None:
    with CORPUS.open("rb") as f:
        lines = [f.readline().rstrip(b"\n") for _ in range(5)]
    item, r = corpus[0]
    rec = json.loads(lines[0])
    assert isinstance(r, Ok)
    a = r.value
    assert a.id == rec["id"] == "snn-ccbb592ae342"
    assert a.raw_text == rec["text"] == a.text  # verbatim, no edits yet
    m = a.metadata
    assert (m.outlet, m.url, m.title, m.language, m.section) == (
        rec["outlet"], rec["url"], rec["title"], "ar", None)
    assert m.extra["source_dataset"] == "SaudiNewsNet"
    assert a.source.format == "jsonl" and a.source.record == 1
    assert a.source.path == str(CORPUS) and a.source.sha256 == sha256_hex(lines[0])
    ids = [r.value.id for _, r in corpus if isinstance(r, Ok)]
    assert len(set(ids)) == len(ids)


def test_times_without_zone_stay_local(corpus: list) -> None:
    seen = set()
    for item, r in corpus:
        if not isinstance(r, Ok):
            continue
        m = r.value.metadata
        assert m.published is None and m.timezone is None  # no record states a zone
        p = item.hints.get("published")
        assert m.published_local == p
        if p:
            seen.add(len(p))
    assert seen == {10, 19}  # dates (FA-KES) and date-times (SaudiNewsNet)


@pytest.mark.parametrize(
    ("published", "want"),
    [
        ("2015-08-11T13:44:43", (None, "2015-08-11T13:44:43", None)),
        ("2015-08-11 13:44", (None, "2015-08-11T13:44", None)),
        ("2016-01-01", (None, "2016-01-01", None)),
        ("2024-05-13T06:00:00Z", ("2024-05-13T06:00:00+00:00", "2024-05-13T06:00:00", "UTC")),
        ("2024-05-13T09:00:00+03:00",
         ("2024-05-13T09:00:00+03:00", "2024-05-13T09:00:00", "+03:00")),
        ("last Tuesday", (None, None, None)),
    ],
)
def test_published_is_split_by_what_is_known(published: str, want: tuple) -> None:
    line = json.dumps({"text": "خبر قصير", "published": published}, ensure_ascii=False)
    [item] = read_bytes(line.encode(), where="r.jsonl")
    out = extract(item)
    assert isinstance(out, Ok)
    m = out.value.metadata
    assert (m.published, m.published_local, m.timezone) == want
    if want[1] is None:
        assert m.extra["published_raw"] == published


def test_record_without_id_gets_a_hash_id() -> None:
    line = '{"text": "خبر", "authors": ["أ", "ب"]}'.encode()
    [item] = read_bytes(line, where="r.jsonl")
    out = extract(item)
    assert isinstance(out, Ok)
    assert out.value.id == "a-" + sha256_hex(line)[:16]
    assert out.value.metadata.authors == ("أ", "ب")


@pytest.mark.parametrize("text", ['""', '"  \\n\\t "', "null"])
def test_empty_text_is_skipped_not_failed(text: str) -> None:
    [item] = read_bytes(('{"id": "e1", "text": ' + text + "}").encode(), where="r.jsonl")
    out = extract(item)
    assert isinstance(out, Skipped) and out.code == "S_EMPTY_BODY" and out.path == "r.jsonl:1"
