"""Outlet display names: ``alriyadh`` → ``الرياض``, ``youm7.com`` → ``اليوم السابع``.

The table is data (``src/mawsua/data/outlets/names.tsv``: ``outlet, name_ar, name_en``). An
outlet is looked up lower-cased as given, then as a domain without ``www.``, then by the
first label of that domain (``www.youm7.com`` → ``youm7``); an outlet the table does not know
is shown as the sources name it (its slug, or the Arabic name a dump gives).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "outlets" / "names.tsv"


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
    return [key, host, host.split(".", 1)[0]]


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


def known(outlet: str | None) -> bool:
    """Whether the table names ``outlet``."""
    return bool(outlet) and any(k in _table() for k in _candidates(outlet or ""))
