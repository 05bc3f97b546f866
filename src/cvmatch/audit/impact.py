"""Selection rates and impact ratios per group, as a bias audit publishes them.

For each category the user names (``sex``, ``race``, ...) and, when there are several,
for their intersection: per group the applicants, those whose document could not be
read, those selected, the selection rate (selected / scored) and the impact ratio (the
rate over the highest rate of the category), flagged under 0.8 (the four-fifths rule).
"Selected" is a score at or above ``threshold``, a place in the ``top`` N (everyone tied
with the N-th too), or, with neither, a score above the median of all applicants (the
scoring-rate form of New York City's Local Law 144). Groups under 2% of the applicants,
and the Unknown ones, are reported but kept out of the ratios, and the counts say so.
Rates are computed as exact fractions, so hand-computed figures are met exactly.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from cvmatch.audit.groups import UNKNOWN, GroupLabels, Labels, join_groups, load_groups
from cvmatch.audit.results import Applicant, load_results
from cvmatch.errors import InvalidInput

__all__ = [
    "FOUR_FIFTHS",
    "SMALL_SHARE",
    "Audit",
    "CategoryTable",
    "GroupRow",
    "Selection",
    "impact_ratios",
    "select",
    "selection_audit",
]

#: An impact ratio under this is flagged (the four-fifths rule of the US agencies).
FOUR_FIFTHS = Fraction(4, 5)
#: Groups with fewer than this share of all applicants are kept out of the ratios.
SMALL_SHARE = Fraction(1, 50)
#: How the labels of an intersection are joined in its name ("sex × race", "Female × Black").
JOIN = " × "


@dataclass(frozen=True)
class Selection:
    """Who counts as selected, and how many were."""

    rule: str  # "threshold", "top" or "median"
    value: float | None  # the threshold, N, or the median score
    keys: frozenset[str]  # the selected applicants
    scored: int
    tied: int = 0  # top N: applicants selected beyond N because tied with the N-th
    by_rank: bool = False  # top N: taken in the results' ranking (else by score)

    @property
    def selected(self) -> int:
        """How many applicants were selected."""
        return len(self.keys)

    @property
    def description(self) -> str:
        """The rule in words, with the count."""
        if self.rule == "threshold":
            return f"a score of {self.value:g} or more: {self.selected} of {self.scored} selected"
        if self.rule == "median":
            median = "no score" if self.value is None else f"{self.value:g}"
            return (
                f"a score above the median of all {self.scored} scored applicants ({median}): "
                f"{self.selected} selected"
            )
        order = "place in the results' ranking" if self.by_rank else "score"
        text = f"the top {self.value:g} by {order}: {self.selected} of {self.scored} selected"
        if self.tied:
            text += (
                f" ({self.tied} more than {self.value:g}: tied in score with place {self.value:g})"
            )
        return text


@dataclass(frozen=True)
class GroupRow:
    """One group of a category: its counts, selection rate and impact ratio."""

    labels: Labels
    applicants: int
    failed: int
    selected: int
    rate: Fraction | None  # selected / scored; None when none was scored
    ratio: Fraction | None  # rate / highest rate; None when excluded or undefined
    excluded: str | None = None  # "unknown" or "under 2%": reported, not in the ratios

    @property
    def group(self) -> str:
        """The group's name ("Female", "Female × Black")."""
        return JOIN.join(self.labels)

    @property
    def scored(self) -> int:
        """Applicants whose document was read and scored."""
        return self.applicants - self.failed

    @property
    def flagged(self) -> bool:
        """Whether the impact ratio is under 0.8."""
        return self.ratio is not None and self.ratio < FOUR_FIFTHS

    @property
    def failure_rate(self) -> Fraction | None:
        """The share of the group's documents that could not be read."""
        return Fraction(self.failed, self.applicants) if self.applicants else None


