"""Sections of an article: countries (ISO 3166-1 alpha-2) and topics.

**Countries** are voted for by (weights are the named constants below):

- places in the text (``entities`` layer spans of type LOCATION with a ``country`` attribute;
  a place inside the ``dateline`` block counts :data:`DATELINE_VOTE` more), people and
  organisations with a country (weaker; not news media and platforms, :func:`media_names`);
  each entity counts at most :data:`MAX_MENTIONS` mentions;
- the aggregator's or outlet's own section (``metadata.section``: ``اخبار العراق`` → IQ), looked
  up in the place gazetteer (``src/mawsua/data/gazetteer/places*.tsv``);
- the countries the headline names (:func:`headline_countries`, :data:`TITLE_VOTE`) and the
  nationality adjectives of the body (:func:`body_demonyms`, :data:`DEMONYM_VOTE`; not those
  qualifying a newspaper or agency);
- the outlet's home country (``src/mawsua/data/connect/outlets.tsv``): enough alone when
  nothing else votes, a tie-breaker otherwise.

An article is filed under every country whose score reaches :data:`MIN_COUNTRY_SCORE` and
:data:`COUNTRY_SHARE` of the best score, at most :data:`MAX_COUNTRIES`, best first; when only
one country has any vote, :data:`SOLE_COUNTRY_SCORE` from two pieces of evidence is enough.

**Topics** come from transparent keyword rules written as data (EMM style):
``src/mawsua/data/connect/topics.tsv`` lists, per topic, a weight, keywords in Arabic and
English, and ambiguous keywords that count only beside a plain one (:func:`weak_phrases`). Keywords and text are compared as folded light stems
(:func:`mawsua.connect.features.term_of`), phrases as consecutive stems. A topic's score is its
weight times the keyword occurrences (each keyword at most :data:`MAX_KEYWORD_HITS` times, a
title occurrence :data:`TITLE_HITS` times) per :data:`PER_WORDS` words of text, so long and short
articles compare. Topics reaching :data:`MIN_TOPIC_SCORE` and :data:`TOPIC_SHARE` of the best are
kept (at most :data:`MAX_TOPICS`). The evaluation is in ``docs/connect.md``.
"""

from __future__ import annotations

import re
from collections import ChainMap, Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from mawsua.arabic.fold import tokens
from mawsua.model import Article

DATA = Path(str(resources.files("mawsua") / "data"))
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
OUTLETS_FILE = DATA / "connect" / "outlets.tsv"
TOPICS_FILE = DATA / "connect" / "topics.tsv"
PLACE_FILES = (DATA / "gazetteer" / "places.tsv", DATA / "gazetteer" / "places_curated.tsv")
PEOPLE_FILE = DATA / "gazetteer" / "people.tsv"
MEDIA_FILE = DATA / "gazetteer" / "media.tsv"

#: vote of one mention of a place / person / organisation with a country
PLACE_VOTE, PERSON_VOTE, ORG_VOTE = 1.0, 0.5, 0.3
#: extra vote of a place named in the dateline
DATELINE_VOTE = 3.0
#: vote of a country named by the source's section (``اخبار العراق``)
SECTION_VOTE = 5.0
#: vote of the outlet's home country when nothing else votes (enough to file a local paper's
#: local news, whose text names no place with a country), and when something else does (a
#: tie-breaker: a foreign outlet's report on Aleppo stays under SY)
OUTLET_VOTE = 2.0
OUTLET_TIEBREAK = 0.5
#: vote of a country the headline names (a place, a well-known person or a nationality
#: adjective: :func:`headline_countries`): what the story is about, as EMM weighs titles;
#: half of it when nothing in the body votes for that country
TITLE_VOTE = 1.0
#: vote of one nationality adjective in the body (``رئيس الوزراء المصري``), counted at most
#: :data:`MAX_MENTIONS` times per country; none after a media word (``صحيفة لوموند الفرنسية``
#: names who reports, not where the story is)
DEMONYM_VOTE = 0.5
#: vote of a national team named in the body or headline (``المنتخب السعودي``, ``منتخب مصر``):
#: a sports story is about the country whose team it follows, however many opponents it names
NATIONAL_TEAM_VOTE = 2.0
#: mentions of one entity counted at most
MAX_MENTIONS = 3
MIN_COUNTRY_SCORE = 2.0
#: the score that files an article under the only country anything votes for, from at least
#: two pieces of evidence (``القاهرة`` and ``المصري``; two nationality adjectives): with no
#: other country in sight, a local story that names its country twice is that country's (one
#: mention alone may be a misread word: ``ديلي`` of the Daily Mail as Dili)
SOLE_COUNTRY_SCORE = 1.0
COUNTRY_SHARE = 0.5
MAX_COUNTRIES = 3

