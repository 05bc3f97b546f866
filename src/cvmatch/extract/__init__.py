"""Extraction: the ``cvmatch_skills`` spaCy component and the evidence it turns into skills."""

from cvmatch.extract.component import (
    DEFAULT_SPANS_KEY,
    SkillExtractor,
    SkillMatcher,
    get_extractor,
    make_skill_matcher,
    patterns_from_taxonomy,
)

__all__ = [
    "DEFAULT_SPANS_KEY",
    "SkillExtractor",
    "SkillMatcher",
    "get_extractor",
    "make_skill_matcher",
    "patterns_from_taxonomy",
]
