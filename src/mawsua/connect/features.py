"""Per-article features for connecting the news: computed from one article alone.

Everything here is a pure function of one :class:`~mawsua.model.Article` (no store, no other
article), so ingest workers compute it in parallel and the single writer only links
(:mod:`mawsua.connect.link`). The result, :class:`Features`, is plain data that pickles
cheaply and serialises to JSON.

- **Body**: the repaired text without the ``boilerplate``, ``related_links``, ``byline`` and
  ``dateline`` blocks (so an outlet's frame around the same copy does not matter), folded
  (:func:`mawsua.arabic.fold.tokens`).
- **Exact key**: the first 16 bytes of the SHA-256 of the folded body tokens joined by one
  space: the same words after repair, whatever the outlet, URL, breadcrumb, whitespace or
  boilerplate around them.
- **MinHash signature** (numpy, :data:`NUM_PERM` permutations, :func:`signature`) over word shingles of
  :data:`SHINGLE_WORDS` folded words, stored as ``NUM_PERM`` little-endian uint32 values, and
  its LSH band keys (:data:`BANDS` bands of :data:`ROWS` rows; see :mod:`mawsua.connect.dedup`).
- **Terms**: TF-IDF over light stems (:func:`mawsua.arabic.stem.stem`) of the folded words,
  title words counted :data:`TITLE_BOOST` times. The IDF is a *fixed* table — the word's Zipf
  frequency in general language (Arabic: the shipped lexicon built from wordfreq; other
  scripts: wordfreq) — never the store's own document counts, so that a story does not depend
  on the order in which articles arrived. Only the :data:`MAX_TERMS` heaviest terms are kept,
  L2-normalised.
- **Entities**: canonical names of the ``entities`` layer (the same across languages:
  ``حلب`` and ``Aleppo`` are both ``Aleppo``); **numbers**: values of the ``quantities`` layer
  (≥ 2, not years); **dates**: resolved ``timexes`` that are calendar dates.
- **Time**: ``published`` (UTC) or ``published_local``, else the source's crawl time
  (``metadata.extra["crawled"]``: an article seen at a crawl was published by then), as
  ``YYYY-MM-DDTHH:MM:SS``; ``None`` when none is known.
- **Sections**: country and topic votes (:mod:`mawsua.connect.sections`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from wordfreq import zipf_frequency

from mawsua.arabic import lexicon
from mawsua.arabic.fold import tokens
from mawsua.arabic.memo import Generations
from mawsua.arabic.stem import stem_memo
from mawsua.model import Article
from mawsua.model.features import KEY_TERMS, Features

__all__ = ["KEY_TERMS", "Features", "features"]

#: MinHash permutations (each stored as 4 bytes: a 256-byte signature)
NUM_PERM = 64
#: LSH bands x rows = NUM_PERM; a pair is a candidate when one band agrees. With 16 x 4 the
#: chance of becoming a candidate is 1 - (1 - J^4)^16: 0.64 at J = 0.5, 0.96 at J = 0.7
#: and 0.015 at J = 0.2 (the S-curve's midpoint is (1/16)^(1/4) = 0.5, the near-duplicate
#: threshold). Tuned on the corpus: tests/connect and docs/connect.md.
BANDS = 16
ROWS = NUM_PERM // BANDS
#: words per shingle (3: wire copy re-edited by newspapers keeps most 3-word runs; 5-word
#: shingles lose near-duplicates whose words were lightly re-edited — see docs/connect.md)
SHINGLE_WORDS = 5
#: the signature scheme written with each stored signature (connect_features.sig_scheme):
#: 2 = numpy multiply-shift MinHash over BLAKE2b word hashes (:func:`signature`); 1 was
#: datasketch's affine32 over SHA-1 shingle hashes (store migration 13 queues those for
#: recomputing: :func:`mawsua.app.connect.refresh_signatures`)
SIG_SCHEME = 2
#: MinHash seed (fixed: signatures stored in a database must stay comparable)
SEED = 1
#: words per memo of :func:`idf`, :func:`term_of` and :func:`word_hash` (per process; ~0.2 KB
#: a word)
MEMO_WORDS = 50_000
#: fewest body words for a body to have an exact key and a signature (shorter items —
#: captions of photo pages, "كاريكاتير" — are not deduplicated by text)
MIN_WORDS = 8
#: the heaviest terms kept per article
MAX_TERMS = 40
#: how many times a title word counts
TITLE_BOOST = 3
#: IDF of a word = max(0, IDF_CEILING - zipf): a word used once per billion words (zipf 0, or
#: unknown) weighs IDF_CEILING, a function word (zipf >= 6.5) nothing
IDF_CEILING = 6.5
#: IDF from which a headline word is distinctive enough to tie two reports (a name, a place,
#: a rare word; not "receives", "minister")
TITLE_TERM_MIN_IDF = 3.0
#: words shorter than this are never terms
MIN_TERM_CHARS = 3
#: blocks that are not the article's own words
NON_BODY_BLOCKS = frozenset({"boilerplate", "related_links", "byline", "dateline"})

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_rng = np.random.Generator(np.random.PCG64(SEED))
#: the permutations' multipliers (odd) and offsets: fixed by SEED, so stored signatures stay
#: comparable across processes, runs and versions of numpy (PCG64 is a stable stream)
_PERM_A = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2)
#: base of the polynomial that combines a shingle's word hashes (an odd 64-bit constant)
_SHINGLE_BASE = np.uint64(0x9E3779B97F4A7C15)


def body_text(article: Article) -> str:
    """The article's own words: ``text`` without the blocks in :data:`NON_BODY_BLOCKS`."""
    cut = [(b.start, b.end) for b in article.layer("blocks") if b.label in NON_BODY_BLOCKS]
    if not cut:
        return article.text
    parts = []
    pos = 0
    for start, end in sorted(cut):
        if start > pos:
            parts.append(article.text[pos:start])
        pos = max(pos, end)
    parts.append(article.text[pos:])
    return "\n".join(parts)


