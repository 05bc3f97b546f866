"""The shipped taxonomy honours the id contract; broken files fail with clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest

import cvmatch
from cvmatch.errors import TaxonomyError
from cvmatch.taxonomy import load_taxonomy

CONTRACT = {
    "soft": [
        "empathy",
        "de_escalation",
        "active_listening",
        "written_communication",
        "verbal_communication",
        "problem_solving",
        "collaboration",
        "adaptability",
        "attention_to_detail",
        "time_management",
    ],
    "technical": [
        "tech_fluency",
        "crm_ticketing",
        "contact_center_software",
        "knowledge_management",
        "data_literacy",
        "database_management",
        "ai_assisted_support",
        "nlp_familiarity",
        "cybersecurity_privacy",
    ],
    "service": [
        "customer_service",
        "needs_assessment",
        "issue_resolution",
        "troubleshooting",
        "complaint_handling",
        "escalation_management",
        "issue_routing",
        "product_knowledge",
        "phone_support",
        "high_volume_contact_handling",
        "chat_support",
        "email_support",
        "social_media_support",
        "order_processing",
        "case_documentation",
        "customer_feedback",
        "cx_metrics",
        "process_improvement",
        "customer_retention",
        "upselling",
    ],
    "leadership": ["team_leadership", "coaching", "quality_assurance", "workforce_scheduling"],
    "account": ["relationship_building", "account_management", "business_acumen"],
    "qualification": ["multilingual", "industry_experience"],
}
ROLES = {
    "customer_service_specialist": (38500, 48500),
    "call_center_specialist": (34750, 47000),
    "senior_customer_service_specialist": None,
    "customer_experience_specialist": None,
    "customer_service_manager": (57000, 81250),
    "account_manager": None,
}


def test_every_contract_concept_exists_with_its_category():
    taxonomy = load_taxonomy()
    for category, ids in CONTRACT.items():
        for concept_id in ids:
            concept = taxonomy.concept(concept_id)
            assert concept.category == category
            assert concept.name and concept.description and concept.how_to_show
            assert len(concept.aliases) + len(concept.patterns) >= 5, concept_id


def test_roles_and_salaries_match_the_guide():
    taxonomy = load_taxonomy()
    assert set(taxonomy.roles) == set(ROLES)
    for role_id, salary in ROLES.items():
        role = taxonomy.role(role_id)
        assert role.requirements and role.rationale
        assert all(r.why for r in role.requirements)
        if salary is None:
            assert role.salary is None
        else:
            assert (role.salary.low, role.salary.high) == salary
            assert "Robert Half" in role.salary.source
    assert taxonomy.role("customer_service_manager").experience.leads_people


def test_unknown_role_id_names_the_valid_ones():
    with pytest.raises(cvmatch.CvmatchError, match="customer_service_manager"):
        load_taxonomy().role("astronaut")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_role_with_unknown_concept_names_file_and_entry(tmp_path):
    path = _write(
        tmp_path,
        """
[[roles]]
id = "night_agent"
title = "Night agent"
description = "Answers the phones at night."
requirements = [{ concept = "telepathy", importance = "essential", why = "Saves time." }]
""",
    )
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    message = str(info.value)
    assert str(path) in message and "roles[0]" in message and "telepathy" in message


def test_duplicate_concept_id_is_rejected_in_a_complete_taxonomy(tmp_path):
    entry = """
[[concepts]]
id = "juggling"
name = "Juggling"
category = "soft"
description = "Keeping several things in the air."
aliases = ["juggling"]
"""
    path = _write(tmp_path, entry + entry)
    with pytest.raises(TaxonomyError, match=r"concepts\[1\].*'juggling'.*duplicate"):
        load_taxonomy(path, extend=False)


def test_alias_claimed_by_two_concepts_is_rejected(tmp_path):
    path = _write(
        tmp_path,
        """
[[concepts]]
id = "phone_etiquette"
name = "Phone etiquette"
category = "soft"
description = "Good manners on the phone."
aliases = ["zendesk"]
""",
    )
    with pytest.raises(TaxonomyError, match="'zendesk' is claimed by two concepts"):
        load_taxonomy(path)


def test_empty_alias_is_rejected_with_file_and_entry(tmp_path):
    path = _write(
        tmp_path,
        """
[[concepts]]
id = "juggling"
name = "Juggling"
category = "soft"
description = "Keeping several things in the air."
aliases = ["juggling", " "]
""",
    )
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert str(path) in str(info.value) and "juggling" in str(info.value)
    assert "alias" in str(info.value)


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(TaxonomyError, match="not valid TOML"):
        load_taxonomy(_write(tmp_path, "[[concepts]\nid="))
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "nope.toml")


def test_user_file_extends_the_shipped_taxonomy(tmp_path):
    path = _write(
        tmp_path,
        """
[[concepts]]
id = "crm_ticketing"
aliases = ["acmedesk"]

[[concepts]]
id = "forklift"
name = "Forklift operation"
category = "qualification"
description = "Driving a forklift safely in a warehouse."
aliases = ["forklift"]
""",
    )
    taxonomy = load_taxonomy(path)
    assert "acmedesk" in taxonomy.concept("crm_ticketing").aliases
    assert "zendesk" in [a.lower() for a in taxonomy.concept("crm_ticketing").all_aliases()]
    assert taxonomy.concept("forklift").category == "qualification"
    assert set(ROLES) <= set(taxonomy.roles)
    profile = cvmatch.extract_skills(
        "Drove a forklift and logged cases in AcmeDesk.", kind="resume", taxonomy=taxonomy
    )
    assert {"forklift", "crm_ticketing"} <= set(profile.ids)
