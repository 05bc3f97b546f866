"""1,000 synthetic applicants with known selection rates per group, and their groups.

Each cell (sex, race) says how many applicants score at each level and how many
documents could not be read. The levels are chosen so that each selection rule picks a
known set of levels:

- ``threshold=60`` selects the levels 90, 75, 65 and 60 (60 is exactly on it);
- ``top=186`` selects 90 and 75: 93 applicants score 85-94 and 100 score exactly 75, so
  the 186th is one of the 75s and every 75 is selected (193, seven of them tied);
- the median of the 967 scored applicants is exactly 60 (477 score under 60, 184 at 60),
  so "above the median" selects 90, 75 and 65.

A blank label and the label "unknown" are Unknown; the last cell has no row in the
groups at all; two rows of the groups fit no applicant.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from cvmatch.models import ErrorInfo, FailedMatch, MatchResult

#: (sex, race): applicants at the levels 90, 75, 65, 60, 40, 20, and failed documents.
CELLS: dict[tuple[str | None, str | None], list[int]] = {
    ("Female", "White"): [20, 20, 24, 40, 50, 30, 6],  # 190
    ("Female", "Black"): [8, 10, 14, 28, 40, 34, 6],  # 140
    ("Female", "Asian"): [10, 10, 10, 14, 22, 22, 2],  # 90
    ("Female", "Hispanic"): [4, 6, 6, 8, 12, 12, 2],  # 50
    ("Female", "Native"): [1, 1, 0, 1, 2, 1, 0],  # 6
    ("Female", ""): [2, 2, 2, 4, 4, 4, 2],  # 20
    ("Male", "White"): [24, 22, 26, 44, 54, 36, 4],  # 210
    ("Male", "Black"): [8, 8, 12, 18, 36, 34, 4],  # 120
    ("Male", "Asian"): [9, 9, 9, 11, 20, 20, 2],  # 80
    ("Male", "Hispanic"): [5, 5, 6, 8, 12, 12, 2],  # 50
    ("Male", "Native"): [0, 1, 1, 1, 2, 1, 0],  # 6
    ("Nonbinary", "White"): [1, 1, 1, 2, 3, 2, 0],  # 10
    ("Nonbinary", "Black"): [0, 1, 0, 1, 2, 1, 0],  # 5
    ("", "White"): [1, 2, 2, 2, 3, 2, 2],  # 14
    ("unknown", ""): [0, 1, 0, 1, 1, 1, 0],  # 4
    (None, None): [0, 1, 0, 1, 1, 1, 1],  # 5, not in the groups file
}


def _score(level: int, i: int) -> float:
    """A score of the level: varied where no rule looks, exact where one does."""
    if level == 90:
        return 85.0 + i % 10  # 85..94
    if level == 65:
        return 61.0 + i % 8  # 61..68
    if level == 40:
        return 40.0 + i % 19  # 40..58
    if level == 20:
        return float(i % 40)  # 0..39
    return float(level)  # exactly 75 (tied at the top N) or exactly 60 (the threshold)


def _build() -> tuple[list[MatchResult | FailedMatch], dict[str, dict[str, str | None]]]:
    people: list[tuple[str | None, str | None, int | None]] = []
    for (sex, race), counts in CELLS.items():
        for level, count in zip([90, 75, 65, 60, 40, 20, None], counts, strict=True):
            people.extend((sex, race, level) for _ in range(count))
    random.Random(17).shuffle(people)
    results: list[MatchResult | FailedMatch] = []
    groups: dict[str, dict[str, str | None]] = {}
    for i, (sex, race, level) in enumerate(people):
        source = f"applicants/{i:04d}.pdf"
        if level is None:
            error = ErrorInfo(type="ScannedDocument", message=f"{source}: no text layer")
            results.append(FailedMatch(source=source, posting="posting.txt", error=error))
        else:
            results.append(
                MatchResult(source=source, posting="posting.txt", score=_score(level, i))
            )
        if sex is not None:
            groups[source] = {"sex": sex, "race": race}
    groups["applicants/withdrawn-1.pdf"] = {"sex": "Female", "race": "White"}
    groups["applicants/withdrawn-2.pdf"] = {"sex": "Male", "race": "Black"}
    return results, groups


@pytest.fixture(scope="session")
def synthetic() -> tuple[list[MatchResult | FailedMatch], dict[str, dict[str, str | None]]]:
    """The 1,000 applicants' results (input order shuffled) and their groups."""
    return _build()


@pytest.fixture()
def groups_csv(tmp_path: Path, synthetic) -> Path:
    """The groups as a user's CSV: key column ``source``, one column per category."""
    path = tmp_path / "groups.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "sex", "race"])
        for source, labels in synthetic[1].items():
            writer.writerow([source, labels["sex"], labels["race"]])
    return path
