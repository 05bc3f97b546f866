"""``cvmatch audit`` prints and writes the library's figures, from what ``cvmatch rank`` wrote."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvmatch.audit import selection_audit
from cvmatch.batch import Ranking
from cvmatch.batch.export import to_csv
from cvmatch.cli import cli

POSTING = """Customer Support Agent

What you will do
- Answer customer calls and chat messages about orders and deliveries
- Resolve complaints and issue refunds
- Log every case in Zendesk

Requirements
- 2 years of customer service experience
- Experience with a ticketing system such as Zendesk
"""

STRONG = """Summary
Patient support agent who enjoys solving customer problems on the phone and in chat.

Skills
Zendesk, live chat, refunds, complaint handling

Experience
Customer Support Agent, Northwind Deliveries
March 2019 - Present
- Answered about 70 customer calls and chats a day about late orders
- Resolved complaints and issued refunds within policy
- Logged every case in Zendesk and closed 95% on first contact
"""

WEAK = """Experience
Forklift Driver, Harbour Logistics
2020 - 2023
- Moved pallets between the dock and the racks
- Checked forklift brakes before each shift
"""

#: file -> sex: the strong resumes score the same (a tie), the weak ones too; two fail.
SEX = {
    "strong-1.txt": "F",
    "strong-2.txt": "M",
    "strong-3.txt": "F",
    "weak-1.txt": "M",
    "weak-2.txt": "F",
    "weak-3.txt": "M",
    "empty-1.txt": "F",
    "broken-1.pdf": "M",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A real ``cvmatch rank`` CSV of eight applicants, and the groups file."""
    folder = tmp_path_factory.mktemp("audit")
    apps = folder / "apps"
    apps.mkdir()
    for name in SEX:
        text = STRONG if name.startswith("strong") else WEAK if name.startswith("weak") else ""
        (apps / name).write_text(text, encoding="utf-8")
    (apps / "broken-1.pdf").write_bytes(b"%PDF-1.4\nnot a real pdf")
    (folder / "posting.txt").write_text(POSTING, encoding="utf-8")
    out = folder / "ranked.csv"
    code, _, err = run("rank", "--posting", str(folder / "posting.txt"), str(apps), "-o", str(out))
    assert code == 1, err  # two documents could not be read; all rows are written
    groups = folder / "groups.csv"
    groups.write_text("source,sex\n" + "".join(f"{k},{v}\n" for k, v in SEX.items()))
    return out, groups


