"""URLs as the fetcher, the archive and the source registry need them.

* :func:`parse_http_url`: an absolute ``http(s)`` URL checked and normalised (scheme and host
  lower-cased, the default port dropped, the fragment dropped, dot segments removed,
  percent-escapes normalised: RFC 3986 §6.2.2), or :class:`ValueError` with a readable
  reason; otherwise path and query are kept as written (an Arabic path stays readable).
* :func:`to_uri`: an IRI (RFC 3987) as the URI sent on the wire and written to the WARC archive
  (RFC 3986): the host in IDNA (punycode), every character that is not ASCII, a space or
  another character not allowed in a URI percent-encoded as UTF-8; ``%XX`` already there is
  kept, so a URI is returned unchanged.
* :func:`same_url`: whether two URLs name the same resource once both are URIs.
* :func:`redact`: a URL (or a text with URLs, such as an error reason) with every password
  shown as ``***``: what the CLI, ``/status`` and the API show (the registry keeps the URL as
  added, for fetching).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import idna

#: Characters left as they are in a path, query or fragment (RFC 3986 reserved and unreserved
#: characters, plus ``%`` so that existing escapes are kept).
_SAFE = "/:@!$&'()*+,;=-._~?%[]"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host(host: str) -> str:
    """A host in IDNA (ASCII) form; ``ValueError`` for a label IDNA refuses.

    Every ``xn--`` label of the result is also checked as httpx checks it (IDNA 2008, the
    ``idna`` package: bidi and context rules), so that a host accepted here is never refused
    (with an exception) at fetch time: ``١٢٧.0.0.1`` encodes but is no valid name.
    """
    if host.startswith("["):  # an IPv6 literal
        return host.lower()
    try:
        host.encode("ascii")
        ascii_host = host.lower()
    except UnicodeEncodeError:
        try:
            ascii_host = host.encode("idna").decode("ascii").lower()
        except UnicodeError as e:
            raise ValueError(f"host {host!r} is not a valid internationalised domain "
                             "name") from e
    if "xn--" in ascii_host:
        try:
            idna.decode(ascii_host)
        except (UnicodeError, ValueError) as e:  # idna.IDNAError is a UnicodeError
            raise ValueError(f"host {host!r} is not a valid internationalised domain name "
                             f"({e})") from None
    return ascii_host


def _split(url: str) -> tuple[str, str, str | None, int | None, str, str, str, str]:
    """``(scheme, netloc userinfo part, hostname, port, path, query, fragment, raw host)``."""
    u = url.strip()
    try:
        parts = urlsplit(u)
        port = parts.port
    except ValueError as e:  # "Invalid IPv6 URL", "Port out of range", a port that is no number
        raise ValueError(f"malformed URL ({e})") from None
    if port == 0:
        raise ValueError("malformed URL (port 0 is no port)")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc or not parts.hostname:
        raise ValueError("not an absolute http(s) URL")
    if any(c.isspace() for c in parts.netloc):
        raise ValueError("a space in the host")
    userinfo = parts.netloc.rpartition("@")[0]
    raw = parts.netloc.rpartition("@")[2]
    if raw.startswith("["):
        host = raw[: raw.index("]") + 1]
    else:
        host = raw.rsplit(":", 1)[0] if ":" in raw else raw
    return scheme, userinfo, parts.hostname, port, parts.path, parts.query, parts.fragment, host


def _netloc(userinfo: str, host: str, scheme: str, port: int | None) -> str:
    out = f"{userinfo}@" if userinfo else ""
    out += host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        out += f":{port}"
    return out


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def _escapes(text: str) -> str:
    """RFC 3986 §6.2.2.1-2: ``%XX`` of an unreserved character decoded (``%66`` is ``f``), the
    hex of every other escape upper-cased (``%2f`` is ``%2F``)."""
    def one(m: re.Match[str]) -> str:
        c = chr(int(m.group(1), 16))
        return c if c in _UNRESERVED else "%" + m.group(1).upper()

    return _ESCAPE.sub(one, text) if "%" in text else text


def _dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4 "remove_dot_segments" (``/a/./b/../c`` is ``/a/c``)."""
    if "." not in path:
        return path
    out: list[str] = []
    inp = path
    while inp:
        if inp.startswith("../"):
            inp = inp[3:]
        elif inp.startswith("./"):
            inp = inp[2:]
        elif inp.startswith("/./"):
            inp = "/" + inp[3:]
        elif inp == "/.":
            inp = "/"
        elif inp.startswith("/../"):
            inp = "/" + inp[4:]
            if out:
                out.pop()
        elif inp == "/..":
            inp = "/"
            if out:
                out.pop()
        elif inp in (".", ".."):
            inp = ""
        else:
            start = 1 if inp.startswith("/") else 0
            cut = inp.find("/", start)
            seg, inp = (inp, "") if cut < 0 else (inp[:cut], inp[cut:])
            out.append(seg)
    return "".join(out)


