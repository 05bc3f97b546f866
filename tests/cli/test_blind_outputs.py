"""With --blind no output names anyone: every output file is searched for the fixtures'
file stems, the personal-name words in them, names, e-mail, phones, addresses, dates of
birth and photo captions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvmatch.cli import cli

POSTING = """Customer Service Agent
Requirements
- Customer service experience in a call centre
- Zendesk or Salesforce
- Conflict resolution and complaint handling
"""

RESUMES = {
    "alex-rivera-call-center.txt": """Alex Rivera
alex.rivera@example.com | +34612345678 | Calle Mayor 5, Madrid
Date of birth: 14/02/1988 | Nationality: Spanish

Summary
Customer service agent with 6 years in a call centre. Mr. Rivera is known for patience.

Experience
Customer Service Agent, Telefonica
Jan 2018 - Present
- Answered 90 inbound calls a day in Zendesk; Rivera resolved billing complaints.
- Handled conflict resolution for escalated customers.
""",
    "jose-nunez.md": """# José Núñez
jose.nunez@example.org · (555) 123-4567 · 221B Baker Street, London NW1 6XE
Skype: jose.nunez84 · he/him

## Summary
Bilingual support agent. José Núñez handled escalations; Núñez trained new agents.
Married, two children. Originally from Lagos, Nigeria.

## Experience
Support Agent, Chase
March 2016 - Present
- Resolved complaints by phone and chat in Salesforce.

## Education
BA Business, University of Leeds, 2004

## References
Maria Lopez, Team Leader. Contact: maria.lopez@example.com, 07700 900123
""",
    "aisha-al-farsi-cv.txt": """Aisha Al-Farsi
aisha@example.net | +44 (0)20 7946 0958 | WhatsApp: +971501234567
Photo: aisha-portrait.jpg | Age: 29 | Born: 3 March 1996

Profile
Contact centre advisor. Ms. Al-Farsi met sales targets and handled complaints.

Experience
Contact Centre Advisor, Etisalat
2019 - 2024
- Handled 100 calls a day, complaint handling and retention offers in Zendesk.
""",
}

#: Whatever must appear in no output file (compared case-blind).
SECRETS = [
    "Alex",
    "Rivera",
    "alex.rivera@example.com",
    "34612345678",
    "Calle Mayor",
    "14/02/1988",
    "Spanish",
    "José",
    "Jose",
    "Núñez",
    "Nunez",
    "jose.nunez",
    "123-4567",
    "Baker Street",
    "NW1 6XE",
    "jose.nunez84",
    "he/him",
    "Lagos",
    "Nigeria",
    "Maria",
    "Lopez",
    "900123",
    "Aisha",
    "Farsi",
    "aisha@example.net",
    "7946 0958",
    "971501234567",
    "aisha-portrait",
    "3 March 1996",
    "call-center",
]


@pytest.fixture()
def applicants(tmp_path: Path) -> Path:
    folder = tmp_path / "applicants"
    folder.mkdir()
    for name, text in RESUMES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "dana-obrien-smith.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    return folder


def _stems(folder: Path) -> list[str]:
    words = []
    for path in folder.iterdir():
        words.append(path.stem)
        words += [w for w in re.split(r"[^A-Za-z]+", path.stem) if len(w) > 2 and w != "txt"]
    return [w for w in words if w.lower() not in {"call", "center", "cv"}]


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _leaks(text: str, secrets: list[str]) -> list[str]:
    lowered = text.lower()
    return [s for s in secrets if s.lower() in lowered]


def _has_record_option() -> bool:
    return "--record" in CliRunner().invoke(cli, ["score", "--help"]).output


def test_no_output_of_a_blind_run_names_anyone(
    applicants: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    posting = tmp_path / "posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)  # a run printing to the terminal keeps its map in the working folder
    record = ["--record", str(out / "decisions.jsonl")] if _has_record_option() else []
    folder = str(applicants)
    common = ["--blind", "-q"]
    posting_args = ["--posting", str(posting)]
    rank_args = ["-o", str(out / "ranked.csv"), "--report", str(out / "report.html")]
    _run("rank", folder, *posting_args, *common, *rank_args, *record)
    for fmt in ("jsonl", "csv", "markdown", "table"):
        _run("score", folder, *common, "--format", fmt, "-o", str(out / f"scores.{fmt}"))
        _run("match", folder, *posting_args, *common, "--format", fmt, "-o", str(out / f"m.{fmt}"))
    _run("extract", folder, *common, "--format", "jsonl", "-o", str(out / "skills.jsonl"))
    terminal = _run("score", folder, *common)
    outputs = {
        p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if "blindmap" not in p.name
    }
    outputs["terminal"] = terminal
    assert {"ranked.csv", "report.html", "scores.jsonl", "m.csv", "skills.jsonl"} <= set(outputs)
    if record:
        assert "decisions.jsonl" in outputs
    secrets = SECRETS + _stems(applicants)
    leaks = {name: _leaks(text, secrets) for name, text in outputs.items()}
    assert not any(leaks.values()), leaks
    assert "cand-" in outputs["ranked.csv"] and "cand-" in outputs["report.html"]
    # the maps, apart from the outputs, unblind every row
    maps = sorted(out.glob("*.blindmap.csv"))
    assert maps and all(str(applicants / name) in maps[0].read_text() for name in RESUMES)


def test_a_plain_run_would_have_leaked_them(applicants: Path, tmp_path: Path) -> None:
    """The check above finds leaks when there are some: without --blind it does."""
    text = _run("score", str(applicants), "-q", "--format", "jsonl")
    assert {"Rivera", "call-center", "Núñez"} <= set(_leaks(text, SECRETS + _stems(applicants)))


def test_blind_options_need_blind(applicants: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["score", str(applicants), "--blind-key", "k.key"])
    assert result.exit_code == 2 and "--blind" in result.output


def test_the_blind_map_may_not_go_into_an_input_folder(applicants: Path, tmp_path: Path) -> None:
    inside = str(applicants / "ids.csv")
    key = str(tmp_path / "k.key")
    args = ["score", str(applicants), "--blind", "--blind-key", key, "--blind-map", inside]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "--blind-map" in result.output
