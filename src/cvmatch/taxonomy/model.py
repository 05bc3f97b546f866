"""Pydantic models of the taxonomy: concepts, roles, requirements and salaries."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from cvmatch.taxonomy.base import ID_PATTERN, _Strict
from cvmatch.taxonomy.cues import Cues
from cvmatch.taxonomy.headings import Headings
from cvmatch.taxonomy.privacy import PrivacyWords
from cvmatch.taxonomy.weights import Weights

Importance = Literal["essential", "important", "helpful"]

#: Points a requirement of each importance carries before normalisation to 0-100.
IMPORTANCE_WEIGHTS: dict[str, float] = {"essential": 3.0, "important": 2.0, "helpful": 1.0}

_ID_PATTERN = ID_PATTERN


class Concept(_Strict):
    """One skill or qualification, with the words that reveal it in a document."""

    id: str = Field(pattern=_ID_PATTERN)
    name: str = Field(min_length=1)
    category: str = Field(pattern=_ID_PATTERN)
    description: str = Field(min_length=1)
    how_to_show: str = ""
    aliases: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    exclude: tuple[str, ...] = ()
    #: aliases too generic to count by themselves ("customer needs", "profitability"):
    #: a mention of one is evidence only in a skill-bearing context (an action verb that
    #: governs it, a cue such as "experience in", an item of a Skills list)
    generic: tuple[str, ...] = ()
    attribute: str | None = None
    values: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    parent: str | None = None

    @field_validator("aliases", "case_sensitive", "exclude", "generic")
    @classmethod
    def _no_empty_alias(cls, aliases: tuple[str, ...]) -> tuple[str, ...]:
        for alias in aliases:
            if not alias.strip(" =") or alias != alias.strip():
                raise ValueError(f"empty or padded alias {alias!r}")
        return aliases

    @field_validator("patterns")
    @classmethod
    def _patterns_not_empty(
        cls, patterns: tuple[tuple[dict[str, Any], ...], ...]
    ) -> tuple[tuple[dict[str, Any], ...], ...]:
        for pattern in patterns:
            if not pattern:
                raise ValueError("empty token pattern")
        return patterns

    @field_validator("values")
    @classmethod
    def _values_have_aliases(cls, values: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for value, aliases in values.items():
            if not aliases or any(not a.strip(" =") for a in aliases):
                raise ValueError(f"value {value!r} has an empty alias list or an empty alias")
        return values

    def all_aliases(self) -> list[str]:
        """Aliases plus the aliases of every attribute value (which also reveal the concept)."""
        out = list(self.aliases)
        for aliases in self.values.values():
            out.extend(aliases)
        return out


class Requirement(_Strict):
    """A concept a role asks for, how much it matters, and why."""

    concept: str = Field(pattern=_ID_PATTERN)
    importance: Importance
    why: str = Field(min_length=1)
    how_to_show: str | None = None


class Salary(_Strict):
    """A salary range quoted from a named source (a role's range from the salary guide)."""

    low: int = Field(ge=0, description="the lower end of the range")
    high: int = Field(ge=0, description="the upper end of the range")
    currency: str = Field(default="USD", description='ISO currency code, e.g. "USD"')
    period: Literal["year", "hour", "month"] = Field(
        default="year", description="what the amounts are paid for"
    )
    source: str = Field(min_length=1, description="where the range is quoted from")
    region: str | None = Field(
        default=None,
        description='where the range holds, e.g. "US national": not a posting\'s own salary',
    )
    note: str | None = Field(default=None, description="anything else the source says of it")

    @model_validator(mode="after")
    def _ordered(self) -> Salary:
        if self.low > self.high:
            raise ValueError(f"salary low {self.low} is above high {self.high}")
        return self


class ExperienceProfile(_Strict):
    """What a role expects of a person's history, beyond skills.

    ``ideal_years`` of customer-facing work earns full credit (``years_weight``
    points before normalisation); ``titles`` held earn ``title_weight``; a role with
    ``leads_people`` expects leadership (``leadership_concept``) shown in the work
    history itself, worth ``leadership_weight`` points, not only a keyword in a list.
    ``level`` orders roles by seniority (0 entry ... 3 management).
    """

    ideal_years: float = Field(default=2.0, ge=0)
    years_weight: float = Field(default=2.0, ge=0)
    titles: tuple[str, ...] = ()
    title_weight: float = Field(default=3.0, ge=0)
    level: int = Field(default=1, ge=0, le=5)
    level_weight: float = Field(default=2.0, ge=0)
    leads_people: bool = False
    leadership_concept: str = "team_leadership"
    leadership_weight: float = Field(default=3.0, ge=0)


class Role(_Strict):
    """One of the customer-service roles a person can be scored for."""

    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    rationale: str = ""
    requirements: tuple[Requirement, ...] = Field(min_length=1)
    experience: ExperienceProfile = Field(default_factory=ExperienceProfile)
    salary: Salary | None = None

    @model_validator(mode="after")
    def _unique_requirements(self) -> Role:
        seen: set[str] = set()
        for requirement in self.requirements:
            if requirement.concept in seen:
                raise ValueError(f"concept {requirement.concept!r} is required twice")
            seen.add(requirement.concept)
        return self


class Scope(_Strict):
    """When a document belongs to the field the roles cover at all.

    It does when it names one of the roles' job titles (more than a one-word title such
    as "manager"), or shows at least ``min_concepts`` of ``concepts``. A software
    engineering advert still has a closest role; ``in_scope`` says it is not one of these.
    """

    concepts: tuple[str, ...] = Field(min_length=1)
    min_concepts: int = Field(default=2, ge=1)


class Taxonomy(_Strict):
    """Concepts and roles, checked for consistency as a whole."""

    concepts: dict[str, Concept]
    roles: dict[str, Role]
    sources: tuple[str, ...] = ()
    scope: Scope | None = None
    headings: Headings = Field(default_factory=Headings)
    cues: Cues = Field(default_factory=Cues)
    weights: Weights = Field(default_factory=Weights)
    privacy: PrivacyWords = Field(default_factory=PrivacyWords)

    @model_validator(mode="after")
    def _consistent(self) -> Taxonomy:
        for role in self.roles.values():
            for requirement in role.requirements:
                if requirement.concept not in self.concepts:
                    raise ValueError(
                        f"role {role.id!r} requires unknown concept {requirement.concept!r}"
                    )
        for concept_id in self.scope.concepts if self.scope else ():
            if concept_id not in self.concepts:
                raise ValueError(f"scope names unknown concept {concept_id!r}")
        for concept in self.concepts.values():
            if concept.parent is not None and concept.parent not in self.concepts:
                raise ValueError(f"concept {concept.id!r} has unknown parent {concept.parent!r}")
        return self

    @functools.cached_property
    def content_hash(self) -> str:
        """A SHA-256 of everything the taxonomy holds: the same data gives the same hash.

        Caches and decision records key on it, so a change to any word, weight or role
        shows up as a new hash.
        """
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Taxonomy:
        """A copy, with its hash computed anew: an edited copy is another taxonomy."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("content_hash", None)
        return copy

    def concept(self, concept_id: str) -> Concept:
        """The concept with this id; ``InvalidInput`` naming the known ids otherwise."""
        try:
            return self.concepts[concept_id]
        except KeyError:
            from cvmatch.errors import InvalidInput

            raise InvalidInput(f"unknown concept id {concept_id!r}") from None

    def role(self, role_id: str) -> Role:
        """The role with this id; ``InvalidInput`` listing the valid ids otherwise."""
        try:
            return self.roles[role_id]
        except KeyError:
            from cvmatch.errors import InvalidInput

            raise InvalidInput(
                f"unknown role id {role_id!r}; choose from {', '.join(sorted(self.roles))}"
            ) from None

    @property
    def categories(self) -> list[str]:
        """The categories in use, in first-seen order."""
        return list(dict.fromkeys(c.category for c in self.concepts.values()))
