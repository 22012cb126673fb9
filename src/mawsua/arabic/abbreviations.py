"""Abbreviations after which a period does not end a sentence (data, not code).

Sources: Arabic press usage seen in the SaudiNewsNet corpus (``د.`` doctor, ``أ.`` ustadh /
professor, ``م.`` engineer, ``أ.د.`` professor doctor, ``ص.ب`` P.O. box, ``ق.م`` BC, list
markers ``ب.`` ``ج.``) and the usual English titles. Any single letter followed by a period
is treated as an abbreviation or an initial by the sentence splitter; the sets below add the
longer forms. Keys are compared after removing harakat and tatweel (Arabic) or lower-casing
(Latin).
"""

from __future__ import annotations

#: Arabic abbreviations made of several one-letter parts (``أ.د.``, ``ص.ب``), written without
#: harakat/tatweel; any chain of single letters and periods is treated the same way
ARABIC: frozenset[str] = frozenset({"أ.د", "ص.ب", "ق.م", "ش.م.م", "ش.م.ع", "ل.س", "ج.م.ع"})

#: single Arabic letters that, right after a number, are era/unit markers ending a sentence
#: (``1436 هـ.`` hijri year, ``2015 م.`` common era) rather than abbreviated titles
ARABIC_AFTER_NUMBER: frozenset[str] = frozenset({"م", "ه", "هـ"})

#: English abbreviations (lower case, without the final period) that never end a sentence
#: in news text; single letters (initials, ``U.S.``) are covered by the single-letter rule
LATIN: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "gov", "sen", "rep", "rev", "hon", "pres", "messrs", "mt", "ft",
    "vs", "approx", "dept", "e.g", "i.e", "jan",
    "feb", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
})

#: English abbreviations that block a split only when a number follows (``No. 5``)
LATIN_BEFORE_NUMBER: frozenset[str] = frozenset({"no", "nos", "vol", "pp", "p", "art", "fig"})
