"""List items that a job board glued into one word are split again (issue 13)."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.reading import normalize_text
from cvmatch.reading.glued import split_glued_items


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("handle the queue for youEscalate", "handle the queue for you\nEscalate"),
        ("strong account managementProven", "strong account management\nProven"),
        ("a good sense of humourBA/BS degree", "a good sense of humour\nBA/BS degree"),
        ("the billing process.Complete the forms", "the billing process.\nComplete the forms"),
        ("key skills:Patience", "key skills:\nPatience"),
    ],
)
def test_glued_items_get_their_line_break_back(glued: str, split: str) -> None:
    assert split_glued_items(glued) == split


@pytest.mark.parametrize(
    "kept",
    [
        "PowerPoint, LinkedIn, WhatsApp and YouTube",
        "an iPhone, eBay and macOS",
        "e.g. Zendesk, i.e.Freshdesk",
        "visit www.example.com or KAYAK.com",
        "pay rose 3.5%.Then",
        "Mr. Smith. Ms. Jones.",
    ],
)
def test_names_that_mix_cases_are_left_alone(kept: str) -> None:
    assert split_glued_items(kept) == kept


def test_the_split_is_linear_on_a_long_word() -> None:
    word = "a" * 200_000 + "Bcd"
    assert split_glued_items(word) == "a" * 200_000 + "\nBcd"


def test_a_skill_hidden_by_the_glue_is_found() -> None:
    posting = (
        "Account Manager\n\nRequirements\nExcellent phone mannerProven track record of "
        "superior account managementStrong attention to detail"
    )
    text = normalize_text(posting)
    assert "account management\nStrong" in text
    found = {s.id for s in cvmatch.extract_skills(posting, kind="posting").skills}
    assert {"account_management", "attention_to_detail"} <= found


def test_searching_only_at_turns_gives_the_plain_substitutions() -> None:
    import random

    from cvmatch.reading import glued

    def substituted(text: str) -> str:
        text = glued._GLUED.sub(lambda match: match.group(0) + "\n", text)
        return glued._GLUED_SENTENCE.sub("\n", text)

    rng = random.Random(2)
    pieces = ["ab", "abcd", "Abc", "ABC", "AB", " ", ".", ";", "x", "Q", "\n", "é", "_", "1"]
    pieces += ["PowerPoint", "youAnalytically", "process.Complete", "plusBA/BS", "macOS"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(40))
        assert split_glued_items(text) == substituted(text)
