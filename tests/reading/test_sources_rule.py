"""One rule for a ``str``: a path when it has no line break and a document extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvmatch.errors import DocumentNotFound
from cvmatch.reading.sources import MAX_PATH_CHARS, is_path_string, to_document

RESUME = "Dana Park\nCustomer service advisor\nAnswered billing calls for a water company.\n"


@pytest.mark.parametrize(
    ("value", "is_path"),
    [
        ("My CVs/dana park.pdf", True),  # spaces are allowed
        ("postings/typo.txt", True),  # need not exist
        ("C:\\Users\\dana\\CV.DOCX", True),  # the extension in any case
        ("Dana Park, customer service advisor", False),
        ("see attached cv.pdf\nthanks", False),  # a line break: text
        ("notes.xyz", False),  # not a document extension
        ("x" * (MAX_PATH_CHARS + 1) + ".txt", False),  # longer than any path
    ],
)
def test_the_rule(value: str, is_path: bool) -> None:
    assert is_path_string(value) is is_path


def test_a_missing_path_string_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "My CVs" / "dana.pdf")
    with pytest.raises(DocumentNotFound, match=r"dana\.pdf"):
        to_document(missing)


def test_a_path_with_spaces_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "My CVs"
    folder.mkdir()
    (folder / "dana park.txt").write_text(RESUME, encoding="utf-8")
    document = to_document(str(folder / "dana park.txt"), kind="resume")
    assert "billing calls" in document.text and document.source.endswith("dana park.txt")


def test_other_strings_are_text_and_a_path_object_is_always_a_path(tmp_path: Path) -> None:
    assert to_document(RESUME, kind="resume").source == "<text>"
    with pytest.raises(DocumentNotFound):
        to_document(tmp_path / "no-extension")


def test_a_very_long_text_never_reaches_the_os_as_a_file_name() -> None:
    text = "Handled customer calls and emails every day. " * 2000  # one line, 90k chars
    document = to_document(text, kind="resume")
    assert document.text.startswith("Handled customer calls")
