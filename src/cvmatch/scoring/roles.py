"""Role fit and posting match: scores that decompose into listed contributions.

Every score is ``sum(c.points for c in contributions)``: each requirement of a role
(or of a posting) can earn ``weight`` points (its share of 100), times ``strength``
(0..1), how well the document shows it. Strength grows with better-placed, more
recent, repeated and quantified evidence, so adding evidence never lowers a score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cvmatch.matching.regex import CaseBlind
from cvmatch.models import (
    Contribution,
    Document,
    Evidence,
    MatchedRequirement,
    MatchResult,
    MissingRequirement,
    PostingRequirement,
    RoleFit,
    SkillProfile,
)
from cvmatch.taxonomy import IMPORTANCE_WEIGHTS, Role, Taxonomy

__all__ = [
    "SECTION_WEIGHTS",
    "EvidenceWeights",
    "evidence_strength",
    "in_scope",
    "match_profiles",
    "role_level",
    "score_profile",
    "title_roles",
]


#: How much one mention counts by where it stands in a resume.
SECTION_WEIGHTS: dict[str | None, float] = {
    "experience": 1.0,
    "languages": 0.9,
    "skills": 0.75,
    "certifications": 0.7,
    None: 0.7,
    "summary": 0.6,
    "education": 0.55,
    "interests": 0.4,
    "contact": 0.3,
}


#: Sections that describe what a person actually did (or a document with no headings).
_WORK_HISTORY = frozenset({"experience", None})


@dataclass(frozen=True)
class EvidenceWeights:
    """Knobs of :func:`evidence_strength` (documented defaults, tested for monotonicity)."""

    base: float = 0.85
    per_repeat: float = 0.075
    max_repeats: int = 2
    quantified: float = 0.075
    preferred: float = 0.6
    recency_step_years: float = 3.0
    recency_step: float = 0.1
    recency_floor: float = 0.6


DEFAULT_WEIGHTS = EvidenceWeights()
#: What a missing requirement would add is priced as one experience bullet showing it.
TYPICAL_STRENGTH = DEFAULT_WEIGHTS.base


def _recency(document: Document | None, offset: int, weights: EvidenceWeights) -> float:
    if document is None or not document.positions:
        return 1.0
    latest = max((p.end_date for p in document.positions if p.end_date), default=None)
    for position in document.positions:
        if position.start <= offset < position.end and position.end_date and latest:
            gap_years = (latest - position.end_date).days / 365.25
            steps = int(gap_years // weights.recency_step_years)
            return max(weights.recency_floor, 1.0 - steps * weights.recency_step)
    return 1.0


def _line(
    kind: str,
    ident: str,
    label: str,
    weight: float,
    strength: float,
    detail: str,
    importance: str | None = None,
) -> Contribution:
    """One breakdown line, rounded the same way everywhere so the points add up."""
    return Contribution(
        kind=kind,  # type: ignore[arg-type]
        id=ident,
        label=label,
        importance=importance,  # type: ignore[arg-type]
        weight=round(weight, 2),
        strength=round(strength, 4),
        points=round(weight * strength, 2),
        detail=detail,
    )


def _years_line(weight: float, years: float | None, expected: float, detail: str) -> Contribution:
    """The "Years of experience" line: full credit at ``expected`` years, less below."""
    strength = 0.0 if not years else min(1.0, years / expected) if expected else 1.0
    return _line("experience", "years_experience", "Years of experience", weight, strength, detail)


def evidence_strength(
    evidence: Sequence[Evidence],
    document: Document | None = None,
    weights: EvidenceWeights = DEFAULT_WEIGHTS,
) -> float:
    """How strongly a list of evidence shows one skill, from 0 to 1.

    The best single mention counts most (by section, and recency for resumes); each
    further mention and any quantity add a little. Never decreases as evidence is added.
    """
    if not evidence:
        return 0.0
    best = 0.0
    for item in evidence:
        if item.required is not None:  # a posting: required vs preferred
            value = 1.0 if item.required else weights.preferred
        else:
            value = SECTION_WEIGHTS.get(item.section, SECTION_WEIGHTS[None])
            value *= _recency(document, item.start, weights)
        best = max(best, value)
    distinct = len({(e.start, e.end) for e in evidence})
    bonus = weights.per_repeat * min(weights.max_repeats, distinct - 1)
    if any(e.quantity for e in evidence):
        bonus += weights.quantified
    return round(min(1.0, weights.base * best + bonus), 4)


# --- titles and seniority ------------------------------------------------------------
def _title_regex(titles: tuple[tuple[str, str], ...]) -> tuple[CaseBlind, dict[str, str]]:
    """The role titles as one case-blind pattern (longest first), and each title's role."""
    owner = {}
    for title, role_id in titles:
        owner.setdefault(title.lower(), role_id)
    alternatives = sorted(owner, key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(t) for t in alternatives) + r")\b"
    return CaseBlind(pattern), owner


