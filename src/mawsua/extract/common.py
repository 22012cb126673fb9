"""Helpers shared by the extractors: ids, provenance, metadata strings and time strings.

Metadata strings (from JSONL fields, HTML metadata, dump headers) are cleaned like the body's
display text by :func:`clean_field` / :func:`clean_title`: trimmed, C0/C1 control characters
dropped (tab, newline and the like count as spaces), lone surrogates replaced by U+FFFD,
empty -> ``None``; titles (and names: authors, outlet, section, site name, description) also
lose bidi embedding/override/isolate characters (U+202A-U+202E, U+2066-U+2069) and have
whitespace runs collapsed to one space. Times written with Arabic-Indic or Persian digits are
read like ASCII digits (:func:`split_time`).
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from hijridate import Hijri

from mawsua.arabic import written_dates
from mawsua.model import Source, sha256_hex
from mawsua.model.raw import RawItem, path_text
from mawsua.model.urls import redact, strip_userinfo


def article_id(item: RawItem, record_id: object = None) -> str:
    """The record's own id when it has one (as a string), else ``"a-"`` + the first 16 hex
    digits of the SHA-256 of ``item.data``."""
    if record_id is not None and str(record_id).strip():
        return str(record_id).strip()
    return "a-" + sha256_hex(item.data)[:16]


def source_of(item: RawItem) -> Source:
    """The :class:`~mawsua.model.Source` of ``item`` (format, SHA-256 of its bytes, encoding,
    path or URL, record number)."""
    return Source(format=item.format, sha256=sha256_hex(item.data), encoding=item.encoding,
                  path=path_text(item.path) if item.path is not None else None,
                  url=strip_userinfo(path_text(item.url)) if item.url is not None else None,
                  record=item.record)


#: C0 and C1 control characters, DEL included.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Controls that separate words: they become a space, the others are dropped.
_SPACE_CONTROL = re.compile("[\t\n\v\f\r\x1c-\x1f\x85]")
#: Bidi embeddings, overrides and isolates (not the LRM/RLM/ALM marks).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_WS_RUN = re.compile(r"\s+")


def clean_field(value: object) -> str | None:
    """A metadata string cleaned for storage: controls dropped (word-separating ones become
    spaces), lone surrogates -> U+FFFD, trimmed; empty or not a string -> ``None``.
    URLs, ids, languages and dates go through this."""
    if not isinstance(value, str):
        return None
    s = _SURROGATE.sub("\ufffd", value)
    s = _SPACE_CONTROL.sub(" ", s)
    s = _CONTROL.sub("", s).strip()
    return s or None


_TRAILING_ENCODED_SPACE = re.compile(r"(?:%20|%09|%0[aAdD])+$")


def clean_url(value: object) -> str | None:
    """:func:`clean_field` for URLs, also without percent-encoded white space at the end
    (``href="  https://x/a  "`` comes back from trafilatura as ``https://x/a%20%20``; browsers
    strip that space before resolving a link), and without user info
    (:func:`~mawsua.model.urls.strip_userinfo`: credentials are never stored or shown)."""
    s = clean_field(value)
    if s is None:
        return None
    return strip_userinfo(_TRAILING_ENCODED_SPACE.sub("", s).strip()) or None


def redact_url(url: str | None) -> str | None:
    """``url`` with secret-looking query values as ``***`` (:func:`~mawsua.model.urls.redact`):
    the feed URL an article came from is kept for information only."""
    return redact(url) if url else url


def no_userinfo(name: str | None) -> str | None:
    """A host or site name without the ``user:password@`` a URL's authority may put before it
    (trafilatura takes the host name and the site name from the page URL)."""
    if name and "@" in name and not any(c.isspace() for c in name):
        return name.rpartition("@")[2] or None
    return name


def clean_title(value: object) -> str | None:
    """:func:`clean_field`, then bidi embedding/override/isolate characters removed and
    whitespace runs collapsed to one space (titles and names). ``"   "`` -> ``None``, so that
    a title is derived later."""
    s = clean_field(value)
    if s is None:
        return None
    s = _WS_RUN.sub(" ", BIDI_CONTROLS.sub("", s)).strip()
    return s or None


#: Integers outside SQLite's and orjson's 64-bit range are kept as strings in ``extra``.
_INT64 = (-(2 ** 63), 2 ** 63 - 1)


def clean_extra(value: object) -> object:
    """An ``extra`` value: strings through :func:`clean_field` (kept as ``""`` rather than
    dropped when empty), integers beyond 64 bits as their decimal string (no store or JSON
    encoder can hold them), lists and dicts element by element, anything else unchanged."""
    if isinstance(value, str):
        return clean_field(value) or ""
    if isinstance(value, int) and not isinstance(value, bool) and not (
            _INT64[0] <= value <= _INT64[1]):
        return str(value)
    if isinstance(value, list):
        return [clean_extra(v) for v in value]
    if isinstance(value, dict):
        return {k: clean_extra(v) for k, v in value.items()}
    return value


#: Arabic-Indic and Persian digits -> ASCII; Arabic decimal/thousands separators and comma.
#: years read as Hijri in a stated publication date (1300–1500 AH = 1882–2077 CE)
HIJRI_YEARS = range(1300, 1501)
#: the earliest Gregorian publication year taken (older "dates" are typing errors)
FIRST_YEAR = 1800
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹\u066b", "01234567890123456789:")


_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


def split_time(value: str | None) -> tuple[str | None, str | None, str | None]:
    """Split a stated publication time into ``(published, published_local, timezone)``.

    * with an offset (``2024-05-13T06:00:00Z``, ``...+03:00``): ``published`` is the ISO 8601
      time with its offset (``Z`` as ``+00:00``), ``published_local`` the wall time as written
      (no offset) and ``timezone`` the offset (``"+03:00"``, ``"UTC"`` for ``Z``);
    * without one (``2015-08-11T13:44:43``, ``2015-08-11 13:44``, ``2016-01-01``):
      ``(None, local ISO string, None)`` — a zone is never invented;
    * ``None``, empty or unparseable: ``(None, None, None)``.

    Arabic-Indic and Persian digits (``٢٠١٥-٠٨-١١``) are read as ASCII digits; surrounding
    space and control characters are ignored.

    The year must be a plausible publication year: a year from :data:`HIJRI_YEARS` is a
    Hijri (Umm al-Qura) date as Saudi sites print it (``١٤٣٦-١٠-٢٦`` → ``2015-08-11``; no
    Gregorian news dates from 1300–1500), converted with hijridate, time of day and offset
    kept; an impossible Hijri day, any other year before :data:`FIRST_YEAR` or a year more
    than one year ahead of today is unparseable.
    """
    s = clean_field(value)
    if s is None:
        return None, None, None
    s = s.translate(_DIGITS)
    m = _ISO_DAY.match(s)
    if m is not None and int(m.group(1)) in HIJRI_YEARS:
        try:  # before fromisoformat: 30 صفر is a Hijri day but no Gregorian February one
            g = Hijri(int(m.group(1)), int(m.group(2)), int(m.group(3))).to_gregorian()
        except (OverflowError, ValueError):
            return None, None, None
        s = g.isoformat() + s[m.end():]
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None, None, None
    if not FIRST_YEAR <= dt.year <= datetime.now(UTC).year + 1:
        return None, None, None
    if dt.tzinfo is None:
        return None, s.replace(" ", "T", 1), None
    m = _ZONE.search(s)
    zone = "UTC" if m is not None and m.group(1).upper() == "Z" else None
    if zone is None:
        off = dt.strftime("%z")
        zone = f"{off[:3]}:{off[3:]}" if off else None
    return dt.isoformat(), dt.replace(tzinfo=None).isoformat(), zone


#: ``14/03/2018``, ``14-03-2018 18:05``, ``14.03.2018 18:05:09`` (day and month as numerals)
_COMPACT_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_YEAR_FIRST_DATE = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
#: an English month abbreviation: the date may be RFC 822's (email.utils reads it)
_RFC822_HINT = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", re.I)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
#: seconds since 1970 of a plausible publication time (2000-01-01 .. 2100-01-01), also in ms
_EPOCH_SECONDS = (946_684_800, 4_102_444_800)


def split_stated_time(value: object) -> tuple[tuple[str | None, str | None, str | None], str]:
    """:func:`split_time`, widened to the other ways records state a publication time, and how
    it was read (``"iso"``, ``"epoch"``, ``"numeric"``, ``"rfc822"``, ``"written"``; ``""`` when
    unreadable):

    * a Unix time (a JSON number, or a string of 9–13 digits) of 2000–2099, in seconds or
      milliseconds: a UTC time (``published`` with ``+00:00``);
    * day and month as numerals (``14/03/2018``, ``14-03-2018 18:05``): read day first, as Arab
      and European outlets write them, only when that is certain — the first number is over
      12, or both are equal; ``03/04/2018`` could be either and stays unreadable (read month
      first only when the second number is over 12: ``03/14/2018``); a local time, no zone;
    * year first as numerals (``2018/03/14 18:05``): a local time; ISO's basic form
      (``20130210``) written out (``2013-02-10``);
    * RSS's RFC 822 form (``Wed, 14 Mar 2018 18:05:00 +0400``, ``... GMT``; ``"rfc822"``),
      read by :func:`email.utils.parsedate_to_datetime`;
    * a date written in Arabic (``الأحد، 25 يوليو 2021 18:00``, regional month names,
      Arabic-Indic digits: :func:`mawsua.arabic.written_dates.split_date`), as feeds give them.

    Returns ``((published, published_local, timezone), how)``.
    """
    if isinstance(value, bool):
        return (None, None, None), ""
    if isinstance(value, int | float):
        return _epoch(float(value))
    text = clean_field(value) if isinstance(value, str) else None
    if text is None:
        return (None, None, None), ""
    got = split_time(text)
    if got[1] is not None:
        if _COMPACT_DATE.fullmatch(got[1]):  # ISO's basic form, 20130210: written out
            day = f"{got[1][:4]}-{got[1][4:6]}-{got[1][6:]}"
            return (got[0] and day, day, got[2]), "iso"
        return got, "iso"
    plain = text.translate(_DIGITS).strip()
    m = _YEAR_FIRST_DATE.match(plain)
    if m is not None:  # 2018/03/14 18:05: year, month, day as numerals, a local time
        try:
            dt = datetime(*(int(g or 0) for g in m.groups()))  # type: ignore[misc]
        except ValueError:
            return (None, None, None), ""
        if FIRST_YEAR <= dt.year <= datetime.now(UTC).year + 1:
            return (None, dt.isoformat(), None), "numeric"
        return (None, None, None), ""
    if _RFC822_HINT.search(plain):
        try:  # RSS's form: «Wed, 14 Mar 2018 18:05:00 +0400», «... GMT»
            dt = parsedate_to_datetime(plain)
        except (TypeError, ValueError, IndexError):
            dt = None
        if dt is not None and FIRST_YEAR <= dt.year <= datetime.now(UTC).year + 1:
            local = dt.replace(tzinfo=None).isoformat()
            if dt.tzinfo is None:
                return (None, local, None), "rfc822"
            off = dt.utcoffset()
            mins = int(off.total_seconds() // 60) if off is not None else 0
            zone = f"{'+' if mins >= 0 else '-'}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}"
            return (dt.isoformat(), local, zone), "rfc822"
    if plain.isdigit() and 9 <= len(plain) <= 13:
        return _epoch(float(plain))
    m = _NUMERIC_DATE.match(plain)
    if m is not None:
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        day, month = (a, b) if a > 12 or a == b else (b, a) if b > 12 else (0, 0)
        try:
            dt = datetime(year, month, day, int(m.group(5) or 0), int(m.group(6) or 0),
                          int(m.group(7) or 0))
        except ValueError:
            return (None, None, None), ""
        if FIRST_YEAR <= dt.year <= datetime.now(UTC).year + 1:
            return (None, dt.isoformat(), None), "numeric"
        return (None, None, None), ""
    written = written_dates.split_date(text)
    if written[1] is not None and FIRST_YEAR <= int(written[1][:4]) <= datetime.now(UTC).year + 1:
        return written, "written"
    return (None, None, None), ""


def _epoch(seconds: float) -> tuple[tuple[str | None, str | None, str | None], str]:
    if seconds >= _EPOCH_SECONDS[1]:
        seconds /= 1000.0  # milliseconds
    if not _EPOCH_SECONDS[0] <= seconds < _EPOCH_SECONDS[1]:
        return (None, None, None), ""
    dt = datetime.fromtimestamp(int(seconds), UTC)
    return (dt.isoformat(), dt.replace(tzinfo=None).isoformat(), "UTC"), "epoch"


_TAG = re.compile(r"<[^>]+>")
#: a script or style element with its content (code, never text)
_SCRIPT = re.compile(r"(?is)<\s*(script|style|noscript)\b[^>]*>.*?<\s*/\s*\1\s*>")
_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote)\s*>")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment (a feed summary, a JSON-LD body, a record's HTML text):
    scripts and styles dropped with their content, block ends become line breaks, tags dropped,
    entities decoded, spaces collapsed; ``""`` for ``None``."""
    if not fragment:
        return ""
    s = _BLOCK_END.sub("\n", _SCRIPT.sub(" ", fragment))
    s = html_lib.unescape(_TAG.sub("", s))
    lines = [_WS.sub(" ", line).strip() for line in s.splitlines()]
    return "\n".join(line for line in lines if line)
