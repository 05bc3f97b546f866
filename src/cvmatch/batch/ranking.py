"""Ranking resumes against a posting: :func:`rank` for a list, :class:`Ranking` for any number.

Both order the same way: resumes that meet the posting's must-haves (``meets_must_haves``
"yes" or "unknown") before those that fail one ("no"), each group best score first, ties
in input order, failed rows last in input order; ``rank`` is set on the readable ones
(1 = best). ``score_only=True`` ranks on the score alone.

A must-have that no ranked resume meets does not gate: it tells the candidates apart no
more than the score does (the posting may ask for what nobody in the pool writes, or the
requirement may be misread), so failing only such must-haves keeps a resume in the first
group; its ``meets_must_haves`` still says "no".
"""

from __future__ import annotations

import array
import math
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from cvmatch.api import PreparedPosting, read_posting
from cvmatch.batch.blinding import Blinding, BlindKey, blinded
from cvmatch.batch.job import Job
from cvmatch.batch.pool import run_job
from cvmatch.errors import OutputError
from cvmatch.models import Document, FailedMatch, MatchLine, MatchResult
from cvmatch.reading import DocumentInput
from cvmatch.taxonomy import TaxonomyArgument, resolve_taxonomy

__all__ = ["Ranking", "rank"]


class Ranking:
    """Match results spooled to a temporary file, read back best first.

    Memory holds a score, a file offset and the ids of the unmet must-haves per resume.
    Iterating gives the results ranked as :func:`rank` does. Iterate as often as needed;
    use as a context manager (or call :meth:`close`) to remove the file.
    """

    def __init__(
        self,
        results: Iterable[MatchLine] = (),
        *,
        dir: str | None = None,
        score_only: bool = False,
    ) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115 - closed in close()
            prefix="cvmatch-rank-", dir=dir
        )
        self._keys = array.array("d")
        self._unmet: list[frozenset[str] | None] = []  # None: a failed row
        self._failing: Counter[str] = Counter()  # how many ok rows fail each must-have
        self.score_only = score_only
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
        unmet = _unmet(result)
        self._unmet.append(unmet)
        self._failing.update(unmet or ())
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
            tiers = np.array(self._tiers(), dtype=np.int8)
            self._order = np.lexsort((keys, tiers)).tolist()  # last key sorts first; stable
        return self._order

    def _tiers(self) -> list[int]:
        """0 for a row that meets the must-haves that gate (or when ranking on score
        alone), 1 for one that fails one, 2 for a failed row."""
        nobody = {ident for ident, count in self._failing.items() if count >= self.ok}
        tiers = []
        for unmet in self._unmet:
            if unmet is None:
                tiers.append(2)
            else:
                tiers.append(0 if self.score_only or not (unmet - nobody) else 1)
        return tiers

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


def _unmet(result: MatchLine) -> frozenset[str] | None:
    """The must-haves a row fails (``None`` for a failed row); a "no" that names none
    counts as one unnamed must-have."""
    if not result.ok:
        return None
    unmet = frozenset(result.unmet_must_haves)
    return unmet or (frozenset({""}) if result.meets_must_haves == "no" else unmet)


def rank(
    posting: Document | PreparedPosting | DocumentInput,
    resumes: Iterable[Document | DocumentInput],
    *,
    taxonomy: TaxonomyArgument = None,
    similarity: bool = True,
    blind: bool = False,
    jobs: int = 1,
    timeout: float | None = None,
    score_only: bool = False,
    blind_key: BlindKey | Blinding = None,
    blind_map: str | os.PathLike[str] | None = None,
) -> list[MatchLine]:
    """Score many resumes against one posting and order them best first.

    Each resume is read as :func:`cvmatch.match` reads it (a ``str`` that names no file
    is the resume's text) and scored on its own, so a score never depends on the other
    resumes. A resume that cannot be read gets a failed row (``ok=False``) at the end,
    so nothing is lost; ``rank`` on each readable row is its place (1 = best). A
    posting that cannot be read raises ``CvmatchError``. For more resumes than fit in
    memory, stream :func:`cvmatch.batch.iter_matches` into a :class:`Ranking`.

    Resumes that fail a must-have of the posting (``meets_must_haves == "no"``) come after
    those that meet them or cannot show them ("yes", "unknown"), unless no resume of the
    ranking meets that must-have; ``score_only=True`` ranks on the score alone. ``jobs``
    and ``timeout`` are those of :func:`cvmatch.batch.iter_matches`, and so are ``blind``,
    ``blind_key`` and ``blind_map`` (pseudonymous sources, :mod:`cvmatch.batch.blinding`).
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
    results = run_job(job, resumes, jobs=jobs, timeout=timeout, expand=False)
    results = blinded(results, blind, blind_key, blind_map)
    with Ranking(results, score_only=score_only) as ranking:  # type: ignore[arg-type]
        return list(ranking)
