"""Read-side queries for the CLI and the website: the only door from the shells to the store.

Each function opens nothing itself: callers pass a store from :func:`open_store` (one per
process or per request thread). The store is the default SQLite one unless told otherwise.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mawsua.annotate.gazetteer import other_names
from mawsua.app import outlets
from mawsua.app.languages import LANGUAGE_NAMES, language_code
from mawsua.arabic.fold import tokens
from mawsua.model import Article
from mawsua.model.results import ArticleSummary, Facets, Page, SearchHit, SearchQuery
from mawsua.store import desk as store_desk
from mawsua.store.fts import parse_query
from mawsua.store.postgres import is_url, redacted
from mawsua.store.postgres import open_store as _open_store
from mawsua.store.sqlite import SqliteStore

DEFAULT_DB = "mawsua.db"
#: longest query text accepted (code points), by the CLI and the API alike
MAX_QUERY_CHARS = 500

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def iso_date(value: str | None) -> str | None:
    """Normalise a date bound given by a user: ``YYYY-MM-DD`` or an ISO 8601 date-time, in
    ASCII, Arabic-Indic or Persian digits; blank means no bound.

    Returns:
        The ISO string with ASCII digits, or ``None`` for ``None``/blank.

    Raises:
        ValueError: with a message giving the expected shape, for anything else.
    """
    if value is None or not value.strip():
        return None
    value = value.strip().translate(_DIGITS)
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"expected a date YYYY-MM-DD or an ISO 8601 date-time such as 2021-07-26T23:55, "
            f"got {value!r}"
        ) from None
    return value


def check_query_text(text: str) -> str:
    """Return ``text`` when it is at most :data:`MAX_QUERY_CHARS` long.

    Raises:
        ValueError: when it is longer.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise ValueError(f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS}")
    return text


def has_search_words(text: str) -> bool:
    """Whether ``text`` has anything to search for once folded (letters or digits)."""
    return bool(tokens(text))


#: why a query of exclusions alone is refused (CLI, API, pages and feeds say the same)
EXCLUSIONS_ONLY = ("the query only excludes words (-word): give at least one word to search "
                   "for, e.g. 'سوريا -تركيا'")


def query_problem(text: str, *, filtered: bool) -> str | None:
    """Why the query ``text`` cannot be searched, or ``None`` when it can.

    A query needs something to find: letters or digits (unless a filter such as an outlet or a
    date is given, which then lists the newest matching articles), and at least one word or
    phrase that is not excluded: ``-word`` alone would match no article, whatever the filters
    (docs/search.md). Blank text is no problem here; callers decide whether blank is allowed.

    Args:
        text: the query as typed.
        filtered: whether any filter (outlet, section, language, entity, since, until) is set.

    Returns:
        An English sentence naming the problem, or ``None``.
    """
    if not text.strip():
        return None
    if not has_search_words(text):
        return None if filtered else f"{text!r} has no letters or digits to search for"
    if parse_query(text).excludes_only:
        return EXCLUSIONS_ONLY
    return None


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database: ``explicit``, else ``$MAWSUA_DB``, else ``./mawsua.db``; a SQLite file
    path, or a ``postgresql://`` URL kept as the string it is (a ``Path`` would fold its
    ``//``)."""
    target = explicit or os.environ.get("MAWSUA_DB") or DEFAULT_DB
    if is_url(target):
        return target  # type: ignore[return-value]
    return Path(target)


