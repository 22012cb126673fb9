"""A bounded memo of a pure function of strings, in two generations (an LRU at a fraction of
its bookkeeping).

A key is looked up in the new generation (``memo.new.get(key)``: the caller's fast path, a
plain dict look-up), then in the old one (and moved to the new one), else computed; when the
new generation is full it becomes the old one and the previous old one is dropped. Frequent
keys so stay, and a process that runs for days computes each new key once per stretch of
use, never at every use, holding at most ``2 * size`` keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class Generations(Generic[V]):
    """Memo of ``fn`` (``str -> V``, pure, never ``None``) in two generations of ``size`` keys.

    Use: ``got = memo.new.get(k)``, then ``memo.miss(k)`` when it is ``None``
    (:meth:`__call__` does both)."""

    __slots__ = ("fn", "size", "new", "old")

    def __init__(self, fn: Callable[[str], V], size: int) -> None:
        self.fn = fn
        self.size = size
        self.new: dict[str, V] = {}
        self.old: dict[str, V] = {}

    def __call__(self, k: str) -> V:
        """``fn(k)``, memoised."""
        got = self.new.get(k)
        return got if got is not None else self.miss(k)

    def miss(self, k: str) -> V:
        """``fn(k)`` for a key not in the new generation: moved from the old one or computed,
        then stored in the new one (which first becomes the old one when full)."""
        got = self.old.get(k)
        if got is None:
            got = self.fn(k)
        if len(self.new) >= self.size:
            self.old, self.new = self.new, {}
        self.new[k] = got
        return got

    def clear(self) -> None:
        """Forget every key."""
        self.new, self.old = {}, {}
