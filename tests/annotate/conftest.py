"""Helpers for the annotate tests: articles built from real data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from mawsua.annotate import annotate
from mawsua.clean import clean
from mawsua.model import Article, Metadata, Source, sha256_hex


def make_article(raw: str, ident: str = "t", fmt: str = "text") -> Article:
    """Clean and annotate ``raw`` as a whole-file article."""
    src = Source(format=fmt, sha256=sha256_hex(raw.encode("utf-8")))
    return annotate(clean(Article(ident, src, Metadata(), raw)))


@pytest.fixture(scope="session")
def corpus_rows(corpus_path: Path) -> dict[str, dict]:
    """The corpus rows by id."""
    with corpus_path.open(encoding="utf-8") as fh:
        return {d["id"]: d for d in map(json.loads, fh)}


@pytest.fixture(scope="session")
def corpus_article(corpus_rows: dict[str, dict]) -> Callable[[str], Article]:
    """Build the cleaned and annotated article of one corpus row."""

    def build(ident: str) -> Article:
        return make_article(corpus_rows[ident]["text"], ident, "jsonl")

    return build


@pytest.fixture(scope="session")
def seed_article(seed_path: Path) -> Article:
    """The seed file read whole as raw text, cleaned and annotated."""
    return make_article(seed_path.read_text(encoding="utf-8"), "seed")


@pytest.fixture(scope="session")
def build() -> Callable[..., Article]:
    """:func:`make_article` as a fixture (test modules are not a package)."""
    return make_article


def quote_pairs(art: Article) -> list[tuple[str, str | None]]:
    """``(quote text, speaker mention as written or None)`` of every quote of ``art``."""
    out = []
    for q in art.layer("quotes"):
        a = q.attrs
        mention = art.text[a["speaker_start"]:a["speaker_end"]] if a["speaker_start"] is not None \
            else None
        out.append((art.text[q.start:q.end], mention))
    return out


@pytest.fixture(scope="session")
def said() -> Callable[[Article], list[tuple[str, str | None]]]:
    """:func:`quote_pairs`, for the tests of quote faults."""
    return quote_pairs
