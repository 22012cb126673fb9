"""Connect each new article to its duplicates, its story and its sections (the writer's step).

State lives in the store's SQLite tables (migration 4): ``connect_features`` (each article's
:class:`~mawsua.model.features.Features`), ``lsh_bands`` (the MinHash LSH index),
``story_keys`` (story candidate keys with the story time), ``article_links`` (duplicate group,
``duplicate_of`` and story of each article), ``stories`` (one summary row per story) and
``article_sections``. Everything persists across runs and processes.

**Relations** (both symmetric, so that their connected components do not depend on the order
in which articles arrive):

- *duplicate*: same exact key (:func:`mawsua.connect.features.exact_key`), or an LSH candidate
  whose estimated Jaccard similarity of word shingles is at least :data:`NEAR_THRESHOLD`.
- *same story*: a duplicate, or two articles whose story times are at most
  :data:`STORY_WINDOW` apart and whose :func:`story_score` reaches the pair's :data:`STORY_THRESHOLDS` entry.

**Groups**: a duplicate group is a connected component of the duplicate relation and its
members' ``duplicate_of`` is its earliest copy (earliest story time, unknown times last, then
smallest article id), ``None`` for that copy itself; duplicates are kept, never deleted. A
story is a connected component of the same-story relation (an article that matches reports of
two stories merges them), identified by its earliest report's row number ``n``. Each ingested
article thus joins the story of its best matches, or starts a new one.

Order independence is exact as long as no candidate list is cut: at most :data:`KEY_LIMIT`
articles per key inside the window and :data:`MAX_CANDIDATES` candidates per article are
scored (bounds that keep the cost per article flat at 100k articles; a cut can only happen for
a key shared by hundreds of same-window articles). ``tests/connect`` checks that rebuilding
equals incremental ingest in shuffled orders.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import orjson

from mawsua.arabic.fold import tokens
from mawsua.connect.features import NUM_PERM, Features, idf, term_of

#: estimated Jaccard similarity of word shingles from which two articles are near-duplicates
#: (the threshold of the corpus's candidate groups; the LSH S-curve is centred on it)
NEAR_THRESHOLD = 0.5
#: largest distance between two reports' story times
STORY_WINDOW = timedelta(days=2)
#: story score from which two reports are of the same story, per language of the pair
#: (cosines over the Arabic lexicon's IDF and over wordfreq's English IDF are not on one
#: scale; English wire copy about one war shares most of its words), "cross" for two
#: languages, "*" otherwise. Tuned on the corpus: docs/connect.md.
STORY_THRESHOLDS: dict[str, float] = {"ar": 0.40, "en": 0.55, "cross": 0.35, "*": 0.45}
#: same language: weight of the Dice coefficient of the entity sets, bonus for a shared
#: headline number, penalty for headline numbers that differ, bonus for a headline number
#: found in the other text (see :func:`story_score`)
ENTITY_WEIGHT = 0.15
TITLE_NUMBER_WEIGHT = 0.15
TITLE_CONFLICT = 0.30
NUMBER_WEIGHT = 0.10
#: same language: below this cosine, two reports with headlines must share a distinctive
#: headline term (:data:`mawsua.connect.features.TITLE_TERM_MIN_IDF`): reports of one event
#: name its actor, place or object in their headlines; rounds of protocol news sharing only
#: their vocabulary ("receives", "congratulates") do not chain into one story
VERBATIM_COSINE = 0.6
#: the cosine at which two same-day reports whose headlines name the same countries need no
#: shared distinctive headline word (:func:`story_score`)
SAME_PLACES_COSINE = 0.45
#: same language, reports at most SAME_DAY apart (one news cycle: the wire copy of a court
#: decision rewritten by six outlets in two hours): their headlines may instead share content
#: stems (IDF ≥ HEADLINE_MIN_IDF) whose IDFs add up to HEADLINE_MIN_SHARED (``النقض`` 2.7 +
#: ``طعن`` 2.6: two ordinary words that together name one case), and the weighted Dice of
#: their headline stems adds HEADLINE_WEIGHT x that Dice to the score. Further apart, only the
#: distinctive-term rule holds and the headlines add nothing: later episodes of one affair
#: (a boycott threatened, then announced two days later) stay apart unless their texts match.
#: The Dice bonus needs HEADLINE_MIN_DICE and a body cosine of HEADLINE_MIN_COSINE: formula
#: headlines of different events (``ضبط تشكيل عصابي لسرقة السيارات`` in four towns) are as
#: alike as rewrites of one wire copy, their texts are not.
SAME_DAY = timedelta(hours=24)
HEADLINE_MIN_IDF = 1.5
HEADLINE_MIN_SHARED = 4.0
HEADLINE_WEIGHT = 0.3
HEADLINE_MIN_DICE = 0.6
HEADLINE_MIN_COSINE = 0.3
#: across languages: fewest shared canonical entities, and the score's base
CROSS_MIN_ENTITIES = 2
CROSS_BASE = 0.10
#: most articles read per candidate key inside the window, and most candidates scored
KEY_LIMIT = 200
MAX_CANDIDATES = 60
#: fewest shared candidate keys for an article to be scored
MIN_SHARED_KEYS = 2


@dataclass(frozen=True, slots=True)
class Links:
    """What :meth:`Linker.add` found for one article (row numbers ``n``).

    Attributes:
        duplicates: the articles it is a duplicate of (directly).
        linked: the articles of other stories it matched (duplicates included).
        story: the story it belongs to now.
        duplicate_of: its group's earliest copy, ``None`` when it is that copy.
    """

    duplicates: frozenset[int]
    linked: frozenset[int]
    story: int
    duplicate_of: int | None


def key_hash(key: str) -> int:
    """A candidate key as a signed 64-bit integer (BLAKE2b)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(),
                          "little", signed=True)


