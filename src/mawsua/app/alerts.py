"""Saved searches and alerts: add, list, remove, test, queue and deliver (``mawsua alerts``,
``/alerts``, ``/api/v1/alerts``).

An alert is a saved search (query text and the filters of ``mawsua search``) with zero, one
or two channels: a webhook (a JSON POST signed with HMAC-SHA256, :mod:`mawsua.notify.webhook`)
and an e-mail address (SMTP, :mod:`mawsua.notify.mail`). Every article that ``ingest``,
``watch`` or ``reprocess`` stores and that the search matches fires it once:

1. **Queue** (:func:`enqueue`, called by :mod:`mawsua.app.ingest` right after each stored
   batch is committed): the store matches each alert against the articles stored since it
   last looked and writes one outbox row per (alert, article, channel) — UNIQUE, so never
   twice — moving the alert's mark on in the same transaction (:mod:`mawsua.store.alerts`).
   A crash before that leaves the mark behind, and the next run queues the same articles.
2. **Deliver** (:func:`deliver`, after ``ingest``, after every ``watch`` round, and
   ``mawsua alerts deliver``): each due row is claimed (a lease, so two deliverers never send
   one row at once), sent once, and marked ``sent``; a failure that may pass (receiver down,
   timeout, 5xx, 408/429, SMTP 4xx, SMTP not configured) is retried after an exponential
   backoff (:attr:`DeliveryPolicy.backoff_s` × 2^(attempts−1), at most
   :attr:`DeliveryPolicy.max_backoff_s`, with jitter), and a permanent one (4xx, a 3xx, a
   refused address, a refused recipient, or :attr:`DeliveryPolicy.max_attempts` tries) is
   marked ``failed`` and kept with its reason (``mawsua alerts retry`` queues it again).
   After a failure that may pass, the other rows for the same receiver wait for the next run
   (one unreachable receiver does not cost one timeout per row).

Delivery is at least once with an idempotency key: a process killed after the receiver
accepted a POST but before the row was marked sent sends it again on the next run, with the
same ``X-Mawsua-Delivery`` id (and e-mail ``Message-ID``), which receivers use to drop the copy.
Outside that crash window nothing is sent twice.

Webhooks go through the SSRF guard (:mod:`mawsua.sources.guard`): a loopback or private
address is refused when the alert is added (IP literals) and when it is delivered (every
connection, names included), unless the alert was added with ``allow_private`` or the setting
``MAWSUA_ALLOW_PRIVATE_NETWORKS=1`` is on.
"""

from __future__ import annotations

import random
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import orjson

from mawsua.config import allow_private_networks, smtp_settings
from mawsua.errors import MawsuaError
from mawsua.model.alerts import AlertInfo, Delivery
from mawsua.model.results import SearchQuery
from mawsua.model.urls import parse_http_url
from mawsua.notify import Attempt, mail, webhook
from mawsua.sources.guard import CODE as FORBIDDEN_CODE
from mawsua.sources.guard import ForbiddenAddress, check_url, guarded_transport
from mawsua.sources.opml import OpmlFeed, write_opml
from mawsua.store import fts
from mawsua.store.alerts import AlertRegistry, Claimed
from mawsua.store.sqlite import SqliteStore

#: an alert's name: letters (any script), digits, ``.``, ``_``, ``-``; it appears in URLs
NAME_RE = re.compile(r"^[\w][\w.-]{0,63}$")
#: longest query text of an alert (as for ``mawsua search``)
MAX_QUERY_CHARS = 500


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """Knobs of the deliverer (seconds): the first retry after ``backoff_s``, doubling up to
    ``max_backoff_s``; ``max_attempts`` tries before a delivery is marked failed; ``timeout_s``
    per webhook request; ``lease_s`` how long a claimed row is held; ``max_per_run`` rows."""

    backoff_s: float = 30.0
    max_backoff_s: float = 6 * 3600.0
    max_attempts: int = 20
    timeout_s: float = 10.0
    lease_s: float = 120.0
    max_per_run: int = 10_000


@dataclass
class DeliverySummary:
    """What one :func:`deliver` run did: ``sent``, ``retried`` (failed for now, to be tried
    again), ``failed`` (given up), ``deferred`` (not tried: their receiver just failed), and
    the outbox ``totals`` after the run (``pending``, ``sent``, ``failed``, ``retrying``)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: the fields above; ``errors`` lists ``{id, alert, channel, reason}``."""
        return {"sent": self.sent, "retried": self.retried, "failed": self.failed,
                "deferred": self.deferred, "errors": self.errors, "totals": self.totals}


