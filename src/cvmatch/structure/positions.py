"""Positions held: each date range in a resume's experience, with its title and employer."""

from __future__ import annotations

from datetime import date

from cvmatch.models import Position, Section
from cvmatch.structure.dates import find_date_ranges, years_between
from cvmatch.structure.jobheader import (
    HeaderReader,
    balanced,
    continues_prose,
)
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.headings import Headings

__all__ = ["MAX_POSITIONS", "find_positions"]

#: No real resume lists more jobs than this; a file with thousands of dates is not one.
MAX_POSITIONS = 100

#: Header lines read above a date range (place-only lines aside), and below it.
_LINES_ABOVE = 2
_LINES_BELOW = 2


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


def _lines_above(text: str, line_start: int, floor: int, reader: HeaderReader) -> list[str]:
    """Header lines just above ``line_start`` (not above ``floor``), top to bottom."""
    found: list[str] = []
    end = line_start - 1
    while end > floor and len(found) < _LINES_ABOVE:
        start, _ = _line_bounds(text, end)
        line = text[start:end]
        previous = text[_line_bounds(text, start - 1)[0] : start - 1] if start > floor else ""
        if start < floor or continues_prose(previous):
            break
        if not reader.is_header_line(line, lowercase_ok=end == line_start - 1):
            break
        if reader.parts(line):
            found.insert(0, line)
        end = start - 1
    return found


def _lines_below(
    text: str, line_end: int, limit: int, reader: HeaderReader
) -> tuple[list[str], int]:
    """Header lines just below ``line_end`` (before ``limit``), and where they end."""
    found: list[str] = []
    while line_end < limit and len(found) < _LINES_BELOW:
        start = line_end + 1
        _, end = _line_bounds(text, start)
        line = text[start : min(end, limit)]
        if not reader.is_header_line(line):
            break
        found.append(line)
        line_end = end
    return found, line_end


def _header(
    text: str, span: tuple[int, int], bounds: tuple[int, int], reader: HeaderReader
) -> tuple[str | None, str | None, int]:
    """Title, employer and the end of the header of the date range at ``span``.

    ``bounds`` are the end of the previous header and the start of the next date range.
    """
    line_start, _ = _line_bounds(text, span[0])
    _, line_end = _line_bounds(text, span[1])
    before = balanced(text[line_start : span[0]].strip(" (["))
    after = balanced(text[span[1] : line_end].strip(" )]"))
    if any(side and not reader.is_header_line(side, lowercase_ok=True) for side in (before, after)):
        return None, None, line_end  # a date inside a sentence: no header
    parts = reader.parts(before) + reader.parts(after)
    end = line_end
    if len(parts) >= 2:
        return (*reader.title_and_employer(parts), end)
    lines = _lines_above(text, line_start, bounds[0], reader)
    above = [part for line in (lines[-1:] if before else lines) for part in reader.parts(line)]
    below: list[str | None] = []
    if len(above + parts) < 2 or not reader.has_title(above + parts):
        lines, below_end = _lines_below(text, line_end, bounds[1], reader)
        below = [part for line in lines for part in reader.parts(line)][:2]
        if below and (not above or (reader.has_title(below) and not reader.has_title(above))):
            above, end = [], below_end
        else:
            below = []
    parts = above + parts + below
    title, employer = reader.title_and_employer(parts)
    return title, employer, end


def find_positions(
    text: str, sections: list[Section], headings: Headings, *, today: date | None = None
) -> list[Position]:
    """Positions from the date ranges of the experience sections (the whole text if none)."""
    reader = compiled(headings, HeaderReader)
    windows = [
        (s.start, s.end, s.heading) for s in sections if s.name == headings.positions_section
    ]
    positions: list[Position] = []
    for window_start, window_end, heading in windows or [(0, len(text), None)]:
        chunk = text[window_start:window_end]
        ranges = find_date_ranges(chunk, today=today)[:MAX_POSITIONS]
        floor = _line_bounds(chunk, 0)[1] if heading else 0  # the heading is no header
        for i, (r_start, r_end, start, end, current) in enumerate(ranges):
            next_start = ranges[i + 1][0] if i + 1 < len(ranges) else len(chunk)
            next_line, _ = _line_bounds(chunk, next_start)
            title, employer, floor = _header(
                chunk, (r_start, r_end), (floor, max(next_line - 1, r_end)), reader
            )
            line_start, _ = _line_bounds(chunk, r_start)
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
