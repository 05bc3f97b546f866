"""A resume against a posting: the posting's own requirements decide.

Every requirement the posting states is a line weighed by its status (``required``, a
duty stated with no status ``unspecified``, ``preferred``), times ``must_have`` when
stated as hard; requirements with values (a language and its level, an industry, a
product) count only with the value the posting names (:mod:`cvmatch.scoring.values`);
requirements no concept holds are kept as free text (:mod:`cvmatch.scoring.freetext`).
A requirement of a concept category in ``category`` (soft skills) weighs that factor
less. Years asked for, years in jobs close to the posting
(:mod:`cvmatch.scoring.experience`) and a text similarity add a line each. The closest
of the six roles adds one small line (``role_fit`` x the posting's own lines, under half
of them) and only when the posting is clearly that role (its fit leads the next by
``role_margin``).
Must-haves give the result's ``meets_must_haves`` (:mod:`cvmatch.scoring.musthaves`).
The numbers are ``[weights.posting]`` and ``[weights.must_haves]``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from cvmatch.models import (
    Contribution,
    Document,
    MatchResult,
    PostingRequirement,
    RequirementStatus,
    ScoreResult,
    Skill,
    SkillProfile,
)
from cvmatch.scoring.evidence import evidence_strength, typical_strength
from cvmatch.scoring.experience import experience_line, role_closeness
from cvmatch.scoring.freetext import (
    FreeText,
    find_phrase,
    posting_free_text,
    unverifiable_topics,
)
from cvmatch.scoring.jobtitle import generic_title_words, title_line
from cvmatch.scoring.lines import breakdown_line, years_line
from cvmatch.scoring.musthaves import MustHaves, years_must_have
from cvmatch.scoring.roles import score_profile, score_roles
from cvmatch.scoring.values import match_values
from cvmatch.taxonomy import Role, Taxonomy
from cvmatch.taxonomy.weights import PostingWeights

__all__ = ["match_profiles", "posting_role", "text_similarities"]


@dataclass(frozen=True)
class _Posting:
    """What a posting asks, read once however many resumes are matched against it."""

    role: Role | None
    margin: float
    free_text: list[FreeText]
    years_must_have: bool
    closeness: dict[str, float]


_POSTINGS: OrderedDict[tuple[int, int, int], tuple[object, object, _Posting]] = OrderedDict()
_MAX_POSTINGS = 16


def posting_role(
    posting: SkillProfile, taxonomy: Taxonomy, document: Document | None = None
) -> tuple[Role | None, float]:
    """The role the posting clearly is (``None`` if none leads by ``role_margin``), and
    its lead over the next role in points."""
    return _clear_role(score_roles(posting, taxonomy, document), taxonomy)


def _clear_role(fits: Sequence[ScoreResult], taxonomy: Taxonomy) -> tuple[Role | None, float]:
    if not fits:
        return None, 0.0
    margin = fits[0].score - (fits[1].score if len(fits) > 1 else 0.0)
    clear = margin >= taxonomy.weights.posting.role_margin
    return (taxonomy.roles[fits[0].id] if clear else None), round(margin, 2)


def _posting(posting: SkillProfile, document: Document | None, taxonomy: Taxonomy) -> _Posting:
    key = (id(posting), id(document), id(taxonomy))
    hit = _POSTINGS.get(key)
    if hit is not None and hit[0] is posting and hit[1] is document:
        return hit[2]
    fits = score_roles(posting, taxonomy, document)
    role, margin = _clear_role(fits, taxonomy)
    free = posting_free_text(document, posting, taxonomy) if document else []
    hard = years_must_have(document, posting, taxonomy) if document else False
    closeness = role_closeness({f.id: f.score for f in fits})
    read = _Posting(role, margin, free, hard, closeness)
    _POSTINGS[key] = (posting, document, read)
    if len(_POSTINGS) > _MAX_POSTINGS:
        _POSTINGS.popitem(last=False)
    return read


def _status_weight(
    status: RequirementStatus | None, must_have: bool, w: PostingWeights, required: bool = True
) -> float:
    """A requirement's weight by its status; without one (a profile built by hand), by
    ``required``."""
    status = status or ("required" if required else "preferred")
    weight = {"required": w.required, "preferred": w.preferred}.get(status, w.unspecified)
    return weight * (w.must_have if must_have else 1.0)


def _skill_weight(skill: Skill, taxonomy: Taxonomy) -> float:
    """A posting skill's weight: by its status, times its concept category's factor."""
    w = taxonomy.weights.posting
    weight = _status_weight(skill.status, bool(skill.must_have), w, skill.required is not False)
    concept = taxonomy.concepts.get(skill.id)
    return weight * (w.category.get(concept.category, 1.0) if concept else 1.0)


@dataclass(frozen=True)
class _Line:
    """One posting requirement as scored: its result row and its strength."""

    row: PostingRequirement
    strength: float
    category: str | None
    #: the resume shows the concept, but not with the value the posting names
    other_value: bool = False


def _concept_line(
    skill: Skill, resume: SkillProfile, document: Document | None, taxonomy: Taxonomy, scale: float
) -> _Line:
    concept = taxonomy.concepts[skill.id]
    found = match_values(skill, resume.get(skill.id), concept, taxonomy)
    strength = evidence_strength(found.evidence, document, taxonomy.weights.evidence) * found.share
    weight = _skill_weight(skill, taxonomy) * scale
    wanted = f" ({', '.join(found.asked)})" if found.asked else ""
    row = PostingRequirement(
        id=skill.id,
        name=concept.name,
        required=bool(skill.required),
        status=skill.status,
        must_have=bool(skill.must_have),
        cue=skill.cue,
        weight=round(weight, 2),
        why=f"The posting {_verb(skill.status)} {concept.name.lower()}{wanted}.",
        how_to_show=concept.how_to_show,
        evidence=found.evidence if strength else [],
        gain=0.0 if strength else round(weight * typical_strength(taxonomy.weights.evidence), 2),
        values=found.asked,
        values_shown=found.shown,
    )
    other = not strength and bool(found.asked) and resume.get(skill.id) is not None
    return _Line(row, round(strength, 4), concept.category, other)


def _free_line(
    item: FreeText, document: Document | None, taxonomy: Taxonomy, scale: float
) -> _Line:
    evidence = find_phrase(item.phrase, document) if document else []
    strength = evidence_strength(evidence, document, taxonomy.weights.evidence)
    status, hard = item.requirement.status, item.requirement.must_have
    weight = _status_weight(status, hard, taxonomy.weights.posting) * scale
    row = PostingRequirement(
        id=item.id,
        name=item.phrase,
        required=item.requirement.required,
        status=status,
        must_have=hard,
        cue=item.requirement.cue,
        weight=round(weight, 2),
        why=f"The posting {_verb(status)} {item.phrase}, which no skill of the taxonomy covers.",
        how_to_show=f"If you have used {item.phrase}, name it where you used it.",
        evidence=evidence,
        gain=0.0 if strength else round(weight * typical_strength(taxonomy.weights.evidence), 2),
        free_text=True,
        values=[item.phrase],
        values_shown=[item.phrase] if evidence else [],
    )
    return _Line(row, round(strength, 4), None)


def _verb(status: RequirementStatus | None) -> str:
    return "would welcome" if status == "preferred" else "asks for"


def _requirement_contribution(line: _Line) -> Contribution:
    row = line.row
    detail = ("must-have, " if row.must_have else "") + (row.status or "unspecified")
    if row.free_text:
        detail += ", free text"
    if row.values:
        detail += f"; asks {', '.join(row.values)}, shows {', '.join(row.values_shown) or 'none'}"
    return breakdown_line("posting", row.id, row.name, row.weight, line.strength, detail)


def _role_fit_line(role: Role, score: float, weight: float, margin: float) -> Contribution:
    return breakdown_line(
        "title",
        "role_fit",
        f"Fit for the {role.title.lower()} profile",
        weight,
        round(score / 100.0, 4),
        (
            f"the posting reads as a {role.title.lower()} job (by {margin:.0f} points over the "
            f"next role); the resume scores {score:.0f}/100 on that profile"
        ),
    )


def _similarity_line(similarity: float, weight: float, full: float) -> Contribution:
    """The text similarity line: earned in full at a cosine of ``full``."""
    return breakdown_line(
        "similarity",
        "text_similarity",
        "Text similarity (TF-IDF)",
        weight,
        max(0.0, min(1.0, similarity / full)),
        f"cosine similarity of the words of the two texts: {similarity:.2f}, in full at {full:g}",
    )


def _scaled(line: Contribution, scale: float) -> dict[str, float]:
    weight = line.weight * scale
    return {"weight": round(weight, 2), "points": round(weight * line.strength, 2)}


def _own_weight(posting: SkillProfile, free: Sequence[FreeText], taxonomy: Taxonomy) -> float:
    """The posting's own requirement lines together, before scaling."""
    w = taxonomy.weights.posting
    total = sum(_skill_weight(s, taxonomy) for s in posting.skills)
    total += sum(
        _status_weight(f.requirement.status, f.requirement.must_have, w)
        for f in free
        if f.topic is None
    )
    return total


