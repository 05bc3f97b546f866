"""``--record`` on score, match and rank: a decision record per document, appended."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvmatch.cli import cli
from cvmatch.models import DecisionRecord
from cvmatch.records import read_records, replay


@pytest.fixture()
def posting(tmp_path: Path, posting_text: str) -> Path:
    path = tmp_path / "posting.txt"
    path.write_text(posting_text, encoding="utf-8")
    return path


@pytest.fixture()
def applicants(tmp_path: Path, resume_text: str) -> Path:
    folder = tmp_path / "applicants"
    folder.mkdir()
    (folder / "jamie-doe.txt").write_text(resume_text, encoding="utf-8")
    (folder / "priscilla-okonkwo.md").write_text(
        resume_text.replace("Jamie Doe", "Priscilla Okonkwo").replace("Acme Retail", "Zubra Mart"),
        encoding="utf-8",
    )
    (folder / "ruined-rodrigo.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_score_records_every_document_and_a_record_replays(
    applicants: Path, tmp_path: Path
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    code, out, _ = run("score", str(applicants), "--format", "jsonl", "--record", str(record_file))
    assert code == 1  # the broken PDF
    rows = [json.loads(line) for line in out.splitlines()]
    records = [DecisionRecord.model_validate_json(x) for x in record_file.read_text().splitlines()]
    assert [r.ok for r in records] == [row["ok"] for row in rows] == [True, True, False]
    assert records[2].error_type == rows[2]["error"]["type"] and records[2].score is None
    for record, row in zip(records[:2], rows[:2], strict=True):
        assert record.score == row["roles"][0]["score"]
        again = replay(record, row["source"])
        assert again.roles[0].score == record.score
        assert [f.id for f in again.roles] == record.roles


def test_rank_with_two_workers_records_each_document_once(
    applicants: Path, posting: Path, tmp_path: Path
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    args = ["rank", "--posting", str(posting), str(applicants), "-j", "2", "-q"]
    code, out, _ = run(*args, "--record", str(record_file))
    assert code == 1
    ranked = list(csv.DictReader(io.StringIO(out)))
    records = list(read_records(record_file))
    assert len(records) == len(ranked) == 3
    assert sorted(r.score for r in records if r.ok) == sorted(
        float(row["score"]) for row in ranked if row["score"]
    )
    text = record_file.read_text(encoding="utf-8").lower()
    for word in ("jamie", "priscilla", "okonkwo", "zubra", "rodrigo", "ruined", "applicants"):
        assert word not in text
    run(*args, "--record", str(record_file))  # a second run appends
    assert len(list(read_records(record_file))) == 6


def test_match_records_against_the_posting_and_blind_uses_the_ids(
    applicants: Path, posting: Path, tmp_path: Path
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    out_file = tmp_path / "matches.jsonl"
    code, _, _ = run(
        "match",
        "--posting",
        str(posting),
        str(applicants / "jamie-doe.txt"),
        "--format",
        "jsonl",
        "-o",
        str(out_file),
        "--blind",
        "--blind-key",
        str(tmp_path / "blind.key"),
        "-q",
        "--record",
        str(record_file),
    )
    assert code == 0
    (row,) = [json.loads(line) for line in out_file.read_text().splitlines()]
    (record,) = read_records(record_file)
    assert record.job == "match" and record.blind and record.posting_sha256
    assert record.score == row["score"]
    assert record.blind_id == row["source"]  # blind mode's pseudonymous id, not a name
    assert "jamie" not in record_file.read_text(encoding="utf-8").lower()
    again = replay(record, applicants / "jamie-doe.txt", posting=posting)
    assert again.score == record.score


@pytest.mark.parametrize("where", ["same", "inside"])
def test_a_record_file_that_is_an_output_or_in_an_input_folder_is_refused(
    applicants: Path, tmp_path: Path, where: str
) -> None:
    output = tmp_path / "scores.jsonl"
    record = output if where == "same" else applicants / "decisions.jsonl"
    code, _, err = run("score", str(applicants), "-o", str(output), "--record", str(record))
    assert code == 2
    assert "--record" in err
    assert not record.exists()


def test_a_record_file_that_cannot_be_created_exits_3(applicants: Path, tmp_path: Path) -> None:
    record = tmp_path / "no" / "such" / "folder" / "decisions.jsonl"
    code, _, err = run("score", str(applicants), "-q", "--record", str(record))
    assert code == 3
    assert "decision record" in err
