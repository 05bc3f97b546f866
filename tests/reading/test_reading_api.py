"""The reading package's surface: its names, its argument checks, its modules' jobs."""

from __future__ import annotations

import inspect

import pytest

from cvmatch.errors import CvmatchError, InvalidInput, UnreadableDocument
from cvmatch.reading import ReadLimits, read_document, read_text


def test_public_names_are_importable_from_the_package_and_from_document():
    import cvmatch.reading as reading
    import cvmatch.reading.document as document

    for name in reading.__all__:
        assert hasattr(reading, name), name
    # the names other packages import from cvmatch.reading.document today
    for name in (
        "DEFAULT_LIMITS",
        "SUPPORTED_SUFFIXES",
        "PDF_BACKENDS",
        "DocumentInput",
        "ReadLimits",
        "normalize_text",
        "read_document",
        "read_text",
    ):
        assert hasattr(document, name), name
        if hasattr(reading, name):
            assert getattr(document, name) is getattr(reading, name), name
    assert reading.SUPPORTED_SUFFIXES[".docx"] == "docx"


def test_read_limits_do_not_ask_for_an_alarm_by_default():
    assert ReadLimits().alarm is False
    assert ReadLimits().timeout_seconds == 30.0


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: read_text("Customer service", kind="cv"), "kind"),
        (lambda: read_document(b"Customer service", kind=3), "kind"),
        (lambda: read_text("Customer service", name=5), "name"),
        (lambda: read_document(b"Customer service", name="a.txt", limits=None), "limits"),
        (lambda: read_document(b"Customer service", format=3), "format"),
        (lambda: read_document(b"Customer service", format="rtf"), "unsupported"),
        (lambda: read_document(3.5), "float"),
        (lambda: read_text(b"Customer service"), "str"),
    ],
)
def test_bad_arguments_are_invalid_input(call, words):
    with pytest.raises(CvmatchError, match=words) as info:
        call()
    assert isinstance(info.value, ValueError)
    if words not in ("unsupported",):
        assert isinstance(info.value, InvalidInput)


def test_an_unreadable_path_is_a_cvmatch_error(tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "cv.txt"
    path.write_text("Customer service", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "is_file", refuse)
    with pytest.raises(UnreadableDocument, match="permissions") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_taxonomy_is_a_keyword_of_both_entry_points():
    for function in (read_document, read_text):
        parameter = inspect.signature(function).parameters["taxonomy"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default is None
        assert "taxonomy" in (function.__doc__ or "")


def test_read_text_accepts_the_shipped_taxonomy(resume_text):
    from cvmatch.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    given = read_text(resume_text, kind="resume", taxonomy=taxonomy)
    default = read_text(resume_text, kind="resume")
    assert given == default
    assert any(section.name == "experience" for section in given.sections)


def test_each_module_keeps_under_five_hundred_lines():
    from pathlib import Path

    import cvmatch.reading as reading

    for path in Path(reading.__file__).parent.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name


def test_a_users_headings_reach_the_structure(tmp_path):
    from cvmatch.taxonomy import load_taxonomy

    extra = tmp_path / "headings.toml"
    extra.write_text('[headings.resume]\nskills = ["superpowers"]\n', encoding="utf-8")
    taxonomy = load_taxonomy(extra)
    text = (
        "Jamie Doe\njamie@example.com\n\nExperience\nSupport agent, Acme, 2019 - 2023\n"
        "Answered customer calls.\n\nSuperpowers\nZendesk, active listening\n"
    )
    shipped = read_text(text, kind="resume")
    extended = read_text(text, kind="resume", taxonomy=taxonomy)
    assert "skills" not in [section.name for section in shipped.sections]
    assert "skills" in [section.name for section in extended.sections]
    from_bytes = read_document(text.encode(), name="cv.txt", kind="resume", taxonomy=taxonomy)
    assert from_bytes.sections == extended.sections
