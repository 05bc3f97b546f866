"""Which format a file is, and the one reader per format that turns its bytes into text.

Each reader takes ``(data, name, fmt, limits, deadline, backend)`` and returns the raw
text and the page count (``None`` where pages mean nothing). Content that contradicts
the file name (a PDF named ``.txt``) is refused with a :class:`WrongFileType` that says
how to fix the name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cvmatch.errors import UnsupportedFormat, WrongFileType
from cvmatch.reading.bounds import check_html
from cvmatch.reading.decode import decode_checked
from cvmatch.reading.limits import Deadline, ReadLimits

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "Reader", "format_for"]

#: A format reader: ``(data, name, fmt, limits, deadline, pdf_backend) -> (text, pages)``.
Reader = Callable[[bytes, str, str, ReadLimits, Deadline, "str | None"], "tuple[str, int | None]"]

#: File suffixes cvmatch reads, and the format each one names.
SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}


def _is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def _is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def _binary_named_as_text(data: bytes, name: str, fmt: str) -> WrongFileType:
    """The error for binary content in a file named as text, saying what it really is."""
    kind = "a PDF" if _is_pdf(data) else "a ZIP/DOCX file" if _is_zip(data) else "a binary file"
    better = {"a PDF": " (rename it .pdf)", "a ZIP/DOCX file": " (rename it .docx)"}.get(kind, "")
    return WrongFileType(
        f"{name}: named .{fmt} but the content is {kind}, not text; fix the extension"
        f"{better} or save it as plain text",
        source=name,
    )


def _read_txt(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    if _is_pdf(data) or _is_zip(data):
        raise _binary_named_as_text(data, name, fmt)
    text = decode_checked(data, name)
    if text is None:
        raise _binary_named_as_text(data, name, fmt)
    return text, None


def _read_pdf(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    from cvmatch.reading.pdf import read_pdf

    return read_pdf(
        data,
        name,
        max_pages=limits.max_pages,
        deadline=deadline,
        backend=backend,
        max_chars=limits.max_chars,
    )


def _read_docx(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    from cvmatch.reading.docx import read_docx

    if _is_pdf(data):
        raise WrongFileType(
            f"{name}: named .docx but is not a DOCX (ZIP) file, it is a PDF; rename it .pdf",
            source=name,
        )
    text = read_docx(
        data,
        name,
        max_unzipped_bytes=limits.max_unzipped_bytes,
        deadline=deadline,
        max_xml_bytes=limits.max_xml_bytes,
    )
    return text, None


def _read_html(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    from cvmatch.reading.html import read_html

    if _is_pdf(data) or _is_zip(data):
        raise _binary_named_as_text(data, name, fmt)
    check_html(data, name)  # before a tree of millions of elements is built
    text = decode_checked(data, name, html=True)  # bytes checked against <meta charset>
    if text is None:
        raise _binary_named_as_text(data, name, fmt)
    return read_html(text, name, deadline=deadline), None


#: The reader of each format.
READERS: dict[str, Reader] = {
    "txt": _read_txt,
    "md": _read_txt,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "html": _read_html,
}


def _sniff(data: bytes) -> str:
    """The format of unnamed bytes, from their first bytes."""
    if _is_pdf(data):
        return "pdf"
    if _is_zip(data):
        return "docx"
    head = data[:1024].lower()
    return "html" if b"<html" in head or b"<!doctype html" in head else "txt"


def format_for(name: str, data: bytes, fmt: str | None) -> str:
    """The format to read ``data`` as: ``fmt`` if given, else the name's suffix, else sniffed.

    Raises :class:`~cvmatch.errors.UnsupportedFormat` for an unknown format or suffix.
    """
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt not in READERS:
            raise UnsupportedFormat(
                f"{name}: unsupported format {fmt!r}; use one of {', '.join(sorted(READERS))}",
                source=name,
            )
        return fmt
    suffix = Path(name).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    if not suffix or name.startswith("<"):
        return _sniff(data)
    raise UnsupportedFormat(
        f"{name}: unsupported file type {suffix!r}; cvmatch reads "
        f"{', '.join(sorted(SUPPORTED_SUFFIXES))}",
        source=name,
    )
