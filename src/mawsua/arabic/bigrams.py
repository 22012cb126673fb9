"""Word-pair counts of Arabic news text: evidence that two words are written side by side.

The merged-word repair (:mod:`mawsua.clean.merged`) cuts a glued run ``w1w2`` on frequencies
alone only when the pair is *plausible*: the two words are seen apart, one after the other,
in running Arabic news text often enough, compared with how often the joined form is seen.
Word frequencies (:mod:`mawsua.arabic.lexicon`) say each part is a word; this table says the
pair occurs.

Data: ``mawsua/data/bigrams_ar.marisa``, a MARISA trie (:mod:`marisa_trie`) of the keys
below, and ``mawsua/data/bigrams_ar.counts``, one little-endian uint32 count per trie key id;
both memory-mapped read-only (milliseconds to open). The keys:

* ``"w1 w2"`` → how often the folded word ``w1`` is directly followed by ``w2`` (one space,
  no punctuation between them, both all Arabic letters), for pairs seen at least
  :data:`MIN_PAIR_COUNT` times;
* ``"w1w2"`` → how often that joined form occurs as a token of its own, for the joined forms
  of the kept pairs that occur at all (a pair written joined as often as apart is a word, or
  a spelling, not glue);
* :data:`TOTAL_KEY` → the number of word tokens counted;
* ``"w" + NAME_SUFFIX`` → how often the folded word ``w`` is tagged as (part of) a person's
  name in the tagged text (ANERcorp's training part), for words tagged so in at least half
  of their occurrences there (:meth:`Bigrams.person_name`: class evidence that a part of a
  glued run is a given name or surname, not a common word).

Words are folded like the search key (:func:`mawsua.arabic.fold.fold`: no harakat or tatweel,
bare alef, ``ة`` → ``ه``, ``ى`` → ``ي``), so a lookup never depends on spelling.

Built by ``bench/build_bigrams.py`` (see its docstring for the sources and the split that
keeps the synthetic eval's test articles out of the table: half ``a`` of the development
corpus by article id, half ``a`` of the second corpus, and ANERcorp's training text). When the
file is missing the table is empty: no pair is plausible, so the repair only gets more
conservative.
"""

from __future__ import annotations

import array
import math
import mmap
import os
import re
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from mawsua.arabic.fold import fold

#: where the shipped file lives (package data)
DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "bigrams_ar.marisa"
#: the counts beside it (uint32 per key id)
COUNTS_FILE = DATA_FILE.with_suffix(".counts")
#: the key holding the number of word tokens counted (no word holds a "#")
TOTAL_KEY = "#tokens"
#: the suffix of the person-name keys (no word holds a "@")
NAME_SUFFIX = "@"
#: pairs seen fewer times than this are not kept (bounded size; one sighting is no evidence)
MIN_PAIR_COUNT = 2
#: a token is a word when it is all Arabic letters after folding and outer punctuation
_WORD_RE = re.compile("^[\u0621-\u063a\u0641-\u064a]+$")
#: punctuation that may stand outside a word (a pair never spans one: see :func:`count_pairs`)
_OUTER = "«»\"'()[]{}.,،؛:;!؟?-…"


