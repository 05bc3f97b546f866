"""Text a reader of the page cannot see: tallied by the readers, dropped, and reported.

Keyword stuffing in white or invisible text is a known applicant trick, so the readers
leave such text out of ``Document.text`` (it is never evidence) and count what they left
out, by reason. :func:`hidden_text_warning` turns the tally into the one-line warning
carried on the document and on every result row, so a recruiter sees it in the JSON,
the CSV and the report.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "BACKGROUND_COLOUR",
    "CSS_HIDDEN",
    "INVISIBLE_MODE",
    "MARKED_HIDDEN",
    "MIN_CONTRAST",
    "OFF_PAGE",
    "REASONS",
    "TINY_FONT",
    "HiddenText",
    "contrast_ratio",
    "hidden_text_warning",
]

#: A PDF text render mode that paints nothing (mode 3, or 7: clip only).
INVISIBLE_MODE = "invisible render mode"
#: Text filled in the colour of what lies under it (white on white).
BACKGROUND_COLOUR = "same colour as the background"
#: Glyphs placed outside the visible page box.
OFF_PAGE = "outside the page"
#: Glyphs too small to read (zero or near-zero font size).
TINY_FONT = "zero-size font"
#: HTML elements a style hides (``display:none``, ``visibility:hidden``, ``opacity:0``).
CSS_HIDDEN = "hidden by CSS"
#: Text the document marks hidden (Word's hidden-text format, HTML's ``hidden``).
MARKED_HIDDEN = "marked hidden"

#: Every reason, in the order a warning lists them.
REASONS = (INVISIBLE_MODE, BACKGROUND_COLOUR, OFF_PAGE, TINY_FONT, CSS_HIDDEN, MARKED_HIDDEN)


class HiddenText:
    """A tally of the characters a reader left out, by reason."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, reason: str, chars: int) -> None:
        """Count ``chars`` characters (whitespace excluded) left out for ``reason``."""
        if reason not in REASONS:
            raise ValueError(f"unknown hidden-text reason {reason!r}; use one of {REASONS}")
        if chars > 0:
            self.counts[reason] = self.counts.get(reason, 0) + chars

    def add_text(self, reason: str, text: str) -> None:
        """Count the visible (non-whitespace) characters of ``text`` left out for ``reason``."""
        self.add(reason, sum(1 for char in text if not char.isspace()))

    @property
    def total(self) -> int:
        """All characters left out."""
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, int]:
        """The counts, in :data:`REASONS` order, without zeros."""
        return {reason: self.counts[reason] for reason in REASONS if self.counts.get(reason)}


def hidden_text_warning(counts: Mapping[str, int]) -> str | None:
    """The warning for a tally, e.g. ``"hidden text: 214 characters (invisible render mode
    120, same colour as the background 94), not used as evidence"``; ``None`` for none."""
    parts = [(reason, counts[reason]) for reason in REASONS if counts.get(reason)]
    total = sum(count for _, count in parts)
    if not total:
        return None
    why = ", ".join(f"{reason} {count:,}" for reason, count in parts)
    noun = "character" if total == 1 else "characters"
    return f"hidden text: {total:,} {noun} ({why}), not used as evidence"


#: WCAG contrast ratio under which text cannot be told from its background, in every
#: reader (white on white is 1.0, #F0F0F0 on white 1.14, black on white 21).
MIN_CONTRAST = 1.2


def contrast_ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG contrast ratio of two RGB colours in 0-255: 1 for the same colour, 21 for
    black on white; text under about 1.2 cannot be told from its background."""

    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [c / 3294.6 if c <= 10.31475 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a[:3]), luminance(b[:3])), reverse=True)
    return (high + 0.05) / (low + 0.05)
