"""The JSON Lines output contract (README, "Output contract"): names, types, order, exits."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cvmatch.cli import cli


def run(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines() if line]


def test_extract_lines_follow_the_contract(tmp_path: Path, resume_text: str, pdf_factory):
    good = pdf_factory("good.pdf", resume_text.splitlines())
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    code, rows = run("extract", str(good), str(broken), "--format", "jsonl")
    assert code == 1  # one failed, the other is still printed
    assert [r["source"] for r in rows] == [str(good), str(broken)]
    ok, failed = rows
    assert ok["ok"] is True and ok["kind"] in ("resume", "posting") and ok["error"] is None
    for skill in ok["skills"]:
        assert isinstance(skill["id"], str) and isinstance(skill["name"], str)
        assert isinstance(skill["category"], str) and skill["evidence"]
        for ev in skill["evidence"]:
            assert isinstance(ev["text"], str)
            assert ev["section"] is None or isinstance(ev["section"], str)
            assert isinstance(ev["start"], int) and isinstance(ev["end"], int)
    assert failed["ok"] is False
    assert set(failed["error"]) == {"type", "message"}
    assert failed["error"]["type"] == "CorruptDocument"
    assert str(broken) in failed["error"]["message"]


def test_score_lines_follow_the_contract(tmp_path: Path, resume_text: str):
    path = tmp_path / "cv.txt"
    path.write_text(resume_text, encoding="utf-8")
    code, [row] = run("score", str(path), "--format", "jsonl")
    assert code == 0 and row["ok"] is True and row["kind"] == "resume"
    roles = row["roles"]
    assert len(roles) == 6
    assert [r["score"] for r in roles] == sorted((r["score"] for r in roles), reverse=True)
    for role in roles:
        assert isinstance(role["id"], str) and isinstance(role["title"], str)
        assert isinstance(role["score"], (int, float)) and 0 <= role["score"] <= 100
        for item in role["matched"]:
            assert isinstance(item["id"], str)
            assert item["importance"] in ("essential", "important", "helpful")
        for item in role["missing"]:
            assert item["importance"] in ("essential", "important", "helpful")
            assert item["why"] and item["how_to_show"]
        salary = role["salary"]
        if salary is not None:
            assert isinstance(salary["low"], int) and isinstance(salary["high"], int)
            assert salary["currency"] == "USD" and salary["source"]
    salaries = {r["id"]: r["salary"] for r in roles}
    assert salaries["customer_service_specialist"]["low"] == 38500
    assert salaries["account_manager"] is None


def test_score_role_filter_and_kind(tmp_path: Path, posting_text: str):
    path = tmp_path / "job.txt"
    path.write_text(posting_text, encoding="utf-8")
    code, [row] = run(
        "score",
        str(path),
        "--format",
        "jsonl",
        "--kind",
        "posting",
        "--role",
        "call_center_specialist",
        "--role",
        "account_manager",
    )
    assert code == 0 and row["kind"] == "posting"
    assert {r["id"] for r in row["roles"]} == {"call_center_specialist", "account_manager"}


def test_match_lines_follow_the_contract(tmp_path: Path, resume_text: str, posting_text: str):
    job = tmp_path / "job.txt"
    job.write_text(posting_text, encoding="utf-8")
    first = tmp_path / "b.txt"
    first.write_text(
        "Painter and decorator.\n\nExperience\nPainter\n2019 - 2020\n", encoding="utf-8"
    )
    second = tmp_path / "a.txt"
    second.write_text(resume_text, encoding="utf-8")
    missing = tmp_path / "gone.pdf"
    code, rows = run(
        "match", "--posting", str(job), str(first), str(second), str(missing), "--format", "jsonl"
    )
    assert code == 1
    assert [r["source"] for r in rows] == [str(first), str(second), str(missing)]  # as given
    for row in rows[:2]:
        assert row["ok"] is True and 0 <= row["score"] <= 100 and row["error"] is None
        for item in row["matched"] + row["missing"]:
            assert isinstance(item["id"], str) and isinstance(item["required"], bool)
    assert rows[1]["score"] > rows[0]["score"]
    assert rows[2]["ok"] is False and rows[2]["error"]["type"] == "DocumentNotFound"


def test_usage_error_exits_2():
    result = CliRunner().invoke(cli, ["score", "x.txt", "--format", "yaml"])
    assert result.exit_code == 2


#: The exact keys, in order, of a failed line of each command: the payload fields stay,
#: empty or null, so a reader sees the same keys on every line.
FAILED_KEYS = {
    "extract": ["source", "warnings", "ok", "kind", "skills", "unmapped", "error"],
    "score": [
        "source",
        "warnings",
        "ok",
        "kind",
        "roles",
        "in_scope",
        "years_experience",
        "salary",
        "error",
    ],
    "match": [
        "source",
        "warnings",
        "ok",
        "posting",
        "score",
        "rank",
        "matched",
        "missing",
        "partial",
        "contributions",
        "meets_must_haves",
        "unmet_must_haves",
        "unknown_must_haves",
        "posting_salary",
        "error",
    ],
}


def test_failed_lines_keep_every_key_of_the_contract(tmp_path: Path, posting_text: str):
    job = tmp_path / "job.txt"
    job.write_text(posting_text, encoding="utf-8")
    missing = str(tmp_path / "gone.pdf")
    commands = {
        "extract": ["extract", missing],
        "score": ["score", missing],
        "match": ["match", "--posting", str(job), missing],
    }
    for command, args in commands.items():
        code, [row] = run(*args, "--format", "jsonl")
        assert code == 1
        assert list(row) == FAILED_KEYS[command], command
        payload = {k: v for k, v in row.items() if k not in ("source", "ok", "error", "posting")}
        assert all(v in (None, []) for v in payload.values()), (command, payload)
        assert row["ok"] is False and row["source"] == missing
        assert row["error"]["type"] == "DocumentNotFound" and missing in row["error"]["message"]
    assert row["posting"] == str(job)
