"""What :func:`~cvmatch.reading.read_document` accepts, and how it becomes bytes.

Paths, bytes and binary file objects are loaded here within ``ReadLimits.max_bytes``;
missing, unreadable, oversized and empty inputs become typed errors naming the file.

One rule says whether a ``str`` is a path or a document's text, everywhere (the API,
the command line, batches): a ``str`` with no line break that ends in a supported
document extension is a path (spaces allowed: ``"My CVs/jane.pdf"``); any other ``str``
is text; a :class:`pathlib.Path` (any ``os.PathLike``) is always a path; and
:func:`~cvmatch.reading.read_text` makes text explicit. :func:`is_path_string` is the
rule, :func:`to_document` applies it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Union

from cvmatch.errors import (
    DocumentNotFound,
    DocumentTooLarge,
    EmptyDocument,
    InvalidInput,
    UnreadableDocument,
    reraise_as,
)
from cvmatch.models import Document
from cvmatch.reading.limits import ReadLimits

__all__ = ["MAX_PATH_CHARS", "DocumentInput", "is_path_string", "load_bytes", "to_document"]

#: Anything :func:`~cvmatch.reading.read_document` accepts.
DocumentInput = Union[str, os.PathLike, bytes, bytearray, IO[bytes], Document]  # noqa: UP007

_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
#: Longest ``str`` taken as a path (the usual PATH_MAX): a longer one is text, so a long
#: text never reaches the operating system as a file name ("File name too long").
MAX_PATH_CHARS = 4096


def is_path_string(value: str) -> bool:
    """Whether a ``str`` names a document file: no line break, a supported extension.

    Whether the file exists does not matter: a mistyped path is still a path, and
    reading it says "no such file" instead of reading the path as a tiny document.
    """
    from cvmatch.reading.formats import SUPPORTED_SUFFIXES

    if len(value) > MAX_PATH_CHARS or "\n" in value or "\r" in value:
        return False
    return os.path.splitext(value.rstrip())[1].lower() in SUPPORTED_SUFFIXES


def to_document(
    source: DocumentInput,
    *,
    kind: str | None = None,
    limits: ReadLimits | None = None,
    name: str | None = None,
) -> Document:
    """A :class:`Document` from any input, a ``str`` read by the module's rule.

    A :class:`Document` is returned as it is (``kind`` set when given); a path that
    does not exist raises ``DocumentNotFound`` naming it.
    """
    from cvmatch.reading.document import read_document, read_text
    from cvmatch.reading.limits import DEFAULT_LIMITS

    limits = limits or DEFAULT_LIMITS
    if isinstance(source, Document):
        return (
            source if not kind or source.kind == kind else source.model_copy(update={"kind": kind})
        )
    if isinstance(source, str) and not is_path_string(source):
        return read_text(source, kind=kind, limits=limits, name=name or "<text>")  # type: ignore[arg-type]
    return read_document(source, kind=kind, limits=limits, name=name)  # type: ignore[arg-type]


def _too_large(name: str, size: int, limits: ReadLimits) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: file is {size:,} bytes, more than the limit of {limits.max_bytes:,}; "
        "raise ReadLimits.max_bytes or shrink the file",
        source=name,
    )


def _read_path(path: Path, name: str, limits: ReadLimits) -> bytes:
    # an OSError from looking at the path (a folder we may not enter) is ours too
    with reraise_as(
        UnreadableDocument, f"{name}: could not open the file; check its permissions", source=name
    ):
        if not path.is_file():
            folder = " (it is a folder)" if path.is_dir() else ""
            raise DocumentNotFound(f"{name}: no such file; check the path{folder}", source=name)
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _too_large(name, size, limits)
        return path.read_bytes()


def _read_stream(stream: IO[bytes], name: str, limits: ReadLimits) -> bytes:
    with reraise_as(UnreadableDocument, f"{name}: could not read the stream", source=name):
        data = stream.read(limits.max_bytes + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data


def load_bytes(source: DocumentInput, name: str | None, limits: ReadLimits) -> tuple[bytes, str]:
    """The bytes of ``source`` and the name to report it by.

    Raises ``DocumentNotFound``, ``UnreadableDocument``, ``DocumentTooLarge``,
    ``EmptyDocument`` (nothing but whitespace or a byte-order mark), or ``InvalidInput``
    for a type that is none of path, bytes or binary file object.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        name = name or str(source)
        data = _read_path(Path(source), name, limits)
    elif hasattr(source, "read"):
        name = name or str(getattr(source, "name", None) or "<stream>")
        data = _read_stream(source, name, limits)
    else:
        raise InvalidInput(
            f"cannot read a {type(source).__name__}; pass a path, bytes or a binary file object"
        )
    if len(data) > limits.max_bytes:
        raise _too_large(name, len(data), limits)
    if data in _BOMS or not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise EmptyDocument(
            f"{name}: file is empty; check that the upload or export completed", source=name
        )
    return bytes(data), name
