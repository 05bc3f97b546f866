"""Every input path gets exactly one row, in order: unsupported types, duplicates, odd
names, special files and links; hidden and system files in folders are skipped and
counted. The inputs are built here, minimal."""

from __future__ import annotations

import base64
import faulthandler
import os
import socket
from pathlib import Path

import pytest

from cvmatch.batch import iter_extracts
from cvmatch.batch.inputs import InputScan
from cvmatch.batch.names import printable_name, raw_name

RESUME = "Skills\nZendesk, customer service\n"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file types and names")


@pytest.fixture(autouse=True)
def _no_hang():
    """Opening a FIFO blocks: if a change ever opens one, fail instead of hanging."""
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def rows(*paths, **kwargs):
    if len(paths) == 1 and isinstance(paths[0], InputScan):
        return list(iter_extracts(paths[0], **kwargs))
    return list(iter_extracts([os.fspath(p) for p in paths], **kwargs))


def errors(found) -> list[str | None]:
    return [r.error.type if r.error else None for r in found]


def test_unsupported_types_get_a_row_that_says_what_to_convert_to(tmp_path: Path):
    for name in ("a.doc", "b.rtf", "c.odt", "d.jpg", "e.weird"):
        (tmp_path / name).write_bytes(b"something")
    (tmp_path / "f.txt").write_text(RESUME)
    found = rows(tmp_path)
    assert [Path(r.source).name for r in found] == [
        "a.doc",
        "b.rtf",
        "c.odt",
        "d.jpg",
        "e.weird",
        "f.txt",
    ]
    assert errors(found) == ["UnsupportedFormat"] * 5 + [None]
    doc, rtf, odt, jpg, weird = (r.error.message for r in found[:5])
    assert "'.doc'" in doc and ".docx or PDF" in doc
    assert "'.rtf'" in rtf and "'.odt'" in odt and ".docx" in odt
    assert "OCR" in jpg
    assert "'.weird'" in weird and "PDF" in weird


def test_a_path_given_twice_gets_two_rows_and_order_is_kept(tmp_path: Path):
    cv = tmp_path / "cv.txt"
    cv.write_text(RESUME)
    missing = tmp_path / "gone.txt"
    found = rows(cv, missing, cv)
    assert [r.source for r in found] == [str(cv), str(missing), str(cv)]
    assert errors(found) == [None, "DocumentNotFound", None]


def test_a_trailing_space_in_the_name_gets_a_row_saying_how_to_rename(tmp_path: Path):
    (tmp_path / "cv.pdf ").write_bytes(b"%PDF-1.4")
    [row] = rows(tmp_path)
    assert row.source == str(tmp_path / "cv.pdf ")
    assert row.error.type == "UnsupportedFormat" and "rename" in row.error.message


@posix_only
def test_a_name_that_is_not_utf8_is_escaped_and_kept_raw(tmp_path: Path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9 \xff.txt"
    with open(raw, "wb") as handle:
        handle.write(RESUME.encode())
    [row] = rows(os.fsdecode(raw))
    assert row.ok and row.source == f"{tmp_path}/caf\\xe9 \\xff.txt"
    assert base64.b64decode(row.source_bytes) == raw
    line = row.model_dump(mode="json")
    assert list(line)[:2] == ["source", "source_bytes"]
    row.model_dump_json().encode("utf-8")  # encodable: no lone surrogate left
    assert printable_name("plain.txt") == "plain.txt" and raw_name("plain.txt") is None


@posix_only
def test_fifo_device_and_socket_are_never_opened(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock.txt"))
        (tmp_path / "z.txt").write_text(RESUME)
        found = rows(tmp_path, "/dev/zero", jobs=1)
    finally:
        server.close()
    assert [Path(r.source).name for r in found] == ["pipe.txt", "sock.txt", "z.txt", "zero"]
    assert errors(found) == ["NotARegularFile", "NotARegularFile", None, "NotARegularFile"]
    assert "FIFO" in found[0].error.message and "socket" in found[1].error.message
    assert "character device" in found[3].error.message


@posix_only
def test_links_are_not_followed_out_of_the_folder_unless_asked(tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text(RESUME)
    folder = tmp_path / "applicants"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(RESUME)
    (folder / "b-inside.txt").symlink_to(folder / "a.txt")
    (folder / "c-outside.txt").symlink_to(outside)
    (folder / "d-dangling.txt").symlink_to(tmp_path / "nothing.txt")
    (folder / "e-dev.txt").symlink_to("/dev/zero")
    (folder / "sub" / "loop").symlink_to(folder)  # a loop back up
    (folder / "far").symlink_to(tmp_path)  # a folder out of the one given
    scan = InputScan([folder])
    found = rows(scan)
    names = [Path(r.source).name for r in found]
    assert names == ["a.txt", "b-inside.txt", "c-outside.txt", "d-dangling.txt", "e-dev.txt"]
    assert errors(found) == [
        None,
        None,
        "LinkOutsideFolder",
        "DocumentNotFound",
        "LinkOutsideFolder",
    ]
    assert "--follow-links" in found[2].error.message
    assert sum(scan.skipped.values()) == 2  # the two links to folders, counted
    followed = rows(InputScan([folder], follow_links=True))
    assert errors(followed)[:5] == [None, None, None, "DocumentNotFound", "NotARegularFile"]
    assert any(r.source.endswith("far/outside.txt") for r in followed)  # and the loop ended
    [direct] = rows(folder / "c-outside.txt")  # named on the command line: the user's choice
    assert direct.ok


def test_hidden_files_and_os_metadata_are_skipped_and_counted(tmp_path: Path):
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._cv.txt").write_text(RESUME)
    for name in (".DS_Store", "Thumbs.db", "desktop.ini", ".hidden.txt", "~$cv.docx"):
        (tmp_path / name).write_text("x")
    (tmp_path / "cv.txt").write_text(RESUME)
    scan = InputScan([tmp_path])
    found = rows(scan)
    assert [r.source for r in found] == [str(tmp_path / "cv.txt")] and found[0].ok
    assert scan.skipped == {"hidden or system file(s)": 6}
    [hidden] = rows(tmp_path / ".hidden.txt")  # named directly: the user's choice, read
    assert hidden.source == str(tmp_path / ".hidden.txt") and hidden.error is None


def test_rows_come_in_order_with_workers_too(tmp_path: Path):
    for name in ("a.doc", "b.txt", "c.doc", "d.txt", "e.doc"):
        (tmp_path / name).write_text(RESUME)
    found = rows(tmp_path, jobs=2)
    assert [Path(r.source).name for r in found] == ["a.doc", "b.txt", "c.doc", "d.txt", "e.doc"]
    assert [r.ok for r in found] == [False, True, False, True, False]
