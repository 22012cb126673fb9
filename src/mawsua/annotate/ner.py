"""Statistical named-entity tagger: a linear-chain CRF (python-crfsuite) over word tokens.

The model is trained on ANERcorp (Benajiba, Rosso & Benedí, CICLing 2007: ~150k tokens of
Arabic newswire, hand-annotated with BIO tags PERS / ORG / LOC / MISC; the train part of the
CAMeL Lab-style split, reconstructed in ``../shared/ner/README.md``). ANERcorp was released
by its author as freely available **for research use**; no licence file accompanies it. The
shipped model (``mawsua/data/ner/ner.crfsuite``) holds only learnt feature weights, never the
corpus text; ``ner.json`` next to it records the training facts (data sha256, split, feature
version, held-out scores). Retrain with ``mawsua train ner`` (:mod:`mawsua.app.train_ner`).

Public API:

* :func:`tokenize` — ``text -> list[(start, end)]`` code-point offsets of whitespace tokens
  split from punctuation (clitics stay attached, as in ANERcorp: ``والعراق`` is one token).
* :func:`tag` — ``list[str] tokens -> list[str]`` BIO tags (``B-PERS``, ``I-LOC``, ``O``...).
* :func:`predict_spans` — ``text -> list[Span]`` entity spans labelled ``PERSON``,
  ``ORGANIZATION``, ``LOCATION`` or ``MISC`` with ``attrs`` ``{"source": "crf",
  "confidence": float 0..1}`` and, when the first token carries a proclitic (و ف ب ل ك before
  the name), ``"proclitic": "و"`` so downstream code can trim it (``start`` still covers it).
* :func:`ner_mentions` — the same over an :class:`~mawsua.model.Article`, sentence by
  sentence when its ``"sentences"`` layer is set.
* :func:`tag_document` / :func:`propagate` — tags of the sentences of one document with
  document-level label propagation (used by :func:`predict_spans` over its whole range).
* :func:`token_features` — the feature strings of a sentence (used by training).

Document level (:func:`propagate`, on in :func:`predict_spans` and :func:`ner_mentions`):
held-out F1 0.683 → 0.692 (P 0.770 → 0.765, R 0.614 → 0.631; ±5 sentences as the document),
dev fold 0.714 → 0.735 (P 0.814 → 0.818), news gold entity mentions P 0.843 → 0.846,
R 0.642 → 0.644. Gazetteer-membership features (places of the shipped CLDR/GeoNames
gazetteer, Faker's Arabic first and family names, organisation/place head nouns, title
words) and stems/lexicon values at ±2 were measured on the dev fold and left out (0.713,
0.708, 0.720 together, 0.707; news gold P no higher). Older figures, sentence by sentence:
Quality (held-out last 10% of the train file, see ``ner.json``): F1 0.694 overall (LOC 0.86,
PERS 0.66, ORG 0.59, MISC 0.55), precision 0.78 > recall 0.63; the out-of-fold training
lexicon feature (``lx=``) added 2.1 F1 points on the dev slice (0.694 → 0.715), while
word clusters from multilingual-e5 embeddings of 45k wordfreq stems, a phrase lexicon and
title-trigger features added nothing there (0.710, 0.716, 0.707). Features v4 add word
clusters (:mod:`.wordclusters`: k-means at 64/256/1024 over Universal Sentence Encoder v3
vectors of 102k word forms) of the word and of its neighbours at ±1: dev slice (last 10% of
the training part) 0.714 → 0.728 (P 0.814 → 0.817, R 0.636 → 0.657; ORG +5.4, LOC +0.8,
PERS +0.8, MISC −2.8), held-out 0.683 → 0.694. Tried on the dev slice and left out: the
clusters of the words at ±2 too (0.718), hierarchical clusters (each of 64 clusters split in
4, then 4 again: 0.707), the stem's clusters for forms missing from the table (no effect,
see :data:`STEM_BACKOFF`), clusters learned from the development corpora by
``mawsua train clusters`` on top (0.719 against 0.718 with ±2; PERS +3.5, ORG −2.2).
ANERcorp text is from ~2007:
names that appear later (``الكاظمي``, ``بايدن``) are found from context only (``جو بايدن``,
``رئيس الوزراء مصطفى الكاظمي``) and often missed alone; the gazetteer and rule parts of the
``entities`` layer are there for those. Speed (``bench/bench_entities.py``, CPU time, warm,
500 corpus articles): ``predict_spans`` 2.85 ms per article on an idle core at session 25's
start with the default numpy engine (:mod:`.crf_numpy`: the model's weights read once,
per-word cached attribute rows, Viterbi and forward-backward over the document's sentences;
the same labels as CRFsuite, confidences within 1e-14), ~35 % of that since (1.57 against
4.51 ms side by side at load ~15: the compiled kernel ``_crf_kernel`` for the state-score
sums, Viterbi and marginals, and less Python per token; docs/speed.md), ~4.4 ms with
``MAWSUA_NER_ENGINE=crfsuite`` (the shipped model given only the attributes it knows, see
:func:`_tagger_items`).

The model is loaded lazily, once per process (:func:`load`). A missing model file raises
``FileNotFoundError`` on first use.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from itertools import accumulate, chain
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from mawsua.annotate.crf_numpy import (
    CrfModel,
    item_scores,
    read_model,
    state_scores,
)
from mawsua.annotate.crf_numpy import decode as crf_decode
from mawsua.annotate.wordclusters import ClusterTable
from mawsua.arabic.charsets import OTHER_ARABIC_SCRIPT_LETTERS, PERSIAN_LETTERS, URDU_LETTERS
from mawsua.arabic.fold import fold
from mawsua.arabic.lexicon import zipf
from mawsua.model import Article, Span

#: bump when features change: a model trained with other features must be retrained
FEATURES_VERSION = 4
#: shipped model and its training facts
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "ner"
MODEL_PATH = DATA_DIR / "ner.crfsuite"
FACTS_PATH = DATA_DIR / "ner.json"
#: ANERcorp type -> span label of the ``entities`` layer (docs/annotations.md)
LABELS: dict[str, str] = {
    "PERS": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION", "MISC": "MISC",
}
#: proclitics that may be reported in ``attrs["proclitic"]`` (conjunctions, prepositions)
PROCLITICS = ("و", "ف", "ب", "ل", "ك")

# words: letters/digits with harakat, tatweel and joiners inside; or one other visible char
_TOKEN_RE = re.compile(
    r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d])+"
    r"|[^\s\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
_SENT_END = frozenset({".", "!", "?", "؟", "…"})
_LATIN_RE = re.compile(r"[A-Za-z]")
_ARABIC_RE = re.compile(r"[\u0621-\u064a]")
_DIGIT_RE = re.compile(r"\d")
# folded proclitic clusters, longest first: conjunction + preposition + article
_CLITIC_RE = re.compile(r"^(و|ف)?(ب|ل|ك)?(ال)?(?=..)")
_GAZ: tuple[frozenset[str], frozenset[str]] | None = None
#: per-word features: own features, folded, stem, shape, suffix2, clitics, zipf, lexicon value,
#: cluster features (``u0=12``..., given to the neighbours with their offset in front)
_Word = tuple[tuple[str, ...], str, str, str, str, str, str, str, tuple[str, ...]]

# --- training lexicon ---------------------------------------------------------------------------
#: the shipped model's training lexicon (stem -> value), written by ``mawsua train ner``
LEXICON_PATH = DATA_DIR / "lexicon.tsv"
#: lexicon value of a stem never seen in training
LEX_UNKNOWN = "UNK"
_LEXICON: dict[str, str] | None = None


def lexicon_value(counts: Mapping[str, int]) -> str:
    """The lexicon value of a stem from its training tag counts (``{"LOC": 7, "O": 1}``:
    type without B-/I-, or ``O``): the majority type, then ``h`` (share >= 0.8), ``m``
    (>= 0.5) or ``l``, then ``1`` when the stem was seen fewer than 3 times (``LOCh``,
    ``Om1``). After the *stem→type* gazetteer features of Arabic NER systems built on
    ANERcorp (Benajiba & Rosso 2008); computed out-of-fold at training time so that the
    model learns how far to trust it on words it has not seen."""
    total = sum(counts.values())
    typ, k = max(counts.items(), key=lambda kv: (kv[1], kv[0] == "O", kv[0]))
    share = k / total
    band = "h" if share >= 0.8 else ("m" if share >= 0.5 else "l")
    return typ + band + ("1" if total < 3 else "")


def build_lexicon(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, str]:
    """stem -> :func:`lexicon_value` over ``(tokens, BIO tags)`` sentences."""
    counts: dict[str, dict[str, int]] = {}
    for toks, tags in sentences:
        for tok, tg in zip(toks, tags, strict=True):
            c = counts.setdefault(stem_of(tok), {})
            typ = tg[2:] if tg != "O" else "O"
            c[typ] = c.get(typ, 0) + 1
    return {st: lexicon_value(c) for st, c in counts.items()}


def stem_of(tok: str) -> str:
    """The folded, proclitic-stripped stem used by the features (``والعراق`` -> ``عراق``)."""
    f = fold(tok)
    m = _CLITIC_RE.match(f) if _shape(tok) == "ar" else None
    return f[m.end():] if m and m.end() else f


def read_lexicon(path: Path) -> dict[str, str]:
    """A lexicon file (``stem<TAB>value`` lines, UTF-8); empty when the file does not exist."""
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            st, _, val = line.rstrip("\n").partition("\t")
            if st and val:
                out[st] = val
    return out


def write_lexicon(lex: Mapping[str, str], path: Path) -> None:
    """Write ``lex`` as sorted ``stem<TAB>value`` lines (deterministic bytes)."""
    path.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(lex.items())), encoding="utf-8")


def lexicon() -> dict[str, str]:
    """The default model's training lexicon (:data:`LEXICON_PATH` beside the shipped model, or
    beside the model of :data:`MODEL_ENV`), loaded once; empty if absent."""
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = read_lexicon(lexicon_path_for(default_model_path()))
    return _LEXICON


# --- word clusters ------------------------------------------------------------------------------
#: the shipped word-cluster table (USE v3 vectors, k-means; see :mod:`.wordclusters`)
CLUSTERS_PATH = DATA_DIR / "clusters_use.mwc"
#: environment variable: path of a model trained by ``mawsua train ner --out PATH`` (e.g. with
#: a local cluster table learned from the store) that the tagger uses instead of the shipped one
MODEL_ENV = "MAWSUA_NER_MODEL"
#: feature-name prefix of the shipped table and of a model's local table
SHIPPED_PREFIX = "u"
LOCAL_PREFIX = "l"
#: cluster levels (0 = coarsest) given to the words at +-2; all levels go to +-1. None: on the
#: dev slice clusters at +-2 (levels 0-1) lowered F1 (0.728 without them, 0.718 with them)
FAR_LEVELS: tuple[int, ...] = ()
#: look up the stem (clitics stripped) of a word missing from a table (features ``u0s=``...).
#: Off: every training form is in the shipped table, so a model never sees these features in
#: training and learns no weight for them (measured: the same model with and without)
STEM_BACKOFF = False
Tables = tuple[tuple[str, ClusterTable], ...]
_TABLES: Tables | None = None


def default_model_path() -> Path:
    """The model the tagger uses by default: ``$MAWSUA_NER_MODEL`` when set, else the shipped
    :data:`MODEL_PATH`."""
    env = os.environ.get(MODEL_ENV)
    return Path(env) if env else MODEL_PATH


def local_clusters_path_for(model: Path) -> Path:
    """The local cluster table that goes with a model file (``NAME.clusters.mwc`` beside it);
    the shipped model has none."""
    model = Path(model)
    return model.with_name(model.stem + ".clusters.mwc")


def _trained_prefixes(model: Path) -> set[str] | None:
    """The cluster-table prefixes a model's facts file (``NAME.json``) lists under
    ``clusters``; ``None`` when there is no readable facts file."""
    try:
        facts = json.loads(Path(model).with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {c.get("prefix") for c in facts.get("clusters") or () if isinstance(c, dict)}


def cluster_tables_for(model: Path, *, from_facts: bool = True) -> Tables:
    """The cluster tables a model was trained with: the shipped table (prefix ``u``, when the
    file exists) and the model's local table (prefix ``l``, when
    :func:`local_clusters_path_for` exists) — with ``from_facts``, only those its facts file
    lists (the shipped model, trained without clusters, lists none; see the module doc).

    Raises ``ValueError`` when a table file is malformed."""
    wanted = _trained_prefixes(model) if from_facts else None
    out: list[tuple[str, ClusterTable]] = []
    if CLUSTERS_PATH.is_file() and (wanted is None or SHIPPED_PREFIX in wanted):
        out.append((SHIPPED_PREFIX, ClusterTable.read(CLUSTERS_PATH)))
    local = local_clusters_path_for(model)
    if local.is_file() and (wanted is None or LOCAL_PREFIX in wanted):
        out.append((LOCAL_PREFIX, ClusterTable.read(local)))
    return tuple(out)


def cluster_tables() -> Tables:
    """The default model's cluster tables (:func:`cluster_tables_for`), loaded once."""
    global _TABLES
    if _TABLES is None:
        _TABLES = cluster_tables_for(default_model_path())
    return _TABLES


