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
