"""The worker pool's preload (issue 15): shared tables are read in the parent before fork."""

from __future__ import annotations

import json

from mawsua.app import ingest as ingest_mod
from mawsua.errors import Ok
from mawsua.sources import read_bytes


def test_warm_up_records_go_through_the_whole_pipeline() -> None:
    """Each warm-up record is read and processed to a stored row (a failure would leave the
    tables on its path unread, to be loaded by every worker on its own)."""
    for rec in ingest_mod.WARM_UP:
        data = json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n"
        items = list(read_bytes(data, where="w.jsonl"))
        assert len(items) == 1
        out = ingest_mod.process_for_store(items[0])
        assert isinstance(out, Ok), out
        assert out.value.connect is not None
