"""score_resumes_df and match_df: the JSON Lines contract's fields as Spark columns, the
library's own results, and error rows for texts that cannot be read."""

from __future__ import annotations

import json

import pytest

import cvmatch
from cvmatch.reading import read_text
from cvmatch.spark import match_df, score_resumes_df

RESUMES = [
    (
        "ana",
        "Ana Ruiz\n\nExperience\nCall centre agent, 2019-2024: answered 70 calls a day, "
        "handled refunds in Zendesk and calmed upset callers.\n\nSkills\nSpanish (native), English",
    ),
    (
        "ben",
        "Ben Okafor\n\nExperience\nTeam leader, contact centre, 2018-2024: coached eight agents, "
        "ran quality reviews and weekly schedules.\n\nSkills\nSalesforce, coaching",
    ),
    ("cy", None),
]
POSTING = (
    "Call Centre Agent\n\nWhat you'll do\n- Answer inbound calls about bills.\n\n"
    "Requirements\n- Fluent Spanish.\n- Experience with Zendesk.\n- Patience with upset callers.\n"
)


@pytest.fixture(scope="module")
def resumes_df(spark):
    return spark.createDataFrame(RESUMES, schema="id string, text string")


def test_scores_are_the_librarys_with_the_contract_line(resumes_df) -> None:
    out = score_resumes_df(resumes_df, "text", id_col="id").toPandas()
    assert list(out["ok"]) == [True, True, False]
    for row in out.head(2).itertuples():
        want = cvmatch.score_resume(read_text(row.text, kind="resume", name=row.id))
        assert [(r["id"], r["score"]) for r in row.roles] == [(r.id, r.score) for r in want.roles]
        line = json.loads(row.result_json)
        assert line["source"] == row.id and len(line["roles"]) == len(want.roles)
    assert out.loc[2, "error"]["type"] == "EmptyDocument"
    assert json.loads(out.loc[2, "result_json"])["ok"] is False


def test_matches_are_the_librarys(resumes_df) -> None:
    out = match_df(resumes_df, POSTING, "text", id_col="id").toPandas()
    assert list(out["ok"]) == [True, True, False]
    posting = read_text(POSTING, kind="posting", name="posting")
    for row in out.head(2).itertuples():
        want = cvmatch.match(read_text(row.text, kind="resume", name=row.id), posting)
        assert row.score == pytest.approx(want.score)
        assert [m["id"] for m in row.matched] == [m.id for m in want.matched]
        assert [m["id"] for m in row.missing] == [m.id for m in want.missing]
        assert row.meets_must_haves == want.meets_must_haves
    assert out.loc[0, "score"] > out.loc[1, "score"]
