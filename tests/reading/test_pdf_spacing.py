"""Spaces and line breaks restored from character boxes."""

from __future__ import annotations

import numpy as np

from cvmatch.reading.pdf import _spaced


def _page(words: list[str], line_breaks: frozenset[int] = frozenset()) -> tuple[str, list, list]:
    """Characters laid out left to right, tightly within words, a wide gap between
    words, and a new baseline before the words numbered in ``line_breaks``."""
    chars, boxes = [], []
    x, y = 0.0, 700.0
    for number, word in enumerate(words):
        if number in line_breaks:
            x, y = 0.0, y - 14.0
        for char in word:
            chars.append(char)
            boxes.append((x, y + 10.0, x + 5.0, y))
            x += 4.9  # tight tracking: a small negative gap
        x += 4.0  # a word gap of 0.4 line heights
    return "".join(chars), [ord(c) for c in chars], boxes


def test_spaces_and_line_breaks_restored_from_boxes() -> None:
    text, codes, boxes = _page(["Resolved", "billing", "calls", "Trained", "staff"], frozenset({3}))
    box = np.array(boxes, dtype=np.float32)
    assert _spaced(text, np.array(codes, np.uint16), box) == "Resolved billing calls\nTrained staff"


def test_blank_characters_boxes_are_not_read() -> None:
    # pdfium's own spaces keep a zero box (their box is not asked for): no effect
    text, codes, boxes = _page(["Zendesk", "café"])
    text = text[:7] + " " + text[7:]
    codes = [*codes[:7], 32, *codes[7:]]
    boxes = [*boxes[:7], (0.0, 0.0, 0.0, 0.0), *boxes[7:]]
    box = np.array(boxes, dtype=np.float32)
    assert _spaced(text, np.array(codes, np.uint16), box) == "Zendesk café"
