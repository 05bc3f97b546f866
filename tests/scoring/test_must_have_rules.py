"""Which must-haves gate: an industry a resume does not name is unknown, not failed, and a
capitalised English word opening a list item is no named requirement (issue 14)."""

from __future__ import annotations

import cvmatch
from cvmatch.models import MatchResult

ENERGY_MUST = """Customer Service Advisor

Requirements
You must have experience in the energy sector.
Handle customer calls and resolve billing queries.
"""

ENERGY = """Sam Cole
Experience
Customer Service Advisor, 2018 - 2024
- Answered customer calls for an energy supplier and resolved billing queries.
"""

NO_INDUSTRY = """Jo Lane
Experience
Customer Service Advisor, Northway Ltd, 2018 - 2024
- Answered customer calls and resolved billing queries.
"""


def _match(resume: str, posting: str) -> MatchResult:
    return cvmatch.match(resume, posting, similarity=False)


def test_an_industry_must_have_a_resume_does_not_name_is_unknown() -> None:
    shown = _match(ENERGY, ENERGY_MUST)
    unnamed = _match(NO_INDUSTRY, ENERGY_MUST)
    assert shown.meets_must_haves == "yes"
    assert unnamed.meets_must_haves == "unknown"
    assert "industry_experience" in unnamed.unknown_must_haves
    assert "industry_experience" not in unnamed.unmet_must_haves
    assert shown.score > unnamed.score


def test_the_rule_is_data(tmp_path) -> None:
    from cvmatch.taxonomy import load_taxonomy

    posting = "Advisor\n\nRequirements\nYou must be fluent in German.\nAnswer customer calls.\n"
    resume = NO_INDUSTRY + "\nLanguages\nFrench (native)\n"
    assert _match(resume, posting).meets_must_haves == "no"
    (tmp_path / "weights.toml").write_text(
        '[weights.must_haves]\nunknown_concepts = ["multilingual"]\n'
    )
    taxonomy = load_taxonomy(tmp_path / "weights.toml")
    result = cvmatch.match(resume, posting, similarity=False, taxonomy=taxonomy)
    assert result.meets_must_haves == "unknown"
    assert "multilingual" in result.unknown_must_haves


ADVERB_POSTING = """Campaign Coordinator

Requirements
Analytically track campaigns against client goals.
Proactively report progress to clients.
Experience with Autodesk Inventor is required.
"""


def test_an_english_word_opening_an_item_is_no_named_requirement() -> None:
    result = _match(NO_INDUSTRY, ADVERB_POSTING)
    free = {r.name for r in [*result.matched, *result.missing] if r.free_text}
    assert "Autodesk Inventor" in free
    assert not free & {"Analytically", "Proactively"}


TITLE_POSTING = """Associate Client Success Manager

Requirements
Manage client accounts and renew contracts.
"""


def _title_strength(title: str) -> float:
    resume = f"Kim Dale\nExperience\n{title}, Northway Ltd, 2018 - 2024\n- Served clients.\n"
    result = _match(resume, TITLE_POSTING)
    return next(c.strength for c in result.contributions if c.id == "posting_title")


def test_a_title_word_that_names_only_a_rank_counts_less() -> None:
    rank_only = _title_strength("Sales Associate")
    trade = _title_strength("Client Success Lead")
    assert 0 < rank_only < trade


def test_a_retail_sales_associate_is_no_account_manager_title() -> None:
    from cvmatch.scoring.titles import title_match
    from cvmatch.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    found = title_match("Sales Associate", taxonomy)
    assert found is None or found[0] != "account_manager"
    assert title_match("Senior Account Manager", taxonomy)[0] == "account_manager"
