"""Many documents in, one result per document out: in input order, in parallel, nothing lost.

The generators :func:`iter_extracts`, :func:`iter_scores` and :func:`iter_matches`
yield one result model per input, in the order given, also for an input that failed
(a :class:`~cvmatch.models.FailedResult`, ``ok=False``, with a typed error). They hold
only the results that are done but not yet due, so memory stays flat however many
inputs there are.

With ``jobs=1`` the work runs in this process: the per-file time limit is checked
between pages and blocks, and ``SIGALRM`` is armed only if the caller asks
(``alarm=True``, for a process it owns). With ``jobs>1`` it runs in worker processes,
each building its extractor once and arming ``SIGALRM`` in its own process; a file
that takes longer than ``timeout`` seconds gets a ``DocumentTimeout`` row, its worker
is stopped and replaced, and the batch goes on. A worker that crashes on a file costs
that file a failed row, never the batch.

Examples
--------
>>> from cvmatch.batch import iter_matches, to_csv
>>> to_csv(iter_matches("posting.txt", ["applicants/"], jobs=2), "matches.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import collections
import dataclasses
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from cvmatch._shims import moved
from cvmatch.api import PreparedPosting, read_posting
from cvmatch.batch.inputs import expand_sources
from cvmatch.batch.job import Job, Result, Source, source_name
from cvmatch.errors import InvalidInput, WorkerStartError
from cvmatch.models import Document, ErrorInfo, ExtractLine, MatchLine, ScoreLine
from cvmatch.taxonomy import TaxonomyArgument, resolve_taxonomy

__all__ = ["DEFAULT_TIMEOUT", "iter_extracts", "iter_matches", "iter_scores", "run_job"]

#: Seconds one file may take, reading and analysis together, before it is given up.
DEFAULT_TIMEOUT = 60.0
#: Extra seconds a worker gets beyond ``timeout`` to report the reader's own timeout
#: before it is stopped from outside.
KILL_GRACE = 5.0
#: Times workers may die before their first file before the batch gives up.
MAX_START_FAILURES = 3

Request = tuple[int, Source]


# --- worker processes --------------------------------------------------------------------
def _worker_main(conn: Connection, job: Job) -> None:
    """A worker: build the extractor once, then answer ``(index, source)`` requests."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        job.warm_up()
    except BaseException as exc:  # reported to the parent, which raises
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        index, source = request
        conn.send(("done", index, job.run(source)))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    started: float = 0.0  # when the first outstanding request began
    outstanding: collections.deque[Request] = field(default_factory=collections.deque)


#: Imported once by the fork server, so that every worker starts with them loaded.
_PRELOAD = ["cvmatch.batch.pool", "sklearn.feature_extraction.text", "sklearn.metrics.pairwise"]


