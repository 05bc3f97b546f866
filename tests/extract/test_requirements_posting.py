"""How a posting's own words set a requirement: duties, workplace descriptions, hard cues.

Every posting here is written for these tests. A duty ("you will ...") is the job's work,
not a stated requirement; a team described ("join a team of 10") asks for nothing; a
must-have needs hard words in its own clause, and a heading only requires.
"""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.models import SkillProfile

TITLE = "Customer Service Advisor\n"


def posting(text: str) -> SkillProfile:
    return cvmatch.extract_skills(cvmatch.read_text(TITLE + text, kind="posting"))


def state(profile: SkillProfile, concept: str) -> tuple[str | None, bool | None]:
    skill = profile.get(concept)
    assert skill is not None, f"{concept} not found in {profile.ids}"
    return skill.status, skill.must_have


# --- a team or workplace described is no requirement ------------------------------------------
@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("The successful advisor will join a team of 12 in our Leeds office.", "team_leadership"),
        ("You will be part of a friendly team of advisors.", "collaboration"),
        ("Joining a supportive team, you will answer inbound calls.", "collaboration"),
    ],
)
def test_a_team_described_is_no_requirement(text, concept):
    assert posting(text).get(concept) is None


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("You will lead a team of 12 advisors.", "team_leadership"),
        ("You must be able to work as part of a team.", "collaboration"),
    ],
)
def test_a_team_asked_for_stays(text, concept):
    assert posting(text).get(concept) is not None


# --- a duty is unspecified, even under a Requirements heading --------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Requirements\nYou will answer inbound calls from our customers.\n",
        "Requirements\nYou'll answer inbound calls from members of the public.\n",
        "What we need\nThis role will involve answering inbound calls all day.\n",
    ],
)
def test_a_duty_under_a_requirements_heading_is_unspecified(text):
    assert state(posting(text), "phone_support") == ("unspecified", False)


def test_you_will_need_still_requires():
    profile = posting("You will need experience answering inbound calls.")
    assert state(profile, "phone_support") == ("required", False)


def test_a_cue_of_its_own_item_beats_the_duty_opener():
    profile = posting("You will answer inbound calls; Zendesk experience is a plus.")
    assert state(profile, "phone_support") == ("unspecified", False)
    assert state(profile, "crm_ticketing")[0] == "preferred"


# --- must-have: hard words in the item's own clause ------------------------------------------
@pytest.mark.parametrize("heading", ["Required Qualifications", "Requirements", "Qualifications"])
def test_a_heading_alone_requires_but_is_no_must_have(heading):
    profile = posting(f"{heading}\n- Answering inbound calls\n- Attention to detail\n")
    assert state(profile, "phone_support") == ("required", False)
    assert state(profile, "attention_to_detail") == ("required", False)


def test_a_hard_cue_binds_its_own_clause_not_the_next_one():
    profile = posting(
        "Must have two years answering inbound calls. Ideally you will have used Zendesk."
    )
    assert state(profile, "phone_support") == ("required", True)
    assert state(profile, "crm_ticketing") == ("preferred", False)


def test_a_hard_opener_stops_at_the_next_cue():
    profile = posting(
        "Must have experience answering inbound calls You should have attention to detail"
    )
    assert state(profile, "phone_support") == ("required", True)
    assert state(profile, "attention_to_detail") == ("required", False)


def test_must_have_at_least_is_one_clause():
    profile = posting("You must have at least 3 years of experience answering inbound calls.")
    assert state(profile, "phone_support") == ("required", True)


def test_at_least_binds_what_follows_not_what_precedes():
    profile = posting("Zendesk, with at least 2 years of experience answering inbound calls.")
    assert state(profile, "phone_support") == ("required", True)
    assert state(profile, "crm_ticketing")[1] is False


def test_n_plus_years_is_a_hard_cue():
    profile = posting("3+ years of experience answering inbound calls.")
    assert state(profile, "phone_support") == ("required", True)


def test_a_hard_opener_ends_at_a_glued_bullet():
    profile = posting("2+ years answering inbound calls each dayStrong attention to detail")
    assert state(profile, "phone_support") == ("required", True)
    assert state(profile, "attention_to_detail")[1] is False
