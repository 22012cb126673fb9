"""The offline Arabic word-frequency lexicon, folded like the search key.

Source: :mod:`wordfreq` (bundled data, no network), Arabic ``"best"`` list (for Arabic the
``"large"`` list: ~620,000 words from Wikipedia, subtitles, news, web text and Twitter,
down to a frequency of 1e-8). Every word is folded with :func:`mawsua.arabic.fold.fold`
(no harakat or tatweel, bare alef, ``ة`` → ``ه``, ``ى`` → ``ي``) and the frequencies of words
that fold alike are summed, so a lookup never depends on how a text spells alef or teh
marbuta. Display text always keeps its own letters; this table is only for decisions.

Storage: the table (~540,000 folded forms) ships as package data, memory-mapped read-only,
so loading takes milliseconds and forked or spawned processes share one copy in the page
cache instead of each building a ~70 MB dict:

* ``mawsua/data/lexicon_ar.marisa``: a MARISA trie (:mod:`marisa_trie`) of the folded forms;
  the trie gives each form a key id;
* ``mawsua/data/lexicon_ar.freq``: the magic ``b"MWLEXAR1"``, the number of keys and of
  distinct frequencies (two little-endian uint32), the distinct frequencies (float64,
  descending), then one uint16 per key id: the index of its frequency. Summed frequencies
  are kept exactly (~38,000 distinct values), so lookups return the very floats a dict
  built from wordfreq holds.

Rebuild both files (after upgrading wordfreq or changing folding) with::

    python -m mawsua.arabic.lexicon --build

tests/arabic/test_lexicon.py checks the shipped files against a fresh build from wordfreq
(size, a random sample and the most frequent forms). When the files are missing (a
development tree) the table is built from wordfreq on first use (~0.8 s, ~70 MB per
process); without wordfreq too it is empty: every word is unknown, so the frequency-guarded
rules of its users never fire (they get more conservative, never less).

Users: the light stemmer (:mod:`mawsua.arabic.stem`) and the merged-word repair
(:mod:`mawsua.clean.merged`). Frequencies are per word (0..1); the Zipf scale is
``log10(frequency * 1e9)``: ~7.5 for ``في``, ~4 for an ordinary news word, 1.0 for the
rarest listed words, 0.0 for unknown ones.
"""

from __future__ import annotations

import math
import mmap
import os
import re
import struct
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from mawsua.arabic.fold import fold

#: folded forms rarer than this (per word) are not kept; wordfreq's Arabic list ends at 1e-8
TABLE_FLOOR = 1e-8
#: where the shipped files live (package data)
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TRIE_NAME = "lexicon_ar.marisa"
FREQ_NAME = "lexicon_ar.freq"
_MAGIC = b"MWLEXAR1"
_HEADER = struct.Struct("<8sII")  # magic, number of keys, number of distinct frequencies

_lex: Mapping[str, float] | None = None
_log10 = math.log10
_lock = threading.Lock()


class Lexicon(Mapping[str, float]):
    """Read-only mapping folded word -> frequency over the memory-mapped data files.

    Args:
        directory: the folder holding :data:`TRIE_NAME` and :data:`FREQ_NAME`.

    Raises:
        OSError: a file is missing or unreadable; ValueError: the files do not match.
    """

    __slots__ = ("_trie", "_values", "_index", "_mm", "_trie_get")

    def __init__(self, directory: Path) -> None:
        import marisa_trie

        trie = marisa_trie.Trie()
        trie.mmap(str(directory / TRIE_NAME))
        with open(directory / FREQ_NAME, "rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        magic, n_keys, n_values = _HEADER.unpack_from(mm, 0)
        a = _HEADER.size
        b = a + 8 * n_values
        if magic != _MAGIC or len(mm) != b + 2 * n_keys or n_keys != len(trie):
            mm.close()
            raise ValueError(f"{directory}: lexicon files do not match (rebuild them)")
        view = memoryview(mm)
        values = view[a:b].cast("d")
        index = view[b:].cast("H")
        if sys.byteorder != "little":  # pragma: no cover - the files are little-endian
            import array

            values, index = array.array("d", view[a:b]), array.array("H", view[b:])
            values.byteswap()
            index.byteswap()
        self._trie = trie
        self._trie_get = trie.get
        self._values = values
        self._index = index
        self._mm = mm

    def get(self, key: object, default: float | None = None) -> float | None:  # type: ignore[override]
        """Frequency of the folded word ``key``, or ``default`` when it is not listed."""
        if not isinstance(key, str):
            return default
        i = self._trie_get(key)
        return default if i is None else self._values[self._index[i]]

    def __getitem__(self, key: str) -> float:
        got = self.get(key)
        if got is None:
            raise KeyError(key)
        return got

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.iterkeys())

    def at_least(self, min_frequency: float) -> frozenset[str]:
        """The forms with frequency ≥ ``min_frequency`` (a pass over the key ids, no
        dict of the whole table)."""
        values = self._values
        cut = 0  # values are descending: indices < cut qualify
        while cut < len(values) and values[cut] >= min_frequency:
            cut += 1
        if cut == 0:
            return frozenset()
        restore = self._trie.restore_key
        return frozenset(restore(i) for i, v in enumerate(self._index) if v < cut)


