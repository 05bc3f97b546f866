"""What an audit says in words: what was computed, the counts left out, and its limits.

The same sentences go to the printed table, the JSON, the DataFrames' ``attrs`` and the
HTML page, so every output states the same method and the same limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cvmatch.audit.impact import Audit, CategoryTable

__all__ = ["LIMITS", "METHOD", "audit_notes", "table_notes"]

#: How the figures are computed, for every output.
METHOD = (
    "Selection rate: of a group's applicants whose document was read and scored, the "
    "share selected. Impact ratio: a group's selection rate divided by the highest "
    "selection rate among the groups of the same category (or intersection); a ratio "
    "under 0.8 is flagged (the four-fifths rule). Groups with fewer than 2% of all "
    "applicants, and applicants whose group is unknown, are reported but not used in the "
    "ratios. Documents that could not be read are counted per group and are not in the "
    "selection rates: a reader that fails more often for one group is an impact of its own."
)

#: What the audit is not, for every output.
LIMITS = (
    "This is arithmetic on the results and group labels you gave, not a legal opinion "
    "and not an independent bias audit. The groups come from your file: cvmatch never "
    "infers anyone's sex, race or any other group from a document, and applicants with no "
    "label are counted as Unknown. The figures describe this set of applicants under this "
    "selection rule only; the rule you chose may differ from the decisions actually made. "
    "No test of statistical significance is made, and the rates of small groups move a lot "
    "with one applicant more or less. A ratio at or above 0.8 does not show that a process "
    "is fair, nor does one below it prove discrimination."
)


def _people(count: int) -> str:
    return f"{count} applicant{'s' if count != 1 else ''}"


def _are(count: int) -> str:
    """The count with its verb: 1 applicant is, 2 applicants are."""
    return f"{_people(count)} {'is' if count == 1 else 'are'}"


def audit_notes(audit: Audit) -> list[str]:
    """The audit-wide counts: the selection, failures and how the groups were joined."""
    scored = audit.applicants - audit.failed
    notes = [
        f"Selected: {audit.selection.description}.",
        f"{_people(audit.applicants)}: {scored} scored, {audit.failed} could not be read.",
    ]
    if audit.role:
        notes.append(f"Scores of the role {audit.role}.")
    join = audit.join
    if join.unmatched:
        notes.append(
            f"{_are(join.unmatched)} not in the groups file: counted as Unknown in every category."
        )
    if join.by_file_name:
        notes.append(f"{_are(join.by_file_name)} found in the groups by file name only.")
    if join.unused:
        notes.append(f"{join.unused} row(s) of the groups fit no result and are not counted.")
    return notes


def table_notes(table: CategoryTable) -> list[str]:
    """A table's counts left out of the ratios, and a ratio that could not be computed."""
    notes = []
    small = [r.group for r in table.rows if r.excluded == "under 2%"]
    if small:
        notes.append(
            f"{table.name}: {_people(table.excluded('under 2%'))} in groups under 2% of all "
            f"applicants ({', '.join(small)}): reported, not in the impact ratios."
        )
    unknown = table.excluded("unknown")
    if unknown:
        notes.append(
            f"{table.name}: {_people(unknown)} of unknown {table.name}: reported, not in the "
            "impact ratios."
        )
    if not table.highest:
        notes.append(
            f"{table.name}: no impact ratio, since no group in the ratios had anyone selected."
        )
    return notes
