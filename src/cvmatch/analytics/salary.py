"""Salaries in the postings analysis: one number per posting, and the median salary of
postings with and without each skill.

Text is read by the library's one salary parser, :func:`cvmatch.structure.salary.find_salary`
(currency, period and range; re-exported here); :func:`parse_salary` gives the one number
a salary column needs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from cvmatch.structure.salary import find_salary, salary_range

__all__ = ["by_skill", "find_salary", "parse_salary"]


def parse_salary(value: object) -> float | None:
    """A salary as one positive number, or ``None``.

    Numbers are taken as they are; a string such as ``"£25,000 - £30,000 per annum"``
    or ``"25k-30k"`` gives the midpoint of its range (read by :func:`find_salary`, where
    a bare number counts too). Units are not converted (hourly stays hourly): put every
    posting in one unit and currency first. Missing values (``None``, NaN, empty, zero or
    negative) give ``None``.
    """
    if value is None or isinstance(value, bool):
        return None
    number = _from_text(value) if isinstance(value, str) else _from_number(value)
    if number is None:
        return None
    return number if math.isfinite(number) and number > 0 else None


def _from_text(value: str) -> float | None:
    """The midpoint of the salary range a column's text states."""
    found = salary_range(value)
    return None if found is None else (found[0] + found[1]) / 2


def _from_number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def by_skill(
    salaries: Sequence[float | None], matrix: Any, names: Sequence[str], min_count: int
) -> Any:
    """The table of :meth:`PostingsAnalysis.salary_by_skill`, from the read postings'
    salaries, their posting x concept ``matrix`` and the concepts' names."""
    import numpy as np
    import pandas as pd  # present: the matrix is a DataFrame

    salary = np.array([np.nan if s is None else s for s in salaries], dtype="float64")
    has_salary = ~np.isnan(salary)
    asks = matrix.to_numpy()[has_salary]
    salary = salary[has_salary]
    records, index = [], []
    for j, concept_id in enumerate(matrix.columns):
        with_, without = salary[asks[:, j]], salary[~asks[:, j]]
        if len(with_) < min_count or not len(without):
            continue
        m_with, m_without = float(np.median(with_)), float(np.median(without))
        premium = m_with - m_without
        records.append(
            (names[j], len(with_), m_with, len(without), m_without, premium, premium / m_without)
        )
        index.append(concept_id)
    frame = pd.DataFrame.from_records(
        records,
        columns=list(_SALARY_COLUMNS),
        index=pd.Index(index, name="concept", dtype="object"),
    )
    frame = frame.astype({k: v for k, v in _SALARY_COLUMNS.items() if v})
    return frame.sort_values("premium", ascending=False, kind="stable")


#: The columns of :meth:`PostingsAnalysis.salary_by_skill` and their dtypes ("" = as built).
_SALARY_COLUMNS = {
    "name": "",
    "n_with": "int64",
    "median_with": "float64",
    "n_without": "int64",
    "median_without": "float64",
    "premium": "float64",
    "premium_share": "float64",
}