def table() -> Mapping[str, float]:
    """The folded Arabic frequency table (folded word -> frequency per word), opened once.

    Returns:
        The shared read-only mapping (``in``, ``get``, ``[]``, ``len``, iteration): the
        memory-mapped :class:`Lexicon`, or a dict built from wordfreq when the data files
        are missing (empty without wordfreq).
    """
    global _lex
    lex = _lex
    if lex is None:
        with _lock:
            if _lex is None:
                _lex = _open()
            lex = _lex
    return lex


def _open() -> Mapping[str, float]:
    if (DATA_DIR / TRIE_NAME).is_file() and (DATA_DIR / FREQ_NAME).is_file():
        try:
            return Lexicon(DATA_DIR)
        except ImportError:  # pragma: no cover - marisa-trie is a dependency
            pass
    return _build()


def _build() -> dict[str, float]:
    """The table as a dict, straight from wordfreq (the builder and the fallback)."""
    out: dict[str, float] = {}
    try:
        from wordfreq import get_frequency_list
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return out
    # bins of words by centibel: bin i holds words of frequency 10 ** (-i / 100)
    for i, words in enumerate(get_frequency_list("ar", wordlist="best")):
        f = 10.0 ** (-i / 100)
        if f < TABLE_FLOOR:
            break
        get = out.get
        for word in words:
            key = fold(word)
            old = get(key)
            out[key] = f if old is None else old + f  # one shared float per bin
    # wordfreq memoises the whole list (~620k words); we keep only our table
    cache_clear = getattr(get_frequency_list, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()
    return out


def build(directory: Path = DATA_DIR) -> tuple[int, int]:
    """Write :data:`TRIE_NAME` and :data:`FREQ_NAME` into ``directory`` from wordfreq.

    The files are written next to their targets and renamed over them, so processes that
    have the old files mapped keep a consistent view.

    Returns:
        ``(number of forms, number of distinct frequencies)``.
    """
    import marisa_trie

    freqs = _build()
    if not freqs:
        raise RuntimeError("wordfreq is not installed: nothing to build")
    values = sorted(set(freqs.values()), reverse=True)
    if len(values) > 0xFFFF:
        raise RuntimeError(f"{len(values)} distinct frequencies do not fit a uint16 index")
    rank = {v: i for i, v in enumerate(values)}
    trie = marisa_trie.Trie(freqs)
    index = [0] * len(trie)
    for word, f in freqs.items():
        index[trie.key_id(word)] = rank[f]
    directory.mkdir(parents=True, exist_ok=True)
    tmp_trie = directory / (TRIE_NAME + ".tmp")
    tmp_freq = directory / (FREQ_NAME + ".tmp")
    trie.save(str(tmp_trie))
    with open(tmp_freq, "wb") as fh:
        fh.write(_HEADER.pack(_MAGIC, len(index), len(values)))
        fh.write(struct.pack(f"<{len(values)}d", *values))
        fh.write(struct.pack(f"<{len(index)}H", *index))
    os.replace(tmp_trie, directory / TRIE_NAME)
    os.replace(tmp_freq, directory / FREQ_NAME)
    return len(index), len(values)


def _getter(lex: Mapping[str, float]) -> Callable[[str], float]:
    """The fastest ``word -> frequency (0.0 when unknown)`` function for ``lex``."""
    if isinstance(lex, Lexicon):
        trie_get, values, index = lex._trie_get, lex._values, lex._index

        def get(word: str) -> float:
            i = trie_get(word)
            return 0.0 if i is None else values[index[i]]

        return get
    dict_get = lex.get
    return lambda word: dict_get(word, 0.0)  # type: ignore[return-value]


def _first_get(word: str) -> float:
    global _fget
    _fget = _getter(table())
    return _fget(word)


_fget: Callable[[str], float] = _first_get


def frequency(word: str) -> float:
    """Frequency per word (0.0 when unknown) of a *folded* Arabic word."""
    return _fget(word)


def zipf(word: str) -> float:
    """Zipf frequency (log10 per 10^9 words; 0.0 when unknown) of a *folded* Arabic word."""
    f = _fget(word)
    return _log10(f * 1e9) if f > 0 else 0.0


def zipf_getter() -> Callable[[str], float]:
    """A function equal to :func:`zipf` that costs one Python call per look-up (the Zipf
    value of each distinct frequency computed once): for hot loops such as the merged-word
    scorer (:mod:`mawsua.clean.merged`). Opens the table on first use, as :func:`zipf`."""
    lex = table()
    if not isinstance(lex, Lexicon):
        return zipf
    get, index = lex._trie_get, lex._index
    zipfs = tuple(_log10(v * 1e9) if v > 0 else 0.0 for v in lex._values)

    def fast_zipf(word: str) -> float:
        i = get(word)
        return 0.0 if i is None else zipfs[index[i]]

    return fast_zipf


def common_words(min_frequency: float) -> frozenset[str]:
    """The folded forms whose frequency is at least ``min_frequency``."""
    lex = table()
    if isinstance(lex, Lexicon):
        return lex.at_least(min_frequency)
    return frozenset(w for w, f in lex.items() if f >= min_frequency)


@lru_cache(maxsize=8192)
def final_yeh(stem: str) -> str:
    """ى or ي for a word ``stem`` + final yeh: the commoner whole word in wordfreq's small Arabic
    list (``الماضى`` → ي, as Egyptian print writes every final ي; ``إلى``, ``مستشفى`` → ى), else
    ى. The small list (words of Zipf >= 3, ~20 MB loaded) rather than the large one (~110 MB):
    rarer words keep ى."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return "\u0649"
    maqsura = zipf_frequency(stem + "\u0649", "ar", wordlist="small")
    yeh = zipf_frequency(stem + "\u064a", "ar", wordlist="small")
    return "\u064a" if yeh > maqsura else "\u0649"


# from a word's start only: unanchored, every position of a long letter run holding a ى
# would scan to the run's end again (quadratic: 80,000 letters took 24 s, user test s24)
_FINAL_MAQSURA = re.compile("(?<![\u0621-\u064a])([\u0621-\u064a]+)\u0649(?![\u0621-\u064a])")


def yeh_spelled(text: str) -> str:
    """``text`` with every word-final ى that stands for ي (:func:`final_yeh`) written ي, same
    length, so offsets into it are offsets into ``text``: for rules written with the standard
    spelling to match Egyptian print (``الثانى والعشرين``, ``الأسبوع الماضى``)."""
    if "\u0649" not in text:
        return text
    return _FINAL_MAQSURA.sub(lambda m: m.group(1) + final_yeh(m.group(1)), text)


def _main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m mawsua.arabic.lexicon",
                                 description="Build the shipped Arabic lexicon files.")
    ap.add_argument("--build", action="store_true", help="write the data files from wordfreq")
    ap.add_argument("--out", type=Path, default=DATA_DIR, help="target folder (package data)")
    args = ap.parse_args(argv)
    if not args.build:
        ap.print_help()
        return 2
    n, nv = build(args.out)
    sizes = sum((args.out / name).stat().st_size for name in (TRIE_NAME, FREQ_NAME))
    print(f"{n} forms, {nv} distinct frequencies, {sizes / 1e6:.2f} MB in {args.out}")
    return 0


__all__ = ["DATA_DIR", "FREQ_NAME", "TABLE_FLOOR", "TRIE_NAME", "Lexicon", "build",
           "common_words", "frequency", "table", "zipf", "zipf_getter"]

if __name__ == "__main__":
    raise SystemExit(_main())
