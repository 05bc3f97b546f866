"""Chunks of postings through worker processes, results back in input order, memory bounded.

:func:`~cvmatch.analytics.analyze_postings` with ``n_jobs > 1`` hands chunks of postings
to a ``concurrent.futures.ProcessPoolExecutor``. Each worker builds its extractor once
(with ``fork`` it inherits the parent's, already built); at most two chunks per worker
are in flight or done but not yet due, so a long stream of postings never sits in memory
whole. ``fork`` is used on Linux while this process has one thread (workers then start
at once), else ``forkserver`` or ``spawn``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from cvmatch.errors import InvalidInput, WorkerDied

__all__ = ["ChunkPool", "chunks", "resolve_n_jobs"]

T = TypeVar("T")
R = TypeVar("R")

#: Chunks each worker may have in flight or waiting to be collected.
_AHEAD_PER_WORKER = 2


def resolve_n_jobs(n_jobs: int | None) -> int:
    """Worker count from an ``n_jobs=`` argument: ``None`` or 1 is this process alone, -1
    every CPU this process may use, -2 all but one, ... (as in scikit-learn)."""
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
        raise InvalidInput(f"n_jobs must be a non-zero integer or None, not {n_jobs!r}")
    if n_jobs > 0:
        return n_jobs
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, (cpus or 1) + 1 + n_jobs)


def chunks(iterable: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last one shorter), read lazily."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _start_method() -> str:
    """``fork`` on Linux while single-threaded (fork beside threads can deadlock), else
    ``forkserver``, else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _ready() -> None:
    """A no-op task: its answer says the workers are up."""


class ChunkPool:
    """``n_jobs`` worker processes, each set up once by ``initializer(*initargs)``.

    The workers are started by the constructor, before the caller starts any thread of its
    own (a progress bar's), so that ``fork`` stays safe. Use as a context manager.
    """

    def __init__(
        self, n_jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
    ) -> None:
        context = multiprocessing.get_context(_start_method())
        self.n_jobs = n_jobs
        self._executor = ProcessPoolExecutor(
            n_jobs, mp_context=context, initializer=initializer, initargs=initargs
        )
        try:
            self._executor.submit(_ready).result()  # with fork, every worker starts here
        except BrokenProcessPool as exc:
            self.close()
            raise _died(exc) from exc

    def map(self, function: Callable[..., R], work: Iterable[T], *args: Any) -> Iterator[R]:
        """``function(chunk, *args)`` for each chunk of ``work``, computed in the workers
        and yielded in the order of ``work``."""
        waiting: deque[Future[R]] = deque()
        limit = self.n_jobs * _AHEAD_PER_WORKER
        try:
            for chunk in work:
                waiting.append(self._executor.submit(function, chunk, *args))
                if len(waiting) >= limit:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
        except BrokenProcessPool as exc:
            raise _died(exc) from exc
        finally:
            for future in waiting:
                future.cancel()

    def close(self) -> None:
        """Stop the workers (pending chunks are cancelled)."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ChunkPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _died(exc: BaseException) -> WorkerDied:
    return WorkerDied(
        f"a worker process of analyze_postings stopped unexpectedly ({exc}); it may have run "
        "out of memory or been killed: run again with fewer n_jobs, or with n_jobs=1 to see "
        "which posting fails"
    )