def cluster_features(f: str, stem: str, tables: Tables) -> tuple[str, ...]:
    """Cluster features of a word (folded ``f``, its ``stem``): ``PREFIX + level + "=" + id``
    for each table and level (``u0=12``, ``u1=200``, ``u2=1000``), from the word's own entry
    or, when it has none, from its stem's (:data:`STEM_BACKOFF`, ``u0s=12``...)."""
    out: list[str] = []
    for p, t in tables:
        ids = t.ids(f)
        mark = ""
        if ids is None and STEM_BACKOFF and stem != f:
            ids = t.ids(stem)
            mark = "s"
        if ids is not None:
            out.extend(f"{p}{lv}{mark}={c}" for lv, c in enumerate(ids))
    return tuple(out)


def seen_as_word(tok: str) -> bool:
    """Whether the stem of ``tok`` was tagged ``O`` at least 80% of the time in the shipped
    model's training data (lexicon value ``Oh``/``Oh1``): an ordinary word, not a name."""
    return lexicon().get(stem_of(tok), "").startswith("Oh")


def lexicon_path_for(model: Path) -> Path:
    """The lexicon file that goes with a model file (``ner.crfsuite`` -> ``lexicon.tsv``
    for the shipped name, else ``NAME.lexicon.tsv`` beside it)."""
    model = Path(model)
    if model.name == MODEL_PATH.name:
        return model.with_name(LEXICON_PATH.name)
    return model.with_name(model.stem + ".lexicon.tsv")


def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """Folded Arabic territory names from CLDR (babel): (one-word names, words of longer names).

    Forms with and without the article ``ال`` are both kept.
    """
    global _GAZ
    if _GAZ is None:
        import babel

        single: set[str] = set()
        parts: set[str] = set()
        for name in babel.Locale("ar").territories.values():
            words = fold(name).split()
            if len(words) == 1:
                single.add(words[0])
                if words[0].startswith("ال") and len(words[0]) > 4:
                    single.add(words[0][2:])
            else:
                parts.update(w for w in words if len(w) > 2)
        _GAZ = frozenset(single), frozenset(parts - single)
    return _GAZ


def _shape(tok: str) -> str:
    if _ARABIC_RE.search(tok):
        return "ar" if not _DIGIT_RE.search(tok) else "ard"
    if _DIGIT_RE.search(tok):
        return "d" if tok.isdigit() else "dx"
    if _LATIN_RE.search(tok):
        return "LAT" if tok.isupper() else ("Lat" if tok[:1].isupper() else "lat")
    return "p:" + tok if len(tok) == 1 else "sym"


#: words whose features are cached per process (LRU: the frequent words, which make most tokens,
#: stay; ~75-85% of lookups hit); entries are ~20 feature strings each, so the size is kept small
_CACHE_WORDS = 5_000


@lru_cache(maxsize=_CACHE_WORDS)
def _word(tok: str) -> _Word:
    """:func:`word_features` of ``tok`` with the default model's lexicon and tables, cached."""
    return word_features(tok, lexicon(), cluster_tables())


def word_features(tok: str, lex: Mapping[str, str], tables: Tables = ()) -> _Word:
    """Per-word features: (own features, folded, stem, shape, suffix2, clitics, zipf, lexicon,
    cluster features).

    ``stem`` is the folded word with its proclitic cluster (و/ف, ب/ل/ك, ال) stripped,
    keeping at least two letters; ``lexicon`` is the training-lexicon value of the stem
    (:func:`lexicon_value`), also an own feature ``lx=``; cluster features come from
    ``tables`` (:func:`cluster_features`), also own features.
    """
    f, shape, stem, clit, z, zs, gaz, lx, cl = _word_parts(tok, lex, tables)
    feats = [
        "w=" + tok, "f=" + f, "st=" + stem, "sh=" + shape, "cl=" + clit,
        "p1=" + stem[:1], "p2=" + stem[:2], "p3=" + stem[:3], "p4=" + stem[:4],
        "s1=" + f[-1:], "s2=" + f[-2:], "s3=" + f[-3:], "s4=" + f[-4:],
        "len=" + str(min(len(stem), 10)), "z=" + z, "zs=" + zs,
    ]
    if f.startswith("ال"):
        feats.append("al")
    if gaz:
        feats.append("gaz=" + gaz)
    feats.append("lx=" + lx)
    feats.extend(cl)
    return tuple(feats), f, stem, shape, f[-2:], clit, zs, lx, cl


