"""Hostile and broken inputs through the batch path: one row per input, in order, typed.

The inputs come from ``bench/hostile.py`` (the same generator as ``bench/fuzz.py``):
the first ones are its catalogue of hostile constructs (empty files, encrypted and
image-only PDFs, zip bombs, billion-laughs XML, deep nesting, enormous lines, NUL
bytes, mixed encodings, wrong extensions...), the rest random mutations of valid seeds.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

import cvmatch.errors
from cvmatch.batch import iter_scores
from cvmatch.errors import CvmatchError
from cvmatch.reading.document import read_document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import hostile

#: Catalogue cases that take seconds each (enormous texts, deep nesting): left to
#: ``bench/fuzz.py`` so that this file stays well under a minute.
HEAVY = (
    "txt.line_900k_chars",
    "txt.enormous_line",
    "txt.line_1_5m",
    "txt.many_dates",
    "txt.many_short_lines",
    "txt.many_headings",
    "txt.many_bullets",
    "txt.one_token",
    "md.nested_quotes",
    "md.huge_table",
    "html.one_line_900k",
    "html.nested_divs_100k",
    "html.unclosed_divs_100k",
    "html.nested_inline_50k",
    "html.many_entities",
    "html.many_attributes",
    "html.nested_lists",
    "docx.many_paragraphs",
    "docx.enormous_paragraph",
    "pdf.many_glyphs",
    "pdf.flate_bomb",
    "txt.backtracking",
    "txt.combining",
    "txt.long_digit",
)
SAMPLE = 90


def _is_typed(error_type: str) -> bool:
    cls = getattr(cvmatch.errors, error_type, None)
    return isinstance(cls, type) and issubclass(cls, CvmatchError)


def _sample() -> list[hostile.Case]:
    light = [c for c in hostile.catalogue(0) if not c.category.startswith(HEAVY)]
    # every 2nd light catalogue case, then mutations, to SAMPLE inputs
    picked = light[::2]
    mutations = [
        c
        for c in hostile.generate(len(hostile.catalogue(0)) + 400, seed=0)
        if c.name.startswith("m")
    ]
    return picked + mutations[:: 400 // (SAMPLE - len(picked))][: SAMPLE - len(picked)]


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, hostile.Case]]:
    return hostile.write_cases(_sample(), tmp_path_factory.mktemp("hostile"))


@pytest.mark.slow
def test_generator_is_deterministic_and_big_enough() -> None:
    """``bench/hostile.py`` itself (not the library): same seed, same cases; 25 s, so it is
    skipped by default. Run it with ``python -m pytest --run-slow tests/batch``."""
    first = [c for c in hostile.generate(1000, seed=1) if not c.name.startswith("c")]
    again = [c for c in hostile.generate(1000, seed=1) if not c.name.startswith("c")]
    assert len({c.name for c in hostile.generate(1000, seed=1)}) == 1000
    digest = [hashlib.sha256(c.data).hexdigest() for c in first]
    assert digest == [hashlib.sha256(c.data).hexdigest() for c in again]
    other = [
        hashlib.sha256(c.data).hexdigest()
        for c in hostile.generate(1000, seed=2)
        if not c.name.startswith("c")
    ]
    assert digest != other
    categories = {c.category.split(".")[1] for c in hostile.catalogue(0)}
    for needed in (
        "encrypted_rc4_user_password",
        "image_only",
        "zip_bomb",
        "billion_laughs",
        "nested_tables_400",
        "nested_arrays",
        "enormous_line_3m",
        "nul_sprinkled",
        "mixed_encodings",
        "empty",
        "nested_divs_100k",
        "pdf_as_docx",
    ):
        assert needed in categories


def test_every_hostile_input_gets_one_typed_row_in_order(hostile_files) -> None:
    paths = [str(path) for path, _ in hostile_files]
    rows = list(iter_scores(paths, jobs=2, timeout=30, expand=False))
    assert [row.source for row in rows] == paths
    for (path, case), row in zip(hostile_files, rows, strict=True):
        if row.ok:
            assert row.error is None and row.roles, case.category
            assert all(0 <= fit.score <= 100 for fit in row.roles)
            continue
        assert row.error is not None, case.category
        assert _is_typed(row.error.type), (case.category, row.error)
        assert path.name in row.error.message, (case.category, row.error.message)
        assert "reader crashed" not in row.error.message, case.category
    outcomes = {row.error.type for row in rows if not row.ok}
    assert {
        "EncryptedDocument",
        "ScannedDocument",
        "UnsafeDocument",
        "EmptyDocument",
        "WrongFileType",
        "CorruptDocument",
    } <= outcomes
    assert sum(row.ok for row in rows) >= 10  # valid inputs and harmless damage still read


def test_readers_raise_only_typed_errors_in_process(hostile_files) -> None:
    """The readers themselves (no batch safety net) raise nothing but CvmatchError."""
    for path, case in hostile_files:
        try:
            document = read_document(path)
        except CvmatchError as exc:
            assert path.name in str(exc), case.category
            assert "; " in str(exc), f"the message should say what to do: {exc}"
        else:
            assert document.text.strip(), case.category
