"""Many documents in, one result per document out: in input order, in parallel, nothing lost.

The generators :func:`iter_extracts`, :func:`iter_scores` and :func:`iter_matches`
yield one result model per input, in the order given, also for an input that failed
(``ok=False`` with a typed error). They hold only the results that are done but not
yet due, so memory stays flat however many inputs there are.

With ``jobs=1`` the work runs in this process and the reader's
:class:`~cvmatch.reading.ReadLimits` bound the time spent reading each file. With
``jobs>1`` it runs in worker processes, each building its extractor once; a file
that takes longer than ``timeout`` seconds gets a ``DocumentTimeout`` row, its
worker is stopped and replaced, and the batch goes on. A worker that crashes on a
file costs that file a failed row, never the batch.

:class:`Ranking` ranks match results without holding them: the results are spooled
to a temporary file and only a score and an offset per resume stay in memory.
:func:`to_csv` and :func:`to_dataframe` turn results into a spreadsheet.

Examples
--------
>>> from cvmatch.batch.pool import iter_matches, to_csv
>>> to_csv(iter_matches("posting.txt", ["applicants/"], jobs=2), "matches.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import array
import collections
import csv
import dataclasses
import math
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import IO, Any, Literal, Union

from cvmatch.api import error_info, match_document, read_input, read_posting, score_document
from cvmatch.batch.inputs import expand_paths
from cvmatch.errors import CvmatchError, describe
from cvmatch.extract.component import get_extractor
from cvmatch.models import (
    Document,
    ErrorInfo,
    ExtractResult,
    MatchResult,
    ScoreResult,
    SkillProfile,
)
from cvmatch.reading.document import DEFAULT_LIMITS, ReadLimits
from cvmatch.reading.limits import time_limit
from cvmatch.scoring.roles import text_similarities
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "DEFAULT_TIMEOUT",
    "Ranking",
    "ResultCsvWriter",
    "iter_extracts",
    "iter_matches",
    "iter_scores",
    "result_rows",
    "to_csv",
    "to_dataframe",
]

Result = Union[ExtractResult, ScoreResult, MatchResult]  # noqa: UP007 - a runtime alias on 3.10
Source = Union[str, "os.PathLike[str]", Document]

#: Seconds one file may take, reading and analysis together, before it is given up.
DEFAULT_TIMEOUT = 60.0
#: Extra seconds a worker gets beyond ``timeout`` to report the reader's own timeout
#: before it is stopped from outside.
KILL_GRACE = 5.0


# --- one document ------------------------------------------------------------------------
def _name(source: object) -> str:
    if isinstance(source, Document):
        return source.source
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return getattr(source, "name", None) or "<input>"


@dataclass(frozen=True)
class _Job:
    """What to do with each input; pickled once to every worker."""

    op: Literal["extract", "score", "match"]
    kind: str | None = None
    roles: tuple[str, ...] | None = None
    taxonomy: Taxonomy | None = None
    limits: ReadLimits = DEFAULT_LIMITS
    posting: tuple[Document, SkillProfile] | None = None
    blind: bool = False

    @property
    def result_type(self) -> type[Result]:
        return {"extract": ExtractResult, "score": ScoreResult, "match": MatchResult}[self.op]

    def failed(self, source: object, error: ErrorInfo) -> Result:
        extra = {"posting": self.posting[0].source} if self.posting else {}
        return self.result_type(source=_name(source), ok=False, error=error, **extra)

    def warm_up(self) -> None:
        """Build what every file needs, before the first file's clock starts."""
        get_extractor(self.taxonomy)
        if self.posting is not None:
            text_similarities("warm up", ["warm up"])

    def run(self, source: Source) -> Result:
        """The result for one input; a failure becomes a failed row, never an exception.

        The whole step (read, extract, score) runs under the per-file time limit.
        """
        try:
            with time_limit(self.limits.timeout_seconds, _name(source)):
                return self._run(source)
        except CvmatchError as exc:
            return self.failed(source, error_info(exc))
        except Exception as exc:  # one bad file must not lose the batch
            return self.failed(
                source,
                ErrorInfo(
                    type=type(exc).__name__,
                    message=f"{_name(source)}: unexpected error while analysing the file "
                    f"({describe(exc)}); please report it with the file",
                ),
            )

    def _run(self, source: Source) -> Result:
        if self.op == "match":
            document = read_input(source, kind="resume", limits=self.limits, blind=self.blind)
            return match_document(
                document,
                self.posting,  # type: ignore[arg-type]
                taxonomy=self.taxonomy,
            )
        document = read_input(source, kind=self.kind, limits=self.limits, blind=self.blind)
        if self.op == "score":
            return score_document(document, roles=self.roles, taxonomy=self.taxonomy)
        profile = get_extractor(self.taxonomy).extract(document)
        return ExtractResult.from_profile(profile)


