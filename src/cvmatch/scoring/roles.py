"""Role fit: a document's skills and history against each role, as lines that add up.

Every score is ``sum(c.points for c in contributions)``: each requirement of a role can
earn ``weight`` points (its share of 100), times ``strength`` (0..1), how well the
document shows it; years, job title, seniority and (for roles that lead people)
leadership in the work history add a line each. The numbers are ``[weights]`` in the
taxonomy and the roles' own ``experience`` tables.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from cvmatch.models import (
    Contribution,
    Document,
    MatchedRequirement,
    MissingRequirement,
    RoleFit,
    Skill,
    SkillProfile,
)
from cvmatch.scoring.evidence import EvidenceWeights, evidence_strength, typical_strength
from cvmatch.scoring.lines import breakdown_line, years_line
from cvmatch.scoring.summary import role_summary
from cvmatch.scoring.titles import (
    MatchedTitle,
    best_of,
    held_titles,
    matched_titles,
    names_a_field_title,
    title_match,
    title_roles,
)
from cvmatch.taxonomy import Requirement, Role, Taxonomy, load_taxonomy

__all__ = [
    "EvidenceWeights",
    "evidence_strength",
    "in_scope",
    "role_level",
    "score_profile",
    "score_roles",
    "title_match",
    "title_roles",
]

#: A requirement as scored: shown (with its evidence) or missing (with what it would add).
_Scored = MatchedRequirement | MissingRequirement
_UNSET: Any = object()
#: The lines of requirements shown nowhere, by (requirement, concept, weight, price); at
#: most this many (six roles of a few dozen requirements fit many times over).
_MISSING: dict[tuple[int, int, float, float], tuple[Any, Any, Any]] = {}
_MAX_MISSING = 4096


class _Facts:
    """What every role reads alike from one document, worked out once for all of them:
    each concept's skill and evidence strength, the role titles its titles name, and
    its seniority level."""

    def __init__(
        self,
        profile: SkillProfile,
        taxonomy: Taxonomy,
        document: Document | None,
        weights: EvidenceWeights,
    ) -> None:
        self.profile, self.taxonomy, self.document, self.weights = (
            profile,
            taxonomy,
            document,
            weights,
        )
        self.skills: dict[str, Skill] = {}
        for skill in profile.skills:
            self.skills.setdefault(skill.id, skill)  # the first, as ``profile.get`` finds
        self.strengths: dict[str, float] = {}
        self.titles: list[MatchedTitle] | None = None
        self.level: Any = _UNSET

    def strength(self, concept_id: str) -> float:
        """The evidence strength of the concept's skill (0 when it is not shown)."""
        if concept_id not in self.strengths:
            skill = self.skills.get(concept_id)
            evidence = skill.evidence if skill else []
            self.strengths[concept_id] = evidence_strength(evidence, self.document, self.weights)
        return self.strengths[concept_id]

    def best_title(self, role_id: str) -> tuple[float, str]:
        """The strength (0..1) and detail of the role's title line
        (:func:`cvmatch.scoring.titles.best_of`), the titles matched once per document."""
        if self.titles is None:
            self.titles = matched_titles(self.document, self.taxonomy)
        return best_of(self.titles, role_id, self.taxonomy.weights.titles)

    def role_level(self) -> float | None:
        """The document's seniority level (:func:`role_level`)."""
        if self.level is _UNSET:
            self.level = role_level(self.document, self.profile, self.taxonomy)
        return self.level


def _requirement_points(role: Role, taxonomy: Taxonomy) -> float:
    """The points of all the role's requirements together, before scaling to 100."""
    importance = taxonomy.weights.importance
    return sum(importance.of(r.importance) for r in role.requirements)


def _requirement_line(
    requirement: Requirement, facts: _Facts, scale: float
) -> tuple[Contribution, _Scored]:
    """One requirement's breakdown line, and the requirement as matched or missing."""
    taxonomy, weights = facts.taxonomy, facts.weights
    concept = taxonomy.concepts[requirement.concept]
    skill = facts.skills.get(requirement.concept)
    evidence = skill.evidence if skill else []
    strength = facts.strength(requirement.concept)
    weight = taxonomy.weights.importance.of(requirement.importance) * scale
    line = breakdown_line(
        "skill",
        concept.id,
        concept.name,
        weight,
        strength,
        f"{len(evidence)} mention(s)" if evidence else "not shown",
        importance=requirement.importance,
    )
    if strength > 0:
        shown = MatchedRequirement(
            id=concept.id,
            name=concept.name,
            importance=requirement.importance,
            strength=strength,
            evidence=evidence,
        )
        return line, shown
    gap = MissingRequirement(
        id=concept.id,
        name=concept.name,
        importance=requirement.importance,
        why=requirement.why,
        how_to_show=requirement.how_to_show
        or concept.how_to_show
        or f"Describe where you used {concept.name.lower()} and what came of it.",
        gain=round(weight * typical_strength(weights), 2),
    )
    return line, gap


