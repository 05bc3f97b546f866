"""A posting's sentences where the employer speaks of itself ("We believe ...", "We partner
with ...") are about the company, not the job: no skill is read from them (issue 13)."""

from __future__ import annotations

import pytest

import cvmatch

JOB = """Support Engineer

{intro}

Responsibilities
Answer customer tickets by email and chat.
"""


@pytest.mark.parametrize(
    "intro",
    [
        "We believe only an open approach can solve the problem of data sharing.",
        "We partner with retailers to help them solve their hardest challenges.",
        "We're proud to support 40 million people and their families every day.",
        "Our mission is to resolve every money problem our members face.",
        "We've raised $40M from investors to grow our customer service and sales teams.",
    ],
)
def test_the_employer_speaking_of_itself_is_no_requirement(intro: str) -> None:
    profile = cvmatch.extract_skills(JOB.format(intro=intro), kind="posting")
    found = {s.id for s in profile.skills}
    assert {"email_support", "chat_support"} <= found
    assert not found & {"problem_solving", "issue_resolution", "customer_service"}


def test_the_job_in_the_first_person_is_still_read() -> None:
    text = JOB.format(intro="We are looking for someone who can solve problems quickly.")
    found = {s.id for s in cvmatch.extract_skills(text, kind="posting").skills}
    assert "problem_solving" in found


def test_it_the_pronoun_is_no_it_support() -> None:
    text = "Analyst\n\nWith 900 staff, it supports two million households.\n"
    assert "troubleshooting" not in set(cvmatch.extract_skills(text, kind="posting").ids)
    text = "Analyst\n\nResponsibilities\nProvide IT support to 900 staff.\n"
    assert "troubleshooting" in set(cvmatch.extract_skills(text, kind="posting").ids)
