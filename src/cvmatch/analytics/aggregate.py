"""The aggregate counts behind a :class:`~cvmatch.analytics.PostingsAnalysis`, mergeable by sums.

Every aggregate table of an analysis (skills, roles, by role, co-occurrence, lift, pairs,
salary by skill, attribute counts) is computed from an :class:`Aggregates`: counts of
postings per concept, role, pair and attribute value, and salaries kept as value counts
(per role and per skill), so two sets of postings analysed apart merge into exactly the
counts of their union, medians included. Spark fills one with ``groupBy`` counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from cvmatch.analytics.analysis import PostingRow

__all__ = ["STATUSES", "UNASSIGNED", "Aggregates", "median_of_counts"]

#: The role of a read posting that no role fits (see :mod:`cvmatch.analytics.analysis`).
UNASSIGNED = "(none)"

#: A posting skill's requirement statuses, in the order of the skills table's columns.
STATUSES = ("required", "preferred", "unspecified")


def _zero5() -> list[int]:
    return [0, 0, 0, 0, 0]


@dataclass
class Aggregates:
    """Counts over the postings read (and the number that failed).

    ``concepts`` maps a concept id to postings (asking for it, required, preferred,
    unspecified, must-have); ``pairs`` maps ``(a, b)`` with ``a < b`` to postings asking
    for both; ``attributes`` maps ``(attribute, value)`` to postings (naming it, where its
    concept is required); salaries are value counts, over salaried postings.
    """

    n_postings: int = 0
    n_failed: int = 0
    concepts: dict[str, list[int]] = field(default_factory=dict)
    roles: Counter[str] = field(default_factory=Counter)
    by_role: Counter[tuple[str, str]] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    salaries: Counter[float] = field(default_factory=Counter)
    role_salaries: dict[str, Counter[float]] = field(default_factory=dict)
    skill_salaries: dict[str, Counter[float]] = field(default_factory=dict)
    attributes: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    attribute_order: dict[str, None] = field(default_factory=dict)

    @property
    def n_with_salary(self) -> int:
        """Read postings that carry a salary."""
        return sum(self.salaries.values())

    @classmethod
    def from_rows(cls, rows: Iterable[PostingRow]) -> Aggregates:
        """The counts of per-posting rows (failed rows count only as failed)."""
        agg = cls()
        for row in rows:
            if row.error is not None:
                agg.n_failed += 1
            else:
                agg.add(row)
        return agg

    def add(self, row: PostingRow) -> None:
        """Count one read posting."""
        self.n_postings += 1
        role = row.role or UNASSIGNED
        self.roles[role] += 1
        self._add_skills(row, role)
        skills = sorted(set(row.skills))
        for i, a in enumerate(skills):
            for b in skills[i + 1 :]:
                self.pairs[(a, b)] += 1
        if row.salary is not None:
            self.salaries[row.salary] += 1
            self.role_salaries.setdefault(role, Counter())[row.salary] += 1
            for concept_id in set(row.skills):
                self.skill_salaries.setdefault(concept_id, Counter())[row.salary] += 1
        self._add_attributes(row)

    def _add_skills(self, row: PostingRow, role: str) -> None:
        required, hard = set(row.required), set(row.must_have)
        # rows without statuses (built by hand) say only required or preferred
        statuses = row.statuses or tuple(
            "required" if c in required else "preferred" for c in row.skills
        )
        for concept_id, status in zip(row.skills, statuses, strict=True):
            entry = self.concepts.setdefault(concept_id, _zero5())
            entry[0] += 1
            entry[1 + STATUSES.index(status)] += 1
            entry[4] += concept_id in hard
            self.by_role[(concept_id, role)] += 1

    def _add_attributes(self, row: PostingRow) -> None:
        required = set(row.required)
        mine: dict[tuple[str, str], bool] = {}
        for concept, name, value in row.attributes:
            self.attribute_order[name] = None
            mine[(name, value)] = mine.get((name, value), False) or concept in required
        for key, is_required in mine.items():
            entry = self.attributes.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] += is_required

    def merge(self, other: Aggregates) -> Aggregates:
        """A new aggregate holding the counts of both (the union of their postings)."""
        out = Aggregates(
            n_postings=self.n_postings + other.n_postings,
            n_failed=self.n_failed + other.n_failed,
            concepts=_sum_lists(self.concepts, other.concepts),
            roles=self.roles + other.roles,
            by_role=self.by_role + other.by_role,
            pairs=self.pairs + other.pairs,
            salaries=self.salaries + other.salaries,
            role_salaries=_sum_counters(self.role_salaries, other.role_salaries),
            skill_salaries=_sum_counters(self.skill_salaries, other.skill_salaries),
            attributes=_sum_lists(self.attributes, other.attributes),
            attribute_order={**self.attribute_order, **other.attribute_order},
        )
        return out


def _sum_lists(a: Mapping[Any, list[int]], b: Mapping[Any, list[int]]) -> dict[Any, list[int]]:
    out = {k: list(v) for k, v in a.items()}
    for key, values in b.items():
        entry = out.setdefault(key, [0] * len(values))
        for i, value in enumerate(values):
            entry[i] += value
    return out


def _sum_counters(
    a: Mapping[str, Counter[float]], b: Mapping[str, Counter[float]]
) -> dict[str, Counter[float]]:
    out = {k: Counter(v) for k, v in a.items()}
    for key, counts in b.items():
        out[key] = out.get(key, Counter()) + counts
    return out


def median_of_counts(counts: Mapping[float, int]) -> float | None:
    """The median of the values a value-count mapping stands for (``None`` when empty);
    the middle value, or the mean of the two middle ones, as ``numpy.median`` gives."""
    total = sum(n for n in counts.values() if n > 0)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[float] = []
    seen = 0
    for value in sorted(v for v, n in counts.items() if n > 0):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            found.append(float(value))
            wanted.pop(0)
        if not wanted:
            break
    return found[0] if total % 2 else (found[0] + found[1]) / 2
