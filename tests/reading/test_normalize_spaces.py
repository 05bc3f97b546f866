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


def test_the_guarded_control_class_removes_what_the_plain_one_does() -> None:
    from cvmatch.reading import normalize

    plain = re.compile(normalize._CONTROL.pattern.split(")", 1)[1])  # without the guard
    rng = random.Random(13)
    alphabet = "ab \n\t\r\x00\x07\x0b\x1f\x7f\x85\x9f\u00ad\u200b\u200d\ufeff\ufffe\U000e0001é•~"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(80))
        assert normalize._CONTROL.sub("", text) == plain.sub("", text)
    assert normalize_text("Zen\u200bdesk \u00adand\x07 CRM") == "Zendesk and CRM"
