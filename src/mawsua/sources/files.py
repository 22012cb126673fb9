"""Files and directories in, one outcome per record out.

:func:`read_path` walks a directory (recursively, in sorted path order; each hidden file or
folder is passed over with a ``S_HIDDEN`` outcome, each folder that cannot be listed gives an
``E_NOT_FOUND`` outcome and the walk goes on) and reads each file; :func:`read_bytes` reads bytes already in memory (a
fetched URL). For each file:

1. missing or unreadable -> ``E_NOT_FOUND``; no bytes -> ``E_EMPTY_FILE``;
2. the first :data:`HEAD_BYTES` bytes are sniffed: a binary signature -> ``E_BINARY``;
   JSON Lines (see :func:`~mawsua.sources.detect.looks_like_jsonl`; in UTF-8, UTF-16/32 or a
   legacy code page, found from the head by :func:`~mawsua.sources.decode.sniff_encoding`)
   -> streamed line by line in that encoding, whatever the file size (each line at most
   ``max_bytes``);
3. any other file is one document: larger than ``max_bytes`` -> ``E_TOO_LARGE``, decided from
   the file size before reading the rest (memory stays bounded by the head);
4. a saved RSS or Atom feed is one ``feed`` item per entry, from its summary (as ``watch``
   reads an entry without a page); any other document is decoded
   (:func:`~mawsua.sources.decode.decode`) and its format detected from the text: ``dump``,
   ``html``, ``text``; a JSON document (not JSON Lines) or content that is neither ->
   ``E_UNKNOWN_FORMAT``; text that opens like a JSON object (``{"key":``) but does not parse
   (a file cut short) -> ``E_JSON``, never a text article made of JSON.

Nothing here raises for bad input: every problem is a :class:`~mawsua.errors.Failed` outcome
with a code from :data:`mawsua.errors.CODES` and the path (``PATH:LINE`` for a record). Paths
in outcomes are always valid Unicode: bytes of a file name that are not UTF-8 are written as
``\\xNN`` escapes (:func:`~mawsua.model.raw.path_text`); the file itself is opened by its
real name.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from mawsua.errors import Failed, MawsuaError, Skipped
from mawsua.model.raw import RawItem, path_text
from mawsua.sources.decode import (
    bom_encoding,
    decode_counted,
    sniff_binary,
    sniff_encoding,
    undo_double_encoding,
    utf16_parity,
)
from mawsua.sources.detect import JSONL_SUFFIXES, detect_text_format, looks_like_jsonl
from mawsua.sources.jsonl import NO_TEXT_FIELD, iter_jsonl, stream_codec

#: Bytes read first to sniff a file's format (JSONL, binary signature).
HEAD_BYTES = 256 * 1024
#: Default limit for one document (bytes): 20 MB.
DEFAULT_MAX_BYTES = 20_000_000

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""",
                           re.IGNORECASE)

Outcome = RawItem | Failed | Skipped


def iter_files(root: Path) -> Iterator[Path]:
    """Yield the regular files under directory ``root``, sorted by path, skipping any file or
    folder whose name starts with ``.`` (below ``root``). Symbolic links to folders are not
    followed (no cycles); links to files are read. (See :func:`walk` for what is passed over.)"""
    for entry in walk(root):
        if isinstance(entry, Path):
            yield entry


