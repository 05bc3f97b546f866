"""Inputs: files, folders (recursive, supported types only) and globs, in a stable order."""

from __future__ import annotations

from cvmatch.batch.inputs import expand_paths


def test_files_folders_and_globs(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b" / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / "b" / "notes.xlsx").write_bytes(b"PK")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("x")
    folder = list(expand_paths([tmp_path]))
    assert folder == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.pdf")]
    globbed = list(expand_paths([str(tmp_path / "*.txt")]))
    assert globbed == [str(tmp_path / "a.txt")]


def test_missing_paths_are_kept_and_duplicates_dropped(tmp_path):
    missing = str(tmp_path / "gone.pdf")
    (tmp_path / "a.txt").write_text("x")
    out = list(expand_paths([missing, tmp_path / "a.txt", str(tmp_path / "a.txt")]))
    assert out == [missing, str(tmp_path / "a.txt")]


def test_batch_sources_pass_documents_through_and_expand_the_rest(tmp_path):
    import cvmatch
    from cvmatch.batch.inputs import expand_sources

    (tmp_path / "a.txt").write_text("x")
    document = cvmatch.read_text("Skills\nZendesk\n", name="inline")
    out = list(expand_sources([document, tmp_path, str(tmp_path / "a.txt")]))
    assert out == [document, str(tmp_path / "a.txt")]
