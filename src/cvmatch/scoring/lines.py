"""Breakdown lines: one :class:`Contribution` per thing a score is made of, rounded alike."""

from __future__ import annotations

from cvmatch.models import Contribution

__all__ = ["breakdown_line", "years_line"]


def breakdown_line(
    kind: str,
    ident: str,
    label: str,
    weight: float,
    strength: float,
    detail: str,
    importance: str | None = None,
) -> Contribution:
    """One breakdown line, rounded the same way everywhere so the points add up."""
    return Contribution(
        kind=kind,  # type: ignore[arg-type]
        id=ident,
        label=label,
        importance=importance,  # type: ignore[arg-type]
        weight=round(weight, 2),
        strength=round(strength, 4),
        points=round(weight * strength, 2),
        detail=detail,
    )


def years_line(weight: float, years: float | None, expected: float, detail: str) -> Contribution:
    """The "Years of experience" line: full credit at ``expected`` years, less below."""
    strength = 0.0 if not years else min(1.0, years / expected) if expected else 1.0
    return breakdown_line(
        "experience", "years_experience", "Years of experience", weight, strength, detail
    )
