"""Evidence strength: how well a list of mentions shows one skill, from 0 to 1.

Strength grows with better-placed, more recent, repeated and quantified evidence, so
adding evidence never lowers it. The numbers are ``[weights.evidence]`` in the taxonomy.
"""

from __future__ import annotations

from collections.abc import Sequence

from cvmatch.models import Document, Evidence
from cvmatch.taxonomy import Taxonomy, load_taxonomy
from cvmatch.taxonomy.weights import EvidenceWeights

__all__ = ["EvidenceWeights", "evidence_strength", "evidence_weights", "typical_strength"]


def evidence_weights(taxonomy: Taxonomy | None = None) -> EvidenceWeights:
    """The evidence weights of ``taxonomy`` (the shipped taxonomy when ``None``)."""
    return (taxonomy or load_taxonomy()).weights.evidence


def typical_strength(weights: EvidenceWeights) -> float:
    """What a missing requirement would add is priced as one experience bullet showing it."""
    return weights.base


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


def evidence_strength(
    evidence: Sequence[Evidence],
    document: Document | None = None,
    weights: EvidenceWeights | None = None,
) -> float:
    """How strongly a list of evidence shows one skill, from 0 to 1.

    The best single mention counts most (by section, and recency for resumes); each
    further mention and any quantity add a little. Never decreases as evidence is added.
    ``weights`` defaults to the shipped taxonomy's; pass ``taxonomy.weights.evidence``
    to score with a user's taxonomy.
    """
    if not evidence:
        return 0.0
    weights = weights or evidence_weights()
    best = 0.0
    for item in evidence:
        if item.required is not None:  # a posting: required vs preferred
            value = 1.0 if item.required else weights.preferred
        else:
            value = weights.section_weight(item.section)
            value *= _recency(document, item.start, weights)
        best = max(best, value)
    distinct = len({(e.start, e.end) for e in evidence})
    bonus = weights.per_repeat * min(weights.max_repeats, distinct - 1)
    if any(e.quantity for e in evidence):
        bonus += weights.quantified
    return round(min(1.0, weights.base * best + bonus), 4)
