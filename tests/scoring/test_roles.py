"""Scoring: role fits that add up, rank sensibly, and never drop when evidence is added."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import cvmatch
from cvmatch.models import Evidence, Skill, SkillProfile
from cvmatch.scoring.roles import evidence_strength, score_profile, score_roles

ALL_ROLES = {
    "customer_service_specialist",
    "call_center_specialist",
    "senior_customer_service_specialist",
    "customer_experience_specialist",
    "customer_service_manager",
    "account_manager",
}


def test_six_roles_sorted_with_breakdown(resume_text):
    result = cvmatch.score_resume(resume_text)
    assert result.ok and result.kind == "resume"
    assert {f.id for f in result.roles} == ALL_ROLES
    scores = [f.score for f in result.roles]
    assert scores == sorted(scores, reverse=True)
    for fit in result.roles:
        assert 0 <= fit.score <= 100
        assert abs(sum(c.points for c in fit.contributions) - fit.score) < 0.05
        assert abs(sum(c.weight for c in fit.contributions) - 100) < 0.1
        gains = [m.gain for m in fit.missing]
        assert gains == sorted(gains, reverse=True)
        for gap in fit.missing:
            assert gap.why and gap.how_to_show
        assert fit.summary


def test_salary_comes_with_its_source(resume_text):
    fits = {f.id: f for f in cvmatch.score_resume(resume_text).roles}
    assert fits["call_center_specialist"].salary.low == 34750
    assert "Robert Half" in fits["call_center_specialist"].salary.source
    assert fits["account_manager"].salary is None


def test_role_filter(resume_text):
    result = cvmatch.score_resume(resume_text, roles=["account_manager"])
    assert [f.id for f in result.roles] == ["account_manager"]


def test_example_resumes_rank_their_own_role_first(examples):
    expected = {
        "alex-rivera-call-center.txt": {"call_center_specialist", "customer_service_specialist"},
        "priya-shah-senior-specialist.pdf": {"senior_customer_service_specialist"},
        "morgan-lee-cs-manager.docx": {"customer_service_manager"},
        "jordan-kim-account-manager.txt": {"account_manager"},
    }
    for name, roles in expected.items():
        result = cvmatch.score_resume(examples / "resumes" / name)
        assert result.roles[0].id in roles, (name, [(f.id, f.score) for f in result.roles])


def test_junior_resume_mentioning_team_does_not_rank_manager_first():
    text = (
        "Summary\nTeam player who loves helping people.\n\nExperience\n"
        "Customer Service Representative, Corner Shop\nJan 2024 - Present\n"
        "- Answered customer questions by phone and email as part of a friendly team\n"
        "- Worked with my team to restock shelves\n"
    )
    result = cvmatch.score_resume(text)
    assert result.roles[0].id != "customer_service_manager"
    fits = {f.id: f.score for f in result.roles}
    assert fits["customer_service_manager"] < fits["customer_service_specialist"]


def test_posting_ranks_the_role_it_is_for(examples):
    result = cvmatch.score_document(examples / "postings" / "call-center-rep.txt")
    assert result.kind == "posting"
    assert result.roles[0].id in {"call_center_specialist", "customer_service_specialist"}


def test_experience_bullet_beats_skills_list_beats_summary():
    def strength(section):
        return evidence_strength([Evidence(text="x", start=0, end=1, section=section)])

    assert strength("experience") > strength("skills") > strength("summary")


def test_repeated_and_quantified_evidence_counts_more():
    one = [Evidence(text="x", start=0, end=1, section="experience")]
    two = [*one, Evidence(text="x", start=5, end=6, section="experience")]
    quantified = [Evidence(text="x", start=0, end=1, section="experience", quantity="80 calls")]
    assert evidence_strength(two) > evidence_strength(one)
    assert evidence_strength(quantified) > evidence_strength(one)


# --- properties ---------------------------------------------------------------------------
TAXONOMY = cvmatch.load_taxonomy()
CONCEPTS = sorted(TAXONOMY.concepts)
SECTIONS = ["experience", "skills", "summary", "education", None, "languages", "contact"]

evidence_st = st.builds(
    lambda start, section, quantity: Evidence(
        text="w", start=start, end=start + 1, section=section, quantity=quantity
    ),
    st.integers(0, 5000),
    st.sampled_from(SECTIONS),
    st.sampled_from([None, "80 calls a day"]),
)
profile_st = st.dictionaries(
    st.sampled_from(CONCEPTS), st.lists(evidence_st, min_size=1, max_size=4), max_size=12
)


def _profile(mapping) -> SkillProfile:
    skills = [
        Skill(
            id=c,
            name=TAXONOMY.concepts[c].name,
            category=TAXONOMY.concepts[c].category,
            evidence=ev,
        )
        for c, ev in mapping.items()
    ]
    return SkillProfile(source="p", kind="resume", skills=skills)


@settings(max_examples=60, deadline=None)
@given(profile_st, st.sampled_from(CONCEPTS), evidence_st)
def test_adding_evidence_never_lowers_any_score(mapping, concept, extra):
    before = {f.id: f.score for f in score_roles(_profile(mapping), TAXONOMY)}
    more = {k: list(v) for k, v in mapping.items()}
    more.setdefault(concept, []).append(extra)
    after = {f.id: f.score for f in score_roles(_profile(more), TAXONOMY)}
    for role_id, score in before.items():
        assert after[role_id] >= score - 1e-9


@settings(max_examples=40, deadline=None)
@given(profile_st)
def test_scores_are_bounded_deterministic_and_order_independent(mapping):
    profile = _profile(mapping)
    reversed_profile = _profile(dict(reversed(list(mapping.items()))))
    for role in TAXONOMY.roles.values():
        a = score_profile(profile, role, TAXONOMY)
        b = score_profile(profile, role, TAXONOMY)
        c = score_profile(reversed_profile, role, TAXONOMY)
        assert 0 <= a.score <= 100
        assert a.score == b.score == c.score
        assert abs(sum(x.points for x in a.contributions) - a.score) < 0.05


def test_match_scores_a_resume_against_a_posting(resume_text, posting_text):
    result = cvmatch.match(resume_text, posting_text)
    assert result.ok and 0 <= result.score <= 100
    assert any(m.required for m in result.matched)
    assert abs(sum(c.points for c in result.contributions) - result.score) < 0.05
    similarity = [c for c in result.contributions if c.kind == "similarity"]
    own = sum(c.weight for c in result.contributions if c.kind == "posting")
    assert similarity and similarity[0].weight < own  # never outweighs the posting's lines


def test_rank_orders_and_keeps_failures(resume_text, posting_text, tmp_path):
    weak = "Summary\nI like painting landscapes and hiking.\n\nExperience\nPainter\n2019 - 2020\n"
    missing = tmp_path / "gone.pdf"
    ranked = cvmatch.rank(posting_text, [weak, resume_text, missing])
    assert [r.ok for r in ranked] == [True, True, False]
    assert ranked[0].score >= ranked[1].score
    assert ranked[0].rank == 1 and ranked[1].rank == 2
    assert ranked[2].error.type == "DocumentNotFound"


def test_blind_mode_never_reads_or_prints_personal_details(resume_text):
    text = (
        "Jordan Example\njordan.example@example.com | (555) 010-2233 | 42 Elm Street\n"
        "Date of birth: 01/02/1990\n\n" + resume_text
    )
    result = cvmatch.score_resume(text, blind=True)
    dumped = result.model_dump_json()
    for secret in (
        "Jordan Example",
        "jordan.example@example.com",
        "010-2233",
        "Elm Street",
        "01/02/1990",
    ):
        assert secret not in dumped
    profile = cvmatch.extract_skills(text, kind="resume", blind=True)
    assert "crm_ticketing" in profile.ids  # the rest of the resume is still read
    for skill in profile.skills:
        for ev in skill.evidence:
            assert "example.com" not in (ev.context or "")


def test_in_scope_tells_customer_service_documents_from_others(resume_text, posting_text):
    assert cvmatch.score_resume(resume_text).in_scope is True
    assert cvmatch.score_document(posting_text, kind="posting").in_scope is True
    engineering = (
        "Senior Backend Engineer\n\nWe are looking for an engineer to design "
        "distributed systems in Go and Kubernetes. You will collaborate with a "
        "friendly team and solve hard problems. 5+ years of experience required."
    )
    result = cvmatch.score_document(engineering, kind="posting")
    assert result.in_scope is False
    assert len(result.roles) == 6  # still ranked, for whoever wants the closest role


def test_scope_is_data_and_is_validated(tmp_path):
    import pytest

    from cvmatch.errors import TaxonomyError
    from cvmatch.taxonomy import load_taxonomy

    path = tmp_path / "scope.toml"
    path.write_text('[scope]\nconcepts = ["telepathy"]\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="telepathy"):
        load_taxonomy(path)
    path.write_text('[scope]\nconcepts = ["phone_support"]\nmin_concepts = 1\n', encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert taxonomy.scope.concepts == ("phone_support",)
    result = cvmatch.score_document(
        "Answered calls by phone all day.", kind="resume", taxonomy=taxonomy
    )
    assert result.in_scope is True


def test_title_match_follows_a_changed_taxonomy():
    from cvmatch.scoring.roles import title_match

    taxonomy = cvmatch.load_taxonomy().model_copy(deep=True)  # the shipped one is shared
    assert title_match("Chief Happiness Officer", taxonomy) is None
    role_id, role = next(iter(taxonomy.roles.items()))
    experience = role.experience.model_copy(update={"titles": ("chief happiness officer",)})
    taxonomy.roles[role_id] = role.model_copy(update={"experience": experience})
    assert title_match("Chief Happiness Officer", taxonomy) == (role_id, "chief happiness officer")
