"""The Google Reader and Fever APIs driven by a scripted client that sends what real apps
send (Reeder/NetNewsWire for Google Reader: ClientLogin, token, user-info, subscription and
tag lists, unread counts, item ids then contents, edit-tag, mark-all-as-read; Reeder/Unread
for Fever: api, groups, feeds, items since_id, unread and saved ids, mark)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mawsua.app import accounts, queries
from mawsua.web.app import create_app

API = "/api/greader/reader/api/0"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LIST = "user/-/state/com.google/reading-list"


@pytest.fixture()
def client(db_copy: Path | str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The APIs over a private copy of the real test database, on SQLite and on PostgreSQL
    (``db_copy`` is parametrised; the PostgreSQL case is skipped without a server)."""
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)
    path = db_copy
    with queries.open_store(path) as store:
        accounts.add_user(store, "amal", "amal-web-pass", admin=True)
        accounts.set_api_password(store, "amal", "amal-api-pass")
        accounts.add_user(store, "badr", "badr-web-pass")
    with TestClient(create_app(path)) as c:
        yield c


def _login(c: TestClient, name: str, password: str) -> dict[str, str]:
    r = c.post("/api/greader/accounts/ClientLogin", data={"Email": name, "Passwd": password})
    assert r.status_code == 200, r.text
    auth = re.search(r"^Auth=(\S+)$", r.text, re.M)
    assert auth and "SID=" in r.text
    return {"Authorization": f"GoogleLogin auth={auth.group(1)}"}


def _unread(c: TestClient, h: dict[str, str]) -> dict[str, int]:
    r = c.get(f"{API}/unread-count", params={"output": "json"}, headers=h)
    assert r.status_code == 200
    return {row["id"]: row["count"] for row in r.json()["unreadcounts"]}


