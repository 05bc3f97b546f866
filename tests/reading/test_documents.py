"""Reading documents: formats, inputs, normalisation and typed errors."""

from __future__ import annotations

import io

import pytest

import cvmatch
from cvmatch.errors import (
    DocumentNotFound,
    EmptyDocument,
    UnsupportedFormat,
    WrongFileType,
)
from cvmatch.reading import normalize_text, read_document


def test_reads_text_and_detects_a_resume(tmp_path, resume_text):
    path = tmp_path / "jamie.txt"
    path.write_text(resume_text, encoding="utf-8")
    document = read_document(path)
    assert document.kind == "resume"
    assert document.format == "txt"
    assert "Answered 80 inbound calls" in document.text
    assert document.source == str(path)


def test_reads_a_posting_from_bytes_and_file_objects(posting_text):
    data = posting_text.encode("utf-8")
    from_bytes = read_document(data, name="job.txt")
    from_stream = read_document(io.BytesIO(data), name="job.txt")
    assert from_bytes.kind == from_stream.kind == "posting"
    assert from_bytes.text == from_stream.text


def test_reads_a_pdf(pdf_factory):
    path = pdf_factory(
        "cv.pdf",
        [
            "Experience",
            "Customer Service Representative",
            "Answered inbound calls and resolved billing complaints.",
        ],
    )
    document = read_document(path)
    assert document.format == "pdf" and document.pages == 1
    assert "resolved billing complaints" in document.text


def test_cp1252_and_utf16_text_are_decoded(tmp_path):
    cp = tmp_path / "cp.txt"
    cp.write_bytes("Café customer service – résumé".encode("cp1252"))
    assert "Café" in read_document(cp).text
    u16 = tmp_path / "u16.txt"
    u16.write_bytes("Customer service – naïve".encode("utf-16"))
    assert "naïve" in read_document(u16).text


@pytest.mark.parametrize(
    ("name", "content", "error", "words"),
    [
        ("empty.txt", b"", EmptyDocument, "empty"),
        ("blank.txt", b"  \n\n ", EmptyDocument, "empty"),
        ("fake.pdf", b"just some text", WrongFileType, "not a PDF"),
        ("zip.pdf", b"PK\x03\x04rest", WrongFileType, "ZIP"),
        ("sheet.xlsx", b"PK\x03\x04", UnsupportedFormat, "unsupported"),
        ("notdocx.docx", b"hello", WrongFileType, "not a DOCX"),
    ],
)
def test_bad_inputs_raise_typed_errors_naming_the_file(tmp_path, name, content, error, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert words in str(info.value)
    assert isinstance(info.value, cvmatch.CvmatchError)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentNotFound, match="no such file"):
        read_document(tmp_path / "nope.pdf")
    with pytest.raises(FileNotFoundError):  # also a built-in
        read_document(tmp_path / "nope.pdf")


def test_normalisation_keeps_offsets_honest():
    raw = "ﬁnance\u00adteam • Answered calls   daily\r\nRe-\nsolved issues"
    text = normalize_text(raw)
    assert "finance" in text and "\u00ad" not in text
    assert "- Answered calls daily" in text or "• Answered" not in text
    assert "Resolved issues" in text or "Re-solved" not in text
    profile = cvmatch.extract_skills(text, kind="resume")
    for skill in profile.skills:
        for ev in skill.evidence:
            assert text[ev.start : ev.end] == ev.text


