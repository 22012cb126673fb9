"""Language filters typed by people: the codes the language layer stores (``ar``, ``en``), the
Arabic names the website shows for them (``الإنجليزية``) and their English names
(``English``) all name one stored value (user test s25: ``--language english`` and
``--language الإنجليزية`` were silent zero results)."""

from __future__ import annotations

from mawsua.arabic.fold import fold

#: Arabic names of the language codes shown in filter menus (others are shown as codes).
LANGUAGE_NAMES: dict[str, str] = {
    "ar": "العربية", "en": "الإنجليزية", "fr": "الفرنسية", "fa": "الفارسية", "ur": "الأردية",
    "tr": "التركية", "he": "العبرية", "other": "أخرى",
}
#: English names (lower case) of the same codes, and common second names.
ENGLISH_NAMES: dict[str, str] = {
    "arabic": "ar", "english": "en", "french": "fr", "persian": "fa", "farsi": "fa",
    "urdu": "ur", "turkish": "tr", "hebrew": "he",
}


def _key(name: str) -> str:
    """Folded, without the article: ``الانجليزية``, ``الإنجليزية`` and ``إنجليزية`` meet."""
    f = fold(name.strip())
    return f[2:] if f.startswith("ال") and len(f) > 4 else f


def language_code(value: str) -> str:
    """The stored language code a filter value names: a code as given (lower-cased: ``EN``
    → ``en``), an English name (``English`` → ``en``) or the Arabic name the website shows
    (``الإنجليزية``, ``الانجليزية`` → ``en``); any other value stripped and lower-cased (it
    then matches nothing unless stored so; :func:`mawsua.app.queries.filter_notes` says so)."""
    v = value.strip()
    low = v.lower()
    if low in ENGLISH_NAMES:
        return ENGLISH_NAMES[low]
    key = _key(v)
    for code, name in LANGUAGE_NAMES.items():
        if _key(name) == key:
            return code
    return low