def _missing_line(
    requirement: Requirement, facts: _Facts, scale: float
) -> tuple[Contribution, _Scored]:
    """:func:`_requirement_line` for a requirement the document does not show: the
    same for every such document (frozen models, shared), so built once per role's
    requirement, weight and price."""
    taxonomy = facts.taxonomy
    concept = taxonomy.concepts[requirement.concept]
    weight = taxonomy.weights.importance.of(requirement.importance) * scale
    key = (id(requirement), id(concept), weight, typical_strength(facts.weights))
    hit = _MISSING.get(key)
    if hit is not None and hit[0] is requirement and hit[1] is concept:
        return hit[2]
    built = _requirement_line(requirement, facts, scale)
    _MISSING[key] = (requirement, concept, built)
    if len(_MISSING) > _MAX_MISSING:
        _MISSING.pop(next(iter(_MISSING)), None)
    return built


def _line(requirement: Requirement, facts: _Facts, scale: float) -> tuple[Contribution, _Scored]:
    """One requirement's line and row; a requirement shown nowhere (no skill, so no
    evidence and strength 0) from :func:`_missing_line`."""
    if requirement.concept in facts.skills or facts.strength(requirement.concept) != 0:
        return _requirement_line(requirement, facts, scale)
    return _missing_line(requirement, facts, scale)


def _years_contribution(role: Role, document: Document | None, scale: float) -> Contribution:
    exp = role.experience
    years = document.years_experience if document else None
    return years_line(
        exp.years_weight * scale,
        years,
        exp.ideal_years,
        f"{years:g} years shown, {exp.ideal_years:g} expected"
        if years
        else f"no dated experience found, {exp.ideal_years:g} years expected",
    )


def _title_contribution(role: Role, facts: _Facts, scale: float) -> Contribution:
    strength, detail = facts.best_title(role.id)
    weight = role.experience.title_weight * scale
    return breakdown_line("title", "job_title", "Job title", weight, strength, detail)


def _level_contribution(role: Role, facts: _Facts, scale: float) -> Contribution:
    exp, levels = role.experience, facts.taxonomy.weights.levels
    level = facts.role_level()
    if level is None:
        strength = levels.unknown_strength
    else:
        strength = max(0.0, 1.0 - abs(level - exp.level) / levels.tolerance)
    detail = (
        "seniority unknown"
        if level is None
        else f"shows level {level:g}, role is level {exp.level}"
    )
    return breakdown_line(
        "level", "seniority", "Seniority", exp.level_weight * scale, strength, detail
    )


def _leadership_contribution(
    role: Role,
    profile: SkillProfile,
    document: Document | None,
    weights: EvidenceWeights,
    scale: float,
) -> Contribution:
    exp = role.experience
    led = profile.get(exp.leadership_concept)
    in_history = [
        e
        for e in (led.evidence if led else [])
        if weights.in_work_history(e.section) or e.required is not None
    ]
    strength = evidence_strength(in_history, document, weights)
    return breakdown_line(
        "experience",
        "leadership_history",
        "Leadership in work history",
        exp.leadership_weight * scale,
        strength,
        (
            f"{len(in_history)} mention(s) in the work history"
            if in_history
            else "no people leadership described in the work history"
        ),
    )


def _history_lines(role: Role, facts: _Facts, scale: float) -> list[Contribution]:
    """The lines beyond skills the role weighs: years, title, seniority, leadership."""
    exp, document = role.experience, facts.document
    lines = []
    if exp.years_weight:
        lines.append(_years_contribution(role, document, scale))
    if exp.title_weight:
        lines.append(_title_contribution(role, facts, scale))
    if exp.level_weight:
        lines.append(_level_contribution(role, facts, scale))
    if exp.leads_people and exp.leadership_weight:
        lines.append(_leadership_contribution(role, facts.profile, document, facts.weights, scale))
    return lines


def score_profile(
    profile: SkillProfile,
    role: Role,
    taxonomy: Taxonomy,
    document: Document | None = None,
    weights: EvidenceWeights | None = None,
) -> RoleFit:
    """Score one document's skills against one role; the contributions add up to the score.

    ``weights`` defaults to ``taxonomy.weights.evidence``.
    """
    weights = weights or taxonomy.weights.evidence
    return _score(role, _Facts(profile, taxonomy, document, weights))


