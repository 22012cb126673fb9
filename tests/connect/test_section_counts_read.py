"""connect.read.section_counts: grouped by code in the key's order, the same answer as
grouping by (code, kind), a code under two kinds included."""

from __future__ import annotations

import sqlite3

from mawsua.connect.read import section_counts


def test_counts_per_code_and_kind_most_first() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE article_sections (code TEXT NOT NULL, n INTEGER NOT NULL, "
                 "kind TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (code, n)) WITHOUT ROWID")
    rows = [("SA", 1, "country"), ("SA", 2, "country"), ("SA", 3, "country"),
            ("economy", 1, "topic"), ("economy", 4, "topic"),
            ("X", 5, "country"), ("X", 6, "country"), ("X", 7, "topic"), ("IQ", 8, "country")]
    conn.executemany("INSERT INTO article_sections VALUES (?, ?, ?, 1.0)", rows)
    expected = conn.execute("SELECT code, kind, count(*) AS c FROM article_sections "
                            "GROUP BY code, kind ORDER BY c DESC, code, kind").fetchall()
    assert section_counts(conn) == expected
    assert section_counts(conn) == [("SA", "country", 3), ("X", "country", 2),
                                    ("economy", "topic", 2), ("IQ", "country", 1),
                                    ("X", "topic", 1)]


def test_a_story_is_filed_under_the_sections_of_a_third_of_its_reports(tmp_path) -> None:
    """User test s21 F1: a 17-report spy story was under religion, sports and health because
    one report each was."""
    from mawsua.connect.read import _story_sections, stories
    from mawsua.store.sqlite import SqliteStore

    conn = SqliteStore(tmp_path / "s.db").conn
    conn.executemany("INSERT INTO articles (n, id, sha256, outlet, ingested_at) "
                     "VALUES (?, ?, ?, 'x', '2018')",
                     [(n, f"a{n}", f"h{n}") for n in range(1, 7)])
    conn.executemany("INSERT INTO article_links (n, dup_group, duplicate_of, story) "
                     "VALUES (?, ?, NULL, 1)", [(n, n) for n in range(1, 7)])
    conn.execute("INSERT INTO stories (id, label, label_n, size, outlets, languages, "
                 "first_seen, last_seen) VALUES (1, 'x', 1, 6, 2, 'ar', '2018', '2018')")
    rows = [("RU", n, "country") for n in range(1, 7)] + [("GB", n, "country") for n in (1, 2)] \
        + [("religion", 3, "topic"), ("politics", 1, "topic"), ("politics", 4, "topic")]
    conn.executemany("INSERT INTO article_sections (code, n, kind, score) "
                     "VALUES (?, ?, ?, 1.0)", rows)
    assert _story_sections(conn, 1) == ["RU", "GB", "politics"]
    assert [s.id for s in stories(conn, section="politics", members=0)[0]] == [1]
    assert stories(conn, section="religion", members=0) == ([], 0)
