"""The offline Arabic word-frequency lexicon, folded like the search key.

Source: :mod:`wordfreq` (bundled data, no network), Arabic ``"best"`` list (for Arabic the
``"large"`` list: ~620,000 words from Wikipedia, subtitles, news, web text and Twitter,
down to a frequency of 1e-8). Every word is folded with :func:`mawsua.arabic.fold.fold`
(no harakat or tatweel, bare alef, ``ة`` → ``ه``, ``ى`` → ``ي``) and the frequencies of words
that fold alike are summed, so a lookup never depends on how a text spells alef or teh
marbuta. Display text always keeps its own letters; this table is only for decisions.

The table (~540,000 folded forms) is built once, on first use, in about 0.8 s, and shared by
the light stemmer (:mod:`mawsua.arabic.stem`) and the merged-word repair
(:mod:`mawsua.clean.merged`). Without wordfreq the table is empty: every word is unknown, so
the frequency-guarded rules of its users never fire (they get more conservative, never less).

Frequencies are per word (0..1); the Zipf scale is ``log10(frequency * 1e9)``: ~7.5 for
``في``, ~4 for an ordinary news word, 1.0 for the rarest listed words, 0.0 for unknown ones.
"""

from __future__ import annotations

import math
import threading

from mawsua.arabic.fold import fold

#: folded forms rarer than this (per word) are not kept; wordfreq's Arabic list ends at 1e-8
TABLE_FLOOR = 1e-8

_freqs: dict[str, float] | None = None
_lock = threading.Lock()


def table() -> dict[str, float]:
    """The folded Arabic frequency table (folded word -> frequency per word), built once.

    Returns:
        The shared table; callers must not mutate it. Empty when wordfreq is missing.
    """
    global _freqs
    if _freqs is None:
        with _lock:
            if _freqs is None:
                _freqs = _build()
    return _freqs


def _build() -> dict[str, float]:
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


def frequency(word: str) -> float:
    """Frequency per word (0.0 when unknown) of a *folded* Arabic word."""
    return table().get(word, 0.0)


def zipf(word: str) -> float:
    """Zipf frequency (log10 per 10^9 words; 0.0 when unknown) of a *folded* Arabic word."""
    f = table().get(word, 0.0)
    return math.log10(f * 1e9) if f > 0 else 0.0


__all__ = ["TABLE_FLOOR", "frequency", "table", "zipf"]
