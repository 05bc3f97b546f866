"""Reading documents: formats, inputs, normalisation and typed errors."""

from __future__ import annotations

import io

import pytest

import cvmatch
from cvmatch.documents import normalize_text, read_document
from cvmatch.errors import (
    DocumentNotFound,
    EmptyDocument,
    UnsupportedFormat,
    WrongFileType,
)


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
    path = pdf_factory("cv.pdf", ["Experience", "Customer Service Representative",
                                  "Answered inbound calls and resolved billing complaints."])
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
            assert text[ev.start:ev.end] == ev.text
