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
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mawsua.arabic.fold import fold
from mawsua.arabic.lexicon import zipf
from mawsua.clean import clean
from mawsua.config import shared_path
from mawsua.errors import MawsuaError
from mawsua.model import Article, Metadata, Source, sha256_hex

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
        return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 5) if b else None


@dataclass(frozen=True, slots=True)
class Damaged:
    """One damaged article: its text and what was done to it (offsets into ``text``)."""

    text: str
    #: (start, end, first word, second word) of each glued pair
    glued: tuple[tuple[int, int, str, str, bool], ...]
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
    out: list[str] = []
    pos = 0
    new_pos = 0
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
    glued = tuple(
        (starts[i], ends[i + 1], toks[i][2], toks[i + 1][2], toks[i][2] in PARTICLES)
        for i in sorted(glue_after)
    )
    clean_words = tuple(
        (starts[i], ends[i], w) for i, (_, _, w) in enumerate(toks)
        if i not in used and _WORD_RE.match(w)
    )
    return Damaged("".join(out), glued, clean_words, tuple(cuts))


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
             cut_rate: float = DEFAULT_CUT_RATE) -> RepairEval:
    """Damage the corpus, run the clean stage, and count what came back.

    Args:
        corpus: JSONL file with ``id``, ``lang`` and ``text`` per row.
        rate: probability (0..1) of gluing a random eligible word pair.
        seed: random seed; the same seed, corpus and limit give the same figures.
        limit: evaluate only the first ``limit`` Arabic rows.
        particle_rate: probability of gluing a pair whose first word is a particle.
        cut_rate: probability that an article gets one fake block break mid-sentence.

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
        art = clean(_article(aid, dmg.text))
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
    for s, e, a, b, particle in dmg.glued:
        got = out[al.to_text(s) : al.to_text(e, "end")]
        ok = got == f"{a} {b}"
        res.glued_pairs += 1
        res.glued_restored += ok
        if particle:
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


__all__ = ["DEFAULT_CORPUS", "Damaged", "RepairEval", "damage", "evaluate", "read_corpus"]
