"""Saved searches and alerts (issue 12, item 4): matching equals `mawsua search`, one delivery
per (alert, article, channel) whatever happens, and delivery through the outbox to a local
webhook receiver and a local SMTP server (aiosmtpd) that are down, then up: sent, retried,
lost = 0, duplicates = 0. Everything listens on 127.0.0.1; the real corpus gives the articles.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mawsua.app import alerts
from mawsua.app.ingest import ingest
from mawsua.app.queries import open_store
from mawsua.errors import MawsuaError
from mawsua.model.results import SearchQuery
from mawsua.notify.webhook import verify

A_COUNT, B_COUNT = 40, 80
#: queries of the saved searches: spellings the folding must join, a phrase, common words
QUERIES = ["السعودية", "السعوديه", "\"الملك سلمان\"", "داعش سوريا", "اليمن"]
LATER = timedelta(days=2)  # past every backoff of the first tries


def _records(corpus: Path, start: int, count: int, *, sections: bool) -> list[str]:
    out = []
    with corpus.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i < start:
                continue
            if len(out) >= count:
                break
            rec = json.loads(line)
            if sections:  # give the later articles sections, so the filter has work to do
                rec["section"] = ("local", "world")[len(out) % 2]
            out.append(json.dumps(rec, ensure_ascii=False))
    return out


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory, corpus_path: Path) -> tuple[Path, Path]:
    """A database holding the first ``A_COUNT`` corpus articles, and a JSONL of the next
    ``B_COUNT`` (the "new" articles that fire alerts)."""
    d = tmp_path_factory.mktemp("alerts")
    a, b = d / "a.jsonl", d / "b.jsonl"
    a.write_text("\n".join(_records(corpus_path, 0, A_COUNT, sections=False)) + "\n",
                 encoding="utf-8")
    b.write_text("\n".join(_records(corpus_path, 1000, B_COUNT, sections=True)) + "\n",
                 encoding="utf-8")
    db = d / "base.db"
    with open_store(db) as store:
        ingest([a], store)
    return db, b


@pytest.fixture
def db(base_db: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the base database (no setting allows private networks)."""
    monkeypatch.delenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", raising=False)
    for k in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "FROM"):
        monkeypatch.delenv(f"MAWSUA_SMTP_{k}", raising=False)
    path = tmp_path / "m.db"
    shutil.copy(base_db[0], path)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Receiver:
    """A webhook receiver on 127.0.0.1:``port``: answers ``fail_first`` requests with 500,
    then 204; keeps every body with its headers."""

    def __init__(self, port: int, fail_first: int = 0, status: int = 204) -> None:
        self.got: list[tuple[bytes, dict[str, str]]] = []
        self.fail_first = fail_first
        self.status = status
        self.lock = threading.Lock()
        rcv = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with rcv.lock:
                    if rcv.fail_first > 0:
                        rcv.fail_first -= 1
                        code = 500
                    else:
                        rcv.got.append((body, {k.lower(): v for k, v in self.headers.items()}))
                        code = rcv.status
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", port), H)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_port() -> Iterator[int]:
    yield _free_port()


def _outbox_rows(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT a.name, o.article_id, o.channel, o.status, o.attempts "
                         "FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id").fetchall()


def _add_all(db: Path, url: str, **kw: Any) -> dict[str, str]:
    secrets = {}
    with open_store(db) as store:
        for i, q in enumerate(QUERIES):
            _a, secret = alerts.add_alert(store, f"q{i}", q, webhook_url=url,
                                          allow_private=True, **kw)
            secrets[f"q{i}"] = secret
        _a, secrets["world"] = alerts.add_alert(store, "world", "السعودية", section="world",
                                                webhook_url=url, allow_private=True)
        # an entity by one of its names (the store finds every spelling and the canonical
        # name); the country of most of the corpus, so that new articles name it too
        _a, secrets["entity"] = alerts.add_alert(store, "entity", "", entity="السعودية",
                                                 webhook_url=url, allow_private=True)
    return secrets