def test_greader_session_end_to_end(client: TestClient) -> None:
    # the account password is not the API password once one is set
    r = client.post("/api/greader/accounts/ClientLogin",
                    data={"Email": "amal", "Passwd": "amal-web-pass"})
    assert r.status_code == 401 and "BadAuthentication" in r.text
    h = _login(client, "amal", "amal-api-pass")
    t = client.get(f"{API}/token", headers=h).text.strip()
    assert len(t) >= 20
    assert client.get(f"{API}/user-info", headers=h).json()["userName"] == "amal"
    subs = client.get(f"{API}/subscription/list", params={"output": "json"},
                      headers=h).json()["subscriptions"]
    assert subs and all(s["id"].startswith("feed/") for s in subs)
    # feeds are titled by the outlet's display name, as on the site (user test: slugs)
    from urllib.parse import unquote

    from mawsua.app.outlets import display_name
    assert all(s["title"] == display_name(unquote(s["url"].split("outlet=")[-1]))
               for s in subs)
    assert any(not s["title"].isascii() for s in subs)
    tags = [t_["id"] for t_ in client.get(f"{API}/tag/list", params={"output": "json"},
                                          headers=h).json()["tags"]]
    assert STARRED in tags
    # labels are sections by their Arabic names; a label's stream holds items labelled so
    labels = [x for x in tags if x.startswith("user/-/label/")]
    assert labels and all(not x.split("/")[-1].isascii() for x in labels[:5])
    got = client.get(f"{API}/stream/contents/{labels[0]}", params={"n": 5}, headers=h)
    assert got.status_code == 200, (labels[0], got.status_code, re.findall(r"<p[^>]*>[^<]*</p>", got.text))
    got = got.json()
    assert got["items"] and all(labels[0] in i["categories"] for i in got["items"])
    counts = _unread(client, h)
    total = counts[LIST]
    assert total == sum(v for k, v in counts.items() if k.startswith("feed/"))
    # item ids, newest first, unread only, paged with the continuation
    r = client.get(f"{API}/stream/items/ids",
                   params={"s": LIST, "n": 3, "xt": READ, "output": "json"}, headers=h).json()
    ids = [x["id"] for x in r["itemRefs"]]
    assert len(ids) == 3 and all(i.isdigit() for i in ids) and ids == sorted(ids, key=int,
                                                                              reverse=True)
    nxt = client.get(f"{API}/stream/items/ids",
                     params={"s": LIST, "n": 3, "xt": READ, "c": r["continuation"]},
                     headers=h).json()["itemRefs"]
    assert int(nxt[0]["id"]) < int(ids[-1])
    # contents by id: short decimal and long form both work
    long_form = f"tag:google.com,2005:reader/item/{int(ids[1]):016x}"
    items = client.post(f"{API}/stream/items/contents", data={"i": [ids[0], long_form]},
                        headers=h).json()["items"]
    assert [i["id"] for i in items] == [f"tag:google.com,2005:reader/item/{int(x):016x}"
                                        for x in ids[:2]]
    assert all(LIST in i["categories"] and READ not in i["categories"] for i in items)
    assert items[0]["summary"]["content"].startswith("<div dir=")
    # mark two read and star one (with the action token T)
    r = client.post(f"{API}/edit-tag", data={"i": [ids[0], long_form], "a": READ, "T": t},
                    headers=h)
    assert r.status_code == 200 and r.text == "OK"
    client.post(f"{API}/edit-tag", data={"i": ids[2], "a": STARRED, "T": t}, headers=h)
    assert _unread(client, h)[LIST] == total - 2
    starred = client.get(f"{API}/stream/contents/{STARRED}", headers=h).json()["items"]
    assert [i["id"] for i in starred] == [f"tag:google.com,2005:reader/item/{int(ids[2]):016x}"]
    assert STARRED in starred[0]["categories"]
    # unread again
    client.post(f"{API}/edit-tag", data={"i": ids[0], "r": READ, "T": t}, headers=h)
    assert _unread(client, h)[LIST] == total - 1
    # a feed's contents, then mark it all read
    feed = subs[0]["id"]
    got = client.get(f"{API}/stream/contents/{feed}", params={"n": 5}, headers=h).json()
    assert got["items"] and all(i["origin"]["streamId"] == feed for i in got["items"])
    r = client.post(f"{API}/mark-all-as-read", data={"s": feed, "T": t}, headers=h)
    assert r.status_code == 200 and _unread(client, h)[feed] == 0
    # a wrong T is refused like a bad token
    r = client.post(f"{API}/edit-tag", data={"i": ids[0], "a": READ, "T": "wrong"}, headers=h)
    assert r.status_code == 401 and r.headers.get("google-bad-token") == "true"


def test_greader_refusals(client: TestClient) -> None:
    r = client.get(f"{API}/user-info")
    assert r.status_code == 401 and r.headers.get("google-bad-token") == "true"
    r = client.get(f"{API}/user-info", headers={"Authorization": "GoogleLogin auth=forged"})
    assert r.status_code == 401
    h = _login(client, "badr", "badr-web-pass")  # no API password: the account one
    assert client.get(f"{API}/stream/contents/feed/999999", headers=h).status_code == 400
    # subscriptions are an admin's
    r = client.post(f"{API}/subscription/edit",
                    data={"ac": "subscribe", "s": "feed/https://example.org/rss"}, headers=h)
    assert r.status_code == 403
    admin = _login(client, "amal", "amal-api-pass")
    r = client.post(f"{API}/subscription/edit",
                    data={"ac": "subscribe", "s": "feed/https://example.org/rss"}, headers=admin)
    assert r.status_code == 200 and r.text == "OK"
    r = client.post(f"{API}/subscription/edit",
                    data={"ac": "unsubscribe", "s": "feed/https://example.org/rss"},
                    headers=admin)
    assert r.status_code == 200
    for _ in range(accounts.MAX_FAILURES_PER_NAME):
        client.post("/api/greader/accounts/ClientLogin", data={"Email": "badr", "Passwd": "x"})
    r = client.post("/api/greader/accounts/ClientLogin",
                    data={"Email": "badr", "Passwd": "badr-web-pass"})
    assert r.status_code == 429


