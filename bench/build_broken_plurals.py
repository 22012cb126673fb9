"""Build the broken-plural table of the search (``src/mawsua/data/broken_plurals_ar.tsv``).

Usage: python bench/build_broken_plurals.py [--top N] [--min-zipf Z] [--out PATH] [--rejected PATH]
       [--corpus FILE.jsonl ...]

A broken plural (``أسعار`` of ``سعر``, ``مدارس`` of ``مدرسة``) shares no stem with its
singular, so a light-stemmed search never joins them (user test s25 F35: ``سعر الذهب`` found
nothing, ``أسعار الذهب`` 7). This script DERIVES the pairs from wordfreq's Arabic word list
(bundled data, no network; the package the stemmer guard already uses) by the plural patterns
of classical grammar (Wright, *A Grammar of the Arabic Language* I §§ 304–309): every
frequent folded word that has the shape of a plural pattern gives its root letters, each
singular pattern of that plural is generated from them, and the pair is kept when

* both words are frequent (Zipf ≥ ``--min-zipf`` once folded, the spellings summed);
* the root letters are strong (no ``ا و ي`` or hamza where the pattern would change them;
  a hollow ``C2`` only in ``أفعال``: ``أسواق``/``سوق``, ``أقوال``/``قول``);
* neither word is a gazetteer name (``mawsua.arabic.variants.name_spellings``);
* pattern by pattern, the test that tells the plural from a look-alike word of the same
  shape:

  - ``أفعال``, ``أفعلة``, ``أفعلاء`` open with the hamza on alif; the verbal noun of form IV
    (``إعلام`` "media", ``إسلام``, ``إعداد``) has the same letters once folded but opens with
    hamza under alif: the ``أ`` spelling must be at least :data:`HAMZA_RATIO` times as
    frequent as the ``إ`` spelling in wordfreq (unfolded): ``أسعار`` ≫ ``إسعار`` is kept,
    ``أعلام``/``إعلام`` is not;
  - ``مفاعل`` is also the active participle of form III (``مقاتل`` "fighter", ``مواطن``
    "citizen", ``مشارك``), which takes the sound plural: the word is refused when its
    ``ين``/``ون`` forms are at least :data:`PARTICIPLE_RATIO` of its own frequency; so is
    a singular ``مفعل`` that is a participle (``مشرف`` "supervisor" is not the singular of
    ``مشارف`` "outskirts", ``منفذ`` "executor");
  - neither word is one of wordfreq's :data:`COMMON` most frequent words (``مثل`` "like"
    is no singular of ``أمثال``);
  - ``فعلاء`` is also the feminine of colour adjectives (``حمراء``, ``خضراء``): refused when
    the masculine ``أفعل`` is more frequent than the word;
  - ``فعول`` (``دروس``), ``فعال`` (``رجال``), ``فُعّال`` (``عمال``), ``فُعُل`` (``كتب``)
    and ``أفعُل`` (``أشهر``) are NOT generated: their shapes are also verbal nouns
    (``دخول``, ``قتال``), the elative (``أشهر`` "most famous"), verbs (``كتب``) or other
    nouns (``كتاب`` "book" is no plural of ``كاتب``) too often for a letter test to tell.

* last, the two words are used alike in the development corpora (``shared/corpus`` and
  ``shared/corpus2``, 5,734 articles): the cosine of their neighbour stems (two words either
  side, common words left out; with and without ``ال``) is at least :data:`MIN_COSINE`, each
  word seen with at least :data:`MIN_CONTEXTS` neighbours. This drops pairs whose plural
  belongs to another word of the same letters (``أنصار`` "supporters" is no plural of
  ``نصر`` "victory": 0.06; ``أتراك``/``ترك``, ``أموال``/``مول`` "mall", ``أخلاق``/``خلق``,
  ``أعيان``/``عين``), where the letters alone cannot tell; ``أسعار``/``سعر`` 0.27,
  ``أهداف``/``هدف`` 0.56, ``مدارس``/``مدرسة`` 0.21.

A singular that is also a frequent verb (``عمل`` "worked", ``حدث`` "happened", ``فكر``: its
``ي``/``ت`` imperfect at least :data:`VERB_RATIO` of its frequency) gets the way ``single``:
the singular finds the plural (``حدث`` → ``أحداث``), the plural does not find the verb's
spelling (``أحداث`` would find every ``ما حدث``); the others are ``both``.

The table lists ``singular<TAB>plural<TAB>pattern<TAB>way`` (folded, :func:`mawsua.arabic.fold.fold`), one pair a
line, sorted. ``--rejected`` writes the refused candidates
with the test that refused them (for reading). Deterministic; ~20 s of CPU.
"""

from __future__ import annotations

import argparse
import math
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

