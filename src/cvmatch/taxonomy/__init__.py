"""The skills taxonomy: pydantic models over the data files shipped in this folder.

``load_taxonomy()`` returns the shipped taxonomy (concepts in ``concepts/*.toml``,
roles in ``roles.toml``); ``load_taxonomy(path)`` loads a user's file or folder and,
unless ``extend=False``, merges it over the shipped one (more aliases, concepts, roles).
``resolve_taxonomy(argument)`` is the one rule every ``taxonomy=`` parameter follows.
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
from cvmatch.taxonomy.resolve import TaxonomyArgument, resolve_taxonomy

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
    "TaxonomyArgument",
    "load_taxonomy",
    "resolve_taxonomy",
]