# --- formats ------------------------------------------------------------------------
def _docx_bytes(tmp_path, *, header="Jamie Doe | jamie@example.com"):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("Experience")
    document.add_paragraph("Answered inbound calls and resolved billing complaints.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Skills"
    table.rows[0].cells[1].text = "Zendesk and Salesforce"
    path = tmp_path / "cv.docx"
    document.save(path)
    return path


def test_reads_docx_paragraphs_tables_and_headers(tmp_path):
    document = read_document(_docx_bytes(tmp_path))
    assert document.format == "docx"
    assert "Jamie Doe | jamie@example.com" in document.text
    assert "resolved billing complaints" in document.text
    assert "Skills | Zendesk and Salesforce" in document.text


def test_reads_html_with_a_real_parser():
    html = b"""<html><head><title>t</title><style>.x{color:red}</style>
    <script>var skills = 'Salesforce';</script></head><body>
    <nav><a href='/'>Home</a> <a href='/jobs'>Jobs menu</a></nav>
    <h1>Customer Service Representative</h1>
    <p>You will use <b>Zendesk</b> daily.</p>
    <ul><li>Answer inbound calls</li><li>Resolve complaints</li></ul></body></html>"""
    document = read_document(html, name="job.html")
    assert "Salesforce" not in document.text and "color" not in document.text
    assert "Jobs menu" not in document.text
    assert "You will use Zendesk daily." in document.text
    assert "- Answer inbound calls\n- Resolve complaints" in document.text
    assert document.title == "Customer Service Representative"


def test_text_encodings(tmp_path):
    cp = "Résumé – “Customer service” and naïve café".encode("cp1252")
    assert "“Customer service”" in read_document(cp, name="cp.txt").text
    bom16 = "\ufeffCustomer service – naïve".encode("utf-16-le")
    assert read_document(bom16, name="u.txt").text == "Customer service – naïve"
    bare16 = "Customer service team player".encode("utf-16-le")
    assert read_document(bare16, name="u.txt").text == "Customer service team player"
    assert "naïve" in read_document("naïve".encode("utf-8-sig"), name="u8.md").text


def test_normalisation_repairs_mojibake_and_bullets():
    text = normalize_text(
        "Company Name ï¼\u200b City , State\nclientÃ¨le â€“ fine\n● Answered calls"
    )
    assert "ï¼" not in text and "Company Name - City , State" in text
    assert "clientèle – fine" in text
    assert "- Answered calls" in text


@pytest.mark.parametrize("backend", ["pdfium", "pdfminer"])
def test_both_pdf_backends_read_the_same_words(pdf_factory, backend):
    path = pdf_factory("cv.pdf", ["Experience", "Resolved billing complaints for 80 customers."])
    document = read_document(path, pdf_backend=backend)
    assert "Resolved billing complaints for 80 customers." in document.text
    assert document.pages == 1


def test_pdfium_restores_spaces_from_glyph_positions(tmp_path):
    """Words placed glyph by glyph (as resume builders do) still come out spaced."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    x = 20.0
    for word in ["Excellent", "verbal", "and", "written", "skills"]:
        for char in word:
            pdf.text(x, 30, char)
            x += pdf.get_string_width(char) - 0.15  # tight tracking, no space glyphs
        x += pdf.get_string_width(" ") * 0.8
    path = tmp_path / "glyphs.pdf"
    pdf.output(str(path))
    assert "Excellent verbal and written skills" in read_document(path, pdf_backend="pdfium").text


def test_running_headers_and_page_numbers_are_dropped(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for number, line in enumerate(["Answered inbound calls", "Resolved complaints"], 1):
        pdf.add_page()
        pdf.cell(0, 8, "Jamie Doe - Resume", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 8, f"Page {number} of 2")
    path = tmp_path / "two.pdf"
    pdf.output(str(path))
    text = read_document(path).text
    assert "Page 1 of 2" not in text and "Page 2 of 2" not in text
    assert text.count("Jamie Doe - Resume") == 1
    assert "Answered inbound calls" in text and "Resolved complaints" in text


# --- every bad input: a typed error naming the file and saying what to do ---------------
def _image_only_pdf(path):
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (60, 30), "gray"), x=10, y=10, w=60)
    pdf.output(str(path))
    return path


def _encrypted_pdf(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Customer service representative")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("backend", ["pdfium", "pdfminer"])
def test_pdf_errors(tmp_path, pdf_factory, backend):
    from cvmatch.errors import CorruptDocument, EncryptedDocument, ScannedDocument

    cases = [
        (_encrypted_pdf(tmp_path / "locked.pdf"), EncryptedDocument, "encrypted"),
        (_image_only_pdf(tmp_path / "scan.pdf"), ScannedDocument, "run OCR first"),
    ]
    corrupt = tmp_path / "broken.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage")
    cases.append((corrupt, CorruptDocument, "damaged"))
    for path, error, words in cases:
        with pytest.raises(error) as info:
            read_document(path, pdf_backend=backend)
        assert str(path) in str(info.value) and words in str(info.value)
        assert isinstance(info.value, cvmatch.errors.UnreadableDocument)


def test_size_and_page_limits(tmp_path, pdf_factory):
    from cvmatch.errors import DocumentTooLarge
    from cvmatch.reading.limits import ReadLimits

    path = pdf_factory("long.pdf", ["Customer service"])
    with pytest.raises(DocumentTooLarge, match="max_pages"):
        read_document(path, limits=ReadLimits(max_pages=0))
    with pytest.raises(DocumentTooLarge, match="max_bytes") as info:
        read_document(path, limits=ReadLimits(max_bytes=100))
    assert str(path) in str(info.value)
    with pytest.raises(DocumentTooLarge, match="max_bytes"):
        read_document(io.BytesIO(b"x" * 200), name="big.txt", limits=ReadLimits(max_bytes=100))


def test_zip_bomb_docx_is_refused(tmp_path):
    import zipfile

    from cvmatch.errors import UnsafeDocument

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    with pytest.raises(UnsafeDocument, match="zip bomb") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_xml_entity_tricks_in_docx_are_refused(tmp_path):
    import zipfile

    from cvmatch.errors import UnsafeDocument

    source = _docx_bytes(tmp_path)
    path = tmp_path / "entities.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as archive:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"?>",
                    b'?><!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">'
                    b'<!ENTITY x SYSTEM "http://example.invalid/x">]>',
                    1,
                )
            archive.writestr(item, data)
    with pytest.raises(UnsafeDocument, match="ENTITY") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_docx_wrong_content(tmp_path, pdf_factory):
    import zipfile

    pdf = pdf_factory("cv.pdf", ["hello"])
    named_docx = tmp_path / "really-a-pdf.docx"
    named_docx.write_bytes(pdf.read_bytes())
    with pytest.raises(WrongFileType, match="PDF"):
        read_document(named_docx)
    plain_zip = tmp_path / "archive.docx"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(WrongFileType, match="not a Word document"):
        read_document(plain_zip)
    pdf_as_txt = tmp_path / "cv.txt"
    pdf_as_txt.write_bytes(pdf.read_bytes())
    with pytest.raises(WrongFileType, match=r"rename it \.pdf"):
        read_document(pdf_as_txt)


def test_unknown_backend_is_a_usage_error(tmp_path, pdf_factory):
    from cvmatch.errors import InvalidInput

    with pytest.raises(InvalidInput, match="pdfium"):
        read_document(pdf_factory("cv.pdf", ["hi"]), pdf_backend="tesseract")


def _slow_reader(seconds: float):
    """A txt reader doing pure-Python work that never checks the deadline."""
    import time

    def slow(*args):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pass
        return "never", None

    return slow


def test_alarm_stops_a_slow_document_and_the_next_one_reads(monkeypatch, resume_text):
    import time

    from cvmatch.errors import DocumentTimeout
    from cvmatch.reading import formats
    from cvmatch.reading.limits import ReadLimits

    monkeypatch.setitem(formats.READERS, "txt", _slow_reader(5))
    started = time.monotonic()
    with pytest.raises(DocumentTimeout, match="timeout_seconds") as info:
        read_document(b"slow", name="slow.txt", limits=ReadLimits(timeout_seconds=0.3, alarm=True))
    assert time.monotonic() - started < 3
    assert "slow.txt" in str(info.value)
    monkeypatch.undo()
    assert read_document(resume_text.encode(), name="ok.txt").kind == "resume"


def test_without_alarm_the_deadline_is_checked_after_the_reader(monkeypatch):
    """No signal: a reader that never checks runs to its end, then the deadline stops it."""
    import time

    from cvmatch.errors import DocumentTimeout
    from cvmatch.reading import formats
    from cvmatch.reading.limits import ReadLimits

    monkeypatch.setitem(formats.READERS, "txt", _slow_reader(0.5))
    started = time.monotonic()
    with pytest.raises(DocumentTimeout, match=r"slow\.txt"):
        read_document(b"slow", name="slow.txt", limits=ReadLimits(timeout_seconds=0.1))
    assert time.monotonic() - started >= 0.5


def _record_signal_calls(monkeypatch) -> list[str]:
    import signal

    calls: list[str] = []
    real_signal, real_setitimer = signal.signal, signal.setitimer

    def spy_signal(*args):
        calls.append("signal")
        return real_signal(*args)

    def spy_setitimer(*args):
        calls.append("setitimer")
        return real_setitimer(*args)

    monkeypatch.setattr(signal, "signal", spy_signal)
    monkeypatch.setattr(signal, "setitimer", spy_setitimer)
    return calls


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="no SIGALRM")
def test_read_document_installs_no_signal_handler_by_default(monkeypatch, resume_text):
    import signal

    before = signal.getsignal(signal.SIGALRM)
    calls = _record_signal_calls(monkeypatch)
    document = read_document(resume_text.encode(), name="cv.txt")
    assert document.kind == "resume"
    assert calls == []
    assert signal.getsignal(signal.SIGALRM) is before


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="no SIGALRM")
def test_alarm_true_arms_sigalrm_and_restores_the_handler(monkeypatch, resume_text):
    import signal

    from cvmatch.reading.limits import ReadLimits, time_limit

    before = signal.getsignal(signal.SIGALRM)
    calls = _record_signal_calls(monkeypatch)
    seen_inside = []
    with time_limit(5, "cv.txt", alarm=True):
        seen_inside.append(signal.getsignal(signal.SIGALRM))
    assert seen_inside[0] is not before
    assert "setitimer" in calls and "signal" in calls
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    calls.clear()
    limits = ReadLimits(timeout_seconds=5, alarm=True)
    assert read_document(resume_text.encode(), name="cv.txt", limits=limits).kind == "resume"
    assert calls.count("setitimer") == 2  # armed, then disarmed
    assert signal.getsignal(signal.SIGALRM) is before


def test_time_limit_in_a_worker_thread(tmp_path):
    """Off the main thread no signal can be used: readers check the deadline per page."""
    from concurrent.futures import ThreadPoolExecutor

    from fpdf import FPDF

    from cvmatch.errors import DocumentTimeout
    from cvmatch.reading.limits import ReadLimits

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for _ in range(40):
        pdf.add_page()
        pdf.cell(0, 10, "Answered calls")
    path = tmp_path / "pages.pdf"
    pdf.output(str(path))
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(read_document, path, limits=ReadLimits(timeout_seconds=1e-9))
        with pytest.raises(DocumentTimeout):
            future.result()
        assert pool.submit(read_document, path).result().pages == 40
