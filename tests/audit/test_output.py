"""The audit's outputs and the selection rules on small pools worked out by hand."""

from __future__ import annotations

import io
import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from cvmatch.audit import selection_audit
from cvmatch.audit.output import ROW_COLUMNS, audit_rows, write_csv
from cvmatch.batch.export import to_jsonl
from cvmatch.models import MatchResult


def _pool(scores: list[float], labels: str) -> tuple[list[MatchResult], dict[str, dict[str, str]]]:
    results = [MatchResult(source=f"{i}.txt", posting="p", score=s) for i, s in enumerate(scores)]
    return results, {f"{i}.txt": {"g": label} for i, label in enumerate(labels)}


def test_above_the_median_is_strictly_above_and_even_pools_average():
    results, groups = _pool([10, 20, 30, 40], "aabb")  # median 25: 30 and 40
    audit = selection_audit(results, groups, by="g")
    assert audit.selection.value == 25
    assert [(r.group, r.selected) for r in audit.table("g").rows] == [("a", 0), ("b", 2)]
    assert audit.table("g").row("a").ratio == 0 and audit.table("g").row("a").flagged
    results, groups = _pool([10, 20, 20, 30], "abab")  # median 20: only 30 is above
    assert selection_audit(results, groups, by="g").selection.selected == 1


def test_top_n_ties_count_everyone_tied_with_the_nth():
    results, groups = _pool([90, 80, 80, 80, 70], "ababa")
    selection = selection_audit(results, groups, by="g", top=2).selection
    assert (selection.selected, selection.tied) == (4, 2)
    table = selection_audit(results, groups, by="g", top=2).table("g")
    assert table.row("a").rate == F(2, 3) and table.row("b").rate == F(2, 2)
    assert table.row("a").ratio == F(2, 3) and table.row("a").flagged


def test_no_one_selected_gives_no_ratio_and_says_why():
    results, groups = _pool([10, 20], "ab")
    audit = selection_audit(results, groups, by="g", threshold=50)
    assert all(r.ratio is None and not r.flagged for r in audit.table("g").rows)
    assert "no group in the ratios had anyone selected" in audit.to_text()


def test_json_lines_of_match_give_the_same_audit_as_the_models(tmp_path: Path, synthetic):
    results, groups = synthetic
    to_jsonl(results, tmp_path / "match.jsonl")
    from_file = selection_audit(tmp_path / "match.jsonl", groups, by="sex,race", top=186)
    from_models = selection_audit(results, groups, by="sex,race", top=186)
    assert from_file.to_dict() == from_models.to_dict()


def test_csv_rows_cover_every_table(synthetic):
    results, groups = synthetic
    audit = selection_audit(results, groups, by="sex,race", threshold=60)
    out = io.StringIO()
    write_csv(audit, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(ROW_COLUMNS)
    rows = list(audit_rows(audit))
    assert len(lines) == 1 + len(rows) == 1 + sum(len(t.rows) for t in audit.tables)
    assert {r["category"] for r in rows} == {"sex", "race", "sex × race"}
    blank = next(r for r in rows if r["group"] == "Nonbinary")
    assert blank["impact_ratio"] is None and blank["excluded"] == "under 2%"
    assert json.loads(json.dumps(audit.to_dict()))["applicants"] == 1000


def test_the_page_escapes_labels_and_states_its_limits():
    results, groups = _pool([90, 10, 80, 20], ["<script>x</script>", "b", "b", "c"])
    page = selection_audit(results, groups, by="g").to_html(results="r.csv", groups="g.csv")
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert "What this is not" in page and "never infers" in page
    assert "<code>r.csv</code>" in page


def test_labels_cannot_drive_the_terminal(tmp_path: Path):
    from click.testing import CliRunner

    from cvmatch.cli import cli

    results, _ = _pool([90, 10], "ab")
    to_jsonl(results, tmp_path / "r.jsonl")
    (tmp_path / "g.csv").write_text("source,g\n0.txt,\x1b[31mred\n1.txt,b\n", encoding="utf-8")
    args = ["audit", str(tmp_path / "r.jsonl"), "--groups", str(tmp_path / "g.csv"), "--by", "g"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0 and "\x1b" not in result.stdout and "red" in result.stdout


@pytest.mark.parametrize("by", ["g", ["g"], "g, g"])
def test_categories_as_a_list_or_a_comma_separated_string(by):
    results, groups = _pool([90, 10], "ab")
    assert [t.name for t in selection_audit(results, groups, by=by).tables] == ["g"]


def test_without_pandas_the_frames_say_what_to_install_and_the_rest_works(monkeypatch):
    import sys

    from cvmatch.audit import impact_ratios
    from cvmatch.errors import MissingDependency

    results, groups = _pool([90, 10], "ab")
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas fails
    with pytest.raises(MissingDependency, match=r"cvmatch\[pandas\]"):
        impact_ratios(results, groups, by="g")
    assert selection_audit(results, groups, by="g").table("g").row("a").rate == 1
