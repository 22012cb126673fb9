"""`read`: process files without storing them (the JSON contract, one object per article)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from mawsua.app.ingest import iter_items, process_all
from mawsua.app.pipeline import Processed
from mawsua.errors import Failed, Ok, Skipped
from mawsua.model import article_to_dict


def read_paths(paths: Iterable[str | os.PathLike[str]], *, workers: int = 1,
               max_bytes: int | None = None) -> Iterator[Ok[Processed] | Skipped | Failed]:
    """Outcomes for every record of ``paths``, in input order."""
    return process_all(iter_items(paths, max_bytes), workers)


def article_json(p: Processed) -> dict[str, Any]:
    """The JSON contract of one processed article (see ``mawsua.model.json``)."""
    return article_to_dict(p.article)
