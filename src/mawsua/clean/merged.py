"""Merged words: restore a space lost between two words (an HTML tag removed, a typing slip).

One step of the clean stage (:func:`repair`). The text is cut at white space into *chunks*;
each chunk is judged once (the verdict is cached per chunk, so a chunk seen before costs one
dict lookup) and a chunk that needs spaces becomes one :class:`~mawsua.model.Edit` of kind
``"merged_words"`` replacing the **whole** chunk (``"فيالحربين"`` → ``"في الحربين"``), with a
confidence in 0..1 and ``attrs = {"parts": [...], "rule": ...}``. Offsets are code points.

Rules (``rule`` names in brackets), each tried on every chunk:

1. **Glued Arabic words** (``"lexicon"``). An Arabic letter run that is not a word is split into
   two (or three) parts when the parts are much more probable than the whole:

   * frequencies: :mod:`mawsua.arabic.lexicon` (wordfreq's Arabic list, offline, folded like
     the search key; display letters are kept in the output);
   * a run whose folded form has Zipf ≥ :data:`KNOWN_ZIPF` is a known word and never split;
     nor is a protected name (:data:`PROTECTED`, from CLDR's Arabic territory and city names
     plus a short hand list), with or without clitics, nor a compound name written joined
     (``عبدالله``, ``أبوعريش``: :data:`JOINED_NAME_HEADS`);
   * the whole is scored as a word (its Zipf) or, when it is rare, as *clitics + stem +
     suffix* (:data:`PROCLITICS`, :data:`ENDINGS`, :data:`PRONOUNS` — the bound morphemes of
     Larkey et al.'s Light10 and Khoja's stemmer lists, plus dual/feminine endings and tanween
     alef), so ``والكاظمي``, ``ببايدن``, ``استخبارياً``, ``لفلول`` stay whole;
   * a split is scored as the sum of its parts' Zipf values minus 9 per extra part (the
     log-probability of independent words); a part must be ≥ 2 letters, a two-letter part
     must be a free word (:data:`FREE_TWO_LETTER`: ``في من عن أن ما لا``…), a part may not be
     a bare clitic (``ال``, ``وال``, ``لل``…) nor a bare pronoun suffix (``ها``, ``هم``…);
   * a boundary right after a letter that only ends words (``ة``, ``ى``, tanween) earns
     :data:`FINAL_LETTER_BONUS`; a first part that is a frequent function word
     (:data:`FUNCTION_WORDS`: ``في من على عن إلى أن``…) earns :data:`FUNCTION_BONUS`;
   * the best split is taken when it beats the whole by :data:`MARGIN` Zipf units (three
     parts need :data:`MARGIN3`).

2. **Missing space after sentence punctuation** (``"punctuation"``): ``الجديد.وحول`` →
   ``الجديد. وحول``, ``قال:إن``, ``كذا،و…``: an Arabic word (≥ 2 letters) or a number, then
   ``. : ، ؛ ! ؟ ? , ;`` (and closing/opening quotes or brackets), then an Arabic word of
   ≥ 2 letters. Chains of short pieces (``إي.بي.سي``, ``أ.د``, ``ص.ب``) are abbreviations and
   are left alone (:mod:`mawsua.arabic.abbreviations`).
3. **Word and number** (``"number"``): ``عام2015`` → ``عام 2015``, ``120مليار`` →
   ``120 مليار`` when the Arabic word has ≥ 3 letters and is known (Zipf ≥
   :data:`NUMBER_WORD_ZIPF`). Not split: a clitic on a number (``و2014``, ``لـ389``,
   ``الـ20``), era and unit letters (``2015م``, ``1436هـ``, ``م2``), the decimal ``ر``
   (``5ر8``).
4. **Arabic and Latin** (``"latin"``): ``موقعTwitter`` → ``موقع Twitter`` when the Arabic run
   has ≥ 2 letters and is not a bare clitic (``وiOS``, ``الـTMS`` stay) and the Latin run has
   ≥ 2 letters. Latin words themselves (capitalised names included) are never split.

Runs that touch a tatweel (``لـ``, ``الـ``) are never analysed: the tatweel marks a clitic
written apart on purpose.

Speed (bench/bench_repair.py, one core): ~0.1 ms per average corpus article once the chunk
cache is warm, ~0.5 ms on a first pass over new text (each new chunk is judged once; a word of
Zipf ≥ :data:`SURE_ZIPF` costs one fold and one lookup; chunks already judged are found with
set operations; a split candidate is checked against the whole word's listed Zipf before the
costlier morphology and name checks). The cache holds at most :data:`CACHE_MAX` chunks and is
then cleared; the lexicon is a memory-mapped file (milliseconds to open).

Quality (``mawsua eval repair``, full corpus, seed 0): 91.3 % of glued pairs restored exactly
(97.0 % after ``في من على عن إلى أن``), 0.11 % of clean words split (an upper bound: it counts
the corpus's own glued words, such as ``للكاتبتحقيق``, as errors).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from mawsua.arabic.charsets import OTHER_ARABIC_SCRIPT_LETTERS, PERSIAN_LETTERS, URDU_LETTERS
from mawsua.arabic.fold import fold
from mawsua.arabic.lexicon import common_words, zipf
from mawsua.model import Alignment, Article, Edit

KIND = "merged_words"

# --- thresholds (Zipf units: log10 of frequency per 10^9 words), tuned with `mawsua eval repair`
#: a run whose folded form is at least this common is a listed word (see KNOWN_MARGIN)
KNOWN_ZIPF = 3.0
#: a part found in the lexicon counts as a word when at least this common...
PART_ZIPF = 1.5
#: ...or when, after removing clitics and suffixes, its stem is at least this common
STEM_ZIPF = 3.0
#: cost of explaining a word as clitics + stem (+ suffix), per affix
AFFIX_PENALTY = 1.2
#: score of a whole that is neither listed nor analysable (up to :data:`LONG_WORD` letters)...
UNKNOWN_SCORE = -1.5
#: ...and the score lost per letter beyond it (very long "words" are rarely real words)
LONG_WORD = 8
LONG_WORD_PENALTY = 0.4
#: a word at least this common is never split (nor analysed: the fast path for most tokens)
SURE_ZIPF = 4.5
#: a listed word is only tried against splits with a part at least this common
FREQUENT_ZIPF = 5.0
#: a rare listed form (Zipf < KNOWN_ZIPF) counts for this much less: wordfreq's web text
#: lists hashtags and slips such as ``الشرقالأوسط`` (Zipf 1.1)
RARE_DISCOUNT = 0.5
#: a listed word (Zipf >= KNOWN_ZIPF) is split only when two frequent words explain it better
#: by this much (wordfreq's web text lists frequent slips such as ``علىان``)
KNOWN_MARGIN = 2.0
#: penalty for a first part ending in ``أ`` (the hamza usually begins the next word:
#: ``قربأعلى`` is ``قرب أعلى``, folded ``قربا`` would otherwise pass for a word)
HAMZA_END_PENALTY = 1.5
#: a two-part split must beat the whole by this much...
MARGIN = 0.7
#: ...a three-part split by this much
MARGIN3 = 2.0
#: bonus for a boundary right after a letter that only ends words (ة ى, tanween)
FINAL_LETTER_BONUS = 1.5
#: bonus when the first part is a frequent function word
FUNCTION_BONUS = 0.5
#: an Arabic word glued to a number must be at least this common to be split off
NUMBER_WORD_ZIPF = 3.0
#: protected names score as a word of this Zipf value at least
PROTECTED_ZIPF = 4.0
#: chunk verdicts kept before the cache is cleared
CACHE_MAX = 400_000

# --- morphology as data (folded letters: bare alef, ه for ة, ي for ى) --------------------
#: proclitic sequences (conjunction و/ف, prepositions ب/ل/ك, future س, article ال and their
#: combinations), longest first. Source: Light10 (Larkey, Ballesteros & Connell 2007) and
#: Khoja's prefix list, combined.
PROCLITICS: tuple[str, ...] = tuple(sorted({
    "و", "ف", "ب", "ل", "ك", "س", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
    "وب", "ول", "وك", "وس", "فب", "فل", "فك", "فس", "وبال", "فبال", "وكال", "فكال", "لي", "ولي",
    "فلي", "سي", "ست", "سن", "سا", "وسي", "وست", "وسن", "فسي", "فست",
}, key=lambda p: (-len(p), p)))
#: endings of number/gender/adjectives before an optional pronoun: plural, dual, feminine
#: (folded ة = ه), nisba (ية = يه), construct dual (تا/تي), tanween alef (اً = ا)
ENDINGS: tuple[str, ...] = ("تين", "تان", "ون", "ين", "ان", "ات", "يه", "يا", "ه", "ي", "ا",
                            "تا", "تي", "تم", "تما", "تن", "وا")
#: attached pronouns (Khoja's suffix list plus نا ني)
PRONOUNS: tuple[str, ...] = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ني", "ه", "ك",
                             "ي")
#: proclitic sequences that can never stand as a word by themselves
BOUND: frozenset[str] = frozenset(PROCLITICS) | {"ا", "فيال", "وا", "با"}
#: suffixes that can never stand as a part after a split (``ها``, ``هم``… are read as suffixes)
BOUND_SUFFIXES: frozenset[str] = frozenset(PRONOUNS) | frozenset(ENDINGS) | {"اه", "اها"}
#: two-letter free words (folded): the Modern Standard Arabic words among the 150 most
#: frequent two-letter forms of the lexicon; the others (``ال``, ``دي``, ``سي``, ``ها``…) are
#: clitics, suffixes, dialect or transliterated letters and are not accepted as a part
FREE_TWO_LETTER: frozenset[str] = frozenset(
    "في من ان لا ما عن مع او كل هو لم اي يا هي قد تم له لي لك ثم بن به لو هل لن ام بل هم ضد"
    " بك بي كم حد حق اذ كي حي ذا يد حل ذو ظل رد حب خط ذي اب كن قم قل مر سن بث نص شك عم عز"
    " رب جو فن سر طب جد حر دم غد ظن عد مد شد هن صف كف سد دع ضم حظ سم اخ".split()
)
#: frequent function words that precede a glued word (bonus as first part)
FUNCTION_WORDS: frozenset[str] = frozenset(fold(w) for w in (
    "في", "من", "على", "عن", "إلى", "أن", "إن", "مع", "ما", "لا", "لم", "لن", "قد", "أو",
    "ثم", "كل", "بعد", "قبل", "بين", "حتى", "منذ", "هذا", "هذه", "ذلك", "تلك", "التي",
    "الذي", "الذين", "عند", "عندما", "كما", "لكن", "أي", "وفي", "ومن", "وعلى", "وعن",
    "وإلى", "وأن", "وإن", "ومع", "وما", "ولا", "ولم", "ولن", "وقد", "فقد", "فإن", "بأن",
    "لأن", "خلال", "حول", "ضد", "عبر", "نحو", "لدى", "أمام", "تحت", "فوق", "غير", "أكثر",
))
#: heads of compound names written joined by convention (عبدالله, أبوعريش, ابنسينا is rare)
JOINED_NAME_HEADS: tuple[str, ...] = ("عبد", "ابو")
#: letters that only end a word (folded teh marbuta is ه, so the raw letters are checked)
FINAL_LETTERS: frozenset[str] = frozenset("\u0629\u0649")  # ة ى
#: alef with hamza: a part starting with one is a word (أن), not a suffix (ان)
HAMZA_ALEFS: frozenset[str] = frozenset("\u0623\u0625\u0622")
#: tanween marks: a word never continues after them
TANWEEN: frozenset[str] = frozenset("\u064b\u064c\u064d")
#: era and unit letters written against a number (2015م, 1436هـ, م2)
ERA_MARKERS: frozenset[str] = frozenset({"م", "ه", "هـ", "ق", "ر", "ك", "كم", "مم", "سم"})


def _load_protected() -> frozenset[str]:
    """Folded protected names from ``mawsua/data/protected_ar.txt`` (see its header)."""
    text = resources.files("mawsua.data").joinpath("protected_ar.txt").read_text("utf-8")
    names = (line.strip() for line in text.splitlines())
    return frozenset(fold(n) for n in names if n and not n.startswith("#"))


#: folded protected names (CLDR Arabic territory and exemplar-city names, and a hand list)
PROTECTED: frozenset[str] = _load_protected()

# --- character classes --------------------------------------------------------------------
_LETTER = "\u0620-\u063f\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9"
_MARK = "\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_RUN_RE = re.compile(
    rf"(?P<a>(?:[{_LETTER}][{_MARK}]*)+)|(?P<t>\u0640+[{_MARK}]*)|(?P<d>[{_DIGIT}]+)"
    r"|(?P<l>[A-Za-z]+)|(?P<o>.)",
    re.S,
)
#: a chunk that is one Arabic word with optional punctuation around it (the common case)
_SIMPLE_RE = re.compile(
    rf"[«\"'(\[]*((?:[{_LETTER}][{_MARK}]*)+)[»\"').,،؛:;!؟?\]]*"
)
_MARK_SET = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670"}
_PUNCT = frozenset(".:،؛!؟?,;")
_CLOSE = frozenset("»\")']")
_OPEN = frozenset("«\"'([")
_SPACE_RE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Fix:
    """The verdict on one chunk that needs spaces.

    Args:
        replacement: the chunk with the spaces restored.
        confidence: 0..1.
        rule: which rule fired (``lexicon``, ``punctuation``, ``number``, ``latin``; several
            joined by ``+``).
    """

    replacement: str
    confidence: float
    rule: str


# --- scoring ------------------------------------------------------------------------------
_z = zipf


_PROCLITIC_SET = frozenset(PROCLITICS)
_PRONOUN_SET = frozenset(PRONOUNS)
_ENDING_SET = frozenset(ENDINGS)


def _prefixes(word: str, min_rest: int) -> list[str]:
    """The proclitic sequences ``word`` starts with, leaving ≥ ``min_rest`` letters."""
    return [word[:k] for k in (1, 2, 3, 4)
            if len(word) - k >= min_rest and word[:k] in _PROCLITIC_SET]


def _suffixes(word: str, allowed: frozenset[str], min_rest: int) -> list[str]:
    """The suffixes of ``allowed`` that ``word`` ends with, leaving ≥ ``min_rest`` letters."""
    return [word[-k:] for k in (1, 2, 3)
            if len(word) - k >= min_rest and word[-k:] in allowed]


def _stem_z(stem: str) -> float:
    """Zipf of a candidate stem: 0.0 unless it has ≥ 3 letters and is not a function word
    (``الى`` + ``ان`` is not a reading of ``الىان``)."""
    if len(stem) < 3 or stem in FUNCTION_WORDS:
        return 0.0
    z = _z(stem)
    if z < STEM_ZIPF and stem.endswith("ت"):  # ة is written ت before a pronoun
        z = max(z, _z(stem[:-1] + "ه"))
    return z


def _stem_score(word: str) -> float | None:
    """Best reading of ``word`` as proclitics + stem + ending + pronoun.

    Returns:
        The stem's Zipf minus :data:`AFFIX_PENALTY` per affix (a stem of ≥ 3 letters, not a
        function word, with Zipf ≥ :data:`STEM_ZIPF`; after proclitics alone a listed
        remainder of ≥ 4 letters also counts), or ``None`` when no reading finds a stem.
    """
    best = -math.inf
    heads: list[tuple[str, int]] = [(word, 0)]
    heads.extend((word[len(p):], 1) for p in _prefixes(word, 3))
    for rest, k in heads:
        if k:
            if rest in PROTECTED:
                return PROTECTED_ZIPF
            z = _stem_z(rest)
            if z >= STEM_ZIPF or (z >= PART_ZIPF and len(rest) >= 4):
                best = max(best, z - AFFIX_PENALTY * k)
        # rest = stem + ending? + pronoun?, at least one of them
        tails: list[tuple[str, int]] = [(rest, k)]
        tails.extend((rest[: -len(pr)], k + 1) for pr in _suffixes(rest, _PRONOUN_SET, 3))
        for i, (body, kk) in enumerate(tails):
            if i:
                z = _stem_z(body)
                if z >= STEM_ZIPF:
                    best = max(best, z - AFFIX_PENALTY * kk)
            for e in _suffixes(body, _ENDING_SET, 3):
                z = _stem_z(body[: -len(e)])
                if z >= STEM_ZIPF:
                    best = max(best, z - AFFIX_PENALTY * (kk + 1))
    return None if best == -math.inf else best


@lru_cache(maxsize=200_000)
def _part_score(part: str) -> float | None:
    """Score of a folded string as one free word after a split, or ``None`` when it cannot
    be one: listed with Zipf ≥ :data:`PART_ZIPF`, a protected name, or proclitics + a listed
    stem (suffixes are not analysed here: a part must be close to a real word)."""
    n = len(part)
    if n < 2 or part in BOUND:
        return None
    if n == 2:
        return _z(part) if part in FREE_TWO_LETTER else None
    if part in PROTECTED:
        return max(_z(part), PROTECTED_ZIPF)
    z = _z(part)
    if z >= PART_ZIPF:
        return z
    best: float | None = None
    for p in _prefixes(part, 3):
        zr = _stem_z(part[len(p):])
        if zr >= STEM_ZIPF and (best is None or zr - AFFIX_PENALTY > best):
            best = zr - AFFIX_PENALTY
    return best


def _whole_score(word: str) -> float:
    """Score of the run as one word: its Zipf (less :data:`RARE_DISCOUNT` when rare), its
    best morphological reading, or :data:`UNKNOWN_SCORE` (less per letter past
    :data:`LONG_WORD`)."""
    best = _listed_score(word, _z(word))
    s = _stem_score(word)
    return best if s is None or s < best else s


def _listed_score(word: str, z: float) -> float:
    """The part of :func:`_whole_score` that needs no morphology (a lower bound of it)."""
    if z >= KNOWN_ZIPF:
        return z
    if z > 0:
        return z - RARE_DISCOUNT
    return UNKNOWN_SCORE - LONG_WORD_PENALTY * max(0, len(word) - LONG_WORD)


def _protected(word: str) -> bool:
    """A known name, alone or behind clitics, or a compound name written joined."""
    if word in PROTECTED:
        return True
    for p in _prefixes(word, 2):
        if word[len(p):] in PROTECTED:
            return True
    for h in JOINED_NAME_HEADS:
        if word.startswith(h) and len(word) > len(h) + 2:
            rest = word[len(h):]
            if rest.startswith("ال") or h != "عبد" and _z(rest) >= STEM_ZIPF:
                return True
    return False


@lru_cache(maxsize=100_000)
def split_word(word: str) -> tuple[tuple[str, ...], float] | None:
    """Decide whether one Arabic letter run is two or three glued words.

    Args:
        word: one run of Arabic letters (harakat allowed; no tatweel, digits or spaces).

    Returns:
        ``(parts, confidence)`` with the parts in the run's own letters (joined they give
        ``word`` back), or ``None`` when the run should stay whole.
    """
    f = fold(word)
    if _z(f) >= SURE_ZIPF:  # the common case, decided before any analysis
        return None
    # clusters: a letter with its harakat; folding maps each letter to exactly one letter
    starts: Sequence[int]
    if _MARK_SET.isdisjoint(word):  # no harakat (most runs): one code point per cluster
        starts, base = range(len(word)), word
    else:
        starts = [i for i, ch in enumerate(word) if ch not in _MARK_SET]
        base = "".join(word[i] for i in starts)
        f = fold(base)
    n = len(f)
    if n < 4 or len(f) != len(starts):
        return None
    zw = _z(f)
    if zw >= KNOWN_ZIPF and not _maybe_two_frequent(f):
        return None  # a listed word can only lose to two very frequent words
    best = -math.inf
    best_cuts: tuple[int, ...] = ()
    for k in range(2, n - 1):
        left = f[:k]
        wl = _part_score(left)
        if wl is None:
            continue
        bonus: float | None = None  # computed when a candidate needs it
        right = f[k:]
        if right not in BOUND_SUFFIXES or base[k] in HAMZA_ALEFS:
            wr = _part_score(right)
            if wr is not None:
                bonus = _bonus(word, starts, base, k) + (
                    FUNCTION_BONUS if left in FUNCTION_WORDS else 0)
                s = wl + wr - 9 + bonus
                if s > best:
                    best, best_cuts = s, (k,)
        if n - k >= 4 and (left in FUNCTION_WORDS or k == 2):
            if bonus is None:
                bonus = _bonus(word, starts, base, k) + (
                    FUNCTION_BONUS if left in FUNCTION_WORDS else 0)
            # three parts only after a function word (في الحرب الأميركية): cheap and enough
            for j in range(k + 2, n - 1):
                mid, last = f[k:j], f[j:]
                if last in BOUND_SUFFIXES and base[j] not in HAMZA_ALEFS:
                    continue
                wm = _part_score(mid)
                if wm is None:
                    continue
                wr = _part_score(last)
                if wr is None:
                    continue
                s = wl + wm + wr - 18 + bonus + _bonus(word, starts, base, j) - (MARGIN3 - MARGIN)
                if s > best:
                    best, best_cuts = s, (k, j)
    if not best_cuts:
        return None
    # cheap exits before the morphology: the whole scores at least its listed score, so a
    # split that does not beat that by the smallest margin cannot win
    floor = _listed_score(f, zw)
    if best - floor < (KNOWN_MARGIN if floor >= KNOWN_ZIPF else MARGIN) or _protected(f):
        return None
    whole = _whole_score(f)  # only now: most runs have no candidate split at all
    diff = best - whole
    if diff < (KNOWN_MARGIN if whole >= KNOWN_ZIPF else MARGIN):
        return None
    cuts = [0, *(starts[c] for c in best_cuts), len(word)]
    parts = tuple(word[a:b] for a, b in zip(cuts, cuts[1:], strict=False))
    confidence = round(1.0 / (1.0 + 10 ** (-diff / 2)), 3)
    # a part that is itself glued words is split too, so repairing twice changes nothing
    flat: list[str] = []
    for part in parts:
        sub = split_word(part)
        if sub is None:
            flat.append(part)
        else:
            flat.extend(sub[0])
            confidence = min(confidence, sub[1])
    return tuple(flat), confidence


_frequent: set[str] = set()


def _maybe_two_frequent(word: str) -> bool:
    """Cheap gate for listed words: some split leaves a word of Zipf ≥ :data:`FREQUENT_ZIPF`
    on one side (else no split can beat the word by :data:`KNOWN_MARGIN`)."""
    if not _frequent:
        _frequent.update(common_words(10 ** (FREQUENT_ZIPF - 9)))
    n = len(word)
    return any(word[:k] in _frequent or word[k:] in _frequent for k in range(2, n - 1))


def _bonus(word: str, starts: Sequence[int], base: str, k: int) -> float:
    """Spelling cues at a boundary before cluster ``k``: :data:`FINAL_LETTER_BONUS` after a
    letter or mark that only ends words (ة ى; tanween, on the alef or on the letter before
    it: ``اً`` / ``ًا``) or before ``إ`` (which only starts words); :data:`HAMZA_END_PENALTY`
    after ``أ``; a boundary between a tanween and its alef is refused (-inf)."""
    last = base[k - 1]
    if last in FINAL_LETTERS or base[k] == "\u0625":
        return FINAL_LETTER_BONUS
    cluster = word[starts[k - 1] : starts[k]]
    if "\u064b" in cluster and base[k] == "\u0627":
        return -math.inf  # أمرًا: the alef after the tanween belongs to the word
    if any(ch in TANWEEN for ch in cluster):
        return FINAL_LETTER_BONUS
    if last == "\u0627" and k >= 2 and "\u064b" in word[starts[k - 2] : starts[k - 1]]:
        return FINAL_LETTER_BONUS
    if last == "\u0623":
        return -HAMZA_END_PENALTY
    return 0.0


# --- chunks -------------------------------------------------------------------------------
def _letters(run: str) -> int:
    return sum(1 for ch in run if ch not in _MARK_SET)


def _is_bound(run: str) -> bool:
    return fold(run) in BOUND


def fix_chunk(chunk: str) -> Fix | None:
    """Judge one white-space-free chunk (cached; see the module docstring for the rules).

    Args:
        chunk: text between two white-space runs.

    Returns:
        A :class:`Fix` with the chunk's replacement, or ``None`` when it is fine.
    """
    got = _cache.get(chunk, _MISS)
    if got is not _MISS:
        return got  # type: ignore[return-value]
    if len(_cache) >= CACHE_MAX:
        _cache.clear()
        _bad.clear()
    m = _SIMPLE_RE.fullmatch(chunk)
    if m is not None:
        res = split_word(m.group(1))
        fix = None
        if res is not None:
            parts, conf = res
            a, b = m.span(1)
            fix = Fix(chunk[:a] + " ".join(parts) + chunk[b:], conf, "lexicon")
    else:
        fix = _fix_complex(chunk)
    if fix is not None:
        fix = _settle(chunk, fix)
    _cache[chunk] = fix
    if fix is not None:
        _bad.add(chunk)
    return fix


def _settle(chunk: str, fix: Fix) -> Fix:
    """Judge the parts of a fix again until none needs a space (so repair is idempotent:
    ``فيلـ389الحربين`` → ``في لـ389 الحربين`` in one pass, not two). Parts are shorter than
    ``chunk``, so the recursion ends."""
    parts: list[str] = []
    conf = fix.confidence
    rules = [fix.rule]
    for part in fix.replacement.split(" "):
        sub = fix_chunk(part) if part and len(part) < len(chunk) else None
        if sub is None:
            parts.append(part)
        else:
            parts.append(sub.replacement)
            conf = min(conf, sub.confidence)
            rules.append(sub.rule)
    if len(rules) == 1:
        return fix
    return Fix(" ".join(parts), conf, "+".join(dict.fromkeys(rules)))


_MISS = object()
_cache: dict[str, Fix | None] = {}
#: the chunks of :data:`_cache` whose verdict is a fix
_bad: set[str] = set()


def _fix_complex(chunk: str) -> Fix | None:
    """Rules 1–4 on a chunk that is not a single word with punctuation around it."""
    inserts: dict[int, tuple[str, float]] = {}
    runs = [(m.lastgroup or "o", m.start(), m.end()) for m in _RUN_RE.finditer(chunk)]
    last = len(runs) - 1
    # the words of each run after the lexicon rule: the number/Latin rules look at the word
    # next to the junction, so that a second pass finds nothing more to do
    words: list[tuple[str, ...]] = []
    for i, (kind, a, b) in enumerate(runs):
        near_tatweel = (i > 0 and runs[i - 1][0] == "t") or (i < last and runs[i + 1][0] == "t")
        res = split_word(chunk[a:b]) if kind == "a" and not near_tatweel else None
        if res is not None:
            pos = a
            for part in res[0][:-1]:
                pos += len(part)
                inserts[pos] = ("lexicon", res[1])
        words.append(res[0] if res is not None else (chunk[a:b],))
    for i, (_, _, b) in enumerate(runs):
        if i < last:
            rule = _run_junction(runs, words, i)
            if rule is not None:
                inserts[b] = (rule, 0.9)
    for m in _PUNCT_JUNCTION_RE.finditer(chunk):
        if _punct_ok(chunk, m.start(), m.end(), m.group(1)):
            inserts[m.end()] = ("punctuation", 0.95)
    if not inserts:
        return None
    out: list[str] = []
    pos = 0
    for cut in sorted(inserts):
        out.append(chunk[pos:cut])
        pos = cut
    out.append(chunk[pos:])
    rules = "+".join(dict.fromkeys(r for r, _ in inserts.values()))
    return Fix(" ".join(out), round(min(c for _, c in inserts.values()), 3), rules)


def _run_junction(runs: list[tuple[str, int, int]], words: list[tuple[str, ...]],
                  i: int) -> str | None:
    """``"number"`` or ``"latin"`` when a space belongs between run ``i`` and run ``i + 1``
    (``words[i]``: the run's words after the lexicon rule)."""
    kind = runs[i][0]
    nkind = runs[i + 1][0]
    before = runs[i - 1][0] if i else ""
    after = runs[i + 2][0] if i + 2 < len(runs) else ""
    left, right = words[i][-1], words[i + 1][0]
    if kind == "a" and nkind == "d":
        if (before in ("", "o") or len(words[i]) > 1) and _letters(left) >= 3 \
                and not _is_bound(left):
            return "number" if zipf(fold(left)) >= NUMBER_WORD_ZIPF else None
    elif kind == "d" and nkind == "a":
        word = fold(right)
        if ((after in ("", "o") or len(words[i + 1]) > 1) and len(word) >= 3
                and word not in ERA_MARKERS and zipf(word) >= NUMBER_WORD_ZIPF):
            return "number"
    elif (kind, nkind) in (("a", "l"), ("l", "a")):
        ar, lat = (left, right) if kind == "a" else (right, left)
        touch = before if kind == "a" else after
        if _letters(ar) >= 2 and not _is_bound(ar) and len(lat) >= 2 and touch != "t":
            return "latin"
    return None


_WORD_CHARS = frozenset(
    [chr(c) for r in ((0x0620, 0x063F), (0x0641, 0x064A), (0x066E, 0x06D3), (0x064B, 0x065F))
     for c in range(r[0], r[1] + 1)] + ["\u0670", "\u06d5"]
)
_DIGITS = frozenset("0123456789") | {chr(c) for c in range(0x0660, 0x066A)} | {
    chr(c) for c in range(0x06F0, 0x06FA)}
#: sentence punctuation (with closing marks before/after it) between a word or number and a
#: word (an opening mark may come first)
_PUNCT_JUNCTION_RE = re.compile(
    rf"(?<=[{_LETTER}{_MARK}{_DIGIT}])([»)\]\"']*[.:،؛!؟?,;]+[»)\]]*)(?=[«(\[\"']?[{_LETTER}])"
)


def _punct_ok(chunk: str, start: int, end: int, group: str) -> bool:
    """Words of ≥ 2 letters (or a number on the left) on both sides, and not a chain of
    initials such as ``إي.بي.سي`` or ``أ.د``."""
    i = start
    while i > 0 and chunk[i - 1] in _WORD_CHARS:
        i -= 1
    left = chunk[i:start]
    j = end + (1 if end < len(chunk) and chunk[end] in _OPEN else 0)
    k = j
    while k < len(chunk) and chunk[k] in _WORD_CHARS:
        k += 1
    right = chunk[j:k]
    if not left:
        # a number on the left: only before a comma, semicolon or colon (a period after
        # digits may be a decimal point or a list number)
        return group.strip("»)]\"'") in ("،", "؛", ",", ";", ":") and _letters(right) >= 2
    nl, nr = _letters(left), _letters(right)
    if nr < 2 or left and nl < 2:
        return False
    if "." in group:
        if nl <= 3 and nr <= 3:
            return False  # إي.بي, a chain of initials
        if (i > 0 and chunk[i - 1] == "." and nl <= 3) or (k < len(chunk) and chunk[k] == "."
                                                            and nr <= 3):
            return False
    return True


def edits(text: str) -> list[Edit]:
    """The ``merged_words`` edits of ``text`` (offsets into ``text``), sorted.

    Args:
        text: the current repaired text of an article.

    Returns:
        One :class:`~mawsua.model.Edit` per chunk that needs spaces, replacing the whole
        chunk; ``attrs`` holds ``parts`` (the words of the replacement) and ``rule``.
    """
    chunks = set(text.split())
    # set operations in C: chunks judged before (most of them) cost no Python-level step
    bad = chunks.intersection(_bad)
    for c in chunks.difference(_cache):
        if fix_chunk(c) is not None:
            bad.add(c)
    if not bad:
        return []
    foreign = _foreign_lines(text)
    out: list[Edit] = []
    for m in _SPACE_RE.finditer(text):
        chunk = m.group()
        if chunk in bad and not _inside(m.start(), foreign):
            fix = _cache.get(chunk) or fix_chunk(chunk)
            assert fix is not None
            out.append(Edit(m.start(), m.end(), fix.replacement, KIND, fix.confidence,
                            {"parts": fix.replacement.split(" "), "rule": fix.rule}))
    return out


#: letters of Persian, Urdu and other Arabic-script languages (never in Arabic words once
#: :mod:`mawsua.clean.chars` has normalised Persian letter variants inside Arabic lines)
_FOREIGN_LETTERS_RE = re.compile(
    "[" + "".join(sorted(PERSIAN_LETTERS | URDU_LETTERS | OTHER_ARABIC_SCRIPT_LETTERS)) + "]")


def _foreign_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines written in another Arabic-script language (Persian,
    Urdu...): the Arabic lexicon knows nothing of their words (``همراه``, ``انجام``), so they
    are never split."""
    if _FOREIGN_LETTERS_RE.search(text) is None:
        return []
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if _FOREIGN_LETTERS_RE.search(line):
            out.append((pos, end))
        pos = end + 1
    return out


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def repair(article: Article) -> Article:
    """Restore missing spaces between words as ``merged_words`` edits.

    Args:
        article: an article after character and line hygiene.

    Returns:
        ``article`` itself when nothing needs repair, else a copy with the new edits (span
        layers are dropped, as with every edit). Never raises on odd text.
    """
    found = edits(article.text)
    return article.with_edits(found) if found else article


def repair_text(text: str) -> str:
    """Return ``text`` with the ``merged_words`` edits applied (for tests and the eval)."""
    return _apply(text, edits(text))


def _apply(text: str, found: Iterable[Edit]) -> str:
    """``text`` with ``found`` applied (the model's own :class:`Alignment` does it)."""
    edits = tuple(found)
    return Alignment(len(text), edits).apply(text)


def clear_caches() -> None:
    """Forget cached verdicts (after changing thresholds in an experiment)."""
    _cache.clear()
    _bad.clear()
    split_word.cache_clear()
    _part_score.cache_clear()


__all__: list[str] = ["KIND", "Fix", "clear_caches", "edits", "fix_chunk", "repair",
                      "repair_text", "split_word"]