def _alert_error(reason: str, where: str) -> MawsuaError:
    return MawsuaError("E_ALERT", reason, where)


def _check_webhook(url: str, allow_private: bool) -> str:
    try:
        url = parse_http_url(url)
    except ValueError as e:
        raise _alert_error(f"invalid webhook URL: {e}", url) from None
    try:
        check_url(url, allow_private=allow_private or allow_private_networks())
    except ForbiddenAddress as e:
        raise MawsuaError(FORBIDDEN_CODE, f"refused webhook: {e}", url) from None
    return url


def add_alert(store: SqliteStore, name: str, query: str, *, entity: str | None = None,
              section: str | None = None, outlet: str | None = None,
              language: str | None = None, webhook_url: str | None = None,
              email: str | None = None, allow_private: bool = False
              ) -> tuple[AlertInfo, str]:
    """Save a search and its channels; it fires for articles stored from now on.

    Returns:
        ``(alert, secret)``: the secret signs its webhook deliveries and is shown only now.

    Raises:
        MawsuaError: ``E_ALERT`` for a bad name (see :data:`NAME_RE`), a query longer than
            :data:`MAX_QUERY_CHARS` or with nothing to search and no filter, an invalid
            webhook URL or e-mail address, or a name already used;
            ``E_FETCH_FORBIDDEN_ADDRESS`` for a webhook to a loopback/private IP address
            without ``allow_private`` (or the setting).
    """
    name = name.strip()
    if not NAME_RE.match(name):
        raise _alert_error("a name is 1-64 letters, digits, '.', '_' or '-' (no spaces or "
                           "slashes; it appears in URLs)", name)
    query = " ".join(query.split())
    if len(query) > MAX_QUERY_CHARS:
        raise _alert_error(f"the query is {len(query)} characters long; at most "
                           f"{MAX_QUERY_CHARS}", name)
    filters = {k: (v.strip() or None) if v else None for k, v in (
        ("entity", entity), ("section", section), ("outlet", outlet), ("language", language))}
    filters = stored_filters(store, filters)
    if fts.parse_query(query).empty and not any(filters.values()):
        raise _alert_error("the query has no word to search for and no filter is given",
                           name)
    hook = _check_webhook(webhook_url.strip(), allow_private) if webhook_url else None
    address = email.strip() if email else None
    if address is not None and not mail.valid_address(address):
        raise _alert_error("not a plain e-mail address (local@domain)", address)
    secret = secrets.token_hex(32)
    alert = AlertRegistry(store).add(name, query, secret=secret, webhook=hook, email=address,
                                     allow_private=allow_private, **filters)
    return alert, secret


def stored_filters(store: SqliteStore, filters: dict[str, str | None]) -> dict[str, str | None]:
    """An alert's filters as the stored values they stand for, so that the alert's matcher
    (which compares values exactly) fires on what ``mawsua search`` with the same filters
    finds: a language by name becomes its code (``English``, ``الإنجليزية`` → ``en``); an
    outlet or source section named otherwise than it is stored (``Al Arabiya`` for
    ``arabiya``, ``رياضة`` for ``sport``) becomes the stored value when exactly one stored
    value is that outlet or section. Anything else is kept as typed
    (:func:`alert_notes` warns about a filter that names nothing stored)."""
    from mawsua.app import queries
    from mawsua.app.languages import language_code
    from mawsua.app.outlets import identity

    out = dict(filters)
    if out.get("language"):
        out["language"] = language_code(out["language"] or "")
    if out.get("outlet"):
        ident = identity(out["outlet"] or "")
        same = [o for o in queries.stored_outlets(store) if identity(o) == ident]
        if len(same) == 1:
            out["outlet"] = same[0]
    if out.get("section"):
        values = queries.section_values(store, out["section"] or "")
        if len(values) == 1:
            out["section"] = values[0]
    return out


