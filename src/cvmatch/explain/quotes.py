"""Quotes in whole words: the stretch of a text around a phrase, with its offsets.

A quote is the sentence (or line) that holds the phrase; when that runs long (job boards
often strip full stops, so one "sentence" is a whole paragraph) it is cut to a window
around the phrase, always at a space, so no word is ever cut and the phrase is always
inside. The quote is exactly ``text[start:end]``: the offsets can be checked.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["CONTEXT_CHARS", "QUOTE_CHARS", "Quote", "display", "quote_around", "quote_in_context"]

#: About how many characters a quote keeps around its phrase.
QUOTE_CHARS = 240

#: The longest evidence context extraction keeps (a longer one was cut, maybe mid-word).
CONTEXT_CHARS = 300

#: Where a sentence ends: a line break, or . ! ? ; and a space.
_BREAK = re.compile(r"\n|(?<=[.!?;])\s")
#: What a quote should not start or end with: bullets, dashes, stray punctuation, spaces.
_LEAD = " \t\r\n•·▪‣◦*-–—>|:,;"
_TRAIL = " \t\r\n•·▪‣◦*-–—|:,;"


class Quote(NamedTuple):
    """A quote and where it is in its text (``text[start:end] == quote.text``)."""

    text: str
    start: int
    end: int


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (never narrower than the phrase)."""
    left = 0
    for match in _BREAK.finditer(text, max(0, start - 2 * QUOTE_CHARS), start):
        left = match.end()
    right_match = _BREAK.search(text, end, min(len(text), end + 2 * QUOTE_CHARS))
    right = right_match.start() if right_match else min(len(text), end + 2 * QUOTE_CHARS)
    return min(left, start), max(right, end)


def _at_word_start(text: str, offset: int, floor: int) -> int:
    """``offset`` moved right to the start of a word (or back to ``floor``)."""
    if offset <= floor or text[offset - 1].isspace():
        return offset
    space = re.compile(r"\s").search(text, offset)
    return space.end() if space else offset


def _at_word_end(text: str, offset: int, ceiling: int) -> int:
    """``offset`` moved left to the end of a word (or on to ``ceiling``)."""
    if offset >= ceiling or text[offset].isspace():
        return offset
    at = offset
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def quote_around(text: str, start: int, end: int, limit: int = QUOTE_CHARS) -> Quote:
    """The sentence of ``text`` that holds ``text[start:end]``, cut to about ``limit``
    characters around it in whole words; the phrase is always inside."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"phrase offsets {start}:{end} are outside a text of {len(text)}")
    left, right = _sentence(text, start, end)
    room = max(0, limit - (end - start))
    if right - left > limit:
        before = min(start - left, room // 2)
        after = min(right - end, room - before)
        before = min(start - left, room - after)
        new_left = _at_word_start(text, start - before, left)
        new_right = _at_word_end(text, end + after, right)
        left, right = min(new_left, start), max(new_right, end)
    while left < start and text[left] in _LEAD:
        left += 1
    while right > end and text[right - 1] in _TRAIL:
        right -= 1
    return Quote(text[left:right], left, right)


def quote_in_context(context: str, phrase: str, limit: int = QUOTE_CHARS) -> str:
    """A whole-word quote of ``context`` around ``phrase``; the phrase alone when the
    context does not hold it (a context cut short before the phrase).

    Extraction keeps at most ``CONTEXT_CHARS`` of a sentence, so a context that long may
    end inside a word: that last piece is dropped unless the phrase is in it.
    """
    at = context.lower().find(phrase.lower()) if phrase else -1
    if at < 0:
        return phrase or display(context[:limit])
    if len(context) >= CONTEXT_CHARS:
        last_space = context.rfind(" ", at + len(phrase))
        context = context[:last_space] if last_space >= 0 else context
    return quote_around(context, at, at + len(phrase), limit).text


def display(quote: str) -> str:
    """A quote on one line: runs of spaces and line breaks as one space."""
    return " ".join(quote.split())
