"""Language mentions with their sense: four classes of mechanism, one sentence set each.

Every sentence is written for these tests. (1) A mention that names no language counts
only with a speaking or writing word in its clause, never beside programming languages;
(2) a translator or interpreter needs a language nearby or a translation posting;
(3) "speak at least one of the languages" counts and takes the languages named before it;
(4) "<Language> speaking" is a language even inside a job title.
"""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.models import Skill

TITLE = "Customer Service Advisor\n\n"


def _skill(text: str, kind: str = "posting") -> Skill | None:
    return cvmatch.extract_skills(cvmatch.read_text(text, kind=kind)).get("multilingual")


def _languages(text: str) -> list[str]:
    skill = _skill(text)
    assert skill is not None, text
    return skill.attributes.get("languages", [])


# --- 1. a mention that names no language ------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Strong knowledge of C is essential; other languages we use are C++, Java and Delphi.",
        "We also welcome developers coming from other languages who want to learn Go.",
        "Solid experience in Java or Python, and some exposure to the other language too.",
        "Experience with multiple languages such as PHP, Ruby and Perl is needed.",
        "You will port tools written in other languages to Python.",
    ],
)
def test_other_languages_in_a_programming_clause_are_no_second_language(text: str) -> None:
    assert _skill(TITLE + text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "You will be fluent in other languages besides English.",
        "Speaking other languages is a real plus when dealing with visitors.",
        "Ability to communicate in two languages with our callers.",
        "Bilingual candidates are encouraged to apply.",
        "Foreign language skills are an advantage.",
    ],
)
def test_a_mention_naming_no_language_counts_with_a_speaking_sense(text: str) -> None:
    assert _skill(TITLE + text) is not None, text


def test_other_languages_without_a_speaking_sense_are_not_enough() -> None:
    assert _skill(TITLE + "Knowledge of other languages would be useful.") is None


# --- 2. a language-role noun used as a metaphor ---------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "You will be a translator between the engineers and the business owners.",
        "Become an interpreter of customer data for the leadership team.",
        "Act as the translator of our strategy for new starters on the floor.",
    ],
)
def test_a_translator_without_a_language_is_a_metaphor(text: str) -> None:
    assert _skill(TITLE + text) is None, text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Act as an interpreter for Portuguese callers on the helpline.", "Portuguese"),
        ("A sign language interpreter will join the team.", "Sign language"),
        ("Work as a translator of Korean manuals and letters.", "Korean"),
    ],
)
def test_a_translator_with_a_language_counts(text: str, language: str) -> None:
    assert language in _languages(TITLE + text)


@pytest.mark.parametrize(
    "text",
    [
        "Court Interpreter\n\nAs an interpreter you will support hearings every week.",
        "Freelance Translator\n\nEach translator joins a panel and picks the projects.",
        "Medical Interpreter\n\nEvery interpreter is booked by the clinic a day ahead.",
    ],
)
def test_a_role_noun_counts_in_a_posting_whose_title_is_the_role(text: str) -> None:
    assert _skill(text) is not None, text


# --- 3. an anaphoric mention ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "languages"),
    [
        (
            "Nordic Support Team\n\nWe serve customers in Swedish, Danish and Norwegian. "
            "Candidates must speak at least one of the languages fluently.",
            ["Swedish", "Danish", "Norwegian"],
        ),
        (
            "Benelux Account Handler\n\nOur clients write in Dutch or French. You must "
            "be able to speak one of these languages with confidence.",
            ["Dutch", "French"],
        ),
        (
            "Hungarian or Romanian Customer Advisor\n\nYou will answer calls and emails. "
            "Applicants must speak at least one of the languages fluently.",
            ["Hungarian", "Romanian"],
        ),
    ],
)
def test_speaking_one_of_the_languages_takes_the_languages_named_before(
    text: str, languages: list[str]
) -> None:
    assert _languages(text) == languages


def test_a_generic_mention_with_no_language_nearby_still_counts_without_values() -> None:
    skill = _skill(TITLE + "Applicants who speak two languages fluently are welcome.")
    assert skill is not None
    assert skill.attributes.get("languages", []) == []


# --- 4. "<Language> speaking" in a title ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Greek Speaking Sales Executives\n\nYou will call clients in the region.", "Greek"),
        ("Spanish-Speaking Support Advisor\n\nWe are hiring for the contact centre.", "Spanish"),
        ("Customer Care Agent - Italian Speaker\n\nJoin our desk for inbound calls.", "Italian"),
    ],
)
def test_a_language_speaking_job_title_asks_for_the_language(text: str, language: str) -> None:
    assert _languages(text) == [language]


def test_a_job_title_without_speaking_still_names_no_language() -> None:
    assert _skill("German Sales Executive\n\nYou will call clients in the region.") is None


def test_speaking_countries_are_no_language() -> None:
    assert _skill(TITLE + "Experience with French-speaking countries is useful.") is None
