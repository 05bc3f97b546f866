"""Attribute values as tables: the industries, languages, products ... behind the skills.

Extraction gives each skill a dict of attribute values (``Skill.attributes``, such as
``{"languages": ["Spanish"], "language_levels": ["Spanish: fluent"]}``); the analysis
keeps them per posting as ``(concept, attribute, value)``. These functions turn them into
a list column per attribute and a long table (the frequency tables are in :mod:`.tables`),
for whatever attribute names the taxonomy declares or the postings carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cvmatch.analytics.frame import require_pandas
from cvmatch.taxonomy import Taxonomy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cvmatch.analytics.analysis import PostingRow

__all__ = ["long_table", "names", "per_posting"]


def names(taxonomy: Taxonomy, rows: Sequence[PostingRow]) -> list[str]:
    """The taxonomy's attribute names in concept order, then others found, as they come."""
    found: dict[str, None] = {}
    for concept in taxonomy.concepts.values():
        if concept.attribute:
            found[concept.attribute] = None
    for row in rows:
        for _, attribute, _ in row.attributes:
            found[attribute] = None
    return list(found)


def per_posting(rows: Sequence[PostingRow], attributes: Sequence[str]) -> dict[str, list[Any]]:
    """One list column per attribute: the distinct values each posting names, in order."""
    columns: dict[str, list[Any]] = {name: [] for name in attributes}
    for row in rows:
        values: dict[str, dict[str, None]] = {name: {} for name in attributes}
        for _, attribute, value in row.attributes:
            values[attribute][value] = None
        for name in attributes:
            columns[name].append(list(values[name]))
    return columns


def long_table(rows: Sequence[PostingRow], index: pd.Index) -> pd.DataFrame:
    """One row per attribute value of each read posting, indexed by the posting's label:
    ``concept``, ``attribute``, ``value``, ``required`` (the concept is required there)."""
    pd = require_pandas()
    labels, records = [], []
    for label, row in zip(index, rows, strict=True):
        required = set(row.required)
        for concept, attribute, value in row.attributes:
            labels.append(label)
            records.append((concept, attribute, value, concept in required))
    frame = pd.DataFrame.from_records(
        records, columns=["concept", "attribute", "value", "required"]
    )
    frame = frame.astype({"concept": "object", "attribute": "object", "value": "object"})
    frame["required"] = frame["required"].astype("bool")
    positions = index[:0].append(pd.Index(labels)) if labels else index[:0]
    return frame.set_axis(positions, axis=0)
