"""The analyst's desk on the web: entity listing and pages, who said what, trends.

Pages (RTL HTML): ``/entities?since&until&type&section&page``, ``/entity/{id}`` (``id``: the
canonical name, or any name or spelling: the page shows the entity it reaches),
``/quotes?speaker&q&since&until&section&page``. API twins under ``/api/v1``:
``/entities``, ``/entities/{id}``, ``/quotes``, ``/trending``, ``/timeline``. Logic:
:mod:`mawsua.app.desk`; charts: :mod:`mawsua.web.charts`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from mawsua.app import desk
from mawsua.web import render
from mawsua.web.api import PREFIX, json_response
from mawsua.web.charts import bar_chart
from mawsua.web.deps import StoreAccess, store_access
from mawsua.web.params import (
    MAX_LIMIT,
    PER_PAGE,
    Limit,
    Offset,
    PageNo,
    QueryText,
    Sections,
    Since,
    Text,
    Until,
    _max_len,
    check_range,
)

pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
api = APIRouter(prefix=PREFIX, tags=["api"])

Access = Annotated[StoreAccess, Depends(store_access)]

#: entities listed per page of ``/entities``
ENTITIES_PER_PAGE = 50
#: breaking stories shown on the home page
BREAKING_SHOWN = 5

EntityType = Annotated[
    Text, _max_len(20),
    Query(description="PERSON, ORGANIZATION or LOCATION (any case)."),
]
Speaker = Annotated[
    Text, _max_len(200),
    Query(description="Only quotations by this speaker: any name or spelling, or an unnamed "
                      "source as written (مصادر)."),
]
Hours = Annotated[float, Query(gt=0, le=24 * 365, description="Hours.")]
At = Annotated[Since, Query(description="Measure at this time (ISO 8601); default: the newest "
                                        "story time told by two outlets.")]

TYPE_NAMES = {"PERSON": "شخص", "ORGANIZATION": "منظمة", "LOCATION": "مكان"}


def _type(value: str | None) -> str | None:
    if value is None:
        return None
    kind = value.strip().upper()
    if kind not in desk.ENTITY_TYPES:
        raise HTTPException(422, f"type: unknown entity type {value[:20]!r} "
                                 f"({', '.join(desk.ENTITY_TYPES)})")
    return kind


def _range(since: str | None, until: str | None) -> None:
    try:
        check_range(since, until)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def _render(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, {"type_names": TYPE_NAMES, **context})
    return response


def entity_href(canonical: str) -> str:
    """The path of an entity's page (``/entity/`` + the name as one path segment)."""
    return "/entity/" + render.id_path(canonical)


# -- pages -----------------------------------------------------------------------------------


@pages.get("/entities", name="entities")
def entities_page(request: Request, access: Access, since: Since = None, until: Until = None,
                  type: EntityType = None, section: Sections = None, page: PageNo = 1,
                  all: Annotated[bool, Query(description="Whole store")] = False
                  ) -> HTMLResponse:
    """The most mentioned entities of a period (default: the week up to the newest article;
    ``?all=1`` the whole store, or its last 30 days with a section), by type and section,
    with links to their pages."""
    kind = _type(type)
    _range(since, until)
    with access.open() as store:
        shown_since = since
        if not (since or until):
            if not all:
                shown_since = desk.default_since(store)
            elif section:  # a section is always counted over a period
                shown_since = desk.default_since(store, desk.SECTION_DAYS)
        items, total = desk.top_entities(
            store, since=shown_since, until=until, type_=kind, section=section,
            limit=ENTITIES_PER_PAGE, offset=(page - 1) * ENTITIES_PER_PAGE)
        sections = _section_options(store)
    params = {"since": since, "until": until, "type": kind, "section": section,
              "all": 1 if all else None}
    return _render(request, "entities.html", {
        "items": items, "params": params, "shown_since": shown_since, "sections": sections,
        "pager": render.pager(page, ENTITIES_PER_PAGE, total, len(items)),
        "first_rank": (page - 1) * ENTITIES_PER_PAGE + 1,
    })