def exact_key(words: list[str]) -> bytes | None:
    """16-byte key of a folded word list (``None`` under :data:`MIN_WORDS` words)."""
    if len(words) < MIN_WORDS:
        return None
    return hashlib.sha256(" ".join(words).encode("utf-8")).digest()[:16]


def shingles(words: list[str], k: int = SHINGLE_WORDS) -> set[bytes]:
    """The distinct ``k``-word shingles of ``words`` as UTF-8 bytes (one shingle of all the
    words when there are fewer than ``k``). For reading and tests: :func:`signature` hashes
    the same shingles from word hashes without building them."""
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


@lru_cache(maxsize=MEMO_WORDS)
def word_hash(word: str) -> int:
    """A stable 64-bit hash of a folded word (BLAKE2b, 8 bytes, little-endian, unsigned): the
    same in every process and run (unlike Python's randomised ``hash``), computed once per
    word type and memoised."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8,
                                          person=b"mawsua-w").digest(), "little")


_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)


def _mix(h: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser over uint64 values, IN PLACE (wrapping arithmetic; returns
    ``h``): every input bit reaches every output bit, so that values combined linearly look
    random."""
    h ^= h >> _S30
    h *= _M1
    h ^= h >> _S27
    h *= _M2
    h ^= h >> _S31
    return h


