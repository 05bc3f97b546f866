"""Attributes with their sense: industries where the work was, languages spoken.

Every sentence here is written for these tests. Kept cases say the work was in the
industry (or the posting asks for it) or that a language is spoken or written; vetoed
cases name an industry or a language without that sense: a company name, a job title,
the employer's blurb, an example in passing, a cuisine, a country, a programming
language, "English required".
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

import cvmatch
from cvmatch.models import Skill
from cvmatch.taxonomy import Taxonomy

POSTING_TITLE = "Customer Service Advisor\n\n"
#: The industry sense rules are off in the shipped cues (see ``Cues.industry_sense``);
#: these tests switch them on with a user's file.
INDUSTRY_SENSE = Path(__file__).with_name("industry_sense.toml")


@functools.cache
def _with_industry_sense() -> Taxonomy:
    return cvmatch.load_taxonomy(INDUSTRY_SENSE)


def _skill(
    text: str, concept: str, kind: str = "posting", taxonomy: Taxonomy | None = None
) -> Skill | None:
    head = POSTING_TITLE if kind == "posting" else ""
    document = cvmatch.read_text(head + text, kind=kind)
    return cvmatch.extract_skills(document, taxonomy=taxonomy).get(concept)


def _industries(text: str, kind: str = "posting") -> list[str] | None:
    skill = _skill(text, "industry_experience", kind, _with_industry_sense())
    return None if skill is None else skill.attributes.get("industries", [])


def test_industry_sense_is_off_in_the_shipped_cues() -> None:
    """Shipped: an industry word counts as it did (the rules did not generalise yet)."""
    assert not cvmatch.load_taxonomy().cues.industry_sense
    skill = _skill("Retail assistants help shoppers every day.", "industry_experience")
    assert skill is not None
    assert "Retail" in skill.attributes["industries"]


def _languages(text: str, kind: str = "posting") -> dict[str, list[str]] | None:
    skill = _skill(text, "multilingual", kind)
    return None if skill is None else skill.attributes


# --- industries -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("You will need at least two years of experience in retail.", "Retail"),
        ("Applicants should have worked for a hospital or a large clinic.", "Healthcare"),
        ("A background in financial services is essential.", "Banking & financial services"),
        ("You will support hospital patients with their appointments.", "Healthcare"),
        ("The successful applicant will join us within the energy sector.", "Energy & utilities"),
        ("Previous hospitality experience would help you settle in.", "Hospitality"),
        ("You must be comfortable working in a busy hotel.", "Hospitality"),
        ("Ideally you come from a retail environment.", "Retail"),
        ("Sound knowledge of the insurance industry is needed.", "Insurance"),
    ],
)
def test_an_industry_counts_where_the_work_is_in_it(text: str, industry: str) -> None:
    industries = _industries(text)
    assert industries is not None, text
    assert industry in industries


@pytest.mark.parametrize(
    "text",
    [
        # a company's name
        "Bright Healthcare Ltd is recruiting for its head office. Good phone manner needed.",
        # a job title inside a sentence
        "We are recruiting a Healthcare Assistant to answer the phones.",
        # the employer's blurb about itself or its client
        "Our client is a leading name in the retail sector. Good phone manner needed.",
        "We are a well known hotel group with a friendly team.",
        # an example in passing: the posting asks for customer service
        "Customer service experience (this can be retail, hospitality or similar) is essential.",
        "Experience in a customer-facing role, such as retail, is needed.",
        # an interest is no experience
        "An interest in financial services would suit you.",
        # a qualification's or a degree's name
        "A degree in Electronics Engineering or a related field.",
        "An NVQ in Health and Social Care is desirable.",
    ],
)
def test_an_industry_word_without_its_sense_is_no_industry(text: str) -> None:
    assert _industries(text) is None, text


def test_resume_work_history_names_the_industry() -> None:
    resume = (
        "Jordan Lee\n\nEXPERIENCE\nFront desk assistant, City Dental Practice, 2019 - 2023\n"
        "Greeted patients and booked appointments.\n\nSKILLS\nScheduling, Excel\n"
    )
    industries = _industries(resume, kind="resume")
    assert industries is not None
    assert "Healthcare" in industries


def test_generic_industry_span_still_reports_its_value() -> None:
    """ "the hospitality sector" is one span; the industry inside it is still reported."""
    assert _industries("You will have experience within the hospitality sector.") == ["Hospitality"]


# --- languages ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "level"),
    [
        ("You must be fluent in German to serve our callers.", "German", "fluent"),
        ("Bilingual English/Spanish is required for this team.", "Spanish", "fluent"),
        ("A native French speaker would be ideal.", "French", "native"),
        ("Languages: Spanish (conversational).", "Spanish", "conversational"),
        ("German speaker a plus.", "German", None),
        ("Business Italian is needed to talk to suppliers.", "Italian", "business"),
        ("Ability to speak and write Portuguese with customers.", "Portuguese", None),
    ],
)
def test_a_language_counts_with_its_speaking_sense(
    text: str, language: str, level: str | None
) -> None:
    attributes = _languages(text)
    assert attributes is not None, text
    assert language in attributes["languages"]
    levels = attributes.get("language_levels", [])
    if level is None:
        assert not any(item.startswith(language + ":") for item in levels)
    else:
        assert f"{language}: {level}" in levels


def test_levels_go_to_each_language_of_a_list() -> None:
    attributes = _languages("Languages: English (native), Spanish (conversational), Dutch.")
    assert attributes is not None
    assert attributes["languages"] == ["Spanish", "Dutch"]
    assert attributes["language_levels"] == ["Spanish: conversational"]


@pytest.mark.parametrize(
    "text",
    [
        "Our chefs cook French, Italian and Thai cuisines every night.",
        "You will cover accounts across Poland and Czech republic.",
        "The role is based in Germany and English is required.",
        "Experience with Java and other programming languages.",
        "Good written English required.",
        "We source our wines from Spanish and Portuguese vineyards and the French market.",
    ],
)
def test_a_language_name_without_its_sense_is_no_language(text: str) -> None:
    assert _languages(text) is None, text


def test_a_beginner_level_alone_is_no_working_language_in_a_resume() -> None:
    resume = "Sam Ortiz\n\nEXPERIENCE\nCashier, 2020 - 2023\n\nLANGUAGES\nSpanish Beginner\n"
    assert _languages(resume, kind="resume") is None


def test_a_beginner_level_is_reported_beside_a_working_language() -> None:
    resume = (
        "Sam Ortiz\n\nEXPERIENCE\nCashier, 2020 - 2023\n\n"
        "LANGUAGES\nPortuguese (fluent), Spanish (beginner)\n"
    )
    attributes = _languages(resume, kind="resume")
    assert attributes is not None
    assert attributes["language_levels"] == ["Portuguese: fluent", "Spanish: basic"]


def test_a_posting_asking_for_a_basic_level_asks_for_the_language() -> None:
    attributes = _languages("Basic German is an advantage for this role.")
    assert attributes is not None
    assert attributes["language_levels"] == ["German: basic"]


def test_a_language_as_a_skills_list_item_counts_in_a_resume() -> None:
    resume = (
        "Kim Park\n\nEXPERIENCE\nSales associate, 2019 - 2023\n\n"
        "SKILLS\nBudgeting, Korean, Microsoft Excel\n"
    )
    attributes = _languages(resume, kind="resume")
    assert attributes is not None
    assert attributes["languages"] == ["Korean"]


def test_the_levels_keep_the_attributes_contract() -> None:
    """``Skill.attributes`` stays a dict of lists of strings, so JSON Lines stay valid."""
    skill = _skill("You must be fluent in German and French.", "multilingual")
    assert skill is not None
    dumped = skill.model_dump(mode="json")["attributes"]
    assert all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in dumped.values())
    assert dumped["languages"] == ["German", "French"]
    assert dumped["language_levels"] == ["German: fluent", "French: fluent"]


def test_a_language_opening_a_posting_requirement_counts() -> None:
    text = "Requirements\n- Zendesk\n\nNice to have\n- Portuguese is a plus\n"
    attributes = _languages(text)
    assert attributes is not None
    assert attributes["languages"] == ["Portuguese"]


@pytest.mark.parametrize(
    "text",
    [
        "You must be fluent in written and spoken English.",
        "Proficient in two of the following: Excel, Word or Outlook.",
    ],
)
def test_a_multilingual_phrase_that_names_only_english_is_no_second_language(text: str) -> None:
    assert _languages(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "We are looking for a retail assistant to serve customers.",
        "We need care workers for the weekend rota.",
    ],
)
def test_an_industry_word_in_a_lowercase_job_title_is_no_industry(text: str) -> None:
    assert _industries(text) is None, text


def test_a_setting_in_a_named_place_counts() -> None:
    assert _industries("A vacancy has arisen in a friendly nursing home.") == ["Healthcare"]


def test_a_language_asked_for_by_a_requirement_cue_counts() -> None:
    attributes = _languages("Dutch would be an advantage when calling suppliers.")
    assert attributes is not None
    assert attributes["languages"] == ["Dutch"]


def test_a_multilingual_team_is_the_employers_not_the_jobs() -> None:
    assert _languages("Join our multilingual team in the city centre.") is None
