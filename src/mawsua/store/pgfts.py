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

from collections.abc import Iterable

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
