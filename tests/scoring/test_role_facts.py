"""Scoring all roles at once reads each document fact once, and scores as one role at a time."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.api import extract_skills
from cvmatch.scoring.roles import _Facts, score_profile, score_roles
from cvmatch.scoring.titles import best_title
from cvmatch.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()

RESUMES = [
    "Dana Wells\nCall Center Representative\n\nEXPERIENCE\n"
    "Customer Service Manager, Acme Retail, Jan 2019 - Present\n"
    "- Led a team of 12 agents handling 300 calls a day\n"
    "Call Center Agent, Phonely, Mar 2015 - Dec 2018\n"
    "- Resolved billing complaints by phone and email\n",
    "Sam Ortiz\nAccount Manager\n\nWORK HISTORY\n"
    "Account Manager, Brightlane, 2020 - 2024\n"
    "- Grew renewals by 15% across 40 accounts\n"
    "Sales Associate, Shopwise, 2017 - 2020\n"
    "- Processed orders and returns at the register\n",
    "Lee Park\nSupervisor\n\nSKILLS\nZendesk, Salesforce, de-escalation\n",
    "Notes from a friend: nothing about work at all.",
]


@pytest.mark.parametrize("text", RESUMES)
def test_title_lines_are_best_title_s(text: str) -> None:
    document = cvmatch.read_text(text, kind="resume")
    profile = extract_skills(document)
    facts = _Facts(profile, TAXONOMY, document, TAXONOMY.weights.evidence)
    for role_id in TAXONOMY.roles:
        assert facts.best_title(role_id) == best_title(document, role_id, TAXONOMY)
    assert facts.best_title("no_such_role") == best_title(document, "no_such_role", TAXONOMY)


@pytest.mark.parametrize("text", RESUMES)
def test_all_roles_at_once_score_as_each_alone(text: str) -> None:
    document = cvmatch.read_text(text, kind="resume")
    profile = extract_skills(document)
    together = {fit.id: fit for fit in score_roles(profile, TAXONOMY, document)}
    assert set(together) == set(TAXONOMY.roles)
    for role in TAXONOMY.roles.values():
        alone = score_profile(profile, role, TAXONOMY, document)
        assert together[role.id] == alone


def test_the_first_skill_of_a_concept_counts_as_profile_get_finds_it() -> None:
    document = cvmatch.read_text(RESUMES[0], kind="resume")
    profile = extract_skills(document)
    facts = _Facts(profile, TAXONOMY, document, TAXONOMY.weights.evidence)
    assert profile.skills
    for skill in profile.skills:
        assert facts.skills[skill.id] is profile.get(skill.id)
