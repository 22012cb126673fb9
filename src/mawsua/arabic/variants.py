"""Spelling-variant keys for name matching (entities), built on :func:`mawsua.arabic.fold.fold`.

A *match key* is what two spellings of the same name share; it is never displayed:

* Arabic: :func:`fold` (tatweel and harakat dropped, أ إ آ ٱ → ا, ى → ي, ة → ه, digits → ASCII),
  then hamza seats unified (ؤ → و, ئ → ي, a lone ء dropped) and the two common spellings of
  *America* joined (``الأمريكي`` / ``الأميركي`` → ``الاميركي``).
* Latin: kept exactly as written (names are matched case-sensitively: ``Iraq``, not ``iraq``).

:func:`clitic_keys` gives the keys a token may stand for once the proclitics a name can carry
are stripped: conjunctions ``و`` ``ف``, prepositions ``ب`` ``ل`` ``ك`` and ``ل`` + ``ال`` →
``لل`` (``للعراق`` → ``العراق``; ``للجنة`` → ``الجنة`` or ``اللجنة``), in combination (``وبالعراق``, ``وللعراق``). The full token's
key always comes first, so ``بايدن`` or ``واشنطن`` match before any stripping is tried.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from mawsua.arabic.fold import FOLD_MAP, fold
from mawsua.arabic.memo import Generations
from mawsua.arabic.stem import stem

#: name tokens: letters/digits plus the marks (harakat, tatweel) that may sit inside a word
NAME_TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0640\u064B-\u065F\u0670])+")

_HAMZA = str.maketrans({"ؤ": "و", "ئ": "ي", "ء": None})
_AMERICA_RE = re.compile("امريك")
#: conjunctions that may precede a preposition; prepositions that attach to a name
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
#: shortest remainder, in code points, a stripped token may have
MIN_STEM = 3

#: tokens per generation of the memos of :func:`key` and :func:`clitic_keys` (30k per memo
#: in all, as before; :class:`~mawsua.arabic.memo.Generations`: the new words of the article
#: at hand are computed once even in a worker that has run for days, where a memo kept to the
#: first 30k tokens it met recomputed every later new word at each use)
_CACHE_MAX = 15_000


def is_latin(token: str) -> bool:
    """Whether ``token`` starts with an ASCII letter (matched case-sensitively, no clitics)."""
    return bool(token) and token[0].isascii() and token[0].isalpha()


def key(token: str) -> str:
    """Return the match key of one token (see the module doc). Cached; pure."""
    k = _KEYS.new.get(token)
    return k if k is not None else _KEYS.miss(token)


def keys(tokens: Iterable[str]) -> list[str]:
    """:func:`key` of each of ``tokens``, in order (the memo read without a call per token:
    for a whole article's words at once)."""
    get, miss = _KEYS.new.get, _KEYS.miss
    return [k if (k := get(t)) is not None else miss(t) for t in tokens]


#: :func:`fold`'s code point map and the hamza seats of the match key as one table (one
#: ``str.translate`` per token instead of fold's regex then a translate: the same key,
#: ``tests/arabic/test_variants.py`` checks it against the two steps)
_KEY_TABLE: dict[int, str | None] = {
    **{ord(c): "".join(_HAMZA.get(ord(x), x) or "" for x in v) or None
       for c, v in FOLD_MAP.items()},
    **{c: v for c, v in _HAMZA.items() if chr(c) not in FOLD_MAP},
}


def _key(token: str) -> str:
    if is_latin(token):
        return token
    k = token.translate(_KEY_TABLE).casefold()  # = fold(token).translate(_HAMZA)
    return _AMERICA_RE.sub("اميرك", k) if "امريك" in k else k


_KEYS: Generations[str] = Generations(_key, _CACHE_MAX)


def phrase_key(text: str) -> tuple[str, ...]:
    """Match keys of every name token in ``text`` (``"الرئيس الأمريكي"`` → two keys)."""
    return tuple(key(t) for t in NAME_TOKEN_RE.findall(text))


def _strip_prep(k: str) -> list[str]:
    out: list[str] = []
    if k.startswith("لل") and len(k) >= MIN_STEM + 2:
        out.append("ال" + k[2:])
        # a noun that itself opens with ل: ل + اللجنة is written للجنة (one ل and the alif
        # of the article dropped), so للجنة also stands for اللجنة
        out.append("ال" + k[1:])
    if k[:1] in _PREP and len(k) - 1 >= MIN_STEM:
        out.append(k[1:])
    return out


def clitic_keys(token: str) -> tuple[str, ...]:
    """Keys ``token`` may stand for: its own key first, then with proclitics stripped.

    Example: ``clitic_keys("وبالعراق")`` → ``("وبالعراق", "بالعراق", "العراق")``. Latin tokens
    give only their own key. Cached; pure.
    """
    got = _CLITICS.new.get(token)
    return got if got is not None else _CLITICS.miss(token)


#: first letters of a key that a proclitic may be stripped from (:data:`_CONJ`, :data:`_PREP`):
#: an Arabic key opening with none of them has no clitic key but itself
PROCLITIC_LETTERS = frozenset(_CONJ + _PREP)


def _clitic_keys(token: str) -> tuple[str, ...]:
    k = key(token)
    if k[:1] not in PROCLITIC_LETTERS or is_latin(token):
        # no conjunction or preposition to strip (``لل`` starts with ``ل``): the key alone
        res: tuple[str, ...] = (k,)
    else:
        forms = [k]
        if k[:1] in _CONJ and len(k) - 1 >= MIN_STEM:
            forms.append(k[1:])
        for f in list(forms):
            forms.extend(_strip_prep(f))
        res = tuple(dict.fromkeys(forms))
    return res


_CLITICS: Generations[tuple[str, ...]] = Generations(_clitic_keys, _CACHE_MAX)


def strip_article(k: str) -> str:
    """A key without its definite article (``الكاظمي`` → ``كاظمي``); unchanged otherwise."""
    return k[2:] if k.startswith("ال") and len(k) > 4 else k


#: Latin particles left out of a loose name key (``Bashar al-Assad`` = ``Bashar Assad``)
_LATIN_PARTICLES = frozenset(("al", "el", "ul", "al", "the", "de", "da"))
_VOWELS = str.maketrans("", "", "aeiouy")
#: Arabic name parts written joined or apart (``عبد الله``/``عبدالله``, ``أبو بكر``)
_JOINED = frozenset(("عبد", "ابو", "ابي", "ابا"))


def loose_key(name: str) -> str:
    """A spelling- and transliteration-insensitive key of a name, for entity search.

    Latin tokens: accents dropped, lower case, particles ``al``/``el``/``the`` left out, then a
    consonant skeleton (first letter kept, vowels and ``y`` dropped, doubled letters made one),
    so ``Mohammed bin Salman`` = ``Muhammad bin Salman`` and ``Bashar al-Assad`` = ``bashar
    assad``. Arabic tokens: their match key (:func:`key`) without the article, ``عبد``/``أبو``
    joined to the next token (``عبد الله`` = ``عبدالله``). Tokens joined by one space.
    """
    out: list[str] = []
    glue = False
    for tok in NAME_TOKEN_RE.findall(name):
        t = "".join(c for c in unicodedata.normalize("NFKD", tok)
                    if not unicodedata.combining(c)).lower()
        if is_latin(t):
            if t in _LATIN_PARTICLES:
                continue
            rest = re.sub(r"(.)\1+", r"\1", t[1:].translate(_VOWELS))
            out.append(t[:1] + rest)
            glue = False
            continue
        k = strip_article(key(tok))
        if glue and out:
            out[-1] += k
        else:
            out.append(k)
        glue = k in _JOINED
    return " ".join(out)


_LONG_VOWELS = str.maketrans("", "", "اوي")


def skeleton(k: str) -> str:
    """A match key without its inner long vowels (``ا و ي`` after the first letter; the last
    letter kept): transliterated names written with or without them meet (``نتنياهو`` and
    ``نتانياهو`` → ``نتنهو``; ``بوتين`` and ``بوتن`` → ``بتن``; ``فرانسوا`` and ``فرونسوا``). Latin keys are returned unchanged. Meant for names already known to be
    names (never for ordinary words: ``سعيد`` and ``سعد`` meet too)."""
    if len(k) < 3 or is_latin(k):
        return k
    return k[0] + k[1:-1].translate(_LONG_VOWELS) + k[-1]


# --- search: spelling variants that meet at query time ----------------------------------------
#
# Rules (docs/search.md, measured by bench/search_variants.py on both corpora):
#
# * ``امريك`` <-> ``اميرك`` anywhere in a word (الأمريكي/الأميركي, أمريكا/أميركا);
# * the hamza seat of ``ؤو`` <-> ``ئو`` (مسؤول/مسئول, شؤون/شئون: the Egyptian and the
#   Levantine/Gulf spelling of one word), and ``اؤ`` <-> ``ائ`` before a pronoun suffix (the
#   nominative and genitive of one word: ابناؤه/ابنائه). Not any medial ؤ/ئ: بؤر "foci" and
#   بئر "well" are two words;
# * names whose gazetteer entry (``mawsua/data/gazetteer/*.tsv``: CLDR/pycountry places and the
#   curated lists) gives several one-word Arabic spellings meet each other (سوريا/سورية,
#   ترامب/ترمب, أوروبا/أوربا, جازان/جيزان), also behind the proclitics ``و ف ب ل ك`` (وسورية);
#   spellings listed as common words (``place_homographs.txt``) and names the gazetteer only
#   takes beside a cue (flag ``context``) are left out.
#
# Already one search key through :func:`fold`: alef forms (أوباما/اوباما), final ى/ي, ة/ه,
# tatweel, harakat, Persian ی/ک. Not applied, because measured to merge unrelated words: the
# general ending ``يا`` <-> ``ية`` (بريطانيا "Britain" / بريطانية "British"), and swapping the
# letters used for a foreign g (غ/ج/ك/ق: جمل/قمل/كمل).

#: the hamza after alef before a pronoun suffix: nominative ؤ / genitive ئ of one word
#: (ابناؤه / ابنائه, اعضاؤها / اعضائها)
_CASE_SEAT_RE = re.compile("ا([ؤئ])(?:ه|ها|هم|هما|هن|ك|كم|نا)$")
_SEARCH_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_VARIANT_GROUPS: dict[str, frozenset[str]] | None = None
_NAME_SPELLINGS: frozenset[str] | None = None


def _gazetteer_groups() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """folded one-word Arabic spelling -> every folded one-word spelling of the same name;
    and the set of every folded one-word Arabic spelling of a name (no common word)."""
    from importlib import resources

    data = resources.files("mawsua") / "data" / "gazetteer"
    homographs = set()
    by_name: dict[str, set[str]] = {}
    for entry in data.iterdir():
        name = entry.name
        if name == "place_homographs.txt":
            homographs = {fold(ln.strip()) for ln in entry.read_text(encoding="utf-8")
                          .splitlines() if ln.strip() and not ln.startswith("#")}
        if not name.endswith(".tsv"):
            continue
        for line in entry.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 5 or "context" in cols[3].replace(",", " ").split():
                continue  # a "context" name is a common word unless a cue stands by it
            spellings = {fold(v.strip()) for v in cols[4].split("|")}
            one_word = {s for s in spellings if s and " " not in s and not is_latin(s)}
            # one name: same canonical name, or same ISO code for a country row
            key = f"country:{cols[2]}" if cols[3] == "country" and cols[2] else cols[0]
            by_name.setdefault(key, set()).update(one_word)
    groups: dict[str, set[str]] = {}
    names: set[str] = set()
    for spellings in by_name.values():
        spellings -= homographs
        names |= spellings
        if len(spellings) < 2:
            continue
        for s in spellings:
            groups.setdefault(s, set()).update(spellings)
    return {s: frozenset(g) for s, g in groups.items()}, frozenset(names)


def variant_groups() -> dict[str, frozenset[str]]:
    """The gazetteer's one-word spelling groups (loaded once; see the rules above)."""
    global _VARIANT_GROUPS, _NAME_SPELLINGS
    if _VARIANT_GROUPS is None:
        _VARIANT_GROUPS, _NAME_SPELLINGS = _gazetteer_groups()
    return _VARIANT_GROUPS


def name_spellings() -> frozenset[str]:
    """Every folded one-word Arabic spelling of a gazetteer name (homographs of common words
    and names taken only beside a cue left out); loaded with :func:`variant_groups`."""
    variant_groups()
    assert _NAME_SPELLINGS is not None
    return _NAME_SPELLINGS


def _rule_variants(word: str) -> set[str]:
    out = {word}
    for a, b in (("امريك", "اميرك"), ("اميرك", "امريك")):
        if a in word:
            out.add(word.replace(a, b))
    for w in list(out):
        for a, b in (("ؤو", "ئو"), ("ئو", "ؤو")):
            if a in w[1:]:
                out.add(w[0] + w[1:].replace(a, b))
        m = _CASE_SEAT_RE.search(w)
        if m is not None:
            seat = "ئ" if m.group(1) == "ؤ" else "ؤ"
            out.add(w[: m.start(1)] + seat + w[m.end(1):])
    return out


def search_variants(word: str) -> tuple[str, ...]:
    """Folded spellings a folded search word also stands for, the word itself first.

    Example: ``search_variants("سوريا")`` → ``("سوريا", "سوريه")``; ``"الامريكي"`` →
    ``("الامريكي", "الاميركي")``; a word no rule touches → ``(word,)``. Symmetric: every
    variant gives the same set. Latin words and words of fewer than 3 letters are returned
    alone.
    """
    if len(word) < 3 or is_latin(word) or word.isdigit():
        return (word,)
    out = _rule_variants(word)
    groups = variant_groups()
    for p in _SEARCH_PREFIXES:
        if word.startswith(p):
            group = groups.get(word[len(p):])
            if group is not None:
                for g in group:
                    out |= _rule_variants(p + g)
    out.discard(word)
    return (word, *sorted(out))


#: the case and number endings a definite noun or adjective of a phrase changes between:
#: sound masculine plural nominative ``ون`` / oblique ``ين`` and dual ``ان`` / ``ين``
#: (الإخوان المسلمون / المسلمين, الطرفان / الطرفين; Wright, *Grammar of the Arabic
#: Language* I §§ 296–301)
_CASE_ENDINGS = ("ون", "ين", "ان")
#: the definite article with the proclitics written before it (ال, وال, بال, لل, ...)
_DEFINITE_RE = re.compile("^(?:[وف]?[بك]?ال|[وف]?لل)")
#: letters of the noun between the article and the ending (shorter: الدين, اليمين, العين are
#: other words, not case forms)
_CASE_BASE_MIN = 3


def case_forms(word: str) -> tuple[str, ...]:
    """The other case/number endings of a definite folded word, for phrase search only.

    ``case_forms("المسلمين")`` → ``("المسلمون", "المسلمان")``; ``"الطرفان"`` →
    ``("الطرفون", "الطرفين")``; a word without the article, with another ending or with fewer
    than :data:`_CASE_BASE_MIN` letters between the article and the ending → ``()``. Some
    forms are no word (``الاخوين``); they only widen the phrase's expression. Used for
    phrases, where the neighbouring words keep the match precise; a single search word
    already meets its other endings through its stem.
    """
    m = _DEFINITE_RE.match(word)
    if m is None or len(word) - m.end() - 2 < _CASE_BASE_MIN or word[-2:] not in _CASE_ENDINGS:
        return ()
    base = word[:-2]
    return tuple(base + e for e in _CASE_ENDINGS if e != word[-2:])


def phrase_variants(word: str) -> tuple[str, ...]:
    """The spellings a word of a quoted phrase is searched in: :func:`search_variants` of the
    word, its other number (:func:`number_forms`, with the same proclitics: ``"سعر"`` →
    ``"اسعار"``), then the :func:`case_forms` of each of them (``"المسلمين"`` →
    ``("المسلمين", "المسلمون", "المسلمان")``). The word itself comes first."""
    out = list(search_variants(word))
    out += [f for f in number_forms(word) if f not in out]
    for v in list(out):
        out += [c for c in case_forms(v) if c not in out]
    return tuple(out)


# --- broken plurals ---------------------------------------------------------------------------
#
# A broken plural shares no stem with its singular (أسعار/سعر, مدارس/مدرسة), so the light
# stem never joins them. ``mawsua/data/broken_plurals_ar.tsv`` lists ``singular<TAB>plural``
# pairs of frequent words, derived by ``bench/build_broken_plurals.py`` from wordfreq's word
# list by the plural patterns of the grammar, each pair tested against the look-alike words of
# its pattern and for like use in the corpora (docs/search.md, "Singular and broken plural").

_NUMBER_PAIRS: dict[str, tuple[str, ...]] | None = None
#: the singulars of the table
_SINGULARS: frozenset[str] = frozenset()
#: proclitics a word of the table may carry, longest first (``لل`` = ``ل`` + ``ال``)
_NUMBER_PREFIXES = ("وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل",
                    "ال", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def number_pairs() -> dict[str, tuple[str, ...]]:
    """Folded singular -> its broken plurals and plural -> its singulars, from
    ``mawsua/data/broken_plurals_ar.tsv`` (loaded once). A pair of the way ``single`` (the
    singular is also a frequent verb: ``حدث`` "happened") only joins the singular to the
    plural: ``أحداث`` does not find every ``ما حدث``."""
    global _NUMBER_PAIRS, _SINGULARS
    if _NUMBER_PAIRS is None:
        from importlib import resources

        text = (resources.files("mawsua") / "data" / "broken_plurals_ar.tsv").read_text(
            encoding="utf-8")
        pairs: dict[str, list[str]] = {}
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            single, plural, _pattern, way = line.split("\t")[:4]
            pairs.setdefault(single, []).append(plural)
            if way == "both":  # "single": the singular is also a frequent verb (حدث)
                pairs.setdefault(plural, []).append(single)
        _SINGULARS = frozenset(ln.split("\t")[0] for ln in text.splitlines()
                               if ln.strip() and not ln.startswith("#"))
        _NUMBER_PAIRS = {k: tuple(v) for k, v in pairs.items()}
    return _NUMBER_PAIRS


def _number_split(word: str) -> tuple[str, tuple[str, ...]]:
    """``(proclitics, counterparts)`` of a folded word: the word itself in the table, else the
    longest proclitic prefix whose remainder is (``والاسعار`` → ``("وال", ("سعر",))``);
    ``("", ())`` when neither, and for a preposition on an indefinite singular (``بسبب``).
    """
    table = number_pairs()
    got = table.get(word)
    if got:
        return "", got
    for p in _NUMBER_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            got = table.get(word[len(p):])
            if got:
                if "ال" not in p and p.strip("وف") and word[len(p):] in _SINGULARS:
                    # a preposition + an indefinite singular is often a preposition of its
                    # own (بسبب "because of", بفعل "due to", لصالح): no plural for it
                    return "", ()
                return p, got
    return "", ()


def number_forms(word: str) -> tuple[str, ...]:
    """The other number of a folded word with the same proclitics: ``"سعر"`` → ``("اسعار",)``,
    ``"والاسعار"`` → ``("والسعر",)``, ``"المدارس"`` → ``("المدرسه",)``; ``()`` for a word
    the table (:func:`number_pairs`) does not hold. Used for the words of a phrase."""
    prefix, others = _number_split(word)
    return tuple(prefix + o for o in others)


def number_spellings(word: str) -> tuple[str, ...]:
    """The exact forms a single search word's other number is matched in: the counterpart
    of :func:`number_forms` with and without ``ال`` behind the proclitics ``و ف ب ل ك``
    (``"سعر"`` → ``اسعار الاسعار باسعار للاسعار…``) — a singular only with ``ال``
    (``"اسباب"`` → ``السبب والسبب بالسبب…``: ``بسبب`` "because of", ``إلى جانب``
    "besides", ``وضع حد`` "putting an end" are no ``أسباب``, ``جوانب``, ``أوضاع``; a phrase
    meets the construct state, ``"أسعار الذهب"`` → ``"سعر الذهب"``) — or, when
    the word carries a preposition or conjunction, with the same ones only (``"باسعار"`` →
    ``بسعر``, ``بالسعر``). Exact forms, never the stem: the stem of ``مدرسه`` is ``مدرس`` "teacher",
    and the stem of ``سعر`` also finds ``سعرات`` "calories"."""
    prefix, others = _number_split(word)
    if not others:
        return ()
    bare = prefix[:-2] if prefix.endswith("ال") else prefix[:-1] if prefix.endswith("لل") \
        else prefix
    out: list[str] = []
    for o in others:
        forms = _clitic_forms("ال" + o)
        # a singular only with the article, unless the query word has a proclitic: the bare
        # singular is often a preposition or a verbal noun of its own (بسبب "because of",
        # إلى جانب "besides", وضع حد "putting an end" are no أسباب, جوانب, أوضاع)
        if bare or o not in _SINGULARS:
            forms += _clitic_forms(o)
        for f in forms:
            if f.startswith(bare) and f not in out:
                out.append(f)
    return tuple(out)


#: a name whose stem is cut to this many letters or fewer is not searched by its stem
NAME_STEM_MIN = 3
#: the proclitic forms of a name searched instead of its stem: conjunction, preposition and
#: both (ل + ال is written لل: للعراق)
_NAME_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")


def _clitic_forms(name: str) -> list[str]:
    out = []
    for p in _NAME_CLITICS:
        if p.endswith("ل") and name.startswith("ال"):
            out.append(p + name[1:])  # ل + الرياض -> للرياض
        else:
            out.append(p + name)
    return out


def _nisba_forms(name: str) -> list[str]:
    """The relative adjective of a place name, folded, with and without ``ال``: ``سوريه`` →
    ``سوري سوريه سوريين سوريون سوريان`` (Syrian; ``-يا``/``-ية`` names drop their last
    letter), ``جازان`` → ``جازاني…``."""
    bare = name[2:] if name.startswith("ال") else name
    base = bare[:-1] if bare.endswith(("يا", "يه")) else bare + "ي"
    adjectives = [base + end for end in ("", "ه", "ين", "ون", "ان")]
    return adjectives + ["ال" + a for a in adjectives]


def term_spellings(word: str) -> tuple[tuple[str, str | None], ...]:
    """How a folded search word is matched: ``(spelling, stem)`` pairs, the stem ``None``
    where the spelling must match exactly.

    Every spelling of :func:`search_variants` is matched exactly or by its light stem —
    except a gazetteer name (:func:`name_spellings`, behind a proclitic or not) whose stem
    cuts letters off its end and leaves a root-sized word of at most :data:`NAME_STEM_MIN`
    letters: ``سورية`` (folded ``سوريه``) stems to ``سور`` "wall", the stem of ``سورة``
    "surah" too, and ``جازان`` to ``جاز``. Such a name is matched exactly in its proclitic
    forms instead (``سوريه وسوريه بسوريه لسوريه…``; ``ال`` names with ``لل``), never by
    stem; so is its relative adjective (:func:`_nisba_forms`: ``السورية``, ``والسوري``,
    ``السوريين``), which the stem match used to find. Names the stemmer leaves whole or only strips of proclitics and ``ال`` (``مصر``,
    ``العراق`` → ``عراق``), or cuts to a longer stem (``السعودية`` → ``سعود``, which also
    finds the adjective ``السعودي``), keep the stem match.

    A two-letter word and its definite forms meet (:func:`_short_core`: ``حد`` finds ``الحد``,
    ``بالحد`` and ``للحد``, and ``الحد`` finds ``حد``). The other number of a broken
    plural is added by the query (:meth:`mawsua.store.fts.ParsedQuery.spellings`), not here.

    Example: ``term_spellings("سوريا")`` → ``(("سوريا", "سوريا"), ("سوريه", None),
    ("وسوريه", None), …)``.
    """
    names = name_spellings()
    out: dict[str, str | None] = {}
    for v in search_variants(word):
        st = stem(v)
        core = next((v[len(p):] for p in _SEARCH_PREFIXES if v.startswith(p)
                     and v[len(p):] in names), None)
        if core is None or v.endswith(st) or len(st) > NAME_STEM_MIN:
            out.setdefault(v, st)
            continue
        prefix = v[: len(v) - len(core)]
        for form in [f for c in (core, *_nisba_forms(core)) for f in _clitic_forms(c)]:
            if form.startswith(prefix) or not prefix:
                out.setdefault(form, None)
        out[v] = None
    for core in dict.fromkeys(_short_core(v) for v in list(out)):
        if core:  # حد ⇄ الحد: the stemmer keeps the article on a two-letter word
            out.setdefault(core, core)
            out.setdefault("ال" + core, "ال" + core)  # its stem also finds بالحد, والحد
            out.setdefault("لل" + core, None)  # stems to لحد, a word of its own: exactly
            out.setdefault("ولل" + core, None)
    for v in out:
        if v.startswith(("لل", "ولل")) and _short_core(v):
            out[v] = None  # للحد stems to لحد "grave": its own spelling only
    return tuple(out.items())


#: two-letter function words, never widened by :func:`_short_core`
_SHORT_FUNCTION_WORDS = frozenset(
    "من في عن ما لا قد هو هي لم لن ان او يا كل بل ثم اي مع لو اذ ذا له لك لي به بي نا كي".split())
_DEFINITE = ("ال", "وال", "بال", "فال", "كال", "لل", "ولل")


def _short_core(word: str) -> str | None:
    """The two-letter word under a folded query word that is that word alone or behind the
    article (``حد``, ``الحد``, ``بالحد``, ``للحد`` → ``حد``), else ``None``. The light
    stemmer leaves the article on words whose stem would be that short (:data:`mawsua.arabic.
    stem.MIN_STEM`), so ``الحد`` and ``حد`` are different index terms; the search meets them
    by spelling (:func:`term_spellings`). Function words (``من``, ``في``) are left alone."""
    if not word or not all("\u0621" <= c <= "\u064a" for c in word):
        return None
    core = word
    for p in sorted(_DEFINITE, key=len, reverse=True):
        if word.startswith(p) and len(word) - len(p) == 2:
            core = word[len(p):]
            break
    if len(core) != 2 or core in _SHORT_FUNCTION_WORDS:
        return None
    return core


# --- compounds written closed or open ---------------------------------------------------------
#
# ``mawsua/data/compounds_ar.tsv`` lists loanwords and names written as one word or two
# (فيسبوك/فيس بوك, واتساب/واتس اب, كيلومترات/كيلو مترات), derived by
# ``bench/build_compounds.py`` from the corpora and wordfreq (docs/search.md, "Compounds").

_COMPOUNDS: tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]] | None = None