#: id(taxonomy) -> (its roles when last seen, their titles' pattern and owners)
_TITLES_SEEN: dict[int, tuple[tuple[Role, ...], CaseBlind, dict[str, str]]] = {}


def _titles_of(taxonomy: Taxonomy) -> tuple[CaseBlind, dict[str, str]] | None:
    """The role-title pattern of ``taxonomy``; roles are frozen models, so the same role
    objects mean the same titles and the pattern is reused."""
    roles = tuple(taxonomy.roles.values())
    seen = _TITLES_SEEN.get(id(taxonomy))
    same = seen is not None and len(seen[0]) == len(roles)
    if same and all(a is b for a, b in zip(seen[0], roles, strict=True)):  # type: ignore[index]
        return seen[1], seen[2]  # type: ignore[index]
    pairs = tuple((t, r.id) for r in roles for t in r.experience.titles)
    if not pairs:
        return None
    regex, owner = _title_regex(pairs)
    if len(_TITLES_SEEN) >= 16:
        _TITLES_SEEN.clear()
    _TITLES_SEEN[id(taxonomy)] = (roles, regex, owner)
    return regex, owner


def title_match(title: str | None, taxonomy: Taxonomy) -> tuple[str, str] | None:
    """``(role id, matched phrase)`` for the longest role title found in ``title``."""
    if not title:
        return None
    titles = _titles_of(taxonomy)
    if titles is None:
        return None
    regex, owner = titles
    words = " ".join(_NON_WORD.sub(" ", title.lower()).split())
    best = max(regex.finditer(words), key=lambda m: len(m.group(0)), default=None)
    return (owner[best.group(0).lower()], best.group(0)) if best else None


def title_roles(title: str | None, taxonomy: Taxonomy) -> str | None:
    """The role whose title list best matches a job title (longest phrase wins)."""
    found = title_match(title, taxonomy)
    return found[0] if found else None


#: A one-word title ("manager", "supervisor") says less than "call center supervisor".
GENERIC_TITLE_FACTOR = 0.5


_NON_WORD = re.compile(r"[^a-z0-9&]+")


def _held_titles(document: Document | None) -> list[tuple[str, float]]:
    """Titles a document shows with how much they count (recent = 1.0, older = 0.7)."""
    if document is None:
        return []
    out: list[tuple[str, float]] = []
    if document.title:
        out.append((document.title, 1.0))
    if document.kind == "posting":
        # "We are looking for a Customer Service Coordinator to join...": the opening
        # lines name the job even when the title line is a marketing headline.
        out.append((document.text[:500], 0.7))
        return out
    ordered = sorted(
        (p for p in document.positions if p.title),
        key=lambda p: (p.end_date or date.min, p.start_date or date.min),
        reverse=True,
    )
    for index, position in enumerate(ordered):
        out.append((position.title or "", 1.0 if index == 0 else 0.7))
    return out


def role_level(
    document: Document | None, profile: SkillProfile, taxonomy: Taxonomy
) -> float | None:
    """The seniority level (0 entry .. 3 management) a document shows, if it can be told."""
    levels = []
    for title, weight in _held_titles(document):
        role_id = title_roles(title, taxonomy)
        if role_id is not None and weight == 1.0:
            levels.append(taxonomy.roles[role_id].experience.level)
    years = document.years_experience if document else None
    if levels:
        return float(max(levels))
    if years is None:
        return None
    if document is not None and document.kind == "posting":
        return 0.0 if years < 1 else 1.0 if years < 3 else 2.0 if years < 5 else 3.0
    return 0.0 if years < 1.5 else 1.0 if years < 4 else 2.0


# --- role fit ---------------------------------------------------------------------------------
def _requirement_rows(role: Role) -> float:
    return sum(IMPORTANCE_WEIGHTS[r.importance] for r in role.requirements)


