"""One input of a batch: read it, run the job on it, and turn any failure into a failed row.

A :class:`Job` says what to do with every input (extract, score or match, and with
which settings); it is pickled once to each worker process. :meth:`Job.run` never
raises for a bad document: it returns a :class:`~cvmatch.models.FailedResult` instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal, Union

from cvmatch.api import PreparedPosting, as_document, match, score_document
from cvmatch.errors import CvmatchError, InvalidInput, describe
from cvmatch.extract import get_extractor
from cvmatch.models import (
    Document,
    ErrorInfo,
    ExtractResult,
    FailedExtract,
    FailedMatch,
    FailedResult,
    FailedScore,
    MatchResult,
    ScoreResult,
    SkillProfile,
)
from cvmatch.reading import (
    DEFAULT_LIMITS,
    DocumentInput,
    ReadLimits,
    read_document,
    read_text,
    time_limit,
)
from cvmatch.reading.formats import SUPPORTED_SUFFIXES
from cvmatch.reading.privacy import redact
from cvmatch.scoring.roles import text_similarities
from cvmatch.taxonomy import Taxonomy, resolve_taxonomy

__all__ = [
    "MEMORY_LIMIT_PHRASE",
    "Job",
    "Result",
    "Source",
    "plain_text",
    "read_input",
    "source_name",
]

#: What a batch yields for one input.
Result = Union[ExtractResult, ScoreResult, MatchResult, FailedResult]  # noqa: UP007 - runtime alias
#: One input of a batch: a path (``str`` or ``os.PathLike``) or a :class:`Document`.
Source = Union[str, "os.PathLike[str]", Document]

#: What :meth:`Job.warm_up` analyses: a few words of each kind a resume holds.
_WARM_UP_TEXT = (
    "Summary\nCustomer service.\n\nExperience\nAgent, Shop\n2019 - 2021\n- Answered calls\n"
)
#: Longest string taken as a path; a longer one, or one with a line break, is a text.
_MAX_PATH = 4096
#: Words every "ran out of memory" message holds (a worker retires after one).
MEMORY_LIMIT_PHRASE = "more memory than"
#: Formats whose reading is decoding and normalising text: bounded by size, linear.
_TEXT_FORMATS = frozenset({"txt", "md"})


def source_name(source: object) -> str:
    """The name a result row gives an input: its ``source``, path, or file name."""
    if isinstance(source, Document):
        return source.source
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    if isinstance(source, str):
        return source if len(source) <= _MAX_PATH and "\n" not in source else "<text>"
    return getattr(source, "name", None) or "<input>"


def plain_text(source: object, *, text_strings: bool = False) -> bool:
    """Whether ``source`` is read as plain text (a :class:`Document`, a ``.txt`` or
    ``.md`` path, or with ``text_strings`` a string that names no file), so that
    reading it needs no more memory than its size; any other input may need a worker
    process with a memory limit (:mod:`cvmatch.batch.worker`)."""
    if isinstance(source, Document):
        return True
    if not isinstance(source, (str, os.PathLike)):
        return False
    path = os.fspath(source)
    if isinstance(path, bytes):
        return False
    if text_strings and (len(path) > _MAX_PATH or "\n" in path or not os.path.exists(path)):
        return True
    return SUPPORTED_SUFFIXES.get(os.path.splitext(path)[1].lower()) in _TEXT_FORMATS


def _out_of_memory(name: str, limits: ReadLimits) -> ErrorInfo:
    """The row's error when a document took all the memory this process had."""
    where = (
        f"the limit of {limits.max_memory_bytes / 2**30:.1f} GB "
        "(--max-memory, ReadLimits.max_memory_bytes)"
        if limits.max_memory_bytes
        else "this process had"
    )
    message = (
        f"{name}: reading it took {MEMORY_LIMIT_PHRASE} {where} and was stopped; the file "
        "expands far beyond its size (or is damaged): check it, or convert it to another "
        "format"
    )
    return ErrorInfo(type="DocumentTooLarge", message=message)


