"""Saved searches with alerts, and their deliveries, as the CLI, API and pages show them.

The signing secret is never part of these shapes (it is shown once, by ``alerts add``). The
public shapes (:meth:`AlertInfo.public_dict`, used by the website and the API, which have no
accounts yet) show a webhook only by its scheme and host (webhook URLs often carry a token in
their path) and an e-mail address with its local part masked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


def webhook_origin(url: str | None) -> str | None:
    """``scheme://host[:port]/…`` of a webhook URL (its path and query may hold a token)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "…"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}/…"


def mask_email(address: str | None) -> str | None:
    """``a…@example.com`` for ``alice@example.com``."""
    if not address:
        return None
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}…@{domain}" if local else "…"


@dataclass(frozen=True, slots=True)
class AlertInfo:
    """One saved search: ``name``, the search (``query`` text as typed, ``entity``,
    ``section``, ``outlet``, ``language`` filters), its channels (``webhook`` URL, ``email``
    address; neither: a saved search without alerts), ``allow_private`` (its webhook may be a
    private address), ``created_at`` (ISO UTC), ``last_n`` (newest article matched) and
    ``counts`` of its deliveries by status (``pending``, ``sent``, ``failed``)."""

    id: int
    name: str
    query: str
    entity: str | None = None
    section: str | None = None
    outlet: str | None = None
    language: str | None = None
    webhook: str | None = None
    email: str | None = None
    allow_private: bool = False
    created_at: str = ""
    last_n: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def filters(self) -> dict[str, str]:
        """The search filters that are set."""
        return {k: v for k, v in (("entity", self.entity), ("section", self.section),
                                  ("outlet", self.outlet), ("language", self.language)) if v}

    def to_dict(self) -> dict[str, Any]:
        """JSON shape for the operator (CLI): every field but the secret."""
        return {"name": self.name, "query": self.query, **{k: None for k in (
            "entity", "section", "outlet", "language")}, **self.filters(),
            "webhook": self.webhook, "email": self.email, "allow_private": self.allow_private,
            "created_at": self.created_at, "deliveries": dict(self.counts)}

    def public_dict(self) -> dict[str, Any]:
        """JSON shape for the website and API: the webhook by its origin only, the e-mail
        address masked (see the module docstring)."""
        d = self.to_dict()
        d["webhook"] = webhook_origin(self.webhook)
        d["email"] = mask_email(self.email)
        return d


@dataclass(frozen=True, slots=True)
class Delivery:
    """One outbox row: ``id`` (also sent as the ``X-Mawsua-Delivery`` header), the ``alert``
    name, the ``article_id``, the ``channel`` (``webhook``/``email``), ``status``
    (``pending``/``sent``/``failed``), ``attempts``, ``next_try``, ``last_error``,
    ``created_at``, ``sent_at`` (ISO UTC) and the ``payload`` sent."""

    id: int
    alert_id: int
    alert: str
    article_id: str
    channel: str
    status: str
    attempts: int
    next_try: str
    last_error: str | None
    created_at: str
    sent_at: str | None
    payload: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: every field (``alert_id`` left out)."""
        return {"id": self.id, "alert": self.alert, "article_id": self.article_id,
                "channel": self.channel, "status": self.status, "attempts": self.attempts,
                "next_try": self.next_try, "last_error": self.last_error,
                "created_at": self.created_at, "sent_at": self.sent_at,
                "payload": self.payload}
