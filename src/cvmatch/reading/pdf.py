"""PDF to text with two backends behind one interface: pdfium (default) and pdfminer.six.

Why pdfium is the default (measured by ``bench/ingest.py`` on one core):

* speed: on 494 real resume PDFs (``shared/data/resumes``) the pdfium backend's text
  extraction runs at 120-128 docs/s (as fast as pypdfium2's plain ``get_text_range`` on
  the same machine; the per-character pass costs ~2 ms a resume) and a full
  ``read_document`` (normalisation and sections included) at 92-130 docs/s depending on
  machine load, against 2.6-5 docs/s for pdfminer.six;
* quality: on the 26 labelled dev resumes the pdfium backend recovers **99.9 %** of
  pdfminer.six's word tokens (precision 99.9 %; 99.89 % / 99.84 % on all 494), and
  finds Skills and Experience sections exactly as often as pdfminer.six does. pdfium's
  own text output (``get_text_range``) recovers only about 60 %: these resume-builder
  PDFs place every glyph as its own text object and pdfium's space heuristic then runs
  words together
  ("verbaland written", "multipletasksconcurrently").

So the pdfium backend does not use pdfium's text as is. It reads each character's
advance box (``FPDFText_GetLooseCharBox``) through the raw API into a numpy array and
inserts a space wherever the horizontal gap between two consecutive characters on one
line is wider than the page's typical gap between letters plus 3 % of the line height
(a newline where the baseline changes). Within words in these files the gap is
negative (tight tracking), between words it is above +10 % of the height, so the rule
is not sensitive to the exact margin. pdfminer.six stays available
(``pdf_backend="pdfminer"``) for layout analysis and as a reference.

Text a reader cannot see (invisible render mode, white on white, off the page, zero
size) is left out and counted by the pdfium backend only
(:mod:`cvmatch.reading.pdfhidden`); the pdfminer.six backend reads it as text. Each
glyph's render mode and colour are looked up only on pages whose content could hide
text that way (:mod:`cvmatch.reading.pdfpaint`, from the content the page-cost check
of :mod:`cvmatch.reading.bounds` reads anyway): on the resumes above that is 1 page in
976, and reading is about 1.6x faster than with the lookup on every page.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import itertools
import logging
import re
from collections import Counter, deque
from collections.abc import Iterator
from itertools import repeat
from typing import TYPE_CHECKING

from cvmatch.errors import (
    CorruptDocument,
    CvmatchError,
    DocumentTooLarge,
    EncryptedDocument,
    InvalidInput,
    ScannedDocument,
    WrongFileType,
    describe,
)
from cvmatch.reading.bounds import check_pdf_pages
from cvmatch.reading.pdfhidden import hidden_glyphs

if TYPE_CHECKING:
    import numpy as np

    from cvmatch.reading.hidden import HiddenText
    from cvmatch.reading.limits import Deadline

__all__ = ["DEFAULT_PDF_BACKEND", "PDF_BACKENDS", "check_pdf_header", "join_pages", "read_pdf"]

PDF_BACKENDS = ("pdfium", "pdfminer")
DEFAULT_PDF_BACKEND = "pdfium"

#: Extra gap (as a share of the line height) above the typical letter gap that means "space".
SPACE_MARGIN = 0.03


def check_pdf_header(data: bytes, name: str) -> None:
    """Refuse content that is not a PDF, naming what it looks like instead."""
    if not data[:1024].lstrip().startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        kind = "a ZIP/DOCX file" if data.startswith(b"PK") else "not a PDF"
        raise WrongFileType(
            f"{name}: named .pdf but the content is {kind}; save it as a real PDF or fix "
            "the extension",
            source=name,
        )


def _too_many_pages(name: str, pages: int, limit: int) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: PDF has {pages} pages, more than the limit of {limit}; "
        "raise ReadLimits.max_pages or split the file",
        source=name,
    )


def _encrypted(name: str) -> EncryptedDocument:
    return EncryptedDocument(
        f"{name}: PDF is encrypted (password protected); supply an unlocked copy "
        "(print it to a new PDF without a password)",
        source=name,
    )


def _corrupt(name: str, why: str) -> CorruptDocument:
    return CorruptDocument(
        f"{name}: PDF is damaged and cannot be read ({why}); re-export or re-save it",
        source=name,
    )


# --- pdfium --------------------------------------------------------------------------
_LOOSE_BOX = None


def _loose_box_fn():  # type: ignore[no-untyped-def]
    """``FPDFText_GetLooseCharBox`` with no declared argument types, to be called with
    the text page as one ``c_void_p``, the index as an int and the box as ``byref``
    into one float array: ctypes then converts nothing per call, which at ~6,000
    characters per resume is about 30% less than address-typed arguments (themselves
    1.6x faster than the ctypes structure wrapper). The signature is
    ``(void*, int, FS_RECTF*)``, which these arguments pass as declared.
    """
    global _LOOSE_BOX
    if _LOOSE_BOX is None:
        import pypdfium2.raw as raw

        address = ctypes.cast(raw.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
        function = ctypes.CFUNCTYPE(ctypes.c_int)(address)
        function.argtypes = None  # (the arguments' own ctypes types are passed)
        _LOOSE_BOX = function
    return _LOOSE_BOX


def _too_many_glyphs(name: str, page: int, count: int, limit: int) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: page {page} of the PDF holds {count:,} characters, more than the limit "
        f"of {limit:,}; raise ReadLimits.max_chars or split the file",
        source=name,
    )


def _pdfium_page_text(
    textpage: object,
    max_chars: int | None = None,
    page: object | None = None,
    hidden: HiddenText | None = None,
    styles: bool = True,
) -> str:
    """Text of one page with spaces restored from character positions; ``ValueError``
    when the page holds more than ``max_chars`` characters (before they are copied).
    With ``page`` and ``hidden``, characters nobody can see are left out and counted
    (:mod:`cvmatch.reading.pdfhidden`; ``styles=False``: the page's content cannot hide
    text by render mode or colour, so only sizes and positions are checked)."""
    import numpy as np
    import pypdfium2.raw as raw

    handle = textpage.raw  # type: ignore[attr-defined]
    count = raw.FPDFText_CountChars(handle)
    if count <= 0:
        return ""
    if max_chars is not None and count > max_chars:
        raise ValueError(count)
    units = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(handle, 0, count, units)
    codes = np.frombuffer(units, dtype=np.uint16, count=count)
    text = bytes(units)[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # surrogate pairs: offsets no longer line up, one code a char
        codes = np.array([raw.FPDFText_GetUnicode(handle, i) for i in range(count)], np.uint32)
        text = "".join(map(chr, codes.tolist()))

    boxes = (ctypes.c_float * (4 * count))()
    pointer = ctypes.c_void_p(ctypes.cast(handle, ctypes.c_void_p).value)
    # one call a character, driven by ``map`` (no Python loop body: ~25% less per call);
    # not for spaces and line breaks, whose boxes neither spacing nor hiding reads (a
    # tenth of a resume's characters), so theirs stay zero
    marks = np.flatnonzero(~_blanks(codes))
    n = len(marks)
    targets = map(ctypes.byref, repeat(boxes, n), (marks * 16).tolist())
    deque(map(_loose_box_fn(), repeat(pointer, n), marks.tolist(), targets), maxlen=0)
    box = np.frombuffer(boxes, dtype=np.float32).reshape(count, 4)  # left, top, right, bottom
    if page is not None and hidden is not None:
        keep = hidden_glyphs(page, textpage, codes, box, hidden, styles)
        if keep is not None:
            codes, box = codes[keep], box[keep]
            text = "".join(itertools.compress(text, keep.tolist()))
    return _spaced(text, codes, box)


def _blanks(codes: np.ndarray) -> np.ndarray:
    """Which characters are spaces, line breaks or other blanks (never spaced or hidden)."""
    return (codes <= 32) | (codes == 0xA0)


def _spaced(text: str, codes: np.ndarray, box: np.ndarray) -> str:
    """``text`` (one character per code and box) with a space wherever the gap between
    two characters on a line is wider than the page's typical letter gap, and a line
    break wherever the baseline changes."""
    import numpy as np

    if not len(text):
        return text
    left, top, right, bottom = box[:, 0], box[:, 1], box[:, 2], box[:, 3]
    blank = _blanks(codes)
    height = np.maximum(np.maximum(top[:-1] - bottom[:-1], top[1:] - bottom[1:]), 1.0)
    both = ~blank[:-1] & ~blank[1:]
    same_line = np.abs(bottom[1:] - bottom[:-1]) < 0.5 * height
    gap = (left[1:] - right[:-1]) / height
    letters = both & same_line
    if not letters.any():
        return text
    typical = min(max(float(np.median(gap[letters])), 0.0), 0.3)
    space = letters & (gap > typical + SPACE_MARGIN)
    newline = both & ~same_line
    cuts = np.flatnonzero(space | newline)
    if not len(cuts):
        return text
    parts: list[str] = []
    previous = 0
    for cut, is_space in zip(cuts.tolist(), space[cuts].tolist(), strict=False):
        parts.append(text[previous : cut + 1])
        parts.append(" " if is_space else "\n")
        previous = cut + 1
    parts.append(text[previous:])
    return "".join(parts)


def _read_pdfium(
    data: bytes,
    name: str,
    max_pages: int,
    deadline: Deadline,
    max_chars: int | None = None,
    hidden: HiddenText | None = None,
    hides: list[bool] | None = None,
) -> list[str]:
    """Page texts read with pdfium; ``hides`` says page by page whether its content may
    hide text by render mode or colour (``None``: unknown, check every glyph)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise _encrypted(name) from exc
        raise _corrupt(name, str(exc)) from exc
    try:
        pages = len(pdf)
        if pages > max_pages:
            raise _too_many_pages(name, pages, max_pages)
        if hides is not None and (
            len(hides) != pages or not raw.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw)
        ):  # the content scanned may not be what pdfium draws
            hides = None
        texts = []
        for index in range(pages):
            deadline.check()
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise _corrupt(name, f"page {index + 1} cannot be loaded: {exc}") from exc
            try:
                styles = True if hides is None else hides[index]
                texts.append(_pdfium_page_text(textpage, max_chars, page, hidden, styles))
            except ValueError as exc:
                raise _too_many_glyphs(name, index + 1, exc.args[0], max_chars or 0) from None
            finally:
                textpage.close()
                page.close()
        return texts
    finally:
        pdf.close()


