"""Structure: sections, positions, dates, years of experience and document kind.

Every function reads its words from the taxonomy's ``[headings]`` table
(``taxonomy/headings.toml``); pass ``taxonomy=`` to use a user's vocabulary.
"""

from cvmatch.structure.dates import find_date_ranges
from cvmatch.structure.kind import detect_kind
from cvmatch.structure.requested import years_requested
from cvmatch.structure.sections import Structure, analyze_structure, find_sections

__all__ = [
    "Structure",
    "analyze_structure",
    "detect_kind",
    "find_date_ranges",
    "find_sections",
    "years_requested",
]
