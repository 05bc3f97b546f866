"""Sections, positions, dates and years from normalised text."""

from __future__ import annotations

from datetime import date

import pytest

from cvmatch.reading.document import read_text
from cvmatch.structure import (
    analyze_structure,
    detect_kind,
    find_date_ranges,
    find_sections,
    years_requested,
)

TODAY = date(2026, 1, 1)

LIVECAREER = """ACCOUNT MANAGER
Highlights
Excellent verbal and written communication skills
Experience
Account Manager
February 2013 to Current Acme Media - Baltimore , MD
Enter advertising insertion orders into online systems
Media Coordinator
June 2012 to January 2013 Company Name - City , State
Coordinate and edit trade publications
Education
Bachelor of Arts : Communications , 2011 University of Maryland
"""


def test_resume_sections_positions_and_years():
    structure = analyze_structure(LIVECAREER, "resume", today=TODAY)
    names = [s.name for s in structure.sections]
    assert names == ["contact", "skills", "experience", "education"]
    assert structure.title == "ACCOUNT MANAGER"
    first, second = structure.positions
    assert (first.title, first.current) == ("Account Manager", True)
    assert first.start_date == date(2013, 2, 1)
    assert first.employer == "Acme Media"
    assert second.employer is None  # the anonymised placeholder is not an employer
    assert (second.title, second.start_date, second.end_date) == (
        "Media Coordinator",
        date(2012, 6, 1),
        date(2013, 1, 1),
    )
    # the union of Jun 2012-Jan 2013 and Feb 2013-now: no gap, no double counting
    assert structure.years_experience == pytest.approx(13.6, abs=0.1)


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("10/2016 to Current", date(2016, 10, 1), TODAY, True),
        ("Jan 2019 – Present", date(2019, 1, 1), TODAY, True),
        ("2015-2018", date(2015, 1, 1), date(2018, 12, 1), False),
        ("June 2012 to January 2013", date(2012, 6, 1), date(2013, 1, 1), False),
    ],
)
def test_date_ranges(text, start, end, current):
    ((_, _, got_start, got_end, got_current),) = find_date_ranges(text, today=TODAY)
    assert (got_start, got_end, got_current) == (start, end, current)


def test_overlapping_positions_are_counted_once():
    text = "Experience\nAgent, A\n2015-2018\nAgent, B\n2017-2019\n"
    assert analyze_structure(text, "resume", today=TODAY).years_experience == 5.0


def test_common_headings_are_recognised():
    text = "Jamie\nProfessional Experience\nx\nWork History\ny\nCore Competencies\nz\nLanguages\nw"
    names = [s.name for s in find_sections(text, "resume")]
    assert names == ["contact", "experience", "experience", "skills", "languages"]


def test_no_headings_falls_back_to_no_sections():
    assert find_sections("Just a sentence about customer service.", "resume") == []


def test_multi_line_posting_sections(posting_text):
    document = read_text(posting_text, kind="posting")
    names = [s.name for s in document.sections]
    assert names[:5] == [
        "responsibilities",
        "about_company",
        "responsibilities",
        "requirements",
        "preferred",
    ]
    assert "benefits" in names and names[-1] == "eeo"
    assert document.title == "Customer Service Representative"
    assert document.years_experience == 2.0


ADZUNA = (
    "Customer Service Advisor\n\n"
    "Our client is a leading retailer with stores across the UK. You will answer inbound "
    "calls and resolve complaints The Requirements You will need 2 years of customer service "
    "experience and excellent communication skills Experience of Salesforce would be an "
    "advantage Key Benefits: 25 days holiday and a pension scheme The company is an equal "
    "opportunity employer"
)


def test_one_paragraph_posting_inline_headings_and_cues():
    document = read_text(ADZUNA, kind="posting")
    text = document.text

    def section_of(phrase: str) -> str | None:
        found = document.section_at(text.index(phrase))
        return found.name if found else None

    assert section_of("answer inbound calls") == "responsibilities"
    assert section_of("leading retailer") == "about_company"
    assert section_of("2 years of customer service") == "requirements"
    assert section_of("Salesforce") == "preferred"
    assert section_of("25 days holiday") == "benefits"
    assert section_of("equal opportunity") == "eeo"
    assert document.title == "Customer Service Advisor"
    assert document.years_experience == 2.0
    # sections tile the text in order, without overlaps
    for before, after in zip(document.sections, document.sections[1:], strict=False):
        assert before.end == after.start


def test_kind_detection(resume_text, posting_text):
    assert detect_kind(resume_text) == "resume"
    assert detect_kind(posting_text) == "posting"
    assert detect_kind(ADZUNA) == "posting"
    assert detect_kind(LIVECAREER) == "resume"


def test_years_a_posting_asks_for():
    assert years_requested("2+ years of customer service experience") == 2.0
    assert years_requested("at least two years in a customer service role") == 2.0
    assert years_requested("3-5 yrs' experience in a contact centre") == 3.0
    assert years_requested("Must have 5 years or more of sales experience") == 5.0
    assert years_requested("Founded 25 years ago, we are growing fast") is None


def test_a_recruiters_resume_with_numeric_dates_is_a_resume():
    # an HR resume talks about candidates, salaries and recruiting like a posting does;
    # its "MM/YYYY to MM/YYYY" work history says otherwise
    text = "\n".join(
        [
            "HR SPECIALIST",
            "Summary",
            "Recruiter with 10 years of experience screening candidates and negotiating salary.",
            "Experience",
            "Recruiter 03/2016 to 08/2017 Company Name - City , State",
            "Sourced candidates for requirements; explained benefits and salary to candidates.",
            "HR Assistant 08/2014 to 06/2015 Company Name - City , State",
            "Posted job requirements, screened candidates, scheduled interviews.",
            "Payroll Clerk 06/2010 to 01/2013 Company Name - City , State",
            "Education",
            "Bachelor of Science , Human Resources 2010 University of Somewhere",
        ]
    )
    assert detect_kind(text) == "resume"


@pytest.mark.parametrize(
    "text",
    [
        "Care Worker\n\nThe Care Worker will work within a team of carers. Essential: "
        "experience of care work and good communication skills. 37.5 hours per week.",
        "Planning Engineer\n\nNuclear experience required, project planning skills "
        "essential. Must be able to travel between sites. Immediate start.",
        "Java Developer\n\nKey Skills: Java, JUnit. The post holder will need strong "
        "experience of GUI work and testing skills; experience with Swing is essential.",
    ],
)
def test_a_posting_full_of_experience_and_skills_is_still_a_posting(text):
    assert detect_kind(text) == "posting"