MAX_KEYWORD_HITS = 3
TITLE_HITS = 2
PER_WORDS = 300
MIN_TOPIC_SCORE = 3.0
TOPIC_SHARE = 0.5
MAX_TOPICS = 2
#: distinct plain keywords a topic needs (a keyword inside another found one, ``تقنية`` in
#: ``تقنية المعلومات``, is not distinct), unless its one keyword is in the headline: one
#: stray word of a short article (``التكنولوجيا`` in a pension allowance's
#: name, ``الأمن`` in a UN council's) filed whole articles under a topic (user test s21 F6)
MIN_TOPIC_KEYWORDS = 2


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@cache
def outlet_countries() -> dict[str, str]:
    """Folded outlet slug or name -> ISO code (``outlets.tsv``)."""
    return {" ".join(tokens(r[0])): r[1].strip() for r in _rows(OUTLETS_FILE) if len(r) >= 2}


@cache
def place_names() -> dict[str, str]:
    """Folded place spelling -> ISO code, from the place gazetteer (first file wins)."""
    out: dict[str, str] = {}
    for path in PLACE_FILES:
        _add_spellings(out, path, "LOCATION")
    return out


@cache
def named_countries() -> dict[str, str]:
    """:func:`place_names` plus the people of the gazetteer (``people.tsv``) with the country
    they lead or belong to (``السيسي`` → EG), for headlines."""
    out = dict(place_names())
    _add_spellings(out, PEOPLE_FILE, "PERSON")
    return out


def _add_spellings(out: dict[str, str], path: Path, label: str) -> None:
    """Add ``folded spelling -> country`` for the ``label`` rows of a gazetteer file that have
    a country (spellings already in ``out`` keep their code)."""
    for key, code in _spellings(path, label):
        out.setdefault(key, code)


def _spellings(path: Path, label: str) -> Iterator[tuple[str, str]]:
    """``(folded spelling, country)`` of the ``label`` rows of a gazetteer file that have a
    country, in file order."""
    for row in _rows(path):
        if len(row) < 5 or row[1] != label or not row[2]:
            continue
        for v in row[4].split("|"):
            key = " ".join(tokens(v))
            if key:
                yield key, row[2]


@cache
def media_names() -> frozenset[str]:
    """Canonical names of the news media and platforms of the gazetteer (``media.tsv`` rows
    flagged ``media``: Reuters, Al Jazeera, Twitter...). A medium names who reports or where a
    post appeared, not where the story is: its mentions cast no country vote."""
    return frozenset(r[0].strip() for r in _rows(MEDIA_FILE)
                     if len(r) >= 4 and "media" in r[3].split())


