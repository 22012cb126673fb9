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


def test_articles_stored_but_not_connected_are_connected_by_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed between the store and the connect transactions (simulated: connecting
    does nothing) leaves stored articles without links; the next ingest connects them first."""
    from mawsua.app import connect as connect_mod

    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(_records(4)) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    monkeypatch.setattr(ingest_mod, "connect_added", lambda store, added: [])
    with SqliteStore(db) as store:
        first = ingest_mod.ingest([src], store)
        assert first.added == 4
        assert len(connect_mod.unconnected_ids(store)) == 4
    monkeypatch.undo()
    with SqliteStore(db) as store:
        again = ingest_mod.ingest([src], store)
        assert (again.added, again.duplicates, again.reconnected) == (0, 4, 4)
        assert again.unconnected == []
        assert connect_mod.unconnected_ids(store) == []
        links = store.conn.execute("SELECT count(*) FROM article_links").fetchone()[0]
        # connecting again is a no-op (idempotent), never a second link row
        assert connect_mod.connect_pending(store) == (0, [])
        again2 = ingest_mod.ingest([src], store)
        assert again2.reconnected == 0
        assert store.conn.execute("SELECT count(*) FROM article_links").fetchone()[0] == links


def test_connecting_an_article_twice_is_a_no_op(tmp_path: Path) -> None:
    from mawsua.app import connect as connect_mod
    from mawsua.connect.features import features

    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(_records(2)) + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / "s.db") as store:
        ingest_mod.ingest([src], store)
        before = connect_mod.counts(store)
        assert connect_mod.connect_added(store, [("r0", features(store.get("r0")))]) == []
        assert connect_mod.counts(store) == before
