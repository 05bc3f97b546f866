"""Cheap checks that refuse a document before a reader spends unbounded memory on it.

A small file can ask a reader for far more than its size, in C code that no time limit
interrupts:

* a PDF page draws *form XObjects*, which draw others: a 7 KB file whose forms draw
  the next one 10 times, 30 levels deep, asks pdfium for 10^30 drawings; a page of a
  few KB of compressed content can show 20 million glyphs, each costing pdfium about
  100 bytes;
* an HTML page of 19 MB of ``<p>`` tags becomes 6 million elements (3 GB).

:func:`check_pdf_pages` walks each page's content streams once (memoised per stream,
with multiplicities, so a fan-out costs arithmetic, not drawings), before pdfium or
pdfminer.six parses the page, and refuses a page that draws too many forms, nests them
too deeply, holds too much content or shows more glyphs than ``ReadLimits.max_chars``.
The same walk tells, page by page, whether the page's drawing could hide text by
render mode or colour at all (:mod:`cvmatch.reading.pdfpaint`), so the reader looks up
glyph styles only where they matter. :func:`check_html` counts tags before a tree is
built. They are a first line: the batch reads such files in a worker process whose
memory is capped as well (:mod:`cvmatch.batch.worker`). A PDF that pdfminer.six cannot
parse is left to the reader (and that cap), and all its glyphs' styles are checked.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cvmatch.errors import CvmatchError, DocumentTooLarge, UnsafeDocument
from cvmatch.reading.pdfpaint import may_hide_text

if TYPE_CHECKING:
    from cvmatch.reading.limits import Deadline

__all__ = ["MAX_FORM_DRAWS", "MAX_HTML_TAGS", "check_html", "check_pdf_pages"]

#: Most form XObjects one page may draw, counting repeats (real resumes: none to a few
#: hundred).
MAX_FORM_DRAWS = 10_000
#: Most levels of forms drawing forms.
MAX_FORM_DEPTH = 32
#: Most bytes of content (after decompression, forms expanded) one page may hold (real
#: resumes: under 150 KB).
MAX_PAGE_CONTENT = 16 * 1024 * 1024
#: Most painting operators (text shown, paths painted, forms and images drawn) per page.
MAX_PAGE_OPERATORS = 500_000
#: Most tags an HTML page may hold (a long job-board page: tens of thousands).
MAX_HTML_TAGS = 250_000

_DELIMITER = rb"\s/\[\]()<>{}%"
_NAME = rb"/([^" + _DELIMITER + rb"]+)"
_DO = re.compile(_NAME + rb"\s*Do(?![^" + _DELIMITER + rb"])")
# a painting operator: text shown (Tj TJ ' "), a path painted, a form or image drawn
_OPERATOR = re.compile(
    rb"(?<![^" + _DELIMITER + rb"])(?:Tj|TJ|'|\"|Do|BI|[SsfFBbn]\*?)(?![^" + _DELIMITER + rb"])"
)
# string operands: literal (one level of nested parentheses is enough for a bound) and hex
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
#: Bytes of content up to which glyphs and operators need no counting: each takes at
#: least a byte (an operator two), so there cannot be too many of them.
_SMALL_STREAM = MAX_PAGE_OPERATORS


def check_html(data: bytes, name: str) -> None:
    """Refuse an HTML page with more than :data:`MAX_HTML_TAGS` tags (``<`` counted)."""
    tags = data.count(b"<")
    if tags > MAX_HTML_TAGS:
        raise DocumentTooLarge(
            f"{name}: HTML page has about {tags:,} tags, more than the limit of "
            f"{MAX_HTML_TAGS:,}; save the part you need as text or PDF",
            source=name,
        )


@dataclass
class _Cost:
    """What drawing one content stream costs, its forms included."""

    draws: int = 0  # forms drawn, repeats counted
    content: int = 0  # bytes of content
    glyphs: int = 0  # bytes of string operands: at least one per glyph
    operators: int = 0  # painting operators
    depth: int = 0  # levels of forms below
    hides: bool = False  # whether it may draw text nobody can see (:mod:`.pdfpaint`)

    def add(self, other: _Cost, times: int = 1) -> None:
        self.draws += times * (other.draws + 1)
        self.content += times * other.content
        self.glyphs += times * other.glyphs
        self.operators += times * other.operators
        self.depth = max(self.depth, other.depth + 1)
        self.hides = self.hides or other.hides


def _too_much(name: str, page: int, what: str) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: page {page} of the PDF {what}; a resume needs far less, so it is not "
        "read. Print it to a new PDF, or convert it to text",
        source=name,
    )


class _Walk:
    """Costs of one PDF's content streams, each stream read once."""

    def __init__(self, name: str, max_glyphs: int, deadline: Deadline) -> None:
        self.name, self.max_glyphs, self.deadline = name, max_glyphs, deadline
        self.page = 0
        #: whether glyphs and operators are counted: only for a page whose content is
        #: large enough for them to matter (each needs at least a byte of content)
        self.exact = False
        self.memo: dict[tuple[Any, int, bool], _Cost] = {}
        self.active: set[tuple[Any, int, bool]] = set()
        self.paints: dict[int, tuple[dict[str, str], float]] = {}

    def judge(self, cost: _Cost) -> None:
        """Refuse the page now if what it costs so far is already too much."""
        if cost.depth > MAX_FORM_DEPTH:
            raise UnsafeDocument(
                f"{self.name}: page {self.page} of the PDF nests drawings over "
                f"{MAX_FORM_DEPTH} levels deep; print it to a new PDF",
                source=self.name,
            )
        for value, limit, what in (
            (cost.draws, MAX_FORM_DRAWS, "draws embedded forms more than {:,} times"),
            (cost.content, MAX_PAGE_CONTENT, "holds more than {:,} bytes of drawing content"),
            (cost.operators, MAX_PAGE_OPERATORS, "draws more than {:,} objects"),
            (cost.glyphs, self.max_glyphs, "shows more than {:,} characters"),
        ):
            if value > limit:
                raise _too_much(self.name, self.page, what.format(limit))

    def paint(self, resources: Any) -> tuple[dict[str, str], float]:
        """What ``resources`` tell :func:`~.pdfpaint.may_hide_text`: each colour space's
        family by name, and the lowest fill alpha of the graphics states."""
        from pdfminer.pdftypes import resolve1

        if id(resources) not in self.paints:
            spaces = {}
            for key, value in _items(resolve1(_get(resources, "ColorSpace"))):
                value = resolve1(value)
                family = resolve1(value[0]) if isinstance(value, list) and value else value
                spaces[str(key)] = _literal(family) or "?"
            alpha = 1.0
            for _key, state in _items(resolve1(_get(resources, "ExtGState"))):
                state = resolve1(state)
                value = resolve1(_get(state, "ca")) if isinstance(state, dict) else None
                if value is not None:
                    alpha = min(alpha, value if isinstance(value, int | float) else 0.0)
            self.paints[id(resources)] = (spaces, alpha)
        return self.paints[id(resources)]

    def stream(self, stream: Any, resources: Any, depth: int = 0) -> _Cost:
        """The cost of drawing ``stream`` with ``resources`` (forms in it included)."""
        from pdfminer.pdftypes import resolve1

        key = (stream.objid if stream.objid is not None else id(stream), id(resources), self.exact)
        if key in self.memo:
            return self.memo[key]
        if key in self.active or depth > MAX_FORM_DEPTH:  # a cycle: readers stop there
            return _Cost(depth=depth)
        self.deadline.check()
        self.active.add(key)
        data = _content(stream)
        cost = _Cost(content=len(data or b""))
        self.judge(cost)
        if data is None:  # undecodable here: the reader may still show some of it
            cost.hides, data = True, b""
        else:
            cost.hides = may_hide_text(data, *self.paint(resources))
        if self.exact or len(data) > _SMALL_STREAM:  # (so the list of forms below is bounded)
            cost.operators = _OPERATOR.subn(b"", data)[1]
            self.judge(cost)
        if self.exact:
            cost.glyphs = len(data) - len(_STRING.sub(b"", data))
            self.judge(cost)
        xobjects = resolve1(_get(resources, "XObject")) or {}
        for raw, times in Counter(_DO.findall(data)).items():
            form = _form(resolve1(_get(xobjects, _name(raw))))
            if form is not None:
                inner = resolve1(_get(form.attrs, "Resources")) or resources
                cost.add(self.stream(form, inner, depth + 1), times)
                self.judge(cost)
        self.active.discard(key)
        self.memo[key] = cost
        return cost

    def page_cost(self, contents: list[Any], resources: Any) -> _Cost:
        """The cost of one page: its content streams and its Type 3 fonts' glyphs."""
        from pdfminer.pdftypes import PDFStream, resolve1

        total = _Cost()
        for content in contents:
            stream = resolve1(content)
            if isinstance(stream, PDFStream):
                cost = self.stream(stream, resources)
                total.add(cost)
                total.draws -= 1  # the page's own content is not a form drawn
                self.judge(total)
            else:  # what another reader may still find there is not scanned
                total.hides = True
        for font in (resolve1(_get(resources, "Font")) or {}).values():
            font = resolve1(font)
            if not isinstance(font, dict) or _literal(font.get("Subtype")) != "Type3":
                continue
            inner = resolve1(font.get("Resources")) or resources
            for proc in (resolve1(font.get("CharProcs")) or {}).values():
                proc = resolve1(proc)
                if isinstance(proc, PDFStream):
                    total.add(self.stream(proc, inner, 1))
                    self.judge(total)
        return total