def test_matching_is_the_search_restricted_to_new_articles(db: Path, base_db: Any) -> None:
    """Every alert's queued articles are exactly what `search` finds among the new ones."""
    _add_all(db, "http://127.0.0.1:9/none")
    with open_store(db) as store:
        before = {r[0] for r in store.conn.execute("SELECT id FROM articles")}
        ingest([base_db[1]], store)
        new = {r[0] for r in store.conn.execute("SELECT id FROM articles")} - before
        expected = {}
        for a in alerts.list_alerts(store):
            page = store.search(SearchQuery(a.query, section=a.section, entity=a.entity,
                                            limit=200))
            assert page.total <= 200
            expected[a.name] = {h.id for h in page.items} & new
    got: dict[str, set[str]] = {}
    for name, article, channel, _s, _n in _outbox_rows(db):
        assert channel == "webhook"
        got.setdefault(name, set()).add(article)
    assert len(new) > 60
    for name, ids in expected.items():
        assert got.get(name, set()) == ids, name
    # the folding joins spellings (ة/ه) as search does; the filters narrow
    assert expected["q0"] == expected["q1"] and len(expected["q0"]) >= 5
    assert expected["world"] and expected["world"] < expected["q0"]
    assert expected["entity"] and expected["q2"]


def test_never_queued_twice(db: Path, base_db: Any) -> None:
    _add_all(db, "http://127.0.0.1:9/none")
    with open_store(db) as store:
        mark = store.conn.execute("SELECT max(n) FROM articles").fetchone()[0]
        ingest([base_db[1]], store)
        n = len(_outbox_rows(db))
        assert n > 0
        assert alerts.enqueue(store) == 0
        ingest([base_db[1]], store)  # all duplicates
        # a crash between queueing and moving the mark: the mark is behind, the rows there
        store.conn.execute("UPDATE alerts SET last_n = ?", (mark,))
        assert alerts.enqueue(store) == 0
    rows = _outbox_rows(db)
    assert len(rows) == n
    assert not [k for k, c in Counter((r[0], r[1], r[2]) for r in rows).items() if c > 1]


