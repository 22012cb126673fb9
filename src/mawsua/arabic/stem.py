"""A conservative Arabic light stemmer for search keys.

Input is a single token already folded by :func:`mawsua.arabic.fold.fold` (no harakat or
tatweel, bare alef, ``ة`` → ``ه``, ``ى`` → ``ي``). The output is always a substring of the input
(only affixes are removed, no letter is changed), so a stem can be found in the folded text it
came from; the store relies on that to highlight matches.

Why not Snowball or Lucene's Arabic light stemmer: they strip a leading ``و`` whenever the rest
is long enough, so ``وزارة`` (ministry) becomes ``زار`` (visited) and a search for the ministry
returns visits. This stemmer keeps Light10's affix lists but strips the ambiguous affixes only
when word frequencies say the affix is really an affix.

Rules, applied in this order (at most one prefix group and one suffix):

1. Tokens of three letters or fewer, and tokens that are not all Arabic letters (Latin words,
   numbers), are returned unchanged.
2. Definite-article prefixes ``وال فال بال كال ولل لل ال`` (longest first) are always stripped
   when at least 3 letters remain. Source: Larkey, Ballesteros & Connell, "Light Stemming for
   Arabic Information Retrieval" (2007), the Light10 prefix list ``ال وال بال كال فال لل``;
   ``ولل`` (و + لل) is our addition; the 3-letter minimum stem is ours (Light10 allows 2), so
   ``الله`` is not turned into ``له``.
3. Otherwise a single-letter conjunction or preposition ``و ف ب ل ك`` (Light10 strips only
   ``و``; Khoja's and Light8's lists add ``ف ب ل ك``) is stripped only when at least 3 letters
   remain, the remainder is an attested word (folded Zipf frequency ≥ 3.0 in wordfreq's Arabic
   list) and the remainder is at least about as common as the whole word
   (``zipf(rest) + 0.3 ≥ zipf(word)``). So ``وقال`` → ``قال`` and ``ولكن`` → ``لكن``, but
   ``وزارة`` (5.5) keeps its ``و`` because ``زارة`` (3.4) is much rarer. After such a strip the
   article rule (2) is tried once more on the rest (``وبالتالي`` → ``تالي``).
4. One suffix, longest first, from Light10's list written in folded letters
   (``ها ان ات ون ين يه ه ي``, where ``يه``/``ه`` also cover ``ية``/``ة``) plus the pronoun
   suffixes ``هما هم`` (Light8/Khoja), stripped when at least 3 letters remain. The endings
   ``ان ين ون`` are also common in names (``لبنان``, ``فلسطين``, ``ايران``), so they are
   stripped only under the frequency test of rule 3 (``مسلمين`` → ``مسلم``, but ``لبنان`` stays,
   because ``لبن`` (milk) is far rarer than Lebanon).
5. Number words whose ending is not an affix keep it (:data:`WHOLE_NUMBER_WORDS`): the tens
   (``عشرين``/``عشرون`` "twenty", ... ``تسعين`` "ninety") would otherwise lose ``ين``/``ون``
   and meet their units (``عشرة`` "ten", ``ثلاثة`` "three"), ``عشرات`` ("tens of", "dozens")
   would meet ``عشرة``, and the ordinal ``الحادي`` ("eleventh", ``الحادي عشر``) would lose
   its ``ي`` and meet ``حاد`` ("sharp", ``انخفاض حاد``). A search for ``العشرين`` (the G20)
   found ``عشرة متمردين`` (user test s21, F8). The twenties/thirties as decades
   (``العشرينات``) still lose ``ات`` and meet ``عشرين``.

Frequencies come from :mod:`mawsua.arabic.lexicon` (wordfreq's Arabic list, offline, folded
with the same :func:`~mawsua.arabic.fold.fold` and summed per folded form, loaded once on first
use from a memory-mapped trie shipped as package data; words rarer than Zipf 3.0 never pass the tests below, so the table's floor does
not change any result).
Without wordfreq the frequency-guarded rules never fire (the stemmer gets more conservative,
never less). Results are memoised, so stemming a token already seen costs one dict lookup.

Must hold (tests/arabic/test_stem.py): ``الرئيس``, ``والرئيس``, ``للرئيس`` share a stem;
``وزارة`` and ``زار`` do not; ``مدرسة``/``مدرسه`` give the same stem after folding.
"""

from __future__ import annotations

from functools import lru_cache

from mawsua.arabic.lexicon import table, zipf

