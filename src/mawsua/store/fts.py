"""Full-text helpers of the store: index text, query parsing and snippets.

Everything here works on *folded* text (:func:`mawsua.arabic.fold.fold`): SQLite's FTS5
tokenizer splits vowelled Arabic at every haraka and folds nothing, so the index is fed folded
tokens joined by single spaces, and queries are folded the same way.

The FTS5 table has four columns in two groups: ``title_exact``/``body_exact`` hold the folded
tokens, ``title_stem``/``body_stem`` their light stems (:func:`mawsua.arabic.stem.stem`). A
query word matches a document when the folded word appears in an exact column *or* its stem
appears in a stem column; :data:`BM25_WEIGHTS` make exact matches (which hit both groups) rank
above stem-only matches, and titles above bodies.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from mawsua.arabic.charsets import HARAKAT, INVISIBLE, TATWEEL
from mawsua.arabic.fold import FOLD_MAP, TOKEN_RE, fold
from mawsua.arabic.stem import stem

#: FTS5 columns, in table order
COLUMNS: tuple[str, ...] = ("title_exact", "body_exact", "title_stem", "body_stem")
#: bm25 column weights, in :data:`COLUMNS` order (title > body, exact > stem)
BM25_WEIGHTS: tuple[float, ...] = (10.0, 4.0, 2.0, 1.0)
_EXACT = "{title_exact body_exact}"
_STEM = "{title_stem body_stem}"

#: very common folded words dropped from a query that has other words (never from phrases)
STOPWORDS: frozenset[str] = frozenset(
    "في من علي الي عن ان او ما لا مع هذا هذه التي الذي و ف ب ل ك قد كان لم لن ثم هو هي "
    "the a an of to in on and or for is are was with by at from as".split()
)
#: default snippet length in code points
SNIPPET_CHARS = 240

_DROPPED = "".join(sorted({*HARAKAT, *INVISIBLE, TATWEEL}))
_QUOTED_RE = re.compile(r'"([^"]*)"')
_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " "})


class _StemCache(dict[str, str]):
    """token -> stem; a plain dict lookup per token (cheaper than ``lru_cache``'s wrapper)."""

    max_size = 1_000_000

    def __missing__(self, token: str) -> str:
        if len(self) >= self.max_size:
            self.clear()
        st = self[token] = stem(token)
        return st


_stems = _StemCache()
_stem_of = _stems.__getitem__


def index_columns(title: str | None, body: str) -> tuple[str, str, str, str]:
    """The four FTS5 column values of one article (see :data:`COLUMNS`).

    Args:
        title: the headline (``None`` when unknown).
        body: the repaired text of the article.

    Returns:
        ``(title_exact, body_exact, title_stem, body_stem)``: folded tokens and their stems,
        each joined by single spaces.
    """
    t = TOKEN_RE.findall(fold(title)) if title else []
    b = TOKEN_RE.findall(fold(body))
    return (" ".join(t), " ".join(b), " ".join(map(_stem_of, t)), " ".join(map(_stem_of, b)))


def _quote(s: str) -> str:
    """An FTS5 string literal: the text in double quotes, inner quotes doubled."""
    return '"' + s.replace('"', '""') + '"'


@dataclass(frozen=True)
class ParsedQuery:
    """A user query, folded.

    Attributes:
        terms: ``(folded word, stem)`` pairs; each must match (AND), exact or by stem.
        phrases: quoted phrases as lists of folded words, matched exactly and in order.
    """

    terms: tuple[tuple[str, str], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    _keys: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        """True when there is nothing to match (the query lists articles instead)."""
        return not self.terms and not self.phrases

    def match_expression(self) -> str | None:
        """The FTS5 MATCH expression, or ``None`` when :attr:`empty`.

        Every word is emitted as a quoted string, so user text can never inject FTS5 syntax
        (operators, column filters, ``*``, ``NEAR``, parentheses).
        """
        if self.empty:
            return None
        parts = []
        for word, st in self.terms:
            if word == st:  # one phrase over all four columns: same rows, cheaper
                parts.append(_quote(word))
            else:
                parts.append(f"({_EXACT} : {_quote(word)} OR {_STEM} : {_quote(st)})")
        for ph in self.phrases:
            parts.append(f"{_EXACT} : {_quote(' '.join(ph))}")
        return " AND ".join(parts)

    def is_match(self, folded_word: str) -> bool:
        """Whether one folded word of a text is a hit of this query (for highlighting)."""
        if folded_word in self._keys:
            return True
        return any(stem(folded_word) == st for _, st in self.terms)

    def candidate_keys(self) -> list[str]:
        """Substrings every hit contains (words, stems, phrase words), longest first."""
        keys = {st for _, st in self.terms} | {w for w, _ in self.terms}
        keys |= {w for ph in self.phrases for w in ph}
        return sorted(keys, key=len, reverse=True)


def parse_query(text: str) -> ParsedQuery:
    """Parse the user's query text.

    Rules: text inside a balanced pair of double quotes is a phrase; every other word is a
    term; words are folded and tokenised like the index (punctuation and FTS5 operators are
    not special, they are dropped or searched as words); common words (:data:`STOPWORDS`) are
    dropped unless nothing else is left; a repeated word counts once.

    Returns:
        A :class:`ParsedQuery` (possibly empty). Never raises.
    """
    phrases: list[tuple[str, ...]] = []
    rest: list[str] = []
    pos = 0
    for m in _QUOTED_RE.finditer(text):
        rest.append(text[pos : m.start()])
        words = TOKEN_RE.findall(fold(m.group(1)))
        if len(words) == 1:
            rest.append(words[0])
        elif words:
            phrases.append(tuple(words))
        pos = m.end()
    rest.append(text[pos:])
    words = TOKEN_RE.findall(fold(" ".join(rest)))
    seen: list[str] = []
    for w in words:
        if w not in seen:
            seen.append(w)
    content = [w for w in seen if w not in STOPWORDS]
    if content or phrases:
        seen = content
    terms = tuple((w, stem(w)) for w in seen)
    keys = frozenset({w for w, _ in terms} | {w for ph in phrases for w in ph})
    q = ParsedQuery(terms, tuple(phrases), keys)
    return ParsedQuery(terms, tuple(phrases), keys, _original_pattern(q.candidate_keys()))


_DROP_CLASS = "[" + re.escape(_DROPPED) + "]"
_DROPPED_SET = frozenset(_DROPPED)


def _char_class(c: str) -> str:
    """A regex class of every original character that folds to ``c``."""
    variants = sorted({c, *(k for k, v in FOLD_MAP.items() if v == c)})
    if len(variants) == 1:
        return re.escape(c)
    return "[" + "".join(re.escape(v) for v in variants) + "]"


def _original_pattern(keys: list[str]) -> re.Pattern[str] | None:
    """A regex over ORIGINAL (unfolded) text matching one of the folded ``keys`` in any
    spelling (alef forms, ة/ه, ى/ي, digits, harakat and tatweel between letters, Latin
    case); :func:`_hit_spans` widens each match to its whole word."""
    if not keys:
        return None
    alts = "|".join((_DROP_CLASS + "*").join(_char_class(c) for c in k) for k in keys)
    return re.compile(alts, re.IGNORECASE)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in _DROPPED_SET


def _hit_spans(text: str, query: ParsedQuery, window: int = SNIPPET_CHARS
               ) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of ``text`` (original letters) whose folded word is a hit,
    from the first hit up to ``window`` code points after it."""
    pattern = query.pattern
    if pattern is None:
        return []
    spans: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        start, end = m.start(), m.end()
        if spans and start > spans[0][0] + window:
            break
        while start > 0 and _is_word_char(text[start - 1]):
            start -= 1
        while end < n and _is_word_char(text[end]):
            end += 1
        pos = end
        words = TOKEN_RE.findall(fold(text[start:end]))
        if len(words) == 1 and query.is_match(words[0]):
            spans.append((start, end))
    return spans


def lead(text: str, width: int = SNIPPET_CHARS) -> str:
    """The first ``width`` code points of ``text`` (cut at a space, ``…`` when cut), on one
    line."""
    flat = " ".join(text[: width + 40].split())
    if len(flat) <= width and len(text) <= width + 40:
        return flat
    cut = flat.rfind(" ", 0, width)
    return flat[: cut if cut > width // 2 else width].rstrip() + "…"


def snippet(text: str, query: ParsedQuery, width: int = SNIPPET_CHARS) -> tuple[str, str]:
    """A window of ``text`` around the first hit of ``query``, on the original letters.

    Args:
        text: the article's repaired text (not folded).
        query: the parsed query.
        width: window size in code points.

    Returns:
        ``(plain, html)``: the window as plain text (line breaks turned into spaces, ``…``
        where cut) and the same window HTML-escaped with every hit wrapped in ``<mark>``.
        Without a hit in ``text`` the window is the start of the text.
    """
    spans = _hit_spans(text, query)
    if not spans:
        plain = lead(text, width)
        return plain, html.escape(plain, quote=False)
    first = spans[0][0]
    start = max(0, first - width // 4)
    if start > 0:
        sp = text.rfind(" ", max(0, start - 20), first)
        start = sp + 1 if sp >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        sp = text.rfind(" ", start + width // 2, end)
        end = sp if sp > spans[0][1] else end
    plain_parts: list[str] = []
    html_parts: list[str] = []
    pos = start
    for s, e in spans:
        if s < pos or s >= end:
            continue
        e = min(e, end)
        piece = text[pos:s].translate(_SPACES)
        hit = text[s:e].translate(_SPACES)
        plain_parts += [piece, hit]
        html_parts += [html.escape(piece, quote=False), "<mark>", html.escape(hit, quote=False),
                       "</mark>"]
        pos = e
    tail = text[pos:end].translate(_SPACES)
    plain_parts.append(tail)
    html_parts.append(html.escape(tail, quote=False))
    pre = "…" if start > 0 else ""
    post = "…" if end < len(text) else ""
    return (pre + "".join(plain_parts) + post, pre + "".join(html_parts) + post)
