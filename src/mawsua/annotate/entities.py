"""The ``"entities"`` layer (issue 4, docs/annotations.md): name mentions grouped per entity.

Mentions come from three sources, merged without overlaps:

1. **gazetteer** (:mod:`mawsua.annotate.gazetteer`): longest match over token match keys
   (:mod:`mawsua.arabic.variants`), the first token with its proclitics stripped (``بالعراق``,
   ``والعراق``, ``ببايدن``); the span covers the whole token as written. Latin names match
   case-sensitively on token boundaries. Entries flagged ``context`` (``العربية``, ``الحدث``,
   ``الجزيرة``) count only after a media cue (``قناة``, ``قناتي``, ``صحيفة``...) or right after
   another outlet (``قناتي "العربية" و"الحدث"``); otherwise the next entry spelled the same way
   (``الرياض`` the city) or nothing (``اللغة العربية``).
2. **crf**: :func:`mawsua.annotate.ner.predict_spans` on the Arabic sentences (a missing
   model file → skipped, gazetteer and rules still run). Its spans fill the gaps
   the gazetteer leaves; an ORGANIZATION/LOCATION span that strictly contains gazetteer matches
   of other types (``جامعة الملك سعود``) replaces them.
3. **rules**: a title or role (``titles.tsv``) with its modifiers (``الرئيس الأميركي``,
   ``رئيس وزراء العراق``, ``Prime Minister``) sets ``title`` on the PERSON mention that follows,
   or makes one of 2–4 unknown name tokens closed by punctuation or a function word (confidence
   0.6); an embedded post's author display name and ``@handle`` (``"blocks"`` layer attrs
   ``author``/``handle``) become mentions of the author (source ``post``); a title standing alone
   (``الرئيس الأميركي``) that exactly one person in the article carries joins that person
   (source ``coref``).

4. **linking rules** (issue 11): head-noun names (:func:`_heads`, construct organisations
   ``وزارة الحج`` included: :data:`CONSTRUCT_ORGS`), patronymic and compound names, names after
   a kinship noun (:func:`_kin_names`), a reporting verb or a standalone nationality
   (:func:`_cue_names`); then one sense per article: a name found once is found wherever it
   recurs, with clitics (:func:`_propagate`; persons of 2+ words too), a surname and an
   unshared first name alone join the person (:func:`_surnames`, :func:`_first_names`), and an
   unknown one-word place must be used as a place somewhere (:func:`_placeless`).
5. **session 20** (issue 11 user tests on unseen news): ``ل`` + ``ال`` gives the article back
   (``للجيش`` → ``الجيش``: :func:`_lam_article`; ``للجنة`` also reads ``ل`` + ``اللجنة``), no
   proclitic between a title and its name (``د. فراس``); ``بلدة``/``قرية``/``ناحية`` + X names
   X; a head introduces a name used alone later (``حزب سيريزا`` … ``سيريزا``); long body names
   (a plain adjective with a complement, branches ending with their place: :func:`_org_name`)
   and facilities named after a person (``قاعدة الملك عبدالعزيز الجوية``); military units hold
   no place (``فيلق القدس``); a given name after a title takes its family name
   (:func:`_extend_crf_surname`), a lone common given name is completed or dropped
   (:func:`_lone_given_names`); another bearer of a family name is another person
   (:func:`_other_bearers`); CRF spans that run on are cut (:func:`_trim_person_tails`); and
   spellings with or without inner long vowels are one person (:func:`_vowel_variants`).
6. **session 21**: a legislature named once (``مجلس النواب العراقي``) is the bare noun after
   it (``البرلمان``, ``للبرلمان``: :func:`_legislatures`); blocs by a relational adjective made
   from a name (``التيار الصدري``: :data:`BLOC_HEADS`); a well-known person by the surname
   alone in the person's country (``الرئيس المخلوع مبارك``, Egyptian ``مرسى``:
   :func:`_known_surnames`); an organisation's other name in brackets is the same one
   (``هيئة الإذاعة الأميركية (إن بي آر)``: :func:`_bracketed_names`).

Grouping: gazetteer mentions group by canonical name (so ``President Biden`` = ``جو بايدن``,
``Iraq`` = ``العراق``); other names by their match keys; a one-token PERSON mention joins the
only multi-token person whose last token it equals (``بايدن`` → ``جو بايدن``). Keys are
``E1``, ``E2``... in order of first mention.

Span attrs: ``entity``, ``canonical`` (gazetteer English name, else the longest mention's name),
``source`` (``gazetteer``/``crf``/``rule``/``post``/``coref``), ``confidence`` (0..1), and when
known ``country`` (ISO 3166-1 alpha-2), ``title``, ``proclitic`` (the stripped prefix, ``و``).
Cost: about 2.2 ms of CPU time for an average article without the CRF (machine at load ~9;
the CRF adds ~4 ms: bench/bench_annotate.py, README): only tokens
that may open a name or a title (looked up once per distinct word, memoised per word across
articles: :meth:`mawsua.annotate.gazetteer.Index.opening`) are tried.
"""

from __future__ import annotations

import bisect
import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count
from operator import attrgetter
from typing import Any

from mawsua.annotate import ner
from mawsua.annotate.gazetteer import (
    ARAB_COUNTRIES,
    NATIONALITY_SUFFIXES,
    Entry,
    Index,
    Start,
    Title,
    currency_words,
    names,
    nationality_adjectives,
    person_skeleton_spellings,
    person_skeletons,
    read_entries,
    read_homographs,
    titles,
)
from mawsua.arabic.fold import fold
from mawsua.arabic.lexicon import zipf
from mawsua.arabic.months import GREGORIAN_MONTHS
from mawsua.arabic.reporting import HONORIFIC_PRONOUNS
from mawsua.arabic.units import LENGTHS, UNITS
from mawsua.arabic.variants import (
    NAME_TOKEN_RE,
    PROCLITIC_LETTERS,
    clitic_keys,
    is_latin,
    key,
    phrase_key,
    skeleton,
    strip_article,
)
from mawsua.arabic.variants import keys as variant_keys
from mawsua.model import Article, Span

_LOG = logging.getLogger(__name__)
_CRF_WARNED = False
#: mention sources in order of trust (an earlier source wins an overlap)
SOURCES = ("post", "gazetteer", "crf", "rule", "coref")
#: confidence by source (the CRF gives its own)
CONFIDENCE = {"gazetteer": 0.95, "gazetteer_context": 0.85, "gazetteer_clitic": 0.9,
              "post": 0.9, "rule": 0.6, "title_name": 0.95, "coref": 0.6}
#: words (match keys) that make the next outlet-like common word an outlet
MEDIA_CUES = frozenset(key(w) for w in (
    "قناة", "قناتي", "قنوات", "صحيفة", "صحيفتي", "صحف", "جريدة", "مجلة", "وكالة",
    "شبكة", "تلفزيون", "التلفزيون", "فضائية", "قناه", "محطة", "مراسل", "مراسلة", "لقناة",
    "لصحيفة", "بصحيفة", "بجريدة", "لجريدة", "بوابة", "تحرير",
))
#: reporting verbs of a feminine subject that make the outlet-like word right after them an
#: outlet (``نشرت الأهرام``, ``وذكرت الوطن``): a newspaper reports, a plateau does not
MEDIA_VERBS = frozenset(key(w) for w in (
    "نشرت", "ذكرت", "نقلت", "أفادت", "كشفت", "أوردت", "قالت", "علمت"))
#: words (match keys) right before which a place spelled like a common word is a place
PLACE_CUES = frozenset(key(w) for w in (
    "في", "إلى", "الى", "مدينة", "دولة", "جمهورية", "عاصمة", "جزيرة", "جزر", "ولاية",
    "إقليم", "منطقة", "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي",
    "حكومة", "رئيس", "سفارة", "سفير", "سفيرة", "شعب", "بلد",
))
#: gap between two tokens of one name: spaces, a hyphen, a dot, an apostrophe (no line break)
_GAP_OK = frozenset(" \u00a0-.'’,")
#: function words and frequent nouns that never start or continue a name after a title
STOP = frozenset(key(w) for w in (
    "في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "إن", "ان", "لا", "لم", "لن", "قد", "كان",
    "كانت", "هو", "هي", "الذي", "التي", "الذين", "ما", "بعد", "قبل", "خلال", "حول", "عند", "منذ",
    "حتى", "بين", "ذلك", "هذا", "هذه", "تلك", "كل", "أي", "أو", "ثم", "بل", "لكن", "غير", "يوم",
    "اليوم", "أمس", "غدا", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
    "نهاية", "بداية", "مطلع", "منتصف", "عام", "العام", "أول", "آخر", "مساء", "صباح", "أنه",
    "إنه", "قال", "أكد", "أعلن", "أعرب", "أضاف", "أوضح", "دعا", "يوم", "لدى", "ضد", "عبر",
    "إلا", "كما", "وقد", "إذ", "حيث", "أمام", "وراء", "فوق", "تحت", "جميع", "بعض", "عدد",
    "نفسه", "شخصيا", "السابق", "الحالي", "الجديد", "للصحافيين", "للصحفيين", "لهم", "له", "لها",
    "بأن", "فإن", "لأن", "وأن", "إنها", "أنها", "عليه", "فيه", "منه", "به", "ضمن", "ب", "و",
    "وقال", "وأكد", "وأضاف", "وأشار", "أشار", "الذي", "خير", "باسمه", "الدولي", "الثقافي",
    "التخصصي", "الوطني", "الخيري", "الجامعي", "الطبي", "العسكري", "الجوي", "البحري", "العالمي",
    "أيضا", "أيضاً", "كذلك",
))
#: words before a title that make "title + name" part of a facility or institution name
FACILITY = frozenset(key(w) for w in (
    "جامعة", "مطار", "مستشفى", "مدينة", "مركز", "مؤسسة", "جائزة", "طريق", "شارع", "مجمع",
    "ملعب", "استاد", "كلية", "معهد", "برنامج", "مشروع", "جسر", "قاعدة", "وقف", "مكتبة",
    "دارة", "حي", "ميناء", "منحة", "كرسي", "مسجد", "جامع", "مدرسة", "صندوق", "واحة",
))
#: adjectives (keys) that extend a title: "الرئيس السابق", "وزير الخارجية الأسبق"
TITLE_MODIFIERS = frozenset(key(w) for w in (
    "السابق", "الأسبق", "الجديد", "الحالي", "الراحل", "المكلف", "المنتخب", "المستقيل",
    "الأول", "الثاني", "الأعلى", "الملكي", "الشريفين", "الشهير", "الشهيرة", "المعروف",
    "المعروفة", "المخضرم", "الشاب", "الشابة", "المخلوع", "المعزول",
))
#: tokens that continue a name (محمد بن سلمان, آل سعود, عبد الله, أبو بكر)
#: second parts of compound given names that are words of their own (نور الدين, عبد الرحمن,
#: جبارة الله): never taken for a surname
COMPOUND_TAILS = frozenset(key(w) for w in (
    "الله", "لله", "بالله", "الدين", "الرحمن", "الرحيم", "العزيز", "الكريم", "الحميد", "المجيد",
    "الإله", "اللطيف", "الحكيم", "الغني", "الملك", "النبي", "الإسلام"))
NAME_JOINERS = frozenset(key(w) for w in ("بن", "ابن", "بنت", "آل", "أبو", "ابو", "عبد", "أبي"))
_HANDLE_CHARS = re.compile(r"[\w@]")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: str
    source: str
    confidence: float
    keys: tuple[str, ...]  # match keys of the name (proclitic stripped)
    name: str  # the name as written, without a proclitic
    entry: Entry | None = None
    title: str | None = None
    proclitic: str = ""
    group: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