def _default_start_method() -> str:
    """``fork`` when this process has a single thread (workers then start instantly with
    the parent's warm extractor), else ``forkserver`` (fork is unsafe beside threads),
    else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"  # (macOS system libraries are not fork-safe)
    return "forkserver" if "forkserver" in methods else "spawn"


class _Pool:
    """``jobs`` worker processes, each with its own pipe, so one can be replaced alone."""

    def __init__(self, job: Job, jobs: int, start_method: str | None) -> None:
        self.job = job
        self.context = multiprocessing.get_context(start_method or _default_start_method())
        if self.context.get_start_method() == "forkserver":
            self.context.set_forkserver_preload(_PRELOAD)
        elif self.context.get_start_method() == "fork":
            job.warm_up()  # once here; every forked worker inherits it
        self.start_failures = 0
        self.workers: list[_Worker] = [self.start() for _ in range(jobs)]

    def start(self) -> _Worker:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_worker_main, args=(child, self.job), daemon=True, name="cvmatch-worker"
        )
        process.start()
        child.close()
        return _Worker(process=process, conn=parent)

    def replace(self, worker: _Worker) -> _Worker:
        self.stop(worker, force=True)
        fresh = self.start()
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    @staticmethod
    def stop(worker: _Worker, *, force: bool = False) -> None:
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
        worker.conn.close()

    def close(self, *, force: bool = False) -> None:
        for worker in self.workers:
            self.stop(worker, force=force)
        self.workers = []


class _Scheduler:
    """Hands inputs to workers, collects their results and yields them in input order.

    At most ``max_ahead`` inputs are in flight or done-but-not-due, so memory stays flat.
    A worker past ``kill_after`` seconds on one file is replaced; its file gets a
    ``DocumentTimeout`` row and the files queued behind it are handed out again.
    """

    def __init__(
        self, pool: _Pool, sources: Iterable[Source], *, prefetch: int, timeout: float | None
    ) -> None:
        self.pool = pool
        self.pending = enumerate(sources)
        self.prefetch = prefetch
        self.timeout = timeout
        self.kill_after = None if timeout is None else timeout + KILL_GRACE
        self.max_ahead = max(64, len(pool.workers) * prefetch * 8)
        self.retry: collections.deque[Request] = collections.deque()
        self.done: dict[int, Result] = {}
        self.next_emit = self.next_index = 0
        self.exhausted = False

    def __iter__(self) -> Iterator[Result]:
        while True:
            while self.next_emit in self.done:
                yield self.done.pop(self.next_emit)
                self.next_emit += 1
            self._feed()
            if self.exhausted and not self.retry and self.next_emit == self.next_index:
                return
            ready = wait([w.conn for w in self.pool.workers], timeout=0.5)
            now = time.monotonic()
            for conn in ready:
                self._receive(next(w for w in self.pool.workers if w.conn is conn), now)
            if self.kill_after is not None:
                self._stop_overdue(now)

    def _take(self) -> Request | None:
        if self.retry:
            return self.retry.popleft()
        if self.exhausted or self.next_index - self.next_emit >= self.max_ahead:
            return None
        try:
            item = next(self.pending)
        except StopIteration:
            self.exhausted = True
            return None
        self.next_index += 1
        return item

    def _feed(self) -> None:
        for worker in self.pool.workers:
            while len(worker.outstanding) < self.prefetch:
                item = self._take()
                if item is None:
                    break
                if not worker.outstanding:
                    worker.started = time.monotonic()
                worker.outstanding.append(item)
                try:
                    worker.conn.send(item)
                except OSError:  # it died: the next wait() reports why, _lost re-sends
                    break

    def _receive(self, worker: _Worker, now: float) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._lost(worker)
            return
        if message[0] == "ready":
            worker.ready, worker.started = True, now
        elif message[0] == "failed":
            raise WorkerStartError(f"a cvmatch worker could not start: {message[1]}")
        else:
            _, index, result = message
            worker.outstanding.popleft()
            self.done[index] = result
            worker.started = now

    def _stop_overdue(self, now: float) -> None:
        for worker in list(self.pool.workers):
            if worker.ready and worker.outstanding and now - worker.started > self.kill_after:  # type: ignore[operator]
                index, source = worker.outstanding.popleft()
                message = (
                    f"{source_name(source)}: reading and analysing took longer than "
                    f"{self.timeout:g} s, so it was skipped; check the file or allow more "
                    "time (--timeout)"
                )
                self.done[index] = self.pool.job.failed(
                    source, ErrorInfo(type="DocumentTimeout", message=message)
                )
                self.retry.extendleft(reversed(worker.outstanding))
                self.pool.replace(worker)

    def _lost(self, worker: _Worker) -> None:
        """A worker died: the request it was on gets a failed row, the rest are re-sent."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if not worker.ready:  # died before its first file: no file is to blame
            self.pool.start_failures += 1
            if self.pool.start_failures > MAX_START_FAILURES:
                raise WorkerStartError(
                    f"cvmatch workers keep dying on start-up (exit code {code}); "
                    "run with jobs=1 to see the error"
                )
            self.retry.extendleft(reversed(worker.outstanding))
            worker.outstanding.clear()
        if worker.outstanding:
            index, source = worker.outstanding.popleft()
            message = (
                f"{source_name(source)}: the reader crashed on this file (worker exit "
                f"code {code}); check the file or convert it to another format"
            )
            self.done[index] = self.pool.job.failed(
                source, ErrorInfo(type="UnreadableDocument", message=message)
            )
            self.retry.extendleft(reversed(worker.outstanding))
            worker.outstanding.clear()
        self.pool.replace(worker)


def _iter_workers(
    job: Job,
    sources: Iterable[Source],
    *,
    jobs: int,
    timeout: float | None,
    prefetch: int,
    start_method: str | None,
) -> Iterator[Result]:
    pool = _Pool(job, jobs, start_method)
    force = True
    try:
        yield from _Scheduler(pool, sources, prefetch=prefetch, timeout=timeout)
        force = False
    finally:
        pool.close(force=force)


def _iter_in_process(job: Job, sources: Iterable[Source]) -> Iterator[Result]:
    for source in sources:
        yield job.run(source)


def run_job(
    job: Job,
    paths: Iterable[Source] | Source,
    *,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    prefetch: int = 4,
    start_method: str | None = None,
    expand: bool = True,
    alarm: bool = False,
) -> Iterator[Result]:
    """Run ``job`` on every input: in this process (``jobs=1``) or in worker processes.

    Workers always arm ``SIGALRM`` for the time limit (they own their process); this
    process does only when ``alarm`` is true.
    """
    if timeout is not None and timeout <= 0:
        raise InvalidInput("timeout must be a positive number of seconds, or None")
    if prefetch < 1:
        raise InvalidInput("prefetch must be at least 1")
    if isinstance(paths, (str, os.PathLike, Document)):
        paths = [paths]
    sources: Iterable[Source] = expand_sources(paths) if expand else paths
    jobs = jobs or os.cpu_count() or 1
    in_workers = jobs > 1
    limits = dataclasses.replace(job.limits, timeout_seconds=timeout, alarm=alarm or in_workers)
    job = dataclasses.replace(job, limits=limits)
    if not in_workers:
        return _iter_in_process(job, sources)
    if job.taxonomy is None:  # workers use exactly this process's taxonomy
        job = dataclasses.replace(job, taxonomy=resolve_taxonomy(None))
    return _iter_workers(
        job, sources, jobs=jobs, timeout=timeout, prefetch=prefetch, start_method=start_method
    )


