"""Append-only schema migrations of the SQLite store.

Each :class:`Migration` runs once, in its own transaction, and is recorded in
``schema_migrations(version, applied_at)``. Never edit or reorder a released migration: append
a new one. Opening a database whose newest version is unknown to this code fails with
``E_STORE`` (a newer Mawsua wrote it).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from mawsua.store.fts import COLUMNS


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: a version number, a one-line description and its SQL statements."""

    version: int
    description: str
    statements: tuple[str, ...]


_FTS_COLUMNS = ", ".join(COLUMNS)

#: SQLite migration 13 and PostgreSQL migration 5 (the same statements on both): queue every
#: stored signature of scheme 1 for recomputing and drop the band keys made from them (the
#: exact keys, the links and the stories already found stay)
SIGNATURE_SCHEME_2: tuple[str, ...] = (
    "CREATE TABLE signature_pending (n BIGINT PRIMARY KEY)",
    "INSERT INTO signature_pending (n) SELECT n FROM connect_features "
    "WHERE signature IS NOT NULL AND length(signature) > 0",
    "DELETE FROM lsh_bands",
)


def _userinfo_sql(col: str) -> tuple[str, str, str]:
    """SQL expressions over the URL column ``col``: what follows ``://``, the position of the
    first ``@`` in it, and the end of its authority (the first ``/``, ``?`` or ``#``; past the
    end when none): user info is there when ``1 < @ < end`` (RFC 3986 §3.2)."""
    rest = f"substr({col}, instr({col}, '://') + 3)"
    at = f"instr({rest}, '@')"
    end = "min(" + ", ".join(f"CASE instr({rest}, '{c}') WHEN 0 THEN length({rest}) + 1 "
                             f"ELSE instr({rest}, '{c}') END" for c in "/?#") + ")"
    return rest, at, end


_REST, _AT, _END = _userinfo_sql("url")
_REST_F, _AT_F, _END_F = _userinfo_sql("feed_url")


