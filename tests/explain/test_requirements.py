"""Explanations that are true and specific: nothing the resume shows is called missing,
each missing line quotes the posting's own sentence and says what would show it there,
and no "why" is the requirement's name said again."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cvmatch
from cvmatch.api import read_posting
from cvmatch.explain.text import match_markdown

POSTING = """Bilingual Support Advisor

About the job
You will look after the customers of a small travel company, answering them by phone and
by e-mail and keeping every booking accurate.

Requirements
- You must resolve customer issues on the first contact wherever you can.
- Strong written communication skills for e-mail replies and help articles.
- Fluent German is essential; French would be a plus.
- Experience with a CRM such as Salesforce or Zendesk.
"""

#: One long paragraph with no full stops, as job boards often leave a posting.
RUN_ON = (
    "In this role you will talk to the members of a growing insurer every day and help them "
    "with their policies and renewals and we are looking for someone with plenty of energy "
    "who enjoys talking to people and who can work shifts including some weekends in the month "
    "and who is happy to learn new systems quickly you will need excellent attention to "
    "detail and de-escalation skills for upset callers and you will log each call in the "
    "case management system so that colleagues can pick it up"
)

#: Sentences of resumes, each showing a skill in its own way (the reported classes:
#: a resolution rate, and writing shown by what was written).
SHOWN = [
    "Took about 30 escalated calls a day, resolving 85% without a supervisor.",
    "Settled 90% of billing complaints on the first call without handing them on.",
    "Fixed roughly 40 customer problems a week and closed 95% of them within a day.",
    "Wrote or rewrote 45 knowledge base articles on returns and refunds.",
    "Drafted e-mail templates and help-centre articles used by 60 agents.",
    "Authored 30 FAQ pages and edited the team's written replies to customers.",
    "Answered German and French speaking customers by phone.",
    "Logged every case in Zendesk and kept booking details accurate.",
    "Calmed angry callers and turned complaints into repeat bookings.",
]


def _resume(lines: list[str]) -> cvmatch.Document:
    body = "\n".join(f"- {line}" for line in lines)
    text = f"Experience\nSupport Agent, Acme Travel, 2019 - 2024\n{body}\n"
    return cvmatch.read_text(text, kind="resume")


@pytest.fixture(scope="module")
def posting():
    return read_posting(cvmatch.read_text(POSTING, kind="posting"))


@pytest.fixture(scope="module")
def run_on():
    return read_posting(cvmatch.read_text(RUN_ON, kind="posting"))


def _missing_with_evidence(resume: cvmatch.Document, posting) -> list[str]:
    result = cvmatch.match(resume, posting, similarity=False)
    shown = cvmatch.extract_skills(resume)
    return [gap.id for gap in result.missing if shown.get(gap.id) is not None]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(SHOWN), min_size=1, max_size=4, unique=True))
def test_no_missing_requirement_has_evidence_in_the_resume(posting, lines: list[str]) -> None:
    assert _missing_with_evidence(_resume(lines), posting) == []


@pytest.mark.parametrize("line", SHOWN[:3])
def test_a_resolution_rate_is_not_called_missing_resolution(posting, line: str) -> None:
    result = cvmatch.match(_resume([line]), posting, similarity=False)
    assert "issue_resolution" in {m.id for m in result.matched}
    assert "issue_resolution" not in {m.id for m in result.missing}


@pytest.mark.parametrize("line", SHOWN[3:6])
def test_writing_shown_by_what_was_written_is_not_missing(posting, line: str) -> None:
    result = cvmatch.match(_resume([line]), posting, similarity=False)
    assert "written_communication" not in {m.id for m in result.missing}


def _stated_missing(result: cvmatch.MatchResult):
    return [m for m in result.missing if m.stated and not m.free_text]


def test_each_missing_line_quotes_its_posting_sentence(posting) -> None:
    document, _ = posting
    result = cvmatch.match(_resume(["Greeted hotel guests at the front desk."]), posting)
    gaps = _stated_missing(result)
    assert {"issue_resolution", "written_communication", "multilingual"} <= {m.id for m in gaps}
    for gap in gaps:
        assert gap.quote and gap.phrase
        assert document.text[gap.quote_start : gap.quote_end] == gap.quote
        assert gap.phrase.lower() in gap.quote.lower()
        # the why says where the posting says it
        assert " ".join(gap.quote.split()).rstrip(".") in gap.why


def test_no_why_restates_the_name(posting) -> None:
    result = cvmatch.match(_resume(["Greeted hotel guests at the front desk."]), posting)
    whys = [m.why for m in _stated_missing(result)]
    assert len(set(whys)) == len(whys)  # no one sentence for every gap
    for gap in _stated_missing(result):
        name = gap.name.lower()
        assert gap.why.lower().rstrip(".") not in (
            f"the posting asks for {name}",
            f"the posting would welcome {name}",
        )
        assert len(gap.why) > len(gap.name) + 40


def test_advice_names_what_this_posting_asks_for(posting) -> None:
    result = cvmatch.match(_resume(["Greeted hotel guests at the front desk."]), posting)
    gaps = {m.id: m for m in result.missing}
    assert "German" in gaps["multilingual"].how_to_show
    assert gaps["multilingual"].must_have
    assert gaps["multilingual"].why.startswith("A must-have")


def test_a_run_on_posting_is_quoted_around_the_phrase_in_whole_words(run_on) -> None:
    document, _ = run_on
    result = cvmatch.match(_resume(["Sold train tickets at a station kiosk."]), run_on)
    gaps = _stated_missing(result)
    assert gaps
    text = document.text
    for gap in gaps:
        assert gap.phrase.lower() in gap.quote.lower()
        assert len(gap.quote) <= 260
        start, end = gap.quote_start, gap.quote_end
        assert start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
        assert end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())


def test_matched_lines_quote_the_resume(posting) -> None:
    resume = _resume(["Wrote or rewrote 45 knowledge base articles on returns and refunds."])
    result = cvmatch.match(resume, posting, similarity=False)
    text = match_markdown(result)
    shown = text.split("**Missing:**")[0]
    assert "“Wrote or rewrote 45 knowledge base articles on returns and refunds.”" in shown
    assert "(must-have)" in text.split("**Missing:**")[1]


@pytest.mark.parametrize(
    ("asked", "line", "shown"),
    [
        ("healthcare", "Served shoppers at a busy retail store.", "Retail"),
        ("banking", "Booked guests into rooms at a city hotel.", "Hospitality"),
        ("insurance", "Helped shoppers at a fashion retail chain.", "Retail"),
    ],
)
def test_a_value_not_met_says_what_the_resume_shows_instead(asked, line, shown) -> None:
    text = f"Service Advisor\n\nRequirements\n- Experience in the {asked} industry is essential.\n"
    posting = read_posting(cvmatch.read_text(text, kind="posting"))
    resume = _resume([line])
    result = cvmatch.match(resume, posting, similarity=False)
    gaps = {m.id: m for m in result.partial}
    if cvmatch.extract_skills(resume).get("industry_experience") is None:
        pytest.skip("extraction does not find this industry (extraction's recall)")
    assert "industry_experience" not in {m.id for m in result.missing}  # it is shown...
    gap = gaps["industry_experience"]  # ...but not with the value the posting names
    assert gap.values and not gap.values_shown
    assert shown in gap.why and gap.values[0] in gap.why
