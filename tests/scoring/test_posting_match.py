"""A resume against a posting: the posting's own requirements decide, with their values,
must-haves gate, and a role guess never outweighs the posting (issue 14)."""

from __future__ import annotations

import cvmatch
from cvmatch.api import read_posting
from cvmatch.models import MatchResult
from cvmatch.scoring.posting import posting_role

GERMAN_POSTING = """Customer Service Advisor (German speaking)

Requirements
You must be fluent in German.
Experience answering customer calls and emails.
Resolve customer queries over the phone.
"""

GERMAN_RESUME = """Anna Weber
Customer Service Advisor

Experience
Customer Service Advisor, Nordlicht Telecom, 2019 - 2024
- Answered 60 customer calls a day and resolved billing queries.
- Replied to customer emails within four hours.

Languages
German (native), English (fluent)
"""

FRENCH_RESUME = GERMAN_RESUME.replace("Anna Weber", "Claire Martin").replace(
    "German (native)", "French (native)"
)
BEGINNER_RESUME = GERMAN_RESUME.replace("Anna Weber", "Tom Reed").replace(
    "German (native), English (fluent)", "German (beginner)"
)


def _match(resume: str, posting: str) -> MatchResult:
    return cvmatch.match(resume, posting, similarity=False)


def test_a_must_have_language_is_met_only_by_that_language() -> None:
    german = _match(GERMAN_RESUME, GERMAN_POSTING)
    french = _match(FRENCH_RESUME, GERMAN_POSTING)
    beginner = _match(BEGINNER_RESUME, GERMAN_POSTING)
    assert german.meets_must_haves == "yes"
    shown = next(m for m in german.matched if m.id == "multilingual")
    assert shown.must_have and "German" in shown.values_shown
    assert any("German" in e.text for e in shown.evidence)
    for other in (french, beginner):
        assert other.meets_must_haves == "no"
        assert "multilingual" in other.unmet_must_haves
    # French is a second language, but not the one asked: neither matched nor missing
    assert "multilingual" in {m.id for m in french.partial}
    assert "multilingual" not in {m.id for m in french.missing + french.matched}
    # German at beginner level alone is no second language at all: missing
    assert "multilingual" in {m.id for m in beginner.missing}
    assert german.score > french.score


def test_ranking_puts_must_have_failures_last_unless_score_only() -> None:
    # the French resume scores as well on everything else; add a skill to lift it
    richer = FRENCH_RESUME.replace(
        "- Replied", "- Escalated complex complaints to the team lead.\n- Replied"
    )
    ranked = cvmatch.rank(GERMAN_POSTING, [richer, GERMAN_RESUME], similarity=False)
    assert [r.meets_must_haves for r in ranked] == ["yes", "no"]
    by_score = cvmatch.rank(
        GERMAN_POSTING, [richer, GERMAN_RESUME], similarity=False, score_only=True
    )
    scores = [r.score for r in by_score]
    assert scores == sorted(scores, reverse=True)


ENERGY_POSTING = """Customer Service Advisor

Requirements
You will need experience in the energy sector.
Handle customer calls and resolve billing queries.
"""

ENERGY_RESUME = """Sam Cole
Experience
Customer Service Advisor, 2018 - 2024
- Answered customer calls for an energy supplier and resolved billing queries.
"""

HOSPITAL_RESUME = """Jo Lane
Experience
Customer Service Advisor, 2018 - 2024
- Answered patient calls in a busy hospital and resolved billing queries.
"""


def test_an_industry_counts_only_when_it_is_the_one_asked() -> None:
    energy = _match(ENERGY_RESUME, ENERGY_POSTING)
    hospital = _match(HOSPITAL_RESUME, ENERGY_POSTING)
    asked = next(r for r in [*energy.matched, *energy.missing] if r.id == "industry_experience")
    assert any("Energy" in v for v in asked.values)
    assert "industry_experience" in {m.id for m in energy.matched}
    assert "industry_experience" in {m.id for m in hospital.partial}
    assert "industry_experience" not in {m.id for m in hospital.missing}
    (other,) = [m for m in hospital.partial if m.id == "industry_experience"]
    assert "Energy" in other.why or "energy" in other.why.lower()
    assert energy.score > hospital.score


YEARS_POSTING = """Customer Service Representative

Requirements
You must have at least 3 years of customer service experience.
Answer customer calls and resolve complaints.
"""


