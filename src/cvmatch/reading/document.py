"""Read documents (paths, bytes, file objects) into normalised text.

Each format has one reader in :mod:`cvmatch.reading` that turns bytes into raw text;
:func:`normalize_text` then cleans it so that every character offset reported later
points into ``Document.text``. Structure (sections, positions, years) comes from
:mod:`cvmatch.structure.sections`.

PDFs are read with pdfium by default (about 100-130 resumes/s on one core against
3-5/s for pdfminer.six, with 99.9 % of pdfminer.six's words recovered; see
:mod:`cvmatch.reading.pdf` and ``bench/ingest.py``); ``pdf_backend="pdfminer"``
selects pdfminer.six.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Union

from cvmatch.errors import (
    DocumentNotFound,
    DocumentTooLarge,
    EmptyDocument,
    InvalidInput,
    UnreadableDocument,
    UnsupportedFormat,
    WrongFileType,
    reraise_as,
)
from cvmatch.models import Document, DocumentKind
from cvmatch.reading.limits import Deadline, time_limit
from cvmatch.reading.pdf import DEFAULT_PDF_BACKEND, PDF_BACKENDS
from cvmatch.structure.sections import analyze_structure, detect_kind

__all__ = [
    "DEFAULT_PDF_BACKEND",
    "PDF_BACKENDS",
    "SUPPORTED_SUFFIXES",
    "DocumentInput",
    "ReadLimits",
    "normalize_text",
    "read_document",
    "read_text",
]

#: Anything :func:`read_document` accepts.
DocumentInput = Union[str, os.PathLike, bytes, bytearray, IO[bytes], Document]  # noqa: UP007

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


@dataclass(frozen=True)
class ReadLimits:
    """Limits that protect a batch from one pathological file.

    Attributes
    ----------
    max_bytes
        Largest file accepted.
    max_pages
        Most PDF pages accepted.
    max_chars
        Most characters of text kept after reading. The default is spaCy's own limit
        (``Language.max_length``, 1,000,000): a longer text would fail in extraction.
    timeout_seconds
        Time allowed to read and analyse one document (``None``: no limit). Checked
        between pages/blocks in any thread; on a process's main thread a ``SIGALRM``
        timer also interrupts long work inside one page.
    max_unzipped_bytes
        Most bytes a DOCX may expand to (zip bombs).
    """

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 50
    max_chars: int = 1_000_000
    timeout_seconds: float | None = 30.0
    max_unzipped_bytes: int = 100 * 1024 * 1024


DEFAULT_LIMITS = ReadLimits()


# --- normalisation -----------------------------------------------------------
_BULLETS = "•●▪■□◦‣∙·○◆◇►▸➢➤✓✔☐❖➔→⁃∎*"
_BULLET_LINE = re.compile(r"^[ \t]*[" + re.escape(_BULLETS) + r"][ \t]*", re.MULTILINE)
_INLINE_BULLET = re.compile(r"[ \t]+[•●▪■◦➢➤❖][ \t]+")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u00ad\u200c\u200d\u2060\ufffe\ud800-\udfff]"
)  # lone surrogates (only possible in text given as str) cannot be written out as UTF-8
#: Mojibake whose third UTF-8 byte was lost (cp1252 has no character for it), so a
#: general fixer cannot repair it; seen in resume-builder PDFs.
_LOSSY_MOJIBAKE = (
    (re.compile("ï¼[\u200b\x80-\x9f]?"), "-"),  # U+FF0D fullwidth hyphen, a separator
    (re.compile("â—[\x80-\x9f]?"), "●"),  # U+25CF bullet
    (re.compile("â–(?=[\\s\u00a0])"), "■"),  # U+25A0 bullet (its A0 byte became a space)
    (re.compile("â€(?![\u0080-\u203a\u2122])"), "”"),  # U+201D, the 9D byte lost
    (re.compile("Â(?=[\\s\u00a0]|$)"), ""),  # C2 A0: no-break space
)


_SUSPECT_LINE = re.compile(r"^.*[ÂÃâï].*$", re.MULTILINE)
_FTFY_CONFIG = None


def _ftfy_line(match: re.Match[str]) -> str:
    global _FTFY_CONFIG
    import ftfy

    if _FTFY_CONFIG is None:
        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            normalization=None,
            explain=False,
        )
    return ftfy.fix_text(match.group(0), _FTFY_CONFIG)


def _fix_mojibake(text: str) -> str:
    """Repair mojibake line by line (ftfy), only on lines that show its marks."""
    if not any(c in text for c in "ÂÃâï"):
        return text
    # the lossy sequences first: cheap, and they are most of what real files show, so
    # ftfy (slower) then runs only on the lines still marked
    for pattern, replacement in _LOSSY_MOJIBAKE:
        text = pattern.sub(replacement, text)
    if not any(c in text for c in "ÂÃâï"):
        return text
    try:
        return _SUSPECT_LINE.sub(_ftfy_line, text)
    except ImportError:  # pragma: no cover - ftfy is a dependency
        return text


def normalize_text(text: str) -> str:
    """Clean extracted text; the result is what ``Document.text`` holds.

    Steps: line breaks unified; mojibake repaired (ftfy, plus the lossy sequences it
    cannot undo, e.g. ``"ï¼"``); control characters, lone surrogates and soft hyphens
    removed; Unicode NFKC (ligatures such as "ﬁ", full-width forms); end-of-line
    hyphenation joined;
    bullets at line starts turned into ``"- "``; runs of spaces collapsed; lines
    stripped; at most one blank line in a row. Every offset reported later refers to
    this text, so nothing changes it afterwards.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _fix_mojibake(text)
    text = text.replace("\u0085", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _HYPHEN_BREAK.sub("", text)
    text = _BULLET_LINE.sub("- ", text)
    text = _INLINE_BULLET.sub("\n- ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


# --- text decoding ---------------------------------------------------------------
def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        encoding = "utf-16-le"
    elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        encoding = "utf-16-be"
    else:
        return None
    return data[: len(data) - len(data) % 2].decode(encoding, errors="replace")


def decode_text(data: bytes) -> str | None:
    """Decode text bytes: BOMs, UTF-8, BOM-less UTF-16, else a detected 8-bit encoding.

    A few stray NUL bytes (at most 1 %) are dropped; returns ``None`` for binary content.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        if data.count(b"\x00") > 0.01 * len(data):
            return None  # binary
        data = data.replace(b"\x00", b"")  # a few stray NUL bytes in a text file
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(
        data,
        cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1250", "utf_8", "mac_roman", "cp850"],
    ).best()
    if best is not None and best.encoding and best.encoding not in ("latin_1", "iso8859_15"):
        return str(best)
    # Word/Windows text: cp1252 is a superset of Latin-1's printable range.
    return data.decode("cp1252", errors="replace")


# --- format readers ------------------------------------------------------------
def _binary_named_as_text(data: bytes, name: str, fmt: str) -> WrongFileType:
    kind = (
        "a PDF"
        if data.lstrip()[:5] == b"%PDF-"
        else "a ZIP/DOCX file"
        if data.startswith(b"PK\x03\x04")
        else "a binary file"
    )
    better = {"a PDF": " (rename it .pdf)", "a ZIP/DOCX file": " (rename it .docx)"}.get(kind, "")
    return WrongFileType(
        f"{name}: named .{fmt} but the content is {kind}, not text; fix the extension"
        f"{better} or save it as plain text",
        source=name,
    )


def _read_txt(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    if data.lstrip()[:5] == b"%PDF-" or data.startswith(b"PK\x03\x04"):
        raise _binary_named_as_text(data, name, fmt)
    text = decode_text(data)
    if text is None:
        raise _binary_named_as_text(data, name, fmt)
    return text, None


def _read_pdf(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    from cvmatch.reading.pdf import read_pdf

    return read_pdf(data, name, max_pages=limits.max_pages, deadline=deadline, backend=backend)


def _read_docx(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    from cvmatch.reading.docx import read_docx

    if data.lstrip()[:5] == b"%PDF-":
        raise WrongFileType(
            f"{name}: named .docx but is not a DOCX (ZIP) file, it is a PDF; rename it .pdf",
            source=name,
        )
    return read_docx(
        data, name, max_unzipped_bytes=limits.max_unzipped_bytes, deadline=deadline
    ), None


def _read_html(
    data: bytes, name: str, fmt: str, limits: ReadLimits, deadline: Deadline, backend: str | None
) -> tuple[str, int | None]:
    from cvmatch.reading.html import read_html

    if (
        data.lstrip()[:5] == b"%PDF-"
        or data.startswith(b"PK\x03\x04")
        or (b"\x00" in data[:4096] and decode_text(data) is None)
    ):
        raise _binary_named_as_text(data, name, fmt)
    return read_html(data, name, deadline=deadline), None


_READERS = {
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
    if not suffix or name.startswith("<"):
        if data.lstrip()[:5] == b"%PDF-":
            return "pdf"
        if data.startswith(b"PK\x03\x04"):
            return "docx"
        head = data[:1024].lower()
        return "html" if b"<html" in head or b"<!doctype html" in head else "txt"
    raise UnsupportedFormat(
        f"{name}: unsupported file type {suffix!r}; cvmatch reads "
        f"{', '.join(sorted(SUPPORTED_SUFFIXES))}",
        source=name,
    )


def _too_large(name: str, size: int, limits: ReadLimits) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: file is {size:,} bytes, more than the limit of {limits.max_bytes:,}; "
        "raise ReadLimits.max_bytes or shrink the file",
        source=name,
    )


def _load_bytes(source: DocumentInput, name: str | None, limits: ReadLimits) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or str(source)
        if not path.is_file():
            raise DocumentNotFound(
                f"{name}: no such file; check the path"
                + (" (it is a folder)" if path.is_dir() else ""),
                source=name,
            )
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _too_large(name, size, limits)
        with reraise_as(
            UnreadableDocument,
            f"{name}: could not open the file; check its permissions",
            source=name,
        ):
            data = path.read_bytes()
    elif hasattr(source, "read"):
        name = name or str(getattr(source, "name", None) or "<stream>")
        with reraise_as(UnreadableDocument, f"{name}: could not read the stream", source=name):
            data = source.read(limits.max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise InvalidInput(
            f"cannot read a {type(source).__name__}; pass a path, bytes or a binary file object"
        )
    if len(data) > limits.max_bytes:
        raise _too_large(name, len(data), limits)
    bom_only = data in (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
    if bom_only or not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise EmptyDocument(
            f"{name}: file is empty; check that the upload or export completed", source=name
        )
    return bytes(data), name


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
        ``"pdfium"`` (default: fast, spaces restored from glyph positions) or
        ``"pdfminer"`` (pdfminer.six layout analysis, ~25x slower).
    limits
        Size, page, text and time limits (:class:`ReadLimits`).

    Raises
    ------
    ReadError
        A subclass naming the file and what to do: ``DocumentNotFound``,
        ``UnsupportedFormat``, or an ``UnreadableDocument``: ``EmptyDocument``,
        ``WrongFileType``, ``CorruptDocument``, ``EncryptedDocument``,
        ``ScannedDocument``, ``DocumentTooLarge``, ``UnsafeDocument``,
        ``DocumentTimeout``.
    """
    if isinstance(source, Document):
        return source
    if pdf_backend is not None and pdf_backend not in PDF_BACKENDS:
        raise InvalidInput(
            f"unknown PDF backend {pdf_backend!r}; choose from {', '.join(PDF_BACKENDS)}"
        )
    data, name = _load_bytes(source, name, limits)
    fmt = _format_for(name, data, format)
    with time_limit(limits.timeout_seconds, name) as deadline:
        with reraise_as(
            UnreadableDocument,
            f"{name}: could not read the {fmt} file; check that it opens, or re-save it",
            source=name,
        ):
            raw, pages = _READERS[fmt](data, name, fmt, limits, deadline, pdf_backend)
        deadline.check()
        return _build_document(raw, name=name, fmt=fmt, kind=kind, pages=pages, limits=limits)


def read_text(
    text: str,
    *,
    kind: DocumentKind | None = None,
    name: str = "<text>",
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Build a :class:`~cvmatch.models.Document` from text already in memory."""
    if not isinstance(text, str):
        raise InvalidInput(f"expected text (str), got {type(text).__name__}")
    return _build_document(text, name=name, fmt="txt", kind=kind, pages=None, limits=limits)


def _build_document(
    raw: str,
    *,
    name: str,
    fmt: str,
    kind: DocumentKind | None,
    pages: int | None,
    limits: ReadLimits,
) -> Document:
    if len(raw) > 4 * limits.max_chars:
        raise DocumentTooLarge(
            f"{name}: {len(raw):,} characters of text, more than the limit of "
            f"{limits.max_chars:,}; raise ReadLimits.max_chars or split the file",
            source=name,
        )
    text = normalize_text(raw)
    if not text:
        raise EmptyDocument(f"{name}: no text found in the file; check its content", source=name)
    if len(text) > limits.max_chars:
        raise DocumentTooLarge(
            f"{name}: {len(text):,} characters of text, more than the limit of "
            f"{limits.max_chars:,}; raise ReadLimits.max_chars or split the file",
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
