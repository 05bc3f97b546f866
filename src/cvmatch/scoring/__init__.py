"""Scoring: evidence strength, fit for each role, and a resume against a posting."""

from cvmatch.scoring.roles import (
    evidence_strength,
    in_scope,
    match_profiles,
    score_profile,
    score_roles,
    text_similarities,
)

__all__ = [
    "evidence_strength",
    "in_scope",
    "match_profiles",
    "score_profile",
    "score_roles",
    "text_similarities",
]