def alert_notes(store: SqliteStore, alert: AlertInfo) -> list[dict[str, Any]]:
    """The filters of ``alert`` that name nothing stored, as ``[{"code", "reason"}]``
    (``W_UNKNOWN_OUTLET``, ``W_UNKNOWN_SECTION``, ``W_UNKNOWN_LANGUAGE``,
    ``W_UNKNOWN_ENTITY``; :func:`mawsua.app.queries.unknown_filters`, the notes of a search
    that found nothing): such an alert fires only once an article with that value is stored,
    so ``alerts add`` says so when it saves it (user test s25)."""
    from mawsua.app import queries

    return [{**n, "reason": n["reason"] + "; the alert fires only once such an article is "
              "stored"} for n in queries.unknown_filters(store, SearchQuery(
                  text=alert.query, entity=alert.entity, section=alert.section,
                  outlet=alert.outlet, language=alert.language))]


def list_alerts(store: SqliteStore) -> list[AlertInfo]:
    """Every alert with its delivery counts (empty for a database without the alerts table,
    such as one written by an older Mawsua and opened read-only)."""
    try:
        return AlertRegistry(store).list()
    except (sqlite3.OperationalError, MawsuaError) as e:
        if "no such table" in str(e):
            return []
        raise


def get_alert(store: SqliteStore, name: str) -> AlertInfo:
    """One alert by name.

    Raises:
        MawsuaError: ``E_ALERT`` when there is none.
    """
    try:
        return AlertRegistry(store).get(name)
    except MawsuaError as e:
        if "no such table" in e.reason:
            raise _alert_error("no such alert", name) from None
        raise


def remove_alert(store: SqliteStore, name: str) -> AlertInfo:
    """Forget an alert; its pending deliveries are dropped.

    Raises:
        MawsuaError: ``E_ALERT`` when there is none.
    """
    return AlertRegistry(store).remove(name)


def outbox(store: SqliteStore, *, name: str | None = None, status: str | None = None,
           limit: int = 100) -> dict[str, Any]:
    """The outbox: ``{"totals": {pending, sent, failed, retrying}, "deliveries": [...]}``,
    newest first (see :class:`mawsua.model.alerts.Delivery`)."""
    reg = AlertRegistry(store)
    return {"totals": reg.totals(),
            "deliveries": [d.to_dict() for d in reg.outbox(name=name, status=status,
                                                           limit=limit)]}


def retry(store: SqliteStore, name: str | None = None) -> int:
    """Queue the failed deliveries of one alert (or of all) again; returns how many."""
    if name is not None:
        get_alert(store, name)
    return AlertRegistry(store).requeue(name)


# -- queueing ------------------------------------------------------------------------------


def payload(store: SqliteStore, alert: AlertInfo, article_id: str) -> dict[str, Any]:
    """The JSON of one delivery: ``alert`` (its name), ``query``, and the article's ``id``,
    ``title``, ``url``, ``outlet``, ``published`` (ISO 8601 as stored; the local wall time
    when the zone is unknown), ``section``, ``language`` and ``snippet`` (around the first
    hit, plain text)."""
    row = store.conn.execute(
        "SELECT title, url, outlet, coalesce(published, published_local), section, language "
        "FROM articles WHERE id = ?", (article_id,)).fetchone()
    title, url, outlet, published, section, language = row or (None,) * 6
    try:
        text = store.text(article_id)
    except KeyError:
        text = ""
    snippet, _html = fts.snippet(text, fts.parse_query(alert.query))
    return {"alert": alert.name, "query": alert.query, "id": article_id, "title": title,
            "url": url, "outlet": outlet, "published": published, "section": section,
            "language": language, "snippet": snippet}


def enqueue(store: SqliteStore, now: datetime | None = None) -> int:
    """Queue a delivery for every (alert, newly stored matching article, channel); returns
    how many were queued. Cheap when there is no alert (one query)."""
    from mawsua.app import queries

    return AlertRegistry(store).enqueue_new(
        lambda alert, _n, article_id: payload(store, alert, article_id), now,
        widen=lambda q: queries.widen(store, q))


def enqueue_quietly(store: SqliteStore) -> int | str:
    """:func:`enqueue` for the ingest path: a failure never stops storing (the articles stay
    unmatched and the next run queues them); returns the count, or the error text."""
    try:
        return enqueue(store)
    except (MawsuaError, sqlite3.Error) as e:
        return str(e)


# -- delivering ----------------------------------------------------------------------------


