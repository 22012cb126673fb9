"""A local news site on 127.0.0.1 for the live-ingestion tests and bench: feeds and article
pages built from REAL corpus articles (../shared/corpus/articles.jsonl), never the internet.

``LocalSite`` is a threaded ``http.server`` whose routes are set by the test: status, headers,
body, a delay, an ETag/Last-Modified for conditional GET, gzip/br, or a long body streamed
without ``Content-Length``. ``hits`` counts requests per path.
"""

from __future__ import annotations

import gzip
import html
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "articles.jsonl"


@dataclass
class Route:
    """What one path answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    encode: str | None = None  # "gzip" or "br"
    stream_bytes: int = 0  # send this many bytes without Content-Length
    auth: str | None = None  # the Authorization value required (else 401)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site = self.server.site
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.hits[path] += 1
            site.requests.append((self.path, dict(self.headers.items())))
            route = site.routes.get(path)
        if route is None:
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.auth is not None and self.headers.get("Authorization") != route.auth:
            self._send(401, b"who are you?", {"WWW-Authenticate": 'Basic realm="feed"'})
            return
        if route.delay_s:
            time.sleep(route.delay_s)
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
            if self.headers.get("If-None-Match") == route.etag:
                self._send(304, b"", {"ETag": route.etag})
                return
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
            if self.headers.get("If-Modified-Since") == route.last_modified:
                self._send(304, b"", {"Last-Modified": route.last_modified})
                return
        if route.stream_bytes:
            self.send_response(route.status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<!-- padding -->" * 4096
            sent = 0
            try:
                while sent < route.stream_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            self.close_connection = True
            return
        body = route.body
        accept = self.headers.get("Accept-Encoding", "")
        if route.encode == "gzip" and "gzip" in accept:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        elif route.encode == "br" and "br" in accept:
            import brotli

            body = brotli.compress(body)
            headers["Content-Encoding"] = "br"
        self._send(route.status, body, headers)

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    site: LocalSite


class LocalSite:
    """A threaded HTTP server on 127.0.0.1 (a free port) serving :attr:`routes`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        #: every request: (path with query, headers)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.site = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       kwargs={"poll_interval": 0.05})
        self.thread.start()

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path``."""
        return self.base + path

    def add(self, path: str, **route: Any) -> str:
        """Serve ``path`` (see :class:`Route`); returns its URL."""
        with self.lock:
            self.routes[path] = Route(**route)
        return self.url(path)

    def close(self) -> None:
        """Stop the server."""
        self.server.shutdown()
        self.server.server_close()


# -- content from the corpus ----------------------------------------------------------------------


def corpus_articles(n: int, *, skip: int = 0, min_chars: int = 400,
                    max_chars: int = 6000) -> list[dict[str, Any]]:
    """``n`` Arabic corpus records with a title and ``min_chars..max_chars`` of text, after
    skipping the first ``skip`` such records."""
    out: list[dict[str, Any]] = []
    seen = 0
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("lang") != "ar" or not r.get("title"):
                continue
            if not (min_chars <= len(r["text"]) <= max_chars):
                continue
            seen += 1
            if seen <= skip:
                continue
            out.append(r)
            if len(out) == n:
                break
    return out


def article_page(rec: dict[str, Any], *, published: str | None = None,
                 charset: str = "utf-8") -> bytes:
    """A news page for a corpus record: navigation, the article (title and paragraphs), a
    footer; ``published`` as ``article:published_time`` when given."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    meta = (f'<meta property="article:published_time" content="{published}">'
            if published else "")
    title = html.escape(rec["title"])
    page = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{title}</title>{meta}</head>
<body><nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1>
{paras}
</article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""
    return page.encode(charset, "xmlcharrefreplace")


def rfc822(ts: float) -> str:
    """An RFC 822 date for a UTC POSIX time."""
    from datetime import UTC, datetime

    return format_datetime(datetime.fromtimestamp(ts, UTC), usegmt=True)


def rss(items: list[dict[str, Any]], *, title: str = "أخبار", encoding: str = "utf-8",
        declare: bool = True, ttl: int | None = None) -> bytes:
    """An RSS 2.0 document. Each item: ``title, link, guid, description, pubDate, category``
    (any may be missing). ``declare=False`` leaves the encoding out of the XML declaration."""
    decl = f'<?xml version="1.0" encoding="{encoding}"?>' if declare else '<?xml version="1.0"?>'
    parts = [decl, '<rss version="2.0"><channel>', f"<title>{html.escape(title)}</title>",
             "<link>http://127.0.0.1/</link><description>feed</description>"]
    if ttl is not None:
        parts.append(f"<ttl>{ttl}</ttl>")
    for it in items:
        parts.append("<item>")
        for k in ("title", "link", "guid", "pubDate", "category"):
            if it.get(k):
                parts.append(f"<{k}>{html.escape(it[k])}</{k}>")
        if it.get("description"):
            parts.append(f"<description>{html.escape(it['description'])}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding, "xmlcharrefreplace")


def atom(items: list[dict[str, Any]], *, title: str = "أخبار") -> bytes:
    """An Atom 1.0 document. Each item: ``title, link, id, updated, summary``."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">', f"<title>{html.escape(title)}</title>",
             "<id>urn:mawsua:test</id><updated>2021-07-25T18:00:00Z</updated>"]
    for it in items:
        parts.append("<entry>")
        parts.append(f"<title>{html.escape(it['title'])}</title>")
        parts.append(f'<link rel="alternate" href="{html.escape(it["link"])}"/>')
        parts.append(f"<id>{html.escape(it['id'])}</id><updated>{it['updated']}</updated>")
        if it.get("summary"):
            parts.append(f'<summary type="html">{html.escape(it["summary"])}</summary>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


def json_feed(items: list[dict[str, Any]], *, title: str = "أخبار") -> bytes:
    """A JSON Feed 1.1 document. Each item: ``id, url, title, summary, date_published``."""
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                       "items": items}, ensure_ascii=False).encode("utf-8")


def to_arabic_digits(s: str) -> str:
    """ASCII digits as Arabic-Indic digits."""
    return s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