# --- worker processes --------------------------------------------------------------------
def _worker_main(conn: Connection, job: _Job) -> None:
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
    outstanding: collections.deque[tuple[int, Source]] = field(default_factory=collections.deque)


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

    def __init__(self, job: _Job, jobs: int, start_method: str | None) -> None:
        self.job = job
        self.context = multiprocessing.get_context(start_method or _default_start_method())
        if self.context.get_start_method() == "forkserver":
            self.context.set_forkserver_preload(_PRELOAD)
        elif self.context.get_start_method() == "fork":
            job.warm_up()  # once here; every forked worker inherits it
        self.workers: list[_Worker] = []
        self.start_failures = 0
        for _ in range(jobs):
            self.workers.append(self.start())

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


def _iter_in_process(job: _Job, sources: Iterable[Source]) -> Iterator[Result]:
    for source in sources:
        yield job.run(source)


def _iter_workers(
    job: _Job,
    sources: Iterable[Source],
    *,
    jobs: int,
    timeout: float | None,
    prefetch: int,
    start_method: str | None,
) -> Iterator[Result]:
    kill_after = None if timeout is None else timeout + KILL_GRACE
    pending = enumerate(sources)
    retry: collections.deque[tuple[int, Source]] = collections.deque()
    done: dict[int, Result] = {}
    next_emit = next_index = 0
    exhausted = False
    max_ahead = max(64, jobs * prefetch * 8)

    def take() -> tuple[int, Source] | None:
        nonlocal next_index, exhausted
        if retry:
            return retry.popleft()
        if exhausted or next_index - next_emit >= max_ahead:
            return None
        try:
            item = next(pending)
        except StopIteration:
            exhausted = True
            return None
        next_index += 1
        return item

    pool = _Pool(job, jobs, start_method)
    force = True
    try:
        while True:
            while next_emit in done:
                yield done.pop(next_emit)
                next_emit += 1
            for worker in pool.workers:
                while len(worker.outstanding) < prefetch:
                    item = take()
                    if item is None:
                        break
                    if not worker.outstanding:
                        worker.started = time.monotonic()
                    worker.outstanding.append(item)
                    worker.conn.send(item)
            if exhausted and not retry and next_emit == next_index:
                break
            ready = wait([w.conn for w in pool.workers], timeout=0.5)
            now = time.monotonic()
            for conn in ready:
                worker = next(w for w in pool.workers if w.conn is conn)
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    _lost_worker(pool, worker, done, retry)
                    continue
                if message[0] == "ready":
                    worker.ready, worker.started = True, now
                elif message[0] == "failed":
                    raise RuntimeError(f"a cvmatch worker could not start: {message[1]}")
                else:
                    _, index, result = message
                    worker.outstanding.popleft()
                    done[index] = result
                    worker.started = now
            if kill_after is not None:
                for worker in list(pool.workers):
                    if worker.ready and worker.outstanding and now - worker.started > kill_after:
                        index, source = worker.outstanding.popleft()
                        done[index] = job.failed(
                            source,
                            ErrorInfo(
                                type="DocumentTimeout",
                                message=f"{_name(source)}: reading and analysing took longer "
                                f"than {timeout:g} s, so it was skipped; check the file or "
                                "allow more time (--timeout)",
                            ),
                        )
                        retry.extendleft(reversed(worker.outstanding))
                        pool.replace(worker)
        force = False
    finally:
        pool.close(force=force)


