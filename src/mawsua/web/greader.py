"""The Google Reader API subset that FreshRSS and Miniflux implement, under ``/api/greader``,
so that Reeder, NetNewsWire, FeedMe, Fluent Reader, ReadYou… can read Mawsua.

Wire format (as FreshRSS's ``p/api/greader.php`` answers):

* ``POST /api/greader/accounts/ClientLogin`` with ``Email`` and ``Passwd`` (the API password)
  → ``text/plain`` ``SID=…\\nLSID=null\\nAuth=TOKEN\\n``; later calls send
  ``Authorization: GoogleLogin auth=TOKEN``. A bad password answers 401 ``Error=BadAuthentication``,
  too many failures 429; a missing or unknown token 401 with ``Google-Bad-Token: true``.
* ``/api/greader/reader/api/0/``: ``token`` (the ``T`` action token), ``user-info``,
  ``tag/list``, ``subscription/list``, ``subscription/edit``, ``subscription/quickadd``
  (both admin only: 403 otherwise), ``unread-count``, ``stream/contents/STREAM``,
  ``stream/items/ids``, ``stream/items/contents``, ``edit-tag``, ``mark-all-as-read``.
* Streams: ``user/-/state/com.google/reading-list`` (everything), ``…/starred``,
  ``feed/N`` (an outlet: feeds are outlets, numbered stably), ``user/-/label/NAME`` (a
  country or topic section by its Arabic name, ``user/-/label/العراق``, so apps show Arabic
  folder names; the code, ``user/-/label/IQ``, is accepted too). Filters ``xt``/``it`` (``…/read``, ``…/unread``, ``…/starred``),
  ``n`` (count, at most 1000), ``r=o`` (oldest first), ``ot``/``nt`` (ingest time bounds,
  seconds), ``c`` (continuation: the last item number sent).
* Item ids: long form ``tag:google.com,2005:reader/item/<16 hex digits>`` and the short
  decimal form, both accepted everywhere; the number is the article's ``n``.
* ``T``: FreshRSS accepts an empty ``T`` and ``x`` (FeedMe, Reeder); so does this. The
  ``Authorization`` header, never sent by a browser on its own, is what authenticates.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from mawsua.app import accounts, reader
from mawsua.app import sources as app_sources
from mawsua.app.connect import section_code
from mawsua.app.outlets import display_name
from mawsua.errors import MawsuaError
from mawsua.model.urls import redact
from mawsua.web.render import section_name
from mawsua.web.session import client_of, first, read_form

PREFIX = "/api/greader"
API = PREFIX + "/reader/api/0"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
STATE = "user/-/state/com.google/"
LABEL = "user/-/label/"
#: most items one stream call returns
MAX_N = 1000

router = APIRouter(include_in_schema=False)


class ApiError(Exception):
    """An API refusal: ``status`` and a plain-text ``body`` (``bad_token`` adds the
    ``Google-Bad-Token: true`` header clients look for)."""

    def __init__(self, status: int, body: str, bad_token: bool = False) -> None:
        super().__init__(body)
        self.status = status
        self.body = body
        self.bad_token = bad_token


def _text(body: str, status: int = 200, **headers: str) -> Response:
    return PlainTextResponse(body, status_code=status, headers=headers or None)


def _json(data: Any) -> Response:
    return JSONResponse(data)


def item_number(value: str) -> int | None:
    """The article number of an item id: long form (``tag:…/item/`` + 16 hex digits, or
    any ``…/HEX``) or short decimal; ``None`` when it is neither."""
    value = value.strip()
    try:
        if "/" in value:
            n = int(value.rsplit("/", 1)[1], 16)
        else:
            n = int(value, 10)
    except ValueError:
        return None
    return n if 0 < n < 2**63 else None


def long_id(n: int) -> str:
    """The long item id of article number ``n``."""
    return f"{ITEM_PREFIX}{n:016x}"


def _usec(iso: str | None) -> int:
    if not iso:
        return 0
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return 0
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1_000_000)


def _iso_of(seconds: str) -> str | None:
    if not seconds.isdigit() or seconds == "0":
        return None
    try:
        return datetime.fromtimestamp(int(seconds[:12]), UTC).isoformat(timespec="seconds")
    except (OverflowError, ValueError, OSError):
        return None


def label(code: str) -> str:
    """The label stream id of a section code: its Arabic name (``user/-/label/العراق``)."""
    return LABEL + section_name(code)


def _normal_stream(stream: str) -> str:
    """``user/NAME/…`` and ``user/-/…`` alike become ``user/-/…``."""
    if stream.startswith("user/") and not stream.startswith("user/-/"):
        parts = stream.split("/", 2)
        if len(parts) == 3:
            return "user/-/" + parts[2]
    return stream


def parse_stream(store: Any, stream: str) -> reader.Scope | None:
    """The scope of a stream id (``None`` for an unknown stream or feed)."""
    stream = _normal_stream(stream)
    if stream in ("", STATE + "reading-list"):
        return reader.Scope()
    if stream == STATE + "starred":
        return reader.Scope("starred")
    if stream.startswith(LABEL):
        name = stream[len(LABEL):]
        return reader.Scope("section", section_code(name) or name)
    if stream.startswith("feed/") and stream[5:].isdigit():
        outlet = reader.feed_outlet(store, int(stream[5:]))
        return None if outlet is None else reader.Scope("outlet", outlet)
    return None


def _state_filter(value: str) -> str | None:
    value = _normal_stream(value)
    return {STATE + "read": "read", STATE + "unread": "unread",
            STATE + "starred": "starred"}.get(value)


def item_html(text: str, language: str | None) -> str:
    """The article text as HTML paragraphs, each ``dir="auto"`` inside a block whose
    direction follows the article's language (right to left for Arabic)."""
    paras = "".join(f'<p dir="auto">{html.escape(p.strip())}</p>'
                    for p in text.split("\n\n") if p.strip())
    rtl = language in ("ar", "fa", "ur", "he")
    lang = f' lang="{html.escape(language)}"' if language else ""
    return f'<div dir="{"rtl" if rtl else "auto"}"{lang}>{paras}</div>'