#: the values :func:`word_features` builds its feature strings from: (folded, shape, stem,
#: clitics, zipf bucket, stem's zipf bucket, gazetteer hit ``"LOC"``/``"LOCpart"``/``""``,
#: lexicon value, cluster features)
_Parts = tuple[str, str, str, str, str, str, str, str, tuple[str, ...]]


def _word_parts(tok: str, lex: Mapping[str, str], tables: Tables) -> _Parts:
    """The values of :func:`word_features` before they are made strings (shared with the
    numpy engine, which looks them up as attribute ids without building the strings)."""
    f = fold(tok)
    shape = _shape(tok)
    m = _CLITIC_RE.match(f) if shape == "ar" else None
    stem = f[m.end():] if m and m.end() else f
    clit = f[: len(f) - len(stem)]
    z = zipf(f) if shape == "ar" else 0.0
    zs = zipf(stem) if stem != f else z
    single, parts = _gazetteer()
    gaz = "LOC" if stem in single or f in single else (
        "LOCpart" if stem in parts or f in parts else "")
    lx = lex.get(stem, LEX_UNKNOWN)
    cl = cluster_features(f, stem, tables) if tables and shape == "ar" else ()
    return f, shape, stem, clit, str(int(z)), str(int(zs)), gaz, lx, cl


_Ctx = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=_CACHE_WORDS)
def _context(tok: str) -> _Ctx:
    """Features this word contributes to its neighbours at offsets -2, -1, +1, +2."""
    return _context_of(_word(tok))


def _context_of(word: _Word) -> _Ctx:
    """:func:`_context` from the :func:`_word` tuple of the word."""
    _, f, stem, shape, s2, cl, z, lx, cf = word
    far = tuple(c for c in cf if int(c[1]) in FAR_LEVELS) if cf else ()
    return (
        ("-2f=" + f, "-2sh=" + shape, *["-2" + c for c in far]),
        ("-1f=" + f, "-1st=" + stem, "-1sh=" + shape, "-1s2=" + s2, "-1cl=" + cl, "-1z=" + z,
         "-1lx=" + lx, *["-1" + c for c in cf]),
        ("+1f=" + f, "+1st=" + stem, "+1sh=" + shape, "+1s2=" + s2, "+1cl=" + cl, "+1z=" + z,
         "+1lx=" + lx, *["+1" + c for c in cf]),
        ("+2f=" + f, "+2sh=" + shape, *["+2" + c for c in far]),
    )


def token_features(tokens: Sequence[str], lex: Mapping[str, str] | None = None,
                   tables: Tables | None = None) -> list[list[str]]:
    """Feature strings for each token of one sentence (CRFsuite attribute names, weight 1).

    Per token: word, folded word, clitic-stripped stem and the clitic cluster, stem prefixes
    and word suffixes (1–4 chars), shape (Arabic, digits, Latin case, punctuation), length,
    lexicon Zipf bucket of the word and of its stem, CLDR territory-name hits, the training
    lexicon's value for the stem (``lx=``, see :func:`lexicon_value`); window: folded word,
    stem, shape, suffix and lexicon value of the words at ±1, folded word and shape at ±2,
    folded bigrams (-1,0) and (0,+1), and BOS/EOS markers.

    Args:
        tokens: one sentence.
        lex: stem -> lexicon value; ``None``: the default model's lexicon (:func:`lexicon`)
            and tables. Training passes the lexicon of the *other* folds (see
            :mod:`mawsua.app.train_ner`).
        tables: the cluster tables (:func:`cluster_tables_for`); ``None``: the default
            model's (:func:`cluster_tables`).
    """
    n = len(tokens)
    if lex is None and tables is None:
        words = [_word(t) for t in tokens]
        ctx = [_context(t) for t in tokens]
    else:
        lx = lexicon() if lex is None else lex
        tb = cluster_tables() if tables is None else tables
        words = [word_features(t, lx, tb) for t in tokens]
        ctx = [_context_of(w) for w in words]
    out: list[list[str]] = []
    for i in range(n):
        f = words[i][1]
        if i > 0:
            left = [*ctx[i - 1][1], "b-=" + words[i - 1][1] + "|" + f]
            if i > 1:
                left += ctx[i - 2][0]
        else:
            left = ["BOS"]
        if i + 1 < n:
            right = [*ctx[i + 1][2], "b+=" + f + "|" + words[i + 1][1]]
            if i + 2 < n:
                right += ctx[i + 2][3]
        else:
            right = ["EOS"]
        out.append([*words[i][0], *left, *right])
    return out


# --- tagger input for the shipped model -------------------------------------------------------
# CRFsuite drops every attribute its model does not know (``Tagger::set`` looks each name up
# and skips misses), and most of the ~40 strings per token are such misses (rare words,
# bigrams). For the shipped model the tagger is therefore handed only the attributes it knows,
# in the same order, as UTF-8 ``bytes`` built once per word: the state scores, tags and
# marginals are bit-for-bit those of ``tagger.set(token_features(tokens))``, at a fraction of
# the string building, encoding and look-up work. Any other tagger gets ``token_features``.


class _Known:
    """The attribute names of one model (from ``Tagger.info()``), as ``bytes`` for the tagger.

    ``bigrams[0]`` / ``bigrams[1]``: folded left word -> {folded right word: (b"b-=l|r",)}
    (resp. ``b+=``) for the bigram attributes of the model.
    """

    def __init__(self, tagger: Any) -> None:
        info = tagger.info()
        names = list(info.attributes)
        if len(set(names)) != int(info.header["num_attrs"]):
            raise ValueError("model attribute dump does not match its header")
        self.tagger = tagger
        self.attrs: dict[str, bytes] = {a: a.encode("utf-8") for a in names}
        self.bigrams: tuple[dict[str, dict[str, tuple[bytes]]], ...] = ({}, {})
        for a, b in self.attrs.items():
            for k, prefix in enumerate(("b-=", "b+=")):
                if a.startswith(prefix):
                    rest = a[3:]
                    # a "|" inside a folded word makes the split ambiguous: register each one
                    for j, c in enumerate(rest):
                        if c == "|":
                            self.bigrams[k].setdefault(rest[:j], {})[rest[j + 1 :]] = (b,)
        self.bos: tuple[bytes, ...] = tuple(self.attrs[a] for a in ("BOS",) if a in self.attrs)
        self.eos: tuple[bytes, ...] = tuple(self.attrs[a] for a in ("EOS",) if a in self.attrs)
        #: the numpy engine over the same model (None: its file could not be read)
        self.compiled: _Compiled | None = None
        if _TAGGER_PATH is not None:
            try:
                model = read_model(_TAGGER_PATH, info.labels, info.state_features,
                                   info.attributes)
            except (OSError, ValueError, KeyError):
                model = None
            if model is not None:
                self.compiled = _Compiled(model, {a: int(i) for a, i in info.attributes.items()},
                                          self.bigrams)


_KNOWN: _Known | None = None
_KNOWN_FOR: Any = None  # the tagger _KNOWN was read from
#: words per generation of the cache of tagger-ready attributes (a few short tuples of shared
#: ``bytes`` each, ~0.9 KB a word; two generations: at most ~55 MB)
_CACHE_GENERATION = 30_000
_FAST_NEW: dict[str, Any] = {}
_FAST_OLD: dict[str, Any] = {}
_NO_BIGRAMS: dict[str, tuple[bytes]] = {}
#: per-word tagger input: (own, to -2, to -1, to +1, to +2, folded, b-= map, b+= map)
_Fast = tuple[
    tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...],
    Any, dict[str, tuple[bytes]], dict[str, tuple[bytes]],
]


def _known_for(tagger: Any) -> _Known | None:
    """The known attributes of the shipped model when ``tagger`` is it, else ``None``."""
    global _KNOWN, _KNOWN_FOR
    if tagger is not _TAGGER or tagger is None:
        return None
    if _KNOWN_FOR is not tagger:
        _fast_cache_clear()
        _KNOWN_FOR = tagger
        try:
            _KNOWN = _Known(tagger)
        except (ValueError, KeyError, AttributeError):  # unreadable dump: plain features
            _KNOWN = None
    return _KNOWN


