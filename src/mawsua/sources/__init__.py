"""Readers: files and URLs in, :class:`RawItem` (or a coded failure) out.

Entry points: :func:`read_path` (a file or a directory) and :func:`read_bytes` (bytes in
memory). Modules: ``files`` (walking, limits, dispatch), ``detect`` (format from content),
``decode`` (BOMs, UTF-8, UTF-16, legacy code pages), ``jsonl`` (streamed JSON Lines),
``dump`` (the aggregator dump's header and breadcrumb).
"""

from mawsua.model.raw import RawItem
from mawsua.sources.files import DEFAULT_MAX_BYTES, read_bytes, read_path

__all__ = ["DEFAULT_MAX_BYTES", "RawItem", "read_bytes", "read_path"]
