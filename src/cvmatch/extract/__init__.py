"""Extraction: the ``cvmatch_skills`` spaCy component and the evidence it turns into skills.

``component`` (the Pipe and its factory), ``compile`` (taxonomy -> patterns),
``tables`` (patterns -> the engine's search), ``negation``, ``cues`` (posting cues,
quantities, title lines), ``profile`` (spans -> :class:`~cvmatch.models.SkillProfile`),
``skillmap`` (Skills-list items -> concepts), ``lexicon`` (word forms).
"""

from cvmatch.extract.compile import patterns_from_taxonomy
from cvmatch.extract.component import (
    DEFAULT_SPANS_KEY,
    ComponentNotInitialized,
    SkillMatcher,
    make_skill_matcher,
)
from cvmatch.extract.profile import SkillExtractor, get_extractor, matching_text

__all__ = [
    "DEFAULT_SPANS_KEY",
    "ComponentNotInitialized",
    "SkillExtractor",
    "SkillMatcher",
    "get_extractor",
    "make_skill_matcher",
    "matching_text",
    "patterns_from_taxonomy",
]
