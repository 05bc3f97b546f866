"""Results and groups in every form they come: models, files the CLI wrote, DataFrames."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from cvmatch.audit import MissingGroups, load_results, selection_audit
from cvmatch.batch.export import ResultCsvWriter, to_csv, to_dataframe, to_jsonl
from cvmatch.errors import InvalidInput
from cvmatch.models import ErrorInfo, FailedScore, MatchResult, RoleFit, ScoreResult

pd = pytest.importorskip("pandas")


def _score_results() -> list[ScoreResult | FailedScore]:
    """Four resumes scored for two roles (the agent role reversed), one unreadable."""
    rows: list[ScoreResult | FailedScore] = []
    for i, score in enumerate([80.0, 70.0, 50.0, 40.0]):
        roles = [
            RoleFit(id="team_lead", title="Team lead", score=score),
            RoleFit(id="agent", title="Agent", score=100.0 - score),
        ]
        rows.append(ScoreResult(source=f"cv/{i}.txt", kind="resume", roles=roles))
    error = ErrorInfo(type="EmptyDocument", message="cv/4.txt: the file is empty")
    rows.append(FailedScore(source="cv/4.txt", error=error))
    return rows


GROUPS = {f"cv/{i}.txt": {"sex": sex} for i, sex in enumerate("FMFMF")}


def test_score_results_need_a_role_when_they_hold_several():
    with pytest.raises(InvalidInput, match=r"--role .* agent, team_lead"):
        load_results(_score_results())
    with pytest.raises(InvalidInput, match="no scores for role 'cashier'"):
        load_results(_score_results(), role="cashier")


@pytest.mark.parametrize(
    ("role", "selected", "female"),
    [
        ("team_lead", {"F": 1, "M": 1}, F(1, 2)),  # 80 (F) and 70 (M) reach 55
        ("agent", {"F": 0, "M": 1}, F(0)),  # 100 - 40 = 60 (M) alone
    ],
)
def test_the_role_picks_the_scores(role, selected, female):
    audit = selection_audit(_score_results(), GROUPS, by="sex", threshold=55, role=role)
    sex = audit.table("sex")
    assert {r.group: r.selected for r in sex.rows} == selected
    assert sex.row("F").rate == female and sex.row("F").failed == 1
    assert audit.role == role


def test_score_files_in_json_lines_json_and_csv_read_the_same(tmp_path: Path):
    results = _score_results()
    to_jsonl(results, tmp_path / "scores.jsonl")
    with open(tmp_path / "scores.csv", "w", encoding="utf-8", newline="") as handle:
        writer = ResultCsvWriter(handle, ScoreResult)
        for result in results:
            writer.write(result)
    dumped = [r.model_dump(mode="json") for r in results]
    (tmp_path / "scores.json").write_text(json.dumps(dumped), encoding="utf-8")
    expected = load_results(results, role="agent")
    assert [a.score for a in expected] == [20.0, 30.0, 50.0, 60.0, None]
    for name in ("scores.jsonl", "scores.csv", "scores.json"):
        assert load_results(tmp_path / name, role="agent") == expected, name


def test_match_results_in_csv_keep_the_rank_and_undo_the_formula_guard(tmp_path: Path):
    results = [
        MatchResult(source="=HYPERLINK(x).txt", posting="p.txt", score=55.5, rank=2),
        MatchResult(source="plain.txt", posting="p.txt", score=90.0, rank=1),
    ]
    to_csv(results, tmp_path / "ranked.csv")
    assert "'=HYPERLINK" in (tmp_path / "ranked.csv").read_text(encoding="utf-8")
    loaded = load_results(tmp_path / "ranked.csv")
    assert [(a.key, a.score, a.rank) for a in loaded] == [
        ("=HYPERLINK(x).txt", 55.5, 2),
        ("plain.txt", 90.0, 1),
    ]
    with pytest.raises(InvalidInput, match="one score per document"):
        load_results(tmp_path / "ranked.csv", role="agent")


def test_a_dataframe_of_results_and_of_groups(tmp_path: Path):
    frame = to_dataframe(_score_results(), model=ScoreResult)
    groups = pd.DataFrame({"sex": list("FMFMF")}, index=pd.Index(list(GROUPS), name="source"))
    audit = selection_audit(frame, groups, by="sex", threshold=55, role="team_lead")
    assert [(r.group, r.applicants, r.selected) for r in audit.table("sex").rows] == [
        ("F", 3, 1),
        ("M", 2, 1),
    ]


def test_a_source_seen_twice_is_an_error():
    twice = [MatchResult(source="a.txt", posting="p", score=s) for s in (1.0, 2.0)]
    with pytest.raises(InvalidInput, match=r"'a\.txt' appears more than once"):
        load_results(twice)


def test_extract_results_or_other_objects_are_refused():
    with pytest.raises(InvalidInput, match="expected cvmatch score or match results"):
        load_results([object()])


def test_a_groups_csv_from_a_spreadsheet(tmp_path: Path):
    """Semicolons, a byte-order mark, spaces around names and labels, a blank line."""
    path = tmp_path / "groups.csv"
    rows = ["id ; sex", *(f"{i}.txt ; {s} " for i, s in enumerate("FMFMF")), ";"]
    path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    results = [MatchResult(source=f"cv/{i}.txt", posting="p", score=10.0 * i) for i in range(5)]
    audit = selection_audit(results, path, by=" sex ", key="id", threshold=20)
    assert [(r.group, r.applicants, r.selected) for r in audit.table("sex").rows] == [
        ("F", 3, 2),
        ("M", 2, 1),
    ]
    assert audit.join.by_file_name == 5  # "0.txt" found for "cv/0.txt"


def test_groups_that_contradict_themselves_or_lack_the_key(tmp_path: Path):
    results = [MatchResult(source="a.txt", posting="p", score=1.0)]
    with pytest.raises(InvalidInput, match="two rows with different groups"):
        selection_audit(
            results, [{"source": "a.txt", "sex": "F"}, {"source": "a.txt", "sex": "M"}], by="sex"
        )
    path = tmp_path / "groups.csv"
    path.write_text("file,sex\na.txt,F\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"no column 'source'.*--key"):
        selection_audit(results, path, by="sex")
    path.write_text("", encoding="utf-8")
    with pytest.raises(MissingGroups, match="holds no rows"):
        selection_audit(results, path, by="sex")


def test_results_with_no_document_are_an_error(tmp_path: Path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="hold no results"):
        load_results(tmp_path / "empty.jsonl")
    (tmp_path / "bad.jsonl").write_text('{"source": "a.txt"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="line 2 is not JSON"):
        load_results(tmp_path / "bad.jsonl")


def test_a_line_separator_inside_a_json_line_does_not_split_it(tmp_path: Path):
    results = [MatchResult(source="a\u2028b.txt", posting="p", score=12.5)]
    to_jsonl(results, tmp_path / "odd.jsonl")
    assert [(a.key, a.score) for a in load_results(tmp_path / "odd.jsonl")] == [
        ("a\u2028b.txt", 12.5)
    ]
