"""Sentence bounds: around a mention (evidence, posting cues) and around a section cue.

Two splitters, on purpose. :func:`sentence_bounds` serves evidence: it breaks at a line
or at ". " before a capital (not after "e.g." or "Dr."), so a quoted sentence reads
whole. :func:`cue_sentence_start` / :func:`cue_sentence_end` serve the sentence cues of
one-paragraph postings, whose full stops job boards often strip: they also break at
";" and before a capital that follows a lowercase word ("...calls Experience of..."),
and look 250 characters back, not 400. With :func:`sentence_bounds` in their place the
posting sections of 1,295 of 3,183 real documents tried change, so each keeps its rule.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

__all__ = ["SentenceIndex", "cue_sentence_end", "cue_sentence_start", "sentence_bounds"]

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


class SentenceIndex:
    """:func:`sentence_bounds` for many mentions of one text: the sentence breaks are
    found once, in one scan of the whole text, and each mention's bounds are looked up
    among them (a document's mentions each scanned up to 800 characters again).

    A windowed scan sees the same breaks as the whole-text scan unless a break of the
    whole-text scan straddles one of the window's edges (it can only be white space, so
    a mention's own edges never do); then the windowed scan is run, so the result is
    always that of :func:`sentence_bounds`.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = [match.span() for match in _SENTENCE_BREAK.finditer(text)]
        self.starts = [low for low, _ in breaks]
        self.ends = [high for _, high in breaks]

    def _covers(self, low: int, high: int) -> bool:
        """Whether a break of the whole-text scan starts before ``high`` and ends after
        ``low`` (breaks are sorted and disjoint: only the last one before ``high`` can)."""
        k = bisect_left(self.starts, high) - 1
        return k >= 0 and self.ends[k] > low

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``text[start:end]``, as :func:`sentence_bounds` gives it."""
        text, starts, ends = self.text, self.starts, self.ends
        left = max(0, start - 400)
        limit = min(len(text), end + 400)
        # a break that holds a window's edge is where the two scans may part
        if self._covers(left, left) or self._covers(start, start + 1) or self._covers(end, end):
            return sentence_bounds(text, start, end)
        # left: the end of the last break that starts in the window (it ends by ``start``)
        last = bisect_right(starts, start) - 1
        best_left = ends[last] if last >= 0 and starts[last] >= left else left
        # right: the first break from ``end``, if it starts before the limit
        k = bisect_left(starts, end)
        if k == len(starts) or starts[k] >= limit:
            return best_left, limit
        if ends[k] > limit:  # the windowed scan cannot see all of it
            return sentence_bounds(text, start, end)
        return best_left, starts[k]


_CUE_SENTENCE_END = re.compile(r"[.!?;\n]")
#: A capitalised word after a lowercase one starts a sentence (at group ``cap``), unless
#: a capitalised word follows it: a run of capitalised words is a name ("six fellow
#: Diagnostics Companies at ...").
_IMPLIED_START = re.compile(
    r"(?<![\w'’&-])[a-z0-9][\w'’&-]*\)? (?P<cap>[A-Z])(?![\w'’&-]*[ \t]+[A-Z])"
)


def cue_sentence_start(text: str, offset: int, floor: int = 0) -> int:
    """Start of the sentence around ``offset``, at most 250 characters back.

    In text whose full stops were stripped, a capitalised word after a lowercase one
    ("...call Experience of...") starts a sentence.
    """
    window_start = max(floor, offset - 250)
    window = text[window_start:offset]
    stops = [m.end() for m in _CUE_SENTENCE_END.finditer(window)]
    stop = stops[-1] if stops else 0
    if stops and window[stop : stop + 1] == " ":
        stop += 1
    starts = [m.start("cap") for m in _IMPLIED_START.finditer(window, stop)]
    return window_start + (starts[-1] if starts else stop)


def cue_sentence_end(text: str, offset: int) -> int:
    """End of the sentence that goes on at ``offset`` (see :func:`cue_sentence_start`)."""
    ends = [len(text)]
    match = _CUE_SENTENCE_END.search(text, offset)
    if match is not None:
        ends.append(match.end())
    implied = _IMPLIED_START.search(text, offset)
    if implied is not None:
        ends.append(implied.start("cap"))
    return min(ends)
