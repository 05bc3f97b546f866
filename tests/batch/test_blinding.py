"""Blind mode's pseudonymous sources: stable per key, private key and map, no path left."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest

from cvmatch.batch import iter_matches, iter_scores, rank
from cvmatch.batch.blinding import Blinding, load_key, pseudonym, scrub
from cvmatch.errors import InvalidInput

RESUME = "Summary\nCustomer service agent. Answered 60 calls a day and resolved complaints.\n"
POSTING = "Customer Service Agent\nRequirements\n- Customer service experience\n"


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "applicants"
    folder.mkdir()
    paths = [folder / "alex-rivera-call-center.txt", folder / "dana-obrien.txt"]
    for path in paths:
        path.write_text(RESUME, encoding="utf-8")
    return paths


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_missing_key_file_is_made_private_and_then_reused(tmp_path: Path) -> None:
    key_file = tmp_path / "keys" / "blind.key"
    key = load_key(key_file)
    assert len(key) == 32 and _mode(key_file) == 0o600
    assert load_key(key_file) == key
    with pytest.raises(InvalidInput, match="no such blind key"):
        load_key(tmp_path / "other.key", create=False)


def test_a_file_that_is_no_key_is_refused_by_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.key"
    bad.write_text("not hex at all\n", encoding="ascii")
    with pytest.raises(InvalidInput, match=r"bad\.key"):
        load_key(bad)


def test_ids_are_stable_per_key_and_differ_across_keys(files: list[Path], tmp_path: Path) -> None:
    key_file = tmp_path / "blind.key"
    first = [r.source for r in iter_scores(files, blind=True, blind_key=key_file)]
    again = [r.source for r in iter_scores(files, blind=True, blind_key=key_file)]
    other = [r.source for r in iter_scores(files, blind=True, blind_key=b"k" * 32)]
    assert first == again
    assert first != other and len(set(first)) == 2
    assert all(s.startswith("cand-") and len(s) == 21 for s in first)
    # the hash is of the resolved path: a relative path to the same file has the same id
    relative = os.path.relpath(files[0])
    assert pseudonym(relative, load_key(key_file)) == first[0]


def test_the_map_is_private_appended_and_unblinds(files: list[Path], tmp_path: Path) -> None:
    map_path = tmp_path / "out" / "ids.csv"
    map_path.parent.mkdir()
    key = b"s" * 32
    ids = [r.source for r in iter_scores(files[:1], blind=True, blind_key=key, blind_map=map_path)]
    ids += [r.source for r in iter_scores(files, blind=True, blind_key=key, blind_map=map_path)]
    assert _mode(map_path) == 0o600
    with map_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["id", "source"]
    mapping = dict(rows[1:])
    assert len(rows) == 3  # each id once, though the first file was scored twice
    assert mapping[ids[0]] == str(files[0]) and mapping[ids[2]] == str(files[1])


def test_failed_rows_do_not_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "applicants"
    broken.mkdir()
    (broken / "alex-rivera.pdf").write_bytes(b"%PDF-1.4 not really")
    (broken / "jose-nunez.docx").write_bytes(b"not a zip")
    missing = broken / "dana-obrien-smith.txt"
    rows = list(iter_scores([*sorted(broken.iterdir()), missing], blind=True, blind_key=b"x" * 32))
    assert [row.ok for row in rows] == [False, False, False]
    for row in rows:
        text = row.model_dump_json().lower()
        for word in ("alex", "rivera", "jose", "nunez", "dana", "obrien", "smith", "applicants"):
            assert word not in text, (word, text)
        assert row.source in row.error.message  # the message names the id instead


def test_rank_and_matches_carry_ids(files: list[Path]) -> None:
    ranked = rank(POSTING, [str(p) for p in files], blind=True, blind_key=b"r" * 32)
    matched = list(iter_matches(POSTING, files, blind=True, blind_key=b"r" * 32))
    assert {r.source for r in ranked} == {r.source for r in matched}
    assert all(r.source.startswith("cand-") for r in ranked)


def test_a_key_or_map_without_blind_is_an_error(files: list[Path], tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="blind=True"):
        iter_scores(files, blind_key=tmp_path / "k.key")


def test_scrub_removes_every_form_of_the_path(tmp_path: Path) -> None:
    path = str(tmp_path / "Alex Rivera" / "alex-rivera-cv.pdf")
    message = f"{path}: cannot read alex-rivera-cv.pdf (Alex Rivera's file, ALEX)"
    cleaned = scrub(message, path, "cand-1")
    assert "alex" not in cleaned.lower() and "rivera" not in cleaned.lower()
    assert cleaned.startswith("cand-1: cannot read cand-1")


def test_a_blinding_object_is_shared_and_left_open(files: list[Path], tmp_path: Path) -> None:
    blinding = Blinding(b"q" * 32, tmp_path / "map.csv")
    list(iter_scores(files[:1], blind=True, blind_key=blinding))
    list(iter_scores(files[1:], blind=True, blind_key=blinding))
    blinding.close()
    assert set(blinding.mapping.values()) == {str(p) for p in files}
