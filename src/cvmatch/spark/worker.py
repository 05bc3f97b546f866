"""The work each Spark Python worker does on a pandas batch: read each text, extract its
skills with the worker's warm extractor, and add the typed result columns; a text that
fails gives its error in the row, never an exception out of the batch."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cvmatch.analytics.frame import is_missing
from cvmatch.analytics.results import failed_record, result_record
from cvmatch.analytics.salary import parse_salary
from cvmatch.errors import CvmatchError, InvalidInput
from cvmatch.extract import get_extractor
from cvmatch.models import Document
from cvmatch.reading import read_text
from cvmatch.taxonomy import Taxonomy

__all__ = ["OUTPUT_COLUMNS", "Job", "extract_batch"]

#: The columns added to the input's, in order (``salary_value`` only when asked for).
OUTPUT_COLUMNS = (
    "doc_title",
    "skills",
    "role",
    "role_score",
    "in_scope",
    "ok",
    "error_type",
    "error_message",
)


@dataclass(frozen=True)
class Job:
    """What to do with each batch: which columns to read and what kind of document."""

    text_col: str
    id_col: str | None = None
    kind: str = "posting"
    salary_col: str | None = None
    detect_roles: bool = True
    batch_size: int = 64


def extract_batch(frame: Any, job: Job, taxonomy: Taxonomy) -> Any:
    """The batch with the result columns added (one result per row, in order)."""
    texts = frame[job.text_col].tolist()
    sources = frame[job.id_col].tolist() if job.id_col else [None] * len(texts)
    records = _records(texts, [None if s is None else str(s) for s in sources], job, taxonomy)
    out = frame.copy()
    for column in OUTPUT_COLUMNS:
        key = "title" if column == "doc_title" else column
        out[column] = [r[key] for r in records]
    if job.salary_col:
        out["salary_value"] = [parse_salary(v) for v in frame[job.salary_col].tolist()]
    return out


def _records(
    texts: Sequence[Any], sources: Sequence[str | None], job: Job, taxonomy: Taxonomy
) -> list[dict[str, Any]]:
    """The result records of the texts: streamed through the extractor, and one at a
    time again if the stream fails, so one bad text costs only its own row."""
    records: list[dict[str, Any] | None] = [None] * len(texts)
    try:
        _stream(texts, sources, job, taxonomy, records, range(len(texts)))
    except Exception:  # whatever broke the batch, retry each text alone
        for i in [i for i, r in enumerate(records) if r is None]:
            try:
                _stream(texts, sources, job, taxonomy, records, [i])
            except Exception as exc:  # a posting's error goes in its row
                records[i] = failed_record(sources[i] or "", type(exc).__name__, str(exc))
    return records  # type: ignore[return-value]


def _stream(
    texts: Sequence[Any],
    sources: Sequence[str | None],
    job: Job,
    taxonomy: Taxonomy,
    records: list[dict[str, Any] | None],
    positions: Sequence[int],
) -> None:
    """Fill ``records`` at ``positions``: failed reads at once, the others through
    ``extract_many``."""
    pending: deque[tuple[int, Document]] = deque()

    def documents() -> Iterator[Document]:
        for i in positions:
            try:
                document = _read(texts[i], sources[i], job.kind)
            except CvmatchError as exc:
                records[i] = failed_record(sources[i] or "", type(exc).__name__, str(exc))
                continue
            pending.append((i, document))
            yield document

    extractor = get_extractor(taxonomy)
    for profile in extractor.extract_many(documents(), batch_size=job.batch_size):
        i, document = pending.popleft()
        records[i] = result_record(
            sources[i] or "", document, profile, taxonomy, detect_roles=job.detect_roles
        )


def _read(text: Any, source: str | None, kind: str) -> Document:
    """A text cell as a Document: a missing one is empty text, another type is refused."""
    name = source if source is not None else "<text>"
    if is_missing(text):
        text = ""
    elif not isinstance(text, str):
        raise InvalidInput(f"{name}: the text column holds a {type(text).__name__}, not text")
    return read_text(text, kind=kind, name=name)  # type: ignore[arg-type]
