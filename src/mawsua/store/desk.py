"""The analyst's desk tables (migration 10): entities across articles, quotations with their
speaker, and what the trends and charts count.

Rows are derived from an article's ``entities`` and ``quotes`` layers when it is stored
(:func:`desk_rows`, computed outside the write transaction with the other prepared data, then
:func:`insert` inside it). Articles stored before migration 10 are queued in ``desk_pending``
and filled in when the store is next opened for writing (:func:`backfill`).

Identity: an entity across articles is its **canonical name** (the ``canonical`` attribute of
its mentions: the English/Latin name when the gazetteer knows it, else the fullest Arabic
form), as ``article_entities`` and the ``--entity`` search filter already key it. Its names
are every distinct mention surface seen (proclitic stripped), Arabic and Latin, except the
mentions found by coreference (a title such as «وزير الخارجية» or a short form is counted as a
mention, not listed as a name). A person known only by one Arabic word is no desk entity
(:func:`lone_name`).

Tables:

* ``entities(canonical, type, country, articles, mentions, first_seen, last_seen)``: one row per
  entity, counts kept up to date on insert;
* ``entity_articles(canonical, n, type, country, mentions, time)``: one row per entity and
  article (``time`` is the article's ``sort_time``, kept here so that period counts read
  one index);
* ``entity_names(canonical, name, articles)``: each surface of the entity, with the number of
  articles using it;
* ``entity_keys(key, canonical)``: the distinct lookup keys of ``article_entities`` per
  canonical name (how any spelling reaches an entity);
* ``quotes(id, n, idx, label, text, speaker, speaker_canonical, speaker_key, cue, language,
  time, start, end)`` and the contentless full-text table ``quotes_fts`` (same columns and
  folding as ``articles_fts``: :func:`mawsua.store.fts.index_columns`);
* ``quote_entities(canonical, quote, time)``: the entities named inside a quotation (other
  than its speaker): the quotes *about* them.

Every read function takes a SQLite connection of a store at migration 10 or later, or the
:class:`~mawsua.store.pgconn.PgConn` of a PostgreSQL store (its migration 4: the same tables,
``quote_tsv`` in place of ``quotes_fts``); the SQL is shared (the few SQLite forms are
translated by :func:`mawsua.store.pgconn.translate`), only the quotation search differs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import orjson

from mawsua.arabic.fold import fold
from mawsua.arabic.variants import is_latin, skeleton
from mawsua.model import Article, article_from_dict
from mawsua.store import codec, fts, pgfts
from mawsua.store.pgconn import PgConn

#: articles backfilled per transaction by :func:`backfill`
BACKFILL_BATCH = 500
#: co-mentions and stories are counted over this many of an entity's latest articles
CO_MENTION_ARTICLES = 500
#: longest quotation text indexed (code points; longer ones are cut at a word)
MAX_QUOTE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class DeskRows:
    """What one article adds to the desk tables (plain tuples: pickles cheaply).

    ``entities``: ``(canonical, type, country, mentions)``; ``names``: ``(canonical, name)``;
    ``quotes``: ``(idx, label, text, speaker, speaker_canonical, speaker_key, cue, language,
    start, end, about)`` where ``about`` is a tuple of canonical names; ``fts``: the four
    full-text columns of each quote, in order.
    """

    entities: tuple[tuple[str, str, str | None, int], ...]
    names: tuple[tuple[str, str], ...]
    quotes: tuple[tuple[Any, ...], ...]
    fts: tuple[tuple[str, str, str, str], ...]


def _key(name: str) -> str:
    return " ".join(fold(name).split())


def lone_name(label: str, canonical: str) -> bool:
    """Whether an entity is a person known only by one Arabic word (``محمد``, ``إسماعيل``,
    ``رضا``): no gazetteer entry (whose canonical names are Latin) and no fuller name in its
    article. Such a name says nobody in particular across articles (a user test found four
    people pooled under ``إسماعيل``), so it is no desk entity: its mentions stay in the
    article and its search keys, its quotations keep their speaker text."""
    return label == "PERSON" and " " not in canonical and not is_latin(canonical)


def desk_rows(article: Article) -> DeskRows:
    """The desk rows of one article (see :class:`DeskRows`).

    Mentions are the body's and the headline's (:meth:`Article.entity_mentions`: an entity
    named only in the title is an entity of the article). An entity's type and country are
    those of its first mention that has them; a quotation's
    ``speaker_canonical`` is the canonical name of the entity its ``speaker_entity`` key names
    (``None`` for an unnamed or unresolved source, whose ``speaker`` text is still kept).
    """
    text = article.text
    ents: dict[str, list[Any]] = {}
    names: dict[tuple[str, str], None] = {}
    by_key: dict[str, str] = {}
    spans = article.layer("entities")  # (the body's: quotations are in the body)
    for span, surface in article.entity_mentions():  # the headline's names count too
        canonical = str(span.attrs.get("canonical") or surface).strip()
        if not canonical or lone_name(span.label, canonical):
            continue
        row = ents.setdefault(canonical, [canonical, span.label, None, 0])
        row[3] += 1
        country = span.attrs.get("country")
        if row[2] is None and country:
            row[2] = str(country)
        pro = str(span.attrs.get("proclitic") or "")
        name = " ".join(surface[len(pro):].split()) if surface.startswith(pro) else surface
        if name and span.attrs.get("source") != "coref":  # a title or pronoun is no name
            names[(canonical, name)] = None
        key = span.attrs.get("entity")
        if key is not None:
            by_key.setdefault(str(key), canonical)
    quotes: list[tuple[Any, ...]] = []
    cols: list[tuple[str, str, str, str]] = []
    for idx, q in enumerate(sorted(article.layer("quotes"), key=lambda s: (s.start, s.end))):
        body = " ".join(text[q.start:q.end].split())
        if not body:
            continue
        if len(body) > MAX_QUOTE_CHARS:
            body = body[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]
        a = q.attrs
        speaker = str(a.get("speaker") or "").strip() or None
        ref = a.get("speaker_entity")
        canonical = by_key.get(str(ref)) if ref is not None else None
        if canonical is None and speaker in ents:
            canonical = speaker
        ss, se = a.get("speaker_start"), a.get("speaker_end")
        if canonical is None and isinstance(ss, int) and isinstance(se, int) and ss < se:
            # an unnamed source or a description: shown as the article writes it (مصدر أمني),
            # not as its English label (unnamed source)
            speaker = " ".join(text[ss:se].split()) or speaker
        about = tuple(dict.fromkeys(
            str(s.attrs.get("canonical") or text[s.start:s.end]).strip() for s in spans
            if q.start <= s.start and s.end <= q.end))
        about = tuple(c for c in about if c and c != canonical)
        quotes.append((idx, q.label, body, speaker, canonical,
                       _key(speaker) if speaker else None, a.get("cue"), a.get("language"),
                       q.start, q.end, about))
        cols.append(fts.index_columns(None, body))
    return DeskRows(tuple(tuple(r) for r in ents.values()),  # type: ignore[misc]
                    tuple(names), tuple(quotes), tuple(cols))


def insert(conn: sqlite3.Connection, n: int, time: str | None, rows: DeskRows,
           keys: Sequence[tuple[str, str, str]] = ()) -> None:
    """Write the desk rows of stored article ``n`` (``time`` its ``sort_time``) inside the
    caller's transaction; ``keys`` are its ``article_entities`` rows ``(key, type,
    canonical)``, kept as distinct pairs in ``entity_keys``. (:func:`insert_many` for one
    article.)"""
    insert_many(conn, [(n, time, rows, keys)])


def insert_many(conn: sqlite3.Connection,
                items: Sequence[tuple[int, str | None, DeskRows, Sequence[tuple[str, str, str]]]]
                ) -> None:
    """:func:`insert` for several stored articles ``(n, time, rows, keys)`` in one statement
    per table (``executemany`` over the rows of all of them, in the order of ``items``: the
    same rows and the same counts as one :func:`insert` per article in that order), inside the
    caller's transaction. The writer of a batch calls it once (issue 15: ~6 statements per
    batch instead of per article)."""
    pairs = [(k, c) for _, _, _, keys in items for k, _, c in keys]
    if pairs:
        conn.executemany("INSERT OR IGNORE INTO entity_keys (key, canonical) VALUES (?, ?)",
                         pairs)
    ents = [(n, time, e) for n, time, rows, _ in items for e in rows.entities]
    if ents:
        conn.executemany(
            "INSERT OR IGNORE INTO entity_articles (canonical, n, type, country, mentions, time) "
            "VALUES (?, ?, ?, ?, ?, ?)", [(c, n, t, k, m, time) for n, time, (c, t, k, m) in ents])
        conn.executemany(
            "INSERT INTO entities (canonical, type, country, articles, mentions, first_seen, "
            "last_seen) VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (canonical) DO UPDATE SET "
            "articles = entities.articles + 1, "
            "mentions = entities.mentions + excluded.mentions, "
            "country = coalesce(entities.country, excluded.country), "
            "first_seen = CASE WHEN entities.first_seen IS NULL "
            "OR excluded.first_seen < entities.first_seen "
            "THEN excluded.first_seen ELSE entities.first_seen END, "
            "last_seen = CASE WHEN entities.last_seen IS NULL "
            "OR excluded.last_seen > entities.last_seen "
            "THEN excluded.last_seen ELSE entities.last_seen END",
            [(c, t, k, m, time, time) for _, time, (c, t, k, m) in ents])
    names = [name for _, _, rows, _ in items for name in rows.names]
    if names:
        conn.executemany(
            "INSERT INTO entity_names (canonical, name, articles) VALUES (?, ?, 1) "
            "ON CONFLICT (canonical, name) DO UPDATE SET articles = entity_names.articles + 1",
            names)
    for n, time, rows, _ in items:
        _insert_quotes(conn, n, time, rows)


def _insert_quotes(conn: sqlite3.Connection, n: int, time: str | None, rows: DeskRows) -> None:
    for q, cols in zip(rows.quotes, rows.fts, strict=True):
        idx, label, body, speaker, canonical, key, cue, lang, start, end, about = q
        got = conn.execute(
            "INSERT OR IGNORE INTO quotes (n, idx, label, text, speaker, speaker_canonical, "
            'speaker_key, cue, language, time, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (n, idx, label, body, speaker, canonical, key, cue, lang, time, start, end)
        ).fetchall()
        if not got:
            continue
        qid = got[0][0]
        if isinstance(conn, PgConn):  # PostgreSQL: the same words as a tsvector
            conn.execute("INSERT INTO quote_tsv (id, tsv) VALUES (?, CAST(? AS tsvector))",
                         (qid, pgfts.tsvector_literal(cols)))
        else:
            conn.execute("INSERT INTO quotes_fts (rowid, title_exact, body_exact, title_stem, "
                         "body_stem) VALUES (?, ?, ?, ?, ?)", (qid, *cols))
        conn.executemany("INSERT OR IGNORE INTO quote_entities (canonical, quote, time) "
                         "VALUES (?, ?, ?)", [(c, qid, time) for c in about])


def has_desk(conn: sqlite3.Connection) -> bool:
    """Whether the database has the desk tables (a read-only file written before migration
    10 has none: the views are then empty)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                        "'entity_articles'").fetchone() is not None


