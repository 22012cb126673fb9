"""Search folding: the key under which text is indexed and queried (never displayed).

Rules (DESIGN.md, "Arabic conventions"): drop tatweel, harakat and invisible format
characters; unify alef forms (أ إ آ ٱ → ا), ى → ي, ة → ه and Persian letter variants;
Arabic-Indic and Persian digits → ASCII; lower-case Latin (casefold). Stemming is separate
(:mod:`mawsua.arabic.stem`).
"""

from __future__ import annotations

import re

from mawsua.arabic.charsets import DIGIT_MAP, HARAKAT, INVISIBLE, LETTER_MAP, TATWEEL
from mawsua.arabic.presentation import PRESENTATION_MAP

#: every code point that folding changes -> its replacement ("" = dropped)
FOLD_MAP: dict[str, str] = {
    **{c: "" for c in (*HARAKAT, *INVISIBLE, TATWEEL)}, **LETTER_MAP, **DIGIT_MAP,
}
_TABLE: dict[int, str | None] = {ord(k): (v or None) for k, v in FOLD_MAP.items()}
# str.translate looks every code point up in a dict; a regex over the few characters that
# change is ~3x faster on article-length text (same output: tests/arabic checks it)
_FOLD_RE = re.compile("[" + re.escape("".join(sorted(FOLD_MAP))) + "]")
_fold_get = FOLD_MAP.__getitem__
#: a search token: a run of letters/digits (Arabic or other scripts)
TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Return the search key of ``text`` (same script, folded letters, fewer code points).

    Example: ``fold("إِسْرَائِيلُ ٢٠١٥")`` → ``"اسرائيل 2015"`` (hamza on yeh is kept as ئ;
    only the forms named above are unified).
    """
    return _FOLD_RE.sub(lambda m: _fold_get(m.group()), text).casefold()


_PRESENTATION_RE = re.compile("[" + re.escape("".join(sorted(PRESENTATION_MAP))) + "]")


def fold_typed(text: str) -> str:
    """:func:`fold` for text that did not go through the clean stage (a user's query, raw
    words): first the clean stage's presentation-form table
    (:data:`mawsua.arabic.presentation.PRESENTATION_MAP`: ``اﻹمارات`` → ``الإمارات``, ``ﻻ`` →
    ``لا``), then :func:`fold`, which already drops bidi, zero-width and other invisible marks,
    kashida and harakat and unifies the Persian letters ک ی ۀ ے. Repaired article text needs
    only :func:`fold` (its presentation forms are gone)."""
    if _PRESENTATION_RE.search(text):
        text = _PRESENTATION_RE.sub(lambda m: PRESENTATION_MAP[m.group()], text)
    return fold(text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and keep, for each folded code point, its offset in ``text``.

    Returns:
        ``(folded, offsets)`` with ``len(offsets) == len(folded) + 1``; ``offsets[-1]`` is
        ``len(text)``. Used to highlight matches on the original letters.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        f = ch.translate(_TABLE)
        if not f:
            continue
        f = f.casefold()
        out.append(f)
        offsets.extend([i] * len(f))
    offsets.append(len(text))
    return "".join(out), offsets


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text`` (letters and digits; punctuation dropped)."""
    return TOKEN_RE.findall(fold(text))
