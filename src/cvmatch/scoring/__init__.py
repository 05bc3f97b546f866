"""Scoring: evidence strength, fit for each role, and a resume against a posting.

``evidence`` says how strongly mentions show a skill, ``titles`` which role a job title
names, ``roles`` how a document fits each role, ``posting`` how a resume fits a posting;
every score is a list of lines (``lines``) that add up to it, and ``summary`` says it in
a sentence. The numbers they use are the taxonomy's ``[weights]``.
"""

from cvmatch.scoring.evidence import evidence_strength
from cvmatch.scoring.posting import match_profiles, text_similarities
from cvmatch.scoring.roles import in_scope, score_profile, score_roles

__all__ = [
    "evidence_strength",
    "in_scope",
    "match_profiles",
    "score_profile",
    "score_roles",
    "text_similarities",
]
