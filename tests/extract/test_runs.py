"""Long runs without spaces are cut before spaCy's tokenizer, which is quadratic on them,
keeping the text's length so every offset holds."""

from __future__ import annotations

import random
import time

import pytest

from cvmatch import read_text
from cvmatch.extract import get_extractor
from cvmatch.extract.runs import MAX_RUN, MAX_SYMBOL_RUN, cap_runs

RESUME = "Summary\nCustomer service agent.\n\nSkills\nZendesk, Salesforce\n"


def test_runs_are_capped_in_place() -> None:
    for run in ("_" * 500, "=" * 500, "’s" * 300, "a" * 500, "(" * 50 + "a" * 200):
        capped = cap_runs(f"x {run} y")
        assert len(capped) == len(run) + 4 and capped.startswith("x ") and capped.endswith(" y")
        assert max(len(word) for word in capped.split()) <= MAX_RUN
    assert cap_runs("a " + "-" * 40) == "a " + "-" * MAX_SYMBOL_RUN + " " * (40 - MAX_SYMBOL_RUN)
    ordinary = "See https://www.example.com/jobs/123 and e-mail pat@example.com (2019-2021)."
    assert cap_runs(ordinary) == ordinary


@pytest.mark.parametrize(
    "run",
    ["_" * 30_000, "’s" * 15_000, "#" * 30_000, ":)" * 15_000],
    ids=["underscores", "possessives", "hashes", "smileys"],
)
def test_extraction_is_fast_on_a_long_run_and_still_finds_the_skills(run: str) -> None:
    extractor = get_extractor()
    plain = {skill.id for skill in extractor.extract(read_text(RESUME, kind="resume")).skills}
    started = time.perf_counter()
    profile = extractor.extract(read_text(RESUME + run + "\n", kind="resume"))
    assert time.perf_counter() - started < 5
    assert {skill.id for skill in profile.skills} == plain


def test_a_word_with_an_invisible_character_is_found() -> None:
    extractor = get_extractor()
    plain = {s.id for s in extractor.extract(read_text(RESUME, kind="resume")).skills}
    hidden = RESUME.replace("Zendesk", "Zen\u200bdesk").replace("Salesforce", "Sales\u2060force")
    assert {s.id for s in extractor.extract(read_text(hidden, kind="resume")).skills} == plain
    assert plain


def test_skipping_the_scans_changes_nothing() -> None:
    from cvmatch.extract import runs

    def both_scans(text: str) -> str:
        text = runs._SYMBOL_RUN.sub(runs._keep(MAX_SYMBOL_RUN), text)
        return runs._LONG_RUN.sub(runs._keep(MAX_RUN), text)

    rng = random.Random(3)
    # white space as str.split and \s see it, Unicode's included
    pieces = ["a", "Zendesk", "_", "-", "’", "(", " ", "\n", "\u2003", "\x1c", "\u0085", "é"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) * rng.choice((1, 1, 3, 25, 60)) for _ in range(40))
        assert cap_runs(text) == both_scans(text)


def test_matching_text_joins_wrapped_lines_only() -> None:
    from cvmatch.extract.profile import matching_text

    text = "Handled billing\ncomplaints daily.\n\nSkills\n- Zendesk\n \nCRM"
    joined = matching_text(text)
    assert joined == "Handled billing complaints daily.\n\nSkills - Zendesk\n \nCRM"
    assert len(joined) == len(text)