class _Tokens:
    """Name tokens of a text with offsets and their candidate keys."""

    __slots__ = ("text", "starts", "ends", "words", "n", "_distinct", "_opens", "_clitic", "memo")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = words = NAME_TOKEN_RE.findall(text)
        # offsets by search: each token is the first match of its string after the previous
        # one (the gap holds no token characters); faster than match objects
        starts: list[int] = []
        ends: list[int] = []
        find = text.find
        pos = 0
        for w in words:
            pos = find(w, pos)
            starts.append(pos)
            pos += len(w)
            ends.append(pos)
        self.starts, self.ends = starts, ends
        self.n = len(words)
        self._distinct: set[str] | None = None
        self._opens: dict[int, tuple[dict[str, tuple[Start, ...]], list[int]]] = {}
        self._clitic: dict[str, tuple[str, ...]] = {}
        self.memo: dict[str, Any] = {}  # per-article results computed on first use

    def clitic_keys(self, word: str) -> tuple[str, ...]:
        """:func:`clitic_keys` of ``word``, memoised for this text (words past the global memo's
        bound are then computed once per article, not once per use)."""
        got = self._clitic.get(word)
        if got is None:
            got = self._clitic[word] = clitic_keys(word)
        return got

    def words_for(self, targets: set[str] | dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
        """For each target key, the distinct words that stand for it with proclitics stripped
        (:meth:`clitic_keys`), as ``(word, rank)`` pairs. Candidate words are found by a search
        for the target's stem in the article's folded word list (one string), and only they
        are checked with :meth:`clitic_keys`."""
        blob = self.memo.get("blob")
        if blob is None:
            # the distinct words in any order (the hits of each target are sorted below)
            words, keys = self.distinct_keys()  # the letters clitic_keys() compares
            lines = [0]
            for k in keys[:-1]:
                lines.append(lines[-1] + len(k) + 1)
            blob = self.memo["blob"] = ("\n".join(keys), words, lines)
        folded, words, lines = blob
        out: dict[str, list[tuple[str, int]]] = {}
        for k in targets:
            stem = k[2:] if k.startswith("ال") and len(k) > 4 else k
            at = folded.find(stem)
            if at < 0:
                continue
            seen: set[str] = set()
            while at >= 0:
                line = bisect.bisect_right(lines, at) - 1
                w = words[line]
                if w not in seen:
                    seen.add(w)
                    keys = self.clitic_keys(w)
                    if k in keys:
                        out.setdefault(k, []).append((w, keys.index(k)))
                # the next word's key: a word is checked once however often the stem is in it
                at = folded.find(stem, lines[line + 1] if line + 1 < len(lines) else len(folded))
            got = out.get(k)
            if got is not None and len(got) > 1:
                got.sort()  # in the words' order (each word once, so by the word alone)
        return out

    def distinct_keys(self) -> tuple[list[str], list[str]]:
        """``(words, keys)``: the distinct token strings (in the order of :attr:`distinct`)
        and the match key (:func:`key`) of each (computed once per article)."""
        got = self.memo.get("keys")
        if got is None:
            words = list(self.distinct)
            got = self.memo["keys"] = (words, variant_keys(words))
        return got

    def split_words(self) -> tuple[dict[str, list[str]], set[str]]:
        """``(plain, rest)``: the distinct words whose key opens with no proclitic letter
        (:data:`PROCLITIC_LETTERS`: their only clitic key is their key; Latin words too) by
        that key, and the other distinct words (computed once per article)."""
        got = self.memo.get("split")
        if got is None:
            plain: dict[str, list[str]] = {}
            rest: set[str] = set()
            letters = PROCLITIC_LETTERS
            words, keys = self.distinct_keys()
            for w, k in zip(words, keys, strict=True):
                if k[:1] in letters and not is_latin(w):
                    rest.add(w)
                else:
                    plain.setdefault(k, []).append(w)
            got = self.memo["split"] = (plain, rest)
        return got

    @property
    def distinct(self) -> set[str]:
        """The distinct token strings (computed once, on first use)."""
        if self._distinct is None:
            self._distinct = set(self.words)
        return self._distinct

    def opens(self, index: Index) -> tuple[dict[str, tuple[Start, ...]], list[int]]:
        """``(hits, positions)``: :meth:`Index.starts` of every distinct word that may open a
        phrase of ``index`` (looked up once per word), and the token positions of those words
        in order (computed once per index)."""
        got = self._opens.get(id(index))
        if got is None:
            plain, rest = self.split_words()
            hits = index.opening(rest, self.clitic_keys, plain)
            positions = list(compress(count(), map(hits.__contains__, self.words)))
            got = self._opens[id(index)] = (hits, positions)
        return got

    def joined(self, i: int) -> bool:
        """Whether tokens ``i`` and ``i + 1`` may belong to one name (a short, plain gap)."""
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        return 0 < len(gap) <= 3 and all(c in _GAP_OK for c in gap) or gap == ""

    def spaced(self, i: int) -> bool:
        """Whether tokens ``i`` and ``i + 1`` are separated by plain spaces only."""
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        return 0 < len(gap) <= 2 and gap.strip(" \u00a0") == ""


def _match_at(tokens: _Tokens, i: int, index: Index
              ) -> tuple[int, tuple[object, ...], tuple[str, ...], int] | None:
    """Longest phrase of ``index`` starting at token ``i`` (its first token as written or with
    proclitics stripped, :func:`clitic_keys` order).

    Returns ``(end_token, values, keys, clitic_rank)`` (``end_token`` exclusive; ``clitic_rank``
    0 when the first token matched as written) or ``None``.
    """
    cands = tokens.opens(index)[0].get(tokens.words[i])
    if cands is None:
        return None
    n = tokens.n
    words = tokens.words
    nxt = key(words[i + 1]) if i + 1 < n else None  # most rows fail on the second word
    for rank, k0, rows in cands:
        for rest, values in rows:
            m = len(rest)
            if i + m >= n:
                continue
            if m:
                if rest[0] != nxt:
                    continue
                ok = True
                for off in range(m):
                    j = i + 1 + off
                    if (off and key(words[j]) != rest[off]) or not tokens.joined(j - 1):
                        ok = False
                        break
                if not ok:
                    continue
            return i + 1 + m, values, (k0, *rest), rank
    return None


#: nunation marks: a word carrying one is an indefinite noun or adjective, never a name
_TANWEEN = frozenset("\u064b\u064c\u064d")


def _stripped_match(tokens: _Tokens, i: int, index: Index
                    ) -> tuple[int, tuple[object, ...], tuple[str, ...], int] | None:
    """A one-word match of token ``i`` with its proclitics stripped whose entry is no
    GeoNames town (see :func:`_gazetteer`), or ``None``."""
    for rank, k0, rows in tokens.opens(index)[0].get(tokens.words[i], ()):
        if rank == 0:
            continue
        for rest, values in rows:
            if not rest and any(isinstance(v, Entry) and "geonames" not in v.flags
                                and "context" not in v.flags for v in values):
                return i + 1, values, (k0,), rank
    return None


def _proclitic(word: str, matched_key: str) -> str:
    """The proclitic letters of ``word`` stripped to reach ``matched_key`` ('' when none)."""
    full = key(word)
    if full == matched_key:
        return ""
    if full.endswith(matched_key):
        n = len(full) - len(matched_key)
    elif matched_key.startswith("الل") and full.endswith(matched_key[2:]):
        n = len(full) - len(matched_key) + 2  # ل + اللجنة written للجنة
    else:  # ل + ال written لل: matched "ال..." against "لل..."
        n = len(full) - len(matched_key) + 1
    return word[:n]


def _is_word(word: str) -> bool:
    """Whether ``word`` as written is an ordinary word (Zipf ≥ 3 in the Arabic lexicon)."""
    got = _WORD_MEMO.get(word)
    if got is None:
        got = _remember(_WORD_MEMO, word, zipf(fold(word)) >= 3.0)
    return got


_WORD_MEMO: dict[str, bool] = {}


def _pronoun_ha(word: str) -> bool:
    """Whether ``word`` may be an ordinary noun with the pronoun suffix ``ه`` (``مسكنه`` "his
    home", ``كيفه``, ``جماله``): it ends in ``ه``, not ``ة``, and what is left is a word (Zipf ≥
    3 in the Arabic lexicon: ``مسكن``). Match keys fold ``ة`` into ``ه``, so such a word meets
    a town spelled with ``ة`` (``مسكنة``, Maskanah); the lexicon folds them too, so the
    frequency of the whole cannot tell them apart."""
    got = _PRONOUN_MEMO.get(word)
    if got is None:
        got = _remember(_PRONOUN_MEMO, word, word.endswith("ه") and len(word) > 3
                        and not key(word).startswith("ال")  # الناصريه: no suffix after ال
                        and zipf(fold(word[:-1])) >= 3.0)
    return got


_PRONOUN_MEMO: dict[str, bool] = {}


#: place cues strong enough for a town spelled like a common word (GeoNames ``context`` rows)
STRONG_PLACE_CUES = frozenset(key(w) for w in (
    "مدينة", "محافظة", "مديرية", "بلدة", "قرية", "ولاية", "إقليم", "قضاء", "ناحية", "مركز"))


_NUMBER = r"[0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?"
_LENGTH = "|".join(sorted((w for w, (u, _) in UNITS.items() if u in LENGTHS), key=len,
                          reverse=True))
_MEASURED_AFTER = re.compile(
    rf"[^\S\n]+(?P<each>(?:(?:كل|منها|منه|منهما|منهم)[^\S\n]+){{1,3}})?{_NUMBER}[^\S\n]*"
    rf"(?:{_LENGTH})(?![\u0621-\u064a])")
_HALF = frozenset(("نصف", "ونصف", "بنصف"))
#: place names that open an idiom with the next word (its first letters): no place then
PLACE_IDIOMS = {key("مسقط"): key("راس")}


def _measure_noun(tokens: _Tokens, i: int) -> bool:
    """Whether the one-word place name at token ``i`` is a noun of measure spelled like it
    (``قطر`` "diameter" beside Qatar), or that opens an idiom (:data:`PLACE_IDIOMS`:
    ``مسقط رأسه`` "his birthplace"): a length follows it after ``كل منها`` or the
    preposition ``ب`` (``قطر كل منها 5 سم``, ``بقطر 30 مترا``;
    :data:`mawsua.arabic.units.LENGTHS`), or ``نصف`` comes before it and a definite noun
    after it (``نصف قطر الدائرة``, "radius"). A year after a country (``قطر 2022``) and a
    distance (``تبعد عن الرياض 60 كيلومترا``) are no measures of it."""
    nxt = PLACE_IDIOMS.get(key(tokens.words[i]))
    if nxt and i + 1 < tokens.n and tokens.spaced(i) and key(tokens.words[i + 1]).startswith(nxt):
        return True  # «مسقط رأسه»: his birthplace, no Muscat
    after = _MEASURED_AFTER.match(tokens.text, tokens.ends[i])
    if after and (after["each"] or tokens.words[i].startswith("ب")):
        return True  # (a distance is no measure: «تبعد عن الرياض 60 كيلومترا»)
    return (i > 0 and tokens.words[i - 1] in _HALF and tokens.spaced(i - 1) and i + 1 < tokens.n
            and tokens.words[i + 1].startswith("ال") and tokens.spaced(i))


#: nouns of streets and quarters: the name after one is a local name (``حي المحمدية`` in
#: Jeddah, ``شارع السودان`` in Giza), never the town or country it is named after
STREET_HEADS = frozenset(key(w) for w in ("حي", "شارع", "شوارع", "حارة", "زقاق", "جادة"))


#: the plural street noun: before one place it is that place's streets (``شوارع لندن``), not
#: a street named after it; only a list of names after it are streets (``شوارع فيصل والهرم``)
_STREETS = key("شوارع")


def _street_name(tokens: _Tokens, i: int) -> bool:
    """Whether token ``i`` names a street or quarter: right after a :data:`STREET_HEADS` noun
    (with its clitics: ``بحي``, ``وشارع``), or in a list of such names joined by ``و`` after
    one (``شوارع فيصل والهرم والسودان``). After the plural ``شوارع``, a name alone is the town
    whose streets they are (``في شوارع طهران``)."""
    j = i
    while j > 0 and tokens.spaced(j - 1) and i - j < 4:
        ks = clitic_keys(tokens.words[j - 1])
        if any(k in STREET_HEADS for k in ks):
            return not (ks[-1] == _STREETS and j == i) or (
                i + 1 < tokens.n and tokens.spaced(i) and tokens.words[i + 1][:1] == "و")
        if tokens.words[j][:1] != "و":
            return False
        j -= 1
    return False


def _local_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Street and quarter names are no link to what they are named after: a place mention
    after a street noun (:func:`_street_name`: ``شارع السودان``, ``جدة حي المحمدية``) is
    dropped, and one that opens with it is kept unlinked, without a country — unless the
    linked place lies in a country the article names otherwise (:func:`_country_evidence`:
    ``حي التواهي`` in an article on Aden is that district of Aden). A club's name after a
    hotel or shop noun (:data:`NAMED_PLACE_HEADS`: ``فندق تشيلسي``) is dropped too."""
    out = []
    for m in mentions:
        if m.entry is not None and "club" in m.entry.flags:
            t = bisect_left(tokens.starts, m.start)
            if 0 < t < tokens.n and tokens.spaced(t - 1) and any(
                    k in NAMED_PLACE_HEADS for k in clitic_keys(tokens.words[t - 1])):
                continue  # "فندق تشيلسي": a hotel named like the club
        if m.label == "LOCATION":
            t = bisect_left(tokens.starts, m.start)
            local = t < tokens.n and _street_name(tokens, t)
            head = not local and m.entry is not None and t < tokens.n and any(
                k in STREET_HEADS for k in clitic_keys(tokens.words[t]))
            if (local or head) and m.entry is not None and m.entry.country and (
                    _country_evidence(tokens).get(m.entry.country, 0) > 1):
                local = head = False  # (a lone mention of its own is no evidence)
            if local:
                continue
            if head:
                m.entry = None
                m.extra.pop("country", None)
        out.append(m)
    return out


def _measured(tokens: _Tokens, m: _Mention) -> bool:
    """Whether ``m`` is one token that :func:`_measure_noun` takes for a noun of measure."""
    if m.label != "LOCATION":
        return False
    i = bisect_left(tokens.starts, m.start)
    return (i < tokens.n and tokens.starts[i] == m.start and tokens.ends[i] == m.end
            and _measure_noun(tokens, i))


def _place_context(tokens: _Tokens, i: int, *, strong: bool = False) -> bool:
    """Whether a place spelled like a common word (``مالي``, ``ترك``) at token ``i`` follows a
    place cue (:data:`PLACE_CUES`: ``في``/``إلى``, or a word such as ``مدينة``, ``دولة``,
    ``جمهورية``) as the word right before it. ``من``/``عن`` are no cues: they govern verbal
    nouns too (``منع سكانها من ترك قراهم``)."""
    cues = STRONG_PLACE_CUES if strong else PLACE_CUES
    return i > 0 and tokens.spaced(i - 1) and any(
        k in cues for k in clitic_keys(tokens.words[i - 1]))


#: quote marks an outlet's name is written between (``لـ«الشرق الأوسط»``)
_OPEN_MARKS = frozenset('«"“„\'')
_CLOSE_MARKS = frozenset('»"”\'')


#: heads of places named after a brand or a district (hotels, restaurants, towers): the name
#: after one is that place's, never a club's (``فندق تشيلسي``)
NAMED_PLACE_HEADS = frozenset(key(w) for w in (
    "فندق", "فنادق", "منتجع", "مطعم", "مقهى", "برج", "مستشفى", "مدرسة", "سوق", "مجمع"))
#: words right before a club named by a common word that make it the club: team nouns, the
#: people of a team, match verbs and nouns (``لاعب الهلال``, ``فاز النصر``, ``مباراة الاتحاد``)
CLUB_CUES = frozenset(key(w) for w in (
    "نادي", "فريق", "فريقا", "لاعب", "لاعبي", "لاعبو", "مدرب", "مدربا", "جماهير", "جمهور",
    "مهاجم", "حارس", "مدافع", "هداف", "فاز", "تعادل", "خسر", "تغلب", "هزم", "واجه", "يواجه",
    "التقى", "يلتقي", "يستضيف", "استضاف", "مباراة", "مواجهة", "ديربي", "الفائز", "مرمى",
    "شباك", "ناديي", "فريقي", "قمة"))
#: words between two clubs of one match or table (``الهلال والنصر``, ``فاز الهلال على النصر``)
_CLUB_LINKS = frozenset(key(w) for w in ("على", "أمام", "امام", "مع", "ضد", "و"))


def _club_context(tokens: _Tokens, i: int, prev: _Mention | None, end: int = 0,
                  club: Entry | None = None) -> bool:
    """Whether a club named by a common word or name (``club context`` rows: ``الهلال``,
    ``النصر``, ``ميلان``) at tokens ``i..end`` is the club: a :data:`CLUB_CUES` word right
    before it (with its conjunction or preposition: ``ولاعب``, ``لفريق``), the masculine
    nationality adjective of its country right after it (``ميلان الإيطالي``), or another club
    right before, joined by ``و`` or a match preposition (``الهلال والنصر``, ``الهلال على
    النصر``)."""
    if club is not None and club.country and 0 < end < tokens.n and tokens.spaced(end - 1):
        adj = key(tokens.words[end])
        if adj.endswith("ي") and nationality_adjectives().get(adj) == club.country:
            return True
    if i == 0 or not tokens.spaced(i - 1):
        return False
    if any(k in CLUB_CUES for k in clitic_keys(tokens.words[i - 1])):
        return True
    if prev is None or prev.label != "ORGANIZATION" or prev.entry is None \
            or "club" not in prev.entry.flags:
        return False
    between = tokens.text[prev.end : tokens.starts[i]].split()
    if not between and tokens.words[i][:1] == "و" and prev.end < tokens.starts[i]:
        return True  # "الهلال والنصر"
    return len(between) == 1 and key(between[0]) in _CLUB_LINKS


def _media_context(tokens: _Tokens, i: int, end: int, prev: _Mention | None) -> bool:
    """Whether an outlet-like common word (``الشرق الأوسط``, ``الحياة``) at tokens
    ``i..end`` is an outlet here: a media cue (:data:`MEDIA_CUES`: ``صحيفة``, ``قناة``...)
    among the three words before, a reporting verb right before (:data:`MEDIA_VERBS`), the name standing alone between quote marks (``«الشرق
    الأوسط»``, ``لـ"الحياة"``), or right after another outlet."""
    # (a word with لل is a complement after a cue further back: "قناة النيل للأخبار")
    for j in range(max(0, i - (1 if tokens.words[i].startswith("لل") else 3)), i):
        if any(k in MEDIA_CUES for k in clitic_keys(tokens.words[j])):
            return True
    if i > 0 and len(gap := tokens.text[tokens.ends[i - 1] : tokens.starts[i]]) <= 3 \
            and not gap.strip(" \u00a0(«\"“") and any(
                k in MEDIA_VERBS for k in clitic_keys(tokens.words[i - 1])):
        return True  # "وعلمت (الجزيرة)", "ونشرت الأهرام"
    text = tokens.text
    a, b = tokens.starts[i], tokens.ends[end - 1]
    if a > 0 and b < len(text) and text[a - 1] in _OPEN_MARKS and text[b] in _CLOSE_MARKS:
        return True
    if prev is not None and prev.entry is not None and "media" in prev.entry.flags:
        return tokens.starts[i] - prev.end <= 6
    # an agency's dateline: "الدوحة - قنا:" at the start of a line
    return _DATELINE_HEAD.fullmatch(text, text.rfind("\n", 0, a) + 1, a) is not None and \
        _DATELINE_TAIL.match(text, b) is not None


#: the head of an agency dateline before the agency's name (``الدوحة - ``, ``(القاهرة ـ ``)
_DATELINE_HEAD = re.compile(r"[^\S\n]*[(\[]?[\u0621-\u064a][\u0621-\u064a ]{1,24}[^\S\n]*[-–ـ][^\S\n]*")
#: ... and what ends it after the name (``:``, ``)``; not a line break: ``عين اليوم –
#: الرياض`` names the outlet, then the city)
_DATELINE_TAIL = re.compile(r"[^\S\n]*[:)\]]")


@cache
def _context_media() -> frozenset[tuple[str, ...]]:
    """Match keys of the outlets spelled like common words or places (gazetteer rows flagged
    ``media context``: ``الأهرام``, ``الحياة``, ``الوطن``)."""
    return frozenset((first, *rest) for first, rows in names().by_first.items()
                     for rest, vs in rows if any(isinstance(v, Entry) and "media" in v.flags
                                                 and "context" in v.flags for v in vs))


def _not_outlets(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """The tagger's mentions spelled like an outlet named by a common word or a place
    (:func:`_context_media`) where nothing says an outlet is meant (:func:`_media_context`)
    are left out: the gazetteer found no outlet there, and the word is then the plateau
    (``هضبة الأهرام``), life or the homeland, not an organisation."""
    keys = _context_media()
    out: list[_Mention] = []
    for m in mentions:
        if m.source == "crf" and m.entry is None and m.keys in keys:
            i = _token_after(tokens, m.start, 0)
            if i < tokens.n and not _media_context(tokens, i, _token_after(tokens, m.end, i),
                                                   None):
                continue
        out.append(m)
    return out


def _gazetteer(tokens: _Tokens) -> list[_Mention]:
    index = names()
    out: list[_Mention] = []
    later: list[tuple[int, tuple[str, ...], int, Entry]] = []
    i = 0
    for i0 in tokens.opens(index)[1]:  # only tokens that may open a name
        if i0 < i:
            continue
        i = i0
        hit = _match_at(tokens, i, index)
        if hit is None:
            i += 1
            continue
        end, values, keys, rank = hit
        if rank == 0 and end == i + 1 and all(
                isinstance(v, Entry) and "geonames" in v.flags for v in values):
            # "وجدة": و + Jeddah rather than the town Oujda spelled that way
            alt = _stripped_match(tokens, i, index)
            if alt is not None:
                end, values, keys, rank = alt
        source_conf = "gazetteer_clitic" if rank else "gazetteer"
        latin = is_latin(tokens.words[i])
        if end == i + 1 and not latin and _TANWEEN & set(tokens.words[i]):
            i = end  # "جنديًا بريطانيًا": an adjective with tanween, no place name
            continue
        prev = out[-1] if out else None
        if not latin and (_inside_name(tokens, i, end) or end == i + 1 and _measure_noun(
                tokens, i)):
            i = end
            continue
        cands: list[Entry] = []
        cued: list[Entry] = []
        entry: Entry | None = None
        for v in values:  # an entry that needs a cue and has it wins
            assert isinstance(v, Entry)
            if "geonames" in v.flags and rank and (_is_word(tokens.words[i]) or _is_word(
                    tokens.words[i][len(_proclitic(tokens.words[i], keys[0])):])):
                continue  # "ورقة" is no "و" + "رقة", "ببرقية" no "ب" + a town "برقية"
            if ("context" in v.flags or "geonames" in v.flags and end == i + 1
                    and _pronoun_ha(tokens.words[i])) and not latin:
                # a town's spelling is no common word (build_geonames), but the word as
                # written may be one that only its match key shares: "مسكنه" (his home) is
                # no "مسكنة" (Maskanah); it needs a cue then, as a "context" row does
                if (_place_context(tokens, i, strong="geonames" in v.flags)
                        if v.label == "LOCATION" else (_club_context(tokens, i, prev, end, v) or any(
                            o.entry is not None and o.entry.canonical == v.canonical
                            for o in out))  # the club named before (one sense per article)
                        if "club" in v.flags else _media_context(tokens, i, end, prev)):
                    if v.label != "LOCATION":
                        entry, source_conf = v, "gazetteer_context"
                        break
                    cued.append(v)  # "في الشرقية": Egypt's or Saudi Arabia's? (_pick)
                    continue
                if "club" in v.flags and end == i + 1:
                    later.append((i, keys, rank, v))  # named with a cue further on?
                continue
            cands.append(v)
        picked: list[Entry] | None = None
        if entry is None and cued:
            entry, source_conf = cued[0], "gazetteer_context"
            if len({c.country for c in cued}) > 1:
                entry, picked = _pick(cued, tokens, i, end), cued
        if entry is None and not cands:
            i += 1
            continue
        club = entry if entry is not None else cands[0]
        if "club" in club.flags and i > 0 and tokens.spaced(i - 1) and any(
                k in NAMED_PLACE_HEADS for k in clitic_keys(tokens.words[i - 1])):
            i = end  # "فندق تشيلسي": a hotel named like the club
            continue
        if entry is None:
            entry = cands[0]
            places = [c for c in cands if c.label == "LOCATION"]
            if len(places) > 1 and places[0] is entry:  # an earlier file's name wins
                entry, picked = _pick(places, tokens, i, end), places
        begin = i
        title = None
        while entry.label == "PERSON":  # "الأمير محمد بن سلمان": a title is no part of the name
            t = _title_at(tokens, begin, {})
            if t is None or not begin < t[0] < end:
                break
            begin = t[0]
            title = tokens.text[tokens.starts[i] : tokens.ends[begin - 1]]
        start, stop = tokens.starts[begin], tokens.ends[end - 1]
        pro = _proclitic(tokens.words[i], keys[0]) if rank and begin == i else ""
        if "club" in entry.flags and not rank and begin == i > 0 and tokens.spaced(i - 1) \
                and (pre := clitic_keys(tokens.words[i - 1]))[-1] == _CLUB and (
                    not out or out[-1].end <= tokens.starts[i - 1]):
            begin = i - 1  # "نادي الهلال", "بنادي الاتحاد": the club's full name
            start = tokens.starts[begin]
            pro = tokens.words[begin][:len(tokens.words[begin]) - len("نادي")] if len(
                pre) > 1 else ""
            keys = (_CLUB, *keys)
            i -= 1
        out.append(_Mention(start, stop, entry.label, "gazetteer", CONFIDENCE[source_conf],
                            keys[begin - i:], tokens.text[start + len(pro) : stop], entry,
                            title=title, proclitic=pro))
        if picked is not None:
            out[-1].extra["candidates"] = picked
        i = end
    # a club named with a cue anywhere in the article is that club wherever its common-word
    # name stands alone (a match preview names the opponent before «بنادي الهلال»)
    clubs = {m.entry.canonical for m in out if m.entry is not None and "club" in m.entry.flags}
    for j, ks, rank, v in later:
        if v.canonical not in clubs or any(
                m.start < tokens.ends[j] and tokens.starts[j] < m.end for m in out):
            continue
        pro = _proclitic(tokens.words[j], ks[0]) if rank else ""
        out.append(_Mention(tokens.starts[j], tokens.ends[j], v.label, "gazetteer",
                            CONFIDENCE["gazetteer_context"], ks[:1],
                            tokens.words[j][len(pro):], v, proclitic=pro))
    if later:
        out.sort(key=lambda m: m.start)
    # one sense per article: an ambiguous name that the article also names unambiguously
    # (``سلطنة عمان`` beside ``عمان``) is that entity
    sure = {m.entry for m in out if "candidates" not in m.extra}
    for m in out:
        cands = m.extra.pop("candidates", None)
        if cands and m.entry not in sure:
            m.entry = next((c for c in cands if c in sure), m.entry)
    return out


#: first parts of compound given names (سيف الإسلام, نور الدين, عبد الله, عز الدين): the
#: word after them is part of a person's name, never an entity of its own
COMPOUND_HEADS = frozenset(key(w) for w in (
    "عبد", "سيف", "نور", "عز", "شمس", "صلاح", "بدر", "جمال", "سعد", "تاج", "زين", "حسام",
    "علاء", "عماد", "شرف", "فخر", "ضياء", "بهاء", "نصر", "محي", "محيي", "قطب", "ركن", "عصام",
    "فتح", "جار", "هبة", "عطا", "فضل", "حب", "ولي", "خير",
))


_COMPOUND_RAW = frozenset(("سيف", "نور", "عز", "شمس", "صلاح", "بدر", "جمال", "سعد", "تاج",
                           "زين", "حسام", "علاء", "عماد", "شرف", "فخر", "ضياء", "بهاء",
                           "محي", "محيي", "عصام", "فتح"))


def _inside_name(tokens: _Tokens, i: int, end: int) -> bool:
    """Whether a one-word match at token ``i`` (``الإسلام``, ``الدين``) is the second part of
    a compound given name (``سيف الإسلام``, ``نور الدين``: :data:`COMPOUND_HEADS` right before
    it, or a word of :data:`COMPOUND_TAILS` after a name joiner)."""
    if end - i != 1 or i == 0 or not tokens.spaced(i - 1):
        return False
    before = clitic_keys(tokens.words[i - 1])
    return any(k in COMPOUND_HEADS for k in before) or (
        key(tokens.words[i]) in COMPOUND_TAILS and any(k in NAME_JOINERS for k in before))


#: words before a place that name it as a country (سلطنة عمان) or as a city (العاصمة عمان)
COUNTRY_CUES = frozenset(key(w) for w in ("سلطنة", "دولة", "مملكة", "جمهورية", "إمارة"))
CITY_CUES = frozenset(key(w) for w in ("العاصمة", "عاصمة", "مدينة", "بلدة", "محافظة"))


def _pick(cands: list[Entry], tokens: _Tokens, i: int, end: int) -> Entry:
    """Choose among the entries spelled like the match at tokens ``i..end`` (``عمان``: Oman
    the country or Amman the city; ``زنجبار`` in Tanzania or in Yemen). (Afterwards,
    :func:`_gazetteer` prefers one the article also names unambiguously: ``سلطنة عمان``.)

    In order: a country cue right before (``سلطنة``) picks a country, a city cue (``العاصمة``,
    ``مدينة``) a city; a nationality adjective among the two words before or the word after
    (``العاصمة الأردنية عمان``) picks that country's entry; then the entry whose country the
    article names most (country and city mentions and nationality adjectives:
    :func:`_country_evidence`) when it is named more than the first entry's; else the first
    (file priority), unless an entry as often named is of the outlet's country
    (``tokens.memo["outlet_country"]``: ``في الشرقية`` in an Egyptian paper is Sharqia)."""
    before = [k for j in (i - 1, i - 2) if j >= 0 for k in clitic_keys(tokens.words[j])]
    if i > 0:
        near = set(clitic_keys(tokens.words[i - 1]))
        if near & COUNTRY_CUES:
            got = next((c for c in cands if "country" in c.flags), None)
            if got is not None:
                return got
        if near & CITY_CUES:
            got = next((c for c in cands if "country" not in c.flags), None)
            if got is not None:
                return got
    adjectives = nationality_adjectives()
    around = before + (list(clitic_keys(tokens.words[end])) if end < tokens.n else [])
    for k in around:
        cc = adjectives.get(k)
        if cc is not None:
            got = next((c for c in cands if c.country == cc), None)
            if got is not None:
                return got
    if len({c.country for c in cands}) == 1:
        return cands[0]
    evidence = _country_evidence(tokens)
    best = max(cands, key=lambda c: evidence.get(c.country or "", 0))
    if evidence.get(best.country or "", 0) > evidence.get(cands[0].country or "", 0):
        return best
    home = tokens.memo.get("outlet_country")
    top = evidence.get(best.country or "", 0)
    return next((c for c in cands if c.country == home
                 and evidence.get(c.country or "", 0) == top), cands[0])


@cache
def _evidence_keys() -> dict[str, str | None]:
    """Match key → the country it is evidence of: a nationality adjective's
    (:func:`nationality_adjectives`, first), else the one country of the one-word places
    spelled so (:func:`_place_countries`); ``None`` for places of several countries."""
    return {**_place_countries(), **nationality_adjectives()}


@cache
def _place_countries() -> dict[str, str | None]:
    """Match key → the one country of the gazetteer's one-word places spelled so (no entry
    that needs a cue); ``None`` where those places are of several countries or of none."""
    out: dict[str, str | None] = {}
    for k, rows in names().by_first.items():
        countries = {v.country for rest, values in rows if not rest for v in values
                     if isinstance(v, Entry) and v.label == "LOCATION"
                     and "context" not in v.flags}
        if countries:
            out[k] = next(iter(countries)) if len(countries) == 1 else None
    return out


def _country_evidence(tokens: _Tokens) -> dict[str, int]:
    """Country code → how often the article names it: one-word gazetteer places of an
    unambiguous country (``الأردن``, ``مسقط``) and nationality adjectives (``الأردنية``,
    ``العماني``), each occurrence counted (computed once per article)."""
    got = tokens.memo.get("countries")
    if got is not None:
        return got
    table = _evidence_keys()
    per_word: dict[str, str] = {}
    plain, rest = tokens.split_words()
    for k in plain.keys() & table.keys():
        if cc := table[k]:
            for w in plain[k]:
                per_word[w] = cc
    for w in rest:
        for k in tokens.clitic_keys(w):
            if cc := table.get(k):
                per_word[w] = cc
                break
    counts: dict[str, int] = {}
    if per_word:
        for w in tokens.words:
            cc = per_word.get(w)
            if cc:
                counts[cc] = counts.get(cc, 0) + 1
    tokens.memo["countries"] = counts
    return counts


def _crf() -> Callable[[str], Sequence[Span]]:
    """The CRF tagger (:func:`mawsua.annotate.ner.predict_spans`); a missing model file
    surfaces as an ``OSError`` that :func:`_crf_mentions` turns into "rules only"."""
    return ner.predict_spans


def _crf_mentions(text: str, fn: Callable[[str], Sequence[Span]]) -> list[_Mention]:
    try:
        spans = fn(text)
    except (OSError, LookupError, RuntimeError, ValueError) as exc:  # no model: rules only
        global _CRF_WARNED
        if not _CRF_WARNED:  # once per process: the reason and the model's path
            _CRF_WARNED = True
            _LOG.warning("entities without the CRF tagger (%s: %s); model: %s",
                         type(exc).__name__, exc, ner.MODEL_PATH)
        return []
    out = []
    for s in spans:
        if s.label not in ("PERSON", "ORGANIZATION", "LOCATION", "MISC") or s.end <= s.start:
            continue
        trim = _TRIM_MEMO.get(text[s.start : s.end])
        if trim is None:
            trim = _remember(_TRIM_MEMO, text[s.start : s.end],
                             _trim_crf(text[s.start : s.end], 0, s.end - s.start))
        start, end = s.start + trim[0], s.start + trim[1]
        if end <= start:
            continue
        if (start, end) != (s.start, s.end):
            s = Span(start, end, s.label, {k: v for k, v in s.attrs.items()
                                           if k != "proclitic" or start == s.start})
        surface = text[s.start : s.end]
        pro = str(s.attrs.get("proclitic") or "")
        if pro and s.label == "PERSON" and _after_title(text, s.start):
            pro = ""  # "د. فراس", "الدكتور فراس": no conjunction between a title and its name
        name = surface[len(pro):] if pro and surface.startswith(pro) else surface
        got = _NAME_MEMO.get((name, s.label))
        if got is None:
            got = _remember(_NAME_MEMO, (name, s.label), _crf_name(name, s.label))
        keys, entry = got
        if not keys:
            continue
        conf = float(s.attrs.get("confidence", 0.8))
        out.append(_Mention(s.start, s.end, s.label, "crf", conf, keys, name, entry,
                            proclitic=pro))
    return out


#: a dotted title abbreviation right before a name (``د.``, ``م.``, ``أ.د.``)
_ABBREV_TITLE_RE = re.compile(r"(?:^|[\s(«\"])(?:[دمأا]\.){1,2}\s*$")


def _after_title(text: str, start: int) -> bool:
    """Whether a dotted title abbreviation (``د.``) or a one-word title (``الدكتور``,
    ``اللواء``) stands right before offset ``start`` (spaces between)."""
    before = text[max(0, start - 40) : start]
    if _ABBREV_TITLE_RE.search(before):
        return True
    stripped = before.rstrip(" \u00a0")
    if stripped == before:
        return False
    words = NAME_TOKEN_RE.findall(stripped)
    return bool(words) and stripped.endswith(words[-1]) and _single_word_title(key(words[-1]))


#: per-surface memos of the CRF post-processing (cleared when they reach :data:`MEMO_MAX`)
MEMO_MAX = 50_000
_TRIM_MEMO: dict[str, tuple[int, int]] = {}
_NAME_MEMO: dict[tuple[str, str], tuple[tuple[str, ...], Entry | None]] = {}


def _remember(memo: dict[Any, Any], k: Any, value: Any, bound: int | None = None) -> Any:
    if len(memo) >= (MEMO_MAX if bound is None else bound):
        memo.clear()
    memo[k] = value
    return value


def _crf_name(name: str, label: str) -> tuple[tuple[str, ...], Entry | None]:
    """Match keys of a CRF name and the gazetteer entry spelled that way with that label
    (entries that need a cue excluded)."""
    keys = tuple(key(t) for t in NAME_TOKEN_RE.findall(name))
    entry = next((v for v in names().lookup(name) if isinstance(v, Entry)
                  and v.label == label and "context" not in v.flags), None)
    return keys, entry


def _single_word_title(k: str) -> bool:
    return any(not rest for rest, _ in titles().by_first.get(k, ()))


def _trim_crf(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a CRF span to the name: leading one-word titles (``الوزير أحمد`` → ``أحمد``) and
    trailing prepositional words (``أحمد للصحافيين`` → ``أحمد``), which the tagger trained on
    ANERcorp sometimes takes in; a single-token span is kept as it is."""
    toks = [(m.start() + start, m.end() + start) for m in NAME_TOKEN_RE.finditer(text[start:end])]
    while len(toks) > 1 and _single_word_title(key(text[toks[0][0] : toks[0][1]])):
        toks.pop(0)
    while len(toks) > 1 and text[toks[-1][0] : toks[-1][1]].startswith(_PREP_PREFIXES):
        toks.pop()
    if not toks:
        return start, start
    return toks[0][0], toks[-1][1]


#: a word opening with one of these is a prepositional phrase, never the end of a name
_PREP_PREFIXES = ("لل", "بال", "فال", "كال")


#: sort key of mentions by their start offset
_START = attrgetter("start")


def _overlaps(m: _Mention, taken: list[_Mention]) -> list[_Mention]:
    return [t for t in taken if t.start < m.end and m.start < t.end]


class _Taken:
    """Mentions kept so far, sorted by start, with the longest one's length: the overlaps of
    a new mention are found by bisection among the few that start near it (linear in the
    article, where a scan of every kept mention per new one was quadratic)."""

    def __init__(self, mentions: list[_Mention]) -> None:
        self.items = sorted(mentions, key=_START)
        self.starts = [x.start for x in self.items]
        self.longest = max((x.end - x.start for x in self.items), default=0)

    def overlaps(self, m: _Mention) -> list[_Mention]:
        hi = bisect_left(self.starts, m.end)
        lo = bisect_left(self.starts, m.start - self.longest, 0, hi)
        return [t for t in self.items[lo:hi] if m.start < t.end]

    def add(self, m: _Mention) -> None:
        i = bisect_right(self.starts, m.start)
        self.starts.insert(i, m.start)
        self.items.insert(i, m)
        self.longest = max(self.longest, m.end - m.start)


def _merge(base: list[_Mention], extra: list[_Mention]) -> list[_Mention]:
    """Add ``extra`` mentions that do not overlap ``base`` (see the module doc for the CRF)."""
    if not extra:  # (most rule passes find nothing): ``base`` in order, as below
        return sorted(base, key=_START)
    out = _Taken(list(base))
    for m in extra:
        hit = out.overlaps(m)
        if not hit:
            out.add(m)
        elif (m.source == "crf" and m.label in ("ORGANIZATION", "LOCATION")
              and all(h.source == "gazetteer" and h.label != m.label
                      and m.start <= h.start and h.end <= m.end for h in hit)
              and m.end - m.start > max(h.end - h.start for h in hit)):
            out = _Taken([x for x in out.items if x not in hit] + [m])
        elif (m.source == "crf" and m.label == "PERSON" and len(m.keys) >= 2
              and all(h.entry is not None and "geonames" in h.entry.flags
                      and m.start <= h.start and h.end <= m.end for h in hit)):
            out = _Taken([x for x in out.items if x not in hit] + [m])  # نعومي أوساكا: no Osaka
        elif (whole := _whole_name_over_surname(m, hit)) is not None:
            m.entry = whole or None
            out = _Taken([x for x in out.items if x not in hit] + [m])
    return sorted(out.items, key=_START)


def _whole_name_over_surname(m: _Mention, hit: list[_Mention]) -> Entry | bool | None:
    """Whether the CRF or rule person ``m`` is a whole name ending with the one gazetteer
    person ``hit`` matched by the surname alone: the entry when ``m`` opens with that
    person's given name, in any spelling of it (``محمد مصطفى البرادعي``, ``فرنسوا هولاند``);
    ``False`` when it opens with another given name (another bearer of the family name:
    ``محمد الظواهري``, شقيق أيمن الظواهري); ``None`` when the surname's match stands (``m``
    opens with no name: the tagger took in a verb, ``أكد السيسي``)."""
    if not (m.source in ("crf", "rule") and m.label == "PERSON" and len(m.keys) >= 2
            and len(hit) == 1):
        return None
    h = hit[0]
    if not (h.label == "PERSON" and h.entry is not None and len(h.keys) == 1
            and h.end == m.end and h.start > m.start):
        return None
    if skeleton(m.keys[0]) in _first_keys().get(h.entry.canonical, ()):
        return h.entry
    if ner.lexicon().get(ner.stem_of(m.name.split()[0]), "").startswith("PERS"):
        return False
    return None


@cache
def _first_keys() -> dict[str, frozenset[str]]:
    """Canonical name of each gazetteer person → the skeletons (long vowels dropped,
    :func:`~mawsua.arabic.variants.skeleton`) of the first word of its Arabic spellings of two
    words or more (``محمد`` of ``محمد البرادعي``; ``فرنسوا`` meets ``فرانسوا``)."""
    out: dict[str, set[str]] = {}
    for v, e in read_entries():
        if e.label == "PERSON" and not is_latin(v) and len(ks := phrase_key(v)) >= 2:
            out.setdefault(e.canonical, set()).add(skeleton(ks[0]))
    return {k: frozenset(v) for k, v in out.items()}


def _title_at(tokens: _Tokens, i: int, mention_at: dict[int, _Mention]
              ) -> tuple[int, Title] | None:
    """A title starting at token ``i`` with its modifiers; returns (end token, title)."""
    hit = _match_at(tokens, i, titles())
    if hit is None:
        return None
    end, values, _keys, _rank = hit
    title = values[0]
    assert isinstance(title, Title)
    # modifiers: nationality adjectives (الأميركي), السابق..., a country (رئيس وزراء العراق)
    for _ in range(3):
        if end >= tokens.n or not tokens.spaced(end - 1):
            break
        m = mention_at.get(end)
        k = key(tokens.words[end])
        if m is not None and m.label == "LOCATION" and title.language == "ar":
            end = _token_after(tokens, m.end, end)
            continue
        if m is not None and title.kind == "role" and m.label == "ORGANIZATION":
            end = _token_after(tokens, m.end, end)
            continue
        if title.language == "ar" and (k in TITLE_MODIFIERS or (
                k.startswith("ال") and (k.endswith("ي") or k.endswith("يه")) and len(k) > 4
                and k not in STOP)):
            end += 1
            continue
        break
    return end, title


def _token_after(tokens: _Tokens, offset: int, start: int) -> int:
    """The first token at or after ``start`` that starts at or after ``offset``."""
    return max(start, bisect.bisect_left(tokens.starts, offset))


def _extend_crf_person(tokens: _Tokens, i: int, mention_at: dict[int, _Mention],
                       covered: set[int], title_text: str) -> bool:
    """After a title ending before token ``i``: when the CRF tagged only the tail of the name
    (``النائب تيد [بو]``, ``الرئيس محمد [مرسي]``), extend its PERSON mention leftwards over the
    one or two name-like tokens between the title and the mention and give it the title.

    Name-like, as for :func:`_unknown_name`: Arabic, not a function word, the first not opening
    with ``ال``/``ل`` nor a name joiner, a later one not opening with the conjunction ``و``,
    separated by spaces only, none carrying a glued proclitic (``والمعماري``:
    :func:`mawsua.annotate.ner.glued_proclitic`) nor tagged mostly outside names in the NER
    training data (``بهدف``, ``دكتور``: :func:`mawsua.annotate.ner.seen_as_word`). Returns
    whether a mention was extended."""
    for gap in (1, 2):
        j = i + gap
        m = mention_at.get(j)
        if m is None:
            continue
        if m.source != "crf" or m.label != "PERSON" or m.proclitic or m.entry is not None:
            return False
        words = tokens.words[i:j]
        ks = [key(w) for w in words]
        if any(t in covered for t in range(i, j)) or any(is_latin(w) for w in words) \
                or any(k in STOP or (n == 0 and (k in NAME_JOINERS or k.startswith(("ال", "ل"))))
                       or (n > 0 and k.startswith("و")) for n, k in enumerate(ks)) \
                or any(ner.glued_proclitic(w) or ner.seen_as_word(w) for w in words) \
                or not all(tokens.spaced(t) for t in range(i, j)):
            return False
        m.start = tokens.starts[i]
        m.keys = (*ks, *m.keys)
        m.name = tokens.text[m.start : m.end]
        m.title = m.title or title_text
        covered.update(range(i, j))
        return True
    return False


def _given_name(word: str) -> bool:
    """Whether the NER training data tags ``word``'s stem mostly as (part of) a person's name."""
    return ner.lexicon().get(ner.stem_of(word), "").startswith("PERS")


def _closed_after(tokens: _Tokens, j: int, mention_at: dict[int, _Mention]) -> bool:
    """Whether a name may end at token ``j``: punctuation or a line end after it, or a function
    word, a word with a glued conjunction or preposition, a title or a mention of a place or
    an organisation next."""
    if j + 1 >= tokens.n:
        return True
    if tokens.text[tokens.ends[j] : tokens.starts[j + 1]].strip(" \u00a0"):
        return True
    w = tokens.words[j + 1]
    k = key(w)
    nxt = mention_at.get(j + 1)
    return k in STOP or k.startswith("و") or (nxt is not None and nxt.label != "PERSON") \
        or (w[:1] in ("ب", "ل", "ك") and ner.glued_proclitic(w)) \
        or _title_at(tokens, j + 1, mention_at) is not None


#: a word this frequent (Zipf: مثل, بعد) after a compound given name is no family name (فتح,
#: خطاب are: عبد الرقيب فتح, عبد الفتاح خطاب)
COMPOUND_SURNAME_MAX_ZIPF = 5.5


def _extend_crf_surname(tokens: _Tokens, i: int, m: _Mention,
                        mention_at: dict[int, _Mention], covered: set[int]) -> bool:
    """After a person's title, when the CRF tagged only the given name (``الدكتور [نبيل]
    العربي``, ``اللواء [أسامة] الصغير``, ``وزير الداخلية [مانويل] فالس``): the one word after
    it is the family name, extended over, when the given name is one (the NER training data
    tags it as a person's) and the name is closed after that word (:func:`_closed_after`).
    The family name may be an ordinary word (العربي، الصغير، كمال); it may not be a function
    word, a title, a modifier (السابق), a reporting verb, an imperfect verb, a word with a
    glued conjunction or preposition, or carry nunation. Returns whether ``m`` was extended."""
    last = i + len(m.keys) - 1  # a compound given name is two tokens (عبد الفتاح)
    if m.source != "crf" or m.entry is not None or m.proclitic or last >= tokens.n \
            or not (len(m.keys) == 1 or (len(m.keys) == 2 and _compound_given(m.keys))) \
            or tokens.starts[i] != m.start or tokens.ends[last] != m.end \
            or not _given_name(tokens.words[i]):
        return False
    j = last + 1
    if j >= tokens.n or not tokens.spaced(last) or j in covered or j in mention_at:
        return False
    w = tokens.words[j]
    k = key(w)
    if last > i and zipf(fold(w)) >= COMPOUND_SURNAME_MAX_ZIPF:
        return False  # "السلطان عبد العزيز مثل كل أعرابي": a function word, no family name
    if is_latin(w) or k in STOP or len(k) < 3 or k.startswith("و") or k in NAME_JOINERS \
            or k in _VERBISH or k in GENERIC_MODIFIERS or k in TITLE_MODIFIERS or k in LOCATIVE \
            or _TANWEEN & set(w) or (w[:1] in ("ب", "ل", "ك") and ner.glued_proclitic(w)) \
            or (w[:1] in ("ي", "ت") and zipf(fold(w)) >= 3.0 and not _given_name(w)) \
            or _title_at(tokens, j, mention_at) is not None \
            or not _closed_after(tokens, j, mention_at):
        return False
    m.end = tokens.ends[j]
    m.keys = (*m.keys, k)
    m.name = tokens.text[m.start : m.end]
    covered.add(j)
    return True


