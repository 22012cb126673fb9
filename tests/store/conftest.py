"""Fixtures for the store tests: real articles from the shared corpus, built directly with the
model types (the JSONL reader is tested elsewhere)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mawsua.model import Article, Metadata, Source, sha256_hex
from mawsua.store import SqliteStore

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "articles.jsonl"
if not CORPUS.is_file():  # CI lays shared/ beside the clone
    CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "articles.jsonl"


def article_from_line(line: bytes, record: int | None = None,
                      path: str = "articles.jsonl") -> Article:
    """One corpus JSONL line (bytes, without the newline) -> an :class:`Article`."""
    d = json.loads(line)
    return Article(
        id=d["id"],
        source=Source(format="jsonl", sha256=sha256_hex(line), path=path, record=record),
        metadata=Metadata(outlet=d.get("outlet"), url=d.get("url"), published=d.get("published"),
                          section=d.get("section"), language=d.get("lang"),
                          title=d.get("title")),
        raw_text=d["text"],
    )


def corpus_lines() -> list[bytes]:
    """The corpus lines as bytes (no newline)."""
    return [ln for ln in CORPUS.read_bytes().split(b"\n") if ln.strip()]


def make_article(text: str, *, id: str, title: str | None = None, outlet: str = "fixture",
                 url: str | None = None, published: str | None = None,
                 language: str = "ar", section: str | None = None) -> tuple[Article, bytes]:
    """A small made-up article and its raw bytes (for cases the corpus lacks)."""
    raw = json.dumps({"id": id, "title": title, "text": text}, ensure_ascii=False).encode()
    art = Article(
        id=id,
        source=Source(format="jsonl", sha256=sha256_hex(raw), path="fixture.jsonl"),
        metadata=Metadata(outlet=outlet, url=url, published=published, title=title,
                          language=language, section=section),
        raw_text=text,
    )
    return art, raw


#: made-up articles for cases the corpus lacks (id, title, text)
FIXTURES = [
    ("fx-harakat", "خَبَرٌ مُشَكَّل", "كَتَبَ الطَّالِبُ رِسَالَةً طَوِيلَةً إِلَى صَدِيقِهِ فِي القَرْيَةِ."),
    ("fx-zaar", "زيارة", "زار الوفد المدينة صباح اليوم والتقى بالأهالي."),
    ("fx-tatweel", "تطويل", "أعلنت الحكـــومة عن خطة جديدة للطاقة."),
]


@pytest.fixture(scope="session")
def lines() -> list[bytes]:
    if not CORPUS.is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    return corpus_lines()


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory,
                 lines: list[bytes]) -> Iterator[SqliteStore]:
    """A store holding the whole corpus (4,205 articles), shared by the read-only tests."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    store = SqliteStore(path)
    items = [(article_from_line(ln, i + 1), ln) for i, ln in enumerate(lines)]
    items += [make_article(text, id=aid, title=title, outlet="fixture")
              for aid, title, text in FIXTURES]
    for i in range(0, len(items), 1000):
        store.add_many(items[i : i + 1000])
    yield store
    store.close()


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(tmp_path / "t.db")
    yield s
    s.close()