# --- pdfminer.six ----------------------------------------------------------------------
_PDFMINER_IMPORTED = False


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """Silence pdfminer.six's loggers while it parses a document.

    At DEBUG it logs every token and line it reads, i.e. the document's own text, so an
    application that turns on debug logging would copy resumes into its logs.
    """
    global _PDFMINER_IMPORTED
    if not _PDFMINER_IMPORTED:  # every module first, so that every logger exists
        import importlib
        import pkgutil

        import pdfminer

        for module in pkgutil.iter_modules(pdfminer.__path__, "pdfminer."):
            with contextlib.suppress(Exception):
                importlib.import_module(module.name)
        _PDFMINER_IMPORTED = True
    manager = logging.Logger.manager
    loggers = [logging.getLogger("pdfminer")] + [
        logger
        for key, logger in list(manager.loggerDict.items())
        if key.startswith("pdfminer.") and isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, disabled in saved:
            logger.disabled = disabled


def _read_pdfminer(data: bytes, name: str, max_pages: int, deadline: Deadline) -> list[str]:
    with _quiet_pdfminer():
        return _read_pdfminer_pages(data, name, max_pages, deadline)


def _read_pdfminer_pages(data: bytes, name: str, max_pages: int, deadline: Deadline) -> list[str]:
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = list(PDFPage.create_pages(document))
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise _encrypted(name) from exc
    except Exception as exc:
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise _encrypted(name) from exc
        raise _corrupt(name, describe(exc)) from exc
    if len(pages) > max_pages:
        raise _too_many_pages(name, len(pages), max_pages)
    manager = PDFResourceManager()
    out = io.StringIO()
    converter = TextConverter(manager, out, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, converter)
    texts = []
    try:
        for page in pages:
            deadline.check()
            interpreter.process_page(page)
            texts.append(out.getvalue())
            out.seek(0)
            out.truncate()
    except CvmatchError:
        raise
    except Exception as exc:
        raise _corrupt(name, describe(exc)) from exc
    finally:
        converter.close()
    return texts


# --- page furniture ----------------------------------------------------------------------
_PAGE_NUMBER = re.compile(
    r"^\s*(?:-\s*)?(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?(?:\s*-)?\s*$", re.IGNORECASE
)


def _edge_lines(page: str, count: int = 2) -> list[str]:
    lines = [line.strip() for line in page.strip().split("\n") if line.strip()]
    return lines[:count] + lines[-count:] if len(lines) > 2 * count else lines


def join_pages(pages: list[str]) -> str:
    """Join page texts, dropping page numbers and headers/footers repeated on most pages.

    A line counts as a running header/footer when it is among the first or last two
    lines of at least two pages and of more than half of them; the first page keeps its
    first lines (a resume's name and headline are there).
    """
    pages = [page.replace("\r\n", "\n").replace("\r", "\n") for page in pages]
    repeated: set[str] = set()
    if len(pages) >= 2:
        seen = Counter(line for page in pages for line in set(_edge_lines(page)))
        repeated = {
            line for line, n in seen.items() if n >= 2 and n > len(pages) / 2 and len(line) < 120
        }
    out = []
    for number, page in enumerate(pages):
        lines = page.split("\n")
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        edges = set(nonblank[:2] + nonblank[-2:])
        kept = []
        for i, line in enumerate(lines):
            stripped = line.strip()
            if i in edges and _PAGE_NUMBER.match(stripped) and stripped:
                continue
            if i in edges and stripped in repeated and not (number == 0 and i in nonblank[:2]):
                continue
            kept.append(line)
        out.append("\n".join(kept).strip("\n"))
    return "\n\n".join(page for page in out if page.strip())


def read_pdf(
    data: bytes,
    name: str,
    *,
    max_pages: int,
    deadline: Deadline,
    backend: str | None = None,
    max_chars: int | None = None,
    hidden: HiddenText | None = None,
) -> tuple[str, int]:
    """Text and page count of a PDF, with the chosen backend (default: pdfium); text
    nobody can see is left out and counted in ``hidden``.

    With ``max_chars``, pages are first checked for what they would cost to read
    (:func:`~cvmatch.reading.bounds.check_pdf_pages`) and a page holding more
    characters than that is refused before its text is copied.
    """
    check_pdf_header(data, name)
    backend = backend or DEFAULT_PDF_BACKEND
    if backend not in PDF_BACKENDS:
        raise InvalidInput(
            f"unknown PDF backend {backend!r}; choose from {', '.join(PDF_BACKENDS)}"
        )
    hides = None
    if max_chars is not None:
        hides = check_pdf_pages(
            data, name, max_pages=max_pages, max_chars=max_chars, deadline=deadline
        )
    if backend == "pdfium":
        pages = _read_pdfium(data, name, max_pages, deadline, max_chars, hidden, hides)
    else:
        pages = _read_pdfminer(data, name, max_pages, deadline)
    text = join_pages(pages)
    if not text.strip() and hidden is not None and hidden.total:
        return "", len(pages)  # text there is, all of it hidden: the caller says so
    if not text.strip():
        raise ScannedDocument(
            f"{name}: PDF has no text layer (scanned or image-only); run OCR first, "
            "or upload the original Word/PDF export",
            source=name,
        )
    return text, len(pages)