def _lost_worker(
    pool: _Pool,
    worker: _Worker,
    done: dict[int, Result],
    retry: collections.deque[tuple[int, Source]],
) -> None:
    """A worker died: the request it was on gets a failed row, the rest are re-sent."""
    worker.process.join(timeout=5)
    code = worker.process.exitcode
    if not worker.ready:  # died before its first file: no file is to blame
        pool.start_failures += 1
        if pool.start_failures > 3:
            raise RuntimeError(f"cvmatch workers keep dying on start-up (exit code {code})")
        retry.extendleft(reversed(worker.outstanding))
        worker.outstanding.clear()
    if worker.outstanding:
        index, source = worker.outstanding.popleft()
        done[index] = pool.job.failed(
            source,
            ErrorInfo(
                type="UnreadableDocument",
                message=f"{_name(source)}: the reader crashed on this file "
                f"(worker exit code {code}); check the file or convert it to another format",
            ),
        )
        retry.extendleft(reversed(worker.outstanding))
        worker.outstanding.clear()
    pool.replace(worker)


def _expand(items: Iterable[Source]) -> Iterator[Source]:
    """Folders and globs expanded in order, each path once; Documents passed through."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Document):
            yield item
            continue
        for path in expand_paths([item]):
            if path not in seen:
                seen.add(path)
                yield path


def _run(
    job: _Job,
    paths: Iterable[Source],
    *,
    jobs: int,
    timeout: float | None,
    prefetch: int,
    start_method: str | None,
    expand: bool,
) -> Iterator[Result]:
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds, or None")
    job = dataclasses.replace(job, limits=dataclasses.replace(job.limits, timeout_seconds=timeout))
    if isinstance(paths, (str, os.PathLike, Document)):
        paths = [paths]
    sources: Iterable[Source] = _expand(paths) if expand else paths
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        return _iter_in_process(job, sources)
    if job.taxonomy is None:  # workers use exactly this process's taxonomy
        job = dataclasses.replace(job, taxonomy=load_taxonomy())
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
        ``multiprocessing`` start method for workers (default ``forkserver`` where
        available, else ``spawn``).
    expand
        Expand folders and globs with :func:`cvmatch.paths.expand_paths` (default).
    blind
        Mask personal details (names, contact details, dates of birth) before anything
        reads a resume; see :mod:`cvmatch.reading.privacy`.
"""


def iter_extracts(
    paths: Iterable[Source] | Source,
    *,
    kind: str | None = None,
    taxonomy: Taxonomy | None = None,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    prefetch: int = 4,
    start_method: str | None = None,
    expand: bool = True,
    blind: bool = False,
) -> Iterator[ExtractResult]:
    """One :class:`ExtractResult` per input, in input order; failures become failed rows."""
    job = _Job("extract", kind=kind, taxonomy=taxonomy, blind=blind)
    return _run(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,  # type: ignore[return-value]
        start_method=start_method,
        expand=expand,
    )


def iter_scores(
    paths: Iterable[Source] | Source,
    *,
    kind: str | None = None,
    roles: Sequence[str] | None = None,
    taxonomy: Taxonomy | None = None,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    prefetch: int = 4,
    start_method: str | None = None,
    expand: bool = True,
    blind: bool = False,
) -> Iterator[ScoreResult]:
    """One :class:`ScoreResult` per input (all roles, best first), in input order."""
    job = _Job(
        "score", kind=kind, roles=tuple(roles) if roles else None, taxonomy=taxonomy, blind=blind
    )
    return _run(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,  # type: ignore[return-value]
        start_method=start_method,
        expand=expand,
    )


