"""Managing sources: add (a feed, or a site whose feed is discovered), list, remove, enable,
OPML import and export, and the status the website shows. Thin shells (``mawsua sources``,
``/status``) call these.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mawsua.app.watch import transient
from mawsua.config import allow_private_networks
from mawsua.errors import Failed, MawsuaError
from mawsua.model.sources import SourceInfo
from mawsua.model.urls import Credentials, parse_http_url, redact, split_credentials
from mawsua.sources.discover import discover_feeds
from mawsua.sources.feeds import parse_feed
from mawsua.sources.guard import CODE as FORBIDDEN_CODE
from mawsua.sources.guard import ForbiddenAddress
from mawsua.sources.guard import check_url as guard_url
from mawsua.sources.http import Fetched, Fetcher, FetchPolicy, decode_body
from mawsua.sources.live import looks_like_sitemap
from mawsua.sources.opml import OpmlFeed, read_opml, write_opml
from mawsua.sources.warc import WarcArchive
from mawsua.store.postgres import is_url
from mawsua.store.sources import SourceRegistry
from mawsua.store.sqlite import SqliteStore

#: The archive folder's name, beside the database.
ARCHIVE_DIR = "mawsua-archive"
KINDS = ("auto", "feed", "site")


def default_archive(db_path: str | os.PathLike[str]) -> Path:
    """``mawsua-archive/`` in the folder of the database file (in the working folder for a
    PostgreSQL database)."""
    if is_url(db_path):
        return Path.cwd() / ARCHIVE_DIR
    return Path(db_path).resolve().parent / ARCHIVE_DIR


def check_url(url: str) -> str:
    """``url`` stripped and normalised (scheme and host lower-cased, default port dropped:
    :func:`mawsua.model.urls.parse_http_url`), when it is an absolute http(s) URL.

    Raises:
        MawsuaError: ``E_SOURCE`` naming the URL otherwise (malformed ones included, such as
            ``http://[::1``).
    """
    try:
        return parse_http_url(url)
    except ValueError as e:
        raise MawsuaError("E_SOURCE", str(e), url) from None


def check_section(section: str | None) -> str | None:
    """``section`` stripped (``None`` when empty), when it holds no control character.

    A section is written into WARC headers (``Mawsua-Section``) and shown on pages: a CR or LF
    in it (from ``--section`` or an OPML category) would inject headers.

    Raises:
        MawsuaError: ``E_SOURCE`` naming the section when it holds a control character.
    """
    if section is None:
        return None
    s = section.strip()
    bad = sorted({f"U+{ord(c):04X}" for c in s if unicodedata.category(c) in ("Cc", "Zl", "Zp")})
    if bad:
        raise MawsuaError("E_SOURCE", f"a section cannot hold control characters "
                          f"({', '.join(bad)})", repr(section))
    return s or None


@dataclass(frozen=True, slots=True)
class Added:
    """Result of :func:`add_source`: the source, whether it is new, and a note on what was
    found (``"feed (rss20)"``, ``"site; feed found: URL"``, a fetch problem...)."""

    source: SourceInfo
    added: bool
    note: str
    #: set when the source was added although its probe failed (``check=False``): what failed
    warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: the source's fields plus ``added``, ``note`` and ``warning`` (``None``
        unless it was added unchecked)."""
        return {**self.source.to_dict(), "added": self.added, "note": self.note,
                "warning": self.warning}


def _not_a_source(url: str, why: str) -> MawsuaError:
    return MawsuaError("E_SOURCE", f"not added: {why}; it is neither a feed nor a site (`--kind "
                       "feed` registers it anyway)", url)


#: what :func:`probe` notes when it could not reach the URL and ``check=False``
UNREACHABLE = "could not be reached"


def probe(url: str, fetcher: Fetcher, credentials: Credentials | None = None, *,
          check: bool = True) -> tuple[str, str | None, str]:
    """Fetch ``url`` once and say what it is: ``(kind, feed_url, note)`` where kind is
    ``"feed"`` or ``"site"``; a site's ``feed_url`` is its first autodiscovered feed (``None``:
    the sitemap is tried when it is polled).

    A fetch that failed for a reason that may pass (network, DNS, timeout, 5xx, 408/429) is
    refused as Miniflux refuses a feed it cannot fetch; with ``check=False`` it gives
    ``("feed", None, note)``, the note starting with :data:`UNREACHABLE` and giving the code
    and reason (``watch`` then keeps trying it).

    Raises:
        MawsuaError: with the fetch's own code (``E_FETCH_NETWORK``, ``E_FETCH_TIMEOUT``,
            ``E_FETCH_HTTP``, ``E_FETCH_RATE_LIMITED``...) when ``check`` and the URL could not
            be reached; ``E_SOURCE`` when the URL is certainly no source: a 4xx answer, a body
            that is not text (``E_BINARY``, ``E_DECODE``, ``E_EMPTY_FILE``), a robots.txt
            refusal or a redirect loop; ``E_FETCH_FORBIDDEN_ADDRESS`` when it (or a redirect)
            leads to a loopback or private address the fetcher may not reach.
    """
    got = fetcher.fetch(url, kind="probe", source=url, credentials=credentials)
    if not isinstance(got, Fetched) and got.code == FORBIDDEN_CODE:
        raise MawsuaError(FORBIDDEN_CODE, got.reason, url)
    if not isinstance(got, Fetched):
        # a failure that may go away by itself (as for a page: :func:`watch.transient`): the
        # URL is registered and `mawsua watch` tries it; any other means no feed or site
        if not transient(got):
            raise _not_a_source(url, f"{got.code}: {got.reason}")
        if check:
            raise MawsuaError(got.code, f"not added: {UNREACHABLE} ({got.reason}); check the "
                              "address, or add it anyway with --no-check and `mawsua watch` "
                              "will keep trying it", url)
        return "feed", None, (f"{UNREACHABLE} ({got.code}: {got.reason}); added unchecked "
                              "as a feed, `mawsua watch` will try it")
    if looks_like_sitemap(got.body):
        return "feed", None, "sitemap"
    parsed = parse_feed(got.body, got.headers, got.final_url)
    if not isinstance(parsed, Failed):
        warned = f"; {parsed.warning}" if parsed.warning else ""
        return "feed", None, f"feed ({parsed.kind}, {len(parsed.entries)} entries{warned})"
    try:
        text, _enc = decode_body(got.body, got.headers, where=url)
    except MawsuaError as e:
        raise _not_a_source(url, f"{e.code}: {e.reason}") from None
    feeds = discover_feeds(text, got.final_url)
    if feeds:
        return "site", feeds[0], f"site; feed found: {feeds[0]}"
    return "site", None, "site; no feed announced, its sitemap will be read"


def check_address(url: str, policy: FetchPolicy | None) -> None:
    """Refuse a source whose host is an IP literal (any spelling) of a loopback or private
    address, unless the policy (or the setting ``MAWSUA_ALLOW_PRIVATE_NETWORKS``) allows it.
    Names are checked when they are fetched (at the address connected to).

    Raises:
        MawsuaError: ``E_FETCH_FORBIDDEN_ADDRESS`` naming the URL and the address.
    """
    allow = policy.allow_private if policy is not None else None
    try:
        guard_url(url, allow_private=allow_private_networks() if allow is None else allow)
    except ForbiddenAddress as e:
        raise MawsuaError(FORBIDDEN_CODE, f"refused: {e}", url) from None


def add_source(store: SqliteStore, url: str, *, section: str | None = None, kind: str = "auto",
               archive: str | os.PathLike[str] | None = None,
               policy: FetchPolicy | None = None, check: bool = True) -> Added:
    """Register a source. With ``kind="auto"`` the URL is fetched once (politely, archived
    under ``archive``) to tell a feed from a site; a URL that cannot be reached is refused
    unless ``check=False`` (then it is added with :attr:`Added.warning` saying why; see
    :func:`probe`). ``kind="feed"``/``"site"`` registers without fetching. A loopback or
    private address is refused (:func:`check_address`, and the fetcher's guard for names)
    unless ``policy.allow_private`` or the setting allows it.

    Raises:
        MawsuaError: ``E_SOURCE`` for a URL that is not absolute http(s), a section with a
            control character (:func:`check_section`), an unknown kind, or
            (``kind="auto"``) a URL whose probe shows it is no feed or site (see :func:`probe`);
            ``E_FETCH_FORBIDDEN_ADDRESS`` for a loopback or private address; the fetch's
            code (``E_FETCH_NETWORK``...) for a URL that could not be reached, when ``check``.
    """
    url, credentials = split_credentials(check_url(url))  # kept apart from the URL
    check_address(url, policy)
    section = check_section(section)
    if kind not in KINDS:
        raise MawsuaError("E_SOURCE", f"kind must be one of {', '.join(KINDS)}", kind)
    registry = SourceRegistry(store)
    feed_url = None
    note = kind
    if kind == "auto":
        existing = registry.find(url)
        if existing is not None:
            return Added(existing, False, "already registered")
        with WarcArchive(archive or default_archive(store.path)) as arc, \
                Fetcher(policy, arc) as fetcher:
            kind, feed_url, note = probe(url, fetcher, Credentials.of(url, credentials),
                                        check=check)
    src, added = registry.add(url, kind, section=section, feed_url=feed_url,
                              credentials=credentials)
    warning = note if added and note.startswith(UNREACHABLE) else None
    return Added(src, added, note if added else "already registered", warning)


def list_sources(store: SqliteStore) -> list[SourceInfo]:
    """Every source with its fetch state (empty for a database without the sources table,
    such as one written by an older Mawsua and opened read-only)."""
    try:
        return SourceRegistry(store).list()
    except sqlite3.OperationalError:
        return []


def remove_source(store: SqliteStore, ref: str) -> SourceInfo:
    """Forget a source by URL or id (its articles stay).

    Raises:
        MawsuaError: ``E_SOURCE`` when there is no such source.
    """
    return SourceRegistry(store).remove(ref)


def enable_source(store: SqliteStore, ref: str) -> SourceInfo:
    """Enable a disabled source again (failure counters reset, due at once).

    Raises:
        MawsuaError: ``E_SOURCE`` when there is no such source.
    """
    return SourceRegistry(store).enable(ref)


def set_section(store: SqliteStore, ref: str, section: str | None) -> SourceInfo:
    """Set or clear (``None``/blank) the section of a source's new articles.

    Raises:
        MawsuaError: ``E_SOURCE`` when there is no such source or the section holds a
            control character.
    """
    return SourceRegistry(store).set_section(ref, check_section(section))


def import_opml(store: SqliteStore, path: str | os.PathLike[str], *,
                allow_private: bool | None = None) -> dict[str, Any]:
    """Register every feed of an OPML file (as feeds: no fetch), sections from categories.
    Loopback and private addresses are refused per feed (:func:`check_address`) unless
    ``allow_private`` (or, when ``None``, the setting) allows them.

    Returns:
        ``{"read", "added", "already", "sources": [urls added]}``.

    Raises:
        MawsuaError: ``E_NOT_FOUND`` when the file cannot be read, ``E_OPML`` when it is not
            OPML with feeds.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise MawsuaError("E_NOT_FOUND", f"cannot read: {e.strerror or e}", str(path)) from None
    return import_opml_bytes(store, data, str(path), allow_private=allow_private)


def import_opml_bytes(store: SqliteStore, data: bytes, where: str, *,
                      allow_private: bool | None = None) -> dict[str, Any]:
    """:func:`import_opml` of a document already read (an upload); ``where`` names it.

    Raises:
        MawsuaError: ``E_OPML`` when it is not OPML with feeds.
    """
    feeds = read_opml(data, where)
    registry = SourceRegistry(store)
    added: list[str] = []
    bad: list[dict[str, str]] = []
    for f in feeds:
        try:
            url = check_url(f.url)
            check_address(url, FetchPolicy(allow_private=allow_private))
            section = check_section(f.section)
        except MawsuaError as e:
            bad.append({"path": f.url, "code": e.code, "reason": e.reason})
            continue
        _src, new = registry.add(url, "feed", section=section, title=f.title)
        if new:
            added.append(url)
    return {"read": len(feeds), "added": len(added), "already": len(feeds) - len(added) - len(bad),
            "failed": bad, "sources": added}


def export_opml(store: SqliteStore) -> bytes:
    """Every source as an OPML 2.0 document (a site is exported by its found feed when known,
    with the site as ``htmlUrl``). Credentials are never exported (as Miniflux), and
    secret-looking query values are ``***`` (:func:`redact`)."""
    feeds = []
    for s in list_sources(store):
        if s.kind == "site":
            feeds.append(OpmlFeed(redact(s.feed_url or s.url), s.title, s.section, redact(s.url)))
        else:
            feeds.append(OpmlFeed(redact(s.url), s.title, s.section, None))
    return write_opml(feeds)


def status(store: SqliteStore, polls: int = 30) -> dict[str, Any]:
    """What the status page shows: ``sources`` (each source's fields), ``recent`` (the newest
    polls: ``{source_id, url, at, status, new, reason}``), ``totals`` (``sources, enabled,
    disabled, failing, articles``)."""
    sources = list_sources(store)
    try:
        recent = SourceRegistry(store).polls(polls)
    except sqlite3.OperationalError:
        recent = []
    totals = {
        "sources": len(sources),
        "enabled": sum(1 for s in sources if s.enabled),
        "disabled": sum(1 for s in sources if not s.enabled),
        "failing": sum(1 for s in sources if s.enabled and s.consecutive_errors),
        "articles": sum(s.articles for s in sources),
    }
    for p in recent:  # shown: user info and secret query values in URLs as ***
        p["url"] = redact(p["url"]) if p.get("url") else p.get("url")
        p["reason"] = redact(p["reason"]) if p.get("reason") else p.get("reason")
    return {"sources": [s.to_dict() for s in sources], "recent": recent, "totals": totals}
