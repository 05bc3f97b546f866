"""Which format a file is, and the one reader per format that turns its bytes into text.

Each reader takes ``(data, name, fmt, limits, deadline, backend)`` and returns a
:class:`RawText`: the raw text, the page count (``None`` where pages mean nothing) and
the characters it left out because they are hidden (:mod:`cvmatch.reading.hidden`).
Content that contradicts the file name (a PDF named ``.txt``) is refused with a
:class:`WrongFileType` that says how to fix the name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from cvmatch.errors import UnsupportedFormat, WrongFileType
from cvmatch.reading.bounds import check_html
from cvmatch.reading.decode import decode_checked
from cvmatch.reading.hidden import HiddenText
from cvmatch.reading.limits import Deadline, ReadLimits

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "RawText", "Reader", "format_for"]


class RawText(NamedTuple):
    """What a format reader gives: text before normalisation, pages, hidden characters."""

    text: str
    pages: int | None = None
    hidden: dict[str, int] = {}  # noqa: RUF012 - never mutated: each reader builds its own


#: A format reader: ``(data, name, fmt, limits, deadline, pdf_backend) -> RawText``.
Reader = Callable[[bytes, str, str, ReadLimits, Deadline, "str | None"], RawText]

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
) -> RawText:
    if _is_pdf(data) or _is_zip(data):
        raise _binary_named_as_text(data, name, fmt)
    text = decode_checked(data, name)
    if text is None:
        raise _binary_named_as_text(data, name, fmt)
    return RawText(text)


def _read_pdf(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> RawText:
    from cvmatch.reading.pdf import read_pdf

    hidden = HiddenText()
    text, pages = read_pdf(
        data,
        name,
        max_pages=limits.max_pages,
        deadline=deadline,
        backend=backend,
        max_chars=limits.max_chars,
        hidden=hidden,
    )
    return RawText(text, pages, hidden.as_dict())


def _read_docx(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> RawText:
    from cvmatch.reading.docx import read_docx

    if _is_pdf(data):
        raise WrongFileType(
            f"{name}: named .docx but is not a DOCX (ZIP) file, it is a PDF; rename it .pdf",
            source=name,
        )
    hidden = HiddenText()
    text = read_docx(
        data,
        name,
        max_unzipped_bytes=limits.max_unzipped_bytes,
        deadline=deadline,
        max_xml_bytes=limits.max_xml_bytes,
        hidden=hidden,
    )
    return RawText(text, None, hidden.as_dict())


def _read_html(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> RawText:
    from cvmatch.reading.html import read_html

    if _is_pdf(data) or _is_zip(data):
        raise _binary_named_as_text(data, name, fmt)
    check_html(data, name)  # before a tree of millions of elements is built
    text = decode_checked(data, name, html=True)  # bytes checked against <meta charset>
    if text is None:
        raise _binary_named_as_text(data, name, fmt)
    hidden = HiddenText()
    text = read_html(text, name, deadline=deadline, hidden=hidden)
    return RawText(text, None, hidden.as_dict())


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
