"""``mawsua eval repair``: damage real articles in known ways, run the clean stage, score it.

Method (deterministic for a given ``seed``):

1. Read Arabic rows (``lang == "ar"``) of a JSONL corpus (default
   ``../shared/corpus/articles.jsonl``: SaudiNewsNet articles, verbatim).
2. In each article, look at adjacent *word pairs*: two tokens of Arabic letters only (harakat
   allowed, at least 2 letters each) separated by exactly one space. Glue a pair (remove the
   space) with probability ``rate``, or ``particle_rate`` when the first word is one of the
   frequent particles ``في من على عن إلى أن`` (HTML-tag removal typically eats the space
   after them). A word takes part in at most one glued pair.
3. Cut sentences: with probability ``cut_rate`` per article, one space between two words
   in the middle of a sentence (neither word touches punctuation, and the line goes on for at
   least :data:`CUT_MIN_WORDS` words on each side) becomes a fake removed block ``"\\n\\n\\n\\n"``.
4. Run :func:`mawsua.clean.clean` on the damaged text (an :class:`~mawsua.model.Article` whose
   ``raw_text`` is the damaged text).
5. Score, through the article's raw↔text alignment:

   * ``glued_recall``: glued pairs whose span in the repaired text is exactly
     ``"first second"``;
   * ``false_split_rate``: clean words (pure Arabic tokens of the undamaged text, never glued)
     that a ``merged_words`` edit changed, over all clean words;
   * ``rare_false_split_rate``: the same over *rare* clean words only (folded Zipf below
     :data:`RARE_ZIPF` in the lexicon: the words a splitter may touch; common words dilute
     the rate above and hide the damage done to names and rare inflections);
   * ``cut_recall``: cuts whose gap became exactly one space again.

Figures are printed as JSON by the CLI; ``examples`` lists a few misses and false splits.
``halves`` gives glued recall and false splits per half of the articles (``a``/``b``, the
SHA-1 parity of the article id, as in the gold eval): the repair's word-pair table
(:mod:`mawsua.arabic.bigrams`) is built from half a of this corpus, so **half b is the
figure on articles the table never saw**; half a is flattered by it.

**Second line: damage in the gold's mix** (:func:`evaluate_mixed`). Uniform word+word gluing
(above) is mostly the kind of glue a precision-first repair declines (two random words with
no glue cue), while real glue is mostly a missing space after punctuation. The second line
glues adjacent token pairs separated by one space in the proportions of the kinds judged in
``../shared/gold/dev/repairs.jsonl`` (read at run time: ``punct`` (with
``particle+word+punct``), ``particle+word`` (ما/لا/يا/أو + word), ``word+word``, ``digit``
(``word+digit`` and ``digit+word``), ``latin``; :data:`GOLD_MIX` holds the same counts as
documented in the gold's README, used when the file is missing). For each token, with
probability ``rate`` a kind is drawn from the mix and a random unused pair of that kind is
glued (none left: the draw is dropped and counted in ``dropped``). Scored like the first
line (the pair's span must read exactly ``first second`` again), with recall per kind and
the same false-split rates over the words never glued.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mawsua.app.eval_repair_gold import half_of
from mawsua.arabic.bigrams import Counts, count_pairs
from mawsua.arabic.fold import fold
from mawsua.arabic.lexicon import zipf
from mawsua.clean import clean
from mawsua.clean.merged import use_store_pairs
from mawsua.config import shared_path
from mawsua.errors import MawsuaError
from mawsua.model import Article, Metadata, PairCounts, Source, sha256_hex

#: default corpus, relative to the working directory (the repository root)
DEFAULT_CORPUS = shared_path("corpus/articles.jsonl")
#: particles after which a space is glued more often
PARTICLES: frozenset[str] = frozenset({"في", "من", "على", "عن", "إلى", "أن"})
#: default probability of gluing a random eligible pair
DEFAULT_RATE = 0.02
#: default probability of gluing a pair whose first word is a particle
DEFAULT_PARTICLE_RATE = 0.1
#: default probability that an article gets one cut sentence
DEFAULT_CUT_RATE = 0.3
#: words a line must have on each side of a cut
CUT_MIN_WORDS = 4
#: a clean word rarer than this (folded Zipf) counts as rare
RARE_ZIPF = 3.0
#: examples of misses and false splits kept in the result
MAX_EXAMPLES = 15

_WORD_RE = re.compile(r"^(?:[\u0621-\u063a\u0641-\u064a][\u064b-\u065f\u0670]*){2,}$")
_LINE_TOKEN_RE = re.compile(r"[^ \n]+")


@dataclass
class RepairEval:
    """Figures of one evaluation run (counts, then rates in 0..1)."""

    articles: int = 0
    glued_pairs: int = 0
    glued_restored: int = 0
    particle_pairs: int = 0
    particle_restored: int = 0
    clean_words: int = 0
    false_splits: int = 0
    rare_words: int = 0
    rare_false_splits: int = 0
    cuts: int = 0
    cuts_restored: int = 0
    seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)
    #: second line only: kind -> [glued, restored, dropped draws]
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    #: half of the articles (``a``/``b`` by article id, :func:`half_of`) -> [glued, restored,
    #: clean words, false splits, rare words, rare false splits]: the word-pair table of the
    #: repair is built from half a only, so half b is the figure on unseen articles
    by_half: dict[str, list[int]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    false_split_examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: every count plus ``glued_recall``, ``particle_recall``,
        ``false_split_rate``, ``rare_false_split_rate``, ``cut_recall`` and
        ``articles_per_second``."""
        out = asdict(self)
        out["glued_recall"] = _ratio(self.glued_restored, self.glued_pairs)
        out["particle_recall"] = _ratio(self.particle_restored, self.particle_pairs)
        out["false_split_rate"] = _ratio(self.false_splits, self.clean_words)
        out["rare_false_split_rate"] = _ratio(self.rare_false_splits, self.rare_words)
        out["cut_recall"] = _ratio(self.cuts_restored, self.cuts)
        out["articles_per_second"] = round(self.articles / self.seconds, 1) if self.seconds else None
        out["halves"] = {h: {"glued_recall": _ratio(r, g), "glued": g, "restored": r,
                             "false_split_rate": _ratio(fs, c), "false_splits": fs,
                             "rare_false_split_rate": _ratio(rfs, rw), "rare_false_splits": rfs}
                         for h, (g, r, c, fs, rw, rfs) in sorted(self.by_half.items())}
        if self.by_kind:
            out["recall_by_kind"] = {k: {"glued": g, "restored": r, "recall": _ratio(r, g),
                                         "dropped": d}
                                     for k, (g, r, d) in sorted(self.by_kind.items())}
            # per-kind recall weighted by the gold's mix: what recall would be if the damage
            # had followed the mix exactly (kinds with few sites, such as latin, are dropped
            # more often than drawn, so the plain glued_recall leans on the common kinds)
            mix = self.params.get("mix") or {}
            got = {k: r / g for k, (g, r, _) in self.by_kind.items() if g and k in mix}
            total = sum(mix[k] for k in got)
            out["mix_weighted_recall"] = (round(sum(mix[k] * v for k, v in got.items()) / total, 5)
                                          if total else None)
        return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 5) if b else None