def read_input(
    source: Document | DocumentInput,
    *,
    kind: str | None = None,
    limits: ReadLimits | None = None,
    blind: bool = False,
    taxonomy: Taxonomy | None = None,
) -> Document:
    """Read one input of a batch: a ``str`` or ``os.PathLike`` is always a *path* here.

    Unlike :func:`cvmatch.api.as_document`, a string that names no file is not taken as
    text, so a missing path fails with ``DocumentNotFound`` instead of becoming a tiny
    document. ``limits`` (size, pages, time) protect a batch from one pathological file.
    ``blind`` masks with the privacy words of ``taxonomy`` (the shipped ones if ``None``).
    """
    if kind is not None and kind not in ("resume", "posting"):
        raise InvalidInput(f"kind must be 'resume' or 'posting', not {kind!r}")
    if isinstance(source, (str, os.PathLike)):
        document = read_document(source, kind=kind, limits=limits or DEFAULT_LIMITS)  # type: ignore[arg-type]
        return redact(document, taxonomy=resolve_taxonomy(taxonomy)) if blind else document
    return as_document(source, kind=kind, blind=blind, taxonomy=taxonomy)


_FAILED: dict[str, type[FailedResult]] = {
    "extract": FailedExtract,
    "score": FailedScore,
    "match": FailedMatch,
}


@dataclass(frozen=True)
class Job:
    """What to do with each input; pickled once to every worker.

    ``text_strings`` reads a ``str`` that names no file as the document's text (the rule
    of the one-document API, which :func:`cvmatch.batch.rank` keeps); otherwise a
    string is always a path. ``limits.alarm`` arms ``SIGALRM`` for the per-file time
    limit: set in worker processes, and in this process only when the caller asks.
    """

    op: Literal["extract", "score", "match"]
    kind: str | None = None
    roles: tuple[str, ...] | None = None
    taxonomy: Taxonomy | None = None
    limits: ReadLimits = DEFAULT_LIMITS
    posting: tuple[Document, SkillProfile] | None = None
    blind: bool = False
    similarity: bool = True
    text_strings: bool = False

    def failed(self, source: object, error: ErrorInfo) -> FailedResult:
        """The failed row for ``source``."""
        if self.op == "match":
            posting = self.posting[0].source if self.posting else None
            return FailedMatch(source=source_name(source), posting=posting, error=error)
        return _FAILED[self.op](source=source_name(source), error=error)

    def warm_up(self) -> None:
        """Build what every file needs, before the first file's clock starts: the job runs
        once on a small text, so whatever is built on first use is built here."""
        get_extractor(self.taxonomy)
        if self.posting is not None and self.similarity:
            text_similarities("warm up", ["warm up"])
        sample = read_text(_WARM_UP_TEXT, kind="resume", name="warm-up")
        self._run(sample)

    def run(self, source: Source) -> Result:
        """The result for one input; a failure becomes a failed row, never an exception.

        The whole step (read, extract, score) runs under the per-file time limit. A
        ``MemoryError`` becomes a ``DocumentTooLarge`` row (built once the exception and
        the frames it holds are released, so the next input has the memory back).
        """
        name = source_name(source)
        try:
            with time_limit(self.limits.timeout_seconds, name, alarm=self.limits.alarm):
                return self._run(source)
        except MemoryError:
            pass  # the row is built below, once the exception and its frames are freed
        except CvmatchError as exc:
            return self.failed(source, ErrorInfo.from_exception(exc))
        except Exception as exc:  # one bad file must not lose the batch
            message = (
                f"{name}: unexpected error while analysing the file ({describe(exc)}); "
                "please report it with the file"
            )
            return self.failed(source, ErrorInfo(type=type(exc).__name__, message=message))
        return self.failed(source, _out_of_memory(name, self.limits))

    def _read(self, source: Source, kind: str | None) -> Document:
        if self.text_strings:
            return as_document(source, kind=kind, blind=self.blind, taxonomy=self.taxonomy)
        return read_input(
            source, kind=kind, limits=self.limits, blind=self.blind, taxonomy=self.taxonomy
        )

    def _run(self, source: Source) -> Result:
        if self.op == "match":
            document = self._read(source, "resume")
            posting: PreparedPosting = self.posting  # type: ignore[assignment]
            result = match(document, posting, taxonomy=self.taxonomy, similarity=self.similarity)
            return result.model_copy(update={"rank": None})  # ranked later, if at all
        document = self._read(source, self.kind)
        if self.op == "score":
            return score_document(document, roles=self.roles, taxonomy=self.taxonomy)
        return ExtractResult.from_profile(get_extractor(self.taxonomy).extract(document))