def _fast_word(tok: str) -> _Fast:
    """The tagger input that ``tok`` contributes (shipped model, :data:`_KNOWN` set), cached
    in two generations (see :func:`_fast_words`)."""
    got = _FAST_NEW.get(tok)
    return got if got is not None else _fast_miss(tok)


def _fast_words(tokens: Sequence[str]) -> list[_Fast]:
    """:func:`_fast_word` of each token. The cache has two generations of at most
    :data:`_CACHE_GENERATION` words each: a word is looked up in the new one (a plain dict
    lookup, the common case), then in the old one (and moved to the new one), else computed;
    when the new generation is full it becomes the old one and the previous old one is
    dropped. Frequent words so stay, like an LRU cache, at a fraction of its bookkeeping."""
    ws = list(map(_FAST_NEW.get, tokens))
    if None in ws:
        for i, w in enumerate(ws):
            if w is None:
                ws[i] = _fast_miss(tokens[i])
    return ws


def _fast_miss(tok: str) -> _Fast:
    global _FAST_NEW, _FAST_OLD
    got = _FAST_OLD.get(tok)
    if got is None:
        got = _fast_compute(tok)
    if len(_FAST_NEW) >= _CACHE_GENERATION:
        _FAST_OLD, _FAST_NEW = _FAST_NEW, {}
    _FAST_NEW[tok] = got
    return got


def _fast_compute(tok: str) -> _Fast:
    known = _KNOWN
    assert known is not None
    get = known.attrs.get  # known name -> its bytes (never empty), unknown -> None: dropped
    w = _word.__wrapped__(tok)
    m2, m1, p1, p2 = _context_of(w)
    f = w[1]
    return (
        tuple(filter(None, map(get, w[0]))),
        tuple(filter(None, map(get, m2))), tuple(filter(None, map(get, m1))),
        tuple(filter(None, map(get, p1))), tuple(filter(None, map(get, p2))),
        f, known.bigrams[0].get(f, _NO_BIGRAMS), known.bigrams[1].get(f, _NO_BIGRAMS),
    )


def _fast_cache_clear() -> None:
    global _FAST_NEW, _FAST_OLD
    _FAST_NEW, _FAST_OLD = {}, {}
    if _KNOWN is not None and _KNOWN.compiled is not None:
        _KNOWN.compiled.clear()


def _tagger_items(tokens: Sequence[str], known: _Known) -> list[list[bytes]]:
    """``token_features(tokens)`` restricted to the attributes of ``known``'s model, as bytes."""
    left: _Fast = ((), (), known.bos, (), (), None, _NO_BIGRAMS, _NO_BIGRAMS)
    right: _Fast = ((), (), (), known.eos, (), None, _NO_BIGRAMS, _NO_BIGRAMS)
    edge: _Fast = ((), (), (), (), (), None, _NO_BIGRAMS, _NO_BIGRAMS)
    ws = [edge, left, *_fast_words(tokens), right, edge]
    return [
        [*w[0], *p[2], *p[6].get(w[5], ()), *pp[1], *n[3], *w[7].get(n[5], ()), *nn[4]]
        for pp, p, w, n, nn in zip(ws, ws[1:], ws[2:], ws[3:], ws[4:], strict=False)  # windows
    ]


# --- the numpy engine ("compiled tagger") -----------------------------------------------------
# The same model without CRFsuite on the hot path (see :mod:`.crf_numpy`): each word type is
# turned once into the attribute *ids* it contributes (to itself and, at fixed offsets, to its
# neighbours), kept in a bounded two-generation cache of int32 rows; a document's state scores
# are then summed from those rows in item order, and Viterbi / forward-backward run over all
# its sentences — by the small compiled kernel (``_crf_kernel.pyx``, built by ``make install``)
# when it is there, else with numpy (:func:`.crf_numpy.item_scores`, :func:`.crf_numpy.decode`).
# Labels and state scores are bit for bit CRFsuite's, the marginals equal within ~1e-15 (see
# tests/annotate/test_ner_compiled.py and test_crf_kernel.py).

#: environment variable choosing the CRF engine of the shipped model: ``numpy`` (default) or
#: ``crfsuite`` (the reference path: ``Tagger.set`` / ``tag`` / ``marginal``)
ENGINE_ENV = "MAWSUA_NER_ENGINE"
ENGINES = ("numpy", "crfsuite")
#: word types per generation of the row cache (two generations; a word's row is its own
#: attributes' summed scores, 9 float64, and ~20 int32 ids, ~300 bytes with its dict entry:
#: at most ~40 MB, below the ~55 MB of the crfsuite engine's byte cache, which it leaves
#: empty). 1,000 corpus articles hold ~46k word types
_ID_GENERATION = 60_000
#: attribute groups of a word's id row: to the word 2 after it (its ``-2...`` attributes), to
#: the next word (``-1...``), to the previous word (``+1...``), to the word 2 before (``+2...``);
#: its own attributes come first in its item, so their scores are summed once per word type
_M2, _M1, _P1, _P2 = range(4)
#: reserved rows of each generation: sentence edge padding, before the first word (``BOS``
#: as the "previous word's" attribute), after the last word (``EOS`` as the "next word's")
_EDGE, _LEFT, _RIGHT = 0, 1, 2
#: attribute families looked up by value alone (see :meth:`_Compiled._ids`)
_ONE_FAMILIES = ("w=", "p1=", "p2=", "p3=", "p4=", "s1=", "s3=", "s4=", "len=", "z=")
#: families a word gives itself and its neighbours: prefixes by slot (own, to the word 2
#: after it, to the next word, to the previous word, to the word 2 before it; ``None``: none)
_SLOT_FAMILIES: dict[str, tuple[str | None, ...]] = {
    "f": ("f=", "-2f=", "-1f=", "+1f=", "+2f="),
    "st": ("st=", None, "-1st=", "+1st=", None),
    "sh": ("sh=", "-2sh=", "-1sh=", "+1sh=", "+2sh="),
    "s2": ("s2=", None, "-1s2=", "+1s2=", None),
    "cl": ("cl=", None, "-1cl=", "+1cl=", None),
    "zs": ("zs=", None, "-1z=", "+1z=", None),
    "lx": ("lx=", None, "-1lx=", "+1lx=", None),
}
_NONE5: tuple[None, ...] = (None,) * 5
#: (row, folded word, {next folded word: (b- id, b+ id)} | None, stem as :func:`stem_of`)
_WordIds = tuple[int, str, Any, str]


def engine() -> str:
    """The CRF engine in use: ``$MAWSUA_NER_ENGINE`` (``numpy`` or ``crfsuite``), default
    ``numpy``. Raises ``ValueError`` for another value."""
    got = os.environ.get(ENGINE_ENV, "").strip().lower() or ENGINES[0]
    if got not in ENGINES:
        raise ValueError(f"{ENGINE_ENV}={got!r}: expected one of {', '.join(ENGINES)}")
    return got


