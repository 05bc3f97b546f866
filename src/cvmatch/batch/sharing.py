"""Worker processes share what is read-only, and give back what one document took.

With the ``fork`` start method the parent builds the extractor once and every worker
inherits its memory page by page, copied only when written. Two things write pages
nobody changes: Python's cyclic garbage collector (it marks every object it tracks,
in place) and imports done after the fork (each worker then holds its own copy of the
PDF readers' modules). So before forking, :func:`prepare_fork` imports the readers and
moves every object alive into the collector's permanent generation
(:func:`gc.freeze`), which it never visits. The matcher's arrays are memory-mapped from
the disk cache (:mod:`cvmatch.taxonomy.store`), so they are shared under ``spawn`` and
``forkserver`` too.

After each document a worker calls :func:`release`: the collector frees the cycles
the document left, and glibc's ``malloc_trim`` returns the freed heap to the system,
so a worker's memory is its start plus one document, not its largest document so far.
What still grows (spaCy's vocabulary keeps every new word it has seen, for good) is
bounded by recycling: a worker whose anonymous resident memory has grown :data:`RECYCLE_BYTES`
past its start (:func:`outgrown`) makes way for a fresh one, forked from the warm
parent in milliseconds, so memory is flat however many documents a batch has.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import importlib
import os
from collections.abc import Callable

__all__ = ["RECYCLE_BYTES", "outgrown", "prepare_fork", "release", "resident_bytes", "thaw"]

#: Growth of a worker's resident memory past its start after which it is replaced.
RECYCLE_BYTES = 8 * 2**20
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
#: Reader modules a worker would import on its first document (optional ones may miss).
_READERS = ("pypdfium2", "cvmatch.reading.pdf", "cvmatch.reading.formats")


def prepare_fork() -> None:
    """In the parent, once the job is warm and before the first fork: import the
    readers, collect, and freeze what is alive so that forked workers share it."""
    for name in _READERS:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(ImportError, AttributeError):
        from cvmatch.reading.pdf import _quiet_pdfminer  # imports every pdfminer module

        with _quiet_pdfminer():
            pass
    gc.collect()
    gc.freeze()


def thaw() -> None:
    """In the parent, once its workers are gone: let the collector see the frozen
    objects again, so what they leave behind can be freed."""
    gc.unfreeze()


def release() -> None:
    """In a worker, after a document: free its cycles and hand freed heap back."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` where the C library has none (macOS, musl,
    Windows)."""
    try:
        return ctypes.CDLL(None).malloc_trim  # the symbols the process has loaded
    except (OSError, AttributeError, TypeError):
        return None


def resident_bytes() -> int | None:
    """This process's resident anonymous memory (bytes: resident less file-backed, so
    the memory-mapped tables it reads do not count), or ``None`` without ``/proc``."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            fields = handle.read().split()
        return (int(fields[1]) - int(fields[2])) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def outgrown(start: int | None) -> bool:
    """Whether this worker's resident memory grew :data:`RECYCLE_BYTES` past ``start``
    (what :func:`resident_bytes` said when it became ready)."""
    now = resident_bytes()
    return start is not None and now is not None and now - start > RECYCLE_BYTES