def test_greader_users_do_not_share_state(client: TestClient) -> None:
    a = _login(client, "amal", "amal-api-pass")
    b = _login(client, "badr", "badr-web-pass")
    ids = [x["id"] for x in client.get(f"{API}/stream/items/ids", params={"s": LIST, "n": 2},
                                       headers=a).json()["itemRefs"]]
    client.post(f"{API}/edit-tag", data={"i": ids, "a": STARRED}, headers=a)
    assert client.get(f"{API}/stream/items/ids", params={"s": STARRED},
                      headers=b).json()["itemRefs"] == []
    # badr marking amal's starred items read changes only badr's state
    client.post(f"{API}/edit-tag", data={"i": ids, "a": READ}, headers=b)
    items = client.post(f"{API}/stream/items/contents", data={"i": ids}, headers=a).json()
    assert all(READ not in i["categories"] and STARRED in i["categories"]
               for i in items["items"])


def test_fever_session(client: TestClient) -> None:
    url = "/api/fever/"
    bad = client.post(url + "?api", data={"api_key": "0" * 32}).json()
    assert bad == {"api_version": 3, "auth": 0}
    # amal has an API password: only its key works
    web_key = hashlib.md5(b"amal:amal-web-pass").hexdigest()
    assert client.post(url + "?api", data={"api_key": web_key}).json()["auth"] == 0
    key = hashlib.md5(b"amal:amal-api-pass").hexdigest()
    base = client.post(url + "?api&groups&feeds", data={"api_key": key}).json()
    assert base["auth"] == 1 and base["groups"] and base["feeds"]
    feed_ids = {f["id"] for f in base["feeds"]}
    listed = {int(x) for g in base["feeds_groups"] for x in g["feed_ids"].split(",")}
    assert listed == feed_ids
    unread = client.post(url + "?api&unread_item_ids", data={"api_key": key}).json()
    unread_ids = [int(x) for x in unread["unread_item_ids"].split(",")]
    items = client.post(url + "?api&items&since_id=0", data={"api_key": key}).json()
    assert len(items["items"]) == min(50, items["total_items"])
    first = items["items"][0]
    assert first["id"] == min(unread_ids) and first["feed_id"] in feed_ids
    assert first["is_read"] == 0 and first["html"].startswith("<div dir=")
    more = client.post(url + f"?api&items&since_id={items['items'][-1]['id']}",
                       data={"api_key": key}).json()["items"]
    assert more and more[0]["id"] > items["items"][-1]["id"]
    # mark read and saved
    client.post(url + f"?api&mark=item&as=read&id={first['id']}", data={"api_key": key})
    client.post(url + f"?api&mark=item&as=saved&id={first['id']}", data={"api_key": key})
    got = client.post(url + f"?api&items&with_ids={first['id']}",
                      data={"api_key": key}).json()["items"][0]
    assert got["is_read"] == 1 and got["is_saved"] == 1
    saved = client.post(url + "?api&saved_item_ids", data={"api_key": key}).json()
    assert saved["saved_item_ids"] == str(first["id"])
    # mark a whole feed read (before = far future: everything stored)
    fid = more[0]["feed_id"]
    client.post(url + f"?api&mark=feed&as=read&id={fid}&before=4102444800",
                data={"api_key": key})
    left = client.post(url + "?api&unread_item_ids", data={"api_key": key}).json()
    after = {int(x) for x in left["unread_item_ids"].split(",") if x}
    assert first["id"] not in after and more[0]["id"] not in after
    assert len(after) < len(unread_ids) - 1
    # badr's key sees none of it
    bkey = hashlib.md5(b"badr:badr-web-pass").hexdigest()
    bsaved = client.post(url + "?api&saved_item_ids", data={"api_key": bkey}).json()
    assert bsaved["auth"] == 1 and bsaved["saved_item_ids"] == ""


def test_fever_key_guessing_is_rate_limited(client: TestClient) -> None:
    key = hashlib.md5(b"amal:amal-api-pass").hexdigest()
    for i in range(accounts.MAX_FAILURES_PER_CLIENT):
        r = client.post("/api/fever/?api", data={"api_key": f"{i:032x}"})
        assert r.status_code == 200 and r.json()["auth"] == 0
    r = client.post("/api/fever/?api", data={"api_key": key})  # even the right key waits
    assert r.status_code == 429 and r.json()["auth"] == 0
