"""One exception hierarchy for cvmatch, rooted in :class:`CvmatchError`.

Every error a user can hit is a subclass of ``CvmatchError`` and, where it fits,
also of a built-in (``ValueError``, ``FileNotFoundError``, ``RuntimeError``) so existing
``except`` clauses keep working. Messages name the file and say what to do.

The groups::

    CvmatchError
    ├── ReadError            a document could not be turned into text
    │   ├── DocumentNotFound (FileNotFoundError)
    │   ├── UnsupportedFormat (ValueError)
    │   ├── NotARegularFile (ValueError): LinkOutsideFolder
    │   └── UnreadableDocument (ValueError): Empty, WrongFileType, Corrupt,
    │       Encrypted, Scanned, TooLarge, Unsafe, UnknownEncoding,
    │       DocumentTimeout (TimeoutError)
    ├── InvalidInput (ValueError)          an argument to the public API is not valid
    │   └── RecordMismatch                 a decision record does not fit the file or taxonomy
    ├── TaxonomyError (ValueError)         a taxonomy file is malformed
    ├── MissingDependency (ImportError)    an optional extra is not installed
    └── BatchError                         a batch could not run at all
        ├── WorkerStartError (RuntimeError)
        ├── WorkerDied (RuntimeError)      a row: the worker was killed, the file not judged
        └── OutputError (OSError)          an output could not be written (CLI exit 3)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

__all__ = [
    "BatchError",
    "CorruptDocument",
    "CvmatchError",
    "DocumentNotFound",
    "DocumentTimeout",
    "DocumentTooLarge",
    "EmptyDocument",
    "EncryptedDocument",
    "InvalidInput",
    "LinkOutsideFolder",
    "MissingDependency",
    "NotARegularFile",
    "OutputError",
    "ReadError",
    "RecordMismatch",
    "ScannedDocument",
    "TaxonomyError",
    "UnknownEncoding",
    "UnreadableDocument",
    "UnsafeDocument",
    "UnsupportedFormat",
    "WorkerDied",
    "WorkerStartError",
    "WrongFileType",
    "describe",
    "reraise_as",
]


class CvmatchError(Exception):
    """Base class of every error raised by cvmatch."""


# --- reading documents -------------------------------------------------------
class ReadError(CvmatchError):
    """A document could not be turned into text."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class DocumentNotFound(ReadError, FileNotFoundError):
    """The path does not exist or is not a file."""


class UnsupportedFormat(ReadError, ValueError):
    """The file type is not one cvmatch reads (see ``cvmatch.reading.SUPPORTED_SUFFIXES``)."""


class NotARegularFile(ReadError, ValueError):
    """The path is a FIFO, a device, a socket or a folder link: never opened, since opening a
    FIFO blocks and a device such as ``/dev/zero`` never ends."""


class LinkOutsideFolder(NotARegularFile):
    """A symbolic link inside a folder that points out of it: not followed unless asked
    (``--follow-links``), so an unpacked archive cannot make cvmatch read other files."""


class UnreadableDocument(ReadError, ValueError):
    """The file exists and has a supported type but its content cannot be read."""


class EmptyDocument(UnreadableDocument):
    """The file is empty or holds no text at all."""


class WrongFileType(UnreadableDocument):
    """The content is not what the file name says (e.g. a ``.pdf`` that is a ZIP)."""


class CorruptDocument(UnreadableDocument):
    """The file is damaged or truncated."""


class EncryptedDocument(UnreadableDocument):
    """The file is password protected."""


class ScannedDocument(UnreadableDocument):
    """A PDF with no text layer (a scan or images only): run OCR first."""


class DocumentTooLarge(UnreadableDocument):
    """The file is larger, or has more pages, than the configured limit."""


class UnsafeDocument(UnreadableDocument):
    """The file uses a construct we refuse to process (zip bomb, XML entities)."""


class UnknownEncoding(UnreadableDocument):
    """The text's encoding cannot be told from its bytes: every reading of them (the one
    declared, the one detected, the alternatives) gives text with NUL characters or an
    implausible mix of scripts."""


class DocumentTimeout(UnreadableDocument, TimeoutError):
    """Reading or analysing the document took longer than the configured limit."""


# --- inputs and data ---------------------------------------------------------
class InvalidInput(CvmatchError, ValueError):
    """An argument given to the public API is not valid (wrong type, unknown role id...)."""


class RecordMismatch(InvalidInput):
    """A decision record cannot be replayed as it is: the file's hash, the posting's, or the
    taxonomy (its hash or weights) differ from the ones the record holds."""


class TaxonomyError(CvmatchError, ValueError):
    """A taxonomy file is malformed or inconsistent; the message names the file and entry."""


class MissingDependency(CvmatchError, ImportError):
    """An optional extra is needed and not installed; the message names the ``pip`` command."""


# --- batches -----------------------------------------------------------------
class BatchError(CvmatchError):
    """A batch could not run at all (one bad document never raises: it gets a failed row)."""


class WorkerStartError(BatchError, RuntimeError):
    """The worker processes of a batch could not start, or keep dying before their first file."""


class WorkerDied(BatchError, RuntimeError):
    """The worker reading a file was killed from outside (a signal such as ``SIGKILL``); the
    file was not judged and gets a row of this type, and the batch goes on."""


class OutputError(BatchError, OSError):
    """An output (a file or standard output) could not be written, e.g. the disk is full;
    the CLI exits with status 3 and leaves no partial file under the output's name."""


#: Libraries whose exception messages are fixed texts (never quotes of the document).
_FIXED_MESSAGE_MODULES = ("pypdfium2", "zipfile")


def describe(exc: BaseException) -> str:
    """What a third-party exception says, without quoting the document it came from.

    Parser messages can quote the document (lxml names the tag or entity it choked on,
    pdfminer.six prints the tokens around the damage), and error messages end up in
    logs and result files, so only the exception type, and the line and column of a
    parse error, are kept; messages of libraries with fixed texts (pdfium, zipfile) and
    of ``OSError`` (the path and the reason) are kept whole.
    """
    kind = type(exc).__name__
    module = type(exc).__module__ or ""
    if module.startswith(_FIXED_MESSAGE_MODULES) or isinstance(exc, OSError):
        text = str(exc).strip()
        return f"{kind}: {text}" if text else kind
    line, column = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    if isinstance(line, int) and isinstance(column, int):
        return f"{kind} at line {line}, column {column}"
    return kind


@contextlib.contextmanager
def reraise_as(
    error_type: type[ReadError], message: str, *, source: str | None = None
) -> Iterator[None]:
    """Re-raise any third-party exception inside the block as ``error_type(message)``.

    Our own errors pass through untouched; the original is kept as ``__cause__``, and
    the message gets only :func:`describe` of it (never text quoted from the document).
    """
    try:
        yield
    except CvmatchError:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:
        raise error_type(f"{message} ({describe(exc)})", source=source) from exc
