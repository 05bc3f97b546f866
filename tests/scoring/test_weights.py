"""Weights are data: the shipped [weights] table drives the scores, a user's file overrides it."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from cvmatch.errors import TaxonomyError
from cvmatch.models import Document, Evidence, Skill, SkillProfile
from cvmatch.scoring import evidence_strength, match_profiles, score_profile
from cvmatch.scoring.roles import role_level
from cvmatch.taxonomy import IMPORTANCE_WEIGHTS, load_taxonomy

SHIPPED = load_taxonomy()


def _user(tmp_path: Path, text: str):
    path = tmp_path / "weights.toml"
    path.write_text(text, encoding="utf-8")
    return load_taxonomy(path)


def _mention(section: str | None, start: int = 0, **extra) -> Evidence:
    return Evidence(text="x", start=start, end=start + 1, section=section, **extra)


def test_shipped_weights_are_the_documented_ones():
    weights = SHIPPED.weights
    assert weights.evidence.section_weight("experience") == 1.0
    assert weights.evidence.section_weight(None) == weights.evidence.unlisted_section == 0.7
    assert weights.evidence.section_weight("hobbies") == 0.7  # not listed
    assert weights.posting.required == 3.0 and weights.posting.preferred == 1.0
    assert weights.evidence.in_work_history("experience") and weights.evidence.in_work_history(None)
    assert not weights.evidence.in_work_history("skills")
    # the constant kept for importers says what the data says
    assert dict(weights.importance) == IMPORTANCE_WEIGHTS


def test_a_users_section_weight_overrides_the_shipped_one(tmp_path):
    taxonomy = _user(tmp_path, "[weights.evidence.sections]\nsummary = 1.0\n")
    summary, experience = [_mention("summary")], [_mention("experience")]
    shipped = SHIPPED.weights.evidence
    assert evidence_strength(summary, weights=shipped) < evidence_strength(experience)
    user = taxonomy.weights.evidence
    assert evidence_strength(summary, weights=user) == evidence_strength(experience, weights=user)
    # everything the user did not name stays as shipped
    assert user.sections["skills"] == shipped.sections["skills"]
    assert taxonomy.weights.posting == SHIPPED.weights.posting


def test_a_users_lists_extend_and_tables_merge(tmp_path):
    taxonomy = _user(
        tmp_path,
        '[weights.evidence]\nwork_history = ["volunteering"]\n'
        "[weights.levels.resume_min_years]\n2 = 6.0\n",
    )
    assert taxonomy.weights.evidence.work_history == ("experience", "volunteering")
    assert taxonomy.weights.levels.resume_min_years == {1: 1.5, 2: 6.0}


def test_level_thresholds_from_data_change_the_level(tmp_path):
    resume = Document(source="r", format="txt", text="", kind="resume", years_experience=5.0)
    posting = Document(source="p", format="txt", text="", kind="posting", years_experience=5.0)
    profile = SkillProfile(source="r", kind="resume")
    assert role_level(resume, profile, SHIPPED) == 2.0
    assert role_level(posting, profile, SHIPPED) == 3.0
    taxonomy = _user(tmp_path, "[weights.levels.resume_min_years]\n2 = 6.0\n")
    assert role_level(resume, profile, taxonomy) == 1.0


def test_a_users_posting_weights_change_the_match(tmp_path):
    def skill(concept_id, required=None):
        mention = _mention("experience" if required is None else "requirements", required=required)
        return Skill(
            id=concept_id, name=concept_id, category="x", evidence=[mention], required=required
        )

    resume = SkillProfile(source="resume", kind="resume", skills=[skill("phone_support")])
    posting = SkillProfile(
        source="posting",
        kind="posting",
        skills=[skill("phone_support", required=True), skill("chat_support", required=False)],
    )

    def weight_of(result, concept_id):
        return next(c.weight for c in result.contributions if c.id == concept_id)

    shipped = match_profiles(resume, posting, SHIPPED)
    ratio = SHIPPED.weights.posting.required / SHIPPED.weights.posting.preferred
    assert weight_of(shipped, "phone_support") == pytest.approx(
        ratio * weight_of(shipped, "chat_support"), abs=0.02
    )
    taxonomy = _user(tmp_path, "[weights.posting]\nrequired = 6.0\n")
    user = match_profiles(resume, posting, taxonomy)
    assert weight_of(user, "phone_support") == pytest.approx(
        6.0 / SHIPPED.weights.posting.preferred * weight_of(user, "chat_support"), abs=0.04
    )
    assert abs(sum(c.points for c in user.contributions) - user.score) < 0.05


def test_importance_and_title_weights_come_from_the_taxonomy(tmp_path):
    role = SHIPPED.roles["customer_service_specialist"]
    profile = SkillProfile(source="r", kind="resume")
    document = Document(
        source="r", format="txt", text="", kind="resume", title="Customer service specialist"
    )
    fit = score_profile(profile, role, SHIPPED, document)
    taxonomy = _user(tmp_path, "[weights.importance]\nhelpful = 0.0\n")
    fit = score_profile(profile, taxonomy.roles[role.id], taxonomy, document)
    helpful = [c for c in fit.contributions if c.importance == "helpful"]
    assert helpful and all(c.weight == 0 for c in helpful)
    assert abs(sum(c.weight for c in fit.contributions) - 100) < 0.1


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("[weights.posting]\nrequired = -1.0\n", "greater than or equal to 0"),
        ("[weights.evidence.sections]\nskills = -0.5\n", "negative"),
        ("[weights.evidence]\nbase = 1.5\n", "less than or equal to 1"),
        ("[weights.levels.resume_min_years]\n2 = 1.0\n", "grow with the level"),
        ("[weights.titles]\nolder = 0.5\nnewest = 1.0\n", "Extra inputs"),
    ],
)
def test_invalid_weights_are_refused_naming_the_file(tmp_path, text, complaint):
    with pytest.raises(TaxonomyError, match=complaint) as info:
        _user(tmp_path, text)
    assert "weights.toml" in str(info.value)


def test_old_constants_still_import_and_warn():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from cvmatch.scoring.roles import POSTING_WEIGHTS, SECTION_WEIGHTS

    assert POSTING_WEIGHTS["required"] == 3.0 and SECTION_WEIGHTS[None] == 0.7
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