@cache
def demonyms() -> dict[str, str]:
    """Folded nisba adjectives with the article -> ISO code, derived from the one-word Arabic
    country names of the gazetteer by the regular rule (a final ``يا``/``ا``/``ية``/``ة``
    dropped, ``ي`` added): ``كولومبيا`` → ``الكولومبي``, ``السعودية`` → ``السعودي``,
    ``العراق`` → ``العراقي``, with the feminine (``ـية``) and plural (``ـيون``/``ـيين``)
    forms. Only the article forms (``الرئيس الكولومبي``), which are rarely anything else."""
    out: dict[str, str] = {}
    for word, country in country_names().items():
        stem = word.removeprefix("ال")
        for end in ("يا", "يه", "ا", "ه"):
            if stem.endswith(end):
                stem = stem[: -len(end)]
                break
        if len(stem) < 3:
            continue
        for suffix in ("ي", "يه", "يون", "يين"):
            out.setdefault("ال" + stem + suffix, country)
    for stem, code in IRREGULAR_DEMONYMS.items():
        for suffix in ("ي", "يه", "يون", "يين"):
            out.setdefault("ال" + stem + suffix, code)
    return out


#: nisba stems the regular rule cannot derive from a country name (``إنجلترا`` →
#: ``الإنجليزي``, ``النمسا`` → ``النمساوي``, ``المجر`` → ``المجري``), folded, without ``ال``
#: and the ending ``ي``
IRREGULAR_DEMONYMS: dict[str, str] = {
    "انجليز": "GB", "انكليز": "GB", "اسكتلند": "GB", "نمساو": "AT", "مجر": "HU",
    "هنغار": "HU", "فلبين": "PH", "سويد": "SE", "دنمارك": "DK", "نرويج": "NO",
}


def headline_countries(title: str, known: dict[str, str] | None = None) -> tuple[str, ...]:
    """ISO codes of the places, well-known people and nationality adjectives a headline names,
    sorted (``ولي العهد يهنئ سلطان عُمان`` → ``("OM",)``, ``يهنئ السيسي`` → ``("EG",)``,
    ``يهنئان الرئيس الكولومبي`` → ``("CO",)``).

    ``known``: gazetteer spelling -> the country the article's own entity mentions resolved
    it to (:func:`mention_countries`), used before the gazetteer's code. A spelling the
    gazetteer gives to several countries (``الشرقية``: Saudi Arabia's Eastern Province or
    Egypt's Sharqia; ``عمان``: Amman or Oman) names a country only when ``known`` resolves it:
    four Egyptian reports of one Zagazig strike were kept apart because one headline's
    ``الشرقية`` "named" Saudi Arabia (user test s25 F14)."""
    names: dict[str, str] | ChainMap[str, str] = _headline_names_certain()
    if known:
        names = ChainMap(known, names)
    return tuple(sorted(set(countries_in(title, names))))


@cache
def _ambiguous_spellings() -> frozenset[str]:
    """Folded gazetteer spellings (places, people) given to more than one country."""
    seen: defaultdict[str, set[str]] = defaultdict(set)
    for path, label in [*((p, "LOCATION") for p in PLACE_FILES), (PEOPLE_FILE, "PERSON")]:
        for key, code in _spellings(path, label):
            seen[key].add(code)
    return frozenset(k for k, v in seen.items() if len(v) > 1)


@cache
def _headline_names() -> dict[str, str]:
    out = dict(named_countries())
    for k, v in demonyms().items():
        out.setdefault(k, v)
    return out


@cache
def _headline_names_certain() -> dict[str, str]:
    """:func:`_headline_names` without the spellings of :func:`_ambiguous_spellings`."""
    ambiguous = _ambiguous_spellings()
    return {k: v for k, v in _headline_names().items() if k not in ambiguous}


def mention_countries(article: Article) -> dict[str, str]:
    """Gazetteer spelling (:func:`named_countries`, folded) -> ISO code, from the article's
    place and person mentions that carry a ``country`` attribute (headline mentions first,
    then the body's; the first link of a spelling wins): the mention as written, without a
    one-letter proclitic (``بالشرقية``), and each shorter run of its words (``محافظة
    الشرقية`` → ``الشرقية``). Only spellings the gazetteer knows: a body mention the annotator
    linked wrongly (a given name read as a village) never adds a headline country."""
    names = _headline_names()
    out: dict[str, str] = {}
    title = article.metadata.title or ""
    for layer, source in (("title_entities", title), ("entities", article.text)):
        for s in article.layer(layer):
            code = s.attrs.get("country")
            if s.label not in ("LOCATION", "PERSON") or not isinstance(code, str) \
                    or len(code) != 2:
                continue
            words = tokens(source[s.start:s.end])
            for n in range(len(words), 0, -1):
                for i in range(len(words) - n + 1):
                    part = " ".join(words[i : i + n])
                    if part not in names and part[:1] in "وبل" and part[1:] in names:
                        part = part[1:]
                    if part in names:
                        out.setdefault(part, code)
    return out