def _check_must_haves(
    lines: Sequence[_Line], read: _Posting, asked: float | None, years: float | None, tax: Taxonomy
) -> MustHaves:
    rules = tax.weights.must_haves
    checks = MustHaves(frozenset(rules.unknown_categories), frozenset(rules.unknown_concepts))
    for line in lines:
        if line.row.must_have:
            checks.check(line.row.id, line.strength > 0, line.category)
    if asked and read.years_must_have:
        checks.years(asked, years, tax.weights.posting.years_tolerance)
    checks.unknown += unverifiable_topics(read.free_text)
    return checks


def match_profiles(
    resume: SkillProfile,
    posting: SkillProfile,
    taxonomy: Taxonomy,
    *,
    resume_document: Document | None = None,
    posting_document: Document | None = None,
    similarity: float | None = None,
) -> MatchResult:
    """Score a resume against a posting's own requirements; say whether it meets the
    must-haves.

    The contributions add up to the score; ``matched`` and ``missing`` are the posting's
    requirements (free-text ones too), ``meets_must_haves`` is "yes", "no" or "unknown".
    """
    weights = taxonomy.weights.posting
    read = _posting(posting, posting_document, taxonomy)
    asked = posting_document.years_experience if posting_document else None
    years = resume_document.years_experience if resume_document else None
    generic = generic_title_words(taxonomy.cues)
    title = title_line(
        posting_document, resume_document, weights.title, taxonomy.weights.titles, generic
    )
    own = _own_weight(posting, read.free_text, taxonomy) + (weights.years if asked else 0.0)
    own += weights.title if title is not None else 0.0
    role_weight = weights.role_fit * own if read.role is not None else 0.0
    sim_weight = weights.similarity + weights.similarity_share * own
    sim_weight = sim_weight if similarity is not None else 0.0
    exp_weight = weights.experience * own if read.closeness else 0.0
    total = own + role_weight + sim_weight + exp_weight
    scale = 100.0 / total if total else 0.0

    lines = [_concept_line(s, resume, resume_document, taxonomy, scale) for s in posting.skills]
    lines += [
        _free_line(f, resume_document, taxonomy, scale) for f in read.free_text if f.topic is None
    ]
    contributions = [_requirement_contribution(line) for line in lines]
    if asked:
        detail = f"{years or 0:g} years shown, the posting asks for {asked:g}"
        contributions.append(years_line(weights.years * scale, years, asked, detail))
    if title is not None:
        contributions.append(title.model_copy(update=_scaled(title, scale)))
    if exp_weight:
        contributions.append(
            experience_line(resume_document, read.closeness, asked, exp_weight * scale, taxonomy)
        )
    if read.role is not None:
        fit = score_profile(resume, read.role, taxonomy, resume_document)
        contributions.append(_role_fit_line(read.role, fit.score, role_weight * scale, read.margin))
    if similarity is not None:
        full = weights.similarity_full
        contributions.append(_similarity_line(similarity, sim_weight * scale, full))
    checks = _check_must_haves(lines, read, asked, years, taxonomy)
    matched = [line.row for line in lines if line.strength > 0]
    missing = [line.row for line in lines if line.strength <= 0 and not line.other_value]
    partial = [line.row for line in lines if line.strength <= 0 and line.other_value]
    missing.sort(key=lambda m: (not m.must_have, not m.required, -m.gain, m.id))
    return MatchResult(
        source=resume.source,
        ok=True,
        posting=posting.source,
        score=round(min(100.0, sum(c.points for c in contributions)), 2),
        matched=matched,
        missing=missing,
        partial=partial,
        contributions=contributions,
        warnings=resume.warnings,
        meets_must_haves=checks.verdict,
        unmet_must_haves=checks.unmet,
        unknown_must_haves=checks.unknown,
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
