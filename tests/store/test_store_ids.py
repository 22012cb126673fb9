"""Two different articles with the same source id are both kept (user-test finding)."""

from __future__ import annotations

from pathlib import Path

from mawsua.model import Article, Metadata, Source, sha256_hex
from mawsua.store import SqliteStore


def _art(rec_id: str, outlet: str, url: str, text: str) -> tuple[Article, bytes]:
    raw = f'{{"id": "{rec_id}", "outlet": "{outlet}", "text": "{text}"}}'.encode()
    src = Source(format="jsonl", sha256=sha256_hex(raw), path="x.jsonl", record=1)
    return Article(rec_id, src, Metadata(outlet=outlet, url=url, title=text), text), raw


def test_same_id_different_article_is_kept(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        a = store.add(*_art("1", "alpha", "http://alpha/1", "خبر من مصدر ألفا عن الاقتصاد"))
        b = store.add(*_art("1", "beta", "http://beta/1", "خبر من مصدر بيتا عن الرياضة"))
        assert a.status == b.status == "added"
        assert a.id == "1" and b.id.startswith("1~") and len(b.id) == 10
        assert store.get(b.id).metadata.outlet == "beta"
        assert store.get(b.id).id == b.id
        assert store.count() == 2
        # the same bytes again are a duplicate of the renamed row, not a third row
        again = store.add(*_art("1", "beta", "http://beta/1", "خبر من مصدر بيتا عن الرياضة"))
        assert again.status == "duplicate" and again.duplicate_of == b.id