def countries_in(text: str, names: dict[str, str] | ChainMap[str, str] | None = None
                 ) -> list[str]:
    """ISO codes of the gazetteer places named in a short text (a section name, a dateline),
    longest spelling first, in order of appearance; ``ال`` and one-letter proclitics (و ب ل)
    are tolerated. ``names``: folded spelling -> code (default :func:`place_names`)."""
    names = place_names() if names is None else names
    words = tokens(text)
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            code = names.get(phrase)
            if code is None and phrase[:1] in "وبل" and len(phrase) > 3:
                code = names.get(phrase[1:])
            if code is not None:
                found.append(code)
                i += n - 1
                break
        i += 1
    return found


#: words naming a news medium: a nationality adjective within a few words after one of them
#: qualifies the medium (``صحيفة "الغد" الأردنية``, ``وكالة الأنباء الفرنسية``)
_MEDIA_WORDS = frozenset(" ".join(tokens(w)) for w in (
    "صحيفة", "الصحيفة", "جريدة", "الجريدة", "وكالة", "الوكالة", "قناة", "القناة", "مجلة",
    "المجلة", "موقع", "الموقع", "إذاعة", "الإذاعة", "تلفزيون", "التلفزيون", "التليفزيون",
    "صحف", "الصحف", "وسائل", "شبكة"))
#: words after a media word within which its nationality adjective is looked for
_MEDIA_REACH = 4


_TEAM_WORDS = frozenset(("منتخب", "المنتخب", "لمنتخب", "للمنتخب", "بمنتخب", "بالمنتخب",
                         "ومنتخب", "والمنتخب"))


@cache
def country_names() -> dict[str, str]:
    """Folded one-word Arabic names of countries (rows flagged ``country`` of the place
    gazetteer) -> ISO code: ``مصر`` → EG, ``السعودية`` → SA."""
    out: dict[str, str] = {}
    for path in PLACE_FILES:
        for row in _rows(path):
            if len(row) < 5 or row[1] != "LOCATION" or not row[2] \
                    or "country" not in row[3].split():
                continue
            for v in row[4].split("|"):
                words = tokens(v)
                if len(words) == 1 and _ARABIC_WORD.fullmatch(words[0]):
                    out.setdefault(words[0], row[2])
    return out


def national_teams(text: str, words: list[str] | None = None) -> Counter[str]:
    """Countries whose national team ``text`` names: ``منتخب``/``المنتخب`` (with a clitic)
    right before a nationality adjective (``المنتخب السعودي``, :func:`demonyms`) or a
    one-word country name (``منتخب مصر``, :func:`country_names`; a town is no team's:
    ``منتخب الشباب`` is the youth team), counted per occurrence. ``words``: ``tokens(text)``
    when the caller has them."""
    found: Counter[str] = Counter()
    words = tokens(text) if words is None else words
    if _TEAM_WORDS.isdisjoint(words):
        return found
    names, places = demonyms(), country_names()
    for i, w in enumerate(words[:-1]):
        if w in _TEAM_WORDS:
            nxt = words[i + 1]
            code = names.get(nxt) or places.get(nxt)
            if code is not None:
                found[code] += 1
    return found


