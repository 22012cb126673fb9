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
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from mawsua.arabic.charsets import HARAKAT, INVISIBLE, TATWEEL
from mawsua.arabic.fold import FOLD_MAP, TOKEN_RE, fold, fold_typed
from mawsua.arabic.presentation import PRESENTATION_MAP
from mawsua.arabic.stem import stem, stem_memo
from mawsua.arabic.variants import (
    join_compound,
    number_forms,
    number_spellings,
    phrase_variants,
    search_variants,
    split_compound,
    term_spellings,
)
from mawsua.model import Edit

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
_DROPPED_SET = frozenset(_DROPPED)
_PRESENTATION = frozenset(PRESENTATION_MAP)
#: line breaks and tabs shown as spaces in a snippet (a regex: str.translate with a dict
#: costs ~0.1 ms on 240 Arabic characters)
_SPACES_RE = re.compile("[\n\r\t\u2028\u2029]")


#: token -> stem, a plain dict look-up per token (the memo shared with the connect terms)
_stem_of = stem_memo


def _is_raw_word_char(c: str) -> bool:
    return c.isalnum() or c in _DROPPED_SET or c in _PRESENTATION


def raw_spellings(raw_text: str, edits: Iterable[Edit], body_tokens: Iterable[str]) -> list[str]:
    """Folded tokens of the raw words that repairs changed and the repaired text lacks.

    Each edit's raw range is widened to whole words of ``raw_text`` (letters, digits, marks);
    those words are folded and tokenised like the body; tokens already in ``body_tokens`` are
    dropped. So ``منحاز`` wrongly cut to ``من حاز`` and ``فيالحربين`` rightly cut to ``في
    الحربين`` keep their raw spelling in the index; a line-ending or presentation-form repair
    adds nothing (its words fold to what the text has).

    Args:
        raw_text: the article's raw text.
        edits: its raw-relative edits (:class:`~mawsua.model.Edit`).
        body_tokens: the folded tokens of the repaired text.

    Returns:
        New folded tokens, in raw order, each once.
    """
    have = set(body_tokens)
    out: list[str] = []
    n = len(raw_text)
    for e in edits:
        start, end = e.raw_start, e.raw_end
        while start > 0 and _is_raw_word_char(raw_text[start - 1]):
            start -= 1
        while end < n and _is_raw_word_char(raw_text[end]):
            end += 1
        if end - start > 200:  # a block removed or rewritten, not a word
            continue
        for tok in TOKEN_RE.findall(fold_typed(raw_text[start:end])):
            if tok not in have:
                have.add(tok)
                out.append(tok)
    return out


#: a letter written three or more times in a row (no Arabic word has that)
_RUN_RE = re.compile(r"([^\W\d_])\1{2,}")


def unelongated(tokens: Iterable[str]) -> list[str]:
    """For tokens with a letter written 3+ times in a row (``الكورييين``, ``طويييل``), the
    spellings with that run cut to two letters and to one (``الكوريين``, ``طوييل``,
    ``الكورين``, ``طويل``), so the word is found as it is usually written. Standard Arabic
    never writes a letter three times in a row, so no other word is touched."""
    out: list[str] = []
    for tok in tokens:
        if _RUN_RE.search(tok):
            for repl in (r"\1\1", r"\1"):
                form = _RUN_RE.sub(repl, tok)
                if form not in out:
                    out.append(form)
    return out


def index_columns(title: str | None, body: str, raw_text: str | None = None,
                  edits: Iterable[Edit] = (), *, title_tokens: list[str] | None = None,
                  body_tokens: list[str] | None = None) -> tuple[str, str, str, str]:
    """The four FTS5 column values of one article (see :data:`COLUMNS`).

    Args:
        title: the headline (``None`` when unknown).
        body: the repaired text of the article.
        raw_text, edits: the raw text and its repairs; the raw spellings of repaired words
            (:func:`raw_spellings`) are indexed after the body, so a search finds a word
            before and after its repair.
        title_tokens, body_tokens: ``TOKEN_RE.findall(fold(...))`` of ``title`` and ``body``
            (:func:`mawsua.arabic.fold.tokens`) when the caller already has them (ingest
            shares them with the connect features): not folded again. Same result.

    Returns:
        ``(title_exact, body_exact, title_stem, body_stem)``: folded tokens and their stems,
        each joined by single spaces.
    """
    if title_tokens is not None:
        t = list(title_tokens)
    else:
        t = TOKEN_RE.findall(fold(title)) if title else []
    if body_tokens is not None:
        b = list(body_tokens)
        # a run of one letter is inside one token: one search over the tokens joined by spaces
        # (a space is no letter) instead of one call per token
        runs = _RUN_RE.search(" ".join(b)) is not None
    else:
        folded = fold(body)
        b = TOKEN_RE.findall(folded)
        runs = _RUN_RE.search(folded) is not None
    if raw_text is not None and edits:
        b += raw_spellings(raw_text, edits, b)
    if runs:
        b += unelongated(b)
    return (" ".join(t), " ".join(b), " ".join(map(_stem_of, t)), " ".join(map(_stem_of, b)))


