"""Job titles, employers and dates in the common layouts of a resume's work history."""

from __future__ import annotations

from datetime import date

import pytest

from cvmatch.models import Section
from cvmatch.structure.positions import find_positions
from cvmatch.taxonomy import load_taxonomy
from cvmatch.taxonomy.layout import PositionWords

TODAY = date(2026, 1, 1)
HEADINGS = load_taxonomy().headings


def _positions(body: str) -> list[tuple[str | None, str | None, date | None]]:
    text = "EXPERIENCE\n" + body
    section = Section(name="experience", heading="EXPERIENCE", start=0, end=len(text))
    found = find_positions(text, [section], HEADINGS, today=TODAY)
    return [(p.title, p.employer, p.start_date) for p in found]


LAYOUTS = {
    "title / employer / dates on three lines": (
        "Guest Relations Coordinator\n"
        "Bluewater Ferries Ltd, Portsmouth, UK\n"
        "March 2021 - Present\n"
        "- Answered passenger questions at the terminal desk.\n"
        "Ticket Office Clerk\n"
        "Harbourside Leisure Group\n"
        "June 2018 - February 2021\n"
        "- Sold and refunded tickets.\n"
    ),
    "Title, Employer — dates": (
        "Guest Relations Coordinator, Bluewater Ferries Ltd — March 2021 to Present\n"
        "- Answered passenger questions at the terminal desk.\n"
        "Ticket Office Clerk, Harbourside Leisure Group — June 2018 to February 2021\n"
        "- Sold and refunded tickets.\n"
    ),
    "Employer | Title | dates": (
        "Bluewater Ferries Ltd | Guest Relations Coordinator | 03/2021 - Present\n"
        "- Answered passenger questions at the terminal desk.\n"
        "Harbourside Leisure Group | Ticket Office Clerk | 06/2018 - 02/2021\n"
        "- Sold and refunded tickets.\n"
    ),
    "Title at Employer, dates on the next line": (
        "Guest Relations Coordinator at Bluewater Ferries Ltd\n"
        "Mar 2021 – Present\n"
        "- Answered passenger questions at the terminal desk.\n"
        "Ticket Office Clerk at Harbourside Leisure Group\n"
        "Jun 2018 – Feb 2021\n"
        "- Sold and refunded tickets.\n"
    ),
    "dates first, then title and employer": (
        "March 2021 - Present\n"
        "Guest Relations Coordinator | Bluewater Ferries Ltd\n"
        "- Answered passenger questions at the terminal desk.\n"
        "June 2018 - February 2021\n"
        "Ticket Office Clerk | Harbourside Leisure Group\n"
        "- Sold and refunded tickets.\n"
    ),
    "title and employer lines, dates after the employer": (
        "Guest Relations Coordinator\n"
        "Bluewater Ferries Ltd, Portsmouth, UK | Mar 2021 - Present\n"
        "- Answered passenger questions at the terminal desk.\n"
        "Ticket Office Clerk\n"
        "Harbourside Leisure Group | Jun 2018 - Feb 2021\n"
        "- Sold and refunded tickets.\n"
    ),
}


@pytest.mark.parametrize("body", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_title_employer_and_dates_in_each_layout(body: str) -> None:
    assert _positions(body) == [
        ("Guest Relations Coordinator", "Bluewater Ferries Ltd", date(2021, 3, 1)),
        ("Ticket Office Clerk", "Harbourside Leisure Group", date(2018, 6, 1)),
    ]


def test_an_employer_without_an_employer_word_is_read_by_its_order() -> None:
    body = (
        "Reservations Agent\nSunny Isles Travel\n2019 - 2022\n- Booked trips by phone.\n"
        "Orchard Lane Bakery | Counter Assistant | 2016 - 2019\n"
    )
    assert _positions(body) == [
        ("Reservations Agent", "Sunny Isles Travel", date(2019, 1, 1)),
        ("Counter Assistant", "Orchard Lane Bakery", date(2016, 1, 1)),
    ]


def test_anonymised_placeholders_leave_the_title_alone() -> None:
    body = (
        "Company Name January 2015 to March 2019 Billing Specialist\n"
        "City , State\n"
        "Handled billing disputes for a utility.\n"
        "04/2019 to Current\n"
        "Senior Billing Specialist Company Name - City , State\n"
        "Trained new staff on the billing system.\n"
    )
    assert _positions(body) == [
        ("Billing Specialist", None, date(2015, 1, 1)),
        ("Senior Billing Specialist", None, date(2019, 4, 1)),
    ]


def test_a_comma_inside_a_title_stays_when_the_employer_is_elsewhere() -> None:
    body = (
        "Manager, Customer Operations\n"
        "Riverbend Energy Co., Leeds, UK | Jan 2020 - Present\n"
        "- Ran the contact centre.\n"
    )
    assert _positions(body) == [
        ("Manager, Customer Operations", "Riverbend Energy Co.", date(2020, 1, 1)),
    ]


def test_prose_and_the_heading_are_not_read_as_a_header() -> None:
    body = (
        "Answered phones, booked appointments and looked after the patients who came to the\n"
        "Front Desk Every Morning\n"
        "2017 - 2019\n"
        "Shared the 2020 - 2021 rota planning with two colleagues across the whole region.\n"
    )
    titles = [title for title, _, _ in _positions(body)]
    assert titles == [None, None]


def test_the_words_are_taxonomy_data() -> None:
    words = HEADINGS.positions
    assert "representative" in words.title_words and "ltd" in words.employer_words
    with pytest.raises(ValueError, match="lowercase"):
        PositionWords(title_words=("Manager",))
