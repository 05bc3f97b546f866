"""Positions held: each date range in a resume's experience, with its title and employer."""

from __future__ import annotations

import re
from datetime import date

from cvmatch.models import Position, Section
from cvmatch.structure.dates import find_date_ranges, years_between
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.headings import Headings

__all__ = ["MAX_POSITIONS", "find_positions"]

#: No real resume lists more jobs than this; a file with thousands of dates is not one.
MAX_POSITIONS = 100

_PLACE_SPLIT = re.compile(r"\s+(?:-|\||–|—|·)\s+|\s*,\s*")
_TITLE_SPLIT = re.compile(r"\s*(?:,|\||–|—| - | at )\s*")


def _junk_pattern(headings: Headings) -> re.Pattern[str]:
    """Placeholders such as "Company Name - City , State": words whole, commas spaced."""
    alternatives = []
    for phrase in headings.title_junk:
        if " " in phrase or "," in phrase:
            parts = (re.escape(part.strip()) for part in phrase.split(","))
            alternatives.append(r"\s*,\s*".join(parts))
        else:
            alternatives.append(rf"\b{re.escape(phrase)}\b")
    return re.compile("(" + "|".join(alternatives) + ")" if alternatives else "(?!)", re.I)


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


def _employer_after(after: str, junk: re.Pattern[str]) -> str | None:
    """The employer after a date range: "Acme Media - Baltimore , MD" gives "Acme Media"."""
    if not after:
        return None
    first = _PLACE_SPLIT.split(after, maxsplit=1)[0]
    if junk.fullmatch(first):
        return None
    return junk.sub("", first).strip(" ,|-–—") or None


def _title_and_employer(line: str, employer: str | None) -> tuple[str, str | None] | None:
    parts = [p.strip() for p in _TITLE_SPLIT.split(line) if p.strip()]
    if not parts:
        return None
    return parts[0], (parts[1] if len(parts) > 1 else employer)


def _position_title(
    text: str, range_start: int, range_end: int, junk: re.Pattern[str]
) -> tuple[str | None, str | None]:
    """Title and employer near a date range: same line first, else the line above."""
    line_start, line_end = _line_bounds(text, range_start)
    before = text[line_start:range_start].strip(" ,|-–—()")
    after = text[range_end:line_end].strip(" ,|-–—()")
    employer = _employer_after(after, junk)
    if before and len(before.split()) <= 12:
        found = _title_and_employer(before, employer)
        if found is not None:
            return found
    prev_end = line_start - 1
    if prev_end > 0:
        prev_start, _ = _line_bounds(text, prev_end - 1)
        prev = text[prev_start:prev_end].strip(" -")
        if prev and len(prev.split()) <= 10 and not prev.endswith("."):
            found = _title_and_employer(prev, employer)
            if found is not None:
                return found
    return None, employer


def find_positions(
    text: str, sections: list[Section], headings: Headings, *, today: date | None = None
) -> list[Position]:
    """Positions from the date ranges of the experience sections (the whole text if none)."""
    junk = compiled(headings, _junk_pattern)
    windows = [(s.start, s.end) for s in sections if s.name == headings.positions_section]
    positions: list[Position] = []
    for window_start, window_end in windows or [(0, len(text))]:
        chunk = text[window_start:window_end]
        ranges = find_date_ranges(chunk, today=today)[:MAX_POSITIONS]
        for i, (r_start, r_end, start, end, current) in enumerate(ranges):
            title, employer = _position_title(chunk, r_start, r_end, junk)
            line_start, _ = _line_bounds(chunk, r_start)
            next_start = ranges[i + 1][0] if i + 1 < len(ranges) else len(chunk)
            positions.append(
                Position(
                    title=title,
                    employer=employer,
                    start_date=start,
                    end_date=end,
                    current=current,
                    years=round(years_between(start, end), 1),
                    start=window_start + max(0, line_start),
                    end=window_start + next_start,
                )
            )
    return positions
