"""What each requirement of a match says: the posting's own sentence, why, and how to show it.

Scoring decides what is matched and what is missing; this writes the words. A stated
requirement quotes the posting's sentence that states it (whole words, with offsets into
the posting's text), says how the posting states it (must-have, required, a duty of the
job, welcome) and what the concept covers, and its advice names what *this* posting asks
for: its values (German, healthcare) and its own words for the skill. A requirement the
posting leaves unsaid keeps the role's reason. Every text comes from the taxonomy's
concept entries (``description``, ``how_to_show``), so the wording is data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cvmatch.explain.quotes import Quote, display, quote_around
from cvmatch.models import Document, Evidence, MatchResult, PostingRequirement, Skill, SkillProfile
from cvmatch.taxonomy import Concept, Taxonomy

__all__ = ["explain_match", "explain_requirement", "posting_quote"]

#: How many of the posting's own words for a skill the advice repeats.
_OWN_WORDS = 3


def _decisive(evidence: Sequence[Evidence]) -> Evidence:
    """The mention that best says how the posting asks: a must-have, then required, then
    a duty, then the first."""
    rank = {"required": 0, "unspecified": 1, "preferred": 2, None: 3}
    return min(evidence, key=lambda e: (not e.must_have, rank.get(e.status, 3), e.start))


def _find_phrase(text: str, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` stands in ``text`` as whole words, case aside."""
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"
    found = re.search(pattern, text, re.IGNORECASE) if phrase.strip() else None
    return (found.start(), found.end()) if found else None


def posting_quote(
    requirement: PostingRequirement, posting: SkillProfile, document: Document | None
) -> tuple[Quote, str] | None:
    """The posting's sentence that states ``requirement`` and the phrase in it, or
    ``None`` when the posting does not state it (or its text is not at hand)."""
    if document is None or not requirement.stated:
        return None
    skill = posting.get(requirement.id)
    if skill is not None and skill.evidence:
        mention = _decisive(skill.evidence)
        if document.text[mention.start : mention.end] == mention.text:
            return quote_around(document.text, mention.start, mention.end), mention.text
    where = _find_phrase(document.text, requirement.name)
    if where is None:
        return None
    return quote_around(document.text, *where), document.text[where[0] : where[1]]


def _how_stated(requirement: PostingRequirement) -> str:
    """How the posting states it, in a few words, with its cue when it has one."""
    cue = f" (marked by “{display(requirement.cue)}”)" if requirement.cue else ""
    if requirement.must_have:
        return f"A must-have of this posting{cue}"
    if requirement.status == "preferred" or not requirement.required:
        return f"Welcome in this posting, not required{cue}"
    if requirement.status == "unspecified":
        return "Part of the job as this posting describes it"
    return f"Required by this posting{cue}"


def _covers(concept: Concept | None) -> str:
    if concept is None:
        return ""
    text = concept.description.strip()
    return f" It covers: {text[:1].lower()}{text[1:]}"


def _why(requirement: PostingRequirement, concept: Concept | None, quote: str | None) -> str:
    """Why a stated requirement is on the list: how and where the posting says it."""
    said = f", where it says “{display(quote).rstrip('.')}”." if quote else "."
    if requirement.free_text:
        return f"{_how_stated(requirement)}{said} It is matched by its own words."
    return f"{_how_stated(requirement)}{said}{_covers(concept)}"


def _own_words(skill: Skill | None, concept: Concept | None, values: Sequence[str]) -> list[str]:
    """The posting's own words for the skill, other than the concept's name and its values."""
    if skill is None:
        return []
    seen = {v.lower() for v in values} | {concept.name.lower() if concept else ""}
    words: list[str] = []
    for item in skill.evidence:
        said = display(item.text)
        if said.lower() not in seen:
            seen.add(said.lower())
            words.append(said)
    return words[:_OWN_WORDS]


def _how(requirement: PostingRequirement, concept: Concept | None, skill: Skill | None) -> str:
    """What would show it for this posting: the concept's advice, the values this posting
    names and the words it uses."""
    base = requirement.how_to_show or (concept.how_to_show if concept else "")
    if requirement.free_text:
        return f"Say “{requirement.name}” where your resume truly shows it, with what you did."
    parts = [base.strip()]
    if requirement.values:
        them = "it" if len(requirement.values) == 1 else "the ones you have"
        parts.append(f"This posting asks for {', '.join(requirement.values)}: name {them}.")
    words = _own_words(skill, concept, requirement.values)
    if words:
        quoted = ", ".join(f"“{w}”" for w in words)
        parts.append(f"It uses the words {quoted}: use them where they are true of you.")
    return " ".join(p for p in parts if p)


def _other_values(
    requirement: PostingRequirement, concept: Concept | None, shown: Skill | None
) -> str:
    """For a requirement missing only for its value: what the resume shows instead."""
    if shown is None or concept is None or not requirement.values or requirement.values_shown:
        return ""
    has = shown.attributes.get(concept.attribute or "", [])
    instead = f" ({', '.join(has)})" if has else ""
    return (
        f" The resume shows {concept.name.lower()}{instead}, but not with what this posting "
        f"names: {', '.join(requirement.values)}."
    )


def explain_requirement(
    requirement: PostingRequirement,
    posting: SkillProfile,
    document: Document | None,
    taxonomy: Taxonomy,
    resume: SkillProfile | None = None,
) -> PostingRequirement:
    """The requirement with its quote, why and how to show it written for this posting;
    one the posting leaves unsaid (the closest role's) is returned as it is. With the
    ``resume``, a requirement unmet only for its value says what the resume shows instead."""
    if not requirement.stated:
        return requirement
    concept = taxonomy.concepts.get(requirement.id)
    found = posting_quote(requirement, posting, document)
    quote, phrase = (found[0], found[1]) if found else (None, None)
    shown = resume.get(requirement.id) if resume is not None and not requirement.evidence else None
    return requirement.model_copy(
        update={
            "quote": quote.text if quote else None,
            "quote_start": quote.start if quote else None,
            "quote_end": quote.end if quote else None,
            "phrase": phrase,
            "why": _why(requirement, concept, quote.text if quote else None)
            + _other_values(requirement, concept, shown),
            "how_to_show": _how(requirement, concept, posting.get(requirement.id)),
        }
    )


def explain_match(
    result: MatchResult,
    posting: SkillProfile,
    document: Document | None,
    taxonomy: Taxonomy,
    resume: SkillProfile | None = None,
) -> MatchResult:
    """The match with every stated requirement explained from the posting's own text
    (and, given the ``resume``'s profile, what it shows where a value is not met)."""

    def each(rows: list[PostingRequirement]) -> list[PostingRequirement]:
        return [explain_requirement(r, posting, document, taxonomy, resume) for r in rows]

    return result.model_copy(
        update={
            "matched": each(result.matched),
            "missing": each(result.missing),
            "partial": each(result.partial),
        }
    )
