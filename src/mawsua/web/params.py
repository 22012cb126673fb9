"""Query-string parameters shared by the pages and the JSON API (pydantic at the edge only).

Empty values (``?outlet=`` as an HTML form sends them) mean "no filter". Dates accept
``YYYY-MM-DD`` or an ISO 8601 date-time, in ASCII or Arabic-Indic digits; anything else is a
422 with a message naming the parameter and the expected shape.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BeforeValidator

from mawsua.app.connect import section_code
from mawsua.app.queries import MAX_QUERY_CHARS, iso_date

MAX_LIMIT = 200
PER_PAGE = 20


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _iso_date(value: str | None) -> str | None:
    """See :func:`mawsua.app.queries.iso_date`."""
    return iso_date(value)


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
    str, Query(max_length=MAX_QUERY_CHARS, description=(
        'Search words, in any Arabic spelling: all required; "a phrase" in order; OR between '
        "words or phrases (one of them); -word or -\"phrase\" leaves articles out "
        "(docs/search.md)."))
]
Outlet = Annotated[Text, _max_len(200), Query(description="Only this outlet (exact).")]
Section = Annotated[Text, _max_len(200), Query(description="Only this section (exact).")]
Entity = Annotated[
    Text, _max_len(200),
    Query(description="Only articles naming this entity (canonical name or a mention, any "
                      "spelling)."),
]
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
#: a story id (the row number of its earliest report; SQLite integers are 64-bit)
StoryId = Annotated[int, Path(ge=1, le=2**63 - 1, description="A story id.")]


class BadRange(ValueError):
    """``since`` is later than ``until``."""


def check_range(since: str | None, until: str | None) -> None:
    """Raise :class:`BadRange` when both bounds are given and ``since`` is after ``until``
    (dates compare by their first 10 characters when one of them has no time)."""
    if since and until:
        a, b = (since[:10], until[:10]) if min(len(since), len(until)) == 10 else (since, until)
        if a > b:
            raise BadRange(f"since ({since}) is after until ({until})")


def _section_path(value: str) -> str:
    """A section of a URL path as stored, or ``""`` when it names no section (the route
    answers 404)."""
    return section_code(value) or ""


def _section_query(value: str | None) -> str | None:
    return None if value is None else _section_code(value)


def _section_code(value: str) -> str:
    """A section as stored (:func:`mawsua.app.connect.section_code`: ``iq`` → ``IQ``,
    ``POLITICS``/``سياسة`` → ``politics``); ``ValueError`` (422) when it names no section."""
    code = section_code(value)
    if code is None:
        raise ValueError(f"unknown section {value.strip()[:40]!r}: a country code (IQ, SA) or "
                         "a topic (politics, security, economy, sports, culture, health, "
                         "technology, religion, society)")
    return code


SectionCode = Annotated[
    str, _max_len(40), AfterValidator(_section_path),
    Path(description="A country code (ISO 3166-1 alpha-2: IQ, SA) or a topic (politics, "
                     "security, economy, sports, culture, health, technology, religion, "
                     "society).")
]
Sections = Annotated[
    Text, _max_len(40), AfterValidator(_section_query),
    Query(description="Only stories with a report in this section: a country code (IQ) or a "
                      "topic (politics)."),
]


#: query parameters every JSON route accepts besides its own: ``_`` (a client's cache buster)
ALWAYS_ALLOWED = frozenset({"_"})
#: the attribute a route keeps its known query parameters in (computed on first use; kept on
#: the route itself, which lives as long as its app)
_KNOWN_ATTR = "_mawsua_known_params"


def _known_params(route: APIRoute) -> frozenset[str]:
    known: frozenset[str] | None = getattr(route, _KNOWN_ATTR, None)
    if known is None:
        names: set[str] = set()
        todo: list[Dependant] = [route.dependant]
        while todo:  # the route's own parameters and those of every dependency it uses
            dependant = todo.pop()
            names.update(p.alias for p in dependant.query_params)
            todo.extend(dependant.dependencies)
        known = frozenset(names) | ALWAYS_ALLOWED
        setattr(route, _KNOWN_ATTR, known)
    return known


def reject_unknown_params(request: Request) -> None:
    """A JSON API route (under ``/api/v1``) refuses query parameters it does not declare.

    A misspelt filter (``?query=`` for ``?q=``, ``?outlets=`` for ``?outlet=``) would otherwise
    be ignored and answer with unfiltered results that look right (Stripe's API refuses them the
    same way). Pages keep ignoring unknown parameters (links from elsewhere carry tracking
    parameters). ``_`` is always allowed.

    Raises:
        RequestValidationError: one error per unknown parameter (``loc`` ``("query", NAME)``,
        type ``unknown_parameter``), which the app answers as 422 ``E_INVALID_QUERY`` naming
        them and the parameters the route knows.
    """
    if not request.url.path.startswith("/api/v1"):
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _known_params(route)
    unknown = sorted({k for k in request.query_params.keys() if k not in known})
    if unknown:
        names = ", ".join(sorted(known - ALWAYS_ALLOWED)) or "none"
        raise RequestValidationError([
            {"loc": ("query", name), "type": "unknown_parameter",
             "msg": f"unknown parameter (this endpoint takes: {names})"}
            for name in unknown])