@dataclass(frozen=True, slots=True)
class Damaged:
    """One damaged article: its text and what was done to it (offsets into ``text``)."""

    text: str
    #: (start, end, first word, second word, particle flag or damage kind) of each glued pair
    glued: tuple[tuple[int, int, str, str, bool | str], ...]
    #: (start, end, word) of each clean word
    clean_words: tuple[tuple[int, int, str], ...]
    #: (start, end) of each fake block break
    cuts: tuple[tuple[int, int], ...]


def read_corpus(path: Path, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(id, text)`` of the Arabic rows of a JSONL corpus (``lang == "ar"``).

    Raises:
        OSError: when the file cannot be read.
        MawsuaError: ``E_JSON`` naming ``path:LINE`` when a line is not a JSON object, or
            ``E_DECODE`` when the file is not UTF-8 (an evaluation on a corpus it cannot
            read whole would report figures for another sample than the one asked for).
    """
    n = 0
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(_lines(fh, path), start=1):
            if limit is not None and n >= limit:
                return
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                raise MawsuaError("E_JSON", f"not a JSON Lines corpus: {e}",
                                  f"{path}:{lineno}") from None
            if not isinstance(row, dict):
                raise MawsuaError("E_JSON", "a line is not a JSON object", f"{path}:{lineno}")
            if row.get("lang") != "ar" or not isinstance(row.get("text"), str) or not row["text"]:
                continue
            n += 1
            yield str(row.get("id", n)), row["text"]


def _lines(fh: Any, path: Path) -> Iterator[str]:
    try:
        yield from fh
    except UnicodeDecodeError as e:
        raise MawsuaError("E_DECODE", f"the corpus is not UTF-8: {e}", str(path)) from None


def damage(text: str, rng: random.Random, rate: float, particle_rate: float,
           cut_rate: float) -> Damaged:
    """Glue word pairs and cut one sentence of ``text`` (see the module docstring).

    Args:
        text: an article body.
        rng: the random source (seeded per article by :func:`evaluate`).
        rate: probability of gluing an eligible pair.
        particle_rate: probability of gluing a pair that starts with a particle.
        cut_rate: probability of one fake block break in this article.

    Returns:
        The damaged text with the offsets of every glued pair, clean word and cut in it.
    """
    toks = [(m.start(), m.end(), m.group()) for m in _LINE_TOKEN_RE.finditer(text)]
    glue_after: set[int] = set()  # token indices whose following space is removed
    used: set[int] = set()
    for i in range(len(toks) - 1):
        a, b = toks[i], toks[i + 1]
        if i in used or text[a[1] : b[0]] != " ":
            continue
        if not (_WORD_RE.match(a[2]) and _WORD_RE.match(b[2])):
            continue
        p = particle_rate if a[2] in PARTICLES else rate
        if rng.random() < p:
            glue_after.add(i)
            used.update((i, i + 1))
    cut_after: int | None = None
    if rng.random() < cut_rate:
        options = [
            i for i in range(CUT_MIN_WORDS, len(toks) - CUT_MIN_WORDS)
            if i not in used and i + 1 not in used and _mid_sentence(text, toks, i)
        ]
        if options:
            cut_after = rng.choice(options)
    damaged, starts, ends, cuts = _rebuild(text, toks, glue_after, cut_after)
    glued = tuple(
        (starts[i], ends[i + 1], toks[i][2], toks[i + 1][2], toks[i][2] in PARTICLES)
        for i in sorted(glue_after)
    )
    clean_words = tuple(
        (starts[i], ends[i], w) for i, (_, _, w) in enumerate(toks)
        if i not in used and _WORD_RE.match(w)
    )
    return Damaged(damaged, glued, clean_words, tuple(cuts))


#: glued rows per kind in ../shared/gold/dev/repairs.jsonl (its README: punct 494 +
#: particle+word+punct 2, particle+word 280, word+word 176, word+digit 55 + digit+word 47,
#: word+latin 22): the mix used when the gold file cannot be read
GOLD_MIX: dict[str, int] = {"punct": 496, "particle": 280, "word": 176, "digit": 102,
                            "latin": 22}
#: gold kinds -> the damage kinds of the second line
_KIND_OF: dict[str, str] = {"punct": "punct", "particle+word+punct": "punct",
                            "particle+word": "particle", "word+word": "word",
                            "word+digit": "digit", "digit+word": "digit", "word+latin": "latin"}
#: default probability, per token, of one glue drawn from the mix
DEFAULT_MIXED_RATE = 0.02
#: the particles of the gold's particle+word kind
_GLUE_PARTICLES: frozenset[str] = frozenset({"ما", "لا", "يا", "أو", "او"})
_PUNCT_END_RE = re.compile(r"^(?:[\u0621-\u063a\u0641-\u064a][\u064b-\u065f\u0670]*)+[.،:؛!؟]$")
_DIGITS_RE = re.compile(r"^[0-9\u0660-\u0669]+$")
_LATIN_RE = re.compile(r"^[A-Za-z]{2,}$")


def gold_mix(path: Path | None) -> tuple[dict[str, int], str]:
    """Glued rows per damage kind counted in a judged gold file, and where the mix came
    from (the path, or ``"GOLD_MIX constants"`` when ``path`` is ``None`` or unreadable)."""
    if path is not None:
        counts: dict[str, int] = {}
        try:
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line) if line.strip() else {}
                    kind = _KIND_OF.get(row.get("kind", "")) if row.get("verdict") == "glued" \
                        else None
                    if kind:
                        counts[kind] = counts.get(kind, 0) + 1
        except (OSError, ValueError):
            counts = {}
        if counts:
            return counts, str(path)
    return dict(GOLD_MIX), "GOLD_MIX constants"


def _pair_kind(a: str, b: str) -> str | None:
    """The damage kind of gluing tokens ``a`` and ``b``, or ``None`` when they are no site."""
    if _WORD_RE.match(b):
        if a in _GLUE_PARTICLES:
            return "particle"
        if _WORD_RE.match(a):
            return "word"
        if _PUNCT_END_RE.match(a):
            return "punct"
        if _DIGITS_RE.match(a) or _LATIN_RE.match(a):
            return "digit" if _DIGITS_RE.match(a) else "latin"
    elif _WORD_RE.match(a):
        if _DIGITS_RE.match(b):
            return "digit"
        if _LATIN_RE.match(b):
            return "latin"
    return None


def damage_mixed(text: str, rng: random.Random, mix: dict[str, int], rate: float
                 ) -> tuple[Damaged, dict[str, int]]:
    """Glue token pairs of ``text`` in the proportions of ``mix`` (see the module docstring).

    Returns:
        The damaged text (``glued`` entries carry their kind in place of the particle flag)
        and the draws dropped per kind because no unused pair of that kind was left.
    """
    toks = [(m.start(), m.end(), m.group()) for m in _LINE_TOKEN_RE.finditer(text)]
    sites: dict[str, list[int]] = {}
    for i in range(len(toks) - 1):
        if text[toks[i][1] : toks[i + 1][0]] == " ":
            kind = _pair_kind(toks[i][2], toks[i + 1][2])
            if kind is not None:
                sites.setdefault(kind, []).append(i)
    kinds = sorted(mix)
    weights = [mix[k] for k in kinds]
    used: set[int] = set()
    glue: dict[int, str] = {}
    dropped: dict[str, int] = {}
    for _ in range(len(toks)):
        if rng.random() >= rate:
            continue
        kind = rng.choices(kinds, weights)[0]
        free = [i for i in sites.get(kind, ()) if i not in used and i + 1 not in used]
        if not free:
            dropped[kind] = dropped.get(kind, 0) + 1
            continue
        i = rng.choice(free)
        glue[i] = kind
        used.update((i, i + 1))
    damaged, starts, ends, _ = _rebuild(text, toks, set(glue), None)
    glued = tuple((starts[i], ends[i + 1], toks[i][2], toks[i + 1][2], kind)
                  for i, kind in sorted(glue.items()))
    clean_words = tuple((starts[i], ends[i], w) for i, (_, _, w) in enumerate(toks)
                        if i not in used and _WORD_RE.match(w))
    return Damaged(damaged, glued, clean_words, ()), dropped


def evaluate_mixed(corpus: Path = DEFAULT_CORPUS, gold: Path | None = None,
                   rate: float = DEFAULT_MIXED_RATE, seed: int = 0,
                   limit: int | None = None, store: StoreEvidence | None = None) -> RepairEval:
    """The second line: damage in the gold's mix of glue kinds, then score as
    :func:`evaluate` does, with recall per kind (``to_dict()["recall_by_kind"]``).

    Args:
        corpus: JSONL file with ``id``, ``lang`` and ``text`` per row.
        gold: judged repairs whose glued rows give the mix (``None`` or unreadable:
            :data:`GOLD_MIX`); ``params["mix_source"]`` says which.
        rate: probability (0..1), per token, of one glue.
        seed: random seed; the same seed, corpus, mix and limit give the same figures.
        limit: evaluate only the first ``limit`` Arabic rows.
        store: the store's pair counts per article (:func:`store_evidence`), or ``None``.

    Raises:
        OSError: when the corpus cannot be read.
    """
    mix, source = gold_mix(gold)
    res = RepairEval(params={"corpus": str(corpus), "rate": rate, "seed": seed, "limit": limit,
                             "mix": mix, "mix_source": source})
    spent = 0.0
    for aid, text in read_corpus(corpus, limit):
        rng = random.Random(f"mixed:{seed}:{aid}")
        dmg, dropped = damage_mixed(text, rng, mix, rate)
        t0 = time.perf_counter()
        art = _clean(aid, dmg.text, store)
        spent += time.perf_counter() - t0
        _score(res, aid, art, dmg)
        for kind, n in dropped.items():
            res.by_kind.setdefault(kind, [0, 0, 0])[2] += n
        res.articles += 1
    res.seconds = round(spent, 3)
    return res


#: a store-evidence spec (:func:`store_evidence`): article id -> the pair counts its repair may read
StoreEvidence = Callable[[str], "PairCounts | None"]


def store_evidence(spec: str | None, corpus: Path) -> StoreEvidence | None:
    """The store's word-pair counts as the eval hands them to the ``store`` rule
    (:func:`mawsua.clean.merged.use_store_pairs`), so that no article's own glue is its
    own evidence:

    * ``"halves"``: counts of the undamaged text of half a of ``corpus`` for the articles of
      half b and the other way round (:func:`half_of`), as a store that had ingested the
      other half;
    * a path to a JSONL corpus: counts of all its Arabic rows for every article (e.g. the
      development corpus's counts while scoring corpus2); the scored corpus itself is read
      as ``"halves"``;
    * ``None``: no store evidence (the shipped table alone).

    Raises:
        OSError, MawsuaError: a corpus cannot be read (:func:`read_corpus`).
    """
    if not spec:
        return None
    if spec == "halves" or Path(spec).resolve() == corpus.resolve():
        texts: dict[str, list[str]] = {"a": [], "b": []}
        for aid, text in read_corpus(corpus):
            texts[half_of(aid)].append(text)
        counts = {h: Counts(*count_pairs(texts["b" if h == "a" else "a"])) for h in "ab"}
        return lambda aid: counts[half_of(aid)]
    one = Counts(*count_pairs(text for _, text in read_corpus(Path(spec))))
    return lambda aid: one


def _clean(aid: str, text: str, store: StoreEvidence | None) -> Article:
    """The clean stage on one damaged article, with its store evidence when given."""
    if store is None:
        return clean(_article(aid, text))
    before = use_store_pairs(store(aid))
    try:
        return clean(_article(aid, text))
    finally:
        use_store_pairs(before)


def _rebuild(text: str, toks: list[tuple[int, int, str]], glue_after: set[int],
             cut_after: int | None) -> tuple[str, dict[int, int], dict[int, int],
                                              list[tuple[int, int]]]:
    """``text`` with the space after each token index of ``glue_after`` removed and a fake
    block break (four line feeds) after token ``cut_after``: ``(damaged text, token starts,
    token ends, cut spans)``, offsets into the damaged text."""
    out: list[str] = []
    pos = new_pos = 0
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    cuts: list[tuple[int, int]] = []
    for i, (s, e, _) in enumerate(toks):
        gap = text[pos:s]
        if i - 1 in glue_after:
            gap = ""
        elif i - 1 == cut_after:
            cuts.append((new_pos, new_pos + 4))
            gap = "\n\n\n\n"
        out.append(gap)
        new_pos += len(gap)
        starts[i] = new_pos
        out.append(text[s:e])
        new_pos += e - s
        ends[i] = new_pos
        pos = e
    out.append(text[pos:])
    return "".join(out), starts, ends, cuts


def _mid_sentence(text: str, toks: list[tuple[int, int, str]], i: int) -> bool:
    """Token ``i`` and ``i + 1`` are plain words with one space between them, and the same
    line holds :data:`CUT_MIN_WORDS` plain tokens on each side."""
    if text[toks[i][1] : toks[i + 1][0]] != " ":
        return False
    for j in range(i - CUT_MIN_WORDS + 1, i + CUT_MIN_WORDS + 1):
        if not _WORD_RE.match(toks[j][2]):
            return False
        if j < i + CUT_MIN_WORDS and "\n" in text[toks[j][1] : toks[j + 1][0]]:
            return False
    return True


def _article(aid: str, text: str) -> Article:
    data = text.encode("utf-8")
    return Article(aid, Source(format="jsonl", sha256=sha256_hex(data)),
                   Metadata(language="ar"), text)


def evaluate(corpus: Path = DEFAULT_CORPUS, rate: float = DEFAULT_RATE, seed: int = 0,
             limit: int | None = None, particle_rate: float = DEFAULT_PARTICLE_RATE,
             cut_rate: float = DEFAULT_CUT_RATE, store: StoreEvidence | None = None
             ) -> RepairEval:
    """Damage the corpus, run the clean stage, and count what came back.

    Args:
        corpus: JSONL file with ``id``, ``lang`` and ``text`` per row.
        rate: probability (0..1) of gluing a random eligible word pair.
        seed: random seed; the same seed, corpus and limit give the same figures.
        limit: evaluate only the first ``limit`` Arabic rows.
        particle_rate: probability of gluing a pair whose first word is a particle.
        cut_rate: probability that an article gets one fake block break mid-sentence.
        store: the store's pair counts per article (:func:`store_evidence`), or ``None``.

    Returns:
        A :class:`RepairEval` (``to_dict()`` gives the JSON figures).

    Raises:
        OSError: when the corpus cannot be read.
    """
    res = RepairEval(params={"corpus": str(corpus), "rate": rate, "seed": seed, "limit": limit,
                             "particle_rate": particle_rate, "cut_rate": cut_rate})
    spent = 0.0
    for aid, text in read_corpus(corpus, limit):
        rng = random.Random(f"{seed}:{aid}")
        dmg = damage(text, rng, rate, particle_rate, cut_rate)
        t0 = time.perf_counter()
        art = _clean(aid, dmg.text, store)
        spent += time.perf_counter() - t0
        _score(res, aid, art, dmg)
        res.articles += 1
    res.seconds = round(spent, 3)
    return res


@lru_cache(maxsize=200_000)
def _rare(word: str) -> bool:
    return zipf(fold(word)) < RARE_ZIPF


def _score(res: RepairEval, aid: str, art: Article, dmg: Damaged) -> None:
    al = art.alignment
    out = art.text
    half = res.by_half.setdefault(half_of(aid), [0, 0, 0, 0, 0, 0])
    before = (res.glued_pairs, res.glued_restored, res.clean_words, res.false_splits,
              res.rare_words, res.rare_false_splits)
    _score_article(res, aid, art, dmg, al, out)
    after = (res.glued_pairs, res.glued_restored, res.clean_words, res.false_splits,
             res.rare_words, res.rare_false_splits)
    for i, (x, y) in enumerate(zip(before, after, strict=True)):
        half[i] += y - x


def _score_article(res: RepairEval, aid: str, art: Article, dmg: Damaged, al: Any,
                   out: str) -> None:
    for s, e, a, b, particle in dmg.glued:
        got = out[al.to_text(s) : al.to_text(e, "end")]
        ok = got == f"{a} {b}"
        res.glued_pairs += 1
        res.glued_restored += ok
        if isinstance(particle, str):  # the second line: the pair's damage kind
            counts = res.by_kind.setdefault(particle, [0, 0, 0])
            counts[0] += 1
            counts[1] += ok
        elif particle:
            res.particle_pairs += 1
            res.particle_restored += ok
        if not ok and len(res.missed) < MAX_EXAMPLES:
            res.missed.append(f"{aid}: {a}{b} -> {got}")
    merged = [(ed.raw_start, ed.raw_end) for ed in art.edits if ed.kind == "merged_words"]
    res.clean_words += len(dmg.clean_words)
    rare = {w for _, _, w in dmg.clean_words if _rare(w)}
    res.rare_words += sum(1 for _, _, w in dmg.clean_words if w in rare)
    if merged:
        for s, e, w in dmg.clean_words:
            if any(rs <= s and e <= re_ for rs, re_ in merged):
                got = out[al.to_text(s) : al.to_text(e, "end")]
                if got != w:
                    res.false_splits += 1
                    res.rare_false_splits += w in rare
                    if len(res.false_split_examples) < MAX_EXAMPLES:
                        res.false_split_examples.append(f"{aid}: {w} -> {got}")
    for s, e in dmg.cuts:
        res.cuts += 1
        res.cuts_restored += out[al.to_text(s) : al.to_text(e, "end")] == " "


__all__ = ["DEFAULT_CORPUS", "GOLD_MIX", "Damaged", "RepairEval", "damage", "damage_mixed",
           "evaluate", "evaluate_mixed", "gold_mix", "read_corpus", "store_evidence"]