def _unknown_name(tokens: _Tokens, i: int, latin: bool, taken: set[int]) -> int:
    """End token of an unknown name starting at token ``i`` after a title (``i`` if none).

    An Arabic name needs 2–4 tokens, closed by punctuation, a line end, a function word or
    another mention, or 2+ words foreign to the Arabic lexicon (Zipf < 2.5: a transliterated
    name), and must not open with a word the NER training data tags mostly outside
    names (``المدرب بشكل جيد``: :func:`mawsua.annotate.ner.seen_as_word`)."""
    j = i
    limit = i + 4
    while j < tokens.n and j < limit and j not in taken:
        w = tokens.words[j]
        k = key(w)
        if latin:
            if not (is_latin(w) and w[0].isupper()):
                break
        elif is_latin(w) or k in STOP or len(k) < 2 or (j == i and (w.startswith(("ال", "ل"))
                                                          or k in NAME_JOINERS)):
            break
        elif j > i and k.startswith("و"):  # a conjunction ends the name
            break
        elif j > i and w[:1] in ("ب", "ل", "ك") and ner.glued_proclitic(w):
            break  # "المهندس مؤمن غريب بشركة": a prepositional phrase after the name
        j += 1
        if j < tokens.n and not (tokens.joined(j - 1) if latin else tokens.spaced(j - 1)):
            break
    if latin:
        return j
    n = j - i
    if n == 1 and j < tokens.n and not tokens.spaced(j - 1) and j not in taken \
            and ner.lexicon().get(ner.stem_of(tokens.words[i]), "").startswith("PERS"):
        return j  # one word closed by punctuation that the NER data knows as a person's name
    if n < 2 or key(tokens.words[j - 1]) in NAME_JOINERS or ner.seen_as_word(tokens.words[i]):
        return i
    # the name must be closed: punctuation, a line end, a function word or another mention
    if j < tokens.n:
        gap = tokens.text[tokens.ends[j - 1] : tokens.starts[j]]
        nxt = key(tokens.words[j])
        if gap.strip(" \u00a0") == "" and nxt not in STOP and j not in taken \
                and not nxt.startswith("و") and not (tokens.words[j][:1] in ("ب", "ل", "ك")
                                                     and ner.glued_proclitic(tokens.words[j])):
            # not closed: still a name when its words are foreign to the Arabic lexicon
            # ("رئيس الوزراء اليوناني ألكسيس تسيبراس يواجه"): the longest run of such words
            k = i
            while k < j and len(key(tokens.words[k])) >= 3 and not _is_word(tokens.words[k]) \
                    and zipf(fold(tokens.words[k])) < 2.5:
                k += 1
            return k if k - i >= 2 else i
    return j


def _mention_tokens(tokens: _Tokens, mentions: list[_Mention]
                    ) -> tuple[dict[int, _Mention], set[int]]:
    """Token index → the mention starting at that token, and every token index a mention
    covers."""
    mention_at: dict[int, _Mention] = {}
    covered: set[int] = set()
    for m in mentions:
        t = _token_after(tokens, m.start, 0)
        if t < tokens.n and tokens.starts[t] == m.start:
            mention_at[t] = m
        while t < tokens.n and tokens.starts[t] < m.end:
            covered.add(t)
            t += 1
    return mention_at, covered


def _rules(tokens: _Tokens, mentions: list[_Mention]) -> tuple[list[_Mention],
                                                               list[tuple[int, int, str]]]:
    """Title rules: set titles, add unknown names; return (new mentions, standalone titles)."""
    mention_at: dict[int, _Mention] = {}
    covered: set[int] = set()
    tok = 0
    for m in mentions:
        while tok < tokens.n and tokens.starts[tok] < m.start:
            tok += 1
        if tok < tokens.n and tokens.starts[tok] == m.start:
            mention_at[tok] = m
        j = tok
        while j < tokens.n and tokens.starts[j] < m.end:
            covered.add(j)
            j += 1
    new: list[_Mention] = []
    alone: list[tuple[int, int, str]] = []
    title_hits, title_positions = tokens.opens(titles())
    i = 0
    for i0 in title_positions:  # only tokens that may open a title
        if i0 < i or i0 in covered:
            continue
        i = i0
        hit = _title_at(tokens, i, mention_at)
        if hit is None:
            i += 1
            continue
        end, title = hit
        # the first candidate key that opens a title (clitic_keys order)
        pro = _proclitic(tokens.words[i], title_hits[tokens.words[i]][0][1])
        if pro not in ("", "و", "ف") or (i > 0 and any(
                k in FACILITY for k in clitic_keys(tokens.words[i - 1]))):
            i = end
            continue
        # chains of titles: "صاحب السمو الملكي الأمير"
        while end < tokens.n and end not in covered and tokens.spaced(end - 1):
            more = _title_at(tokens, end, mention_at)
            if more is None:
                break
            end = more[0]
        t_start, t_end = tokens.starts[i], tokens.ends[end - 1]
        title_text = tokens.text[t_start:t_end]
        title_text = title_text[len(pro):]
        nxt = mention_at.get(end) if end < tokens.n and tokens.spaced(end - 1) else None
        if nxt is not None and nxt.label == "PERSON" and not nxt.proclitic:
            nxt.title = nxt.title or title_text
            if title.kind == "person":
                _extend_crf_surname(tokens, end, nxt, mention_at, covered)
            i = end
            continue
        latin = title.language == "en"
        if title.kind == "person" and end < tokens.n and tokens.spaced(end - 1) and nxt is None \
                and _extend_crf_person(tokens, end, mention_at, covered, title_text):
            i = end
            continue
        if title.kind == "person" and end < tokens.n and tokens.spaced(end - 1) and nxt is None:
            stop = _unknown_name(tokens, end, latin, covered)
            if stop > end:
                s, e = tokens.starts[end], tokens.ends[stop - 1]
                name = tokens.text[s:e]
                keys = tuple(key(w) for w in tokens.words[end:stop])
                entry = None
                if latin:  # "President Biden": the gazetteer knows the surname
                    entry = next((v for v in names().lookup(name) if isinstance(v, Entry)
                                  and v.label == "PERSON"), None)
                new.append(_Mention(s, e, "PERSON", "rule", CONFIDENCE["rule"], keys, name,
                                    entry, title=title_text))
                covered.update(range(end, stop))
                i = stop
                continue
        if nxt is None and end - i >= 2:
            alone.append((t_start, t_end, title_text))
        i = end
    return new, alone


#: kinship nouns with a possessive suffix (``زوجته``, ``ابنها``, ``والدتهم``) that introduce
#: a person's name, like a title (``واعتقل رضائيان مع زوجته يغانه صالحي``)
KIN_POSSESSIVE = frozenset(
    key(base + suffix)
    for w in ("زوج", "زوجة", "ابن", "ابنة", "نجل", "نجلة", "شقيق", "شقيقة", "والد", "والدة",
              "أرملة", "حفيد", "حفيدة", "أخ", "أخت", "أم", "أب", "عم", "خال", "جد", "جدة")
    for base in ((w[:-1] + "ت",) if w.endswith("ة") else (w,) if w not in ("أخ", "أب") else
                 (w + "ي",))
    for suffix in ("ه", "ها", "هم", "هما"))


#: adverbs of place that may spell a name too (خلف "behind" / the name Khalaf): after a kinship
#: noun they open a place, not the relative's name (``مع زوجها خلف المطابع``)
_PLACE_PREPS = frozenset(key(w) for w in (
    "خلف", "أمام", "وراء", "قرب", "بجوار", "داخل", "خارج", "فوق", "تحت", "بين", "عند", "حول"))


