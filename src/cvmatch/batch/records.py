"""Decision records: one :class:`~cvmatch.models.DecisionRecord` line per scored document.

A run with ``record=`` (``--record FILE.jsonl``) appends a line for every document it
scores, failed ones too, each line written with one ``write`` on a file opened for
appending, then flushed to disk (``os.fsync``) before the result is handed on: a long
run can be stopped at any point and the file holds every decision made, whole lines
only, after the lines already there. Only the process that runs the batch writes (never
a worker). The input's hash is computed here, from the file's bytes (or from the text
as read, for a text input), so no path, name or text of the document reaches a record.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import functools
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal, Union

from cvmatch.batch.inputs import InputPath
from cvmatch.batch.job import Job, Result, Source, source_name
from cvmatch.errors import CvmatchError, InvalidInput, OutputError
from cvmatch.models import DecisionRecord, Document, RecordedLine, RecordedRole
from cvmatch.reading.sources import is_path_string
from cvmatch.taxonomy import Taxonomy, resolve_taxonomy

__all__ = [
    "RecordContext",
    "RecordTap",
    "RecordTarget",
    "RecordWriter",
    "input_digest",
    "record_tap",
    "recorded",
    "text_sha256",
    "writer_for",
]

#: Bytes read at a time while hashing a file.
_CHUNK = 1 << 20
#: What a digest says it was taken of.
Hashed = Literal["file", "text"]
Digest = tuple[Union[str, None], Union[Hashed, None]]  # noqa: UP007 - runtime alias


@functools.cache
def cvmatch_version() -> str:
    """The installed cvmatch version (the package's, when no metadata is installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cvmatch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        import cvmatch

        return cvmatch.__version__


def text_sha256(text: str) -> str:
    """SHA-256 of a text's UTF-8 (surrogate escapes kept as the bytes they stand for)."""
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def file_sha256(path: str | os.PathLike[str], max_bytes: int | None = None) -> str | None:
    """SHA-256 of a regular file's bytes, or ``None`` when it is not one (a FIFO is never
    waited on), cannot be opened, or is larger than ``max_bytes`` (never read, then)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def _stream_sha256(stream: Any) -> str:
    """SHA-256 of what a seekable binary stream holds from where it is; it is left there."""
    try:
        start = stream.tell()
        data = stream.read()
        stream.seek(start)
    except (OSError, AttributeError, ValueError) as exc:
        raise InvalidInput(
            "record= needs a path, bytes, a text or a seekable file object, so that the "
            f"input can be hashed before it is read ({type(exc).__name__})"
        ) from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def input_digest(
    source: object, *, text_strings: bool = True, max_bytes: int | None = None
) -> Digest:
    """The hash of an input and what it was taken of: a path's (or bytes') bytes, or the
    normalised text of a text input or a :class:`Document` (the text cvmatch read).

    With ``text_strings`` (the one-document API's rule) a ``str`` that names no document
    file is a text; otherwise (a batch's rule) a ``str`` is always a path.
    """
    from cvmatch.reading import read_text

    if isinstance(source, InputPath):
        return (None, None) if source.refusal else (file_sha256(source.path, max_bytes), "file")
    if isinstance(source, Document):
        return text_sha256(source.text), "text"
    if isinstance(source, (bytes, bytearray, memoryview)):
        return hashlib.sha256(bytes(source)).hexdigest(), "file"
    if isinstance(source, str) and text_strings and not is_path_string(source):
        try:
            return text_sha256(read_text(source).text), "text"
        except CvmatchError:
            return None, None
    if isinstance(source, (str, os.PathLike)):
        return file_sha256(source, max_bytes), "file"
    return _stream_sha256(source), "file"


def _blind_id(result: Any, name: str, blind: bool) -> str | None:
    """Under ``blind``, the pseudonymous id a row carries in place of its input's name;
    ``None`` when the row still shows the name (or any part of it) or a placeholder."""
    source = getattr(result, "source", None)
    if not blind or not isinstance(source, str) or not source or source.startswith("<"):
        return None
    base = os.path.basename(name.rstrip("/\\")) or name
    stem = os.path.splitext(base)[0]
    if source == name or base in source or (stem and stem in source) or os.sep in source:
        return None
    return source


@dataclass(frozen=True)
class RecordContext:
    """What every record of one run shares: the job, the taxonomy in force, the posting."""

    job: Literal["score", "match"]
    taxonomy_hash: str
    weights: dict[str, Any]
    blind: bool
    roles: tuple[str, ...] = ()
    posting_sha256: str | None = None
    posting_roles: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        op: str,
        taxonomy: Taxonomy | None,
        *,
        blind: bool,
        roles: Iterable[str] | None = None,
        posting: tuple[Document, Any] | None = None,
    ) -> RecordContext:
        """The context of a ``score`` or ``match`` run with this taxonomy (and posting)."""
        if op not in ("score", "match"):
            raise InvalidInput(f"decision records are kept for score and match, not {op!r}")
        tax = resolve_taxonomy(taxonomy)
        posting_hash, posting_roles = None, ()
        if posting is not None:
            from cvmatch.scoring.posting import posting_role

            document, profile = posting
            role, _ = posting_role(profile, tax, document)
            posting_hash = text_sha256(document.text)
            posting_roles = (role.id,) if role is not None else ()
        return cls(
            job=op,  # type: ignore[arg-type]
            taxonomy_hash=tax.content_hash,
            weights=tax.weights.model_dump(mode="json"),
            blind=blind,
            roles=tuple(roles or sorted(tax.roles)),
            posting_sha256=posting_hash,
            posting_roles=posting_roles,
        )

    @classmethod
    def of_job(cls, job: Job) -> RecordContext:
        """The context of a batch's :class:`Job`."""
        return cls.of(job.op, job.taxonomy, blind=job.blind, roles=job.roles, posting=job.posting)

    def _fields(self, digest: Digest, blind_id: str | None, ok: bool) -> dict[str, Any]:
        return {
            "timestamp": datetime.now(timezone.utc),
            "cvmatch_version": cvmatch_version(),
            "job": self.job,
            "taxonomy_hash": self.taxonomy_hash,
            "weights": self.weights,
            "input_sha256": digest[0],
            "input_hashed": digest[1] if digest[0] else None,
            "blind": self.blind,
            "blind_id": blind_id,
            "posting_sha256": self.posting_sha256,
            "ok": ok,
        }

    def failure(
        self, error_type: str, digest: Digest, blind_id: str | None = None
    ) -> DecisionRecord:
        """The record of a document that failed with ``error_type`` (no score)."""
        roles = self.posting_roles if self.job == "match" else self.roles
        fields = self._fields(digest, blind_id, ok=False)
        return DecisionRecord(**fields, roles=list(roles), error_type=error_type)

    def record(self, result: Any, digest: Digest, name: str) -> DecisionRecord:
        """The record of one result (``name``: its input's name, only to tell whether the
        row's ``source`` is a pseudonymous id; it is never written)."""
        blind_id = _blind_id(result, name, self.blind)
        if not result.ok:
            return self.failure(result.error.type, digest, blind_id)
        fields = self._fields(digest, blind_id, ok=True)
        if self.job == "match":
            return DecisionRecord(
                **fields,
                roles=list(self.posting_roles),
                score=result.score,
                lines=[RecordedLine.of(line) for line in result.contributions],
                meets_must_haves=result.meets_must_haves,
                unmet_must_haves=list(result.unmet_must_haves),
            )
        scored = [
            RecordedRole(
                id=fit.id, score=fit.score, lines=[RecordedLine.of(c) for c in fit.contributions]
            )
            for fit in result.roles
        ]
        return DecisionRecord(
            **fields,
            roles=[fit.id for fit in result.roles],
            kind=result.kind,
            score=result.roles[0].score if result.roles else None,
            role_scores=scored,
        )


def _sync_folder(folder: str) -> None:
    """Make a new file's entry in ``folder`` durable (where folders can be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):  # not supported for folders here
        os.fsync(fd)
    os.close(fd)


class RecordWriter:
    """Appends decision records to a JSON Lines file, each line synced to disk.

    Opening creates the file if need be and never truncates it; a last line left
    without its newline (a machine that stopped mid-line) is ended first, so that every
    new record starts a line of its own. Use as a context manager, or :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        try:
            created = not os.path.lexists(self.path)
            self._fd: int | None = os.open(self.path, flags, 0o666)  # a FIFO never blocks it
            info = os.fstat(self._fd)
            if not stat.S_ISREG(info.st_mode):
                raise OSError(errno.EINVAL, "not a regular file")
            if info.st_size and self._last_byte() != b"\n":
                self._append(b"\n")
            if created:
                _sync_folder(os.path.dirname(os.path.abspath(self.path)))
        except OSError as exc:
            self.close()
            raise self._failed(exc) from exc

    def _last_byte(self) -> bytes:
        with open(self.path, "rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1)

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(
            f"could not write the decision record {self.path} ({exc.strerror or exc}); every "
            "line already in it is whole: free some space or choose another --record file"
        )

    def _append(self, data: bytes) -> None:
        if self._fd is None:
            raise OutputError(f"the decision record {self.path} is closed")
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        os.fsync(self._fd)

    def write(self, record: DecisionRecord) -> None:
        """Append one record as one line and sync it to disk before returning."""
        try:
            self._append(record.model_dump_json().encode("utf-8") + b"\n")
        except OSError as exc:
            raise self._failed(exc) from exc

    def close(self) -> None:
        """Close the file (every line written is on disk already)."""
        fd, self._fd = getattr(self, "_fd", None), None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: Where records go: a file path (opened for appending), or an open :class:`RecordWriter`.
RecordTarget = Union[str, "os.PathLike[str]", RecordWriter]


def writer_for(target: RecordTarget) -> tuple[RecordWriter, bool]:
    """The writer of ``target`` and whether this call opened it (and so closes it)."""
    if isinstance(target, RecordWriter):
        return target, False
    if isinstance(target, (str, os.PathLike)):
        return RecordWriter(target), True
    raise InvalidInput(
        f"record= takes a path of a .jsonl file or a RecordWriter, not a {type(target).__name__}"
    )


class RecordTap:
    """The records of a batch: :meth:`feed` notes each input as the batch takes it,
    :meth:`rows` writes each row's record, in this process, before handing the row on.

    A batch yields one row per input, in order, so each row is matched with its input
    here whatever worker scored it, and a row whose ``source`` another layer replaced
    (blind mode's pseudonymous ids) still finds its file. The file is checked now (and
    created if need be), so a path that cannot be written fails before anything is read.
    """

    def __init__(self, job: Job, target: RecordTarget) -> None:
        self.context = RecordContext.of_job(job)
        self.max_bytes = job.limits.max_bytes
        self.target = target
        if not isinstance(target, RecordWriter):
            writer_for(target)[0].close()
        self.queue: collections.deque[Source] = collections.deque()

    def feed(self, items: Iterable[Source]) -> Iterator[Source]:
        """``items`` as they are, each noted as it is handed to the batch."""
        for item in items:
            self.queue.append(item)
            yield item

    def rows(self, rows: Iterator[Result]) -> Iterator[Result]:
        """``rows``, each recorded (written and synced) before it is yielded."""
        writer, owned = writer_for(self.target)
        try:
            for row in rows:
                item = self.queue.popleft()
                digest = input_digest(item, text_strings=False, max_bytes=self.max_bytes)
                writer.write(self.context.record(row, digest, source_name(item)))
                yield row
        finally:
            if owned:
                writer.close()
            close = getattr(rows, "close", None)
            if close is not None:
                close()


def record_tap(job: Job, target: RecordTarget | None) -> RecordTap | None:
    """The :class:`RecordTap` of a batch that keeps records (``None`` when it does not)."""
    return None if target is None else RecordTap(job, target)


def recorded(tap: RecordTap | None, rows: Iterator[Result]) -> Iterator[Result]:
    """``rows``, recorded through ``tap`` when there is one."""
    return rows if tap is None else tap.rows(rows)