def walk(root: Path) -> Iterator[Path | Failed | Skipped]:
    """Walk directory ``root`` recursively, in sorted path order.

    Yields:
        a :class:`Path` per file to read; a :class:`Skipped` (``S_HIDDEN``) per hidden file or
        folder (name starting with ``.``) directly inside a walked folder — a hidden folder is
        reported once and not entered; a :class:`Failed` (``E_NOT_FOUND``) per folder that
        cannot be listed (permissions), after which the walk goes on. Symbolic links to folders
        are not followed (no cycles); links to files are read.
    """
    found: list[tuple[str, Path | Failed | Skipped]] = []
    stack = [os.fspath(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as e:
            found.append((folder, Failed(
                path_text(folder), "E_NOT_FOUND",
                f"cannot be read: {e.strerror or type(e).__name__} (a folder; nothing in it "
                "was read)")))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                kind = "folder" if _is_dir(entry) else "file"
                found.append((entry.path, Skipped(
                    path_text(entry.path), "S_HIDDEN",
                    f"hidden {kind} (its name starts with '.'): not read")))
            elif _is_dir(entry):
                if not entry.is_symlink():
                    stack.append(entry.path)
            else:
                found.append((entry.path, Path(entry.path)))
    found.sort(key=lambda pair: pair[0])
    for _, out in found:
        yield out


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Outcome]:
    """Read a file, or every file under a directory, into raw records.

    Args:
        path: a file or a directory (walked recursively, sorted, hidden entries skipped).
        max_bytes: the largest single document read, in bytes (a JSON Lines file may be any
            size; each of its lines is limited to ``max_bytes``).

    Yields:
        Per record, a :class:`RawItem` (``format`` is ``"dump"``, ``"jsonl"``, ``"html"`` or
        ``"text"``) or a :class:`Failed` (``E_NOT_FOUND``, ``E_EMPTY_FILE``, ``E_BINARY``,
        ``E_DECODE``, ``E_TOO_LARGE``, ``E_UNKNOWN_FORMAT``, ``E_JSON``, ``E_RECORD``).
        ``Failed.path`` is the file path (``PATH:LINE`` for a JSON Lines record). Walking a
        directory also yields a :class:`Skipped` (``S_HIDDEN``) per hidden entry passed over
        and a :class:`Failed` (``E_NOT_FOUND``) per folder that cannot be listed. Every path
        in an outcome is valid Unicode (see :func:`~mawsua.model.raw.path_text`).

    ``path`` ``"-"`` reads standard input (:func:`read_stdin`).

    Never raises for bad input.
    """
    yield from read_tree(path, max_bytes, _read_file)


def read_tree(path: str | Path, max_bytes: int,
              read_file: Callable[[Path, int], Iterator[Outcome]]) -> Iterator[Outcome]:
    """``path`` read as :func:`read_path` reads it (standard input for ``"-"``, a folder
    walked by :func:`walk` with its skipped and unreadable entries reported), each file by
    ``read_file(file, max_bytes)``; the readers of archives pass their own."""
    if str(path) == STDIN:
        yield from read_stdin(sys.stdin.buffer, max_bytes=max_bytes)
        return
    p = Path(path)
    if p.is_dir():
        for entry in walk(p):
            if isinstance(entry, Path):
                yield from not_articles_skipped(read_file(entry, max_bytes), path_text(entry))
            else:
                yield entry
        return
    yield from read_file(p, max_bytes)


#: The ``E_UNKNOWN_FORMAT`` reason of a whole JSON document (not JSON Lines).
JSON_DOCUMENT = "a JSON document, not JSON Lines (one article object per line)"
#: Records of a JSON Lines file with no text field held back while deciding whether the file
#: holds articles at all (:func:`not_articles_skipped`); past this many it is taken for a
#: file of no articles (a manifest, an index).
NO_TEXT_PROBE = 1000


def not_articles_skipped(outcomes: Iterable[Outcome], where: str) -> Iterator[Outcome]:
    """The outcomes of one file met while walking a folder, with the files that hold no
    article passed over with one ``S_NOT_ARTICLES`` note instead of an error per record
    (user test s25: a folder of saved pages gave 20 error lines for its ``*.gold.json``
    sidecars and its ``manifest.jsonl``):

    * a whole JSON document (not JSON Lines: a sidecar, a config) -> one ``S_NOT_ARTICLES``;
    * a JSON Lines file none of whose records has a text field (each an ``E_RECORD``
      :data:`~mawsua.sources.jsonl.NO_TEXT_FIELD`) -> one ``S_NOT_ARTICLES`` naming how many
      records and their fields.

    Nothing that could be an article is lost: as soon as one record of the file is read (a
    :class:`RawItem`) before :data:`NO_TEXT_PROBE` records without text went by, every record
    without text held back is reported as the error it is (an article file with broken
    records), in order; any other failure passes through at once. A file given by name
    (not met in a folder) keeps its errors: the user asked for it.
    """
    held: list[Failed] = []  # records without text, held back while probing
    no_text = 0
    sample = ""
    mode = "probe"  # "probe", then "articles" (a record was read) or "none" (no text seen)
    for out in outcomes:
        if isinstance(out, Failed) and out.code == "E_UNKNOWN_FORMAT" \
                and out.reason == JSON_DOCUMENT:
            yield Skipped(out.path, "S_NOT_ARTICLES",
                          "a JSON document, not JSON Lines of articles (a sidecar such as "
                          "*.gold.json, a config): not read")
            continue
        if mode != "articles" and isinstance(out, Failed) and out.code == "E_RECORD" \
                and out.reason.startswith(NO_TEXT_FIELD):
            no_text += 1
            sample = sample or out.reason
            if mode == "probe":
                held.append(out)
                if len(held) >= NO_TEXT_PROBE:
                    mode, held = "none", []
            continue
        if isinstance(out, RawItem) and mode == "probe":
            yield from held  # an article file with broken records: each is an error
            mode, held, no_text = "articles", [], 0
        yield out
    if no_text:
        fields = sample[len(NO_TEXT_FIELD):].lstrip("; ")
        yield Skipped(where, "S_NOT_ARTICLES",
                      f"JSON Lines of no articles (a manifest, an index): {no_text} record(s), "
                      f"none with a text field (text, content, body or maintext)"
                      + (f"; {fields}" if fields else "") + ": not read")


#: the path that names standard input, as in most Unix tools
STDIN = "-"


def read_stdin(stream: BinaryIO, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Outcome]:
    """Read the bytes of ``stream`` (standard input) as one input of any format
    :func:`read_path` knows (detected from the content, as for a file without an extension).

    The bytes go to a private temporary file that is read like any other and removed after;
    outcomes name the input ``-`` (``-:LINE`` for a JSON Lines record). More than
    ``max_bytes`` of a non-JSON-Lines input is refused as for a file (``E_TOO_LARGE``).
    Never raises for bad input.
    """
    with tempfile.TemporaryDirectory(prefix="mawsua-stdin-") as tmp:
        name = os.path.join(tmp, "stdin")
        with open(name, "wb") as fh:
            shutil.copyfileobj(stream, fh)
        for out in _read_file(Path(name), max_bytes):
            yield _renamed(out, name, STDIN)


def _renamed(out: Outcome, old: str, new: str) -> Outcome:
    """``out`` with the file name ``old`` replaced by ``new`` in its ``where``/``path``."""
    if isinstance(out, RawItem):
        return dataclasses.replace(out, where=out.where.replace(old, new, 1),
                                   path=new if out.path == old else out.path)
    return dataclasses.replace(out, path=out.path.replace(old, new, 1))


def _jsonl_encoding(head: bytes, *, complete: bool, name: str) -> str | None:
    """The encoding to stream a file as JSON Lines in, or ``None`` when it is not JSON Lines.

    UTF-8 heads are judged on their bytes; a head in another encoding (a BOM, BOM-less UTF-16,
    windows-1256...) is decoded first (:func:`~mawsua.sources.decode.sniff_encoding`)."""
    if (bom_encoding(head) in (None, "utf-8-sig") and utf16_parity(head) is None
            and b"{" not in head[:4096] and not name.lower().endswith(JSONL_SUFFIXES)):
        return None  # ASCII-compatible JSON Lines has "{" in its first lines (or the name says so)
    enc = sniff_encoding(head, complete=complete)
    if enc is None:
        return None
    if enc in ("utf-8", "utf-8-sig"):
        return enc if looks_like_jsonl(head, complete=complete, name=name) else None
    try:
        codec = stream_codec(enc, head)
        text = codecs.getincrementaldecoder(codec)("replace").decode(head, final=complete)
    except LookupError:
        return None
    if looks_like_jsonl(text, complete=complete, name=name):
        return codec
    return None


def _read_file(p: Path, max_bytes: int) -> Iterator[Outcome]:
    where = path_text(p)
    try:
        st = p.stat()
        if not p.is_file():
            yield Failed(where, "E_NOT_FOUND", "not a regular file")
            return
        with p.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            if not head:
                yield Failed(where, "E_EMPTY_FILE", "the file has no bytes")
                return
            complete = len(head) >= st.st_size and not fh.read(1)
            kind = sniff_binary(head)
            if kind is not None:
                yield Failed(where, "E_BINARY", f"binary content ({kind})")
                return
            enc = _jsonl_encoding(head, complete=complete, name=p.name)
            if enc is not None:
                fh.seek(0)
                yield from iter_jsonl(fh, path=where, where=where, max_line_bytes=max_bytes,
                                      encoding=enc)
                return
            if st.st_size > max_bytes:
                yield Failed(where, "E_TOO_LARGE",
                             f"{st.st_size} bytes is more than the limit of {max_bytes} bytes "
                             "for one document (the file was not read)")
                return
            fh.seek(0)
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        yield Failed(where, "E_NOT_FOUND", "no such file or directory")
        return
    except OSError as e:
        yield Failed(where, "E_NOT_FOUND", f"cannot be read: {e.strerror or type(e).__name__}")
        return
    if len(data) > max_bytes:
        yield Failed(where, "E_TOO_LARGE", f"more than the limit of {max_bytes} bytes")
        return
    yield from _items(data, where=where, path=where, url=None)


def read_bytes(
    data: bytes, *, where: str, path: str | None = None, url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, declared_charset: str | None = None,
) -> Iterator[Outcome]:
    """Read bytes already in memory (a fetched page, a test), like :func:`read_path` does a file.

    Args:
        data: the raw bytes.
        where: the name used in outcomes (a URL or path).
        path, url: provenance copied into each :class:`RawItem`.
        max_bytes: largest single document, in bytes.
        declared_charset: a charset stated outside the bytes (HTTP ``Content-Type``).

    Yields:
        The same outcomes as :func:`read_path`. Never raises for bad input.
    """
    if not data:
        yield Failed(path_text(where), "E_EMPTY_FILE", "no bytes")
        return
    where = path_text(where)
    kind = sniff_binary(data[:64])
    if kind is not None:
        yield Failed(where, "E_BINARY", f"binary content ({kind})")
        return
    path = path_text(path) if path is not None else None
    url = path_text(url) if url is not None else None
    head = data[:HEAD_BYTES]
    enc = _jsonl_encoding(head, complete=len(head) == len(data), name=path or url or "")
    if enc is not None:
        yield from iter_jsonl(io.BytesIO(data), path=path, where=where, max_line_bytes=max_bytes,
                              encoding=enc)
        return
    if len(data) > max_bytes:
        yield Failed(where, "E_TOO_LARGE", f"{len(data)} bytes is more than the limit of {max_bytes}")
        return
    yield from _items(data, where=where, path=path, url=url, declared=declared_charset)


#: the root of an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom document, after a BOM, an XML
#: declaration and comments
_FEED_ROOT = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?"
                        rb"(?:<!--.{0,2000}?-->\s*)*<(?:rss\b|rdf:RDF\b|feed\b[^>]{0,500}Atom)",
                        re.S | re.I)


