"""Paragraphs cut by a removed block (an ad, a photo, an embed), joined again.

Input: an article whose text has had line hygiene (paragraph breaks are ``"\\n"`` or
``"\\n\\n"``). A *paragraph* here is a non-empty line. For each break between two paragraphs
``a`` and ``b`` the rules below decide, in this order, whether the break is an artefact; a join
is one :class:`~mawsua.model.Edit` replacing the gap (the whitespace between ``a`` and ``b``,
plus a stray ``"."`` when one is removed) with one space ``" "`` (with nothing for rule 0).

0. ``stray_punctuation`` (0.9): ``b`` is only a sentence's closing punctuation (``.``, ``؟``,
   ``!``, ``…``, at most three) and ``a`` does not end with one: the gap is removed, not made a
   space (``...على كوبري قصر النيل`` + ``.`` → ``...قصر النيل.``).
1. **Never** when ``a`` or ``b`` is a caption, an embedded post, related links or boilerplate
   (:func:`mawsua.clean.blocks.line_block`), a list item, a verse line (``**``, `` / ``,
   kashida runs; two lines both shorter than :data:`MIN_WORDS_LONG` words), a
   dateline/byline first line (``X – Y`` without a full stop), or when ``a`` and ``b`` are in
   different scripts (Arabic vs Latin: an English tweet inside Arabic text).
2. ``broken_paragraph_inside_quote`` (confidence 0.9): ``a`` opens a quotation it does not
   close (``«`` or ``“`` unbalanced, or an odd number of ``"``) and ``b`` closes it.
   Seed: ``...في المكتب البيضاوي.`` + ``أتطلع إلى ... قدماً".``
3. ``broken_sentence`` with the stray period removed (0.9): ``a`` ends ``W.`` where ``W`` is a
   name particle or the Arabic spelling of a Latin initial (:data:`~mawsua.arabic.cues.
   NAME_PARTICLES`: ``دبليو``, ``جي``, ``بن``...) and ``b`` is a fragment of at most
   :data:`FRAGMENT_MAX_WORDS` words ending a sentence. Seed: ``جورج دبليو.`` + ``بوش.``
4. Nothing when ``a`` ends with sentence-final punctuation or a colon.
5. ``broken_sentence`` (0.85): ``a`` has at least :data:`MIN_WORDS_STRONG` words and ends with
   a comma or with a word a sentence cannot end on (:data:`~mawsua.arabic.cues.
   CONTINUATION_WORDS`: ``في``, ``التي``, ``of``...).
6. ``broken_sentence`` (0.7): ``b`` is a fragment (at most :data:`FRAGMENT_MAX_WORDS` words,
   ending a sentence) and ``a`` has at least :data:`MIN_WORDS_LONG` words.
7. ``broken_paragraph`` (0.55): ``a`` has at least :data:`MIN_WORDS_LONG` words, and every
   other paragraph of the article of that length ends a sentence (at least
   :data:`STYLE_MIN_PARAGRAPHS` of them): a missing full stop is then an anomaly, not the
   outlet's style. (SaudiNewsNet outlets such as Al-Jazirah and Al-Yaum often end paragraphs
   without a full stop, and headings stand on their own line: those breaks are kept.) Not
   when ``a`` has a headline's shape (a colon within its first four words: ``محافظ الجيزة:
   خطة لتطوير الطرق``), a heading repeated at the top of the body, nor when ``a`` is the
   first paragraph and ``b`` opens with a reporting verb: a deck or headline above the lead
   (``... بحكم منصبه`` + ``قالت مصادر ...``), whose missing full stop is a heading's style.

The decisions are repeated on the joined paragraphs until nothing changes, so
``repair(repair(a))`` adds nothing (idempotent). Offsets are code points.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from mawsua.arabic import reporting
from mawsua.arabic.cues import CONTINUATION_WORDS, NAME_PARTICLES
from mawsua.clean.blocks import lead_blocks, line_block, script_language
from mawsua.model import Article, Edit

#: rule 0: a line that is only a sentence's closing punctuation (a stray ``.`` set on a line of
#: its own by the scraper) ends the line before it
STRAY_PUNCTUATION = "stray_punctuation"
_STRAY_END = ".!?؟…"
_STRAY_END_RE = re.compile(r"[.!?؟…]{1,3}")
#: a fragment (rules 3 and 6) has at most this many words
FRAGMENT_MAX_WORDS = 3
#: rule 5: ``a`` needs at least this many words (shorter lines ending in a comma are list-like)
MIN_WORDS_STRONG = 4
#: rules 6 and 7: ``a`` needs at least this many words (shorter lines are headings or verse)
MIN_WORDS_LONG = 8
#: rule 7: the article needs at least this many long paragraphs that end a sentence
STYLE_MIN_PARAGRAPHS = 3

_LINE_RE = re.compile(r"[^\n]+")
# a headline's shape: who or where, a colon within the first four words, then the news
# («محافظ الجيزة: خطة لتطوير الطرق»); such a line standing alone is a heading, not a cut sentence
_HEADLINE_RE = re.compile(r"^(?:\S+\s+){0,3}\S+\s*:\s*\S")
_FINAL = frozenset(".!?؟…")
_END_OK = frozenset(".!?؟…:؛;")  # a paragraph ending in one of these is not cut (rule 4)
_CLOSERS = frozenset("\"'»”)]")
_LIST_RE = re.compile(r"^(?:[-*•·▪◦●■–—]|\(?\d{1,3}\s*[-.)]\s|\(?[أ-ي]\s*[-)]\s)")
_VERSE_RE = re.compile(r"\*\*| / |\s\.\.\.\s")
_SHORT_DASH_RE = re.compile(r"^[^.!؟:]{2,60}\s?[-–—]\s?[^.!؟:]{2,40}$")
_LAST_QUOTE_RE = re.compile(r'.*(["«»“”])', re.DOTALL)
_FIRST_QUOTE_RE = re.compile(r'["«»“”]')
_TATWEEL_RUN_RE = re.compile("ــ")
_HARAKAT_RE = re.compile("[\u064b-\u065f\u0670\u0640]")


def _ends_sentence(p: str) -> bool:
    """Whether ``p`` ends with sentence-final punctuation (closing quotes/brackets skipped)."""
    i = len(p) - 1
    while i >= 0 and p[i] in _CLOSERS:
        i -= 1
    return i >= 0 and p[i] in _FINAL


def _last_word(p: str) -> str:
    """The last word of ``p`` without trailing punctuation, harakat and tatweel."""
    w = p.rsplit(" ", 1)[-1].rstrip(".,،:;؛!?؟\"'»”)")
    if w and ("\u064b" <= w[-1] <= "\u065f" or "ـ" in w or "\u064b" <= w[0] <= "\u065f"):
        w = _HARAKAT_RE.sub("", w)
    return w


def _open_quote(p: str) -> bool:
    """Whether ``p`` leaves a quotation open: its last quotation mark opens a quotation
    (``«``, ``“``, or a ``"`` not preceded by a letter and followed by one) and its marks are
    unbalanced."""
    m = _LAST_QUOTE_RE.search(p)
    if m is None:
        return False
    q = m.group(1)
    if q == "«":
        return p.count("«") > p.count("»")
    if q == "“":
        return p.count("“") > p.count("”")
    if q == '"':
        i = m.start(1)
        opening = (i == 0 or not p[i - 1].isalnum()) and i + 1 < len(p) and p[i + 1].isalpha()
        return opening and p.count('"') % 2 == 1
    return False


def _closes_quote(p: str) -> bool:
    """Whether ``p`` closes a quotation opened before it: its first quotation mark closes one
    (``»``, ``”``, or a ``"`` not followed by a letter) and its marks are unbalanced."""
    m = _FIRST_QUOTE_RE.search(p)
    if m is None:
        return False
    q = m.group(0)
    if q == "»":
        return p.count("»") > p.count("«")
    if q == "”":
        return p.count("”") > p.count("“")
    if q == '"':
        i = m.start()
        closing = i > 0 and not p[i - 1].isspace() and (i + 1 == len(p) or not p[i + 1].isalpha())
        return closing and p.count('"') % 2 == 1
    return False


def _is_fragment(p: str) -> bool:
    return p.count(" ") < FRAGMENT_MAX_WORDS and _ends_sentence(p) and p[0].isalpha()


def _kept_apart(p: str, first: bool) -> bool:
    """Rule 1 for one paragraph."""
    if _LIST_RE.match(p) or _VERSE_RE.search(p):
        return True
    if first and (_SHORT_DASH_RE.match(p) or lead_blocks(p)):
        return True  # dateline / byline line
    if "ـ" in p and _TATWEEL_RUN_RE.search(p):
        return True  # verse set with kashida
    return line_block(p) is not None


def _decide(a: str, b: str, first: bool, style_ok: bool,
            wide: bool) -> tuple[str, float, bool] | None:
    """Rules 1-7 for the break between ``a`` and ``b`` -> (kind, confidence, drop_period);
    ``wide``: the raw gap has more line feeds than the article's usual paragraph break."""
    if not a or not b:
        return None
    last = a[-1]
    if _STRAY_END_RE.fullmatch(b) and not _STRAY_END_RE.fullmatch(a) and last not in _STRAY_END \
            and not _kept_apart(a, first):
        return (STRAY_PUNCTUATION, 0.9, False)  # «... قصر النيل» + «.»: the sentence's end
    kind: tuple[str, float, bool] | None = None
    if ('"' in a or "«" in a or "“" in a) and _open_quote(a) and _closes_quote(b) \
            and _quote_balance(a + " " + b) and (wide or not _ends_sentence(a)):
        kind = ("broken_paragraph_inside_quote", 0.9, False)
    elif last == "." and _last_word(a) in NAME_PARTICLES and _is_fragment(b) \
            and not a.endswith(".."):
        kind = ("broken_sentence", 0.9, True)
    elif last in _END_OK or _ends_sentence(a):
        return None
    else:
        words = a.count(" ") + 1
        if words >= MIN_WORDS_STRONG and _last_word(a) in CONTINUATION_WORDS:
            kind = ("broken_sentence", 0.85, False)
        elif words >= MIN_WORDS_STRONG and last in ",،" and b[0] not in "وف":
            kind = ("broken_sentence", 0.7, False)
        elif words >= MIN_WORDS_LONG and _is_fragment(b):
            kind = ("broken_sentence", 0.7, False)
        elif words >= MIN_WORDS_LONG and style_ok and b[0].isalpha() and b[0] not in "وف" \
                and not b[0].isupper() and not _HEADLINE_RE.match(a) \
                and not (first and _opens_with_cue(b)) \
                and (b.count(" ") + 1 >= MIN_WORDS_LONG or _ends_sentence(b)):
            kind = ("broken_paragraph", 0.65 if wide else 0.55, False)
    if kind is None:
        return None
    if a.count(" ") + 1 < MIN_WORDS_LONG and b.count(" ") + 1 < MIN_WORDS_LONG \
            and not kind[2] and kind[0] != "broken_paragraph_inside_quote":
        return None  # two short lines: verse or headings
    if _kept_apart(a, first) or _kept_apart(b, False):
        return None
    if script_language(a) != script_language(b):
        return None
    return kind


def _opens_with_cue(p: str) -> bool:
    """Whether ``p`` opens with a reporting verb (``قالت مصادر ...``, ``أعلن الوزير ...``,
    :func:`mawsua.arabic.reporting.lookup`): a lead's own first sentence."""
    words = p.split(maxsplit=1)
    return bool(words) and reporting.lookup(words[0].strip("،,:")) is not None


def _quote_balance(p: str) -> bool:
    """Whether the quotation marks of ``p`` are balanced."""
    return (p.count("«") == p.count("»") and p.count("“") == p.count("”")
            and p.count('"') % 2 == 0)


def _style_ok(paras: list[str]) -> bool:
    """Rule 7's article test: long paragraphs end sentences, but for at most one."""
    ended = unended = 0
    for p in paras:
        if p.count(" ") + 1 >= MIN_WORDS_LONG:
            if _ends_sentence(p) or p[-1] in _END_OK:
                ended += 1
            else:
                unended += 1
    return ended >= STYLE_MIN_PARAGRAPHS and unended <= 1


def join_edits(text: str, gap_feeds: Callable[[int, int], int] | None = None) -> list[Edit]:
    """The join edits for ``text`` (see module doc).

    Args:
        text: the article text after line hygiene.
        gap_feeds: ``(start, end) -> n``: how many line feeds the raw text had in the gap
            ``text[start:end]`` (hygiene turned runs of blank lines into one); default: count
            them in ``text``. A gap wider than the article's most common one marks a removed
            block.

    Returns:
        Sorted, non-overlapping edits whose offsets are code points into ``text``; each
        replaces a paragraph gap (and a stray period) by ``" "``.
    """
    if "\n" not in text:
        return []
    spans = [(m.start(), m.end()) for m in _LINE_RE.finditer(text)]
    paras: list[list[int]] = []  # [start, end] per paragraph (stripped)
    for s, e in spans:
        while s < e and text[s] in " \t":
            s += 1
        if e > s:
            paras.append([s, e])
    if len(paras) < 2:
        return []
    # a joined paragraph's text is the pieces with the gaps replaced: keep it as a string
    texts = [text[s:e] for s, e in paras]
    pieces: list[list[tuple[int, int]]] = [[(s, e)] for s, e in paras]
    joins: dict[int, tuple[str, float, bool]] = {}  # key: start of the gap in text
    feeds = gap_feeds or (lambda s, e: text.count("\n", s, e))
    widths = {paras[k][1]: feeds(paras[k][1], paras[k + 1][0]) for k in range(len(paras) - 1)}
    usual = Counter(widths.values()).most_common(1)[0][0]
    changed = True
    while changed:
        changed = False
        style = _style_ok(texts)
        i = 0
        while i < len(texts) - 1:
            gap = pieces[i][-1][1]
            d = _decide(texts[i], texts[i + 1], i == 0, style, widths[gap] > usual)
            if d is None:
                i += 1
                continue
            kind, conf, drop = d
            joins[gap] = d
            a = texts[i][:-1] if drop else texts[i]
            texts[i] = a + ("" if kind == STRAY_PUNCTUATION else " ") + texts[i + 1]
            pieces[i].extend(pieces[i + 1])
            del texts[i + 1], pieces[i + 1]
            changed = True
    edits: list[Edit] = []
    for piece in pieces:
        for (_s, e), (ns, _ne) in zip(piece, piece[1:], strict=False):
            kind, conf, drop = joins[e]
            start = e - 1 if drop else e
            edits.append(Edit(start, ns, "" if kind == STRAY_PUNCTUATION else " ", kind, conf))
    edits.sort(key=lambda ed: ed.raw_start)
    return edits


def repair(article: Article) -> Article:
    """Return ``article`` with its artefact paragraph breaks joined (see module doc).

    Returns the same object when there is nothing to join; ``repair(repair(a))`` adds nothing.
    """
    text = article.text
    if "\n" not in text:
        return article
    raw = article.raw_text
    to_raw = article.alignment.to_raw

    def gap_feeds(start: int, end: int) -> int:
        return raw.count("\n", to_raw(start, "end"), to_raw(end, "start"))

    edits = join_edits(text, gap_feeds)
    return article.with_edits(edits) if edits else article
