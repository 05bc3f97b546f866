"""Many documents in, one result per document out: in input order, in parallel, nothing lost.

The generators :func:`iter_extracts`, :func:`iter_scores` and :func:`iter_matches`
yield one result model per input, in the order given, also for an input that failed
(a :class:`~cvmatch.models.FailedResult`, ``ok=False``, with a typed error). They hold
only the results that are done but not yet due, so memory stays flat however many
inputs there are.

With ``jobs=1`` plain text (``.txt``, ``.md``, :class:`~cvmatch.models.Document`
objects) is read in this process: the per-file time limit is checked between pages and
blocks, and ``SIGALRM`` is armed only if the caller asks (``alarm=True``, for a process
it owns). Every other input (PDF, DOCX, HTML: readers that can be made to allocate
without bound in C code) is read in one worker process with a memory limit, started on
the first such input; with ``jobs>1`` everything runs in worker processes. Each worker
builds its extractor once, caps its address space
(``ReadLimits.max_memory_bytes``, see :mod:`cvmatch.batch.worker`) and arms
``SIGALRM`` in its own process; a file that takes longer than ``timeout`` seconds gets a
``DocumentTimeout`` row, one that takes more memory a ``DocumentTooLarge`` row, its
worker is stopped and replaced, and the batch goes on. A worker that crashes on a file
costs that file a failed row, never the batch.

Examples
--------
>>> from cvmatch.batch import iter_matches, to_csv
>>> to_csv(iter_matches("posting.txt", ["applicants/"], jobs=2), "matches.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import collections
import dataclasses
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.connection import wait
from typing import cast

from cvmatch._shims import moved
from cvmatch.api import PreparedPosting, read_posting
from cvmatch.batch.blinding import Blinding, BlindKey, blinded
from cvmatch.batch.guard import with_input_rows
from cvmatch.batch.inputs import expand_sources
from cvmatch.batch.job import Job, Result, Source, plain_text, source_name
from cvmatch.batch.lifecycle import death_error
from cvmatch.batch.records import RecordTap, RecordTarget, record_tap, recorded
from cvmatch.batch.worker import (
    Pool,
    Worker,
    breach_error,
    memory_breach,
    memory_bytes,
    memory_held,
)
from cvmatch.errors import InvalidInput, WorkerStartError
from cvmatch.models import Document, ErrorInfo, ExtractLine, MatchLine, ScoreLine
from cvmatch.reading import DEFAULT_LIMITS, ReadLimits
from cvmatch.taxonomy import TaxonomyArgument, resolve_taxonomy

__all__ = ["DEFAULT_TIMEOUT", "iter_extracts", "iter_matches", "iter_scores", "run_job"]

#: Seconds one file may take, reading and analysis together, before it is given up.
DEFAULT_TIMEOUT = 60.0
#: Extra seconds a worker gets beyond ``timeout`` to report the reader's own timeout
#: before it is stopped from outside.
KILL_GRACE = 5.0
#: Times workers may die before their first file before the batch gives up.
MAX_START_FAILURES = 3

#: Seconds between looks at a busy worker's memory (see :mod:`cvmatch.batch.worker`).
SAMPLE_SECONDS = 0.05

Request = tuple[int, Source]


class _Scheduler:
    """Hands inputs to workers, collects their results and yields them in input order.

    At most ``max_ahead`` inputs are in flight or done-but-not-due, so memory stays flat.
    A worker past ``kill_after`` seconds on one file is replaced; its file gets a
    ``DocumentTimeout`` row and the files queued behind it are handed out again.
    """

    def __init__(
        self, pool: Pool, sources: Iterable[Source], *, prefetch: int, timeout: float | None
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
            busy = [w for w in self.pool.workers if w.ready and w.outstanding]
            ready = wait([w.conn for w in self.pool.workers], SAMPLE_SECONDS if busy else 0.5)
            for worker in busy:
                worker.sample()
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

    def _receive(self, worker: Worker, now: float) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._lost(worker)
            return
        if message[0] == "ready":
            worker.ready, worker.started = True, now
            _, worker.start_bytes, worker.cap = message
            worker.peak = worker.start_bytes
        elif message[0] == "failed":
            raise WorkerStartError(f"a cvmatch worker could not start: {message[1]}")
        else:
            _, index, result, retire = message
            worker.outstanding.popleft()
            self.done[index] = result
            worker.started, worker.peak = now, worker.start_bytes
            if retire:  # its memory ran out: the rest of its queue goes to a fresh one
                self.retry.extendleft(reversed(worker.outstanding))
                self.pool.replace(worker)

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

    def _lost(self, worker: Worker) -> None:
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
            index, source = worker.outstanding.popleft()  # killed from outside: WorkerDied
            error = (
                breach_error(source, worker)
                if memory_breach(worker, code)
                else death_error(source_name(source), code, memory_held(worker))
            )
            self.done[index] = self.pool.job.failed(source, error)
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
    pool = Pool(job, jobs, start_method)
    force = True
    try:
        yield from _Scheduler(pool, sources, prefetch=prefetch, timeout=timeout)
        force = False
    finally:
        pool.close(force=force)


def _iter_in_process(
    job: Job, sources: Iterable[Source], isolated: Job | None, start_method: str | None
) -> Iterator[Result]:
    """``jobs=1``: plain text here; every other input, when ``isolated`` (the job for
    it) is given, in one worker process with a memory limit, started when first needed
    and kept for the next, one input at a time, so that the order is kept."""
    pool: Pool | None = None
    try:
        for source in sources:
            if isolated is None or plain_text(source, text_strings=job.text_strings):
                yield job.run(source)
                continue
            pool = pool or Pool(isolated, 1, start_method)
            timeout = isolated.limits.timeout_seconds
            yield from _Scheduler(pool, [source], prefetch=1, timeout=timeout)
    finally:
        if pool is not None:
            pool.close()


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
    record: RecordTap | None = None,
) -> Iterator[Result]:
    """Run ``job`` on every input: with ``jobs=1`` plain text in this process and any
    other input in one worker process (none when ``job.limits.max_memory_bytes`` is
    ``None``), else in ``jobs`` worker processes. Workers cap their memory
    (:mod:`cvmatch.batch.worker`) and always arm ``SIGALRM`` for the time limit (they
    own their process); this process does only when ``alarm`` is true. ``record``
    notes each input for its decision record (:mod:`cvmatch.batch.records`).
    """
    if timeout is not None and timeout <= 0:
        raise InvalidInput("timeout must be a positive number of seconds, or None")
    if prefetch < 1:
        raise InvalidInput("prefetch must be at least 1")
    if isinstance(paths, (str, os.PathLike, Document)):
        paths = [paths]
    sources: Iterable[Source] = expand_sources(paths) if expand else paths
    if record is not None:
        sources = record.feed(sources)
    jobs = jobs or os.cpu_count() or 1
    in_workers = jobs > 1
    limits = dataclasses.replace(job.limits, timeout_seconds=timeout, alarm=alarm or in_workers)
    job = dataclasses.replace(job, limits=limits)
    if not in_workers:
        isolated = None  # no memory limit asked: everything here, as before
        if job.limits.max_memory_bytes is not None:  # the worker's job: see _iter_in_process
            isolated = dataclasses.replace(
                job,
                limits=dataclasses.replace(limits, alarm=True),
                taxonomy=job.taxonomy or resolve_taxonomy(None),
            )
        return with_input_rows(
            job, sources, lambda todo: _iter_in_process(job, todo, isolated, start_method)
        )
    if job.taxonomy is None:  # workers use exactly this process's taxonomy
        job = dataclasses.replace(job, taxonomy=resolve_taxonomy(None))
    return with_input_rows(  # refused inputs get their rows there, never reach a worker
        job,
        sources,
        lambda todo: _iter_workers(
            job, todo, jobs=jobs, timeout=timeout, prefetch=prefetch, start_method=start_method
        ),
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
        Mask personal details before anything reads a resume (see
        :mod:`cvmatch.reading.privacy`), and give each row a pseudonymous ``source``
        (see :mod:`cvmatch.batch.blinding`).
    blind_key
        With ``blind``: a key file (created when missing) or the key's bytes, so a file
        keeps its id across runs; ``None``: a key for this run only.
    blind_map
        With ``blind``: a CSV file to which each id and its path are appended.
    alarm
        With ``jobs=1``, also interrupt long work inside one page with ``SIGALRM``. Only
        for a process you own (a script, the CLI), never a notebook or a threaded server;
        worker processes always do it in their own process.
    max_memory
        Memory one document may take in its worker process (``ReadLimits.max_memory_bytes``):
        bytes, or a size such as ``"2G"`` or ``"512M"``; ``None`` (or ``"none"``): no limit,
        and with ``jobs=1`` every document is then read in this process. Default 2 GiB.
    record
        ``iter_scores`` and ``iter_matches``: a JSON Lines file to which one
        :class:`~cvmatch.models.DecisionRecord` per document is appended (or a
        :class:`~cvmatch.batch.records.RecordWriter`); see :mod:`cvmatch.batch.records`.
"""