class _Senders:
    """The webhook clients (one guarded, one open for alerts allowed private addresses) and
    the SMTP settings of one delivery run."""

    def __init__(self, policy: DeliveryPolicy,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self._transport = transport
        self._clients: dict[bool, httpx.Client] = {}
        self._smtp: Any = None
        self._smtp_read = False

    def client(self, allow_private: bool) -> httpx.Client:
        allow = allow_private or allow_private_networks()
        if allow not in self._clients:
            self._clients[allow] = httpx.Client(
                transport=self._transport or guarded_transport(allow_private=allow),
                timeout=self.policy.timeout_s, follow_redirects=False)
        return self._clients[allow]

    def smtp(self) -> Any:
        if not self._smtp_read:
            self._smtp_read = True
            try:
                self._smtp = smtp_settings()
            except ValueError as e:
                self._smtp = str(e)
        return self._smtp

    def close(self) -> None:
        for c in self._clients.values():
            c.close()


def _receiver(c: Claimed) -> str:
    if c.channel == "webhook":
        try:
            u = httpx.URL(c.alert.webhook or "")
            return f"webhook {u.scheme}://{u.host}:{u.port}"
        except (httpx.InvalidURL, ValueError):
            return f"webhook {c.alert.webhook}"
    return "smtp"


def send_one(senders: _Senders, c: Claimed) -> Attempt:
    """One attempt at delivering a claimed row."""
    if c.channel == "webhook":
        return webhook.send(senders.client(c.alert.allow_private), c.alert.webhook or "",
                            c.payload, c.secret, str(c.id), refused=ForbiddenAddress)
    settings = senders.smtp()
    if settings is None:
        return Attempt(False, "E_ALERT: e-mail is not configured (set MAWSUA_SMTP_HOST and "
                       "the other MAWSUA_SMTP_* settings)")
    if isinstance(settings, str):
        return Attempt(False, f"E_ALERT: bad SMTP settings: {settings}")
    msg = mail.build_message(orjson.loads(c.payload), c.alert.email or "", settings.sender,
                             str(c.id))
    return mail.send(settings, msg)


def backoff(policy: DeliveryPolicy, attempts: int, rand: float | None = None) -> float:
    """Seconds before the next try after ``attempts`` failed tries: ``backoff_s`` ×
    2^(attempts−1), capped at ``max_backoff_s``, times a jitter in [0.5, 1)."""
    base = min(policy.max_backoff_s, policy.backoff_s * (2 ** max(0, attempts - 1)))
    return base * (0.5 + 0.5 * (random.random() if rand is None else rand))


def deliver(store: SqliteStore, *, policy: DeliveryPolicy | None = None,
            now: datetime | None = None,
            transport: httpx.BaseTransport | None = None) -> DeliverySummary:
    """Send every due delivery once (see the module docstring).

    Args:
        store: an open writable store.
        policy: the :class:`DeliveryPolicy`.
        now: the time deliveries are due against (default: now; tests move it on).
        transport: an httpx transport for webhooks (tests); default the SSRF guard's.

    Returns:
        The :class:`DeliverySummary`. Never raises for receiver trouble.
    """
    policy = policy or DeliveryPolicy()
    reg = AlertRegistry(store)
    summary = DeliverySummary()
    senders = _Senders(policy, transport)
    broken: set[str] = set()
    done = last = 0
    try:
        while done < policy.max_per_run:
            at = now or datetime.now(UTC)
            ids = reg.due(at, limit=min(100, policy.max_per_run - done), after=last)
            if not ids:
                break
            for delivery_id in ids:
                done += 1
                last = delivery_id
                c = reg.claim(delivery_id, policy.lease_s, at)
                if c is None:
                    continue
                key = _receiver(c)
                if key in broken:
                    reg.release(c.id)
                    summary.deferred += 1
                    continue
                _record(reg, policy, c, send_one(senders, c), key, broken, summary, at)
    finally:
        senders.close()
    summary.totals = reg.totals()
    return summary


def deliver_quietly(store: SqliteStore) -> DeliverySummary | str:
    """:func:`deliver` for ``ingest`` and ``watch``: a store failure never stops them (the
    deliveries stay queued); returns the summary, or the error text."""
    try:
        return deliver(store)
    except (MawsuaError, sqlite3.Error) as e:
        return str(e)


def _record(reg: AlertRegistry, policy: DeliveryPolicy, c: Claimed, got: Attempt, key: str,
            broken: set[str], summary: DeliverySummary, at: datetime) -> None:
    if got.ok:
        reg.mark_sent(c.id, at)
        summary.sent += 1
        return
    summary.errors.append({"id": c.id, "alert": c.alert.name, "channel": c.channel,
                           "reason": got.reason})
    if got.permanent or c.attempts >= policy.max_attempts:
        reason = got.reason if got.permanent else \
            f"gave up after {c.attempts} attempts: {got.reason}"
        reg.mark_failed(c.id, reason)
        summary.failed += 1
        return
    broken.add(key)
    reg.mark_retry(c.id, got.reason, at + timedelta(seconds=backoff(policy, c.attempts)))
    summary.retried += 1


def send_test(store: SqliteStore, name: str, *,
              transport: httpx.BaseTransport | None = None,
              policy: DeliveryPolicy | None = None) -> dict[str, Any]:
    """Send one sample delivery of an alert to each of its channels now, outside the outbox:
    the newest stored article it matches (``"sample": false``), else a made-up one
    (``"sample": true``). The payload has ``"test": true``.

    Returns:
        ``{"alert", "article", "sample", "results": {channel: {"ok", "reason"}}}``.

    Raises:
        MawsuaError: ``E_ALERT`` when there is no such alert or it has no channel.
    """
    reg = AlertRegistry(store)
    alert = get_alert(store, name)
    if not (alert.webhook or alert.email):
        raise _alert_error("the alert has no webhook and no e-mail address to test", name)
    from mawsua.app import queries

    ids = reg.matching(alert, limit=1, widen=lambda q: queries.widen(store, q))
    if ids:
        body = payload(store, alert, ids[0])
    else:
        body = {"alert": alert.name, "query": alert.query, "id": "sample", "title":
                "Mawsua test delivery", "url": None, "outlet": None, "published": None,
                "section": None, "language": None, "snippet": "A sample of what this alert "
                "sends when an article matches."}
    body["test"] = True
    raw = orjson.dumps(body)
    senders = _Senders(policy or DeliveryPolicy(), transport)
    results: dict[str, dict[str, Any]] = {}
    try:
        for channel, target in (("webhook", alert.webhook), ("email", alert.email)):
            if target:
                got = send_one(senders, Claimed(0, alert, str(body["id"]), channel, raw, 1,
                                                reg.secret(name)))
                results[channel] = {"ok": got.ok, "reason": got.reason or None}
    finally:
        senders.close()
    return {"alert": alert.name, "article": body["id"], "sample": not ids, "results": results}


def saved_search(store: SqliteStore, name: str, *, limit: int = 20,
                 offset: int = 0) -> tuple[AlertInfo, SearchQuery]:
    """An alert as the :class:`~mawsua.model.results.SearchQuery` it saves (newest matches:
    what a saved-search feed or page lists through :func:`mawsua.app.queries.search`).

    Raises:
        MawsuaError: ``E_ALERT`` when there is no such alert.
    """
    a = get_alert(store, name)
    return a, SearchQuery(text=a.query, entity=a.entity, section=a.section, outlet=a.outlet,
                          language=a.language, limit=limit, offset=offset)


def saved_searches_opml(store: SqliteStore, base_url: str) -> bytes:
    """Every saved search as an OPML 2.0 subscription list: ``xmlUrl`` its Atom feed
    (``BASE/feeds/alert/NAME.atom``), ``htmlUrl`` its search page, the section as category."""
    base = base_url.rstrip("/")
    feeds = []
    for a in list_alerts(store):
        params = urlencode([(k, v) for k, v in (("q", a.query), *a.filters().items()) if v])
        feeds.append(OpmlFeed(f"{base}/feeds/alert/{quote(a.name)}.atom", f"{a.name}: {a.query}",
                              a.section, f"{base}/search?{params}"))
    return write_opml(feeds, title="Mawsua saved searches")


def alert_summaries(store: SqliteStore) -> dict[str, Any]:
    """What the ``/alerts`` page and ``/api/v1/alerts`` show (read-only, no secrets, webhooks
    by origin, e-mail masked): ``{"alerts": [...], "totals": {...}}``."""
    alerts = list_alerts(store)
    try:
        totals = AlertRegistry(store).totals() if alerts else {}
    except MawsuaError:
        totals = {}
    return {"alerts": [a.public_dict() for a in alerts], "totals": totals}


__all__ = ["AlertInfo", "Delivery", "DeliveryPolicy", "DeliverySummary", "add_alert",
           "alert_summaries", "deliver", "enqueue", "list_alerts", "outbox", "remove_alert",
           "retry", "saved_search", "saved_searches_opml", "send_test"]
