"""Sentence bounds around a mention, for evidence context and posting cues."""

from __future__ import annotations

import re

#: A sentence ends at a line break, or at . ! ? and space before a capital — but not
#: after "e.g.", "i.e.", "vs.", "incl.", "approx.", "esp." or a title such as "Dr.".
_NOT_AN_END = "".join(
    rf"(?<!\b{re.escape(a)})(?<!\b{re.escape(a.capitalize())})"
    for a in ("e.g.", "i.e.", "vs.", "incl.", "approx.", "esp.", "mr.", "mrs.", "ms.", "dr.")
)
_SENTENCE_BREAK = re.compile(rf"(?<=[.!?]){_NOT_AN_END}\s+(?=[A-Z])|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``, at most 400 characters either side.

    Each search may look one character past its window, so that a break right before
    the mention (or at the window's end) sees the capital letter that follows it.
    """
    left = max(0, start - 400)
    best_left = left
    for match in _SENTENCE_BREAK.finditer(text, left, min(len(text), start + 1)):
        if match.end() <= start:
            best_left = match.end()
    limit = min(len(text), end + 400)
    right_match = _SENTENCE_BREAK.search(text, end, min(len(text), limit + 1))
    right = right_match.start() if right_match and right_match.start() < limit else limit
    return best_left, right