def body_demonyms(text: str, words: list[str] | None = None) -> Counter[str]:
    """Countries of the nationality adjectives with the article in ``text``
    (:func:`demonyms`: ``المصري``, ``الأردنية``, ``العراقيين``; also behind one of the
    proclitics ``و ب ل`` when the word is longer than 4 letters), counted per occurrence;
    an adjective at most :data:`_MEDIA_REACH` words after a media word (:data:`_MEDIA_WORDS`,
    also behind ``و ب ل``) is left out. ``words``: ``tokens(text)`` when the caller has
    them."""
    found: Counter[str] = Counter()
    forms, media = _demonym_forms()
    words = tokens(text) if words is None else words
    if forms.keys().isdisjoint(words):
        return found
    last_media = -_MEDIA_REACH - 1
    for i in [i for i, w in enumerate(words) if w in forms or w in media]:
        w = words[i]
        if w in media:
            last_media = i
            continue
        if i - last_media > _MEDIA_REACH:
            found[forms[w]] += 1
    return found


@cache
def _demonym_forms() -> tuple[dict[str, str], frozenset[str]]:
    """:func:`body_demonyms`' tables: every form of a nationality adjective (as written, or
    behind ``و ب ل`` when longer than 4 letters; the written form first) -> its country, and
    every form of a media word (as written or behind ``و ب ل``)."""
    names = demonyms()
    forms = {p + k: v for k, v in names.items() for p in "وبل" if len(p + k) > 4}
    forms.update(names)
    media = frozenset(_MEDIA_WORDS | {p + m for m in _MEDIA_WORDS for p in "وبل"})
    return forms, media


def countries(article: Article, text_words: list[str] | None = None,
              title_words: list[str] | None = None, known: dict[str, str] | None = None
              ) -> tuple[tuple[str, float], ...]:
    """Country sections of ``article``: ``(ISO code, score)`` pairs, best first (ties by
    code); empty when nothing reaches :data:`MIN_COUNTRY_SCORE`. ``text_words``,
    ``title_words`` and ``known``: ``tokens(article.text)``, ``tokens(title)`` and
    :func:`mention_countries` when the caller has them (the result is the same)."""
    votes: Counter[str] = Counter()
    signals: Counter[str] = Counter()  # separate pieces of evidence per country
    datelines = [(b.start, b.end) for b in article.layer("blocks") if b.label == "dateline"]
    seen: Counter[str] = Counter()
    for s in article.layer("entities"):
        code = s.attrs.get("country")
        if not isinstance(code, str) or len(code) != 2:
            continue
        name = str(s.attrs.get("canonical") or s.attrs.get("entity") or s.start)
        if s.label != "LOCATION" and name in media_names():
            continue  # لرويترز، عبر تويتر: who reports, not where
        in_dateline = any(a <= s.start < b for a, b in datelines)
        if seen[name] >= MAX_MENTIONS and not in_dateline:
            continue
        seen[name] += 1
        signals[code] += 1
        vote = {"LOCATION": PLACE_VOTE, "PERSON": PERSON_VOTE}.get(s.label, ORG_VOTE)
        votes[code] += vote + (DATELINE_VOTE if in_dateline and s.label == "LOCATION" else 0.0)
    md = article.metadata
    for code in dict.fromkeys(countries_in(md.section or "")):
        votes[code] += SECTION_VOTE
        signals[code] += 1
    named = bool(votes)  # a place, person, organisation or the section names a country
    if text_words is None:
        text_words = tokens(article.text)
    if title_words is None:
        title_words = tokens(md.title or "")
    for code, n in body_demonyms(article.text, text_words).items():
        votes[code] += DEMONYM_VOTE * min(n, MAX_MENTIONS)
        signals[code] += min(n, MAX_MENTIONS)
    # the headline and the text as one word list (a line break never joins two tokens)
    for code, n in national_teams("", [*title_words, *text_words]).items():
        votes[code] += NATIONAL_TEAM_VOTE * min(n, MAX_MENTIONS)
        signals[code] += min(n, MAX_MENTIONS)
    in_headline = headline_countries(md.title or "", mention_countries(article)
                                     if known is None else known)
    for code in in_headline:
        # a headline spelling may be ambiguous (الشرقية: a Saudi province, or eastern
        # Ghouta): full weight only when the body names the country too
        votes[code] += TITLE_VOTE if code in votes else TITLE_VOTE / 2
        signals[code] += 1
    # the outlet's home country: alone (OUTLET_VOTE) when no place, person, organisation or
    # section names a country, no nationality adjective or headline names another country
    # and the article is not from a foreign desk; else a tie-breaker, and a second piece of
    # evidence for a country the text names. A British police report in Al Arabiya's
    # international news, whose only clues are البريطانية and a headline adjective, is not
    # Emirati news (user test s21 F30).
    home = outlet_countries().get(" ".join(tokens(md.outlet))) if md.outlet else None
    if home:
        if not named and not set(votes) - {home} and not foreign_desk(md.section):
            votes[home] += OUTLET_VOTE
        else:
            votes[home] += OUTLET_TIEBREAK
            if home in signals:
                signals[home] += 1
    evidence = [c for c in votes if signals[c]]
    if len(evidence) == 1:
        code = evidence[0]
        score = votes[code]
        if SOLE_COUNTRY_SCORE <= score < MIN_COUNTRY_SCORE and signals[code] >= 2 \
                and all(v < score for c, v in votes.items() if c != code):
            return ((code, round(score, 3)),)
    return _pick(votes, MIN_COUNTRY_SCORE, COUNTRY_SHARE, MAX_COUNTRIES)