def _table(stdout: str, title: str) -> dict[str, list[str]]:
    """The printed rows of one table: group -> its cells."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{title} (highest"))
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("  ") or ":" in line.split()[0]:
            break
        cells = line.split()
        rows[cells[0]] = cells[1:]
    return rows


def test_audit_of_a_rank_csv_prints_the_hand_computed_figures(ranked):
    out, groups = ranked
    code, stdout, _ = run("audit", str(out), "--groups", str(groups), "--by", "sex", "--top", "2")
    assert code == 0
    # top 2 by place: the three strong resumes tie in score, so all three are selected.
    # F: strong-1, strong-3 of 3 scored (empty-1 failed): 2/3; M: strong-2 of 3: 1/3 -> 0.5
    assert _table(stdout, "sex") == {
        "F": ["4", "1", "3", "2", "0.6667", "1.0000"],
        "M": ["4", "1", "3", "1", "0.3333", "0.5000", "<", "0.8"],
    }
    assert "the top 2 by place in the results' ranking: 3 of 6 selected" in stdout
    assert "1 more than 2: tied in score with place 2" in stdout
    assert "8 applicants: 6 scored, 2 could not be read." in stdout
    assert "not a legal opinion" in stdout


def test_audit_prints_the_synthetic_figures_from_a_ranked_csv(tmp_path, synthetic, groups_csv):
    """The 1,000 applicants ranked (as ``rank`` writes them) and audited on the command line."""
    results, _ = synthetic
    path = tmp_path / "ranked.csv"
    with Ranking(results) as ranking:
        to_csv(ranking, path)
    args = ["audit", str(path), "--groups", str(groups_csv), "--by", "sex,race", "--top", "186"]
    code, stdout, _ = run(*args)
    assert code == 0
    race = _table(stdout, "race")
    assert race["Black"] == ["265", "10", "255", "35", "0.1373", "0.5996", "<", "0.8"]  # 581/969
    assert race["Asian"] == ["170", "4", "166", "38", "0.2289", "1.0000"]
    assert race["Native"][:6] == ["12", "0", "12", "3", "0.2500", "-"]
    assert _table(stdout, "sex")["Female"] == ["496", "18", "478", "94", "0.1967", "0.9811"]
    assert "193 of 967 selected (7 more than 186" in stdout
    library = selection_audit(path, groups_csv, by="sex,race", top=186)
    for name in ("sex", "race"):
        printed = _table(stdout, name)
        for row in library.table(name).rows:
            counts = [str(n) for n in (row.applicants, row.failed, row.scored, row.selected)]
            assert printed[row.group][:5] == [*counts, f"{float(row.rate):.4f}"]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".html"])
def test_audit_writes_csv_json_and_html_by_the_extension(ranked, tmp_path, suffix):
    out, groups = ranked
    target = tmp_path / f"audit{suffix}"
    args = ["audit", str(out), "--groups", str(groups), "--by", "sex", "--top", "2"]
    code, stdout, stderr = run(*args, "-o", str(target))
    assert code == 0 and stdout == ""
    assert "wrote the audit" in stderr
    text = target.read_text(encoding="utf-8")
    if suffix == ".csv":
        rows = {row["group"]: row for row in csv.DictReader(text.splitlines())}
        assert rows["M"]["selection_rate"] == repr(1 / 3)
        assert rows["M"]["impact_ratio"] == "0.5" and rows["M"]["flag"] == "True"
        assert rows["F"]["failed"] == "1" and rows["F"]["category"] == "sex"
    elif suffix == ".json":
        data = json.loads(text)
        assert data["selection"]["tied"] == 1 and data["selection"]["by_rank"] is True
        male = data["tables"][0]["rows"][1]
        assert (male["group"], male["impact_ratio"], male["flag"]) == ("M", 0.5, True)
        assert "not a legal opinion" in data["limits"]
    else:
        assert text.startswith("<!DOCTYPE html>")
        assert "<td>M</td>" in text and "under 0.8" in text
        assert "not a legal opinion" in text and "What was computed" in text
        assert "strong-1" not in text  # the page names groups, never applicants
        assert "http://" not in text and "https://" not in text


def test_audit_without_groups_computes_nothing(ranked):
    out, groups = ranked
    code, stdout, stderr = run("audit", str(out), "--by", "sex")
    assert code == 2 and stdout == ""
    assert "no group labels were given" in stderr and "never guesses" in stderr
    code, _, stderr = run("audit", str(out), "--groups", str(groups))
    assert code == 2 and "no category was named" in stderr


def test_audit_usage_errors(ranked, tmp_path):
    out, groups = ranked
    base = ["audit", str(out), "--groups", str(groups), "--by", "sex"]
    code, _, stderr = run(*base, "--threshold", "50", "--top", "2")
    assert code == 2 and "not both" in stderr
    code, _, stderr = run(*base, "-o", str(tmp_path / "audit.xlsx"))
    assert code == 2 and ".csv, .json or .html" in stderr
    code, _, stderr = run(*base, "-o", str(groups.with_suffix(".csv")))
    assert code == 2 and "is one of the inputs" in stderr
    assert groups.read_text().startswith("source,sex")
    code, _, stderr = run(*base, "--role", "team_lead")
    assert code == 2 and "one score per document" in stderr
    code, _, stderr = run("audit", str(out), "--groups", str(groups), "--by", "race")
    assert code == 2 and "no column 'race'" in stderr
