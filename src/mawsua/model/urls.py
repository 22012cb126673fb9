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
* :func:`redact`: a URL (or a text with URLs, such as an error reason) with its user info and
  every secret-looking query value shown as ``***``: what the CLI, ``/status``, the API, the
  exports and the logs show.
* :func:`split_credentials`, :func:`strip_userinfo`, :class:`Credentials`: the registry keeps
  a source's credentials apart from its URL; the fetcher sends them (as an ``Authorization``
  header) to that source's origin only; every URL derived from a feed or a page is stripped of
  user info.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    against ``base``, without user info (:func:`strip_userinfo`: credentials never travel
    from a source's URL into a link, nor from a hostile link to the fetcher); ``None`` when
    either is malformed (``http://[::1``), so that one bad link never fails the document it is
    in."""
    try:
        return strip_userinfo(urljoin(base, ref))
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


#: ``scheme://userinfo@`` in a text: the user info runs from ``//`` to the last ``@`` before the
#: path, query, fragment or a space (RFC 3986 §3.2.1: no ``/ ? #`` in it unescaped)
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^\s/?#]*@")

#: query (or fragment) parameters whose value is a secret: ``api_key``, ``apikey``, ``key``,
#: ``token``, ``access_token``, ``sig``, ``signature``, ``secret``, ``client_secret``,
#: ``password``, ``passwd``, ``pwd``, ``auth``, ``credential``, ``session`` and the same words
#: after a prefix ending in ``_``, ``-`` or ``.`` (``X-Amz-Signature``, ``private_token``); the
#: names Miniflux, OAuth 2.0 (RFC 6749 §4.2.2) and the AWS/Google signed URLs use.
_SECRET_PARAM = re.compile(
    r"(?i)([?&;#](?:[a-z0-9]*[_.-])*(?:api[_-]?key|apikey|key|token|sig|signature|secret|"
    r"password|passwd|pwd|pass|auth|credentials?|session|sessionid|sid)=)[^&#\s\"'<>]+")

REDACTED = "***"


def redact(text: str) -> str:
    """``text`` (a URL, or any text naming URLs, such as an error reason) as it may be shown:
    the user info of every URL (a password or a token as user name) as ``***``
    (``http://***@host/feed.xml``) and the value of every secret-looking query parameter
    (:data:`_SECRET_PARAM`: ``api_key``, ``token``, ``sig``...) as ``***``."""
    if "@" in text:
        text = _USERINFO.sub(r"\1***@", text)
    if "=" in text:
        text = _SECRET_PARAM.sub(r"\1***", text)
    return text


def strip_userinfo(url: str) -> str:
    """``url`` without user info (``http://a:b@host/x`` is ``http://host/x``): every URL derived
    from a feed or a page (links, redirects, canonical URLs) before it is stored or shown, so
    that credentials never travel beyond the fetcher. Texts that are no URL come back as
    they are."""
    if "@" not in url:
        return url
    return _USERINFO.sub(r"\1", url, count=1) if _USERINFO.match(url.strip()) else url


def split_credentials(url: str) -> tuple[str, str | None]:
    """``(url without user info, the user info or None)``: how the source registry keeps a
    source's credentials apart from its URL. The user info is returned as written
    (percent-escapes kept: :func:`basic_auth` decodes them)."""
    u = url.strip()
    m = _USERINFO.match(u)
    if not m:
        return url, None
    userinfo = u[len(m.group(1)):m.end() - 1]
    return m.group(1) + u[m.end():], userinfo or None


def basic_auth(credentials: str) -> str:
    """The ``Authorization`` header value for ``user:password`` user info (``user`` alone:
    an empty password, as curl and httpx send it): ``Basic base64(user:password)``
    (RFC 7617), with the percent-escapes of the user info decoded first."""
    import base64
    from urllib.parse import unquote

    user, _, password = credentials.partition(":")
    raw = f"{unquote(user)}:{unquote(password)}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def origin(url: str) -> str | None:
    """``scheme://host:port`` of ``url`` (the default port written), lower-cased; ``None`` when
    malformed. Credentials are sent only to their source's origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}:{port}"


@dataclass(frozen=True, slots=True)
class Credentials:
    """A source's credentials as the fetcher uses them: its ``origin`` (:func:`origin` of the
    source URL) and its ``userinfo`` (``user:password``, or a token as user name; never in
    ``repr``). :meth:`header` gives the ``Authorization`` value for a URL of that origin only.
    """

    origin: str
    userinfo: str = field(repr=False)

    @classmethod
    def of(cls, url: str, userinfo: str | None) -> Credentials | None:
        """The credentials ``userinfo`` for the source at ``url`` (``None`` without any, or when
        ``url`` has no origin)."""
        key = origin(url)
        return cls(key, userinfo) if userinfo and key else None

    def header(self, url: str) -> str | None:
        """The ``Authorization`` value (:func:`basic_auth`) when ``url`` is of this origin,
        else ``None``."""
        return basic_auth(self.userinfo) if origin(url) == self.origin else None