#: source sections of a foreign desk (folded words; ``internationalNews``, ``world``, ``mideast``,
#: ``عربي ودولي``...): their articles are not the outlet's home news by default
_FOREIGN_DESK = re.compile(r"world|internation|mideast|middle ?east|arab|foreign|global|"
                           r"عالم|دولي|عربي|خارجي", re.IGNORECASE)


def foreign_desk(section: str | None) -> bool:
    """Whether a source section name is a foreign or world-news desk (``internationalNews``,
    ``world``, ``mideast``, ``عربي ودولي``, ``أخبار العالم``)."""
    return bool(section and _FOREIGN_DESK.search(" ".join(tokens(section)) or section))


def _pick(votes: Counter[str], floor: float, share: float, most: int
          ) -> tuple[tuple[str, float], ...]:
    if not votes:
        return ()
    ranked = sorted(votes.items(), key=lambda p: (-p[1], p[0]))
    best = ranked[0][1]
    return tuple((k, round(v, 3)) for k, v in ranked[:most] if v >= floor and v >= share * best)


@cache
def topic_rules() -> dict[str, tuple[float, dict[tuple[str, ...], str]]]:
    """``topic -> (weight, {stem phrase: keyword as written})`` from ``topics.tsv``: the plain
    keywords (third column) and the ambiguous ones (fourth column, see
    :func:`weak_phrases`)."""
    rules: dict[str, tuple[float, dict[tuple[str, ...], str]]] = {}
    for row in _rows(TOPICS_FILE):
        topic, weight = row[0].strip(), float(row[1])
        phrases = _phrases(row[2])
        for stems, kw in _phrases(row[3] if len(row) > 3 else "").items():
            phrases.setdefault(stems, kw)
        rules[topic] = (weight, phrases)
    return rules


@cache
def weak_phrases() -> dict[str, frozenset[tuple[str, ...]]]:
    """``topic -> stem phrases`` of its *ambiguous* keywords (``topics.tsv`` fourth column:
    club names that are common words — ``الاتحاد``, ``التعاون``, ``النصر`` — or ``هدف``,
    ``الحكم``, ``الموسم``): they add to a topic's score only when one of its plain keywords
    occurs in the article too (an EMM-style AND rule), so a railway timetable's ``الموسم`` and
    ``الجولة`` file nothing under sports."""
    return {row[0].strip(): frozenset(_phrases(row[3] if len(row) > 3 else ""))
            for row in _rows(TOPICS_FILE)}


