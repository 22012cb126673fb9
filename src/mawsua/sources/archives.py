"""Archives for ``mawsua bulk`` and ``mawsua ingest``: JSON Lines (plain or gzip), WARC (plain
or gzip, including Common Crawl's CC-NEWS) and folders of them; any other file goes to
:func:`read_path`.

WARC: every ``response`` record with an HTTP status of 200 and an HTML (or unstated) content
type becomes one HTML :class:`RawItem` (``where`` = ``FILE@OFFSET``, ``url`` = the record's
``WARC-Target-URI``); other records (requests, metadata, redirects, images) are passed over.
A malformed record or a truncated gzip member is one ``Failed`` ``E_ARCHIVE`` naming the file
and offset, and reading goes on with the next file.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from mawsua.errors import Failed, Skipped
from mawsua.model.raw import RawItem
from mawsua.sources.files import DEFAULT_MAX_BYTES, not_articles_skipped, read_path, read_tree
from mawsua.sources.jsonl import iter_jsonl
from mawsua.sources.live import page_item

Outcome = RawItem | Failed | Skipped
_WARC = (".warc", ".warc.gz", ".arc.gz")
_JSONL_GZ = (".jsonl.gz", ".json.gz", ".ndjson.gz")


def archive_kind(path: Path) -> str | None:
    """``"warc"``, ``"jsonl.gz"`` or ``None`` (another file) from the file name."""
    name = path.name.lower()
    if name.endswith(_WARC):
        return "warc"
    if name.endswith(_JSONL_GZ):
        return "jsonl.gz"
    return None


def iter_bulk(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Outcome]:
    """Every record of a file or of the files under a folder (sorted, recursively), in order.

    Yields:
        :class:`RawItem` per record; ``Failed`` per unreadable file or record, with its code
        (``E_ARCHIVE`` for WARC and gzip damage, the readers' codes otherwise). Never raises
        for bad input.
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file()
                       and not any(part.startswith(".") for part in f.relative_to(p).parts))
        for f in files:  # files of no articles: one S_NOT_ARTICLES note each, as read_path
            yield from not_articles_skipped(_one(f, max_bytes), str(f))
        return
    yield from _one(p, max_bytes)


def read_any(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Outcome]:
    """:func:`~mawsua.sources.files.read_path` that also reads archives by their name
    (``.jsonl.gz``/``.json.gz``/``.ndjson.gz`` and ``.warc``/``.warc.gz``/``.arc.gz``), alone
    or inside a walked folder (hidden entries skipped and unreadable folders reported as
    :func:`~mawsua.sources.files.walk` does). Never raises for bad input."""
    yield from read_tree(path, max_bytes, _one)


def _one(path: Path, max_bytes: int) -> Iterator[Outcome]:
    kind = archive_kind(path)
    if kind == "warc":
        yield from iter_warc(path)
    elif kind == "jsonl.gz":
        yield from _jsonl_gz(path, max_bytes)
    else:
        yield from read_path(path, max_bytes=max_bytes)


def _jsonl_gz(path: Path, max_bytes: int) -> Iterator[Outcome]:
    where = str(path)
    try:
        with gzip.open(path, "rb") as fh:
            yield from iter_jsonl(fh, path=where, where=where, max_line_bytes=max_bytes)
    except (OSError, EOFError, zlib.error) as e:
        yield Failed(where, "E_ARCHIVE", f"truncated or damaged gzip: {e}")


def iter_warc(path: Path) -> Iterator[Outcome]:
    """The HTML ``response`` records of one WARC file (see the module docstring)."""
    from warcio.archiveiterator import ArchiveIterator

    where = str(path)
    offset = 0
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for rec in it:
                item = _record(rec, where)  # reads the body: before the offset (which
                offset = it.get_record_offset()  # reads the record to its end)
                if isinstance(item, RawItem):
                    item = RawItem(where=f"{where}@{offset}", format=item.format,
                                   data=item.data, text=item.text, encoding=item.encoding,
                                   hints=item.hints, path=where, url=item.url)
                if item is not None:
                    yield item
    except Exception as e:  # noqa: BLE001 - a damaged file never stops the others
        yield Failed(f"{where}@{offset}", "E_ARCHIVE",
                     f"malformed or truncated WARC record: {type(e).__name__}: {e}")


def _record(rec: object, where: str) -> RawItem | Failed | None:
    """One WARC record as an HTML item, or ``None`` when it is not an HTML 200 response."""
    if rec.rec_type != "response":  # type: ignore[attr-defined]
        return None
    http = rec.http_headers  # type: ignore[attr-defined]
    if http is None or http.get_statuscode() != "200":
        return None
    ctype = http.get_header("Content-Type") or ""
    if ctype and "html" not in ctype.lower():
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI") or where  # type: ignore[attr-defined]
    body = rec.content_stream().read()  # type: ignore[attr-defined]
    return page_item(url, body, {k.lower(): v for k, v in http.headers}, {})
