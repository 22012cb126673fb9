"""Outbound notifications of alerts: signed webhook POSTs (:mod:`.webhook`) and e-mails
through SMTP (:mod:`.mail`). Each sender makes one attempt and says whether a failure may pass
(:class:`Attempt`); retries, backoff and the outbox are the app's (:mod:`mawsua.app.alerts`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Attempt:
    """The outcome of one delivery attempt: ``ok``; else ``reason`` and whether the failure
    is ``permanent`` (retrying cannot help: a 4xx answer, a refused address, a refused
    recipient) or may pass (network trouble, a timeout, 5xx, 408, 429, SMTP 4xx)."""

    ok: bool
    reason: str = ""
    permanent: bool = False


SENT = Attempt(True)