def _quote(s: str) -> str:
    """An FTS5 string literal: the text in double quotes, inner quotes doubled."""
    return '"' + s.replace('"', '""') + '"'


#: the most spellings one phrase of a query expands to (product of its words' variants)
MAX_PHRASE_VARIANTS = 16

#: one alternative of a query clause: one folded word (a term: matched exactly or by stem, in
#: any spelling of :func:`~mawsua.arabic.variants.search_variants`) or several (a phrase)
Alt = tuple[str, ...]


def _term_expr(spellings: Iterable[tuple[str, str | None]]) -> str:
    parts = []
    for v, st in sorted(spellings):  # the same expression for every spelling
        if st is None:  # a name the stemmer would cut (سورية -> سور): exact forms only
            parts.append(f"{_EXACT} : {_quote(v)}")
        elif v == st:  # one phrase over all four columns: same rows, cheaper
            parts.append(_quote(v))
        else:
            parts.append(f"{_EXACT} : {_quote(v)} OR {_STEM} : {_quote(st)}")
    return "(" + " OR ".join(parts) + ")"


def _phrase_spellings(words: Alt) -> list[tuple[str, ...]]:
    """The word sequences one phrase is searched as, at most :data:`MAX_PHRASE_VARIANTS`:
    first the spellings of its words (:func:`~mawsua.arabic.variants.search_variants`), then,
    while there is room, the other case endings of its definite words
    (:func:`~mawsua.arabic.variants.phrase_variants`: ``"الاخوان المسلمين"`` also finds
    ``الاخوان المسلمون``)."""
    combos: list[tuple[str, ...]] = [()]
    for w in words:
        combos = [c + (v,) for c in combos for v in search_variants(w)][:MAX_PHRASE_VARIANTS]
    seen = set(combos)
    for c in itertools.product(*map(phrase_variants, words)):
        if len(combos) >= MAX_PHRASE_VARIANTS:
            break
        if c not in seen:
            seen.add(c)
            combos.append(c)
    return combos


def _alt_expr(alt: Alt, query: ParsedQuery) -> str:
    if len(alt) == 1:
        return _term_expr(query.spellings(alt[0]))
    return "(" + " OR ".join(f"{_EXACT} : {_quote(' '.join(c))}"
                             for c in _phrase_spellings(alt)) + ")"


