"""``to_dataframe`` keeps real dtypes: lists as lists, missing values as NA, numbers numeric
(one failed document never turns ``score`` into an object column), and a long form with a
row per requirement or skill; the CSV cells stay as they were."""

from __future__ import annotations

import csv
import io

import pytest

from cvmatch.batch import to_csv, to_dataframe
from cvmatch.batch.export import LONG_COLUMNS, result_rows
from cvmatch.errors import InvalidInput
from cvmatch.models import (
    ErrorInfo,
    Evidence,
    ExtractResult,
    FailedExtract,
    FailedMatch,
    FailedScore,
    MatchedRequirement,
    MatchResult,
    MissingRequirement,
    PostingRequirement,
    RoleFit,
    ScoreResult,
    Skill,
)

pd = pytest.importorskip("pandas")

ERROR = ErrorInfo(type="EmptyDocument", message="gone.txt: no text found")


def _requirement(concept: str, required: bool) -> PostingRequirement:
    return PostingRequirement(id=concept, name=concept.replace("_", " "), required=required)


def _matches() -> list[MatchResult | FailedMatch]:
    good = MatchResult(
        source="a.txt",
        posting="p.txt",
        score=72.5,
        rank=1,
        matched=[_requirement("phone_support", True), _requirement("empathy", False)],
        missing=[_requirement("crm_ticketing", True)],
    )
    bare = MatchResult(source="b.txt", posting="p.txt", score=10.0, rank=2)
    return [good, bare, FailedMatch(source="gone.txt", error=ERROR)]


def _scores() -> list[ScoreResult | FailedScore]:
    fit = RoleFit(
        id="call_center_specialist",
        title="Call center specialist",
        score=64.0,
        matched=[MatchedRequirement(id="phone_support", importance="essential")],
        missing=[
            MissingRequirement(
                id="crm_ticketing", importance="important", why="tools", how_to_show="name them"
            )
        ],
    )
    other = RoleFit(id="account_manager", title="Account manager", score=12.0)
    good = ScoreResult(source="a.txt", kind="resume", roles=[fit, other])
    return [good, FailedScore(source="gone.txt", error=ERROR)]


def _extracts() -> list[ExtractResult | FailedExtract]:
    evidence = Evidence(text="fluent Spanish", start=0, end=14)
    skill = Skill(
        id="multilingual",
        name="Multilingual communication",
        category="communication",
        evidence=[evidence, evidence.model_copy(update={"start": 20, "end": 34})],
        attributes={"languages": ["Spanish", "French"]},
        required=True,
    )
    good = ExtractResult(source="p.txt", kind="posting", skills=[skill], unmapped=["Cash handling"])
    return [good, FailedExtract(source="gone.txt", error=ERROR)]


def test_a_failed_document_leaves_score_and_rank_numeric() -> None:
    frame = to_dataframe(_matches())
    assert str(frame["score"].dtype) == "Float64"
    assert str(frame["rank"].dtype) == "Int64"
    assert str(frame["required_total"].dtype) == "Int64"
    assert frame["score"].tolist()[:2] == [72.5, 10.0]
    assert frame["score"].isna().tolist() == [False, False, True]
    assert frame["rank"].isna().tolist() == [False, False, True]
    assert frame["score"].mean() == pytest.approx(41.25)  # arithmetic works, NA skipped


def test_lists_stay_lists_and_missing_values_are_na() -> None:
    frame = to_dataframe(_matches())
    assert frame.at[0, "matched"] == ["phone_support", "empathy"]
    assert frame.at[0, "missing_required"] == ["crm_ticketing"]
    assert frame.at[1, "matched"] == [] and frame.at[2, "missing"] == []
    assert frame["error"].isna().tolist() == [True, True, False]
    assert frame.at[2, "error_type"] == "EmptyDocument"
    assert not (frame.astype(object) == "").any().any()  # no empty-string stand-ins anywhere
    assert frame["ok"].tolist() == [True, True, False]
    scores = to_dataframe(_scores())
    assert str(scores["best_score"].dtype) == "Float64"
    assert scores["kind"].isna().tolist() == [False, False, True]
    extracts = to_dataframe(_extracts())
    assert extracts.at[0, "unmapped"] == ["Cash handling"]  # an item with a space, whole


def test_the_csv_cells_are_unchanged() -> None:
    rows = list(result_rows(_matches()))
    assert rows[0]["matched"] == "phone_support empathy"
    assert rows[2]["score"] == "" and rows[2]["rank"] == "" and rows[0]["error"] == ""
    buffer = io.StringIO()
    to_csv(_extracts(), buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[1] == "p.txt,True,posting,multilingual,Cash handling,,,"
    assert lines[2] == "gone.txt,False,,,,,EmptyDocument,gone.txt: no text found"


def test_warnings_reach_every_csv_row() -> None:
    warned = ExtractResult(
        source="w.txt", kind="resume", warnings=["hidden text: 9 characters (x), not used"]
    )
    buffer = io.StringIO()
    to_csv([warned], buffer)
    (row,) = csv.DictReader(io.StringIO(buffer.getvalue()))
    assert row["warnings"] == "hidden text: 9 characters (x), not used"


def test_long_match_rows_one_per_requirement() -> None:
    frame = to_dataframe(_matches(), long=True)
    assert list(frame.columns) == LONG_COLUMNS[MatchResult]
    first = frame[frame["source"] == "a.txt"]
    assert first["concept"].tolist() == ["phone_support", "empathy", "crm_ticketing"]
    assert first["status"].tolist() == ["matched", "matched", "missing"]
    assert first["required"].tolist() == [True, False, True]
    assert (first["score"] == 72.5).all()
    # a resume with no requirements and a failed one keep one row each, concept NA
    rest = frame[frame["source"] != "a.txt"]
    assert rest["source"].tolist() == ["b.txt", "gone.txt"]
    assert rest["concept"].isna().all()
    assert str(frame["required"].dtype) == "boolean"


def test_long_score_rows_one_per_role_and_requirement() -> None:
    frame = to_dataframe(_scores(), long=True)
    assert list(frame.columns) == LONG_COLUMNS[ScoreResult]
    assert frame["role"].iloc[:3].tolist() == [
        "call_center_specialist",
        "call_center_specialist",
        "account_manager",
    ]
    assert frame["role"].isna().tolist() == [False, False, False, True]  # the failed document
    assert frame["importance"].tolist()[:2] == ["essential", "important"]
    assert frame["status"].tolist()[:2] == ["matched", "missing"]
    assert (frame["best_role"].iloc[:3] == "call_center_specialist").all()
    assert frame["concept"].isna().tolist() == [False, False, True, True]


def test_long_extract_rows_carry_the_attribute_values() -> None:
    frame = to_dataframe(_extracts(), long=True)
    assert list(frame.columns) == LONG_COLUMNS[ExtractResult]
    row = frame.iloc[0]
    assert row["concept"] == "multilingual" and row["evidence"] == 2 and row["required"]
    assert row["attributes"] == {"languages": ["Spanish", "French"]}
    assert pd.isna(frame.iloc[1]["concept"]) and frame.iloc[1]["error_type"] == "EmptyDocument"


def test_empty_input_and_wrong_objects() -> None:
    frame = to_dataframe([], model=MatchResult)
    assert frame.empty and frame.columns[0] == "rank"
    assert str(frame["score"].dtype) == "Float64"
    assert (
        list(to_dataframe([], model=ExtractResult, long=True).columns)
        == LONG_COLUMNS[ExtractResult]
    )
    with pytest.raises(InvalidInput, match="result models"):
        to_dataframe(["not a result"])
