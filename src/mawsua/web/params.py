"""Query-string parameters shared by the pages and the JSON API (pydantic at the edge only).

Empty values (``?outlet=`` as an HTML form sends them) mean "no filter". Dates accept
``YYYY-MM-DD`` or an ISO 8601 date-time, in ASCII or Arabic-Indic digits; anything else is a
422 with a message naming the parameter and the expected shape.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, BeforeValidator

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

MAX_LIMIT = 200
PER_PAGE = 20


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _iso_date(value: str | None) -> str | None:
    """Return ``value`` as an ISO date or date-time string (digits made ASCII).

    Raises:
        ValueError: when it is neither ``YYYY-MM-DD`` nor an ISO 8601 date-time.
    """
    if value is None:
        return None
    value = value.translate(_DIGITS)
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"expected a date YYYY-MM-DD or an ISO 8601 date-time such as 2021-07-26T23:55, "
            f"got {value!r}"
        ) from None
    return value


def _max_len(n: int) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is not None and len(value) > n:
            raise ValueError(f"at most {n} characters")
        return value

    return AfterValidator(check)


Text = Annotated[str | None, BeforeValidator(_blank_to_none)]
IsoDate = Annotated[str | None, BeforeValidator(_blank_to_none), _max_len(40),
                    AfterValidator(_iso_date)]

QueryText = Annotated[
    str, Query(max_length=500, description="Search words, in any Arabic spelling.")
]
Outlet = Annotated[Text, _max_len(200), Query(description="Only this outlet (exact).")]
Section = Annotated[Text, _max_len(200), Query(description="Only this section (exact).")]
Language = Annotated[
    Text, _max_len(20), Query(description="Only this language code (ar, en, ...).")
]
Since = Annotated[
    IsoDate, Query(description="Published on or after (YYYY-MM-DD or ISO date-time).")
]
Until = Annotated[
    IsoDate, Query(description="Published on or before (YYYY-MM-DD or ISO date-time).")
]
PageNo = Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1..{MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]


class BadRange(ValueError):
    """``since`` is later than ``until``."""


def check_range(since: str | None, until: str | None) -> None:
    """Raise :class:`BadRange` when both bounds are given and ``since`` is after ``until``
    (dates compare by their first 10 characters when one of them has no time)."""
    if since and until:
        a, b = (since[:10], until[:10]) if min(len(since), len(until)) == 10 else (since, until)
        if a > b:
            raise BadRange(f"since ({since}) is after until ({until})")