def _phrases(words: str) -> dict[tuple[str, ...], str]:
    from mawsua.connect.features import term_of

    phrases: dict[tuple[str, ...], str] = {}
    for kw in words.split("|"):
        kw = kw.strip()
        if kw.startswith(EXACT_MARK):
            folded = tokens(kw[len(EXACT_MARK):])
            if len(folded) == 1:  # matched by its own forms (:func:`exact_forms`)
                phrases.setdefault((EXACT_MARK + folded[0],), kw[len(EXACT_MARK):])
            continue
        stems = tuple(t for t in (term_of(w) or w for w in tokens(kw)))
        if stems:
            phrases.setdefault(stems, kw)
    return phrases


#: a keyword written ``=الدوري`` in ``topics.tsv`` is matched by its own written forms behind
#: a proclitic (``الدوري``, ``بالدوري``, ``للدوري``…), never by its light stem: the stems of
#: some keywords are other common words (``الدوري`` "the league" → ``دور`` "role", ``العمرة``
#: → ``عمر`` "age", ``الرياضة`` → ``رياض`` "Riyadh", ``الشرطة`` → ``شرط`` "condition",
#: ``البلدية`` → ``بلد`` "country"), which filed articles on a singer's role or a death at 44
#: under sports and religion
EXACT_MARK = "="
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")


def exact_forms(word: str) -> tuple[str, ...]:
    """The folded forms of an exact keyword ``word`` (folded) behind the proclitics
    ``و ف ب ل ك`` and their pairs; ``ل`` + ``ال`` is written ``لل``."""
    out = []
    for p in _PROCLITICS:
        if p.endswith("ل") and word.startswith("ال"):
            out.append(p + word[1:])
        else:
            out.append(p + word)
    return tuple(out)


@cache
def _exact_index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Folded form → ``(topic, phrase key)`` of every exact keyword (:data:`EXACT_MARK`)."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for topic, (_weight, phrases) in topic_rules().items():
        for phrase in phrases:
            if phrase[0].startswith(EXACT_MARK):
                for form in exact_forms(phrase[0][len(EXACT_MARK):]):
                    index[form].append((topic, phrase))
    return dict(index)


def _exact_hits(counts: Counter[str], out: dict[str, Counter[tuple[str, ...]]]) -> None:
    """Add the exact keywords' occurrences among words counted in ``counts`` to ``out``."""
    index = _exact_index()
    for w in index.keys() & counts.keys():
        for topic, phrase in index[w]:
            out[topic][phrase] += counts[w]


def topic_names() -> tuple[str, ...]:
    """Every topic of the rules, in file order."""
    return tuple(topic_rules())


#: Arabic names of the topic sections (as the website shows them)
TOPIC_NAMES: dict[str, str] = {
    "politics": "سياسة", "security": "أمن", "economy": "اقتصاد", "sports": "رياضة",
    "culture": "ثقافة", "health": "صحة", "technology": "تقنية", "religion": "دين",
    "society": "مجتمع",
}


def section_code(value: str) -> str | None:
    """The stored code of a section as a user types it, or ``None`` when it names none.

    Accepted: a country code in any case (``iq`` → ``IQ``: any ISO 3166-1 alpha-2 code of the
    place gazetteer), a topic in any case (``POLITICS`` → ``politics``), a topic's Arabic name
    with or without the article (``سياسة``, ``السياسة`` → ``politics``, :data:`TOPIC_NAMES`)
    or a place spelling of the gazetteer (``العراق``, ``Iraq`` → ``IQ``; one place only).
    Direction marks around the value (RLM, LRM, isolates) are ignored."""
    v = _BIDI_MARKS.sub("", value).strip()
    if not v:
        return None
    if len(v) == 2 and v.isascii() and v.isalpha():
        return v.upper() if v.upper() in _country_codes() else None
    if v.lower() in topic_rules():
        return v.lower()
    folded = " ".join(tokens(v))
    for code, name in TOPIC_NAMES.items():
        if " ".join(tokens(name)) in (folded, folded.removeprefix("ال")):  # رياضة, الرياضة
            return code
    return place_names().get(folded)


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(place_names().values()) | frozenset(outlet_countries().values())


