"""The saved searches and alerts page (``/alerts``) and its JSON twin (``/api/v1/alerts``).

Read-only, as the whole website is (it opens the database read-only and has no accounts yet,
issue 13): alerts are added, removed and tested with ``mawsua alerts`` on the command line.
The public shape shows no secret, a webhook only by its origin (its path often holds a
token) and e-mail addresses masked (:meth:`mawsua.model.alerts.AlertInfo.public_dict`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from mawsua.app import alerts as app_alerts
from mawsua.web.api import PREFIX, json_response
from mawsua.web.deps import StoreAccess, store_access

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
