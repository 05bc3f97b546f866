"""Results are built complete: scoring never sets a field on a model after building it."""

from __future__ import annotations

import pytest

import cvmatch
import cvmatch.api
from cvmatch.models import (
    Contribution,
    MatchedRequirement,
    MatchResult,
    MissingRequirement,
    PostingRequirement,
    RoleFit,
)
from cvmatch.scoring import match_profiles, score_roles

RESULT_MODELS = (
    Contribution,
    MatchedRequirement,
    MatchResult,
    MissingRequirement,
    PostingRequirement,
    RoleFit,
)


@pytest.fixture()
def frozen_results(monkeypatch):
    """The result models as if frozen: any attribute set after construction fails.

    (pydantic builds a model without ``__setattr__``, so only later assignments trip this;
    it holds whatever ``model_config`` says, also once the models are frozen for real.)
    """

    def refuse(self, name, value):
        raise AssertionError(f"{type(self).__name__}.{name} was set after the model was built")

    for model in RESULT_MODELS:
        monkeypatch.setattr(model, "__setattr__", refuse)


def test_the_fixture_refuses_assignments(frozen_results):
    fit = RoleFit(id="x", title="X", score=1.0)
    with pytest.raises(AssertionError, match=r"RoleFit\.summary"):
        fit.summary = "later"


def test_role_fits_and_matches_are_built_once(frozen_results, resume_text, posting_text):
    taxonomy = cvmatch.load_taxonomy()
    resume = cvmatch.read_text(resume_text, kind="resume")
    resume_profile = cvmatch.extract_skills(resume)
    posting, posting_profile = cvmatch.api.read_posting(posting_text)

    fits = score_roles(resume_profile, taxonomy, resume)
    assert len(fits) == len(taxonomy.roles)
    for fit in fits:
        assert fit.summary.startswith(f"{fit.score:.0f}/100 as {fit.title.lower()}")
    result = match_profiles(
        resume_profile,
        posting_profile,
        taxonomy,
        resume_document=resume,
        posting_document=posting,
        similarity=0.5,
    )
    assert result.ok and result.matched
    assert abs(sum(c.points for c in result.contributions) - result.score) < 0.05
