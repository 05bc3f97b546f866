"""Readers stay bounded: documents that would expand without limit are refused early.

Each hostile shape is built here, small: limits are scaled down through
:class:`ReadLimits` where the default shape would be large.
"""

from __future__ import annotations

import io
import time
import unicodedata
import zipfile
import zlib

import pytest

from cvmatch.errors import DocumentTooLarge, UnsafeDocument
from cvmatch.reading import ReadLimits, read_document, read_text
from cvmatch.reading.bounds import MAX_FORM_DRAWS, MAX_HTML_TAGS
from cvmatch.reading.limits import Deadline
from cvmatch.reading.normalize import INVISIBLE, _nfkc, normalize_text
from cvmatch.reading.pdf import _read_pdfium

SKILLS_LINE = b"BT /F1 12 Tf 72 700 Td (Skills: Zendesk, customer service) Tj ET"


# --- PDF syntax, written by hand ---------------------------------------------------
def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; object 1 is the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(content)
    return b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream" % (
        len(packed),
        extra,
        packed,
    )


def _page_pdf(content: bytes, forms: list[bytes] = ()) -> bytes:  # type: ignore[assignment]
    """One page drawing ``content``; ``forms`` become objects 6, 7, ... named /X0, /X1..."""
    names = b" ".join(b"/X%d %d 0 R" % (i, 6 + i) for i in range(len(forms)))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> /XObject << " + names + b" >> >> >>"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream(content),
            *forms,
        ]
    )


def _form_chain(depth: int, fan_out: int) -> bytes:
    """A page drawing form 0, each form drawing the next ``fan_out`` times."""
    forms = []
    for level in range(depth):
        last = level == depth - 1
        body = SKILLS_LINE if last else b" ".join([b"/X%d Do" % (level + 1)] * fan_out)
        resources = b"/Font << /F1 4 0 R >> /XObject << /X%d %d 0 R >>" % (level + 1, 7 + level)
        extra = b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << %s >>"
        forms.append(_stream(body, extra % resources))
    return _page_pdf(b"/X0 Do", forms)


def test_form_fan_out_is_refused_before_pdfium_draws_it() -> None:
    """30 levels, each drawing the next 10 times: 10^30 drawings, refused in a moment."""
    started = time.monotonic()
    with pytest.raises(DocumentTooLarge, match=f"forms more than {MAX_FORM_DRAWS:,} times"):
        read_document(_form_chain(30, 10), name="chain.pdf")
    assert time.monotonic() - started < 5


def test_other_fan_outs_are_refused_too() -> None:
    with pytest.raises(DocumentTooLarge, match=r"chain\.pdf: page 1"):
        read_document(_form_chain(6, 7), name="chain.pdf")  # 7^5 = 16,807 drawings
    with pytest.raises(UnsafeDocument, match="levels deep"):
        read_document(_form_chain(40, 1), name="deep.pdf")


def test_a_few_forms_are_read() -> None:
    text = read_document(_form_chain(3, 2), name="forms.pdf").text
    assert "Zendesk" in text


def test_a_page_of_too_many_glyphs_is_refused_before_it_is_read() -> None:
    glyphs = b"BT /F1 1 Tf 0 0 Td (" + b"A" * 5_000 + b") Tj ET"
    data = _page_pdf(glyphs)
    with pytest.raises(DocumentTooLarge, match="page 1 of the PDF shows more than 1,000"):
        read_document(data, name="glyphs.pdf", limits=ReadLimits(max_chars=1_000))
    # the count pdfium gives is checked before the text is copied
    with pytest.raises(DocumentTooLarge, match="holds 5,000 characters"):
        _read_pdfium(data, "glyphs.pdf", 5, Deadline(None, "glyphs.pdf"), max_chars=1_000)
    assert "AAAA" in read_document(data, name="glyphs.pdf").text  # within the default


def test_compressed_content_is_bounded_while_it_is_decompressed() -> None:
    """A few KB that inflate to more than 16 MB of drawing: refused, not inflated."""
    data = _page_pdf(b"0 0 m 1 1 l " * 1_500_000)
    assert len(data) < 100_000
    with pytest.raises(DocumentTooLarge, match="bytes of drawing content"):
        read_document(data, name="paths.pdf")


# --- DOCX -----------------------------------------------------------------------
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    'formats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"'
    "/></Relationships>"
)


def _docx(body: str, prolog: str = "") -> bytes:
    document = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{_W}">'
    document += f"<w:body>{body}</w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _paragraphs(count: int) -> str:
    return "".join(
        f"<w:p><w:r><w:t>Handled {i} refunds and escalations</w:t></w:r></w:p>"
        for i in range(count)
    )


def test_a_flat_docx_under_the_zip_bomb_ratio_is_refused_by_its_xml_size() -> None:
    data = _docx(_paragraphs(5_000))  # ~300 KB of XML, compressed about 15-fold
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size / info.compress_size < 100
    with pytest.raises(DocumentTooLarge, match="max_xml_bytes"):
        read_document(data, name="flat.docx", limits=ReadLimits(max_xml_bytes=100_000))
    assert "refunds" in read_document(data, name="flat.docx").text


def test_a_doctype_is_found_across_chunk_boundaries() -> None:
    padding = "<!-- " + "x" * ((1 << 20) - 60) + " -->"  # the DOCTYPE straddles 1 MiB
    with pytest.raises(UnsafeDocument, match="DOCTYPE"):
        read_document(_docx(_paragraphs(1), padding + "<!DOCTYPE w [ ]>"), name="dt.docx")


# --- HTML and text ----------------------------------------------------------------
def test_html_with_too_many_tags_is_refused_before_parsing() -> None:
    data = b"<html><body>" + b"<p>" * (MAX_HTML_TAGS + 10) + b"</body></html>"
    started = time.monotonic()
    with pytest.raises(DocumentTooLarge, match="tags"):
        read_document(data, name="tags.html")
    assert time.monotonic() - started < 2


def test_nfkc_expansion_is_refused_as_it_grows() -> None:
    text = "Skills\n" + "\ufdfa" * 300_000  # within 4 x max_chars, 18 x that after NFKC
    with pytest.raises(DocumentTooLarge, match="more than the limit of 100,000"):
        read_text(text, limits=ReadLimits(max_chars=100_000))


def test_chunked_nfkc_is_exactly_nfkc() -> None:
    pieces = ["e", "\u0301", "\u0327", " ", "\n", "ﬁ", "\ufdfa", "\u1100", "\u1161", "가", "Å"]
    text = "".join(pieces[(i * 7 + i // 3) % len(pieces)] for i in range(300_000))
    assert _nfkc(text, 10**8) == unicodedata.normalize("NFKC", text)


def test_invisible_characters_inside_words_are_removed() -> None:
    hidden = (
        "Skills\nZen\u200bdesk, Sales\u2060force, cus\u00adtomer ser\u200dvice, Fresh\ufeffdesk"
    )
    assert normalize_text(hidden) == "Skills\nZendesk, Salesforce, customer service, Freshdesk"


def test_every_format_character_nobody_sees_is_invisible() -> None:
    """Every Unicode format character (Cf) is removed, but the visible number marks."""
    import re
    import sys

    removed = re.compile("[" + INVISIBLE + "]")
    visible_marks = {0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891}
    visible_marks |= {0x8E2, 0x110BD, 0x110CD}
    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf"
        and code not in visible_marks
        and not removed.match(chr(code))
    ]
    assert missing == []
