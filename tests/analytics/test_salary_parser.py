"""One salary parser: ranges, currencies, periods; a posting's own salary and the guide's."""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.analytics.salary import parse_salary
from cvmatch.reading import read_text
from cvmatch.structure.salary import find_salary, salary_lines
from cvmatch.taxonomy import load_taxonomy
from cvmatch.taxonomy.layout import SalaryWords


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay: $82,800 – $92,000 per year.", (82800, 92000, "USD", "year")),
        ("Salary £25,000 - £30,000 per annum plus bonus", (25000, 30000, "GBP", "year")),
        ("We pay €18.50/hour for weekend shifts", (18.5, 18.5, "EUR", "hour")),
        ("£24k to £27k a year", (24000, 27000, "GBP", "year")),
        ("$25-30k depending on experience", (25000, 30000, "USD", None)),
        ("USD 3,100 monthly", (3100, 3100, "USD", "month")),
        ("Compensation 82,800 – 92,000", (82800, 92000, None, None)),
    ],
)
def test_salaries_as_postings_state_them(text: str, expected: tuple) -> None:
    found = find_salary(text, source="posting.txt")
    assert found is not None
    assert (found.min_amount, found.max_amount, found.currency, found.period) == expected
    assert text[found.start : found.end] == found.text and found.source == "posting.txt"


@pytest.mark.parametrize(
    "text",
    [
        "Worked here 2019 - 2021 with a team of 40 agents.",
        "Answer 60 to 80 calls a shift.",
        "Competitive pay and benefits.",
    ],
)
def test_numbers_that_are_not_pay(text: str) -> None:
    assert find_salary(text) is None


def test_the_analysis_number_comes_from_the_same_parser() -> None:
    assert parse_salary("£25,000 - £30,000 per annum") == 27500.0
    assert parse_salary("€40k") == 40000.0


def test_currency_and_period_words_are_taxonomy_data() -> None:
    words = load_taxonomy().headings.salary
    assert words.currency_of["£"] == "GBP" and words.period_of["annum"] == "year"
    with pytest.raises(ValueError, match="lowercase"):
        SalaryWords(currencies={"USD": ("Dollars",)})


UK_POSTING = (
    "Customer Service Advisor\n"
    "Join our Leeds contact centre answering customer calls and emails.\n"
    "Salary: £23,500 - £26,000 per annum.\n"
    "Requirements: experience in a customer service role; clear written communication.\n"
)
RESUME = "Customer service advisor. Answered 70 customer calls a day and replied to emails.\n"


def test_a_posting_salary_is_reported_with_the_posting_as_its_source() -> None:
    posting = read_text(UK_POSTING, kind="posting", name="leeds-advisor.txt")
    result = cvmatch.match(RESUME, posting)
    salary = result.posting_salary
    assert salary is not None and salary.source == "leeds-advisor.txt"
    assert (salary.min_amount, salary.max_amount, salary.currency) == (23500, 26000, "GBP")
    scored = cvmatch.score_document(posting)
    assert scored.salary == salary
    assert cvmatch.score_resume(RESUME).salary is None  # a resume states no posting salary


def test_the_guide_range_is_labelled_and_not_given_to_a_posting_in_another_currency() -> None:
    uk = cvmatch.score_document(read_text(UK_POSTING, kind="posting", name="uk.txt"))
    lines = salary_lines(uk)
    assert lines == ["salary stated in the posting: GBP 23,500–26,000 per year (stated in uk.txt)"]
    us_text = UK_POSTING.replace("£", "$").replace("Leeds", "Denver")
    us = cvmatch.score_document(read_text(us_text, kind="posting", name="us.txt"))
    guide = us.roles[0].salary
    assert guide is not None and guide.region == "US national"
    assert any(line.startswith("US national range for") for line in salary_lines(us))
