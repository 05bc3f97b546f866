"""Worker processes of a batch: each reads documents under an address-space limit.

A reader can be made to allocate without bound inside C code (pdfium drawing forms
that draw each other, lxml building a tree of millions of elements), where neither a
time limit nor a ``MemoryError`` can stop it in time. So every document that is not
plain text is read in a worker process whose address space is capped with
``RLIMIT_AS`` once it has started: its size then, plus
``ReadLimits.max_memory_bytes`` for the document. When a document needs more:

* Python code gets a ``MemoryError``, which :meth:`~cvmatch.batch.job.Job.run` turns
  into a ``DocumentTooLarge`` row; the worker then retires, so the next document
  starts in a fresh process, not in a fragmented heap;
* C code that cannot allocate crashes the process (pdfium and the C++ runtime abort);
  when the worker had come within half of its limit, the parent writes a
  ``DocumentTooLarge`` row for the document it was reading, naming the limit.

The parent samples each busy worker's peak address space (``VmPeak`` in
``/proc/<pid>/status``, which also holds the peaks between two looks) while it waits.
A worker that crashes far below its limit gets an ``UnreadableDocument`` row saying it
aborted (or crashed) and how much memory it held: the reader failed, not the size; one
stopped from outside (``SIGKILL``, ``SIGTERM``) is ``WorkerDied``, whatever it held.
A worker whose peak passed half its allowance retires after its document, so the
next document's peak is its own.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from cvmatch.batch.job import MEMORY_LIMIT_PHRASE, Job, Result, Source, source_name
from cvmatch.batch.lifecycle import crashed, worker_signals
from cvmatch.batch.sharing import outgrown, prepare_fork, release, resident_bytes, thaw
from cvmatch.errors import InvalidInput
from cvmatch.models import ErrorInfo

try:  # not on Windows
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

__all__ = [
    "Pool",
    "Worker",
    "address_space",
    "limit_address_space",
    "memory_breach",
    "memory_bytes",
    "memory_held",
    "peak_address_space",
]

Request = tuple[int, Source]

#: Imported once by the fork server, so that every worker starts with them loaded.
_PRELOAD = ["cvmatch.batch.pool", "sklearn.feature_extraction.text", "sklearn.metrics.pairwise"]
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
#: Words that mean "no memory limit"; the smallest limit accepted.
_NO_LIMIT = frozenset({"none", "off", "unlimited"})
_MIN_MEMORY = 16 * 2**20


def address_space(pid: int | None = None) -> int | None:
    """Bytes of address space process ``pid`` (default: this one) holds, or ``None``
    where ``/proc`` is not there (or the process is gone)."""
    try:
        with open(f"/proc/{pid or os.getpid()}/statm", "rb") as handle:
            return int(handle.read().split()[0]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?")


def memory_bytes(value: int | str | None) -> int | None:
    """A memory limit in bytes from ``value``: bytes, a size such as ``"2G"``,
    ``"512M"``, ``"1.5GiB"`` (powers of 1024), or ``None`` / ``"none"``: no limit."""
    if value is None or (isinstance(value, str) and value.strip().lower() in _NO_LIMIT):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        match = _SIZE.fullmatch(str(value).strip().upper())
        if match is None:
            raise InvalidInput(
                f"memory limit {value!r} is not a size: give bytes or a number with K, M, "
                "G or T (e.g. 2G, 512M), or none for no limit"
            )
        number = int(float(match.group(1)) * _UNITS[match.group(2)])
    if number < _MIN_MEMORY:
        raise InvalidInput(
            f"memory limit {value!r} is too small: a worker needs at least 16M for a "
            "document (or give none for no limit)"
        )
    return number


def peak_address_space(pid: int | None = None) -> int | None:
    """The largest address space process ``pid`` (default: this one) has held
    (``VmPeak``), or its size now where the kernel does not say, or ``None``."""
    try:
        with open(f"/proc/{pid or os.getpid()}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return address_space(pid)


def limit_address_space(extra: int | None) -> tuple[int, int | None]:
    """Cap this process's address space at its current size plus ``extra`` bytes.

    Returns the size now and the cap set (``None``: no cap: ``extra`` is ``None``, or
    the platform has no ``RLIMIT_AS``). A lower cap already in place is kept.
    """
    now = address_space() or 0
    if extra is None or resource is None or not hasattr(resource, "RLIMIT_AS"):
        return now, None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = now + extra
    for existing in (soft, hard):
        if existing != resource.RLIM_INFINITY:
            cap = min(cap, existing)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):  # pragma: no cover - refused by the platform
        return now, None
    return now, cap


def _retire_after(result: Result, start: int, cap: int | None) -> bool:
    """Whether a worker should make way for a fresh one after ``result``: its memory
    ran out, or its address space kept more than half of its allowance."""
    error = getattr(result, "error", None)
    if error is not None and MEMORY_LIMIT_PHRASE in error.message:
        return True
    if cap is None:
        return False
    peak = peak_address_space() or 0
    return peak - start > (cap - start) / 2


def _worker_main(conn: Connection, job: Job) -> None:
    """A worker: build the extractor once, cap its memory, then answer requests."""
    worker_signals()
    try:
        job.warm_up()
    except BaseException as exc:  # reported to the parent, which raises
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    start, cap = limit_address_space(job.limits.max_memory_bytes)
    start = max(start, peak_address_space() or 0)  # peaks are measured from here
    resident = resident_bytes()  # growth past it retires the worker (cvmatch.batch.sharing)
    conn.send(("ready", start, cap))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        index, source = request
        result = job.run(source)
        release()  # the document's memory back before the next one
        retire = _retire_after(result, start, cap) or outgrown(resident)
        conn.send(("done", index, result, retire))
        del result
        if retire:
            return


@dataclass
class Worker:
    """One worker process, its pipe, its requests, and what is known of its memory."""

    process: Any
    conn: Connection
    ready: bool = False
    started: float = 0.0  # when the first outstanding request began
    outstanding: collections.deque[Request] = field(default_factory=collections.deque)
    start_bytes: int = 0  # address space when it became ready
    cap: int | None = None  # its RLIMIT_AS, if any
    peak: int = 0  # largest address space seen on the current request

    def sample(self) -> None:
        """Note the worker's peak address space (while it is busy)."""
        size = peak_address_space(self.process.pid)
        if size is not None and size > self.peak:
            self.peak = size