def shingle_hashes(words: list[str], k: int = SHINGLE_WORDS,
                   records: dict[str, WordRecord] | None = None) -> np.ndarray:
    """uint64 hashes of the ``k``-word shingles of ``words`` (one per position; repeats are
    harmless to a minimum): the :func:`word_hash` values of a window combined as a base-``P``
    polynomial (order matters: ``a b`` is not ``b a``) and mixed (:func:`_mix`). Fewer than
    ``k`` words: one hash of all of them. Stable across processes and runs. ``records``: the
    :func:`word_records` of (at least) these words, when the caller has them."""
    recs = word_records(words) if records is None else records
    hashes = {w: r.hash for w, r in recs.items()}
    h = np.fromiter(map(hashes.__getitem__, words), dtype=np.uint64, count=len(words))
    width = min(k, len(h))
    if not width:
        return h
    out = h[: len(h) - width + 1].copy()
    for j in range(1, width):
        out *= _SHINGLE_BASE
        out += h[j : len(h) - width + 1 + j]
    return _mix(out + np.uint64(width))


def signature(words: list[str], records: dict[str, WordRecord] | None = None) -> bytes:
    """MinHash signature of the shingles of ``words``: ``NUM_PERM`` uint32, little-endian
    (``b""`` under :data:`MIN_WORDS` words).

    Permutation ``i`` maps a shingle hash ``x`` to the high 32 bits of
    ``mix(a_i * x + b_i mod 2^64)`` (``a_i`` odd; :func:`_mix`, so that the permutations
    share no linear structure), computed for every shingle and every permutation at once
    with numpy, and keeps the minimum: the share of equal values of two signatures estimates
    the Jaccard similarity of their shingle sets, as any MinHash does (:data:`SIG_SCHEME` 2;
    scheme 1 was datasketch's SHA-1 per shingle). Without the mix the plain multiply-shift
    values misjudged ~10 % more corpus pairs near the threshold (mean of 8 seeds: 102 against
    datasketch's 92 of 826 pairs with a shingle Jaccard of 0.25-0.8; with it, 96).
    ``records``: as for :func:`shingle_hashes`."""
    if len(words) < MIN_WORDS:
        return b""
    v = np.multiply.outer(_PERM_A, shingle_hashes(words, records=records))  # NUM_PERM x shingles, wrapping
    v += _PERM_B[:, None]
    _mix(v)
    # the high 32 bits of the minimum are the minimum of the high 32 bits (monotone)
    return (v.min(axis=1) >> np.uint64(32)).astype("<u4").tobytes()


def band_keys(sig: bytes) -> tuple[int, ...]:
    """The LSH band keys of a signature: for band ``i``, a signed 64-bit hash of ``i`` and
    its :data:`ROWS` values (empty for an empty signature)."""
    if not sig:
        return ()
    step = ROWS * 4
    out = []
    for i in range(BANDS):
        h = hashlib.blake2b(sig[i * step : (i + 1) * step], digest_size=8, person=b"band%d" % i)
        out.append(int.from_bytes(h.digest(), "little", signed=True))
    return tuple(out)


@lru_cache(maxsize=MEMO_WORDS)
def idf(word: str) -> float:
    """Fixed inverse document frequency of a folded word: ``IDF_CEILING - zipf`` (≥ 0), with
    the Arabic lexicon for Arabic letters and wordfreq's *small* English list otherwise (words
    of Zipf ≥ 3; rarer ones weigh the ceiling; the large list would cost each worker process
    ~50 MB)."""
    z = lexicon.zipf(word) if _ARABIC.search(word) else zipf_frequency(word, "en",
                                                                         wordlist="small")
    return max(0.0, IDF_CEILING - z)


@lru_cache(maxsize=MEMO_WORDS)
def term_of(word: str) -> str | None:
    """The term a folded word counts under (its light stem; English: without a plural ``s``),
    or ``None`` for digits and words under :data:`MIN_TERM_CHARS` characters."""
    if len(word) < MIN_TERM_CHARS or word.isdigit():
        return None
    if _ARABIC.search(word):
        return stem_memo(word)
    if word.isascii() and len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class WordRecord(NamedTuple):
    """What the connect features need of one folded word type, computed once per type."""

    #: :func:`term_of` (``None``: the word is no term)
    term: str | None
    #: :func:`idf` when there is a term, else 0.0
    idf: float
    #: :func:`word_hash`
    hash: int


