"""Read the connections back: an article's duplicate, story and sections; story listings;
section pages. Every function takes a SQLite connection to a store of migration 4 or later.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from mawsua.model.results import Story, StoryMember

#: most reports listed per story in a listing (a story page lists them all)
MEMBERS_IN_LISTING = 50
#: most stories per page
MAX_STORIES = 200


def _n_of(conn: sqlite3.Connection, article_id: str) -> int | None:
    row = conn.execute("SELECT n FROM articles WHERE id = ?", (article_id,)).fetchone()
    return None if row is None else int(row[0])


def sections_of(conn: sqlite3.Connection, n: int) -> dict[str, list[dict[str, Any]]]:
    """``{"countries": [{code, score}], "topics": [{code, score}]}`` of article ``n``, best
    first."""
    out: dict[str, list[dict[str, Any]]] = {"countries": [], "topics": []}
    for code, kind, score in conn.execute(
            "SELECT code, kind, score FROM article_sections WHERE n = ? "
            "ORDER BY kind, score DESC, code", (n,)):
        out["countries" if kind == "country" else "topics"].append({"code": code, "score": score})
    return out


def connections(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    """What ``show ID --json`` adds: ``duplicate_of`` (id or ``None``), ``story``
    (``{id, label, size, outlets}`` or ``None`` when not connected) and ``sections``
    (:func:`sections_of`).

    Raises:
        KeyError: when no article has this id.
    """
    n = _n_of(conn, article_id)
    if n is None:
        raise KeyError(article_id)
    row = conn.execute(
        "SELECT d.id, s.id, s.label, s.size, s.outlets FROM article_links l "
        "LEFT JOIN articles d ON d.n = l.duplicate_of LEFT JOIN stories s ON s.id = l.story "
        "WHERE l.n = ?", (n,)).fetchone()
    story = None
    if row is not None and row[1] is not None:
        story = {"id": row[1], "label": row[2], "size": row[3], "outlets": row[4]}
    return {"duplicate_of": row[0] if row else None, "story": story,
            "sections": sections_of(conn, n)}


def _members(conn: sqlite3.Connection, story_id: int, limit: int | None) -> list[StoryMember]:
    sql = ("SELECT a.id, a.url, a.outlet, a.title, d.id, a.published, a.published_local, "
           "a.language, f.time FROM article_links l JOIN articles a ON a.n = l.n "
           "LEFT JOIN articles d ON d.n = l.duplicate_of "
           "LEFT JOIN connect_features f ON f.n = l.n WHERE l.story = ? "
           "ORDER BY f.time IS NULL, f.time, a.id")
    args: list[Any] = [story_id]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [StoryMember(*r) for r in conn.execute(sql, args)]


#: a story is filed under a section when at least this share of its reports are (and at
#: least one): a story is not under every section one of its 24 reports was filed under (the
#: Skripal affair under religion and health by one report each: user test s21 F1)
STORY_SECTION_SHARE = 3  # i.e. a third: 3 x reports filed >= size


def _story_sections(conn: sqlite3.Connection, story_id: int) -> list[str]:
    """The sections of a story (:data:`STORY_SECTION_SHARE`), most reports first."""
    return [c for (c,) in conn.execute(
        "SELECT s.code FROM article_links l JOIN article_sections s ON s.n = l.n "
        "JOIN stories t ON t.id = l.story WHERE l.story = ? GROUP BY s.code "
        "HAVING ? * count(*) >= max(t.size) ORDER BY count(*) DESC, s.code",
        (story_id, STORY_SECTION_SHARE))]


def _story(conn: sqlite3.Connection, row: tuple[Any, ...], members: int | None) -> Story:
    sid = int(row[0])
    return Story(sid, row[1], row[2], row[3], [x for x in (row[4] or "").split(",") if x],
                 row[5], row[6], _members(conn, sid, members), _story_sections(conn, sid))


_STORY_COLS = "s.id, s.label, s.size, s.outlets, s.languages, s.first_seen, s.last_seen"


def stories(conn: sqlite3.Connection, *, since: str | None = None, section: str | None = None,
            min_size: int = 1, min_outlets: int = 1, limit: int = 20, offset: int = 0,
            members: int | None = MEMBERS_IN_LISTING) -> tuple[list[Story], int]:
    """Stories by number of outlets, then reports, then latest first.

    Args:
        since: only stories seen at or after this ISO date or time (``last_seen``).
        section: only stories filed under this section code (``IQ``, ``politics``): at least
            a third of their reports are (:data:`STORY_SECTION_SHARE`).
        min_size: only stories of at least this many reports.
        min_outlets: only stories told by at least this many outlets.
        limit, offset: paging (``limit`` clamped to 1..:data:`MAX_STORIES`).
        members: reports listed per story (``None``: all).

    Returns:
        ``(stories, total)``.
    """
    where = ["s.size >= ?", "s.outlets >= ?"]
    args: list[Any] = [min_size, min_outlets]
    if since:
        where.append("s.last_seen >= ?")
        args.append(since)
    if section:
        where.append("s.id IN (SELECT l.story FROM article_sections x JOIN article_links l "
                     "ON l.n = x.n JOIN stories t ON t.id = l.story WHERE x.code = ? "
                     "GROUP BY l.story HAVING ? * count(*) >= max(t.size))")
        args += [section, STORY_SECTION_SHARE]
    cond = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM stories s WHERE {cond}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT {_STORY_COLS} FROM stories s WHERE {cond} "
        "ORDER BY s.outlets DESC, s.size DESC, s.last_seen DESC, s.id LIMIT ? OFFSET ?",
        [*args, max(1, min(int(limit), MAX_STORIES)), max(0, int(offset))]).fetchall()
    return [_story(conn, r, members) for r in rows], int(total)


def latest_day(conn: sqlite3.Connection, min_outlets: int = 2) -> str | None:
    """The day (``YYYY-MM-DD``) of the most recent story time among stories told by at least
    ``min_outlets`` outlets, ``None`` when there is none: "today" for a live store, the last
    busy day of an archive."""
    row = conn.execute("SELECT max(last_seen) FROM stories WHERE outlets >= ?",
                       (min_outlets,)).fetchone()
    return row[0][:10] if row and row[0] else None


def story(conn: sqlite3.Connection, story_id: int) -> Story:
    """One story with every report, oldest first.

    Raises:
        KeyError: when there is no such story.
    """
    row = conn.execute(f"SELECT {_STORY_COLS} FROM stories s WHERE s.id = ?",
                       (story_id,)).fetchone()
    if row is None:
        raise KeyError(story_id)
    return _story(conn, row, None)


def section_counts(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """``(code, kind, articles)`` for every section, most articles first.

    Grouped by ``code`` alone, in the primary key's order (no temporary b-tree: ~20 ms
    instead of ~65 ms for 250k rows at 100k articles; the home page recounts it after each
    commit); a code filed under two kinds, which the connect stage never writes, is then
    counted kind by kind, so the answer is the same as grouping by ``(code, kind)``."""
    out: list[tuple[str, str, int]] = []
    for code, low, high, n in conn.execute(
            "SELECT code, min(kind), max(kind), count(*) FROM article_sections GROUP BY code"):
        if low == high:
            out.append((code, low, n))
            continue
        out += [(code, k, c) for k, c in conn.execute(
            "SELECT kind, count(*) FROM article_sections WHERE code = ? GROUP BY kind",
            (code,))]
    out.sort(key=lambda r: (-r[2], r[0], r[1]))
    return out


def section_article_ids(conn: sqlite3.Connection, code: str, limit: int = 20, offset: int = 0
                        ) -> tuple[list[str], int]:
    """Ids of the articles filed under ``code``, newest first, and their total."""
    total = conn.execute("SELECT count(*) FROM article_sections WHERE code = ?",
                         (code,)).fetchone()[0]
    ids = [i for (i,) in conn.execute(
        "SELECT a.id FROM article_sections s JOIN articles a ON a.n = s.n WHERE s.code = ? "
        "ORDER BY a.sort_time IS NULL, a.sort_time DESC, a.n DESC LIMIT ? OFFSET ?",
        (code, max(1, min(int(limit), MAX_STORIES)), max(0, int(offset))))]
    return ids, int(total)


def lsh_bytes(conn: sqlite3.Connection) -> dict[str, int] | None:
    """Bytes on disk of the LSH index (``lsh_bands`` table plus the signatures), from
    SQLite's ``dbstat`` table; ``None`` when this SQLite lacks ``dbstat``."""
    try:
        bands = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'lsh_bands'"
                             ).fetchone()[0] or 0
    except sqlite3.Error:
        return None
    sigs = conn.execute("SELECT coalesce(sum(length(signature)), 0) FROM connect_features"
                        ).fetchone()[0]
    count = conn.execute("SELECT count(*) FROM connect_features").fetchone()[0]
    return {"bands_bytes": int(bands), "signature_bytes": int(sigs), "articles": int(count)}
