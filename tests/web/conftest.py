"""Fixtures for the website tests.

* ``fake_store`` / ``fake_client``: a small in-memory fake of the store (:class:`FakeStore`)
  for fast unit tests of every edge case; ``article_factory`` builds articles for it;
* ``real_db`` / ``real_client``: a real SQLite store built by ingesting the seed dump plus a
  slice of the shared corpus (Arabic and English rows), for the end-to-end tests.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mawsua.app import queries
from mawsua.app.ingest import ingest
from mawsua.model import Article, Metadata, Source, Span, sha256_hex
from mawsua.model.results import ArticleSummary, Facets, Page, SearchHit, SearchQuery
from mawsua.web.app import create_app

# Test modules take everything from fixtures (no imports from this file), so the tests run
# under any pytest import mode.

SEED_PARAS = [
    ("ar", "وقع الرئيس الأميركي جو بايدن ورئيس وزراء العراق مصطفى الكاظمي، الاثنين، اتفاقا "
           "ينهي رسميا المهمة القتالية الأميركية في العراق بحلول نهاية 2021."),
    ("ar", "واجتمع بايدن والكاظمي في المكتب البيضاوي في أول مباحثات مباشرة بينهما."),
    ("en", "This afternoon, I’ll be hosting Prime Minister Mustafa Al-Kadhimi for a meeting in "
           "the Oval Office."),
    ("other", "@POTUS 2021"),
]


def make_article(aid: str, paras: list[tuple[str, str]], **md: object) -> Article:
    """An article whose text is ``paras`` joined by blank lines, with paragraph and language
    layers (a language label ``""`` adds no language span)."""
    text = "\n\n".join(t for _, t in paras)
    pspans, lspans, pos = [], [], 0
    for lang, t in paras:
        pspans.append(Span(pos, pos + len(t), "paragraph"))
        if lang:
            lspans.append(Span(pos, pos + len(t), lang))
        pos += len(t) + 2
    art = Article(aid, Source("dump", sha256_hex(text.encode())), Metadata(**md), text)  # type: ignore[arg-type]
    return art.with_layer("paragraphs", pspans).with_layer("languages", lspans)


def _when(a: Article) -> str:
    return a.metadata.published or a.metadata.published_local or ""


class FakeStore:
    """In-memory stand-in for ``SqliteStore`` with the read methods the website uses."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = sorted(articles, key=_when, reverse=True)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1

    def _summary(self, a: Article) -> dict[str, object]:
        m = a.metadata
        return dict(id=a.id, url=m.url, outlet=m.outlet, title=m.title,
                    title_derived=m.title_derived, published=m.published,
                    published_local=m.published_local, section=m.section,
                    language=m.language, snippet=a.text[:240])

    def _filter(self, outlet: str | None, section: str | None, language: str | None,
                outlet_names: tuple[str, ...] = ()) -> list[Article]:
        names = {outlet, *outlet_names}
        return [a for a in self.articles
                if (outlet is None or a.metadata.outlet in names)
                and (section is None or a.metadata.section == section)
                and (language is None or a.metadata.language == language)]

    def latest(self, limit: int = 20, offset: int = 0, outlet: str | None = None,
               section: str | None = None, language: str | None = None, *,
               outlet_names: tuple[str, ...] = ()) -> Page[ArticleSummary]:
        rows = self._filter(outlet, section, language, outlet_names)
        items = [ArticleSummary(**self._summary(a)) for a in rows[offset:offset + limit]]  # type: ignore[arg-type]
        return Page(items, len(rows), limit, offset)

    def search(self, q: SearchQuery) -> Page[SearchHit]:
        rows = [a for a in self._filter(q.outlet, q.section, q.language, q.outlet_names)
                if q.text in a.text
                and (not q.since or _when(a)[:len(q.since)] >= q.since)
                and (not q.until or _when(a)[:len(q.until)] <= q.until)]
        hits = []
        for a in rows[q.offset:q.offset + q.limit]:
            snippet = a.text[:240]
            marked = html.escape(snippet)
            if q.text:
                marked = re.sub(re.escape(html.escape(q.text)),
                                lambda m: f"<mark>{m.group(0)}</mark>", marked)
            hits.append(SearchHit(**self._summary(a), snippet_html=marked, score=-1.0))  # type: ignore[arg-type]
        return Page(hits, len(rows), q.limit, q.offset)

    def get(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def facets(self) -> Facets:
        def count(attr: str) -> list[tuple[str, int]]:
            c: dict[str, int] = {}
            for a in self.articles:
                v = getattr(a.metadata, attr)
                if v:
                    c[v] = c.get(v, 0) + 1
            return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))

        return Facets(count("outlet"), count("section"), count("language"))