def _record(w: str) -> WordRecord:
    t = term_of.__wrapped__(w)
    return WordRecord(t, idf.__wrapped__(w) if t is not None else 0.0,
                      word_hash.__wrapped__(w))


#: word -> :class:`WordRecord`, the connect features' one memo per word type (two generations
#: of :data:`MEMO_WORDS` words; it replaces the features' earlier term/IDF dict and their use of
#: :func:`word_hash`'s cache, each of ``MEMO_WORDS``): the features' term, IDF and hash
#: look-ups are one dict look-up per word type; the functions' own caches are left to other
#: callers
_WORDS: Generations[WordRecord] = Generations(_record, MEMO_WORDS)


def word_records(words: Iterable[str]) -> dict[str, WordRecord]:
    """``word -> WordRecord`` for the distinct words of ``words`` (in first-seen order)."""
    get, miss = _WORDS.new.get, _WORDS.miss
    return {w: get(w) or miss(w) for w in dict.fromkeys(words)}


def terms_or_words(words: list[str], records: dict[str, WordRecord] | None = None
                   ) -> list[str]:
    """``term_of(w) or w`` for each word, in order (the topic rules' keys). ``records``: the
    :func:`word_records` of (at least) these words, when the caller has them."""
    recs = word_records(words) if records is None else records
    key = {w: recs[w].term or w for w in dict.fromkeys(words)}
    return list(map(key.__getitem__, words))


def term_vector(title_words: list[str], body_words: list[str],
                records: dict[str, WordRecord] | None = None,
                body_counts: Counter[str] | None = None) -> tuple[tuple[str, float], ...]:
    """TF-IDF terms of an article: ``(term, weight)``, heaviest first (ties by term), at most
    :data:`MAX_TERMS`, L2 norm 1 (empty when no word weighs anything).

    ``records`` (:func:`word_records` of the title and body words) and ``body_counts``
    (``Counter(body_words)``): when the caller has them; the result is the same."""
    if records is None:
        records = word_records([*body_words, *title_words])
    tf: dict[str, int] = {}
    weight: dict[str, float] = {}
    for counts, boost in ((Counter(body_words) if body_counts is None else body_counts, 1),
                          (Counter(title_words), TITLE_BOOST)):
        for w, k in counts.items():  # each word type once (counted in C)
            t, i, _ = records[w]
            if t is None or i <= 0:
                continue
            tf[t] = tf.get(t, 0) + boost * k
            if i > weight.get(t, 0.0):
                weight[t] = i
    # heaviest first, ties by term: sorting (-weight, term) pairs in C (terms are distinct)
    scored = sorted([(-((1 + math.log(c)) * weight[t]), t) for t, c in tf.items()])[:MAX_TERMS]
    norm = math.sqrt(sum(w * w for w, _ in scored))
    if not norm:
        return ()
    return tuple((t, -w / norm) for w, t in scored)


def story_time(article: Article) -> str | None:
    """The time an article belongs to (module docstring), ``YYYY-MM-DDTHH:MM:SS``."""
    md = article.metadata
    for value in (md.published, md.published_local, md.extra.get("crawled")):
        if not value or not isinstance(value, str):
            continue
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            continue
        if dt.tzinfo is not None:
            dt = dt.astimezone(UTC).replace(tzinfo=None)
        return dt.replace(microsecond=0).isoformat()
    return None


def _numbers(article: Article) -> tuple[int, ...]:
    out: set[int] = set()
    for q in article.layer("quantities"):
        v = q.attrs.get("value")
        if isinstance(v, bool) or not isinstance(v, int | float):
            continue
        if not _plain_number(v):
            continue
        out.add(int(v))
    return tuple(sorted(out))


