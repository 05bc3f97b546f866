"""Blind mode masks who the candidate is, wherever it is written, and never their skills."""

from __future__ import annotations

import itertools

import pytest

import cvmatch
from cvmatch.reading import read_text
from cvmatch.reading.privacy import MASK, masked_spans, redact, redact_text

RESUME = """José Núñez
221B Baker Street, London NW1 6XE | +44 (0)20 7946 0958 | Skype: jose.nunez84
Pronouns: he/him

Summary
Customer service agent known for grace under pressure, patience and empathy. Mr. Núñez
resolved billing complaints by phone and chat. Married, two children. Originally from
Lagos, Nigeria. Age: 41

Skills
Patience, Zendesk, Salesforce, conflict resolution

Experience
Customer Service Representative, Chase
Jan 2019 - Present
- Answered 80 inbound calls a day and resolved complaints; Núñez trained new hires.
- Sales support for premium accounts at the Chase branch.

Education
BA Business Studies, University of Leeds, 2004
Graduated with honours in 2004.

References
Maria Lopez, Team Leader at Chase. Contact: maria.lopez@example.com, 07700 900123
"""

SECRETS = [
    "José",
    "Núñez",
    "221B",
    "Baker Street",
    "NW1 6XE",
    "7946 0958",
    "jose.nunez84",
    "he/him",
    "Mr.",
    "Married",
    "two children",
    "Lagos",
    "Nigeria",
    "41",
    "2004",
    "Maria",
    "Lopez",
    "maria.lopez",
    "900123",
]


@pytest.fixture(scope="module")
def masked() -> str:
    return redact(read_text(RESUME, kind="resume")).text


@pytest.mark.parametrize("secret", SECRETS)
def test_personal_details_are_masked_wherever_they_are(masked: str, secret: str) -> None:
    assert secret not in masked


@pytest.mark.parametrize(
    "kept",
    [
        "grace under pressure",
        "patience and empathy",
        "Patience, Zendesk",
        "Customer Service Representative, Chase",
        "Sales support",
        "Chase branch",
        "resolved billing complaints",
        "Jan 2019 - Present",
        "80 inbound calls",
    ],
)
def test_words_that_are_also_names_are_kept_where_they_are_skills(masked: str, kept: str) -> None:
    assert kept in masked


def test_masking_keeps_every_offset(masked: str) -> None:
    assert len(masked) == len(RESUME.rstrip("\n")) or len(masked) == len(RESUME)
    assert masked.count("\n") == read_text(RESUME, kind="resume").text.count("\n")
    assert MASK * 5 in masked


@pytest.mark.parametrize(
    "name, later",
    [
        ("Aisha Al-Farsi", "Ms. Al-Farsi handled escalations; Aisha trained the team."),
        ("Dana O'Brien-Smith", "Thanks to Dana O'Brien-Smith, O'Brien-Smith's queue shrank."),
        ("Grace Chase", "Grace Chase led the queue; Mrs Chase kept grace under pressure."),
        ("JOSÉ NÚÑEZ", "Nunez answered calls; José Núñez resolved tickets."),
    ],
)
def test_the_name_is_masked_where_it_recurs(name: str, later: str) -> None:
    text = f"{name}\nagent@example.com\n\nSummary\n{later}\n"
    masked = redact(read_text(text, kind="resume")).text
    for part in ("Aisha", "Farsi", "O'Brien", "Smith", "Grace Chase", "Mrs", "Nunez", "Núñez"):
        if part.lower() in (name + " nunez").lower() or part == "Mrs":
            assert part not in masked, part
    assert "grace under pressure" in masked or "grace" not in later


@pytest.mark.parametrize(
    "phone",
    [
        "+34612345678",
        "+44 (0)20 7946 0958",
        "(555) 123-4567",
        "555.123.4567",
        "+1-555-123-4567",
        "0161 496 0000",
        "07700 900123",
        "+49 30 901820",
        "+91 98765 43210",
        "+33 1 23 45 67 89",
        "555-0100",
    ],
)
def test_phones_in_every_form_are_masked(phone: str) -> None:
    masked = redact_text(f"Call me on {phone} after six.")
    assert not any(c.isdigit() for c in masked), masked
    assert masked.startswith("Call me on ") and masked.endswith(" after six.")


@pytest.mark.parametrize(
    "text",
    [
        "Customer service agent, Jan 2019 - Dec 2021",
        "Agent 2019 - 2021 and 2017-2019",
        "Answered 80 calls a day for 1,200 customers",
        "Salary $30,000 - $35,000",
        "Certified to ISO 9001 in 12.05.2020",
    ],
)
def test_dates_counts_and_salaries_are_not_phones(text: str) -> None:
    assert redact_text(text) == text


@pytest.mark.parametrize(
    "address, secret",
    [
        ("221B Baker Street, London NW1 6XE", "221B Baker Street"),
        ("Flat 3, 12a Rose Lane, Leeds LS1 4AP", "12a Rose Lane"),
        ("Flat 3, 12a Rose Lane, Leeds LS1 4AP", "Flat 3"),
        ("Flat 3, 12a Rose Lane, Leeds LS1 4AP", "LS1 4AP"),
        ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "1600 Pennsylvania Avenue"),
        ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "20500"),
        ("24 Sussex Drive, Ottawa, ON K1M 1M4", "K1M 1M4"),
        ("Calle Mayor 5, Madrid", "Calle Mayor 5"),
    ],
)
def test_addresses_with_alphanumeric_numbers_and_postcodes_are_masked(
    address: str, secret: str
) -> None:
    masked = redact_text(f"Address: {address}\n")
    assert secret not in masked