def _items(data: bytes, *, where: str, path: str | None, url: str | None,
           declared: str | None = None) -> Iterator[Outcome]:
    """One document's outcomes: a saved RSS or Atom feed (:data:`_FEED_ROOT`) is one article
    per entry, from its summary, as ``watch`` reads an entry without a page
    (:func:`~mawsua.sources.live.summary_item`; a user test found a local feed read as one
    HTML page, ``E_HTML_NO_ARTICLE``); anything else one document (:func:`_document`)."""
    if not _FEED_ROOT.match(data[:4096]):
        yield _document(data, where=where, path=path, url=url, declared=declared)
        return
    from mawsua.sources.feeds import parse_feed
    from mawsua.sources.live import entry_hints, repeated_entry, summary_item

    feed_url = url or where
    parsed = parse_feed(data, {"content-type": f"application/xml; charset={declared}"}
                        if declared else {}, feed_url)
    if isinstance(parsed, Failed):
        yield parsed
        return
    if not parsed.entries:
        yield Skipped(where, "S_EMPTY_BODY", "the feed has no entries")
        return
    first: dict[str, object] = {}
    for entry in parsed.entries:
        if entry.key in first:
            yield repeated_entry(entry, first[entry.key], feed_url)  # type: ignore[arg-type]
            continue
        first[entry.key] = entry
        item = summary_item(entry, entry_hints(entry, feed_url=feed_url, source_url=feed_url,
                                               section=None), feed_url)
        if isinstance(item, RawItem) and path is not None:
            item = dataclasses.replace(item, path=path)
        if isinstance(item, RawItem) and parsed.warning:
            # a feed cut short or malformed: each article read from it says so (user test
            # s26: a saved feed cut in its second item lost that item without a word)
            item = dataclasses.replace(item, hints={**item.hints, "feed_warning": parsed.warning})
        yield item


