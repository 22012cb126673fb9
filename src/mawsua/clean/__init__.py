"""clean stage: repairs of the text done as edits (offsets kept through an alignment).

Public API: :func:`clean` (Unicode hygiene, :mod:`mawsua.clean.hygiene`).
"""

from mawsua.clean.hygiene import char_edits, clean, line_edits

__all__ = ["char_edits", "clean", "line_edits"]
