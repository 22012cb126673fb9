"""Outlet display names: ``alriyadh`` → ``الرياض``, ``youm7.com`` → ``اليوم السابع``.

The table is data (``src/mawsua/data/outlets/names.tsv``: ``outlet, name_ar, name_en``). An
outlet is looked up lower-cased as given, then as a domain without ``www.``, then by the
first label of that domain (``www.youm7.com`` → ``youm7``), then by the label before its
public suffix (``arabic.sputniknews.com`` → ``sputniknews``); an outlet the table does not know
is shown as the sources name it (its slug, or the Arabic name a dump gives).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mawsua.arabic.fold import tokens
from mawsua.connect.sections import outlet_countries

NAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "outlets" / "names.tsv"
SOURCE_SECTIONS_FILE = NAMES_FILE.with_name("source_sections.tsv")


@cache
def _table() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, ar, en = (line.split("\t") + ["", ""])[:3]
        out.setdefault(key.strip().lower(), (ar.strip(), en.strip()))
    return out


def _candidates(outlet: str) -> list[str]:
    key = outlet.strip().lower()
    host = key.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
    labels = host.split(".")
    out = [key, host, labels[0]]
    if len(labels) > 2:  # arabic.sputniknews.com → sputniknews
        out.append(labels[-2] if len(labels[-1]) > 2 or len(labels[-2]) > 3 else labels[-3])
    return out


def canonical(outlet: str | None) -> str | None:
    """The table's slug for an outlet, so that one outlet is one facet and one filter
    whatever the source calls it: a domain (``youm7.com``, ``www.alyaum.com`` → ``youm7``,
    ``alyaum``; ``arabic.cnn.com`` → ``cnnarabic``, the row of the same names) or a second slug
    of the same outlet (``alarabiya`` → ``arabiya``, ``spa`` → ``was``: rows with the same
    Arabic and English names, the first slug wins). Any other outlet unchanged; ``None`` stays
    ``None``."""
    if not outlet:
        return outlet
    table, slugs = _table(), _slugs()
    if "." not in outlet:
        names = table.get(outlet.strip().lower())
        return slugs.get(names, outlet) if names else outlet
    for key in _candidates(outlet)[1:]:
        if key in table and table[key] in slugs:
            return slugs[table[key]]
    return outlet


@cache
def _slugs() -> dict[tuple[str, str], str]:
    """Names → the first key without a dot that carries them (the slug dumps use)."""
    out: dict[tuple[str, str], str] = {}
    for key, names in _table().items():
        if "." not in key:
            out.setdefault(names, key)
    return out


@cache
def _by_name() -> dict[str, str]:
    """Display names (Arabic and English, lower-cased) → the slug of their row; a name two
    different outlets share is left out."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    slugs = _slugs()
    for names in _table().values():
        slug = slugs.get(names)
        for name in names:
            key = name.strip().lower()
            if not key or not slug:
                continue
            if out.setdefault(key, slug) != slug:
                clash.add(key)
    return {k: v for k, v in out.items() if k not in clash}


def identity(outlet: str) -> str:
    """One key per outlet whatever name it is given by: the table's slug for a slug, a second
    slug, a domain or a display name of a known outlet (``alarabiya``, ``ARABIYA``,
    ``العربية``, ``Al Arabiya`` → ``arabiya``), else the name lower-cased."""
    key = outlet.strip().lower()
    slug = canonical(key)
    if slug and slug in _table():
        return _slugs().get(_table()[slug], slug)
    return _by_name().get(key, key)


@cache
def other_names(outlet: str) -> tuple[str, ...]:
    """Every other name the table knows for the outlet ``outlet`` names (:func:`identity`):
    its slugs and domains, its Arabic and English names (``alarabiya`` → ``arabiya``,
    ``العربية``, ``Al Arabiya``...), and ``outlet`` lower-cased; what a filter on ``outlet``
    must also match, so ``--outlet alarabiya`` finds the articles stored as ``arabiya`` and
    the seed's ``العربية``. From the table alone: no store is read."""
    ident = identity(outlet)
    table = _table()
    out = {ident, outlet.strip().lower()}
    names = table.get(ident)
    if names:
        out.update(k for k, v in table.items() if v == names)
        out.update(n for n in names if n)
    out.discard(outlet)
    return tuple(sorted(out))


def display_name(outlet: str | None, language: str = "ar") -> str:
    """The name to show for ``outlet``: its Arabic name (``language="ar"``) or English name
    (``"en"``) from the table, else ``outlet`` itself (``""`` for ``None``)."""
    if not outlet:
        return ""
    table = _table()
    for key in _candidates(outlet):
        names = table.get(key)
        if names:
            name = names[0] if language == "ar" else names[1]
            return name or outlet
    return outlet


@cache
def home_country(outlet: str | None) -> str | None:
    """The home country (ISO 3166-1 alpha-2) of a national outlet, by any of its names
    (:func:`canonical`), from ``data/connect/outlets.tsv`` (:func:`mawsua.connect.sections.
    outlet_countries`); ``None`` for an unknown or pan-Arab outlet."""
    if not outlet:
        return None
    table = outlet_countries()
    for name in dict.fromkeys((canonical(outlet) or outlet, outlet)):
        code = table.get(" ".join(tokens(name)))
        if code:
            return code
    return None


def known(outlet: str | None) -> bool:
    """Whether the table names ``outlet``."""
    return bool(outlet) and any(k in _table() for k in _candidates(outlet or ""))


# --- a source's own sections (metadata.section) ----------------------------------------------
@cache
def _source_sections() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in SOURCE_SECTIONS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, name = (line.split("\t") + [""])[:2]
            out.setdefault(section_key(key), name.strip())
    return out


def section_key(value: str) -> str:
    """A source section compared without case and separators (``middle-east``,
    ``middleEast`` and ``Middle East`` are one key)."""
    return "".join(c for c in value.lower() if c not in " -_/")


def source_section_name(value: str | None) -> str:
    """How to show a source's own section (``metadata.section``) on the Arabic pages: an
    English name outlets and feeds use (``internationalNews``, ``middle-east``, ``Sport``) in
    Arabic from ``data/outlets/source_sections.tsv``; any other value (an Arabic section, an
    unknown slug) as the source gives it; ``""`` for ``None``."""
    if not value:
        return ""
    if value.isascii():
        return _source_sections().get(section_key(value), value)
    return value


def section_values(asked: str, stored: list[str]) -> tuple[str, ...]:
    """The stored source-section values a ``--section`` filter means: those equal to
    ``asked``, equal to it without case and separators (``Politics``/``politics``), or shown
    under that Arabic name (``سياسة`` → ``politics``; :func:`source_section_name`) or under
    the Arabic name of the slug asked (``middleEast`` → ``mideast`` too: the filter menus
    list both under ``الشرق الأوسط``), in ``stored`` order. ``()`` when none is stored."""
    key = section_key(asked)
    shown = asked.strip()
    # a slug asks for the Arabic name it is shown under: every slug shown so (the menu's
    # «الشرق الأوسط» is middleEast and mideast, listed under the first)
    names = {shown, source_section_name(shown)} - {""}
    return tuple(v for v in stored if v and (v == asked or section_key(v) == key
                                             or source_section_name(v) in names))
