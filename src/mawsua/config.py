"""Settings read from the environment (one place, documented in README's settings table).

Stages may import this module (like :mod:`mawsua.errors`): it reads ``os.environ`` only, at the
time a function is called, so tests and the operator can change a setting between runs.

==================================  ===============================================================
``MAWSUA_ALLOW_PRIVATE_NETWORKS``   ``1``/``true``/``yes``/``on``: fetch and deliver to loopback and
                                    private addresses (the SSRF guard of
                                    :mod:`mawsua.sources.guard` is off). Default off.
``MAWSUA_SMTP_HOST``                SMTP server of alert e-mails (no default: e-mail alerts wait in
                                    the outbox until it is set).
``MAWSUA_SMTP_PORT``                its port (default 587 with ``starttls``, 465 with ``tls``, 25
                                    with ``none``).
``MAWSUA_SMTP_SECURITY``            ``starttls`` (default), ``tls`` (implicit TLS) or ``none``.
``MAWSUA_SMTP_USER``                login name (no login when unset).
``MAWSUA_SMTP_PASSWORD``            its password (never printed).
``MAWSUA_SMTP_FROM``                the From address (default ``mawsua@`` + the local host name).
``MAWSUA_SMTP_TIMEOUT``             seconds per SMTP operation (default 20).
``MAWSUA_SHARED``                   folder of the shared evaluation data (gold, corpora, ANERcorp)
                                    that the ``eval`` and ``train`` commands read by default
                                    (default: ``../shared`` from the current folder when it
                                    exists, else ``shared`` beside the source checkout).
==================================  ===============================================================
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

_TRUE = frozenset({"1", "true", "yes", "on"})
SECURITY_MODES = ("starttls", "tls", "none")


def flag(name: str) -> bool:
    """Whether the environment variable ``name`` is set to a true value (1/true/yes/on)."""
    return os.environ.get(name, "").strip().lower() in _TRUE


def allow_private_networks() -> bool:
    """``MAWSUA_ALLOW_PRIVATE_NETWORKS``: whether the operator allows loopback and private
    addresses for fetches and webhooks (default: no)."""
    return flag("MAWSUA_ALLOW_PRIVATE_NETWORKS")


def shared_dir() -> Path:
    """``MAWSUA_SHARED``: the folder of the shared evaluation data, else ``../shared`` from the
    current folder when it exists, else ``shared`` beside the source checkout (so the
    ``eval`` commands work from any folder of a development install)."""
    named = os.environ.get("MAWSUA_SHARED", "").strip()
    if named:
        return Path(named)
    here = Path("../shared")
    if here.is_dir():
        return here
    beside = Path(__file__).resolve().parents[2].parent / "shared"
    return beside if beside.is_dir() else here


def shared_path(relative: str) -> Path:
    """``relative`` inside :func:`shared_dir` (``"gold/dev"``, ``"corpus/articles.jsonl"``)."""
    return shared_dir() / relative


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where alert e-mails go: ``host``/``port``, ``security`` (one of
    :data:`SECURITY_MODES`), optional ``user``/``password``, the ``sender`` address and a
    ``timeout_s`` in seconds. ``repr`` hides the password."""

    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = None
    sender: str = "mawsua@localhost"
    timeout_s: float = 20.0

    def __repr__(self) -> str:
        return (f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r}, "
                f"user={self.user!r}, password={'***' if self.password else None}, "
                f"sender={self.sender!r})")


def smtp_settings() -> SmtpSettings | None:
    """The SMTP settings from ``MAWSUA_SMTP_*`` (see the module docstring), or ``None`` when
    ``MAWSUA_SMTP_HOST`` is not set.

    Raises:
        ValueError: for a security mode that is not one of :data:`SECURITY_MODES`, or a port or
            timeout that is not a number.
    """
    host = os.environ.get("MAWSUA_SMTP_HOST", "").strip()
    if not host:
        return None
    security = os.environ.get("MAWSUA_SMTP_SECURITY", "starttls").strip().lower() or "starttls"
    if security not in SECURITY_MODES:
        raise ValueError(f"MAWSUA_SMTP_SECURITY must be one of {', '.join(SECURITY_MODES)}, "
                         f"not {security!r}")
    default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
    port_text = os.environ.get("MAWSUA_SMTP_PORT", "").strip()
    try:
        port = int(port_text) if port_text else default_port
        timeout = float(os.environ.get("MAWSUA_SMTP_TIMEOUT", "") or 20)
    except ValueError:
        raise ValueError("MAWSUA_SMTP_PORT and MAWSUA_SMTP_TIMEOUT must be numbers") from None
    sender = os.environ.get("MAWSUA_SMTP_FROM", "").strip() or f"mawsua@{socket.getfqdn()}"
    return SmtpSettings(host, port, security, os.environ.get("MAWSUA_SMTP_USER") or None,
                        os.environ.get("MAWSUA_SMTP_PASSWORD") or None, sender, timeout)