from mawsua.arabic.fold import fold
from mawsua.arabic.variants import name_spellings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "mawsua" / "data" / "broken_plurals_ar.tsv"
#: wordfreq forms read
TOP = 600_000
#: the least Zipf frequency (folded, spellings summed) of both words of a pair
MIN_ZIPF = 3.0
#: ``أ`` spelling at least this many times as frequent as the ``إ`` spelling
HAMZA_RATIO = 5.0
#: sound-plural forms (``ين`` + ``ون``) of an ``مفاعل`` word at most this share of its own
PARTICIPLE_RATIO = 0.02

#: the most frequent wordfreq forms taken as function words (``مثل`` "like" is 48th)
COMMON = 100
#: a singular whose imperfect forms (``ي``/``ت`` + the word) are at least this share of its
#: frequency is mostly a verb: its plural is searched from it, not it from its plural
VERB_RATIO = 0.1
#: the least cosine of the two words' neighbour stems in the corpora
MIN_COSINE = 0.09
#: the fewest neighbours (occurrences × up to 4) each word needs in the corpora
MIN_CONTEXTS = 20
#: common words left out of the neighbours
CONTEXT_STOP = frozenset("في من علي الي عن ان او ما لا مع هذا هذه التي الذي و قد كان لم لن "
                         "ثم هو هي الا بين بعد قبل كما".split())

#: strong root letters (no alif, no weak letter, no hamza)
STRONG = "بتثجحخدذرزسشصضطظعغفقكلمنه"
S = f"([{STRONG}])"
#: a hollow middle letter allowed in أفعال (أسواق/سوق, أقوال/قول, أوقات/وقت)
W = f"([{STRONG}وي])"

#: (name, plural regex over folded words, singular templates over the root groups)
PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("afaal", re.compile(f"^ا{W}{W}ا{S}$"), ("{0}{1}{2}",)),
    ("afila", re.compile(f"^ا{S}{S}{S}ه$"), ("{0}{1}ا{2}", "{0}{1}ي{2}", "{0}{1}و{2}")),
    ("afilaa", re.compile(f"^ا{S}{S}{S}اء$"), ("{0}{1}ي{2}",)),
    ("fualaa", re.compile(f"^{S}{S}{S}اء$"), ("{0}{1}ي{2}", "{0}ا{1}{2}")),
    ("faail", re.compile(f"^{S}{S}ائ{S}$"), ("{0}{1}ي{2}ه", "{0}{1}ا{2}ه", "{0}{1}و{2}ه")),
    ("fawaail", re.compile(f"^{S}وا{S}{S}$"), ("{0}ا{1}{2}ه", "{0}ا{1}{2}")),
    ("mafaail", re.compile(f"^م{S}ا{S}{S}$"), ("م{0}{1}{2}", "م{0}{1}{2}ه")),
    ("mafaaiil", re.compile(f"^م{W}ا{S}ي{S}$"),
     ("م{0}{1}و{2}", "م{0}{1}ا{2}", "م{0}{1}ي{2}", "م{0}{1}{2}")),
    ("tafaaiil", re.compile(f"^ت{S}ا{S}ي{S}$"), ("ت{0}{1}ي{2}", "ت{0}{1}ا{2}")),
    ("faalil", re.compile(f"^([{STRONG.replace('ت', '').replace('م', '').replace('ن', '')}])"
                          f"{S}ا{S}([{STRONG.replace('ه', '')}])$"),
     ("{0}{1}{2}{3}", "{0}{1}{2}{3}ه")),
)
#: patterns whose plural opens with أ (the form IV verbal noun test)
HAMZA_PATTERNS = frozenset(("afaal", "afila", "afilaa"))


def frequencies(top: int) -> tuple[dict[str, float], dict[str, float]]:
    """``(folded word -> summed frequency, unfolded word -> frequency)`` of wordfreq's ``top``
    most frequent Arabic forms."""
    import wordfreq

    folded: dict[str, float] = defaultdict(float)
    raw: dict[str, float] = {}
    for w in wordfreq.top_n_list("ar", top):
        if not re.fullmatch("[\u0621-\u064a]+", w):
            continue
        f = wordfreq.word_frequency(w, "ar")
        raw[w] = f
        folded[fold(w)] += f
    return dict(folded), raw


def contexts(paths: list[Path]) -> dict[str, Counter[tuple[bool, str]]]:
    """Folded word (without ``ال``) -> counts of ``(after?, stem)`` of the words up to two
    either side of it, common words left out, over the articles (``title``, ``text``) of the
    JSON Lines files ``paths``."""
    from build_compounds import article_tokens  # bench/, beside this script

    from mawsua.arabic.stem import stem

    out: dict[str, Counter[tuple[bool, str]]] = defaultdict(Counter)
    for toks in article_tokens(paths):
        for i, t in enumerate(toks):
            c = out[t[2:] if t.startswith("ال") and len(t) > 4 else t]
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < len(toks) and toks[j] not in CONTEXT_STOP:
                    c[(j > i, stem(toks[j]))] += 1
    return out


