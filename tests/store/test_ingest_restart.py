"""Restarts are cheap: records already stored (same raw bytes, or a JSON Lines record naming a
stored outlet + URL) and repeats within a run are counted as duplicates before any processing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mawsua.app import ingest as ingest_mod
from mawsua.store.sqlite import SqliteStore


def _records(n: int, start: int = 0) -> list[str]:
    return [json.dumps({"id": f"r{i}", "outlet": "o", "url": f"http://o.example/{i}",
                        "title": f"خبر رقم {i}", "text": f"نص الخبر رقم {i} عن الاقتصاد والسياسة."},
                       ensure_ascii=False) for i in range(start, start + n)]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = ingest_mod.process_for_store

    def spy(item):
        calls.append(getattr(item, "where", "?"))
        return real(item)

    monkeypatch.setattr(ingest_mod, "process_for_store", spy)
    return calls


def test_second_ingest_processes_nothing(tmp_path: Path, counted: list[str]) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(_records(5)) + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / "s.db") as store:
        first = ingest_mod.ingest([src], store)
        assert (first.read, first.added) == (5, 5) and len(counted) == 5
        counted.clear()
        again = ingest_mod.ingest([src], store)
    assert (again.read, again.added, again.duplicates) == (5, 0, 5)
    assert counted == []


def test_same_outlet_and_url_with_other_bytes_is_not_processed(tmp_path: Path,
                                                                counted: list[str]) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(_records(1)[0] + "\n", encoding="utf-8")
    changed = json.loads(_records(1)[0]) | {"text": "نص آخر تماما للخبر نفسه."}
    b.write_text(json.dumps(changed, ensure_ascii=False) + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / "s.db") as store:
        ingest_mod.ingest([a], store)
        counted.clear()
        out = ingest_mod.ingest([b], store)
    assert (out.added, out.duplicates) == (0, 1) and counted == []


def test_repeats_within_one_run_are_processed_once(tmp_path: Path, counted: list[str]) -> None:
    rec = _records(1)[0]
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join([rec, rec, rec, *_records(2, 1)]) + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / "s.db") as store:
        out = ingest_mod.ingest([src], store)
    assert (out.read, out.added, out.duplicates) == (5, 3, 2)
    assert len(counted) == 3


def test_new_records_beside_stored_ones_are_added(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(_records(3)) + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / "s.db") as store:
        ingest_mod.ingest([src], store)
        src.write_text("\n".join(_records(5)) + "\n", encoding="utf-8")
        out = ingest_mod.ingest([src], store, workers=2)
    assert (out.read, out.added, out.duplicates) == (5, 2, 3)
