"""Requirements with values: the language (and level), industry or product a skill is shown with.

A posting that asks for German is not met by French, nor one that asks for energy
experience by a restaurant background. For a concept with an attribute
(``Concept.attribute``: languages, industries, products) the posting's values are
compared with the resume's: a value both name counts, with the resume's mentions that
name it as the evidence; a resume language below the level the posting asks for, or at
a beginner level, does not count. Shown only with other values, the skill keeps
``[weights.posting.other_value]`` of its strength. Level names and their order are
``[cues.language_levels]`` (highest first).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cvmatch.models import Evidence, Skill
from cvmatch.taxonomy import Concept, Taxonomy

__all__ = ["LEVELS_KEY", "ValueMatch", "match_values", "values_named"]

#: the ``Skill.attributes`` key of the stated language levels ("German: fluent")
LEVELS_KEY = "language_levels"


@dataclass(frozen=True)
class ValueMatch:
    """How a resume's skill meets the values a posting names for it."""

    asked: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    share: float = 1.0


def _alias_pattern(aliases: Sequence[str]) -> re.Pattern[str]:
    return _compiled(tuple(aliases))


@functools.lru_cache(maxsize=1024)
def _compiled(aliases: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({a.removeprefix("=").lower() for a in aliases}, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)


def values_named(concept: Concept, evidence: Sequence[Evidence]) -> list[str]:
    """The concept's values whose aliases the evidence names, in first-seen order."""
    found: dict[str, None] = {}
    for item in evidence:
        for value, aliases in concept.values.items():
            if _alias_pattern([*aliases, value]).search(item.text):
                found[value] = None
    return list(found)


def _values(skill: Skill, concept: Concept) -> list[str]:
    attribute = concept.attribute or ""
    return list(skill.attributes.get(attribute, [])) or values_named(concept, skill.evidence)


def _levels(skill: Skill) -> dict[str, str]:
    """Language -> stated level, from ``"Language: level"`` entries."""
    out: dict[str, str] = {}
    for entry in skill.attributes.get(LEVELS_KEY, []):
        language, _, level = entry.partition(": ")
        out.setdefault(language, level)
    return out


def _level_ok(value: str, asked: Skill, shown: Skill, taxonomy: Taxonomy) -> bool:
    """A language counts unless the resume states it at a beginner level or below the
    level the posting asks for it at."""
    order = list(taxonomy.cues.language_levels)
    level = _levels(shown).get(value)
    if level is None:
        return True
    if level in taxonomy.cues.language_beginner_levels:
        return False
    wanted = _levels(asked).get(value)
    if wanted is None or wanted not in order or level not in order:
        return True
    return order.index(level) <= order.index(wanted)


def _naming(
    concept: Concept, evidence: Sequence[Evidence], values: Sequence[str]
) -> list[Evidence]:
    """The mentions that name one of ``values`` (all of them when none does)."""
    aliases = [a for v in values for a in (*concept.values.get(v, ()), v)]
    if not aliases:
        return list(evidence)
    pattern = _alias_pattern(aliases)
    naming = [e for e in evidence if pattern.search(e.text) or pattern.search(e.context or "")]
    return naming or list(evidence)


def match_values(
    asked: Skill, shown: Skill | None, concept: Concept, taxonomy: Taxonomy
) -> ValueMatch:
    """How ``shown`` (the resume's skill, if any) meets the values ``asked`` names."""
    if not concept.values or concept.attribute is None:
        return ValueMatch(evidence=list(shown.evidence) if shown else [])
    wanted = _values(asked, concept)
    levels = _levels(asked)
    labels = [f"{v}: {levels[v]}" if v in levels else v for v in wanted]
    if shown is None:
        return ValueMatch(asked=labels, share=0.0)
    has = [v for v in _values(shown, concept) if _level_ok(v, asked, shown, taxonomy)]
    if concept.attribute == "languages" and not has and _values(shown, concept):
        return ValueMatch(asked=labels, share=0.0)  # only beginner (or too low) languages
    if not wanted:
        return ValueMatch(asked=labels, shown=has, evidence=list(shown.evidence))
    common = [v for v in has if v in wanted]
    if common:
        return ValueMatch(labels, common, _naming(concept, shown.evidence, common), 1.0)
    share = taxonomy.weights.posting.other_value.get(concept.attribute, 1.0)
    return ValueMatch(labels, [], list(shown.evidence) if share else [], share)