# --- public generators ---------------------------------------------------------------------
_DOC_BATCH = """
    Parameters
    ----------
    paths
        Files, folders (searched recursively) and globs, or :class:`Document` objects.
        A string is always a path here, never a document's text.
    jobs
        Worker processes; 1 (default) works in this process, 0 uses every CPU.
    timeout
        Seconds one file may take before it gets a ``DocumentTimeout`` row (``None``:
        no limit).
    prefetch
        Requests queued per worker, so that no worker waits for the next file.
    start_method
        ``multiprocessing`` start method for workers (default ``fork`` on Linux when
        this process has one thread, else ``forkserver`` where available, else ``spawn``).
    expand
        Expand folders and globs with :func:`cvmatch.batch.inputs.expand_paths` (default).
    blind
        Mask names, e-mail addresses, phone numbers and dates of birth before anything
        reads a resume; see :mod:`cvmatch.reading.privacy`.
    alarm
        With ``jobs=1``, also interrupt long work inside one page with ``SIGALRM``. Only
        for a process you own (a script, the CLI), never a notebook or a threaded server;
        worker processes always do it in their own process.
"""


def iter_extracts(
    paths: Iterable[Source] | Source,
    *,
    kind: str | None = None,
    taxonomy: TaxonomyArgument = None,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    prefetch: int = 4,
    start_method: str | None = None,
    expand: bool = True,
    blind: bool = False,
    alarm: bool = False,
) -> Iterator[ExtractLine]:
    """One :class:`ExtractResult` (or ``FailedExtract``) per input, in input order."""
    job = Job("extract", kind=kind, taxonomy=resolve_taxonomy(taxonomy), blind=blind)
    results = run_job(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,
        start_method=start_method,
        expand=expand,
        alarm=alarm,
    )
    return cast("Iterator[ExtractLine]", results)


def iter_scores(
    paths: Iterable[Source] | Source,
    *,
    kind: str | None = None,
    roles: Sequence[str] | None = None,
    taxonomy: TaxonomyArgument = None,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    prefetch: int = 4,
    start_method: str | None = None,
    expand: bool = True,
    blind: bool = False,
    alarm: bool = False,
) -> Iterator[ScoreLine]:
    """One :class:`ScoreResult` (all roles, best first) or ``FailedScore`` per input, in
    input order."""
    roles_asked = tuple(roles) if roles else None
    job = Job(
        "score", kind=kind, roles=roles_asked, taxonomy=resolve_taxonomy(taxonomy), blind=blind
    )
    results = run_job(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,
        start_method=start_method,
        expand=expand,
        alarm=alarm,
    )
    return cast("Iterator[ScoreLine]", results)


def iter_matches(
    posting: Document | PreparedPosting | str | os.PathLike[str] | bytes,
    paths: Iterable[Source] | Source,
    *,
    taxonomy: TaxonomyArgument = None,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    prefetch: int = 4,
    start_method: str | None = None,
    expand: bool = True,
    blind: bool = False,
    alarm: bool = False,
) -> Iterator[MatchLine]:
    """One :class:`MatchResult` (or ``FailedMatch``) per resume against ``posting``, in
    input order.

    ``posting`` is read once (a path, text, a Document, or what
    :func:`cvmatch.api.read_posting` returned); a posting that cannot be read raises
    ``CvmatchError`` here, before any resume is read. ``rank`` is left unset: feed the
    results to :class:`cvmatch.batch.Ranking` to rank them.
    """
    tax = resolve_taxonomy(taxonomy)
    prepared = posting if isinstance(posting, tuple) else read_posting(posting, taxonomy=tax)
    job = Job("match", taxonomy=tax, posting=prepared, blind=blind)
    results = run_job(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,
        start_method=start_method,
        expand=expand,
        alarm=alarm,
    )
    return cast("Iterator[MatchLine]", results)


for _function in (iter_extracts, iter_scores, iter_matches):
    _function.__doc__ = (_function.__doc__ or "") + "\n" + _DOC_BATCH


__getattr__ = moved(
    __name__,
    {
        "Ranking": ("cvmatch.batch.ranking", "Ranking", "cvmatch.batch.Ranking"),
        "COLUMNS": ("cvmatch.batch.export", "COLUMNS", "cvmatch.batch.export.COLUMNS"),
        "ResultCsvWriter": (
            "cvmatch.batch.export",
            "ResultCsvWriter",
            "cvmatch.batch.export.ResultCsvWriter",
        ),
        "result_rows": ("cvmatch.batch.export", "result_rows", "cvmatch.batch.export.result_rows"),
        "to_csv": ("cvmatch.batch.export", "to_csv", "cvmatch.batch.to_csv"),
        "to_dataframe": ("cvmatch.batch.export", "to_dataframe", "cvmatch.batch.to_dataframe"),
    },
)
