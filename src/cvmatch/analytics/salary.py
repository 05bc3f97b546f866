"""Salaries in the postings analysis: one number per posting (the medians with and without
each skill are counted in :mod:`.tables`, from salary value counts).

Text is read by the library's one salary parser, :func:`cvmatch.structure.salary.find_salary`
(currency, period and range; re-exported here); :func:`parse_salary` gives the one number
a salary column needs.
"""

from __future__ import annotations

import math

from cvmatch.structure.salary import find_salary, salary_range

__all__ = ["find_salary", "parse_salary"]


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