def score_profile(
    profile: SkillProfile,
    role: Role,
    taxonomy: Taxonomy,
    document: Document | None = None,
    weights: EvidenceWeights = DEFAULT_WEIGHTS,
) -> RoleFit:
    """Score one document's skills against one role; the contributions add up to the score."""
    exp = role.experience
    leadership_weight = exp.leadership_weight if exp.leads_people else 0.0
    total = (
        _requirement_rows(role)
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
        concept = taxonomy.concepts[requirement.concept]
        skill = profile.get(requirement.concept)
        evidence = skill.evidence if skill else []
        strength = evidence_strength(evidence, document, weights)
        weight = IMPORTANCE_WEIGHTS[requirement.importance] * scale
        contributions.append(
            _line(
                "skill",
                concept.id,
                concept.name,
                weight,
                strength,
                f"{len(evidence)} mention(s)" if evidence else "not shown",
                importance=requirement.importance,
            )
        )
        if strength > 0:
            matched.append(
                MatchedRequirement(
                    id=concept.id,
                    name=concept.name,
                    importance=requirement.importance,
                    strength=strength,
                    evidence=evidence,
                )
            )
        else:
            missing.append(
                MissingRequirement(
                    id=concept.id,
                    name=concept.name,
                    importance=requirement.importance,
                    why=requirement.why,
                    how_to_show=requirement.how_to_show
                    or concept.how_to_show
                    or f"Describe where you used {concept.name.lower()} and what came of it.",
                    gain=round(weight * TYPICAL_STRENGTH, 2),
                )
            )

    years = document.years_experience if document else None
    if exp.years_weight:
        contributions.append(
            _years_line(
                exp.years_weight * scale,
                years,
                exp.ideal_years,
                f"{years:g} years shown, {exp.ideal_years:g} expected"
                if years
                else f"no dated experience found, {exp.ideal_years:g} years expected",
            )
        )
    if exp.title_weight:
        strength, detail = 0.0, "no matching job title"
        for title, title_weight in _held_titles(document):
            found = title_match(title, taxonomy)
            if found is None or found[0] != role.id:
                continue
            if " " not in found[1]:
                title_weight *= GENERIC_TITLE_FACTOR
            if title_weight > strength:
                strength, detail = title_weight, f"title: {found[1]}"
        weight = exp.title_weight * scale
        contributions.append(_line("title", "job_title", "Job title", weight, strength, detail))
    if exp.level_weight:
        level = role_level(document, profile, taxonomy)
        strength = 0.5 if level is None else max(0.0, 1.0 - abs(level - exp.level) / 2.5)
        weight = exp.level_weight * scale
        contributions.append(
            _line(
                "level",
                "seniority",
                "Seniority",
                weight,
                strength,
                (
                    "seniority unknown"
                    if level is None
                    else f"shows level {level:g}, role is level {exp.level}"
                ),
            )
        )

    if leadership_weight:
        led = profile.get(exp.leadership_concept)
        in_history = [
            e
            for e in (led.evidence if led else [])
            if e.section in _WORK_HISTORY or e.required is not None
        ]
        strength = evidence_strength(in_history, document, weights)
        weight = leadership_weight * scale
        contributions.append(
            _line(
                "experience",
                "leadership_history",
                "Leadership in work history",
                weight,
                strength,
                (
                    f"{len(in_history)} mention(s) in the work history"
                    if in_history
                    else "no people leadership described in the work history"
                ),
            )
        )

    score = round(min(100.0, sum(c.points for c in contributions)), 2)
    missing.sort(key=lambda m: (-m.gain, m.id))
    fit = RoleFit(
        id=role.id,
        title=role.title,
        score=score,
        matched=matched,
        missing=missing,
        salary=role.salary,
        contributions=contributions,
    )
    from cvmatch.explain.text import role_summary

    fit.summary = role_summary(fit)
    return fit


def in_scope(
    profile: SkillProfile, taxonomy: Taxonomy, document: Document | None = None
) -> bool | None:
    """Whether the document belongs to the field the roles cover (see ``Scope``);
    ``None`` when the taxonomy defines no scope."""
    scope = taxonomy.scope
    if scope is None:
        return None
    for title, _ in _held_titles(document):
        found = title_match(title, taxonomy)
        if found is not None and " " in found[1]:
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
    fits = [score_profile(profile, role, taxonomy, document) for role in selected]
    fits.sort(key=lambda f: (-f.score, f.id))
    return fits


# --- resume against posting ---------------------------------------------------------------
#: Weight of a posting's own requirements, and of the closest role's unsaid ones.
POSTING_WEIGHTS = {
    "required": 3.0,
    "preferred": 1.5,
    "role_fallback": 0.3,
    "years": 3.0,
    "similarity": 1.5,
    "role_fit": 1.0,
}


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
    when given, adds a small tie-breaking line.
    """
    closest = score_roles(posting, taxonomy, posting_document)[0]
    role = taxonomy.roles[closest.id]
    rows: list[tuple[str, bool, float, str, str]] = []  # id, required, weight, why, how
    stated = {s.id for s in posting.skills}
    for skill in posting.skills:
        concept = taxonomy.concepts[skill.id]
        rows.append(
            (
                skill.id,
                bool(skill.required),
                POSTING_WEIGHTS["required" if skill.required else "preferred"],
                f"The posting {'asks for' if skill.required else 'would welcome'} "
                f"{concept.name.lower()}.",
                concept.how_to_show,
            )
        )
    for requirement in role.requirements:
        if requirement.concept in stated:
            continue
        concept = taxonomy.concepts[requirement.concept]
        rows.append(
            (
                requirement.concept,
                False,
                POSTING_WEIGHTS["role_fallback"] * IMPORTANCE_WEIGHTS[requirement.importance],
                f"Not stated in the posting, but {role.title.lower()}s need it: {requirement.why}",
                requirement.how_to_show or concept.how_to_show,
            )
        )
    years_asked = posting_document.years_experience if posting_document else None
    role_fit = score_profile(resume, role, taxonomy, resume_document)
    role_weight = POSTING_WEIGHTS["role_fit"] * sum(r[2] for r in rows)
    total = sum(r[2] for r in rows) + role_weight
    if years_asked:
        total += POSTING_WEIGHTS["years"]
    if similarity is not None:
        total += POSTING_WEIGHTS["similarity"]
    scale = 100.0 / total if total else 0.0

    contributions: list[Contribution] = []
    matched: list[PostingRequirement] = []
    missing: list[PostingRequirement] = []
    for concept_id, required, raw_weight, why, how in rows:
        concept = taxonomy.concepts[concept_id]
        skill = resume.get(concept_id)
        evidence = skill.evidence if skill else []
        strength = evidence_strength(evidence, resume_document)
        weight = raw_weight * scale
        contributions.append(
            _line(
                "posting",
                concept_id,
                concept.name,
                weight,
                strength,
                (
                    "required"
                    if required
                    else "preferred"
                    if concept_id in stated
                    else f"from the {role.title} profile"
                ),
            )
        )
        row = PostingRequirement(
            id=concept_id,
            name=concept.name,
            required=required,
            stated=concept_id in stated,
            weight=round(weight, 2),
            why=why,
            how_to_show=how or "",
            evidence=evidence,
            gain=0.0 if strength else round(weight * TYPICAL_STRENGTH, 2),
        )
        (matched if strength > 0 else missing).append(row)
    weight = role_weight * scale
    strength = round(role_fit.score / 100.0, 4)
    contributions.append(
        _line(
            "title",
            "role_fit",
            f"Fit for the {role.title.lower()} profile",
            weight,
            strength,
            (
                f"the posting reads as a {role.title.lower()} job; the resume scores "
                f"{role_fit.score:.0f}/100 on that profile (titles, seniority, skills)"
            ),
        )
    )
    if years_asked:
        years = resume_document.years_experience if resume_document else None
        contributions.append(
            _years_line(
                POSTING_WEIGHTS["years"] * scale,
                years,
                years_asked,
                f"{years or 0:g} years shown, the posting asks for {years_asked:g}",
            )
        )
    if similarity is not None:
        weight = POSTING_WEIGHTS["similarity"] * scale
        strength = max(0.0, min(1.0, similarity))
        contributions.append(
            _line(
                "similarity",
                "text_similarity",
                "Text similarity (TF-IDF)",
                weight,
                strength,
                "cosine similarity of the two texts; breaks ties only",
            )
        )
    missing.sort(key=lambda m: (not m.required, -m.gain, m.id))
    score = round(min(100.0, sum(c.points for c in contributions)), 2)
    return MatchResult(
        source=resume.source,
        ok=True,
        posting=posting.source,
        score=score,
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
