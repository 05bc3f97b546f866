"""List items glued together when a page's line breaks were lost.

Job boards that strip markup often join a bulleted list into one line:
"...assigned to youAnalytically track...", "...account managementSolid understanding...",
"...the sales process.Complete and obtain...".
Such a join hides both words from every pattern and merges the items into one clause.
A word that starts with two or more lower-case letters and then turns into a capitalised
word is that join (names and brands that mix cases, "PowerPoint", "iPhone", "eBay",
begin with a capital or with a single letter), so a line break goes back between them.
The same goes for a sentence's end glued to the next capitalised word ("process.Complete";
"e.g.", decimals and web addresses such as "KAYAK.com" do not have that shape).
"""

from __future__ import annotations

import itertools
import re

__all__ = ["split_glued_items"]

#: A lower-case word start of 2+ letters, then a capitalised word of 3+ letters; or of 4+
#: letters, then an acronym of 2+ capitals that ends the word ("plusBA/BS", not "macOS").
#: Linear: each match starts at a word boundary and its runs cannot overlap.
_GLUED = re.compile(r"\b(?:[a-z]{2,}(?=[A-Z][a-z]{2,})|[a-z]{4,}(?=[A-Z]{2,}(?![A-Za-z])))")

#: Two lower-case letters and a sentence-ending mark, then a capitalised word of 3+
#: letters with no space between: fixed-width look-arounds, so linear.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z][a-z][.!?;:])(?=[A-Z][a-z]{2,})")


#: Where either join can be: a lower-case letter or a sentence's end before a capital.
#: Few places in a text, so the patterns above are tried only there (each of them,
#: tried at every position, costs more than the whole search).
_TURN = re.compile(r"[a-z][A-Z]")
_STOP_TURN = re.compile(r"[.!?;:][A-Z]")


def _glued_at(text: str, turn: int) -> bool:
    """Whether the lower-case run that ends before ``turn`` is glued to what follows
    (``_GLUED`` matches from the run's start to ``turn``: its ``\\b`` needs the run
    to start a word)."""
    start = turn - 1
    while start > 0 and "a" <= text[start - 1] <= "z":
        start -= 1
    match = _GLUED.match(text, start)
    return match is not None and match.end() == turn


def _break_at(text: str, cuts: list[int]) -> str:
    """``text`` with a line break inserted before each offset of ``cuts`` (ascending)."""
    if not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    return "\n".join(text[low:high] for low, high in itertools.pairwise(bounds))


def split_glued_items(text: str) -> str:
    """``text`` with a line break put back wherever two list items were glued together
    (what ``_GLUED.sub`` and then ``_GLUED_SENTENCE.sub`` would give)."""
    turns = (match.start() + 1 for match in _TURN.finditer(text))
    text = _break_at(text, [turn for turn in turns if _glued_at(text, turn)])
    stops = (match.start() + 1 for match in _STOP_TURN.finditer(text))
    return _break_at(text, [stop for stop in stops if _GLUED_SENTENCE.match(text, stop)])
