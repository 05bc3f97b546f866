"""Blind mode masks with the privacy words of the taxonomy in force, in the library and in
a batch: a user's taxonomy that adds a title is obeyed everywhere."""

from __future__ import annotations

from cvmatch.api import as_document
from cvmatch.batch import iter_extracts
from cvmatch.reading.privacy import MASK
from cvmatch.taxonomy import load_taxonomy

RESUME = """Customer Service Advisor

Experience
Customer Service Advisor, Northway Ltd, 2018 - 2024
- Answered customer calls; praised by Sheriff Okafor for calm de-escalation.
"""


def _user_taxonomy(tmp_path):
    path = tmp_path / "privacy.toml"
    path.write_text('[privacy]\ngendered_titles = ["sheriff"]\n', encoding="utf-8")
    return load_taxonomy(path)


def test_the_library_masks_with_the_users_privacy_words(tmp_path) -> None:
    taxonomy = _user_taxonomy(tmp_path)
    plain = as_document(RESUME, kind="resume", blind=True)
    own = as_document(RESUME, kind="resume", blind=True, taxonomy=taxonomy)
    assert "Sheriff" in plain.text
    assert "Sheriff" not in own.text and MASK in own.text


def _contexts(path, **options) -> str:
    (row,) = list(iter_extracts([path], blind=True, **options))
    assert row.ok
    return " ".join(e.context or "" for s in row.skills for e in s.evidence)


def test_a_batch_masks_with_the_users_privacy_words(tmp_path) -> None:
    resume = tmp_path / "cv.txt"
    resume.write_text(RESUME, encoding="utf-8")
    assert "Sheriff" in _contexts(resume)
    masked = _contexts(resume, taxonomy=_user_taxonomy(tmp_path))
    assert "Sheriff" not in masked and "de-escalation" in masked
