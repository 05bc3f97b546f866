"""Dates in resumes: points ("Jan 2019", "10/2016", "2015"), ranges and years between.

Month names and the words for "now" are English, not product decisions: they stay here.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["QUICK_RANGE", "find_date_ranges", "union_years", "years_between"]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_POINT = (
    rf"(?:{_MONTH_WORD}\s*,?\s*(?:19|20)\d\d|(?:0?[1-9]|1[0-2])\s*/\s*(?:19|20)\d\d|"
    r"(?:19|20)\d\d)"
)
_NOW = r"(?:present|current|currently|now|today|date|ongoing)"
_RANGE_SOURCE = (
    rf"(?P<start>{_POINT})\s*(?:-|–|—|to|until|till|through|thru)\s*(?P<end>{_POINT}|{_NOW})"
)
_RANGE = re.compile(_RANGE_SOURCE, re.IGNORECASE)
_RANGE_LOWER = re.compile(_RANGE_SOURCE)  # for text already lowercased: a faster scan

#: A cheap stand-in for :func:`find_date_ranges` when only counting (kind detection),
#: run on lowercased text.
QUICK_RANGE = re.compile(
    r"(?:19|20)\d\d\s*(?:-|–|—|to|until)\s*(?:[a-z]+\.?\s*|\d{1,2}\s*/\s*)?"
    r"(?:(?:19|20)\d\d|present|current|now)",
)


def _month(value: str) -> int | None:
    """The month of a lowercased date point ("jan 2019", "10/2016"), if it names one."""
    month_match = re.match(r"[a-z]+", value)
    if month_match:
        return _MONTHS.get(month_match.group(0)[:3])
    numeric = re.match(r"(\d{1,2})\s*/", value)
    return int(numeric.group(1)) if numeric else None


def _parse_point(value: str, *, is_end: bool, today: date) -> date | None:
    value = value.strip().lower().rstrip(".")
    if re.fullmatch(_NOW, value):
        return today
    year_match = re.search(r"(19|20)\d\d", value)
    if not year_match:
        return None
    month = _month(value)
    if month is None:
        month = 12 if is_end else 1
    return date(int(year_match.group(0)), month, 1)


def find_date_ranges(
    text: str, *, today: date | None = None
) -> list[tuple[int, int, date, date, bool]]:
    """Every date range in ``text``: (start offset, end offset, from, to, is_current)."""
    today = today or date.today()
    out = []
    lowered = text.lower()
    # lowercasing keeps every offset unless a character changes length (rare: "İ")
    matches = _RANGE_LOWER.finditer(lowered) if len(lowered) == len(text) else _RANGE.finditer(text)
    for match in matches:
        start = _parse_point(match.group("start"), is_end=False, today=today)
        end = _parse_point(match.group("end"), is_end=True, today=today)
        if start is None or end is None or end < start or start > today:
            continue
        current = bool(re.fullmatch(_NOW, match.group("end").strip().lower()))
        out.append((match.start(), match.end(), start, min(end, today), current))
    return out


def years_between(start: date, end: date) -> float:
    """Years from the month of ``start`` through the month of ``end``, both counted."""
    return max(0.0, (end.year - start.year) + (end.month - start.month + 1) / 12.0)


def union_years(spans: list[tuple[date, date]]) -> float:
    """Years covered by ``spans``, overlaps counted once, to one decimal."""
    total = 0.0
    current: tuple[date, date] | None = None
    for start, end in sorted(spans):
        if current is None or start > current[1]:
            if current is not None:
                total += years_between(*current)
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        total += years_between(*current)
    return round(total, 1)
