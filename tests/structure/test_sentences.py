"""The per-document sentence index gives exactly what the windowed splitter gives."""

from __future__ import annotations

import random

import pytest

from cvmatch.structure.sentences import SentenceIndex, sentence_bounds

_PARAGRAPH = (
    "Handled inbound calls for a utility. Resolved billing disputes, e.g. refunds and "
    "credits!  Trained new hires?\nWorked with Dr. Lee on escalations.\n\n"
    "Kept notes in the ticketing tool. Next"
)


def _texts() -> list[str]:
    rng = random.Random(7)
    pieces = ["Word", "word", ". ", ".  \n ", "\n", "! ", "e.g. ", "Dr. ", "x", " ", "\n\n"]
    texts = [_PARAGRAPH, _PARAGRAPH * 12, "", "\n", ".\n A", " " * 50 + ". A"]
    # white space runs that reach over a 400-character window's edge
    texts.append("a" * 395 + ".      \n    \n   B" + "c" * 390 + ". \n\n D")
    for _ in range(40):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(50, 400))))
    return texts


@pytest.mark.parametrize("text", _texts())
def test_index_matches_windowed_scan(text: str) -> None:
    index = SentenceIndex(text)
    rng = random.Random(len(text))
    positions = list(range(len(text) + 1))
    picks = positions if len(text) < 120 else rng.sample(positions, 120)
    for start in picks:
        for width in (0, 1, 4, 17):
            end = min(len(text), start + width)
            assert index.bounds(start, end) == sentence_bounds(text, start, end)


def test_bounds_of_a_mention() -> None:
    index = SentenceIndex(_PARAGRAPH)
    start = _PARAGRAPH.index("billing")
    low, high = index.bounds(start, start + len("billing"))
    assert _PARAGRAPH[low:high] == "Resolved billing disputes, e.g. refunds and credits!"
