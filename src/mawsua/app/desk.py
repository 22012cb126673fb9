"""The analyst's desk: entity listings and pages, who said what, breaking stories and the
counts the charts draw. The CLI (``mawsua entities``, ``quotes``, ``trending``), the pages
(``/entities``, ``/entity/{id}``, ``/quotes``, the home page's breaking stories) and the API
(``/api/v1/entities``, ``/entities/{id}``, ``/quotes``, ``/trending``, ``/timeline``) all call
these functions. Tables and their rows: :mod:`mawsua.store.desk`.

**Breaking stories** (after EMM NewsBrief's breaking-news detection: a story whose number of
reports grows fast against the recent rate). With ``t`` the reference time (the newest story
time told by two outlets, as for the home page's top stories, or the ``at`` given), ``W`` the
window (default 6 hours) and ``B`` the baseline before it (default 24 hours), count for each
story its original reports (copies left out) and its distinct outlets in ``[t-W, t]`` (``r``,
``o``) and in ``[t-W-B, t-W)`` (``r_b``, ``o_b``), and the flow: all original articles stored
in each period (``N``, ``N_b``). The expected counts in the window at the baseline's rate,
scaled by the flow, are ``e_r = r_b·N/N_b`` and ``e_o = o_b·N/N_b``; the growth score is the
larger Poisson z-score ``max((r - e_r)/√(e_r + 1), (o - e_o)/√(e_o + 1))``. A story is
breaking when ``r ≥ 3``, ``o ≥ 2`` and the score is at least 2; the list is by score. When the
baseline holds fewer than 20 articles (a gap in the store: no recent rate to compare with),
nothing is called breaking. The same formula over the original articles naming an entity
(at least 3, from at least 2 outlets) gives the entities in the news (``entities`` of the
result).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from mawsua.annotate.gazetteer import other_names, read_entries
from mawsua.arabic.fold import fold
from mawsua.arabic.reporting import UNNAMED_SOURCES
from mawsua.arabic.reporting import key as cue_key
from mawsua.arabic.variants import is_latin
from mawsua.model.results import ArticleSummary
from mawsua.store import desk as store_desk
from mawsua.store import fts
from mawsua.store.sqlite import SqliteStore, entity_lookup_keys, normalize_time

#: entity types a listing can be limited to
ENTITY_TYPES = ("PERSON", "ORGANIZATION", "LOCATION")
#: default window and baseline of :func:`trending` (hours), and the thresholds
WINDOW_HOURS = 6.0
BASELINE_HOURS = 24.0
MIN_REPORTS = 3
MIN_OUTLETS = 2
MIN_SCORE = 2.0
#: fewest original articles the baseline must hold for anything to be called breaking (a
#: store with a gap before the window has no recent rate to compare with)
MIN_BASELINE = 20
#: default period of the entity listing when none is given: this many days up to the newest
#: article
DEFAULT_DAYS = 7
#: period of a section's listing when none is given
SECTION_DAYS = 30


_ARABIC_LETTER = re.compile("[\u0621-\u064A]")


@cache
def _arabic_names() -> dict[str, str]:
    """Gazetteer canonical name → its Arabic name: for a country, CLDR's Arabic name of the
    territory (``Egypt`` → ``مصر``, not the official long form); otherwise the first Arabic
    spelling its row lists (the usual full name: ``Abdel Fattah el-Sisi`` →
    ``عبد الفتاح السيسي``)."""
    from babel import Locale

    territories = Locale("ar").territories
    out: dict[str, str] = {}
    for spelling, entry in read_entries():
        if entry.canonical in out:
            continue
        if "country" in entry.flags and entry.country in territories:
            out[entry.canonical] = str(territories[entry.country])
        elif _ARABIC_LETTER.search(spelling):
            out[entry.canonical] = spelling
    return out


def entity_label(canonical: str) -> str:
    """How an Arabic page or listing names an entity: the Arabic name of a gazetteer entity
    whose canonical name is Latin (:func:`_arabic_names`), else the canonical name itself
    (already Arabic for entities found in the text only). Display only: links, filters and
    the API keep the canonical name."""
    if _ARABIC_LETTER.search(canonical):
        return canonical
    return _arabic_names().get(canonical, canonical)


def _ready(store: Any) -> bool:
    return isinstance(store, SqliteStore) and store_desk.has_desk(store.conn)


def _normal(value: str | None) -> str | None:
    return normalize_time(value) if value else None


def default_since(store: SqliteStore, days: int = DEFAULT_DAYS) -> str | None:
    """The first day of the ``days`` days ending with the newest stored article (``None`` for
    an empty store): the listing's default period, "this week" for a live store and the last
    week of an archive."""
    if not _ready(store):
        return None
    newest = store_desk.newest_time(store.conn)
    if not newest:
        return None
    return store_desk.iso_minus(newest[:10], 24.0 * (days - 1))[:10]


def listing_period(store: SqliteStore, since: str | None, until: str | None,
                   section: str | None) -> tuple[str | None, str | None, bool]:
    """The period an entity listing counts: ``(since, until, implicit)``. A ``section``
    without a period counts the last :data:`SECTION_DAYS` days up to the newest article
    (``implicit`` is then True, so the CLI and API can say so); otherwise the period given
    (``None`` ends: the whole store)."""
    if section and not since and not until:
        default = default_since(store, SECTION_DAYS)
        if default is not None:
            return default, None, True
    return since, until, False


def top_entities(store: SqliteStore, *, since: str | None = None, until: str | None = None,
                 type_: str | None = None, section: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The most mentioned entities (:func:`mawsua.store.desk.top_entities`); ``([], 0)`` for
    a store without the desk tables. A ``section`` without a period counts the last
    :data:`SECTION_DAYS` days up to the newest article (a section's whole history would be
    read article by article).

    Raises:
        ValueError: for a type not in :data:`ENTITY_TYPES`.
    """
    if type_ is not None and type_ not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {type_!r}: {', '.join(ENTITY_TYPES)}")
    if not _ready(store):
        return [], 0
    since, until, _ = listing_period(store, since, until, section)
    with store.lock:
        return store_desk.top_entities(store.conn, since=_normal(since), until=_normal(until),
                                       type_=type_, section=section, limit=limit, offset=offset)


