"""Read documents (paths, bytes, file objects) into normalised text.

Each format has one reader that turns bytes into raw text; :func:`normalize_text`
then cleans it so that every character offset reported later points into
``Document.text``. Structure (sections, positions, years) comes from
:mod:`cvmatch.sections`.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Union

from cvmatch.errors import (
    CorruptDocument,
    DocumentNotFound,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    ScannedDocument,
    UnreadableDocument,
    UnsupportedFormat,
    WrongFileType,
    reraise_as,
)
from cvmatch.models import Document, DocumentKind
from cvmatch.sections import analyze_structure, detect_kind

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DocumentInput",
    "ReadLimits",
    "normalize_text",
    "read_document",
    "read_text",
]

#: Anything :func:`read_document` accepts.
DocumentInput = Union[str, os.PathLike, bytes, bytearray, IO[bytes], Document]

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

PDF_BACKENDS = ("pdfium", "pdfminer")


@dataclass(frozen=True)
class ReadLimits:
    """Limits that protect a batch from one pathological file."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 50
    max_chars: int = 2_000_000
    timeout_seconds: float | None = 30.0


DEFAULT_LIMITS = ReadLimits()


# --- normalisation -----------------------------------------------------------
_BULLETS = "•●▪■◦‣∙·○◆◇►▸➢➤✓✔☐❖*"
_BULLET_LINE = re.compile(r"^[ \t]*[" + re.escape(_BULLETS) + r"][ \t]*", re.MULTILINE)
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u00ad\u200c\u200d\u2060]")