def cosine(a: Counter[tuple[bool, str]] | None, b: Counter[tuple[bool, str]] | None) -> float:
    """Cosine of two neighbour counts (0 when one is missing or has fewer than
    :data:`MIN_CONTEXTS` neighbours)."""
    if not a or not b or sum(a.values()) < MIN_CONTEXTS or sum(b.values()) < MIN_CONTEXTS:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def zipf(f: float) -> float:
    """Zipf frequency of a frequency (log10 of occurrences per billion words)."""
    return math.log10(f) + 9 if f > 0 else 0.0


def derive(corpora: list[Path], top: int = TOP, min_zipf: float = MIN_ZIPF
           ) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    """``(kept, rejected)``: kept ``(singular, plural, pattern, way)`` pairs and rejected
    ``(singular, plural, pattern, reason)`` candidates (see the module doc)."""
    folded, raw = frequencies(top)
    ctx = contexts(corpora)
    names = name_spellings()
    import wordfreq

    common = {fold(w) for w in wordfreq.top_n_list("ar", COMMON)}
    floor = 10 ** (min_zipf - 9)
    kept: dict[tuple[str, str], tuple[str, str]] = {}
    rejected: list[tuple[str, str, str, str]] = []
    for plural, fp in sorted(folded.items()):
        if fp < floor:
            continue
        for pname, rx, singulars in PATTERNS:
            m = rx.match(plural)
            if m is None:
                continue
            for tpl in singulars:
                single = tpl.format(*m.groups())
                fs = folded.get(single, 0.0)
                if single == plural or fs < floor:
                    continue
                reason = None
                if plural in names or single in names:
                    reason = "a gazetteer name"
                elif single in common or plural in common:
                    reason = "a function word (مثل \"like\")"
                elif pname in HAMZA_PATTERNS:
                    a = raw.get("أ" + plural[1:], 0.0)
                    i = raw.get("إ" + plural[1:], 0.0)
                    bare = raw.get(plural, 0.0)
                    if a < HAMZA_RATIO * i or a == 0.0:
                        reason = f"form IV verbal noun (أ {zipf(a):.2f} / إ {zipf(i):.2f})"
                    elif a < bare:  # الحال, الماس: the article + a word, not أفعال
                        reason = f"bare alif more frequent (أ {zipf(a):.2f} / ا {zipf(bare):.2f})"
                    elif pname == "afaal" and plural.endswith("اه"):
                        reason = "a pronoun suffix (أعلاه, أقصاه)"
                elif pname == "mafaail":
                    sound = folded.get(plural + "ين", 0.0) + folded.get(plural + "ون", 0.0)
                    ssound = folded.get(single + "ين", 0.0) + folded.get(single + "ون", 0.0)
                    if sound >= PARTICIPLE_RATIO * fp:
                        reason = f"form III participle (sound plural {sound / fp:.3f})"
                    elif ssound >= PARTICIPLE_RATIO * fs:
                        reason = f"a participle singular (sound plural {ssound / fs:.3f})"
                elif pname == "fualaa":
                    masc = folded.get("ا" + plural[:3], 0.0)
                    if masc > fp:
                        reason = f"colour adjective (أفعل {zipf(masc):.2f} > {zipf(fp):.2f})"
                if reason is None:
                    cos = cosine(ctx.get(single), ctx.get(plural))
                    if cos < MIN_COSINE:
                        reason = f"used unlike in the corpora (cosine {cos:.3f})"
                if reason:
                    rejected.append((single, plural, pname, reason))
                    continue
                verb = sum(folded.get(p + single, 0.0) for p in "يت")
                way = "both" if single.endswith("ه") or verb < VERB_RATIO * fs else "single"
                kept.setdefault((single, plural), (pname, way))
    return sorted((s, p, *v) for (s, p), v in kept.items()), sorted(rejected)


def main() -> None:
    """Derive the pairs and write the table (and the rejected candidates when asked)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=TOP)
    ap.add_argument("--min-zipf", type=float, default=MIN_ZIPF)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--rejected", type=Path)
    ap.add_argument("--corpus", type=Path, nargs="*",
                    help="JSON Lines articles for the usage test (default: the shared corpora)")
    args = ap.parse_args()
    shared = Path(os.environ.get("MAWSUA_SHARED", ROOT.parent / "shared"))
    corpora = args.corpus or [shared / "corpus" / "articles.jsonl",
                              shared / "corpus2" / "articles.jsonl"]
    kept, rejected = derive(corpora, args.top, args.min_zipf)
    lines = ["# singular\tplural\tpattern\tway (both: each finds the other; single: the singular"
             " finds the plural) -- folded; bench/build_broken_plurals.py, from wordfreq"]
    lines += ["\t".join(row) for row in kept]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.rejected:
        args.rejected.write_text("".join("\t".join(r) + "\n" for r in rejected),
                                 encoding="utf-8")
    print(f"{len(kept)} pairs -> {args.out}; {len(rejected)} rejected")


if __name__ == "__main__":
    main()
