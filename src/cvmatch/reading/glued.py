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

import re

__all__ = ["split_glued_items"]

#: A lower-case word start of 2+ letters, then a capitalised word of 3+ letters; or of 4+
#: letters, then an acronym of 2+ capitals that ends the word ("plusBA/BS", not "macOS").
#: Linear: each match starts at a word boundary and its runs cannot overlap.
_GLUED = re.compile(r"\b(?:[a-z]{2,}(?=[A-Z][a-z]{2,})|[a-z]{4,}(?=[A-Z]{2,}(?![A-Za-z])))")

#: Two lower-case letters and a sentence-ending mark, then a capitalised word of 3+
#: letters with no space between: fixed-width look-arounds, so linear.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z][a-z][.!?;:])(?=[A-Z][a-z]{2,})")


def split_glued_items(text: str) -> str:
    """``text`` with a line break put back wherever two list items were glued together."""
    text = _GLUED.sub(lambda match: match.group(0) + "\n", text)
    return _GLUED_SENTENCE.sub("\n", text)
