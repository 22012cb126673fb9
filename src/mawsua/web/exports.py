"""``/api/v1/export``: the store, or a search of it, as a streamed download (JSON Lines, CSV
or Parquet; :mod:`mawsua.app.export`).

The response is streamed batch by batch from a connection of its own (opened for the
download, closed when it ends or the client goes away), so neither memory nor the request
threads' connections are held by a large export.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import StreamingResponse

from mawsua.app import export as export_app
from mawsua.model.results import SearchQuery
from mawsua.web.api import PREFIX
from mawsua.web.deps import StoreAccess, StoreUnavailable, store_access
from mawsua.web.params import (
    Entity,
    Language,
    Outlet,
    QueryText,
    Section,
    Since,
    Until,
    check_range,
)

router = APIRouter(prefix=PREFIX, tags=["api"])
Access = Annotated[StoreAccess, Depends(store_access)]
Format = Annotated[str, Query(pattern="^(jsonl|csv|parquet)$",
                              description="jsonl, csv or parquet.")]
Layers = Annotated[str | None, Query(max_length=200, description=(
    "Comma-separated layers (repairs, entities, quotes, timexes, quantities, blocks, "
    "paragraphs, sentences, languages, or none): JSONL keeps only these (default all); "
    "CSV/Parquet add them as JSON columns (default none)."))]
ExportLimit = Annotated[int | None, Query(ge=1, le=10_000_000,
                                          description="At most this many articles.")]


@router.get("/export", summary="Export articles (streamed JSONL, CSV or Parquet)",
            response_class=StreamingResponse,
            responses={200: {"content": {t: {} for t in export_app.MEDIA_TYPES.values()}},
                       422: {"description": "Invalid parameter (E_INVALID_QUERY)"},
                       503: {"description": "Database unavailable (E_STORE)"}})
def export(access: Access, format: Format = "jsonl", q: QueryText = "",  # noqa: A002
           outlet: Outlet = None, section: Section = None, language: Language = None,
           entity: Entity = None, since: Since = None, until: Until = None,
           layers: Layers = None, limit: ExportLimit = None) -> StreamingResponse:
    """Every article matching the search (words and the search filters; nothing = the whole
    store), in ingest order, as ``format``; schemas in ``docs/export.md``. Sent as an
    attachment ``mawsua-export.{jsonl,csv,parquet}``.

    Raises:
        HTTPException: 422 for an unknown layer or ``since`` after ``until``; 503 when the
            database cannot be opened.
    """
    try:
        check_range(since, until)
        wanted = export_app.parse_layers(layers)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    query = SearchQuery(text=q.strip(), outlet=outlet, section=section, language=language,
                        entity=entity, since=since, until=until)
    try:
        store = access.opener(access.db_path)
    except Exception as exc:  # any opener failure means "no database to read"
        raise StoreUnavailable(f"cannot open the database {access.db_path}: {exc}") from exc
    try:
        first = export_app.chunks(store, query, format, wanted, limit=limit)
    except ValueError as exc:
        store.close()
        raise HTTPException(422, str(exc)) from None
    return StreamingResponse(
        _closing(store, first), media_type=export_app.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="mawsua-export.{format}"'})


def _closing(store: Any, chunks: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()

