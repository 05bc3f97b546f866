"""A posting's sentences where the employer speaks of itself ("We believe ...", "We partner
with ...") are about the company, not the job: no skill is read from them (issue 13)."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.structure.employer import employer_names, employer_spans
from cvmatch.structure.headings import headings_of

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


NAMED = """Account Coordinator

Brightwell is a fast-growing platform for independent bookshops.
Brightwell helps customers upsell and cross-sell with streamlined tools.
At Brightwell, our vision is outstanding customer service for every reader.

Responsibilities
Answer customer tickets by email and chat.
"""


def test_sentences_opening_with_the_employers_name_are_about_the_company() -> None:
    assert employer_names(NAMED, headings_of(None)) == ["Brightwell"]
    found = {s.id for s in cvmatch.extract_skills(NAMED, kind="posting").skills}
    assert {"email_support", "chat_support"} <= found
    assert not found & {"upselling", "process_improvement", "customer_service"}


@pytest.mark.parametrize(
    "sentence",
    [
        "At Brightwell, you will upsell our plans to bookshop owners.",
        "Brightwell requires someone able to upsell our plans to bookshop owners.",
        "Brightwell is hiring a candidate who can upsell our plans.",
    ],
)
def test_a_named_sentence_about_the_job_is_still_read(sentence: str) -> None:
    text = NAMED.replace(
        "Brightwell helps customers upsell and cross-sell with streamlined tools.", sentence
    )
    found = {s.id for s in cvmatch.extract_skills(text, kind="posting").skills}
    assert "upselling" in found


def test_a_posting_that_introduces_no_name_is_left_alone() -> None:
    text = "The Role\nThe team helps customers upsell.\nAt least 2 years of sales experience."
    assert employer_names(text, headings_of(None)) == []
    assert employer_spans(text, headings_of(None)) == []


@pytest.mark.parametrize(
    "sentence",
    ["Upselling is a plus.", "Salesforce is a must for this job.", "Experience is an advantage."],
)
def test_a_plain_subject_is_no_employers_name(sentence: str) -> None:
    assert employer_names(f"Agent\n\n{sentence}\n", headings_of(None)) == []


def test_how_an_application_is_handled_is_no_requirement() -> None:
    text = (
        "Support Agent\n\nYou will answer customer calls.\n"
        "YOUR DETAILS WILL BE TREATED IN A CONFIDENTIAL MANNER BY ACME RECRUITMENT.\n"
        "Applications will be held in the strictest confidence.\n"
    )
    found = {s.id for s in cvmatch.extract_skills(text, kind="posting").skills}
    assert "phone_support" in found
    assert "cybersecurity_privacy" not in found
