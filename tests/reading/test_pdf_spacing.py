"""Spaces restored from character boxes: the one-decode path and the slicing path agree."""

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


def test_utf16_and_code_point_paths_give_the_same_text() -> None:
    text, codes, boxes = _page(["Zendesk", "café", "naïve", "CRM", "tools"], frozenset({2}))
    box = np.array(boxes, dtype=np.float32)
    one_decode = _spaced(text, np.array(codes, np.uint16), box)
    sliced = _spaced(text, np.array(codes, np.uint32), box)  # (code points: slicing path)
    assert one_decode == sliced == "Zendesk café\nnaïve CRM tools"


def test_two_lone_surrogates_made_adjacent_keep_their_replacement_characters() -> None:
    # what pdfium's text gives for two unpaired surrogates (one U+FFFD each) once the
    # glyph between them was dropped as hidden: decoding the units again would pair them
    text, codes, boxes = _page(["ab", "cd"])
    codes[0], codes[1] = 0xD83D, 0xDE00
    text = "\ufffd\ufffd" + text[2:]
    box = np.array(boxes, dtype=np.float32)
    assert _spaced(text, np.array(codes, np.uint16), box) == "\ufffd\ufffd cd"
