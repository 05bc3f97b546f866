"""The hidden-text tally and its warning, carried from the document to every result row."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.errors import EmptyDocument
from cvmatch.reading.document import _build_document
from cvmatch.reading.hidden import (
    BACKGROUND_COLOUR,
    INVISIBLE_MODE,
    HiddenText,
    hidden_text_warning,
)

RESUME = "Experience\nCustomer service agent. Handled phone support and live chat for 3 years.\n"


def test_the_tally_counts_visible_characters_by_reason() -> None:
    tally = HiddenText()
    tally.add_text(INVISIBLE_MODE, "Zendesk  Salesforce\n")
    tally.add(BACKGROUND_COLOUR, 4)
    tally.add(BACKGROUND_COLOUR, 0)
    assert tally.as_dict() == {INVISIBLE_MODE: 17, BACKGROUND_COLOUR: 4}
    assert tally.total == 21
    with pytest.raises(ValueError, match="unknown hidden-text reason"):
        tally.add("in a tiny box", 3)


def test_the_warning_names_the_total_and_each_reason() -> None:
    assert hidden_text_warning({}) is None
    warning = hidden_text_warning({BACKGROUND_COLOUR: 94, INVISIBLE_MODE: 1_120})
    assert warning == (
        "hidden text: 1,214 characters (invisible render mode 1,120, "
        "same colour as the background 94), not used as evidence"
    )


def test_a_documents_warning_reaches_extract_score_and_match_rows() -> None:
    document = _build_document(
        RESUME,
        name="cv.pdf",
        fmt="pdf",
        kind="resume",
        pages=1,
        limits=cvmatch.ReadLimits(),
        taxonomy=None,
        hidden={INVISIBLE_MODE: 40},
    )
    assert document.hidden_text == {INVISIBLE_MODE: 40}
    (warning,) = document.warnings
    assert warning.startswith("hidden text: 40 characters")
    assert cvmatch.extract_skills(document).warnings == [warning]
    assert cvmatch.score_resume(document).warnings == [warning]
    posting = cvmatch.read_text("We need phone support and live chat.", kind="posting")
    assert cvmatch.match(document, posting).warnings == [warning]


def test_a_document_with_only_hidden_text_says_so() -> None:
    with pytest.raises(EmptyDocument, match=r"no visible text.*hidden text: 12"):
        _build_document(
            "   ",
            name="cv.pdf",
            fmt="pdf",
            kind="resume",
            pages=1,
            limits=cvmatch.ReadLimits(),
            taxonomy=None,
            hidden={INVISIBLE_MODE: 12},
        )
