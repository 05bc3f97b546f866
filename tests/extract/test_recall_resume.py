"""Resume-side recall of the classes a match listed "missing" though the resume shows them.

Each class is found by what the person did, not by one phrase: holding a set of client
accounts and reporting back to them (account management), interviewing the customer and
choosing what fits them (needs assessment), operating a till system (tech fluency),
spreadsheets kept to track figures and metrics reported (data literacy), supervision
given to staff (team leadership) and a workaround found (problem solving). The near
misses pin the senses that must not count: supervision received, an employer's own
client list, accounting "accounts", interviewing job candidates.
"""

from __future__ import annotations

import pytest

import cvmatch


def ids(text: str, kind: str = "resume") -> set[str]:
    """The concept ids found in ``text`` read as a document of ``kind``."""
    return set(cvmatch.extract_skills(text, kind=kind).ids)


FOUND = [
    # account management: a book of accounts, the client's named contact, client reports
    ("account_management", "Managed a book of 40 accounts across the North West."),
    ("account_management", "Looked after a portfolio of 60 small-business clients."),
    ("account_management", "Main point of contact for 30 advertisers."),
    ("account_management", "Served as the primary point of contact for assigned clients."),
    ("account_management", "Key liaison between clients and the creative studio."),
    ("account_management", "Prepared monthly performance reports for each client."),
    ("account_management", "Created monthly campaign reports for advertisers."),
    ("account_management", "Clients included two national banks and a regional airline."),
    ("account_management", "Retained 95% of my accounts year on year."),
    ("account_management", "Renewed 30 service contracts each quarter."),
    ("account_management", "Owned the relationship with 12 enterprise customers."),
    ("account_management", "Developed social media strategy for a range of retail clients."),
    ("account_management", "Advised clients on their media strategy every quarter."),
    # needs assessment: interviewing the customer, choosing what suits them
    ("needs_assessment", "Interviewed prospective tenants to learn what they were looking for."),
    ("needs_assessment", "Interviewed new clients and noted their circumstances."),
    ("needs_assessment", "Conducted intake interviews with new patients."),
    ("needs_assessment", "Matched each caller with the plan that suited their needs."),
    ("needs_assessment", "Recommended the right product for each customer."),
    ("needs_assessment", "Discussed options with guests to meet their needs."),
    ("needs_assessment", "Tailored travel packages to each client's budget and preferences."),
    # tech fluency: a till or point-of-sale system operated
    ("tech_fluency", "Operated the point-of-sale system and cash register."),
    ("tech_fluency", "Proficient with POS systems."),
    ("tech_fluency", "Trained new starters on the EPOS till system."),
    # data literacy: spreadsheets kept to track, metrics reported, data pulled
    ("data_literacy", "Maintained spreadsheets to track inventory levels."),
    ("data_literacy", "Created Excel spreadsheets to monitor overdue payments."),
    ("data_literacy", "Reporting campaign metrics to the director."),
    ("data_literacy", "Pulled sales data from the database for the monthly review."),
    # problem solving: a way round found, the cause worked out
    ("problem_solving", "Found workarounds when the system went down."),
    ("problem_solving", "Worked out why orders were failing and fixed the cause."),
    ("problem_solving", "Came up with a solution to reduce queue times."),
    # team leadership: supervision given to staff
    ("team_leadership", "Supervision of 10 staff on the night shift."),
    ("team_leadership", "Provided supervision and training for six cashiers."),
    ("team_leadership", "Responsible for the recruitment, training and supervision of agents."),
    # written communication: "written" in a list of communication skills, reading and
    # writing named together, a document written
    ("written_communication", "Excellent verbal, written, and interpersonal skills."),
    ("written_communication", "Able to read, write and communicate clearly in English."),
    ("written_communication", "Drafted legal documents and letters for two partners."),
    ("written_communication", "Write and review design descriptions for each release."),
]

