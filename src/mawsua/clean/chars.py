"""Character hygiene (issue 3, item 4): each repair an :class:`~mawsua.model.Edit` of its kind.

Offsets are code points. Every pass writes edits against the current ``text`` and folds them
in with :meth:`Article.with_edits`; ``raw_text`` never changes (bidi controls and zero-width
characters stay in raw, as DESIGN.md asks; only ``text`` drops them). Passes, in order:

``mojibake`` (confidence 0.99)
    UTF-8 bytes that were decoded as windows-1256 (``ط§ظ„`` for ``ال``) or as latin-1 /
    windows-1252 (``Ø§Ù„``). A candidate run is a sequence of well-formed UTF-8 lead and
    continuation characters of one of those code pages (ASCII allowed between sequences); it
    is re-encoded and decoded as strict UTF-8, and kept only when it holds two or more
    multi-byte sequences (or one of three bytes) and every decoded non-ASCII character is
    plausible (Arabic, general punctuation, Latin-1 letters, « » NBSP). Correct Arabic never
    matches: a real ``ضغط،`` is one pair, and a decoding to ``ǡ`` is implausible. After the
    idea of ftfy's "badness" heuristic (ftfy docs, "Fixing mojibake"), but ftfy has no
    windows-1256 codec, so the detector is our own.
``presentation_forms`` (1.0)
    U+FB50..U+FDFF and U+FE70..U+FEFE -> base letters by NFKC (ﻻ -> لا, ﷲ -> الله), one
    edit per run; table in :mod:`mawsua.arabic.presentation`.
``bidi_controls`` (1.0)
    LRM, RLM, ALM, U+202A..U+202E, U+2066..U+2069 removed (one edit per run). The website sets
    ``dir`` from the language layer instead.
``persian_letters`` (0.9; 0.7 for a word-final yeh)
    ک ی ۀ ے ہ ھ ە ۃ ڪ -> ك ي ة ي ه ه ه ة ك inside words of *Arabic* lines only. A line is
    Arabic when it holds at least two Arabic-only letters (ي ك ى ة) and twice as many as
    Persian/Urdu-only letters (ی ک پ چ ژ گ ...)
    (lines with fewer than five such letters are judged with the whole text); articles whose
    metadata language is ``fa``/``ur``/``ps``/``ku``/``ckb`` are never touched. A word that
    also holds a letter Arabic does not have (پ چ ژ گ ٹ ڈ ڑ ں) is a Persian/Urdu word and is
    kept. A word-final ی/ے becomes ى or ي, whichever whole word is commoner in wordfreq's
    Arabic list (``علی`` -> ``على``, ``فی`` -> ``في``), else ى (its Persian shape).
``zero_width`` (1.0; 0.8 when a ZWSP becomes a space)
    U+200B ZWSP, U+2060 WJ, U+00AD SHY removed; a ZWSP between two letters (its only job
    there is a word boundary) becomes a space. ZWNJ is removed in Arabic lines when it
    changes nothing visible: the letter before it cannot join forward (ا د ذ ر ز و ة ء ... or
    no letter) or what follows cannot join backward; ZWJ when both neighbours join anyway.
    Kept: ZWNJ/ZWJ that change shaping, all of them in Persian/Urdu lines, ZWJ in emoji.
``kashida`` (0.95; 0.9 when shortened)
    Justification tatweel: a tatweel run between two letters of one word (harakat may sit on
    either side) is removed (``قامـت`` -> ``قامت``, ``مســــؤول`` -> ``مسؤول``). A single
    tatweel after a word and before a non-letter is a writing convention and is kept
    (``لـ«الشرق»``, ``بـ4700``, ``الـF``, ``1436هـ``); a longer run there is shortened to one
    (``لــ «اليوم»`` -> ``لـ «اليوم»``). Runs not after a letter (``ــ`` used as a dash) are
    punctuation and are kept.
``detached_haraka`` (0.9)
    Spaces between a letter (or shadda) and a following haraka removed (``مشيرة ً`` ->
    ``مشيرةً``). A haraka after a space that follows punctuation is left.

Speed: one precompiled character-class scan finds any candidate of the first six passes
(most texts have none), a second finds a space before a haraka; only then the passes run.
``repair(repair(a))`` equals ``repair(a)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mawsua.arabic.charsets import HARAKAT, TATWEEL, is_arabic_letter
from mawsua.arabic.lexicon import final_yeh
from mawsua.arabic.presentation import (
    ARABIC_EVIDENCE,
    BIDI_CONTROLS,
    NON_ARABIC_LETTERS,
    NON_DUAL_JOINING,
    NON_JOINING,
    PERSIAN_EVIDENCE,
    PERSIAN_VARIANTS,
    PRESENTATION_MAP,
    YEH_VARIANTS,
    ZERO_WIDTH_ALWAYS,
    ZWJ,
    ZWNJ,
)
from mawsua.model import Article, Edit

#: metadata languages whose text is never given Arabic letters
NON_ARABIC_LANGS = frozenset({"fa", "ur", "ps", "ku", "ckb", "sd", "ug"})


# --- mojibake tables ------------------------------------------------------------------------
def _byte_map(encoding: str) -> dict[str, int]:
    """Character -> byte for the bytes 0x80..0xFF of a single-byte code page."""
    out: dict[str, int] = {}
    for b in range(0x80, 0x100):
        try:
            out[bytes([b]).decode(encoding)] = b
        except UnicodeDecodeError:
            out[chr(b)] = b  # undefined in cp1252: decoders that "keep" it give U+0080+b
    return out


_CP1256 = _byte_map("cp1256")
_CP1252 = _byte_map("cp1252")
for _b in range(0x80, 0xA0):  # latin-1 reading: C1 controls stand for the same bytes
    _CP1252.setdefault(chr(_b), _b)


def _cls(table: dict[str, int], lo: int, hi: int) -> str:
    chars = sorted(c for c, b in table.items() if lo <= b <= hi)
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def _run_re(table: dict[str, int]) -> re.Pattern[str]:
    cont = _cls(table, 0x80, 0xBF)
    seq = f"(?:{_cls(table, 0xC2, 0xDF)}{cont}|{_cls(table, 0xE0, 0xEF)}{cont}{{2}})"
    return re.compile(f"{seq}(?:[ -~]*{seq})*")


_MOJIBAKE: tuple[tuple[str, dict[str, int], re.Pattern[str]], ...] = (
    ("cp1256", _CP1256, _run_re(_CP1256)),
    ("latin-1", _CP1252, _run_re(_CP1252)),
)
#: characters that every mojibake run of either code page is likely to hold and correct
#: Arabic text rarely does: Latin-1 symbols and letters, C1 controls, cp1252 typography
_MOJI_TRIGGER = "\u0080-\u009f\u00a1-\u00aa\u00ac\u00ae-\u00ba\u00bc-\u00ff\u0152\u0153\u0192\u02c6\u2020\u2021\u2030\u2039\u203a\u20ac\u2122"


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return (o < 0x80 or 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x2000 <= o <= 0x206F
            or o in (0xA0, 0xAB, 0xBB) or 0xC0 <= o <= 0xFF or o in (0x20AC, 0x2122))


def mojibake_edits(text: str) -> list[Edit]:
    """``mojibake`` edits: runs of UTF-8 read as windows-1256 or latin-1/cp1252, decoded back."""
    found: list[tuple[int, int, str, str]] = []
    for name, table, pattern in _MOJIBAKE:
        for m in pattern.finditer(text):
            run = m.group()
            data = bytes(table[c] if c in table else ord(c) for c in run)
            if sum(1 for b in data if b >= 0xC0) < 2 and not any(b >= 0xE0 for b in data):
                continue
            try:
                fixed = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if fixed != run and all(_plausible(c) for c in fixed):
                found.append((m.start(), m.end(), fixed, name))
    # where the two readings overlap ("â€“" is the same in both), the longer run wins
    found.sort(key=lambda f: f[0] - f[1])
    edits: list[Edit] = []
    for s, e, fixed, name in found:
        if all(e <= x.raw_start or x.raw_end <= s for x in edits):
            edits.append(Edit(s, e, fixed, "mojibake", 0.99, {"encoding": name}))
    edits.sort(key=lambda x: x.raw_start)
    return edits


# --- presentation forms, bidi controls --------------------------------------------------------
_PRES_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(PRESENTATION_MAP)) + "]+")
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]+")


def presentation_edits(text: str) -> list[Edit]:
    """``presentation_forms`` edits: each run of presentation forms -> its base letters."""
    return [Edit(m.start(), m.end(), "".join(PRESENTATION_MAP[c] for c in m.group()),
                 "presentation_forms") for m in _PRES_RE.finditer(text)]


def bidi_edits(text: str) -> list[Edit]:
    """``bidi_controls`` edits: each run of bidi formatting characters removed."""
    return [Edit(m.start(), m.end(), "", "bidi_controls") for m in _BIDI_RE.finditer(text)]


# --- Arabic lines (for Persian letters and ZWNJ/ZWJ) -------------------------------------------
def _evidence(s: str) -> tuple[int, int]:
    return (sum(s.count(c) for c in ARABIC_EVIDENCE), sum(s.count(c) for c in PERSIAN_EVIDENCE))


def _is_arabic(ar: int, fa: int) -> bool:
    return ar >= 2 and ar >= 2 * fa


def _line_judge(text: str, article_lang: str | None, *, strict: bool) -> Callable[[int], bool]:
    """A function: offset -> whether the line holding it may be treated as Arabic.

    ``strict``: the line must show Arabic evidence (for changing letters); otherwise it only
    must not look Persian/Urdu (for dropping invisible ZWNJ/ZWJ). Lines with fewer than five
    telling letters are judged with the whole text. See the module docstring.
    """
    if article_lang in NON_ARABIC_LANGS:
        return lambda pos: False
    whole = _evidence(text)
    cache: dict[int, bool] = {}

    def ok(ar: int, fa: int) -> bool:
        return _is_arabic(ar, fa) if strict else (fa == 0 or _is_arabic(ar, fa))

    def judge(pos: int) -> bool:
        start = text.rfind("\n", 0, pos) + 1
        if start not in cache:
            end = text.find("\n", pos)
            ar, fa = _evidence(text[start : end if end >= 0 else len(text)])
            cache[start] = ok(ar, fa) if ar + fa >= 5 else ok(*whole)
        return cache[start]

    return judge


# --- Persian/Urdu letter variants -------------------------------------------------------------
#: a word holding a Persian/Urdu variant; the lookbehind lets a match start only where a word
#: starts (without it a long run of letters with no variant was rescanned from every position:
#: quadratic, 100 s for a 64,000-letter run)
_VARIANT_WORD_RE = re.compile(
    "(?<![\u0620-\u065f\u066e-\u06d5\u06fa-\u06ff\u0670\u0640])"
    "[\u0620-\u065f\u066e-\u06d5\u06fa-\u06ff\u0670\u0640]*["
    + "".join(sorted(PERSIAN_VARIANTS)) + "][\u0620-\u065f\u066e-\u06d5\u06fa-\u06ff\u0670\u0640]*"
)


def persian_edits(text: str, is_arabic_line: Callable[[int], bool]) -> list[Edit]:
    """``persian_letters`` edits: Persian/Urdu variants inside Arabic words of Arabic lines."""
    edits: list[Edit] = []
    for m in _VARIANT_WORD_RE.finditer(text):
        word = m.group()
        if any(c in NON_ARABIC_LETTERS for c in word) or not is_arabic_line(m.start()):
            continue
        last = len(word.rstrip("".join(HARAKAT))) - 1
        out = []
        conf = 0.9
        for i, c in enumerate(word):
            if c in YEH_VARIANTS and i == last:
                out.append(final_yeh(word[:i]))
                conf = 0.7
            else:
                out.append(PERSIAN_VARIANTS.get(c, c))
        fixed = "".join(out)
        # one edit per changed code point, so offsets stay one to one
        for i, (a, b) in enumerate(zip(word, fixed, strict=True)):
            if a != b:
                edits.append(Edit(m.start() + i, m.start() + i + 1, b, "persian_letters",
                                  conf if a in YEH_VARIANTS else 0.9))
    return edits


# --- zero-width characters ---------------------------------------------------------------------
_ZW_CHARS = frozenset("\u200b\u200c\u200d\u2060\u00ad")
_ZW_RE = re.compile("[" + "".join(sorted(_ZW_CHARS)) + "]")


def _base_before(text: str, i: int) -> str:
    """The character before ``i``, looking past harakat (they sit on the letter before) and
    other zero-width characters (so that the decision does not change once they are gone)."""
    i -= 1
    while i >= 0 and (text[i] in HARAKAT or text[i] in _ZW_CHARS):
        i -= 1
    return text[i] if i >= 0 else ""


def _after(text: str, i: int) -> str:
    """The character after ``i``, looking past other zero-width characters."""
    i += 1
    while i < len(text) and text[i] in _ZW_CHARS:
        i += 1
    return text[i] if i < len(text) else ""


def _is_letter(c: str) -> bool:
    return bool(c) and (c.isalpha() or c == TATWEEL)


def zero_width_edits(text: str, is_arabic_line: Callable[[int], bool]) -> list[Edit]:
    """``zero_width`` edits: stray ZWSP/WJ/SHY, and ZWNJ/ZWJ that change nothing visible."""
    edits: list[Edit] = []
    for m in _ZW_RE.finditer(text):
        i = m.start()
        c = text[i]
        prev = _base_before(text, i)
        nxt = _after(text, i)
        if c in ZERO_WIDTH_ALWAYS:
            if c == "\u200b" and _is_letter(prev) and _is_letter(nxt):
                edits.append(Edit(i, i + 1, " ", "zero_width", 0.8))
            else:
                edits.append(Edit(i, i + 1, "", "zero_width"))
            continue
        prev_ar = bool(prev) and (is_arabic_letter(prev) or prev == TATWEEL)
        next_ar = bool(nxt) and (is_arabic_letter(nxt) or nxt == TATWEEL)
        if not (prev_ar or next_ar) or not is_arabic_line(i):
            continue
        if (prev and prev.isalpha() and not prev_ar) or (nxt and nxt.isalpha() and not next_ar):
            continue  # next to a letter of another script: not ours to judge
        prev_joins_fwd = prev_ar and prev not in NON_DUAL_JOINING
        next_joins_back = next_ar and nxt not in NON_JOINING
        if c == ZWNJ:
            if not (prev_joins_fwd and next_joins_back):
                edits.append(Edit(i, i + 1, "", "zero_width"))
        elif c == ZWJ and prev_joins_fwd and next_joins_back:
            edits.append(Edit(i, i + 1, "", "zero_width"))
    return edits


# --- kashida -----------------------------------------------------------------------------------
_TATWEEL_RE = re.compile("\u0640+")


def kashida_edits(text: str) -> list[Edit]:
    """``kashida`` edits: justification tatweel removed, conventional runs shortened to one."""
    edits: list[Edit] = []
    n = len(text)
    for m in _TATWEEL_RE.finditer(text):
        s, e = m.span()
        prev = text[s - 1] if s else ""
        if not prev or not (is_arabic_letter(prev) or prev in HARAKAT):
            continue  # a dash-like run, or a tatweel after a digit: punctuation
        j = e
        while j < n and text[j] in HARAKAT:
            j += 1
        if j < n and is_arabic_letter(text[j]):
            edits.append(Edit(s, e, "", "kashida", 0.95))
        elif e - s > 1:
            edits.append(Edit(s + 1, e, "", "kashida", 0.9))
    return edits


# --- detached harakat --------------------------------------------------------------------------
_DETACHED_RE = re.compile("(?<=[\u0620-\u064a\u0651\u066e-\u06d3\u06d5])[ \u00a0]+(?=[\u064b-\u0652])")


def detached_haraka_edits(text: str) -> list[Edit]:
    """``detached_haraka`` edits: spaces between a letter and its haraka removed."""
    return [Edit(m.start(), m.end(), "", "detached_haraka", 0.9)
            for m in _DETACHED_RE.finditer(text)]


# --- the step ----------------------------------------------------------------------------------
#: any candidate of the character passes (one character-class scan)
_CANDIDATE_RE = re.compile(
    "[\ufb50-\ufdff\ufe70-\ufefe"  # presentation forms
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"  # bidi controls
    "\u200b\u200c\u200d\u2060\u00ad"  # zero width
    "\u0640"  # tatweel
    + "".join(sorted(PERSIAN_VARIANTS)) + _MOJI_TRIGGER + "]"
)
_SPACE_HARAKA_RE = re.compile("[ \u00a0][\u064b-\u0652]")
_MOJI_CHARS = frozenset(filter(re.compile(f"[{_MOJI_TRIGGER}]").match, map(chr, range(0x80, 0x2200))))


def repair(article: Article) -> Article:
    """Return ``article`` with the character-hygiene edits folded in (see the module docstring).

    The passes run again while they still change the text (at most three rounds), since one
    repair can expose another (a kashida removed from inside a mojibake sequence), so that
    repairing repaired text changes nothing.

    Args:
        article: any article; its edits are kept, the new ones are written against its
            current ``text``.

    Returns:
        The same object when nothing needed repair (most texts), else a new article (span
        layers dropped, as with every :meth:`Article.with_edits`).
    """
    for _ in range(3):
        before = article.text
        article = _repair_once(article)
        if article.text == before:
            break
    return article


def _repair_once(article: Article) -> Article:
    """One round of every character-hygiene pass."""
    text = article.text
    found = set(_CANDIDATE_RE.findall(text))
    if found:
        lang = article.metadata.language
        steps: list[Callable[[str], list[Edit]]] = []
        if not found.isdisjoint(_MOJI_CHARS):
            steps.append(mojibake_edits)
        if not found.isdisjoint(PRESENTATION_MAP):
            steps.append(presentation_edits)
        if not found.isdisjoint(BIDI_CONTROLS):
            steps.append(bidi_edits)
        # the passes below may also meet letters made by the ones above: let them look
        if steps or not found.isdisjoint(PERSIAN_VARIANTS):
            steps.append(lambda t: persian_edits(t, _line_judge(t, lang, strict=True)))
        if steps or not found.isdisjoint(_ZW_CHARS):
            steps.append(lambda t: zero_width_edits(t, _line_judge(t, lang, strict=False)))
        if steps or TATWEEL in found:
            steps.append(kashida_edits)
        for step in steps:
            # a pass is repeated until it finds nothing (at most 3 times): converted letters
            # are new evidence that a line is Arabic, and the result must be a fixed point
            for _ in range(3):
                edits = step(text)
                if not edits:
                    break
                article = article.with_edits(edits)
                text = article.text
    if _SPACE_HARAKA_RE.search(text) is not None:
        edits = detached_haraka_edits(text)
        if edits:
            article = article.with_edits(edits)
    return article