@pytest.mark.parametrize(
    "line, secret",
    [
        ("WhatsApp: +34 612 345 678", "612"),
        ("Telegram: @jnunez", "jnunez"),
        ("Follow me @dana_obs for tips", "dana_obs"),
        ("Skype: live:dana.obs", "dana.obs"),
        ("Mrs Patel answered the calls", "Mrs"),
        ("Ms. Patel answered the calls", "Patel"),
        ("Pronouns: they/them", "they/them"),
        ("She resolved complaints and he escalated them", "She"),
        ("She resolved complaints and he escalated them", " he "),
        ("Volunteer, wife of Omar, part-time", "Omar"),
        ("Mother of three, returning to work", "Mother of three"),
        ("Took maternity leave in 2020", "maternity leave"),
        ("A 34-year-old agent", "34"),
        ("Religion: Muslim", "Muslim"),
        ("Citizenship: Spanish", "Spanish"),
        ("Date of birth: 3 March 1990", "1990"),
        ("Place of birth: Lagos", "Lagos"),
        ("I grew up in Lagos, Nigeria and moved to Leeds.", "Nigeria"),
        ("British citizen with the right to work", "British"),
        ("Fluent in Italian and dual US and Italian citizen", "dual US"),
        ("Class of 2004, Leeds High School", "2004"),
    ],
)
def test_personal_lines_are_masked(line: str, secret: str) -> None:
    assert secret not in redact_text(line + "\n")


def test_a_job_title_on_the_first_line_is_not_taken_for_a_name() -> None:
    text = "Customer Service Representative\nSummary\nCustomer service agent at Acme.\n"
    masked = redact_text(text, header_lines=3)
    assert "Customer service agent at Acme." in masked


def test_a_skill_word_alone_is_kept_though_it_is_the_name() -> None:
    text = (
        "Patience Sales-Okafor\n\nSkills\nPatience, Sales, Zendesk\n"
        "Patience Sales-Okafor trained agents. Okafor led sales.\n"
    )
    masked = redact(read_text(text, kind="resume")).text
    assert "Patience, Sales, Zendesk" in masked
    assert "Patience" not in masked.split("agents")[0].split("Zendesk")[1]
    assert "Okafor" not in masked and "led sales" in masked


FIXTURES = [
    RESUME,
    """Grace Chase
grace.chase@example.com | (555) 123-4567 | she/her

Summary
Bilingual support agent: grace under pressure, patience, de-escalation. Ms Chase handled
refunds and retention offers; Grace Chase coached new agents. Mother of two.

Skills
Zendesk, Freshdesk, Excel, Spanish (fluent), typing 60 wpm

Experience
Senior Support Agent, Chase Bank
March 2018 - Present
- Resolved 60 tickets a day by email and live chat with a 95% CSAT.
- Handled escalations and complaints; trained 12 new agents.
""",
    """Aisha Al-Farsi
Dubai | +971 50 123 4567 | WhatsApp: +971501234567

Profile
Call centre agent. Aisha answered inbound and outbound calls, upsold plans and met
sales targets. Nationality: Emirati. Born in 1990, married.

Experience
Call Centre Agent, Etisalat
2016 - 2020
- Handled 100 calls a day, cross-selling and upselling mobile plans.
- Logged every call in Salesforce and kept first call resolution above 80%.

Education
Diploma in Business, Dubai College, 2009
""",
]


def _evidence(document: cvmatch.models.Document) -> set[tuple[str, int, int, str]]:
    profile = cvmatch.extract_skills(document)
    return {(s.id, e.start, e.end, e.text) for s in profile.skills for e in s.evidence}


def _outside(found: set[tuple[str, int, int, str]], spans: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    return {f for f in found if not any(f[1] < end and start < f[2] for start, end in spans)}


@pytest.mark.parametrize("text", FIXTURES)
def test_blind_and_plain_extractions_are_equal_outside_the_masked_spans(text: str) -> None:
    plain_document = read_text(text, kind="resume")
    blind_document = redact(plain_document)
    spans = [
        (start, end)
        for start, end in _masked_runs(blind_document.text)
        if plain_document.text[start:end].strip()
    ]
    plain, blind = _evidence(plain_document), _evidence(blind_document)
    assert plain, "the fixture should show skills"
    assert _outside(plain, spans) == _outside(blind, spans)


def _masked_runs(text: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char == MASK:
            if runs and runs[-1][1] >= index - 1:
                runs[-1] = (runs[-1][0], index + 1)
            else:
                runs.append((index, index + 1))
    return runs


def test_masked_spans_are_sorted_and_apart() -> None:
    spans = masked_spans(RESUME, header_lines=3)
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def test_an_origin_clause_keeps_the_skill_before_it() -> None:
    masked = redact_text("Fluent in Italian and dual US and Italian citizen.\n")
    assert masked.startswith("Fluent in Italian and ")
