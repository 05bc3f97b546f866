"""The page-level test that lets most PDF pages skip the glyph-by-glyph style check.

A page is read without looking up each glyph's render mode and colour only when its
content cannot hide text that way; whatever the scan cannot read sends the page to the
full check, so a document reads the same either way.
"""

from __future__ import annotations

import io
import zlib

import pytest

import cvmatch.reading.bounds as bounds
from cvmatch.reading import read_document
from cvmatch.reading.bounds import check_pdf_pages
from cvmatch.reading.hidden import BACKGROUND_COLOUR, INVISIBLE_MODE
from cvmatch.reading.limits import Deadline
from cvmatch.reading.pdfpaint import may_hide_text

SPACES = {"Cs1": "ICCBased", "Idx": "Indexed", "Sep": "Separation"}

PLAIN = [
    b"BT /F1 11 Tf 72 700 Td (Handled billing calls) Tj ET",
    b"/Cs1 cs 0 0 0 sc BT /F1 11 Tf 0 Tr 72 700 Td (Resolved complaints) Tj ET",
    b"0.2 g BT (Trained new agents) Tj ET 0 0 0 1 k BT (Met targets) Tj ET",
    b"0.1 0.2 0.4 rg 72 600 200 20 re f BT 3.5 TL (Managed a queue) Tj ET",
    b"BT [(Mana)5(g)-2(ing) (rg) (k)] TJ ET",  # operator names inside strings
]
HIDING = [
    b"BT 3 Tr (Zendesk, Salesforce) Tj ET",  # invisible
    b"BT 7 Tr (Zendesk) Tj ET",  # clip only
    b"BT 1 Tr (Zendesk) Tj ET",  # outline: its colour is the stroke's
    b"1 1 1 rg BT (Zendesk) Tj ET",  # white
    b"0.97 g BT (Zendesk) Tj ET",  # near white
    b"0 0 0 0 k BT (Zendesk) Tj ET",  # no ink
    b"/Cs1 cs 0.99 0.99 0.99 sc BT (Zendesk) Tj ET",
    b"/Idx cs 0 sc BT (Zendesk) Tj ET",  # an index into a palette
    b"/Sep cs 0 scn BT (Zendesk) Tj ET",  # no tint of a colorant
    b"/Pattern cs /P0 scn BT (Zendesk) Tj ET",  # a pattern
    b"/Unknown cs 0 0 0 sc BT (Zendesk) Tj ET",  # a space the resources do not name
    b"rg BT (Zendesk) Tj ET",  # operands in the stream before: unknown here
]


@pytest.mark.parametrize("content", PLAIN)
def test_dark_opaque_filled_text_cannot_hide(content: bytes) -> None:
    assert not may_hide_text(content, SPACES, 1.0)


@pytest.mark.parametrize("content", HIDING)
def test_modes_light_fills_and_unread_colours_may_hide(content: bytes) -> None:
    assert may_hide_text(content, SPACES, 1.0)


def test_a_transparent_graphics_state_may_hide() -> None:
    assert may_hide_text(PLAIN[0], SPACES, 0.0)
    assert not may_hide_text(PLAIN[0], SPACES, 0.5)


# --- whole pages, written by hand ------------------------------------------------------
def _stream(content: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(content)
    return b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream" % (
        len(packed),
        extra,
        packed,
    )


def _pdf(contents: list[bytes], forms: list[bytes] = ()) -> bytes:  # type: ignore[assignment]
    """One page drawing the ``contents`` streams in turn and naming ``forms`` /X0, /X1..."""
    first_form = 5 + len(contents)
    names = b" ".join(b"/X%d %d 0 R" % (i, first_form + i) for i in range(len(forms)))
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [" + refs + b"] "
        b"/Resources << /Font << /F1 4 0 R >> /XObject << " + names + b" >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *[_stream(content) for content in contents],
        *forms,
    ]
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


VISIBLE = b"BT /F1 12 Tf 72 720 Td (Answered customer calls) Tj ET\n"
WHITE_FORM = _stream(
    b"1 1 1 rg BT /F1 12 Tf 72 650 Td (Zendesk Salesforce) Tj ET",
    b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>",
)
#: Case -> the page's content streams, its forms, and how many characters are hidden.
CASES = {
    "plain": ([VISIBLE], [], 0),
    "white in a form": ([VISIBLE + b"/X0 Do"], [WHITE_FORM], len("ZendeskSalesforce")),
    # the operands end one stream and the operator opens the next: one white fill
    "split across streams": (
        [VISIBLE + b"1 1", b"1 rg BT /F1 12 Tf 72 650 Td (Zendesk) Tj ET"],
        [],
        len("Zendesk"),
    ),
}


def _hides(data: bytes) -> list[bool] | None:
    return check_pdf_pages(
        data, "cv.pdf", max_pages=5, max_chars=100_000, deadline=Deadline(None, "cv.pdf")
    )


@pytest.mark.parametrize("case", CASES)
def test_hidden_text_is_found_with_and_without_the_page_test(
    case: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents, forms, hidden = CASES[case]
    path = tmp_path / "cv.pdf"
    path.write_bytes(_pdf(contents, forms))
    assert _hides(path.read_bytes()) == [case != "plain"]
    quick = read_document(path)
    monkeypatch.setattr(bounds, "may_hide_text", lambda *args: True)
    assert _hides(path.read_bytes()) == [True]
    full = read_document(path)
    assert (quick.text, quick.hidden_text) == (full.text, full.hidden_text)
    assert "Answered customer calls" in quick.text and "Zendesk" not in quick.text
    assert quick.hidden_text == ({BACKGROUND_COLOUR: hidden} if hidden else {})


def test_transparent_text_made_with_a_pdf_library_is_left_out(tmp_path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 20, "Answered customer calls")
    with pdf.local_context(fill_opacity=0):
        pdf.text(20, 30, "Zendesk Salesforce")
    pdf.output(str(tmp_path / "cv.pdf"))
    assert _hides((tmp_path / "cv.pdf").read_bytes()) == [True]
    document = read_document(tmp_path / "cv.pdf")
    assert document.text == "Answered customer calls"
    assert document.hidden_text == {INVISIBLE_MODE: 17}


def test_a_page_that_cannot_hide_text_asks_pdfium_for_no_glyph_styles(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cvmatch.reading.pdfhidden as pdfhidden

    def refuse(*args: object) -> None:
        raise AssertionError("glyph styles looked up on a plain page")

    monkeypatch.setattr(pdfhidden, "_object_styles", refuse)
    path = tmp_path / "cv.pdf"
    path.write_bytes(_pdf([VISIBLE + b"BT /F1 0.4 Tf 72 600 Td (Zendesk) Tj ET"]))
    document = read_document(path)  # sizes and positions are still checked
    assert document.text == "Answered customer calls"
    assert list(document.hidden_text.values()) == [len("Zendesk")]
