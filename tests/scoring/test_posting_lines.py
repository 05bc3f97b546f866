"""Lines of a match beyond the requirements (issue 14): years in jobs close to the posting,
soft skills weighing less, and a text similarity that counts without outweighing the
posting. The contributions always add up to the score."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.api import read_posting
from cvmatch.errors import TaxonomyError
from cvmatch.models import MatchResult, SkillProfile
from cvmatch.scoring.posting import match_profiles
from cvmatch.taxonomy import load_taxonomy

POSTING = """Customer Service Advisor

Requirements
You will answer customer calls and resolve billing queries.
Experience handling complaints is essential.
Strong attention to detail.
"""


def _resume(title: str, years: str = "2018 - 2023") -> str:
    return f"""Jamie Doe

Experience
{title}
Brightline Energy, Leeds
{years}
- Answered customer calls and resolved billing queries.
- Handled complaints from customers and kept their accounts accurate.
"""


def _line(result: MatchResult, ident: str):
    return next(c for c in result.contributions if c.id == ident)


def _adds_up(result: MatchResult) -> None:
    assert sum(c.points for c in result.contributions) == pytest.approx(result.score, abs=0.05)


def test_years_in_a_job_close_to_the_posting_earn_the_experience_line() -> None:
    advisor = cvmatch.match(_resume("Customer Service Representative"), POSTING, similarity=False)
    painter = cvmatch.match(_resume("Landscape Painter"), POSTING, similarity=False)
    close, far = _line(advisor, "relevant_experience"), _line(painter, "relevant_experience")
    assert close.strength == 1.0 and "Customer Service Representative" in close.detail
    assert far.strength == 0.0 and far.weight == close.weight
    assert advisor.score > painter.score
    _adds_up(advisor)
    _adds_up(painter)


def test_a_short_or_one_word_job_earns_less_of_the_experience_line() -> None:
    short = cvmatch.match(
        _resume("Customer Service Representative", "March 2023 - September 2023"),
        POSTING,
        similarity=False,
    )
    generic = cvmatch.match(_resume("Manager"), POSTING, similarity=False)
    assert 0 < _line(short, "relevant_experience").strength < 1
    assert _line(generic, "relevant_experience").strength == 0.0  # "manager" names no role


def test_a_soft_skill_requirement_weighs_less_than_the_work_itself() -> None:
    result = cvmatch.match(_resume("Customer Service Representative"), POSTING, similarity=False)
    soft = next(r for r in result.matched + result.missing if r.id == "attention_to_detail")
    work = next(r for r in result.matched + result.missing if r.id == "complaint_handling")
    tax = load_taxonomy()
    assert tax.concepts["attention_to_detail"].category == "soft"
    assert soft.status == work.status == "required"
    ratio = tax.weights.posting.category["soft"]
    assert soft.weight == pytest.approx(work.weight * ratio / tax.weights.posting.must_have, 0.05)


def test_a_users_category_factor_changes_the_soft_weight(tmp_path) -> None:
    (tmp_path / "weights.toml").write_text("[weights.posting.category]\nsoft = 1.0\n")
    taxonomy = load_taxonomy(tmp_path / "weights.toml")
    posting = read_posting(POSTING, taxonomy=taxonomy)
    result = cvmatch.match(
        _resume("Customer Service Representative"), posting, taxonomy=taxonomy, similarity=False
    )
    soft = next(r for r in result.matched + result.missing if r.id == "attention_to_detail")
    work = next(r for r in result.matched + result.missing if r.id == "complaint_handling")
    assert soft.weight == pytest.approx(work.weight / taxonomy.weights.posting.must_have, 0.05)


def test_a_category_factor_above_one_is_refused(tmp_path) -> None:
    (tmp_path / "weights.toml").write_text("[weights.posting.category]\nsoft = 1.5\n")
    with pytest.raises(TaxonomyError, match="category"):
        load_taxonomy(tmp_path / "weights.toml")


def test_the_similarity_line_is_earned_in_full_at_its_reference_cosine() -> None:
    tax = load_taxonomy()
    full = tax.weights.posting.similarity_full
    resume = SkillProfile(source="r", kind="resume")
    posting = read_posting(POSTING, taxonomy=tax)
    lines = {}
    for value in (full * 2, full, full / 2):
        result = match_profiles(
            resume, posting[1], tax, posting_document=posting[0], similarity=value
        )
        lines[value] = _line(result, "text_similarity")
        _adds_up(result)
    assert lines[full * 2].strength == lines[full].strength == 1.0
    assert lines[full / 2].strength == pytest.approx(0.5)
    own = sum(c.weight for c in result.contributions if c.kind == "posting")
    assert 0 < lines[full].weight < own  # it counts, but never outweighs the posting