class Bigrams:
    """Read-only pair and joined-form counts over the memory-mapped data files.

    Args:
        path: the trie written by :func:`save`, its counts beside it with the suffix
            ``.counts`` (``None``: an empty table).

    Raises:
        OSError: a file is unreadable; ValueError: the two files do not match.
    """

    __slots__ = ("_get", "_counts", "_mm", "_trie", "_sides", "total")

    def __init__(self, path: Path | None) -> None:
        self._get: Callable[[str], int | None] | None = None
        self._counts: Sequence[int] = ()
        self._mm: mmap.mmap | None = None
        self._trie = None
        self._sides: tuple[Callable[[str], list[str]], frozenset[str]] | None = None
        self.total = 0
        if path is not None:
            import marisa_trie

            trie = marisa_trie.Trie()
            trie.mmap(str(path))
            with open(path.with_suffix(".counts"), "rb") as fh:
                mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            if len(mm) != 4 * len(trie):
                mm.close()
                raise ValueError(f"{path}: pair table files do not match (rebuild them)")
            counts: Sequence[int] = memoryview(mm).cast("I")
            if sys.byteorder != "little":  # pragma: no cover - the file is little-endian
                arr = array.array("I", mm)
                arr.byteswap()
                counts = arr
            self._get, self._counts, self._mm, self._trie = trie.get, counts, mm, trie
            i = trie.get(TOTAL_KEY)
            self.total = counts[i] if i is not None else 0

    def _count(self, key: str) -> int:
        if self._get is None:
            return 0
        i = self._get(key)
        return 0 if i is None else self._counts[i]

    def pair(self, first: str, second: str) -> int:
        """How often folded ``first`` is followed by folded ``second`` (0 when unseen or
        seen fewer than :data:`MIN_PAIR_COUNT` times)."""
        return self._count(f"{first} {second}")

    def joined(self, word: str) -> int:
        """How often the joined form of a kept pair occurs as one token (0 otherwise)."""
        return self._count(word)

    def person_name(self, word: str) -> int:
        """How often folded ``word`` is tagged as part of a person's name in the tagged text
        counted (0 when never, or when tagged so in fewer than half of its occurrences)."""
        return self._count(word + NAME_SUFFIX)

    def first_words(self, run: str) -> list[str]:
        """The first words of kept pairs that begin ``run`` (a folded letter run), shortest
        first: the only left parts a pair can back (one call into a trie of first words,
        built on first use from the table's keys, ~50 ms; empty for an empty table)."""
        return self._first_words()[0](run)

    def is_second(self, word: str) -> bool:
        """Whether ``word`` is the second word of some kept pair."""
        return word in self._first_words()[1]

    def _first_words(self) -> tuple[Callable[[str], list[str]], frozenset[str]]:
        got = self._sides
        if got is None:
            import marisa_trie

            firsts: set[str] = set()
            seconds: set[str] = set()
            for key in self._trie.iterkeys() if self._trie is not None else ():
                a, sep, b = key.partition(" ")
                if sep and not key.endswith(NAME_SUFFIX):
                    firsts.add(a)
                    seconds.add(b)
            got = self._sides = (marisa_trie.Trie(firsts).prefixes, frozenset(seconds))
        return got

    def pair_zipf(self, first: str, second: str) -> float:
        """The pair's frequency on the Zipf scale (``log10`` of occurrences per 10^9 tokens,
        like :func:`mawsua.arabic.lexicon.zipf`), 0.0 when unseen."""
        c = self.pair(first, second)
        return math.log10(c * 1e9 / self.total) if c and self.total else 0.0


class Counts:
    """Pair and token counts held in memory (:func:`count_pairs`'s result): the same
    look-ups as :class:`Bigrams` (:class:`mawsua.model.PairCounts`), for counts built at run
    time (the synthetic eval's store evidence; a store's counts before they are saved).

    Args:
        total: word tokens counted.
        pairs: pair counts keyed ``"w1 w2"``.
        words: token counts keyed by word (the joined forms are read from it).
    """

    __slots__ = ("total", "_pairs", "_words")

    def __init__(self, total: int, pairs: Counter[str], words: Counter[str]) -> None:
        self.total, self._pairs, self._words = total, pairs, words

    def pair(self, first: str, second: str) -> int:
        """How often folded ``first`` is followed by folded ``second``."""
        return self._pairs.get(f"{first} {second}", 0)

    def joined(self, word: str) -> int:
        """How often ``word`` occurs as a token."""
        return self._words.get(word, 0)

    def pair_zipf(self, first: str, second: str) -> float:
        """The pair's frequency on the Zipf scale, 0.0 when unseen."""
        c = self.pair(first, second)
        return math.log10(c * 1e9 / self.total) if c and self.total else 0.0


_table: Bigrams | None = None
_lock = threading.Lock()


