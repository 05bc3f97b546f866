"""Ranking resumes against a posting: :func:`rank` for a list, :class:`Ranking` for any number.

Both order the same way: best score first, ties in input order, failed rows last in
input order; ``rank`` is set on the readable ones (1 = best).
"""

from __future__ import annotations

import array
import math
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from cvmatch.api import PreparedPosting, read_posting
from cvmatch.batch.job import Job
from cvmatch.batch.pool import run_job
from cvmatch.errors import OutputError
from cvmatch.models import Document, FailedMatch, MatchLine, MatchResult
from cvmatch.reading import DocumentInput
from cvmatch.taxonomy import TaxonomyArgument, resolve_taxonomy

__all__ = ["Ranking", "rank"]


class Ranking:
    """Match results spooled to a temporary file, read back best first.

    Memory holds a score and a file offset per resume. Iterating gives the results
    ranked as :func:`rank` does. Iterate as often as needed; use as a context manager
    (or call :meth:`close`) to remove the file.
    """

    def __init__(self, results: Iterable[MatchLine] = (), *, dir: str | None = None) -> None:
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

    def add(self, result: MatchLine) -> None:
        """Spool one result; a spool that cannot be written (a full disk) raises
        :class:`~cvmatch.errors.OutputError`, and the result is not counted."""
        line = result.model_dump_json().encode("utf-8") + b"\n"
        try:
            self._file.seek(0, os.SEEK_END)
            offset = self._file.tell()
            self._file.write(line)
        except OSError as exc:
            raise OutputError(
                f"could not write the ranking's temporary file in {tempfile.gettempdir()} "
                f"({exc.strerror or exc}); free some space there, or set TMPDIR to a folder "
                "with room"
            ) from exc
        self._offsets.append(offset)
        self._keys.append(-result.score if result.ok else math.inf)
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

    def _read(self, position: int, place: int) -> MatchLine:
        self._file.seek(self._offsets[position])
        line = self._file.readline()
        if self._keys[position] == math.inf:
            return FailedMatch.model_validate_json(line)
        return MatchResult.model_validate_json(line).model_copy(update={"rank": place})

    def scores(self) -> list[float]:
        """The scores of the readable results, best first (read from memory, not the file)."""
        return sorted((-key for key in self._keys if key != math.inf), reverse=True)

    def top(self, n: int | None = None) -> Iterator[MatchLine]:
        """The best ``n`` results (all when ``None``), failed rows last."""
        order = self._ranked_positions()
        for place, position in enumerate(order[:n] if n is not None else order, start=1):
            yield self._read(position, place)

    def __iter__(self) -> Iterator[MatchLine]:
        return self.top(None)

    def failures(self) -> Iterator[FailedMatch]:
        """The failed results, in input order."""
        if not self.failed:
            return iter(())
        return (r for r in self.top(None) if isinstance(r, FailedMatch))

    def close(self) -> None:
        """Remove the spool file."""
        self._file.close()

    def __enter__(self) -> Ranking:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def rank(
    posting: Document | PreparedPosting | DocumentInput,
    resumes: Iterable[Document | DocumentInput],
    *,
    taxonomy: TaxonomyArgument = None,
    similarity: bool = True,
    blind: bool = False,
    jobs: int = 1,
    timeout: float | None = None,
) -> list[MatchLine]:
    """Score many resumes against one posting and order them best first.

    Each resume is read as :func:`cvmatch.match` reads it (a ``str`` that names no file
    is the resume's text) and scored on its own, so a score never depends on the other
    resumes. A resume that cannot be read gets a failed row (``ok=False``) at the end,
    so nothing is lost; ``rank`` on each readable row is its place (1 = best). A
    posting that cannot be read raises ``CvmatchError``. For more resumes than fit in
    memory, stream :func:`cvmatch.batch.iter_matches` into a :class:`Ranking`.

    ``jobs`` and ``timeout`` are those of :func:`cvmatch.batch.iter_matches`.
    """
    tax = resolve_taxonomy(taxonomy)
    prepared = posting if isinstance(posting, tuple) else read_posting(posting, taxonomy=tax)
    job = Job(
        "match",
        taxonomy=tax,
        posting=prepared,
        blind=blind,
        similarity=similarity,
        text_strings=True,
    )
    with Ranking(run_job(job, resumes, jobs=jobs, timeout=timeout, expand=False)) as ranking:  # type: ignore[arg-type]
        return list(ranking)
