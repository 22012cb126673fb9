"""The sources status page (``/status``) and its JSON twin (``/api/v1/status``): per source the
last fetch, its status (``200``, ``304`` or an error code with the reason), the articles the last
poll added, articles and errors in total, the next poll or why the source is disabled; and the
newest polls of every source."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from mawsua.app import sources as app_sources
from mawsua.web.api import PREFIX, json_response
from mawsua.web.deps import StoreAccess, store_access

router = APIRouter()

Access = Annotated[StoreAccess, Depends(store_access)]

#: Polls listed under "recent" (page and API alike).
RECENT_POLLS = 30


def short_time(value: str | None) -> str:
    """An ISO 8601 UTC time as ``YYYY-MM-DD HH:MM UTC`` for the page (``—`` when unknown)."""
    if not value:
        return "—"
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return value
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%d %H:%M") + " UTC"


def _status(access: StoreAccess) -> dict[str, Any]:
    with access.open() as store:
        return app_sources.status(store, RECENT_POLLS)


@router.get("/status", include_in_schema=False, response_class=HTMLResponse, name="status")
def status_page(request: Request, access: Access) -> HTMLResponse:
    """Sources and their fetch state, right to left, one table row per source."""
    data = _status(access)
    for s in data["sources"]:
        s["last_fetch_text"] = short_time(s["last_fetch"])
        s["next_poll_text"] = short_time(s["next_poll"])
    for p in data["recent"]:
        p["at_text"] = short_time(p["at"])
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "status.html", data)
    return response


@router.get(f"{PREFIX}/status", summary="Sources and their fetch state", tags=["api"])
def status_api(access: Access) -> Response:
    """Twin of ``/status``: ``{"sources": [...], "recent": [...], "totals": {...}}``. Each
    source has ``id, url, kind, section, title, feed_url, added_at, last_fetch, last_status,
    last_error, last_new, articles, errors, consecutive_errors, failure_score, interval_s,
    next_poll, disabled_reason, enabled``; each recent poll ``source_id, url, at, status, new,
    reason``; totals ``sources, enabled, disabled, failing, articles``."""
    data = _status(access)
    for s in data["sources"]:  # validators are the fetcher's business, not the public's
        s.pop("etag", None)
        s.pop("last_modified", None)
    return json_response(data)
