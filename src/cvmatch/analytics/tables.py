"""The aggregate tables of a postings analysis, as pandas DataFrames built from
:class:`~cvmatch.analytics.aggregate.Aggregates` alone (never from per-posting rows), so
an analysis merged from parts or counted in Spark gives the same tables as one pass."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cvmatch.analytics.aggregate import STATUSES, UNASSIGNED, Aggregates, median_of_counts
from cvmatch.analytics.frame import require_pandas
from cvmatch.taxonomy import Taxonomy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "attribute_counts",
    "attribute_names",
    "by_role",
    "concept_order",
    "cooccurrence",
    "role_order",
    "roles",
    "salary_by_skill",
    "skills",
]


def concept_order(agg: Aggregates, taxonomy: Taxonomy) -> list[str]:
    """Concepts found, most demanded first, ties in taxonomy order."""
    rank = {c: i for i, c in enumerate(taxonomy.concepts)}
    counts = agg.concepts
    return sorted(counts, key=lambda c: (-counts[c][0], rank.get(c, len(rank)), c))


def role_order(agg: Aggregates, taxonomy: Taxonomy) -> list[str]:
    """Roles with postings, in taxonomy order, others by name, then :data:`UNASSIGNED`."""
    present = {r for r, n in agg.roles.items() if n > 0}
    order = [r for r in taxonomy.roles if r in present]
    order += sorted(present - set(order) - {UNASSIGNED})
    return order + ([UNASSIGNED] if UNASSIGNED in present else [])


def _name(taxonomy: Taxonomy, concept_id: str) -> str:
    concept = taxonomy.concepts.get(concept_id)
    return concept.name if concept else concept_id


def _role_title(taxonomy: Taxonomy, role_id: str) -> str:
    if role_id == UNASSIGNED:
        return "no role fits"
    role = taxonomy.roles.get(role_id)
    return role.title if role else role_id


def skills(agg: Aggregates, taxonomy: Taxonomy) -> pd.DataFrame:
    """Per concept: name, category, postings, share, then each status's count and share."""
    pd = require_pandas()
    order = concept_order(agg, taxonomy)
    total = max(agg.n_postings, 1)
    counts = agg.concepts
    concepts = taxonomy.concepts
    columns = {
        "name": [_name(taxonomy, c) for c in order],
        "category": [concepts[c].category if c in concepts else None for c in order],
        "postings": pd.array([counts[c][0] for c in order], dtype="int64"),
        "share": pd.array([counts[c][0] / total for c in order], dtype="float64"),
    }
    kinds = (*STATUSES, "must_have")
    for i, kind in enumerate(kinds, start=1):
        columns[kind] = pd.array([counts[c][i] for c in order], dtype="int64")
    for i, kind in enumerate(kinds, start=1):
        columns[f"{kind}_share"] = pd.array(
            [counts[c][i] / counts[c][0] for c in order], dtype="float64"
        )
    return pd.DataFrame(columns, index=pd.Index(order, name="concept", dtype="object"))


def roles(agg: Aggregates, taxonomy: Taxonomy) -> pd.DataFrame:
    """Per closest role: title, postings, share and the median salary of its postings."""
    pd = require_pandas()
    order = role_order(agg, taxonomy)
    total = max(agg.n_postings, 1)
    medians = [median_of_counts(agg.role_salaries.get(r, {})) for r in order]
    return pd.DataFrame(
        {
            "title": [_role_title(taxonomy, r) for r in order],
            "postings": pd.array([agg.roles[r] for r in order], dtype="int64"),
            "share": pd.array([agg.roles[r] / total for r in order], dtype="float64"),
            "median_salary": pd.array(medians, dtype="Float64"),
        },
        index=pd.Index(order, name="role", dtype="object"),
    )


def by_role(agg: Aggregates, taxonomy: Taxonomy) -> pd.DataFrame:
    """Concept x role counts of postings."""
    pd = require_pandas()
    concepts, order = concept_order(agg, taxonomy), role_order(agg, taxonomy)
    grid = [[agg.by_role.get((c, r), 0) for r in order] for c in concepts]
    return pd.DataFrame(
        grid,
        index=pd.Index(concepts, name="concept", dtype="object"),
        columns=pd.Index(order, name="role", dtype="object"),
        dtype="int64",
    )


