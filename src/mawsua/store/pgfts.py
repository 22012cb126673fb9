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
