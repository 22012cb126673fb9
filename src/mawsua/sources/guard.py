"""The SSRF guard: no connection to a loopback, private or otherwise non-public address.

A feed reader fetches URLs that strangers choose (a feed's links, a site's redirects, the
webhooks of alerts), so it must not become a way into the machine it runs on or its network
(cloud metadata at ``169.254.169.254``, a router at ``192.168.1.1``, an admin port on
``127.0.0.1``). Like Miniflux (``FETCHER_ALLOW_PRIVATE_NETWORKS``), Mawsua refuses them unless
the operator allows private networks (``--allow-private``, or the setting
``MAWSUA_ALLOW_PRIVATE_NETWORKS=1``: :func:`mawsua.config.allow_private_networks`).

Two checks, both on *addresses*, never on spellings:

1. :func:`literal_address` / :func:`check_literal`: a host that is an IP address in any
   spelling the C library accepts (``127.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``,
   ``[::ffff:10.0.0.1]``) is refused before anything is sent, without DNS.
2. :class:`GuardedBackend` (the network backend of :func:`guarded_transport`): every TCP
   connection resolves the host **once**, refuses the name when any of its addresses is
   forbidden, connects to the checked address itself (TLS still verifies and sends SNI for the
   name) and checks the peer address of the opened socket again. So a name that resolves to
   ``127.0.0.1`` (``localhost``, ``metadata.google.internal`` on a cloud host, a rebinding
   DNS server) is refused at the address actually connected to: there is no gap between the
   check and the connection. Every request through the transport goes through it: first
   requests, each redirect hop, robots.txt, feed discovery, full-text pages and webhooks.

Forbidden (:func:`forbidden_reason`): every address that is not globally routable by the IANA
special-purpose registries (Python's :attr:`ipaddress.IPv4Address.is_global`), which covers
loopback (127/8, ::1), RFC 1918 private networks, CGNAT shared space (100.64/10), link-local
(169.254/16, fe80::/10), unique-local (fc00::/7), unspecified (0.0.0.0, ::), documentation and
benchmarking ranges and reserved space (240/4, 255.255.255.255); plus multicast (224/4,
ff00::/8), and the IPv6 forms that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``,
IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo) when the
IPv4 address inside is forbidden.

The refusal is :class:`ForbiddenAddress`, which the fetcher reports as
``E_FETCH_FORBIDDEN_ADDRESS`` naming the URL and the address.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

#: the error code of a refused address (see ``docs/errors.md``)
CODE = "E_FETCH_FORBIDDEN_ADDRESS"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_V4_COMPATIBLE = ipaddress.ip_network("::/96")


class ForbiddenAddress(Exception):
    """A connection refused by the guard: ``host`` as written in the URL, ``address`` the
    address it is or resolves to, ``why`` the kind of address (``"loopback"``...)."""

    def __init__(self, host: str, address: str, why: str) -> None:
        self.host = host
        self.address = address
        self.why = why
        shown = host if host == address else f"{host} ({address})"
        super().__init__(f"{shown} is a {why} address; private networks are not fetched "
                         "unless allowed (--allow-private or MAWSUA_ALLOW_PRIVATE_NETWORKS=1)")


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _V4_COMPATIBLE and int(ip) > 1:  # ::a.b.c.d (deprecated), not :: or ::1
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def forbidden_reason(ip: IPAddress) -> str | None:
    """Why a connection to ``ip`` is refused (``"loopback"``, ``"private"``, ``"CGNAT"``,
    ``"link-local"``, ``"unique-local"``, ``"multicast"``, ``"unspecified"``, ``"reserved"``,
    ``"non-public"``), or ``None`` when it is a public address. IPv6 forms carrying an IPv4
    address are judged by that address (``"loopback (IPv4 127.0.0.1 inside IPv6)"``)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
        inner = _embedded_v4(ip)
        if inner is not None:
            why = forbidden_reason(inner)
            if why is not None:
                return f"{why} (IPv4 {inner} inside IPv6)"
            if ip.ipv4_mapped is not None:
                return None  # ::ffff:8.8.8.8 is 8.8.8.8
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "CGNAT (shared address space)"
    if isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("fc00::/7"):
        return "unique-local"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local (deprecated)"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"
    return None


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` spells when it is an IP literal in any form the C library's
    resolver accepts (so the one a connection would reach), else ``None`` (a name).

    ``[::1]`` and ``::ffff:10.0.0.1`` are IPv6; dotted, short (``127.1``, ``10.1``), decimal
    (``2130706433``), hex (``0x7f000001``, ``0x0a.0.0.1``) and octal (``0177.0.0.1``) forms are
    IPv4, read by ``inet_aton`` exactly as ``getaddrinfo`` reads them.
    """
    h = host.strip().rstrip(".").lower()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    try:
        return ipaddress.ip_address(h.split("%", 1)[0])
    except ValueError:
        pass
    if not h or any(c not in "0123456789abcdefx." for c in h) or not h[0].isdigit():
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(h))
    except OSError:
        return None


def check_literal(host: str, *, allow_private: bool) -> None:
    """Refuse an IP-literal ``host`` that is forbidden (nothing resolved, nothing sent).

    Raises:
        ForbiddenAddress: when ``host`` spells a forbidden address and private networks are not
            allowed.
    """
    if allow_private:
        return
    ip = literal_address(host)
    if ip is not None:
        why = forbidden_reason(ip)
        if why is not None:
            raise ForbiddenAddress(host, str(ip), why)


def check_url(url: str, *, allow_private: bool) -> None:
    """:func:`check_literal` on the host of ``url`` (a URL without a host passes: the fetcher
    reports it as invalid).

    Raises:
        ForbiddenAddress: see :func:`check_literal`.
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return
    if host:
        check_literal(host, allow_private=allow_private)


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address of ``host`` for a TCP connection, in the resolver's order.

    Raises:
        OSError: ``socket.gaierror`` when the name does not resolve.
    """
    seen: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM):
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in seen:
            seen.append(ip)
    return seen


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's synchronous network backend with the guard on every TCP connection (see
    the module docstring). With ``allow_private`` it only connects, as httpcore does."""

    def __init__(self, *, allow_private: bool = False) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        """Resolve ``host`` once, refuse it when any address is forbidden, connect to the
        first address that answers and check the socket's peer address.

        Raises:
            ForbiddenAddress: a forbidden address (resolved or connected to).
            httpcore.ConnectError: the name does not resolve, or no address answers.
            httpcore.ConnectTimeout: the connection timed out.
        """
        if self.allow_private:
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        check_literal(host, allow_private=False)
        try:
            addresses = resolve(host, port)
        except OSError as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
        for ip in addresses:
            why = forbidden_reason(ip)
            if why is not None:
                raise ForbiddenAddress(host, str(ip), why)
        last: Exception | None = None
        for ip in addresses:
            try:
                stream = super().connect_tcp(str(ip), port, timeout, local_address,
                                             socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
                continue
            self._check_peer(host, stream)
            return stream
        raise last or httpcore.ConnectError(f"no address for {host}")

    @staticmethod
    def _check_peer(host: str, stream: httpcore.NetworkStream) -> None:
        sock = stream.get_extra_info("socket")
        try:
            peer = sock.getpeername()[0] if sock is not None else None
        except OSError:
            peer = None
        if peer is None:
            return
        ip = ipaddress.ip_address(str(peer).split("%", 1)[0])
        why = forbidden_reason(ip)
        if why is not None:
            stream.close()
            raise ForbiddenAddress(host, str(ip), why)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's HTTP transport whose connection pool uses :class:`GuardedBackend`."""

    def __init__(self, *, allow_private: bool = False, limits: httpx.Limits | None = None,
                 verify: bool = True) -> None:
        limits = limits or httpx.Limits(max_connections=64, max_keepalive_connections=32)
        super().__init__(limits=limits, verify=verify)
        self.allow_private = allow_private
        old = self._pool
        self._pool = httpcore.ConnectionPool(
            ssl_context=getattr(old, "_ssl_context", None),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allow_private=allow_private),
        )
        old.close()


def guarded_transport(*, allow_private: bool = False,
                      limits: httpx.Limits | None = None) -> GuardedTransport:
    """An httpx transport that refuses forbidden addresses on every connection (see the
    module docstring); ``allow_private`` turns the guard off (the operator's choice)."""
    return GuardedTransport(allow_private=allow_private, limits=limits)