def iter_matches(
    posting: Document | tuple[Document, SkillProfile] | str | os.PathLike[str] | bytes,
    paths: Iterable[Source] | Source,
    *,
    taxonomy: Taxonomy | None = None,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    prefetch: int = 4,
    start_method: str | None = None,
    expand: bool = True,
    blind: bool = False,
) -> Iterator[MatchResult]:
    """One :class:`MatchResult` per resume against ``posting``, in input order.

    ``posting`` is read once (a path, text, a Document, or what
    :func:`cvmatch.api.read_posting` returned); a posting that cannot be read raises
    ``CvmatchError`` here, before any resume is read. ``rank`` is left unset: feed the
    results to :class:`Ranking` to rank them.
    """
    prepared = posting if isinstance(posting, tuple) else read_posting(posting, taxonomy=taxonomy)
    job = _Job("match", taxonomy=taxonomy, posting=prepared, blind=blind)
    return _run(
        job,
        paths,
        jobs=jobs,
        timeout=timeout,
        prefetch=prefetch,  # type: ignore[return-value]
        start_method=start_method,
        expand=expand,
    )


for _function in (iter_extracts, iter_scores, iter_matches):
    _function.__doc__ = (_function.__doc__ or "") + "\n" + _DOC_BATCH


# --- ranking without holding the results --------------------------------------------------
class Ranking:
    """Match results spooled to a temporary file, read back best first.

    Memory holds a score and a file offset per resume. Iterating gives the results
    ranked as :func:`cvmatch.api.rank` does: best score first, ties in input order,
    failed rows last in input order; ``rank`` is set on the readable ones (1 = best).
    Iterate as often as needed; use as a context manager (or call :meth:`close`) to
    remove the file.
    """

    def __init__(self, results: Iterable[MatchResult] = (), *, dir: str | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115 - closed in close()
            prefix="cvmatch-rank-", dir=dir
        )
        self._keys = array.array("d")
        self._offsets = array.array("q")
        self._order: Sequence[int] | None = None
        self.failed = 0
        self.posting: str | None = None
        for result in results:
            self.add(result)

    def add(self, result: MatchResult) -> None:
        """Spool one result."""
        self._file.seek(0, os.SEEK_END)
        self._offsets.append(self._file.tell())
        self._file.write(result.model_dump_json().encode("utf-8") + b"\n")
        self._keys.append(-(result.score or 0.0) if result.ok else math.inf)
        self.failed += not result.ok
        self.posting = self.posting or result.posting
        self._order = None

    def __len__(self) -> int:
        return len(self._offsets)

    @property
    def ok(self) -> int:
        """How many results were read and scored."""
        return len(self) - self.failed

    def _ranked_positions(self) -> Sequence[int]:
        if self._order is None:
            import numpy as np

            keys = np.frombuffer(self._keys, dtype=np.float64) if len(self._keys) else np.zeros(0)
            self._order = np.argsort(keys, kind="stable").tolist()
        return self._order

    def scores(self) -> list[float]:
        """The scores of the readable results, best first (read from memory, not the file)."""
        return sorted((-key for key in self._keys if key != math.inf), reverse=True)

    def top(self, n: int | None = None) -> Iterator[MatchResult]:
        """The best ``n`` results (all when ``None``), failed rows last."""
        order = self._ranked_positions()
        for place, position in enumerate(order[:n] if n is not None else order, start=1):
            self._file.seek(self._offsets[position])
            result = MatchResult.model_validate_json(self._file.readline())
            if result.ok:
                result.rank = place
            yield result

    def __iter__(self) -> Iterator[MatchResult]:
        return self.top(None)

    def failures(self) -> Iterator[MatchResult]:
        """The failed results, in input order."""
        return (r for r in self.top(None) if not r.ok) if self.failed else iter(())

    def close(self) -> None:
        """Remove the spool file."""
        self._file.close()

    def __enter__(self) -> Ranking:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- spreadsheets -------------------------------------------------------------------------
COLUMNS: dict[type, list[str]] = {
    MatchResult: [
        "rank",
        "source",
        "ok",
        "score",
        "required_shown",
        "required_total",
        "matched",
        "missing_required",
        "missing",
        "error_type",
        "error",
    ],
    ScoreResult: [
        "source",
        "ok",
        "kind",
        "best_role",
        "best_score",
        "role",
        "score",
        "matched",
        "missing",
        "error_type",
        "error",
    ],
    ExtractResult: ["source", "ok", "kind", "skills", "unmapped", "error_type", "error"],
}


