"""Jinja filters for dates people read and outlet names (:mod:`mawsua.arabic.dates`,
:mod:`mawsua.app.outlets`).

* ``{{ iso | ar_date }}``: ``الثلاثاء 11 أغسطس 2015 — 26 شوال 1436 هـ`` (the date as the
  source wrote it: a time with an offset is shown on its own local day, never converted);
* ``{{ iso | ago }}``: ``منذ ساعتين`` from the server's clock; a wall time whose zone is not
  known is said in days at the finest (``اليوم``, ``منذ 3 أيام``), since it may be off by
  up to a day;
* ``{{ slug | outlet_name }}``: ``الرياض`` for ``alriyadh``, the slug when unknown.

Anything that is not an ISO 8601 date gives ``""`` (the template shows the raw time instead).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

import jinja2

from mawsua.app.outlets import display_name
from mawsua.arabic import dates

#: values memoised per filter
MEMO_SIZE = 4096


def ar_date(value: str | None) -> str:
    """Gregorian and Hijri date in Arabic of an ISO date or date-time (``""`` when not
    ISO)."""
    dt, _known = dates.parse_time(value)
    return dates.both(dt.date()) if dt is not None else ""


def ago(value: str | None, now: datetime | None = None) -> str:
    """Relative time of an ISO date-time from ``now`` (default: the clock), ``""`` when not
    ISO; a bare date or a time without a zone is coarse (days)."""
    dt, known = dates.parse_time(value)
    if dt is None:
        return ""
    now = now or datetime.now(UTC)
    if not known:
        # a wall time of an unknown zone: compare wall times, at day precision
        return dates.relative(dt, now.replace(tzinfo=None), coarse=True)
    return dates.relative(dt, now)


_display_name = lru_cache(maxsize=MEMO_SIZE)(display_name)


class OutletNames:
    """``names.get(slug, default)`` for the filter menus: the outlet's display name."""

    def get(self, outlet: str, default: str | None = None) -> str:
        """The display name of ``outlet`` (``default`` or the slug when unknown)."""
        name = _display_name(outlet)
        return name if name != outlet or default is None else default


def install(env: jinja2.Environment) -> None:
    """Register the filters ``ar_date``, ``ago`` and ``outlet_name`` and the global
    ``outlet_names`` (a mapping-like object for filter menus) on ``env``. The filters that
    depend only on their argument are memoised (a listing shows the same outlets and days
    over and over; at most :data:`MEMO_SIZE` values each)."""
    env.filters["ar_date"] = lru_cache(maxsize=MEMO_SIZE)(ar_date)
    env.filters["ago"] = ago
    env.filters["outlet_name"] = _display_name
    env.globals["outlet_names"] = OutletNames()
