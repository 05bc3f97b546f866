"""The public surface: one function per job, documented names, warning shims for old ones,
frozen results, a failed result that is its own type, and one rule for ``taxonomy=``."""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

import cvmatch
import cvmatch.api
import cvmatch.batch.pool
from cvmatch.errors import DocumentNotFound
from cvmatch.models import (
    ErrorInfo,
    ExtractLine,
    ExtractResult,
    FailedExtract,
    FailedMatch,
    FailedResult,
    FailedScore,
    MatchResult,
    ScoreResult,
)
from cvmatch.taxonomy import Taxonomy, load_taxonomy, resolve_taxonomy

#: old name -> the object that now does its job, as ``(module, attribute)``.
SHIMS = {
    (cvmatch, "as_document"): (cvmatch.api, "as_document"),
    (cvmatch, "match_document"): (cvmatch.api, "match"),
    (cvmatch, "read_posting"): (cvmatch.api, "read_posting"),
    (cvmatch, "iter_extracts"): (cvmatch.batch, "iter_extracts"),
    (cvmatch, "iter_scores"): (cvmatch.batch, "iter_scores"),
    (cvmatch, "iter_matches"): (cvmatch.batch, "iter_matches"),
    (cvmatch, "Ranking"): (cvmatch.batch, "Ranking"),
    (cvmatch, "to_csv"): (cvmatch.batch, "to_csv"),
    (cvmatch, "to_dataframe"): (cvmatch.batch, "to_dataframe"),
    (cvmatch.api, "match_document"): (cvmatch.api, "match"),
    (cvmatch.api, "rank"): (cvmatch.batch, "rank"),
    (cvmatch.batch.pool, "Ranking"): (cvmatch.batch, "Ranking"),
    (cvmatch.batch.pool, "to_csv"): (cvmatch.batch, "to_csv"),
    (cvmatch.batch.pool, "to_dataframe"): (cvmatch.batch, "to_dataframe"),
}


def test_public_names_exist_and_are_documented() -> None:
    assert cvmatch.__all__ == sorted(cvmatch.__all__, key=lambda n: (n[0].islower(), n))
    for name in cvmatch.__all__:
        value = getattr(cvmatch, name)
        if name in ("__version__", "FailedResult"):
            continue
        assert (value.__doc__ or "").strip(), name
    for old in ("extract_many", "score_many", "match_document", "as_document", "Ranking"):
        assert old not in cvmatch.__all__


@pytest.mark.parametrize(("old", "new"), SHIMS.items(), ids=lambda pair: str(pair[1]))
def test_old_names_warn_and_name_the_replacement(old, new) -> None:
    module, name = old
    with pytest.warns(
        DeprecationWarning, match=rf"{module.__name__}\.{name} is deprecated"
    ) as caught:
        value = getattr(module, name)
    assert value is getattr(*new)
    assert caught[0].filename == __file__  # the warning points at the caller's line


def test_old_batch_helpers_keep_their_old_rules(tmp_path: Path, resume_text: str) -> None:
    """extract_many / score_many: a str may be a text, and a bad input is a failed row."""
    missing = tmp_path / "gone.pdf"
    with pytest.warns(DeprecationWarning, match="cvmatch.batch.iter_extracts"):
        extract_many = cvmatch.extract_many
    good, bad = extract_many([resume_text, missing])
    assert isinstance(good, ExtractResult) and good.skills
    assert isinstance(bad, FailedExtract) and bad.error.type == "DocumentNotFound"
    with pytest.warns(DeprecationWarning, match="cvmatch.batch.iter_scores"):
        score_many = cvmatch.api.score_many
    [row] = score_many([resume_text], roles=["account_manager"])
    assert isinstance(row, ScoreResult) and [r.id for r in row.roles] == ["account_manager"]
    assert row.roles == cvmatch.score_resume(resume_text, roles=["account_manager"]).roles


def test_no_warning_for_the_public_surface() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in cvmatch.__all__:
            getattr(cvmatch, name)
        importlib.reload(importlib.import_module("cvmatch.batch"))


def test_unknown_names_still_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        cvmatch.no_such_name  # noqa: B018
    with pytest.raises(AttributeError):
        cvmatch.api.no_such_name  # noqa: B018