def fake_articles() -> list[Article]:
    """The seed (shortened, with an English tweet paragraph), a derived-title article, an
    English article, an article with an offset time, one with HTML-looking text, and 30
    fillers for paging."""
    arts = [
        make_article("a-seed", SEED_PARAS, outlet="العربية", published_local="2021-07-26T23:55",
                     section="اخبار العراق", aggregator="موسوعة هذا اليوم للاخبار",
                     language="ar", title="وقع الرئيس الأميركي جو بايدن", title_derived=True),
        make_article("snn-en1", [("en", "Saudi Arabia announced a new budget on Monday.")],
                     outlet="arabnews", url="https://www.arabnews.com/node/1", language="en",
                     published="2015-08-11T13:44:43+03:00", title="New budget"),
        make_article("snn-xss", [("ar", "نص <script>alert(1)</script> & <b>عريض</b>")],
                     outlet="okaz", language="ar", published="2015-08-10T09:00:00",
                     title="<i>عنوان</i>"),
        make_article("snn-nolang", [("", "نص بلا طبقة لغة")], outlet="okaz"),
    ]
    for i in range(30):
        arts.append(make_article(f"snn-f{i:02d}", [("ar", f"خبر رقم {i} عن الرياض والاقتصاد")],
                                 outlet="alriyadh", section="اقتصاد", language="ar",
                                 published_local=f"2015-07-{i % 28 + 1:02d}T10:00",
                                 title=f"خبر {i}"))
    return arts




@pytest.fixture()
def article_factory() -> Callable[..., Article]:
    """:func:`make_article`: an article from ``(language, paragraph)`` pairs and metadata."""
    return make_article


@pytest.fixture()
def fake_store() -> FakeStore:
    """A fresh :class:`FakeStore` over :func:`fake_articles`."""
    return FakeStore(fake_articles())


@pytest.fixture()
def fake_client(fake_store: FakeStore) -> Iterator[TestClient]:
    """A TestClient for ``create_app`` opening ``fake_store`` for every request."""
    app = create_app(Path("unused.db"), opener=lambda _path: fake_store)
    with TestClient(app) as client:
        yield client


#: Corpus rows ingested beside the seed: the first Arabic rows and some English ones.
N_ARABIC, N_ENGLISH = 150, 12


@dataclass(frozen=True)
class RealDb:
    """A database built from real input: its ``path``, the seed's stored ``seed_id``, the id
    of one English article ``english_id``, of one article with a URL ``linked_id`` and the
    number of articles ``count``."""

    path: Path
    seed_id: str
    english_id: str
    linked_id: str
    count: int


def corpus_slice(corpus_path: Path, n_arabic: int, n_english: int
                 ) -> tuple[list[str], list[str]]:
    """The first ``n_arabic`` Arabic and ``n_english`` English corpus lines (with newline)."""
    ar: list[str] = []
    en: list[str] = []
    with corpus_path.open(encoding="utf-8") as f:
        for line in f:
            lang = json.loads(line).get("lang")
            if lang == "ar" and len(ar) < n_arabic:
                ar.append(line)
            elif lang == "en" and len(en) < n_english:
                en.append(line)
            if len(ar) >= n_arabic and len(en) >= n_english:
                break
    return ar, en


@pytest.fixture(scope="session")
def corpus_slicer() -> Callable[[Path, int, int], tuple[list[str], list[str]]]:
    """:func:`corpus_slice`, for test modules (which import nothing from this file)."""
    return corpus_slice


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path,
            corpus_path: Path) -> RealDb:
    """Ingest the seed and a corpus slice into a fresh SQLite store (once per session)."""
    return _real(tmp_path_factory.mktemp("webdb") / "web.db", seed_path, corpus_path)


def _real(db: Path | str, seed_path: Path, corpus_path: Path) -> RealDb:
    """Ingest the seed and the corpus slice into the store ``db`` names (a file or a URL)."""
    ar, en = corpus_slice(corpus_path, N_ARABIC, N_ENGLISH)
    sample = Path(tempfile.mkdtemp(prefix="webdb-")) / "sample.jsonl"
    sample.write_text("".join(ar + en), encoding="utf-8")
    store = queries.open_store(db)
    try:
        seed = ingest([seed_path], store)
        rest = ingest([sample], store)
    finally:
        store.close()
        shutil.rmtree(sample.parent, ignore_errors=True)
    assert seed.added == 1 and not seed.failed and not rest.failed, (seed.failed, rest.failed)
    english_id = json.loads(en[0])["id"]
    linked_id = next(r["id"] for r in map(json.loads, ar) if r.get("url"))
    return RealDb(db, seed.added_ids[0], english_id, linked_id,  # type: ignore[arg-type]
                  seed.added + rest.added)


@pytest.fixture(scope="session")
def real_pg_db(pg_cluster: Any, seed_path: Path, corpus_path: Path) -> RealDb:
    """:func:`real_db` in a PostgreSQL database (``path`` is its URL; skipped with the
    reason when no server can be had). Used as a template: take copies with
    ``pg_cluster.new_database(template=...)``."""
    return _real(pg_cluster.new_database(), seed_path, corpus_path)


@pytest.fixture(params=["sqlite", "postgres"])
def db_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A private, writable copy of the real test database on each backend: a copy of the
    :func:`real_db` file, or a PostgreSQL database made from :func:`real_pg_db`."""
    if request.param == "sqlite":
        path = tmp_path / "copy.db"
        shutil.copy(request.getfixturevalue("real_db").path, path)
        return path
    template = request.getfixturevalue("real_pg_db").path
    return request.getfixturevalue("pg_cluster").new_database(template=str(template))


@pytest.fixture(scope="session")
def real_client(real_db: RealDb) -> Iterator[TestClient]:
    """A TestClient over :func:`real_db` through the default (read-only SQLite) opener."""
    with TestClient(create_app(real_db.path)) as client:
        yield client
