"""The skills taxonomy: pydantic models over the data files shipped in this folder.

``load_taxonomy()`` returns the shipped taxonomy (concepts in ``concepts/*.toml``,
roles in ``roles.toml``); ``load_taxonomy(path)`` loads a user's file or folder and,
unless ``extend=False``, merges it over the shipped one (more aliases, concepts, roles).
"""

from cvmatch.taxonomy.loader import DEFAULT_TAXONOMY_PACKAGE, load_taxonomy
from cvmatch.taxonomy.model import (
    IMPORTANCE_WEIGHTS,
    Concept,
    ExperienceProfile,
    Importance,
    Requirement,
    Role,
    Salary,
    Scope,
    Taxonomy,
)

__all__ = [
    "DEFAULT_TAXONOMY_PACKAGE",
    "IMPORTANCE_WEIGHTS",
    "Concept",
    "ExperienceProfile",
    "Importance",
    "Requirement",
    "Role",
    "Salary",
    "Scope",
    "Taxonomy",
    "load_taxonomy",
]
