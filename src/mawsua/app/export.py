"""Export the store, or any search of it, as JSON Lines, CSV or Parquet, streamed.

:func:`chunks` yields the export as byte chunks, one batch of articles at a time
(:func:`mawsua.store.scan.scan`: keyset paging in ingest order), so memory is bounded by one
batch (a Parquet row group) whatever the number of articles; :func:`export` writes them to a
file, the API streams them (``/api/v1/export``).

Formats (schemas in ``docs/export.md``):

* ``jsonl``: one JSON contract per line (``article.schema.json``: ``id, schema_version,
  source, metadata, raw_text, text, repairs`` and the span layers, each span with its
  ``text``) plus ``duplicate_of``, ``story_id`` and ``sections`` (``{countries, topics}``
  codes, best first). ``layers`` keeps only the named layers (every layer by default).
* ``csv``: flat columns (:data:`FLAT_COLUMNS`), lists joined by ``;``; a requested layer is one
  more column holding that layer as JSON. RFC 4180 (quoted when needed, CRLF line ends), UTF-8
  without BOM.
* ``parquet``: the same columns typed (:func:`parquet_schema`), ``countries``/``topics`` as
  lists of strings, layers as JSON strings; pyarrow, Zstandard-compressed row groups of
  :data:`ROW_GROUP` articles.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import orjson

from mawsua.app.outlets import display_name
from mawsua.app.queries import widen
from mawsua.model.article import LAYERS, TITLE_LAYERS
from mawsua.model.results import SearchQuery
from mawsua.store import scan
from mawsua.store.sqlite import SqliteStore

FORMATS = ("jsonl", "csv", "parquet")
#: layers ``--layers`` may name: every span layer of the contract and ``repairs``
LAYER_NAMES: tuple[str, ...] = ("repairs", *LAYERS, *TITLE_LAYERS)
#: the flat columns of CSV and Parquet, in order
FLAT_COLUMNS: tuple[str, ...] = (
    "id", "url", "outlet", "outlet_name", "published", "published_local", "title",
    "title_derived", "language", "section", "story_id", "duplicate_of", "countries", "topics",
    "text",
)
#: articles per Parquet row group (read from the store :data:`mawsua.store.scan.BATCH` at a
#: time; JSONL and CSV are written batch by batch)
ROW_GROUP = 2000
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
               "parquet": "application/vnd.apache.parquet"}


def parse_layers(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """``"entities,quotes"`` → ``("entities", "quotes")``; ``None``/blank → ``None`` (the
    format's default: every layer for JSONL, none for CSV and Parquet); ``"none"`` → ``()``.

    Raises:
        ValueError: naming an unknown layer and listing the known ones.
    """
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    names = tuple(dict.fromkeys(p.strip().lower() for p in parts if p.strip()))
    if not names:
        return None
    if names == ("none",):
        return ()
    bad = [n for n in names if n not in LAYER_NAMES]
    if bad:
        raise ValueError(f"unknown layer {bad[0]!r}: one of {', '.join(LAYER_NAMES)} (or none)")
    return names


@dataclass
class Stats:
    """What an export wrote: ``articles`` and ``bytes``."""

    articles: int = 0
    bytes: int = 0


def _jsonl_line(row: scan.Row, layers: tuple[str, ...] | None) -> bytes:
    doc = dict(row.doc or {})
    if layers is not None:
        for name in LAYER_NAMES:
            if name not in layers:
                doc.pop(name, None)
    doc["duplicate_of"] = row.duplicate_of
    doc["story_id"] = row.story
    doc["sections"] = {"countries": row.countries, "topics": row.topics}
    return orjson.dumps(doc) + b"\n"


def _flat(row: scan.Row) -> dict[str, Any]:
    return {"id": row.id, "url": row.url, "outlet": row.outlet,
            "outlet_name": display_name(row.outlet) or None, "published": row.published,
            "published_local": row.published_local, "title": row.title,
            "title_derived": row.title_derived, "language": row.language, "section": row.section,
            "story_id": row.story, "duplicate_of": row.duplicate_of,
            "countries": row.countries, "topics": row.topics, "text": row.text}


def _layer_json(row: scan.Row, name: str) -> str:
    return orjson.dumps((row.doc or {}).get(name, [])).decode("utf-8")


def _csv_chunk(rows: list[scan.Row], layers: tuple[str, ...], header: bool) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if header:
        w.writerow([*FLAT_COLUMNS, *layers])
    for row in rows:
        flat = _flat(row)
        cells = []
        for col in FLAT_COLUMNS:
            v = flat[col]
            if isinstance(v, list):
                v = ";".join(v)
            elif isinstance(v, bool):
                v = int(v)
            cells.append("" if v is None else v)
        w.writerow([*cells, *(_layer_json(row, n) for n in layers)])
    return buf.getvalue().encode("utf-8")


def parquet_schema(layers: tuple[str, ...] = ()) -> Any:
    """The pyarrow schema of a Parquet export (:data:`FLAT_COLUMNS` typed, then one JSON
    string column per requested layer)."""
    import pyarrow as pa

    types = {"title_derived": pa.bool_(), "story_id": pa.int64(),
             "countries": pa.list_(pa.string()), "topics": pa.list_(pa.string())}
    return pa.schema([pa.field(c, types.get(c, pa.string())) for c in FLAT_COLUMNS]
                     + [pa.field(n, pa.string()) for n in layers])


class _Sink:
    """A write-only file for pyarrow that hands out what was written since the last call."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._pos = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        b = bytes(data)
        self._parts.append(b)
        self._pos += len(b)
        return len(b)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts = []
        return out


def _parquet_chunks(batches: Iterator[list[scan.Row]], layers: tuple[str, ...]
                    ) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(layers)
    sink = _Sink()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd")

    def new_columns() -> dict[str, list[Any]]:
        return {c: [] for c in schema.names}

    def flush(cols: dict[str, list[Any]], size: int) -> bytes:
        part = {k: v[:size] for k, v in cols.items()}
        for v in cols.values():
            del v[:size]
        writer.write_table(pa.Table.from_pydict(part, schema=schema), row_group_size=size)
        return sink.take()

    cols = new_columns()
    try:
        for rows in batches:
            for row in rows:
                for k, v in _flat(row).items():
                    cols[k].append(v)
                for n in layers:
                    cols[n].append(_layer_json(row, n))
            while len(cols["id"]) >= ROW_GROUP:
                yield flush(cols, ROW_GROUP)
        if cols["id"]:
            yield flush(cols, len(cols["id"]))
    finally:
        writer.close()
    yield sink.take()


def chunks(store: SqliteStore, query: SearchQuery, fmt: str,
           layers: tuple[str, ...] | None = None, *, limit: int | None = None,
           on_batch: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The export of every article matching ``query`` (words and filters; empty = the whole
    store), in ingest order, as byte chunks (one per batch read; one per row group of
    :data:`ROW_GROUP` articles for Parquet).

    Args:
        store: an open store (read-only is enough).
        query: words and filters (``limit``/``offset`` ignored).
        fmt: ``jsonl``, ``csv`` or ``parquet``.
        layers: from :func:`parse_layers` (``None``: the format's default).
        limit: at most this many articles (``None``: all).
        on_batch: called with the number of articles of each batch written (progress).

    Raises:
        ValueError: for an unknown format or bad ``since``/``until`` (before any chunk).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    query = widen(store, query)  # the other names of its entity and outlet
    scan.condition(store, query)  # bad dates fail here, before anything is written
    return _chunks(store, query, fmt, layers, limit, on_batch)


def _chunks(store: SqliteStore, query: SearchQuery, fmt: str, layers: tuple[str, ...] | None,
            limit: int | None, on_batch: Callable[[int], None] | None) -> Iterator[bytes]:
    flat_layers = tuple(layers or ())
    need_docs = fmt == "jsonl" or bool(flat_layers)
    batches = scan.scan(store, query, documents=need_docs, layers=layers, limit=limit)

    def counted() -> Iterator[list[scan.Row]]:
        for rows in batches:
            yield rows
            if on_batch is not None:
                on_batch(len(rows))

    if fmt == "parquet":
        yield from _parquet_chunks(counted(), flat_layers)
        return
    first = True
    for rows in counted():
        if fmt == "jsonl":
            yield b"".join(_jsonl_line(r, layers) for r in rows)
        else:
            yield _csv_chunk(rows, flat_layers, header=first)
        first = False
    if fmt == "csv" and first:  # nothing matched: the header alone
        yield _csv_chunk([], flat_layers, header=True)


def export(store: SqliteStore, query: SearchQuery, fmt: str, out: IO[bytes],
           layers: tuple[str, ...] | None = None, *, limit: int | None = None,
           on_batch: Callable[[int], None] | None = None) -> Stats:
    """Write :func:`chunks` to the binary file ``out``.

    Returns:
        :class:`Stats` (articles and bytes written).

    Raises:
        ValueError: as :func:`chunks`; OSError when writing fails.
    """
    stats = Stats()

    def count(n: int) -> None:
        stats.articles += n
        if on_batch is not None:
            on_batch(n)

    for chunk in chunks(store, query, fmt, layers, limit=limit, on_batch=count):
        out.write(chunk)
        stats.bytes += len(chunk)
    return stats
