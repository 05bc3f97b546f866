"""Wrong input is an error: mistyped paths, long texts and empty folders, in the API,
batches and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import cvmatch
from cvmatch.batch import iter_matches
from cvmatch.cli import cli
from cvmatch.errors import DocumentNotFound

POSTING = (
    "Customer Service Representative\n"
    "You will answer customer calls and emails and resolve billing complaints.\n"
    "Requirements: 2 years of customer service experience; clear written communication.\n"
)
RESUME = (
    "Sam Ortiz\nCustomer Service Representative\n"
    "Answered 60 customer calls a day and resolved billing complaints by email.\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    posting = tmp_path / "job posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    folder = tmp_path / "applicants"
    folder.mkdir()
    (folder / "sam.txt").write_text(RESUME, encoding="utf-8")
    return posting, folder


def test_a_mistyped_posting_path_raises(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFound, match=r"typo\.txt"):
        cvmatch.match(RESUME, str(tmp_path / "typo.txt"))


def test_a_mistyped_resume_path_raises_alone_and_is_a_failed_row_in_a_ranking(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    posting, folder = files
    with pytest.raises(DocumentNotFound):
        cvmatch.match(str(tmp_path / "nobody.pdf"), posting)
    rows = cvmatch.rank(posting, [str(folder / "sam.txt"), str(tmp_path / "nobody.pdf")])
    assert [row.ok for row in rows] == [True, False]
    assert rows[1].error.type == "DocumentNotFound" and "nobody.pdf" in rows[1].error.message


def test_a_long_text_is_text_everywhere(files: tuple[Path, Path]) -> None:
    posting, _ = files
    long_resume = RESUME.replace("\n", " ") * 300  # one line far longer than any path
    assert cvmatch.match(long_resume, posting).ok
    assert cvmatch.score_resume(long_resume).ok
    assert cvmatch.extract_skills(long_resume, kind="resume").skills
    (row,) = iter_matches(posting, [RESUME * 40])
    assert row.ok and row.source == "<text>"


def test_cli_a_missing_posting_exits_2_naming_it(files: tuple[Path, Path]) -> None:
    _, folder = files
    result = CliRunner().invoke(cli, ["rank", "--posting", "postings/typo.txt", str(folder)])
    assert result.exit_code == 2 and "typo.txt" in result.output


def test_cli_posting_text_takes_text(files: tuple[Path, Path]) -> None:
    _, folder = files
    result = CliRunner().invoke(
        cli, ["match", "--posting-text", POSTING, str(folder), "--format", "jsonl", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert '"posting":"<text>"' in result.output.replace(" ", "")


@pytest.mark.parametrize("given", [[], ["--posting", "a.txt", "--posting-text", "text"]])
def test_cli_one_posting_option_exactly(files: tuple[Path, Path], given: list[str]) -> None:
    _, folder = files
    result = CliRunner().invoke(cli, ["rank", *given, str(folder)])
    assert result.exit_code == 2 and "--posting-text" in result.output


def test_cli_a_folder_of_only_metadata_exits_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    posting, _ = files
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\0\0")
    (empty / "Thumbs.db").write_bytes(b"\0\0")
    result = CliRunner().invoke(cli, ["rank", "--posting", str(posting), str(empty)])
    assert result.exit_code == 2
    assert "no documents" in result.output and "skipped 2" in result.output