def _item(row: reader.ItemRow, base: str) -> dict[str, Any]:
    crawl = _usec(row.ingested_at)
    published = _usec(row.sort_time) or crawl
    cats = [STATE + "reading-list"]
    if row.read:
        cats.append(STATE + "read")
    if row.starred:
        cats.append(STATE + "starred")
    cats += [label(code) for code in row.sections]
    link = row.url or f"{base}/article/{quote(row.id, safe='')}"
    return {
        "id": long_id(row.n),
        "crawlTimeMsec": str(crawl // 1000),
        "timestampUsec": str(crawl),
        "published": published // 1_000_000,
        "updated": published // 1_000_000,
        "title": row.title or "",
        "summary": {"direction": "rtl" if row.language == "ar" else "ltr",
                    "content": item_html(row.text, row.language)},
        "canonical": [{"href": link}],
        "alternate": [{"href": link, "type": "text/html"}],
        "categories": cats,
        "origin": {"streamId": f"feed/{row.feed_id}",
                   "title": display_name(row.outlet) if row.outlet else "",
                   "htmlUrl": f"{base}/search?outlet={quote(row.outlet)}"},
    }


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _authorize(store: Any, request: Request) -> accounts.Session:
    header = request.headers.get("authorization", "")
    token = ""
    if header.lower().startswith("googlelogin auth="):
        token = header[len("googlelogin auth="):].strip()
    sess = accounts.session(store, token, api=True) if token else None
    if sess is None:
        raise ApiError(401, "Unauthorized!", bad_token=True)
    return sess


def _check_t(sess: accounts.Session, fields: dict[str, list[str]]) -> None:
    t = first(fields, "T").strip()
    if t not in ("", "x") and not accounts.same_token(t, sess.csrf):
        raise ApiError(401, "Unauthorized!", bad_token=True)


def _count(fields: dict[str, list[str]]) -> int:
    n = first(fields, "n", "20")
    return max(1, min(MAX_N, int(n))) if n.isdigit() else 20


def _listing(store: Any, uid: int, stream: str, fields: dict[str, list[str]]
             ) -> tuple[list[int], str | None]:
    scope = parse_stream(store, stream)
    if scope is None:
        raise ApiError(400, "Bad Request!")
    n = _count(fields)
    oldest = first(fields, "r") == "o"
    c = first(fields, "c").strip()
    cont = int(c) if c.isdigit() else None
    state = _state_filter(first(fields, "it")) or "all"
    exclude = _state_filter(first(fields, "xt"))
    nums = reader.item_numbers(
        store, uid, scope, state=state, exclude=exclude, oldest_first=oldest, limit=n,
        since=_iso_of(first(fields, "ot")), until=_iso_of(first(fields, "nt")),
        after_n=cont if oldest else None, before_n=None if oldest else cont)
    return nums, (str(nums[-1]) if len(nums) == n else None)


def _numbers(fields: dict[str, list[str]]) -> list[int]:
    return [n for v in fields.get("i", []) if (n := item_number(v)) is not None]


def _answer(request: Request, fields: dict[str, list[str]], path: str) -> Response:
    """Route one authenticated call (run in a worker thread)."""
    access = request.app.state.accounts_access
    with access.open() as store:
        sess = _authorize(store, request)
        uid = sess.user.id
        base = _base(request)
        if path == "token":
            return _text(sess.csrf + "\n")
        if path == "user-info":
            return _json({"userId": str(uid), "userName": sess.user.name,
                          "userProfileId": str(uid), "userEmail": ""})
        if path == "tag/list":
            counts = reader.unread_counts(store, uid, "section")
            tags: list[dict[str, Any]] = [{"id": STATE + "starred"}]
            tags += [{"id": label(code), "type": "tag", "unread_count": n}
                     for code, n in sorted(counts.items())]
            return _json({"tags": tags})
        if path == "subscription/list":
            return _json({"subscriptions": [{
                "id": f"feed/{f['id']}", "title": display_name(f["outlet"]) if f["outlet"]
                else "?", "categories": [],
                "url": f"{base}/feeds/search.atom?outlet={quote(f['outlet'])}",
                "htmlUrl": f"{base}/search?outlet={quote(f['outlet'])}", "iconUrl": "",
                "firstitemmsec": "0"} for f in reader.feeds(store, uid)]})
        if path == "unread-count":
            feeds = reader.feeds(store, uid)
            rows = [{"id": f"feed/{f['id']}", "count": f["unread"],
                     "newestItemTimestampUsec": str(_usec(f["newest"]))} for f in feeds]
            rows += [{"id": label(code), "count": n, "newestItemTimestampUsec": "0"}
                     for code, n in sorted(reader.unread_counts(store, uid, "section").items())]
            total = reader.unread_counts(store, uid, "all").get("", 0)
            newest = max((_usec(f["newest"]) for f in feeds), default=0)
            rows.append({"id": STATE + "reading-list", "count": total,
                         "newestItemTimestampUsec": str(newest)})
            return _json({"max": total, "unreadcounts": rows})
        if path == "stream/items/ids":
            nums, cont = _listing(store, uid, first(fields, "s"), fields)
            out: dict[str, Any] = {"itemRefs": [{"id": str(n)} for n in nums]}
            if cont:
                out["continuation"] = cont
            return _json(out)
        if path.startswith("stream/contents") or path == "stream/items/contents":
            if path == "stream/items/contents":
                nums, cont = _numbers(fields), None
                stream = STATE + "reading-list"
            else:
                stream = path[len("stream/contents"):].lstrip("/") or first(fields, "s")
                nums, cont = _listing(store, uid, stream, fields)
            body: dict[str, Any] = {
                "id": _normal_stream(stream) or STATE + "reading-list",
                "updated": int(datetime.now(UTC).timestamp()),
                "items": [_item(r, base) for r in reader.items(store, uid, nums)]}
            if cont:
                body["continuation"] = cont
            return _json(body)
        if request.method != "POST":
            raise ApiError(405, "Method Not Allowed!")
        _check_t(sess, fields)
        if path == "edit-tag":
            ids = reader.ids_of(store, _numbers(fields))
            for key, on in (("a", True), ("r", False)):
                for tag in fields.get(key, []):
                    flag = {STATE + "read": "read", STATE + "starred": "starred"}.get(
                        _normal_stream(tag))
                    if flag:
                        reader.mark(store, uid, ids, flag, on)
            return _text("OK")
        if path == "mark-all-as-read":
            scope = parse_stream(store, first(fields, "s"))
            if scope is None:
                raise ApiError(400, "Bad Request!")
            ts = first(fields, "ts")
            before = None
            if ts.isdigit() and ts != "0":  # nanoseconds (older than)
                before = datetime.fromtimestamp(min(int(ts) // 1_000_000_000, 2**40), UTC
                                                ).isoformat(timespec="seconds")
            reader.mark_all_read(store, uid, scope, ingested_before=before)
            return _text("OK")
        if path in ("subscription/edit", "subscription/quickadd"):
            if not sess.user.admin:
                raise ApiError(403, "Forbidden: subscriptions are managed by an admin")
            return _subscription(store, path, fields)
    raise ApiError(404, "Not Found!")


def _label_value(fields: dict[str, list[str]]) -> str | None:
    """The section a subscription edit's ``a=user/-/label/X`` names (``None`` without)."""
    add = _normal_stream(first(fields, "a"))
    return (add[len(LABEL):] or None) if add.startswith(LABEL) else None


def _subscription(store: Any, path: str, fields: dict[str, list[str]]) -> Response:
    try:
        if path == "subscription/quickadd":
            url = first(fields, "quickadd")
            out = app_sources.add_source(store, url, kind="feed")
            return _json({"numResults": 1, "query": redact(url),  # credentials never echoed
                          "streamId": f"feed/{out.source.redacted().url}"})
        action = first(fields, "ac")
        for s in fields.get("s", []):
            url = s[5:] if s.startswith("feed/") else s
            if action == "subscribe":
                app_sources.add_source(store, url, kind="feed", section=_label_value(fields))
            elif action == "unsubscribe" and not url.isdigit():
                app_sources.remove_source(store, url)
            elif action == "edit" and not url.isdigit() and _label_value(fields):
                app_sources.set_section(store, url, _label_value(fields))
            else:  # outlets (feed/N) are not sources: nothing to unsubscribe or rename
                raise ApiError(400, "Bad Request!")
    except MawsuaError as e:
        if path == "subscription/quickadd":
            return _json({"numResults": 0, "error": f"{e.code}: {e.reason}"})
        raise ApiError(400, f"Bad Request! {e.code}: {e.reason}") from None
    return _text("OK")


@router.api_route(PREFIX + "/accounts/ClientLogin", methods=["GET", "POST"])
async def client_login(request: Request) -> Response:
    """``Email`` + ``Passwd`` (the API password) → ``SID``/``LSID``/``Auth`` lines."""
    fields = await read_form(request)
    access = request.app.state.accounts_access

    def run() -> str:
        with access.open() as store:
            _user, token = accounts.login(store, first(fields, "Email"),
                                          first(fields, "Passwd"), client_of(request),
                                          api=True)
        return token
    try:
        token = await run_in_threadpool(run)
    except accounts.LoginRefused as e:
        if e.code == "E_RATE_LIMIT":
            return _text("Error=RateLimited\n", 429, **{"Retry-After": str(e.retry_after)})
        return _text("Error=BadAuthentication\n", 401)
    return _text(f"SID={token}\nLSID=null\nAuth={token}\n")


@router.api_route(API + "/{path:path}", methods=["GET", "POST"])
async def reader_api(request: Request, path: str) -> Response:
    """Every ``/reader/api/0/…`` call (see the module docstring)."""
    fields = await read_form(request)
    try:
        return await run_in_threadpool(_answer, request, fields, path.strip("/"))
    except ApiError as e:
        headers = {"Google-Bad-Token": "true"} if e.bad_token else {}
        return _text(e.body, e.status, **headers)