def _hits(terms: list[str], index: dict[str, list[tuple[str, tuple[str, ...], float]]]
          ) -> dict[str, Counter[tuple[str, ...]]]:
    """Occurrences of the keyword phrases (``index``: :func:`_first_index`) in ``terms``, per
    topic; one-word phrases from the terms' counts, longer ones at each position of their
    first term."""
    out: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    counts = Counter(terms)
    for t in index.keys() & counts.keys():
        places: list[int] | None = None
        for topic, phrase, _ in index[t]:
            if len(phrase) == 1:
                out[topic][phrase] += counts[t]
                continue
            if places is None:
                places = [i for i, x in enumerate(terms) if x == t]
            k = len(phrase)
            hits = sum(1 for i in places if tuple(terms[i : i + k]) == phrase)
            if hits:
                out[topic][phrase] += hits
    return out


@cache
def _first_index() -> dict[str, list[tuple[str, tuple[str, ...], float]]]:
    index: dict[str, list[tuple[str, tuple[str, ...], float]]] = defaultdict(list)
    for topic, (weight, phrases) in topic_rules().items():
        for phrase in phrases:
            index[phrase[0]].append((topic, phrase, weight))
    return dict(index)


def topic_scores(title_words: list[str], body_words: list[str],
                 title_terms: list[str] | None = None, body_terms: list[str] | None = None,
                 body_counts: Counter[str] | None = None) -> dict[str, float]:
    """Every topic's score (see the module docstring) for folded title and body words.
    ``title_terms``, ``body_terms`` (:func:`mawsua.connect.features.terms_or_words` of the
    words) and ``body_counts`` (``Counter(body_words)``): when the caller has them."""
    from mawsua.connect.features import terms_or_words

    index = _first_index()
    weights = {t: w for t, (w, _) in topic_rules().items()}
    body = _hits(terms_or_words(body_words) if body_terms is None else body_terms, index)
    title = _hits(terms_or_words(title_words) if title_terms is None else title_terms, index)
    _exact_hits(Counter(body_words) if body_counts is None else body_counts, body)
    _exact_hits(Counter(title_words), title)
    scale = PER_WORDS / max(len(body_words), PER_WORDS // 3)
    weak = weak_phrases()
    scores: dict[str, float] = {}
    for topic in set(body) | set(title):
        found = set(body.get(topic, ())) | set(title.get(topic, ()))
        ambiguous = weak.get(topic, frozenset())
        plain = found - ambiguous
        if not plain:  # only ambiguous keywords: no evidence for the topic
            continue
        if len(_distinct(plain)) < MIN_TOPIC_KEYWORDS and not any(
                title.get(topic, Counter())[p] for p in plain):
            continue
        n = 0
        for phrase in found:
            n += min(MAX_KEYWORD_HITS, body.get(topic, Counter())[phrase]
                     + TITLE_HITS * title.get(topic, Counter())[phrase])
        scores[topic] = weights[topic] * n * scale
    return scores


def _distinct(phrases: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The phrases not contained (as a run of stems) in another of ``phrases``."""
    def inside(p: tuple[str, ...], q: tuple[str, ...]) -> bool:
        return len(p) < len(q) and any(q[i : i + len(p)] == p for i in range(len(q) - len(p) + 1))
    return {p for p in phrases if not any(inside(p, q) for q in phrases)}


def topics(title_words: list[str], body_words: list[str],
           title_terms: list[str] | None = None, body_terms: list[str] | None = None,
           body_counts: Counter[str] | None = None) -> tuple[tuple[str, float], ...]:
    """Topic sections for folded title and body words: ``(topic, score)``, best first (the
    optional arguments as for :func:`topic_scores`)."""
    return _pick(Counter(topic_scores(title_words, body_words, title_terms, body_terms,
                                      body_counts)),
                 MIN_TOPIC_SCORE, TOPIC_SHARE, MAX_TOPICS)
