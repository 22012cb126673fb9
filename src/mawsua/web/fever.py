"""The Fever API (version 3) at ``/api/fever``, as FreshRSS and Miniflux serve it, for apps
such as Reeder, Unread and Fiery Feeds.

Every call is a POST (GET works too) with the form field ``api_key = md5("name:API
password")`` and the actions in the query string: ``api`` (always), ``groups``, ``feeds``,
``favicons``, ``items`` (``since_id``, ``max_id``, ``with_ids``; 50 at most), ``links``,
``unread_item_ids``, ``saved_item_ids``, and ``mark=item|feed|group`` with ``as=read|unread|
saved|unsaved``, ``id`` and (feed, group) ``before`` (seconds). A wrong key answers 200 with
``"auth": 0`` (the protocol has no other way) and nothing else; after 20 wrong keys from one
client in 15 minutes, 429 (``Retry-After``) without checking the key.

Feeds are outlets (the same numbers as the Google Reader API); there is one group (id 1,
"Mawsua") holding every feed; group 0 ("Kindling") means everything too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from mawsua.app import accounts, reader
from mawsua.web.greader import item_html
from mawsua.web.session import client_of, first, read_form

PATHS = ("/api/fever", "/api/fever/")
#: most items one ``items`` call returns (the protocol's limit)
MAX_ITEMS = 50
GROUP_ID = 1

router = APIRouter(include_in_schema=False)


def _epoch(iso: str | None) -> int:
    if not iso:
        return 0
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return 0
    return int((dt if dt.tzinfo else dt.replace(tzinfo=UTC)).timestamp())


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 19 else None


def _item(row: reader.ItemRow, base: str) -> dict[str, Any]:
    return {"id": row.n, "feed_id": row.feed_id, "title": row.title or "", "author": "",
            "html": item_html(row.text, row.language),
            "url": row.url or f"{base}/article/{quote(row.id, safe='')}",
            "is_saved": int(row.starred), "is_read": int(row.read),
            "created_on_time": _epoch(row.sort_time) or _epoch(row.ingested_at)}


def _answer(request: Request, fields: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"api_version": 3, "auth": 0}
    access = request.app.state.accounts_access
    with access.open() as store:
        user = accounts.fever_user(store, first(fields, "api_key"), client_of(request))
        if user is None:
            return out
        uid = user.id
        out["auth"] = 1
        feeds = reader.feeds(store, uid)
        out["last_refreshed_on_time"] = max((_epoch(f["newest"]) for f in feeds), default=0)
        base = str(request.base_url).rstrip("/")
        feeds_groups = [{"group_id": GROUP_ID,
                         "feed_ids": ",".join(str(f["id"]) for f in feeds)}]
        if "mark" in fields:
            _mark(store, uid, fields)
        if "groups" in fields:
            out["groups"] = [{"id": GROUP_ID, "title": "Mawsua"}]
            out["feeds_groups"] = feeds_groups
        if "feeds" in fields:
            out["feeds"] = [{
                "id": f["id"], "favicon_id": 0, "title": f["outlet"] or "?",
                "url": f"{base}/feeds/search.atom?outlet={quote(f['outlet'])}",
                "site_url": f"{base}/search?outlet={quote(f['outlet'])}", "is_spark": 0,
                "last_updated_on_time": _epoch(f["newest"])} for f in feeds]
            out["feeds_groups"] = feeds_groups
        if "favicons" in fields:
            out["favicons"] = []
        if "links" in fields:
            out["links"] = []
        if "items" in fields:
            out["total_items"] = sum(f["articles"] for f in feeds)
            out["items"] = [_item(r, base) for r in reader.items(store, uid,
                                                                  _item_numbers(store, uid,
                                                                                fields))]
        if "unread_item_ids" in fields:
            out["unread_item_ids"] = ",".join(map(str, reader.flagged(store, uid, "unread")))
        if "saved_item_ids" in fields:
            out["saved_item_ids"] = ",".join(map(str, reader.flagged(store, uid, "starred")))
    return out


def _item_numbers(store: Any, uid: int, fields: dict[str, list[str]]) -> list[int]:
    with_ids = first(fields, "with_ids")
    if with_ids:
        nums = [n for v in with_ids.split(",") if (n := _int(v.strip())) is not None]
        return nums[:MAX_ITEMS]
    since = _int(first(fields, "since_id"))
    if since is not None:
        return reader.item_numbers(store, uid, reader.Scope(), oldest_first=True,
                                   limit=MAX_ITEMS, after_n=since)
    return reader.item_numbers(store, uid, reader.Scope(), limit=MAX_ITEMS,
                               before_n=_int(first(fields, "max_id")))


def _mark(store: Any, uid: int, fields: dict[str, list[str]]) -> None:
    kind, as_, ref = first(fields, "mark"), first(fields, "as"), _int(first(fields, "id"))
    if ref is None:
        return
    if kind == "item":
        flag, on = {"read": ("read", True), "unread": ("read", False),
                    "saved": ("starred", True), "unsaved": ("starred", False)}.get(
                        as_, ("", False))
        if flag:
            reader.mark(store, uid, reader.ids_of(store, [ref]), flag, on)
        return
    if as_ != "read" or kind not in ("feed", "group"):
        return
    before = _int(first(fields, "before"))
    until = datetime.fromtimestamp(min(before, 2**40), UTC).isoformat(timespec="seconds") \
        if before else None
    if kind == "feed":
        outlet = reader.feed_outlet(store, ref)
        if outlet is None:
            return
        scope = reader.Scope("outlet", outlet)
    else:
        scope = reader.Scope()
    reader.mark_all_read(store, uid, scope, ingested_before=until)


@router.api_route(PATHS[0], methods=["GET", "POST"])
@router.api_route(PATHS[1], methods=["GET", "POST"])
async def fever(request: Request) -> Response:
    """One Fever call (see the module docstring)."""
    fields = await read_form(request)
    try:
        return JSONResponse(await run_in_threadpool(_answer, request, fields))
    except accounts.LoginRefused as e:
        return JSONResponse({"api_version": 3, "auth": 0}, status_code=429,
                            headers={"Retry-After": str(e.retry_after)})
