"""Map free-text items of a Skills list onto taxonomy concepts (scikit-learn).

Items that no alias matches ("Cust. service", "Zendesk admin", "Complaint resolution
skills") are compared with every alias and concept name by TF-IDF over character
n-grams; the nearest neighbour counts when its cosine similarity reaches a threshold.
What still maps to nothing is reported as ``unmapped``: it is how users grow their
taxonomy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cvmatch.extract.aliasindex import AliasIndex
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.cues import Cues

__all__ = ["MappedItem", "SkillListMapper", "split_skill_items"]

_ITEM_SPLIT = re.compile(r"\n|,|;|\||•|·|/(?=\s)|\s{2,}|\t")
_LEADING = re.compile(r"^[\s\-–—*•·:>]+|[\s.:;]+$")
_HAS_LETTER = re.compile(r"[A-Za-z]")


def split_skill_items(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split a Skills section into short items: (item, start, end) with absolute offsets."""
    items = []
    position = 0
    for part in _ITEM_SPLIT.split(text):
        start = text.find(part, position)
        position = start + len(part)
        cleaned = _LEADING.sub("", part)
        if not cleaned or not _HAS_LETTER.search(cleaned):
            continue
        words = cleaned.split()
        if len(cleaned) < 3 or len(cleaned) > 60 or len(words) > 6:
            continue
        inner = start + part.find(cleaned)
        items.append((cleaned, offset + inner, offset + inner + len(cleaned)))
    return items


def _padding(cues: Cues) -> re.Pattern[str]:
    """Praise words at an item's start and "skills"-like words at its end."""
    praise = "|".join(map(re.escape, cues.skills_list_praise))
    tails = "|".join(map(re.escape, cues.skills_list_tails))
    return re.compile(rf"^(?:(?:{praise})\s+)+|(?:\s+(?:{tails}))+$", re.IGNORECASE)


def _core(item: str, padding: re.Pattern[str]) -> str:
    """An item without praise words and "skills"-like tails: "Strong complaint resolution
    skills" -> "complaint resolution"."""
    return padding.sub("", item.lower()).strip() or item.lower()


@dataclass(frozen=True)
class MappedItem:
    """A skills-list item and the concept it maps to (``None`` when below the threshold)."""

    text: str
    concept: str | None
    similarity: float
    nearest_alias: str


class SkillListMapper:
    """Nearest-neighbour mapping of short skill phrases onto concepts.

    Parameters
    ----------
    taxonomy
        The taxonomy whose aliases and names are the neighbours.
    threshold
        Minimum cosine similarity (0..1) for an item to map onto a concept.
    length_ratio
        The item and its nearest alias may differ in length by at most this factor, so
        that a word does not map onto a longer alias that merely contains it.
    """

    def __init__(
        self, taxonomy: Taxonomy, *, threshold: float = 0.8, length_ratio: float = 1.3
    ) -> None:
        self.taxonomy = taxonomy
        self.threshold = threshold
        self.length_ratio = length_ratio
        self._fitted = False

    def _fit(self) -> None:
        phrases: list[str] = []
        owners: list[str] = []
        function_words = frozenset(self.taxonomy.cues.skills_list_function_words)
        for concept in self.taxonomy.concepts.values():
            for alias in [concept.name, *concept.all_aliases(), *concept.case_sensitive]:
                key = alias.lstrip("=").lower()
                words = key.split()
                if words[0] in function_words or words[-1] in function_words:
                    continue  # "on social media": the alias needs its context to mean it
                if len(key) >= 3:
                    phrases.append(key)
                    owners.append(concept.id)
        # TF-IDF vectors, L2-normalised: a dot product is the cosine similarity (fitted
        # by scikit-learn once per taxonomy, then read from the disk cache)
        self.index_ = AliasIndex.build(phrases)
        self.phrases_ = phrases
        self.owners_ = owners
        self._fitted = True

    def map(self, items: list[str]) -> list[MappedItem]:
        """Map each item; ``concept`` is ``None`` where the best similarity is too low."""
        if not items:
            return []
        if not self._fitted:
            self._fit()
        padding = compiled(self.taxonomy.cues, _padding)
        cores = [_core(item, padding) for item in items]
        out = []
        for item, core, (index, value) in zip(
            items, cores, self.index_.nearest(cores), strict=True
        ):
            similarity = round(value, 4)
            alias = self.phrases_[index]
            ratio = max(len(core), len(alias)) / max(1, min(len(core), len(alias)))
            close = similarity >= self.threshold and ratio <= self.length_ratio
            concept = self.owners_[index] if close else None
            out.append(MappedItem(item, concept, similarity, self.phrases_[index]))
        return out
