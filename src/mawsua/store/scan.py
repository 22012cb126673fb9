"""Bulk and newest-first reads of the SQLite store: export scans and feed listings.

A search (:class:`~mawsua.model.results.SearchQuery`: words and the filters outlet, section,
language, entity, since, until) becomes one SQL condition (:func:`condition`): the words as
the same FTS5 MATCH the search uses, the filters as the listing filters. Then:

* :func:`newest` lists the matching articles newest first (publication time, then ingest
  order), which is what a feed of a search needs (the search page ranks by bm25 instead);
* :func:`scan` walks every matching article in ingest order, in batches, by keyset paging on
  the row number (``n > last``), so memory stays bounded by one batch whatever the size, each
  batch is its own short statement (the store's lock is held per batch, not for the whole
  export), and rows stored during the scan after its start are picked up at its end.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from mawsua.model.article import LAYERS, TITLE_LAYERS
from mawsua.model.results import ArticleSummary, SearchQuery
from mawsua.store import codec, fts, pgfts
from mawsua.store.pgconn import PgConn
from mawsua.store.sqlite import SqliteStore

#: articles read per statement by :func:`scan` (a batch of decoded documents with every
#: layer takes ~30 MB)
BATCH = 200

_COLS = ("a.n, a.id, a.url, a.outlet, a.title, a.title_derived, a.published, "
         "a.published_local, a.section, a.language")


def condition(store: SqliteStore, query: SearchQuery) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``articles a`` (joined with ``AND``) and their arguments for the
    words and filters of ``query`` (its ``limit``/``offset`` are ignored).

    Raises:
        ValueError: when ``since``/``until`` are not ISO 8601 dates or date-times.
    """
    where, args = store.query_filters(query)
    parsed = fts.parse_query(query.text or "", query.spellings)
    if isinstance(store.conn, PgConn):  # PostgreSQL: the tsvector of the same words
        tsq = pgfts.tsquery_literal(parsed)
        if tsq is not None:
            where.insert(0, pgfts.MATCH_N)
            args.insert(0, tsq)
        return where, args
    expr = parsed.match_expression()
    if expr is not None:
        where.insert(0, "a.n IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        args.insert(0, expr)
    return where, args


def newest(store: SqliteStore, query: SearchQuery, limit: int = 50,
           section_code: str | None = None) -> list[tuple[ArticleSummary, str]]:
    """The ``limit`` newest articles matching ``query`` (unknown times last) as
    ``(summary, text)`` pairs: the summary's ``snippet`` is the lead of the text, ``text`` the
    whole repaired text.

    Args:
        section_code: also only articles filed under this Mawsua section (a country code such
            as ``IQ`` or a topic such as ``politics``; ``query.section`` is the source's own
            section name).

    Raises:
        ValueError: on bad ``since``/``until``.
    """
    where, args = condition(store, query)
    if section_code:
        where.append("a.n IN (SELECT n FROM article_sections WHERE code = ?)")
        args.append(section_code)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    # Newest first means reading the (sort_time, n) index backwards (NULL times sort last in
    # DESC order) and keeping the rows that match, stopping at ``limit``: at most one pass
    # over the index (~10-45 ms at 100k). Left alone, SQLite fetches every match of a common
    # word and sorts them (~100 ms and more). An outlet, section or language filter has its own
    # (column, sort_time, n) index, which the planner then picks.
    hint = "" if (query.outlet or query.section or query.language) else \
        " INDEXED BY articles_time"
    with store.lock:
        rows = store.conn.execute(
            f"SELECT {_COLS} FROM articles a{hint}{cond} "
            "ORDER BY a.sort_time DESC, a.n DESC LIMIT ?",
            [*args, max(1, int(limit))]).fetchall()
        rows = _add_bodies(store, rows)
    return _with_text(rows)


def _add_bodies(store: SqliteStore, rows: list[Any]) -> list[tuple[Any, ...]]:
    if not rows:
        return []
    marks = ", ".join("?" * len(rows))
    bodies = dict(store.conn.execute(f"SELECT n, body FROM documents WHERE n IN ({marks})",
                                     [r[0] for r in rows]))
    return [(*r, bodies[r[0]]) for r in rows]


def _with_text(rows: list[Any]) -> list[tuple[ArticleSummary, str]]:
    out = []
    for r in rows:
        text = codec.decompress(r[10]).decode("utf-8")
        out.append((ArticleSummary(r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], r[9],
                                   fts.lead(text)), text))
    return out


