"""Every text path is linear: blind mode's patterns and normalisation take time in
proportion to the text, whatever the text (long tokens, long runs of spaces)."""

from __future__ import annotations

import random
import re
import time

from cvmatch.reading.normalize import normalize_text
from cvmatch.reading.privacy import MASK, _email_spans, redact_text

#: The e-mail pattern blind mode used, quadratic on a long token without "@".
_QUADRATIC_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def _seconds(function, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def test_blind_mode_is_linear_on_long_tokens() -> None:
    for token in ("a" * 100_000, "a." * 50_000, "1" * 100_000, "x@y.z " * 20_000):
        assert _seconds(redact_text, f"Jo Doe\n{token}\n", header_lines=3) < 2, token[:6]


def test_emails_are_found_as_the_old_pattern_found_them() -> None:
    rng = random.Random(7)
    for _ in range(5_000):
        text = "".join(rng.choice("ab.@-+' _é1\n") for _ in range(rng.randint(1, 40)))
        assert _email_spans(text) == [m.span() for m in _QUADRATIC_EMAIL.finditer(text)], text
    masked = redact_text("Write to pat.roe+cv@mail.example.com today")
    assert "pat.roe" not in masked and MASK * 5 in masked


def test_normalisation_is_linear_on_long_runs_of_spaces() -> None:
    assert _seconds(normalize_text, "Skills" + " " * 200_000 + "• Zendesk") < 2
    assert normalize_text("Skills  •  Zendesk  •  Salesforce") == "Skills\n- Zendesk\n- Salesforce"


def test_a_huge_line_of_mojibake_is_not_given_to_ftfy() -> None:
    assert _seconds(normalize_text, "Skills\n" + "CafÃ© rota " * 100_000) < 3
    assert normalize_text("Skills\nCafÃ© rota") == "Skills\nCafé rota"  # short lines are