def _limits(max_memory: int | str | None) -> ReadLimits:
    """The reading limits of a batch with this memory limit per document."""
    return dataclasses.replace(DEFAULT_LIMITS, max_memory_bytes=memory_bytes(max_memory))


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
    blind_key: BlindKey | Blinding = None,
    blind_map: str | os.PathLike[str] | None = None,
    alarm: bool = False,
    max_memory: int | str | None = DEFAULT_LIMITS.max_memory_bytes,
) -> Iterator[ExtractLine]:
    """One :class:`ExtractResult` (or ``FailedExtract``) per input, in input order."""
    tax = resolve_taxonomy(taxonomy)
    job = Job("extract", kind=kind, taxonomy=tax, blind=blind, limits=_limits(max_memory))
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
    return cast("Iterator[ExtractLine]", blinded(results, blind, blind_key, blind_map))


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
    blind_key: BlindKey | Blinding = None,
    blind_map: str | os.PathLike[str] | None = None,
    alarm: bool = False,
    max_memory: int | str | None = DEFAULT_LIMITS.max_memory_bytes,
    record: RecordTarget | None = None,
) -> Iterator[ScoreLine]:
    """One :class:`ScoreResult` (all roles, best first) or ``FailedScore`` per input, in
    input order."""
    roles_asked = tuple(roles) if roles else None
    job = Job(
        "score",
        kind=kind,
        roles=roles_asked,
        taxonomy=resolve_taxonomy(taxonomy),
        blind=blind,
        limits=_limits(max_memory),
    )
    tap = record_tap(job, record)
    results = run_job(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,
        start_method=start_method,
        expand=expand,
        alarm=alarm,
        record=tap,
    )
    results = blinded(results, blind, blind_key, blind_map)
    return cast("Iterator[ScoreLine]", recorded(tap, results))


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
    blind_key: BlindKey | Blinding = None,
    blind_map: str | os.PathLike[str] | None = None,
    alarm: bool = False,
    max_memory: int | str | None = DEFAULT_LIMITS.max_memory_bytes,
    record: RecordTarget | None = None,
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
    job = Job("match", taxonomy=tax, posting=prepared, blind=blind, limits=_limits(max_memory))
    tap = record_tap(job, record)
    results = run_job(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,
        start_method=start_method,
        expand=expand,
        alarm=alarm,
        record=tap,
    )
    results = blinded(results, blind, blind_key, blind_map)
    return cast("Iterator[MatchLine]", recorded(tap, results))


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
