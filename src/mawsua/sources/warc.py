"""The raw archive: every HTTP response Mawsua fetches, in WARC files (ISO 28500, via warcio).

Writing (:class:`WarcArchive`): each file starts with a ``warcinfo`` record; each exchange is a ``request`` record followed by a
``response`` record (status line, headers and body), gzip-compressed per record, flushed to
the operating system before :meth:`WarcArchive.write` returns, so a response that was handed
back to the caller is on disk even when the process is killed right after. Every process
writes its own files, ``mawsua-YYYYMMDDTHHMMSSZ-PID-NNNNN.warc.gz`` (a new file after
:data:`MAX_FILE_BYTES`), and never appends to a file another process may have left truncated.

The body stored is the *decoded* payload (the fetcher undoes ``Content-Encoding``); the
``Content-Encoding`` and ``Transfer-Encoding`` headers are therefore dropped and
``Content-Length`` set to the stored length, so every record reads back as plain HTTP. A body cut
at the size limit is stored as read, with ``WARC-Truncated: length`` (the WARC standard field).
Mawsua adds three extension fields: ``Mawsua-Kind`` (``feed``, ``page``, ``robots``, ``home``,
``sitemap``), ``Mawsua-Source`` (the source URL the fetch was made for) and ``Mawsua-Section``
(the source's section, when it has one). Secrets stay out: ``Authorization``,
``Proxy-Authorization`` and ``Cookie`` request headers and ``Set-Cookie`` response headers are
written as ``***``, and every URL (target, ``Mawsua-Source``, ``Location``) as
:func:`mawsua.model.urls.redact` shows it (no user info, secret-looking query values as
``***``); the replay (``mawsua reprocess``) looks pages up under the same form.

Reading (:func:`iter_archive`): every ``response`` record of every ``*.warc.gz`` / ``*.warc``
file under a folder, oldest file first, as :class:`ArchivedResponse`; a damaged or truncated
record (a process killed mid-write) ends that file with ``Failed`` ``E_ARCHIVE`` naming the
file, and the other files are still read. A write that fails partway (a full disk) cuts the
file back to its last whole record and the next write starts a new file, so later records
never follow a half-written one. Header values never carry CR/LF (a section with them would
inject headers): control characters are written as spaces.
"""

from __future__ import annotations

import io
import os
import re
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mawsua.errors import Failed, MawsuaError
from mawsua.model.urls import redact