@dataclass(frozen=True)
class CategoryTable:
    """A category's (or an intersection's) groups, and the highest rate they are held to."""

    columns: tuple[str, ...]
    rows: tuple[GroupRow, ...]
    highest: Fraction | None

    @property
    def name(self) -> str:
        """The category's name ("sex", "sex × race")."""
        return JOIN.join(self.columns)

    def row(self, *labels: str) -> GroupRow:
        """The row of a group, by its label(s)."""
        for row in self.rows:
            if row.labels == labels:
                return row
        raise KeyError(f"{self.name} has no group {JOIN.join(labels)!r}")

    def excluded(self, reason: str) -> int:
        """Applicants in groups kept out of the ratios for ``reason``."""
        return sum(r.applicants for r in self.rows if r.excluded == reason)


@dataclass(frozen=True)
class Audit:
    """The outcome of an audit: the selection, one table per category, and the counts."""

    selection: Selection
    tables: tuple[CategoryTable, ...]
    applicants: int
    failed: int
    join: GroupLabels
    role: str | None = None

    def table(self, name: str) -> CategoryTable:
        """A table by its name ("sex", or "sex × race" for the intersection)."""
        for table in self.tables:
            if table.name == name or ",".join(table.columns) == name:
                return table
        raise KeyError(f"no table {name!r}; the tables are {[t.name for t in self.tables]}")

    def to_frames(self) -> dict[str, Any]:
        """One pandas ``DataFrame`` per table (needs ``cvmatch[pandas]``)."""
        from cvmatch.audit.frames import audit_frames

        return audit_frames(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: the selection, the tables, the notes, the method and limits."""
        from cvmatch.audit.output import audit_json

        return audit_json(self)

    def to_text(self) -> str:
        """The tables as plain text, with the notes and the limits (what the CLI prints)."""
        from cvmatch.audit.output import audit_text

        return audit_text(self)

    def to_html(self, *, results: str = "", groups: str = "") -> str:
        """The audit page, naming the ``results`` and ``groups`` files it was run on."""
        from cvmatch.audit.page import render_audit_page

        return render_audit_page(self, results=results, groups=groups)


def select(
    applicants: Sequence[Applicant], *, threshold: float | None = None, top: int | None = None
) -> Selection:
    """Who is selected under the rule: ``threshold``, ``top`` N, or above the median."""
    if threshold is not None and top is not None:
        raise InvalidInput("give a threshold or a top N, not both")
    scored = [a for a in applicants if a.score is not None]
    if threshold is not None:
        keys = frozenset(a.key for a in scored if a.score >= threshold)  # type: ignore[operator]
        return Selection("threshold", float(threshold), keys, len(scored))
    if top is not None:
        return _top(scored, top)
    median = statistics.median(a.score for a in scored) if scored else None  # type: ignore[type-var]
    keys = frozenset(a.key for a in scored if median is not None and a.score > median)  # type: ignore[operator]
    return Selection("median", median, keys, len(scored))


def _top(scored: list[Applicant], top: int) -> Selection:
    """The top N in the results' ranking when every scored one has a place (else by
    score), and every applicant right after the N-th with the same score."""
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InvalidInput(f"top must be a whole number of 1 or more, not {top!r}")
    by_rank = bool(scored) and all(a.rank is not None for a in scored)
    if by_rank:
        order = sorted(scored, key=lambda a: a.rank)  # type: ignore[arg-type, return-value]
    else:
        order = sorted(scored, key=lambda a: -a.score)  # type: ignore[operator]
    chosen = order[:top]
    if chosen:
        last = chosen[-1].score
        for applicant in order[top:]:
            if applicant.score != last:
                break
            chosen.append(applicant)
    tied = max(0, len(chosen) - top)
    return Selection(
        "top", float(top), frozenset(a.key for a in chosen), len(scored), tied, by_rank
    )


def _table(
    applicants: Sequence[Applicant],
    selection: Selection,
    join: GroupLabels,
    indexes: tuple[int, ...],
) -> CategoryTable:
    """The table of the categories at ``indexes`` of the join (several: an intersection)."""
    counts: Counter[tuple[Labels, str]] = Counter()
    for applicant in applicants:
        labels = tuple(join.labels[applicant.key][i] for i in indexes)
        counts[labels, "all"] += 1
        if applicant.score is None:
            counts[labels, "failed"] += 1
        elif applicant.key in selection.keys:
            counts[labels, "selected"] += 1
    total = len(applicants)
    groups = sorted({labels for labels, _ in counts}, key=lambda ls: (UNKNOWN in ls, ls))
    rows = []
    for labels in groups:
        n, failed, chosen = (counts[labels, c] for c in ("all", "failed", "selected"))
        excluded = (
            "unknown" if UNKNOWN in labels else "under 2%" if n < SMALL_SHARE * total else None
        )
        rate = Fraction(chosen, n - failed) if n > failed else None
        rows.append(GroupRow(labels, n, failed, chosen, rate, None, excluded))
    rates = [r.rate for r in rows if r.excluded is None and r.rate is not None]
    highest = max(rates) if rates else None
    rows = [_with_ratio(row, highest) for row in rows]
    return CategoryTable(tuple(join.by[i] for i in indexes), tuple(rows), highest)


def _with_ratio(row: GroupRow, highest: Fraction | None) -> GroupRow:
    if row.excluded or row.rate is None or not highest:
        return row
    return GroupRow(
        row.labels, row.applicants, row.failed, row.selected, row.rate, row.rate / highest
    )


def selection_audit(
    results: Any,
    groups: Any,
    *,
    by: Sequence[str] | str,
    threshold: float | None = None,
    top: int | None = None,
    key: str = "source",
    role: str | None = None,
) -> Audit:
    """The audit of ``results`` for the groups of ``groups``, as an :class:`Audit`.

    ``results``: result models, a ``DataFrame`` of them, or the path of what ``cvmatch
    score``/``match``/``rank`` wrote; ``groups``: a CSV path, ``DataFrame``, rows or
    ``{key: {category: label}}``, keyed by ``key``; ``by``: the categories; ``role``: the
    role of ``score`` results. Raises :class:`~cvmatch.audit.MissingGroups` when no groups
    are given or none fit the results.
    """
    labels = load_groups(groups, by=by, key=key)
    applicants = load_results(results, role=role)
    where = str(groups) if isinstance(groups, str) else "the groups"
    join = join_groups(applicants, labels, by, where)
    selection = select(applicants, threshold=threshold, top=top)
    indexes = [(i,) for i in range(len(join.by))]
    if len(join.by) > 1:
        indexes.append(tuple(range(len(join.by))))
    tables = tuple(_table(applicants, selection, join, ix) for ix in indexes)
    failed = sum(1 for a in applicants if a.score is None)
    return Audit(selection, tables, len(applicants), failed, join, role)


def impact_ratios(
    results: Any,
    groups: Any,
    *,
    by: Sequence[str] | str,
    threshold: float | None = None,
    top: int | None = None,
    key: str = "source",
    role: str | None = None,
) -> dict[str, Any]:
    """Selection rates and impact ratios: one pandas ``DataFrame`` per category, and one
    for the intersection when ``by`` names several (keyed ``"sex × race"``).

    Each frame is indexed by group and has ``applicants``, ``failed`` (documents that
    could not be read), ``scored``, ``selected``, ``selection_rate``, ``impact_ratio``,
    ``flag`` (ratio under 0.8), ``excluded`` (``"under 2%"``, ``"unknown"``) and
    ``failure_rate``; ``attrs`` holds the selection rule and the excluded counts. See
    :func:`selection_audit` for the arguments. Needs ``pip install "cvmatch[pandas]"``.
    """
    audit = selection_audit(
        results, groups, by=by, threshold=threshold, top=top, key=key, role=role
    )
    return audit.to_frames()
