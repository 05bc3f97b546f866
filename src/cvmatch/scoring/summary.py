"""The one-line summary of a role fit, built from its parts before the fit is."""

from __future__ import annotations

from collections.abc import Sequence

from cvmatch.models import MatchedRequirement, MissingRequirement

__all__ = ["role_summary"]


def role_summary(
    score: float,
    title: str,
    matched: Sequence[MatchedRequirement],
    missing: Sequence[MissingRequirement],
) -> str:
    """One or two plain sentences: the score, what is shown and what would help most.

    ``missing`` is expected best gain first, as a :class:`RoleFit` holds it.
    """
    total = len(matched) + len(missing)
    essential_total = sum(1 for r in [*matched, *missing] if r.importance == "essential")
    essential_shown = sum(1 for r in matched if r.importance == "essential")
    strongest = sorted(matched, key=lambda m: (-m.strength, m.id))[:3]
    parts = [
        f"{score:.0f}/100 as {title.lower()}: shows {len(matched)} of {total} "
        f"skills the role asks for ({essential_shown} of {essential_total} essential)."
    ]
    if strongest:
        parts.append("Strongest: " + ", ".join(m.name or m.id for m in strongest) + ".")
    if missing:
        top = missing[:3]
        parts.append(
            "Would add most: " + ", ".join(f"{m.name or m.id} (+{m.gain:.1f})" for m in top) + "."
        )
    return " ".join(parts)