def resolve_entity(store: SqliteStore, name: str) -> list[str]:
    """Canonical names ``name`` reaches: itself when it is one and the entities any of its
    spellings names (the ``--entity`` resolution: stored mention keys, widened by the
    gazetteer's other names), most articles first."""
    if not _ready(store) or not name.strip():
        return []
    names = [name.strip(), *other_names(name.strip())]
    with store.lock:
        return store_desk.resolve(store.conn, entity_lookup_keys(names), names)


@dataclass(frozen=True, slots=True)
class EntityPage:
    """Everything the entity page shows (see :func:`entity_page`)."""

    entity: dict[str, Any]
    names: list[dict[str, Any]]
    timeline: list[tuple[str, int]]
    co_mentioned: list[dict[str, Any]]
    stories: list[dict[str, Any]]
    articles: list[Any]
    quotes_by: list[dict[str, Any]]
    quotes_by_total: int
    quotes_about: list[dict[str, Any]]
    quotes_about_total: int
    #: other entities the requested name also reaches (``[{canonical, type, articles}]``, most
    #: articles first): a surname that is also a one-article entity of its own
    others: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``/api/v1/entities/{id}``."""
        return {**self.entity, "id": self.entity["canonical"], "names": self.names,
                "timeline": [{"day": d, "articles": k} for d, k in self.timeline],
                "co_mentioned": self.co_mentioned, "stories": self.stories,
                "latest_articles": [a.to_dict() for a in self.articles],
                "quotes_by": {"items": self.quotes_by, "total": self.quotes_by_total},
                "quotes_about": {"items": self.quotes_about,
                                 "total": self.quotes_about_total},
                "others": self.others}


#: the most other entities an entity page lists as reached by the same name
MAX_OTHERS = 8


def entity_page(store: SqliteStore, name: str, *, limit: int = 20,
                exact_first: bool = True) -> EntityPage:
    """One entity: its row (canonical name, type, country, articles, mentions, first and last
    seen), every name it was mentioned by, daily article counts (missing days as 0), the
    entities named in the same articles, its stories, its newest articles, the newest
    quotations by it and about it (``limit`` of each), and the other entities ``name`` also
    reaches (:attr:`EntityPage.others`).

    ``exact_first``: an entity whose canonical name is ``name`` is shown even when a bigger
    entity is also called so (pages and the API, whose links and ids are canonical names);
    with ``False`` the entity with the most articles among all that ``name`` reaches is shown
    (a name typed on the command line: ``مرسي`` → Mohamed Morsi, 71 articles, rather than a
    one-article entity named ``مرسي``), the other one listed in ``others``.

    Raises:
        KeyError: when ``name`` reaches no stored entity.
    """
    canonical = name.strip()
    known = False
    if _ready(store):
        with store.lock:
            known = store_desk.entity(store.conn, canonical) is not None
    found = resolve_entity(store, name) if _ready(store) and canonical else []
    if not (known and exact_first):
        if not found:
            raise KeyError(name)
        canonical = found[0]
    with store.lock:
        conn = store.conn
        row = store_desk.entity(conn, canonical)
        if row is None:
            raise KeyError(name)
        articles = [ArticleSummary(*r[:4], bool(r[4]), *r[5:9], fts.lead(r[9]))
                    for r in store_desk.entity_articles(conn, canonical, limit)]
        page = EntityPage(
            row, store_desk.entity_names(conn, canonical),
            # the whole span, first to last seen: the header counts every article
            store_desk.fill_days(store_desk.entity_timeline(conn, canonical)),
            store_desk.co_mentioned(conn, canonical), store_desk.entity_stories(conn, canonical),
            articles, *_quotes(conn, [canonical], limit=limit),
            *_quotes(conn, [], about=canonical, limit=limit))
        for other in [c for c in found if c != canonical][:MAX_OTHERS]:
            o = store_desk.entity(conn, other)
            if o is not None:
                page.others.append({"canonical": other, "type": o["type"],
                                    "articles": o["articles"]})
    return page


def _quotes(conn: Any, speakers: list[str], about: str | None = None, limit: int = 20
            ) -> tuple[list[dict[str, Any]], int]:
    if not speakers and about is None:
        return [], 0
    items, total = store_desk.quotes(conn, speakers=speakers, about=about, limit=limit)
    return _marked(items, fts.parse_query("")), total


def _marked(items: list[dict[str, Any]], parsed: fts.ParsedQuery) -> list[dict[str, Any]]:
    """Add ``text_html`` to each quotation: its text escaped, the hits of ``parsed`` in
    ``<mark>`` (:func:`mawsua.store.fts.snippet` over the whole quotation)."""
    for item in items:
        _, item["text_html"] = fts.snippet(item["text"], parsed,
                                           width=store_desk.MAX_QUOTE_CHARS + 10)
    return items


@dataclass(frozen=True, slots=True)
class QuoteResult:
    """A page of quotations: ``items`` (each a dict of :func:`mawsua.store.desk.quotes` plus
    ``text_html``, the quotation escaped with the query's hits in ``<mark>``), ``total``, and
    ``speakers``: the canonical names the speaker parameter reached."""

    items: list[dict[str, Any]]
    total: int
    speakers: list[str]


def _kind(label: str) -> str:
    """``unnamed sources`` and ``unnamed source`` → ``sourc``: one kind of unnamed speaker,
    singular or plural."""
    words = label.split()
    return words[-1][:5] if words else label


def unnamed_heads(speaker: str) -> list[str]:
    """When ``speaker`` is one unnamed-source noun (:data:`mawsua.arabic.reporting.
    UNNAMED_SOURCES`: ``مصادر``, ``المصدر``), the folded nouns of the same kind,
    singular and plural, with and without the article (``مصادر``, ``المصادر``, ``مصدر``,
    ``المصدر``, ``أوساط``, ``دوائر``): a speaker filter on one finds quotations attributed to
    any of them, whatever follows (``مصادر عسكرية``, ``مصدر أمني``). Else ``[]`` (a whole
    description such as ``مصادر عسكرية`` is matched as written)."""
    words = speaker.split()
    label = UNNAMED_SOURCES.get(cue_key(words[0])) if len(words) == 1 else None
    if label is None:
        return []
    kind = _kind(label)
    return sorted(w for w, lab in UNNAMED_SOURCES.items() if _kind(lab) == kind)


def surname_speakers(store: SqliteStore, speaker: str, resolved: Sequence[str] = ()
                     ) -> list[str]:
    """The quoted people a one-word ``speaker`` reaches as their surname (:func:`mawsua.store.
    desk.surname_speakers`: ``سبيع`` → ``مراد سبيع``, user test s25 F22), when the word
    names no PERSON entity itself: a surname the entity layer already joined to one person
    (``مبارك`` → Hosni Mubarak, in ``resolved``) keeps that person alone, and the word is
    tried with and without its proclitics (``وسبيع``). Several people of that surname are
    all returned (the result's ``speakers`` lists them). ``[]`` for two words or more."""
    words = speaker.split()
    if len(words) != 1 or is_latin(words[0]) or not _ready(store):
        return []
    with store.lock:
        if resolved and store.conn.execute(
                f"SELECT 1 FROM entities WHERE type = 'PERSON' AND canonical IN "
                f"({', '.join('?' * len(resolved))}) LIMIT 1", list(resolved)).fetchone():
            return []
        word = fold(words[0])
        out: list[str] = []
        for k in [word, *(word[len(p):] for p in ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
                          if word.startswith(p) and len(word) - len(p) >= 3)]:
            out += [c for c in store_desk.surname_speakers(store.conn, k) if c not in out]
    return out


def quotes(store: SqliteStore, *, speaker: str | None = None, text: str = "",
           since: str | None = None, until: str | None = None, section: str | None = None,
           limit: int = 20, offset: int = 0) -> QuoteResult:
    """Who said what: quotations by a speaker (any of its names or spellings, resolved as
    ``--entity`` is; an unnamed source such as ``مصادر`` by its folded text) whose text
    matches ``text`` (the article search syntax and folding, over the quotation only), newest
    first or best match first.

    Raises:
        ValueError: when ``since``/``until`` are not ISO dates.
    """
    if not _ready(store):
        return QuoteResult([], 0, [])
    parsed = fts.parse_query(text or "")
    if parsed.excludes_only:
        return QuoteResult([], 0, [])
    speakers: list[str] = []
    keys: list[str] = []
    heads: list[str] = []
    if speaker and speaker.strip():
        speakers = resolve_entity(store, speaker)
        keys = entity_lookup_keys([speaker.strip()])
        heads = unnamed_heads(speaker)
        if not heads:
            speakers += [c for c in surname_speakers(store, speaker, speakers)
                         if c not in speakers]
    with store.lock:
        items, total = store_desk.quotes(store.conn, speakers=speakers, speaker_keys=keys,
                                         speaker_heads=heads,
                                         match=parsed, since=_normal(since),
                                         until=_normal(until), section=section, limit=limit,
                                         offset=offset)
    return QuoteResult(_marked(items, parsed), total, speakers)


def entity_timeline(store: SqliteStore, name: str, since: str | None = None,
                    until: str | None = None) -> tuple[str, list[tuple[str, int]]]:
    """``(canonical, [(day, articles)])`` of the entity ``name`` reaches, days without
    articles as 0.

    Raises:
        KeyError: when it reaches no entity.
    """
    found = resolve_entity(store, name)
    if not found:
        raise KeyError(name)
    with store.lock:
        rows = store_desk.entity_timeline(store.conn, found[0], _normal(since), _normal(until))
    return found[0], store_desk.fill_days(rows)


def section_codes(store: SqliteStore) -> list[str]:
    """The connect section codes in use (:func:`mawsua.store.desk.section_codes`): topics
    first, then countries, each in code order."""
    if not _ready(store):
        return []
    with store.lock:
        codes = store_desk.section_codes(store.conn)
    return sorted(codes, key=lambda c: (c.isupper(), c))


#: section timelines already counted, by (database, code, since, until, newest article n)
_SECTION_DAYS: dict[tuple[str, str, str | None, str | None, int], list[tuple[str, int]]] = {}
_SECTION_DAYS_KEPT = 256


def section_timeline(store: SqliteStore, code: str, since: str | None = None,
                     until: str | None = None) -> list[tuple[str, int]]:
    """``[(day, articles)]`` of a connect section (days without articles as 0).

    Counting reads every article of the section (~90 ms for 50,000 articles), so results are
    kept per database and section until an article is added or connected (the key holds the
    newest connected article's row number); at most 256 are kept."""
    if not _ready(store):
        return []
    with store.lock:
        row = store.conn.execute("SELECT max(n) FROM article_links").fetchone()
        key = (str(store.path), code, since, until, int(row[0] or 0))
        if key in _SECTION_DAYS:
            return _SECTION_DAYS[key]
        rows = store_desk.section_timeline(store.conn, code, _normal(since), _normal(until))
    days = store_desk.fill_days(rows)
    if len(_SECTION_DAYS) >= _SECTION_DAYS_KEPT:
        _SECTION_DAYS.clear()
    _SECTION_DAYS[key] = days
    return days


# -- trends ----------------------------------------------------------------------------------


def growth(now: int, before: int, flow_now: float, flow_before: float) -> float:
    """The growth score of a count ``now`` in the window against ``before`` in the baseline:
    ``(now - e)/√(e + 1)`` with ``e = before·flow_now/flow_before`` (a Poisson z-score; the
    flows are all original articles stored in each period, so that a busier hour or a
    longer baseline is accounted for; see the module docstring).

    Raises:
        ZeroDivisionError: when ``flow_before`` is 0 (no baseline: nothing to compare with).
    """
    expected = before * flow_now / flow_before
    return (now - expected) / math.sqrt(expected + 1.0)


def reference_time(store: SqliteStore) -> str | None:
    """The time trends are measured at: the newest ``last_seen`` of a story told by two or
    more outlets (the home page's "today"), else the newest article; ``None`` when empty."""
    conn = store.conn
    row = conn.execute("SELECT max(last_seen) FROM stories WHERE outlets >= 2").fetchone()
    if row and row[0]:
        return str(row[0])
    return store_desk.newest_time(conn)


def trending(store: SqliteStore, *, at: str | None = None, window_hours: float = WINDOW_HOURS,
             baseline_hours: float = BASELINE_HOURS, limit: int = 10) -> dict[str, Any]:
    """Breaking stories and entities at ``at`` (default :func:`reference_time`), by the
    formula of the module docstring.

    Returns:
        ``{"at", "window_hours", "baseline_hours", "flow": {"window", "baseline"} (original
        articles stored in each), "baseline_ok" (false when the baseline has fewer than
        :data:`MIN_BASELINE` articles: then nothing is called breaking), "stories": [{id,
        label, reports, outlets, baseline_reports, baseline_outlets, expected_reports, score,
        first_seen}], "entities": [{canonical, type, articles, outlets, baseline_articles,
        expected, score}]}``, each list by score, at most ``limit``.

    Raises:
        ValueError: when ``at`` is not ISO 8601 or a duration is not positive.
    """
    if window_hours <= 0 or baseline_hours <= 0:
        raise ValueError("window_hours and baseline_hours must be positive")
    out: dict[str, Any] = {"at": None, "window_hours": window_hours,
                           "baseline_hours": baseline_hours,
                           "flow": {"window": 0, "baseline": 0}, "baseline_ok": False,
                           "stories": [], "entities": []}
    if not _ready(store):
        return out
    with store.lock:
        ref = normalize_time(at) if at else reference_time(store)
        if ref is None:
            return out
        if len(ref) == 10:  # a day: the end of it
            ref += "T23:59:59"
        end = ref + "\uffff"  # the reference second included
        mid = store_desk.iso_minus(ref, window_hours)
        start = store_desk.iso_minus(ref, window_hours + baseline_hours)
        conn = store.conn
        flow_now = store_desk.flow(conn, mid, end)
        flow_before = store_desk.flow(conn, start, mid)
        out.update(at=ref, flow={"window": flow_now, "baseline": flow_before},
                   baseline_ok=flow_before >= MIN_BASELINE)
        if flow_before < MIN_BASELINE or not flow_now:
            return out
        before = {r[0]: r for r in store_desk.story_counts(conn, start, mid)}
        stories = []
        for sid, label, reports, outlets, first in store_desk.story_counts(conn, mid, end):
            b = before.get(sid)
            rb, ob = (b[2], b[3]) if b else (0, 0)
            score = max(growth(reports, rb, flow_now, flow_before),
                        growth(outlets, ob, flow_now, flow_before))
            if reports >= MIN_REPORTS and outlets >= MIN_OUTLETS and score >= MIN_SCORE:
                stories.append({"id": sid, "label": label, "reports": reports,
                                "outlets": outlets, "baseline_reports": rb,
                                "baseline_outlets": ob,
                                "expected_reports": round(rb * flow_now / flow_before, 2),
                                "score": round(score, 2), "first_seen": first})
        ents_before = {c: k for c, _, k, _ in store_desk.entity_counts(conn, start, mid)}
        entities = []
        for canonical, type_, k, outlets in store_desk.entity_counts(conn, mid, end):
            kb = ents_before.get(canonical, 0)
            score = growth(k, kb, flow_now, flow_before)
            if k >= MIN_REPORTS and outlets >= MIN_OUTLETS and score >= MIN_SCORE:
                entities.append({"canonical": canonical, "type": type_, "articles": k,
                                 "outlets": outlets,
                                 "baseline_articles": kb,
                                 "expected": round(kb * flow_now / flow_before, 2),
                                 "score": round(score, 2)})
    stories.sort(key=lambda s: (-s["score"], -s["outlets"], -s["reports"], s["id"]))
    entities.sort(key=lambda e: (-e["score"], -e["articles"], e["canonical"]))
    out.update(stories=stories[:limit], entities=entities[:limit])
    return out
