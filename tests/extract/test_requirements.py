"""Requirement status in three states: required, preferred, unspecified; must-have; cue.

Every posting here is written for these tests. A "preferred" cue binds to the item it is
attached to, not to the sentence; a section decides when no cue does; a duty is
unspecified.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cvmatch
from cvmatch.extract.requirements import Requirement, RequirementReader, skill_requirement
from cvmatch.models import Evidence, SkillProfile

TITLE = "Customer Service Advisor\n"


def posting(text: str, **kwargs) -> SkillProfile:
    return cvmatch.extract_skills(cvmatch.read_text(TITLE + text, kind="posting"), **kwargs)


def state(profile: SkillProfile, concept: str) -> tuple[str | None, bool | None, str | None]:
    skill = profile.get(concept)
    assert skill is not None, f"{concept} not found in {profile.ids}"
    return skill.status, skill.must_have, skill.cue


def check_invariant(profile: SkillProfile) -> None:
    """``required`` keeps its meaning: true unless preferred, evidence and skill alike."""
    for skill in profile.skills:
        assert skill.required is (skill.status != "preferred")
        for evidence in skill.evidence:
            assert evidence.required is (evidence.status != "preferred")


# --- hard requirements: must, essential, at least N years -----------------------------------
@pytest.mark.parametrize(
    ("text", "concept", "cue"),
    [
        ("You must have experience with Zendesk.", "crm_ticketing", "must"),
        ("Candidates must have solid upselling experience.", "upselling", "must"),
        ("Excellent written communication is essential.", "written_communication", "essential"),
        ("At least 3 years of experience upselling to customers.", "upselling", "At least"),
        ("A minimum of two years answering inbound calls.", "phone_support", "A minimum of"),
        ("Zendesk experience is required.", "crm_ticketing", "required"),
    ],
)
def test_a_hard_cue_makes_its_item_a_must_have(text, concept, cue):
    profile = posting(text)
    assert state(profile, concept) == ("required", True, cue)
    check_invariant(profile)


def test_a_requirements_heading_requires_and_a_must_heading_is_hard():
    profile = posting("Requirements\n- Answering inbound calls\n- Zendesk\n")
    assert state(profile, "phone_support") == ("required", False, "Requirements")
    hard = posting("Essential criteria\n- Answering inbound calls\n")
    assert state(hard, "phone_support") == ("required", True, "Essential criteria")


# --- a preferred cue binds to its own item ---------------------------------------------------
def test_a_plus_in_a_list_binds_its_own_item_only():
    profile = posting(
        "Requirements\n- Answering inbound calls, de-escalation is a plus, and Zendesk.\n"
    )
    assert state(profile, "de_escalation") == ("preferred", False, "is a plus")
    assert state(profile, "phone_support")[0] == "required"
    assert state(profile, "crm_ticketing")[0] == "required"
    check_invariant(profile)


@pytest.mark.parametrize(
    "text",
    [
        "We need strong written communication and Zendesk experience is a plus.",
        "Strong written communication; Zendesk would be a plus.",
        "Strong written communication, Zendesk experience preferred.",
    ],
)
def test_the_cue_takes_the_nearest_item_not_the_clause(text):
    profile = posting(text)
    assert state(profile, "crm_ticketing")[0] == "preferred"
    assert state(profile, "written_communication")[0] != "preferred"


def test_coordinated_items_share_their_cue():
    profile = posting("Experience with Zendesk or upselling is a plus.")
    assert state(profile, "crm_ticketing")[0] == "preferred"
    assert state(profile, "upselling")[0] == "preferred"


def test_a_cue_after_a_serial_list_binds_the_whole_list():
    profile = posting("Knowledge of Zendesk, upselling, or de-escalation is a plus.")
    for concept in ("crm_ticketing", "upselling", "de_escalation"):
        assert state(profile, concept) == ("preferred", False, "is a plus")


def test_a_cue_that_opens_a_sentence_binds_what_follows():
    profile = posting("Ideally you will know Zendesk, upselling and de-escalation.")
    for concept in ("crm_ticketing", "upselling", "de_escalation"):
        assert state(profile, concept)[0] == "preferred"
    must = posting("You must have Zendesk, upselling experience and a calm manner.")
    assert state(must, "crm_ticketing")[:2] == ("required", True)
    assert state(must, "upselling")[:2] == ("required", True)


def test_a_cue_ending_a_phrase_does_not_reach_forward():
    # run-on text: "an asset" ends the certification phrase, not the next requirement
    profile = posting("A relevant certification an asset Excellent written communication")
    assert state(profile, "written_communication")[0] != "preferred"


# --- sections and duties ------------------------------------------------------------------
def test_a_desirable_section_makes_its_items_preferred():
    profile = posting(
        "You will answer inbound calls.\n\nDesirable\n- Upselling\n- De-escalation of calls\n"
    )
    assert state(profile, "upselling") == ("preferred", False, "Desirable")
    assert state(profile, "de_escalation") == ("preferred", False, "Desirable")
    check_invariant(profile)


def test_a_duty_without_a_cue_is_unspecified():
    profile = posting("You will answer inbound calls and log every case in Zendesk.")
    assert state(profile, "phone_support") == ("unspecified", False, "You will")
    assert state(profile, "crm_ticketing") == ("unspecified", False, "You will")
    profile = posting("Answer inbound calls and log every case in Zendesk.")
    assert state(profile, "phone_support") == ("unspecified", False, None)
    assert profile.get("crm_ticketing").required is True  # the contract: true unless preferred


def test_a_duty_done_as_required_states_no_requirement():
    profile = posting("Answer inbound calls and escalate complaints as required.")
    assert state(profile, "phone_support")[0] == "unspecified"


def test_a_required_language_is_a_must_have():
    profile = posting("Requirements\n- Fluent spoken Spanish\n- Zendesk\n")
    assert state(profile, "multilingual")[:2] == ("required", True)
    assert state(profile, "crm_ticketing")[:2] == ("required", False)


# --- the skill from its evidence, the match lines, the cue words as data ---------------------
def _evidence(status: str | None, must_have: bool = False, cue: str | None = None) -> Evidence:
    required = None if status is None else status != "preferred"
    return Evidence(
        text="x", start=0, end=1, required=required, status=status, must_have=must_have, cue=cue
    )


def test_a_skill_is_required_if_any_evidence_is_then_unspecified_then_preferred():
    preferred = _evidence("preferred", cue="a plus")
    assert skill_requirement([preferred])["status"] == "preferred"
    assert skill_requirement([preferred, _evidence("unspecified")])["status"] == "unspecified"
    both = skill_requirement([preferred, _evidence("required", True, "must")])
    assert both == {"status": "required", "must_have": True, "cue": "must"}


def test_the_reader_without_mentions_falls_back_to_the_section():
    document = cvmatch.read_text(TITLE + "Desirable\n- Zendesk\n", kind="posting")
    reader = RequirementReader(document, cvmatch.load_taxonomy().cues, [])
    at = document.text.index("Zendesk")
    found = reader.read(at, at + 7, (at, at + 7))
    assert found == Requirement("preferred", False, "Desirable") and found.required is False


def test_match_lines_carry_the_status_and_weigh_by_it(resume_text):
    text = TITLE + (
        "You will answer inbound calls.\nYou must have Zendesk experience.\nUpselling is a plus.\n"
    )
    result = cvmatch.match(resume_text, cvmatch.read_text(text, kind="posting"))
    lines = {r.id: r for r in result.matched + result.missing if r.stated}
    assert (lines["crm_ticketing"].status, lines["crm_ticketing"].must_have) == ("required", True)
    assert lines["crm_ticketing"].cue == "must"
    assert lines["upselling"].status == "preferred" and lines["upselling"].required is False
    assert lines["phone_support"].status == "unspecified" and lines["phone_support"].required
    weights = cvmatch.load_taxonomy().weights.posting
    ratio = lines["phone_support"].weight / lines["crm_ticketing"].weight
    assert ratio == pytest.approx(
        weights.unspecified / (weights.required * weights.must_have), abs=0.01
    )
    assert lines["upselling"].weight < lines["crm_ticketing"].weight
    assert all(r.status is None for r in result.matched + result.missing if not r.stated)


def test_requirement_cues_are_data(tmp_path: Path):
    extra = tmp_path / "cues.toml"
    extra.write_text('[cues]\nmust_have = ["<obligatory>"]\n', encoding="utf-8")
    taxonomy = cvmatch.load_taxonomy(extra)
    profile = posting("Zendesk experience is obligatory.", taxonomy=taxonomy)
    assert state(profile, "crm_ticketing") == ("required", True, "obligatory")
    assert state(posting("Zendesk experience is obligatory."), "crm_ticketing")[0] == (
        "unspecified"
    )


def test_resumes_have_no_requirement_status(resume_text):
    profile = cvmatch.extract_skills(resume_text, kind="resume")
    assert all(s.status is None and s.must_have is None for s in profile.skills)
    assert all(e.status is None for s in profile.skills for e in s.evidence)
