"""Name-swap invariance: swapping names, pronouns and places of origin across groups moves
no score under blind mode, and :func:`cvmatch.audit.sensitivity.sensitivity` reports what
moves without it."""

from __future__ import annotations

import pytest

from cvmatch.audit.sensitivity import SensitivityReport, sensitivity, swap_text
from cvmatch.errors import InvalidInput

POSTING = """Customer Service Advisor
Requirements
- 2 years of customer service experience in a contact centre
- Zendesk or Salesforce; complaint handling and de-escalation
- Excellent written communication for email and live chat
"""

RESUMES = [
    """Emily Walsh
emily.walsh@example.com | +353 1 234 5678 | 14 Harbour Road, Dublin
she/her

Summary
Customer service advisor with 5 years in a contact centre. Emily is known for patience
and calm de-escalation; she was promoted to team lead. Originally from Dublin, Ireland.

Experience
Team Lead, Acme Telecom
Jan 2020 - Present
- Handled complaint escalations in Zendesk and coached 8 advisors; Ms. Walsh ran the
  weekly quality reviews.
Customer Service Advisor, Acme Telecom
Feb 2018 - Dec 2019
- Answered 70 calls a day and replied to email and live chat tickets.
""",
    """Lakisha Washington
lakisha.w@example.com | (555) 123-4567 | 221B Elm Street, Atlanta, GA 30303
Pronouns: she/her

Summary
Bilingual support agent. Lakisha resolves billing complaints by phone and email; her
first contact resolution is 85%. Married, two children. Grew up in Atlanta, Georgia.

Experience
Support Agent, Chase
March 2017 - Present
- Resolved billing disputes in Salesforce and kept CSAT above 92%.
- Wrote knowledge base articles; Mrs. Washington trained new hires on live chat.
""",
    """Wei Zhang
wei.zhang@example.cn | +86 138 0013 8000 | WeChat: zhangwei88

Profile
Contact centre agent, he/him. Wei handled 90 inbound calls a day and upsold plans.
Originally from Chengdu, China. Age: 31

Experience
Contact Centre Agent, Global Mobile
2016 - 2022
- Complaint handling and de-escalation for escalated customers; Mr. Zhang mentored agents.
- Logged every case in Zendesk.

Education
BA English, Sichuan University, 2013
""",
]

#: Names, pronouns and places of origin of one group swapped for another's, both ways.
SWAPS = [
    {
        "Emily": "Aisha",
        "Walsh": "Al-Farsi",
        "Dublin": "Lagos",
        "Ireland": "Nigeria",
        "she": "he",
        "her": "his",
        "Ms": "Mr",
    },
    {
        "Lakisha": "Emily",
        "Washington": "O'Brien-Smith",
        "Atlanta": "Dublin",
        "Georgia": "Ireland",
        "her": "his",
        "Mrs": "Mr",
    },
    {
        "Wei": "José",
        "Zhang": "Núñez",
        "Chengdu": "Bogotá",
        "China": "Colombia",
        "he": "she",
        "him": "her",
        "Mr": "Ms",
    },
]


@pytest.fixture(scope="module")
def role_report() -> SensitivityReport:
    reports = [sensitivity([text], swaps=swaps) for text, swaps in zip(RESUMES, SWAPS, strict=True)]
    return SensitivityReport(rows=[row for report in reports for row in report.rows])


@pytest.fixture(scope="module")
def match_report() -> SensitivityReport:
    reports = [
        sensitivity([text], swaps=swaps, posting=POSTING)
        for text, swaps in zip(RESUMES, SWAPS, strict=True)
    ]
    return SensitivityReport(rows=[row for report in reports for row in report.rows])


def test_swap_text_swaps_whole_words_both_ways_and_keeps_case() -> None:
    swapped = swap_text("She met him; he thanked her. SHE", {"she": "he", "he": "she"})
    assert swapped == "He met him; she thanked her. HE"
    assert swap_text("Shelby Walsh-Kerr", {"she": "he", "Walsh": "Al-Farsi"}) == "Shelby Walsh-Kerr"


def test_every_role_score_is_identical_under_blind(role_report: SensitivityReport) -> None:
    assert len(role_report.rows) == 3 * 6  # three resumes, six roles
    assert role_report.blind_invariant, role_report.changed(blind=True)
    assert role_report.max_blind_change == 0


def test_every_match_score_is_identical_under_blind(match_report: SensitivityReport) -> None:
    assert [row.score for row in match_report.rows] == ["posting"] * 3
    assert match_report.blind_invariant, match_report.changed(blind=True)


def test_without_blind_the_change_is_reported(match_report: SensitivityReport) -> None:
    """TF-IDF reads names as words: "Al-Farsi" is two words where "Walsh" was one, so the
    text-similarity line of a plain match moves, and the report says by how much."""
    moved = match_report.changed()
    assert moved, "a plain match should react to the swapped names"
    for row in moved:
        assert row.plain_change == pytest.approx(row.plain_swapped - row.plain)
        assert row.blind_change == 0
    assert match_report.max_plain_change > 0


def test_the_report_is_a_dataframe(match_report: SensitivityReport) -> None:
    frame = match_report.to_dataframe()
    assert list(frame.columns)[-2:] == ["plain_change", "blind_change"]
    assert (frame["blind_change"] == 0).all()
    assert len(frame) == len(match_report.rows)


def test_variants_may_be_given_instead_of_a_swap_map() -> None:
    swapped = [swap_text(text, swaps) for text, swaps in zip(RESUMES, SWAPS, strict=True)]
    report = sensitivity(RESUMES, swapped, roles=["customer_service_specialist"])
    assert len(report.rows) == 3 and report.blind_invariant


def test_a_swap_needs_variants_or_a_map() -> None:
    with pytest.raises(InvalidInput, match="variants"):
        sensitivity(RESUMES)
    with pytest.raises(InvalidInput, match="one each"):
        sensitivity(RESUMES, RESUMES[:1])
