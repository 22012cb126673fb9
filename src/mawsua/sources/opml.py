"""OPML subscription lists: read any OPML 1.0/2.0 file (defusedxml), write OPML 2.0.

Reading takes every ``<outline>`` with an ``xmlUrl`` (a feed) or, failing that, an ``htmlUrl``
with ``type="link"``-less outlines ignored; the section of a feed is its own ``category``
attribute, else the ``text``/``title`` of the outline folder it sits in (how Miniflux and
FreshRSS export categories). Writing follows the OPML 2.0 specification (opml.org/spec2):
``<opml version="2.0">``, a ``<head>`` with ``title`` and ``dateCreated`` (RFC 822), one
``<outline type="rss" text title xmlUrl htmlUrl category>`` per feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml import ElementTree as SafeET

from mawsua.errors import MawsuaError

#: Deepest nesting of outline folders read.
MAX_OUTLINE_DEPTH = 64


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: ``url`` (the feed, or the site for a site source), ``title``,
    ``section`` (category), ``site_url`` (``htmlUrl``)."""

    url: str
    title: str | None = None
    section: str | None = None
    site_url: str | None = None


def read_opml(data: bytes, where: str) -> list[OpmlFeed]:
    """The subscriptions of an OPML document, in document order.

    Raises:
        MawsuaError: ``E_OPML`` naming ``where`` when the bytes are not well-formed XML, are
            not OPML, contain entity tricks (defusedxml refuses them), nest outlines more than
            :data:`MAX_OUTLINE_DEPTH` deep, or hold no feed URL.
    """
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise MawsuaError("E_OPML", refusal_reason(exc), where) from None
    except Exception as exc:  # noqa: BLE001 - ParseError and anything else expat raises
        raise MawsuaError("E_OPML", f"not well-formed XML: {exc}", where) from None
    if root.tag.lower() != "opml":
        raise MawsuaError("E_OPML", f"root element is <{root.tag}>, not <opml>", where)
    body = root.find("body")
    if body is None:
        raise MawsuaError("E_OPML", "no <body>", where)
    out: list[OpmlFeed] = []
    # iterative depth-first walk in document order (folders may nest thousands deep in a
    # hostile file): (outline, folder it sits in, depth)
    stack: list[tuple[Element, str | None, int]] = [
        (c, None, 1) for c in reversed(list(body)) if c.tag == "outline"]
    while stack:
        child, folder, depth = stack.pop()
        if depth > MAX_OUTLINE_DEPTH:
            raise MawsuaError("E_OPML", f"outlines nested more than {MAX_OUTLINE_DEPTH} "
                              "levels deep", where)
        url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
        label = (child.get("text") or child.get("title") or "").strip() or None
        if url:
            section = (child.get("category") or "").strip().strip("/") or folder
            out.append(OpmlFeed(url, label, section,
                                (child.get("htmlUrl") or "").strip() or None))
        inner = label if not url else folder
        stack.extend((c, inner, depth + 1) for c in reversed(list(child)) if c.tag == "outline")
    if not out:
        raise MawsuaError("E_OPML", "no <outline> with an xmlUrl", where)
    return out


def refusal_reason(exc: DefusedXmlException) -> str:
    """A sentence saying why defusedxml refused a document (its exceptions print as object
    reprs): an entity declaration (possible entity expansion, "billion laughs"), an external
    reference (possible file or network read), a DTD, or another unsafe construct."""
    if isinstance(exc, EntitiesForbidden):
        kind = "an external entity" if exc.sysid or exc.pubid else "an entity"
        return (f"refused: the file declares {kind} (<!ENTITY {exc.name}>), which could expand "
                "or read other files; an OPML subscription list never needs entity "
                "declarations")
    if isinstance(exc, ExternalReferenceForbidden):
        return (f"refused: the file refers to an external resource ({exc.sysid or exc.pubid}), "
                "which is never fetched")
    if isinstance(exc, DTDForbidden):
        return "refused: the file has a document type declaration (DTD), which is not read"
    return f"refused: the file uses an XML feature that is not read ({type(exc).__name__})"


def write_opml(feeds: list[OpmlFeed], title: str = "Mawsua sources",
               now: datetime | None = None) -> bytes:
    """An OPML 2.0 document (UTF-8 bytes with an XML declaration) listing ``feeds``."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC), usegmt=True)
    body = SubElement(root, "body")
    for f in feeds:
        attrs = {"type": "rss", "text": f.title or f.url, "title": f.title or f.url,
                 "xmlUrl": f.url}
        if f.site_url:
            attrs["htmlUrl"] = f.site_url
        if f.section:
            attrs["category"] = f.section
        SubElement(body, "outline", attrs)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8",
                                                                    xml_declaration=False) + b"\n"