def memory_breach(worker: Worker, exitcode: int | None) -> bool:
    """Whether a worker that died on a document ran out of its memory cap: it failed by
    itself (an abort, a crash, an exit code: what C code does when an allocation is
    refused) after its peak address space passed half of its allowance. An abort far
    below the cap, or a kill from outside, is not a breach."""
    if worker.cap is None or not crashed(exitcode):
        return False
    return worker.peak - worker.start_bytes > (worker.cap - worker.start_bytes) / 2


def memory_held(worker: Worker) -> str | None:
    """How much of its memory limit ``worker`` had used at its peak, for a message
    (``None`` when it had no limit)."""
    if worker.cap is None:
        return None
    used = max(0, worker.peak - worker.start_bytes)
    allowance = worker.cap - worker.start_bytes
    return f"{used / 2**20:.0f} MB of its {allowance / 2**30:.1f} GB memory limit"


def breach_error(source: object, worker: Worker) -> ErrorInfo:
    """The ``DocumentTooLarge`` error of a document that took its worker's memory."""
    allowance = (worker.cap or 0) - worker.start_bytes
    message = (
        f"{source_name(source)}: reading it took {MEMORY_LIMIT_PHRASE} the limit of "
        f"{allowance / 2**30:.1f} GB (--max-memory, ReadLimits.max_memory_bytes) and was "
        "stopped; the file expands far beyond its size (or is damaged): check it, or convert it to "
        "another format"
    )
    return ErrorInfo(type="DocumentTooLarge", message=message)


def _default_start_method() -> str:
    """``fork`` when this process has a single thread (workers then start instantly with
    the parent's warm extractor), else ``forkserver`` (fork is unsafe beside threads),
    else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"  # (macOS system libraries are not fork-safe)
    return "forkserver" if "forkserver" in methods else "spawn"


class Pool:
    """``jobs`` worker processes, each with its own pipe, so one can be replaced alone."""

    def __init__(self, job: Job, jobs: int, start_method: str | None) -> None:
        self.job = job
        self.context = multiprocessing.get_context(start_method or _default_start_method())
        if self.context.get_start_method() == "forkserver":
            self.context.set_forkserver_preload(_PRELOAD)
        elif self.context.get_start_method() == "fork":
            job.warm_up()  # once here; every forked worker inherits it
            prepare_fork()  # and shares its pages (see cvmatch.batch.sharing)
        self.start_failures = 0
        self.workers: list[Worker] = [self.start() for _ in range(jobs)]

    def start(self) -> Worker:
        """A new worker process (it reports ``ready`` once warm)."""
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_worker_main, args=(child, self.job), daemon=True, name="cvmatch-worker"
        )
        process.start()
        child.close()
        return Worker(process=process, conn=parent)

    def replace(self, worker: Worker) -> Worker:
        """Stop ``worker`` and put a fresh one in its place."""
        self.stop(worker, force=True)
        fresh = self.start()
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    @staticmethod
    def stop(worker: Worker, *, force: bool = False) -> None:
        """Ask ``worker`` to finish (or kill it, ``force``) and wait for it."""
        if not force:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                force = True
        if not force:
            worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=5)
        with contextlib.suppress(OSError):
            worker.conn.close()

    def close(self, *, force: bool = False) -> None:
        """Stop every worker."""
        for worker in self.workers:
            self.stop(worker, force=force)
        self.workers = []
        thaw()