def _kin_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Persons introduced by a kinship noun with a possessive suffix (:data:`KIN_POSSESSIVE`:
    ``زوجته يغانه صالحي``, ``ابنها جيسون``): the unknown name of 2–4 words after it, closed as
    after a title (:func:`_unknown_name`); nothing where a mention already starts there."""
    kin = [w for w in tokens.distinct if w.endswith(("ه", "ها", "هم", "هما")) and (
        key(w) in KIN_POSSESSIVE or (w[:1] in ("و", "ف") and key(w[1:]) in KIN_POSSESSIVE))]
    if not kin:
        return []
    cand = sorted(i for w in kin for i in _positions(tokens, w) if i + 2 < tokens.n)
    taken = _Taken(mentions)
    covered = {t for m in mentions for t in range(_token_after(tokens, m.start, 0),
                                                   _token_after(tokens, m.end, 0))}
    out = []
    for i in cand:
        j = i + 1
        if not tokens.spaced(i) or j in covered or tokens.words[j][:1] in ("و", "ف") \
                or ner.seen_as_word(tokens.words[j]) or key(tokens.words[j]) in _PLACE_PREPS:
            continue  # "زوجته والمصورة الصحافية": a description; "زوجها خلف المطابع": a place
        stop = _unknown_name(tokens, j, False, covered)
        for t in range(j + 2, stop):  # "يغانه صالحي الصحافية": no description in the name
            if key(tokens.words[t]).startswith("ال") and _is_word(tokens.words[t]):
                stop = t
                break
        if stop <= j + 1:
            continue
        s, e = tokens.starts[j], tokens.ends[stop - 1]
        hit = taken.overlaps(_Mention(s, e, "", "", 0.0, (), ""))
        if hit and not all(h.source == "crf" and h.label == "PERSON" and s <= h.start
                           and h.end <= e for h in hit):
            continue
        mm = _Mention(s, e, "PERSON", "rule", CONFIDENCE["rule"],
                      tuple(key(w) for w in tokens.words[j:stop]), tokens.text[s:e], None)
        if hit:
            mm.extra["replaces"] = hit  # "وابنتها حلا [بركات]": the whole name
        out.append(mm)
    return out


#: reporting verbs after which an unknown name of 2–4 words closed by a comma is the speaker
#: (``قال معيض الوادعي، ولي أمر طالب``)
REPORTING = frozenset(key(w) for w in (
    "قال", "قالت", "أكد", "أكدت", "أوضح", "أوضحت", "أضاف", "أضافت", "صرح", "صرحت", "ذكر",
    "ذكرت", "أشار", "أشارت", "كشف", "كشفت", "أعلن", "أعلنت", "اعتبر", "اعتبرت", "رأى", "رأت",
    "يقول", "تقول", "يرى", "ترى"))


_CUE_MEMO: dict[str, bool | None] = {}
#: bound of :data:`_CUE_MEMO` (cleared when full): only words ending like a cue reach it
#: (:data:`_CUE_ENDINGS`, ~18 % of a text's words), so 15k of them cover 80k words
CUE_MEMO_MAX = 15_000


def _cue_kind(w: str) -> bool | None:
    """``True`` for a reporting verb (:data:`REPORTING`, also after ``و``/``ف``), ``False``
    for a nationality or other masculine definite nisba adjective, else ``None``."""
    ks = clitic_keys(w)
    k = ks[-1]
    if k in REPORTING or (len(ks) > 1 and ks[1] in REPORTING and w[:1] in ("و", "ف")):
        return True
    if k in nationality_adjectives() or (_nisba(k) and k.endswith("ي")
                                         and k not in INSTITUTIONAL):
        return False
    return None


def _endings(keys: Iterable[str]) -> set[str]:
    """What the match key of a word must end with for one of the word's clitic keys
    (:func:`clitic_keys`: a suffix of the word's key, or ``ال`` + one) to be in ``keys``."""
    return {e for k in keys for e in ((k, k[2:]) if k.startswith("ال") else (k,)) if e}


#: a word whose key ends with none of these is no cue of :func:`_cue_kind` (a reporting verb,
#: a nationality adjective or a nisba ending in ``ي``), so it is not looked up
_CUE_ENDINGS = tuple(sorted(_endings(REPORTING) | _endings(NATIONALITY_SUFFIXES) | {"ي"}))


def _cues(tokens: _Tokens) -> list[tuple[str, bool]]:
    """``(word, kind)`` for the distinct words of the article that :func:`_cue_kind` finds
    a cue (``kind`` not ``None``), in the order of :attr:`_Tokens.distinct`; computed once per
    article (:func:`_cue_names` and :func:`_verb_surnames` share it). Only words whose key
    ends like a cue (:data:`_CUE_ENDINGS`) are classified (memoised per word)."""
    got = tokens.memo.get("cues")
    if got is None:
        got = tokens.memo["cues"] = []
        memo = _CUE_MEMO
        endings = _CUE_ENDINGS
        words, keys = tokens.distinct_keys()
        for w, k in zip(words, keys, strict=True):
            if not k.endswith(endings):
                continue
            kind = memo.get(w, 0)
            if kind == 0:
                kind = _remember(memo, w, _cue_kind(w), CUE_MEMO_MAX)
            if kind is not None:
                got.append((w, kind))
    return got


def _cue_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Persons named after a cue that is no title: a nationality or other definite nisba
    adjective standing alone (``والاسكتلندي السادير بيل``, ``والاوروغوياني فيلمار فالديس``:
    with a conjunction or after punctuation, not after a noun it qualifies), or a reporting
    verb when the name is closed by a comma (``قال معيض الوادعي،``) or followed by a title in
    apposition (``قال كوستاس مافروس المتحدث باسم الشرطة``). The name is an unknown
    name of 2–4 words as after a title (:func:`_unknown_name`) whose first word is no
    ordinary word of the lexicon or one the NER data knows as a person's name."""
    lex = ner.lexicon()
    cues: list[tuple[int, bool]] = []  # (token, needs a comma after the name)
    for w, kind in _cues(tokens):
        cues.extend((i, kind) for i in _positions(tokens, w))
    if not cues:
        return []
    text = tokens.text
    quick = []
    for i, comma in sorted(cues):  # cheap checks first: most cues name nobody
        j = i + 1
        if j + 1 >= tokens.n or not tokens.spaced(i):
            continue
        if not comma:
            w = tokens.words[i]
            gap = text[tokens.ends[i - 1] : tokens.starts[i]] if i else "\n"
            if not (w[:1] in ("و", "ف") or gap.strip(" \u00a0")):
                continue  # "الاتحاد السويسري ...": the adjective qualifies a noun
        quick.append((i, comma))
    if not quick:
        return []
    covered = {t for m in mentions for t in range(_token_after(tokens, m.start, 0),
                                                   _token_after(tokens, m.end, 0))}
    taken = _Taken(mentions)
    out = []
    starts = {m.start: m for m in mentions}
    for i, comma in quick:
        j = i + 1
        if i in covered:
            continue  # "أحمد المحمدي (أستون فيلا)": the nisba is a family name
        m = starts.get(tokens.starts[j])
        if m is not None and not comma and m.source == "crf" and m.label != "PERSON" \
                and m.entry is None and len(m.keys) >= 2 and not m.proclitic:
            m.label = "PERSON"  # "والاسكتلندي السادير بيل": no organisation
            continue
        if j in covered:
            continue
        first = tokens.words[j]
        if first[:1] in ("و", "ف") or key(first).startswith("ال") or (
                _is_word(first) and not lex.get(ner.stem_of(first), "").startswith("PERS")):
            continue
        stop = _unknown_name(tokens, j, False, covered)
        if stop <= j + 1 or (comma and text[tokens.ends[stop - 1]:
                                            tokens.ends[stop - 1] + 1] not in ("،", ",")
                             and not (stop < tokens.n and tokens.spaced(stop - 1)
                                      and _title_at(tokens, stop, {}))):
            continue
        s, e = tokens.starts[j], tokens.ends[stop - 1]
        if taken.overlaps(_Mention(s, e, "", "", 0.0, (), "")):
            continue
        mm = _Mention(s, e, "PERSON", "rule", CONFIDENCE["rule"],
                      tuple(key(x) for x in tokens.words[j:stop]), text[s:e], None)
        out.append(mm)
        taken.add(mm)
        covered.update(range(j, stop))
    return out


def _post_mentions(article: Article, mentions: list[_Mention]) -> list[_Mention]:
    """Author display names and @handles of embedded posts."""
    text = article.text
    out: list[_Mention] = []
    for b in article.layer("blocks"):
        if b.label != "embedded_post":
            continue
        author = str(b.attrs.get("author") or "").strip()
        handle = str(b.attrs.get("handle") or "").strip()
        if not author and not handle:
            continue
        entry = _resolve_author(author) if author else None
        keys = tuple(key(t) for t in NAME_TOKEN_RE.findall(author or handle))
        group = ("post", handle or author)
        if author:
            pos = text.rfind(author, b.start, b.end)
            if pos >= 0:
                out.append(_Mention(pos, pos + len(author), "PERSON", "post",
                                    CONFIDENCE["post"], keys, author, entry, group=group))
        if handle:
            for m in re.finditer(re.escape(handle), text):
                before = text[m.start() - 1] if m.start() else " "
                after = text[m.end()] if m.end() < len(text) else " "
                if _HANDLE_CHARS.match(before) or _HANDLE_CHARS.match(after):
                    continue
                out.append(_Mention(m.start(), m.end(), "PERSON", "post", CONFIDENCE["post"],
                                    keys, author or handle, entry, group=group))
    # a post mention replaces the plain matches inside it ("President Biden" over "Biden")
    kept = [m for m in mentions if not _overlaps(m, out)]
    for m in out:
        if m.entry is None:
            inner = [x for x in mentions if m.start <= x.start and x.end <= m.end
                     and x.label == "PERSON" and x.entry is not None]
            if inner:
                m.entry = inner[0].entry
    return sorted(kept + out, key=lambda x: x.start)


def _resolve_author(author: str) -> Entry | None:
    """The gazetteer person an author display name names (``President Biden`` → Joe Biden)."""
    tokens = NAME_TOKEN_RE.findall(author)
    for cut in range(len(tokens)):
        rest = " ".join(tokens[cut:])
        for v in names().lookup(rest):
            if isinstance(v, Entry) and v.label == "PERSON":
                return v
    return None


#: the words of a lineage in a name: "son of" (``محمد بن سلمان بن عبدالعزيز``)
_LINEAGE = frozenset(key(w) for w in ("بن", "ابن", "بنت"))


def _group(mentions: list[_Mention]) -> None:
    """Give each mention its group key (see the module doc)."""
    for m in mentions:
        if m.entry is not None:
            m.group = ("g", m.label, m.entry.canonical)
        elif not m.group:
            m.group = ("n", m.label, *(m.extra.get("core") or m.keys))
    # handles and authors resolved through the gazetteer join the gazetteer group
    for m in mentions:
        if m.source == "post" and m.entry is not None:
            m.group = ("g", m.label, m.entry.canonical)
    for m in mentions:  # a name found again by propagation or by its first name
        ref = m.extra.get("ref")
        if ref is not None and ref.label == m.label:
            m.group = ref.group
    # an organisation name of 2+ words that opens exactly one longer organisation name the
    # rules built (not a CRF span, which may run on) is that organisation (اللجنة التنفيذية
    # after اللجنة التنفيذية للفيفا, مؤسسة النقد after مؤسسة النقد العربي السعودي)
    longer: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    by_keys: dict[tuple[str, tuple[str, ...]], _Mention] = {}
    for m in mentions:
        if len(m.keys) >= 3 and m.source in ("rule", "gazetteer") \
                and m.label == "ORGANIZATION":
            by_keys.setdefault((m.label, m.keys), m)
            for cut in range(2, len(m.keys)):
                longer.setdefault((m.label, " ".join(m.keys[:cut])), set()).add(m.keys)
    for m in mentions:
        if len(m.keys) >= 2 and m.entry is None and m.group[:1] == ("n",) \
                and m.source != "coref" and "ref" not in m.extra and "body" not in m.extra:
            # (a body named by common words, :func:`_named_bodies`, is its own: the Saudi
            # cabinet's bare مجلس الوزراء is not the Egyptian one the article names in full)
            got = longer.get((m.label, " ".join(m.keys)), set())
            if len(got) == 1:
                m.group = by_keys[(m.label, next(iter(got)))].group
    persons = [m for m in mentions if m.label == "PERSON"]
    multi: dict[str, set[tuple[str, ...]]] = {}
    for m in persons:
        if len(m.keys) >= 2:
            multi.setdefault(strip_article(m.keys[-1]), set()).add(m.group)
    for m in persons:
        if len(m.keys) == 1 and m.entry is None:
            groups = multi.get(strip_article(m.keys[0]), set())
            if len(groups) == 1:
                m.group = next(iter(groups))
    # a name cut before a father's name (``سلطان بن سلمان`` after ``سلطان بن سلمان بن
    # عبدالعزيز``) is the one person of the article whose lineage goes on from it
    lineage: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for m in persons:
        for cut in range(3, len(m.keys) - 1):
            if m.keys[cut] in _LINEAGE and m.keys[1] in _LINEAGE:
                lineage.setdefault(m.keys[:cut], set()).add(m.group)
    for m in persons:
        if m.entry is None and m.group[:1] == ("n",) and "ref" not in m.extra:
            groups = lineage.get(m.keys, set())
            if len(groups) == 1:
                m.group = next(iter(groups))
    # a compound surname alone (``عبد الرحمن`` after ``رامي عبد الرحمن``) is the one person
    # of the article whose name ends with it (when the name closes after it:
    # :func:`_compound_given_names`; ``عبد الفتاح خطاب`` is another man)
    tails: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for m in persons:
        if len(m.keys) >= 3 and _compound_given(m.keys[-2:]):
            tails.setdefault(m.keys[-2:], set()).add(m.group)
    for m in persons:
        if len(m.keys) == 2 and m.entry is None and m.extra.get("family_name"):
            groups = tails.get(m.keys, set())
            if len(groups) == 1:
                m.group = next(iter(groups))


def _bracketed_names(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """An organisation's other name in brackets right after it is the same organisation
    (``هيئة الإذاعة الأميركية (إن بي آر)``, ``وكالة الأنباء السورية (سانا)``): the two groups
    are joined, unless both are different gazetteer entities; the first name must be one of
    2+ words or a gazetteer name (not a CRF word: ``الاتحادي (إف بي آي)``). In quote marks
    only a gazetteer name (``«إن بي آر»``): else the quoted name after a common noun is the
    name itself, the noun a description (``شركة الخدمات «بلاتينيوم»``)."""
    ordered = sorted((m for m in mentions if m.label == "ORGANIZATION"), key=lambda m: m.start)
    text = tokens.text
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.group == b.group or (a.entry is not None and b.entry is not None) \
                or (a.entry is None and len(a.keys) < 2) or b.proclitic:
            continue
        opening = text[a.end : b.start].strip(" \u00a0")
        closing = text[b.end : b.end + 2].lstrip(" \u00a0")[:1]
        if (opening, closing) != ("(", ")") and not (
                b.entry is not None and (opening, closing) in (("«", "»"), ('"', '"'))):
            continue
        old, new = (a.group, b.group) if a.entry is None else (b.group, a.group)
        for m in mentions:
            if m.group == old:
                m.group = new


def _one_label(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """A name of two words or more that the article writes once as an organisation right
    after an outlet or organisation noun (``صحيفة "دي فيلت" الألمانية``) is that organisation
    wherever the tagger took the same words for a person (``وقالت "دي فيلت" إن``): one name,
    one sense in an article (user test s25)."""
    orgs: set[tuple[str, ...]] = set()
    for m in mentions:
        if m.label == "ORGANIZATION" and len(m.keys) >= 2 and m.entry is None:
            i = _token_after(tokens, m.start, 0)
            if i > 0 and any(k in MEDIA_CUES or k in ORG_HEADS
                             for k in clitic_keys(tokens.words[i - 1])):
                orgs.add(m.keys)
    if not orgs:
        return
    for m in mentions:
        if m.label == "PERSON" and m.source == "crf" and m.entry is None and m.keys in orgs:
            m.label = "ORGANIZATION"


def _surname_labels(mentions: list[_Mention]) -> None:
    """A one-token CRF mention of another type that is the last token of a multi-token person
    of the article is that person's surname (``هادي`` after ``عبدربه منصور هادي``, tagged
    LOCATION by the tagger): relabelled PERSON, so that grouping joins it to the person. The
    second part of a compound after a name joiner (``عبد الله``, ``أبو بكر``) is no surname."""
    last = {m.keys[-1] for m in mentions
            if m.label == "PERSON" and len(m.keys) >= 2 and m.keys[-1] not in STOP
            and m.keys[-1] not in COMPOUND_TAILS
            and m.keys[-2] not in NAME_JOINERS}  # عبد الله, أبو بكر: no surname
    # names the article gives a person by a title or the gazetteer (اللاعب نيمار)
    last |= {m.keys[0] for m in mentions if m.label == "PERSON" and len(m.keys) == 1
             and (m.title or m.source == "gazetteer")}
    for m in mentions:
        if m.source == "crf" and m.label != "PERSON" and m.entry is None \
                and len(m.keys) == 1 and m.keys[0] in last:
            m.label = "PERSON"


def _surnames(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Bare surnames (``لودريان``, ``الأسد`` after ``بشار الأسد``) of the multi-token person
    names of the article (gazetteer, CRF or rules); a surname after a name joiner
    (``محمد بن سلمان``) or the second part of a compound (``عبد الله``) is none."""
    last = {m.keys[-1]: m for m in mentions
            if m.label == "PERSON" and len(m.keys) >= 2 and m.keys[-2] not in NAME_JOINERS
            and len(m.keys[-1]) >= 4 and m.keys[-1] not in STOP
            and m.keys[-1] not in COMPOUND_TAILS
            and not ((m.entry is None or zipf(fold(m.keys[-1])) >= SURNAME_MAX_ZIPF)
                     and _seen_often(m.keys[-1]))}  # بوكو حرام: no حرام; نبيل العربي: no العربي
    if not last:
        return []
    found: dict[str, tuple[str, str, int]] = {}  # word -> (key, proclitic, rank)
    inverted = tokens.words_for(last)
    for k in last:
        for w, rank in inverted.get(k, ()):
            if w not in found or found[w][2] > rank:
                found[w] = (k, _proclitic(w, k) if rank else "", rank)
    out: list[_Mention] = []
    for w, (k, pro, _rank) in found.items():
        for i in _positions(tokens, w):
            out.append(_Mention(tokens.starts[i], tokens.ends[i], "PERSON", "rule",
                                CONFIDENCE["rule"], (k,), w[len(pro):], last[k].entry,
                                proclitic=pro))
    out.sort(key=lambda m: m.start)
    return out


#: words right before a place (besides :data:`PLACE_CUES`): prepositions of place and nouns
#: of area (``من تشيبوك``, ``قرب``, ``سكان``, ``ضواحي``)
LOCATIVE = PLACE_CUES | frozenset(key(w) for w in (
    "من", "قرب", "بالقرب", "داخل", "خارج", "نحو", "أنحاء", "انحاء", "ضواحي", "سكان", "أهالي",
    "مدن", "بلدات", "قرى", "مناطق", "ريف", "أطراف", "شوارع", "حدود", "عبر", "وسط", "مواليد"))


def _placeless(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Drop one-word places that no gazetteer knows and that the article never uses as a
    place: no occurrence after a place preposition or area noun (:data:`LOCATIVE`: ``في``,
    ``إلى``, ``من``, ``قرب``...), with the locative proclitic ``ب`` (``بدابتشي``), in a list
    with another place (``تشيبوك ودابتشي``), or named by a place head (``مدينة X``). The CRF
    tags transliterated names of things and people as places (``مفاوضات بريكست``, ``وكان
    نيمار أصيب``); a place is a place somewhere in the story."""
    loose = [m for m in mentions if m.label == "LOCATION" and m.entry is None
             and len(m.keys) == 1 and m.source in ("crf", "rule") and "core" not in m.extra]
    if not loose:
        return mentions
    sure: set[str] = {m.extra["core"][0] for m in mentions
                      if m.extra.get("core") and len(m.extra["core"]) == 1}
    for m in loose:
        i = _token_after(tokens, m.start, 0)
        if "ب" in m.proclitic or (i > 0 and tokens.spaced(i - 1) and any(
                k in LOCATIVE for k in tokens.clitic_keys(tokens.words[i - 1]))):
            sure.add(m.keys[0])
    text = tokens.text
    loose_ids = {id(m) for m in loose}
    for _ in range(3):  # a list with a place: "من تشيبوك ودابتشي", "X، Y"
        places = [(m.start, m.end) for m in mentions if m.label == "LOCATION"
                  and (id(m) not in loose_ids or m.keys[0] in sure)]
        before = len(sure)
        for m in loose:
            if m.keys[0] not in sure and any(
                    0 < m.start - b <= 3 and text[b:m.start].strip() in ("", "،", ",")
                    or 0 < a - m.end <= 3 and text[m.end:a].strip() in ("", "،", ",")
                    for a, b in places):
                sure.add(m.keys[0])
        if len(sure) == before:
            break
    return [m for m in mentions if m not in loose or m.keys[0] in sure]


#: words before a town that place it besides the cues: the dual of a place noun before two towns
#: (``لمدينتي غريان ويفرن``) and ``تل`` ("tell", the mound a town is named after: ``تل براك``)
_TOWN_CUES = frozenset(key(w) for w in ("مدينتي", "محافظتي", "بلدتي", "قريتي", "ولايتي", "تل"))


def _unsupported_towns(article: Article, tokens: _Tokens, mentions: list[_Mention],
                       tagged: list[tuple[int, int]]) -> list[_Mention]:
    """Drop GeoNames towns and villages of Arab countries that nothing in the article places:
    the tagger took no occurrence of the town alone for a place (``tagged``: the CRF's LOCATION
    spans; a longer span, ``بترا كفيتوفا``, or one right before another, ``بترا مارتيتش``,
    reads a name), no occurrence is used as a place (after :data:`LOCATIVE` — ``في``, ``من``,
    ``مدينة``... — or with the locative proclitic ``ب``), its country is named by no other
    word of the article (:func:`_country_evidence` less the towns' own one-word occurrences),
    and the outlet (``metadata.extra["outlet_country"]``) is not of that country. Village
    names are given names, words and brands too: ``بترا كفيتوفا`` (a tennis player) is no
    Wādī Mūsá in Jordan, ``القنابل المسيلة للدموع`` (tear gas) no M'Sila in Algeria,
    ``عريقة`` ("venerable") no Syrian village, ``بيرين سات`` (a Turkish actress) no Bīrayn,
    ``جاءوا`` ("they came") no Jāwā (user test s25). A report on the place names its country,
    uses it as a place, or writes it where the tagger reads a place (``الدوحة``)."""
    towns = [m for m in mentions if m.label == "LOCATION" and m.entry is not None
             and "geonames" in m.entry.flags and m.entry.country in ARAB_COUNTRIES
             and not is_latin(m.name)]  # (the tagger and these cues read Arabic only)
    if not towns:
        return mentions
    placed: set[str] = set()
    for m in towns:
        i = _token_after(tokens, m.start, 0)
        if any(m.start <= a <= m.start + len(m.proclitic) and b == m.end for a, b in tagged) \
                and not any(0 < a - m.end <= 1 for a, _ in tagged) \
                or "ب" in m.proclitic or (
                i > 0 and tokens.spaced(i - 1) and any(
                k in LOCATIVE or k in STRONG_PLACE_CUES or k in TOWN_CLUB_CUES
                or k in _TOWN_CUES for k in tokens.clitic_keys(tokens.words[i - 1]))):
            placed.add(m.entry.canonical)  # (a club cue: the town's club, see _clubs)
    home = article.metadata.extra.get("outlet_country")
    evidence = _country_evidence(tokens)
    own = Counter(m.entry.country for m in towns if " " not in m.name)  # (evidence counts them)
    keep = {cc for cc in {m.entry.country for m in towns}
            if cc == home or evidence.get(cc or "", 0) > own[cc]}
    drop = {id(m) for m in towns if m.entry.canonical not in placed and m.entry.country not in keep}
    return [m for m in mentions if id(m) not in drop]


def strip_conj(k: str) -> str:
    """A key without a glued conjunction ``و``/``ف`` (``والاوروغوياني``)."""
    return k[1:] if k[:1] in ("و", "ف") and len(k) > 4 else k


def _seen_often(word: str) -> bool:
    """Whether the NER training data tags ``word``'s stem outside names at least 80 % of the
    time over 3+ occurrences (lexicon value ``Oh``; ``Oh1``, seen once or twice, is too weak
    to overrule a name the article has established: ``الحرجة`` after ``مركز الحرجة``)."""
    return ner.lexicon().get(ner.stem_of(word), "") == "Oh"


def _first_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """A person named in full and later by the first name alone (``سكينة المهنا`` …
    ``لسكينة``, ``جيسون رضائيان`` … ``جيسون``): the bare first name, proclitics stripped, is a
    mention of that person when exactly one multi-token person of the article opens with it
    and the word is no ordinary word in the NER training data
    (:func:`mawsua.annotate.ner.seen_as_word`), no title, name joiner or compound head
    (``عبد``, ``أبو``). An occurrence next to another name-like word (one that is no ordinary
    word of the lexicon: ``محمد الشمري`` beside ``محمد حسين``) is another person's name and is
    skipped."""
    owners: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.label == "PERSON" and len(m.keys) >= 2 and m.source != "coref":
            owners.setdefault(m.keys[0], []).append(m)
    firsts: dict[str, _Mention] = {}
    for k, ms in owners.items():
        if len({m.keys for m in ms}) != 1 or len(k) < 3 or k in STOP or k in NAME_JOINERS \
                or k in COMPOUND_HEADS or k in _LINEAGE or _single_word_title(k) \
                or k.startswith("ال") or any(m.keys[1] in COMPOUND_TAILS for m in ms):
            continue
        firsts[k] = ms[0]
    if not firsts:
        return []
    taken = _Taken(mentions)
    inverted = tokens.words_for(firsts)
    found: dict[str, tuple[str, str]] = {}
    for k in firsts:
        for w, rank in inverted.get(k, ()):
            if ner.seen_as_word(w[len(_proclitic(w, k)) if rank else 0:]) or (
                    rank and _proclitic(w, k) not in ("و", "ل", "ب", "ف", "ول", "وب", "فل")):
                continue
            if w not in found:
                found[w] = (k, _proclitic(w, k) if rank else "")
    out: list[_Mention] = []
    for w, (k, pro) in found.items():
        for i in _positions(tokens, w):
            start, end = tokens.starts[i], tokens.ends[i]
            if taken.overlaps(_Mention(start, end, "", "", 0.0, (), "")) or any(
                    0 <= j < tokens.n and (j > i and tokens.spaced(i) or j < i and tokens.spaced(j))
                    and (_name_like(tokens.words[j]) or taken.overlaps(_Mention(
                        tokens.starts[j], tokens.ends[j], "", "", 0.0, (), "")))
                    for j in (i - 1, i + 1)):
                continue  # next to another name or mention: part of another name
            ref = firsts[k]
            mm = _Mention(start, end, "PERSON", "rule", CONFIDENCE["rule"], (k,), w[len(pro):],
                          ref.entry, proclitic=pro)
            mm.extra["ref"] = ref
            out.append(mm)
    return out


def _name_like(word: str) -> bool:
    """Whether a word next to a first name may be part of another name: Arabic, no function
    word or title, and no ordinary word of the lexicon (:func:`_is_word`)."""
    k = key(word)
    return not is_latin(word) and not word.isdigit() and k not in STOP \
        and not _single_word_title(k) and (k in NAME_JOINERS or not _is_word(word))


def _coref(alone: list[tuple[int, int, str]], mentions: list[_Mention],
           tokens: _Tokens) -> list[_Mention]:
    """Standalone titles carried by exactly one person in the article join that person."""
    by_title: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.title:
            by_title.setdefault(tuple(key(w) for w in NAME_TOKEN_RE.findall(m.title)),
                                set()).add(m.group)
    out = []
    for s, e, title_text in alone:
        groups = by_title.get(tuple(key(w) for w in NAME_TOKEN_RE.findall(title_text)), set())
        if len(groups) != 1 or any(x.start < e and s < x.end for x in mentions):
            continue
        g = next(iter(groups))
        ref = next(m for m in mentions if m.group == g)
        out.append(_Mention(s, e, "PERSON", "coref", CONFIDENCE["coref"], ref.keys, ref.name,
                            ref.entry, group=g, title=title_text))
    return out


def _own_first_letter(mentions: list[_Mention]) -> None:
    """A one-word person whose ``و``/``ف`` was taken for a conjunction (``وتابع فالفيردي``
    read as ``ف`` + ``الفيردي``) keeps it when the article names a person with the whole
    word (``ارنستو فالفيردي``, or ``فالفيردي`` elsewhere with nothing stripped): the letter is
    the name's own."""
    whole = {k for m in mentions if m.label == "PERSON" and (len(m.keys) >= 2 or (
        not m.proclitic and m.keys and m.keys[0][:1] in ("و", "ف"))) for k in m.keys}
    if not whole:
        return
    for m in mentions:
        if m.label == "PERSON" and len(m.keys) == 1 and m.proclitic[-1:] in ("و", "ف") \
                and m.entry is None:
            own = m.proclitic[-1] + m.name
            if key(own) in whole and key(m.name) not in whole:
                m.proclitic, m.name, m.keys = m.proclitic[:-1], own, (key(own),)


def preload_tables() -> None:
    """Build the tables some rules build on first use (the gazetteer's person first words,
    curated name words, country evidence keys, the place homographs of the CRF clean-up;
    ~0.1 s of CPU): called before a worker pool forks, so that the workers share them
    instead of each building its own copy."""
    _first_keys()
    _name_words()
    _evidence_keys()
    _homographs()


#: the tokens :func:`find_mentions` made last (read again by :func:`entities`)
_LAST_TOKENS: list[_Tokens | None] = [None]


def _tokens_of(text: str) -> _Tokens:
    """The tokens :func:`find_mentions` made of ``text`` (the same object) with the
    per-article results its passes computed, else new ones: :class:`_Tokens` and its memo
    are pure functions of the text, so the values are the same, computed once."""
    last = _LAST_TOKENS[0]
    return last if last is not None and last.text is text else _Tokens(text)


def find_mentions(article: Article, *, crf: bool = True) -> list[_Mention]:
    """All grouped mentions of ``article`` (internal shape; :func:`entities` builds spans)."""
    text = article.text
    tokens = _LAST_TOKENS[0] = _Tokens(text)
    tokens.memo["outlet_country"] = article.metadata.extra.get("outlet_country")
    mentions = _gazetteer(tokens)
    fn = _crf() if crf else None
    tagged: list[tuple[int, int]] | None = None
    if fn is not None:
        crf_found = [m for m in _clean_crf(tokens, _crf_mentions(text, fn))
                     if not _measured(tokens, m)]
        tagged = [(m.start, m.end) for m in crf_found if m.label == "LOCATION"]
        mentions = _not_outlets(tokens, _merge(mentions, crf_found))
    mentions = _post_mentions(article, mentions)
    mentions = _heads(tokens, mentions)
    mentions = _joined_names(tokens, mentions)
    mentions = _merge(mentions, _kingdom(tokens, mentions,
                                         article.metadata.extra.get("outlet_country")))
    new, alone = _rules(tokens, mentions)
    mentions = _merge(mentions, new)
    kin = _kin_names(tokens, mentions)
    drop = {id(h) for m in kin for h in m.extra.pop("replaces", ())}
    mentions = _merge([m for m in mentions if id(m) not in drop], kin)
    mentions = _merge(mentions, _cue_names(tokens, mentions))
    _trim_person_tails(tokens, mentions)
    mentions = _person_tails(tokens, mentions)
    _allah_tails(tokens, mentions)
    mentions = _merge(mentions, _verb_surnames(tokens, mentions))
    _own_first_letter(mentions)
    _foreign_tails(tokens, mentions)
    mentions = _merge(mentions, _surnames(tokens, mentions))
    _surname_labels(mentions)
    _one_label(tokens, mentions)
    more = _propagate(tokens, mentions) + _first_names(tokens, mentions)
    drop = {id(h) for m in more for h in m.extra.pop("replaces", ())}
    mentions = _merge([m for m in mentions if id(m) not in drop], more)
    mentions = _merge(mentions, _legislatures(tokens, mentions))
    mentions = _dual_nouns(tokens, _named_bodies(tokens, mentions))
    if tagged is not None:  # (without the tagger there is no reading of the word to ask)
        mentions = _unsupported_towns(article, tokens, mentions, tagged)
    mentions = [m for m in _placeless(tokens, mentions)
                if not (_TANWEEN & set(tokens.text[m.start:m.end]) and " " not in
                        tokens.text[m.start:m.end])]  # "دبلوماسياً روسياً": adjectives
    mentions = _local_names(tokens, _clubs(tokens, [m for m in mentions
                                                    if not _measured(tokens, m)]))
    _lam_article(mentions)
    _surname_particles(tokens, mentions)
    _other_bearers(tokens, mentions)
    mentions = _not_persons(tokens, _lone_given_names(tokens, mentions))
    mentions = _bracketed_places(tokens, _common_word_persons(tokens, mentions))
    mentions = _compound_given_names(tokens, mentions)
    _vowel_variants(mentions)
    mentions = _merge(mentions, _known_surnames(article, tokens, mentions))
    mentions = _other_given_names(tokens, mentions)
    _media_nationality(tokens, mentions)
    _self_named(article, tokens, mentions)
    _group(mentions)
    _bracketed_names(tokens, mentions)
    mentions = _merge(mentions, _coref(alone, mentions, tokens))
    return mentions


#: ``metadata.extra`` key of the article's own outlet's Arabic name (``الوطن المصرية``), set
#: by the application from ``data/outlets/names.tsv``: an outlet naming itself (``«الوطن»
#: ترصد``, ``في حديث خاص لـ"الوطن"``, ``لـ"الشروق"``) is that outlet, of its home country
#: (``outlet_country``), not a namesake of another country (the Saudi Al-Watan) nor a place
#: (the town El Shorouk)
SELF_NAMED = "outlet_name"


def _self_keys(article: Article) -> set[tuple[str, ...]]:
    """Match keys of the article's own outlet's Arabic name, and of that name without its
    final nationality adjective (``الوطن المصرية`` → ``الوطن``)."""
    name = article.metadata.extra.get(SELF_NAMED)
    if not isinstance(name, str) or not name.strip():
        return set()
    ks = tuple(key(w) for w in NAME_TOKEN_RE.findall(name))
    out = {ks} if ks else set()
    if len(ks) > 1 and _country_word(ks[-1]) is not None:
        out.add(ks[:-1])
    return out


def _self_named(article: Article, tokens: _Tokens, mentions: list[_Mention]) -> None:
    """The article's own outlet named in it (:data:`SELF_NAMED`) is that outlet: a mention
    spelled like the outlet's name that the gazetteer took for a media outlet, or that stands
    between quote marks or after a media cue (:func:`_media_context`), becomes an
    organisation: the gazetteer's outlet when it is of the outlet's home country, else one
    named by the outlet's Arabic name, with its home country. Not when another country's
    nationality adjective follows (``صحيفة الوطن السعودية`` in El Watan)."""
    own = _self_keys(article)
    if not own:
        return
    home = article.metadata.extra.get("outlet_country")
    home = home if isinstance(home, str) else None
    entry: Entry | None = None
    for m in mentions:
        if m.keys not in own or "country" in m.extra:
            continue
        i = _token_after(tokens, m.start, 0)
        end = _token_after(tokens, m.end, i)
        media = m.entry is not None and "media" in m.entry.flags
        if not media and not (i < tokens.n and _media_context(tokens, i, end, None)):
            continue
        after = _adjective_after(tokens, m)
        if after is not None and after != home:
            continue
        if media and m.entry is not None and (home is None or m.entry.country == home):
            m.label = "ORGANIZATION"
            continue  # the gazetteer's outlet is this one (الأهرام in Al-Ahram)
        if entry is None:
            entry = Entry(str(article.metadata.extra[SELF_NAMED]).strip(), "ORGANIZATION",
                          home, frozenset(("media",)))
        m.entry, m.label = entry, "ORGANIZATION"
        m.group = ()


_AFTER_NAME = frozenset(' \u00a0)»"”\'')


def _adjective_after(tokens: _Tokens, m: _Mention) -> str | None:
    """The country of a nationality adjective right after mention ``m`` (past a closing
    bracket or quote mark: ``(الوطن) القطرية``; ``السعودية``, spelled like its country), else
    ``None``."""
    text = tokens.text
    j = m.end
    while j < len(text) and j - m.end < 4 and text[j] in _AFTER_NAME:
        j += 1
    if j == m.end:
        return None
    t = bisect_left(tokens.starts, j)
    if t >= tokens.n or tokens.starts[t] != j:
        return None
    return _country_word(key(tokens.words[t]))


def _country_word(k: str) -> str | None:
    """The country a nationality adjective's key names (``القطريه`` → ``QA``; a feminine one
    spelled like its country too: ``السعوديه``), else ``None``."""
    got = nationality_adjectives().get(k)
    if got is None:
        got = next((v.country for rest, vs in names().by_first.get(k, ()) if not rest
                    for v in vs if isinstance(v, Entry) and "country" in v.flags), None)
    return got


def _media_nationality(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """An outlet the gazetteer knows in one country, named with another country's
    nationality adjective right after it (``صحيفة (الوطن) القطرية``, ``الوطن الكويتية``), is
    that country's namesake: it is not linked to the gazetteer's outlet and takes the
    adjective into its name (``الوطن القطرية``, the way the press names it)."""
    for m in mentions:
        if m.entry is None or "media" not in m.entry.flags or not m.entry.country:
            continue
        country = _adjective_after(tokens, m)
        if country is None or country == m.entry.country:
            continue
        t = bisect_left(tokens.starts, m.end)
        m.entry = None
        m.keys = (*m.keys, key(tokens.words[t]))
        m.name = f"{m.name} {tokens.words[t]}"
        m.extra["country"] = country


#: nouns right before a place name that make it a sports club named after the place
TEAM_NOUNS = frozenset(key(w) for w in ("فريق", "فريقا", "لفريق", "وفريق", "بفريق", "فريقي"))
#: words right before a town that make it its club (``لاعب برشلونة``, ``فاز ليفربول``): team
#: nouns, the people of a team, and match verbs in the masculine (a town is feminine: ``فازت``
#: is no club's). Not the cues a host town or its people also take (``استضاف``, ``واجه``,
#: ``قمة``, ``جماهير``, ``مباراة لندن`` played there, ``نجوم المنطقة`` its actors, ``قائد``
#: an officer: :data:`CLUB_CUES` holds some of them for names that are no town)
TOWN_CLUB_CUES = frozenset(key(w) for w in (
    "نادي", "ناديي", "فريق", "فريقا", "فريقي", "لاعب", "لاعبي", "لاعبو", "مدرب", "مدربا",
    "مهاجم", "حارس", "مدافع", "هداف", "فاز", "تعادل", "خسر", "تغلب", "هزم", "اكتسح"))


#: match verbs of :data:`TOWN_CLUB_CUES` that take an object pronoun (``خسرها ليفربول``: "which
#: Liverpool lost", ``هزمه``)
_MATCH_VERBS = frozenset(key(w) for w in ("خسر", "هزم", "اكتسح", "حسم", "كسب"))


def _match_verb_with_object(word: str) -> bool:
    """Whether ``word`` is a match verb with an object pronoun (``خسرها``, ``وهزمه``): its
    subject, the next word, is a team."""
    k = strip_conj(key(word))
    return any(k.endswith(suf) and k[: -len(suf)] in _MATCH_VERBS for suf in ("ها", "ه", "هم"))


#: place nouns a town follows in construct (``ريف درعا``): an adjective after the town agrees
#: with them (``ريف درعا السوري``), not with a club
_PLACE_NOUNS = STRONG_PLACE_CUES | frozenset(key(w) for w in (
    "ريف", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "أطراف",
    "ضواحي", "أنحاء", "مدن", "بلدات", "قرى", "مناطق", "سكان", "أهالي", "حدود", "منطقة",
    "إقليم", "عاصمة", "مطار", "ميناء"))


def _clubs(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """A town or city that names a sports club is that club, an organisation of the town's
    country: after a team noun (``فريق الخليج``, :data:`TEAM_NOUNS`), a player or a masculine
    match verb (``لاعب برشلونة``, ``فاز ليفربول``: :data:`TOWN_CLUB_CUES`), or with a masculine
    nationality adjective of its own country right after it (``روما الإيطالي``: a town is
    feminine, ``روما الإيطالية``; the club, ``النادي``, is masculine); in an article naming two
    clubs or more, also after :data:`SPORTS_TOWN_CUES` (``نجم برشلونة``, ``أمام ليفربول``),
    when written without ``ب``/``ل`` (``بالرياض`` is a venue). The article's other
    mentions of that town then name the club too, unless a place cue precedes them
    (``في روما``, ``مدينة روما``, ``بالرياض``): a match report names the club by the town
    throughout.
    Countries and regions (``الخليج العربي``) are no clubs. The club's name takes an unknown
    word right before the town (``سسكا موسكو``, ``سبورتنغ لشبونة``); else its canonical name
    is the town's with ``(club)`` (``Rome (club)``), never the town's own."""
    clubs: set[int] = set()
    named: set[int] = set()
    for m in mentions:
        e = m.entry
        if m.label != "LOCATION" or e is None or "country" in e.flags:
            continue
        t = bisect_left(tokens.starts, m.start)
        team = t > 0 and tokens.spaced(t - 1) and (
            key(tokens.words[t - 1]) in TEAM_NOUNS
            or any(k in TOWN_CLUB_CUES for k in clitic_keys(tokens.words[t - 1]))
            or _match_verb_with_object(tokens.words[t - 1]))
        if not team and e.country and not (t > 0 and tokens.spaced(t - 1) and any(
                k in _PLACE_NOUNS for k in clitic_keys(tokens.words[t - 1]))):
            # (not after a place noun: "ريف درعا السوري", the adjective is the countryside's)
            j = bisect_left(tokens.starts, m.end)
            adj = key(tokens.words[j]) if j < tokens.n and tokens.spaced(j - 1) else ""
            team = adj.endswith("ي") and nationality_adjectives().get(adj) == e.country
        if team:
            clubs.add(id(e))
            named.add(id(m))
    teams = {m.entry.canonical for m in mentions if m.entry is not None and "club" in m.entry.flags}
    teams |= {m.entry.canonical for m in mentions if id(m) in named and m.entry is not None}
    if len(teams) >= 2:  # a sports article: its players and matches name more clubs
        for m in mentions:
            e = m.entry
            if m.label != "LOCATION" or e is None or "city" not in e.flags or id(m) in named \
                    or "country" in e.flags or m.proclitic not in ("", "و"):
                continue
            t = bisect_left(tokens.starts, m.start)
            if t > 0 and tokens.spaced(t - 1) and any(
                    k in SPORTS_TOWN_CUES for k in clitic_keys(tokens.words[t - 1])):
                clubs.add(id(e))
                named.add(id(m))
    if not clubs:
        return mentions
    absorbed: set[int] = set()
    for m in mentions:
        e = m.entry
        if m.label != "LOCATION" or e is None or id(e) not in clubs:
            continue
        t = bisect_left(tokens.starts, m.start)
        if id(m) not in named and ("ب" in m.proclitic or not m.proclitic and t > 0
                                   and tokens.spaced(t - 1) and _place_context(tokens, t)):
            continue  # "في روما", "بالرياض": the town, where a match is played
        m.label, m.entry = "ORGANIZATION", None
        if e.country:
            m.extra["country"] = e.country
        grown = False
        if not m.proclitic and t > 0 and tokens.joined(t - 1) and (
                prev := _club_word(tokens, t - 1, mentions)) is not None:
            w = tokens.words[t - 1]  # "سسكا موسكو", "وسبورتنغ لشبونة": the club's name
            pro = "و" if w[:1] == "و" and not _is_word(w) and _club_word(
                tokens, t - 1, mentions, 1) is not None else ""
            m.start, m.proclitic = tokens.starts[t - 1] , pro
            m.keys = (key(w[len(pro):]), *m.keys)
            m.name = f"{w[len(pro):]} {m.name}"
            absorbed.update(id(o) for o in prev)
            grown = True
        j = bisect_left(tokens.starts, m.end)
        if 0 < j < tokens.n and tokens.joined(j - 1) and (
                after := _club_word(tokens, j, mentions)) is not None \
                and nationality_adjectives().get(key(tokens.words[j])) is None:
            m.end = tokens.ends[j]  # "لوس أنجليس جالاكسي", "نيويورك سيتي"
            m.keys = (*m.keys, key(tokens.words[j]))
            m.name = f"{m.name} {tokens.words[j]}"
            absorbed.update(id(o) for o in after)
            grown = True
        if not grown:
            m.extra["canonical"] = f"{e.canonical} (club)"
    return [m for m in mentions if id(m) not in absorbed]


#: words before a town that make it its club in a sports article (one naming two clubs or
#: more): besides :data:`TOWN_CLUB_CUES`, a team's star, captain, wing or midfield, a match
#: and ``أمام``/``ضد`` (``نجم برشلونة``, ``قائد ليفربول``, ``لقاء ليفربول``, ``خسر أمام
#: برشلونة``), which elsewhere name a town's people, an officer or a place
SPORTS_TOWN_CUES = TOWN_CLUB_CUES | frozenset(key(w) for w in (
    "نجم", "نجوم", "قائد", "جناح", "وسط", "مباراة", "مباراتي", "لقاء", "أمام", "امام", "ضد"))
#: a pronoun suffix on a noun or verb (``مواطنهم``, ``لتجهيزهم``, ``فريقها``)
_SUFFIX_PRONOUN_RE = re.compile("(?:هما|هم|هن|ها|كم|نا|ه)$")


def _club_word(tokens: _Tokens, t: int, mentions: list[_Mention], skip: int = 0
               ) -> list[_Mention] | None:
    """The mentions at token ``t`` (none, or one CRF word without entry) when the word is part
    of a club's name beside its town: no ordinary word even without a one-letter proclitic,
    no Latin, no nationality adjective; else ``None``. ``skip`` letters are left off first."""
    w = tokens.words[t][skip:]
    if len(w) < 3 or is_latin(w) or _is_word(w) or (w[:1] in "وفبلك" and _is_word(w[1:])):
        return None
    if any(k in TOWN_CLUB_CUES or k in CLUB_CUES for k in clitic_keys(w)):
        return None  # "اكتسح برشلونة": the cue that made the town a club
    core = _SUFFIX_PRONOUN_RE.sub("", w)
    if core != w and len(core) >= 3 and (_is_word(core) or (
            core[:1] in "وفبلك" and _is_word(core[1:]))):
        return None  # "مواطنهم", "لتجهيزهم": a noun with a pronoun suffix
    if _country_word(key(w)) is not None:
        return None
    at = [o for o in mentions if o.start <= tokens.starts[t] < o.end]
    if all(o.source == "crf" and o.entry is None and o.start == tokens.starts[t]
           and o.end == tokens.ends[t] for o in at):
        return at
    return None


def _ordinary_name(word: str) -> bool:
    """Whether the NER training data tags ``word`` as an ordinary word at least half of 3+
    times (lexicon ``Oh``, ``Om``: ``الابن``, ``الصدر`` "the chest"), not only in a few."""
    return ner.lexicon().get(ner.stem_of(word), "") in ("Oh", "Om", "Oh1")


#: a surname this frequent as a word (Zipf, ``الثاني``, ``الصباح``, ``الله``) names nobody alone
SURNAME_MAX_ZIPF = 4.9


@cache
def _surname_index() -> dict[str, tuple[Entry, ...]]:
    """The gazetteer's people by the last word of their Arabic names of 2+ words (``مبارك``
    of ``حسني مبارك``, ``مرسي`` of ``محمد مرسي``; match keys, so ``مرسى`` too); surnames of
    3 letters or fewer, common given names and name particles left out."""
    out: dict[str, list[Entry]] = {}
    given: set[str] = set()
    for v, e in read_entries():
        if e.label != "PERSON" or "context" in e.flags or is_latin(v):
            continue
        words = NAME_TOKEN_RE.findall(v)
        if len(words) < 2:
            continue
        given.add(key(words[0]))
        k = key(words[-1])
        if len(k) < 4 or k in COMMON_GIVEN or k in NAME_JOINERS or k in STOP \
                or key(words[-2]) in NAME_JOINERS or _ordinary_name(words[-1]) \
                or zipf(fold(words[-1])) >= SURNAME_MAX_ZIPF:
            continue  # "بن زايد", "محمد السادس", "أبو مازن": a father's name, an ordinal
        got = out.setdefault(k, [])
        if e not in got:
            got.append(e)
    return {k: tuple(v) for k, v in out.items() if k not in given}


@cache
def _surname_keys() -> frozenset[str]:
    """The keys of :func:`_surname_index` (one set, for :meth:`_Tokens.words_for`)."""
    return frozenset(_surname_index())


def _known_surnames(article: Article, tokens: _Tokens, mentions: list[_Mention]
                    ) -> list[_Mention]:
    """A well-known person named by the surname alone (``الرئيس المخلوع مبارك``, ``حكم
    مبارك``, Egyptian ``الرئيس مرسى``): a gazetteer person's surname (:func:`_surname_index`,
    one person of that surname) is that person when the article is about the person's
    country (it names it, or the outlet is from there: ``metadata.extra["outlet_country"]``)
    and no other person of the article bears the surname (``جمال مبارك``, his son, stays
    himself). Such a word becomes a mention when it is a PERSON mention of one word (CRF,
    rules) or stands right after a title (``الرئيس``, ``الدكتور`` with modifiers:
    ``الرئيس المخلوع``); what the CRF or a title rule ran on after it from an ordinary word
    on (``مرسي تؤدي``, ``مرسى تهدد الاستثمار``) is cut off first. A bare CRF surname needs
    the country to be the article's most named one (twice or more) or the outlet's: ``عيد
    عباس`` in an Egyptian article is not Mahmoud Abbas. A word that is no mention and
    follows no title stays a word (``2 مرسى بالأقصر``: a marina; ``عيد مبارك``)."""
    index = _surname_index()
    home = article.metadata.extra.get("outlet_country")
    evidence: dict[str, int] | None = None

    def person_of(k: str, titled: bool = True) -> Entry | None:
        nonlocal evidence
        cands = index.get(k, ())
        if len(cands) != 1 or not cands[0].country:
            return None
        e = cands[0]
        if e.country == home:
            return e
        if evidence is None:
            evidence = _country_evidence(tokens)
        n = evidence.get(e.country or "", 0)
        if titled:
            return e if n else None
        # a bare surname the CRF took: the person's country is the article's own
        return e if n >= NATIONAL_EVIDENCE and n == max(evidence.values()) else None

    others = {m.keys[-1] for m in mentions if m.label == "PERSON" and len(m.keys) >= 2
              and m.entry is None}
    for m in mentions:  # "مرسي تؤدي": the title rule or the CRF ran on after the surname
        if m.label != "PERSON" or m.entry is not None or len(m.keys) < 2 \
                or m.source not in ("crf", "rule") or m.keys[0] in others:
            continue
        i = _token_after(tokens, m.start, 0)
        if i + 1 >= tokens.n or tokens.starts[i] != m.start:
            continue
        w = tokens.words[i + 1]
        if not ner.seen_as_word(w) or _given_name(w) or person_of(m.keys[0], False) is None:
            continue
        m.keys, m.end = m.keys[:1], tokens.ends[i]
        m.name = tokens.text[m.start + len(m.proclitic) : m.end]
    taken = _Taken(mentions)
    new: list[_Mention] = []
    for m in mentions:
        if m.label == "PERSON" and m.entry is None and len(m.keys) == 1 \
                and m.keys[0] not in others:
            i = _token_after(tokens, m.start, 0)
            e = person_of(m.keys[0], i > 0 and _after_person_title(tokens, i))
            if e is not None:
                m.entry = e
    for k, found in tokens.words_for(_surname_keys()).items():
        if k in others:
            continue
        for w in (w for w, rank in found if not rank):  # "ومبارك" after no title: left alone
            for i in _positions(tokens, w):
                if i == 0 or not _after_person_title(tokens, i):
                    continue
                if i + 1 < tokens.n and tokens.spaced(i) and _given_name(tokens.words[i + 1]):
                    continue  # "الشيخ مبارك الحمود": a given name, the name goes on
                e = person_of(k)
                if e is None:
                    break
                mm = _Mention(tokens.starts[i], tokens.ends[i], "PERSON", "rule",
                              CONFIDENCE["rule"], (k,), w, e)
                if taken.overlaps(mm):
                    continue
                taken.add(mm)
                new.append(mm)
    return new


def _after_person_title(tokens: _Tokens, i: int) -> bool:
    """Whether token ``i`` follows a person's title (``titles.tsv``) and its modifiers
    (:data:`TITLE_MODIFIERS`, nationality adjectives): ``الرئيس المخلوع مبارك``."""
    j = i
    while j > 0 and i - j < 3 and tokens.spaced(j - 1):
        k = key(tokens.words[j - 1])
        if k in TITLE_MODIFIERS or k in nationality_adjectives():
            j -= 1
            continue
        break
    for n in (1, 2):
        if j - n >= 0 and all(tokens.spaced(t) for t in range(j - n, j)):
            if titles().lookup(" ".join(tokens.words[j - n : j])):
                return True
    return False


#: the commonest Arabic given names: alone, such a name says nobody in particular (a desk entity
#: "محمد" would gather every Mohammed of every article)
COMMON_GIVEN = frozenset(key(w) for w in (
    "محمد", "أحمد", "محمود", "مصطفى", "علي", "حسن", "حسين", "إبراهيم", "خالد", "عبدالله",
    "عمر", "يوسف", "سعيد", "أسامة", "عمرو", "طارق", "هشام", "سامي", "عادل", "صالح",
    "فاطمة", "مريم", "سارة", "عائشة", "خديجة", "زينب", "أمل", "هدى"))


#: prepositions with a pronoun suffix and ordinal adjectives: a one-word person of the CRF
#: spelled so is the word (``يقول لي``, ``بيني وبين نفسي``, ``الشوط الثاني``)
#: (as written: folded, «علي» "on me" and «إلي» would be «على» and «إلى», and the first also
#: the name Ali, so they are left out)
PREP_PRONOUN_WORDS = frozenset((
    "لي", "لك", "له", "لها", "لنا", "لهم", "بي", "بك", "به", "بها", "بنا", "بهم", "بيني", "بينه",
    "بينها", "بيننا", "بينهم", "عليه", "عليها", "علينا", "عليهم", "فيه", "فيها", "فينا",
    "منه", "منها", "منا", "منهم", "عني", "عنه", "عنها", "عنا", "عنهم", "معي", "معه", "معها", "معنا",
    "إليه", "إليها", "إلينا", "لدي", "لديه", "لديها", "لدينا"))
PREP_PRONOUNS = frozenset(key(w) for w in PREP_PRONOUN_WORDS)
NOT_PERSON_WORDS = PREP_PRONOUNS | frozenset(key(w) for w in (
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
    "العاشر", "الأخير", "الأولى", "الثانية", "الثالثة", "الأخيرة"))
#: a definite word as written: ال (not أل/آل) after at most a conjunction and a preposition
_DEFINITE = re.compile(r"(?:[وف]?[بك]?ال|[وف]?لل)[\u0621-\u064a]{2}")
#: ``عز وجل`` and the like: a divine epithet after which the word is no name
_FORMULA_NEXT = frozenset(key(w) for w in ("وجل", "وجلّ", "وعلا"))


def _not_persons(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Drop the CRF's one-word persons that the grammar around them shows to be words
    (rules read off the corpora's lone-name errors; precision first):

    - a word of :data:`NOT_PERSON_WORDS` (a preposition with a pronoun, an ordinal), or one
      followed by a divine epithet (``عز وجل``) or, but for the subject of a reporting verb,
      by a preposition with a pronoun (``الثمن الذي دفعوه عزيز علينا``);
    - a definite word right after a definite noun, which it qualifies as an adjective
      (``العيد السعيد``, ``عيد الفطر المبارك``), unless that noun is a person's title
      (``الرئيس الأسد``) or a given name after one (``المهندس الوليد الدريعان``), the word
      ends in ``ي`` (family nisbas: ``المواطن الغامدي``), or the article also writes it as
      the last word of a longer person's name.

    A mention with a gazetteer entry, a title, or a reporting verb right before it (the
    speaker of a quotation) is kept."""
    lasts = {m.keys[-1] for m in mentions if m.label == "PERSON" and len(m.keys) >= 2}
    out = []
    for m in mentions:
        if not (m.label == "PERSON" and len(m.keys) == 1 and m.source == "crf"
                and m.entry is None and not m.title and "ref" not in m.extra):
            out.append(m)
            continue
        t = _token_after(tokens, m.start, 0)
        if t >= tokens.n or tokens.ends[t] != m.end:
            out.append(m)
            continue
        k = m.keys[0]
        before = tokens.words[t - 1] if t > 0 and tokens.spaced(t - 1) else ""
        nxt = tokens.words[t + 1] if t + 1 < tokens.n and tokens.spaced(t) else ""
        after = key(nxt) if nxt else ""
        if k in NOT_PERSON_WORDS or after in _FORMULA_NEXT:
            continue
        if before and _cue_kind(tokens.words[t - 1]):
            out.append(m)  # "وقال رضا": the speaker of a quotation
            continue
        if nxt in PREP_PRONOUN_WORDS and not m.proclitic:
            continue  # "الثمن عزيز علينا": a predicate adjective with its complement
        if _DEFINITE.match(tokens.words[t]) and not k.endswith("ي") and k not in lasts \
                and _DEFINITE.match(before) and key(before) not in STOP and _is_word(before) \
                and not _given_name(before) and not _after_person_title(tokens, t) \
                and not _after_person_title(tokens, t - 1):
            continue  # "العيد السعيد": an adjective after its noun
        out.append(m)
    return out


def _lone_given_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Drop the CRF's one-word persons that are a given name alone: one of the commonest
    (:data:`COMMON_GIVEN`), or the first word of two or more different persons of the article
    (``محمد`` beside ``محمد الشمري`` and ``محمد حسين``), unless the article uses the word as a
    surname (the last word of a person's name), found it by a title or knows it from the
    gazetteer, or it stands right after a reporting verb (``وقال أحمد``: the quotes layer's
    speaker). Such a mention names nobody in particular; precision first. One of the
    commonest given names that the family name closes right after is completed instead
    (``الشهيد [محمد] الجندي،`` → ``محمد الجندي``; :func:`_extend_crf_surname`)."""
    if not any(m.label == "PERSON" and len(m.keys) == 1 and m.source == "crf" for m in mentions):
        return mentions
    mention_at, covered = _mention_tokens(tokens, mentions)
    firsts: dict[str, set[tuple[str, ...]]] = {}
    lasts: set[str] = set()
    for m in mentions:
        if m.label == "PERSON" and len(m.keys) >= 2:
            firsts.setdefault(m.keys[0], set()).add(m.keys)
            lasts.add(m.keys[-1])
    out = []
    for m in mentions:
        if m.label == "PERSON" and len(m.keys) == 1 and m.source == "crf" and m.entry is None \
                and not m.title and "ref" not in m.extra and m.keys[0] not in lasts and (
                    m.keys[0] in COMMON_GIVEN or len(firsts.get(m.keys[0], ())) >= 2):
            t = _token_after(tokens, m.start, 0)
            if t < tokens.n and t > 0 and tokens.spaced(t - 1) \
                    and _cue_kind(tokens.words[t - 1]):
                out.append(m)  # "وقال أحمد للصحافيين": the speaker of a quotation
                continue
            if not (m.keys[0] in COMMON_GIVEN and t < tokens.n
                    and _extend_crf_surname(tokens, t, m, mention_at, covered)):
                continue
        out.append(m)
    return out


_ABD = key("عبد")
#: second words of compound given names after a first part other than عبد (``نور الدين``,
#: ``سيف الإسلام``)
_COMPOUND_SECONDS = frozenset(key(w) for w in ("الدين", "الإسلام", "الله", "العرب"))


def _compound_given(keys: tuple[str, ...]) -> bool:
    """Whether ``keys`` spell a compound given name alone: ``عبد`` + a word (``عبد الرحمن``,
    ``عبد الفتاح``), a first part + ``الدين``/``الإسلام`` (``نور الدين``), or such a name
    written as one word (``عبدالرحمن``)."""
    if len(keys) == 2:
        return keys[0] == _ABD and keys[1].startswith("ال") or (
            keys[0] in COMPOUND_HEADS and keys[1] in _COMPOUND_SECONDS)
    return len(keys) == 1 and keys[0].startswith(_ABD + "ال") and len(keys[0]) > 6


def _compound_given_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Drop the CRF's persons that are a compound given name alone (:func:`_compound_given`:
    ``عبد الرحمن``, ``عبد الفتاح``): many people bear it, so across articles it would merge a
    war monitor with a child victim. Not when a person of the article ends with it and the
    name closes after it (:func:`_closed_after`: ``وأضاف عبد الرحمن أن`` after ``رامي عبد
    الرحمن``; it is his family name, joined by :func:`_group`); the family name right after it
    is taken in when it closes the name (``أكد عبد الفتاح خطاب الأمين العام``,
    :func:`_extend_crf_surname`). Kept after a title, a reporting verb (the quotes layer's
    speaker) or when the gazetteer knows it. Also the
    CRF's one-word persons that are a verb with the conjunction ف (``فرضا`` "so they
    imposed", read as ف + the name رضا): a frequent word opening with ف whose rest the
    tagger's lexicon knows as a person's name."""
    tails = {m.keys[-2:] for m in mentions if m.label == "PERSON" and len(m.keys) >= 3}
    tails |= {m.keys[-1:] for m in mentions if m.label == "PERSON" and len(m.keys) >= 2}
    mention_at: dict[int, _Mention] | None = None
    covered: set[int] = set()
    out = []
    for m in mentions:
        if m.label == "PERSON" and m.source == "crf" and m.entry is None and not m.title \
                and "ref" not in m.extra:
            surface = tokens.text[m.start : m.end]
            t = _token_after(tokens, m.start, 0)
            if _compound_given(m.keys) and mention_at is None:
                mention_at, covered = _mention_tokens(tokens, mentions)
            if _compound_given(m.keys) and m.keys in tails and mention_at is not None \
                    and (len(m.keys) == 1 or _closed_after(tokens, t + 1, mention_at)):
                m.extra["family_name"] = True  # "وأضاف عبد الرحمن أن": see _group
            elif _compound_given(m.keys) and mention_at is not None:
                if len(m.keys) == 2 and _extend_crf_surname(tokens, t, m, mention_at, covered):
                    out.append(m)  # "أكد [عبد الفتاح] خطاب الأمين العام": the family name
                    continue
                if not (0 < t < tokens.n and tokens.spaced(t - 1)
                        and _cue_kind(tokens.words[t - 1])):
                    continue
            if len(m.keys) == 1 and surface.startswith("ف") and len(surface) > 3 \
                    and m.keys not in tails and _fa_verb(surface):
                continue
        out.append(m)
    return out


def _fa_verb(word: str) -> bool:
    """Whether a word opening with ف that the tagger took for a person is rather ف + a name
    misread (``فرضا`` "so they imposed" as ف + ``رضا``): the NER training data knows the word
    after ف as a person's name, not the whole word (``فيصل``, ``فريد`` are names), and the
    name is the more frequent spelling (``فهمى``, ``فلاديمير`` stay)."""
    lex = ner.lexicon()
    rest = word[1:]
    return not lex.get(word, "").startswith("PERS") and lex.get(rest, "").startswith("PERS") \
        and zipf(fold(rest)) > zipf(fold(word))


def _vowel_variants(mentions: list[_Mention]) -> None:
    """Names spelled with or without inner long vowels (``نتانياهو`` / ``نتنياهو``, ``بوتن``,
    ``فرونسوا كارار`` / ``فرانسوا كارار``) are one person: a CRF or rule person without a
    gazetteer entry takes the one gazetteer person whose spelling has the same skeleton
    (:func:`~mawsua.arabic.variants.skeleton`; a one-word name needs a skeleton of 3+ letters
    and no ordinary word), and persons of the article with the same skeleton share a group
    key (names of two words or more, or of one word of 5+ letters)."""
    index = person_skeletons()
    spellings = person_skeleton_spellings()
    for m in mentions:
        if m.label != "PERSON" or m.entry is not None or not m.keys or m.source == "coref":
            continue
        sk = tuple(skeleton(k) for k in m.keys)
        if len(sk) == 1 and (len(sk[0]) < 3 or _is_word(m.name)):
            continue
        got = index.get(" ".join(sk), ())
        if len(got) == 1 and not _another_name(m.keys, spellings.get(" ".join(sk), ())):
            m.entry = got[0]
            continue
        if (len(sk) >= 2 or len(m.keys[0]) >= 5) and not m.group:
            m.extra.setdefault("core", sk)


#: a name word this frequent (Zipf) that the NER data tags as a person is an established
#: given name: its long-vowel twin is another name (محمد/محمود), not its spelling
ESTABLISHED_NAME_ZIPF = 4.0


def _another_name(keys: Sequence[str], spellings: Sequence[tuple[str, ...]]) -> bool:
    """Whether a skeleton match of the name ``keys`` is another person: at some word the name
    writes an established given name (Zipf ≥ :data:`ESTABLISHED_NAME_ZIPF`, tagged a person
    in the NER training data) where every gazetteer spelling of that skeleton writes another
    word (``محمد عباس`` is not ``محمود عباس``; ``بوتن`` still is ``بوتين``)."""
    lex = ner.lexicon()
    for i, k in enumerate(keys):
        if all(len(sp) == len(keys) and sp[i] == k for sp in spellings) or not spellings:
            continue
        if zipf(k) >= ESTABLISHED_NAME_ZIPF and (lex.get(k, "") or lex.get(
                ner.stem_of(k), "")).startswith("PERS"):
            return True
    return False


def _trim_person_tails(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """Cut what the CRF runs on after a person's name: from a word with a glued conjunction
    (``عبدالله والشيخ سالم``), and a last indefinite word that is an ordinary word after a
    surname of another mention of the article: a frequent word (Zipf ≥ 3.5) the NER
    training data does not mostly tag as a name (``كريري مؤثر``, ``رضائيان جارية``; after a
    longer name an ordinary word may be a father's name: ``هاني صلاح الدين ناجح``, kept).
    An ordinary noun the CRF took before a
    known surname (``غياب كريري``) is cut off too."""
    persons = [m for m in mentions if m.label == "PERSON" and len(m.keys) >= 2]
    if not persons:
        return
    lasts = {m.keys[-1] for m in persons}
    bearers: dict[str, set[tuple[str, ...]]] = {}
    for m in persons:
        bearers.setdefault(m.keys[-1], set()).add(m.keys)
    for m in mentions:
        if m.label != "PERSON" or m.source != "crf" or len(m.keys) < 2 or m.entry is not None:
            continue
        i = _token_after(tokens, m.start, 0)
        j = _token_after(tokens, m.end, i)
        if j - i != len(m.keys):
            continue
        start = i
        w0 = tokens.words[i]
        if not m.proclitic and bearers.get(m.keys[1], set()) - {m.keys} \
                and ner.seen_as_word(w0) \
                and ner.lexicon().get(ner.stem_of(w0), "").startswith("O") \
                and not key(w0).startswith("ال"):
            start = i + 1  # "غياب كريري": an ordinary noun before a known surname
        cut = next((t for t in range(start + 1, j) if key(tokens.words[t])[:1] == "و"
                    and len(key(tokens.words[t])) > 3 and ner.glued_proclitic(
                        tokens.words[t]) == "و"), j)
        if cut == j and j - start >= 2:
            w = tokens.words[j - 1]
            k = key(w)
            rest = m.keys[start - i : j - 1 - i]
            tag = ner.lexicon().get(ner.stem_of(w), "")
            known = len(rest) == 1 and rest[-1] in lasts - {m.keys[-1]} \
                and rest[-1] not in COMMON_GIVEN  # (محمد أنور beside محمد غريب محمد)
            if not k.startswith("ال") and rest[-1] not in NAME_JOINERS and known \
                    and zipf(fold(w)) >= 3.5 and not tag.startswith("PERSh"):
                cut = j - 1
        if (start, cut) == (i, j):
            continue
        m.keys = m.keys[start - i : cut - i]
        m.start = tokens.starts[start]
        m.end = tokens.ends[cut - 1]
        m.name = tokens.text[m.start + (len(m.proclitic) if start == i else 0) : m.end]
        if start > i:
            m.proclitic = ""


_ALLAH = key("الله")
#: words that make one family name with a following ``الله`` (نصر الله, فضل الله, جار الله,
#: حسب الله); fewer than :data:`COMPOUND_HEADS`: a given name (صلاح, جمال, حسام) may stand
#: before the word الله in a sentence («محمد صلاح الله أكبر»)
ALLAH_HEADS = frozenset(key(w) for w in (
    "عبد", "نصر", "فضل", "جار", "خير", "عطا", "حسب", "ضيف", "رزق", "عوض", "فتح", "حرز", "سعد",
    "جاب", "نعمة", "هبة", "كرم", "مال", "عين"))


def _allah_tails(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """A person's name whose last word makes a compound family name with ``الله`` right after
    it takes the ``الله`` in: a definite word (``رامي الحمد الله``, ``الحمد الله`` alone) or
    one of :data:`ALLAH_HEADS` (``حسن نصر الله``) — the CRF often stops before ``الله``."""
    taken = {m.start for m in mentions}
    for m in mentions:
        if m.label != "PERSON" or m.entry is not None:
            continue
        j = bisect_left(tokens.starts, m.end)
        if j >= tokens.n or j == 0 or tokens.ends[j - 1] != m.end or not tokens.spaced(j - 1) \
                or key(tokens.words[j]) != _ALLAH or tokens.starts[j] in taken:
            continue
        last = m.keys[-1]
        if not (last.startswith("ال") and len(last) > 3 or last in ALLAH_HEADS):
            continue
        m.end = tokens.ends[j]
        m.keys = (*m.keys, _ALLAH)
        m.name = f"{m.name} {tokens.words[j]}"


def _verb_surnames(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """A word that stands right after a reporting verb in the article (``وشدد عودة``) and
    right after a one-word person's name (``الدكتور باسم عودة``) is that person's surname,
    even when it is also a common word (``عودة`` "return", ``سلامة``, ``فرج``): the name takes
    it in, and its bare uses after a reporting verb are the person (the quotes' speakers).
    Only for a given name (the NER data's, :data:`COMMON_GIVEN`, or a word after a person's
    title) the tagger cut at that word, with no gazetteer entry; an honorific pronoun
    (``سموه``) is no surname."""
    names = [m for m in mentions if m.label == "PERSON" and m.entry is None
             and len(m.keys) == 1]
    if not names:
        return []
    after_cue: dict[str, list[int]] = {}
    for v, kind in _cues(tokens):  # reporting verbs by distinct word, as _cue_names finds them
        if kind is not True:
            continue
        for c in _positions(tokens, v):
            i = c + 1
            if i >= tokens.n or not tokens.spaced(c):
                continue
            w = tokens.words[i]
            k = key(w)
            if not is_latin(w) and len(w) >= 3 and k not in STOP and k not in ROLE_NOUNS \
                    and k not in HONORIFIC_PRONOUNS and not _title_at(tokens, i, {}):
                after_cue.setdefault(k, []).append(i)
    if not after_cue:
        return []
    covered = {t for m in mentions for t in range(bisect_left(tokens.starts, m.start),
                                                   bisect_left(tokens.starts, m.end))}
    out: list[_Mention] = []
    for m in names:
        if not (m.keys[0] in COMMON_GIVEN or _given_name(m.name) or _after_person_title(
                    tokens, bisect_left(tokens.starts, m.start))):
            continue  # (a given name only: "اطمأن سموه" is a verb and an honorific)
        j = bisect_left(tokens.starts, m.end)
        if not 0 < j < tokens.n or tokens.ends[j - 1] != m.end or not tokens.spaced(j - 1) \
                or j in covered:
            continue
        k = key(tokens.words[j])
        uses = [i for i in after_cue.get(k, ()) if i != j and i not in covered]
        if not uses:
            continue
        m.end, m.keys = tokens.ends[j], (*m.keys, k)  # "باسم عودة"
        m.name = f"{m.name} {tokens.words[j]}"
        covered.add(j)
        for i in uses:
            out.append(_Mention(tokens.starts[i], tokens.ends[i], "PERSON", "rule",
                                CONFIDENCE["rule"], (k,), tokens.words[i], None))
            covered.add(i)
    return out


def _foreign_tails(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """A CRF person of one or two words followed by a transliterated word (rare: Zipf < 3,
    never tagged outside names in the NER training data, letters only, no article, no glued
    conjunction or preposition before the article, no possessive ending, no verb prefix of
    the derived forms: ``بفيلمها``, ``لتحدثه``, ``بالابتسام``, ``يتدرج`` are words)
    and then a closing (punctuation, a function word, a title...: :func:`_closed_after`)
    takes that word: the tagger often keeps only the first of two foreign names
    (``فيلمار [فالديس] (رئيس ...)``)."""
    cands = [m for m in mentions if m.label == "PERSON" and m.source == "crf"
             and m.entry is None and 1 <= len(m.keys) <= 2]
    if not cands:
        return
    mention_at, covered = _mention_tokens(tokens, mentions)
    for m in cands:
        j = _token_after(tokens, m.end, 0)
        if j >= tokens.n or j == 0 or tokens.ends[j - 1] != m.end or not tokens.spaced(j - 1) \
                or j in covered:
            continue
        w = tokens.words[j]
        k = key(w)
        if is_latin(w) or len(k) < 3 or k in STOP or k.startswith(("ال", "و")) \
                or not w.isalpha() or k.endswith(("ه", "ها", "هم", "هما")) \
                or k.startswith(("بال", "لل", "يت", "يست", "تت")) \
                or zipf(fold(w)) >= 3.0 or _TANWEEN & set(w) \
                or ner.lexicon().get(ner.stem_of(w), "").startswith("O") \
                or _single_word_title(k) or not _closed_after(tokens, j, mention_at):
            continue
        m.end = tokens.ends[j]
        m.keys = (*m.keys, k)
        m.name = tokens.text[m.start + len(m.proclitic) : m.end]


#: particles inside transliterated surnames (``خورخي دا سيلفا``, ``فان دايك``)
_SURNAME_PARTICLES = frozenset(key(w) for w in (
    "دا", "دي", "دو", "ديل", "دل", "فان", "فون", "لا", "لو", "دوس"))


def _surname_particles(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """A surname alone after its particle (``دا سيلفا`` after ``خورخي دا سيلفا``) takes the
    particle, as the full name of the article has it."""
    pairs = {m.keys[-2:]: m for m in mentions if m.label == "PERSON" and len(m.keys) >= 3
             and m.keys[-2] in _SURNAME_PARTICLES}
    if not pairs:
        return
    for m in mentions:
        if m.label != "PERSON" or len(m.keys) != 1 or m.proclitic:
            continue
        i = _token_after(tokens, m.start, 0)
        if i == 0 or i >= tokens.n or tokens.starts[i] != m.start or not tokens.spaced(i - 1):
            continue
        p = key(tokens.words[i - 1])
        ref = pairs.get((p, m.keys[0]))
        if ref is not None:
            m.extra["ref"] = ref
            m.start = tokens.starts[i - 1]
            m.keys = (p, m.keys[0])
            m.name = tokens.text[m.start : m.end]


def _other_bearers(tokens: _Tokens, mentions: list[_Mention]) -> None:
    """A family name of the article right after another given name is another person of that
    family (``محمد حسين الوادعي`` … ``ثبته الوادعي``, ``قال معيض الوادعي``): the surname
    mention is extended over the given name and no longer joins the person the article
    introduced first. The given name must be a name: tagged as a person's in the NER
    training data or opening persons' names there (:func:`mawsua.annotate.ner.given_names`:
    ``"جمال مبارك"`` beside ``حسني مبارك``), or rare (Zipf < 3.5), never tagged outside names there and introduced
    (:func:`_introduced`: ``قال معيض الوادعي``); no function word, title, reporting verb,
    word with the
    article or with a glued preposition; a glued ``و`` is taken as the proclitic."""
    surnames = {m.keys[-1]: m.keys for m in mentions
                if m.label == "PERSON" and len(m.keys) >= 2 and m.keys[-2] not in NAME_JOINERS}
    if not surnames or not any(m.label == "PERSON" and len(m.keys) == 1
                               and m.keys[0] in surnames for m in mentions):
        return
    taken = _Taken(mentions)
    for m in mentions:
        if m.label != "PERSON" or len(m.keys) != 1 or m.proclitic or m.entry is not None \
                or m.source not in ("crf", "rule") or m.keys[0] not in surnames:
            continue
        i = _token_after(tokens, m.start, 0)
        if i == 0 or i >= tokens.n or tokens.starts[i] != m.start or not tokens.spaced(i - 1):
            continue
        w = tokens.words[i - 1]
        pro = "و" if w[:1] == "و" and len(w) > 3 and ner.glued_proclitic(w) == "و" else ""
        given = w[len(pro):]
        k = key(given)
        if len(k) < 3 or k in STOP or k.startswith("ال") or k in NAME_JOINERS \
                or k in _VERBISH or _single_word_title(k) or is_latin(given) \
                or (given[:1] in ("ب", "ل", "ك") and ner.glued_proclitic(given)) \
                or not (_given_name(given) or given in ner.given_names() or (
                    zipf(fold(given)) < 3.5 and not pro and _introduced(tokens, i - 1, mentions)
                    and not ner.lexicon().get(ner.stem_of(given), "").startswith("O"))) \
                or (k, m.keys[0]) == surnames[m.keys[0]][-2:] \
                or taken.overlaps(_Mention(tokens.starts[i - 1], tokens.ends[i - 1], "", "",
                                           0.0, (), "")):
            continue
        m.start = tokens.starts[i - 1]
        m.proclitic = pro
        m.keys = (k, m.keys[0])
        m.name = tokens.text[m.start + len(pro) : m.end]
        m.extra.pop("ref", None)
        m.group = ()


def _introduced(tokens: _Tokens, i: int, mentions: list[_Mention]) -> bool:
    """Whether token ``i`` stands where a person's name is introduced: right after a
    reporting verb (``قال``), a title or role (``مديرة``), or the end of the name of an
    organisation or place (``مديرة مكتب التربية والتعليم بظهران الجنوب ثبته``)."""
    if i == 0 or not tokens.spaced(i - 1):
        return False
    w = tokens.words[i - 1]
    if _cue_kind(w) or _single_word_title(key(w)):
        return True
    end = tokens.ends[i - 1]
    return any(m.end == end and m.label in ("ORGANIZATION", "LOCATION") for m in mentions)


#: a word cut as ``ل`` + it that is this rare (Zipf) is no word: the ``ال`` goes back whatever
#: follows (``للروم الأرثوذكس`` → ``الروم الأرثوذكس``; ``لروم`` is nothing)
LAM_CUT_MAX_ZIPF = 2.0


def _lam_article(mentions: list[_Mention]) -> None:
    """Give back the article that ``ل`` + ``ال`` swallows (``للجيش`` is ل + الجيش, written
    with one alif less; ``للجنة`` may be ل + اللجنة): a name whose proclitic ends with ``ل``
    and that was cut as ``لجيش``, ``لبنك المركزي`` gets ``الجيش``, ``البنك المركزي`` as its
    name and first key, so that it groups with the same name written without the
    preposition. Kept as cut when the cut word is the commoner spelling (``للبنان`` is ل +
    لبنان) and, unless the cut word is no word (:data:`LAM_CUT_MAX_ZIPF`: ``للروم
    الأرثوذكس``), when a second word is no relational adjective: an indefinite head in
    construct (``للجنة الإصلاحات`` is ل + لجنة الإصلاحات). Word frequencies: the Arabic
    lexicon (:func:`mawsua.arabic.lexicon.zipf`)."""
    for m in mentions:
        name = m.name
        if not m.proclitic.endswith("ل") or not name.startswith("ل") or not m.keys \
                or m.entry is not None:
            continue
        words = NAME_TOKEN_RE.findall(name)
        head = words[0]
        z = zipf(fold(head))
        if len(words) > 1 and z >= LAM_CUT_MAX_ZIPF:
            k2 = key(words[1])
            if not (k2.startswith("ال") and k2.endswith(("ي", "يه"))):
                continue
        best = max(("ا" + head, "ال" + head), key=lambda w: zipf(fold(w)))
        if zipf(fold(best)) <= z:
            continue
        m.name = best + name[len(head):]
        m.keys = (key(best), *m.keys[1:])


#: joiners that make a person's name of the words around them (سعود بن نايف, هاني أبو ريدة)
_PATRONYMIC_RAW = frozenset(("بن", "بنت", "أبو", "ابو"))
_LINEAGE = frozenset(key(w) for w in ("بن", "بنت", "آل", "أبو", "ابو"))
_AL = key("آل")


def _name_word(tokens: _Tokens, i: int) -> bool:
    w = tokens.words[i]
    k = key(w)
    return not is_latin(w) and not w.isdigit() and k not in STOP and len(k) >= 2 \
        and not _single_word_title(k) and k not in _LINEAGE and not ner.seen_as_word(w)


def _joined_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Person names held together by a patronymic or kunya joiner: ``X بن Y``, ``X بنت Y``,
    ``X أبو Y``, and a family name ``آل Z`` after them (``سعود بن نايف``, ``هاني أبو ريدة``,
    ``جلوي آل كركمان``); a grandfather's name (``سعود بن نايف بن عبدالعزيز``) is left out, as
    the name is usually cited. ``X`` and ``Y`` are Arabic
    words that are no function words, titles or ordinary words
    (:func:`mawsua.annotate.ner.seen_as_word`); ``X`` may carry a conjunction (``وسعود``).
    Such a name replaces the CRF persons it contains; it is skipped where it overlaps any
    other mention."""
    mentions = _compound_names(tokens, mentions)
    if not _PATRONYMIC_RAW & tokens.distinct:
        return mentions
    joins = [i for i, w in enumerate(tokens.words) if w in _PATRONYMIC_RAW]
    if not joins:
        return mentions
    new: list[_Mention] = []
    for j in joins:
        if j == 0 or j + 1 >= tokens.n or not (tokens.spaced(j - 1) and tokens.spaced(j)):
            continue
        if new and tokens.starts[j] < new[-1].end:
            continue
        i = j - 1
        first = tokens.words[i]
        pro = ""
        if first[:1] in ("و", "ف") and len(first) > 3 and ner.seen_as_word(first[1:]) is False \
                and not _name_word(tokens, i):
            pro = first[0]
        if not pro and not _name_word(tokens, i):
            continue
        if key(first[len(pro):]).startswith("ال") or not _name_word(tokens, j + 1):
            continue
        end = j + 2
        if end + 1 < tokens.n and key(tokens.words[end]) == _AL \
                and tokens.spaced(end - 1) and tokens.spaced(end) and _name_word(tokens, end + 1):
            end += 2  # the family name: "آل سعود"
        start, stop = tokens.starts[i], tokens.ends[end - 1]
        hit = [m for m in mentions if m.start < stop and start < m.end]
        if any(m.source != "crf" or m.label != "PERSON" or m.start < start or m.end > stop
               for m in hit):
            continue
        ks = (key(first[len(pro):]), *(key(w) for w in tokens.words[i + 1 : end]))
        new.append(_Mention(start, stop, "PERSON", "rule", CONFIDENCE["rule"], ks,
                            tokens.text[start + len(pro) : stop], None, proclitic=pro))
    if not new:
        return mentions
    out = [m for m in mentions if not any(n.start <= m.start and m.end <= n.end for n in new)]
    return _merge(out, new)


def _compound_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """A compound given name and the name after it (``سيف الإسلام القذافي``, ``نور الدين
    زنكي``): a word of :data:`COMPOUND_HEADS`, a word of :data:`COMPOUND_TAILS` and a name
    word (:func:`_name_word`) make a person, over any CRF person inside; skipped where it
    overlaps another mention."""
    heads = [i for i, w in enumerate(tokens.words) if i + 2 < tokens.n and w in _COMPOUND_RAW]
    new: list[_Mention] = []
    for i in heads:
        if key(tokens.words[i + 1]) not in COMPOUND_TAILS or not (
                tokens.spaced(i) and tokens.spaced(i + 1)) or not _name_word(tokens, i + 2) \
                or key(tokens.words[i + 2]).startswith("و"):
            continue
        start, stop = tokens.starts[i], tokens.ends[i + 2]
        if any(m.start < stop and start < m.end and (m.source != "crf" or m.label != "PERSON")
               for m in mentions):
            continue
        ks = tuple(key(w) for w in tokens.words[i : i + 3])
        new.append(_Mention(start, stop, "PERSON", "rule", CONFIDENCE["rule"], ks,
                            tokens.text[start:stop], None))
    if not new:
        return mentions
    out = [m for m in mentions if not any(n.start <= m.start and m.end <= n.end for n in new)]
    return _merge(out, new)


def _positions(tokens: _Tokens, word: str) -> list[int]:
    """Token positions of ``word`` (computed once per article)."""
    index = tokens.memo.get("positions")
    if index is None:
        index = tokens.memo["positions"] = {}
        get = index.get
        for n, w in enumerate(tokens.words):
            at = get(w)
            if at is None:
                index[w] = [n]
            else:
                at.append(n)
    return index.get(word, [])


#: monarchies an article may call "المملكة" (the kingdom) without its name
MONARCHIES = ("SA", "JO", "MA", "BH", "GB")
_KINGDOM = key("المملكة")


@cache
def _countries() -> dict[str, Entry]:
    """ISO alpha-2 code → the gazetteer's country entry."""
    out: dict[str, Entry] = {}
    for rows in names().by_first.values():
        for _rest, values in rows:
            for v in values:
                if isinstance(v, Entry) and "country" in v.flags and v.country \
                        and "context" not in v.flags:
                    out.setdefault(v.country, v)
    return out


def _kingdom(tokens: _Tokens, mentions: list[_Mention], home: str | None = None
             ) -> list[_Mention]:
    """``المملكة`` standing alone (no name or adjective after it: not ``المملكة المتحدة``)
    is the outlet's own country when that is a monarchy (``home``: a Saudi paper calls Saudi
    Arabia «المملكة» whatever other kingdom the story visits — a user test found 33 of 37
    such mentions linked elsewhere meaning Saudi Arabia); else the monarchy the article names
    most (:data:`MONARCHIES`, by :func:`_country_evidence`). Nothing when neither holds."""
    words = [w for w in tokens.distinct if "مملك" in w and _KINGDOM in tokens.clitic_keys(w)]
    if not words:
        return []
    if home in MONARCHIES:
        cc = home
    else:
        evidence = _country_evidence(tokens)
        cc = max(MONARCHIES, key=lambda c: evidence.get(c, 0))
        if not evidence.get(cc):
            return []
    entry = _countries().get(cc)
    if entry is None:
        return []
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for w in words:
        for i in _positions(tokens, w):
            if i + 1 < tokens.n and tokens.spaced(i) and key(tokens.words[i + 1]).startswith("ال"):
                continue  # المملكة المغربية, المملكة العربية...
            start, end = tokens.starts[i], tokens.ends[i]
            if any(a < end and start < b for a, b in taken):
                continue
            pro = _proclitic(w, _KINGDOM)
            out.append(_Mention(start, end, "LOCATION", "rule", CONFIDENCE["rule"],
                                (_KINGDOM,), w[len(pro):], entry, proclitic=pro))
    return out


#: kinship nouns that open a CRF span but are no part of the name (والد براون); a source
#: (``مصدر برلماني``) is left whole: the quotes layer takes it as a described speaker
KIN = frozenset(key(w) for w in (
    "والد", "والدة", "شقيق", "شقيقة", "زوج", "زوجة", "نجل", "نجلة", "ابنة", "أرملة", "عم",
    "خال", "جد", "جدة", "حفيد", "حفيدة", "عائلة", "أسرة"))
#: facility and landform words: the person's name after them names the place (استاد جابر,
#: وادي حسان)
FACILITY_HEADS = frozenset(key(w) for w in (
    "استاد", "ملعب", "مطار", "ميناء", "فندق", "مستشفى", "سجن", "مسجد", "جامع", "كنيسة",
    "ساحة", "شارع", "جسر", "مجمع", "حي", "قاعدة", "مدينة", "وادي", "جبل", "ميدان", "كوبري"))
#: honorifics before the name of a man a place is named after (ميدان الشهيد عبد المنعم رياض)
_HONORIFICS = frozenset(key(w) for w in ("الشهيد", "الشهيدة", "المرحوم", "الراحل"))
#: nouns of groups and movements: the name after them is an organisation (جماعة بوكو حرام)
GROUP_NOUNS = frozenset(key(w) for w in (
    "جماعة", "جماعات", "حركة", "تنظيم", "ميليشيا", "ميليشيات", "مليشيا", "مليشيات", "ميليشات",
    "فصيل", "فصائل", "حزب", "جبهة", "ائتلاف", "كتلة", "تيار", "عصابة", "عصابات", "شركة", "فرقة"))
#: transliterated street and place words: a span holding one is a place, not a person
#: (لوفتس رود, سولت لايك سيتي, كوينز بارك)
PLACE_WORDS = frozenset(key(w) for w in (
    "رود", "ستريت", "بارك", "سيتي", "سكوير", "أفنيو", "افنيو", "بريدج", "تاون", "فيل",
    "هايتس", "فالي", "بيتش", "لايك", "هاربور", "بورت", "سان", "سانت"))


@cache
def _homographs() -> frozenset[str]:
    """:func:`~mawsua.annotate.gazetteer.read_homographs` without the names of countries
    (``مالي`` is Mali after ``جيش`` or ``من`` as well, and a country is rarely tagged by
    chance), read once."""
    countries = {key(v) for v, e in read_entries() if "country" in e.flags and " " not in v}
    return read_homographs() - countries


def _clean_crf(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Fix the CRF's known kinds of error (issue 11), keeping precision first:

    * ``MISC`` spans are dropped (the layer holds persons, organisations and places), and so
      is a span made only of currency nouns (``اليورو``, ``دولار``:
      :func:`~mawsua.annotate.gazetteer.currency_words`), nationality adjectives (``الأميركي``),
      one-word titles (``وكيل``), the second part of a compound name (``الله``, ``الإسلام``),
      or function words; a one-word place spelled like a common word or a title
      (:func:`~mawsua.annotate.gazetteer.read_homographs`: ``مشهد`` "scene", ``بنين``
      "boys") without a place noun right before it is dropped too;
    * leading kinship words (``والد``) and nationality adjectives
      (``الأمريكي جون``) are trimmed off; a person opening with a conjunction glued to
      an ordinary word (``وطالب الجبوري`` "and demanded") loses that word;
    * a person right after a facility word (``استاد جابر``, ``ملعب``, ``مطار``) is that
      facility, a place; a span holding a transliterated street or place word (``لوفتس
      رود``) or one glued to ``بال``/``لل`` (``بالشعيب``) is a place, not a person;
    * a person ending with a name joiner (``عبدالله بن``) takes the next word, and one
      running into a role noun in construct (:data:`ROLE_NOUNS`: ``ماركوس الونسو ظهير
      تشيلسي``) ends before it.
    """
    out = []
    adjectives = nationality_adjectives()
    currencies = currency_words()
    relabelled: dict[tuple[str, ...], str] = {}
    for m in mentions:
        if m.label == "MISC":
            continue
        i = _token_after(tokens, m.start, 0)
        j = _token_after(tokens, m.end, i)
        if i >= j:
            continue
        ks = [key(w) for w in tokens.words[i:j]]
        ks[0] = m.keys[0] if m.keys else ks[0]
        head_pro = ""
        # trim leading words that are no part of a name
        while j - i > 1 and (ks[0] in KIN or key(tokens.words[i]) in KIN
                             or ks[0] in adjectives or _single_word_title(ks[0])):
            i += 1
            ks.pop(0)
        w0 = tokens.words[i]
        if m.label == "PERSON" and j - i > 1 and w0[:1] in ("و", "ف") \
                and key(w0[1:]) in _VERBISH:
            i += 1
            ks.pop(0)
        if m.label == "PERSON" and j - i > 1 and _nisba(strip_conj(key(tokens.words[i]))) \
                and not key(tokens.words[i + 1]).startswith("ال"):
            i += 1  # "الأوروجوياني خورخي دا سيلفا": a nationality is no part of the name
            ks.pop(0)
        if m.label == "PERSON" and j - i > 1 and (cut := next((t for t in range(i + 1, j)
                                                          if ks[t - i] in ROLE_NOUNS), j)) < j:
            j = cut  # "ماركوس الونسو ظهير تشيلسي": the name ends before the role in construct
            del ks[cut - i:]
        if m.label == "PERSON" and j - i > 1 and _seen_often(tokens.words[j - 1]) \
                and key(tokens.words[j - 1]) not in NAME_JOINERS:
            j -= 1  # "كريري مؤثر", "رضائيان جارية": the next word swallowed
            ks.pop()
        if all(k in currencies or k in adjectives or k in COMPOUND_TAILS or k in STOP
               or _single_word_title(k) or any(c in currencies for c in clitic_keys(k))
               for k in ks):
            continue  # also "لليورو": a currency with a proclitic
        if j - i == 1 and _TANWEEN & set(tokens.words[i]):
            continue  # "جنديًا بريطانيًا": an adjective with tanween, no name
        if m.label == "LOCATION" and j - i == 1 and any(
                c in LOCATIVE or c in PLACE_HEADS for c in clitic_keys(ks[0])):
            continue  # "في ريف عفرين": an area noun, not the place's name
        if m.label == "LOCATION" and j - i == 1 and m.entry is None \
                and any(c in _homographs() for c in clitic_keys(ks[0])) \
                and not _place_context(tokens, i, strong=True):
            continue  # "في مشهد روحاني": a place spelled like a common word needs a place
            # noun before it (مدينة مشهد), as in the gazetteer (place_homographs.txt)
        if m.label == "PERSON" and key(tokens.words[j - 1]) in NAME_JOINERS and j < tokens.n \
                and tokens.spaced(j - 1) and key(tokens.words[j]) not in STOP:
            j += 1
            ks.append(key(tokens.words[j - 1]))
        label = m.label
        first = strip_article(ks[0]) if ks[0].startswith("ال") else ks[0]
        if label == "PERSON" and j - i > 1 and (first in ORG_HEADS or ks[0] in GROUP_NOUNS):
            label = "ORGANIZATION"  # "معهد بحوث البترول", "ميليشيات الحوثي" are no persons
        elif label == "PERSON" and j - i > 1 and first in FACILITY_HEADS:
            label = "LOCATION"
        if label == "PERSON":
            before = clitic_keys(tokens.words[i - 1]) if i > 0 and tokens.spaced(i - 1) else ()
            if any(k in GROUP_NOUNS for k in before):
                label = "ORGANIZATION"  # "جماعة بوكو حرام" is no person
            elif any(k in FACILITY_HEADS for k in before) or (
                    i > 1 and any(k in _HONORIFICS for k in before)
                    and tokens.spaced(i - 2) and any(
                        k in FACILITY_HEADS for k in clitic_keys(tokens.words[i - 2]))):
                # "ميدان الشهيد عبد المنعم رياض": a square named after a man, honorific and all
                label = "LOCATION"
                if not any(k in FACILITY_HEADS for k in before):
                    i -= 1
                    ks.insert(0, key(tokens.words[i]))
                    before = clitic_keys(tokens.words[i - 1])
                i -= 1
                head = next(k for k in before if k in FACILITY_HEADS)
                ks.insert(0, head)
                head_pro = _proclitic(tokens.words[i], head) if head != key(
                    tokens.words[i]) else ""  # "ووادي حسان": the conjunction is no part
            elif any(k in PLACE_WORDS for k in ks) or (
                    j - i == 1 and m.proclitic in ("ب", "ل", "ك", "وب", "ول", "فب")
                    and ks[0].startswith(("ال", "لل"))):
                label = "LOCATION"
        if label != m.label and len(ks) >= 2:
            relabelled[tuple(ks)] = label
        start, end = tokens.starts[i], tokens.ends[j - 1]
        if (start, end, label) != (m.start, m.end, m.label):
            pro = m.proclitic if start == m.start else head_pro
            name = tokens.text[start + len(pro) : end]
            entry = _crf_name(name, label)[1]
            m = _Mention(start, end, label, m.source, m.confidence, tuple(ks), name, entry,
                         proclitic=pro)
        out.append(m)
    for m in out:  # one label per name: "قتال بوكو حرام" as after "جماعة بوكو حرام"
        label = relabelled.get(m.keys)
        if label is not None and m.label == "PERSON" and m.entry is None:
            m.label = label
    return out


#: role nouns in construct after a person's name (``ماركوس ألونسو ظهير تشيلسي``, ``فلان
#: مدرب الفريق``): never part of the name, which ends before them
ROLE_NOUNS = frozenset(key(w) for w in (
    "ظهير", "جناح", "مدافع", "مهاجم", "حارس", "لاعب", "مدرب", "قائد", "نجم", "رئيس", "وزير",
    "مدير", "سفير", "نائب", "متحدث", "مستشار", "محافظ", "مراسل", "عضو", "زعيم", "أمين"))


#: ordinary words that the CRF takes for first names after a glued conjunction
#: (``وطالب``, ``وقال``): reporting and request verbs
_VERBISH = frozenset(key(w) for w in (
    "طالب", "قال", "أكد", "أضاف", "أشار", "أوضح", "دعا", "رأى", "اعتبر", "لفت", "نفى",
    "حذر", "شدد", "كشف", "طلب", "رحب", "أعلن", "تابع", "ختم", "أردف"))


#: heads of organisation names (``وزارة الحج``, ``الحكومة الإيرانية``, ``حزب سيريزا``)
ORG_HEADS = frozenset(key(w) for w in (
    "وزارة", "هيئة", "لجنة", "مجلس", "اتحاد", "حزب", "وكالة", "صحيفة", "جريدة", "قناة",
    "منظمة", "محكمة", "شرطة", "غرفة", "أمانة", "حركة", "جبهة", "برلمان", "حكومة",
    "مفوضية", "بنك", "شركة", "نادي", "جمعية", "مؤسسة", "إمارة", "إدارة", "مديرية", "جيش",
    "كتلة", "تيار", "تحالف", "مصرف", "جامعة", "كلية", "معهد", "مكتب", "مجموعة", "ائتلاف",
    "فيلق", "كتائب", "سرايا"))
#: outlet heads: a name only in construct (صحيفة بوليتيكو), never with the article
MEDIA_HEADS = frozenset(key(w) for w in ("صحيفة", "جريدة", "قناة", "وكالة", "مجلة"))
#: heads that are organisations only with the article (المديرية العامة); bare, a place
_PLACE_FIRST = frozenset(key(w) for w in ("مديرية",))
#: heads of place names: admin units and facilities (``محافظة أبين``, ``ملعب خليجي 20``)
PLACE_HEADS = frozenset(key(w) for w in (
    "محافظة", "مدينة", "مديرية", "قضاء", "ناحية", "بلدة", "قرية", "ميناء", "مطار", "ملعب",
    "استاد", "فندق", "سجن", "كنيسة", "مسجد", "ساحة", "جزيرة", "ولاية", "مخيم", "معبر",
    "مستشفى", "مشعر", "إقليم", "حي", "شارع", "منطقة", "مركز", "قاعدة"))
#: the two sets of heads, and with the group nouns, as one set each (built once, not per token)
_ORG_PLACE_HEADS = ORG_HEADS | PLACE_HEADS
_ORG_PLACE_GROUP = _ORG_PLACE_HEADS | GROUP_NOUNS
#: admin heads: the name after them is also a place of its own (``أبين`` after
#: ``محافظة أبين``); after a facility head the name is only part of the facility's
ADMIN_HEADS = frozenset(key(w) for w in (
    "محافظة", "مدينة", "مديرية", "قضاء", "ناحية", "بلدة", "قرية", "ولاية", "إقليم", "منطقة",
    "مركز", "مشعر", "جزيرة", "حي"))
#: organisation heads whose construct names the organisation by a word of its own, which the
#: article may then use alone (``حزب سيريزا`` … ``سيريزا``, ``نادي النصر`` … ``النصر``); a
#: rare word after them (Zipf < 3, no agreeing adjective such as ``حركة ثورية``) is a name
NAMED_BY_HEAD = frozenset(key(w) for w in (
    "حزب", "نادي", "صحيفة", "جريدة", "قناة", "مجلة", "حركة", "جبهة", "شركة"))
#: clubs are often named by ordinary words (الهلال، النصر، الاتحاد)
_CLUB = key("نادي")
#: admin heads that are common nouns, never part of the place's name: the mention is the name
#: after them (``بلدة ستاروناتيفكا`` → ``ستاروناتيفكا``)
SETTLEMENT_NOUNS = frozenset(key(w) for w in ("بلدة", "ناحية", "قرية"))
#: adjectives that make no name of a head (``الحكومة الجديدة``, ``اللجنة المختصة``)
GENERIC_MODIFIERS = frozenset(key(w) for w in (
    "الجديد", "الجديدة", "السابق", "السابقة", "الحالي", "الحالية", "المقبل", "المقبلة",
    "المختص", "المختصة", "المعني", "المعنية", "المذكور", "المذكورة", "نفسه", "نفسها", "ذاته",
    "ذاتها", "المحلي", "المحلية", "الرئيسي", "الرئيسية", "الفرعية", "الأولى", "الأول",
    "الثانية", "الكبرى", "الكبير", "الكبيرة", "العليا", "الأعلى", "العام", "العامة", "الخاص",
    "الخاصة", "الحكومي", "الحكومية", "الرسمي", "الرسمية", "المركزي", "المركزية", "الدائمة",
    "المؤقتة", "الانتقالية", "المشتركة", "المختلفة", "التالية", "الأخرى", "الآخر", "كلها",
    "جميعها", "الوحيدة", "الموحدة", "المتحدة", "الماضي", "الماضية", "الأخيرة", "الأخير",
    "الوزارية", "الفنية", "الإدارية", "التنفيذي", "الاستشارية"))


def _nisba(k: str) -> bool:
    """Whether a key is a definite relational adjective (``الإيرانية``, ``الأوكراني``)."""
    return k.startswith("ال") and len(k) > 5 and k.endswith(("ي", "يه")) \
        and k not in GENERIC_MODIFIERS and k not in STOP


#: whether an indefinite head in construct makes an organisation name (``وزارة الحج``). On
#: since issue 11's linking pass: +15 dev-gold mentions, precision up (0.843 → 0.851). It had
#: been off because it split the hand-checked Aleppo story cluster; the causes were fixed as
#: kinds: a gazetteer name with a proclitic is no longer rebuilt as a construct
#: (``لحزب الله اللبناني`` stays Hezbollah), a country after the head stays the country
#: (``حكومة المملكة العربية السعودية``), and AFP's and the Nusra Front's usual Arabic names
#: are in the gazetteer; ``tests/connect/test_connect_real.py`` passes with it on.
CONSTRUCT_ORGS = True
#: heads whose construct with a definite noun is a name by itself (``وزارة الحج``); the other
#: heads of :data:`ORG_HEADS` (``مجلس``, ``لجنة``, ``إدارة``...) need a further namey modifier
STRONG_ORG_HEADS = frozenset(key(w) for w in (
    "وزارة", "هيئة", "اتحاد", "حزب", "وكالة", "صحيفة", "جريدة", "قناة", "منظمة", "محكمة",
    "شرطة", "برلمان", "حكومة", "مفوضية", "بنك", "شركة", "نادي", "جمعية", "مؤسسة", "إمارة",
    "أمانة", "جامعة", "جبهة", "جيش", "كلية", "معهد", "فيلق", "كتائب",
    "سرايا"))
# (``حركة`` is no strong head since session 26: with a definite noun it was traffic, wind,
# travellers or sales 150 times over the corpora — حركة المرور، حركة الرياح، حركة الشارع —
# and a movement ~15 times; a movement needs a name word, a mention or a namey adjective)
#: adjectives that name an institution's scope (besides nationality adjectives)
INSTITUTIONAL = frozenset(key(w) for w in (
    "الدولي", "الدولية", "العربي", "العربية", "الإسلامي", "الإسلامية", "الأولمبي",
    "الأولمبية", "الخليجي", "الخليجية", "الأممية", "الاتحادية", "الفيدرالية", "الأوروبي",
    "الأوروبية", "الأفريقي", "الأفريقية", "الإفريقي", "الإفريقية", "الآسيوي", "الآسيوية",
    "الاسيوي", "الاسيوية", "القاري", "القارية", "الأوقياني", "الوطني", "الوطنية"))


def _agrees(head: str, adj: str) -> bool:
    """Gender agreement of a nisba adjective with its head (``الحكومة الإيرانية``, not
    ``الاتحاد القارية``): a head ending in ة takes ``-ية``, another ``-ي``."""
    return adj.endswith("يه") == head.endswith("ه")


def _namey(head: str, k: str) -> bool:
    """Whether ``k`` is an adjective that makes a name of ``head``: a nationality or
    institutional adjective (:data:`INSTITUTIONAL`) agreeing with it."""
    return (k in nationality_adjectives() or k in INSTITUTIONAL) and _agrees(head, k)


def _heads(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Organisation and place names built on a head noun (:data:`ORG_HEADS`,
    :data:`PLACE_HEADS`), for the names no gazetteer lists and the CRF misses:

    * an indefinite head in construct with a definite noun or a place (``وزارة الحج``,
      ``برلمان العراق``, ``شرطة سانت لويس``): enough for a strong head
      (:data:`STRONG_ORG_HEADS`); a weak one (``مجلس``, ``لجنة``) needs a namey adjective or a
      place after it (``مجلس الوزراء العراقي``);
    * a definite head with a namey adjective: a nationality or institutional one agreeing
      with it (``الحكومة الإيرانية``, ``اللجنة الأولمبية الدولية``; not ``الحكومة الجديدة``);
    * then further agreeing nisba adjectives, one ``لـ`` complement (``الاتحاد السعودي لكرة
      القدم``) and a following place or organisation mention;
    * an indefinite place head before a word that is no ordinary word
      (:func:`mawsua.annotate.ner.seen_as_word`) or before a known place (``محافظة أبين``,
      ``ملعب خليجي 20``, ``سجن ايفين``). The name after an admin head is the mention's core
      (``أبين``), which :func:`_propagate` finds elsewhere in the article.

    Mentions of the gazetteer or the CRF inside such a name are replaced by it."""
    mention_at: dict[int, _Mention] = {}
    known_at: dict[int, _Mention] = {}  # also with a proclitic (لحزب الله)
    for m in mentions:
        t = _token_after(tokens, m.start, 0)
        if t < tokens.n and tokens.starts[t] == m.start:
            known_at[t] = m
            if not m.proclitic:
                mention_at[t] = m
    new: list[_Mention] = []
    n = tokens.n
    hits, positions = tokens.opens(_head_index())
    i = 0
    for i0 in positions:  # only tokens that are a head (with proclitics)
        if i0 < i or i0 >= n - 1:
            continue
        i = i0
        w = tokens.words[i]
        if not tokens.spaced(i):
            continue
        head = hits[w][0][1]
        known = known_at.get(i)
        if known is not None and known.entry is not None:
            if known.label == "LOCATION" and strip_article(head) in ADMIN_HEADS \
                    and _core_ok(known.keys[1:]) and "core" not in known.extra:
                known.extra["core"] = known.keys[1:]  # عمران after محافظة عمران
            continue  # حزب الله, لحزب الله: the gazetteer's name stands
        bare = head[2:] if head.startswith("ال") and head[2:] in _ORG_PLACE_HEADS \
            else head
        definite = bare != head
        if definite and bare in MEDIA_HEADS:
            continue  # "الصحيفة البريطانية": an outlet referred to, not named
        org = bare in ORG_HEADS and not (bare in _PLACE_FIRST and not definite)
        end = (_org_name(tokens, i + 1, bare, definite, mention_at, known_at)
               if definite or CONSTRUCT_ORGS else None) if org else \
            None if definite else _place_name(tokens, i + 1, bare, mention_at)
        if end is None:
            continue
        pro = _proclitic(w, head) if head != key(w) else ""
        start, stop = tokens.starts[i], tokens.ends[end - 1]
        ks = (head, *(key(x) for x in tokens.words[i + 1 : end]))
        mm = _Mention(start, stop, "ORGANIZATION" if org else "LOCATION", "rule",
                      CONFIDENCE["rule"], ks, tokens.text[start + len(pro) : stop], None,
                      proclitic=pro)
        if org and not definite and bare in NAMED_BY_HEAD and 1 <= len(ks) - 1 <= 3 \
                and (bare == _CLUB or not (ks[1].startswith("ال") or _seen_often(
                    tokens.words[i + 1]))):
            # "حزب سيريزا" … "سيريزا", "بنادي الهلال" … "الهلال": the name the head introduced
            # is the same organisation wherever it stands alone (:func:`_propagate`)
            mm.extra["core"] = ks[1:]
            mm.extra["core_sure"] = True
        if not org and bare in SETTLEMENT_NOUNS:
            # "بلدة ستاروناتيفكا": the common noun says what the place is; the name is the word
            # after it (the admin heads محافظة، قضاء، منطقة are part of an official name)
            start = tokens.starts[i + 1]
            mm = _Mention(start, stop, "LOCATION", "rule", CONFIDENCE["rule"], ks[1:],
                          tokens.text[start:stop], None)
            mm.extra["core"] = ks[1:]  # a place by its head, found again by _propagate
            core = mention_at.get(i + 1)
            if core is not None and core.entry is not None and core.end == stop:
                mm.entry = core.entry
        elif not org and bare in ADMIN_HEADS:
            core = mention_at.get(i + 1)
            if _core_ok(ks[1:]):
                mm.extra["core"] = ks[1:]
            if core is not None and core.entry is not None and core.end == stop:
                mm.entry = core.entry  # "مدينة حلب" is Aleppo, as the other reports name it
        new.append(mm)
        i = end
    if not new:
        return mentions
    out = [m for m in mentions if not any(h.start <= m.start and m.end <= h.end for h in new)]
    return _merge(out, new)


def _core_ok(keys: tuple[str, ...]) -> bool:
    """Whether the words after an admin head name a place of their own (``أبين`` after
    ``محافظة أبين``), not a currency (``منطقة اليورو``) or a function word."""
    return bool(keys) and not (len(keys) == 1 and (keys[0] in currency_words()
                                                   or keys[0] in STOP))


@cache
def _head_index() -> Index:
    """The heads of :func:`_heads` (with and without the article) as a one-word index."""
    heads = ORG_HEADS | PLACE_HEADS
    return Index(((k,), k) for h in heads for k in (h, "ال" + h))


def _mention_end(tokens: _Tokens, j: int, mention_at: dict[int, _Mention],
                 labels: tuple[str, ...] = ("LOCATION", "ORGANIZATION")) -> int | None:
    m = mention_at.get(j)
    if m is None or m.label not in labels:
        return None
    return _token_after(tokens, m.end, j)


#: adjectives of institutions that are no nisba (``الإدارة العامة``, ``المجلس الأعلى``): with a
#: complement after them they make a body's name
BODY_ADJECTIVES = frozenset(key(w) for w in ("العام", "العامة", "الأعلى", "العليا"))
#: adjectives of a side, not of a body (``الجبهة الداخلية للدولة``: the home front)
_SIDE_ADJECTIVES = frozenset(key(w) for w in (
    "الداخلي", "الداخلية", "الخارجي", "الخارجية"))
#: heads of an institution's branches, whose name ends with the place they serve
#: (``مكتب التربية والتعليم بظهران الجنوب``, ``الإدارة العامة للتعليم بعسير``)
BRANCH_HEADS = frozenset(key(w) for w in ("إدارة", "مديرية", "مكتب", "فرع"))
#: adjectives that attach a body to its parent organisation (``التابع للأمم المتحدة``)
_AFFILIATED = frozenset(key(w) for w in ("التابع", "التابعة"))


def _complement_after(tokens: _Tokens, j: int, mention_at: dict[int, _Mention]) -> bool:
    """Whether token ``j`` opens what makes a body's name of a head and a plain adjective: a
    ``لل`` complement before a definite noun or an adjective (``للحج``, ``لشؤون المرأة``),
    a second agreeing adjective (``الصحية الشرعية``), or a place with ``ب`` or ``في``."""
    n = tokens.n
    if j >= n or not tokens.spaced(j - 1):
        return False
    k = key(tokens.words[j])
    if k in STOP:  # "في إقليم كردستان", "في فيفا"
        return j + 1 < n and tokens.spaced(j) and k in ("في",) and _mention_end(
            tokens, j + 1, mention_at) is not None
    if k.startswith("لل") and len(k) > 4:
        return True
    if k.startswith("ل") and len(k) > 3:  # "لشؤون المرأة", "لقطاع شركات حجاج الداخل"
        t = j + 1
        while t < n and t - j <= 3 and tokens.spaced(t - 1):
            kt = key(tokens.words[t])
            if kt in STOP or kt.startswith("و") or _TANWEEN & set(tokens.words[t]):
                return False
            if kt.startswith("ال"):
                return True
            t += 1
        return False
    if _nisba(k) and k not in GENERIC_MODIFIERS:
        return True
    m = mention_at.get(j)
    return m is not None and m.label == "LOCATION" and "ب" in m.proclitic


#: heads of political blocs, parties and movements: with the article and a relational
#: adjective made from a name (:func:`_named_nisba`) they are a name (``التيار الصدري``,
#: ``التحالف الكردستاني``); with another adjective a description (``التيار الكهربائي``,
#: ``الحركة السياحية``, ``الكتلة النقدية``)
BLOC_HEADS = frozenset(key(w) for w in (
    "تيار", "تحالف", "ائتلاف", "كتلة", "حزب", "جبهة", "حركة"))


@cache
def _name_words() -> frozenset[str]:
    """The last words, without the article, of the gazetteer's curated people and places
    (``كردستان`` of ``إقليم كردستان``, ``صدر`` of ``مقتدى الصدر``): what a relational
    adjective is made from when it names a bloc (GeoNames towns left out: many are words)."""
    out: set[str] = set()
    for v, e in read_entries():
        if e.label not in ("PERSON", "LOCATION") or "geonames" in e.flags or is_latin(v):
            continue
        last = key(NAME_TOKEN_RE.findall(v)[-1]) if NAME_TOKEN_RE.findall(v) else ""
        if len(last) >= 3 and last not in STOP:
            out.add(strip_article(last))
    return frozenset(out)


#: a relational adjective this frequent (Zipf) is an ordinary one even when a name spells its
#: base (``الرياضية`` "sporting", not of ``الرياض``)
NAMED_NISBA_MAX_ZIPF = 4.5


def _named_nisba(k: str) -> bool:
    """Whether the definite relational adjective ``k`` is made from a known person's or
    place's name (``الصدري`` from ``الصدر``, ``الكردستاني`` from ``كردستان``) and is no
    frequent ordinary adjective (:data:`NAMED_NISBA_MAX_ZIPF`)."""
    base = strip_article(k)
    base = base[:-2] if base.endswith("يه") else base[:-1]
    return len(base) >= 3 and base in _name_words() and zipf(k) < NAMED_NISBA_MAX_ZIPF


#: relational adjectives the press uses as nouns after a ministry or office: "the interior",
#: "foreign affairs", "the economy" (وزارة الداخلية, وزارة الخارجية, إدارة المالية)
_SUBSTANTIVE_NISBAS = frozenset(key(w) for w in ("الداخلية", "الخارجية", "المالية"))


def _org_name(tokens: _Tokens, j: int, head: str, definite: bool,
              mention_at: dict[int, _Mention],
              known_at: dict[int, _Mention] | None = None) -> int | None:
    """End token of an organisation name whose head ends before token ``j`` (see
    :func:`_heads`), or ``None``. ``known_at``: mentions by first token, also those with a
    proclitic (a branch's place: ``بعسير``)."""
    known_at = known_at if known_at is not None else mention_at
    n = tokens.n
    k = key(tokens.words[j])
    namey = False
    plain_adj = False  # a plain adjective, a name only with the complement after it
    if definite:
        if _namey(head, k):
            end, namey = j + 1, True
        elif head in BLOC_HEADS and _nisba(k) and _agrees(head, k) and _named_nisba(k):
            end, namey = j + 1, True  # "التيار الصدري", "التحالف الكردستاني"
        elif (_nisba(k) and _agrees(head, k) and not k.startswith("المت")
              and k not in _SIDE_ADJECTIVES or k in BODY_ADJECTIVES) \
                and _complement_after(tokens, j + 1, known_at):
            # (not a participle of a derived verb: "الشركة المتبنية للمشروع")
            # "المجلس التنسيقي لقطاع شركات حجاج الداخل", "الهيئة الصحية الشرعية في": an
            # adjective of no nationality or institution names a body when a complement or
            # a second adjective follows
            end, namey, plain_adj = j + 1, True, True
        else:
            return None
    else:
        known = mention_at.get(j)
        if known is not None and known.label == "ORGANIZATION" and known.entry is not None:
            return None  # "قناة العربية": the head is a descriptor of a known name
        if known is not None and known.entry is not None and "country" in known.entry.flags:
            return None  # "حكومة المملكة العربية السعودية": the country stays a mention
        if known is not None and known.label == "PERSON":
            return None  # "حكومة العبادي": the person stays a mention
        got = _mention_end(tokens, j, mention_at)
        if got is not None:
            end, namey = got, True
        elif k.startswith("ال") and len(k) > 3 and k not in STOP and k not in GENERIC_MODIFIERS \
                and not (_nisba(k) and _agrees(head, k) and (
                    j == 0 or tokens.words[j - 1].startswith("لل")
                    or k not in _SUBSTANTIVE_NISBAS)) and not _single_word_title(k):
            # (a feminine -ية after a masculine head is a noun: مكتب التربية; after an
            # indefinite head an agreeing one is a noun in construct when the press names
            # ministries and forces by it: وزارة الداخلية, وزارة الخارجية — not after لل,
            # where the head is definite: للجنة الدولية)
            end = j + 1
        elif head in NAMED_BY_HEAD and tokens.spaced(j - 1) and len(k) >= 4 \
                and k not in STOP and not _ordinary(tokens.words[j]) \
                and not k.startswith(("لل", "بال", "وال")) \
                and zipf(fold(tokens.words[j])) < 3.0 and not _single_word_title(k) \
                and not (k.endswith(("ي", "يه")) and _agrees(head, k)) \
                and not _TANWEEN & set(tokens.words[j]):
            end, namey = j + 1, True  # "حزب سيريزا", "صحيفة أثنوس": a name no lexicon knows
        else:
            return None
    noun = key(tokens.words[end - 1])  # an adjective may agree with the complement instead
    coordinated: int | None = None  # end before a coordinated noun, while unconfirmed
    while end < n and tokens.spaced(end - 1) and end - j < 6:
        k = key(tokens.words[end])
        if coordinated is not None and not (head in BRANCH_HEADS and k.startswith("ب")):
            break  # only the place of a branch confirms two coordinated nouns
        if _nisba(k) and (_agrees(head, k) or (not definite and _agrees(noun, k))):
            namey = namey or _namey(head, k)
            end += 1
            continue
        got = _mention_end(tokens, end, mention_at)
        if got is not None and tokens.words[end][:1] != "و":
            if mention_at[end].label == "LOCATION":
                got = _place_tail(tokens, got)
            end, namey = got, True
            coordinated = None
            continue
        if coordinated is None and _coordinated_in_name(tokens, end, head, definite, j,
                                                        known_at):
            # "حزب الحرية والعدالة", "الشؤون البلدية والقروية": the last part of the name is
            # joined by و (see _coordinated_in_name)
            end += 1
            continue
        if k.startswith("وال") and len(k) > 5 and k[1:] not in STOP and not _nisba(k[1:]) \
                and not definite and end == j + 1 and coordinated is None \
                and key(tokens.words[end - 1]).startswith("ال"):
            # "مكتب التربية والتعليم بظهران الجنوب": two nouns in one name, kept only when
            # the name goes on after them (else a list: "وزارة الصحة والبلديات")
            coordinated = end
            end += 1
            continue
        if k in _AFFILIATED and end + 1 < n and tokens.spaced(end):
            got = _mention_end(tokens, end + 1, mention_at, ("ORGANIZATION",))
            pro = mention_at.get(end + 1)
            if got is not None and pro is not None and pro.proclitic in ("ل",):
                end, namey = got, True  # "مجلس حقوق الإنسان التابع للأمم المتحدة"
                continue
        if head in BRANCH_HEADS and k.startswith("ب"):
            got = _mention_end(tokens, end, known_at, ("LOCATION",))
            if got is not None and "ب" in known_at[end].proclitic:
                end, namey = _place_tail(tokens, got), True  # "… بظهران الجنوب"
                if coordinated is not None:
                    coordinated = None
                break
        last = key(tokens.words[end - 1])  # (وزارة الداخلية: a noun, no adjective to complete)
        after_adj = (_nisba(last) and last not in _SUBSTANTIVE_NISBAS) or definite
        if after_adj and k.startswith("لل") and len(k) >= 4 and k not in STOP:
            # "للشؤون الخارجية", "للأنباء،": a complement, not a purpose ("للتخفيف من")
            nxt = key(tokens.words[end + 1]) if end + 1 < n else ""
            if end + 1 < n and tokens.spaced(end) and (_nisba(nxt) or (
                    nxt.startswith("ال") and nxt not in STOP and not _single_word_title(nxt))):
                end += 2
            elif head in BRANCH_HEADS and end + 1 < n and tokens.spaced(end) and (
                    _mention_end(tokens, end + 1, known_at, ("LOCATION",)) is not None
                    and "ب" in known_at[end + 1].proclitic):
                end += 1  # "للتعليم بعسير"
            elif end + 1 >= n or not tokens.spaced(end):
                end += 1
            if head in BRANCH_HEADS and end < n and tokens.spaced(end - 1):
                got = _mention_end(tokens, end, known_at, ("LOCATION",))
                if got is not None and "ب" in known_at[end].proclitic:
                    end = _place_tail(tokens, got)  # "الإدارة العامة للتعليم بعسير"
            break
        if after_adj and k.startswith("ل") and not k.startswith("لل") and end + 1 < n \
                and tokens.spaced(end) and key(tokens.words[end + 1]).startswith("ال") \
                and key(tokens.words[end + 1]) not in STOP:
            end += 2
            break
        if after_adj and namey and k.startswith("ل") and not k.startswith("لل") \
                and k not in STOP and len(k) > 3:
            # "لقطاع شركات حجاج الداخل": a construct chain closed by a definite noun
            t = end + 1
            while t < n and t - end <= 3 and tokens.spaced(t - 1):
                kt = key(tokens.words[t])
                if kt in STOP or _TANWEEN & set(tokens.words[t]) or kt.startswith("و"):
                    break
                if kt.startswith("ال"):
                    end = t + 1
                    break
                t += 1
            break
        break
    if coordinated is not None and end == coordinated + 1:
        end = coordinated  # nothing after the coordinated noun: a list, not one name
    if plain_adj and end == j + 1 and end < n and key(tokens.words[end]).startswith("ل"):
        return None  # "الجيش الموالي للشرعية والمقاومة": the complement was not taken
    if not namey and head not in STRONG_ORG_HEADS:
        return None
    return end


#: nouns of groups, bodies and people that a و after a name joins as a second item of a list,
#: never as the last part of the name (``حزب النور والمعارضة``, ``حركة النهضة والحكومة``)
_LIST_NOUNS = frozenset(key(w) for w in (
    "المعارضة", "الحكومة", "القوى", "الأحزاب", "الشعب", "الشباب", "النظام", "الدولة",
    "الجيش", "الشرطة", "الرئاسة", "الإخوان", "الجماعة", "الجماعات", "الأعضاء", "القيادة",
    "القيادات", "الأنصار", "المؤيدين", "الأهالي", "المواطنين", "السلطة", "السلطات",
    "المجتمع", "الإعلام", "النواب", "الوزراء", "الأمن", "الحركات", "التيارات", "القضاء"))


def _coordinated_in_name(tokens: _Tokens, t: int, head: str, definite: bool, j: int,
                         known_at: dict[int, _Mention]) -> bool:
    """Whether token ``t``, a definite word with the conjunction و (``والعدالة``), is the last
    part of the organisation name before it rather than the next item of a list. It is when

    * a party, front or movement (:data:`BLOC_HEADS`, in construct) is named by two nouns
      (``حزب الحرية والعدالة``, ``حزب البناء والتنمية``, ``لحزب العدالة والتنمية``): party
      names are such pairs of abstract nouns;
    * the same pair stands twice or more in the article (``وزارة التربية والتعليم`` …
      ``التربية والتعليم``): a list of two is seldom repeated word for word;
    * two relational adjectives of one noun are joined (``الشؤون البلدية والقروية``,
      ``الشؤون العربية والخارجية``) and the second is no nationality (``الحكومة المصرية
      والإسرائيلية`` are two governments).

    Never when a third item follows (``الوفد والتجمع والناصري``) or the word after it is an
    adjective of it that cannot be the head's (``حزب النور والدعوة السلفية``); never a group
    or body noun (:data:`_LIST_NOUNS`: ``حزب النور والمعارضة``), a head noun
    (``حزب الوفد والتيار الشعبي``), a plural of people (``-ين``, ``-ون``), a title, or a word
    that opens a mention of its own (``والإخوان``)."""
    n = tokens.n
    if t >= n or not tokens.spaced(t - 1):
        return False
    k = key(tokens.words[t])
    y = k[1:]
    prev = key(tokens.words[t - 1])
    if not (k.startswith("وال") and len(y) >= 5) or y in STOP or y in GENERIC_MODIFIERS \
            or y in _LIST_NOUNS or y.endswith(("ين", "ون")) or _single_word_title(y) \
            or strip_article(y) in _ORG_PLACE_GROUP \
            or known_at.get(t) is not None or not prev.startswith("ال"):
        return False
    if t > j + 1 and _nisba(y):  # two adjectives of one noun
        return _nisba(prev) and y not in nationality_adjectives() and _agrees(prev, y)
    if t > j + 1 or definite or y in nationality_adjectives() or prev in STOP:
        return False  # (nouns may end like an adjective: الحرية والتنمية)
    if t + 1 < n and tokens.spaced(t):
        nxt = key(tokens.words[t + 1])
        if nxt.startswith("وال") or (_nisba(nxt) and not _agrees(head, nxt)):
            return False  # a list goes on ("والتجمع والناصري"); "والدعوة السلفية" is a name
    if head in BLOC_HEADS:
        return True
    pairs = tokens.memo.get("coord_pairs")
    if pairs is None:
        pairs = tokens.memo["coord_pairs"] = {}
    got = pairs.get((prev, k))
    if got is None:
        got = pairs[(prev, k)] = sum(
            1 for u in range(1, n) if key(tokens.words[u]) == k
            and prev in tokens.clitic_keys(tokens.words[u - 1]))
    return got >= 2


def _place_tail(tokens: _Tokens, end: int) -> int:
    """``end`` moved over a direction word that ends a place name (``ظهران`` + ``الجنوب``)."""
    if end < tokens.n and tokens.spaced(end - 1) and key(tokens.words[end]) in _DIRECTIONS:
        return end + 1
    return end


def _ordinary(word: str) -> bool:
    """Whether a word after a place head is an ordinary word, not a name. A word with the
    article is one when frequent (Zipf ≥ 4: ``قاعدة البيانات``; ``قاعدة العند`` is a name);
    another when the NER training data tags it
    mostly outside names several times (``Oh``), or, never tagged a place there, it is very
    frequent (Zipf ≥ 4.5) or a frequent word
    opening like an imperfect verb (ي/ت, Zipf ≥ 3: ``منطقة يشترك``)."""
    if key(word).startswith("ال"):  # a construct (قاعدة العند) unless a common word
        return zipf(fold(word)) >= 4.0  # (قاعدة البيانات)
    tag = ner.lexicon().get(ner.stem_of(word), "")
    if tag == "Oh":
        return True
    if tag.startswith("LOC"):
        return False
    z = zipf(fold(word))
    return z >= 4.5 or (word[:1] in ("ي", "ت") and z >= 3.0)  # an imperfect verb


#: words that end a place name (ظهران الجنوب, سيدي بوزيد الغربية)
_DIRECTIONS = frozenset(key(w) for w in (
    "الجنوب", "الشمال", "الشرق", "الغرب", "الجنوبي", "الشمالي", "الشرقي", "الغربي",
    "الجنوبية", "الشمالية", "الشرقية", "الغربية", "القبلي", "البحري"))
#: place heads that do not wrap a place the gazetteer knows
_NO_KNOWN = frozenset(key(w) for w in ("منطقة", "مركز"))


def _place_name(tokens: _Tokens, j: int, head: str,
                mention_at: dict[int, _Mention]) -> int | None:
    """End token of a place name after an indefinite place head ending before token ``j``
    (see :func:`_heads`), or ``None``."""
    n = tokens.n
    got = _mention_end(tokens, j, mention_at, ("LOCATION", "ORGANIZATION"))
    w = tokens.words[j]
    nk = key(w)
    if got is not None:
        m = mention_at[j]
        if (head in _NO_KNOWN and m.entry is not None) or (
                m.label == "ORGANIZATION" and m.source != "crf"):
            return None  # منطقة الشرق الأوسط: the region; مركز دبي: an institution of Dubai
        end = got
    elif head in FACILITY_HEADS and (nk in _SAINT or _single_word_title(nk)) \
            and j + 1 < n and tokens.spaced(j):
        # a facility named after a person: "قاعدة الملك عبدالعزيز الجوية", "كنيسة سانت مارك"
        got = _mention_end(tokens, j + 1, mention_at, ("PERSON", "ORGANIZATION"))
        nxt = tokens.words[j + 1]
        if got is not None and got - j <= 4 and (mention_at[j + 1].label == "PERSON"
                                                 or mention_at[j + 1].source == "crf"):
            end = got
        elif nk in _SAINT and key(nxt) not in STOP and not key(nxt).startswith("و") \
                and not is_latin(nxt) and len(key(nxt)) >= 3:
            end = j + 2
        else:
            return None
    elif nk in STOP or nk.startswith("و") or is_latin(w) or nk in currency_words() \
            or len(nk) < 3 or nk in GENERIC_MODIFIERS or _single_word_title(nk) \
            or _nisba(nk) or (head.endswith("ه") and nk.endswith("ه")) or _ordinary(w) \
            or (nk.endswith(("ي", "يه")) and _is_word(w)):  # "حي شعبي"
        return None  # an adjective ("مدينة كبيرة"), a verb ("منطقة يشترك"), a function word
    else:
        end = j + 1
    while end < n and end - j < 4 and tokens.spaced(end - 1):
        nxt = tokens.words[end]
        got = _mention_end(tokens, end, mention_at, ("LOCATION",))
        if got is not None and nxt[:1] != "و":
            end = got
        elif nxt.isdigit() or key(nxt) in _DIRECTIONS or (not _is_word(nxt) and ner.lexicon(
                ).get(ner.stem_of(nxt), "").startswith(("LOC", "PERS", "ORG"))):
            end += 1
        else:
            break
    while end < n and tokens.spaced(end - 1) and head not in ADMIN_HEADS:
        k = key(tokens.words[end])  # لمستشفى القطيف المركزي
        if not ((_nisba(k) or k in _FACILITY_ADJECTIVES) and _agrees(head, k)):
            break
        end += 1
    return end


#: "saint" in transliterated names of churches and places (``كنيسة سانت مارك``)
_SAINT = frozenset(key(w) for w in ("سانت", "سان", "سانتا"))
#: adjectives that are part of a facility's name though common (``مستشفى القطيف المركزي``)
_FACILITY_ADJECTIVES = frozenset(key(w) for w in (
    "المركزي", "المركزية", "العام", "العامة", "التخصصي", "الجامعي", "الدولي", "الدولية"))


#: whether one-word CRF names without a gazetteer entry are kept out of propagation
CRF_ONE_WORD_STAYS = True


def _propagate(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """One sense per article: a place or organisation found once (by a cue, the CRF or a
    head rule) is a mention wherever the same words stand in the article, proclitics
    stripped (``أبين`` after ``محافظة أبين``; ``القطيف`` again). Names of one word must have
    4+ letters and not be ordinary words (:func:`mawsua.annotate.ner.seen_as_word`)."""
    persons = {m.keys for m in mentions if m.label == "PERSON"} | {
        m.keys[-1:] for m in mentions if m.label == "PERSON" and len(m.keys) >= 2}
    names_: dict[tuple[str, ...], _Mention] = {}
    for m in mentions:
        if m.label != "PERSON" and m.entry is None and (
                m.keys in persons or m.extra.get("core") in persons):
            continue  # "مركز إنييستا" (his position) beside the player إنييستا
        if m.source == "coref" or m.label not in ("LOCATION", "ORGANIZATION") and (
                m.label != "PERSON" or len(m.keys) < 2 or m.keys[-1] in NAME_JOINERS):
            continue
        for ks in ((m.extra.get("core"),) if m.extra.get("core") else ()) + (m.keys,):
            if not ks or (len(ks) == 1 and (len(ks[0]) < 4 or ks[0] in STOP)):
                continue
            if len(ks) == 1 and m.source == "crf" and m.entry is None and CRF_ONE_WORD_STAYS:
                continue  # the tagger's one-word guesses stay where it made them
            names_.setdefault(tuple(ks), m)
    if not names_:
        return []
    cores = {m.extra["core"]: m for m in mentions if m.extra.get("core")}
    for m in mentions:  # "فيرغسون" after "مدينة فيرغسون": the town, not a person
        ref = cores.get(m.keys)
        if ref is not None and m.source == "crf" and m.label != ref.label:
            m.label = ref.label
    by_first: dict[str, list[tuple[tuple[str, ...], _Mention]]] = {}
    for ks, ref in names_.items():
        by_first.setdefault(ks[0], []).append((ks, ref))
    firsts = set(by_first)
    out = []
    taken = _Taken(mentions)
    inverted = tokens.words_for(firsts)
    opening = {w for f in firsts for w, _rank in inverted.get(f, ())}
    for i in sorted(i for w in opening for i in _positions(tokens, w)):
        w = tokens.words[i]
        for rank, k in enumerate(tokens.clitic_keys(w)):
            if k not in firsts:
                continue
            for ks, ref in by_first[k]:
                if i + len(ks) > tokens.n:
                    continue
                if any(key(tokens.words[i + t]) != ks[t] or not tokens.spaced(i + t - 1)
                       for t in range(1, len(ks))):
                    continue
                sure = ref.extra.get("core_sure") and ref.extra.get("core") == ks
                if len(ks) == 1 and (ref.source != "gazetteer" or (
                        ref.entry is not None and "context" in ref.entry.flags)) \
                        and not sure and _seen_often(w[len(_proclitic(w, k)) if rank else 0:]):
                    continue  # (an outlet named by a word: "الأخبار العاجلة" is news)
                if sure and i + len(ks) < tokens.n and tokens.spaced(i + len(ks) - 1) and _nisba(
                        key(tokens.words[i + len(ks)])):
                    continue  # "الهلال الأحمر" is another name than the club الهلال
                start, end = tokens.starts[i], tokens.ends[i + len(ks) - 1]
                hit = taken.overlaps(_Mention(start, end, "", "", 0.0, (), ""))
                if hit and not (len(ks) > 1 and all(
                        h.source == "crf" and start <= h.start and h.end <= end
                        and h.end - h.start < end - start for h in hit)) and not all(
                        h.source == "crf" and h.entry is None and (h.start, h.end) == (
                            start, end) and h.keys != ks and rank for h in hit):
                    # a longer name wins over CRF pieces of it (بظهران الجنوب); the known
                    # name with its proclitic over the tagger's reading of the whole word
                    # (وستاروناتيفكا after بلدة ستاروناتيفكا)
                    continue
                pro = _proclitic(w, k) if rank else ""
                mm = _Mention(start, end, ref.label, "rule", CONFIDENCE["rule"], ks,
                              tokens.text[start + len(pro) : end], ref.entry, proclitic=pro)
                if hit:
                    mm.extra["replaces"] = hit
                if ref.extra.get("core") == ks or ref.keys == ks:
                    mm.extra["ref"] = ref
                out.append(mm)
                taken.add(mm)
                break
            else:
                continue
            break
    return out


#: a country's legislature by its common noun (``البرلمان``, ``مجلس النواب``...): once the
#: article names the legislature (``مجلس النواب العراقي``, ``برلمان العراق``, ``البرلمان
#: اليوناني``), the bare noun after it is that legislature (:func:`_legislatures`)
LEGISLATURES = tuple(tuple(key(w) for w in n.split()) for n in (
    "البرلمان", "مجلس النواب", "مجلس الشعب", "مجلس الأمة", "مجلس الشيوخ", "مجلس العموم",
    "مجلس الشورى", "الكنيست", "الكونغرس", "مجلس الدوما", "الجمعية الوطنية"))
#: the generic noun: any one named legislature (a bare ``مجلس النواب`` only names a legislature
#: named ``مجلس النواب ...``: beside ``مجلس الشيوخ الأمريكي`` it is the other chamber)
_PARLIAMENT = (key("البرلمان"),)
_PARLIAMENT_HEAD = key("برلمان")


def _legislature_of(m: _Mention) -> tuple[str, ...] | None:
    """The legislature noun a named legislature mention opens (``مجلس النواب`` for
    ``مجلس النواب العراقي``; ``البرلمان`` for ``برلمان العراق``), or ``None``."""
    if m.label != "ORGANIZATION":
        return None
    if m.keys[0] == _PARLIAMENT_HEAD and len(m.keys) >= 2:
        return _PARLIAMENT
    for n in LEGISLATURES:
        if len(m.keys) > len(n) and m.keys[: len(n)] == n:
            return n
    return None


def _legislatures(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Bare legislature nouns (:data:`LEGISLATURES`, proclitics stripped: ``للبرلمان``) after
    the article has named exactly one legislature with them: mentions of it (joined by
    ``ref``). An article that never names its parliament gets nothing (precision first:
    ``البرلمان`` alone may be any country's), nor one naming two (``مجلس النواب الأمريكي``
    and ``البرلمان الأوروبي``). The government (``الحكومة``) is left alone: the gold and a
    desk reader take the bare noun for a description, not a name."""
    named: dict[tuple[str, ...], list[_Mention]] = {}
    for m in mentions:
        noun = _legislature_of(m)
        if noun is not None:
            named.setdefault(m.entry.canonical if m.entry else m.keys, []).append(m)
    if len(named) != 1:
        return []
    refs = next(iter(named.values()))
    ref = min(refs, key=lambda m: m.start)
    nouns = {_PARLIAMENT, _legislature_of(ref)}
    firsts = {n[0] for n in nouns}
    taken = _Taken(mentions)
    out: list[_Mention] = []
    inverted = tokens.words_for(firsts)
    for i in sorted(i for f in firsts for w, _r in inverted.get(f, ())
                    for i in _positions(tokens, w)):
        if tokens.starts[i] < ref.end:
            continue
        w = tokens.words[i]
        for rank, k in enumerate(tokens.clitic_keys(w)):
            noun = next((n for n in nouns if n[0] == k and i + len(n) <= tokens.n and all(
                key(tokens.words[i + t]) == n[t] and tokens.spaced(i + t - 1)
                for t in range(1, len(n)))), None)
            if noun is None:
                continue
            start, end = tokens.starts[i], tokens.ends[i + len(noun) - 1]
            mm = _Mention(start, end, "ORGANIZATION", "rule", CONFIDENCE["rule"], noun, "",
                          ref.entry)
            if taken.overlaps(mm):
                break
            pro = _proclitic(w, k) if rank else ""
            mm.proclitic, mm.name = pro, tokens.text[start + len(pro) : end]
            mm.extra["ref"] = ref
            out.append(mm)
            taken.add(mm)
            break
    return out


#: a word ending in a verb's dual or plural suffix is a verb when another person of the same
#: perfect (base + ``وا``; for ``وا`` itself base + ``ت``) is this frequent (Zipf): ``هاجما``
#: (``هاجموا`` 3.6), ``هاجمتا``, ``غادروا`` (``غادرت``); never a surname such as ``موتا``
#: (``موتوا`` 2.9), ``كورتوا`` or ``فرانسوا``
VERB_PLURAL_MIN_ZIPF = 3.3
#: prepositions after a participle that make it a clause about the name, not part of it
#: (``كوماتشو المشارك في مونديال 1998``)
_PARTICIPLE_COMPLEMENTS = frozenset(key(w) for w in (
    "في", "على", "من", "عن", "مع", "إلى", "الى", "ب", "بين", "ضد"))


def _verb_tail(word: str, before: int) -> bool:
    """Whether ``word``, after ``before`` words of a person's name, is no part of it: an
    accusative with fathatan (``مؤكداً``, ``عائدًا``; the other tanweens are a classical name's
    case endings, ``هشام بن حكيمٍ``), or a perfect verb with a plural or feminine dual suffix
    (``غادروا``, ``هاجمتا``: :data:`VERB_PLURAL_MIN_ZIPF`) or, after a name of two words or
    more, a masculine dual (``ابراهيم الربيش هاجما``; after one word ``ا`` closes foreign
    names too: ``سارة ليسا ويتسن``)."""
    if "\u064b" in word:
        return True
    w = fold(word)
    for suffix in ("تا", "وا", "ا"):
        base = w[: -len(suffix)]
        if w.endswith(suffix) and len(base) >= 3 and word not in ner.given_names() \
                and (suffix != "ا" or before >= 2) \
                and zipf(base + ("ت" if suffix == "وا" else "وا")) >= VERB_PLURAL_MIN_ZIPF:
            return True  # (غادروا: غادرت; not فرانسوا, كورتوا)
        if w.endswith(suffix):
            break
    return False


def _person_tails(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Cut the CRF's persons of two or more words before a verb with a dual or plural suffix
    or an accusative (:func:`_verb_tail`: ``وابراهيم الربيش هاجما احمد`` → ``ابراهيم
    الربيش``), and cut a last word that is a definite participle (``ال`` + ``م``...), an
    ordinary word the NER data does not mostly tag as a name, followed by a preposition, when
    the article also writes the name without it (``"كوماتشو"`` … ``وقال كوماتشو المشارك في``;
    ``وليد المعلم في`` stays: ``المعلم`` is his surname). A name cut before a verb down to one
    word that is no given name is dropped (``فر هارباً``, ``نورد نقاطاً``: the tagger's whole
    span was words)."""
    drop: set[int] = set()
    for m in mentions:
        if m.label != "PERSON" or m.source != "crf" or len(m.keys) < 2 or m.entry is not None:
            continue
        i = _token_after(tokens, m.start, 0)
        j = _token_after(tokens, m.end, i)
        if j - i != len(m.keys) or tokens.ends[j - 1] != m.end:
            continue
        verb = next((t for t in range(i + 1, j) if not key(tokens.words[t]).startswith("ال")
                     and _verb_tail(tokens.words[t], t - i)), None)
        if verb is not None:  # "وابراهيم الربيش هاجما احمد": the name ends before the verb
            m.keys = m.keys[: verb - i]
            m.end = tokens.ends[verb - 1]
            m.name = tokens.text[m.start + len(m.proclitic) : m.end]
            if verb - i == 1 and not (m.name in ner.given_names() or _given_name(m.name)):
                drop.add(id(m))
            continue
        w = tokens.words[j - 1]
        short = tokens.text[m.start + len(m.proclitic) : tokens.ends[j - 2]]
        if key(w).startswith("الم") and not key(w).endswith("ي") and j < tokens.n \
                and tokens.spaced(j - 1) and key(tokens.words[j]) in _PARTICIPLE_COMPLEMENTS \
                and m.keys[-2] not in NAME_JOINERS \
                and zipf(fold(w)) >= 3.5 and not _given_name(w) \
                and tokens.text.count(short) > tokens.text.count(f"{short} {w}"):
            m.keys = m.keys[:-1]
            m.end = tokens.ends[j - 2]
            m.name = short
    return [m for m in mentions if id(m) not in drop] if drop else mentions


#: words after which a one-word "person" is a noun in construct: determiners and demonstratives
#: (``ورود تلك الأنباء``, ``ورود أي شكاوى``) and nouns of time (``راتب شهر يناير``). A
#: common word after it proves nothing: it is as often the verb or the surname
#: (``ميسي يهدد``, ``عاطف عبيد``; measured on the corpora, session 26)
_DETERMINERS = frozenset(key(w) for w in (
    "هذه", "هذا", "تلك", "ذلك", "أي", "كل", "بعض", "أحد", "إحدى", "شهر", "عام", "سنة",
    "يوم", "أسبوع"))
#: a one-word person this frequent as a word (Zipf) is read by the word after it
COMMON_PERSON_MIN_ZIPF = 3.5


def _common_word_persons(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Drop the CRF's one-word persons that are a frequent word (:data:`COMMON_PERSON_MIN_ZIPF`,
    not a given name of :func:`mawsua.annotate.ner.given_names`) in construct: followed by a
    month or a noun of time (``راتب يناير``, ``راتب شهر``) or a determiner (``ورود هذه``,
    ``ورود أي``). A mention with a title or after a reporting verb is kept, and so is a word the article also
    writes inside a longer person's name."""
    inner = {k for m in mentions if m.label == "PERSON" and len(m.keys) >= 2 for k in m.keys}
    given = ner.given_names()
    out = []
    for m in mentions:
        if not (m.label == "PERSON" and len(m.keys) == 1 and m.source == "crf"
                and m.entry is None and not m.title and "ref" not in m.extra
                and m.keys[0] not in inner and m.name not in given
                and zipf(fold(m.name)) >= COMMON_PERSON_MIN_ZIPF):
            out.append(m)
            continue
        t = _token_after(tokens, m.start, 0)
        if t >= tokens.n or tokens.ends[t] != m.end or t + 1 >= tokens.n \
                or not tokens.spaced(t) or (t > 0 and _cue_kind(tokens.words[t - 1])):
            out.append(m)
            continue
        nxt = tokens.words[t + 1]
        prev = tokens.words[t - 1] if t > 0 and tokens.spaced(t - 1) else ""
        named = bool(prev) and (prev in given or _given_name(prev)
                                or zipf(fold(prev)) < COMMON_PERSON_MIN_ZIPF)
        if not named and (nxt in GREGORIAN_MONTHS or key(nxt) in _DETERMINERS):
            continue  # (after a given name or a rare word it is a surname: بارنابي جويس أي)
        out.append(m)
    return out


#: plurals of place and facility nouns: a list of names in brackets after one names those
#: places (``أكبر فنادق القاهرة (سميراميس وشبرد)``), not persons
PLACE_PLURALS = frozenset(key(w) for w in (
    "فنادق", "فندقي", "مستشفيات", "مستشفيي", "مطاعم", "سجون", "سجني", "ملاعب", "مساجد",
    "شوارع", "أحياء", "مدن", "قرى", "مطارات", "موانئ", "أسواق", "مقاهي", "مدارس"))


def _bracketed_places(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Drop the CRF's one-word persons that open a bracketed list (``(X وY)``) written within
    four words after a plural of a place noun (:data:`PLACE_PLURALS`): the list names those
    places (``فنادق القاهرة لأول مرة (سميراميس وشبرد)`` are two hotels)."""
    text = tokens.text
    out = []
    for m in mentions:
        if m.label == "PERSON" and m.source == "crf" and len(m.keys) == 1 \
                and m.entry is None and not m.title and m.start > 0 \
                and text[m.start - 1] in "(«\"" and text[m.end : m.end + 3].lstrip()[:1] == "و":
            t = _token_after(tokens, m.start, 0)
            if any(key(tokens.words[u]) in PLACE_PLURALS for u in range(max(0, t - 4), t)):
                continue
        out.append(m)
    return out


def _other_given_names(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """A gazetteer person's surname alone (``مبارك`` → Hosni Mubarak) right after a given name
    that is not one of that person's (``"جمال مبارك"``: :func:`_first_keys` against the
    training data's given names, :func:`mawsua.annotate.ner.given_names`, or a word the NER
    data tags mostly as a name) is another person of the family: the mention is extended over
    the given name and no longer linked. A one-word person mention on the given name is
    taken in; any other mention there leaves the link alone."""
    if not any(m.label == "PERSON" and m.entry is not None and len(m.keys) == 1
               for m in mentions):
        return mentions
    given = ner.given_names()
    drop: set[int] = set()
    for m in mentions:
        if m.label != "PERSON" or m.entry is None or len(m.keys) != 1 or m.proclitic:
            continue
        i = _token_after(tokens, m.start, 0)
        if i == 0 or i >= tokens.n or tokens.starts[i] != m.start or not tokens.spaced(i - 1):
            continue
        w = tokens.words[i - 1]
        k = key(w)
        if k in NAME_JOINERS or k in STOP or k.startswith("ال") or _single_word_title(k) \
                or not (w in given or (_given_name(w) and w[:1] not in "وفبلك")) \
                or ner.glued_proclitic(w) or (w[:1] in "وفبلك" and w[1:] in given) \
                or skeleton(k) in _first_keys().get(m.entry.canonical, ()):
            continue
        start = tokens.starts[i - 1]
        hit = [h for h in mentions if h is not m and h.start < m.start and start < h.end]
        if any(h.label != "PERSON" or h.entry is not None or len(h.keys) != 1
               or h.start != start for h in hit):
            continue
        drop.update(id(h) for h in hit)
        m.start = start
        m.keys = (k, m.keys[0])
        m.name = tokens.text[start : m.end]
        m.entry = None
        m.source = "rule"
        m.extra.pop("ref", None)
        m.group = ()
    return [m for m in mentions if id(m) not in drop] if drop else mentions


#: a place name this frequent without its dual ending is a dual of that noun where two names
#: follow (``البحرين`` → ``البحر``, Zipf of the singular)
DUAL_NOUN_MIN_ZIPF = 4.0


def _dual_nouns(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Drop one-word places spelled like the dual of a frequent common noun (``البحرين``,
    the dual of ``البحر``: :data:`DUAL_NOUN_MIN_ZIPF`) when the two things it counts are
    named right after it, a definite word and a second one joined by ``و`` (``بين البحرين
    المتوسط والأحمر``, ``البحرين الأحمر والمتوسط``: the two seas, not Bahrain). A country
    is followed by ``و`` and another name directly (``البحرين والسعودية``), or by one
    adjective (``البحرين الشقيقة``)."""
    out = []
    for m in mentions:
        k = m.keys[0] if len(m.keys) == 1 else ""
        if m.label == "LOCATION" and k.endswith(("ين", "ان")) and k.startswith("ال") \
                and zipf(fold(k[:-2])) >= DUAL_NOUN_MIN_ZIPF:
            t = _token_after(tokens, m.end, 0)
            if t + 1 < tokens.n and tokens.starts[t] >= m.end and tokens.spaced(t - 1) \
                    and tokens.spaced(t):
                a, b = key(tokens.words[t]), key(tokens.words[t + 1])
                if a.startswith("ال") and a not in STOP and b.startswith("وال") \
                        and len(b) > 4 and not _country_word(a):
                    continue
        out.append(m)
    return out


#: heads of bodies named by common words (session 26): ``نقابة الصحفيين``, ``مجلس الدولة``,
#: ``جهاز المخابرات``, ``درع الجزيرة`` (with a mention after it), ``القوات المسلحة``
BODY_HEADS = frozenset(key(w) for w in (
    "نقابة", "مجلس", "هيئة", "لجنة", "اتحاد", "جهاز", "رابطة", "درع", "حركة"))
#: ``حركة`` + a common noun is traffic or motion far more often than a movement (``حركة
#: المرور``, repeated in a traffic report): a movement only where the article names it in full
#: too (``حركة النهضة الإسلامية`` … ``حركة النهضة``), with a country or after a reporting verb
_MOVEMENT = key("حركة")
#: the plural head of armed bodies: a name only with a participle (``القوات المسلحة``); with
#: a relational adjective or a noun it describes which forces (``القوات الأمنية``, ``قوات
#: الأمن``, ``القوات الأمريكية``): "security forces", not a body's name
_FORCES = key("قوات")
_SHIELD = key("درع")
#: nouns of a force before ``درع`` that make it the force's name
_FORCE_NOUNS = frozenset(key(w) for w in ("قوات", "قوة"))
#: participles that say what some forces do or where they are, no name: ``القوات المشاركة``
#: "the participating forces", ``القوات المتحالفة``, ``القوات المنتشرة``
_FORCES_DESCRIPTIONS = frozenset(key(w) for w in (
    "المشاركة", "المتحالفة", "المهاجمة", "المنسحبة", "المتواجدة", "الموجودة", "المرابطة",
    "المنتشرة", "المتمركزة", "المعادية", "المقاتلة", "المتحاربة", "المتقدمة", "المدعومة"))
#: ``جهاز`` is also a device or a body system (``جهاز المناعة``, ``جهاز الهاتف``): a body only
#: with a country's adjective (``جهاز الأمن القومي السوري``)
_APPARATUS = key("جهاز")
#: complements naming a function every organisation has (a board, trustees, faculty, an
#: inquiry): ``مجلس الإدارة`` is "the board" of whatever company the article is about
GENERIC_BODY_NOUNS = frozenset(key(w) for w in (
    "الإدارة", "الأمناء", "التدريس", "التحقيق", "الإشراف", "الخبراء", "المديرين", "التحكيم",
    "الأعضاء", "المتابعة", "التنسيق", "الطوارئ", "التحكيم", "المسابقات", "الانضباط",
    "التنظيم", "الاستئناف", "الفتوى", "الإفتاء"))
#: a body is named so in its article this many times (or as a reporting verb's subject, or
#: with a country's adjective) before its bare common-word name is taken for a name
BODY_REPEATS = 2
#: a CRF or title-rule person inside a body's name of words this frequent (Zipf) is a
#: misreading (``قائد درع الجزيرة``); a rarer word is a name (``لجنة الغنوشي``)
BODY_WORD_MIN_ZIPF = 4.0


def _body_at(tokens: _Tokens, i: int, head: str, definite: bool
             ) -> tuple[int, tuple[str, ...], str | None] | None:
    """The body name opened at token ``i`` by ``head`` (:data:`BODY_HEADS`, ``القوات``), as
    ``(end token, core keys, country)``, or ``None``: an indefinite head in construct with one
    definite noun (``نقابة الصحفيين``), ``القوات`` with a participle (``القوات المسلحة``), then
    agreeing relational adjectives and a nationality adjective agreeing with the head or the
    noun (``نقابة الصحفيين المصريين`` → ``EG``). ``None`` when the name may go on (a ``لـ``
    complement or a definite word that may be an adjective after it: the boundary is unsure;
    a definite noun is the verb's object, ``رفض مجلس الدولة الطعن``) or the complement
    is a function (:data:`GENERIC_BODY_NOUNS`), a body or place noun of its own (``مجلس
    النقابة``, ``مجلس المدينة``) or a nationality (``القوات الأمريكية``)."""
    n = tokens.n
    j = i + 1
    if j >= n or not tokens.spaced(i):
        return None
    w = tokens.words[j]
    k = key(w)
    if not w.startswith("ال") or len(k) < 5 or k in STOP or k in GENERIC_MODIFIERS \
            or k in GENERIC_BODY_NOUNS or _TANWEEN & set(w) or _country_word(k) \
            or (head != _SHIELD and (k[2:] in _ORG_PLACE_GROUP or k[2:] in BODY_HEADS)) \
            or _single_word_title(k):
        return None
    if strip_article(head) == _FORCES:
        # "القوات المسلحة": a participle of a derived verb, agreeing, no relational adjective
        if not definite or not k.startswith("الم") or _nisba(k) or not k.endswith("ه") \
                or k in _FORCES_DESCRIPTIONS:
            return None
    elif definite or (_nisba(k) and _agrees(head, k)):
        return None  # "المجلس الأعلى", "لجنة فنية": adjectives, not a construct
    core = [strip_article(head) if definite else head, k]
    country = None
    end = j + 1
    while end < n and tokens.spaced(end - 1) and end - j <= 3:
        k2 = key(tokens.words[end])
        got = _country_word(k2)
        if got is not None and k2.startswith("ال"):
            country = got
            end += 1
            break
        if _nisba(k2) and k2 not in GENERIC_MODIFIERS and (_agrees(head, k2) or _agrees(k, k2)):
            core.append(k2)
            end += 1
            continue
        break
    if end < n and tokens.spaced(end - 1):
        k2 = key(tokens.words[end])
        adjective = k2.startswith("ال") and (
            _nisba(k2) or k2 in GENERIC_MODIFIERS or k2.startswith("الم")
            or (k2.startswith("الا") and len(k2) == 6))  # (أفعل: الأحمر، الأعلى)
        if country is None and (k2 == key("عن") or k2 not in STOP and (
                adjective or k2.startswith("لل") or (k2.startswith("وال") and k2[1:] not in STOP)
                or (k2.startswith("ل") and len(k2) > 3))):
            # "هيئة الهلال الأحمر", "القوات الموالية للنظام", "لجنة القبول والتسجيل
            # والتجنيد المركزية", "مجلس الدفاع عن الموارد القومية": more name follows
            return None
    return end, tuple(core), country


def _named_bodies(tokens: _Tokens, mentions: list[_Mention]) -> list[_Mention]:
    """Organisations named by a head noun and a common word (:func:`_body_at`: ``القوات
    المسلحة``, ``نقابة الصحفيين``, ``مجلس الدولة``, ``قوات درع الجزيرة``) that the article uses as a
    name: with a nationality adjective (the mention takes its country, and so do the bare
    forms of the name in the article), :data:`BODY_REPEATS` times, or as the subject right
    after a reporting verb (``وقالت نقابة الصحفيين``); inside a person's title (``رئيس مجلس
    الوزراء``) it is the title's. ``درع`` needs a place or organisation
    mention as its complement or ``قوات`` before it (``درع البطولة`` is a trophy). Occurrences inside another mention
    are left to it; a mention inside the complement (``الجزيرة``) is replaced (precision
    first: a generic plural such as ``القوات الأمنية`` or a board, ``مجلس الإدارة``, never
    qualifies, see :func:`_body_at`)."""
    inverted = tokens.words_for({h for b in BODY_HEADS | {_FORCES} for h in (b, "ال" + b)})
    found: list[tuple[int, int, str, tuple[str, ...], str | None, bool]] = []
    first_key: list[str] = []
    named_in_full = {m.keys[:2] for m in mentions if m.label == "ORGANIZATION"
                     and len(m.keys) >= 3 and m.source in ("rule", "gazetteer")}
    for first, hits in inverted.items():
        definite = first.startswith("ال") and first[2:] in BODY_HEADS | {_FORCES}
        head = first
        for w, rank in hits:
            pro = _proclitic(w, first) if rank else ""
            for i in _positions(tokens, w):
                got = _body_at(tokens, i, head, definite)
                if got is None:
                    continue
                end, core, country = got
                if any(t >= 0 and (hit := _match_at(tokens, t, titles())) is not None
                       and hit[0] > i for t in (i - 1, i - 2)):
                    continue  # "رئيس مجلس الوزراء": a person's title (the prime minister)
                before = tokens.words[i - 1] if i > 0 and tokens.spaced(i - 1) else ""
                subject = not pro and bool(before) and _cue_kind(before) is True
                found.append((i, end, pro, core, country, subject))
                first_key.append(first)
    if not found:
        return mentions
    # a movement named in full by this rule too (حركة النهضة الإسلامية)
    named_in_full.update(f[3][:2] for f in found if len(f[3]) >= 3 and f[3][0] == _MOVEMENT
                         and any(_namey(_MOVEMENT, k) for k in f[3][2:]))
    by_core: dict[tuple[str, ...], list[int]] = {}
    for n, f in enumerate(found):
        by_core.setdefault(f[3], []).append(n)
    out = list(mentions)
    new: list[_Mention] = []
    for core, members in by_core.items():
        country = next((found[n][4] for n in members if found[n][4]), None)
        movement = core[0] == _MOVEMENT
        if not (country or len(members) >= BODY_REPEATS or any(found[n][5] for n in members)
                or (movement and core[:2] in named_in_full)):
            continue
        if core[0] == _APPARATUS and not country:
            continue
        if movement and not (country or core[:2] in named_in_full
                             or any(found[n][5] for n in members)):
            continue
        if core[0] == _SHIELD and not any(
                (i := found[n][0]) > 0 and tokens.text[tokens.ends[i - 1] : tokens.starts[i]]
                .strip(" \u00a0«\"“") == ""
                and _FORCE_NOUNS & set(tokens.clitic_keys(tokens.words[i - 1]))
                for n in members):
            continue  # "درع البطولة": a trophy; "قوات درع الجزيرة", "قوة «درع الجزيرة»"
        for n in members:
            i, end, pro, _core, _c, _s = found[n]
            start, stop = tokens.starts[i], tokens.ends[end - 1]
            inner_start = tokens.starts[i + 1]
            hit = [m for m in out if m.start < stop and start < m.end]
            if any(m.end > stop or (m.start < inner_start and m.label != "PERSON") or (
                    m.label == "PERSON" and (m.entry is not None or m.source == "gazetteer" or any(
                        zipf(fold(x)) < BODY_WORD_MIN_ZIPF for x in m.name.split())))
                   for m in hit):
                continue  # inside a longer mention, or a person's name after the head

            ks = (first_key[n], *(key(x) for x in tokens.words[i + 1 : end]))
            name = tokens.text[start + len(pro) : stop]
            if ks[0].startswith("ال") and not name.startswith("ال"):
                name = "ا" + name  # "للقوات المسلحة": the name is "القوات المسلحة"
            mm = _Mention(start, stop, "ORGANIZATION", "rule", CONFIDENCE["rule"], ks,
                          name, None, proclitic=pro)
            if not movement:  # (a movement joins the full name the article gives it)
                mm.extra["core"] = core
                mm.extra["body"] = True
            if country:
                mm.extra["country"] = country
            gone = {id(m) for m in hit}
            out = [m for m in out if id(m) not in gone]
            new.append(mm)
    return _merge(out, new) if new else mentions


#: gazetteer flag ``national=EG,OM,...`` of a generic institution name other countries use too
#: (``مجلس الشورى``: Saudi Arabia's row; Egypt, Oman, Bahrain, Qatar and Yemen have one): the
#: mention is not linked to the row's entity when the article never names the row's country
#: and either names one of those at least :data:`NATIONAL_EVIDENCE` times
#: (:func:`_country_evidence`) or comes from an outlet of one of them (``metadata.extra
#: ["outlet_country"]``, set by the application from ``outlets.tsv``);
#: it stays a mention of its own, with no country (a user test found Egypt's Shura Council
#: filed under Saudi Arabia in 82 Egyptian articles). A Saudi column on Iran keeps the link.
NATIONAL = "national="
NATIONAL_EVIDENCE = 2


def _shared_by(entry: Entry) -> tuple[str, ...]:
    """The other countries a ``national=`` flag of ``entry`` lists (empty without one)."""
    for flag in entry.flags:
        if flag.startswith(NATIONAL):
            return tuple(c for c in flag[len(NATIONAL):].split(",") if c)
    return ()


_SPELLING_MEMO: dict[str, str] = {}
_LONG = "اوي"
_CLITIC_ARTICLE = ("ال", "بال", "وال", "فال", "كال", "لل")
#: a word this frequent (Zipf) is an established spelling, never respelled
USUAL_SPELLING_MAX_ZIPF = 4.0
#: how much more frequent (Zipf) the usual spelling must be than the one written
USUAL_SPELLING_MARGIN = 0.5


def _usual_spelling(word: str) -> str:
    """The usual spelling of a rarely written name word that differs from it by one long vowel
    (``ا و ي`` inserted or moved by one letter: ``زخاروفا`` → ``زاخاروفا``, ``تشلسي`` →
    ``تشيلسي``, ``غوراديولا`` → ``غوارديولا``; dropped, the shorter form was too often
    another word or name), else
    ``word``: transliterations of one foreign name then meet across articles, each written
    one way by its outlet. Only for words of 5+ letters without the article that are no
    established spelling (Zipf < :data:`USUAL_SPELLING_MAX_ZIPF`), towards a spelling of the
    same skeleton (:func:`~mawsua.arabic.variants.skeleton`) that is clearly more frequent
    (:data:`USUAL_SPELLING_MARGIN`); never between two spellings the NER training data both
    knows as names (``سلمان``/``سليمان`` are two names)."""
    got = _SPELLING_MEMO.get(word)
    if got is not None:
        return got
    best = word
    k = key(word)
    if len(k) >= 5 and not is_latin(word) and not k.startswith("ال"):
        z = zipf(fold(word))
        if z < USUAL_SPELLING_MAX_ZIPF:
            sk = skeleton(k)
            w = word
            cands: set[str] = set()
            for i in range(1, len(w)):
                cands.update(w[:i] + v + w[i:] for v in _LONG)  # a long vowel inserted
                if w[i] in _LONG and i < len(w) - 1:
                    cands.add(w[:i - 1] + w[i] + w[i - 1] + w[i + 1:])  # moved back
                # (never dropped: the shorter form is too often another word or name:
                # كارار/كرار, إحسان/إحسن, دونيس/دنيس)
            lex = ner.lexicon()
            named = lex.get(word, "").startswith("PERS")
            top = z + USUAL_SPELLING_MARGIN
            for c in sorted(cands):
                # its frequency first: most candidates are no word (Zipf 0) and only one more
                # frequent than the best so far can win, whatever the tests below say
                zc = zipf(fold(c))
                if not (zc > top and zc >= 2.0):
                    continue
                kc = key(c)
                tag = lex.get(c) or lex.get(ner.stem_of(c)) or ""
                if c == w or skeleton(kc) != sk or (tag and not tag.startswith(
                        ("PERS", "ORG", "LOC"))) or (
                        kc.startswith(_CLITIC_ARTICLE) and not k.startswith(_CLITIC_ARTICLE)):
                    continue  # (an ordinary word or no name: رابطة, مونديال; بلعيد is no بالعيد)
                if not (named and lex.get(c, "").startswith("PERS")):
                    best, top = c, zc
    return _remember(_SPELLING_MEMO, word, best)


def _usual_name(name: str) -> str:
    """``name`` with each word in its usual spelling (:func:`_usual_spelling`)."""
    return NAME_TOKEN_RE.sub(lambda mo: _usual_spelling(mo.group(0)), name)


def _title_mentions(article: Article, body: list[_Mention]) -> list[_Mention]:
    """The entity mentions of the headline (``metadata.title``; none for a title derived from
    the body), offsets into the title:

    * every name of the body found again in it, proclitics stripped (``لبشار الأسد`` after
      ``بشار الأسد``; one-word names of 4+ letters that are no ordinary words, as
      :func:`_propagate`), and a body person's name shortened as headlines do, when only one
      body person has that form: first and last word (``صالح حسن`` for ``صالح علي حسن``) or
      the first 2-3 words (``سعود بن نايف`` for ``سعود بن نايف بن عبدالعزيز``) — each
      mention in the body entity's group;
    * then the gazetteer's names in the gaps (``لليونان``), in the group of the body's
      mention of the same entity, else a new one.

    The tagger is not run on the headline: its guesses on telegraphic lines the body never
    confirms were mostly wrong (5 of 6 read on corpus2: ``حزب أردوغان يفجر``, «زايد» as a
    person), and it cost as much as a short article."""
    title = article.metadata.title
    if not title or article.metadata.title_derived or not title.strip():
        return []
    tokens = _Tokens(title)
    names_: dict[tuple[str, ...], _Mention | None] = {}
    for m in body:
        ks = m.keys
        if m.source == "coref" or not ks or (len(ks) == 1 and (
                len(ks[0]) < 4 or ks[0] in STOP or (m.entry is None and _seen_often(m.name)))):
            continue
        names_.setdefault(ks, m)
    short: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    owner: dict[tuple[str, ...], _Mention] = {}
    for m in body:
        if m.label != "PERSON" or len(m.keys) < 3:
            continue
        for ks in {(m.keys[0], m.keys[-1]), m.keys[:2], m.keys[:3]}:
            if len(ks) < len(m.keys) and ks[-1] not in NAME_JOINERS and ks not in names_:
                short.setdefault(ks, set()).add(m.group)
                owner.setdefault(ks, m)
    for ks, groups in short.items():
        if len(groups) == 1:
            names_[ks] = owner[ks]
    by_first: dict[str, list[tuple[tuple[str, ...], _Mention]]] = {}
    for ks, ref in sorted(names_.items(), key=lambda x: -len(x[0])):
        if ref is not None:
            by_first.setdefault(ks[0], []).append((ks, ref))
    out: list[_Mention] = []
    taken = _Taken([])
    for i, w in enumerate(tokens.words):
        for rank, k in enumerate(tokens.clitic_keys(w)):
            hit = next(((ks, ref) for ks, ref in by_first.get(k, ()) if i + len(ks) <= tokens.n
                        and all(key(tokens.words[i + t]) == ks[t] and tokens.spaced(i + t - 1)
                                for t in range(1, len(ks)))), None)
            if hit is None:
                continue
            ks, ref = hit
            start, end = tokens.starts[i], tokens.ends[i + len(ks) - 1]
            pro = _proclitic(w, k) if rank else ""
            mm = _Mention(start, end, ref.label, "rule", CONFIDENCE["rule"], ks,
                          title[start + len(pro) : end], ref.entry, proclitic=pro,
                          group=ref.group)
            if not taken.overlaps(mm):
                out.append(mm)
                taken.add(mm)
            break
    groups = {m.group for m in body}
    for m in _gazetteer(tokens):
        if m.entry is None or taken.overlaps(m):
            continue
        g = ("g", m.label, m.entry.canonical)
        m.group = g if g in groups else ("title", *g)
        out.append(m)
        taken.add(m)
    return _dual_nouns(tokens, sorted(out, key=lambda m: m.start))


def entities(article: Article, *, crf: bool = True) -> Article:
    """Return ``article`` with its ``"entities"`` layer set (see the module doc).

    Args:
        article: a cleaned article (the ``"blocks"`` layer is used when present: embedded
            posts' authors are mentions; nothing inside a ``boilerplate`` block is, but
            in a tag list).
        crf: use the CRF tagger when it is installed (``False``: gazetteer and rules only).
    """
    mentions = find_mentions(article, crf=crf)
    # nothing inside a boilerplate block (a share bar's تويتر فيسبوك, a copyright line) but
    # an outlet's tag list, whose names are the editor's own entity labels
    boiler = [(b.start, b.end) for b in article.layer("blocks")
              if b.label == "boilerplate" and b.attrs.get("kind") != "tags"]
    if boiler:
        mentions = [m for m in mentions
                    if not any(s <= m.start and m.end <= e for s, e in boiler)]
    in_title = _title_mentions(article, mentions)
    ids: dict[tuple[str, ...], str] = {}
    members: dict[tuple[str, ...], list[_Mention]] = {}
    for m in mentions:
        ids.setdefault(m.group, f"E{len(ids) + 1}")
        members.setdefault(m.group, []).append(m)
    body_groups = set(ids)
    for m in in_title:  # the body's names and canonical names stand; new ones come after
        if m.group not in body_groups:
            ids.setdefault(m.group, f"E{len(ids) + 1}")
            members.setdefault(m.group, []).append(m)
    canonical: dict[tuple[str, ...], tuple[str, str | None]] = {}
    evidence: dict[str, int] | None = None
    for g, ms in members.items():
        entry = next((m.entry for m in ms if m.entry is not None), None)
        shared = _shared_by(entry) if entry is not None and entry.country else ()
        if shared:
            if evidence is None:
                evidence = _country_evidence(_tokens_of(article.text))
            home = article.metadata.extra.get("outlet_country")
            if not evidence.get(entry.country or "") and (
                    home in shared or any(evidence.get(c, 0) >= NATIONAL_EVIDENCE
                                          for c in shared)):
                entry = None  # مجلس الشورى in an article about Egypt is not Saudi Arabia's
        if entry is not None:
            canonical[g] = (entry.canonical, entry.country)
        else:
            arabic = [m.name for m in ms if not is_latin(m.name)] or [m.name for m in ms]
            canonical[g] = (next((m.extra["canonical"] for m in ms if "canonical" in m.extra),
                                 None) or _usual_name(max(arabic, key=len)),
                            next((m.extra["country"] for m in ms if "country" in m.extra), None))
    def span(m: _Mention) -> Span:
        name, country = canonical[m.group]
        attrs: dict[str, Any] = {"entity": ids[m.group], "canonical": name, "source": m.source,
                                 "confidence": round(m.confidence, 3)}
        if country:
            attrs["country"] = country
        if m.title:
            attrs["title"] = m.title
        if m.proclitic:
            attrs["proclitic"] = m.proclitic
        return Span(m.start, m.end, m.label, attrs)

    return article.with_layer("entities", [span(m) for m in mentions]).with_layer(
        "title_entities", [span(m) for m in in_title])