class _Compiled:
    """The shipped model as numpy arrays plus the per-word id rows (see the section comment).

    Per word type: ``own`` row, the scores of its own attributes added in item order from
    zero (exactly CRFsuite's partial state score after them), and an id row of the attributes
    it gives its neighbours. ``widths``: ids per group of an id row (grown, and the rows
    rebuilt, if a word ever has more known attributes in a group than any word before it).
    """

    def __init__(self, model: CrfModel, ids: dict[str, int],
                 bigrams: tuple[dict[str, dict[str, tuple[bytes]]], ...]) -> None:
        self.model = model
        self.ids = ids
        self.pad = model.pad
        self.o = model.labels.index("O") if "O" in model.labels else -1
        self.labels = list(model.labels)
        # left folded word -> {right folded word: (id of b-=l|r, id of b+=l|r)}
        pairs: dict[str, dict[str, list[int]]] = {}
        for k in (0, 1):
            for left, rights in bigrams[k].items():
                for right, (name,) in rights.items():
                    slot = pairs.setdefault(left, {}).setdefault(right, [self.pad, self.pad])
                    slot[k] = ids[name.decode("utf-8")]
        self.pairs = {lf: {r: (v[0], v[1]) for r, v in m.items()} for lf, m in pairs.items()}
        self.bos = ids.get("BOS", self.pad)
        self.eos = ids.get("EOS", self.pad)
        # value -> id of each single attribute family (``"p2="``: {"ال": 17, ...}), and value
        # -> ids by slot (own, to -2, to -1, to +1, to +2) of the families several slots share
        # (see :meth:`_ids`): a word's ids without building its ~40 attribute strings
        by_prefix: dict[str, dict[str, int]] = {}
        for name, i in ids.items():
            head, eq, value = name.partition("=")
            if eq:
                by_prefix.setdefault(head + eq, {})[value] = i
        self.one = {p: by_prefix.get(p, {}) for p in _ONE_FAMILIES}
        self.fam: dict[str, dict[str, tuple[int | None, ...]]] = {}
        for fam, slots in _SLOT_FAMILIES.items():
            values = {v for p in slots if p for v in by_prefix.get(p, ())}
            self.fam[fam] = {v: tuple(by_prefix.get(p, {}).get(v) if p else None
                                      for p in slots) for v in values}
        self.al = ids.get("al")
        #: the look-ups of :meth:`_ids`, bound once: ``.get`` of each single family (in
        #: :data:`_ONE_FAMILIES` order) and of each slot family (``f st sh s2 cl zs lx``)
        self._one_gets = tuple(self.one[p].get for p in _ONE_FAMILIES)
        self._fam_gets = tuple(self.fam[x].get for x in ("f", "st", "sh", "s2", "cl", "zs", "lx"))
        self.widths = [2, 8, 8, 2]
        self.generation = 0
        #: held while rows are looked up, added or read (the cache is shared by threads)
        self.lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        w = self.widths
        self.cols = [np.arange(sum(w[:g]), sum(w[:g + 1])) for g in range(4)]
        self.new: dict[str, _WordIds] = {}
        self.old: dict[str, _WordIds] = {}
        self.rows, self.own = self._fresh()
        self.old_rows, self.old_own = self.rows, self.own
        self.generation += 1

    def _fresh(self) -> tuple[np.ndarray, np.ndarray]:
        rows = np.full((_ID_GENERATION + 3, sum(self.widths)), self.pad, dtype=np.int32)
        rows[_LEFT, self.cols[_M1][0]] = self.bos
        rows[_RIGHT, self.cols[_P1][0]] = self.eos
        return rows, np.zeros((_ID_GENERATION + 3, len(self.labels)))

    def word(self, tok: str) -> _WordIds:
        """The cache entry of ``tok`` (computed, or moved from the old generation)."""
        got = self.new.get(tok)
        if got is not None:
            return got
        self._ensure([[tok]])
        return self.new[tok]

    def _ensure(self, sents: Sequence[Sequence[str]]) -> None:
        """Put every word of ``sents`` in the new generation: moved from the old one, or
        computed (:meth:`_ids`), their rows written and own scores summed in one batch.

        When they do not all fit, the new generation first becomes the old one (and every
        word of ``sents`` is then looked at again). Raises :class:`_TooLarge` when the
        document alone has more word types than a generation holds."""
        new = self.new
        distinct = dict.fromkeys(chain.from_iterable(sents))
        missing = [t for t in distinct if t not in new]
        if not missing:
            return
        if len(new) + len(missing) > _ID_GENERATION:
            self.old, self.old_rows, self.old_own = self.new, self.rows, self.own
            self.new = new = {}
            self.rows, self.own = self._fresh()
            self.generation += 1
            missing = list(distinct)
            if len(missing) > _ID_GENERATION:
                raise _TooLarge
        old = self.old
        moved_to: list[int] = []
        moved_from: list[int] = []
        fresh: list[tuple[int, str, str, list[int], list[list[int]]]] = []
        widths = self.widths
        w0, w1, w2, w3 = widths  # the four groups of an id row (-2, -1, +1, +2)
        row = len(new) + 3
        for tok in missing:
            was = old.get(tok)
            if was is not None:
                moved_to.append(row)
                moved_from.append(was[0])
                new[tok] = (row, was[1], was[2], was[3])
            else:
                f, stem, own, groups = self._ids(tok)
                g0, g1, g2, g3 = groups
                if len(g0) > w0 or len(g1) > w1 or len(g2) > w2 or len(g3) > w3:
                    self.widths = [max(len(g), w) for g, w in zip(groups, widths, strict=True)]
                    self._reset()
                    self._ensure(sents)
                    return
                fresh.append((row, f, stem, own, groups))
                new[tok] = (row, f, self.pairs.get(f), stem)
            row += 1
        if moved_to:
            self.rows[moved_to] = self.old_rows[moved_from]
            self.own[moved_to] = self.old_own[moved_from]
        if fresh:
            pad = self.pad
            starts = [int(c[0]) for c in self.cols]
            lines = np.full((len(fresh), int(sum(widths))), pad, dtype=np.int32)
            k = max(len(x[3]) for x in fresh)
            owns = np.full((len(fresh), k), pad, dtype=np.intp)
            for r, (_, _, _, own, groups) in enumerate(fresh):
                owns[r, : len(own)] = own
                line = lines[r]
                for g, got in enumerate(groups):
                    if got:
                        line[starts[g]: starts[g] + len(got)] = got
            at = [x[0] for x in fresh]
            self.rows[at] = lines
            # own attributes added in item order from zero, as sum_in_order adds them
            self.own[at] = state_scores(self.model, owns)

    def _ids(self, tok: str) -> tuple[str, str, list[int], list[list[int]]]:
        """``(folded, stem, own ids, [ids to -2, to -1, to +1, to +2])`` of ``tok``: exactly
        the known ids of its :func:`word_features` and :func:`_context_of` strings, in their
        order (tested against :meth:`_groups`), looked up by value in the attribute families
        instead of as strings. Keep in step with :func:`word_features`."""
        f, shape, stem, clit, z, zs, gaz, lx, cl = _word_parts(tok, lexicon(), cluster_tables())
        w_, p1_, p2_, p3_, p4_, s1_, s3_, s4_, len_, z_ = self._one_gets
        f_, st_, sh_, s2_, cl_, zs_, lx_ = self._fam_gets
        F = f_(f, _NONE5)
        ST = st_(stem, _NONE5)
        SH = sh_(shape, _NONE5)
        S2 = s2_(f[-2:], _NONE5)
        CL = cl_(clit, _NONE5)
        ZS = zs_(zs, _NONE5)
        LX = lx_(lx, _NONE5)
        own = [w_(tok), F[0], ST[0], SH[0], CL[0],
               p1_(stem[:1]), p2_(stem[:2]), p3_(stem[:3]),
               p4_(stem[:4]), s1_(f[-1:]), S2[0],
               s3_(f[-3:]), s4_(f[-4:]),
               len_(str(min(len(stem), 10))), z_(z), ZS[0]]
        if f.startswith("ال"):
            own.append(self.al)
        if gaz:
            own.append(self.ids.get("gaz=" + gaz))
        own.append(LX[0])
        m2 = [F[1], SH[1]]
        m1 = [F[2], ST[2], SH[2], S2[2], CL[2], ZS[2], LX[2]]
        p1 = [F[3], ST[3], SH[3], S2[3], CL[3], ZS[3], LX[3]]
        p2 = [F[4], SH[4]]
        if cl:
            get = self.ids.get
            own.extend(map(get, cl))
            far = [c for c in cl if int(c[1]) in FAR_LEVELS]
            m2.extend(get("-2" + c) for c in far)
            m1.extend(get("-1" + c) for c in cl)
            p1.extend(get("+1" + c) for c in cl)
            p2.extend(get("+2" + c) for c in far)
        return f, stem, [i for i in own if i is not None], \
            [[i for i in g if i is not None] for g in (m2, m1, p1, p2)]

    def _groups(self, w: _Word) -> list[list[int]]:
        """Known attribute ids of a word (its :func:`word_features`): own, then the groups of
        an id row (the reference for :meth:`_ids`)."""
        get = self.ids.get
        return [[i for i in map(get, feats) if i is not None]
                for feats in (w[0], *_context_of(w))]

    def clear(self) -> None:
        """Drop the cached word rows."""
        with self.lock:
            self._reset()

    def stems(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """:func:`stem_of` of each token (from the word cache: ``word_features``' stem is
        the same folded, clitic-stripped form)."""
        with self.lock:
            hit, word = self.new.get, self.word
            return [[(hit(t) or word(t))[3] for t in sent] for sent in sents]

    def scores(self, sents: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[int], list[int]]:
        """``(N, L)`` state scores of the ``N`` tokens of the (non-empty) sentences ``sents``
        (bit for bit CRFsuite's), with the start and length of each sentence in them.

        Item order (that of :func:`_tagger_items`): own attributes, the previous word's
        ``-1...`` ones (``BOS`` for the first word), the bigram ``b-=``, the ``-2...`` ones of
        the word before it, the next word's ``+1...`` ones (``EOS`` for the last), ``b+=``, the
        ``+2...`` ones of the word after it."""
        with self.lock:
            return self._scores(sents)[:3]

    def _scores(self, sents: Sequence[Sequence[str]]
                ) -> tuple[np.ndarray, list[int], list[int], list[_WordIds]]:
        toks = list(chain.from_iterable(sents))
        es = list(map(self.new.get, toks))
        if None in es:  # a word not in the new generation: bring them all in, once
            self._ensure(sents)
            es = list(map(self.new.__getitem__, toks))
        lens = list(map(len, sents))
        n = len(toks)
        starts = list(accumulate(lens, initial=0))
        ends = starts[1:]
        del starts[-1]
        # bigram attributes of each pair of neighbours in one sentence (b-= on the right
        # word, b+= on the left one)
        nxt: list[str | None] = list(map(itemgetter(1), es))
        del nxt[0]
        nxt.append(None)
        for e in ends:
            nxt[e - 1] = None  # a sentence's last word has no right neighbour
        found = [(q, got) for q, (pr, f) in enumerate(zip(map(itemgetter(2), es), nxt,
                                                          strict=True))
                 if pr is not None and (got := pr.get(f)) is not None]
        bm = np.full(n, self.pad, dtype=np.int32)
        bp = np.full(n, self.pad, dtype=np.int32)
        if found:
            at = np.fromiter(map(itemgetter(0), found), dtype=np.intp, count=len(found))
            pair = np.array(list(map(itemgetter(1), found)), dtype=np.int32)
            bm[at + 1] = pair[:, 0]
            bp[at] = pair[:, 1]
        row = np.fromiter(map(itemgetter(0), es), dtype=np.intp, count=n)
        return item_scores(self.model, self.rows, self.own, row, lens, bm, bp, self.widths,
                           (_EDGE, _LEFT, _RIGHT)), starts, lens, es

    def tag(self, sents: Sequence[Sequence[str]], confidence: bool = True
            ) -> list[tuple[list[str], list[float]]]:
        """``(tags, confidences)`` of each non-empty sentence of ``sents``, as
        :func:`_tag_with_confidence` gives them (``confidence=False``: empty confidences), by
        :func:`.crf_numpy.decode` (the compiled kernel when built)."""
        return self._tag(sents, confidence)[0]

    def tag_and_stems(self, sents: Sequence[Sequence[str]]
                      ) -> tuple[list[tuple[list[str], list[float]]], list[str]]:
        """:meth:`tag` of ``sents`` with confidences, and the :meth:`stems` of all their
        tokens in one flat list (read from the word cache entries the tagging looked up)."""
        return self._tag(sents, True)

    def _tag(self, sents: Sequence[Sequence[str]], confidence: bool
             ) -> tuple[list[tuple[list[str], list[float]]], list[str]]:
        with self.lock:
            scores, starts, lens, es = self._scores(sents)
        stems = list(map(itemgetter(3), es))
        ids, conf = crf_decode(self.model, scores, starts, lens, self.o, confidence)
        tags = list(map(self.labels.__getitem__, ids))
        if conf is None:
            return [(tags[a:a + n], []) for a, n in zip(starts, lens, strict=True)], stems
        return [(tags[a:a + n], conf[a:a + n]) for a, n in zip(starts, lens, strict=True)], \
            stems


class _TooLarge(Exception):
    """A document the id-row cache cannot hold at once (the crfsuite engine tags it)."""


def _compiled_for(tagger: Any) -> _Compiled | None:
    """The numpy engine of ``tagger`` when it is the shipped (default) model and the engine is
    ``numpy``, else ``None``."""
    if engine() != "numpy":
        return None
    known = _known_for(tagger)
    return known.compiled if known is not None else None


def _tag_sentences(sents: Sequence[Sequence[str]], tagger: Any
                   ) -> list[tuple[list[str], list[float]]]:
    """:func:`_tag_with_confidence` of each sentence (``([], [])`` for an empty one), by the
    numpy engine when it serves ``tagger``."""
    comp = _compiled_for(tagger)
    if comp is not None and any(sents):
        nonempty = [s for s in sents if s]
        try:
            got = iter(comp.tag(nonempty))
        except _TooLarge:
            pass
        else:
            return [next(got) if s else ([], []) for s in sents]
    return [_tag_with_confidence(s, tagger) if s else ([], []) for s in sents]


def _tagger_input(tokens: Sequence[str], tagger: Any) -> list[list[bytes]] | list[list[str]]:
    known = _known_for(tagger)
    if known is not None:
        return _tagger_items(tokens, known)
    got = _LEX_FOR.get(id(tagger))
    if got and got[0] is tagger:
        return token_features(tokens, got[1], got[2])
    return token_features(tokens)


#: id(tagger) -> (tagger, its lexicon, its cluster tables) for models loaded from a path
#: (see :func:`load`)
_LEX_FOR: dict[int, tuple[Any, dict[str, str], Tables]] = {}


_TAGGER: Any = None
_TAGGER_PATH: Path | None = None  # the file _TAGGER was opened from


def load(path: Path | None = None) -> Any:
    """Return a ``pycrfsuite.Tagger`` for ``path`` (default: :func:`default_model_path`, the
    shipped model unless ``$MAWSUA_NER_MODEL`` is set; cached).

    The model's training lexicon is read from :func:`lexicon_path_for` ``(path)`` (absent:
    every stem is unknown to it), its cluster tables by :func:`cluster_tables_for`.

    Raises:
        FileNotFoundError: when the model file does not exist.
    """
    global _TAGGER, _TAGGER_PATH
    import pycrfsuite

    if path is not None:
        if not Path(path).is_file():
            raise FileNotFoundError(f"NER model not found: {path}")
        t = pycrfsuite.Tagger()
        t.open(str(path))
        _LEX_FOR[id(t)] = (t, read_lexicon(lexicon_path_for(Path(path))),
                           cluster_tables_for(Path(path)))
        return t
    if _TAGGER is None:
        model = default_model_path()
        if not model.is_file():
            raise FileNotFoundError(f"NER model not found: {model} (run `mawsua train ner`)")
        t = pycrfsuite.Tagger()
        t.open(str(model))
        _TAGGER, _TAGGER_PATH = t, model
        _known_for(t)  # read the model's attribute names now (~0.2 s), not on first tagging
    return _TAGGER


def tag(tokens: Sequence[str], tagger: Any = None) -> list[str]:
    """BIO tags (``O``, ``B-PERS``, ``I-ORG``...) for one sentence of tokens.

    Args:
        tokens: whitespace tokens with clitics attached, punctuation separate (ANERcorp style).
        tagger: a ``pycrfsuite.Tagger`` (default: the shipped model).
    """
    if not tokens:
        return []
    t = tagger if tagger is not None else load()
    comp = _compiled_for(t)
    if comp is not None:
        return comp.tag([tokens], confidence=False)[0][0]
    return list(t.tag(_tagger_input(tokens, t)))


def tokenize(text: str) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of each token: words (clitics attached) and punctuation."""
    return list(map(_SPAN, _TOKEN_RE.finditer(text)))


_SPAN = re.Match.span
#: where sentences end for the tagger: a line break, or after a sentence-final mark (each is a
#: token of its own, see ``_TOKEN_RE``)
_SEGMENT_END_RE = re.compile(r"\n|[" + "".join(sorted(_SENT_END)) + "]")


def _pieces(text: str, start: int, stop: int) -> list[tuple[int, int, list[str]]]:
    """``(a, b, tokens)`` of each sentence of :func:`_segments`: the range ``text[a:b]`` it
    was tokenised in (cut at line breaks and after each sentence-final mark) and its token
    strings (``_TOKEN_RE.findall``: no match object per token; their offsets, which only the
    spans need, are :func:`_offsets`)."""
    out: list[tuple[int, int, list[str]]] = []
    findall = _TOKEN_RE.findall
    a = start
    for m in _SEGMENT_END_RE.finditer(text, start, stop):
        b = m.end() if m.group() != "\n" else m.start()
        if b > a:
            toks = findall(text, a, b)
            if toks:
                out.append((a, b, toks))
        a = m.end()
    if stop > a:
        toks = findall(text, a, stop)
        if toks:
            out.append((a, stop, toks))
    return out


def _offsets(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of the tokens of ``text[a:b]`` (offsets into ``text``)."""
    return list(map(_SPAN, _TOKEN_RE.finditer(text, a, b)))


def _segments(text: str, start: int, stop: int) -> list[list[tuple[int, int]]]:
    """The sentences of :func:`_sentences` over ``tokenize(text[start:stop])``, with offsets
    into ``text``: the range is cut at line breaks and after each sentence-final mark (no
    token crosses such a cut), and each piece is tokenised in place."""
    return [_offsets(text, a, b) for a, b, _ in _pieces(text, start, stop)]


def _sentences(text: str, offs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group token offsets into sentences: after . ! ? ؟ … and at line breaks."""
    out: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    prev_end = 0
    for s, e in offs:
        if cur and "\n" in text[prev_end:s]:
            out.append(cur)
            cur = []
        cur.append((s, e))
        if text[s:e] in _SENT_END:
            out.append(cur)
            cur = []
        prev_end = e
    if cur:
        out.append(cur)
    return out


def glued_proclitic(tok: str) -> str | None:
    """The conjunction or preposition (و ف ب ل ك) glued before a word, when it clearly is one:
    before the article (``والعراق``, ``بالمدافع``, ``بالقرب``) unless what is left is rare
    (Zipf < 2.5) and the whole word more frequent by a Zipf unit (a foreign name opening with those letters:
    ``كاليفورنيا``, ``فالنسيا``, ``بالتيمور`` are no ك/ف/ب + ``ال``: user test s26), ``لل``, or
    when the word without it is more frequent by more than one Zipf unit (``بهدف`` → ``هدف``);
    else ``None``. Words of fewer than 4 letters are never split."""
    if len(tok) < 4 or tok[0] not in PROCLITICS:
        return None
    f = fold(tok)
    if f[1:3] == "ال" or (f[0] in "وف" and f[1:4] == "بال"):
        whole, rest = zipf(f), zipf(f[1:])
        # a rare remainder (اليفورنيا, الهرسك) beside a frequent whole: the word is whole; a
        # frequent fixed phrase (بالقرب, بالنسبة, بالإضافة) still splits, its noun being a word
        return None if whole >= 3.0 and rest < 2.5 and whole > rest + 1.0 else tok[0]
    if tok[0] == "ل" and f.startswith("لل"):
        return tok[0]
    rest = f[1:]
    if len(rest) >= 3 and zipf(rest) > zipf(f) + 1.0:
        return tok[0]
    return None


def _tag_with_confidence(toks: Sequence[str], tagger: Any) -> tuple[list[str], list[float]]:
    """The tags of one sentence and the marginal probability of each entity tag (``O`` tags,
    whose marginal nothing reads, get 1.0)."""
    tagger.set(_tagger_input(toks, tagger))
    tags = tagger.tag()
    marginal = tagger.marginal
    return tags, [1.0 if t == "O" else marginal(t, k) for k, t in enumerate(tags)]


#: whether :func:`predict_spans` / :func:`ner_mentions` apply :func:`propagate` over the document
PROPAGATE = True
#: document-level propagation (:func:`propagate`): an entity lends its type to the other
#: occurrences of its words only when the CRF gave each of its tags at least this marginal
PROPAGATE_MIN_CONFIDENCE = 0.7
#: ... and only to words whose stem has at least this many letters
PROPAGATE_MIN_STEM = 3
#: folded words that bind the next word into a name (``أم سياف``, ``عبد الله``, ``أبو مازن``,
#: ``بن لادن``): a person name whose last word follows one is not remembered by that word
NAME_LINKS = frozenset(fold(w) for w in "أبو أبي أبا أم بن ابن بنت عبد آل ال ذو ذي".split())
#: longest entity (in tokens) copied whole to another occurrence
PROPAGATE_MAX_TOKENS = 3


@lru_cache(maxsize=_CACHE_WORDS * 4)
def _stem(tok: str) -> str:
    return stem_of(tok)


def propagate(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
              confidences: Sequence[Sequence[float]], lex: Mapping[str, str] | None = None,
              window: int | None = None) -> list[list[str]]:
    """Document-level label consistency: tags of ``sentences`` (one document, in order) where
    a name the CRF tagged confidently in one place is also tagged where it missed it.

    Each entity of ``tags`` whose tags all have a marginal (``confidences``, same shape) of at
    least :data:`PROPAGATE_MIN_CONFIDENCE` is remembered by the clitic-stripped stems of its
    tokens (:func:`stem_of`; up to :data:`PROPAGATE_MAX_TOKENS`), and a person of two or more
    tokens also by its last token (the surname: ``خافيير سولانا`` … ``سولانا``). A run of
    ``O`` tokens whose stems are a remembered key (longest first) gets the type of the first
    entity remembered under it, unless its first stem is shorter than
    :data:`PROPAGATE_MIN_STEM` or is an ordinary word of the training lexicon ``lex`` (stem ->
    value, :func:`lexicon_value` ``Oh``/``Oh1``; default: the shipped model's), or the run
    touches a tagged token (``باراك`` before a tagged ``أوباما`` would become a second,
    partial name); entities that touch another one are not remembered either (fragments such
    as ``لايك سيتي`` after ``سولت``), nor a person by a last word that follows a link word
    (:data:`NAME_LINKS`). Tokens the CRF tagged are never changed. ``window``: only entities of the sentences at most that many
    sentences away count (``None``: the whole document); used for ANERcorp, whose document
    boundaries are not marked.

    After the label-consistency features of Krishnan & Manning (ACL 2006), applied as one
    precision-guarded pass. On the dev fold of ANERcorp (last 10% of the training part,
    window 5): F1 0.714 → 0.734, precision 0.814 → 0.815 (see ``mawsua.app.train_ner``).
    """
    return _propagate(sentences, tags, confidences, lex, window)[0]


def _propagate(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
               confidences: Sequence[Sequence[float]], lex: Mapping[str, str] | None,
               window: int | None,
               stem_fn: Callable[[Sequence[Sequence[str]]], list[list[str]]] | None = None
               ) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    """:func:`propagate`, and the proclitic of each tagged run ``{(sentence, token): "و"}``:
    the letters before the remembered entity's first word (``وكارار`` after ``كارار``).
    ``stem_fn``: a faster :func:`stem_of` of each token of the sentences (called only when
    some entity is remembered; default: :func:`stem_of`, cached)."""
    lx = lexicon() if lex is None else lex
    clitics: dict[tuple[int, int], str] = {}
    n = len(sentences)
    # per sentence: (stem key, type) of its confident entities, in order
    found: list[list[tuple[tuple[str, ...], tuple[str, str]]]] = []
    for toks, tg, cf in zip(sentences, tags, confidences, strict=True):
        keys: list[tuple[tuple[str, ...], tuple[str, str]]] = []
        m = len(tg)
        for typ, i, j in _runs(tg):
            if min(cf[i:j]) >= PROPAGATE_MIN_CONFIDENCE and (i == 0 or tg[i - 1] == "O") \
                    and (j == m or tg[j] == "O"):
                stems = tuple(_stem(w) for w in toks[i:j])
                if len(stems) <= PROPAGATE_MAX_TOKENS:
                    keys.append((stems, (typ, fold(toks[i]))))
                if typ == "PERS" and len(stems) > 1 and fold(toks[j - 2]) not in NAME_LINKS:
                    keys.append((stems[-1:], (typ, fold(toks[j - 1]))))
        found.append(keys)
    if not any(found):
        return [list(t) for t in tags], clitics
    stems_of = stem_fn(sentences) if stem_fn is not None else None
    out: list[list[str]] = []
    whole: dict[tuple[str, ...], tuple[str, str]] | None = None
    firsts_of: dict[tuple[str, ...], tuple[str, str]] | None = None  # the dict `firsts` is of
    firsts: set[str] = set()
    for s, (toks, tg) in enumerate(zip(sentences, tags, strict=True)):
        new = list(tg)
        out.append(new)
        if "O" not in new:
            continue
        if window is None:
            if whole is None:
                whole = {}
                for keys in found:
                    for k, v in keys:
                        whole.setdefault(k, v)
            known = whole
        else:
            known = {}
            for keys in found[max(0, s - window): min(n, s + window + 1)]:
                for k, v in keys:
                    known.setdefault(k, v)
        if not known:
            continue
        if known is not firsts_of:
            firsts_of, firsts = known, {k[0] for k in known}
        if stems_of is not None and firsts.isdisjoint(stems_of[s]):
            continue  # no word of the sentence opens a remembered name
        stems = [_stem(w) if t == "O" else "" for w, t in zip(toks, new, strict=True)] \
            if stems_of is None \
            else [st if t == "O" else "" for st, t in zip(stems_of[s], new, strict=True)]
        for k in [k for k, st in enumerate(stems) if st in firsts]:
            st = stems[k]
            if new[k] != "O" or len(st) < PROPAGATE_MIN_STEM \
                    or lx.get(st, "").startswith("Oh"):
                continue
            for size in range(PROPAGATE_MAX_TOKENS, 0, -1):
                key = tuple(stems[k:k + size])
                if len(key) == size and key in known and all(new[x] == "O" and stems[x]
                                                             for x in range(k, k + size)) \
                        and (k == 0 or new[k - 1] == "O") \
                        and (k + size == len(new) or new[k + size] == "O"):
                    typ, first = known[key]
                    new[k:k + size] = ["B-" + typ] + ["I-" + typ] * (size - 1)
                    f = fold(toks[k])
                    pc = toks[k][: len(f) - len(first)]
                    if f != first and f.endswith(first) and pc and pc == f[: len(pc)] \
                            and all(c in PROCLITICS for c in pc):
                        clitics[s, k] = pc
                    break
    return out, clitics


def tag_document(sentences: Sequence[Sequence[str]], tagger: Any = None,
                 window: int | None = None) -> list[list[str]]:
    """BIO tags of the sentences of one document: :func:`tag` of each, then
    :func:`propagate` (with ``window``) with the tagger's training lexicon."""
    t = tagger if tagger is not None else load()
    tagged = _tag_sentences(sentences, t)
    return propagate(sentences, [x[0] for x in tagged], [x[1] for x in tagged],
                     _lexicon_of(t), window)


def _lexicon_of(tagger: Any) -> dict[str, str]:
    got = _LEX_FOR.get(id(tagger))
    return got[1] if got and got[0] is tagger else lexicon()


def _spans_for(text: str, pieces: list[tuple[int, int, list[str]]], tagger: Any) -> list[Span]:
    """Entity spans of the sentences ``pieces`` (:func:`_pieces`: range and token strings of
    each, in ``text``) of one document: tagged one by one, then :func:`propagate` over them
    all. Token offsets are found only in the sentences that have a span."""
    toks = [p[2] for p in pieces]
    comp = _compiled_for(tagger)
    stem_fn = comp.stems if comp is not None else None
    tagged = None
    if comp is not None and toks:
        try:
            tagged, flat_stems = comp.tag_and_stems(toks)
        except _TooLarge:
            pass
        else:
            def stem_fn(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
                del sentences  # the stems of ``toks``, read from the word cache with the tags
                out, at = [], 0
                for t in toks:
                    out.append(flat_stems[at:at + len(t)])
                    at += len(t)
                return out
    if tagged is None:
        tagged = _tag_sentences(toks, tagger)
    tags = [x[0] for x in tagged]
    confs = [x[1] for x in tagged]
    final, clitics = _propagate(toks, tags, confs, _lexicon_of(tagger), None,
                                stem_fn if comp is not None else None) if PROPAGATE \
        else (tags, {})
    spans: list[Span] = []
    for si, ((pa, pb, words), orig, tg, cf) in enumerate(zip(pieces, tags, final, confs,
                                                                strict=True)):
        runs = _runs(tg)
        if not runs:
            continue
        sent = _offsets(text, pa, pb)
        for typ, i, j in runs:
            attrs: dict[str, Any] = {"source": "crf"}
            if orig[i] == tg[i]:
                attrs["confidence"] = round(min(cf[i:j]), 4)
            else:
                attrs["confidence"] = PROPAGATE_MIN_CONFIDENCE
                attrs["propagated"] = True
            pc = clitics.get((si, i)) if "propagated" in attrs else glued_proclitic(words[i])
            if pc:
                attrs["proclitic"] = pc
            spans.append(Span(sent[i][0], sent[j - 1][1], LABELS.get(typ, typ), attrs))
    return spans


def _runs(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(type, first, end)`` of each entity of one BIO sequence (``end`` exclusive): a run
    starts at any non-``O`` tag and goes on over the ``I-`` tags of its type."""
    out: list[tuple[str, int, int]] = []
    if tags.count("O") == len(tags):
        return out
    typ, i, j = "", -1, -1
    for k in [k for k, t in enumerate(tags) if t != "O"]:
        t = tags[k]
        if k == j and t == "I-" + typ:
            j += 1
            continue
        if j > 0:
            out.append((typ, i, j))
        typ, i, j = t[2:], k, k + 1
    out.append((typ, i, j))
    return out


def predict_spans(text: str, start: int = 0, end: int | None = None,
                  tagger: Any = None) -> list[Span]:
    """Entity spans found by the CRF in ``text[start:end]`` (offsets are into ``text``).

    The range is tokenised (:func:`tokenize`), split into sentences at ``. ! ? ؟ …`` and
    line breaks, and tagged. Each span covers whole tokens (a glued proclitic included, see
    ``attrs["proclitic"]``); ``attrs["confidence"]`` is the smallest marginal probability of
    the span's tags. The range is one document: names tagged confidently in one sentence
    are also tagged where the CRF missed them in another (:func:`propagate`; such spans have
    ``attrs["propagated"] = True`` and the confidence :data:`PROPAGATE_MIN_CONFIDENCE`).
    Spans are sorted and do not overlap.
    """
    t = tagger if tagger is not None else load()
    return _spans_for(text, _arabic_pieces(text, start, end), t)


def _arabic_segments(text: str, start: int = 0, end: int | None = None
                     ) -> list[list[tuple[int, int]]]:
    """The Arabic sentences of ``text[start:end]`` as token offsets (see :func:`predict_spans`)."""
    return [_offsets(text, a, b) for a, b, _ in _arabic_pieces(text, start, end)]


def _arabic_pieces(text: str, start: int = 0, end: int | None = None
                   ) -> list[tuple[int, int, list[str]]]:
    """:func:`_pieces` of the Arabic sentences of ``text[start:end]``. A piece's range holds
    the same letters as the span from its first token to its last (letters are only ever
    inside tokens), so the Arabic test reads the range."""
    stop = len(text) if end is None else min(end, len(text))
    # no letter but Arabic ones in the range (the common case): a sentence is then Arabic
    # exactly when it has a letter (see _mostly_arabic), one cheap search instead of two scans
    arabic_only = not (_OTHER_SCRIPT_LANG_RE.search(text, start, stop)
                       or _NON_ARABIC_LETTER_RE.search(text, start, stop))
    return [p for p in _pieces(text, start, stop)
            if ((_LETTERS_RE.search(text, p[0], p[1]) is not None) if arabic_only
                else _mostly_arabic(text[p[0]:p[1]]))]


_ARABIC_LETTERS_RE = re.compile("[\u0620-\u064a\u066e-\u06d3]+")
_LETTERS_RE = re.compile(r"[^\W\d_]+")


_NON_ARABIC_LETTER_RE = re.compile(r"(?![\u0620-\u064a\u066e-\u06d3])[^\W\d_]")
_OTHER_SCRIPT_LANG_RE = re.compile(
    "[" + "".join(sorted(PERSIAN_LETTERS | URDU_LETTERS | OTHER_ARABIC_SCRIPT_LETTERS)) + "]")


def _mostly_arabic(sentence: str) -> bool:
    """Whether ``sentence`` is Arabic: at least half of its letters are of the Arabic script
    and none is a Persian/Urdu-only letter. The model was trained on Arabic news only; on
    English or Persian text it tags ordinary words as names."""
    if _OTHER_SCRIPT_LANG_RE.search(sentence):
        return False
    letters = sum(map(len, _LETTERS_RE.findall(sentence)))
    return letters > 0 and 2 * sum(map(len, _ARABIC_LETTERS_RE.findall(sentence))) >= letters


def ner_mentions(article: Article, tagger: Any = None) -> list[Span]:
    """CRF entity spans over ``article.text``: per sentence of the ``"sentences"`` layer, or
    over the whole text (:func:`predict_spans`) when that layer is empty; the article is one
    document for :func:`propagate`."""
    text = article.text
    sents = article.layer("sentences")
    if not sents:
        return predict_spans(text, tagger=tagger)
    t = tagger if tagger is not None else load()
    pieces = [p for s in sents for p in _arabic_pieces(text, s.start, s.end)]
    return _spans_for(text, pieces, t)


#: words that open a person's name of two or more words in the training data (built by
#: ``bench/build_given_names.py``; ``جمال``, ``حسني``): given names, which the stem lexicon may
#: not show (``جمال`` is mostly "beauty" there with its article)
GIVEN_NAMES_PATH = DATA_DIR / "given_names.txt"


@cache
def given_names() -> frozenset[str]:
    """The given names of :data:`GIVEN_NAMES_PATH` as written (empty if the file is absent)."""
    if not GIVEN_NAMES_PATH.exists():
        return frozenset()
    return frozenset(line.strip() for line in GIVEN_NAMES_PATH.read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
