"""The SSRF guard (issue 16): no fetch reaches a loopback, private or other non-public address
unless the operator allows it.

No test here sends a packet anywhere but 127.0.0.1: every TCP connection the fetcher opens
goes through :class:`Spy`, which records it and connects only to this test's own loopback
server (a "public" test address is routed there); anything else is recorded and refused
without a packet. Names are resolved by a fake resolver (``localhost`` by the real one, from
``/etc/hosts``). ``MAWSUA_ALLOW_PRIVATE_NETWORKS`` is unset for every test.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpcore
import pytest

from mawsua.sources import guard
from mawsua.sources.http import Fetched, Fetcher, FetchFailed, FetchPolicy

#: a public test address (TEST-NET would be "non-public"): routed to the loopback server
PUBLIC = "93.184.216.34"
FAST = FetchPolicy(timeout_s=2, retries=0, host_delay_s=0, backoff_s=0)

#: the targets of issue 16 that `sources add` accepted (host -> expected refusal)
TARGETS = [
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://172.16.0.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://167772161/",
    "http://0x0a.0.0.1/",
    "http://10.1/",
    "http://localhost/",
    "http://localhost:8080/feed.xml",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://255.255.255.255/",
    "http://rebind.test/",  # a name resolving to 127.0.0.1 (fake resolver)
    "https://10.0.0.1/feed",
]

#: what the fake resolver answers (other names do not resolve)
FAKE_DNS = {
    "metadata.google.internal": ["169.254.169.254"],
    "rebind.test": ["127.0.0.1"],
    "news.test": [PUBLIC],
    "mixed.test": [PUBLIC, "10.0.0.7"],
}


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def do_GET(self) -> None:  # noqa: N802
        status, headers, body = self.routes.get(self.path, (404, {}, b"no"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[tuple[int, dict[str, tuple[int, dict[str, str], bytes]]]]:
    """A loopback HTTP server: ``(port, routes)``."""
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")}
    handler = type("H", (_Handler,), {"routes": routes})
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield srv.server_address[1], routes
    finally:
        srv.shutdown()
        srv.server_close()


class Spy:
    """Records every TCP connection the guarded backend opens; connects only to loopback
    (``route_public``: :data:`PUBLIC` goes to the loopback server; ``hide_peer``: the stream
    does not show its socket, as if it were that public host)."""

    def __init__(self, port: int | None = None, *, hide_peer: bool = True) -> None:
        self.port = port
        self.hide_peer = hide_peer
        self.connected: list[tuple[str, int]] = []
        self._real = httpcore.SyncBackend.connect_tcp

    def connect_tcp(self, backend: Any, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> Any:
        self.connected.append((host, port))
        if host == PUBLIC and self.port is not None:
            stream = self._real(backend, "127.0.0.1", self.port, timeout, local_address,
                                socket_options)
            return _NoPeer(stream) if self.hide_peer else stream
        if host == "127.0.0.1" and port == self.port:
            return self._real(backend, host, port, timeout, local_address, socket_options)
        raise httpcore.ConnectError(f"test: no packet is sent to {host}:{port}")


class _NoPeer:
    def __init__(self, stream: Any) -> None:
        self._s = stream

    def get_extra_info(self, info: str) -> Any:
        return None if info == "socket" else self._s.get_extra_info(info)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._s, name)


def _fake_getaddrinfo(real: Any) -> Any:
    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in FAKE_DNS:
            out = []
            for a in FAKE_DNS[name]:
                fam = socket.AF_INET6 if ":" in a else socket.AF_INET
                out.append((fam, socket.SOCK_STREAM, 6, "", (a, port)))
            return out
        if name == "localhost" or guard.literal_address(name) is not None:
            return real(host, port, *args, **kwargs)  # /etc/hosts or a literal: no packet
        raise socket.gaierror(socket.EAI_NONAME, "test resolver: unknown name")
    return fake


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch, server: Any) -> Spy:
    """No setting, the fake resolver, and the recording backend."""
    monkeypatch.delenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", raising=False)
    monkeypatch.setattr(guard.socket, "getaddrinfo", _fake_getaddrinfo(socket.getaddrinfo))
    s = Spy(server[0])
    _install(monkeypatch, s)
    return s


def _install(monkeypatch: pytest.MonkeyPatch, s: Spy) -> None:
    def connect_tcp(backend: Any, *args: Any, **kwargs: Any) -> Any:
        return s.connect_tcp(backend, *args, **kwargs)
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)


def _contacted_non_loopback(spy: Spy) -> list[tuple[str, int]]:
    return [(h, p) for h, p in spy.connected
            if h != PUBLIC and not ipaddress.ip_address(h).is_loopback]


@pytest.mark.parametrize("url", TARGETS)
def test_every_target_is_refused_and_never_contacted(spy: Spy, url: str) -> None:
    with Fetcher(FAST) as f:
        got = f.fetch(url)
    assert isinstance(got, FetchFailed), got
    assert got.code == "E_FETCH_FORBIDDEN_ADDRESS", got
    assert url in got.reason or got.url == url
    assert spy.connected == [], "a forbidden address was connected to"


def test_the_table_of_issue_16(spy: Spy) -> None:
    """The whole table at once: target -> refused/allowed (all refused), nothing contacted;
    a public name through the same guard is allowed (and served by the loopback server)."""
    table = {}
    with Fetcher(FAST) as f:
        for url in TARGETS:
            got = f.fetch(url)
            table[url] = "refused" if isinstance(got, FetchFailed) and \
                got.code == "E_FETCH_FORBIDDEN_ADDRESS" else "allowed"
        ok = f.fetch("http://news.test/robots.txt")
    print("\n" + "\n".join(f"{u} -> {v}" for u, v in table.items()))
    assert set(table.values()) == {"refused"}, table
    assert isinstance(ok, Fetched) and ok.status == 200
    assert _contacted_non_loopback(spy) == []
    assert (PUBLIC, 80) in spy.connected  # connected to the checked address, not the name


def test_the_reason_names_url_and_address(spy: Spy) -> None:
    with Fetcher(FAST) as f:
        got = f.fetch("http://2130706433/feed.xml")
        meta = f.fetch("http://metadata.google.internal/computeMetadata/v1/")
    assert isinstance(got, FetchFailed) and isinstance(meta, FetchFailed)
    assert "http://2130706433/feed.xml" in got.reason and "127.0.0.1" in got.reason
    assert "loopback" in got.reason
    assert "169.254.169.254" in meta.reason and "link-local" in meta.reason


def test_a_redirect_to_a_private_address_is_refused_at_the_hop(spy: Spy, server: Any) -> None:
    _port, routes = server
    for path, target in (("/r1", "http://10.0.0.1/feed.xml"),
                         ("/r2", "http://localhost/admin"),
                         ("/r3", "http://2130706433/"),
                         ("/r4", "http://rebind.test/x")):
        routes[path] = (302, {"Location": target}, b"")
    routes["/ok"] = (200, {"Content-Type": "text/plain"}, b"fine")
    with Fetcher(FAST) as f:
        assert isinstance(f.fetch("http://news.test/ok"), Fetched)
        for path in ("/r1", "/r2", "/r3", "/r4"):
            got = f.fetch("http://news.test" + path)
            assert isinstance(got, FetchFailed), path
            assert got.code == "E_FETCH_FORBIDDEN_ADDRESS", (path, got)
    assert _contacted_non_loopback(spy) == []


def test_a_name_with_one_forbidden_address_is_refused(spy: Spy) -> None:
    with Fetcher(FAST) as f:
        got = f.fetch("http://mixed.test/")
    assert isinstance(got, FetchFailed) and got.code == "E_FETCH_FORBIDDEN_ADDRESS"
    assert "10.0.0.7" in got.reason
    assert spy.connected == []


def test_the_peer_address_is_checked_after_connecting(monkeypatch: pytest.MonkeyPatch,
                                                      server: Any) -> None:
    """DNS said public, the socket is connected to 127.0.0.1 (a rebinding resolver, a
    transparent redirect): the peer check refuses before a byte is sent."""
    monkeypatch.delenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", raising=False)
    monkeypatch.setattr(guard.socket, "getaddrinfo", _fake_getaddrinfo(socket.getaddrinfo))
    s = Spy(server[0], hide_peer=False)
    _install(monkeypatch, s)
    _port, routes = server
    routes["/secret"] = (200, {}, b"secret")
    with Fetcher(FetchPolicy(timeout_s=2, retries=0, host_delay_s=0, robots=False)) as f:
        got = f.fetch("http://news.test/secret")
    assert isinstance(got, FetchFailed) and got.code == "E_FETCH_FORBIDDEN_ADDRESS"
    assert "127.0.0.1" in got.reason


def test_allowed_by_the_operator(monkeypatch: pytest.MonkeyPatch, server: Any) -> None:
    """With ``allow_private`` (``--allow-private``) or the setting, loopback is fetched."""
    port, routes = server
    routes["/feed"] = (200, {"Content-Type": "text/plain"}, b"hello")
    monkeypatch.delenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", raising=False)
    url = f"http://127.0.0.1:{port}/feed"
    with Fetcher(FetchPolicy(timeout_s=2, retries=0, host_delay_s=0)) as f:
        assert isinstance(f.fetch(url), FetchFailed)
    with Fetcher(FetchPolicy(timeout_s=2, retries=0, host_delay_s=0, allow_private=True)) as f:
        got = f.fetch(url)
        assert isinstance(got, Fetched) and got.body == b"hello"
    monkeypatch.setenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", "1")
    with Fetcher(FetchPolicy(timeout_s=2, retries=0, host_delay_s=0)) as f:
        assert isinstance(f.fetch(f"http://localhost:{port}/feed"), Fetched)
    # an explicit policy wins over the setting
    with Fetcher(FetchPolicy(timeout_s=2, retries=0, host_delay_s=0, allow_private=False)) as f:
        assert isinstance(f.fetch(url), FetchFailed)


@pytest.mark.parametrize(("host", "expected"), [
    ("127.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"),
    ("0x0a.0.0.1", "10.0.0.1"), ("10.1", "10.0.0.1"), ("167772161", "10.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"), ("[::ffff:10.0.0.1]", "::ffff:a00:1"),
    ("example.com", None), ("1e100.net", None), ("0xzz", None), ("deadbeef", None),
])
def test_literal_spellings(host: str, expected: str | None) -> None:
    ip = guard.literal_address(host)
    assert (str(ip) if ip is not None else None) == expected


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2606:4700:4700::1111", True), ("::ffff:8.8.8.8", True),
    ("100.64.0.1", False), ("100.127.255.255", False), ("100.128.0.1", True),
    ("172.31.255.255", False), ("172.32.0.1", True), ("192.0.2.1", False),
    ("2002:a00:1::", False), ("::10.0.0.1", False), ("fec0::1", False),
])
def test_address_classes(address: str, public: bool) -> None:
    assert (guard.forbidden_reason(ipaddress.ip_address(address)) is None) is public


def test_sources_add_refuses(spy: Spy, tmp_path: Any) -> None:
    """`sources add` (any kind) refuses IP literals; with --kind auto the probe's guard
    refuses names; --allow-private lets the operator add them."""
    from typer.testing import CliRunner

    from mawsua.app.queries import open_store
    from mawsua.app.sources import add_source
    from mawsua.cli.main import app
    from mawsua.errors import MawsuaError

    db = tmp_path / "m.db"
    with open_store(db) as store:
        for url, kind in (("http://10.0.0.1/feed.xml", "feed"), ("http://127.1/", "auto"),
                          ("http://[::ffff:192.168.1.1]/", "site"),
                          ("http://rebind.test/feed", "auto"),
                          ("http://metadata.google.internal/", "auto")):
            with pytest.raises(MawsuaError) as e:
                add_source(store, url, kind=kind, archive=tmp_path / "arc",
                           policy=FetchPolicy(timeout_s=2, retries=0, host_delay_s=0))
            assert e.value.code == "E_FETCH_FORBIDDEN_ADDRESS", (url, e.value)
        added = add_source(store, "http://10.0.0.1/feed.xml", kind="feed",
                           policy=FetchPolicy(allow_private=True))
        assert added.added
    res = CliRunner().invoke(app, ["sources", "add", "http://2130706433/", "--kind", "feed",
                                   "--db", str(db)])
    assert res.exit_code == 1 and "E_FETCH_FORBIDDEN_ADDRESS" in res.output
    res = CliRunner().invoke(app, ["sources", "add", "http://2130706433/", "--kind", "feed",
                                   "--allow-private", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert _contacted_non_loopback(spy) == []


def test_tls_is_verified_for_the_name_while_connecting_to_the_checked_address(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """HTTPS through the guard: the socket goes to the address checked (never a second
    lookup), and the certificate is still verified against the URL's name (SNI)."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=news.test",
                    "-addext", "subjectAltName=DNS:news.test"], check=True,
                   capture_output=True)

    class H(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"tls ok")

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    try:
        monkeypatch.delenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", raising=False)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        monkeypatch.setattr(guard.socket, "getaddrinfo", _fake_getaddrinfo(socket.getaddrinfo))
        s = Spy(srv.server_address[1])
        real = s._real

        def to_loopback(backend: Any, host: str, port: int, *a: Any, **k: Any) -> Any:
            s.connected.append((host, port))
            assert host == PUBLIC  # the checked address, not the name
            return _NoPeer(real(backend, "127.0.0.1", srv.server_address[1], *a, **k))

        monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", to_loopback)
        policy = FetchPolicy(timeout_s=3, retries=0, host_delay_s=0, robots=False)
        with Fetcher(policy) as f:
            got = f.fetch("https://news.test/x")
        assert isinstance(got, Fetched) and got.body == b"tls ok", got
        assert s.connected == [(PUBLIC, 443)]
        monkeypatch.setitem(FAKE_DNS, "other.test", [PUBLIC])
        with Fetcher(policy) as f:  # same address, another name: the certificate does not fit
            bad = f.fetch("https://other.test/x")
        assert isinstance(bad, FetchFailed) and bad.code == "E_FETCH_NETWORK"
    finally:
        srv.shutdown()
        srv.server_close()