def open_store(path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> SqliteStore:
    """Open (creating and migrating when writable) the store :func:`db_path` names: a SQLite
    file, or a PostgreSQL database for a ``postgresql://`` URL
    (:class:`~mawsua.store.postgres.PostgresStore`).

    Raises:
        mawsua.errors.MawsuaError: ``E_STORE`` when the file cannot be opened as a database,
            or the PostgreSQL server cannot be reached (one line, password hidden).
    """
    return _open_store(str(db_path(path)), readonly=readonly)


@contextmanager
def open_new_or_existing(path: str | os.PathLike[str] | None = None) -> Iterator[SqliteStore]:
    """:func:`open_store` (writable) for a command that may fail: when the SQLite file did
    not exist before and the command ends with an error (any exception: a coded
    :class:`~mawsua.errors.MawsuaError`, Ctrl-C, a non-zero ``typer.Exit`` raised inside the
    block...) while the new database holds no article, the file (and its
    ``-wal``/``-shm``/``-journal``) is removed, so a failed
    command leaves no new empty database behind (user test s25: ``reprocess --db
    rebuilt.db`` without an archive left a 340 KB empty schema). An existing database, a
    PostgreSQL one, or a new one holding articles is never removed."""
    target = db_path(path)
    new = not is_url(target) and not os.path.lexists(target)
    try:
        with open_store(target) as store:
            yield store
    except BaseException as exc:
        if new and getattr(exc, "exit_code", 1) != 0:  # an Exit(0) is no failure
            _discard_if_empty(Path(target))
        raise


def _discard_if_empty(path: Path) -> None:
    """Remove the SQLite database ``path`` and its side files when it holds no article."""
    try:
        with open_store(path, readonly=True) as store:
            if store.count():
                return
    except Exception:  # noqa: BLE001 - not a database we can read: leave it alone
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def is_database_url(target: object) -> bool:
    """Whether a ``--db`` value is a PostgreSQL URL rather than a SQLite file."""
    return is_url(target)


def db_label(target: str | os.PathLike[str]) -> str:
    """A ``--db`` value as messages show it: a PostgreSQL URL with its password hidden."""
    return redacted(str(target)) if is_url(target) else str(target)


def latest(store: SqliteStore, *, limit: int = 20, offset: int = 0, outlet: str | None = None,
           section: str | None = None, language: str | None = None) -> Page[ArticleSummary]:
    """Newest articles first (by publication time, then ingest order). An ``outlet`` filter
    matches every name of that outlet (:func:`mawsua.app.outlets.other_names`)."""
    return store.latest(limit=limit, offset=offset, outlet=outlet, section=section,
                        language=language,
                        outlet_names=outlets.other_names(outlet) if outlet else ())


def stored_outlets(store: SqliteStore) -> list[str]:
    """The outlet values of the stored articles (``[]`` when the store cannot list them)."""
    counts = getattr(store, "outlet_counts", None)
    return [o for o in counts() if o] if counts is not None else []


def outlet_stored(store: SqliteStore, outlet: str) -> bool:
    """Whether any stored article is of the outlet ``outlet`` names (any of its names)."""
    ident = outlets.identity(outlet)
    return any(outlets.identity(o) == ident for o in stored_outlets(store))


def widen(store: SqliteStore, query: SearchQuery) -> SearchQuery:
    """``query`` with the other names of its entity (:func:`mawsua.annotate.gazetteer.
    other_names`), of its outlet (:func:`mawsua.app.outlets.other_names`) and the stored
    values of its source section (:func:`section_values`) filled in, and the stored spellings
    of the person names among its words (:func:`name_spellings`); a language given by name
    becomes its code (:func:`mawsua.app.languages.language_code`: ``English``,
    ``الإنجليزية`` → ``en``)."""
    if query.language and query.language != language_code(query.language):
        query = replace(query, language=language_code(query.language))
    if query.entity and not query.entity_names:
        query = replace(query, entity_names=other_names(query.entity))
    if query.outlet and not query.outlet_names:
        query = replace(query, outlet_names=outlets.other_names(query.outlet))
    if query.section and not query.section_names:
        query = replace(query, section_names=section_values(store, query.section))
    if query.text and not query.spellings:
        query = replace(query, spellings=name_spellings(store, query.text))
    return query


def name_spellings(store: SqliteStore, text: str) -> tuple[tuple[str, str], ...]:
    """``(folded word, spelling)`` pairs: the other stored spellings of each one-word
    person name in the query ``text`` (:func:`mawsua.store.desk.name_spellings`: ``بوتين``
    also finds ``بوتن`` once the entity layer joined them); ``()`` without the desk tables."""
    if not (isinstance(store, SqliteStore) and store_desk.has_desk(store.conn)):
        return ()
    parsed = parse_query(text)
    words = [a[0] for a in (*((w,) for w, _ in parsed.terms),
                            *(a for group in parsed.any_of for a in group)) if len(a) == 1]
    if not words:
        return ()
    with store.lock:
        return tuple(store_desk.name_spellings(store.conn, words))


#: seconds the list of stored source sections is reused (a section filter widens against it;
#: reading it costs a scan of the section index: ~40 ms at 100k articles)
SECTIONS_TTL_S = 60.0
_SECTIONS: dict[str, tuple[float, list[str]]] = {}


def stored_sections(store: SqliteStore) -> list[str]:
    """The distinct source-section values of the stored articles, sorted (``[]`` when the
    store cannot list them). Read once per :data:`SECTIONS_TTL_S` per database: a section
    first stored meanwhile is matched exactly only until then."""
    conn = getattr(store, "conn", None)
    if conn is None:  # a store without SQL (tests' fakes): its facets
        facets_of = getattr(store, "facets", None)
        return sorted(v for v, _ in facets_of().sections) if facets_of is not None else []
    key = str(getattr(store, "path", id(store)))
    now = time.monotonic()
    got = _SECTIONS.get(key)
    if got is None or now - got[0] > SECTIONS_TTL_S:
        with store.lock:
            rows = conn.execute("SELECT DISTINCT section FROM articles "
                                "WHERE section IS NOT NULL").fetchall()
        if len(_SECTIONS) >= 64:
            _SECTIONS.clear()
        got = _SECTIONS[key] = (now, sorted(r[0] for r in rows if r[0]))
    return got[1]


def section_values(store: SqliteStore, section: str) -> tuple[str, ...]:
    """The stored source-section values a ``section`` filter stands for: other casings and
    separators of it, and the English slugs the pages show under the Arabic name typed
    (``سياسة`` → ``politics``; :func:`mawsua.app.outlets.section_values`)."""
    return outlets.section_values(section, stored_sections(store))


def filter_notes(store: SqliteStore, query: SearchQuery, total: int) -> list[dict[str, Any]]:
    """Why a filtered search found nothing, when a filter names nothing stored: the notes of
    :func:`unknown_filters`; ``[]`` when something was found. The CLI prints them as notes,
    the API returns them as ``notes``."""
    return [] if total else unknown_filters(store, query)


def unknown_filters(store: SqliteStore, query: SearchQuery) -> list[dict[str, Any]]:
    """The filters of ``query`` that name nothing stored, as ``[{"code", "reason", "filter",
    "value", "known"}]``: ``W_UNKNOWN_OUTLET`` (``known``: the stored outlets, up to 20),
    ``W_UNKNOWN_SECTION`` (the stored source sections, with their Arabic names in the
    reason), ``W_UNKNOWN_LANGUAGE`` (the stored language codes; a language is matched by
    code, English or Arabic name) and ``W_UNKNOWN_ENTITY`` (no stored article names an
    entity by that name or spelling; ``known`` empty); ``filter`` is the parameter's name,
    ``value`` as given, ``reason`` one English sentence. ``[]`` when every filter names
    stored articles. Used for a search that found nothing (:func:`filter_notes`) and for a
    saved search when it is added (an alert that can never fire; ``mawsua alerts add``).
    Costs a few indexed lookups per filter given."""
    notes: list[dict[str, Any]] = []
    if query.outlet is not None and not outlet_stored(store, query.outlet):
        known = sorted(stored_outlets(store))[:20]
        notes.append({"code": "W_UNKNOWN_OUTLET", "reason": f"no article of the outlet "
                      f"{query.outlet!r} is stored (outlets: {', '.join(known)})",
                      "filter": "outlet", "value": query.outlet, "known": known})
    if query.section is not None and not section_values(store, query.section):
        name = outlets.source_section_name
        known = stored_sections(store)[:20]
        listed = ", ".join(f"{v} ({name(v)})" if name(v) != v else v for v in known)
        notes.append({"code": "W_UNKNOWN_SECTION", "reason": f"no article of the source "
                      f"section {query.section!r} is stored (sections: {listed})",
                      "filter": "section", "value": query.section, "known": known})
    if query.language and not _any_stored(store, SearchQuery(language=query.language)):
        names = LANGUAGE_NAMES
        known = [v for v, _ in store.facets().languages[:20]]
        listed = ", ".join(f"{v} ({names[v]})" if v in names else v for v in known)
        notes.append({"code": "W_UNKNOWN_LANGUAGE", "reason": f"no article in the language "
                      f"{query.language!r} is stored (languages: {listed or 'none'}; give a "
                      "code such as ar or en, or its name: English, الإنجليزية)",
                      "filter": "language", "value": query.language, "known": known})
    if query.entity and not _any_stored(store, SearchQuery(entity=query.entity)):
        notes.append({"code": "W_UNKNOWN_ENTITY", "reason": f"no stored article names an "
                      f"entity {query.entity!r} (any spelling; `mawsua entities` lists them)",
                      "filter": "entity", "value": query.entity, "known": []})
    return notes


def _any_stored(store: SqliteStore, query: SearchQuery) -> bool:
    """Whether any stored article passes the filters of ``query`` (widened as a search is)."""
    return store.search(widen(store, replace(query, text="", limit=1, offset=0))).total > 0


def search(store: SqliteStore, query: SearchQuery) -> Page[SearchHit]:
    """Full-text search over folded, lightly stemmed text; exact word forms rank first.

    An ``entity`` filter is widened to the other names of the gazetteer entities it names
    (:func:`mawsua.annotate.gazetteer.other_names`: ``Doha`` → ``الدوحة``, ``كيري`` →
    ``John Kerry``/``جون كيري``), an ``outlet`` filter to every name of that outlet
    (:func:`mawsua.app.outlets.other_names`)."""
    return store.search(widen(store, query))


def get_article(store: SqliteStore, article_id: str) -> Article:
    """One stored article with every layer.

    Raises:
        KeyError: when no article has this id.
    """
    return store.get(article_id)


def facets(store: SqliteStore) -> Facets:
    """Outlet, section and language counts for filter menus. The names of one outlet
    (:func:`mawsua.app.outlets.identity`: ``arabiya`` and a dump's ``العربية``) are one entry
    under its most frequent stored name, with their counts added (the filter on that name
    matches them all, :func:`outlet_names`); so are the source sections shown under one
    Arabic name (``middleEast`` and ``mideast``: الشرق الأوسط; :func:`section_values`)."""
    f = store.facets()
    return replace(f, outlets=_merged(f.outlets, lambda v: outlets.identity(v) if v else ""),
                   sections=_merged(f.sections, outlets.source_section_name))


def _merged(options: list[tuple[str, int]], same: Callable[[str], str]
            ) -> list[tuple[str, int]]:
    """Facet options ``[(value, count)]`` whose ``same(value)`` is equal as one entry under
    the most frequent value, counts added, most frequent first."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for value, n in options:
        groups.setdefault(same(value), []).append((value, n))
    if len(groups) == len(options):
        return options
    merged = [(max(g, key=lambda p: p[1])[0], sum(n for _, n in g)) for g in groups.values()]
    merged.sort(key=lambda p: (-p[1], p[0]))
    return merged
