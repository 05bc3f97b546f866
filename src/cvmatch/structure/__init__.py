"""Structure: sections, positions, dates, years of experience and document kind."""

from cvmatch.structure.sections import analyze_structure, detect_kind, find_sections

__all__ = ["analyze_structure", "detect_kind", "find_sections"]