def _score(role: Role, facts: _Facts) -> RoleFit:
    """One role's fit, from what :class:`_Facts` worked out for the document."""
    taxonomy, exp = facts.taxonomy, role.experience
    leadership_weight = exp.leadership_weight if exp.leads_people else 0.0
    total = (
        _requirement_points(role, taxonomy)
        + exp.years_weight
        + exp.title_weight
        + exp.level_weight
        + leadership_weight
    )
    scale = 100.0 / total
    contributions: list[Contribution] = []
    matched: list[MatchedRequirement] = []
    missing: list[MissingRequirement] = []
    for requirement in role.requirements:
        line, row = _line(requirement, facts, scale)
        contributions.append(line)
        if isinstance(row, MatchedRequirement):
            matched.append(row)
        else:
            missing.append(row)
    contributions += _history_lines(role, facts, scale)
    score = round(min(100.0, sum(c.points for c in contributions)), 2)
    missing.sort(key=lambda m: (-m.gain, m.id))
    return RoleFit(
        id=role.id,
        title=role.title,
        score=score,
        matched=matched,
        missing=missing,
        salary=role.salary,
        contributions=contributions,
        summary=role_summary(score, role.title, matched, missing),
    )


def role_level(
    document: Document | None, profile: SkillProfile, taxonomy: Taxonomy
) -> float | None:
    """The seniority level (0 entry .. 3 management) a document shows, if it can be told.

    The current title tells it; failing that, the years of experience do
    (``[weights.levels]``, with a posting's years read as a higher bar).
    """
    levels = []
    for held in held_titles(document, taxonomy.weights.titles):
        role_id = title_roles(held.text, taxonomy)
        if role_id is not None and held.current:
            levels.append(taxonomy.roles[role_id].experience.level)
    if levels:
        return float(max(levels))
    years = document.years_experience if document else None
    if years is None:
        return None
    posting = document is not None and document.kind == "posting"
    return taxonomy.weights.levels.level_from_years(years, posting=posting)


def in_scope(
    profile: SkillProfile, taxonomy: Taxonomy, document: Document | None = None
) -> bool | None:
    """Whether the document belongs to the field the roles cover (see ``Scope``);
    ``None`` when the taxonomy defines no scope."""
    scope = taxonomy.scope
    if scope is None:
        return None
    if names_a_field_title(document, taxonomy):
        return True
    shown = sum(1 for concept_id in scope.concepts if profile.get(concept_id) is not None)
    return shown >= scope.min_concepts


def score_roles(
    profile: SkillProfile,
    taxonomy: Taxonomy,
    document: Document | None = None,
    roles: Sequence[str] | None = None,
) -> list[RoleFit]:
    """Fits for the given role ids (all roles by default), best first, ties by id."""
    selected = [taxonomy.role(r) for r in roles] if roles else list(taxonomy.roles.values())
    facts = _Facts(profile, taxonomy, document, taxonomy.weights.evidence)
    fits = [_score(role, facts) for role in selected]
    fits.sort(key=lambda f: (-f.score, f.id))
    return fits


# --- names that lived here before the split ---------------------------------------------------
def _shipped_constant(name: str) -> Any:
    weights = load_taxonomy().weights
    values: dict[str, Any] = {
        "SECTION_WEIGHTS": {**weights.evidence.sections, None: weights.evidence.unlisted_section},
        "DEFAULT_WEIGHTS": weights.evidence,
        "TYPICAL_STRENGTH": typical_strength(weights.evidence),
        "GENERIC_TITLE_FACTOR": weights.titles.generic_factor,
        "POSTING_WEIGHTS": weights.posting.model_dump(),
    }
    return values[name]


_MOVED_TO_DATA = {
    "SECTION_WEIGHTS": "taxonomy.weights.evidence.sections",
    "DEFAULT_WEIGHTS": "taxonomy.weights.evidence",
    "TYPICAL_STRENGTH": "taxonomy.weights.evidence.base",
    "GENERIC_TITLE_FACTOR": "taxonomy.weights.titles.generic_factor",
    "POSTING_WEIGHTS": "taxonomy.weights.posting",
}


def __getattr__(name: str) -> Any:
    # match_profiles and text_similarities moved to cvmatch.scoring.posting, which imports
    # this module; the weights moved to the taxonomy's [weights] table.
    if name in ("match_profiles", "text_similarities"):
        from cvmatch.scoring import posting

        return getattr(posting, name)
    if name in _MOVED_TO_DATA:
        warnings.warn(
            f"cvmatch.scoring.roles.{name} is deprecated; read {_MOVED_TO_DATA[name]} "
            "(set in taxonomy/weights.toml, [weights])",
            DeprecationWarning,
            stacklevel=2,
        )
        return _shipped_constant(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