def _resume_with_years(start: int, end: int) -> str:
    return f"""Lee Park
Experience
Customer Service Representative, Brightline Retail, {start} - {end}
- Gave friendly customer service: answered customer calls, resolved complaints.
"""


def test_at_least_three_years_is_a_must_have_compared_with_the_resume() -> None:
    long = _match(_resume_with_years(2016, 2022), YEARS_POSTING)
    short = _match(_resume_with_years(2022, 2023), YEARS_POSTING)
    assert long.meets_must_haves == "yes"
    assert short.meets_must_haves == "no"
    assert "years_experience" in short.unmet_must_haves
    years = {c.id: c for c in short.contributions}["years_experience"]
    assert years.strength < 1


PRODUCT_POSTING = """Technical Support Specialist

Requirements
You must have experience supporting Autodesk Inventor users.
Troubleshoot customer issues by phone and email.
"""

INVENTOR_RESUME = """Ria Das
Experience
Support Specialist, CadWorks, 2019 - 2024
- Supported engineers using Autodesk Inventor and troubleshot licence issues by phone.
"""

OTHER_RESUME = """Ben Ode
Experience
Support Specialist, CadWorks, 2019 - 2024
- Supported engineers using drawing software and troubleshot licence issues by phone.
"""


def test_a_requirement_outside_the_taxonomy_is_kept_as_free_text() -> None:
    found = _match(INVENTOR_RESUME, PRODUCT_POSTING)
    absent = _match(OTHER_RESUME, PRODUCT_POSTING)
    free = next(m for m in found.matched if m.free_text)
    assert free.name == "Autodesk Inventor" and free.id.startswith("free_text:")
    assert free.must_have and free.evidence[0].text == "Autodesk Inventor"
    assert free.id in {m.id for m in absent.missing}
    assert absent.meets_must_haves == "no" and free.id in absent.unmet_must_haves
    assert found.score > absent.score


SHIFT_POSTING = """Contact Centre Agent

Requirements
Flexibility to work weekend shifts is a must.
Answer customer calls and resolve queries.
"""


def test_a_must_have_a_resume_cannot_show_is_unknown_not_no() -> None:
    result = _match(_resume_with_years(2018, 2024), SHIFT_POSTING)
    assert result.meets_must_haves == "unknown"
    assert any(u.startswith("shifts:") for u in result.unknown_must_haves)
    assert not result.unmet_must_haves


# A support posting whose skills read like an account manager's: the role guess is wrong.
MISREAD_POSTING = """Customer Support Champion

Requirements
Build relationships with key accounts and grow account revenue.
Manage a portfolio of client accounts and renewals.
Resolve customer issues by phone.
"""

SUPPORT_RESUME = """Kim Yu
Experience
Customer Support Representative, Helpline Co, 2017 - 2024
- Resolved customer issues by phone and managed client accounts and renewals.
- Built relationships with key accounts.
"""

SALES_RESUME = """Max Hale
Experience
Account Manager, Growth Ltd, 2015 - 2024
- Account manager for enterprise customers; negotiated contracts; closed deals.
- Exceeded sales quota every year; upsold premium plans; forecasted pipeline.
"""


def test_a_wrong_role_guess_never_outweighs_the_posting() -> None:
    support = _match(SUPPORT_RESUME, MISREAD_POSTING)
    sales = _match(SALES_RESUME, MISREAD_POSTING)
    assert support.score > sales.score
    for result in (support, sales):
        role = [c for c in result.contributions if c.id == "role_fit"]
        own = sum(c.weight for c in result.contributions if c.kind == "posting")
        assert all(c.weight < own / 2 for c in role)
        assert abs(sum(c.points for c in result.contributions) - result.score) < 0.05


def test_no_role_line_when_the_posting_is_not_clearly_one_role() -> None:
    taxonomy = cvmatch.load_taxonomy()
    posting, profile = read_posting(MISREAD_POSTING, taxonomy=taxonomy)
    role, margin = posting_role(profile, taxonomy, posting)
    result = _match(SUPPORT_RESUME, MISREAD_POSTING)
    has_line = any(c.id == "role_fit" for c in result.contributions)
    assert has_line == (role is not None)
    assert (role is None) == (margin < taxonomy.weights.posting.role_margin)
