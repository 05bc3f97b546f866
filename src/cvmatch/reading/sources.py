"""What :func:`~cvmatch.reading.read_document` accepts, and how it becomes bytes.

Paths, bytes and binary file objects are loaded here within ``ReadLimits.max_bytes``;
missing, unreadable, oversized and empty inputs become typed errors naming the file.
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

__all__ = ["DocumentInput", "load_bytes"]

#: Anything :func:`~cvmatch.reading.read_document` accepts.
DocumentInput = Union[str, os.PathLike, bytes, bytearray, IO[bytes], Document]  # noqa: UP007

_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


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
