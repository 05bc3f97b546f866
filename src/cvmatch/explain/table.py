"""A match's requirements as spreadsheet cells: display names, how each is asked, why, how.

The CSV of ``cvmatch match`` / ``rank`` puts these next to the concept ids, so a recruiter
reads "Multilingual (must-have)" and the reason without knowing the taxonomy.
"""

from __future__ import annotations

from typing import Any

from cvmatch.models import MatchResult, PostingRequirement

__all__ = [
    "EXPLAINED_DTYPES",
    "EXPLAINED_JOIN",
    "EXPLAINED_LONG",
    "asked_as",
    "explained_cells",
    "flagged_name",
]

#: How each column's list is joined in a CSV cell: names by "; ", reasons one a line.
EXPLAINED_JOIN = {
    "matched_names": "; ",
    "missing_names": "; ",
    "missing_why": "\n",
    "missing_how": "\n",
    "partial_why": "\n",
}

#: The requirement fields the long (one row per requirement) match table adds, with dtypes.
EXPLAINED_DTYPES = {
    "must_have": "boolean",
    "why": "string",
    "how_to_show": "string",
    "quote": "string",
}
EXPLAINED_LONG = tuple(EXPLAINED_DTYPES)


def asked_as(requirement: PostingRequirement) -> str:
    """How the posting asks for it: must-have, required, duty (stated with no status),
    preferred, or expected of the role (not stated; the closest role's)."""
    if not requirement.stated:
        return "expected of the role"
    if requirement.must_have:
        return "must-have"
    if requirement.status == "unspecified":
        return "duty"
    return "required" if requirement.required else "preferred"


def flagged_name(requirement: PostingRequirement) -> str:
    """The requirement's display name with how the posting asks for it."""
    return f"{requirement.name or requirement.id} ({asked_as(requirement)})"


def explained_cells(result: Any) -> dict[str, list[str]]:
    """The names of what is shown and missing, and why and how for each missing one (an
    empty list each for a failed match)."""
    matched = result.matched if isinstance(result, MatchResult) else []
    missing = result.missing if isinstance(result, MatchResult) else []
    partial = result.partial if isinstance(result, MatchResult) else []
    return {
        "matched_names": [m.name or m.id for m in matched],
        "missing_names": [flagged_name(m) for m in missing],
        "missing_why": [f"{flagged_name(m)}: {m.why}" for m in missing],
        "missing_how": [f"{flagged_name(m)}: {m.how_to_show}" for m in missing],
        "partial_why": [f"{flagged_name(m)}: {m.why}" for m in partial],
    }
