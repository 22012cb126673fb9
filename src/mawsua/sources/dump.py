"""The aggregator dump format: the parser lives in :mod:`mawsua.model.dump` (shared with the
extract stage); its names are kept here for older callers."""

from mawsua.model.dump import BREADCRUMB_RE, HEADER_RE, DumpParts, looks_like_dump, parse_dump

__all__ = ["BREADCRUMB_RE", "HEADER_RE", "DumpParts", "looks_like_dump", "parse_dump"]
