"""Read documents (paths, bytes, file objects, text) into a :class:`~cvmatch.models.Document`.

The steps, each in its own module: :mod:`~cvmatch.reading.sources` loads the bytes,
:mod:`~cvmatch.reading.formats` picks the format and its reader (PDF, DOCX, HTML,
text), :func:`~cvmatch.reading.normalize.normalize_text` cleans the text so that every
character offset reported later points into ``Document.text``, and
:mod:`cvmatch.structure` finds sections, positions and years. All of it runs within
:class:`~cvmatch.reading.limits.ReadLimits`.

PDFs are read with pdfium by default (about 100-130 resumes/s on one core against
3-5/s for pdfminer.six, with 99.9 % of pdfminer.six's words recovered; see
:mod:`cvmatch.reading.pdf` and ``bench/ingest.py``); ``pdf_backend="pdfminer"``
selects pdfminer.six.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args

from cvmatch.errors import (
    DocumentTooLarge,
    EmptyDocument,
    InvalidInput,
    UnreadableDocument,
    reraise_as,
)
from cvmatch.models import Document, DocumentKind
from cvmatch.reading import formats
from cvmatch.reading.decode import decode_text
from cvmatch.reading.formats import SUPPORTED_SUFFIXES
from cvmatch.reading.hidden import hidden_text_warning
from cvmatch.reading.limits import DEFAULT_LIMITS, ReadLimits, time_limit
from cvmatch.reading.normalize import normalize_text
from cvmatch.reading.pdf import DEFAULT_PDF_BACKEND, PDF_BACKENDS
from cvmatch.reading.sources import DocumentInput, load_bytes
from cvmatch.structure import analyze_structure, detect_kind

if TYPE_CHECKING:
    from cvmatch.taxonomy import Taxonomy

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_PDF_BACKEND",
    "PDF_BACKENDS",
    "SUPPORTED_SUFFIXES",
    "DocumentInput",
    "ReadLimits",
    "decode_text",
    "normalize_text",
    "read_document",
    "read_text",
]


def read_document(
    source: DocumentInput,
    *,
    kind: DocumentKind | None = None,
    name: str | None = None,
    format: str | None = None,
    pdf_backend: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    taxonomy: Taxonomy | None = None,
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
        Size, page, text and time limits (:class:`ReadLimits`). The time limit is
        checked between pages and blocks; no signal handler is installed unless
        ``limits.alarm`` is true.
    taxonomy
        The vocabulary (section headings and the like) the structure is found with;
        ``None`` means the shipped one (``load_taxonomy()``).

    Raises
    ------
    ReadError
        A subclass naming the file and what to do: ``DocumentNotFound``,
        ``UnsupportedFormat``, or an ``UnreadableDocument``: ``EmptyDocument``,
        ``WrongFileType``, ``CorruptDocument``, ``EncryptedDocument``,
        ``ScannedDocument``, ``DocumentTooLarge``, ``UnsafeDocument``,
        ``DocumentTimeout``.
    InvalidInput
        ``source`` is of a type that cannot be read, or ``pdf_backend`` is unknown.
    """
    if isinstance(source, Document):
        return source
    _check_arguments(kind, name, limits)
    if pdf_backend is not None and pdf_backend not in PDF_BACKENDS:
        raise InvalidInput(
            f"unknown PDF backend {pdf_backend!r}; choose from {', '.join(PDF_BACKENDS)}"
        )
    if format is not None and not isinstance(format, str):
        raise InvalidInput(f"format must be a name such as 'pdf', got {type(format).__name__}")
    data, name = load_bytes(source, name, limits)
    fmt = formats.format_for(name, data, format)
    with time_limit(limits.timeout_seconds, name, alarm=limits.alarm) as deadline:
        with reraise_as(
            UnreadableDocument,
            f"{name}: could not read the {fmt} file; check that it opens, or re-save it",
            source=name,
        ):
            raw = formats.READERS[fmt](data, name, fmt, limits, deadline, pdf_backend)
        deadline.check()
        return _build_document(
            raw.text,
            name=name,
            fmt=fmt,
            kind=kind,
            pages=raw.pages,
            limits=limits,
            taxonomy=taxonomy,
            hidden=raw.hidden,
        )


def read_text(
    text: str,
    *,
    kind: DocumentKind | None = None,
    name: str = "<text>",
    limits: ReadLimits = DEFAULT_LIMITS,
    taxonomy: Taxonomy | None = None,
) -> Document:
    """Build a :class:`~cvmatch.models.Document` from text already in memory.

    ``kind``, ``limits`` and ``taxonomy`` mean what they mean for :func:`read_document`;
    ``name`` is the ``source`` reported. Raises ``InvalidInput`` when ``text`` is not a
    ``str``, ``EmptyDocument`` or ``DocumentTooLarge`` as :func:`read_document` does.
    """
    if not isinstance(text, str):
        raise InvalidInput(f"expected text (str), got {type(text).__name__}")
    _check_arguments(kind, name, limits)
    return _build_document(
        text, name=name, fmt="txt", kind=kind, pages=None, limits=limits, taxonomy=taxonomy
    )


def _check_arguments(kind: object, name: object, limits: object) -> None:
    """Refuse, as ``InvalidInput``, options of the wrong type or value."""
    if kind is not None and kind not in get_args(DocumentKind):
        raise InvalidInput(f"kind must be 'resume', 'posting' or None, got {kind!r}")
    if name is not None and not isinstance(name, str):
        raise InvalidInput(f"name must be a str, got {type(name).__name__}")
    if not isinstance(limits, ReadLimits):
        raise InvalidInput(f"limits must be a ReadLimits, got {type(limits).__name__}")


def _too_many_chars(name: str, count: int, limits: ReadLimits) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: {count:,} characters of text, more than the limit of "
        f"{limits.max_chars:,}; raise ReadLimits.max_chars or split the file",
        source=name,
    )


def _build_document(
    raw: str,
    *,
    name: str,
    fmt: str,
    kind: DocumentKind | None,
    pages: int | None,
    limits: ReadLimits,
    taxonomy: Taxonomy | None,
    hidden: dict[str, int] | None = None,
) -> Document:
    """Normalise raw text, check its size, and attach its structure (and the warning for
    any hidden text the reader left out)."""
    if len(raw) > 4 * limits.max_chars:  # refuse before normalising a huge text
        raise _too_many_chars(name, len(raw), limits)
    try:  # NFKC can expand a text 18-fold: refused as it grows past the same bound
        text = normalize_text(raw, max_length=4 * limits.max_chars)
    except DocumentTooLarge as exc:
        raise _too_many_chars(name, getattr(exc, "length", len(raw)), limits) from None
    warning = hidden_text_warning(hidden or {})
    if not text:
        raise EmptyDocument(_no_text(name, warning), source=name)
    if len(text) > limits.max_chars:
        raise _too_many_chars(name, len(text), limits)
    kind = kind or detect_kind(text, taxonomy=taxonomy)
    structure = analyze_structure(text, kind, taxonomy=taxonomy)
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
        hidden_text=hidden or {},
        warnings=[warning] if warning else [],
    )


def _no_text(name: str, warning: str | None) -> str:
    """The empty-document message; says so when all the text there was is hidden."""
    if warning:
        return f"{name}: no visible text in the file, only {warning}; check its content"
    return f"{name}: no text found in the file; check its content"