def _items(mapping: Any) -> list[tuple[Any, Any]]:
    return list(mapping.items()) if isinstance(mapping, dict) else []


def _get(mapping: Any, key: str) -> Any:
    if not isinstance(mapping, dict):
        return None
    return mapping.get(key, mapping.get(key.encode("latin-1", "replace")))


def _literal(value: Any) -> str | None:
    name = getattr(value, "name", None)
    return name.decode("latin-1") if isinstance(name, bytes) else name


def _name(raw: bytes) -> str:
    raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _form(value: Any) -> Any:
    """``value`` if it is a form XObject (a content stream), else ``None``."""
    from pdfminer.pdftypes import PDFStream

    if isinstance(value, PDFStream) and _literal(value.attrs.get("Subtype")) == "Form":
        return value
    return None


def _content(stream: Any) -> bytes | None:
    """A content stream's bytes, decompressed no further than :data:`MAX_PAGE_CONTENT`
    (``None``: damaged)."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    filters = stream.get_filters()
    if len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE and not stream.decipher:
        try:
            return zlib.decompressobj().decompress(stream.rawdata, MAX_PAGE_CONTENT + 1)
        except zlib.error:
            return None  # the reader will judge the damage
    return stream.get_data()


def _pages(data: bytes, max_pages: int) -> tuple[list[tuple[list[Any], Any]], bool]:
    """Each page's content streams and resources (pdfminer.six's parser, no layout), and
    whether its cross-reference table was read as written (not rebuilt by a scan)."""
    from pdfminer.pdfdocument import PDFDocument, PDFXRefFallback
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    pages = []
    for page in PDFPage.create_pages(document):
        if len(pages) >= max_pages:
            break
        pages.append((page.contents, page.resources))
    return pages, not any(isinstance(xref, PDFXRefFallback) for xref in document.xrefs)


def check_pdf_pages(
    data: bytes, name: str, *, max_pages: int, max_chars: int, deadline: Deadline
) -> list[bool] | None:
    """Refuse a PDF a page of which draws far more than a resume (module docstring):
    ``DocumentTooLarge``, or ``UnsafeDocument`` for forms nested too deeply.

    Returns, page by page, whether its drawing may hide text
    (:func:`~cvmatch.reading.pdfpaint.may_hide_text`), or ``None`` when the file could
    not be parsed as written (then every page is to be checked glyph by glyph).
    """
    from cvmatch.reading.pdf import _quiet_pdfminer

    walk = _Walk(name, max_chars, deadline)
    with _quiet_pdfminer():
        try:
            pages, as_written = _pages(data, max_pages)
        except CvmatchError:
            raise
        except Exception:  # damaged, encrypted...: the reader says what it is
            return None
        hides = []
        for number, (contents, resources) in enumerate(pages, 1):
            walk.page, walk.exact = number, False
            try:
                cost = walk.page_cost(contents, resources)
                if cost.content > min(max_chars, _SMALL_STREAM):
                    walk.exact = True  # glyphs or operators could be too many: count them
                    cost = walk.page_cost(contents, resources)
                hides.append(cost.hides)
            except CvmatchError:
                raise
            except Exception:  # a damaged stream: the reader judges it
                hides.append(True)
        return hides if as_written else None
