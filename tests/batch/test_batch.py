"""Batches: order, failed rows, workers that hang or crash, ranking, CSV, JSON Lines and
DataFrame, limits, and errors that are all ``CvmatchError``."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import time
from pathlib import Path

import pytest

import cvmatch
from cvmatch.batch import (
    Ranking,
    iter_extracts,
    iter_matches,
    iter_scores,
    rank,
    to_csv,
    to_dataframe,
    to_jsonl,
)
from cvmatch.batch import job as batch_job
from cvmatch.batch import pool as batch
from cvmatch.batch.export import result_rows
from cvmatch.errors import CvmatchError, InvalidInput, WorkerStartError
from cvmatch.models import ErrorInfo, FailedMatch, FailedScore, MatchResult, ScoreResult


@pytest.fixture()
def folder(tmp_path: Path, resume_text: str) -> Path:
    root = tmp_path / "cvs"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(resume_text, encoding="utf-8")
    (root / "b.pdf").write_bytes(b"not a pdf at all")
    (root / "sub" / "c.md").write_text(
        resume_text.replace("Zendesk", "Salesforce"), encoding="utf-8"
    )
    (root / "d.txt").write_text(
        "Pat Roe\n\nSkills\nCash handling, customer service\n", encoding="utf-8"
    )
    return root


def test_iter_scores_is_a_generator_in_input_order_with_failed_rows(folder: Path) -> None:
    results = iter_scores([folder / "d.txt", folder, "missing.docx"])
    assert iter(results) is results
    rows = list(results)
    assert [Path(r.source).name for r in rows] == [
        "d.txt",  # given, and found again in the folder: one row each time
        "a.txt",
        "b.pdf",
        "d.txt",
        "c.md",
        "missing.docx",
    ]
    assert [r.ok for r in rows] == [True, True, False, True, True, False]
    assert [type(r) for r in rows] == [
        ScoreResult,
        ScoreResult,
        FailedScore,
        ScoreResult,
        ScoreResult,
        FailedScore,
    ]
    assert rows[-1].error.type == "DocumentNotFound" and "missing.docx" in rows[-1].error.message


def test_iter_extracts_accepts_documents_and_one_path(folder: Path, resume_text: str) -> None:
    document = cvmatch.read_text(resume_text, name="inline")
    rows = list(iter_extracts([document, folder / "a.txt"]))
    assert [r.source for r in rows] == ["inline", str(folder / "a.txt")]
    assert rows[0].skills == rows[1].skills
    assert [r.source for r in iter_extracts(folder / "a.txt")] == [str(folder / "a.txt")]


def test_iter_matches_agrees_with_match(folder: Path, posting_text: str) -> None:
    [row] = iter_matches(posting_text, [folder / "a.txt"])
    single = cvmatch.match(folder / "a.txt", posting_text)
    assert row.score == single.score
    assert row.rank is None and single.rank == 1  # match() is a ranking of one


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_workers_time_out_crash_and_keep_the_order(folder: Path, monkeypatch) -> None:
    """A hung file gets a DocumentTimeout row, a crash an UnreadableDocument row; the
    workers are replaced and every other file is still scored, in order."""
    real_run = batch_job.Job.run

    def run(self, source):
        name = Path(os.fspath(source)).name
        if name == "a.txt":
            time.sleep(60)
        if name == "c.md":
            os._exit(3)
        return real_run(self, source)

    monkeypatch.setattr(batch_job.Job, "run", run)  # inherited by forked workers
    monkeypatch.setattr(batch, "KILL_GRACE", 0.0)
    (folder / "e.txt").write_text((folder / "d.txt").read_text())
    sources = [
        folder / "d.txt",
        folder / "a.txt",
        folder / "b.pdf",
        folder / "sub" / "c.md",
        folder / "e.txt",
    ]
    started = time.monotonic()
    rows = list(iter_scores(sources, jobs=2, timeout=1.5, start_method="fork", prefetch=2))
    assert time.monotonic() - started < 30
    assert [r.source for r in rows] == [str(s) for s in sources]
    assert [r.ok for r in rows] == [True, False, False, False, True]
    assert rows[1].error.type == "DocumentTimeout" and "a.txt" in rows[1].error.message
    assert rows[2].error.type == "WrongFileType"
    assert rows[3].error.type == "UnreadableDocument" and "crashed" in rows[3].error.message


def _match(source: str, score: float | None) -> MatchResult | FailedMatch:
    if score is None:
        return FailedMatch(
            source=source, error=ErrorInfo(type="EmptyDocument", message=f"{source}: empty")
        )
    return MatchResult(source=source, posting="p.txt", score=score)


def test_ranking_orders_like_rank_without_holding_results() -> None:
    rows = [
        _match("a", 50.0),
        _match("b", None),
        _match("c", 70.0),
        _match("d", 50.0),
        _match("e", None),
    ]
    with Ranking(rows) as ranking:
        assert len(ranking) == 5 and ranking.ok == 3 and ranking.failed == 2
        ranked = list(ranking)
        assert [r.source for r in ranked] == ["c", "a", "d", "b", "e"]
        assert [r.rank for r in ranked] == [1, 2, 3, None, None]
        assert [r.source for r in ranking.top(2)] == ["c", "a"]
        assert [r.source for r in ranking.failures()] == ["b", "e"]
        assert ranking.scores() == [70.0, 50.0, 50.0]
        assert list(ranking) == ranked  # can be read again


def test_to_csv_and_to_dataframe_have_the_same_rows(folder: Path, tmp_path: Path) -> None:
    results = list(iter_scores(folder))
    target = tmp_path / "scores.csv"
    assert to_csv(results, target) == 4
    with open(target, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = to_dataframe(results)
    assert list(frame.columns) == list(rows[0])
    assert len(frame) == len(rows) == 3 * 6 + 1
    failed = frame[frame["ok"] == False]  # noqa: E712
    assert failed["error_type"].tolist() == ["WrongFileType"]

    buffer = io.StringIO()
    with Ranking([_match("a", 10.0), _match("b", None), _match("c", 20.0)]) as ranking:
        to_csv(ranking, buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[0].startswith("rank,source,ok,score")
    assert [line.split(",")[1] for line in lines[1:]] == ["c", "a", "b"]
    assert to_dataframe([], model=MatchResult).columns[0] == "rank"


def test_rank_is_the_ranking_of_iter_matches(folder: Path, posting_text: str, resume_text: str):
    """rank() reads a str that names no file as text, as match() does, and orders like
    Ranking: best first, failed rows last in input order."""
    weak = "Summary\nI like painting landscapes.\n\nExperience\nPainter\n2019 - 2020\n"
    missing = folder / "gone.pdf"
    ranked = rank(posting_text, [missing, weak, folder / "a.txt", resume_text])
    assert [r.ok for r in ranked] == [True, True, True, False]
    assert [r.rank for r in ranked] == [1, 2, 3, None]
    assert isinstance(ranked[-1], FailedMatch) and ranked[-1].source == str(missing)
    streamed = list(iter_matches(posting_text, [folder / "a.txt"]))
    with Ranking(streamed) as ranking:
        [first] = ranking
    assert first.score == next(r.score for r in ranked if r.source == str(folder / "a.txt"))
    assert ranked[0].score >= ranked[1].score >= ranked[2].score


def test_ranking_never_changes_a_result_it_was_given() -> None:
    given = _match("a", 10.0)
    with Ranking([given]) as ranking:
        [ranked] = ranking
    assert ranked.rank == 1 and given.rank is None
    with pytest.raises(ValueError):  # frozen: results are never changed after they are built
        given.rank = 2  # type: ignore[misc]


def test_to_jsonl_writes_the_contract_lines(folder: Path, tmp_path: Path) -> None:
    results = list(iter_scores([folder / "d.txt", folder / "b.pdf"]))
    target = tmp_path / "scores.jsonl"
    assert to_jsonl(results, target) == 2
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [r.model_dump(mode="json") for r in results]


def test_batch_errors_are_cvmatch_errors(folder: Path) -> None:
    with pytest.raises(InvalidInput):
        list(iter_scores(folder, timeout=0))
    with pytest.raises(InvalidInput):
        list(result_rows(["not a result"]))  # type: ignore[list-item]
    assert issubclass(WorkerStartError, CvmatchError) and issubclass(WorkerStartError, RuntimeError)


def test_a_worker_that_cannot_start_raises_a_cvmatch_error(folder: Path, monkeypatch) -> None:
    parent, real_warm_up = os.getpid(), batch_job.Job.warm_up

    def warm_up(self):
        if os.getpid() != parent:
            raise OSError("no extractor today")
        real_warm_up(self)

    monkeypatch.setattr(batch_job.Job, "warm_up", warm_up)  # inherited by forked workers
    with pytest.raises(WorkerStartError, match="could not start"):
        list(iter_scores([folder / "d.txt"], jobs=2, start_method="fork"))


def test_in_process_batch_leaves_sigalrm_alone_unless_asked(folder: Path, monkeypatch) -> None:
    """A library caller's process gets no signal handler; the CLI (alarm=True) and
    worker processes, which own their process, do."""
    seen: list[bool] = []
    real = batch_job.time_limit

    def spy(seconds, name, *, alarm=False):
        seen.append(alarm)
        return real(seconds, name, alarm=alarm)

    monkeypatch.setattr(batch_job, "time_limit", spy)
    handler = signal.getsignal(signal.SIGALRM)
    list(iter_scores([folder / "d.txt"]))
    assert seen == [False] and signal.getsignal(signal.SIGALRM) == handler
    list(iter_scores([folder / "d.txt"], alarm=True))
    assert seen == [False, True]
    jobs_sent: list[batch_job.Job] = []
    monkeypatch.setattr(batch, "_iter_workers", lambda job, sources, **_: jobs_sent.append(job))
    batch.run_job(batch_job.Job("score"), [folder / "d.txt"], jobs=2)
    assert jobs_sent[0].limits.alarm is True and jobs_sent[0].limits.timeout_seconds == 60.0