#: definite-article prefixes, longest first (Light10 + ولل)
ARTICLE_PREFIXES: tuple[str, ...] = ("وال", "فال", "بال", "كال", "ولل", "لل", "ال")
#: single-letter conjunctions/prepositions, stripped only under the frequency test
LETTER_PREFIXES: frozenset[str] = frozenset("وفبلك")
#: suffixes always stripped (min stem 3), longest first
SUFFIXES: tuple[str, ...] = ("هما", "ها", "هم", "ات", "يه", "ه", "ي")
#: suffixes that are often the end of a name: stripped only under the frequency test
GUARDED_SUFFIXES: tuple[str, ...] = ("ان", "ين", "ون")
#: folded number words (after the article or a proclitic) returned whole (rule 5): the tens
#: in both cases, ``عشرات`` and the ordinal ``حادي``; each of their endings looks like a
#: suffix but stripping it gives another number (or another word)
WHOLE_NUMBER_WORDS: frozenset[str] = frozenset(
    [u + end for u in ("عشر", "ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع")
     for end in ("ين", "ون")] + ["عشرات", "حادي"])
#: shortest stem any rule may leave
MIN_STEM = 3
#: a remainder must be at least this common (Zipf scale: log10 of frequency per 10^9 words)
MIN_ZIPF = 3.0
#: a remainder may be this much rarer (in Zipf units) than the whole word and still be taken
ZIPF_MARGIN = 0.3
_ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B))
#: the shared folded frequency table (kept under its old name for callers of this module)
_table = table


def _affix_is_real(word: str, rest: str) -> bool:
    """The frequency test of rules 3 and 4: ``rest`` is attested and not much rarer than
    ``word``."""
    zr = zipf(rest)
    return zr >= MIN_ZIPF and zr + ZIPF_MARGIN >= zipf(word)


def _strip_article(word: str) -> str | None:
    for p in ARTICLE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= MIN_STEM:
            return word[len(p):]
    return None


@lru_cache(maxsize=65_536)
def stem(token: str) -> str:
    """Return the light stem of one folded token (see the module docstring for the rules).

    Args:
        token: a single folded word (output of :func:`mawsua.arabic.fold.tokens`).

    Returns:
        A substring of ``token``: the token itself when no rule applies (short words,
        non-Arabic tokens, words whose affixes look like part of the word).
    """
    if len(token) <= MIN_STEM or not all(c in _ARABIC_LETTERS for c in token):
        return token
    word = token
    rest = _strip_article(word)
    if rest is None and word[0] in LETTER_PREFIXES and len(word) - 1 >= MIN_STEM:
        candidate = word[1:]
        if _affix_is_real(word, candidate):
            rest = _strip_article(candidate) or candidate
    if rest is not None:
        word = rest
    if word in WHOLE_NUMBER_WORDS:
        return word
    for s in SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= MIN_STEM:
            return word[: -len(s)]
    for s in GUARDED_SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= MIN_STEM:
            candidate = word[: -len(s)]
            if _affix_is_real(word, candidate):
                return candidate
            break
    return word


class _Memo(dict[str, str]):
    """token -> :func:`stem`; a plain dict look-up per token (cheaper than ``lru_cache``'s
    wrapper or a Python-level call), in two generations as :class:`mawsua.arabic.memo.Generations`
    (~180 B a word): this dict is the current generation; a word it misses is taken from
    :attr:`old` or stemmed, and when it holds :attr:`max_size` words they become :attr:`old`
    (the previous old ones are dropped). At most ``2 * max_size`` words (~14 MB), and the
    frequent words stay (was: one dict of 100,000 cleared when full, so every word was
    stemmed again after each clearing; ``bench/bench_worker_memory.py``)."""

    max_size = 40_000
    old: dict[str, str] = {}

    def __missing__(self, token: str) -> str:
        st = self.old.get(token)
        if st is None:
            st = stem.__wrapped__(token)
        if len(self) >= self.max_size:
            self.old = dict(self)  # bounded: a long-running worker stays flat
            self.clear()
        self[token] = st
        return st


_MEMO = _Memo()
#: :func:`stem` through one per-process dict memo, for the callers that stem every word of
#: every article (the full-text columns, the connect terms): one cache of each word's stem
#: per process instead of one per caller
stem_memo = _MEMO.__getitem__


def stems(tokens: list[str]) -> list[str]:
    """Stem each folded token (memoised per token)."""
    return [stem(t) for t in tokens]