@lru_cache(maxsize=65536)  # same_url normalises every stored source for each URL added
def parse_http_url(url: str) -> str:
    """``url`` stripped and normalised as one source (RFC 3986 §6.2.2-3): scheme and host
    lower-cased, the default port dropped, the fragment dropped (never sent), dot segments
    removed, escapes of unreserved characters decoded and the hex of the others upper-cased;
    otherwise path and query as written (an Arabic path stays readable).

    Raises:
        ValueError: with the reason, for anything but an absolute http(s) URL (including a
            malformed one such as ``http://[::1``, and port 0).
    """
    scheme, userinfo, _hostname, port, path, query, _fragment, host = _split(url)
    if not host.startswith("["):
        _host(host)  # refuse an invalid IDN now, not at fetch time
    return urlunsplit((scheme, _netloc(userinfo, host.lower(), scheme, port),
                       _escapes(_dot_segments(path)), _escapes(query), ""))


@lru_cache(maxsize=65536)  # the registry compares every source with each URL added
def to_uri(url: str) -> str:
    """``url`` (an IRI or a URI) as an ASCII URI (see the module docstring); also normalised
    as :func:`parse_http_url` does.

    Raises:
        ValueError: as :func:`parse_http_url`.
    """
    scheme, userinfo, _hostname, port, path, query, fragment, host = _split(url)
    return urlunsplit((
        scheme, _netloc(quote(userinfo, safe=":%!$&'()*+,;="), _host(host), scheme, port),
        quote(path or "/", safe=_SAFE), quote(query, safe=_SAFE), quote(fragment, safe=_SAFE)))


def same_url(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are the same resource: the same URI once both are normalised by
    :func:`parse_http_url` (invalid ones compare as text)."""
    try:
        return to_uri(parse_http_url(a)) == to_uri(parse_http_url(b))
    except ValueError:
        return a.strip() == b.strip()


def join_url(base: str, ref: str) -> str | None:
    """``ref`` (a link found in a page, feed, sitemap or ``Location`` header) made absolute
    against ``base``; ``None`` when either is malformed (``http://[::1``), so that one bad link
    never fails the document it is in."""
    try:
        return urljoin(base, ref)
    except ValueError:
        return None


def host_of(url: str | None) -> str | None:
    """The lower-cased host name of ``url`` (``None`` when it has none or is malformed)."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


#: ``scheme://user:password@`` (the password runs to the last ``@`` before the path)
_CREDENTIALS = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^\s/?#@:]*):[^\s/?#]*@")


def redact(text: str) -> str:
    """``text`` (a URL, or any text naming URLs) with the password of every URL in it as
    ``***`` (``http://user:***@host/feed.xml``); the user name is kept."""
    if "@" not in text:
        return text
    return _CREDENTIALS.sub(r"\1:***@", text)