SKILLS_LIST = (
    "Sam Lee\nExperience\nCashier, Corner Shop - 2019 to 2021\nServed customers at the till.\n"
    "Skills\nscheduling, supervision, cash handling\n"
)

NOT_FOUND = [
    ("team_leadership", "Worked under the supervision of the store manager."),
    ("team_leadership", "Able to work without supervision."),
    ("team_leadership", "Works well with minimal supervision."),
    ("team_leadership", "We offer regular supervision and appraisals."),
    ("account_management", "Our clients include leading banks and retailers."),
    ("account_management", "We provide recruitment services to a portfolio of national clients."),
    ("account_management", "Prepared tax returns and financial reports for clients."),
    ("account_management", "Produced account reporting data for the finance director."),
    ("account_management", "Point of contact for customers calling about deliveries."),
    ("account_management", "Served as liaison between internal clients and other departments."),
    ("account_management", "Created workout plans for clients."),
    ("needs_assessment", "Interviewed candidates for open positions."),
    ("needs_assessment", "We provide solutions to meet our clients' needs."),
    ("tech_fluency", "Cash register balanced at the end of each shift."),
    ("data_literacy", "Report to the area manager."),
    ("data_literacy", "Proven track record of results in sales."),
    ("problem_solving", "Worked on software solutions for two banks."),
]


@pytest.mark.parametrize(("concept", "sentence"), FOUND)
def test_resume_activity_is_found(concept, sentence):
    assert concept in ids(sentence)


def test_supervision_named_in_a_skills_list_is_team_leadership():
    assert "team_leadership" in ids(SKILLS_LIST)


@pytest.mark.parametrize(("concept", "sentence"), NOT_FOUND)
def test_other_senses_do_not_fire(concept, sentence):
    kind = "posting" if sentence.startswith("We ") else "resume"
    assert concept not in ids(sentence, kind)


@pytest.mark.parametrize(
    "sentence",
    [
        "Prepared monthly reports for the finance director.",
        "Revised and streamlined the team's work procedures.",
        "Followed the written policies and procedures of the bank.",
    ],
)
def test_preparing_or_revising_documents_is_not_written_communication(sentence):
    assert "written_communication" not in ids(sentence)


@pytest.mark.parametrize(
    ("sentence", "found", "not_found"),
    [
        ("Handled difficult customers with patience.", "de_escalation", "escalation_management"),
        (
            "Able to handle and diffuse difficult situations.",
            "de_escalation",
            "escalation_management",
        ),
        ("Handled escalated calls from VIP clients.", "escalation_management", None),
        ("Managed complex customer complaints to closure.", "escalation_management", None),
    ],
)
def test_a_difficult_customer_is_de_escalation_and_a_complex_case_escalation(
    sentence, found, not_found
):
    concepts = ids(sentence)
    assert found in concepts
    assert not_found is None or not_found not in concepts


def test_a_trainers_job_title_is_no_coaching():
    text = "Jane Doe\nCERTIFIED PERSONAL TRAINER AND GROUP FITNESS INSTRUCTOR\n\nSkills\nSales\n"
    assert "coaching" not in ids(text)
    assert "coaching" in ids("Jane Doe\n\nExperience\nTrained 12 new trainers and instructors.\n")


@pytest.mark.parametrize(
    ("sentence", "concept", "expected"),
    [
        ("Directed the public to appropriate offices as needed.", "issue_routing", True),
        ("Transferred callers to the right department.", "issue_routing", True),
        ("Assembled the appropriate team to develop the renewal plan.", "issue_routing", False),
        ("Reported progress to the appropriate team members each week.", "issue_routing", False),
        (
            "Took ownership of customer complaints until they were resolved.",
            "issue_resolution",
            True,
        ),
        ("Takes ownership of the work and works well in a team.", "issue_resolution", False),
        ("Extensive understanding of the computer peripheral market.", "troubleshooting", False),
    ],
)
def test_routing_and_ownership_need_what_is_routed_or_owned(sentence, concept, expected):
    assert (concept in ids(sentence)) is expected
