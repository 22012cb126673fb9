"""Merged words: restore a space lost between two words (an HTML tag removed, a typing slip).

One step of the clean stage (:func:`repair`). The text is cut at white space into *chunks*;
each chunk is judged once (the verdict is cached per chunk, so a chunk seen before costs one
dict lookup) and a chunk that needs spaces becomes one :class:`~mawsua.model.Edit` of kind
``"merged_words"`` replacing the **whole** chunk (``"فيالحربين"`` → ``"في الحربين"``), with a
confidence in 0..1 and ``attrs = {"parts": [...], "rule": ...}``. Offsets are code points.

Precision first (issue 10): a space is restored only on positive evidence — a glue cue —
never because the whole is missing from the word list. Rules (``rule`` names in brackets;
the table with examples is in docs/repairs.md):

1. **Glued Arabic words.** A frequency scorer proposes the best cut of a letter run (the
   issue-3 scorer, below); the cut is *applied* only when a cue backs every boundary:

   * ``particle`` (:func:`_particle_split`, decided before the scorer): ما/لا/يا/أو + a word
     that fits the particle (``ماتم``, ``لايمكن``); never a lexicalised spelling
     (:data:`LEXICALISED`), a name, or ``لـ`` + a hamza-less word (``لاجراء``);
   * ``final_letter``: after ة ى or tanween, or before إ after a listed word;
   * ``article``: a word of ≥ 3 letters glued to a bare-``ال`` word (``للكاتبالوعي``);
   * ``function``: a function word glued to a frequent word in an unlisted run
     (:func:`_head_fits`: ``فيتقرير``, ``الخلافبين``; not ``فيتراجع``, ``منحاز``, ``وانفعلت``),
     or to a long rarer word in a run no text lists (:func:`_function_long_rest`:
     ``عنمصادرتها``);
   * ``hamza``: before أ between two frequent words (``مصدرأمني``), or before a final
     أن/إن (أنه، أنها…) after a listed word (:func:`_hamza_tail`: ``مؤكداأن``);
   * ``definite``: a definite word glued to a frequent word in an unlisted run
     (:func:`_definite_end`: a word with ``ال`` takes no attached pronoun, so what follows
     its stem is an ending or another word: ``للكاتبتحقيق``, ``الحفلنظم``);
   * ``pair``: the cut is a plausible word pair (:func:`_plausible`): seen apart often
     enough in the word-pair table (:mod:`mawsua.arabic.bigrams`: news text counted by
     ``bench/build_bigrams.py``) compared with the joined form; where the scorer proposes no
     cut, the most frequent plausible pair's cut (:func:`_pair_cut`: ``عقدمجلس``);
   * ``words``: two listed words of ≥ 4 letters whose joined form no text lists
     (:func:`_frequent_words`: ``استمرتوقف``; a part down to Zipf 2.0 when the other has
     ≥ 5 letters: ``يناسبناتركيا``), never a part tagged as a person's name in the
     pair table's tagged text; only proposed beside a name (:func:`_beside_name`: quoted,
     after ``اللاعب``, next to a tagged or unlisted word);
   * otherwise the cut is ``lexicon`` (*weak*): :func:`analyse` applies it only when the
     article itself backs it (:func:`_backed`: both parts written apart elsewhere, or a
     content word of ≥ 4 letters beside a function word; the glued form once), or when the
     store's own text does (rule ``store``, :func:`_store_backed`: the pair table's tests on
     the word pairs of the articles already stored, handed in by the app with
     :func:`use_store_pairs`), and else lists it as a *proposal* (never applied to
     ``text``).

   The scorer: frequencies from :mod:`mawsua.arabic.lexicon` (wordfreq's Arabic list,
   offline, folded like the search key); a run of Zipf ≥ :data:`SURE_ZIPF` is never split,
   nor a protected name (:data:`PROTECTED`: CLDR's Arabic territory and city names plus a
   short hand list), with or without clitics, nor a compound name written joined
   (``عبدالله``, ``أبوعريش``); the whole is scored as a word or as *clitics + stem + suffix*
   (Light10 / Khoja affix lists); a split scores the sum of its parts' Zipf values minus 9
   per extra part, with :data:`FINAL_LETTER_BONUS` and :data:`FUNCTION_BONUS`; it must beat
   the whole by :data:`MARGIN` (:data:`MARGIN3` for three parts). Runs longer than
   :data:`MAX_SPLIT_LETTERS` letters are never analysed (bounded work per token).

2. **Missing space after sentence punctuation** (``"punctuation"``): ``الجديد.وحول``,
   ``قال:إن``, ``كذا،و…``, ``جدة.عُرف`` (two listed words of three letters that are no
   letter names); not chains of initials (``إي.بي.سي``, ``أ.د``), ``ود.محمد`` or site names
   (``العربية.نت``). A Latin comma between Arabic words (``شركة,فيما``) takes the space
   after it, or before a ``و`` where the article types lists as `` ,و…``
   (:func:`_comma_cuts`); a list letter and its dash (``أ-بلغ``) take one after the dash.
3. **Quotation marks and brackets** (``"quote"``, :func:`_quote_cuts`, per article: the side
   of a ``"`` depends on its chunk and line): ``من«الملك``, ``تموز(يوليو)``, ``"الرياض"بأن``.
4. **Word and number** (``"number"``): ``عام2015`` → ``عام 2015`` when the word has ≥ 3
   letters (or is في/من/عن) and is known (Zipf ≥ :data:`NUMBER_WORD_ZIPF`), and the number
   has ≥ 2 digits (``جنيف1`` is a name; ``عن4``: one digit after a function word, ``لمدة6``:
   after a word of Zipf ≥ :data:`DIGIT_WORD_ZIPF`). A number
   and the word after it always (``400من``, ``1317مصحفًا``; a two-letter word only when free:
   ``18إف`` stays), ``و`` between numbers (``18و25``), an era letter glued to a word
   (``1990مأحد`` → ``1990م أحد``, :func:`_era_then_word`). Not split: a clitic on a number (``و2014``,
   ``لـ389``, ``الـ20``), era and unit letters (``2015م``, ``1436هـ``, ``م2``,
   :data:`UNIT_ABBREVIATIONS`), the decimal ``ر`` (``5ر8``).
5. **Arabic and Latin** (``"latin"``): ``موقعTwitter`` → ``موقع Twitter`` when the Arabic run
   has ≥ 2 letters and is not a bare clitic (``وiOS``, ``الـTMS`` stay).

Runs that touch a tatweel (``لـ``, ``الـ``) are never analysed: the tatweel marks a clitic
written apart on purpose. Nor are runs joined by a dash (``أوزوار-لا-فيريار``, a French
place name; ``العربي-الإسرائيلي``): a hyphenated compound is written so on purpose.

Speed (bench/bench_repair.py, one core): ~0.1 ms per average corpus article once the chunk
cache is warm, ~0.5 ms on a first pass over new text (each new chunk is judged once, except
the forms of the shipped verdict table, :func:`_whole_first`: wordfreq's 500,000 most frequent
Arabic forms known to stay whole, skipped with one trie look-up done in C; a word of
Zipf ≥ :data:`SURE_ZIPF` costs one fold and one lookup; chunks already judged are found with
set operations; a split candidate is checked against the whole word's listed Zipf before the
costlier morphology and name checks). The cache keeps two generations of at most
:data:`CACHE_MAX` chunks each (the chunks of the articles seen since the last turn, and those
of the stretch before it that have not come back), so a worker that runs for days holds the
frequent chunks and stays flat; the lexicon is a memory-mapped file (milliseconds to open).

Quality (``mawsua eval repair``, the judged gold ``../shared/gold/dev/repairs.jsonl``):
glued recall 0.921, words kept whole 0.996, precision of applied repairs 0.996 (figures per
half and per kind in docs/repairs.md; the synthetic lines there too).
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from mawsua.arabic import bigrams
from mawsua.arabic.charsets import OTHER_ARABIC_SCRIPT_LETTERS, PERSIAN_LETTERS, URDU_LETTERS
from mawsua.arabic.fold import fold
from mawsua.arabic.lexicon import common_words, zipf, zipf_getter
from mawsua.arabic.reporting import HONORIFICS
from mawsua.model import Alignment, Article, Edit, PairCounts

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
#: a single digit glued after a word is a name's index (``جنيف1``, ``تشكيل1``) unless the
#: word is among the most common ones (``لمدة6``, ``مقتل3``: a count, not an index)
DIGIT_WORD_ZIPF = 5.0
#: protected names score as a word of this Zipf value at least
PROTECTED_ZIPF = 4.0
#: chunk verdicts of one generation of the cache (two are kept: at most twice this many,
#: ~110 B a chunk). Was one cache of 400,000 cleared when full; a worker had 147k chunks at
#: 4,000 corpus articles and 175k at 6,000 (``bench/bench_worker_memory.py --caches``): the
#: corpus fits in one generation (no extra judging in a 20k ingest: 2 x 120k judged 24.7
#: chunks an article against 17.5, replaying its records), and a worker that runs for days
#: holds at most ~2 x 200k chunks (~45 MB, the old bound) without the refill after a clearing
CACHE_MAX = 200_000

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
_FUNCTION_RAW: tuple[str, ...] = (
    "في", "من", "على", "عن", "إلى", "أن", "إن", "مع", "ما", "لا", "لم", "لن", "قد", "أو",
    "ثم", "كل", "بعد", "قبل", "بين", "حتى", "منذ", "هذا", "هذه", "ذلك", "تلك", "التي",
    "الذي", "الذين", "عند", "عندما", "كما", "لكن", "أي", "وفي", "ومن", "وعلى", "وعن",
    "وإلى", "وأن", "وإن", "ومع", "وما", "ولا", "ولم", "ولن", "وقد", "فقد", "فإن", "بأن",
    "لأن", "خلال", "حول", "ضد", "عبر", "نحو", "لدى", "أمام", "تحت", "فوق", "غير", "أكثر",
)
FUNCTION_WORDS: frozenset[str] = frozenset(fold(w) for w in _FUNCTION_RAW)
#: heads of compound names written joined by convention (عبدالله, أبوعريش, ابنسينا is rare)
JOINED_NAME_HEADS: tuple[str, ...] = ("عبد", "ابو")
#: tails of compound names written joined by convention (بهاءالدين, نصرالله; folded)
JOINED_NAME_TAILS: tuple[str, ...] = ("الدين", "الله")
#: letters that only end a word (folded teh marbuta is ه, so the raw letters are checked)
FINAL_LETTERS: frozenset[str] = frozenset("\u0629\u0649")  # ة ى
#: alef with hamza: a part starting with one is a word (أن), not a suffix (ان)
HAMZA_ALEFS: frozenset[str] = frozenset("\u0623\u0625\u0622")
#: tanween marks: a word never continues after them
TANWEEN: frozenset[str] = frozenset("\u064b\u064c\u064d")
#: era and unit letters written against a number (2015م, 1436هـ, م2)
ERA_MARKERS: frozenset[str] = frozenset({"م", "ه", "هـ", "ق", "ر", "ك", "كم", "مم", "سم"})
#: unit abbreviations written against a number (metric units in Arabic letters, as in the
#: SI brochure's Arabic usage and news style: 20كم, 5ملم, 3كغ, 250مل); never split off it
UNIT_ABBREVIATIONS: frozenset[str] = ERA_MARKERS | frozenset(
    {"كلم", "ملم", "كغ", "كجم", "كج", "جم", "غم", "مل", "مغ", "ملغ", "سم", "دم", "هك"})


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
#: a run of Arabic letters only (the forms the verdict table holds)
_LETTERS_ONLY_RE = re.compile(f"[{_LETTER}]+")
_SIMPLE_RE = re.compile(
    rf"[«\"'(\[]*((?:[{_LETTER}][{_MARK}]*)+)[»\"').,،؛:;!؟?\]]*"
)
#: an Arabic letter anywhere (a chunk without one is never cut: see :func:`fix_chunk`)
_ANY_LETTER_RE = re.compile(f"[{_LETTER}]")
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
    #: ``False`` when the fix rests on frequencies alone (applied only with article evidence)
    strong: bool = True
    #: the parts of a one-word split (folded), checked against the article by :func:`analyse`
    parts: tuple[str, ...] = ()


# --- scoring ------------------------------------------------------------------------------
def _z_first(word: str) -> float:
    """:func:`mawsua.arabic.lexicon.zipf`, replaced on first use by the lexicon's
    one-call getter (:func:`mawsua.arabic.lexicon.zipf_getter`: same values, a third less
    time per look-up; the table is still opened on first use, not at import)."""
    global _z
    _z = zipf_getter()
    return _z(word)


_z = _z_first


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
    if word.endswith(JOINED_NAME_TAILS) and len(word) >= 7:
        return True  # بهاءالدين, نصرالله: compound names written joined
    for h in JOINED_NAME_HEADS:
        if word.startswith(h) and len(word) > len(h) + 2:
            rest = word[len(h):]
            if rest.startswith("ال") or h != "عبد" and _z(rest) >= STEM_ZIPF:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Split:
    """A proposed cut of one Arabic letter run.

    Args:
        parts: the words in the run's own letters (joined they give the run back).
        confidence: 0..1.
        cue: the positive evidence: ``particle`` (ما/لا/يا/أو + a verb or function word),
            ``final_letter`` (a cut after ة ى or tanween, or before إ), ``article`` (a word
            glued to a following ``ال`` word), ``function`` (في/من/على… glued to an ``ال``
            word), ``hamza``, ``definite``, ``pair`` (a plausible word pair) — all *strong* —
            or ``lexicon`` (frequencies only: *weak*, applied only with evidence from the
            article, see :func:`edits`).
    """

    parts: tuple[str, ...]
    confidence: float
    cue: str

    @property
    def strong(self) -> bool:
        """True when the cut rests on a glue pattern, not on frequencies alone."""
        return self.cue != "lexicon"


#: the shipped verdict table: frequent word forms known to stay whole (see :func:`_whole_first`)
WHOLE_FILE = "merged_whole_ar.marisa"
#: the key of the table that holds the fingerprint of the rules and data it was built with
FINGERPRINT_KEY = "#fingerprint:"
#: what the verdicts depend on: this module's rules, the modules it reads words with and
#: their data (a change to any of them makes the shipped table stale: it is then not used)
_FINGERPRINT_SOURCES: tuple[str, ...] = (
    "clean/merged.py", "arabic/bigrams.py", "arabic/fold.py", "arabic/lexicon.py",
    "arabic/reporting.py", "arabic/charsets.py", "data/lexicon_ar.marisa",
    "data/lexicon_ar.freq", "data/bigrams_ar.marisa", "data/bigrams_ar.counts",
    "data/protected_ar.txt")


def fingerprint() -> str:
    """SHA-256 (hex) of the files :func:`split_word`'s verdicts depend on
    (:data:`_FINGERPRINT_SOURCES`, under the ``mawsua`` package; a missing file counts as
    empty): the shipped verdict table is used only while it matches."""
    import hashlib

    root = resources.files("mawsua")
    h = hashlib.sha256()
    for rel in _FINGERPRINT_SOURCES:
        f = root.joinpath(rel)
        h.update(rel.encode())
        h.update(f.read_bytes() if f.is_file() else b"")
    return h.hexdigest()


def _whole_first(word: str) -> bool:
    """Whether ``word`` (a run of Arabic letters without harakat) is in the shipped verdict
    table: forms of wordfreq's most frequent Arabic words (``bench/build_whole_words.py``)
    whose :func:`split_word` verdict is ``None``, computed ahead so that a cold process does
    not judge them again (the cold cost of the clean stage is mostly judging each new letter
    run once). Replaced on first use by the table's membership test (a memory-mapped MARISA
    trie), or by a test that always fails when the file is missing or its fingerprint does
    not match :func:`fingerprint` (the rules or data changed since it was built: the verdicts
    are then computed, as without a table; the outputs never depend on the table)."""
    global _is_whole
    if _is_whole is _whole_first:  # a caller may hold this function (analyse's filter)
        _is_whole = _load_whole()
    return _is_whole(word)


def _load_whole() -> Callable[[str], bool]:
    path = resources.files("mawsua").joinpath("data", WHOLE_FILE)
    never = frozenset[str]().__contains__
    if not path.is_file():
        return never
    import marisa_trie

    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    if trie.keys(FINGERPRINT_KEY) != [FINGERPRINT_KEY + fingerprint()]:
        return never
    return trie.__contains__


_is_whole: Callable[[str], bool] = _whole_first


def build_whole_table(words: Iterable[str], path: str) -> int:
    """Write the verdict table (:func:`_whole_first`) of ``words`` to ``path``: the forms made
    of Arabic letters only (no harakat, tatweel, digits) whose :func:`split_word` verdict is
    ``None``, judged with no table in use, plus the current :func:`fingerprint`. Returns
    the number of forms kept."""
    import marisa_trie

    global _is_whole
    keep_is_whole, _is_whole = _is_whole, frozenset[str]().__contains__
    try:
        clear_caches()
        kept = [w for w in dict.fromkeys(words)
                if _LETTERS_ONLY_RE.fullmatch(w) and split_word(w) is None]
    finally:
        _is_whole = keep_is_whole
        clear_caches()
    # written beside and renamed over: a process with the old file mapped keeps reading it
    marisa_trie.Trie([*kept, FINGERPRINT_KEY + fingerprint()]).save(path + ".tmp")
    os.replace(path + ".tmp", path)
    return len(kept)


@lru_cache(maxsize=100_000)
def split_word(word: str) -> Split | None:
    """Decide whether one Arabic letter run is two or three glued words.

    Args:
        word: one run of Arabic letters (harakat allowed; no tatweel, digits or spaces).

    Returns:
        A :class:`Split` (its ``cue`` says how strong the evidence is), or ``None`` when the
        run should stay whole. Runs longer than :data:`MAX_SPLIT_LETTERS` letters are never
        analysed (bounded work per token).
    """
    if len(word) > 2 * MAX_SPLIT_LETTERS or _is_whole(word):
        return None
    f = fold(word)
    # clusters: a letter with its harakat; folding maps each letter to exactly one letter
    starts: Sequence[int]
    if _MARK_SET.isdisjoint(word):  # no harakat (most runs): one code point per cluster
        starts, base = range(len(word)), word
    else:
        starts = [i for i, ch in enumerate(word) if ch not in _MARK_SET]
        base = "".join(word[i] for i in starts)
        f = fold(base)
    n = len(f)
    if n < 4 or n > MAX_SPLIT_LETTERS or len(f) != len(starts):
        return None
    particle = _particle_split(f, base)
    if particle is None and f[0] in "وف" and f[1:3] in ("ما", "لا"):
        sub = _particle_split(f[1:], base[1:])  # وماينبغي, ولايقوم: a conjunction first
        particle = (sub[0] + 1, sub[1]) if sub is not None else None
    if particle is not None:
        k, conf = particle
        return Split((word[: starts[k]], word[starts[k]:]), conf, "particle")
    zf = _z(f)
    if zf >= SURE_ZIPF:  # the common case, decided before any analysis
        return None
    k = _hamza_tail(f, base)
    if k is not None:  # مؤكداأن, المجلسأنه: أن/إن begins a word after a listed word
        return Split((word[: starts[k]], word[starts[k]:]), STRONG_CONFIDENCE, "hamza")
    res = _best_split(word, f, base, starts, zf)
    if res is None:
        k = _final_letter_cut(word, starts, base, f)
        if k is not None:  # نشرةعممها: a ة inside a run ends a word, whatever the scorer says
            res, cue = ((k,), STRONG_CONFIDENCE), "final_letter"
        else:
            k = _pair_cut(f, base, zf) if zf < KNOWN_ZIPF else None
            if k is None:
                return None
            res = (k,), PAIR_CONFIDENCE
            cue = "pair"  # the pair table's cut alone: no other cue is read into it
    else:
        cues = [_cue(word, starts, f, base, k) for k in res[0]]
        cue = cues[0] if len(set(cues)) == 1 and None not in cues else "lexicon"
    cuts, confidence = res
    if fold(base[: cuts[0]]) in PARTICLES:
        cue = "particle-like"  # a particle first: only the particle rule may apply a cut
    bounds = [0, *(starts[c] for c in cuts), len(word)]
    parts = tuple(word[a:b] for a, b in zip(bounds, bounds[1:], strict=False))
    # a part that is itself glued words is split too, so repairing twice changes nothing
    flat: list[str] = []
    for part in parts:
        sub = split_word(part)
        if sub is None:
            flat.append(part)
        else:
            flat.extend(sub.parts)
            confidence = min(confidence, sub.confidence)
            if not sub.strong:
                cue = "lexicon"
    if cue == "lexicon" and _plausible(tuple(fold(p) for p in flat), base):
        cue, confidence = "pair", max(confidence, PAIR_CONFIDENCE)
    elif cue == "lexicon" and len(parts) == len(flat) == 2 \
            and _frequent_words(fold(base[: cuts[0]]), fold(base[cuts[0]:]), base):
        cue, confidence = "words", max(confidence, WORDS_CONFIDENCE)
    elif cue == "lexicon" and len(parts) == len(flat) == 2 \
            and _function_long_rest(fold(base[: cuts[0]]), fold(base[cuts[0]:]), base):
        cue, confidence = "function", max(confidence, WORDS_CONFIDENCE)
    elif cue == "particle-like":
        cue = "lexicon"
    elif cue not in ("lexicon", "pair"):
        confidence = max(confidence, STRONG_CONFIDENCE)
    return Split(tuple(flat), round(confidence, 3), cue)


_HAMZA_MADDA = "\u0622\u0623\u0625"  # آ أ إ
#: a pair of words must be seen apart at least this often in the pair table...
PAIR_MIN = 2
#: ...its Zipf value (per 10^9 tokens of the table's text) must exceed the joined form's
#: wordfreq Zipf by this much...
PAIR_MARGIN = 1.0
#: ...and it must be seen apart at least PAIR_MIN times as often as joined (plus one)
#: the margin where the function-word rule refuses the head (a form VII participle...)
PAIR_REFUSED_MARGIN = 3.0
#: confidence of a cut the pair table backs (applied)
PAIR_CONFIDENCE = 0.8
#: a run must have at least this many letters for the pair table to cut it (``أوما`` stays)
PAIR_MIN_LETTERS = 5


def _plausible(parts: tuple[str, ...], base: str, table: PairCounts | None = None,
               min_pair: int = 0) -> bool:
    """Whether every two neighbouring folded ``parts`` of a cut make a plausible pair
    (:mod:`mawsua.arabic.bigrams`; ``base``: the raw letters of the run).

    Each part has ≥ 3 letters, or is a function word beside one of ≥ 3 letters; the pair
    is seen apart ≥ :data:`PAIR_MIN` times in the table's text, ≥ :data:`PAIR_MIN` times as
    often as (one more than) the joined form is seen as a token, and its Zipf value exceeds
    the joined form's wordfreq Zipf by :data:`PAIR_MARGIN` (a whole that wordfreq lists as a
    common word needs a very common pair). Where a function word first falls under
    :func:`_head_refused` the margin is :data:`PAIR_REFUSED_MARGIN` (``منقبل`` is ``من قبل``,
    3.5 Zipf above the slip; ``منقبضة``, a form VII participle, only 2.3 below ``من قبضة``),
    and a head spelt without its hamza is refused (``انكافه``, ``وانفعاله``).

    Never for a run shorter than :data:`PAIR_MIN_LETTERS` letters, a cut after a particle
    ما/لا/يا/أو (the particle rule's alone: ``ماريو``, ``لاري`` are names), a run that reads
    as a listed word with an attached pronoun (:func:`_suffixed_word`: ``أنصحه`` is no
    ``أن صحه``, ``وصفهما`` no ``وصفه ما``), a lexicalised spelling with or without و/ف
    (``فمازالت``), or a cut between two hamza/madda alefs (``الآأن``, a slip for الآن).

    ``table`` is the pair counts to read (default: the shipped table,
    :func:`mawsua.arabic.bigrams.table`; the ``store`` rule passes the store's counts,
    :func:`_store_backed`) and ``min_pair`` the sightings apart it needs (default
    :data:`PAIR_MIN`).
    """
    whole = "".join(parts)
    if len(parts) < 2 or len(whole) < PAIR_MIN_LETTERS or parts[0] in PARTICLES \
            or _suffixed_word(whole) or whole in LEXICALISED \
            or whole[0] in "وف" and whole[1:] in LEXICALISED:
        return False
    if table is None:
        table = bigrams.table()
    need = min_pair or PAIR_MIN
    zw = _z(whole)
    at = 0
    for a, b in zip(parts, parts[1:], strict=False):
        margin = PAIR_MARGIN
        if a in FUNCTION_WORDS and _head_refused(a, b, base[at:]):
            if "ا" in a and base[at : at + len(a)] not in _RAW_HEADS:
                return False  # انكافه, وانفعاله: a head spelt without its hamza
            margin = PAIR_REFUSED_MARGIN
        at += len(a)
        if base[at - 1] in _HAMZA_MADDA and base[at] in _HAMZA_MADDA:
            return False  # الآأن: a slip for الآن (no word ends in آ before one in أ)
        if min(len(a), len(b)) < 3 and not (
                max(len(a), len(b)) >= 3 and (a in FUNCTION_WORDS or b in FUNCTION_WORDS)):
            return False
        c = table.pair(a, b)
        if c < need or c < need * (table.joined(a + b) + 1) \
                or table.pair_zipf(a, b) - zw < margin:
            return False
    return True


#: the ``words`` cue: each part has at least this many letters...
WORDS_MIN_LETTERS = 4
#: ...and is a listed word (Zipf), while wordfreq does not list the whole at all
WORDS_PART_ZIPF = KNOWN_ZIPF
#: ...or rarer, down to this Zipf value, when one of the two parts has at least
#: :data:`WORDS_LONG_LETTERS` letters (session 23: inflected forms such as ``مرجعيته``,
#: ``يناسبنا`` are listed rarely; a part that long is seldom a piece of a transliterated name)
WORDS_RARE_PART_ZIPF = 2.0
#: the length of the longer part that lets a part down to :data:`WORDS_RARE_PART_ZIPF`
WORDS_LONG_LETTERS = 5
#: confidence of a ``words`` cut (applied)
WORDS_CONFIDENCE = 0.7


def _frequent_words(a: str, b: str, base: str) -> bool:
    """Two frequent content words whose joined form no text lists: the ``words`` cue.

    ``a`` and ``b`` (folded) are the two parts of the scorer's cut of the raw letters
    ``base``. Evidence (precision first, issue 10): each part has ≥ :data:`WORDS_MIN_LETTERS`
    letters and is a listed word (Zipf ≥ :data:`WORDS_PART_ZIPF`, or ≥
    :data:`WORDS_RARE_PART_ZIPF` when one part has ≥ :data:`WORDS_LONG_LETTERS` letters) in
    wordfreq's Arabic list,
    neither is tagged as a person's name in the pair table's tagged text
    (:meth:`mawsua.arabic.bigrams.Bigrams.person_name`: ``وليام ستون``), while the whole
    is absent from that list (Zipf 0: ~620,000 forms of web, news and subtitle text never
    contain it) and from the pair table's text as a token. Short parts are left out because
    transliterated names are mostly built of short frequent pieces (``سمير دون``,
    ``ريو فين``, ``شاب نام``). Refused, as the other cues refuse them:

    * a rest beginning with a bare alef (``أمين ابار``: an ending or a name; a rest with
      the article is the ``article`` cue's);
    * a rest that is و + an attached pronoun (``منفذوهما``: a plural ending and its
      pronoun) or a bare suffix;
    * a whole beginning with the article whose first part is no listed definite word with a
      stem of ≥ 3 letters (``العبلاني``, ``البنعالي``: one definite name; ``اللانووية``: the
      negating prefix);
    * a protected name, a listed word with a pronoun, a lexicalised spelling, or an alef
      typed twice after the article (``بالاإقليم``).
    """
    if len(a) < WORDS_MIN_LETTERS or len(b) < WORDS_MIN_LETTERS:
        return False
    whole = a + b
    if _z(whole) > 0.0:
        return False
    zmin = min(_z(a), _z(b))
    if zmin < WORDS_PART_ZIPF and (zmin < WORDS_RARE_PART_ZIPF
                                   or max(len(a), len(b)) < WORDS_LONG_LETTERS):
        return False
    if b[0] == "ا" and base[len(a)] not in HAMZA_ALEFS or b in BOUND_SUFFIXES \
            or b[0] == "و" and b[1:] in _PRONOUN_SET:
        return False
    if whole.startswith(_DEFINITE_HEADS) and not _definite_listed(a):
        return False
    if _doubled_article(a) or whole in LEXICALISED or _suffixed_word(whole) \
            or _protected(whole):
        return False
    table = bigrams.table()
    return not (table.joined(whole) or table.person_name(a) or table.person_name(b))


#: the ``function`` cue's long rarer rest (session 23): at least this many letters...
FUNCTION_RARE_REST_LETTERS = 5
#: ...and listed at least this common
FUNCTION_RARE_REST_ZIPF = 2.0
#: prepositions: they govern a noun, never a verb (``مع يليها`` is the noun معيليها)
_PREPOSITIONS: frozenset[str] = frozenset(fold(w) for w in ("في", "على", "عن", "إلى", "مع",
                                                              "بين"))


def _function_long_rest(a: str, b: str, base: str) -> bool:
    """A function word glued to a long, rarer listed word in a run no text lists: the
    ``function`` cue for the scorer's two-part cut ``a`` | ``b`` (folded; ``base``: the
    run's raw letters) where :func:`_head_fits` asks for a frequent rest (``أنتعدادها``,
    ``منروابطه``, ``عنمصادرتها``, ``الذياتخذه``). Evidence: ``a`` is a function word
    that glue follows (:data:`_GLUE_HEADS`) and does not begin with و/ف (``ومعتكفين``:
    the conjunction on one word), except ``في`` (whose ف + ي-word reading,
    ``فيتراجع``, :func:`_head_refused` refuses: ``فيأحيائها``); ``b`` has ≥ :data:`FUNCTION_RARE_REST_LETTERS`
    letters, is no function word and is listed at Zipf ≥ :data:`FUNCTION_RARE_REST_ZIPF`
    (inflected forms with pronouns are listed rarely); the whole is listed by no text
    (wordfreq Zipf 0, never a token of the pair table's text) and is no listed word with a
    pronoun; a preposition never comes before a ``ي``-initial rest (it governs a noun:
    ``معيليها``, ``بينينسون``); and the refusals of the function cue hold
    (:func:`_head_refused`: a hamza-less head, a clitic reading). Never a rest tagged as a
    person's name (:meth:`mawsua.arabic.bigrams.Bigrams.person_name`). Threshold chosen on
    half a of the synthetic eval's proposals (66 right, 3 real-text), checked on half b (89,
    2); see docs/repairs.md."""
    if a not in _GLUE_HEADS or a[0] in "وف" and a != "في" or b in FUNCTION_WORDS \
            or len(b) < FUNCTION_RARE_REST_LETTERS:
        return False
    whole = a + b
    if _z(whole) > 0.0 or _z(b) < FUNCTION_RARE_REST_ZIPF or (
            a in _PREPOSITIONS and b[0] == "ي"):
        return False
    if _head_refused(a, b, base) or _suffixed_word(whole):
        return False
    table = bigrams.table()
    return not (table.joined(whole) or table.person_name(b))


def _pair_cut(f: str, base: str, zf: float | None = None) -> int | None:
    """A cut of the folded run ``f`` (raw letters ``base``) that the frequency scorer did not
    propose but the pair table backs (:func:`_plausible`): both sides free words
    (:func:`_part_score`), the run no protected name nor a listed word (Zipf ≥
    :data:`KNOWN_ZIPF`; ``zf``: the run's Zipf when the caller has it); the cut with the
    most frequent pair."""
    if len(f) < PAIR_MIN_LETTERS or (_z(f) if zf is None else zf) >= KNOWN_ZIPF:
        return None  # a listed word is the scorer's to cut (``أيمن`` is a name, not أي من)
    best, best_k = 0, None
    table = bigrams.table()
    for left in table.first_words(f):  # shortest first; in C, most runs have none
        k = len(left)
        right = f[k:]
        if k < 2 or len(right) < 2 or not table.is_second(right):
            continue
        if right in BOUND_SUFFIXES and base[k] not in HAMZA_ALEFS:
            continue
        if _part_score(left) is None or _part_score(right) is None:
            continue
        c = table.pair(left, right)
        if c > best and _plausible((left, right), base):
            best, best_k = c, k
    if best_k is not None and _protected(f):
        return None
    return best_k


#: particles whose glue to the next word is common typing (folded): the particle rule
PARTICLES: frozenset[str] = frozenset({"ما", "لا", "يا", "او"})
#: lexicalised joined spellings that stay whole (Arabic orthography accepts them)
LEXICALISED: frozenset[str] = frozenset(fold(w) for w in (
    "لاسيما", "مازال", "مازالت", "مازالوا", "ماتزال", "مايزال", "لاتزال", "لايزال", "لازال",
    "لازالت", "لازالوا", "لايزالون", "لايزالان", "لاتزالان", "مادام", "مادامت", "ماداموا",
    "لاشك", "لانزال", "لانهاية", "لانهائي", "لانهائية", "لاسلكي", "لاسلكية", "لامركزية",
    "لامركزي", "لاإرادي", "لاإرادية", "لاشعوري", "لاشعورية", "لاأدري", "يالله", "ياللي",
    "يالبى", "ماشاء", "ماشاءالله",
))
#: free words that follow ما / لا / أو when glued (pronouns, particles, prepositions)
PARTICLE_FOLLOWERS: frozenset[str] = frozenset(fold(w) for w in (
    "هو", "هي", "هم", "هما", "هن", "لم", "لا", "لن", "قد", "في", "من", "بين", "بعد", "قبل",
    "عدا", "دون", "إذا", "إن", "أن", "كان", "كانت", "كانوا", "يكون", "تكون", "زال", "تم",
))
#: free subject pronouns: ``ما`` + one of them is the question ``ما هي`` even where a listed
#: name has the same letters (Mahé, a CLDR city name, is ``ماهي``)
_PRONOUNS_FREE: frozenset[str] = frozenset({"هو", "هي", "هم", "هما", "هن"})
#: narrower followers: لا + من/هم (لا من… ولا…), أو + لم (أولم = أو لم); يا + none
_FOLLOWS: dict[str, frozenset[str]] = {"لا": frozenset({"من", "هم"}), "او": frozenset({"لم"}),
                                       "يا": frozenset()}
#: first letters of an imperfect verb (ي ت ن; أ is left out: أ-initial nouns are common)
IMPERFECT: frozenset[str] = frozenset("يتن")
#: the strong particle rule's confidence, and the floor of other strong cues
STRONG_CONFIDENCE = 0.9
#: letter runs longer than this are never segmented (bounded work per token)
MAX_SPLIT_LETTERS = 30


def _particle_split(f: str, base: str) -> tuple[int, float] | None:
    """The ما/لا/يا/أو glue rule on a folded run ``f`` (raw letters ``base``).

    The raw run must begin with the particle itself (``مأمن`` folds to ``مامن`` but begins
    with ``مأ``). A cut after the particle needs a whole that is not a lexicalised spelling
    (:data:`LEXICALISED`) nor a protected name (unless ``ما`` + a free pronoun: ``ماهي``), a rest of ≥ 2 letters much more frequent
    than the whole (:data:`PARTICLE_MARGIN` Zipf units) and a rest that fits the particle:

    * ``ما`` + a follower (:data:`PARTICLE_FOLLOWERS`: هو هي لم في بين…), an imperfect verb
      (ي ت ن + ≥ 3 letters: ``مايلي`` may be Miley; or with the future س), a frequent three-letter perfect verb (Zipf ≥
      :data:`PERFECT_ZIPF`: جرى حدث), a perfect verb in ``ت`` (قامت) or a verb with an
      object pronoun (ذكره); never a rest ending in ``ة`` (``ماكرة``);
    * ``لا`` + an imperfect verb (``ا`` + rest must not be a word nearly as common: ``لاتباع``
      is ``لـ`` + اتباع with the hamza dropped, while ``لاتعرف`` is لا + تعرف), or ``من``/``هم``;
    * ``يا`` + a noun of ≥ 3 letters that is no function word, Zipf ≥ :data:`VOCATIVE_ZIPF`;
    * ``أو`` + ``لم``, a function word, an imperfect verb of ≥ 4 letters, an ``ال`` word
      (with or without ``ب``/``ل``) or, when the whole is unlisted (Zipf <
      :data:`GLUED_FORM_ZIPF`), a word of ≥ 4 letters at Zipf ≥ :data:`OR_NOUN_ZIPF`
      (``أوجماعة``, ``اوسوريا``; ``أوكوين``, ``أودعوا`` stay).

    A conjunction و/ف before ما/لا is allowed (``وماينبغي``, :func:`split_word`).

    Returns:
        ``(cut, confidence)`` or ``None``.
    """
    head = f[:2]
    rest = f[2:]
    if head not in PARTICLES or base[:2] not in _RAW_PARTICLES or f in LEXICALISED \
            or f in PROTECTED and not (head == "ما" and rest in _PRONOUNS_FREE):
        return None
    if len(rest) < 2:
        return None
    zr, zw = _z(rest), _z(f)
    if zr - zw < PARTICLE_MARGIN and zw >= KNOWN_ZIPF:
        return None
    if rest in _FOLLOWS.get(head, PARTICLE_FOLLOWERS):
        ok = True
    elif len(rest) < 3 or zr < PARTICLE_REST_ZIPF or zr - zw < PARTICLE_MARGIN:
        ok = False
    elif head == "لا":
        za = _z("ا" + rest)  # لـ + a hamza-less إ/أ word: لاتباع, لانتاج
        ok = _imperfect(rest, base[2:]) and (za < KNOWN_ZIPF or zr - za >= PARTICLE_MARGIN)
    elif head == "ما":
        ok = base[-1] != "\u0629" and (
            _imperfect(rest, base[2:]) and len(rest) >= 4
            or rest[0] == "س" and rest[1] in IMPERFECT and len(rest) >= 5
            or len(rest) == 3 and zr >= PERFECT_ZIPF and rest[0] not in _NOT_PERFECT
            or len(rest) == 4 and rest.endswith("ت")
            or len(rest) >= 4 and rest.endswith(("ه", "ها", "هم")))
    elif head == "يا":
        ok = rest not in FUNCTION_WORDS and rest not in PROTECTED and zr >= VOCATIVE_ZIPF
    else:  # أو
        ok = rest in FUNCTION_WORDS or _imperfect(rest, base[2:]) and len(rest) >= 4 or any(
            rest.startswith(p) and len(rest) >= len(p) + 3 for p in ("ال", "بال", "لل")) or (
            len(rest) >= 4 and zw < GLUED_FORM_ZIPF and zr >= OR_NOUN_ZIPF)
    if not ok and head in ("ما", "لا") and len(rest) >= 3:
        ok = _particle_pair_seen(head, rest, zw) or _suffixed_imperfect(rest, zw, zr) or (
            _alef_after_particle(base, zr))
    elif not ok and head == "او" and zw < GLUED_FORM_ZIPF:
        ok = _particle_pair_seen(head, rest, zw)  # أوعدم, أومع; never a listed أومن, أوفى
    return (2, STRONG_CONFIDENCE) if ok else None


#: an inflected imperfect verb after ما/لا (suffix read off its end) must be at least this
#: common: wordfreq lists few inflected forms (``يحاسبون`` 2.3, ``ينسبها`` 2.4)
SUFFIXED_VERB_ZIPF = 2.0
#: endings of an imperfect verb with a subject or object suffix (folded; longest first)
_VERB_SUFFIXES: tuple[str, ...] = ("ونها", "ونهم", "ونه", "ينه", "هما", "ون", "ين", "ان",
                                   "ها", "هم", "هن", "كم", "نا", "ني", "وا")


def _alef_after_particle(base: str, zr: float) -> bool:
    """ما/لا + a listed word (Zipf ≥ :data:`SUFFIXED_VERB_ZIPF`) that begins with an alef
    (``ماأعلنت``, ``لاأستطيع``, ``مااستوردته``): no word holds a second alef right after
    ``ما``/``لا``, so the run is two words, except a lexicalised negation (:data:`LEXICALISED`:
    ``لاإرادي``) or a negated adjective (``لاإنساني``, ``لاأخلاقية``: a nisba ending), which
    careful editors also write joined."""
    rest = base[2:]
    return rest[0] in "\u0627\u0623\u0625" and zr >= SUFFIXED_VERB_ZIPF \
        and not rest.endswith(("ي", "ية", "يه", "يا"))


def _particle_pair_seen(head: str, rest: str, zw: float) -> bool:
    """ما/لا and ``rest`` are a plausible pair by the word-pair table
    (:mod:`mawsua.arabic.bigrams`), the same test as :func:`_plausible`: seen apart ≥
    :data:`PAIR_MIN` times, ≥ :data:`PAIR_MIN` × (1 + the joined form's count) and
    :data:`PAIR_MARGIN` Zipf above the joined form (``ما يجب``, ``لا علاقة``; a name such
    as ``لابيد`` (Lapid) or ``مالاس`` is never seen split)."""
    table = bigrams.table()
    c = table.pair(head, rest)
    return c >= PAIR_MIN and c >= PAIR_MIN * (table.joined(head + rest) + 1) \
        and table.pair_zipf(head, rest) - zw >= PAIR_MARGIN


def _suffixed_imperfect(rest: str, zw: float, zr: float) -> bool:
    """``rest`` reads as an imperfect verb with a subject or object suffix (ي ت ن, ≥ 2
    stem letters, an ending of :data:`_VERB_SUFFIXES`), listed at Zipf ≥
    :data:`SUFFIXED_VERB_ZIPF`, in a glued run wordfreq does not list (``لايحاسبون``,
    ``لاينسبها``): the inflection is the verb's, so the ``لا``/``ما`` before it is the
    particle, not the first letters of a name."""
    if zw >= GLUED_FORM_ZIPF or zr < SUFFIXED_VERB_ZIPF or rest[0] not in IMPERFECT:
        return False
    return any(rest.endswith(s) and len(rest) - len(s) >= 3 for s in _VERB_SUFFIXES)


#: a noun after أو in an unlisted run must be at least this common
OR_NOUN_ZIPF = 4.0
#: a noun after يا must be at least this common (يانيس, a name, is not يا + نيس)
VOCATIVE_ZIPF = 4.0
def _imperfect(word: str, raw: str) -> bool:
    """``word`` (folded; ``raw``: its letters as written) looks like an imperfect verb: ي ت ن
    first, and no final bare alef except the plural ``وا`` and the pronouns ``نا``/``هما``
    (``تارا`` is a name; ``يتجزأ`` ends in a hamza, not a bare alef)."""
    return word[0] in IMPERFECT and (
        not raw.endswith("\u0627") or word.endswith(("وا", "نا", "ما")))


_RAW_PARTICLES: frozenset[str] = frozenset({"ما", "لا", "يا", "أو", "او"})
#: first letters of a three-letter rest that is no perfect verb (يلي, لكي, لدى)
_NOT_PERFECT: frozenset[str] = IMPERFECT | {"ل"}
#: a three-letter perfect verb after ما must be at least this common (جرى حدث راح)
PERFECT_ZIPF = 4.5
#: a particle's rest must be at least this common...
PARTICLE_REST_ZIPF = 3.0
#: ...and this much more common than the joined form
PARTICLE_MARGIN = 1.0
#: heads of compound names written joined: a cut never follows them
_NAME_HEAD_ENDS: tuple[str, ...] = ("عبد", "ابو", "بو", "ابن")


def _cue(word: str, starts: Sequence[int], f: str, base: str, k: int) -> str | None:
    """The strong glue pattern at a cut before folded letter ``k``, or ``None``.

    * ``final_letter``: after ة or ى (letters that only end words) or tanween, or before
      ``إ`` (which only starts words or follows a clitic);
    * ``hamza``: before ``أ`` when both sides (≥ 3 letters) are frequent words;
    * ``definite``: after a definite word, before a frequent one (:func:`_definite_end`),
      in a run rarer than :data:`GLUED_FORM_ZIPF`;
    * ``article``: a word of ≥ 3 letters glued to a word starting with a bare ``ال`` and a
      stem of ≥ 3 letters (no word holds the article twice);
    * ``function``: the same after a two-letter function word (``في``, ``من``, ``عن``...),
      or, in a run unlisted or rarer than :data:`GLUED_FORM_ZIPF`, such a word before a frequent word of ≥ 4 letters
      (``فيتقرير``; not ``في`` + a verb that ``ف`` + ``ي…`` explains: ``فيتراجع``) or after
      one (``الخلافبين``);
    """
    left, right = f[:k], f[k:]
    if left in BOUND or left.endswith(_NAME_HEAD_ENDS):
        return None
    if _bonus(word, starts, base, k) == FINAL_LETTER_BONUS and (
            base[k] != "\u0625" or base[k - 1] in FINAL_LETTERS
            or _z(left) >= KNOWN_ZIPF and not _doubled_article(left)):
        return "final_letter"  # before إ only after a listed word (بالاإقليم is a typo)
    if base[k : k + 2] == "ال" and len(right) >= 5:
        if len(left) >= 3:
            return "article"
        if left in FUNCTION_WORDS:
            return "function"
    elif right in _RELATIVES and len(left) >= 3 and _z(f) < GLUED_FORM_ZIPF and (
            _z(left) >= KNOWN_ZIPF or left[0] in "وف" and _z(left[1:]) >= KNOWN_ZIPF):
        return "article"  # والمعاييرالتي: no word ends in a relative pronoun (استقالتي does)
    if _z(f) < GLUED_FORM_ZIPF and not _suffixed_word(f):
        if left in _GLUE_HEADS and _head_fits(left, right, base):
            return "function"  # فيتقرير, منجامعة, منقبل, أنيؤسس (never ف + a verb: فيتراجع)
        if right in _GLUE_TAILS and len(left) >= 4 and (
                _z(left) >= FUNCTION_REST_ZIPF
                or right in _DEFINITE_TAILS and _definite_listed(left)):
            return "function"  # الخلافبين, والتواجدفي
    if base[k] == "\u0623" and len(left) >= 3 and len(right) >= 3 and \
            min(_z(left), _z(right)) >= HAMZA_CUE_ZIPF:
        return "hamza"
    if _definite_end(left, right, base[k]) and _z(f) < GLUED_FORM_ZIPF:
        return "definite"
    return None


def _doubled_article(left: str) -> bool:
    """``left`` (folded) is clitics + ``ال`` + a stray ``ا`` before an ``إ``: ``بالاإقليم``
    is a slip for بالإقليم (the alef typed twice), not ``بالا إقليم``."""
    return left.endswith("الا") and all(c in "وفبكل" for c in left[:-3])


#: function words that may follow a listed definite word (:func:`_definite_listed`):
#: those whose letters are no common word ending (``بين``: ``الربابين``; ``أن``: ``الجيران``)
_DEFINITE_TAILS: frozenset[str] = frozenset(fold(w) for w in (
    "في", "من", "عن", "على", "إلى", "حتى", "منذ", "خلال", "مع", "ثم", "هذا", "هذه"))


def _definite_listed(word: str) -> bool:
    """``word`` (folded) is a definite word (``ال``/``لل``, behind و/ف/ب/ك) with a stem of
    ≥ 3 letters, listed at Zipf ≥ :data:`KNOWN_ZIPF` without its و/ف (``والتواجد``,
    ``البراميل``): a word with the article takes no attached pronoun or particle, so a
    function word after it is a word of its own (``الصحفي``, ``الثقافي`` stay whole: their
    heads ``الصح``, ``الثقا`` are no stems of ≥ 3 letters or no listed words)."""
    head = next((h for h in _DEFINITE_HEADS if word.startswith(h)), None)
    if head is None or len(word) - len(head) < 3:
        return False
    bare = word[1:] if word[0] in "وف" and head[0] in "وف" else word
    return _z(bare) >= KNOWN_ZIPF


#: relative pronouns (folded), which begin with the article: glued after a listed word of
#: ≥ 3 letters they are a word of their own (``المعاييرالتي``); ``استقالتي`` (my resignation)
#: is kept whole because ``استق`` is no listed word
_RELATIVES: frozenset[str] = frozenset({"التي", "الذي", "الذين", "اللذين", "اللتين", "اللاتي",
                                        "اللواتي"})


#: the definite article, alone or behind a conjunction/preposition (folded), and ``لل``
_DEFINITE_HEADS: tuple[str, ...] = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال",
                                    "بال", "كال", "لل", "ال")
#: a word glued after a definite word must be at least this common (``سين``, ``يون`` are not)
DEFINITE_REST_ZIPF = 4.0
#: ...and a three-letter one this common (``مون``, ``يات`` are transliterations and endings)
DEFINITE_REST3_ZIPF = 4.4


def _definite_end(left: str, right: str, first: str) -> bool:
    """A definite word ``left`` (the article ``ال``/``لل`` + a listed stem of ≥ 3 letters)
    glued to a frequent word ``right`` of ≥ 3 letters (``first``: its first raw letter).

    A word with the article takes no attached pronoun, so whatever follows its stem is an
    ending (``ات``, ``ين``, ``ية``… are refused as parts) or another word: ``للكاتبتحقيق``,
    ``الحفلنظم``, ``العيديخرج``. The rest must not begin with a bare alef unless written
    with a hamza (``اني``, ``انية`` are nisba endings), must be no function word (those are
    the ``function`` cue's, with its own frequency test: ``الربابين`` is not الربا + بين) and
    must be Zipf ≥ :data:`DEFINITE_REST_ZIPF` (:data:`DEFINITE_REST3_ZIPF` for three
    letters, and then not ending like a plural or dual: ``المتردون`` is not المتر + دون);
    the left part must be listed (Zipf ≥ :data:`KNOWN_ZIPF`).
    """
    if len(right) < 3 or right in BOUND_SUFFIXES or right in FUNCTION_WORDS or (
            right[0] == "ا" and first not in HAMZA_ALEFS):
        return False
    head = next((h for h in _DEFINITE_HEADS if left.startswith(h)), None)
    if head is None or len(left) - len(head) < 3:
        return False
    if len(right) == 3 and right.endswith(("ون", "ين", "ات", "ان")):
        return False  # المتردون: a three-letter rest ending like a plural is the word's ending
    need = DEFINITE_REST_ZIPF if len(right) >= 4 else DEFINITE_REST3_ZIPF
    return _z(left) >= KNOWN_ZIPF and _z(right) >= need


#: function words that also begin many words as clitic + stem (لمتابعة, كلمات, قدرات)
_PREFIX_LIKE: frozenset[str] = frozenset({"لم", "لن", "كل", "اي", "ما", "لا", "قد"})
#: raw spellings of the heads whose folded form has an alef (أن إن إلى أو لأن...): a head
#: spelt without its hamza is not accepted (وان + فعلت is the verb وانفعلت)
_RAW_HEADS: frozenset[str] = frozenset(_FUNCTION_RAW) | {"الى", "والى"}
#: function words that HTML-tag removal glues to the next word, and how common that word
#: must be (the whole must be unlisted: منحاز, منتشرين are words)
_GLUE_HEADS: frozenset[str] = (FUNCTION_WORDS - _PREFIX_LIKE) | frozenset(
    fold(w) for w in ("تم", "فيما", "فيها", "فيه", "منها", "منه", "عليها", "بها"))
#: function words found glued after a word (الخلافبين, الكويتيفي)
_GLUE_TAILS: frozenset[str] = frozenset(fold(w) for w in (
    "في", "من", "عن", "على", "إلى", "أن", "إن", "بين", "أو", "مع", "ثم", "قد", "لم", "لا",
    "التي", "الذي", "هذا", "هذه", "بعد", "قبل", "حتى", "منذ", "خلال"))
FUNCTION_REST_ZIPF = 4.0
#: ...or, for a rest of ≥ 5 letters, this common (``فيمستشفياتها`` is rarer: a long rest is
#: seldom the word's own letters, unlike ``منحاز``)
FUNCTION_LONG_REST_ZIPF = 3.5
#: a run listed below this Zipf value may still be a glued slip (wordfreq's web text lists
#: ``منجامعة`` at 1.3): the function cue accepts it
GLUED_FORM_ZIPF = 2.0
def _head_fits(left: str, right: str, base: str) -> bool:
    """A function word ``left`` glued to ``right`` (folded; ``base``: the run's raw letters):
    a function word, a frequent word (≥ 4 letters at Zipf ≥ :data:`FUNCTION_REST_ZIPF`, 3
    letters at :data:`PERFECT_ZIPF`) or, after ``أن``/``إن`` (``وأن``, ``بأن``...), an
    imperfect verb (``وأننتعامل``). Never when:

    * the head is spelt without its hamza (``وانفعلت``, ``انكمشوا``: form VII verbs);
    * dropping the head's first letter as a clitic leaves a listed word (``فيتراجع`` = ف +
      يتراجع, ``بعدوانه`` = ب + عدوانه);
    * the head is ``من`` and the rest is a three-letter root with an ending (``منقبضة``,
      ``منحاز``: participles of form VII), or the head ends in ``أن`` and the rest has three
      letters (``وأنسته``: a form IV verb);
    * the rest repeats the head's end (``ولملم``) or is a function word with و/ف
      (``معولا``).
    """
    if _head_refused(left, right, base):
        return False
    zr = _z(right)
    return (right in _GLUE_TAILS or right in FUNCTION_WORDS
            or len(right) >= 4 and zr >= FUNCTION_REST_ZIPF
            or len(right) >= 5 and zr >= FUNCTION_LONG_REST_ZIPF
            or len(right) == 3 and zr >= PERFECT_ZIPF and not left.endswith("ان")
            or left.endswith("ان") and _imperfect(right, base[len(left):]) and len(right) >= 3
            and zr >= KNOWN_ZIPF)


def _head_refused(left: str, right: str, base: str) -> bool:
    """The cases :func:`_head_fits` lists under "never" (a function word ``left`` before
    ``right``, folded; ``base``: the run's raw letters), shared with the pair rule."""
    raw_left = base[: len(left)]
    return ("ا" in left and raw_left not in _RAW_HEADS or left == "الي"
            or left[0] in "بلكوفس" and _z(left[1:] + right) >= 2.0
            or left.endswith("من") and len(_core(right)) <= 3
            or left.endswith(right) or right[0] in "وف" and right in FUNCTION_WORDS)


def _core(word: str) -> str:
    """``word`` (folded) without one feminine, plural or dual ending or pronoun."""
    for e in ("ين", "ون", "ات", "ان", "ه", "ا", "ي"):
        if word.endswith(e) and len(word) - len(e) >= 2:
            return word[: -len(e)]
    return word


def _suffixed_word(f: str) -> bool:
    """``f`` is a listed word (Zipf ≥ 2) with an attached pronoun (``منقاره``)."""
    return any(f.endswith(p) and len(f) - len(p) >= 3 and _z(f[: -len(p)]) >= 2.0
               for p in ("ه", "ها", "هم", "هما", "كم", "نا", "ي"))


#: the conjunction أن/إن with its pronouns (folded), glued after a word: a run ending in
#: one of them written with its hamza is cut before it (:func:`_hamza_tail`)
_HAMZA_TAILS: tuple[str, ...] = ("انهما", "انها", "انهم", "انه", "ان")


def _hamza_tail(f: str, base: str) -> int | None:
    """The cut before a final ``أن``/``إن`` (or ``أنه``, ``أنها``, ``أنهم``, ``أنهما``) written
    with its hamza, after a listed word of ≥ 3 letters (Zipf ≥ :data:`KNOWN_ZIPF`): the hamza
    only begins a word or follows a clitic (``بأن``, ``لأنه``, ``وكأن``: one or two letters,
    never cut; ``الشأن``, ``اطمأن``: the rest is no listed word). Not in a protected name,
    nor where a cut one letter earlier reads as well (``فيشأن``, ``أوكأن``: في شأن, أو كأن), nor
    after an alef with hamza or madda (``الآأن``: a slip for الآن)."""
    if "\u0623" not in base[3:] and "\u0625" not in base[3:]:
        return None  # no hamza alef past the third letter (most runs)
    for t in _HAMZA_TAILS:
        k = len(f) - len(t)
        if k >= 3 and f.endswith(t) and base[k] in "أإ":
            left = f[:k]
            if base[k - 1] in _HAMZA_MADDA:
                return None  # الآأن is a slip for الآن, not إلا + أن
            if _z(left) >= KNOWN_ZIPF and left not in BOUND and not _protected(f) and not (
                    _z(left[:-1]) >= KNOWN_ZIPF and _z(left[-1] + t) >= KNOWN_ZIPF):
                return k
            return None
    return None


#: a cut before أ (which mostly begins words) is a cue when both sides are this common
HAMZA_CUE_ZIPF = 3.5


def _best_split(word: str, f: str, base: str, starts: Sequence[int], zw: float | None = None
                ) -> tuple[tuple[int, ...], float] | None:
    """The frequency scorer: the best two- or three-part cut of ``f`` and its confidence,
    when it beats the whole by the margins (see the module docstring; ``zw``: the run's
    Zipf when the caller has it)."""
    n = len(f)
    if zw is None:
        zw = _z(f)
    if zw >= KNOWN_ZIPF and not _maybe_two_frequent(f):
        return None  # a listed word can only lose to two very frequent words
    # a cut scoring below ``need`` cannot pass the first exit below, so a left part too
    # weak for any right part is passed over before the right part is scored (bench, cold)
    floor = _listed_score(f, zw)
    margin = KNOWN_MARGIN if floor >= KNOWN_ZIPF else MARGIN
    need = floor + margin - 1e-9  # (less a rounding allowance: the pruning stays exact)
    top = _top_part_score()
    best = -math.inf
    best_cuts: tuple[int, ...] = ()
    for k in range(2, n - 1):
        left = f[:k]
        wl = _part_score(left)
        if wl is None:
            continue
        bonus: float | None = None  # computed when a candidate needs it
        right = f[k:]
        head_bonus = FINAL_LETTER_BONUS + (FUNCTION_BONUS if left in FUNCTION_WORDS else 0)
        if wl + top - 9 + head_bonus < need:
            pass  # no right part can lift this cut to ``need`` (three parts even less)
        elif right not in BOUND_SUFFIXES or base[k] in HAMZA_ALEFS:
            wr = _part_score(right)
            if wr is not None:
                bonus = _bonus(word, starts, base, k) + (
                    FUNCTION_BONUS if left in FUNCTION_WORDS else 0)
                s = wl + wr - 9 + bonus
                if s > best:
                    best, best_cuts = s, (k,)
        if n - k >= 4 and (left in FUNCTION_WORDS or k == 2) and (
                wl + 2 * top - 18 + head_bonus + FINAL_LETTER_BONUS - (MARGIN3 - MARGIN)
                >= need):
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
    if best - floor < margin or _protected(f):
        return None
    whole = _whole_score(f)  # only now: most runs have no candidate split at all
    diff = best - whole
    if diff < (KNOWN_MARGIN if whole >= KNOWN_ZIPF else MARGIN):
        return None
    return best_cuts, 1.0 / (1.0 + 10 ** (-diff / 2))


_top: list[float] = []


def _top_part_score() -> float:
    """An upper bound of :func:`_part_score` (the most frequent listed form's Zipf, at
    least 6.0 and :data:`PROTECTED_ZIPF`), computed once: the scorer's pruning bound."""
    if not _top:
        _top.append(max([6.0, PROTECTED_ZIPF,
                         *(_z(w) for w in common_words(10 ** (6.0 - 9)))]))
    return _top[0]


_frequent: set[str] = set()


def _maybe_two_frequent(word: str) -> bool:
    """Cheap gate for listed words: some split leaves a word of Zipf ≥ :data:`FREQUENT_ZIPF`
    on one side (else no split can beat the word by :data:`KNOWN_MARGIN`)."""
    if not _frequent:
        _frequent.update(common_words(10 ** (FREQUENT_ZIPF - 9)))
    n = len(word)
    return any(word[:k] in _frequent or word[k:] in _frequent for k in range(2, n - 1))


def _final_letter_cut(word: str, starts: Sequence[int], base: str, f: str) -> int | None:
    """The first cut after a ة, a ى or a tanween inside the run (letters and marks that only
    end words; :func:`_bonus`) that leaves a free word of ≥ 3 letters before it and one of
    ≥ 2 letters after it (:func:`_part_score`; no bare suffix: ``ها``, ``ات``), when the
    frequency scorer found no cut (a rare second word: ``نشرةعممها``, ``تدخلاًفجاً``)."""
    inner = base[2:-2]
    if "\u0629" not in inner and "\u0649" not in inner and TANWEEN.isdisjoint(
            word[: starts[-2]]):
        return None  # the common case: no letter or mark that ends words inside the run
    for k in range(3, len(f) - 1):
        if base[k] == "\u0625" or _bonus(word, starts, base, k) != FINAL_LETTER_BONUS:
            continue
        left, right = f[:k], f[k:]
        if right in BOUND_SUFFIXES or _part_score(left) is None or _part_score(right) is None:
            continue
        return k
    return None


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
    got = _old.get(chunk, _MISS)
    if got is not _MISS:  # judged in the previous generation: kept
        _cache[chunk] = got  # type: ignore[assignment]
        return got  # type: ignore[return-value]
    if len(_cache) >= 2 * CACHE_MAX:  # a caller judging chunks outside analyse (bounded too)
        _turn()
    if _is_whole(chunk):  # a frequent form known to stay whole (most chunks of a cold pass)
        _cache[chunk] = None
        return None
    m = _SIMPLE_RE.fullmatch(chunk)
    if m is not None:
        res = split_word(m.group(1))
        fix = None
        if res is not None:
            a, b = m.span(1)
            fix = Fix(chunk[:a] + " ".join(res.parts) + chunk[b:], res.confidence, res.cue,
                      res.strong, tuple(fold(p) for p in res.parts))
    elif _ANY_LETTER_RE.search(chunk) is None:
        fix = None  # numbers, Latin, punctuation: every rule needs an Arabic letter run
    else:
        fix = _fix_complex(chunk)
    if fix is not None and fix.strong:
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
        if sub is None or not sub.strong:
            parts.append(part)
        else:
            parts.append(sub.replacement)
            conf = min(conf, sub.confidence)
            rules.append(sub.rule)
    if len(rules) == 1:
        return fix
    return Fix(" ".join(parts), conf, "+".join(dict.fromkeys(rules)))


_MISS = object()
#: chunk -> verdict, the current generation (every chunk of the article being analysed is in it)
_cache: dict[str, Fix | None] = {}
#: the previous generation: a chunk met again is moved back to :data:`_cache`
_old: dict[str, Fix | None] = {}
#: the chunks of either generation whose verdict is a fix
_bad: set[str] = set()


def _turn() -> None:
    """Start a new generation of the chunk cache: the current one becomes the old one and the
    old one is dropped (with its chunks' entries in :data:`_bad`); set operations in C."""
    global _cache, _old
    _bad.intersection_update(_cache)
    _old, _cache = _cache, {}


def _fix_complex(chunk: str) -> Fix | None:
    """Rules 1–4 on a chunk that is not a single word with punctuation around it."""
    inserts: dict[int, tuple[str, float]] = {}
    runs = [(m.lastgroup or "o", m.start(), m.end()) for m in _RUN_RE.finditer(chunk)]
    last = len(runs) - 1
    # the words of each run after the lexicon rule: the number/Latin rules look at the word
    # next to the junction, so that a second pass finds nothing more to do
    words: list[tuple[str, ...]] = []
    for i, (kind, a, b) in enumerate(runs):
        near_tatweel = (i > 0 and runs[i - 1][0] == "t") or (i < last and runs[i + 1][0] == "t") \
            or (i > 0 and chunk[runs[i - 1][1]] == "-") or (i < last and chunk[runs[i + 1][1]] == "-")
        res = split_word(chunk[a:b]) if kind == "a" and not near_tatweel else None
        if kind == "a" and i and runs[i - 1][0] == "d" and not near_tatweel:
            res = _era_then_word(chunk[a:b]) or res
        if res is not None and res.strong:  # weak cuts need the article: simple chunks only
            pos = a
            for part in res.parts[:-1]:
                pos += len(part)
                inserts[pos] = (res.cue, res.confidence)
        words.append(res.parts if res is not None and res.strong else (chunk[a:b],))
    for i, (_, _, b) in enumerate(runs):
        if i < last:
            rule = _run_junction(runs, words, i)
            if rule is not None:
                inserts[b] = (rule, 0.9)
    for m in _PUNCT_JUNCTION_RE.finditer(chunk):
        if _punct_ok(chunk, m.start(), m.end(), m.group(1)):
            # «قال:»نص»: a » right after a colon opens the quotation (reversed mark)
            at = m.end() - 1 if m.group(1).endswith(":»") else m.end()
            inserts[at] = ("punctuation", 0.95)
    m = _LIST_MARKER_RE.match(chunk)
    if m is not None:
        inserts[m.end()] = ("punctuation", 0.9)  # أ-بلغ: a list letter and its dash
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


def _era_then_word(run: str) -> Split | None:
    """A letter run right after a number that is an era letter (``م``/``ه``) glued to a word:
    ``1990مأحد`` → ``1990م أحد``. Only when the run itself is no common word (Zipf <
    :data:`KNOWN_ZIPF`: ``هجري``, ``مأساة`` stay) and the rest is a word of ≥ 3 letters at
    Zipf ≥ :data:`NUMBER_WORD_ZIPF` and :data:`KNOWN_MARGIN` above the run."""
    f = fold(run)
    if len(f) < 4 or f[0] not in "مه" or not _MARK_SET.isdisjoint(run[:2]):
        return None
    zw, zr = _z(f), _z(f[1:])
    if zw >= KNOWN_ZIPF or zr < NUMBER_WORD_ZIPF or zr - zw < KNOWN_MARGIN:
        return None
    return Split((run[:1], run[1:]), STRONG_CONFIDENCE, "number")


#: a chunk that starts with one letter and a dash glued to a word: a list item (أ-بلغ → أ- بلغ)
_LIST_MARKER_RE = re.compile(rf"[{_LETTER}]-(?=(?:[{_LETTER}][{_MARK}]*){{2}})")


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
        if runs[i + 1][2] - runs[i + 1][1] == 1 and (
                _letters(left) < 2 or fold(left) not in FUNCTION_WORDS) and (
                _letters(left) < 3 or zipf(fold(left)) < DIGIT_WORD_ZIPF or _protected(fold(left))):
            return None  # a single digit after a word is an index of a name (جنيف1, إكس3),
            # but not after a function word (عن4) or one of the most common words (لمدة6)
        if (before in ("", "o") or len(words[i]) > 1) and (
                _letters(left) >= 3 and not _is_bound(left) or fold(left) in FUNCTION_WORDS):
            return "number" if zipf(fold(left)) >= NUMBER_WORD_ZIPF else None
    elif kind == "d" and nkind == "a":
        word = fold(right)
        if (after in ("", "o") or len(words[i + 1]) > 1) and word not in UNIT_ABBREVIATIONS \
                and (len(word) >= 3 or word in FREE_TWO_LETTER):
            return "number"  # 400من, 1317مصحفًا: a number never runs into a word (a two-letter
            # run must be a free word: إف in ``18إف`` is a letter of a model name)
        if word == "و" and after == "d":
            return "number"  # 18و25: the conjunction goes with the second number
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
    """Words of ≥ 2 letters (or a number, or a number with its era letter: ``2014م،``) on
    the left and a word of ≥ 2 letters on the right, and not a chain of initials such as
    ``إي.بي.سي`` or ``أ.د``, nor a one-letter abbreviation after a conjunction
    (``ود.محمد``). Across a full stop, two short pieces (≤ 3 letters) are a cut only when
    both are function words (``بعد.من``). A Latin comma between Arabic words is left alone
    (which side the space belongs to is the outlet's style: ``طوكيو ,وايس``)."""
    i = start
    while i > 0 and chunk[i - 1] in _WORD_CHARS:
        i -= 1
    left = chunk[i:start]
    j = end + (1 if end < len(chunk) and chunk[end] in _OPEN else 0)
    k = j
    while k < len(chunk) and chunk[k] in _WORD_CHARS:
        k += 1
    right = chunk[j:k]
    core = group.strip("»)]\"'")
    if not left or (fold(left) in ERA_MARKERS and i > 0 and chunk[i - 1] in _DIGITS):
        # a number on the left: only before a comma, semicolon or colon (a period after
        # digits may be a decimal point or a list number)
        return core in ("،", "؛", ",", ";", ":") and _letters(right) >= 2
    nl, nr = _letters(left), _letters(right)
    if nr < 2 or nl < 2:
        return False
    if "." in group:
        if fold(right) in _DOMAIN_SUFFIXES:
            return False  # العربية.نت: a site name
        if nl == 2 and left[0] in "وف":
            return False  # ود. / فم.: a conjunction on a one-letter abbreviation
        if nl <= 3 and nr <= 3 and not (fold(left) in _SHORT_WORDS and fold(right) in _SHORT_WORDS
                                        or _three_letter_words(left, right)):
            return False  # إي.بي, a chain of initials
        if _initial(left, conjunction=True) or _initial(right):
            return False  # بي.جوردان (Michael B. Jordan), وجيه.بي (and J.P. Morgan)
        if (i > 0 and chunk[i - 1] == "." and nl <= 3) or (k < len(chunk) and chunk[k] == "."
                                                            and nr <= 3):
            return False
    if core == ",":
        return False  # a Latin comma between Arabic words: which side the space goes is
        # the outlet's style (a list written « ,X»), so it is left alone
    return True


#: the names of the Latin letters as Arabic writes them in initials (إيه بي سي, إكس, كيو...)
_LETTER_NAMES_RAW: frozenset[str] = frozenset((
    "إيه", "أيه", "بي", "سي", "دي", "إي", "إف", "جي", "إتش", "اتش", "آي", "جيه", "كيه", "كي",
    "إل", "إم", "إن", "أو", "كيو", "آر", "إس", "تي", "يو", "في", "دبليو", "إكس", "اكس", "واي",
    "زد", "زي"))
LETTER_NAMES: frozenset[str] = frozenset(fold(w) for w in _LETTER_NAMES_RAW)


def _three_letter_words(left: str, right: str) -> bool:
    """Two short pieces around a full stop are words, not initials, when neither is a
    letter name (:data:`LETTER_NAMES`), both have ≥ 3 letters and both are listed (Zipf ≥
    :data:`KNOWN_ZIPF`) or the left one ends in ة (``جدة.عُرف``, ``شات.وقد``)."""
    fl, fr = fold(_strip_marks(left)), fold(_strip_marks(right))
    if fl in LETTER_NAMES or fr in LETTER_NAMES or min(len(fl), len(fr)) < 3:
        return False
    return (_z(fl) >= KNOWN_ZIPF or left.endswith("\u0629")) and _z(fr) >= KNOWN_ZIPF


def _initial(word: str, conjunction: bool = False) -> bool:
    """``word`` is the name of a Latin letter (:data:`LETTER_NAMES`) that is no function
    word (``في``, ``أو``, ``إن`` are read as words), with a conjunction و/ف first when
    ``conjunction``: an initial of a name (``بي.جوردان``, ``وجيه.بي``)."""
    w = _strip_marks(word)
    if conjunction and w[:1] in ("و", "ف") and w[1:] in _LETTER_NAMES_RAW:
        w = w[1:]
    return w in _LETTER_NAMES_RAW and fold(w) not in FUNCTION_WORDS \
        and fold(w) not in PARTICLE_FOLLOWERS


def _strip_marks(word: str) -> str:
    return "".join(ch for ch in word if ch not in _MARK_SET)


#: site-name endings written in Arabic after a full stop (العربية.نت, مصراوي.كوم)
_DOMAIN_SUFFIXES: frozenset[str] = frozenset({"نت", "كوم", "اورغ", "اورج", "نيت"})
#: two short pieces around a full stop are words when both are function words (بعد.من)
_SHORT_WORDS: frozenset[str] = FUNCTION_WORDS | frozenset(
    fold(w) for w in ("به", "له", "لها", "فيه", "منه", "عنه", "هو", "هي", "هم", "كما"))


def edits(text: str) -> list[Edit]:
    """The applied ``merged_words`` edits of ``text`` (see :func:`analyse`)."""
    return analyse(text)[0]


def analyse(text: str) -> tuple[list[Edit], list[Edit]]:
    """The ``merged_words`` edits of ``text`` (offsets into ``text``), sorted: applied and
    proposed.

    A strong fix (punctuation, number, Latin, particle, final-letter, article or function
    cue) is applied, unless the article writes the glued form :data:`REPEATED` times or more
    and never its last part apart (a repeated name such as ``فلانري``: proposed). A weak one (frequencies only) is applied when the article itself backs
    it (:func:`_backed`): its parts, each of ≥ 3 letters, occur as words elsewhere in the
    article and the glued form occurs only once; otherwise it is *proposed*, not applied.

    Args:
        text: the current repaired text of an article.

    Returns:
        ``(applied, proposed)``: one :class:`~mawsua.model.Edit` per chunk that needs spaces,
        replacing the whole chunk; ``attrs`` holds ``parts`` (the words of the replacement)
        and ``rule``.
    """
    chunks = set(text.split())
    if len(_cache) >= CACHE_MAX:  # between articles: every chunk below is in _cache
        _turn()
    # set operations in C: chunks judged before (most of them) cost no Python-level step
    bad = chunks.intersection(_bad)
    new = chunks.difference(_cache)
    if new and _old:  # judged in the previous generation: moved back, not judged again
        back = new.intersection(_old)
        if back:
            old = _old
            _cache.update({c: old[c] for c in back})
            new.difference_update(back)
    if new:
        # frequent forms known to stay whole (the verdict table), filtered in C
        whole = dict.fromkeys(filter(_is_whole, new))
        _cache.update(whole)
        new.difference_update(whole)
    for c in new:
        if fix_chunk(c) is not None:
            bad.add(c)
    quotes = dict.fromkeys(_quote_cuts(text), "quote")
    quotes.update(dict.fromkeys(_comma_cuts(text), "punctuation"))
    if not bad and not quotes:
        return [], []
    foreign = _foreign_lines(text)
    words: Counter[str] | None = None  # the article's words as written...
    after: Counter[str] | None = None  # ...and as the strong splits leave them
    out: list[Edit] = []
    proposed: list[Edit] = []
    # the chunks to look at: every occurrence of a bad chunk (found with str.find, in C) and
    # the chunk around each quote cut; the rest of the text is never walked in Python
    spans: dict[int, int] = {}
    n = len(text)
    for c in bad:
        i = text.find(c)
        while i >= 0:
            j = i + len(c)
            if (i == 0 or text[i - 1].isspace()) and (j == n or text[j].isspace()):
                spans[i] = j
            i = text.find(c, j)
    qcuts_at: dict[int, list[tuple[int, str]]] = {}
    for q in sorted(quotes):
        i = q - 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        j = q
        while j < n and not text[j].isspace():
            j += 1
        spans[i] = j
        qcuts_at.setdefault(i, []).append((q - i, quotes[q]))
    for start in sorted(spans):
        end = spans[start]
        chunk = text[start:end]
        if _inside(start, foreign):
            continue
        qcuts = qcuts_at.get(start)
        if qcuts:
            fix = _cache.get(chunk) or fix_chunk(chunk)
            if fix is None or fix.strong:
                out.append(_with_quote_cuts(start, chunk, fix, qcuts))
                continue
        if chunk in bad:
            fix = _cache.get(chunk) or fix_chunk(chunk)
            assert fix is not None
            target = out
            conf = fix.confidence
            if fix.strong and fix.rule == "particle" and _name_head_before(text, start, fix):
                target, conf = proposed, min(conf, PROPOSAL_CONFIDENCE)
            elif fix.rule == "words" and _beside_name(text, start, end):
                target, conf = proposed, min(conf, PROPOSAL_CONFIDENCE)
            elif fix.strong and fix.parts and text.count(chunk.strip(_OUTER)) >= REPEATED:
                if words is None:
                    words = Counter(_WORD_RUN_RE.findall(fold(text)))
                if _repeated_unseen(fix, words):
                    target, conf = proposed, min(conf, PROPOSAL_CONFIDENCE)
            elif not fix.strong:
                if after is None:
                    after = _article_words(text, bad)
                if _backed(fix, chunk, after):
                    conf = max(conf, BACKED_CONFIDENCE)
                elif _store_backed(fix, chunk):
                    fix = replace(fix, rule="store")
                    conf = max(conf, STORE_CONFIDENCE)
                else:
                    target, conf = proposed, min(conf, PROPOSAL_CONFIDENCE)
            elif fix.strong and not fix.parts and " " in fix.replacement:
                if after is None:
                    after = _article_words(text, bad)
                fix = _with_backed_pieces(fix, after)
                conf = fix.confidence
            if target is out and TABOO.intersection(fold(fix.replacement).split()):
                target, conf = proposed, min(conf, PROPOSAL_CONFIDENCE)
            target.append(Edit(start, end, fix.replacement, KIND, round(conf, 3),
                               {"parts": fix.replacement.split(" "), "rule": fix.rule}))
    return out, proposed


#: vulgar words a split must never create in the text (folded): wordfreq counts them as
#: common (web text), so a transliterated name such as يانيك (Yannick) read as يا + a vulgar
#: word passed every frequency test. Such a split is only proposed.
TABOO: frozenset[str] = frozenset(
    "نيك نيكه نيكها منيوك منيوكه زب زبي طيز طيزك كس كسم كسمك شرموط شرموطه قحبه عرص".split())



#: a quotation mark or bracket between two letters
#: (the mark first, then a lookbehind: the engine scans for the mark's character set quickly)
_QUOTE_RE = re.compile(rf"[\"«»()](?<=[{_LETTER}{_MARK}][\"«»()])(?=[{_LETTER}])")


def _quote_cuts(text: str) -> set[int]:
    """Text offsets where a space belongs at a quotation mark or bracket glued between two
    words: before ``(`` and ``«``, after ``)``; after ``»`` when a ``«`` is open on the line,
    else before it (a reversed opening mark); before ``"`` when it opens (an even number of
    ``"`` before it on the line), else after it. The word before an opening mark must have
    ≥ 2 letters and not be a clitic (``و"``, ``ال"``), the word after a closing one ≥ 2
    letters."""
    out: set[int] = set()
    if _QUOTE_RE.search(text) is None:
        return out
    for m in _QUOTE_RE.finditer(text):
        q, at = m.group(), m.start()
        line_start = text.rfind("\n", 0, at) + 1
        if q == "»":
            opening = not _guillemet_open(text, line_start, at)
        elif q == '"':
            opening = _straight_opens(text, line_start, at)
        else:
            opening = q in "(«"
        i = at
        while i > 0 and text[i - 1] in _WORD_CHARS:
            i -= 1
        if _is_bound(text[i:at]):
            continue  # و"…, ال"…: a clitic on the quoted word
        if opening:
            i = at
            while i > 0 and text[i - 1] in _WORD_CHARS:
                i -= 1
            left = text[i:at]
            if _letters(left) >= 2 and not _is_bound(left):
                out.add(at)
        else:
            k = at + 1
            while k < len(text) and text[k] in _WORD_CHARS:
                k += 1
            if _letters(text[at + 1 : k]) >= 2:
                out.add(at + 1)
    return out


#: a Latin comma between two Arabic letters (the comma first, then a lookbehind: fast scan)
_LATIN_COMMA_RE = re.compile(rf",(?<=[{_LETTER}{_MARK}],)(?=[{_LETTER}])")
_COMMA_BEFORE_RE = re.compile(r"\s,\u0648")
_COMMA_AFTER_RE = re.compile(rf"[{_LETTER}{_MARK}],\s")


def _comma_cuts(text: str) -> set[int]:
    """Text offsets where a space belongs at a Latin comma glued between two Arabic words
    (``شركة,فيما``): after the comma, except before a ``و`` in an article that writes
    `` ,و…`` (a space before, none after: lists typed right to left with a Latin comma,
    ``للتأمين ,وأمانه``) more often than ``…, ``. The words on both sides must have ≥ 2
    letters, not both only 2, and not be links of a chain of initials (``بي,بي,سي``)."""
    out: set[int] = set()
    if _LATIN_COMMA_RE.search(text) is None:
        return out
    before = len(_COMMA_BEFORE_RE.findall(text)) > len(_COMMA_AFTER_RE.findall(text))
    for m in _LATIN_COMMA_RE.finditer(text):
        at = m.start()
        i = at
        while i > 0 and text[i - 1] in _WORD_CHARS:
            i -= 1
        k = at + 1
        while k < len(text) and text[k] in _WORD_CHARS:
            k += 1
        nl, nr = _letters(text[i:at]), _letters(text[at + 1 : k])
        chain = (i > 0 and text[i - 1] in ",.") or (k < len(text) and text[k] in ",.")
        if nl >= 2 and nr >= 2 and not chain and (nl > 2 or nr > 2):  # not بي,بي,سي
            out.add(at if before and text[at + 1] == "\u0648" else at + 1)
    return out


def _straight_opens(text: str, line_start: int, at: int) -> bool:
    """Whether the ``"`` at ``at`` opens a quotation, judged inside its chunk first: after a
    chunk-initial ``"`` marks alternate (``"عمومي"و"خصوصي"``); with no mark before it in the
    chunk, an odd number of marks after it pair with it (``في"عز"``), an even number pair
    among themselves (``حلاها"و"انجنيت"``); with none, an even number of ``"`` before it on
    the line means it opens."""
    i = at
    while i > line_start and not text[i - 1].isspace():
        i -= 1
    j = at + 1
    while j < len(text) and not text[j].isspace():
        j += 1
    before = text.count('"', i, at)
    if before:
        return text[i] == '"' and before % 2 == 0
    after = text.count('"', at + 1, j)
    if after:
        return after % 2 == 1
    return text.count('"', line_start, at) % 2 == 0


def _guillemet_open(text: str, start: int, end: int) -> bool:
    """Whether a quotation is open at ``end`` on the line from ``start``: « opens, » closes
    an open one and opens otherwise (outlets that use » for both marks)."""
    open_ = False
    for ch in text[start:end]:
        if ch == "«":
            open_ = True
        elif ch == "»":
            open_ = not open_
    return open_


def _with_quote_cuts(start: int, chunk: str, fix: Fix | None,
                     qcuts: list[tuple[int, str]]) -> Edit:
    """One edit for a chunk with article-level cuts (``(offset into chunk, rule)``: quote
    marks, Latin commas) and maybe a strong fix."""
    cuts = {c for c, _ in qcuts}
    rules = sorted({r for _, r in qcuts})
    conf = 0.9
    if fix is not None:
        i = 0
        for ch in fix.replacement:
            if ch == " " and (i >= len(chunk) or chunk[i] != " "):
                cuts.add(i)
            else:
                i += 1
        rules.insert(0, fix.rule)
        conf = min(conf, fix.confidence)
    pieces, pos = [], 0
    for c in sorted(cuts):
        pieces.append(chunk[pos:c])
        pos = c
    pieces.append(chunk[pos:])
    rep = " ".join(p for p in pieces if p)
    return Edit(start, start + len(chunk), rep, KIND, conf,
                {"parts": rep.split(" "), "rule": "+".join(dict.fromkeys(rules))})


#: confidence of a weak fix that the article backs (applied)...
BACKED_CONFIDENCE = 0.75
#: ...and the highest confidence of a proposal (not applied)
PROPOSAL_CONFIDENCE = 0.6
_WORD_RUN_RE = re.compile(rf"(?:[{_LETTER}][{_MARK}]*)+")


#: punctuation around a one-word chunk (see _SIMPLE_RE)
_OUTER = "«\"'([»).,،؛:;!؟?]"
#: a glued form the article writes this often is more likely a word (a name) than a slip...
REPEATED = 3


def _article_words(text: str, bad: set[str]) -> Counter[str]:
    """Folded words of ``text``, counting the parts of every strong split as words too (the
    text as the applied repairs will leave it: so a weak split backed after one pass is
    backed in the first one as well, and repairing twice changes nothing)."""
    words = Counter(_WORD_RUN_RE.findall(fold(text)))
    for c in bad:
        fix = _cache.get(c) or _old.get(c)
        if fix is None or not fix.strong:
            continue
        n = text.count(c)
        if fix.parts:
            for p in fix.parts:
                words[p] += n
        else:  # a complex chunk (فيعام2015): the words its replacement leaves, less its runs
            for p in _WORD_RUN_RE.findall(fold(fix.replacement)):
                words[p] += n
            for p in _WORD_RUN_RE.findall(fold(c)):
                words[p] -= n
    return words


#: words after which a name is expected (folded): the honorifics of
#: :mod:`mawsua.arabic.reporting` (``الرئيس``, ``السيد``) and nouns that head the name of a
#: person, publication or place (``اللاعب``, ``مجلة``, ``مدينة``); generic nouns that also
#: take a ``لا`` clause (``قانون لايسمح``) are left out
_NAME_HEADS: frozenset[str] = frozenset(fold(w) for w in HONORIFICS | {
    "اللاعب", "لاعب", "المدرب", "مدرب", "النجم", "الفنان", "الفنانة", "الممثل", "الممثلة",
    "المغني", "المغنية", "المطرب", "المطربة", "المخرج", "الكاتب", "الكاتبة", "الروائي",
    "الشاعر", "الحارس", "المهاجم", "المدافع", "الصحفي", "الصحافي", "الإعلامي", "مجلة",
    "المجلة", "صحيفة", "الصحيفة", "جريدة", "الجريدة", "وكالة", "قناة", "موقع", "شركة",
    "نادي", "منتخب", "فندق", "مطعم", "جامعة", "مدينة", "بلدة", "قرية", "مطار", "ملعب",
    "استاد", "فيلم", "مسلسل", "رواية", "ألبوم", "أغنية"})


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The folded letters of the chunks before ``start`` and after ``end`` on the same line
    ("" where there is none): the last letter run of the chunk before and the first of the
    chunk after, the words beside the chunk as they read once a number, Latin or
    punctuation junction inside them is repaired (``لـ389الحربين`` is ``ل``…, never
    ``لالحربين``: repairing twice changes nothing)."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    k = end
    while k < len(text) and text[k] in " \t":
        k += 1
    m = k
    while m < len(text) and not text[m].isspace():
        m += 1
    before = _WORD_RUN_RE.findall(fold(text[j:i]))
    after = _WORD_RUN_RE.findall(fold(text[k:m]))
    return (before[-1] if before else "", after[0] if after else "")


def _beside_name(text: str, start: int, end: int) -> bool:
    """A ``words`` cut (:func:`_frequent_words`) of the chunk ``text[start:end]`` may be a
    name: the chunk holds a quotation mark or bracket (a quoted or bracketed word is a name,
    a title or a term: ``«أوكيوليس ريفت»``, ``(يوروغروب)``), the word before heads a name
    (:data:`_NAME_HEADS`: ``اللاعب``), or the word before or after is tagged as a person's
    name in the tagged text of the pair table
    (:meth:`mawsua.arabic.bigrams.Bigrams.person_name`: ``إيدينيلسون ستيفن``) or is no word
    wordfreq lists (another foreign name: ``جاندا سينغوالا``). A transliterated name is often
    built of two frequent words; then the cut is only proposed."""
    if _QUOTED_CHARS.intersection(text[start:end]):
        return True
    prev, nxt = _neighbours(text, start, end)
    # a neighbour that is itself glued words is judged by its part next to the chunk, as it
    # reads once repaired (فيالحربين before الحربيننتعامل is في الحربين): so repairing
    # twice changes nothing
    prev, nxt = _repaired_side(prev, -1), _repaired_side(nxt, 0)
    table = bigrams.table()
    return prev in _NAME_HEADS or any(
        w and (table.person_name(w) or _z(w) == 0.0) for w in (prev, nxt))


def _repaired_side(word: str, side: int) -> str:
    """``word`` (folded letters), or when it is unlisted and splits by a strong fix, its part
    on ``side`` (-1 the last, 0 the first), folded."""
    if not word or _z(word) > 0.0:
        return word
    fix = fix_chunk(word)
    if fix is None or not fix.strong or not fix.parts:
        return word
    return "".join(_WORD_RUN_RE.findall(fold(fix.parts[side])))


#: quotation marks and brackets: a quoted or bracketed word is a name, a title or a term
_QUOTED_CHARS = frozenset("«»\"“”()[]")


def _name_head_before(text: str, start: int, fix: Fix) -> bool:
    """A particle split whose run may begin with a word the previous word is known to go
    with: ``تيريزا مايطرد`` is ``تيريزا ماي طرد`` (Theresa May expels), not ``ما يطرد``
    (does not expel), because the word-pair table (:mod:`mawsua.arabic.bigrams`) has seen
    ``تيريزا ماي`` and never ``ما يطرد``; or a ما/لا split right after a word that heads a
    name (:data:`_NAME_HEADS`: ``مجلة لانسيت`` is The Lancet, not لا نسيت) whose split pair
    the table has never seen. Then the split is only proposed (user test: a negation
    inserted into a sentence reverses it)."""
    whole = "".join(fix.parts)
    if len(fix.parts) != 2 or len(whole) < 5:
        return False
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    prev = "".join(_WORD_RUN_RE.findall(fold(text[j:i])))
    if not prev:
        return False
    table = bigrams.table()
    if table.pair(fold(fix.parts[0]), fold(fix.parts[1])):
        return False  # the split pair itself is seen: ما يحدث
    if fold(fix.parts[0]) in ("ما", "لا") and prev in _NAME_HEADS:
        return True  # مجلة لانسيت (The Lancet), اللاعب ماتويدي: a name after its head noun
    return any(table.pair(prev, whole[:k]) for k in range(len(fix.parts[0]) + 1,
                                                          len(whole) - 1))


def _repeated_unseen(fix: Fix, words: Counter[str]) -> bool:
    """...unless the article also writes its last part apart: ``فلانري`` ×7 (Flannery) is
    not فلا + نري (even beside one ``ونري``), while ``مابين`` ×3 beside ``بين`` is glue."""
    return words.get("".join(fix.parts), 0) >= REPEATED and not words.get(fix.parts[-1], 0)


def _with_backed_pieces(fix: Fix, words: Counter[str]) -> Fix:
    """A strong fix of a complex chunk (a number, Latin or punctuation junction) with each
    piece it leaves that is a weak split the article backs (:func:`_backed`) split too:
    ``2015فينتعامل`` → ``2015 في نتعامل`` in one pass where the article writes ``نتعامل``
    (the next pass would judge ``فينتعامل`` alone and back it: repair stays idempotent)."""
    pieces = fix.replacement.split(" ")
    out = []
    for piece in pieces:
        sub = fix_chunk(piece) if piece else None
        if sub is not None and not sub.strong and _backed(sub, piece, words):
            out.append(sub.replacement)
        else:
            out.append(piece)
    if out == pieces:
        return fix
    return replace(fix, replacement=" ".join(out), rule=fix.rule + "+lexicon",
                   confidence=min(fix.confidence, BACKED_CONFIDENCE))


#: the store's pair counts (:func:`use_store_pairs`; ``None``: no store evidence)
_store_pairs: PairCounts | None = None
#: sightings apart in the store's text that back a weak cut (with :func:`_plausible`'s
#: other tests); chosen on half a of the synthetic eval with counts from half b (docs/repairs.md)
STORE_PAIR_MIN = 1
#: a store of fewer word tokens backs nothing (a pair's Zipf value from a small text is noise)
STORE_MIN_TOKENS = 100_000
#: a two-letter part needs a partner of at least this many letters (``بيل او`` is pilau)
STORE_SHORT_PARTNER = 4
#: confidence of a weak cut the store's text backs (applied)
STORE_CONFIDENCE = 0.7


def use_store_pairs(counts: PairCounts | None) -> PairCounts | None:
    """Let the ``store`` rule read ``counts`` (:class:`mawsua.model.PairCounts`: word pairs of
    the text already stored, wired in by the app; ``None`` turns it off). Returns the counts
    used before. Chunk verdicts are not cached with it: the rule is applied per article by
    :func:`analyse`, so changing the counts needs no :func:`clear_caches`."""
    global _store_pairs
    before, _store_pairs = _store_pairs, counts
    return before


def _store_backed(fix: Fix, chunk: str) -> bool:
    """A weak fix (the scorer's cut, frequencies only) the store's text backs: the same
    tests as the shipped pair table's (:func:`_plausible`: part lengths, no particle head,
    no listed word with a pronoun, no refused function-word head, seen apart at least
    :data:`STORE_PAIR_MIN` times and more often than joined, the pair's Zipf in the store's
    text above the whole's wordfreq Zipf) on the store's counts (:func:`use_store_pairs`),
    never a function word whose head :func:`_head_refused` refuses (``فيتراجع``), a second
    part that is a particle (``بيلاو``, pilau, is no ``بيل أو``) or begins with a bare alef
    (``معاول``, pickaxes, is no ``مع أول``), a two-letter part beside one shorter than
    :data:`STORE_SHORT_PARTNER` letters, nor from a store of fewer than
    :data:`STORE_MIN_TOKENS` word tokens. Those refusals come from reading every repair the
    rule added on the development corpus (docs/repairs.md).
    The article itself is never its own evidence here: the counts are built from articles
    stored before (``mawsua store-pairs``; the eval builds them from the other half)."""
    counts = _store_pairs
    parts = fix.parts
    if counts is None or counts.total < STORE_MIN_TOKENS or len(parts) < 2:
        return False
    raw = _strip_marks(fix.replacement.strip(_OUTER)).replace(" ", "")
    if len(raw) != sum(map(len, parts)):
        return False
    at = 0
    for a, b in zip(parts, parts[1:], strict=False):
        if a in FUNCTION_WORDS and _head_refused(a, b, raw[at:]):
            return False  # فيتراجع: the shipped table needs a wide margin; the store none
        at += len(a)
        if b in PARTICLES or raw[at] == "ا" or min(len(a), len(b)) < 3 <= max(
                len(a), len(b)) < STORE_SHORT_PARTNER:
            return False  # بيلاو (pilau), معاول (pickaxes), في ناد
    return _plausible(parts, raw, counts, STORE_PAIR_MIN)


def _backed(fix: Fix, chunk: str, words: Counter[str]) -> bool:
    """A weak fix is backed by its article: different parts, each of ≥ 3 letters occurring
    as a word of its own elsewhere in the article, and a glued run that occurs only once (a
    form the article repeats is a word, not a slip). A function word needs no sighting
    beside a content word of ≥ 4 letters that has one (``بعدتجاوبه`` with ``تجاوبه`` in the
    article; not ``أنسنة``, ``منبها``: a short rest is too often the word's own letters),
    unless the function-word rule refuses the head (:func:`_head_refused`: ``فينعم``)."""
    parts = fix.parts
    if words.get("".join(parts), 0) > 1 or len(set(parts)) < len(parts):
        return False
    if all(len(p) >= 3 and words.get(p, 0) >= 1 for p in parts):
        return True
    if len(parts) != 2 or (parts[0] in FUNCTION_WORDS) == (parts[1] in FUNCTION_WORDS):
        return False
    head, rest = parts
    content = rest if head in FUNCTION_WORDS else head
    raw = _strip_marks(fix.replacement.strip(_OUTER)).replace(" ", "")
    if head in FUNCTION_WORDS and (len(raw) != len(head + rest) or _head_refused(head, rest, raw)):
        return False
    return len(content) >= 4 and words.get(content, 0) >= 1


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
        ``article`` itself when nothing needs repair, else a copy with the applied edits
        (span layers are dropped, as with every edit) and the weak splits the article does
        not back in ``proposals`` (raw-relative, never applied).

    Raises:
        RepairCheckError: when an edit would change more than spaces (a bug; the clean stage
            catches it and keeps the raw text, see :func:`mawsua.clean.clean`).
    """
    text = article.text
    applied, proposed = analyse(text)
    for e in (*applied, *proposed):
        if e.replacement.replace(" ", "") != text[e.raw_start : e.raw_end]:
            raise RepairCheckError(f"merged_words edit at {e.raw_start} changes more than spaces")
    if not applied and not proposed:
        return article
    out = article.with_edits(applied) if applied else article
    if proposed:
        raw_props = list(out.proposals)
        align = article.alignment
        for e in proposed:
            # raw-relative: the proposal replaces the raw span of its chunk
            rs, re_ = align.span_to_raw(e.raw_start, e.raw_end)
            raw_props.append(Edit(rs, re_, e.replacement, KIND, e.confidence, e.attrs))
        out = replace(out, proposals=tuple(sorted(raw_props, key=lambda x: x.raw_start)))
    return out


class RepairCheckError(ValueError):
    """A repair failed its own check (an edit that does not fit or changes more than it
    should)."""


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
    _old.clear()
    _bad.clear()
    split_word.cache_clear()
    _part_score.cache_clear()


__all__: list[str] = ["KIND", "Fix", "RepairCheckError", "Split", "analyse", "clear_caches",
                      "edits", "fix_chunk", "repair",
                      "repair_text", "split_word", "use_store_pairs"]
