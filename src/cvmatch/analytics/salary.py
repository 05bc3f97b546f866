"""Salaries as one number per posting, from a number or a text such as ``"25k-30k"``."""

from __future__ import annotations

import math
import re

__all__ = ["parse_salary"]

_SALARY_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kK])?\b")


def parse_salary(value: object) -> float | None:
    """A salary as one positive number, or ``None``.

    Numbers are taken as they are; a string such as ``"£25,000 - £30,000 per annum"``
    or ``"25k-30k"`` gives the midpoint of its first two numbers. Units are not
    converted (hourly stays hourly): put every posting in one unit and currency first.
    Missing values (``None``, NaN, empty, zero or negative) give ``None``.
    """
    if value is None or isinstance(value, bool):
        return None
    number = _from_text(value) if isinstance(value, str) else _from_number(value)
    if number is None:
        return None
    return number if math.isfinite(number) and number > 0 else None


def _from_text(value: str) -> float | None:
    """The midpoint of the first two numbers in ``value`` (``k`` meaning thousands)."""
    numbers = []
    for match in _SALARY_NUMBER.finditer(value):
        number = float(match.group(1).replace(",", ""))
        if match.group(2):
            number *= 1000
        numbers.append(number)
        if len(numbers) == 2:
            break
    return sum(numbers) / len(numbers) if numbers else None


def _from_number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
