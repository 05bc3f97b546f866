"""How many years of experience a posting asks for ("2+ years of customer service")."""

from __future__ import annotations

import re

from cvmatch.structure.headings import headings_of
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.headings import Headings

__all__ = ["years_requested"]

#: English number words a posting may write the years in.
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
}
#: More than this is no requirement ("founded 50 years ago").
_MAX_YEARS = 30


def _years_pattern(headings: Headings) -> re.Pattern[str]:
    """ "N years", then up to five words, then one of the experience words."""
    words = [re.escape(word) for word in headings.experience_words]
    words += [rf"{re.escape(word)}\b" for word in headings.experience_abbreviations]
    return re.compile(
        r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s*\+?\s*(?:\(\d{1,2}\)\s*)?"
        r"(?:(?:-|–|to|or)\s*\d{1,2}\s*\+?\s*)?(?:plus\s+)?(?:years?|yrs?)(?:'|’)?(?:\s+or\s+more)?\s*"
        r"(?:of\s+|in\s+|within\s+|as\s+|working\s+|'\s+)?(?:[\w/-]+\s+){0,5}?"
        "(?:" + "|".join(words) + ")",
        re.IGNORECASE,
    )


def years_requested(text: str, *, taxonomy: Taxonomy | None = None) -> float | None:
    """The largest "N+ years of experience" (also "two years in a customer service role",
    "3-5 yrs' experience") a posting asks for, if any."""
    pattern = compiled(headings_of(taxonomy), _years_pattern)
    values = []
    for match in pattern.finditer(text):
        raw = match.group(1).lower()
        value = _NUMBER_WORDS.get(raw) or (int(raw) if raw.isdigit() else 0)
        if 0 < value <= _MAX_YEARS:
            values.append(value)
    return float(max(values)) if values else None
