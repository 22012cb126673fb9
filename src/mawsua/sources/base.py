"""What every reader yields: a :class:`~mawsua.model.raw.RawItem` per record, or a failure
outcome. The record type and its helpers live in :mod:`mawsua.model.raw` (shared with the
extract stage); kept here under their old names for the readers and older callers."""

from mawsua.model.raw import RawItem, path_text, safe_text

__all__ = ["RawItem", "path_text", "safe_text"]