def test_results_are_frozen(resume_text: str, posting_text: str) -> None:
    result = cvmatch.match(resume_text, posting_text)
    with pytest.raises(ValidationError):
        result.score = 0.0  # type: ignore[misc]
    profile = cvmatch.extract_skills(resume_text)
    with pytest.raises(ValidationError):
        profile.skills[0].evidence[0].start = 0  # type: ignore[misc]
    changed = result.model_copy(update={"rank": 3})
    assert changed.rank == 3 and result.rank == 1


def test_a_failed_result_is_its_own_type() -> None:
    error = ErrorInfo(type="EmptyDocument", message="cv.pdf: empty")
    failed = [
        FailedExtract(source="cv.pdf", error=error),
        FailedScore(source="cv.pdf", error=error),
        FailedMatch(source="cv.pdf", posting="job.txt", error=error),
    ]
    for row in failed:
        assert row.ok is False and isinstance(row, FailedResult)
    with pytest.raises(ValidationError):  # a success cannot carry an error...
        ScoreResult(source="cv.pdf", kind="resume", error=error)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):  # ...and a failure needs one
        FailedMatch(source="cv.pdf")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        MatchResult(source="cv.pdf", ok=False, posting="job.txt", score=1.0)  # type: ignore[arg-type]
    lines = TypeAdapter(ExtractLine)
    assert isinstance(lines.validate_json(failed[0].model_dump_json()), FailedExtract)
    assert failed[2].model_dump(mode="json") == {
        "source": "cv.pdf",
        "warnings": [],
        "ok": False,
        "posting": "job.txt",
        "score": None,
        "rank": None,
        "matched": [],
        "missing": [],
        "partial": [],
        "contributions": [],
        "meets_must_haves": None,
        "unmet_must_haves": [],
        "unknown_must_haves": [],
        "posting_salary": None,
        "error": {"type": "EmptyDocument", "message": "cv.pdf: empty"},
    }
    for ok_model, failed_model in (
        (ExtractResult, FailedExtract),
        (ScoreResult, FailedScore),
        (MatchResult, FailedMatch),
    ):  # a failed line has every key a read one has, in the same order
        assert list(ok_model.model_fields) == list(failed_model.model_fields)


def test_one_document_functions_raise_for_a_bad_document(tmp_path: Path, posting_text: str):
    missing = tmp_path / "gone.pdf"
    for call in (
        lambda: cvmatch.extract_skills(missing),
        lambda: cvmatch.score_resume(missing),
        lambda: cvmatch.match(missing, posting_text),
    ):
        with pytest.raises(DocumentNotFound, match=r"gone\.pdf"):
            call()


def test_match_accepts_a_posting_read_once(resume_text: str, posting_text: str) -> None:
    prepared = cvmatch.api.read_posting(posting_text)
    assert cvmatch.match(resume_text, prepared) == cvmatch.match(resume_text, posting_text)
    plain = cvmatch.match(resume_text, prepared, similarity=False)
    assert not [c for c in plain.contributions if c.kind == "similarity"]


def test_resolve_taxonomy_is_the_one_rule(tmp_path: Path) -> None:
    shipped = load_taxonomy()
    assert resolve_taxonomy(None) is shipped
    assert resolve_taxonomy(shipped) is shipped
    copy = shipped.model_copy(deep=True)
    assert resolve_taxonomy(copy) is copy  # a taxonomy you may change is never swapped
    assert resolve_taxonomy(copy, shared=True) is resolve_taxonomy(shipped, shared=True)
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[concepts]]\nid = "forklift"\nname = "Forklift operation"\n'
        'category = "qualification"\ndescription = "Driving a forklift."\n'
        'aliases = ["forklift"]\n',
        encoding="utf-8",
    )
    mine = resolve_taxonomy(path)
    assert isinstance(mine, Taxonomy) and "forklift" in mine.concepts
    assert resolve_taxonomy(str(path)) is mine  # loaded once while the file is unchanged
    profile = cvmatch.extract_skills("Skills\nForklift, patience\n", taxonomy=path)  # type: ignore[arg-type]
    assert "forklift" in profile.ids
