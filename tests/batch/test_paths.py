"""Inputs: files, folders (recursive) and globs, in a stable order, one entry per path."""

from __future__ import annotations

from cvmatch.batch.inputs import InputPath, expand_paths


def test_files_folders_and_globs(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b" / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / "b" / "notes.xlsx").write_bytes(b"PK")  # kept: it gets a failed row
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("x")
    folder = list(expand_paths([tmp_path]))
    assert folder == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c.pdf"),
        str(tmp_path / "b" / "notes.xlsx"),
    ]
    globbed = list(expand_paths([str(tmp_path / "*.txt")]))
    assert globbed == [str(tmp_path / "a.txt")]


def test_missing_paths_and_duplicates_are_kept(tmp_path):
    missing = str(tmp_path / "gone.pdf")
    (tmp_path / "a.txt").write_text("x")
    out = list(expand_paths([missing, tmp_path / "a.txt", str(tmp_path / "a.txt")]))
    assert out == [missing, str(tmp_path / "a.txt"), str(tmp_path / "a.txt")]


def test_batch_sources_pass_documents_through_and_expand_the_rest(tmp_path):
    import cvmatch
    from cvmatch.batch.inputs import expand_sources

    (tmp_path / "a.txt").write_text("x")
    document = cvmatch.read_text("Skills\nZendesk\n", name="inline")
    out = list(expand_sources([document, tmp_path, str(tmp_path / "a.txt")]))
    assert out == [document, InputPath(str(tmp_path / "a.txt")), InputPath(str(tmp_path / "a.txt"))]
