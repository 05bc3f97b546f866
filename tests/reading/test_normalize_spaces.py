"""Normalisation's shortcuts (single spaces left alone, hyphen breaks looked for only
when the text has one) give what the plain substitutions give."""

from __future__ import annotations

import random
import re

from cvmatch.reading.normalize import normalize_text

_ANY_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def test_space_runs_become_one_plain_space() -> None:
    text = "Team\u00a0lead  for\tbilling \u2003 calls\u3000and chats"
    assert normalize_text(text) == "Team lead for billing calls and chats"
    assert normalize_text("cus-\ntomer care, e-\nmail") == "customer care, email"


def test_runs_of_any_spaces_match_the_plain_substitution() -> None:
    rng = random.Random(11)
    pieces = [" ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "call", "-\n", "x-\ny", "\n", "• "]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(60))
        lines = normalize_text(text).split("\n")
        assert all(_ANY_SPACES.sub(" ", line) == line for line in lines)
        assert all("  " not in line and "\t" not in line for line in lines)