def _plain_number(v: float) -> bool:
    return v == int(v) and 2 <= v <= 10**12 and not 1900 <= v <= 2100


def title_numbers(title_words: list[str]) -> tuple[int, ...]:
    """Numbers written in digits among folded title words (≥ 2, not years), sorted. Decimal
    digits of any script count (``١٨``); superscripts and other digit-like signs (``¹``,
    which ``str.isdigit`` accepts but ``int`` refuses) do not."""
    return tuple(sorted({int(w) for w in title_words if w.isdecimal() and len(w) <= 12
                         and _plain_number(int(w))}))


def title_terms(title_words: list[str], records: dict[str, WordRecord] | None = None
                ) -> tuple[str, ...]:
    """Terms of folded headline words whose IDF is at least :data:`TITLE_TERM_MIN_IDF`
    (``records``: their :func:`word_records`, when the caller has them)."""
    recs = word_records(title_words) if records is None else records
    out = set()
    for w in title_words:
        t, i, _ = recs[w]
        if t is not None and i >= TITLE_TERM_MIN_IDF:
            out.add(t)
    return tuple(sorted(out))


def _dates(article: Article) -> tuple[str, ...]:
    out = set()
    for t in article.layer("timexes"):
        v = t.attrs.get("value")
        if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
            out.add(v)
    return tuple(sorted(out))


def entities(article: Article) -> tuple[str, ...]:
    """Distinct canonical names of the article's ``entities`` layer, sorted."""
    out = set()
    for s in article.layer("entities"):
        c = s.attrs.get("canonical")
        if isinstance(c, str) and c.strip():
            out.add(c.strip())
    return tuple(sorted(out))


def body_words(article: Article, text_words: list[str] | None = None) -> list[str]:
    """Folded words of :func:`body_text`. ``text_words`` — the folded tokens of the whole
    ``article.text`` (:func:`mawsua.arabic.fold.tokens`), when the caller has them (the
    store's full-text columns) — are reused when no block is cut, instead of folding the same
    words again."""
    if text_words is not None and not any(
            b.label in NON_BODY_BLOCKS for b in article.layer("blocks")):
        return text_words
    return tokens(body_text(article))


def features(article: Article, text_words: list[str] | None = None,
             title_words: list[str] | None = None) -> Features:
    """Compute the :class:`Features` of one article (pure; ~1 ms for a news article).

    Args:
        article: the processed article.
        text_words, title_words: the folded tokens of ``article.text`` and of the headline
            (:func:`mawsua.arabic.fold.tokens`) when the caller already has them (ingest
            shares one tokenisation between these features and the full-text columns);
            computed here otherwise. The result is the same either way.

    Never raises for odd content: a short or empty body gives no exact key and no signature.
    """
    # one module per concern
    from mawsua.connect.sections import countries, headline_countries, mention_countries, topics

    md = article.metadata
    body = body_words(article, text_words)
    all_title = tokens(md.title or "") if title_words is None else title_words
    title_words = all_title if not md.title_derived else []
    counts = Counter(body)
    # one memo look-up per word type for the signature, the terms and the topic keys
    records = word_records([*counts, *all_title])
    sig = signature(body, records)
    known = mention_countries(article)  # the article's own place links, for its headline
    return Features(
        exact_key=exact_key(body),
        signature=sig,
        bands=band_keys(sig),
        terms=term_vector(title_words, body, records, counts),
        entities=entities(article),
        numbers=_numbers(article),
        title_numbers=title_numbers(all_title),
        title_terms=title_terms(all_title, records),
        dates=_dates(article),
        time=story_time(article),
        language=md.language,
        title=md.title,
        outlet=md.outlet,
        countries=countries(article, text_words if text_words is not None else None,
                            all_title, known),
        topics=topics(title_words, body, terms_or_words(title_words, records),
                      terms_or_words(body, records), counts),
        title_countries=headline_countries(md.title or "", known) if title_words else (),
    )
