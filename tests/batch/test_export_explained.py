"""The match CSV and long rows carry display names, must-have status, why and how."""

from __future__ import annotations

import csv
import io

from cvmatch.batch.export import to_csv, typed_rows
from cvmatch.models import MatchResult, PostingRequirement


def _result() -> MatchResult:
    gap = PostingRequirement(
        id="multilingual",
        name="Multilingual",
        required=True,
        must_have=True,
        why="A must-have of this posting, where it says “fluent Dutch”.",
        how_to_show="Name your languages; this posting asks for Dutch.",
        quote="fluent Dutch",
    )
    extra = PostingRequirement(
        id="upselling",
        name="Sales and upselling",
        required=False,
        stated=False,
        why="w",
        how_to_show="h",
    )
    shown = PostingRequirement(id="phone_support", name="Phone support", required=True)
    return MatchResult(
        source="r.txt",
        posting="p.txt",
        score=40.0,
        rank=1,
        matched=[shown],
        missing=[gap, extra],
        meets_must_haves="no",
        unmet_must_haves=["multilingual"],
    )


def test_csv_has_names_must_have_status_and_why_how_next_to_the_ids() -> None:
    buffer = io.StringIO()
    to_csv([_result()], buffer)
    (row,) = csv.DictReader(io.StringIO(buffer.getvalue()))
    assert row["missing"] == "multilingual upselling"
    assert row["matched_names"] == "Phone support"
    assert (
        row["missing_names"]
        == "Multilingual (must-have); Sales and upselling (expected of the role)"
    )
    assert row["meets_must_haves"] == "no" and row["unmet_must_haves"] == "multilingual"
    why = row["missing_why"].splitlines()
    assert (
        why[0]
        == "Multilingual (must-have): A must-have of this posting, where it says “fluent Dutch”."
    )
    assert row["missing_how"].splitlines()[0].endswith("this posting asks for Dutch.")


def test_long_rows_carry_must_have_why_how_and_quote() -> None:
    from cvmatch.batch.export import long_rows

    rows = {r["concept"]: r for r in long_rows([_result()])}
    assert rows["multilingual"]["must_have"] is True
    assert rows["multilingual"]["quote"] == "fluent Dutch"
    assert rows["upselling"]["how_to_show"] == "h"
    assert next(typed_rows([_result()]))["missing_names"][0] == "Multilingual (must-have)"
