"""Character data for the character-hygiene repairs (:mod:`mawsua.clean.chars`), kept as data.

Sources: the Unicode Standard, chapter 9.2 (Arabic: presentation forms, cursive joining,
tatweel), chapter 23.2 (layout controls: ZWJ, ZWNJ, bidi controls), the Unicode Character
Database files ``UnicodeData.txt`` (compatibility decompositions, here through
:func:`unicodedata.normalize` ``"NFKC"``) and ``ArabicShaping.txt`` (joining types).

All tables map single code points; offsets elsewhere are code points.
"""

from __future__ import annotations

import unicodedata

#: the Arabic presentation-form blocks: Forms-A U+FB50..U+FDFF, Forms-B U+FE70..U+FEFE
#: (U+FEFF, the BOM, sits at the end of Forms-B but is handled by ``clean.hygiene``)
PRESENTATION_RANGES: tuple[tuple[int, int], ...] = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE))


def _presentation_map() -> dict[str, str]:
    """Every presentation form whose NFKC differs from it -> its base letters.

    The spacing and tatweel forms of the harakat (U+FE70..U+FE7F, NFKC ``" ً"`` / ``"ـً"``)
    map to the bare haraka: the space or tatweel is an artefact of the isolated glyph.
    Forms without a compatibility decomposition (U+FDFD ﷽, the ornate parentheses) and
    unassigned code points are left out, so they stay as they are.
    """
    out: dict[str, str] = {}
    for lo, hi in PRESENTATION_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            base = unicodedata.normalize("NFKC", ch)
            if base == ch:
                continue
            if 0xFE70 <= cp <= 0xFE7F:
                base = base.lstrip(" \u0640") or base
            out[ch] = base
    return out


#: presentation form -> base letters (ﻻ -> لا, ﷲ -> الله, ﺏ -> ب, ﮎ -> ک ...)
PRESENTATION_MAP: dict[str, str] = _presentation_map()

#: bidi formatting characters removed from ``text``: LRM, RLM, ALM (U+061C), the embeddings
#: and overrides U+202A..U+202E and the isolates U+2066..U+2069
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c" + "".join(map(chr, range(0x202A, 0x202F)))
                          + "".join(map(chr, range(0x2066, 0x206A))))

#: zero-width characters that never carry anything in running text: ZERO WIDTH SPACE,
#: WORD JOINER, SOFT HYPHEN (ZWNJ U+200C and ZWJ U+200D are judged by their neighbours)
ZERO_WIDTH_ALWAYS = frozenset("\u200b\u2060\u00ad")
ZWNJ = "\u200c"
ZWJ = "\u200d"

#: Arabic letters that join only to the right (joining type R in ArabicShaping.txt) or not at
#: all (type U: hamza, high hamza): after one of them a ZWNJ changes nothing visible
NON_DUAL_JOINING = frozenset(
    "\u0621\u0622\u0623\u0624\u0625\u0627\u0629\u062f\u0630\u0631\u0632\u0648"
    "\u0671\u0672\u0673\u0674\u0675\u0676\u0677"
    "\u0688\u0689\u068a\u068b\u068c\u068d\u068e\u068f\u0690"
    "\u0691\u0692\u0693\u0694\u0695\u0696\u0697\u0698\u0699"
    "\u06c0\u06c3\u06c4\u06c5\u06c6\u06c7\u06c8\u06c9\u06ca\u06cb\u06cd\u06cf"
    "\u06d2\u06d3\u06d5\u06ee\u06ef"
)
#: Arabic letters that join to nothing (type U)
NON_JOINING = frozenset("\u0621\u0674")

#: Persian/Urdu letter variants and their standard Arabic letters, used only inside Arabic
#: words of Arabic text. Yeh-like letters (ی ے) are decided by position (see
#: ``clean.chars``): ي inside a word; ى or ي at the end, whichever is the commoner word.
PERSIAN_VARIANTS: dict[str, str] = {
    "\u06a9": "\u0643",  # ک keheh -> ك
    "\u06aa": "\u0643",  # ڪ swash kaf -> ك
    "\u06cc": "\u064a",  # ی farsi yeh -> ي (word-final: ى or ي)
    "\u06d2": "\u064a",  # ے yeh barree -> ي (word-final: ى or ي)
    "\u06c0": "\u0629",  # ۀ heh with yeh above -> ة
    "\u06c3": "\u0629",  # ۃ teh marbuta goal -> ة
    "\u06c1": "\u0647",  # ہ heh goal -> ه
    "\u06be": "\u0647",  # ھ heh doachashmee -> ه
    "\u06d5": "\u0647",  # ە ae -> ه
}
#: the variants whose word-final form is chosen between ى and ي
YEH_VARIANTS = frozenset("\u06cc\u06d2")
#: letters of Persian/Urdu with no Arabic counterpart: a word holding one is not Arabic
NON_ARABIC_LETTERS = frozenset("\u067e\u0686\u0698\u06af\u0679\u0688\u0691\u06ba")
#: letters standard Arabic writes and Persian/Urdu do not (evidence that a line is Arabic)
ARABIC_EVIDENCE = frozenset("\u064a\u0643\u0649\u0629")
#: letters Persian/Urdu write and standard Arabic does not (evidence against)
PERSIAN_EVIDENCE = frozenset("\u06cc\u06a9\u067e\u0686\u0698\u06af\u06c0\u06d2\u06be\u06c1")

#: harakat that may be typed detached from their letter (fathatan .. sukun)
HARAKAT_BASIC = "\u064b-\u0652"
