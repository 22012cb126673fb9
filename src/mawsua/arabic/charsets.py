"""Arabic character sets and maps, kept as data (after camel_tools' practice).

Sources: the Unicode Standard, chapter 9.2 (Arabic), blocks U+0600–U+06FF, U+0750–U+077F,
U+08A0–U+08FF, U+FB50–U+FDFF, U+FE70–U+FEFF.
"""

from __future__ import annotations

TATWEEL = "\u0640"
#: harakat and other combining marks of the Arabic block (fathatan .. sukun, superscript alef,
#: Quranic annotation marks)
HARAKAT = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + ["\u06E7", "\u06E8"]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + [chr(c) for c in range(0x08D3, 0x0900) if c != 0x08E2]
)
#: invisible format characters dropped from folded search text (kept in raw)
INVISIBLE = frozenset(
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c", "\u2060", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
#: letter unification for search keys: alef forms -> bare alef, alef maqsura -> yeh,
#: teh marbuta -> heh, Persian/Urdu variants -> Arabic letters
LETTER_MAP: dict[str, str] = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0649": "\u064a",  # ى -> ي
    "\u06cc": "\u064a",  # Persian yeh -> ي
    "\u06d2": "\u064a",  # yeh barree
    "\u0629": "\u0647",  # ة -> ه
    "\u06c0": "\u0647",  # ۀ
    "\u06c1": "\u0647",
    "\u06d5": "\u0647",
    "\u06a9": "\u0643",  # ک -> ك
    "\u06aa": "\u0643",
}
#: Arabic-Indic (U+0660..) and Extended/Persian (U+06F0..) digits -> ASCII
DIGIT_MAP: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}


def is_arabic_letter(ch: str) -> bool:
    """True for a letter of the Arabic blocks (not digits, punctuation or marks)."""
    o = ord(ch)
    return (0x0620 <= o <= 0x064A or 0x066E <= o <= 0x06D3 or 0x06D5 == o or 0x06FA <= o <= 0x06FF
            or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08C9)


# --- letters that tell Arabic-script languages apart (used by annotate.language) ---------
#: letters of Persian orthography absent from standard Arabic: peh, tcheh, jeh, gaf, keheh,
#: farsi yeh, heh with yeh above (Persian writes ی and ک where Arabic writes ي and ك)
PERSIAN_LETTERS = frozenset("\u067e\u0686\u0698\u06af\u06a9\u06cc\u06c0")
#: letters of Urdu orthography absent from Persian and Arabic: tteh, ddal, rreh, noon ghunna,
#: yeh barree, heh doachashmee, teh marbuta goal
URDU_LETTERS = frozenset("\u0679\u0688\u0691\u06ba\u06d2\u06be\u06c3")
#: letters of Pashto, Sorani Kurdish and other Arabic-script orthographies, absent from Arabic
OTHER_ARABIC_SCRIPT_LETTERS = frozenset(
    "\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0\u0695\u06b5\u06c6\u06ce\u06d5"
)
#: letters standard Arabic writes and Persian/Urdu do not: arabic yeh, kaf, alef maksura;
#: teh marbuta (rare in Persian, only in Arabic loanwords)
ARABIC_ONLY_LETTERS = frozenset("\u064a\u0643\u0649\u0629")
