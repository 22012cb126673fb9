"""The saved searches and alerts page (``/alerts``) and its JSON twin (``/api/v1/alerts``).

Read-only, as the whole website is (it opens the database read-only and has no accounts yet,
issue 13): alerts are added, removed and tested with ``mawsua alerts`` on the command line.
The public shape shows no secret, a webhook only by its origin (its path often holds a
token) and e-mail addresses masked (:meth:`mawsua.model.alerts.AlertInfo.public_dict`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from mawsua.app import alerts as app_alerts
from mawsua.app import feeds as feed_data
from mawsua.errors import MawsuaError
from mawsua.web.api import PREFIX, json_response
from mawsua.web.deps import StoreAccess, store_access
from mawsua.web.feeds import SITE_NAME, FeedMeta, feed_response
from mawsua.web.params import Limit

router = APIRouter()

Access = Annotated[StoreAccess, Depends(store_access)]


def _alerts(access: StoreAccess) -> dict[str, Any]:
    with access.open() as store:
        return app_alerts.alert_summaries(store)


@router.get("/alerts", include_in_schema=False, response_class=HTMLResponse, name="alerts")
def alerts_page(request: Request, access: Access) -> HTMLResponse:
    """Every saved search: its query and filters (linked to the search page), channels and
    delivery counts."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "alerts.html", _alerts(access))
    return response


@router.get(f"{PREFIX}/alerts", summary="Saved searches and their alert deliveries",
            tags=["api"])
def alerts_api(access: Access) -> Response:
    """Twin of ``/alerts``: ``{"alerts": [...], "totals": {pending, sent, failed,
    retrying}}``; each alert has ``name, query, entity, section, outlet, language, webhook``
    (origin only), ``email`` (masked), ``allow_private, created_at`` and ``deliveries``
    (``pending``, ``sent``, ``failed`` counts). Read-only: manage alerts with ``mawsua
    alerts``."""
    return json_response(_alerts(access))


@router.get("/alerts.opml", summary="Saved searches as OPML", tags=["api"])
def alerts_opml(request: Request, access: Access) -> Response:
    """Every saved search as an OPML 2.0 subscription list, each pointing to its Atom feed
    (``/feeds/alert/{name}.atom``) and its search page."""
    with access.open() as store:
        data = app_alerts.saved_searches_opml(store, str(request.base_url))
    return Response(data, media_type="text/x-opml; charset=utf-8")


@router.get("/feeds/alert/{name}.{fmt}", summary="Feed of a saved search", tags=["feeds"])
def alert_feed(request: Request, access: Access, name: str, fmt: str,
               limit: Limit = feed_data.DEFAULT_ITEMS) -> Response:
    """The newest articles a saved search matches (its query and filters), as RSS 2.0, Atom
    1.0 or JSON Feed 1.1 (``fmt``: ``rss``, ``atom``, ``json``).

    Raises:
        HTTPException: 404 for an unknown alert or format.
    """
    with access.open() as store:
        try:
            alert, query = app_alerts.saved_search(store, name, limit=limit)
        except MawsuaError as e:
            if e.code != "E_ALERT":
                raise
            raise HTTPException(404, f"no saved search named {name!r}") from None
        entries = feed_data.newest(store, query, limit)
    params = urlencode([(k, v) for k, v in (("q", alert.query), *alert.filters().items()) if v])
    meta = FeedMeta(f"{SITE_NAME} — {alert.name}", f"/feeds/alert/{quote(alert.name, safe='')}",
                    f"/search?{params}", f"بحث محفوظ: {alert.query}")
    return feed_response(request, fmt, meta, entries)