@dataclass(frozen=True)
class ParsedQuery:
    """A user query, folded (syntax: :func:`parse_query`).

    Attributes:
        terms: ``(folded word, stem)`` pairs; each must match (AND), exact or by stem.
        phrases: quoted phrases as lists of folded words, matched exactly and in order.
        any_of: ``OR`` groups: one of the alternatives (a word or a phrase) must match.
        excluded: ``-word`` / ``-"phrase"``: articles matching one of them are left out.
        extra: ``(folded word, other spelling)`` pairs the caller found for a word of the
            query (the store's spellings of a person's name: ``بوتين``/``بوتن``), matched
            like the word's own spellings (:meth:`spellings`).
        numbers: the query is one word: it also matches its other number, exactly
            (:func:`~mawsua.arabic.variants.number_spellings`: ``سعر`` finds ``الأسعار``).
            With other words, the other number only counts beside the next or previous
            word (a phrase alternative: ``سعر الذهب`` finds ``أسعار الذهب``, ``مجلس الأمن``
            does not find ``مجالس`` somewhere and ``الأمن`` elsewhere; :func:`parse_query`).
    """

    terms: tuple[tuple[str, str], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    any_of: tuple[tuple[Alt, ...], ...] = ()
    excluded: tuple[Alt, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    numbers: bool = False
    _keys: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _stems: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        """True when there is nothing to match (the query lists articles instead)."""
        return not self.terms and not self.phrases and not self.any_of and not self.excluded

    @property
    def excludes_only(self) -> bool:
        """True when the query only excludes (``-word``): it matches no article."""
        return bool(self.excluded) and not self.terms and not self.phrases and not self.any_of

    def match_expression(self) -> str | None:
        """The FTS5 MATCH expression, or ``None`` when nothing must match (:attr:`empty` or
        :attr:`excludes_only`).

        Every word is emitted as a quoted string, so user text can never inject FTS5 syntax
        (operators, column filters, ``*``, ``NEAR``, parentheses): the operators come from the
        parsed structure only.
        """
        parts = [_term_expr(self.spellings(w)) for w, _ in self.terms]
        parts += [_alt_expr(ph, self) for ph in self.phrases]
        parts += ["(" + " OR ".join(_alt_expr(a, self) for a in group) + ")"
                  for group in self.any_of]
        if not parts:
            return None
        expr = " AND ".join(parts)
        if self.excluded:
            expr = f"({expr}) NOT ({' OR '.join(_alt_expr(a, self) for a in self.excluded)})"
        return expr

    def spellings(self, word: str) -> tuple[tuple[str, str | None], ...]:
        """How the folded query word ``word`` is matched: ``(spelling, stem or None)`` pairs
        of :func:`~mawsua.arabic.variants.term_spellings` for the word and for each of its
        :attr:`extra` spellings, and, when :attr:`numbers`, its other number."""
        own = term_spellings(word)
        others = [v for w, v in self.extra if w == word]
        numbers = number_spellings(word) if self.numbers else ()
        if not others and not numbers:
            return own
        out = dict(own)
        for v in others:
            for sp, st in term_spellings(v):
                out.setdefault(sp, st)
        for f in numbers:  # the other number of a broken plural: exactly
            out.setdefault(f, None)
        return tuple(out.items())

    def is_match(self, folded_word: str) -> bool:
        """Whether one folded word of a text is a hit of this query (for highlighting)."""
        if folded_word in self._keys:
            return True
        return stem(folded_word) in self._stems

    def candidate_keys(self) -> list[str]:
        """Substrings every hit contains (words, stems, phrase words in every spelling),
        longest first."""
        return sorted(self._keys | self._stems, key=len, reverse=True)


_ITEM_RE = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')


def _words(text: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(fold_typed(text)))


def _operand_follows(items: list[re.Match[str]], i: int) -> bool:
    """Whether a word or phrase to OR with (not an exclusion, not another ``OR``) comes after
    item ``i``."""
    for m in items[i + 1:]:
        if m.group("word") == "OR":
            return False
        neg = bool(m.group("neg")) or (m.group("phrase") is None
                                       and m.group("word").startswith("-"))
        raw = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        if _words(raw.lstrip("-") if not m.group("phrase") else raw):
            return not neg
    return False


#: sentence punctuation glued between two words of a typed query (``مرسي،الهند``,
#: ``مرسي,الهند``, ``مرسي/الهند``): a list of words, unlike a hyphen or an apostrophe inside
#: one name (``al-Qaeda``); a dot splits only between two words of three letters or more
#: (``مرسي.الهند``), not inside an abbreviation (``U.S.``, ``سي.آي.إيه``) or a number (``2.5``)
_CLAUSE_PUNCT = re.compile(r"[،,؛;/!؟?:]+|(?<=[^\W\d]{3})\.+(?=[^\W\d]{3})")


#: a search parses its text twice (the page's or API's check, then the store's search) and
#: visitors repeat queries: a parsed query is immutable, and parsing a new word costs more
#: than the rest of a cached search (variants, spellings, a compiled highlight pattern)
@lru_cache(maxsize=2048)

def parse_query(text: str, extra: tuple[tuple[str, str], ...] = ()) -> ParsedQuery:
    """Parse the user's query text (memoised: the same text and ``extra`` give the same
    object); ``extra``: ``(folded word, other spelling)`` pairs the caller adds to the
    spellings of single words (:attr:`ParsedQuery.extra`).

    Syntax (docs/search.md):

    * words are ANDed: ``سوريا لبنان`` finds articles with both, each word exact or by its
      light stem, in every spelling of :func:`~mawsua.arabic.variants.search_variants`;
    * ``"..."`` is a phrase: its words in this order (a one-word phrase is a word);
    * ``OR`` (upper case) between words or phrases: one of them (``سوريا OR لبنان``); an
      ``OR`` with no word or phrase on one side is searched as the word ``or``;
    * ``-word`` or ``-"phrase"`` leaves out the articles that have it; a query of exclusions
      alone matches nothing;
    * words are folded and tokenised like the index (the clean stage's character hygiene:
      presentation forms, bidi and zero-width marks, kashida, Persian letters, harakat);
      punctuation and FTS5 operators typed by the user are not special (dropped, or searched
      as words, like ``AND``); one typed word that folds to several tokens (``al-Qaeda``) is a
      phrase, unless sentence punctuation joins them (``مرسي،الهند``: two words ANDed); common words (:data:`STOPWORDS`) are dropped from the ANDed words unless nothing
      else is left; a repeated word counts once.

    Returns:
        A :class:`ParsedQuery` (possibly empty). Never raises.
    """
    clauses: list[list[Alt]] = []
    excluded: list[Alt] = []
    pending_or = False
    items = list(_ITEM_RE.finditer(text))
    for i, m in enumerate(items):
        if m.group("word") == "OR" and clauses and _operand_follows(items, i):
            pending_or = True
            continue
        neg = bool(m.group("neg"))
        raw = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        if not neg and raw.startswith("-") and len(raw) > 1:
            neg, raw = True, raw[1:]
        if m.group("phrase") is None and not neg and not pending_or \
                and len(parts := [p for p in _CLAUSE_PUNCT.split(raw) if p]) > 1:
            # مرسي،الهند pasted from a text: two words ANDed, not the phrase "مرسي الهند"
            for part in parts:
                if (pw := _words(part)) and [pw] not in clauses:
                    clauses.append([pw])
            continue
        words = _words(raw)
        if not words:
            continue
        if neg:
            if words not in excluded:
                excluded.append(words)
            continue
        if pending_or:
            if words not in clauses[-1]:
                clauses[-1].append(words)
        elif [words] not in clauses:
            clauses.append([words])
        pending_or = False
    clauses = _compound_clauses(clauses)
    excluded = [a for alt in excluded for a in _compound_alts(alt)]
    single = [c for c in clauses if len(c) == 1]
    content = [c for c in single if not (len(c[0]) == 1 and c[0][0] in STOPWORDS)]
    if content or len(single) < len(clauses):
        clauses = [c for c in clauses if len(c) > 1 or c in content]
    numbers = len(clauses) == 1 and len(clauses[0]) == 1 and len(clauses[0][0]) == 1
    if not numbers:
        clauses = _number_clauses(clauses)
    terms = tuple((c[0][0], stem(c[0][0])) for c in clauses if len(c) == 1 and len(c[0]) == 1)
    phrases = tuple(c[0] for c in clauses if len(c) == 1 and len(c[0]) > 1)
    any_of = tuple(tuple(c) for c in clauses if len(c) > 1)
    alts = [a for c in clauses for a in c]
    keys = frozenset(v for a in alts for w in a
                     for v in (phrase_variants(w) if len(a) > 1 else search_variants(w)))
    singles = {a[0] for a in alts if len(a) == 1}
    pairs = tuple(dict.fromkeys((w, v) for w, v in extra if w in singles and v != w))
    q = ParsedQuery(terms, phrases, any_of, tuple(excluded), pairs, numbers)
    spelled = [sp for w in singles for sp in q.spellings(w)]
    keys |= {v for v, _ in spelled}
    stems = frozenset(st for _, st in spelled if st is not None)
    q = ParsedQuery(terms, phrases, any_of, tuple(excluded), pairs, numbers, keys, stems)
    return ParsedQuery(terms, phrases, any_of, tuple(excluded), pairs, numbers, keys, stems,
                       _original_pattern(q.candidate_keys()))


def _compound_alts(alt: Alt) -> list[Alt]:
    """``alt`` and its other compound spelling (:func:`~mawsua.arabic.variants.
    split_compound` / :func:`~mawsua.arabic.variants.join_compound`): ``("فيسبوك",)`` →
    ``[("فيسبوك",), ("فيس", "بوك")]``, ``("فيس", "بوك")`` → ``[("فيس", "بوك"),
    ("فيسبوك",)]``; else ``[alt]``."""
    if len(alt) == 1 and (parts := split_compound(alt[0])) is not None:
        return [alt, parts]
    if len(alt) == 2 and (joined := join_compound(*alt)) is not None:
        return [alt, (joined,)]
    return [alt]


def _compound_clauses(clauses: list[list[Alt]]) -> list[list[Alt]]:
    """The clauses with compounds written closed or open made to meet: a word or two-word
    phrase that is a compound becomes an ``OR`` of both spellings, and two typed words in a
    row that are an open compound (``فيس بوك``) become the phrase ``OR`` the closed word
    (``"فيس بوك" OR فيسبوك``) instead of two words ANDed."""
    out: list[list[Alt]] = []
    i = 0
    while i < len(clauses):
        c = clauses[i]
        if i + 1 < len(clauses) and len(c) == 1 and len(c[0]) == 1 \
                and len(clauses[i + 1]) == 1 and len(clauses[i + 1][0]) == 1 \
                and (joined := join_compound(c[0][0], clauses[i + 1][0][0])) is not None:
            out.append([(c[0][0], clauses[i + 1][0][0]), (joined,)])
            i += 2
            continue
        alts: list[Alt] = []
        for a in c:
            alts += [x for x in _compound_alts(a) if x not in alts]
        out.append(alts)
        i += 1
    return out


def _number_clauses(clauses: list[list[Alt]]) -> list[list[Alt]]:
    """The clauses of a query of several words with each word that has another number
    (:func:`~mawsua.arabic.variants.number_forms`) given the alternative of the phrase of it
    and the next word, else the previous one (``سعر الذهب`` → ``(سعر OR "سعر الذهب") الذهب``,
    the phrase searched in its words' other numbers too: ``"أسعار الذهب"``): the other
    number counts only beside a word typed with it."""
    out = [list(c) for c in clauses]
    for i, c in enumerate(clauses):
        if len(c) != 1 or len(c[0]) != 1 or not number_forms(c[0][0]):
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(clauses) and len(clauses[j]) == 1 and len(clauses[j][0]) == 1:
                pair = (c[0][0], clauses[j][0][0]) if j > i else (clauses[j][0][0], c[0][0])
                out[i].append(pair)
                break
    return out


#: each original character -> the folded character it matches (length kept, so offsets
#: found in the mapped text are offsets in the original); every dropped character (harakat,
#: invisible marks, tatweel) -> tatweel, which a pattern allows between two letters
_MATCH_MAP: dict[str, str] = {k: (v or TATWEEL) for k, v in FOLD_MAP.items() if len(v) <= 1}
# folding is idempotent (no replacement is itself replaced), so one str.replace per
# character present does the same as a per-character map, ~3x faster than re.sub
_MATCH_PAIRS = tuple((k, v) for k, v in sorted(_MATCH_MAP.items()) if k != v)
_GAP = re.escape(TATWEEL) + "*"
#: characters mapped at a time, and how far inside the mapped part a match must end
_MAP_CHUNK = 1024
_MAP_MARGIN = 256


def _match_text(text: str) -> str:
    """``text`` with every character mapped by :data:`_MATCH_MAP` (same length)."""
    for k, v in _MATCH_PAIRS:
        if k in text:
            text = text.replace(k, v)
    return text


@lru_cache(maxsize=1024)  # a compiled pattern is a few KB
def _compiled(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    # a space may sit between two letters of a word of 4+ letters: a word a repair split
    # (منحاز shown as من حاز) is still marked where the text has it
    # (tried after the plain spellings, which win at the same position)
    plain = [_GAP.join(re.escape(c) for c in k) for k in keys]
    split = [(_GAP + " ?").join(re.escape(c) for c in k) for k in keys if len(k) >= 4]
    return re.compile("|".join(plain + split), re.IGNORECASE)


def _original_pattern(keys: list[str]) -> re.Pattern[str] | None:
    """A regex matching one of the folded ``keys`` in any spelling (alef forms, ة/ه, ى/ي,
    digits, harakat and tatweel between letters, Latin case) in ORIGINAL text once mapped by
    :func:`_match_text` (offsets unchanged); :func:`_hit_spans` widens each match to its
    whole word. Only literals: a class of non-Latin-1 characters costs ~1 ms to compile,
    and one per letter made compiling the pattern cost more than the rest of a search."""
    return _compiled(tuple(keys))


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
    # the text is mapped a chunk at a time, as far as the search goes (the first hit is
    # often near the start); a match is only taken when it ends well inside the mapped part
    mapped = _match_text(text[:_MAP_CHUNK])
    pos = 0
    while True:
        m = pattern.search(mapped, pos)
        while (m is None or m.end() + _MAP_MARGIN > len(mapped)) and len(mapped) < n:
            mapped += _match_text(text[len(mapped):len(mapped) + _MAP_CHUNK])
            m = pattern.search(mapped, pos)
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
        if (len(words) == 1 and query.is_match(words[0])) or (
                len(words) == 2 and "".join(words) in query._keys):
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
        piece = _SPACES_RE.sub(" ", text[pos:s])
        hit = _SPACES_RE.sub(" ", text[s:e])
        plain_parts += [piece, hit]
        html_parts += [html.escape(piece, quote=False), "<mark>", html.escape(hit, quote=False),
                       "</mark>"]
        pos = e
    tail = _SPACES_RE.sub(" ", text[pos:end])
    plain_parts.append(tail)
    html_parts.append(html.escape(tail, quote=False))
    pre = "…" if start > 0 else ""
    post = "…" if end < len(text) else ""
    return (pre + "".join(plain_parts) + post, pre + "".join(html_parts) + post)