def cooccurrence(agg: Aggregates, taxonomy: Taxonomy) -> pd.DataFrame:
    """Concept x concept counts of postings asking for both (the diagonal: for the one)."""
    pd = require_pandas()
    import numpy as np

    order = concept_order(agg, taxonomy)
    where = {c: i for i, c in enumerate(order)}
    counts = np.zeros((len(order), len(order)), dtype="int64")
    for (a, b), n in agg.pairs.items():
        if a in where and b in where:
            counts[where[a], where[b]] = counts[where[b], where[a]] = n
    for c, i in where.items():
        counts[i, i] = agg.concepts[c][0]
    index = pd.Index(order, name="concept", dtype="object")
    return pd.DataFrame(counts, index=index, columns=index.rename("with"))


def salary_by_skill(agg: Aggregates, taxonomy: Taxonomy, min_count: int) -> pd.DataFrame:
    """The table of :meth:`PostingsAnalysis.salary_by_skill`, from salary value counts."""
    pd = require_pandas()
    records, index = [], []
    for concept_id in concept_order(agg, taxonomy):
        with_ = agg.skill_salaries.get(concept_id, {})
        without = agg.salaries - type(agg.salaries)(with_)
        n_with, n_without = sum(with_.values()), sum(without.values())
        if n_with < min_count or not n_without:
            continue
        m_with, m_without = median_of_counts(with_), median_of_counts(without)
        premium = m_with - m_without  # type: ignore[operator]
        name = _name(taxonomy, concept_id)
        records.append((name, n_with, m_with, n_without, m_without, premium, premium / m_without))  # type: ignore[operator]
        index.append(concept_id)
    frame = pd.DataFrame.from_records(
        records,
        columns=list(SALARY_COLUMNS),
        index=pd.Index(index, name="concept", dtype="object"),
    )
    frame = frame.astype({k: v for k, v in SALARY_COLUMNS.items() if v})
    return frame.sort_values("premium", ascending=False, kind="stable")


def attribute_names(agg: Aggregates, taxonomy: Taxonomy) -> list[str]:
    """The taxonomy's attribute names in concept order, then others found, as they came."""
    found: dict[str, None] = {}
    for concept in taxonomy.concepts.values():
        if concept.attribute:
            found[concept.attribute] = None
    found.update(agg.attribute_order)
    return list(found)


def attribute_counts(
    agg: Aggregates, names: list[str], attribute: str | None, total: int
) -> pd.DataFrame:
    """Postings naming each value (and requiring it), most frequent first within each
    attribute; indexed by value for one ``attribute``, else by ``(attribute, value)``."""
    pd = require_pandas()
    seen = {k: v for k, v in agg.attributes.items() if attribute is None or k[0] == attribute}
    rank = {name: i for i, name in enumerate(names)}
    keys = sorted(seen, key=lambda k: (rank.get(k[0], len(rank)), -seen[k][0], k[1]))
    data = {
        "postings": pd.array([seen[k][0] for k in keys], dtype="int64"),
        "share": pd.array([seen[k][0] / max(total, 1) for k in keys], dtype="float64"),
        "required": pd.array([seen[k][1] for k in keys], dtype="int64"),
    }
    if attribute is not None:
        index = pd.Index([k[1] for k in keys], name="value", dtype="object")
    else:
        index = pd.MultiIndex.from_tuples(keys, names=["attribute", "value"])
        if not keys:
            index = pd.MultiIndex.from_arrays([[], []], names=["attribute", "value"])
    return pd.DataFrame(data, index=index)


#: The columns of :meth:`PostingsAnalysis.salary_by_skill` and their dtypes ("" = as built).
SALARY_COLUMNS = {
    "name": "",
    "n_with": "int64",
    "median_with": "float64",
    "n_without": "int64",
    "median_without": "float64",
    "premium": "float64",
    "premium_share": "float64",
}