def compounds() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]]:
    """``(joined -> (first, second), (first, second) -> joined)`` of the compound table
    (folded; loaded once). A pair whose first word has the article is also listed without it
    (``الايس كريم`` → ``ايس كريم`` / ``ايسكريم``)."""
    global _COMPOUNDS
    if _COMPOUNDS is None:
        from importlib import resources

        text = (resources.files("mawsua") / "data" / "compounds_ar.tsv").read_text(
            encoding="utf-8")
        split: dict[str, tuple[str, str]] = {}
        join: dict[tuple[str, str], str] = {}
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            joined, first, second = line.split("\t")[:3]
            forms = [(joined, first, second)]
            if first.startswith("ال") and len(first) > 3:
                forms.append((joined[2:], first[2:], second))
            for j, a, b in forms:
                split.setdefault(j, (a, b))
                join.setdefault((a, b), j)
        _COMPOUNDS = (split, join)
    return _COMPOUNDS


_COMPOUND_PREFIXES = ("", *_NUMBER_PREFIXES)


def split_compound(word: str) -> tuple[str, str] | None:
    """The open spelling of a folded closed compound, its proclitics kept on the first word
    (``"فيسبوك"`` → ``("فيس", "بوك")``, ``"بالفيسبوك"`` → ``("بالفيس", "بوك")``), or
    ``None``."""
    split = compounds()[0]
    for p in _COMPOUND_PREFIXES:
        if word.startswith(p) and (got := split.get(word[len(p):])) is not None:
            return p + got[0], got[1]
    return None


def join_compound(first: str, second: str) -> str | None:
    """The closed spelling of two folded words that are an open compound, the first word's
    proclitics kept (``("فيس", "بوك")`` → ``"فيسبوك"``, ``("بفيس", "بوك")`` →
    ``"بفيسبوك"``), or ``None``."""
    join = compounds()[1]
    for p in _COMPOUND_PREFIXES:
        if first.startswith(p) and (got := join.get((first[len(p):], second))) is not None:
            return p + got
    return None
