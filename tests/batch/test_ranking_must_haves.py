"""Ranking: must-have failures after the rest, unless ranking on the score alone."""

from __future__ import annotations

from cvmatch.batch.ranking import Ranking
from cvmatch.errors import CvmatchError
from cvmatch.models import ErrorInfo, FailedMatch, MatchResult


def _row(source: str, score: float, meets: str | None) -> MatchResult:
    return MatchResult(source=source, posting="p.txt", score=score, meets_must_haves=meets)


ROWS = [
    _row("a", 90.0, "no"),
    _row("b", 40.0, "yes"),
    FailedMatch(source="c", error=ErrorInfo.from_exception(CvmatchError("c: unreadable"))),
    _row("d", 60.0, "unknown"),
    _row("e", 95.0, None),  # an older row without the field: not a failure
]


def test_meeting_and_unknown_come_before_failing_then_failed_rows() -> None:
    with Ranking(ROWS) as ranking:
        ranked = list(ranking)
    assert [r.source for r in ranked] == ["e", "d", "b", "a", "c"]
    assert [r.rank for r in ranked if r.ok] == [1, 2, 3, 4]
    assert ranking.scores() == [95.0, 90.0, 60.0, 40.0]


def test_score_only_ranks_on_the_score_alone() -> None:
    with Ranking(ROWS, score_only=True) as ranking:
        assert [r.source for r in ranking] == ["e", "a", "d", "b", "c"]


def _failing(source: str, score: float, *unmet: str) -> MatchResult:
    return MatchResult(
        source=source,
        posting="p.txt",
        score=score,
        meets_must_haves="no" if unmet else "yes",
        unmet_must_haves=list(unmet),
    )


def test_a_must_have_no_resume_meets_does_not_gate() -> None:
    rows = [
        _failing("a", 30.0, "multilingual"),
        _failing("b", 80.0, "multilingual"),
        _failing("c", 55.0, "multilingual"),
    ]
    with Ranking(rows) as ranking:
        ranked = list(ranking)
    assert [r.source for r in ranked] == ["b", "c", "a"]  # by score: nobody meets it
    assert all(r.meets_must_haves == "no" for r in ranked)  # the verdict stays true


def test_a_must_have_some_resume_meets_still_gates_the_rest() -> None:
    rows = [
        _failing("a", 30.0, "multilingual", "licence"),
        _failing("b", 80.0, "multilingual", "licence"),
        _failing("c", 55.0, "licence"),
        _failing("d", 20.0, "licence"),
    ]
    # nobody meets "licence": it does not gate; c and d meet "multilingual", a and b do not
    with Ranking(rows) as ranking:
        assert [r.source for r in ranking] == ["c", "d", "b", "a"]
    with Ranking(rows, score_only=True) as ranking:
        assert [r.source for r in ranking] == ["b", "c", "a", "d"]