def story_newest(store: SqliteStore, story_id: int, limit: int = 50
                 ) -> list[tuple[ArticleSummary, str]]:
    """The ``limit`` newest reports of one story, as :func:`newest` gives them (``[]`` for
    an unknown story)."""
    with store.lock:
        rows = _add_bodies(store, store.conn.execute(
            f"SELECT {_COLS} FROM article_links l JOIN articles a ON a.n = l.n "
            "WHERE l.story = ? ORDER BY a.sort_time DESC, a.n DESC LIMIT ?",
            (story_id, max(1, int(limit)))).fetchall())
    return _with_text(rows)


@dataclass(slots=True)
class Row:
    """One exported article: listing columns, connections and, when asked, its stored
    document.

    ``story`` is the story id (``None`` when not connected), ``duplicate_of`` the id of the
    earliest copy, ``countries``/``topics`` its section codes best first, ``text`` the repaired
    text, ``doc`` the JSON contract (every span with its ``text``; only when the scan was asked
    for documents, else ``None``).
    """

    n: int
    id: str
    url: str | None
    outlet: str | None
    title: str | None
    title_derived: bool
    published: str | None
    published_local: str | None
    section: str | None
    language: str | None
    story: int | None
    duplicate_of: str | None
    countries: list[str]
    topics: list[str]
    text: str
    doc: dict[str, Any] | None


def contract(doc_blob: bytes, text: str, raw_text: str, article_id: str,
             layers: Collection[str] | None = None) -> dict[str, Any]:
    """The JSON contract of a stored article from its stored parts, without rebuilding the
    :class:`~mawsua.model.Article` (the stored document already holds the repairs; spans get
    their ``text`` back, as the last key). Equal to ``article_to_dict(store.get(id))`` as a
    dict.

    Args:
        layers: keep only these of ``repairs`` and the span layers (``None``: all).
    """
    d = orjson.loads(codec.decompress(doc_blob))
    title = (d.get("metadata") or {}).get("title") or ""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if k in LAYERS or k in TITLE_LAYERS or k == "repairs":
            if layers is not None and k not in layers:
                continue
            if k != "repairs":
                over = title if k in TITLE_LAYERS else text  # a headline layer: its offsets
                for s in v:
                    s["text"] = over[s["start"]:s["end"]]
        out[k] = v
        if k == "metadata":
            out["raw_text"] = raw_text
            out["text"] = text
    out["id"] = article_id
    for name in (*LAYERS, *TITLE_LAYERS):
        if layers is None or name in layers:
            out.setdefault(name, [])
    return out


def scan(store: SqliteStore, query: SearchQuery, *, documents: bool = False,
         layers: Collection[str] | None = None, batch: int = BATCH, limit: int | None = None
         ) -> Iterator[list[Row]]:
    """Every article matching ``query``, in ingest order, ``batch`` at a time.

    Args:
        store: an open store (read-only is enough).
        query: words and filters (its ``limit``/``offset`` are ignored).
        documents: also decode each stored document into the JSON contract (``Row.doc``;
            costs several times more than text alone).
        layers: with ``documents``, keep only these layers (:func:`contract`).
        batch: rows per statement (memory holds one batch).
        limit: stop after this many articles (``None``: all).

    Yields:
        Non-empty lists of :class:`Row`.

    Raises:
        ValueError: on bad ``since``/``until``.
    """
    where, args = condition(store, query)
    extra = (" AND " + " AND ".join(where)) if where else ""
    doc_cols = ", d.doc, d.raw_text" if documents else ""
    last, left = 0, limit
    while left is None or left > 0:
        size = batch if left is None else min(batch, left)
        with store.lock:
            conn = store.conn
            rows = conn.execute(
                f"SELECT {_COLS}, l.story, dup.id, d.body{doc_cols} FROM articles a "
                "JOIN documents d ON d.n = a.n LEFT JOIN article_links l ON l.n = a.n "
                "LEFT JOIN articles dup ON dup.n = l.duplicate_of "
                f"WHERE a.n > ?{extra} ORDER BY a.n LIMIT ?", [last, *args, size]).fetchall()
            if not rows:
                return
            marks = ", ".join("?" * len(rows))
            sections: dict[int, tuple[list[str], list[str]]] = {r[0]: ([], []) for r in rows}
            for n, code, kind in conn.execute(
                    f"SELECT n, code, kind FROM article_sections WHERE n IN ({marks}) "
                    "ORDER BY n, score DESC, code", [r[0] for r in rows]):
                sections[n][0 if kind == "country" else 1].append(code)
        out = []
        for r in rows:
            text = codec.decompress(r[12]).decode("utf-8")
            doc = None
            if documents:
                raw_text = text if r[14] is None else codec.decompress(r[14]).decode("utf-8")
                doc = contract(r[13], text, raw_text, r[1], layers)
            countries, topics = sections[r[0]]
            out.append(Row(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], r[9],
                           r[10], r[11], countries, topics, text, doc))
        last = rows[-1][0]
        if left is not None:
            left -= len(rows)
        yield out
