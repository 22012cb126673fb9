"""Finding a site's feed or sitemap, and reading sitemaps.

* :func:`discover_feeds`: RSS/Atom/JSON Feed autodiscovery from a home page's
  ``<link rel="alternate" type="application/rss+xml|atom+xml|feed+json|json" href>``
  (the RSS Advisory Board's autodiscovery spec and the WHATWG ``alternate`` link type).
* The ``Sitemap:`` lines of robots.txt are read by Protego, in
  :meth:`mawsua.sources.http.Fetcher.sitemaps`.
* :func:`read_sitemap`: a sitemaps.org ``<urlset>`` (page URLs with ``lastmod``) or
  ``<sitemapindex>`` (child sitemaps), parsed with defusedxml.
"""

from __future__ import annotations

import re

from defusedxml import ElementTree as SafeET

from mawsua.model.urls import join_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
              "application/json", "application/rdf+xml", "text/xml", "application/xml")

_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_BASE = re.compile(r"<base\b[^>]*\bhref\s*=\s*[\"']([^\"']+)", re.IGNORECASE)


def discover_feeds(page: str, base_url: str) -> list[str]:
    """Absolute feed URLs announced by an HTML page, in page order, without repeats."""
    head = page[:300_000]
    base = _BASE.search(head)
    root = (join_url(base_url, base.group(1)) if base else None) or base_url
    out: list[str] = []
    for tag in _LINK.findall(head):
        attrs = {k.lower(): v.strip("\"'").strip() for k, v in _ATTR.findall(tag)}
        rels = attrs.get("rel", "").lower().split()
        ctype = attrs.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and ctype in FEED_TYPES and attrs.get("href"):
            url = join_url(root, attrs["href"])
            if url is not None and url not in out:
                out.append(url)
    return out


def read_sitemap(data: bytes, base_url: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Read a sitemap.

    Returns:
        ``(pages, children)``: ``pages`` as ``(url, lastmod or None)`` for a ``<urlset>``,
        ``children`` the sitemap URLs of a ``<sitemapindex>``; both empty when the bytes are
        not a sitemap (never raises).
    """
    try:
        root = SafeET.fromstring(data)
    except Exception:  # noqa: BLE001 - not XML: not a sitemap
        return [], []
    tag = root.tag.rsplit("}", 1)[-1]
    pages: list[tuple[str, str | None]] = []
    children: list[str] = []
    for node in root:
        name = node.tag.rsplit("}", 1)[-1]
        loc = lastmod = None
        for sub in node:
            sub_name = sub.tag.rsplit("}", 1)[-1]
            if sub_name == "loc" and sub.text:
                loc = join_url(base_url, sub.text.strip())  # None: a malformed loc
            elif sub_name == "lastmod" and sub.text:
                lastmod = sub.text.strip()
        if loc is None:
            continue
        if tag == "urlset" and name == "url":
            pages.append((loc, lastmod))
        elif tag == "sitemapindex" and name == "sitemap":
            children.append(loc)
    return pages, children