#: Start a new file once the current one holds this many bytes.
MAX_FILE_BYTES = 1_000_000_000
#: Headers not kept as received (the stored body is already decoded).
_DROPPED = frozenset({"content-encoding", "transfer-encoding", "content-length"})
#: request headers whose value is a secret: archived as ``***`` (the header stays, so the
#: archive still says the request was authenticated)
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and its response, as fetched.

    Args:
        url: the requested URL.
        status: HTTP status code; ``reason`` its phrase.
        headers: response headers as ``(name, value)`` pairs, in order.
        body: the decoded response body (bytes).
        request_headers: the request headers sent.
        fetched_at: when the response ended (UTC).
        kind: ``feed``, ``page``, ``robots``, ``home``, ``sitemap``...; ``source``: the source
            URL it was fetched for (``None`` when not for a source); ``section``: the
            source's section.
        truncated: the body was cut at the size limit.
    """

    url: str
    status: int
    reason: str
    headers: Sequence[tuple[str, str]]
    body: bytes
    request_headers: Sequence[tuple[str, str]] = ()
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    kind: str = "page"
    source: str | None = None
    section: str | None = None
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """A ``response`` record read back from the archive.

    ``headers`` are lower-cased names to values (the last value wins); ``date`` is the record's
    ``WARC-Date`` (ISO 8601, UTC); ``file`` the WARC file; ``kind``/``source`` the Mawsua
    fields (``""``/``None`` when absent).
    """

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    date: str
    file: str
    kind: str
    source: str | None
    truncated: bool
    section: str | None = None
    offset: int = 0


class WarcArchive:
    """Append-only WARC writer for one process (thread-safe).

    Args:
        directory: the archive folder (created when missing).
        max_file_bytes: size after which the next record goes to a new file.

    Raises:
        MawsuaError: ``E_ARCHIVE`` when ``directory`` is a file.
        OSError: when the folder cannot be created or a file cannot be written.
    """

    def __init__(self, directory: str | os.PathLike[str], *,
                 max_file_bytes: int = MAX_FILE_BYTES) -> None:
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise MawsuaError("E_ARCHIVE", "not a folder (the archive is a folder of WARC "
                              "files; give a folder path)", str(directory))
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_file_bytes = max_file_bytes
        self._lock = threading.Lock()
        self._fh: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self._seq = 0
        self._start: tuple[str, int] | None = None
        self._stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.records = 0

    def _open(self) -> WARCWriter:
        if self._fh is not None and self._fh.tell() >= self.max_file_bytes:
            self._fh.close()
            self._fh = None
        if self._fh is None:
            self._seq += 1
            name = f"mawsua-{self._stamp}-{os.getpid()}-{self._seq:05d}.warc.gz"
            self._fh = open(self.directory / name, "ab")  # noqa: SIM115 - kept open
            self._start = (str(self.directory / name), self._fh.tell())
            self._writer = WARCWriter(self._fh, gzip=True)
            self._writer.write_record(self._writer.create_warcinfo_record(name, {
                "software": "Mawsua (live ingestion archive)",
                "format": "WARC File Format 1.1",
                "description": "every HTTP response fetched, written before it is processed",
            }))
        assert self._writer is not None
        return self._writer

    def write(self, ex: Exchange) -> None:
        """Write the request and response records of ``ex`` and flush them to the OS.

        Raises:
            OSError: when writing fails (the caller reports ``E_ARCHIVE``).
        """
        date = ex.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        ex = replace(ex, url=redact(ex.url), source=redact(ex.source) if ex.source else ex.source)
        headers = [(k, redact(v) if k.lower() == "location" else
                    "***" if k.lower() == "set-cookie" else v)
                   for k, v in ex.headers if k.lower() not in _DROPPED]
        headers.append(("Content-Length", str(len(ex.body))))
        http = StatusAndHeaders(f"{ex.status} {ex.reason or 'Unknown'}", headers,
                                protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date, "Mawsua-Kind": _header_value(ex.kind)}
        if ex.source:
            warc_headers["Mawsua-Source"] = _header_value(ex.source)
        if ex.section:
            warc_headers["Mawsua-Section"] = _header_value(ex.section)
        if ex.truncated:
            warc_headers["WARC-Truncated"] = "length"
        with self._lock:
            try:
                self._write(ex, http, warc_headers, date)
            except OSError:
                self._abandon()
                raise
            self.records += 1

    def _write(self, ex: Exchange, http: StatusAndHeaders, warc_headers: dict[str, str],
               date: str) -> None:
        self._start = None
        writer = self._open()
        assert self._fh is not None
        self._start = (str(self._fh.name), self._fh.tell())
        resp = writer.create_warc_record(ex.url, "response", payload=io.BytesIO(ex.body),
                                         length=len(ex.body), http_headers=http,
                                         warc_headers_dict=dict(warc_headers))
        path = _request_target(ex.url)
        req_http = StatusAndHeaders(f"GET {path} HTTP/1.1", [
            (k, "***" if k.lower() in _SECRET_HEADERS else v) for k, v in ex.request_headers],
            is_http_request=True)
        req = writer.create_warc_record(ex.url, "request", payload=io.BytesIO(b""),
                                        length=0, http_headers=req_http,
                                        warc_headers_dict={"WARC-Date": date})
        writer.write_request_response_pair(req, resp)
        self._fh.flush()

    def _abandon(self) -> None:
        """After a failed write (a full disk...): close the file, cut it back to where the
        failed record started (so it holds only whole records) and start a new file on the next
        write; a half-written record is never followed by good ones."""
        fh, start = self._fh, self._start
        self._fh = None
        self._writer = None
        self._start = None
        if fh is not None:
            try:
                fh.close()
            except OSError:
                pass  # the buffered rest could not be written either: cut below
        if start is not None:
            try:
                os.truncate(start[0], start[1])
            except OSError:
                pass  # cannot cut: the file ends with a truncated record, which readers skip

    def close(self) -> None:
        """Flush and close the current file (idempotent)."""
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None
                self._writer = None

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def _header_value(value: str) -> str:
    """``value`` with every run of control characters (CR, LF...) as one space: a header value
    never ends its line early, so it cannot inject headers."""
    return _CONTROL.sub(" ", value).strip()


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def archive_files(directory: str | os.PathLike[str]) -> list[Path]:
    """The WARC files under ``directory`` (recursively), oldest name first (names start with
    their UTC creation time)."""
    root = Path(directory)
    if not root.is_dir():
        return []
    files = [p for p in root.rglob("*") if p.is_file() and p.name.endswith((".warc.gz", ".warc"))]
    return sorted(files, key=lambda p: (p.name, str(p)))


def iter_archive(directory: str | os.PathLike[str], *, since: str | None = None,
                 since_kinds: frozenset[str] | None = None,
                 bodies: bool = True) -> Iterator[ArchivedResponse | Failed]:
    """Every response record under ``directory``, file by file, in the order written.

    Args:
        directory: the archive folder.
        since: keep records whose ``WARC-Date`` is at or after this ISO 8601 date or
            date-time (UTC; compared as text after normalising to ``YYYY-MM-DDTHH:MM:SSZ``).
        since_kinds: apply ``since`` only to records of these ``Mawsua-Kind`` values (the
            others are all kept: a feed fetched after ``since`` needs the pages fetched
            before); ``None``: to every record.
        bodies: read the bodies (``False``: ``body`` is ``b""``; use ``offset`` and
            :func:`read_response` to read one later).

    Yields:
        :class:`ArchivedResponse` per response record; ``Failed`` ``E_ARCHIVE`` (with the
        file and the reason) when a file cannot be read to its end.
    """
    bound = _bound(since)
    for path in archive_files(directory):
        pending: ArchivedResponse | None = None  # yielded once the record is known whole
        try:
            size = path.stat().st_size
            end = 0
            last = None
            with open(path, "rb") as fh:
                it = ArchiveIterator(fh)
                for rec in it:
                    resp = None
                    date = rec.rec_headers.get_header("WARC-Date") or ""
                    if rec.rec_type == "response" and not (bound and date < bound and (
                            since_kinds is None or
                            rec.rec_headers.get_header("Mawsua-Kind") in since_kinds)):
                        resp = _response(rec, str(path), 0, bodies)  # the body is read first:
                    offset = it.get_record_offset()  # this reads the record to its end
                    if rec.rec_type is None:  # warcio's reading of a cut record header
                        break
                    end = offset + it.get_record_length()
                    last = offset
                    if pending is not None:
                        yield pending
                    pending = replace(resp, offset=offset) if resp is not None else None
            if last is not None and path.name.endswith(".gz") and end == size and \
                    not _gzip_member_whole(path, last):
                end = last  # the last record's gzip member is cut: warcio reads it as whole
                pending = None
            if pending is not None:
                yield pending
            if end < size:
                yield Failed(str(path), "E_ARCHIVE", f"{size - end} bytes of a truncated record "
                             f"at offset {end} (a writer stopped mid-record, or the file was "
                             "cut); skipped")
        except Exception as exc:  # noqa: BLE001 - a damaged file never stops the rest
            if pending is not None:
                yield pending
            yield Failed(str(path), "E_ARCHIVE",
                         f"cannot read past a damaged or truncated record: {type(exc).__name__}: {exc}")


def _gzip_member_whole(path: Path, offset: int) -> bool:
    """Whether the gzip member starting at ``offset`` of ``path`` ends with its end-of-stream
    marker (warcio reads a cut member as a shorter whole one)."""
    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with open(path, "rb") as fh:
        fh.seek(offset)
        while not d.eof:
            chunk = fh.read(1 << 16)
            if not chunk:
                return False
            while chunk and not d.eof:
                d.decompress(chunk, 1 << 20)
                chunk = d.unconsumed_tail
    return True


def _response(rec: object, file: str, offset: int, body: bool) -> ArchivedResponse:
    http = rec.http_headers  # type: ignore[attr-defined]
    warc = rec.rec_headers  # type: ignore[attr-defined]
    status = int(http.get_statuscode() or 0) if http else 0
    headers = {k.lower(): v for k, v in (http.headers if http else [])}
    return ArchivedResponse(
        url=warc.get_header("WARC-Target-URI") or "",
        status=status, headers=headers,
        body=rec.content_stream().read() if body else b"",  # type: ignore[attr-defined]
        date=warc.get_header("WARC-Date") or "", file=file,
        kind=warc.get_header("Mawsua-Kind") or "", source=warc.get_header("Mawsua-Source"),
        truncated=warc.get_header("WARC-Truncated") is not None,
        section=warc.get_header("Mawsua-Section"), offset=offset)


def read_response(file: str | os.PathLike[str], offset: int) -> ArchivedResponse:
    """The response record at ``offset`` of ``file`` (from :func:`iter_archive`), with body.

    Raises:
        MawsuaError: ``E_ARCHIVE`` when there is no readable response record there.
    """

    try:
        with open(file, "rb") as fh:
            fh.seek(offset)
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    return _response(rec, str(file), offset, True)
                break
    except Exception as exc:  # noqa: BLE001
        raise MawsuaError("E_ARCHIVE", f"cannot read the record at {offset}: {exc}",
                          str(file)) from exc
    raise MawsuaError("E_ARCHIVE", f"no response record at offset {offset}", str(file))


def _bound(since: str | None) -> str | None:
    if not since:
        return None
    s = since.strip()
    if len(s) == 10:
        return s + "T00:00:00Z"
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return s
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
