"""Industry mentions that name no industry of the work: generic phrases, job titles, names.

The sentences are written for these tests. The industry sense rules are switched on with
the user file ``industry_sense.toml`` (they are off in the shipped cues).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

import cvmatch
from cvmatch.taxonomy import Taxonomy

INDUSTRY_SENSE = Path(__file__).with_name("industry_sense.toml")


@functools.cache
def _taxonomy() -> Taxonomy:
    return cvmatch.load_taxonomy(INDUSTRY_SENSE)


def _industries(text: str) -> list[str] | None:
    document = cvmatch.read_text("Customer Service Advisor\n\n" + text, kind="posting")
    skill = cvmatch.extract_skills(document, taxonomy=_taxonomy()).get("industry_experience")
    return None if skill is None else skill.attributes.get("industries", [])


@pytest.mark.parametrize(
    "text",
    [
        "You will need five years of industry experience in software engineering.",
        "Relevant industry experience is preferred for this post.",
        "Over ten years' industry experience is an advantage.",
    ],
)
def test_industry_experience_that_names_no_industry_is_none(text: str) -> None:
    assert _industries(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "Our agency has an opening for a female support worker in a day service.",
        "The rota covers a night care worker for the weekend shifts.",
        "We are hiring a paralegal for the family team.",
    ],
)
def test_an_industry_mention_ending_in_a_job_title_is_none(text: str) -> None:
    assert _industries(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "Please send your CV to Ola at TTM Healthcare for more details.",
        "Call the office of ABC Hospitality to book an interview.",
        "Questions go to the desk at PMR Retail on weekdays.",
    ],
)
def test_an_industry_word_inside_an_all_caps_company_name_is_none(text: str) -> None:
    assert _industries(text) is None, text


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("You must have experience as a support worker in the care sector.", "social care"),
        ("Previous experience in a nursing home is essential.", "healthcare"),
        ("Two years of retail industry experience are required.", "retail"),
    ],
)
def test_named_industries_with_their_sense_still_count(text: str, industry: str) -> None:
    found = _industries(text)
    assert found is not None, text
    assert any(industry in value.lower() for value in found), (text, found)
