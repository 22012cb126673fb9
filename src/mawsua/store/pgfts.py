"""PostgreSQL full text from Mawsua's own folding and stemming (no Snowball ``arabic``).

PostgreSQL's ``arabic`` configuration mangles news words (``فلسطين`` → ``لسط``), so the
``tsvector`` is built here from the same folded tokens and light stems that feed SQLite's FTS5
(:func:`mawsua.store.fts.index_columns`), written as a ``tsvector`` literal: lexemes are taken
as they are, exactly what the ``simple`` configuration does to already folded, lower-cased
words, and nothing is split differently from FTS5.

Lexemes: each folded word at its position with weight ``A`` (title) or ``B`` (body); its light
stem prefixed with :data:`STEM_MARK` at the same position with weight ``C``/``D``; one unused
position between title and body, so that a phrase never spans them. A query word matches its
folded form or its stem (``'word' | '~stem'``), a phrase matches folded words in order
(``<->``), exactly as the FTS5 expressions of :meth:`mawsua.store.fts.ParsedQuery
.match_expression`. Ranking: ``ts_rank`` with :data:`RANK_WEIGHTS` (title > body, exact >
stem, FTS5's bm25 column weights scaled to 0..1).

Limits of PostgreSQL: positions above 16,383 are stored as 16,383 and a lexeme keeps its first
256 positions, so in the rare article longer than ~16k words a phrase may match across words
near its end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from mawsua.store.fts import ParsedQuery, _phrase_spellings

#: prefix of stem lexemes (no folded token contains it)
STEM_MARK = "~"
#: ``ts_rank`` weights for D, C, B, A: body stem, title stem, body word, title word
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
#: the condition "article ``a.n`` matches the tsquery given as its parameter"
MATCH_N = "a.n IN (SELECT n FROM article_tsv WHERE tsv @@ CAST(? AS tsquery))"
#: PostgreSQL's largest position and most positions per lexeme
MAX_POS = 16383
MAX_POSITIONS = 256


def _lit(lexeme: str, weights: str = "") -> str:
    quoted = "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:{weights}" if weights else quoted


def tsvector_literal(columns: tuple[str, str, str, str]) -> str:
    """The ``tsvector`` text of one article.

    Args:
        columns: :func:`mawsua.store.fts.index_columns` output: ``(title_exact, body_exact,
            title_stem, body_stem)``, space-joined tokens (stems align with their tokens).

    Returns:
        A literal for ``CAST(... AS tsvector)``; ``''`` for an article without words.
    """
    title_exact, body_exact, title_stem, body_stem = columns
    positions: dict[str, list[str]] = {}
    pos = 0
    for words, stems, wexact, wstem in ((title_exact, title_stem, "A", "C"),
                                        (body_exact, body_stem, "B", "D")):
        for tok, st in zip(words.split(), stems.split(), strict=False):
            pos += 1
            p = str(min(pos, MAX_POS))
            for lex, w in ((tok, wexact), (STEM_MARK + st, wstem)):
                got = positions.setdefault(lex, [])
                if len(got) < MAX_POSITIONS:
                    got.append(p + w)
        pos += 1  # the gap between title and body
    return " ".join(f"{_lit(lex)}:{','.join(ps)}" for lex, ps in positions.items())


def pairs_literal(columns: tuple[str, str, str, str]) -> str:
    """The ``tsvector`` text of one article's word pairs (``article_pairs``): every two
    adjacent folded words of the title, and of the body, as one lexeme ``'a b'`` (no
    positions), exactly the adjacent pairs :func:`tsvector_literal`'s positions hold — a
    pair is left out where PostgreSQL's limits drop a position (a word's 257th occurrence
    on, words past :data:`MAX_POS`), so a phrase of two words matches the same articles
    through the pair as through ``'a' <-> 'b'`` (:func:`pair_query`). The same as the SQL
    of :data:`PAIRS_FROM_TSV` computes from a stored ``tsvector``.

    Args:
        columns: :func:`mawsua.store.fts.index_columns` output.

    Returns:
        A literal for ``CAST(... AS tsvector)``; ``''`` when the article has no pair.
    """
    title_exact, body_exact, title_stem, body_stem = columns
    seen: dict[str, int] = {}
    pairs: set[str] = set()
    pos = 0
    for words, stems in ((title_exact, title_stem), (body_exact, body_stem)):
        prev: str | None = None
        for tok, _ in zip(words.split(), stems.split(), strict=False):  # as tsvector_literal
            pos += 1
            kept = seen.get(tok, 0) < MAX_POSITIONS and pos <= MAX_POS
            seen[tok] = seen.get(tok, 0) + 1
            if kept and prev is not None:
                pairs.add(prev + " " + tok)
            prev = tok if kept else None
        pos += 1  # the gap between title and body
    return " ".join(_lit(p) for p in sorted(pairs))


#: the pairs ``tsvector`` (:func:`pairs_literal`) of the stored ``article_tsv`` row ``t``,
#: from its word positions (stems left out): the backfill of PostgreSQL migration 6
PAIRS_FROM_TSV = (
    "coalesce((SELECT array_to_tsvector(array_agg(DISTINCT s.lexeme || ' ' || s.nxt)) FROM ("
    "SELECT w.lexeme, w.p, lead(w.lexeme) OVER win AS nxt, lead(w.p) OVER win AS np FROM "
    "(SELECT u.lexeme, p FROM unnest(t.tsv) u, unnest(u.positions) p "
    "WHERE left(u.lexeme, 1) <> '~') w WINDOW win AS (ORDER BY w.p)) s "
    "WHERE s.np = s.p + 1), ''::tsvector)")


#: a date ``sort_time`` (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``) gets day and month keys
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: the key of a stored ``sort_time`` that is not ISO 8601 (kept as it came): a candidate of
#: every date range, checked by the date condition
ODD_DAY = "day:?"


def keys_literal(outlet: str | None, section: str | None, language: str | None,
                 sort_time: str | None) -> str:
    """The ``tsvector`` text of one article's filter keys (``article_tsv.keys``, PostgreSQL
    migration 7): ``outlet:X``, ``section:X``, ``lang:X`` for each stored value (none for a
    NULL), ``day:YYYY-MM-DD`` and ``month:YYYY-MM`` when ``sort_time`` starts with a date.
    The words' GIN index holds them beside the words (``gin (tsv, keys)``), so that a
    filtered search is one index probe (:func:`keys_query`). The same set as the SQL of
    :data:`KEYS_FROM_ARTICLE` computes from a stored ``articles`` row.

    Returns:
        A literal for ``CAST(... AS tsvector)``; ``''`` when the article has none.
    """
    keys = {f"{k}:{v}" for k, v in (("outlet", outlet), ("section", section),
                                     ("lang", language)) if v is not None}
    if sort_time is not None and _DATE_RE.match(sort_time):
        keys |= {"day:" + sort_time[:10], "month:" + sort_time[:7]}
    elif sort_time is not None:  # a time that is not ISO: in every date range's candidates
        keys.add(ODD_DAY)
    return " ".join(_lit(k) for k in sorted(keys))


def key_lexeme(name: str, value: str) -> str:
    """The quoted lexeme of one filter key of :func:`keys_literal` (``outlet``, ``section``,
    ``lang``, ``day``, ``month``), for a ``tsquery`` literal."""
    return _lit(f"{name}:{value}")


def date_keys(since: str | None, until: str | None, max_days: int = 400) -> list[str] | None:
    """Keys of :func:`keys_literal` that every article with ``since <= sort_time <= until``
    holds one of (the bounds as the store normalises them: dates or UTC date-times): the
    whole months of the range as ``month:``, its other days as ``day:``, and
    :data:`ODD_DAY` (a stored time that is not ISO 8601 compares with the bounds as text,
    so it stays a candidate). A superset: the date condition is still checked on the rows.
    ``None`` when a bound is missing or not a date, or the range spans more than
    ``max_days`` (a range that long filters little: the keys would not narrow the search).
    """
    if not since or not until or not _DATE_RE.match(since) or not _DATE_RE.match(until):
        return None
    try:
        d, end = date.fromisoformat(since[:10]), date.fromisoformat(until[:10])
    except ValueError:
        return None
    if (end - d).days > max_days:
        return None
    keys = [ODD_DAY]
    while d <= end:
        nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)  # the next month's 1st
        if d.day == 1 and nxt - timedelta(days=1) <= end:
            keys.append(f"month:{d.isoformat()[:7]}")
            d = nxt
        else:
            keys.append(f"day:{d.isoformat()}")
            d += timedelta(days=1)
    return keys


#: the keys ``tsvector`` (:func:`keys_literal`) of the stored ``articles`` row ``a``: the
#: backfill of PostgreSQL migration 7
KEYS_FROM_ARTICLE = (
    "array_to_tsvector(array_remove(ARRAY['outlet:' || a.outlet, 'section:' || a.section, "
    "'lang:' || a.language, CASE WHEN a.sort_time ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' "
    "THEN 'day:' || substr(a.sort_time, 1, 10) END, "
    "CASE WHEN a.sort_time ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' "
    "THEN 'month:' || substr(a.sort_time, 1, 7) WHEN a.sort_time IS NOT NULL "
    f"THEN '{ODD_DAY}' END], NULL))")


def _term(spellings: Iterable[tuple[str, str | None]], weights: str) -> str:
    parts = []
    for v, st in sorted(spellings, key=lambda p: p[0]):
        parts.append(_lit(v, weights))
        if st is not None:  # None: a name the stemmer would cut, matched exactly
            parts.append(_lit(STEM_MARK + st, weights))
    return "(" + " | ".join(parts) + ")"


def _alt(alt: tuple[str, ...], weights: str, query: ParsedQuery, op: str = " <-> ") -> str:
    if len(alt) == 1:
        return _term(query.spellings(alt[0]), weights)
    return "(" + " | ".join(op.join(_lit(w, weights) for w in combo)
                            for combo in _phrase_spellings(alt)) + ")"


def has_phrase(query: ParsedQuery) -> bool:
    """Whether the query holds a phrase of two or more words (a required one, an ``OR``
    alternative or an excluded one): PostgreSQL's GIN index keeps no positions, so each
    article holding the phrase's words must have its ``tsvector`` read to check their order
    (:func:`tsquery_literal` with ``candidates=True`` matches those articles from the index
    alone)."""
    return any(len(p) > 1 for p in (*query.phrases, *query.excluded,
                                    *(a for group in query.any_of for a in group)))


def tsquery_literal(query: ParsedQuery, weights: str = "", *,
                    candidates: bool = False) -> str | None:
    """The ``tsquery`` text of a parsed query, or ``None`` when nothing must match (as
    :meth:`~mawsua.store.fts.ParsedQuery.match_expression`). User text only ever becomes
    quoted lexemes; the operators come from the parsed structure.

    Args:
        weights: match only lexemes of these weights (``"AC"``: the title's words and stems,
            as FTS5's ``{title_exact title_stem}`` column filter); ``""`` = any.
        candidates: the query's candidates instead: each phrase's words in any order and
            place (``&`` for ``<->``) and no excluded phrase, so that every match is a
            candidate and the GIN index answers it without reading a ``tsvector`` (the same
            query when there is no phrase).
    """
    op = " & " if candidates else " <-> "
    parts = [_term(query.spellings(w), weights) for w, _ in query.terms]
    parts += [_alt(ph, weights, query, op) for ph in query.phrases]
    parts += ["(" + " | ".join(_alt(a, weights, query, op) for a in group) + ")"
              for group in query.any_of]
    if not parts:
        return None
    expr = " & ".join(parts)
    excluded = [a for a in query.excluded if not candidates or len(a) == 1]
    if excluded:
        expr = f"({expr}) & !({' | '.join(_alt(a, weights, query) for a in excluded)})"
    return expr


def pair_query(query: ParsedQuery) -> tuple[str | None, bool]:
    """The ``tsquery`` over ``article_pairs`` (:func:`pairs_literal`) that every match of
    the query's required phrases of two or more words meets: each phrase's adjacent words
    as pair lexemes, ANDed (``"a b c"`` → ``'a b' & 'b c'``), ORed over its spellings, the
    phrases ANDed. GIN answers it from the index alone, and its lexemes are as rare as the
    phrase: ``"الاتفاق النووي"``'s words are each in tens of thousands of articles at 1M
    articles, the pair in fewer.

    Returns:
        ``(tsquery, exact)``: ``exact`` when the pair query matches exactly the articles the
        full query matches (the query is only required phrases of two words: no word, ``OR``
        group or exclusion); ``(None, False)`` when the query has no required phrase of two
        or more words.
    """
    parts = []
    for ph in query.phrases:
        if len(ph) < 2:
            continue
        combos = _phrase_spellings(ph)
        parts.append("(" + " | ".join(
            " & ".join(_lit(f"{a} {b}") for a, b in zip(c, c[1:], strict=False))
            for c in combos) + ")")
    if not parts:
        return None, False
    exact = not query.terms and not query.any_of and not query.excluded and \
        all(len(ph) == 2 for ph in query.phrases)
    return " & ".join(parts), exact
