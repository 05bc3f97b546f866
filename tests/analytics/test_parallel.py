"""analyze_postings(n_jobs=): the same rows as in one process, in input order; progress shown."""

from __future__ import annotations

from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from cvmatch import CvmatchError, analyze_postings  # noqa: E402
from cvmatch.analytics import analyze as analyze_module  # noqa: E402
from cvmatch.analytics import progress as progress_module  # noqa: E402
from cvmatch.analytics.parallel import chunks, resolve_n_jobs  # noqa: E402

POSTINGS = [
    "Customer Service Agent\n\nRequirements\n- Answer inbound calls and emails.\n"
    "- Resolve complaints on the first contact.\nSalary: £24,000 a year.",
    "",
    "Team Leader\n\nLead a team of eight agents, coach them weekly and run quality reviews.",
    None,
    "Support Specialist\n\nReply to tickets in Zendesk; chat with customers on the website.",
    "Collections Agent\n\nCall customers about late payments and agree payment plans.",
    "Receptionist\n\nGreet visitors, answer the phone and book meeting rooms.",
]


def rows() -> list[dict]:
    return [
        {"id": f"p{i}", "text": text, "pay": 20_000 + 1_000 * i, "group": i % 2}
        for i, text in enumerate(POSTINGS)
    ]


def analyse(n_jobs, progress=False):
    return analyze_postings(
        rows(),
        text_column="text",
        id_column="id",
        salary_column="pay",
        keep=["group"],
        batch_size=2,
        progress=progress,
        n_jobs=n_jobs,
    )


def test_two_workers_give_the_rows_of_one_process_in_input_order() -> None:
    one, two = analyse(1), analyse(2)
    pd.testing.assert_frame_equal(one.postings, two.postings)
    pd.testing.assert_frame_equal(one.skills, two.skills)
    assert two.postings["source"].tolist() == [f"p{i}" for i in range(len(POSTINGS))]
    assert two.postings["ok"].tolist() == [True, False, True, False, True, True, True]
    assert two.postings["error"].iloc[1].startswith("EmptyDocument")
    assert two.postings["n_skills"].iloc[0] > 0  # the comparison is over real extractions
    assert two.postings["group"].tolist() == [i % 2 for i in range(len(POSTINGS))]


def test_a_frame_keeps_its_index_and_an_unreadable_file_its_row(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"text": [t or "" for t in POSTINGS]}, index=[f"r{i}" for i in range(len(POSTINGS))]
    )
    one = analyze_postings(frame, batch_size=3, progress=False)
    two = analyze_postings(frame, batch_size=3, progress=False, n_jobs=2)
    pd.testing.assert_frame_equal(one.postings, two.postings)
    assert two.postings.index.tolist() == frame.index.tolist()
    missing = [tmp_path / "a.txt", tmp_path / "gone.txt", tmp_path / "b.txt"]
    missing[0].write_text(POSTINGS[2], encoding="utf-8")
    missing[2].write_text(POSTINGS[4], encoding="utf-8")
    files = analyze_postings(missing, batch_size=1, progress=False, n_jobs=2)
    assert files.postings["ok"].tolist() == [True, False, True]
    pd.testing.assert_frame_equal(
        files.postings, analyze_postings(missing, batch_size=1, progress=False).postings
    )


def test_n_jobs_is_checked_and_resolved() -> None:
    for bad in (0, "2", True, 1.5):
        with pytest.raises(CvmatchError, match="n_jobs"):
            analyze_postings(POSTINGS, n_jobs=bad)
    assert resolve_n_jobs(None) == 1 and resolve_n_jobs(3) == 3
    assert resolve_n_jobs(-1) >= 1 and resolve_n_jobs(-1000) == 1
    assert [len(c) for c in chunks(range(7), 3)] == [3, 3, 1]


def test_progress_is_written_when_asked_and_silent_otherwise(capsys) -> None:
    analyse(2, progress=True)
    shown = capsys.readouterr().err
    assert "Analysing postings" in shown and f"{len(POSTINGS)}/{len(POSTINGS)}" in shown
    analyse(1, progress=True)
    assert f"{len(POSTINGS)}/{len(POSTINGS)}" in capsys.readouterr().err
    analyse(2, progress=False)
    analyse(2, progress=None)  # the default: only in a terminal or a notebook; pytest captures
    assert capsys.readouterr().err == ""


def test_workers_advance_the_bar_by_whole_chunks(monkeypatch) -> None:
    advanced: list[int] = []

    class Spy:
        def advance(self, n: int = 1) -> None:
            advanced.append(n)

        def close(self) -> None:
            advanced.append(0)

    monkeypatch.setattr(analyze_module, "make_progress", lambda progress, total, what: Spy())
    analyse(2)
    assert advanced == [2, 2, 2, 1, 0]  # chunks of batch_size, then close
    monkeypatch.undo()
    monkeypatch.setattr(progress_module, "_NOTEBOOK_EVERY", 0.0)
    pytest.importorskip("IPython")
    import IPython.display

    shown: list[str] = []

    class Handle:
        def update(self, obj) -> None:
            shown.append(obj.data)

    monkeypatch.setattr(IPython.display, "display", lambda obj, display_id: Handle())
    bar = progress_module._NotebookBar(7, "Analysing postings")
    bar.advance(2)
    bar.advance(5)
    bar.close()
    assert "7 / 7 postings" in shown[-1]