#: the migrations, oldest first (append only)
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, their stored documents and raw bytes, and the folded full-text index",
        (
            """CREATE TABLE articles (
                n INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                sha256 TEXT NOT NULL UNIQUE,
                outlet TEXT,
                url TEXT,
                published TEXT,
                published_local TEXT,
                sort_time TEXT,
                section TEXT,
                language TEXT,
                title TEXT,
                title_derived INTEGER NOT NULL DEFAULT 0,
                ingested_at TEXT NOT NULL
            )""",
            # one row per (outlet, url); a NULL outlet counts as one outlet
            """CREATE UNIQUE INDEX articles_outlet_url ON articles (coalesce(outlet, ''), url)
               WHERE url IS NOT NULL""",
            "CREATE INDEX articles_time ON articles (sort_time, n)",
            "CREATE INDEX articles_outlet_time ON articles (outlet, sort_time, n)",
            "CREATE INDEX articles_section_time ON articles (section, sort_time, n)",
            "CREATE INDEX articles_language_time ON articles (language, sort_time, n)",
            # blobs apart, so that listing and counting scan small rows
            """CREATE TABLE documents (
                n INTEGER PRIMARY KEY REFERENCES articles (n),
                doc BLOB NOT NULL,
                body BLOB NOT NULL,
                raw_text BLOB,
                raw BLOB NOT NULL
            )""",
            # contentless: the folded text is not stored twice (SQLite 3.40 has no
            # contentless_delete; articles are never deleted in place)
            f"""CREATE VIRTUAL TABLE articles_fts USING fts5 ({_FTS_COLUMNS}, content='',
                tokenize='unicode61 remove_diacritics 0')""",
        ),
    ),
    Migration(
        2,
        "entity names per article, for the --entity search filter",
        (
            """CREATE TABLE article_entities (
                n INTEGER NOT NULL REFERENCES articles (n),
                key TEXT NOT NULL,
                type TEXT NOT NULL,
                canonical TEXT NOT NULL,
                PRIMARY KEY (key, n)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        3,
        "look articles up by an entity's canonical name",
        ("CREATE INDEX article_entities_canonical ON article_entities (canonical, n)",),
    ),
    Migration(
        4,
        "connect: duplicates (exact keys, MinHash LSH bands), stories and sections",
        (
            # per-article features the linker compares (see mawsua.connect.features)
            """CREATE TABLE connect_features (
                n INTEGER PRIMARY KEY REFERENCES articles (n),
                time TEXT,
                exact_key BLOB,
                signature BLOB NOT NULL,
                data BLOB NOT NULL
            )""",
            """CREATE INDEX connect_features_exact ON connect_features (exact_key)
               WHERE exact_key IS NOT NULL""",
            # the MinHash LSH index: one row per (band key, article)
            """CREATE TABLE lsh_bands (
                key INTEGER NOT NULL,
                n INTEGER NOT NULL,
                PRIMARY KEY (key, n)
            ) WITHOUT ROWID""",
            # story candidate keys (heaviest terms, entities) with the story time
            """CREATE TABLE story_keys (
                key INTEGER NOT NULL,
                time TEXT NOT NULL,
                n INTEGER NOT NULL,
                PRIMARY KEY (key, time, n)
            ) WITHOUT ROWID""",
            # results: duplicate group and story of each connected article (article n's)
            """CREATE TABLE article_links (
                n INTEGER PRIMARY KEY REFERENCES articles (n),
                dup_group INTEGER NOT NULL,
                duplicate_of INTEGER,
                story INTEGER NOT NULL
            )""",
            "CREATE INDEX article_links_dup_group ON article_links (dup_group)",
            "CREATE INDEX article_links_story ON article_links (story)",
            # one row per story; id = n of its earliest report
            """CREATE TABLE stories (
                id INTEGER PRIMARY KEY,
                label TEXT,
                label_n INTEGER,
                size INTEGER NOT NULL,
                outlets INTEGER NOT NULL,
                languages TEXT NOT NULL,
                first_seen TEXT,
                last_seen TEXT
            )""",
            "CREATE INDEX stories_last_seen ON stories (last_seen)",
            # country (ISO 3166-1 alpha-2) and topic sections of each article
            """CREATE TABLE article_sections (
                code TEXT NOT NULL,
                n INTEGER NOT NULL,
                kind TEXT NOT NULL,
                score REAL NOT NULL,
                PRIMARY KEY (code, n)
            ) WITHOUT ROWID""",
            "CREATE INDEX article_sections_n ON article_sections (n)",
        ),
    ),
    # 4 (connect) and 5 (live ingestion) were built side by side: the runner applies migrations
    # by membership, so a database made by either branch alone (1, 2, 3, 4 or 1, 2, 3, 5) gets
    # the other one; each creates only tables of its own.
    Migration(
        5,
        "feed and site sources, their fetch state, the entries seen and a poll log",
        (
            """CREATE TABLE sources (
                id INTEGER PRIMARY KEY,
                url TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                section TEXT,
                title TEXT,
                feed_url TEXT,
                added_at TEXT NOT NULL,
                etag TEXT,
                last_modified TEXT,
                last_fetch TEXT,
                last_status TEXT,
                last_error TEXT,
                last_new INTEGER NOT NULL DEFAULT 0,
                errors INTEGER NOT NULL DEFAULT 0,
                consecutive_errors INTEGER NOT NULL DEFAULT 0,
                failure_score REAL NOT NULL DEFAULT 0,
                interval_s REAL,
                next_poll TEXT,
                disabled_reason TEXT,
                polls INTEGER NOT NULL DEFAULT 0
            )""",
            """CREATE TABLE source_entries (
                source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                url TEXT,
                article_id TEXT,
                outcome TEXT NOT NULL,
                seen_at TEXT NOT NULL,
                PRIMARY KEY (source_id, key)
            ) WITHOUT ROWID""",
            """CREATE TABLE source_polls (
                n INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL,
                at TEXT NOT NULL,
                status TEXT NOT NULL,
                new INTEGER NOT NULL DEFAULT 0,
                reason TEXT
            )""",
            "CREATE INDEX source_polls_source ON source_polls (source_id, n)",
        ),
    ),
    Migration(
        7,
        "saved searches with alerts, and the outbox of their deliveries",
        (
            # one saved search; ``last_n`` is the newest article n already matched against it
            """CREATE TABLE alerts (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                query TEXT NOT NULL,
                entity TEXT,
                section TEXT,
                outlet TEXT,
                language TEXT,
                webhook TEXT,
                email TEXT,
                secret TEXT NOT NULL,
                allow_private INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                last_n INTEGER NOT NULL DEFAULT 0
            )""",
            # one delivery per (alert, article, channel), never two: the UNIQUE key
            """CREATE TABLE alert_outbox (
                id INTEGER PRIMARY KEY,
                alert_id INTEGER NOT NULL,
                article_id TEXT NOT NULL,
                channel TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending',
                attempts INTEGER NOT NULL DEFAULT 0,
                next_try TEXT NOT NULL,
                lease_until TEXT,
                last_error TEXT,
                created_at TEXT NOT NULL,
                sent_at TEXT,
                UNIQUE (alert_id, article_id, channel)
            )""",
            "CREATE INDEX alert_outbox_due ON alert_outbox (status, next_try)",
        ),
    ),
    # 6 is taken by work built beside this one (the runner applies by membership).
    Migration(
        8,
        "readable plain text per article (article_text, kept on insert) and the articles_plain "
        "view, for sqlite3 and datasette users",
        (
            # the repaired text uncompressed (documents.body is Zstandard): read-only for users
            """CREATE TABLE article_text (
                n INTEGER PRIMARY KEY REFERENCES articles (n),
                text TEXT NOT NULL
            )""",
            # backfill: mawsua_unzstd is registered on every connection the store opens
            """INSERT INTO article_text (n, text)
               SELECT n, mawsua_unzstd(body) FROM documents ORDER BY n""",
            # one readable row per article; needs no Mawsua function, so any SQLite client
            # can read it (connections: story and earliest copy; NULL before connecting)
            """CREATE VIEW articles_plain AS
               SELECT a.id, a.outlet, a.url, a.published, a.published_local, a.section,
                      a.language, a.title, t.text, l.story AS story_id,
                      dup.id AS duplicate_of, a.ingested_at
               FROM articles a JOIN article_text t ON t.n = a.n
               LEFT JOIN article_links l ON l.n = a.n
               LEFT JOIN articles dup ON dup.n = l.duplicate_of""",
        ),
    ),
    # 9: numbered after main's 8 (6 and 7 are reserved there for work built beside)
    Migration(
        9,
        "full-text index rebuilt with the raw spellings of repaired words (and elongated words "
        "as usually written); every stored article is queued in fts_pending and indexed again "
        "from its stored document when the store is next opened for writing",
        (
            "DROP TABLE IF EXISTS articles_fts",
            f"""CREATE VIRTUAL TABLE articles_fts USING fts5 ({_FTS_COLUMNS}, content='',
                tokenize='unicode61 remove_diacritics 0')""",
            "CREATE TABLE fts_pending (n INTEGER PRIMARY KEY)",
            "INSERT INTO fts_pending (n) SELECT n FROM articles",
        ),
    ),
    # 10: the analyst's desk (11 and 12 are taken by work built beside this one)
    Migration(
        10,
        "the analyst's desk: entities across articles (names, counts, periods), quotations "
        "with their speaker and a folded full-text index, the entities named in each "
        "quotation; every stored article is queued in desk_pending and filled in from its "
        "stored document when the store is next opened for writing",
        (
            """CREATE TABLE entities (
                canonical TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                country TEXT,
                articles INTEGER NOT NULL DEFAULT 0,
                mentions INTEGER NOT NULL DEFAULT 0,
                first_seen TEXT,
                last_seen TEXT
            )""",
            "CREATE INDEX entities_articles ON entities (articles DESC)",
            """CREATE TABLE entity_articles (
                canonical TEXT NOT NULL,
                n INTEGER NOT NULL,
                type TEXT NOT NULL,
                country TEXT,
                mentions INTEGER NOT NULL,
                time TEXT,
                PRIMARY KEY (canonical, n)
            ) WITHOUT ROWID""",
            # covering (the primary key's canonical rides along): co-mentions, section counts
            "CREATE INDEX entity_articles_n ON entity_articles (n, time, type, mentions)",
            "CREATE INDEX entity_articles_time ON entity_articles (time, canonical)",
            "CREATE INDEX entity_articles_canonical_time ON entity_articles (canonical, time)",
            # each name an entity was written with, and in how many articles
            """CREATE TABLE entity_names (
                canonical TEXT NOT NULL,
                name TEXT NOT NULL,
                articles INTEGER NOT NULL,
                PRIMARY KEY (canonical, name)
            ) WITHOUT ROWID""",
            # distinct (lookup key, canonical name) pairs of article_entities: resolving a
            # name reads a few rows, not one per article
            """CREATE TABLE entity_keys (
                key TEXT NOT NULL,
                canonical TEXT NOT NULL,
                PRIMARY KEY (key, canonical)
            ) WITHOUT ROWID""",
            """INSERT OR IGNORE INTO entity_keys (key, canonical)
               SELECT DISTINCT key, canonical FROM article_entities""",
            """CREATE TABLE quotes (
                id INTEGER PRIMARY KEY,
                n INTEGER NOT NULL REFERENCES articles (n),
                idx INTEGER NOT NULL,
                label TEXT NOT NULL,
                text TEXT NOT NULL,
                speaker TEXT,
                speaker_canonical TEXT,
                speaker_key TEXT,
                cue TEXT,
                language TEXT,
                time TEXT,
                start INTEGER NOT NULL,
                end INTEGER NOT NULL,
                UNIQUE (n, idx)
            )""",
            "CREATE INDEX quotes_time ON quotes (time, id)",
            "CREATE INDEX quotes_speaker ON quotes (speaker_canonical, time)",
            "CREATE INDEX quotes_speaker_key ON quotes (speaker_key, time)",
            f"""CREATE VIRTUAL TABLE quotes_fts USING fts5 ({_FTS_COLUMNS}, content='',
                tokenize='unicode61 remove_diacritics 0')""",
            """CREATE TABLE quote_entities (
                canonical TEXT NOT NULL,
                quote INTEGER NOT NULL,
                time TEXT,
                PRIMARY KEY (canonical, quote)
            ) WITHOUT ROWID""",
            "CREATE INDEX quote_entities_time ON quote_entities (canonical, time)",
            "CREATE TABLE desk_pending (n INTEGER PRIMARY KEY)",
            "INSERT INTO desk_pending (n) SELECT n FROM articles",
        ),
    ),
    # 11: 10 and 12 are reserved for work built beside this one (the runner applies by
    # membership). Reading state is keyed on the article id (text), not on ``articles.n``, so
    # that it survives re-ingest and ``stories --rebuild``.
    Migration(
        11,
        "reader accounts: users, web and API sessions, failed logins, settings, per-user "
        "reading state (read, starred), content filters and the numeric feed ids of outlets "
        "for reader apps",
        (
            """CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                password TEXT NOT NULL,
                api_password TEXT,
                fever_key TEXT,
                is_admin INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX users_fever_key ON users (fever_key)",
            # only the SHA-256 of a session token is stored (a stolen file gives no session)
            """CREATE TABLE user_sessions (
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL,
                kind TEXT NOT NULL,
                csrf TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            )""",
            "CREATE INDEX user_sessions_user ON user_sessions (user_id)",
            """CREATE TABLE login_failures (
                n INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                client TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            "CREATE INDEX login_failures_name ON login_failures (name, at)",
            "CREATE INDEX login_failures_client ON login_failures (client, at)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE reading_state (
                user_id INTEGER NOT NULL,
                article_id TEXT NOT NULL,
                read INTEGER NOT NULL DEFAULT 0,
                starred INTEGER NOT NULL DEFAULT 0,
                changed_at TEXT NOT NULL,
                PRIMARY KEY (user_id, article_id)
            ) WITHOUT ROWID""",
            # a stable number per outlet ('' = unknown): the feed id reader apps are given
            "CREATE TABLE reader_feeds (id INTEGER PRIMARY KEY, outlet TEXT NOT NULL UNIQUE)",
            # per-user content filters: hide (or keep only) articles whose title, text,
            # outlet or entity matches; applied when listing, so they cover stored articles
            """CREATE TABLE user_filters (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL,
                action TEXT NOT NULL,
                field TEXT NOT NULL,
                pattern TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX user_filters_user ON user_filters (user_id)",
        ),
    ),
    # 12: numbered after 10 and 11 (reserved for work built beside)
    Migration(
        12,
        "source credentials kept apart from the source URL: sources.credentials holds the user "
        "info a URL was added with, the URL (and a site's feed URL) keeps none",
        (
            "ALTER TABLE sources ADD COLUMN credentials TEXT",
            f"""UPDATE OR IGNORE sources SET credentials = substr({_REST}, 1, {_AT} - 1),
                   url = substr(url, 1, instr(url, '://') + 2) || substr({_REST}, {_AT} + 1)
               WHERE instr(url, '://') > 0 AND {_AT} > 1 AND {_AT} < {_END}""",
            f"""UPDATE sources SET feed_url = substr(feed_url, 1, instr(feed_url, '://') + 2)
                   || substr({_REST_F}, {_AT_F} + 1)
               WHERE instr(feed_url, '://') > 0 AND {_AT_F} > 1 AND {_AT_F} < {_END_F}""",
        ),
    ),
    Migration(
        13,
        "MinHash signatures of scheme 2 (numpy multiply-shift over BLAKE2b word hashes; scheme 1 "
        "was datasketch's SHA-1): the stored scheme-1 signatures are queued in "
        "signature_pending and their LSH band keys removed, so that no new article is compared "
        "with a signature of the other scheme; the application recomputes the queued ones "
        "from the stored articles (mawsua.app.connect.refresh_signatures)",
        SIGNATURE_SCHEME_2,
    ),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def applied_versions(conn: sqlite3.Connection) -> list[int]:
    """Versions recorded in ``schema_migrations`` (empty when the table does not exist)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if row is None:
        return []
    return [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations not yet applied, each in its own ``BEGIN IMMEDIATE`` transaction.

    Args:
        conn: a writable connection in autocommit mode (``isolation_level=None``).
        migrations: the list to apply (default :data:`MIGRATIONS`).

    Returns:
        The versions applied by this call (empty when the schema was up to date).

    Raises:
        sqlite3.DatabaseError: when the file is not a database or a statement fails.
        RuntimeError: when the database has a version this code does not know.
    """
    known = {m.version for m in migrations}
    done: list[int] = []
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    unknown = set(applied_versions(conn)) - known
    if unknown:
        raise RuntimeError(f"database schema version {max(unknown)} is newer than this code")
    for m in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute(
                "SELECT 1 FROM schema_migrations WHERE version = ?", (m.version,)
            ).fetchone():
                conn.execute("COMMIT")
                continue
            for sql in m.statements:
                conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                (m.version, _now()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(m.version)
    return done