def test_a_crash_before_matching_loses_nothing(db: Path, base_db: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _add_all(db, "http://127.0.0.1:9/none")
    monkeypatch.setattr(alerts, "enqueue_quietly", lambda store: "killed")
    with open_store(db) as store:
        ingest([base_db[1]], store)
    assert _outbox_rows(db) == []
    monkeypatch.undo()
    with open_store(db) as store:  # the next run (ingest, watch or `alerts deliver`) queues
        assert alerts.enqueue(store) > 0


def test_webhook_down_then_up(db: Path, base_db: Any, receiver_port: int) -> None:
    """The receiver is down (nothing listens), then answers 500 twice, then works: every
    delivery arrives once, signed; nothing is lost, nothing is duplicated."""
    url = f"http://127.0.0.1:{receiver_port}/hook"
    secrets = _add_all(db, url)
    t0 = datetime.now(UTC)
    policy = alerts.DeliveryPolicy(backoff_s=1, max_backoff_s=60, timeout_s=5)
    with open_store(db) as store:
        ingest([base_db[1]], store)  # delivers at once: the receiver is down
        queued = len(_outbox_rows(db))
        s1 = alerts.deliver(store, policy=policy, now=t0)
        assert s1.sent == 0
        totals = alerts.outbox(store)["totals"]
        assert totals["pending"] == queued and totals["retrying"] >= 1
        rcv = Receiver(receiver_port, fail_first=2)
        try:
            runs = []
            for k in range(1, 8):
                runs.append(alerts.deliver(store, policy=policy, now=t0 + k * LATER))
                if alerts.outbox(store)["totals"]["pending"] == 0:
                    break
        finally:
            rcv.close()
        totals = alerts.outbox(store)["totals"]
    assert s1.retried + sum(r.retried for r in runs) >= 2  # 500 twice
    retried = sum(r[4] for r in _outbox_rows(db)) - queued  # failed attempts in all
    assert totals == {"pending": 0, "sent": queued, "failed": 0, "retrying": 0}
    assert retried >= 3  # down once, 500 twice (one per run: the receiver is then skipped)
    keys = Counter()
    for body, headers in rcv.got:
        doc = json.loads(body)
        assert verify(body, secrets[doc["alert"]], headers["x-mawsua-signature"])
        assert not verify(body, secrets["q0" if doc["alert"] != "q0" else "q1"],
                          headers["x-mawsua-signature"])
        assert set(doc) >= {"id", "title", "url", "outlet", "published", "snippet", "alert"}
        keys[(doc["alert"], doc["id"])] += 1
    lost = queued - len(keys)
    duplicates = sum(c - 1 for c in keys.values())
    assert (lost, duplicates) == (0, 0)
    assert len(rcv.got) == queued
    print(f"\nwebhook: queued {queued}, sent {totals['sent']}, retried {retried}, "
          f"lost {lost}, duplicates {duplicates}")


def test_two_deliverers_at_once_send_each_row_once(db: Path, base_db: Any,
                                                   receiver_port: int) -> None:
    url = f"http://127.0.0.1:{receiver_port}/hook"
    _add_all(db, url)
    with open_store(db) as store, \
            pytest.MonkeyPatch.context() as mp:
        mp.setattr(alerts, "deliver_quietly", lambda store: None)
        ingest([base_db[1]], store)
    queued = len(_outbox_rows(db))
    rcv = Receiver(receiver_port)
    try:
        def run() -> None:
            with open_store(db) as s:
                alerts.deliver(s)
        threads = [threading.Thread(target=run) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        rcv.close()
    ids = Counter(h["x-mawsua-delivery"] for _b, h in rcv.got)
    assert len(ids) == queued and max(ids.values()) == 1


def test_permanent_failures_are_kept_and_can_be_retried(db: Path, base_db: Any,
                                                        receiver_port: int) -> None:
    url = f"http://127.0.0.1:{receiver_port}/hook"
    with open_store(db) as store:
        alerts.add_alert(store, "one", "السعودية", webhook_url=url, allow_private=True)
    rcv = Receiver(receiver_port, status=410)
    try:
        with open_store(db) as store:
            ingest([base_db[1]], store)
            totals = alerts.outbox(store)["totals"]
            assert totals["failed"] > 0 and totals["sent"] == 0 and totals["pending"] == 0
            failed = alerts.outbox(store, status="failed")["deliveries"]
            assert "HTTP 410" in failed[0]["last_error"]
            rcv.status = 200
            assert alerts.retry(store, "one") == totals["failed"]
            s = alerts.deliver(store)
            assert s.sent == totals["failed"]
    finally:
        rcv.close()


def test_webhook_to_private_addresses_is_refused(db: Path, base_db: Any,
                                                 receiver_port: int) -> None:
    with open_store(db) as store:
        for url in ("http://127.0.0.1/h", "http://10.0.0.1/h", "http://2130706433/",
                    "http://[::ffff:192.168.0.1]/"):
            with pytest.raises(MawsuaError) as e:
                alerts.add_alert(store, "x", "السعودية", webhook_url=url)
            assert e.value.code == "E_FETCH_FORBIDDEN_ADDRESS"
        for bad in ("ftp://example.com/", "not a url"):
            with pytest.raises(MawsuaError) as e:
                alerts.add_alert(store, "x", "السعودية", webhook_url=bad)
            assert e.value.code == "E_ALERT"
        # a name that resolves to loopback passes the add (no DNS then) and is refused at
        # the connection: failed for good, nothing received
        alerts.add_alert(store, "byname", "السعودية",
                         webhook_url=f"http://localhost:{receiver_port}/h")
    rcv = Receiver(receiver_port)
    try:
        with open_store(db) as store:
            ingest([base_db[1]], store)
            failed = alerts.outbox(store, status="failed")["deliveries"]
    finally:
        rcv.close()
    assert failed and all("E_FETCH_FORBIDDEN_ADDRESS" in d["last_error"] for d in failed)
    assert rcv.got == []


@pytest.fixture
def smtp_port() -> int:
    return _free_port()


def test_email_down_then_up(db: Path, base_db: Any, smtp_port: int,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """E-mail through a local aiosmtpd server: not configured, then down, then up."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    got: list[Any] = []

    class Keep(Message):
        def handle_message(self, message: Any) -> None:
            got.append(message)

    with open_store(db) as store:
        alerts.add_alert(store, "mail", "السعودية", email="desk@example.org")
        alerts.add_alert(store, "both", "\"الملك سلمان\"", email="desk@example.org",
                         webhook_url=None)
        ingest([base_db[1]], store)  # no SMTP settings yet: waits in the outbox
        queued = len(_outbox_rows(db))
        assert queued > 0 and alerts.outbox(store)["totals"]["pending"] == queued
        monkeypatch.setenv("MAWSUA_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("MAWSUA_SMTP_PORT", str(smtp_port))
        monkeypatch.setenv("MAWSUA_SMTP_SECURITY", "none")
        monkeypatch.setenv("MAWSUA_SMTP_FROM", "mawsua@example.org")
        t0 = datetime.now(UTC)
        down = alerts.deliver(store, now=t0 + LATER)  # configured, nothing listens
        assert down.sent == 0 and down.retried == 1
        ctl = Controller(Keep(), hostname="127.0.0.1", port=smtp_port)
        ctl.start()
        try:
            for k in range(2, 10):
                alerts.deliver(store, now=t0 + k * LATER * 10)
                if alerts.outbox(store)["totals"]["pending"] == 0:
                    break
        finally:
            ctl.stop()
        totals = alerts.outbox(store)["totals"]
    assert totals["sent"] == queued and totals["failed"] == 0
    ids = Counter(m["Message-ID"] for m in got)
    assert len(ids) == queued and max(ids.values()) == 1
    m = got[0]
    assert m["To"] == "desk@example.org" and "[Mawsua:" in m["Subject"]
    body = m.get_payload(decode=True).decode("utf-8")
    assert "http" in body
    print(f"\nsmtp: queued {queued}, sent {totals['sent']}, lost {queued - len(ids)}, "
          f"duplicates {sum(c - 1 for c in ids.values())}")


def test_cli(db: Path, receiver_port: int) -> None:
    from mawsua.cli.main import app

    run = CliRunner().invoke
    url = f"http://127.0.0.1:{receiver_port}/hook"
    r = run(app, ["alerts", "add", "news", "--query", "السعودية", "--webhook", url,
                  "--db", str(db)])
    assert r.exit_code == 1 and "E_FETCH_FORBIDDEN_ADDRESS" in r.output
    r = run(app, ["alerts", "add", "news", "--query", "السعودية", "--webhook", url,
                  "--allow-private", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    secret = json.loads(r.output)["secret"]
    r = run(app, ["alerts", "list", "--json", "--db", str(db)])
    listed = json.loads(r.output)
    assert listed[0]["deliveries"] == {"pending": 0, "sent": 0, "failed": 0}
    assert secret not in r.output
    r = run(app, ["alerts", "test", "news", "--db", str(db)])  # receiver down
    assert r.exit_code == 1 and "failed" in r.output
    rcv = Receiver(receiver_port)
    try:
        r = run(app, ["alerts", "test", "news", "--db", str(db), "--json"])
    finally:
        rcv.close()
    assert r.exit_code == 0, r.output
    body, headers = rcv.got[0]
    assert verify(body, secret, headers["x-mawsua-signature"])
    assert json.loads(body)["test"] is True
    r = run(app, ["alerts", "outbox", "--json", "--db", str(db)])
    assert json.loads(r.output)["totals"]["pending"] == 0  # a test is not queued
    r = run(app, ["alerts", "remove", "news", "--db", str(db)])
    assert r.exit_code == 0
    r = run(app, ["alerts", "remove", "news", "--db", str(db)])
    assert r.exit_code == 1 and "E_ALERT" in r.output


def test_web_page_and_api_are_read_only_and_hide_secrets(db: Path) -> None:
    from fastapi.testclient import TestClient

    from mawsua.web.app import create_app

    with open_store(db) as store:
        _a, secret = alerts.add_alert(
            store, "gulf", "<script>alert(1)</script> الخليج", allow_private=True,
            webhook_url="https://hooks.example.com/services/T000/B000/TOKEN123",
            email="alice@example.com")
    client = TestClient(create_app(db))
    api = client.get("/api/v1/alerts").json()
    page = client.get("/alerts").text
    for text in (json.dumps(api), page):
        assert secret not in text and "TOKEN123" not in text and "alice@" not in text
    assert api["alerts"][0]["webhook"] == "https://hooks.example.com/…"
    assert "<script>alert(1)" not in page and "gulf" in page
    assert client.post("/alerts").status_code == 405
    opml = client.get("/alerts.opml")
    assert opml.status_code == 200 and b"/feeds/alert/gulf.atom" in opml.content
    assert b"TOKEN123" not in opml.content and b"alice" not in opml.content
    with open_store(db) as store:
        _a, q = alerts.saved_search(store, "gulf")
    assert q.text == "<script>alert(1)</script> الخليج"


def test_saved_search_feed(db: Path) -> None:
    import feedparser
    from fastapi.testclient import TestClient

    from mawsua.web.app import create_app

    with open_store(db) as store:
        alerts.add_alert(store, "saudi", "السعوديه")
        expected = [h.id for h in store.search(SearchQuery("السعودية", limit=200)).items]
    client = TestClient(create_app(db))
    r = client.get("/feeds/alert/saudi.atom")
    assert r.status_code == 200
    feed = feedparser.parse(r.content)
    assert not feed.bozo and "saudi" in feed.feed.title
    assert len(feed.entries) == min(20, len(expected)) > 0
    assert client.get("/feeds/alert/nope.atom").status_code == 404
    assert client.get("/feeds/alert/saudi.json").json()["items"]
    assert client.post("/api/v1/alerts").status_code == 405
