"""An on-disk cache of numpy arrays compiled from a taxonomy, shared by processes.

Compiling the matcher (every inflected alias tokenised, tries and lookup tables) takes
seconds; the result is plain arrays, so it is kept on disk and read back in
milliseconds, by a CLI call, a worker process, another Python session. Each entry is a
folder named by a key (a hash of everything that shapes the arrays) holding one
``.npy`` file per array and a ``meta.json`` listing them:

* arrays only, read with ``allow_pickle=False`` (never pickle) and memory-mapped
  read-only, so processes that read one entry share its pages;
* written into a temporary folder that is then renamed into place, so a reader sees a
  whole entry or none, and of two concurrent writers one wins and the other discards
  its copy;
* an entry that cannot be read back whole (truncated, edited, missing a file) counts
  as absent: the caller rebuilds it, and the new entry replaces the broken one;
* where: ``CVMATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/cvmatch``, else
  ``~/.cache/cvmatch``; ``CVMATCH_CACHE_DIR=off`` (or ``none``, ``0``, empty) turns it
  off. A folder that cannot be written is no error: the arrays are simply built in
  memory each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy

__all__ = ["CACHE_ENV", "KEEP", "cache_root", "cached_json", "load_arrays", "save_arrays"]

#: The environment variable naming the cache folder (or ``off``).
CACHE_ENV = "CVMATCH_CACHE_DIR"
_OFF = frozenset({"", "off", "none", "0", "false", "no"})
_META = "meta.json"
#: Entries of one kind kept at most (the least recently used go first).
KEEP = 4
_FORMAT = 1


def cache_root() -> Path | None:
    """The cache folder in force, or ``None`` when caching is turned off."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in _OFF else Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cvmatch"


def _entry(kind: str, key: str, root: Path | None) -> Path | None:
    root = cache_root() if root is None else root
    return None if root is None else root / f"{kind}-{key}"


def load_arrays(kind: str, key: str, root: Path | None = None) -> dict[str, numpy.ndarray] | None:
    """The arrays saved under ``kind`` and ``key`` (memory-mapped, read-only), or
    ``None`` when there is no whole entry (absent, broken, caching off)."""
    folder = _entry(kind, key, root)
    if folder is None:
        return None
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        if meta.get("format") != _FORMAT or meta.get("key") != key:
            return None
        with contextlib.suppress(OSError):
            os.utime(folder)  # recently used: the last to be evicted
        arrays = {}
        for name, shape, dtype in meta["arrays"]:
            mode = "r" if numpy.prod(shape) else None  # an empty file cannot be mapped
            array = numpy.load(folder / f"{name}.npy", mmap_mode=mode, allow_pickle=False)
            if list(array.shape) != shape or array.dtype.str != dtype:
                return None
            arrays[name] = array
        return arrays
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def save_arrays(
    kind: str, key: str, arrays: Mapping[str, numpy.ndarray], root: Path | None = None
) -> bool:
    """Save ``arrays`` under ``kind`` and ``key``; whether an entry is in place after
    (``False``: caching off or the folder not writable, which is no error)."""
    folder = _entry(kind, key, root)
    if folder is None:
        return False
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{kind}-", dir=folder.parent))
    except OSError:
        return False
    try:
        listing = []
        for name, array in arrays.items():
            array = numpy.ascontiguousarray(array)
            numpy.save(scratch / f"{name}.npy", array, allow_pickle=False)
            listing.append([name, list(array.shape), array.dtype.str])
        meta = {"format": _FORMAT, "key": key, "arrays": listing}
        (scratch / _META).write_text(json.dumps(meta), encoding="utf-8")
        published = _publish(scratch, folder, kind, key, root)
    except OSError:
        return False
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _evict(folder.parent, kind)
    return published


def _evict(root: Path, kind: str) -> None:
    """Remove all but the :data:`KEEP` most recently used entries of ``kind`` (each
    taxonomy, version or edited checkout makes one; a process that has one mapped
    keeps reading it)."""
    with contextlib.suppress(OSError):
        entries = sorted(
            (p for p in root.glob(f"{kind}-*") if p.is_dir()),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for stale in entries[KEEP:]:
            shutil.rmtree(stale, ignore_errors=True)


def _publish(scratch: Path, folder: Path, kind: str, key: str, root: Path | None) -> bool:
    """Rename the written ``scratch`` folder to ``folder``, unless a whole entry is
    there already (a concurrent writer won); a broken entry is moved aside first."""
    for _ in range(2):
        try:
            os.rename(scratch, folder)
            return True
        except OSError:
            if load_arrays(kind, key, root) is not None:
                return True  # another writer's whole entry: ours is not needed
            aside = Path(tempfile.mkdtemp(prefix=f".broken-{kind}-", dir=folder.parent))
            with contextlib.suppress(OSError):
                os.rename(folder, aside / "entry")  # a broken entry: out of the way
            shutil.rmtree(aside, ignore_errors=True)
    return False


def cached_json(kind: str, text: str, build: Callable[[str], Any]) -> Any:
    """``build(text)`` (a JSON value, e.g. a parsed TOML file), read from the cache when
    the same text was built before: ``json`` reads in C what ``tomllib`` parses in
    Python. What ``build`` raises is raised; a value JSON cannot hold is not kept."""
    root = cache_root()
    key = hashlib.sha256(f"{kind}\0{_FORMAT}\0{text}".encode()).hexdigest()[:40]
    path = None if root is None else root / f"{kind}-{key}.json"
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            return json.loads(path.read_text(encoding="utf-8"))
    value = build(text)
    if path is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):
            _write_atomically(path, json.dumps(value, ensure_ascii=False))
    return value


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` under a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