def normalize_text(text: str) -> str:
    """Clean extracted text: Unicode NFKC, ligatures, soft hyphens, bullets, whitespace.

    The result is what ``Document.text`` holds and what every offset refers to.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _HYPHEN_BREAK.sub("", text)
    text = _BULLET_LINE.sub("- ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


# --- format readers ------------------------------------------------------------
def _decode_text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    return data.decode("cp1252", errors="replace")


def _read_txt(data: bytes, name: str, limits: ReadLimits, backend: str | None) -> tuple[str, int | None]:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WrongFileType(
            f"{name}: looks like a binary file, not text; check the file or rename it with "
            "its real extension",
            source=name,
        )
    return _decode_text(data, name), None


def _check_pdf_header(data: bytes, name: str) -> None:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        kind = "a ZIP/DOCX file" if data.startswith(b"PK") else "not a PDF"
        raise WrongFileType(
            f"{name}: named .pdf but the content is {kind}; save it as a real PDF or fix "
            "the extension",
            source=name,
        )


def _read_pdf_pdfminer(data: bytes, name: str, limits: ReadLimits) -> tuple[str, int]:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage

    try:
        pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise EncryptedDocument(
            f"{name}: PDF is encrypted; supply the password or an unlocked copy", source=name
        ) from exc
    except Exception as exc:
        raise CorruptDocument(
            f"{name}: PDF is damaged and cannot be read ({type(exc).__name__}); "
            "re-export or re-save it",
            source=name,
        ) from exc
    if pages > limits.max_pages:
        raise DocumentTooLarge(
            f"{name}: PDF has {pages} pages, more than the limit of {limits.max_pages}; "
            "raise ReadLimits.max_pages or split the file",
            source=name,
        )
    with reraise_as(CorruptDocument, f"{name}: PDF is damaged and cannot be read", source=name):
        text = extract_text(io.BytesIO(data))
    return text, pages


def _read_pdf_pdfium(data: bytes, name: str, limits: ReadLimits) -> tuple[str, int]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument(
                f"{name}: PDF is encrypted; supply the password or an unlocked copy", source=name
            ) from exc
        raise CorruptDocument(
            f"{name}: PDF is damaged and cannot be read ({exc}); re-export or re-save it",
            source=name,
        ) from exc
    try:
        pages = len(pdf)
        if pages > limits.max_pages:
            raise DocumentTooLarge(
                f"{name}: PDF has {pages} pages, more than the limit of {limits.max_pages}; "
                "raise ReadLimits.max_pages or split the file",
                source=name,
            )
        parts = []
        for index in range(pages):
            page = pdf[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return "\n\f".join(parts), pages
    finally:
        pdf.close()


def _read_pdf(data: bytes, name: str, limits: ReadLimits, backend: str | None) -> tuple[str, int | None]:
    _check_pdf_header(data, name)
    backend = backend or "pdfminer"
    if backend == "pdfminer":
        text, pages = _read_pdf_pdfminer(data, name, limits)
    elif backend == "pdfium":
        text, pages = _read_pdf_pdfium(data, name, limits)
    else:
        from cvmatch.errors import InvalidInput

        raise InvalidInput(f"unknown PDF backend {backend!r}; choose from {', '.join(PDF_BACKENDS)}")
    if not text.strip():
        raise ScannedDocument(
            f"{name}: PDF has no text layer (scanned or image-only); run OCR first",
            source=name,
        )
    return text, pages


def _read_docx(data: bytes, name: str, limits: ReadLimits, backend: str | None) -> tuple[str, int | None]:
    import zipfile

    if not data.startswith(b"PK"):
        raise WrongFileType(
            f"{name}: named .docx but is not a DOCX (ZIP) file; save it as .docx from Word "
            "or fix the extension",
            source=name,
        )
    with reraise_as(CorruptDocument, f"{name}: DOCX is damaged and cannot be read", source=name):
        archive = zipfile.ZipFile(io.BytesIO(data))
        total = sum(info.file_size for info in archive.infolist())
    if total > limits.max_bytes * 10:
        from cvmatch.errors import UnsafeDocument

        raise UnsafeDocument(
            f"{name}: DOCX expands to {total} bytes (a zip bomb?); refusing to open it",
            source=name,
        )
    import docx

    with reraise_as(CorruptDocument, f"{name}: DOCX is damaged and cannot be read", source=name):
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for section in document.sections:
            lines.extend(p.text for p in section.header.paragraphs if p.text.strip())
        for paragraph in document.paragraphs:
            lines.append(paragraph.text)
        for table in document.tables:
            for row in table.rows:
                lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines), None


def _read_html(data: bytes, name: str, limits: ReadLimits, backend: str | None) -> tuple[str, int | None]:
    from bs4 import BeautifulSoup

    html = _decode_text(data, name)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "noscript", "template", "svg", "header", "footer"]):
        tag.decompose()
    for item in soup.find_all("li"):
        item.insert_before("\n- ")
    text = soup.get_text("\n")
    return text, None


_READERS: dict[str, Callable[[bytes, str, ReadLimits, str | None], tuple[str, int | None]]] = {
    "txt": _read_txt,
    "md": _read_txt,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "html": _read_html,
}


# --- entry points ----------------------------------------------------------------
def _format_for(name: str, data: bytes, fmt: str | None) -> str:
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt not in _READERS:
            raise UnsupportedFormat(
                f"{name}: unsupported format {fmt!r}; use one of {', '.join(sorted(_READERS))}",
                source=name,
            )
        return fmt
    suffix = Path(name).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    if data.lstrip()[:5].startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        return "docx"
    if suffix == "" or not suffix:
        head = data[:512].lower()
        return "html" if b"<html" in head or b"<!doctype html" in head else "txt"
    raise UnsupportedFormat(
        f"{name}: unsupported file type {suffix!r}; cvmatch reads "
        f"{', '.join(sorted(SUPPORTED_SUFFIXES))}",
        source=name,
    )


def _load_bytes(source: DocumentInput, name: str | None, limits: ReadLimits) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        name = name or "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or str(source)
        if not path.is_file():
            raise DocumentNotFound(
                f"{name}: no such file; check the path" + (" (it is a folder)" if path.is_dir() else ""),
                source=name,
            )
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentTooLarge(
                f"{name}: file is {size} bytes, more than the limit of {limits.max_bytes}; "
                "raise ReadLimits.max_bytes or shrink the file",
                source=name,
            )
        data = path.read_bytes()
    elif hasattr(source, "read"):
        name = name or getattr(source, "name", None) or "<stream>"
        data = source.read(limits.max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        from cvmatch.errors import InvalidInput

        raise InvalidInput(
            f"cannot read a {type(source).__name__}; pass a path, bytes or a binary file object"
        )
    if len(data) > limits.max_bytes:
        raise DocumentTooLarge(
            f"{name}: more than {limits.max_bytes} bytes; raise ReadLimits.max_bytes or shrink it",
            source=name,
        )
    if not data.strip():
        raise EmptyDocument(f"{name}: file is empty; check that the upload completed", source=name)
    return data, name


def read_document(
    source: DocumentInput,
    *,
    kind: DocumentKind | None = None,
    name: str | None = None,
    format: str | None = None,
    pdf_backend: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Read a resume or posting into a :class:`~cvmatch.models.Document`.

    Parameters
    ----------
    source
        A path, raw bytes, or a binary file object (a ``Document`` is returned as is).
    kind
        ``"resume"`` or ``"posting"``; detected from the text when omitted.
    name
        The name reported as ``source`` (defaults to the path).
    format
        Force a format (``txt``, ``md``, ``pdf``, ``docx``, ``html``) instead of using
        the file name.
    pdf_backend
        ``"pdfium"`` or ``"pdfminer"``.

    Raises
    ------
    ReadError
        A subclass naming the file and what to do: missing, unsupported, empty,
        encrypted, scanned, damaged, too large.
    """
    if isinstance(source, Document):
        return source
    data, name = _load_bytes(source, name, limits)
    fmt = _format_for(name, data, format)
    with reraise_as(UnreadableDocument, f"{name}: could not read the {fmt} file", source=name):
        raw, pages = _READERS[fmt](data, name, limits, pdf_backend)
    return _build_document(raw, name=name, fmt=fmt, kind=kind, pages=pages, limits=limits)


def read_text(
    text: str, *, kind: DocumentKind | None = None, name: str = "<text>",
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Build a :class:`~cvmatch.models.Document` from text already in memory."""
    if not isinstance(text, str):
        from cvmatch.errors import InvalidInput

        raise InvalidInput(f"expected text (str), got {type(text).__name__}")
    return _build_document(text, name=name, fmt="txt", kind=kind, pages=None, limits=limits)


def _build_document(
    raw: str, *, name: str, fmt: str, kind: DocumentKind | None, pages: int | None,
    limits: ReadLimits,
) -> Document:
    text = normalize_text(raw)
    if not text:
        raise EmptyDocument(f"{name}: no text found in the file; check its content", source=name)
    if len(text) > limits.max_chars:
        raise DocumentTooLarge(
            f"{name}: {len(text)} characters of text, more than the limit of {limits.max_chars}; "
            "raise ReadLimits.max_chars or split the file",
            source=name,
        )
    kind = kind or detect_kind(text)
    structure = analyze_structure(text, kind)
    return Document(
        source=name,
        kind=kind,
        format=fmt,
        text=text,
        title=structure.title,
        sections=structure.sections,
        positions=structure.positions,
        years_experience=structure.years_experience,
        pages=pages,
    )
