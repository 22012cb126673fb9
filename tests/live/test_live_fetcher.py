"""The polite fetcher's rules, one by one, over an httpx mock transport (no socket): Retry-After,
retries with backoff, conditional GET, redirects, robots.txt, the User-Agent, charsets."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from localsite import CORPUS, corpus_articles

from mawsua.sources.http import (
    USER_AGENT,
    Fetched,
    Fetcher,
    FetchFailed,
    FetchPolicy,
    declared_charset,
    decode_body,
    parse_retry_after,
)

POLICY = FetchPolicy(timeout_s=1.0, retries=2, backoff_s=0.001, max_retry_wait_s=0.05,
                     host_delay_s=0.0, host_concurrency=4)


def _fetcher(handler: Callable[[httpx.Request], httpx.Response],
             policy: FetchPolicy = POLICY) -> Fetcher:
    return Fetcher(policy, None, transport=httpx.MockTransport(handler))


def _robots_ok(request: httpx.Request) -> httpx.Response | None:
    if request.url.path == "/robots.txt":
        return httpx.Response(404)
    return None


def test_retry_after_is_waited_out_when_short_then_succeeds() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "0"})
        return httpx.Response(200, content=b"<rss/>")

    with _fetcher(handler) as f:
        got = f.fetch("http://news.test/feed")
    assert isinstance(got, Fetched) and got.status == 200 and len(calls) == 2


def test_a_long_retry_after_is_reported_not_slept() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return _robots_ok(request) or httpx.Response(503, headers={"Retry-After": "3600"})

    with _fetcher(handler) as f:
        got = f.fetch("http://news.test/feed")
    assert isinstance(got, FetchFailed) and got.code == "E_FETCH_RATE_LIMITED"
    assert got.retry_after_s == 3600 and got.status == 503


def test_transient_errors_are_retried_then_reported() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        calls.append(1)
        return httpx.Response(502)

    with _fetcher(handler) as f:
        got = f.fetch("http://news.test/feed")
    assert isinstance(got, FetchFailed) and got.code == "E_FETCH_HTTP" and got.status == 502
    assert len(calls) == POLICY.retries + 1


def test_a_404_is_not_retried() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        calls.append(1)
        return httpx.Response(404)

    with _fetcher(handler) as f:
        got = f.fetch("http://news.test/gone")
    assert isinstance(got, FetchFailed) and got.code == "E_FETCH_HTTP" and len(calls) == 1


def test_network_errors_are_retried_then_coded() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        calls.append(1)
        raise httpx.ConnectError("connection refused", request=request)

    with _fetcher(handler) as f:
        got = f.fetch("http://news.test/feed")
    assert isinstance(got, FetchFailed) and got.code == "E_FETCH_NETWORK" and len(calls) == 3


def test_conditional_get_sends_validators_and_user_agent() -> None:
    seen: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        seen.update(request.headers)
        return httpx.Response(304)

    with _fetcher(handler) as f:
        got = f.fetch("http://news.test/feed", etag='"abc"',
                      last_modified="Sun, 25 Jul 2021 15:00:00 GMT")
    assert isinstance(got, Fetched) and got.not_modified and got.body == b""
    assert seen["if-none-match"] == '"abc"'
    assert seen["if-modified-since"] == "Sun, 25 Jul 2021 15:00:00 GMT"
    assert seen["user-agent"] == USER_AGENT and "Mawsua" in USER_AGENT
    assert "br" in seen["accept-encoding"] and "gzip" in seen["accept-encoding"]


def test_redirects_are_followed_up_to_the_limit() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        n = int(request.url.path.strip("/") or 0)
        if n < 10:
            return httpx.Response(301, headers={"Location": f"/{n + 1}"})
        return httpx.Response(200, content=b"ok")

    with _fetcher(handler) as f:
        far = f.fetch("http://news.test/0")
        near = f.fetch("http://news.test/7")
    assert isinstance(far, FetchFailed) and far.code == "E_FETCH_REDIRECTS"
    assert isinstance(near, Fetched) and near.final_url == "http://news.test/10"


def test_robots_txt_is_honoured_and_cached() -> None:
    robots_calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            robots_calls.append(1)
            return httpx.Response(200, text="User-agent: Mawsua\nDisallow: /no/\n\n"
                                  "User-agent: *\nDisallow: /\n")
        return httpx.Response(200, content=b"page")

    with _fetcher(handler) as f:
        assert isinstance(f.fetch("http://news.test/yes/1"), Fetched)
        blocked = f.fetch("http://news.test/no/2")
        assert isinstance(f.fetch("http://news.test/yes/3"), Fetched)
    assert isinstance(blocked, FetchFailed) and blocked.code == "E_ROBOTS_DISALLOWED"
    assert "robots.txt" in blocked.reason
    assert len(robots_calls) == 1


def test_an_unreachable_robots_txt_disallows_everything() -> None:
    pages = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(500)
        pages.append(request.url.path)
        return httpx.Response(200, content=b"page")

    with _fetcher(handler, FetchPolicy(retries=0, host_delay_s=0)) as f:
        got = f.fetch("http://news.test/a")
    # not fetched while robots.txt is unknown, but reported as the server's failure (a 5xx,
    # retried later), never as a refusal by the site
    assert isinstance(got, FetchFailed) and got.code == "E_FETCH_HTTP" and got.status == 500
    assert "robots.txt of http://news.test unreachable (HTTP 500" in got.reason
    assert pages == []


def test_a_declared_content_length_over_the_limit_is_not_read() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        return httpx.Response(200, content=b"x" * 5000)

    policy = FetchPolicy(max_bytes=1000, host_delay_s=0)
    with _fetcher(handler, policy) as f:
        got = f.fetch("http://news.test/big")
    assert isinstance(got, FetchFailed) and got.code == "E_TOO_LARGE" and "1,000" in got.reason


def test_not_http_is_a_source_error() -> None:
    with _fetcher(lambda r: httpx.Response(200)) as f:
        got = f.fetch("ftp://news.test/feed")
    assert isinstance(got, FetchFailed) and got.code == "E_SOURCE"


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2021, 7, 25, 18, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now) == pytest.approx(90)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


#: a real headline of the corpus (cp1256 can encode it)
ARABIC = corpus_articles(1, skip=5)[0]["title"] if CORPUS.exists() else "الفقر أحد أسباب تأخر النمو"


def test_charset_from_header_then_xml_declaration_then_meta() -> None:
    body = ARABIC.encode("cp1256")
    assert declared_charset(body, {"content-type": "text/xml; charset=windows-1256"}) == \
        ("windows-1256", "http")
    xml = b'<?xml version="1.0" encoding="windows-1256"?><rss>' + body + b"</rss>"
    assert declared_charset(xml, {"content-type": "application/rss+xml"}) == \
        ("windows-1256", "xml")
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">' \
        b"</head><body>" + body + b"</body></html>"
    assert declared_charset(page, {}) == ("windows-1256", "meta")
    text, enc = decode_body(page, {})
    assert ARABIC in text and enc == "cp1256"
    text, enc = decode_body(xml, {"content-type": "text/xml"})
    assert ARABIC in text and enc == "cp1256"


def test_utf16_bodies_are_decoded() -> None:
    xml = '<?xml version="1.0" encoding="utf-16"?><rss><title>' + ARABIC + "</title></rss>"
    for data in (codecs.BOM_UTF16_LE + xml.encode("utf-16-le"), xml.encode("utf-16-le")):
        text, enc = decode_body(data, {"content-type": "application/xml"})
        assert ARABIC in text and enc.startswith("utf-16")


def test_a_response_that_cannot_be_archived_is_not_handed_back(tmp_path) -> None:  # noqa: ANN001
    from mawsua.sources.warc import WarcArchive

    class FullDisk(WarcArchive):
        def write(self, ex):  # noqa: ANN001, ANN202
            raise OSError(28, "No space left on device")

    def handler(request: httpx.Request) -> httpx.Response:
        return _robots_ok(request) or httpx.Response(200, content=b"<rss/>")

    with FullDisk(tmp_path) as arc, Fetcher(POLICY, arc,
                                            transport=httpx.MockTransport(handler)) as f:
        got = f.fetch("http://news.test/feed")
    assert isinstance(got, FetchFailed) and got.code == "E_ARCHIVE"
    assert "No space left" in got.reason


def test_network_and_dns_failures_of_robots_txt_keep_their_code() -> None:
    # user test: a refused connection or an unknown host was reported as
    # E_ROBOTS_DISALLOWED "robots.txt of ... disallows"
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    def unknown_host(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    for handler, words in ((refused, "Connection refused"), (unknown_host, "not known")):
        with _fetcher(handler, FetchPolicy(retries=0, host_delay_s=0)) as f:
            got = f.fetch("http://news.test/feed.xml")
        assert isinstance(got, FetchFailed) and got.code == "E_FETCH_NETWORK", got
        assert got.reason.startswith("robots.txt of http://news.test unreachable (")
        assert words in got.reason and "disallows" not in got.reason


def test_iris_are_fetched_and_archived_as_uris(tmp_path) -> None:  # noqa: ANN001
    # user test: an Arabic link (or IDN host) failed the whole feed with a UnicodeEncodeError
    # from warcio after a successful fetch
    from mawsua.sources.warc import WarcArchive, iter_archive

    asked = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append((request.url.raw_host.decode("ascii"), request.url.raw_path.decode("ascii")))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/ar/قديم.html":
            return httpx.Response(301, headers={"Location": "/ar/جديد.html".encode()})
        return httpx.Response(200, content="صفحة".encode(),
                              headers={"Content-Type": "text/html; charset=utf-8"})

    iri = "http://أخبار.example/ar/أخبار/خبر-عاجل.html?q=عاجل&x=%D8%A7"
    with WarcArchive(tmp_path / "arc") as arc, \
            Fetcher(POLICY, arc, transport=httpx.MockTransport(handler)) as f:
        got = f.fetch(iri)
        moved = f.fetch("http://news.test/ar/قديم.html")
    assert isinstance(got, Fetched) and got.status == 200, got
    host = "xn--igbicxr.example"  # IDNA 2008 (the idna package) agrees
    assert got.url == iri
    assert got.final_url == (f"http://{host}/ar/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/"
                             "%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84.html"
                             "?q=%D8%B9%D8%A7%D8%AC%D9%84&x=%D8%A7")  # %D8%A7 kept as it was
    assert (host, got.final_url.split(host, 1)[1]) in asked
    assert isinstance(moved, Fetched) and moved.final_url == \
        "http://news.test/ar/%D8%AC%D8%AF%D9%8A%D8%AF.html"
    archived = {r.url for r in iter_archive(tmp_path / "arc")}
    assert got.final_url in archived and moved.final_url in archived


def test_malformed_urls_are_source_errors_not_exceptions() -> None:
    with _fetcher(lambda r: httpx.Response(200)) as f:
        for bad in ("http://[::1", "http://news.test:99999/x", "http://news.test:port/x"):
            got = f.fetch(bad)
            assert isinstance(got, FetchFailed) and got.code == "E_SOURCE", (bad, got)
            assert got.url == bad and "malformed URL" in got.reason


def test_a_compressed_body_over_the_limit_names_both_sizes() -> None:
    import gzip

    packed = gzip.compress(b"<p>" + b"x" * 50_000 + b"</p>")

    def handler(request: httpx.Request) -> httpx.Response:
        if (r := _robots_ok(request)) is not None:
            return r
        return httpx.Response(200, content=packed, headers={"Content-Encoding": "gzip"})

    with _fetcher(handler, FetchPolicy(max_bytes=10_000, host_delay_s=0)) as f:
        got = f.fetch("http://news.test/big")
    assert isinstance(got, FetchFailed) and got.code == "E_TOO_LARGE"
    assert got.reason == (f"decoded body larger than 10,000 bytes (Content-Encoding gzip, "
                          f"{len(packed):,} bytes compressed)")
