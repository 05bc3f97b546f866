"""A resume against a posting: the posting's own requirements, with the role behind them.

Required and preferred skills, the closest role's unsaid requirements, the resume's fit
for that role, years asked for and a text similarity each add a line; their weights are
``[weights.posting]`` in the taxonomy. A skill the posting states without saying whether
it is required (status ``unspecified``, e.g. a duty) weighs as a required one: the
posting asks for it all the same. Each stated line carries the posting's ``status``,
``must_have`` and ``cue``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from cvmatch.models import (
    Contribution,
    Document,
    MatchResult,
    PostingRequirement,
    RequirementStatus,
    SkillProfile,
)
from cvmatch.scoring.evidence import evidence_strength, typical_strength
from cvmatch.scoring.lines import breakdown_line, years_line
from cvmatch.scoring.roles import score_profile, score_roles
from cvmatch.taxonomy import Role, Taxonomy

__all__ = ["match_profiles", "text_similarities"]


class _Row(NamedTuple):
    """One requirement a resume is scored against, before scaling to 100."""

    id: str
    required: bool
    weight: float
    why: str
    how_to_show: str | None
    status: RequirementStatus | None = None
    must_have: bool = False
    cue: str | None = None


def _posting_rows(posting: SkillProfile, role: Role, taxonomy: Taxonomy) -> list[_Row]:
    """The posting's stated skills, then the closest role's requirements it leaves unsaid."""
    weights = taxonomy.weights
    rows: list[_Row] = []
    stated = {s.id for s in posting.skills}
    for skill in posting.skills:
        concept = taxonomy.concepts[skill.id]
        rows.append(
            _Row(
                skill.id,
                bool(skill.required),
                weights.posting.required if skill.required else weights.posting.preferred,
                f"The posting {'asks for' if skill.required else 'would welcome'} "
                f"{concept.name.lower()}.",
                concept.how_to_show,
                skill.status,
                bool(skill.must_have),
                skill.cue,
            )
        )
    for requirement in role.requirements:
        if requirement.concept in stated:
            continue
        concept = taxonomy.concepts[requirement.concept]
        rows.append(
            _Row(
                requirement.concept,
                False,
                weights.posting.role_fallback * weights.importance.of(requirement.importance),
                f"Not stated in the posting, but {role.title.lower()}s need it: {requirement.why}",
                requirement.how_to_show or concept.how_to_show,
            )
        )
    return rows


def _requirement(
    row: _Row,
    stated: set[str],
    role: Role,
    resume: SkillProfile,
    resume_document: Document | None,
    taxonomy: Taxonomy,
    scale: float,
) -> tuple[Contribution, PostingRequirement, float]:
    """One row's breakdown line, the row as the result shows it, and its strength."""
    weights = taxonomy.weights.evidence
    concept = taxonomy.concepts[row.id]
    skill = resume.get(row.id)
    evidence = skill.evidence if skill else []
    strength = evidence_strength(evidence, resume_document, weights)
    weight = row.weight * scale
    if row.required:
        detail = "required"
    elif row.id in stated:
        detail = "preferred"
    else:
        detail = f"from the {role.title} profile"
    line = breakdown_line("posting", row.id, concept.name, weight, strength, detail)
    result = PostingRequirement(
        id=row.id,
        name=concept.name,
        required=row.required,
        stated=row.id in stated,
        weight=round(weight, 2),
        why=row.why,
        how_to_show=row.how_to_show or "",
        evidence=evidence,
        gain=0.0 if strength else round(weight * typical_strength(weights), 2),
        status=row.status,
        must_have=row.must_have,
        cue=row.cue,
    )
    return line, result, strength


def _role_fit_line(role: Role, score: float, weight: float) -> Contribution:
    return breakdown_line(
        "title",
        "role_fit",
        f"Fit for the {role.title.lower()} profile",
        weight,
        round(score / 100.0, 4),
        (
            f"the posting reads as a {role.title.lower()} job; the resume scores "
            f"{score:.0f}/100 on that profile (titles, seniority, skills)"
        ),
    )


def _similarity_line(similarity: float, weight: float) -> Contribution:
    return breakdown_line(
        "similarity",
        "text_similarity",
        "Text similarity (TF-IDF)",
        weight,
        max(0.0, min(1.0, similarity)),
        "cosine similarity of the two texts; breaks ties only",
    )


def match_profiles(
    resume: SkillProfile,
    posting: SkillProfile,
    taxonomy: Taxonomy,
    *,
    resume_document: Document | None = None,
    posting_document: Document | None = None,
    similarity: float | None = None,
) -> MatchResult:
    """Score a resume against a posting's own requirements, with the role profile behind them.

    Required skills weigh 3, preferred 1.5; requirements of the role the posting is
    closest to that the posting leaves unsaid weigh 0.3 x their importance, and the
    resume's fit for that role's whole profile (titles, seniority, skills) adds a line
    worth as much as the posting's own requirements together. A text similarity in [0, 1],
    when given, adds a small tie-breaking line. (The numbers are ``[weights.posting]``.)
    """
    weights = taxonomy.weights.posting
    role = taxonomy.roles[score_roles(posting, taxonomy, posting_document)[0].id]
    rows = _posting_rows(posting, role, taxonomy)
    stated = {s.id for s in posting.skills}
    years_asked = posting_document.years_experience if posting_document else None
    role_fit = score_profile(resume, role, taxonomy, resume_document)
    role_weight = weights.role_fit * sum(r.weight for r in rows)
    total = sum(r.weight for r in rows) + role_weight
    if years_asked:
        total += weights.years
    if similarity is not None:
        total += weights.similarity
    scale = 100.0 / total if total else 0.0

    contributions: list[Contribution] = []
    matched: list[PostingRequirement] = []
    missing: list[PostingRequirement] = []
    for row in rows:
        line, result, strength = _requirement(
            row, stated, role, resume, resume_document, taxonomy, scale
        )
        contributions.append(line)
        (matched if strength > 0 else missing).append(result)
    contributions.append(_role_fit_line(role, role_fit.score, role_weight * scale))
    if years_asked:
        years = resume_document.years_experience if resume_document else None
        detail = f"{years or 0:g} years shown, the posting asks for {years_asked:g}"
        contributions.append(years_line(weights.years * scale, years, years_asked, detail))
    if similarity is not None:
        contributions.append(_similarity_line(similarity, weights.similarity * scale))
    missing.sort(key=lambda m: (not m.required, -m.gain, m.id))
    return MatchResult(
        source=resume.source,
        ok=True,
        posting=posting.source,
        score=round(min(100.0, sum(c.points for c in contributions)), 2),
        matched=matched,
        missing=missing,
        contributions=contributions,
    )


def text_similarities(posting_text: str, resume_texts: Sequence[str]) -> list[float]:
    """TF-IDF cosine similarity of each resume to the posting (scikit-learn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    if not resume_texts:
        return []
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1)
    matrix = vectorizer.fit_transform([posting_text, *resume_texts])
    return [float(x) for x in linear_kernel(matrix[0:1], matrix[1:]).ravel()]