def backfill(conn: sqlite3.Connection, batch: int = BACKFILL_BATCH) -> int:
    """Fill the desk rows of the articles queued in ``desk_pending`` (every article stored
    before migration 10) from their stored documents, ``batch`` per transaction.

    Returns:
        The number of articles done.

    Raises:
        sqlite3.Error: when SQLite fails (the current batch is rolled back).
    """
    done = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            rows = conn.execute(
                "SELECT p.n, a.id, a.sort_time, d.doc, d.body, d.raw_text FROM desk_pending p "
                "JOIN articles a ON a.n = p.n JOIN documents d ON d.n = p.n "
                "ORDER BY p.n LIMIT ?", (batch,)).fetchall()
            if not rows:
                conn.execute("DELETE FROM desk_pending")
                conn.execute("COMMIT")
                return done
            for n, aid, time, doc, body, raw_text in rows:
                d = orjson.loads(codec.decompress(doc))
                d["text"] = codec.decompress(body).decode("utf-8")
                d["raw_text"] = (d["text"] if raw_text is None
                                 else codec.decompress(raw_text).decode("utf-8"))
                d["id"] = aid
                insert(conn, n, time, desk_rows(article_from_dict(d)))  # keys: migration
                conn.execute("DELETE FROM desk_pending WHERE n = ?", (n,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done += len(rows)


# -- periods ---------------------------------------------------------------------------------


def day_after(value: str) -> str:
    """The exclusive upper bound of an ``until`` bound: the next day for a date
    (``2015-08-11`` → ``2015-08-12``), the value itself otherwise."""
    if len(value) <= 10:
        return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
    return value + "\uffff"


def newest_time(conn: sqlite3.Connection) -> str | None:
    """The latest ``sort_time`` of a stored article ("now" for a live store, the end of an
    archive), or ``None`` for an empty store."""
    row = conn.execute("SELECT max(sort_time) FROM articles").fetchone()
    return row[0] if row and row[0] else None


def _time_where(col: str, since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if since:
        where.append(f"{col} >= ?")
        args.append(since)
    if until:
        where.append(f"{col} < ?")
        args.append(day_after(until))
    return where, args


# -- entities --------------------------------------------------------------------------------


def top_entities(conn: sqlite3.Connection, *, since: str | None = None,
                 until: str | None = None, type_: str | None = None,
                 section: str | None = None, limit: int = 50, offset: int = 0
                 ) -> tuple[list[dict[str, Any]], int]:
    """The most mentioned entities of a period: by number of articles naming them, then
    mentions, then name.

    Args:
        since, until: ``sort_time`` bounds (ISO; a date ``until`` includes its day; ``None``
            = open).
        type_: ``PERSON``, ``ORGANIZATION`` or ``LOCATION`` (``None`` = any).
        section: a connect section code (``IQ``, ``politics``): only articles filed there.
        limit, offset: paging.

    Returns:
        ``([{canonical, type, country, articles, mentions}], total)``.
    """
    if not since and not until and not section:
        where, args = ([], []) if type_ is None else (["type = ?"], [type_])
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        total = conn.execute(f"SELECT count(*) FROM entities{cond}", args).fetchone()[0]
        rows = conn.execute(
            f"SELECT canonical, type, country, articles, mentions FROM entities{cond} "
            "ORDER BY articles DESC, mentions DESC, canonical LIMIT ? OFFSET ?",
            [*args, limit, offset]).fetchall()
    else:
        where, args = _time_where("e.time", since, until)
        source = "entity_articles e"
        if section:  # from the section's articles (its primary key), then their entities
            source = ("article_sections s CROSS JOIN entity_articles e "
                      "INDEXED BY entity_articles_n ON e.n = s.n")
            where.insert(0, "s.code = ?")
            args.insert(0, section)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        # the entity's type is its stored one (as the undated listing shows it), not the
        # alphabetically first type its mentions of the period had: a person tagged once as
        # an organisation stays a person, and the type filter keeps or drops it whole
        kind = " WHERE h.type = ?" if type_ else ""
        rows = conn.execute(
            "WITH g AS MATERIALIZED (SELECT e.canonical AS canonical, min(e.type) AS type, "
            f"count(*) AS c, sum(e.mentions) AS m FROM {source}{cond} GROUP BY e.canonical), "
            "h AS MATERIALIZED (SELECT g.canonical AS canonical, coalesce(x.type, g.type) AS "
            "type, x.country AS country, g.c AS c, g.m AS m FROM g LEFT JOIN entities x ON "
            "x.canonical = g.canonical) "
            f"SELECT h.canonical, h.type, h.country, h.c, h.m, (SELECT count(*) FROM h{kind}) "
            f"FROM h{kind} ORDER BY h.c DESC, h.m DESC, h.canonical LIMIT ? OFFSET ?",
            [*args, *([type_] * 2 if type_ else []), limit, offset]).fetchall()
        total = rows[0][5] if rows else 0
    return [{"canonical": r[0], "type": r[1], "country": r[2], "articles": r[3],
             "mentions": r[4]} for r in rows], int(total)


def resolve(conn: sqlite3.Connection, keys: Sequence[str], names: Sequence[str] = ()
            ) -> list[str]:
    """Canonical names an entity name reaches: ``names`` that are canonical names themselves
    and those of the stored mentions whose lookup key is in ``keys`` (``entity_keys``), most
    articles first (a one-article entity whose canonical name is the surname a big entity is
    also called by comes after that entity: ``مرسي`` → Mohamed Morsi, then ``مرسي``)."""
    found: dict[str, int] = {}
    for name in names:
        row = conn.execute("SELECT articles FROM entities WHERE canonical = ?",
                           (name,)).fetchone()
        if row:
            found[name] = int(row[0])
    if keys:
        marks = ", ".join("?" * len(keys))
        for c, k in conn.execute(
                "SELECT e.canonical, e.articles FROM entities e WHERE e.canonical IN (SELECT "
                f"canonical FROM entity_keys WHERE key IN ({marks}))", list(keys)):
            found.setdefault(c, int(k))
    return sorted(found, key=lambda c: (-found[c], c))


def surname_speakers(conn: sqlite3.Connection, word: str) -> list[str]:
    """Canonical names of the quoted PERSON entities whose speaker text, as written, ends with
    the folded word ``word`` after a first name (``سبيع`` → ``مراد سبيع``), most quotations
    first: a surname typed alone reaches people quoted only by their whole name. Two people
    of that surname are both returned. ``[]`` for a word of fewer than 3 letters or with
    ``%``/``_`` in it."""
    if len(word) < 3 or "%" in word or "_" in word or " " in word:
        return []
    rows = conn.execute(
        "SELECT q.speaker_canonical, count(*) FROM quotes q JOIN entities e ON "
        "e.canonical = q.speaker_canonical WHERE e.type = 'PERSON' AND q.speaker_key LIKE ? "
        "GROUP BY q.speaker_canonical", ("% " + word,)).fetchall()
    return [c for c, _ in sorted(rows, key=lambda r: (-int(r[1]), r[0]))]


def name_spellings(conn: sqlite3.Connection, words: Sequence[str]) -> list[tuple[str, str]]:
    """Other stored spellings of one-word person names: ``(word, spelling)`` for each folded
    ``word`` that is the lookup key of a stored PERSON entity (``entity_keys``), and each
    one-word name that entity was mentioned by (``entity_names``, folded) that differs from
    ``word`` only by inner long vowels (:func:`mawsua.arabic.variants.skeleton`: ``بوتين`` →
    ``بوتن``, ``نتنياهو`` → ``نتانياهو``). The entity layer joined the spellings; the skeleton
    keeps other names of that person (``فلاديمير``) and wrong links out of the search."""
    out: dict[tuple[str, str], None] = {}
    for word in dict.fromkeys(words):
        if len(word) < 3 or is_latin(word):
            continue
        shape = skeleton(word)
        for (name,) in conn.execute(
                "SELECT n.name FROM entity_names n JOIN entities e ON e.canonical = n.canonical "
                "WHERE e.type = 'PERSON' AND n.canonical IN "
                "(SELECT canonical FROM entity_keys WHERE key = ?)", (word,)):
            folded = fold(name)
            if " " not in folded and folded != word and skeleton(folded) == shape:
                out[(word, folded)] = None
    return list(out)


def entity(conn: sqlite3.Connection, canonical: str) -> dict[str, Any] | None:
    """``{canonical, type, country, articles, mentions, first_seen, last_seen}`` of one
    entity, or ``None``."""
    row = conn.execute("SELECT canonical, type, country, articles, mentions, first_seen, "
                       "last_seen FROM entities WHERE canonical = ?", (canonical,)).fetchone()
    if row is None:
        return None
    return dict(zip(("canonical", "type", "country", "articles", "mentions", "first_seen",
                     "last_seen"), row, strict=True))


def entity_names(conn: sqlite3.Connection, canonical: str, limit: int = 100
                 ) -> list[dict[str, Any]]:
    """Every surface the entity was mentioned by, with the number of articles using it, most
    used first: ``[{name, articles}]``."""
    return [{"name": a, "articles": c} for a, c in conn.execute(
        "SELECT name, articles FROM entity_names WHERE canonical = ? "
        "ORDER BY articles DESC, name LIMIT ?", (canonical, limit))]


def co_mentioned(conn: sqlite3.Connection, canonical: str, limit: int = 20
                 ) -> list[dict[str, Any]]:
    """Entities named in the same articles — among the entity's latest
    :data:`CO_MENTION_ARTICLES` articles, so that the cost stays bounded — by number of shared
    articles: ``[{canonical, type, articles}]``."""
    return [{"canonical": c, "type": t, "articles": k} for c, t, k in conn.execute(
        "WITH recent AS (SELECT n FROM entity_articles WHERE canonical = ? "
        "ORDER BY time DESC, n DESC LIMIT ?) "
        "SELECT o.canonical, min(o.type), count(*) AS k FROM recent "
        "CROSS JOIN entity_articles o INDEXED BY entity_articles_n ON o.n = recent.n "
        "WHERE o.canonical != ? GROUP BY o.canonical ORDER BY k DESC, o.canonical LIMIT ?",
        (canonical, CO_MENTION_ARTICLES, canonical, limit))]


def entity_articles(conn: sqlite3.Connection, canonical: str, limit: int = 20,
                    offset: int = 0) -> list[tuple[Any, ...]]:
    """The articles naming the entity, newest first, as listing rows: ``(id, url, outlet,
    title, title_derived, published, published_local, section, language, text)`` with the
    text's first 400 characters (for a snippet; no document is decoded)."""
    return [(*r[:9], codec.decompress(r[9]).decode("utf-8")[:400]) for r in conn.execute(
        "SELECT a.id, a.url, a.outlet, a.title, a.title_derived, a.published, "
        "a.published_local, a.section, a.language, d.body FROM entity_articles e "
        "JOIN articles a ON a.n = e.n JOIN documents d ON d.n = e.n WHERE e.canonical = ? "
        "ORDER BY e.time DESC, e.n DESC LIMIT ? OFFSET ?", (canonical, limit, offset))]


def entity_stories(conn: sqlite3.Connection, canonical: str, limit: int = 20
                   ) -> list[dict[str, Any]]:
    """Stories with reports naming the entity (among its latest :data:`CO_MENTION_ARTICLES`
    articles), by number of such reports then recency:
    ``[{id, label, size, outlets, first_seen, last_seen, reports}]`` (``reports``: those
    naming it). Empty before the connect tables exist."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'stories'").fetchone() is None:
        return []
    keys = ("id", "label", "size", "outlets", "first_seen", "last_seen", "reports")
    return [dict(zip(keys, r, strict=True)) for r in conn.execute(
        "WITH recent AS (SELECT n FROM entity_articles WHERE canonical = ? "
        "ORDER BY time DESC, n DESC LIMIT ?) "
        "SELECT s.id, s.label, s.size, s.outlets, s.first_seen, s.last_seen, count(*) AS k "
        "FROM recent JOIN article_links l ON l.n = recent.n "
        "JOIN stories s ON s.id = l.story "
        "GROUP BY s.id ORDER BY k DESC, s.last_seen DESC LIMIT ?",
        (canonical, CO_MENTION_ARTICLES, limit))]


# -- counts over time ------------------------------------------------------------------------


def entity_timeline(conn: sqlite3.Connection, canonical: str, since: str | None = None,
                    until: str | None = None) -> list[tuple[str, int, int]]:
    """``(day, articles, mentions)`` per day with at least one article naming the entity,
    oldest first (articles without a time are left out)."""
    where, args = _time_where("time", since, until)
    cond = "".join(f" AND {w}" for w in where)
    return [(d, a, m) for d, a, m in conn.execute(
        "SELECT substr(time, 1, 10) AS d, count(*), sum(mentions) FROM entity_articles "
        f"WHERE canonical = ? AND time IS NOT NULL{cond} GROUP BY d ORDER BY d",
        [canonical, *args])]


def section_codes(conn: sqlite3.Connection) -> list[str]:
    """Every connect section code in use, in code order (one index probe per code: a skip
    scan of ``article_sections``' primary key, so the cost does not grow with the store)."""
    return [c for (c,) in conn.execute(
        "WITH RECURSIVE c(code) AS (SELECT min(code) FROM article_sections UNION ALL "
        "SELECT (SELECT min(code) FROM article_sections WHERE code > c.code) FROM c "
        "WHERE c.code IS NOT NULL) SELECT code FROM c WHERE code IS NOT NULL")]


def section_timeline(conn: sqlite3.Connection, code: str, since: str | None = None,
                     until: str | None = None) -> list[tuple[str, int]]:
    """``(day, articles)`` per day with at least one article filed under the connect section
    ``code``, oldest first."""
    where, args = _time_where("a.sort_time", since, until)
    cond = "".join(f" AND {w}" for w in where)
    return [(d, k) for d, k in conn.execute(
        "SELECT substr(a.sort_time, 1, 10) AS d, count(*) FROM article_sections s "
        "JOIN articles a ON a.n = s.n WHERE s.code = ? AND a.sort_time IS NOT NULL"
        f"{cond} GROUP BY d ORDER BY d", [code, *args])]


def fill_days(rows: Sequence[tuple[Any, ...]], max_days: int = 3660
              ) -> list[tuple[str, int]]:
    """Daily counts ``(day, count)`` with the missing days between the first and the last
    filled with 0; rows are ``(day, count, ...)``. A span longer than ``max_days`` (ten years)
    gives the days with articles only, never a cut: an archive of 2013 and 2018 reports lost
    its 2013 days to the old last-366-days window (user test s26)."""
    got = {r[0]: int(r[1]) for r in rows if len(r[0]) == 10}
    if not got:
        return []
    try:
        first, last = date.fromisoformat(min(got)), date.fromisoformat(max(got))
    except ValueError:
        return sorted(got.items())
    if (last - first).days >= max_days:
        return sorted(got.items())
    out = []
    d = first
    while d <= last:
        out.append((d.isoformat(), got.get(d.isoformat(), 0)))
        d += timedelta(days=1)
    return out


# -- quotes ----------------------------------------------------------------------------------

_QUOTE_COLS = ("q.id, a.id, a.url, a.outlet, a.title, a.published, a.published_local, "
               "a.section, q.label, q.text, q.speaker, q.speaker_canonical, q.cue, q.language, "
               "q.time, q.start, q.end")
_QUOTE_KEYS = ("quote_id", "article_id", "url", "outlet", "title", "published",
               "published_local", "section", "label", "text", "speaker", "speaker_canonical",
               "cue", "language", "time", "start", "end")


def quotes(conn: sqlite3.Connection, *, speakers: Sequence[str] = (),
           speaker_keys: Sequence[str] = (), speaker_heads: Sequence[str] = (),
           about: str | None = None,
           match: fts.ParsedQuery | None = None, since: str | None = None, until: str | None = None,
           section: str | None = None, limit: int = 20, offset: int = 0
           ) -> tuple[list[dict[str, Any]], int]:
    """Quotations, newest first (best match first when ``match`` is given).

    Args:
        speakers: canonical names of the speaker (any of them); speaker_keys: folded speaker
            texts (``entity_key`` form) also accepted, for unnamed sources such as مصادر;
            speaker_heads: folded first words a speaker text may start with (``مصادر`` finds
            ``مصادر عسكرية``). All empty = any speaker.
        about: only quotations naming this canonical entity in their text.
        match: a parsed search (:func:`mawsua.store.fts.parse_query`) the quotation text must
            match (``None``, or a query with no words, = any): FTS5's ``quotes_fts`` ranked by
            bm25 on SQLite, the ``quote_tsv`` tsvector ranked by ``ts_rank`` on PostgreSQL.
        since, until: bounds on the article time; section: a connect section code.

    Returns:
        ``([{quote_id, article_id, url, outlet, title, published, published_local, section,
        label, text, speaker, speaker_canonical, cue, language, time, start, end}], total)``.
    """
    where, args = _time_where("q.time", since, until)
    if about:
        where.insert(0, "e.canonical = ?")
        args.insert(0, about)
    if speakers or speaker_keys or speaker_heads:
        parts = []
        if speakers:
            parts.append(f"q.speaker_canonical IN ({', '.join('?' * len(speakers))})")
            args.extend(speakers)
        if speaker_keys:
            parts.append(f"q.speaker_key IN ({', '.join('?' * len(speaker_keys))})")
            args.extend(speaker_keys)
        for head in speaker_heads:
            parts.append("q.speaker_key = ? OR q.speaker_key LIKE ?")
            args.extend([head, head.replace("%", "").replace("_", "") + " %"])
        where.append("(" + " OR ".join(parts) + ")")

    if section:
        where.append("q.n IN (SELECT n FROM article_sections WHERE code = ?)")
        args.append(section)
    cond = "".join(f" AND {w}" for w in where)
    head, pre = _quote_match(conn, match)
    if head:
        source = "m CROSS JOIN quotes q ON q.id = m.id"
        if about:
            source += " JOIN quote_entities e ON e.quote = q.id"
        order = "m.score, q.time DESC"
    elif about:  # from the entity's quotations, newest first (its own index)
        source = "quote_entities e CROSS JOIN quotes q ON q.id = e.quote"
        order = "e.time DESC, e.quote DESC"
    else:
        source, order = "quotes q", "q.time DESC, q.id DESC"
    rows = conn.execute(
        f"{head}SELECT {_QUOTE_COLS} FROM {source} JOIN articles a ON a.n = q.n WHERE 1 = 1{cond} "
        f"ORDER BY {order} LIMIT ? OFFSET ?", [*pre, *args, limit, offset]).fetchall()
    if not offset and len(rows) < limit:
        total = len(rows)
    else:  # counted apart: a window count would make SQLite read every match first
        total = conn.execute(f"{head}SELECT count(*) FROM {source} WHERE 1 = 1{cond}",
                             [*pre, *args]).fetchone()[0]
    return [dict(zip(_QUOTE_KEYS, r, strict=True)) for r in rows], int(total)


def _quote_match(conn: Any, match: fts.ParsedQuery | None) -> tuple[str, list[Any]]:
    """The ``WITH m (id, score)`` head of the quotations matching ``match`` (lower score =
    better) and its parameters; ``("", [])`` when nothing is to be matched."""
    if match is None:
        return "", []
    if isinstance(conn, PgConn):
        tsq = pgfts.tsquery_literal(match)
        if tsq is None:
            return "", []
        return ("WITH m AS MATERIALIZED (SELECT id, -ts_rank("
                f"'{pgfts.RANK_WEIGHTS}', tsv, CAST(? AS tsquery)) AS score FROM quote_tsv "
                "WHERE tsv @@ CAST(? AS tsquery)) "), [tsq, tsq]
    expr = match.match_expression()
    if expr is None:
        return "", []
    return ("WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(quotes_fts, "
            + ", ".join(str(w) for w in fts.BM25_WEIGHTS)
            + ") AS score FROM quotes_fts WHERE quotes_fts MATCH ?) "), [expr]


# -- trends ----------------------------------------------------------------------------------


def story_counts(conn: sqlite3.Connection, start: str, end: str
                 ) -> list[tuple[int, str | None, int, int, str]]:
    """``(story, label, reports, outlets, first_time)`` of the stories with reports whose
    ``sort_time`` is in ``[start, end)``: counts over that window only."""
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]
        "SELECT l.story, s.label, count(*), count(DISTINCT coalesce(a.outlet, '')), "
        "min(a.sort_time) FROM articles a JOIN article_links l ON l.n = a.n "
        "JOIN stories s ON s.id = l.story "
        "WHERE a.sort_time >= ? AND a.sort_time < ? AND l.duplicate_of IS NULL "
        "GROUP BY l.story, s.label", (start, end))]


def flow(conn: sqlite3.Connection, start: str, end: str) -> int:
    """Original articles (copies left out) whose ``sort_time`` is in ``[start, end)``."""
    return int(conn.execute(
        "SELECT count(*) FROM articles a LEFT JOIN article_links l ON l.n = a.n "
        "WHERE a.sort_time >= ? AND a.sort_time < ? AND l.duplicate_of IS NULL",
        (start, end)).fetchone()[0])


def entity_counts(conn: sqlite3.Connection, start: str, end: str
                  ) -> list[tuple[str, str, int, int]]:
    """``(canonical, type, articles, outlets)`` of the entities named in original articles
    (copies left out, as in :func:`flow`) whose time is in ``[start, end)``."""
    return [(c, t, k, o) for c, t, k, o in conn.execute(
        "SELECT e.canonical, min(e.type), count(*), count(DISTINCT coalesce(a.outlet, '')) "
        "FROM entity_articles e JOIN articles a ON a.n = e.n "
        "LEFT JOIN article_links l ON l.n = e.n WHERE e.time >= ? AND e.time < ? "
        "AND l.duplicate_of IS NULL GROUP BY e.canonical", (start, end))]


def iso_minus(time: str, hours: float) -> str:
    """``time`` (an ISO date-time or date as stored) minus ``hours``, in the stored form."""
    dt = datetime.fromisoformat(time)
    return (dt - timedelta(hours=hours)).replace(tzinfo=None).isoformat(timespec="seconds")
