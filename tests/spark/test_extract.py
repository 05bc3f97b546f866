"""extract_skills_df in local mode: the library's skills, statuses and roles, as typed
columns; error rows instead of failed jobs."""

from __future__ import annotations

import pytest

from cvmatch.analytics import analyze_postings
from cvmatch.errors import InvalidInput
from cvmatch.extract import get_extractor
from cvmatch.reading import read_text
from cvmatch.spark import extract_skills_df

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def extracted(postings_df):
    return extract_skills_df(postings_df, "text", id_col="id").toPandas()


def test_the_input_columns_come_first_then_the_typed_results(postings_df, extracted) -> None:
    out = extract_skills_df(postings_df, "text", id_col="id")
    assert out.columns[:3] == ["id", "text", "pay"]
    assert out.schema["skills"].dataType.elementType.fieldNames() == [
        "id",
        "name",
        "category",
        "status",
        "required",
        "must_have",
        "attributes",
        "evidence",
    ]
    assert out.schema["role_score"].dataType.typeName() == "double"
    assert len(extracted) == 36 and list(extracted["id"]) == [f"p{i:03d}" for i in range(36)]


def test_skills_statuses_and_roles_are_the_librarys(postings, extracted) -> None:
    library = analyze_postings(postings, text_column="text", progress=False).results_frame()
    for mine, want in zip(extracted.itertuples(), library.itertuples(), strict=True):
        assert mine.ok == want.ok
        if not want.ok:
            continue
        got = [(s["id"], s["status"], s["required"], s["must_have"]) for s in mine.skills]
        assert got == [(s["id"], s["status"], s["required"], s["must_have"]) for s in want.skills]
        assert mine.role == want.role and mine.role_score == pytest.approx(want.role_score)
        attributes = [
            (s["id"], a["name"], a["value"]) for s in mine.skills for a in s["attributes"]
        ]
        assert attributes == [
            (s["id"], a["name"], a["value"]) for s in want.skills for a in s["attributes"]
        ]
    assert extracted["skills"].map(len).sum() > 36


def test_evidence_offsets_point_into_the_text(postings, extracted) -> None:
    extractor = get_extractor()
    for row in extracted[extracted["ok"]].head(6).itertuples():
        profile = extractor.extract(read_text(row.text, kind="posting", name=row.id))
        want = [(e.text, e.start, e.end) for s in profile.skills for e in s.evidence]
        got = [(e["text"], e["start"], e["end"]) for s in row.skills for e in s["evidence"]]
        assert got == want and got
        for text, start, end in got:
            assert row.text[start:end] == text


def test_null_empty_and_hostile_texts_give_error_rows(spark) -> None:
    hostile = [
        ("a", None),
        ("b", ""),
        ("c", "\x00\x01\x02" * 50),
        ("d", "x" * 3_000_000),
        ("e", "Call Centre Agent\n\nRequirements\n- Patience with upset callers.\n"),
    ]
    df = spark.createDataFrame(hostile, schema="id string, text string")
    out = extract_skills_df(df, "text", id_col="id").toPandas()
    assert len(out) == 5 and list(out["ok"]) == [False, False, False, False, True]
    assert list(out["error_type"][:2]) == ["EmptyDocument", "EmptyDocument"]
    assert out.loc[3, "error_type"] == "DocumentTooLarge"
    assert all(out["error_message"][:4].str.len() > 0) and out["skills"][0].size == 0


def test_a_text_column_that_is_not_text_gives_error_rows(spark) -> None:
    df = spark.createDataFrame([(1, 5), (2, None)], schema="id long, text long")
    out = extract_skills_df(df, "text", id_col="id").toPandas()
    assert list(out["error_type"]) == ["InvalidInput", "EmptyDocument"]
    assert "not text" in out.loc[0, "error_message"]


def test_bad_arguments_are_refused_before_any_work(postings_df) -> None:
    with pytest.raises(InvalidInput, match="not a column"):
        extract_skills_df(postings_df, "body")
    with pytest.raises(InvalidInput, match="kind"):
        extract_skills_df(postings_df, "text", kind="letter")
    with pytest.raises(InvalidInput, match="already has"):
        extract_skills_df(postings_df.withColumnRenamed("pay", "ok"), "text")
