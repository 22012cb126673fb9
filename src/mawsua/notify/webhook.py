"""Webhook deliveries: one HTTP POST of the JSON payload, signed as Miniflux and GitHub do.

Headers: ``Content-Type: application/json``, ``X-Mawsua-Signature: sha256=<hex>`` (HMAC-SHA256
of the raw body with the alert's secret, lower-case hex), ``X-Mawsua-Event: alert``,
``X-Mawsua-Delivery: <delivery id>`` (the same id on every retry of one delivery: a receiver
that saw it already can drop it) and ``User-Agent``. A receiver checks the signature with
:func:`verify` (or the same three lines in its own language) over the bytes it received,
before parsing them.

A 2xx answer is success; redirects are not followed (a 3xx is a permanent failure, as for
Miniflux and GitHub webhooks); 408, 429 and 5xx, timeouts and network errors may pass; any
other 4xx is permanent. The client is the caller's: the app gives one whose transport is the
SSRF guard's (:func:`mawsua.sources.guard.guarded_transport`), so a webhook to a loopback or
private address is refused at the address connected to.
"""

from __future__ import annotations

import hashlib
import hmac

import httpx

from mawsua.notify import SENT, Attempt

SIGNATURE_HEADER = "X-Mawsua-Signature"
DELIVERY_HEADER = "X-Mawsua-Delivery"
USER_AGENT = "Mawsua-Alerts/0.1 (+webhook)"
_TRANSIENT = frozenset({408, 425, 429})


def sign(body: bytes, secret: str) -> str:
    """The signature header value of ``body``: ``sha256=`` + hex HMAC-SHA256 with ``secret``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` (constant-time comparison)."""
    return bool(header) and hmac.compare_digest(sign(body, secret), str(header))


def send(client: httpx.Client, url: str, body: bytes, secret: str, delivery_id: str,
         refused: type[BaseException] | tuple[type[BaseException], ...] = ()) -> Attempt:
    """POST ``body`` to ``url`` once.

    Args:
        client: an httpx client (the app's, with the SSRF guard; ``follow_redirects`` off).
        url: the webhook URL.
        body: the exact JSON bytes (signed as they are).
        secret: the alert's signing secret.
        delivery_id: sent as ``X-Mawsua-Delivery``.
        refused: exception type(s) the client's transport raises for a forbidden address
            (reported as a permanent failure with ``E_FETCH_FORBIDDEN_ADDRESS``).

    Returns:
        :data:`mawsua.notify.SENT` or a failed :class:`~mawsua.notify.Attempt`. Never raises
        for network trouble.
    """
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, secret),
               "X-Mawsua-Event": "alert", DELIVERY_HEADER: delivery_id,
               "User-Agent": USER_AGENT}
    try:
        resp = client.post(url, content=body, headers=headers)
        resp.close()
    except httpx.TimeoutException as e:
        return Attempt(False, f"E_FETCH_TIMEOUT: timed out ({type(e).__name__})")
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as e:
        return Attempt(False, f"E_ALERT: invalid webhook URL: {e}", permanent=True)
    except httpx.HTTPError as e:
        return Attempt(False, f"E_FETCH_NETWORK: {type(e).__name__}: {e}")
    except refused as e:  # type: ignore[misc]
        return Attempt(False, f"E_FETCH_FORBIDDEN_ADDRESS: {e}", permanent=True)
    status = resp.status_code
    if 200 <= status < 300:
        return SENT
    reason = f"E_FETCH_HTTP: HTTP {status} from the webhook"
    if status >= 500 or status in _TRANSIENT:
        return Attempt(False, reason)
    return Attempt(False, reason + (" (redirects are not followed)" if 300 <= status < 400
                                    else ""), permanent=True)
