"""Audits of results the user already has, with group labels the user supplies.

Nothing here infers a group from a document: the labels come from the user's own file.
:func:`impact_ratios` gives selection rates and impact ratios per group as pandas
``DataFrame`` objects; :func:`selection_audit` the same as plain objects (no pandas), which
``cvmatch audit`` prints or writes as CSV, JSON or an HTML page. :func:`sensitivity`
shows how scores move when names, pronouns or places of origin are swapped.
"""

from __future__ import annotations

from cvmatch.audit.groups import UNKNOWN, MissingGroups
from cvmatch.audit.impact import (
    FOUR_FIFTHS,
    Audit,
    CategoryTable,
    GroupRow,
    Selection,
    impact_ratios,
    selection_audit,
)
from cvmatch.audit.results import Applicant, load_results
from cvmatch.audit.sensitivity import SensitivityReport, SensitivityRow, sensitivity, swap_text

__all__: list[str] = [
    "FOUR_FIFTHS",
    "UNKNOWN",
    "Applicant",
    "Audit",
    "CategoryTable",
    "GroupRow",
    "MissingGroups",
    "Selection",
    "SensitivityReport",
    "SensitivityRow",
    "impact_ratios",
    "load_results",
    "selection_audit",
    "sensitivity",
    "swap_text",
]