def _document(
    data: bytes, *, where: str, path: str | None, url: str | None, declared: str | None = None,
) -> RawItem | Failed:
    """Decode one whole document and name its format."""
    if declared is None:
        m = _META_CHARSET.search(data[:4096])
        if m is not None:
            declared = m.group(1).decode("ascii", "replace")
    try:
        text, encoding, replaced = decode_counted(data, declared=declared, where=where)
    except MawsuaError as e:
        return Failed.from_error(e, where)
    undone = undo_double_encoding(text) if encoding.startswith("utf-8") else None
    if undone is not None:  # the whole document is UTF-8 read through a code page: undo it
        text = undone[0]
    fmt = detect_text_format(text)
    if fmt == "json-deep":
        return Failed(where, "E_JSON_DEPTH", "a JSON document nested too deep for the parser "
                      "(and not JSON Lines)")
    if fmt == "json-broken":
        return Failed(where, "E_JSON", "opens like a JSON object but is not valid JSON (the "
                      "file may be truncated); nothing was read from it")
    if fmt == "json":
        return Failed(where, "E_UNKNOWN_FORMAT", JSON_DOCUMENT)
    if fmt == "unknown":
        return Failed(where, "E_UNKNOWN_FORMAT",
                      "neither a dump, JSON Lines, HTML nor text made mostly of letters")
    hints: dict[str, object] = {"replaced_sequences": replaced} if replaced else {}
    if undone is not None:
        hints["double_encoded"] = undone[1]
    return RawItem(where=where, format=fmt, data=data, text=text, encoding=encoding,
                   hints=hints, path=path, url=url)