def jaccard_estimate(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored MinHash signatures (share of equal
    values; 0.0 when either is empty)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4"))) / NUM_PERM


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def time_compatible(a: str | None, b: str | None, window: timedelta = STORY_WINDOW) -> bool:
    """Whether two story times (ISO) are known and at most ``window`` apart."""
    ta, tb = _time(a), _time(b)
    return ta is not None and tb is not None and abs(ta - tb) <= window


@lru_cache(maxsize=20_000)
def headline_weights(title: str | None) -> dict[str, float]:
    """``stem -> IDF`` of a headline's content words (:func:`mawsua.connect.features.term_of`
    stems whose word IDF is at least :data:`HEADLINE_MIN_IDF`; the largest IDF per stem).
    Memoised per headline; the result must not be modified."""
    out: dict[str, float] = {}
    for w in tokens(title or ""):
        t = term_of(w)
        if t is not None:
            i = idf(w)
            if i >= HEADLINE_MIN_IDF and i > out.get(t, 0.0):
                out[t] = i
    return out


def headline_overlap(a: str | None, b: str | None) -> tuple[float, float]:
    """``(shared, dice)`` of two headlines: the summed IDF of the content stems they share
    (:func:`headline_weights`; the larger IDF of each) and that sum's weighted Dice
    coefficient ``2 x shared / (total a + total b)`` (0.0 when either has none)."""
    wa, wb = headline_weights(a), headline_weights(b)
    if not wa or not wb:
        return 0.0, 0.0
    shared = sum(max(w, wb[t]) for t, w in wa.items() if t in wb)
    return shared, min(1.0, 2 * shared / (sum(wa.values()) + sum(wb.values())))


class _View(NamedTuple):
    """The parts of a :meth:`Features.data` dict :func:`story_score` compares, parsed once."""

    time: datetime | None
    countries: frozenset[str]
    entities: frozenset[str]
    title_numbers: frozenset[str]
    numbers: frozenset[str]
    terms: dict[str, float]
    title_terms: frozenset[str]
    #: term -> its place in ``terms`` (the order the cosine is summed in); ``None`` when a
    #: term is listed twice (never written so: then summed over the list as it is)
    order: dict[str, int] | None


#: :func:`_view` of recently compared dicts: ``id(dict) -> (dict, view)`` (the dict is held,
#: so its id is not reused while it is here); emptied when it reaches :data:`_VIEWS_MAX`
_VIEWS: dict[int, tuple[dict[str, Any], _View]] = {}
_VIEWS_MAX = 8192


def _view(d: dict[str, Any]) -> _View:
    """``d``'s :class:`_View`, remembered: a new article is compared with ~16 candidates and
    a recent article is a candidate of many, so each dict's sets, term map and time were
    built again for every comparison (the writer's largest CPU cost in ``bulk``). The dicts
    are never modified once made (:class:`FeatureCache`)."""
    hit = _VIEWS.get(id(d))
    if hit is not None and hit[0] is d:
        return hit[1]
    order = {t: i for i, (t, _) in enumerate(d["terms"])}
    v = _View(_time(d.get("time")), frozenset(d.get("title_countries", ())),
              frozenset(d["entities"]), frozenset(d.get("title_numbers", ())),
              frozenset(d["numbers"]), dict(map(tuple, d["terms"])),
              frozenset(d.get("title_terms", ())),
              order if len(order) == len(d["terms"]) else None)
    if len(_VIEWS) >= _VIEWS_MAX:
        _VIEWS.clear()
    _VIEWS[id(d)] = (d, v)
    return v


def _within(va: _View, vb: _View, window: timedelta) -> bool:
    """:func:`time_compatible` of two views."""
    return va.time is not None and vb.time is not None and abs(va.time - vb.time) <= window


def story_score(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How surely two reports tell the same story (symmetric; 0.0 outside the window).

    Args:
        a, b: :meth:`Features.data` dicts (``terms``, ``entities``, ``numbers``,
            ``title_numbers``, ``dates``, ``time``, ``language``).

    Returns:
        A score compared with :func:`story_threshold`:

        - same language: 0 when the headlines name places or people of disjoint countries
          (``title_countries``: the templated congratulation cable to Oman is not the one to
          Colombia, however alike the texts; copies stay linked as duplicates), or when the
          cosine of the TF-IDF term vectors is under :data:`VERBATIM_COSINE` and both have
          headlines that share no distinctive term;
          else that cosine, plus :data:`ENTITY_WEIGHT` x
          the Dice coefficient of the entity sets; when both headlines carry numbers, plus
          :data:`TITLE_NUMBER_WEIGHT` if they share one and minus :data:`TITLE_CONFLICT` if
          they share none (18 killed is not 12 killed), unless all the headline numbers of one
          are in the other's text (``5 آلاف`` is ``5000``: then plus :data:`NUMBER_WEIGHT`);
          otherwise plus
          :data:`NUMBER_WEIGHT` when a headline number appears in the other text. Reports at
          most :data:`SAME_DAY` apart may pass the headline test by shared content stems
          instead (:data:`HEADLINE_MIN_SHARED`) and add :data:`HEADLINE_WEIGHT` x their
          headline Dice (:func:`headline_overlap`) when it reaches :data:`HEADLINE_MIN_DICE`
          and the cosine :data:`HEADLINE_MIN_COSINE`; reports tied only that way need headline
          numbers that agree (one set inside the other).
        - different languages (no words to compare): 0 when the headlines name places of
          disjoint countries, or unless at least
          :data:`CROSS_MIN_ENTITIES` canonical entities are shared and a headline number of
          one appears in the other; then :data:`CROSS_BASE` + the entity Dice coefficient.
    """
    va, vb = _view(a), _view(b)
    if not _within(va, vb, STORY_WINDOW):
        return 0.0
    pa, pb = va.countries, vb.countries
    place_conflict = bool(pa and pb and not pa & pb)
    ea, eb = va.entities, vb.entities
    shared = len(ea & eb)
    dice = 2 * shared / (len(ea) + len(eb)) if ea or eb else 0.0
    ta, tb = va.title_numbers, vb.title_numbers
    in_text = bool(ta & vb.numbers) or bool(tb & va.numbers)
    key_number = in_text or bool(ta & tb)
    if a.get("language") and a.get("language") == b.get("language"):
        if place_conflict:
            return 0.0
        wa, wb = va.terms, vb.terms
        if va.order is None:
            cos = sum(w * wb.get(t, 0.0) for t, w in a["terms"])
        else:  # the shared terms in a's order: the same sum (a term b lacks adds 0.0)
            cos = sum(wa[t] * wb[t] for t in sorted(wa.keys() & wb.keys(),
                                                     key=va.order.__getitem__))
        same_day = _within(va, vb, SAME_DAY)
        h_shared, h_dice = headline_overlap(a.get("title"), b.get("title")) if same_day \
            else (0.0, 0.0)
        if cos < VERBATIM_COSINE and a.get("title") and b.get("title") and not (
                va.title_terms & vb.title_terms) and not (
                same_day and cos >= SAME_PLACES_COSINE and pa and pa == pb):
            # only the same-day headline words can tie them: enough of them, and headline
            # numbers that agree (11 and 31 held four days are two events, however alike);
            # or, the same day, headlines naming the same countries over texts this alike
            # (one wire copy rewritten: «يزور طهران» / «يزور إيران»)
            if h_shared < HEADLINE_MIN_SHARED or (ta and tb and not (ta <= tb or tb <= ta)):
                return 0.0
        score = cos + ENTITY_WEIGHT * dice
        if h_dice >= HEADLINE_MIN_DICE and cos >= HEADLINE_MIN_COSINE:
            score += HEADLINE_WEIGHT * h_dice
        if ta and tb and not ta & tb and not (ta <= vb.numbers or tb <= va.numbers):
            score -= TITLE_CONFLICT
        elif ta and tb and ta & tb:
            score += TITLE_NUMBER_WEIGHT
        elif key_number:
            score += NUMBER_WEIGHT
        return score
    if shared >= CROSS_MIN_ENTITIES and key_number and not place_conflict:
        return CROSS_BASE + dice
    return 0.0


def story_threshold(a: dict[str, Any], b: dict[str, Any]) -> float:
    """The :data:`STORY_THRESHOLDS` entry for a pair of reports."""
    la, lb = a.get("language"), b.get("language")
    if la and lb and la != lb:
        return STORY_THRESHOLDS["cross"]
    return STORY_THRESHOLDS.get(la or "", STORY_THRESHOLDS["*"])


def same_story(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two reports (:meth:`Features.data` dicts) are linked as one story
    (symmetric)."""
    return story_score(a, b) >= story_threshold(a, b)


#: articles whose features a :class:`FeatureCache` keeps: ~6-10 KB of Python objects each
#: (measured: the term lists are most of it), so ~45-60 MB at most. Was 20,000 (~200 MB): in a
#: 20k-article ingest the writer's parent process peaked at 427 MB PSS, the largest of the
#: tree (``bench/bench_ratio.py``, issue 15). A candidate older than the cache is read back
#: from ``connect_features`` (the same dict: its stored JSON)
CACHE_ARTICLES = 6_000


class FeatureCache:
    """The writer's memory of recent articles' :meth:`Features.data` dicts and ids, so that
    linking does not re-read and re-parse their JSON for every candidate and every story
    summary. Bounded (least recently used first out, :data:`CACHE_ARTICLES`); entries never
    go stale because an article's stored features never change (a rebuild writes the same
    ones, and :func:`clear` empties the cache with the tables).

    Args:
        limit: most articles kept.
    """

    def __init__(self, limit: int = CACHE_ARTICLES) -> None:
        self.limit = limit
        self._items: OrderedDict[int, tuple[dict[str, Any], str]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def put(self, n: int, data: dict[str, Any], article_id: str) -> None:
        """Remember article ``n``'s features and id."""
        items = self._items
        items[n] = (data, article_id)
        items.move_to_end(n)
        while len(items) > self.limit:
            items.popitem(last=False)

    def get_many(self, conn: sqlite3.Connection, ns: Sequence[int]
                 ) -> dict[int, tuple[dict[str, Any], str]]:
        """``n -> (data, article id)`` for the connected articles among ``ns``, from memory
        or else from ``connect_features`` (then remembered)."""
        items = self._items
        out: dict[int, tuple[dict[str, Any], str]] = {}
        missing = []
        for m in ns:
            hit = items.get(m)
            if hit is None:
                missing.append(m)
            else:
                items.move_to_end(m)
                out[m] = hit
        for k in range(0, len(missing), 500):
            part = missing[k : k + 500]
            for m, blob, article_id in conn.execute(
                    f"SELECT f.n, f.data, a.id FROM connect_features f JOIN articles a "
                    f"ON a.n = f.n WHERE f.n IN ({_marks(len(part))})", part):
                out[m] = (orjson.loads(blob), article_id)
                self.put(m, *out[m])
        return out

    def clear(self) -> None:
        """Forget everything."""
        self._items.clear()


#: story keys read per statement by :meth:`Linker._story_matches` (4 parameters each)
_KEYS_PER_QUERY = 64
#: the first column of a row (C-level, for counting candidate rows)
_first = itemgetter(0)


@lru_cache(maxsize=_KEYS_PER_QUERY)
def _key_query(k: int) -> str:
    """The statement reading the first :data:`KEY_LIMIT` rows of ``k`` story keys inside a
    time window (parameters: key, from, to, limit per key): a ``UNION ALL`` of one
    ``LIMIT`` subquery per key, each the query of one key (aliased: PostgreSQL, which runs
    the same linker, requires it)."""
    one = "SELECT n FROM (SELECT n FROM story_keys WHERE key = ? AND time BETWEEN ? AND ? " \
          "LIMIT ?) AS k"
    return " UNION ALL ".join([one] * k)


def _window(t: str) -> tuple[str, str]:
    dt = datetime.fromisoformat(t)
    return (dt - STORY_WINDOW).isoformat(), (dt + STORY_WINDOW).isoformat()


def _marks(k: int) -> str:
    return ", ".join("?" * k)


class Linker:
    """Connects articles inside one SQLite connection (the store's writer).

    Args:
        conn: a writable connection with the schema of migration 4. The caller owns the
            transaction (:func:`connect_batch` opens one per batch).
        cache: the writer's :class:`FeatureCache` (kept across batches by the caller; a new
            one when ``None``). Entries are added only for articles whose rows are written
            in this transaction, so the caller must :meth:`FeatureCache.clear` it when the
            transaction rolls back (:func:`connect_batch` does).
    """

    def __init__(self, conn: sqlite3.Connection, cache: FeatureCache | None = None) -> None:
        self.conn = conn
        self.cache = cache if cache is not None else FeatureCache()

    # -- one article -----------------------------------------------------------------------

    def add(self, n: int, f: Features) -> Links:
        """Store the features of article ``n`` and connect it.

        Args:
            n: the article's row number (``articles.n``), not connected yet.
            f: its features.

        Returns:
            The :class:`Links` found.

        Raises:
            sqlite3.Error: when SQLite fails (the caller rolls back).
        """
        c = self.conn
        data = f.data()
        c.execute("INSERT OR REPLACE INTO connect_features (n, time, exact_key, signature, data) "
                  "VALUES (?, ?, ?, ?, ?)", (n, f.time, f.exact_key, f.signature,
                                              orjson.dumps(data)))
        row = c.execute("SELECT id FROM articles WHERE n = ?", (n,)).fetchone()
        if row is not None:
            self.cache.put(n, data, str(row[0]))  # JSON-shaped already (lists, no tuples)
        dups = self._duplicates(n, f)
        if f.bands:
            c.executemany("INSERT OR IGNORE INTO lsh_bands (key, n) VALUES (?, ?)",
                          [(k, n) for k in f.bands])
        linked = set(dups)
        if f.time:
            keys = sorted({key_hash(k) for k in f.story_keys()})
            linked |= self._story_matches(n, keys, data)
            c.executemany("INSERT OR IGNORE INTO story_keys (key, time, n) VALUES (?, ?, ?)",
                          [(k, f.time, n) for k in keys])
        c.executemany(
            "INSERT OR REPLACE INTO article_sections (code, n, kind, score) VALUES (?, ?, ?, ?)",
            [(code, n, "country", s) for code, s in f.countries]
            + [(code, n, "topic", s) for code, s in f.topics])
        c.execute("INSERT OR REPLACE INTO article_links (n, dup_group, duplicate_of, story) "
                  "VALUES (?, ?, NULL, ?)", (n, n, n))
        duplicate_of = self._merge_duplicates(n, dups)
        story = self._merge_story(n, linked)
        return Links(frozenset(dups), frozenset(linked), story, duplicate_of)

    def _duplicates(self, n: int, f: Features) -> set[int]:
        c = self.conn
        found: set[int] = set()
        if f.exact_key is not None:
            found |= {m for (m,) in c.execute(
                "SELECT n FROM connect_features WHERE exact_key = ? AND n != ?",
                (f.exact_key, n))}
        if f.bands:
            cands = {m for (m,) in c.execute(
                f"SELECT DISTINCT n FROM lsh_bands WHERE key IN ({_marks(len(f.bands))})",
                f.bands)} - found - {n}
            if cands:
                ids = sorted(cands)
                for m, sig in c.execute(
                        f"SELECT n, signature FROM connect_features WHERE n IN ({_marks(len(ids))})",
                        ids):
                    if jaccard_estimate(f.signature, sig) >= NEAR_THRESHOLD:
                        found.add(m)
        return found

    def _story_matches(self, n: int, keys: list[int], data: dict[str, Any]) -> set[int]:
        c = self.conn
        lo, hi = _window(data["time"])
        shared: Counter[int] = Counter()
        # each key's first KEY_LIMIT rows in the window, all keys in ONE statement (a
        # subquery per key, as the one query per key it replaces: fewer round trips)
        for k in range(0, len(keys), _KEYS_PER_QUERY):
            part = keys[k : k + _KEYS_PER_QUERY]
            params: list[Any] = []
            for key in part:
                params += (key, lo, hi, KEY_LIMIT)
            shared.update(map(_first, c.execute(_key_query(len(part)), params)))
        shared.pop(n, None)
        cands = sorted((m for m, k in shared.items() if k >= MIN_SHARED_KEYS),
                       key=lambda m: (-shared[m], m))[:MAX_CANDIDATES]
        if not cands:
            return set()
        return {m for m, (d, _) in self.cache.get_many(c, cands).items() if same_story(data, d)}

    # -- groups ----------------------------------------------------------------------------

    def _earliest(self, ns: Sequence[int]) -> int:
        """The earliest of ``ns``: smallest story time (unknown last), then smallest id."""
        row = self.conn.execute(
            f"SELECT a.n FROM articles a LEFT JOIN connect_features f ON f.n = a.n "
            f"WHERE a.n IN ({_marks(len(ns))}) ORDER BY f.time IS NULL, f.time, a.id LIMIT 1",
            list(ns)).fetchone()
        return int(row[0]) if row else min(ns)

    def _merge_duplicates(self, n: int, dups: set[int]) -> int | None:
        if not dups:
            return None
        c = self.conn
        ids = sorted(dups)
        groups = [g for (g,) in c.execute(
            f"SELECT DISTINCT dup_group FROM article_links WHERE n IN ({_marks(len(ids))})", ids)]
        members = {n} | {m for (m,) in c.execute(
            f"SELECT n FROM article_links WHERE dup_group IN ({_marks(len(groups))})", groups)}
        root = self._earliest(sorted(members))
        c.executemany("UPDATE article_links SET dup_group = ?, duplicate_of = ? WHERE n = ?",
                      [(root, None if m == root else root, m) for m in sorted(members)])
        return None if n == root else root

    def _merge_story(self, n: int, linked: set[int]) -> int:
        c = self.conn
        old: list[int] = []
        members = {n}
        if linked:
            ids = sorted(linked)
            old = [s for (s,) in c.execute(
                f"SELECT DISTINCT story FROM article_links WHERE n IN ({_marks(len(ids))})", ids)]
            members |= {m for (m,) in c.execute(
                f"SELECT n FROM article_links WHERE story IN ({_marks(len(old))})", old)}
        root = self._earliest(sorted(members)) if len(members) > 1 else n
        if old:
            c.execute(f"DELETE FROM stories WHERE id IN ({_marks(len(old))})", old)
        ms = sorted(members)
        c.execute(f"UPDATE article_links SET story = ? WHERE n IN ({_marks(len(ms))})",
                  [root, *ms])
        self._summarise(root, ms)
        return root

    def _summarise(self, story: int, members: list[int]) -> None:
        """Write the ``stories`` row: label (headline of the most central report: largest
        dot product of its terms with the members' summed vector; ties: earliest, then smallest
        article id), size, distinct
        outlets, languages, first and last story time."""
        ids: dict[int, str] = {}
        rows = []
        for m, (d, article_id) in sorted(self.cache.get_many(self.conn, members).items()):
            rows.append((m, d))
            ids[m] = article_id
        centroid: Counter[str] = Counter()
        for _, d in rows:
            for t, w in d["terms"]:
                centroid[t] += w
        times = sorted(d["time"] for _, d in rows if d["time"])
        best: tuple[float, str, str, str, int] | None = None
        for m, d in rows:
            score = sum(w * centroid[t] for t, w in d["terms"]) if len(rows) > 1 else 0.0
            key = (-round(score, 9), d["time"] or "\uffff", d.get("title") or "", ids[m], m)
            if d.get("title") and (best is None or key < best):
                best = key
        label_n = best[4] if best else None
        label = next((d["title"] for m, d in rows if m == label_n), None)
        outlets = {d.get("outlet") for _, d in rows if d.get("outlet")}
        languages = sorted({d["language"] for _, d in rows if d.get("language")})
        self.conn.execute(
            "INSERT OR REPLACE INTO stories (id, label, label_n, size, outlets, languages, "
            "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (story, label, label_n, len(rows), len(outlets), ",".join(languages),
             times[0] if times else None, times[-1] if times else None))


def connect_batch(conn: sqlite3.Connection, items: Iterable[tuple[int, Features]],
                  cache: FeatureCache | None = None) -> list[Links]:
    """Connect ``(n, features)`` pairs in order, in ONE transaction (rolled back on error).

    ``cache``: the writer's :class:`FeatureCache`, kept by the caller across batches (emptied
    here when the transaction is rolled back).

    An article that is already connected (it has its ``article_links`` row, e.g. another
    process finished its pending connection first) is passed over, so connecting is
    idempotent; the result lists the links of the articles connected by this call.

    Raises:
        sqlite3.Error: when SQLite fails.
    """
    linker = Linker(conn, cache)
    out: list[Links] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for n, f in items:
            if conn.execute("SELECT 1 FROM article_links WHERE n = ?", (n,)).fetchone():
                continue
            out.append(linker.add(n, f))
        conn.execute("COMMIT")
    except BaseException:
        linker.cache.clear()  # it may hold rows of the rolled-back transaction
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return out


def pending_signatures(conn: sqlite3.Connection, limit: int) -> list[tuple[int, str]]:
    """``(n, article id)`` of up to ``limit`` articles whose stored signature is of an older
    scheme (queued by store migration 13), in storage order; empty when none is (or the
    store predates the queue)."""
    if not conn.execute("SELECT 1 FROM signature_pending LIMIT 1").fetchone():
        return []
    return [(int(n), str(i)) for n, i in conn.execute(
        "SELECT p.n, a.id FROM signature_pending p JOIN articles a ON a.n = p.n "
        "ORDER BY p.n LIMIT ?", (limit,))]


def replace_signatures(conn: sqlite3.Connection,
                       items: Iterable[tuple[int, bytes, Sequence[int]]]) -> int:
    """Store recomputed ``(n, signature, band keys)`` of queued articles and take them off the
    queue, in ONE transaction (rolled back on error). Their links stay as they are: only
    articles connected later compare with the new signatures.

    Returns:
        How many were replaced.

    Raises:
        sqlite3.Error: when the database fails.
    """
    done = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for n, sig, bands in items:
            conn.execute("UPDATE connect_features SET signature = ? WHERE n = ?", (sig, n))
            conn.executemany("INSERT OR IGNORE INTO lsh_bands (key, n) VALUES (?, ?)",
                             [(k, n) for k in bands])
            conn.execute("DELETE FROM signature_pending WHERE n = ?", (n,))
            done += 1
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return done


#: the tables :func:`clear` empties (a rebuild recomputes every signature: none stays queued)
TABLES = ("connect_features", "lsh_bands", "story_keys", "article_links", "stories",
          "article_sections", "signature_pending")


def clear(conn: sqlite3.Connection) -> None:
    """Forget every connection (before a rebuild); one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for t in TABLES:
            conn.execute(f"DELETE FROM {t}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