def _error_cells(result: Result) -> dict[str, Any]:
    return {
        "error_type": result.error.type if result.error else "",
        "error": result.error.message if result.error else "",
    }


def result_rows(results: Iterable[Result]) -> Iterator[dict[str, Any]]:
    """Flat rows for a spreadsheet: one per resume match, per document x role for scores
    (one row for a failed document), one per document for extraction."""
    for result in results:
        base = {"source": result.source, "ok": result.ok}
        if isinstance(result, MatchResult):
            shown = [m.id for m in result.matched if m.required]
            missing_required = [m.id for m in result.missing if m.required]
            yield {
                "rank": result.rank if result.rank is not None else "",
                **base,
                "score": result.score if result.score is not None else "",
                "required_shown": len(shown) if result.ok else "",
                "required_total": len(shown) + len(missing_required) if result.ok else "",
                "matched": " ".join(m.id for m in result.matched),
                "missing_required": " ".join(missing_required),
                "missing": " ".join(m.id for m in result.missing),
                **_error_cells(result),
            }
        elif isinstance(result, ScoreResult):
            best = result.best
            if not result.roles:
                yield {
                    **base,
                    "kind": result.kind or "",
                    "best_role": "",
                    "best_score": "",
                    "role": "",
                    "score": "",
                    "matched": "",
                    "missing": "",
                    **_error_cells(result),
                }
            for fit in result.roles:
                yield {
                    **base,
                    "kind": result.kind,
                    "best_role": best.id if best else "",
                    "best_score": best.score if best else "",
                    "role": fit.id,
                    "score": fit.score,
                    "matched": " ".join(m.id for m in fit.matched),
                    "missing": " ".join(m.id for m in fit.missing),
                    **_error_cells(result),
                }
        elif isinstance(result, ExtractResult):
            yield {
                **base,
                "kind": result.kind or "",
                "skills": " ".join(s.id for s in result.skills),
                "unmapped": "; ".join(result.unmapped),
                **_error_cells(result),
            }
        else:
            raise TypeError(f"expected cvmatch result models, got {type(result).__name__}")


class ResultCsvWriter:
    """Write results as CSV rows as they come, flushing after each, so an interrupted
    batch leaves a valid file. The columns follow the first result's type (or ``model``)."""

    def __init__(
        self, file: IO[str], model: type[Result] | None = None, *, flush: bool = True
    ) -> None:
        self.file = file
        self.flush = flush
        self._writer: csv.DictWriter[str] | None = None
        if model is not None:
            self._start(model)

    def _start(self, model: type) -> None:
        self._writer = csv.DictWriter(self.file, fieldnames=COLUMNS[model], lineterminator="\n")
        self._writer.writeheader()

    def write(self, result: Result) -> None:
        """Write the row(s) of one result."""
        if self._writer is None:
            self._start(type(result))
        self._writer.writerows(result_rows([result]))  # type: ignore[union-attr]
        if self.flush:
            self.file.flush()


def to_csv(
    results: Iterable[Result],
    path: str | os.PathLike[str] | IO[str],
    *,
    model: type[Result] | None = None,
) -> int:
    """Write results to a CSV file (or an open text file) as they come; returns the count.

    Pass a :class:`Ranking` to write match results best first.
    """
    count = 0
    if isinstance(path, (str, os.PathLike)):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            return to_csv(results, handle, model=model)
    writer = ResultCsvWriter(path, model)
    for result in results:
        writer.write(result)
        count += 1
    if count == 0 and model is None:
        ResultCsvWriter(path, MatchResult)
    return count


def to_dataframe(results: Iterable[Result], *, model: type[Result] | None = None) -> Any:
    """A ``pandas.DataFrame`` with the same rows and columns as :func:`to_csv`.

    Needs pandas: ``pip install "cvmatch[pandas]"``.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError('to_dataframe needs pandas: pip install "cvmatch[pandas]"') from exc
    rows = list(result_rows(results))
    columns = COLUMNS[model] if model else list(rows[0]) if rows else COLUMNS[MatchResult]
    return pd.DataFrame(rows, columns=columns)
