"""Decision records: one synced line per scored document, replayable, and anonymous."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import cvmatch
from cvmatch.batch import iter_matches, iter_scores
from cvmatch.batch import records as batch_records
from cvmatch.batch.records import RecordWriter
from cvmatch.errors import CvmatchError, InvalidInput, OutputError, RecordMismatch
from cvmatch.models import DecisionRecord
from cvmatch.records import read_records, replay
from cvmatch.taxonomy import load_taxonomy

ORLA = """Orla Quinnell-Verhoeven
orla.qv@brackmail.test | +44 7700 900123
14 Larchmere Close, Dunmarrow

Summary
Patient customer service agent who keeps callers calm.

Experience
Customer Service Agent Nightowl Shift, Brackenfold Telecom
March 2019 - Present
- Answered 70 inbound calls a day about billing and broadband faults
- Resolved complaints and processed refunds
- Logged every case in Zendesk

Education
Diploma in Business, 2018
"""

TOMASZ = """Tomasz Wielgoszewski
tomasz.w@quillpost.test

Summary
Team leader for a support desk of twelve agents.

Experience
Support Team Leader, Fenwright Insurance
2016 - 2023
- Coached and supervised twelve agents, ran weekly quality reviews
- Cut the complaint backlog by 40% with a new escalation path
"""

#: Words of the resumes above that would identify their writers.
PERSONAL = [
    "Orla",
    "Quinnell",
    "Verhoeven",
    "brackmail",
    "7700 900123",
    "Larchmere",
    "Dunmarrow",
    "Brackenfold",
    "Nightowl",  # in a job title, which a breakdown line's detail quotes
    "Tomasz",
    "Wielgoszewski",
    "quillpost",
    "Fenwright",
]


@pytest.fixture()
def people(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "applicants"
    folder.mkdir()
    orla = folder / "orla-quinnell-verhoeven.txt"
    orla.write_text(ORLA, encoding="utf-8")
    tomasz = folder / "tomasz_wielgoszewski_cv.md"
    tomasz.write_text(TOMASZ, encoding="utf-8")
    return [orla, tomasz]


@pytest.fixture()
def posting(tmp_path: Path, posting_text: str) -> Path:
    path = tmp_path / "posting.txt"
    path.write_text(posting_text, encoding="utf-8")
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_every_line_validates_and_holds_what_the_score_is_made_of(
    people: list[Path], tmp_path: Path
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    rows = list(iter_scores(people, record=record_file))
    records = [DecisionRecord.model_validate_json(line) for line in _lines(record_file)]
    assert len(records) == len(rows) == 2
    taxonomy = load_taxonomy()
    for record, row, path in zip(records, rows, people, strict=True):
        assert record.job == "score" and record.ok and record.error_type is None
        assert record.timestamp.utcoffset().total_seconds() == 0
        assert record.cvmatch_version == cvmatch.__version__
        assert record.taxonomy_hash == taxonomy.content_hash
        assert record.weights == taxonomy.weights.model_dump(mode="json")
        assert (record.input_sha256, record.input_hashed) == (_sha(path), "file")
        assert record.blind is False and record.posting_sha256 is None
        assert record.roles == [fit.id for fit in row.roles]
        assert record.score == row.roles[0].score
        for recorded, fit in zip(record.role_scores, row.roles, strict=True):
            assert (recorded.id, recorded.score) == (fit.id, fit.score)
            assert [line.points for line in recorded.lines] == [c.points for c in fit.contributions]


def test_lines_validate_against_the_json_schema(people: list[Path], tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    record_file = tmp_path / "decisions.jsonl"
    list(iter_scores([*people, tmp_path / "gone.txt"], record=record_file))
    schema = DecisionRecord.model_json_schema()
    for line in _lines(record_file):
        jsonschema.validate(json.loads(line), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**json.loads(_lines(record_file)[0]), "input_sha256": "abc"}, schema)


def test_a_record_replays_to_the_same_score(people: list[Path], tmp_path: Path) -> None:
    record_file = tmp_path / "decisions.jsonl"
    rows = list(iter_scores(people, record=record_file))
    for record, row, path in zip(read_records(record_file), rows, people, strict=True):
        again = replay(record, path)
        assert [(f.id, f.score) for f in again.roles] == [(f.id, f.score) for f in row.roles]


def test_a_match_record_replays_with_its_posting(
    people: list[Path], posting: Path, tmp_path: Path
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    rows = list(iter_matches(posting, people, record=record_file, blind=True))
    records = list(read_records(record_file))
    assert all(r.job == "match" and r.blind and r.posting_sha256 for r in records)
    for record, row, path in zip(records, rows, people, strict=True):
        again = cvmatch.replay(record.model_dump(mode="json"), path, posting=posting)
        assert again.score == row.score == record.score
        assert [c.points for c in again.contributions] == [line.points for line in record.lines]
    with pytest.raises(InvalidInput, match="posting"):
        replay(records[0], people[0])


def test_replay_refuses_a_changed_file_naming_it(people: list[Path], tmp_path: Path) -> None:
    record_file = tmp_path / "decisions.jsonl"
    list(iter_scores(people[:1], record=record_file))
    (record,) = read_records(record_file)
    people[0].write_text(ORLA.replace("70 inbound", "90 inbound"), encoding="utf-8")
    with pytest.raises(RecordMismatch, match=r"orla-quinnell-verhoeven\.txt") as caught:
        replay(record, people[0])
    assert isinstance(caught.value, CvmatchError)


def test_replay_refuses_another_taxonomy_or_posting(
    people: list[Path], posting: Path, tmp_path: Path, posting_text: str
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    list(iter_matches(posting, people[:1], record=record_file))
    (record,) = read_records(record_file)
    user = tmp_path / "weights.toml"
    user.write_text("[weights.evidence.sections]\nsummary = 1.0\n", encoding="utf-8")
    with pytest.raises(RecordMismatch, match=r"weights.*evidence\.sections\.summary"):
        replay(record, people[0], posting=posting, taxonomy=user)
    other = tmp_path / "other-posting.txt"
    other.write_text(posting_text.replace("Spanish", "French"), encoding="utf-8")
    with pytest.raises(RecordMismatch, match="posting"):
        replay(record, people[0], posting=other)
    forged = record.model_copy(update={"taxonomy_hash": "0" * 64})
    with pytest.raises(RecordMismatch, match="taxonomy"):
        replay(forged, people[0], posting=posting)


def test_each_line_is_on_disk_before_its_row_is_handed_on(
    people: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    seen_at_sync: list[str] = []
    real_fsync = batch_records.os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        seen_at_sync.append(record_file.read_text(encoding="utf-8"))

    monkeypatch.setattr(batch_records.os, "fsync", fsync)
    rows = iter_scores([*people, *people], record=record_file)
    for count in range(1, 5):
        next(rows)
        # another reader sees exactly the lines of the rows handed on so far, each whole
        text = record_file.read_text(encoding="utf-8")
        assert text.endswith("\n") and len(text.splitlines()) == count
        assert seen_at_sync[-1] == text  # synced line by line, the line complete
    line_syncs = [text for text in seen_at_sync if text]  # the rest: the new file's folder
    assert [len(text.splitlines()) for text in line_syncs] == [1, 2, 3, 4]
    with pytest.raises(StopIteration):
        next(rows)


def test_appending_keeps_earlier_lines_and_ends_a_cut_one(
    people: list[Path], tmp_path: Path
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    list(iter_scores(people[:1], record=record_file))
    first = record_file.read_text(encoding="utf-8")
    with record_file.open("a", encoding="utf-8") as handle:
        handle.write('{"record_version": 1, "timest')  # a line cut by a power failure
    list(iter_scores(people[1:], record=record_file))
    lines = _lines(record_file)
    assert record_file.read_text(encoding="utf-8").startswith(first)
    assert len(lines) == 3 and lines[1] == '{"record_version": 1, "timest'
    assert DecisionRecord.model_validate_json(lines[2]).input_sha256 == _sha(people[1])
    with pytest.raises(InvalidInput, match="line 2"):
        list(read_records(record_file))


@pytest.mark.parametrize("blind", [False, True])
def test_no_name_stem_or_text_of_an_input_in_the_records(
    people: list[Path], posting: Path, tmp_path: Path, blind: bool
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    broken = people[0].parent / "orla-quinnell-verhoeven-old.pdf"
    broken.write_bytes(b"orla quinnell-verhoeven: not a pdf")
    inputs = [*people, broken]
    list(iter_scores(inputs, record=record_file, blind=blind))
    list(iter_matches(posting, inputs, record=record_file, blind=blind))
    text = record_file.read_text(encoding="utf-8").lower()
    assert len(_lines(record_file)) == 6
    forbidden = [*PERSONAL, "applicants", str(tmp_path)]
    for path in inputs:
        forbidden += [path.name, path.stem, *path.stem.replace("_", "-").split("-")]
    for resume in (ORLA, TOMASZ):
        forbidden += [line.strip() for line in resume.splitlines() if len(line.strip()) > 12]
    found = [word for word in forbidden if len(word) > 3 and word.lower() in text]
    assert not found
    if blind:
        ids = {r.blind_id for r in read_records(record_file)}
        assert all(i and i.startswith("cand-") for i in ids)


def test_two_workers_write_each_document_once_in_order(
    people: list[Path], posting: Path, tmp_path: Path
) -> None:
    record_file = tmp_path / "decisions.jsonl"
    inputs = [*people, people[0], tmp_path / "missing.txt"]
    rows = list(iter_matches(posting, inputs, jobs=2, record=record_file))
    records = list(read_records(record_file))
    assert len(records) == len(rows) == 4
    assert [r.input_sha256 for r in records] == [
        _sha(people[0]),
        _sha(people[1]),
        _sha(people[0]),
        None,
    ]
    assert [r.score for r in records] == [row.score for row in rows]


def test_failed_inputs_get_a_record_with_their_error_type_and_no_score(
    people: list[Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    wrong = tmp_path / "scan.doc"
    wrong.write_bytes(b"\xd0\xcf\x11\xe0 old word file")
    record_file = tmp_path / "decisions.jsonl"
    list(iter_scores([tmp_path / "gone.txt", empty, wrong, people[0]], record=record_file))
    records = list(read_records(record_file))
    assert [r.ok for r in records] == [False, False, False, True]
    assert [r.error_type for r in records[:3]] == [
        "DocumentNotFound",
        "EmptyDocument",
        "UnsupportedFormat",
    ]
    assert all(r.score is None and not r.role_scores for r in records[:3])
    assert records[1].input_sha256 == hashlib.sha256(b"").hexdigest()
    assert records[0].input_sha256 is None and records[2].input_sha256 is None  # never read
    with pytest.raises(InvalidInput, match="failed"):
        replay(records[0], tmp_path / "gone.txt")


def test_the_model_refuses_a_failed_record_with_a_score(people: list[Path], tmp_path: Path) -> None:
    record_file = tmp_path / "decisions.jsonl"
    list(iter_scores([tmp_path / "gone.txt"], record=record_file))
    data = json.loads(_lines(record_file)[0])
    with pytest.raises(ValueError, match="no score"):
        DecisionRecord.model_validate({**data, "score": 50.0})
    with pytest.raises(ValueError):
        DecisionRecord.model_validate({**data, "timestamp": "2026-01-01T10:00:00"})  # no zone


def test_the_library_functions_take_record_too(
    people: list[Path], posting: Path, tmp_path: Path
) -> None:
    record_file = tmp_path / "one.jsonl"
    scored = cvmatch.score_resume(people[0], record=str(record_file))
    matched = cvmatch.match(people[1], posting, record=record_file)
    text = " ".join(ORLA.split()[3:])  # a text input: its text is hashed, never kept
    cvmatch.score_resume(text, record=record_file)
    with pytest.raises(CvmatchError):
        cvmatch.score_resume(tmp_path / "gone.pdf", record=record_file)
    records = list(read_records(record_file))
    assert [r.job for r in records] == ["score", "match", "score", "score"]
    assert records[0].score == scored.roles[0].score and records[1].score == matched.score
    assert (records[2].input_hashed, records[3].ok, records[3].error_type) == (
        "text",
        False,
        "DocumentNotFound",
    )
    assert "Patient customer service" not in record_file.read_text(encoding="utf-8")
    assert replay(records[2], text).roles == cvmatch.score_resume(text).roles
    with RecordWriter(tmp_path / "many.jsonl") as writer:  # one file open for many calls
        for path in people:
            cvmatch.score_resume(path, record=writer)
    assert len(list(read_records(tmp_path / "many.jsonl"))) == 2


def test_a_record_file_that_cannot_be_written_fails_before_reading(
    people: list[Path], tmp_path: Path
) -> None:
    with pytest.raises(OutputError, match="decision record"):
        iter_scores(people, record=tmp_path)  # a folder
    with pytest.raises(InvalidInput, match="record="):
        iter_scores(people, record=42)  # type: ignore[arg-type]


def test_the_json_schema_describes_every_field_of_a_record() -> None:
    schema = DecisionRecord.model_json_schema()
    parts = [schema, *schema["$defs"].values()]
    described = [
        (key, bool(prop.get("description")))
        for part in parts
        for key, prop in part["properties"].items()
    ]
    assert len(described) > 25 and all(ok for _, ok in described)
    required = {"timestamp", "cvmatch_version", "job", "taxonomy_hash", "weights", "blind", "ok"}
    assert required <= set(schema["required"])
    assert "source" not in schema["properties"] and "text" not in schema["properties"]
