"""A concept's aliases used in another field are no evidence of it: quality assurance of
software or buildings is not reviewing customer interactions (issue 13). The words are
data (``[cues.concept_senses]``); each class is pinned both ways."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.taxonomy import load_taxonomy


def _ids(line: str, taxonomy=None) -> set[str]:
    text = f"Jane Doe\n\nExperience\n{line}\n"
    return set(cvmatch.extract_skills(text, kind="resume", taxonomy=taxonomy).ids)


@pytest.mark.parametrize(
    "line",
    [
        "Led quality assurance and testing of the billing software releases.",
        "Oversaw quality assurance on every construction project we delivered.",
        "Ran quality assurance for the food production line.",
    ],
)
def test_quality_assurance_of_another_field_is_none(line: str) -> None:
    assert "quality_assurance" not in _ids(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ran quality assurance on 40 customer calls a week with a scorecard.",
        "Quality assurance of chat transcripts for a team of 12 agents.",
        "Led quality assurance and coaching for the service desk.",
    ],
)
def test_quality_assurance_of_service_is_kept(line: str) -> None:
    assert "quality_assurance" in _ids(line)


def test_the_senses_are_data(tmp_path) -> None:
    path = tmp_path / "cues.toml"
    path.write_text('[cues.concept_senses.phone_support]\nother = ["radio"]\n', encoding="utf-8")
    taxonomy = load_taxonomy(path)
    line = "Answered radio calls from the depot every night."
    assert "phone_support" in _ids(line)
    assert "phone_support" not in _ids(line, taxonomy)