def table() -> Bigrams:
    """The shipped table, opened once (empty when the data file is missing)."""
    global _table
    got = _table
    if got is None:
        with _lock:
            if _table is None:
                have = DATA_FILE.is_file() and COUNTS_FILE.is_file()
                _table = Bigrams(DATA_FILE if have else None)
            got = _table
    return got


def count_pairs(texts: Iterable[str]) -> tuple[int, Counter[str], Counter[str]]:
    """Count folded word tokens and adjacent word pairs in ``texts``.

    A token is a white-space-separated string that is all Arabic letters once folded and
    stripped of outer punctuation. Two tokens form a pair when they stand on one line with
    nothing but white space between them: the first has no punctuation after its letters,
    the second none before them (``قال، إن`` is no pair).

    Returns:
        ``(number of word tokens, pair counts keyed "w1 w2", token counts keyed by word)``.
    """
    pairs: Counter[str] = Counter()
    words: Counter[str] = Counter()
    n = 0
    for text in texts:
        for line in fold(text).split("\n"):
            prev: str | None = None  # the previous token, when it may start a pair
            for tok in line.split():
                core = tok.strip(_OUTER)
                if not core or _WORD_RE.match(core) is None:
                    prev = None
                    continue
                n += 1
                words[core] += 1
                if prev is not None and tok.startswith(core):
                    pairs[f"{prev} {core}"] += 1
                prev = core if tok.endswith(core) else None
    return n, pairs, words


def person_names(tagged: Iterable[tuple[str, str]]) -> Counter[str]:
    """Folded words tagged as part of a person's name (``B-PERS``/``I-PERS``) in at least
    half of their occurrences in ``tagged`` (``(token, BIO tag)`` pairs), with how often
    they are tagged so."""
    pers: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for tok, tag in tagged:
        w = fold(tok).strip(_OUTER)
        if not w or _WORD_RE.match(w) is None:
            continue
        seen[w] += 1
        if tag.endswith("PERS"):
            pers[w] += 1
    return Counter({w: n for w, n in pers.items() if 2 * n >= seen[w]})


def save(path: Path, total: int, pairs: Counter[str], words: Counter[str],
         min_count: int = MIN_PAIR_COUNT, names: Counter[str] | None = None) -> int:
    """Write the trie of the pairs seen ≥ ``min_count`` times, the token counts of their
    joined forms, the person-name counts ``names`` (:func:`person_names`) and ``total`` to
    ``path``, the counts to ``path`` with suffix ``.counts``.

    Returns:
        The number of pairs kept.
    """
    import marisa_trie

    kept = {k: v for k, v in pairs.items() if v >= min_count}
    items: dict[str, int] = dict(kept)
    for k in kept:
        whole = k.replace(" ", "")
        if words.get(whole):
            items[whole] = words[whole]
    for w, n in (names or {}).items():
        items[w + NAME_SUFFIX] = n
    items[TOTAL_KEY] = total
    trie = marisa_trie.Trie(items)
    counts = array.array("I", bytes(4 * len(trie)))
    for key, i in trie.items():
        counts[i] = min(items[key], 2**32 - 1)
    if sys.byteorder != "little":  # pragma: no cover - the file is little-endian
        counts.byteswap()
    # written beside and renamed over: a process that has the old files memory-mapped keeps
    # reading them (rewriting a mapped file in place kills its readers with SIGBUS)
    tmp = path.with_name(path.name + ".tmp")
    tmp_counts = path.with_suffix(".counts").with_name(path.with_suffix(".counts").name + ".tmp")
    trie.save(str(tmp))
    tmp_counts.write_bytes(counts.tobytes())
    os.replace(tmp_counts, path.with_suffix(".counts"))
    os.replace(tmp, path)
    return len(kept)


__all__ = ["COUNTS_FILE", "DATA_FILE", "MIN_PAIR_COUNT", "NAME_SUFFIX", "TOTAL_KEY", "Bigrams",
           "Counts",
           "count_pairs", "person_names", "save", "table"]
