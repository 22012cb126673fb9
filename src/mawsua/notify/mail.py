"""E-mail deliveries through SMTP (stdlib :mod:`smtplib` and :mod:`email`).

The server and credentials are the operator's settings (:class:`mawsua.config.SmtpSettings`,
``MAWSUA_SMTP_*``): implicit TLS (``tls``, port 465), STARTTLS (``starttls``, port 587, the
default; the connection is refused when the server does not offer it) or plain (``none``, for
a relay on the same host). Certificates are verified (``ssl.create_default_context``).

A message is plain UTF-8 text (headline, outlet, date, link, snippet, alert name) with the
alert's name and the headline in the subject, ``Message-ID`` derived from the delivery id (so a
retried delivery has the same id and mail software can drop the copy) and
``Auto-Submitted: auto-generated`` (RFC 3834). SMTP 5xx answers to the recipient or the data
are permanent failures; connection trouble and 4xx answers may pass.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from mawsua.config import SmtpSettings
from mawsua.notify import SENT, Attempt

_ADDRESS = re.compile(r"^[^@\s<>\"',;:()\[\]\\]+@[A-Za-z0-9\u0080-\uffff.-]+\.[A-Za-z\u0080-\uffff]{2,}$")


def valid_address(address: str) -> bool:
    """Whether ``address`` is a plain ``local@domain.tld`` address with no spaces, control
    characters, display name or list (so it cannot inject headers)."""
    return bool(_ADDRESS.match(address)) and not any(ord(c) < 32 for c in address)


def build_message(payload: dict[str, Any], to: str, sender: str, delivery_id: str
                  ) -> EmailMessage:
    """The e-mail of one delivery (see the module docstring)."""
    msg = EmailMessage()
    title = " ".join(str(payload.get("title") or payload.get("url") or "").split())
    msg["Subject"] = f"[Mawsua: {payload.get('alert', '')}] {title}"[:300]
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = formatdate(usegmt=True)
    domain = sender.rpartition("@")[2] or "localhost"
    msg["Message-ID"] = f"<mawsua-alert-{delivery_id}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"
    lines = [title, ""]
    for label, key in (("Outlet", "outlet"), ("Published", "published"), ("Link", "url")):
        if payload.get(key):
            lines.append(f"{label}: {payload[key]}")
    if payload.get("snippet"):
        lines += ["", str(payload["snippet"])]
    lines += ["", f"-- Mawsua alert \"{payload.get('alert', '')}\" (article {payload.get('id')})"]
    msg.set_content("\n".join(lines), charset="utf-8")
    return msg


def send(settings: SmtpSettings, msg: EmailMessage) -> Attempt:
    """Send ``msg`` once through the SMTP server of ``settings``.

    Returns:
        :data:`mawsua.notify.SENT` or a failed :class:`~mawsua.notify.Attempt` (never raises
        for server or network trouble).
    """
    context = ssl.create_default_context()
    try:
        if settings.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port,
                                                  timeout=settings.timeout_s, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
        with smtp:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as e:
        codes = [c for c, _m in e.recipients.values()]
        return Attempt(False, f"E_ALERT: SMTP refused the recipient ({codes})",
                       permanent=all(c >= 500 for c in codes))
    except smtplib.SMTPResponseException as e:
        return Attempt(False, f"E_ALERT: SMTP {e.smtp_code} {e.smtp_error!r}",
                       permanent=e.smtp_code >= 500 and not isinstance(
                           e, smtplib.SMTPAuthenticationError))
    except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as e:
        return Attempt(False, f"E_FETCH_NETWORK: SMTP {settings.host}:{settings.port}: "
                       f"{type(e).__name__}: {e}")
    return SENT
