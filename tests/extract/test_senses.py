"""A concept's aliases used in another field are no evidence of it: quality assurance of
software or buildings is not reviewing customer interactions (issue 13). The words are
data (``[cues.concept_senses]``); each class is pinned both ways."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.taxonomy import load_taxonomy


def _ids(line: str, taxonomy=None) -> set[str]:
    text = f"Jane Doe\n\nExperience\n{line}\n"
    return set(cvmatch.extract_skills(text, kind="resume", taxonomy=taxonomy).ids)


@pytest.mark.parametrize(
    "line",
    [
        "Led quality assurance and testing of the billing software releases.",
        "Oversaw quality assurance on every construction project we delivered.",
        "Ran quality assurance for the food production line.",
        "Quality assurance and calibration to ISO 9001 and GMP standards.",
    ],
)
def test_quality_assurance_of_another_field_is_none(line: str) -> None:
    assert "quality_assurance" not in _ids(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ran quality assurance on 40 customer calls a week with a scorecard.",
        "Quality assurance of chat transcripts for a team of 12 agents.",
        "Led quality assurance and coaching for the service desk.",
    ],
)
def test_quality_assurance_of_service_is_kept(line: str) -> None:
    assert "quality_assurance" in _ids(line)


def test_the_senses_are_data(tmp_path) -> None:
    path = tmp_path / "cues.toml"
    path.write_text('[cues.concept_senses.phone_support]\nother = ["radio"]\n', encoding="utf-8")
    taxonomy = load_taxonomy(path)
    line = "Answered radio calls from the depot every night."
    assert "phone_support" in _ids(line)
    assert "phone_support" not in _ids(line, taxonomy)


@pytest.mark.parametrize(
    "line",
    [
        "Performed software testing, debugging and validation with automated scripts.",
        "Troubleshooted the weekly closeout and the regional sales analysis.",
        "Debugged code for the release pipeline before each deployment.",
    ],
)
def test_troubleshooting_of_code_or_accounts_is_none(line: str) -> None:
    assert "troubleshooting" not in _ids(line)


@pytest.mark.parametrize(
    "line",
    [
        "Troubleshot printer and network problems for 200 users.",
        "Test and troubleshoot control consoles and inverter components on board.",
        "Troubleshooting login errors for customers over the phone.",
    ],
)
def test_troubleshooting_of_devices_and_customers_is_kept(line: str) -> None:
    assert "troubleshooting" in _ids(line)


@pytest.mark.parametrize(
    "line",
    [
        "Managed vendor invoices and payments against the quarterly budget.",
        "Managed company tax payments for a group with 30 million in revenue.",
        "Accounts payable: processed supplier invoices and journal entries.",
    ],
)
def test_order_processing_of_the_firms_own_books_is_none(line: str) -> None:
    assert "order_processing" not in _ids(line)


@pytest.mark.parametrize(
    "line",
    [
        "Processed customer payments and refunds at the register.",
        "Handled invoicing and payments for 300 customer accounts.",
        "Took card payments and processed returns in a busy store.",
    ],
)
def test_order_processing_of_customers_is_kept(line: str) -> None:
    assert "order_processing" in _ids(line)


@pytest.mark.parametrize(
    ("line", "concept"),
    [
        ("Facilitate weekly client calls to discuss upcoming deliverables.", "phone_support"),
        ("Held conference calls with stakeholders on project status.", "phone_support"),
        ("Designed new employee packages and sent them by mail and e-mail.", "email_support"),
        ("Built email marketing campaigns and a monthly newsletter.", "email_support"),
        ("Analyzed the objectives and requirements of each project.", "needs_assessment"),
        ("Gathered functional requirements for the reporting system.", "needs_assessment"),
    ],
)
def test_a_channel_or_a_need_of_other_work_is_none(line: str, concept: str) -> None:
    assert concept not in _ids(line)


@pytest.mark.parametrize(
    ("line", "concept"),
    [
        ("Handled 300 calls weekly for a utility.", "phone_support"),
        ("Answered calls to discuss account options with customers.", "phone_support"),
        ("Responded to customer emails within 24 hours.", "email_support"),
        ("Answered billing queries by email for a busy inbox.", "email_support"),
        ("Assessed customer needs and recommended the right plan.", "needs_assessment"),
        ("Interviewed clients to assess the needs of their project.", "needs_assessment"),
    ],
)
def test_the_same_words_of_service_are_kept(line: str, concept: str) -> None:
    assert concept in _ids(line)