def _section_options(store: Any) -> list[str]:
    return desk.section_codes(store)


@pages.get("/entity/{name:path}", name="entity")
def entity_page(request: Request, access: Access, name: str) -> HTMLResponse:
    """One entity: names and spellings, type, country, articles per day (SVG), co-mentioned
    entities, stories, newest articles, quotations by it and about it.

    Raises:
        HTTPException: 404 when the name reaches no stored entity.
    """
    if not name.strip() or len(name) > 200:
        raise HTTPException(404, "لا يوجد كيان بهذا الاسم")
    with access.open() as store:
        try:
            data = desk.entity_page(store, name)
        except KeyError:
            raise HTTPException(404, f"لا يوجد كيان باسم {name}") from None
    e = data.entity
    chart = bar_chart(data.timeline, f"عدد المقالات التي تذكر {desk.entity_label(e['canonical'])} في اليوم")
    return _render(request, "entity.html", {"e": data.entity, "data": data, "chart": chart,
                                            "asked": name})


@pages.get("/quotes", name="quotes")
def quotes_page(request: Request, access: Access, speaker: Speaker = None, q: QueryText = "",
                since: Since = None, until: Until = None, section: Sections = None,
                page: PageNo = 1) -> HTMLResponse:
    """Who said what: quotations newest first (best match first with words), filtered by
    speaker (any of its names), words inside the quotation, period and section."""
    _range(since, until)
    with access.open() as store:
        result = desk.quotes(store, speaker=speaker, text=q.strip(), since=since, until=until,
                             section=section, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        sections = _section_options(store)
    params = {"speaker": speaker, "q": q.strip(), "since": since, "until": until,
              "section": section}
    return _render(request, "quotes.html", {
        "items": result.items, "speakers": result.speakers, "params": params,
        "sections": sections, "pager": render.pager(page, PER_PAGE, result.total,
                                                    len(result.items)),
    })


def breaking(store: Any) -> dict[str, Any]:
    """The home page's breaking stories (:func:`mawsua.app.desk.trending`)."""
    return desk.trending(store, limit=BREAKING_SHOWN)


def section_chart(store: Any, code: str, name: str) -> str:
    """The SVG of a section's articles per day (``""`` when it has none)."""
    return bar_chart(desk.section_timeline(store, code), f"عدد مقالات قسم {name} في اليوم")


# -- API -------------------------------------------------------------------------------------


@api.get("/entities", summary="Most mentioned entities")
def entities_api(access: Access, since: Since = None, until: Until = None,
                 type: EntityType = None, section: Sections = None,
                 limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = ENTITIES_PER_PAGE,
                 offset: Offset = 0,
                 all: Annotated[bool, Query(description="Whole store (the API's default; "
                                                        "taken for parity with the page)")]
                 = True) -> Response:
    """The most mentioned people, organisations and places, by number of articles naming
    them, then mentions (twin of ``/entities``; without ``since``/``until`` the whole store,
    so ``all``, which the page needs, changes nothing here; with a ``section`` and no period,
    the section's last 30 days up to the newest article).

    Returns ``{"items": [{id, canonical, type, country, articles, mentions, href}], "total",
    "limit", "offset", "since", "until"}`` (the period counted); ``id`` is the canonical name,
    ``href`` the API URL of the entity.
    """
    kind = _type(type)
    _range(since, until)
    with access.open() as store:
        since, until, _ = desk.listing_period(store, since, until, section)
        items, total = desk.top_entities(store, since=since, until=until, type_=kind,
                                         section=section, limit=limit, offset=offset)
    for e in items:
        e["id"] = e["canonical"]
        e["href"] = f"{PREFIX}/entities/{render.id_path(e['canonical'])}"
    return json_response({"items": items, "total": total, "limit": limit, "offset": offset,
                          "since": since, "until": until})


@api.get("/entities/{name:path}", summary="One entity")
def entity_api(access: Access, name: str,
               limit: Annotated[int, Query(ge=1, le=100)] = PER_PAGE) -> Response:
    """One entity (twin of ``/entity/{id}``; ``id`` the canonical name or any name or
    spelling): ``{id, canonical, type, country, articles, mentions, first_seen, last_seen,
    names: [{name, articles}], timeline: [{day, articles}], co_mentioned: [{canonical, type,
    articles}], stories: [{id, label, size, outlets, first_seen, last_seen, reports}],
    latest_articles: [ArticleSummary], quotes_by: {items, total}, quotes_about: {items,
    total}}`` (``articles``: the number of articles naming it).

    Raises:
        HTTPException: 404 (``E_NOT_FOUND``) when the name reaches no stored entity.
    """
    if not name.strip() or len(name) > 200:
        raise HTTPException(404, "no entity with an empty name")
    with access.open() as store:
        try:
            data = desk.entity_page(store, name, limit=limit)
        except KeyError:
            raise HTTPException(404, f"no entity named {name!r}") from None
    return json_response(data.to_dict())


@api.get("/quotes", summary="Who said what")
def quotes_api(access: Access, speaker: Speaker = None, q: QueryText = "", since: Since = None,
               until: Until = None, section: Sections = None, limit: Limit = PER_PAGE,
               offset: Offset = 0) -> Response:
    """Quotations (twin of ``/quotes``), newest first or best match first when ``q`` is given
    (article search syntax and folding, over the quotation text).

    Returns ``{"items": [{quote_id, text, text_html, label, speaker, speaker_canonical, cue,
    language, time, article_id, url, outlet, title, published, published_local, section,
    start, end}], "total", "speakers" (canonical names the speaker reached), "limit",
    "offset"}``.
    """
    _range(since, until)
    with access.open() as store:
        result = desk.quotes(store, speaker=speaker, text=q.strip(), since=since, until=until,
                             section=section, limit=limit, offset=offset)
    return json_response({"items": result.items, "total": result.total,
                          "speakers": result.speakers, "limit": limit, "offset": offset})


@api.get("/trending", summary="Breaking stories and entities")
def trending_api(access: Access, at: At = None, window_hours: Hours = desk.WINDOW_HOURS,
                 baseline_hours: Hours = desk.BASELINE_HOURS,
                 limit: Annotated[int, Query(ge=1, le=100)] = 10) -> Response:
    """Stories (and entities) whose reports or outlets grow fast in the last
    ``window_hours`` against the ``baseline_hours`` before (formula: docs/entities.md).

    Returns ``{"at", "window_hours", "baseline_hours", "stories": [{id, label, reports,
    outlets, baseline_reports, baseline_outlets, expected_reports, score, first_seen}],
    "entities": [{canonical, type, articles, outlets, baseline_articles, expected, score}]}``.
    """
    with access.open() as store:
        result = desk.trending(store, at=at, window_hours=window_hours,
                               baseline_hours=baseline_hours, limit=limit)
    return json_response(result)


@api.get("/timeline", summary="Articles per day of an entity or a section")
def timeline_api(access: Access,
                 entity: Annotated[Text, _max_len(200), Query(
                     description="Any name of an entity.")] = None,
                 section: Sections = None, since: Since = None, until: Until = None
                 ) -> Response:
    """Daily article counts for the charts, days without articles as 0: of the entity
    ``entity`` names (``{"entity": canonical, ...}``) or of the section ``section``.

    Returns ``{"entity"|"section", "items": [{day, articles}]}``.

    Raises:
        HTTPException: 422 unless exactly one of ``entity`` and ``section`` is given; 404
            when the entity name reaches no entity.
    """
    if bool(entity) == bool(section):
        raise HTTPException(422, "give exactly one of entity and section")
    _range(since, until)
    with access.open() as store:
        if entity:
            try:
                canonical, rows = desk.entity_timeline(store, entity, since, until)
            except KeyError:
                raise HTTPException(404, f"no entity named {entity!r}") from None
            head: dict[str, Any] = {"entity": canonical}
        else:
            rows = desk.section_timeline(store, section or "", since, until)
            head = {"section": section}
    return json_response({**head, "items": [{"day": d, "articles": k} for d, k in rows]})

