"""Which tables loaded before the fork do the ingest workers un-share? (issue 15, memory)

Usage: python bench/bench_unshare.py [--articles 300]

Runs :func:`mawsua.app.ingest.preload` and ``gc.freeze()`` as ``mawsua ingest`` does, notes
the memory pages that hold the objects of each module-level table of ``mawsua`` (globals,
and the results of argument-less cached loaders such as ``gazetteer.names()``), forks one
worker that runs ``--articles`` corpus records through
:func:`~mawsua.app.ingest.process_for_store`, then compares the physical page frame of
every such page in the worker and in the parent (``/proc/PID/pagemap``, needs root): a page
whose frame differs was copied by the worker (a reference count or a cache written), so the
worker pays for it in private memory. Objects outside ``mawsua``'s tables (modules, code,
libraries' data) are summed as one row ("other gc objects" covers only containers).

Prints, per table: MB of its pages un-shared, MB of pages it lies on, objects; then the
worker's private memory and how much of it is new (allocated after the fork).
A page shared by two tables counts for both.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import itertools
import os
import struct
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CORPUS  # noqa: E402

from mawsua.app.ingest import preload, process_for_store, tune_gc  # noqa: E402
from mawsua.sources import read_bytes  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
_SKIP = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType,
         types.MethodType)


def _graph(root: object, seen: set[int]) -> list[int]:
    """Addresses of the objects reachable from ``root`` through containers, instance
    dicts and slots, not already in ``seen`` (which is updated)."""
    stack, out = [root], []
    while stack:
        x = stack.pop()
        if id(x) in seen or isinstance(x, _SKIP):
            continue
        seen.add(id(x))
        out.append(id(x))
        if isinstance(x, dict):
            stack += [*x.keys(), *x.values()]
        elif isinstance(x, (list, tuple, set, frozenset)):
            stack += list(x)
        elif hasattr(x, "__dict__"):
            stack.append(x.__dict__)
        else:
            for c in type(x).__mro__:
                for s in getattr(c, "__slots__", ()):
                    try:
                        stack.append(getattr(x, s))
                    except AttributeError:
                        pass
    return out


def tables() -> dict[str, list[int]]:
    """Object addresses of each table of the loaded ``mawsua`` modules (module docstring)."""
    out: dict[str, list[int]] = {}
    seen: set[int] = set()
    for name, mod in sorted(sys.modules.items()):
        if not name.startswith("mawsua") or mod is None:
            continue
        for k, v in list(vars(mod).items()):
            if isinstance(v, (types.ModuleType, type)):
                continue
            if hasattr(v, "cache_info") and hasattr(v, "__wrapped__"):
                info = v.cache_info()
                params = inspect.signature(v.__wrapped__).parameters.values()
                if info.currsize and info.maxsize is None and all(
                        p.default is not p.empty for p in params):
                    out[f"{name}.{k}()"] = _graph(v(), seen)
                continue
            if not isinstance(v, (types.FunctionType, types.BuiltinFunctionType)):
                got = _graph(v, seen)
                if len(got) > 200:
                    out[f"{name}.{k}"] = got
    out["<other gc objects>"] = [id(o) for o in gc.get_objects() if id(o) not in seen]
    return out


def _frames(pid: int | str, pages: list[int]) -> list[int | None]:
    """Physical frame of each virtual page of ``pid`` (``None`` when not present)."""
    got: list[int | None] = []
    with open(f"/proc/{pid}/pagemap", "rb") as f:
        for p in pages:
            f.seek(p * 8)
            e = struct.unpack("Q", f.read(8))[0]
            got.append(e & ((1 << 55) - 1) if e >> 63 else None)
    return got


def _rollup(pid: int | str) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        k, _, v = line.partition(":")
        if v.strip().endswith("kB"):
            out[k] = int(v.split()[0]) / 1024
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()
    with CORPUS.open("rb") as f:
        records = list(itertools.islice(f, 500, 500 + args.articles))
    preload()
    gc.collect()
    pages = {k: sorted({a // PAGE for a in v}) for k, v in tables().items()}
    counts = {k: len(v) for k, v in tables().items()}
    gc.freeze()
    parent, anon = os.getpid(), _rollup("self")["Anonymous"]
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)
        return
    tune_gc()
    for line in records:
        for item in read_bytes(line, where="bench.jsonl"):
            process_for_store(item)
    rows = []
    for k, pg in pages.items():
        mine, theirs = _frames("self", pg), _frames(parent, pg)
        moved = sum(1 for a, b in zip(mine, theirs, strict=True)
                    if a is not None and b is not None and a != b)
        rows.append((moved, len(pg), counts[k], k))
    for moved, n, objs, k in sorted(rows, reverse=True)[:25]:
        print(f"{moved * PAGE / 2**20:7.2f} MB un-shared of {n * PAGE / 2**20:7.2f} MB "
              f"({objs:>6} objects)  {k}")
    r = _rollup("self")
    new = r["Anonymous"] - anon
    print(f"worker after {args.articles} articles: private {r['Private_Dirty']:.1f} MB, of which "
          f"~{new:.1f} MB allocated after the fork and ~{r['Private_Dirty'] - new:.1f} MB "
          "copied from the parent")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
