"""End-to-end tests of the ``cvmatch`` command: formats, the JSONL contract, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter

from cvmatch.batch.inputs import expand_paths
from cvmatch.cli import cli
from cvmatch.models import ExtractResult, MatchResult, ScoreLine, ScoreResult

pd = pytest.importorskip("pandas")

SCRIPT = "<script>alert('x')</script>"
ODD_NAME = "f-<img src=x onerror=alert(1)>.txt"


@pytest.fixture()
def posting(tmp_path: Path, posting_text: str) -> Path:
    path = tmp_path / "posting.txt"
    path.write_text(posting_text, encoding="utf-8")
    return path


@pytest.fixture()
def applicants(tmp_path: Path, pdf_factory, resume_text: str) -> Path:
    """Good resumes (PDF, text) with broken files among them."""
    folder = tmp_path / "applicants"
    (folder / "more").mkdir(parents=True)
    pdf = pdf_factory("jamie.pdf", resume_text.splitlines())
    pdf.rename(folder / "a-jamie.pdf")
    (folder / "b-broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (folder / "c-empty.txt").write_text("", encoding="utf-8")
    (folder / "more" / "d-sam.txt").write_text(
        resume_text.replace("Jamie Doe", SCRIPT).replace("Zendesk,", f"Salesforce {SCRIPT},"),
        encoding="utf-8",
    )
    (folder / "e-short.md").write_text(
        "Pat Roe\n\nExperience\nCashier, Corner Shop\n2019 - 2022\n"
        "- Served customers at the till\n",
        encoding="utf-8",
    )
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- one PDF through every command ----------------------------------------------------------
def test_extract_pdf_jsonl(pdf_factory, resume_text: str) -> None:
    pdf = pdf_factory("jamie.pdf", resume_text.splitlines())
    code, out, _ = run("extract", str(pdf), "--format", "jsonl")
    assert code == 0
    [row] = jsonl(out)
    ExtractResult.model_validate(row)
    assert row["source"] == str(pdf) and row["ok"] is True and row["error"] is None
    assert row["kind"] == "resume"
    skill = row["skills"][0]
    assert {"id", "name", "category", "evidence"} <= set(skill)
    evidence = skill["evidence"][0]
    assert isinstance(evidence["start"], int) and evidence["end"] > evidence["start"]


def test_score_pdf_jsonl(pdf_factory, resume_text: str) -> None:
    pdf = pdf_factory("jamie.pdf", resume_text.splitlines())
    code, out, _ = run("score", str(pdf), "--format", "jsonl")
    assert code == 0
    [row] = jsonl(out)
    ScoreResult.model_validate(row)
    scores = [role["score"] for role in row["roles"]]
    assert len(scores) == 6 and scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert {"id", "title", "score", "matched", "missing", "salary"} <= set(row["roles"][0])


def test_match_pdf_jsonl(pdf_factory, resume_text: str, posting: Path) -> None:
    pdf = pdf_factory("jamie.pdf", resume_text.splitlines())
    code, out, _ = run("match", "--posting", str(posting), str(pdf), "--format", "jsonl")
    assert code == 0
    [row] = jsonl(out)
    MatchResult.model_validate(row)
    assert row["ok"] is True and isinstance(row["score"], float)
    assert all(isinstance(m["required"], bool) for m in row["matched"] + row["missing"])


def test_rank_pdf_csv_and_report(
    pdf_factory, resume_text: str, posting: Path, tmp_path: Path
) -> None:
    pdf = pdf_factory("jamie.pdf", resume_text.splitlines())
    csv_path, html_path = tmp_path / "ranked.csv", tmp_path / "report.html"
    code, _, _ = run(
        "rank", "--posting", str(posting), str(pdf), "-o", str(csv_path), "--report", str(html_path)
    )
    assert code == 0
    frame = pd.read_csv(csv_path)
    assert frame["source"].tolist() == [str(pdf)] and frame["rank"].tolist() == [1]
    assert "How the score is computed" in html_path.read_text(encoding="utf-8")


# --- many inputs: contract, order, nothing lost -----------------------------------------------
def test_folder_with_broken_files_yields_every_row_in_order(applicants: Path) -> None:
    missing = applicants / "not-there.pdf"
    code, out, err = run("score", str(applicants), str(missing), "--format", "jsonl")
    assert code == 1
    rows = jsonl(out)
    expected = [*expand_paths([str(applicants)]), str(missing)]
    assert [r["source"] for r in rows] == expected
    failed = {Path(r["source"]).name: r["error"] for r in rows if not r["ok"]}
    assert set(failed) == {"b-broken.pdf", "c-empty.txt", "not-there.pdf"}
    assert failed["c-empty.txt"]["type"] == "EmptyDocument"
    assert failed["not-there.pdf"]["type"] == "DocumentNotFound"
    for name, error in failed.items():
        assert name in error["message"]
    lines = TypeAdapter(ScoreLine)
    for row in rows:
        parsed = lines.validate_python(row)  # a failed line parses as FailedScore
        assert parsed.ok == row["ok"] and (row["error"] is None) == row["ok"]
    assert "could not be read" in err


def test_extract_globs_and_mixed_formats(applicants: Path) -> None:
    code, out, _ = run(
        "extract", str(applicants / "**" / "*.txt"), str(applicants / "*.pdf"), "--format", "jsonl"
    )
    assert code == 1
    names = [Path(r["source"]).name for r in jsonl(out)]
    assert names == ["c-empty.txt", "d-sam.txt", "a-jamie.pdf", "b-broken.pdf"]


def test_match_jsonl_keeps_input_order_and_csv_ranks(applicants: Path, posting: Path) -> None:
    paths = [
        str(applicants / "e-short.md"),
        str(applicants / "b-broken.pdf"),
        str(applicants / "a-jamie.pdf"),
    ]
    code, out, _ = run("match", "--posting", str(posting), *paths, "--format", "jsonl")
    assert code == 1
    rows = jsonl(out)
    assert [r["source"] for r in rows] == paths
    assert rows[1]["error"]["type"] == "CorruptDocument"
    assert "b-broken.pdf" in rows[1]["error"]["message"]
    code, out, _ = run("match", "--posting", str(posting), *paths, "--format", "csv")
    assert code == 1
    frame = pd.read_csv(io.StringIO(out))
    ok = frame[frame["ok"]]
    assert ok["score"].tolist() == sorted(ok["score"].tolist(), reverse=True)
    assert ok["rank"].tolist() == [1, 2]
    assert frame["source"].iloc[-1] == paths[1] and not frame["ok"].iloc[-1]


def test_rank_folder_csv_opens_in_pandas_and_report_escapes(
    applicants: Path, posting: Path, tmp_path: Path
) -> None:
    csv_path, html_path = tmp_path / "ranked.csv", tmp_path / "report.html"
    (applicants / ODD_NAME).write_text((applicants / "e-short.md").read_text(), encoding="utf-8")
    code, out, _ = run(
        "rank",
        "--posting",
        str(posting),
        str(applicants),
        "-o",
        str(csv_path),
        "--report",
        str(html_path),
    )
    assert code == 1 and out == ""
    frame = pd.read_csv(csv_path)
    assert sorted(frame["source"]) == sorted(expand_paths([str(applicants)]))
    assert frame["ok"].tolist() == [True] * 4 + [False] * 2
    assert frame["rank"].iloc[:4].tolist() == [1, 2, 3, 4]
    assert frame.loc[~frame["ok"], "error_type"].tolist() == ["CorruptDocument", "EmptyDocument"]
    html = html_path.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "f-&lt;img src=x onerror=alert(1)&gt;.txt" in html
    assert "b-broken.pdf" in html and "Files that could not be read" in html


def test_jobs_2_gives_the_same_rows_in_the_same_order(applicants: Path) -> None:
    args = ["score", str(applicants), "--format", "jsonl"]
    code_1, out_1, _ = run(*args, "-j", "1")
    code_2, out_2, _ = run(*args, "-j", "2")
    assert code_1 == code_2 == 1
    assert out_1 == out_2


def test_formats_stream_to_a_file(applicants: Path, tmp_path: Path) -> None:
    target = tmp_path / "scores.csv"
    code, out, _ = run("score", str(applicants), "--format", "csv", "-o", str(target), "-q")
    assert code == 1 and out == ""
    frame = pd.read_csv(target)
    assert frame["source"].nunique() == 5
    assert len(frame) == 3 * 6 + 2
    code, out, _ = run("score", str(applicants / "a-jamie.pdf"), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = run("score", str(applicants), "--format", "table")
    assert "FAILED EmptyDocument" in out and "best fit:" in out


def test_ctrl_c_leaves_a_valid_partial_file(
    applicants: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cvmatch.cli as cli_module

    real = cli_module.iter_scores

    def interrupted(*args, **kwargs):
        for index, result in enumerate(real(*args, **kwargs)):
            if index == 2:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(cli_module, "iter_scores", interrupted)
    target = tmp_path / "partial.jsonl"
    code, _, err = run("score", str(applicants), "--format", "jsonl", "-o", str(target))
    assert code == 130
    assert "interrupted after 2 document(s)" in err
    assert len(jsonl(target.read_text(encoding="utf-8"))) == 2
    code, out, _ = run("score", str(applicants), "--format", "json")
    assert code == 130 and len(json.loads(out)) == 2


@pytest.mark.parametrize(
    "args",
    [
        ["score", "x.txt", "--role", "astronaut"],
        ["score"],
        ["match", "x.txt"],
        ["score", "x.txt", "--jobs", "-1"],
        ["rank", "--posting", "", "x.txt"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args)[0] == 2
