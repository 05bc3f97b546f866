"""Precision by context: mentions inside names, and generic phrases without a skill.

Every sentence here is written for these tests. Each error class is pinned both ways:
the mention a name or a generic phrase makes is vetoed, and the same concept shown by
what the person did (or what a posting asks for) is kept.
"""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.extract import get_extractor
from cvmatch.extract.context import GENERIC, NAME, TITLE, canonical, context_rules
from cvmatch.taxonomy import load_taxonomy


def ids(text: str, kind: str = "resume") -> set[str]:
    return set(cvmatch.extract_skills(text, kind=kind).ids)


def reasons(text: str, kind: str = "resume") -> dict[str, set[str | None]]:
    """The context reasons written on each concept's spans."""
    document = cvmatch.read_document(text.encode(), kind=kind, name="t.txt")
    doc = get_extractor().annotate(document)
    out: dict[str, set[str | None]] = {}
    for span in doc.spans["cvmatch_skills"]:
        out.setdefault(span.id_, set()).add(span._.cvmatch_context)
    return out


# -- concept words inside names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        # honours and awards
        ("Received the Regional Leadership Award from the board in 2021.", "team_leadership"),
        ("Winner of the Best Customer Service Award at the county fair.", "customer_service"),
        # departments and teams
        ("Liaised daily with the Finance, Legal and Technical Support teams.", "troubleshooting"),
        ("Filed the weekly reports of the Quality Assurance Team in Leeds.", "quality_assurance"),
        ("Our offices host the sales team and a small design studio.", "upselling"),
        # a colleague's title in a posting
        ("You will report to the Business Development Manager (BDM) each week.", "upselling"),
        ("The post reports to the Director of Client Services.", "customer_service"),
        ("This role sits under the Head of Customer Experience.", "customer_service"),
        # company, institution and plan names
        ("Volunteered at the Centre for Adaptive Technology on weekends.", "adaptability"),
        ("Joined Customer Loyalty Ltd as a junior bookkeeper.", "customer_retention"),
    ],
)
def test_a_concept_word_inside_a_name_is_no_evidence(sentence, concept):
    assert concept not in ids(sentence, kind="posting" if "You" in sentence else "resume")


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Led a team of 8 agents through a system migration.", "team_leadership"),
        ("Provided friendly customer service to hotel guests.", "customer_service"),
        ("Handled troubleshooting of printer faults for office staff.", "troubleshooting"),
        ("Sold extended warranties to walk-in shoppers.", "upselling"),
        ("Flexible and adaptable when priorities change.", "adaptability"),
    ],
)
def test_the_same_concepts_shown_by_activity_are_kept(sentence, concept):
    assert concept in ids(sentence)


def test_a_title_in_running_text_is_no_evidence_but_a_claim_beside_it_is():
    assert reasons("Promoted to Team Lead Agent after my second year.").get(
        "team_leadership", {TITLE}
    ) <= {TITLE, NAME}
    assert "customer_service" in ids(
        "Customer Service Agent with 9 years of experience in retail banking."
    )


def test_degrees_and_courses_in_education_are_no_evidence():
    text = (
        "Experience\nAnswered customer calls for a utility company.\n\n"
        "Education\nBachelor of Science in Business Leadership, State University\n"
        "Coursework in Conflict Resolution and Negotiation\n"
    )
    found = ids(text)
    assert "team_leadership" not in found
    assert "de_escalation" not in found
    assert "phone_support" in found


def test_a_certificate_in_a_tool_still_shows_the_tool():
    text = "Education\nCertificate in Microsoft Excel, City College, 2018\n"
    assert "tech_fluency" in ids(text)


def test_a_plain_line_in_education_still_counts():
    text = "Education\nCollege Diploma, 2015\nSupervised a team of 6 student volunteers\n"
    assert "team_leadership" in ids(text)


def test_a_sentence_initial_capital_is_not_a_name():
    assert "adaptability" in ids("Adaptive team player with a calm manner.")


# -- generic phrases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Our store is known for putting customer needs first.", "needs_assessment"),
        ("The product training room is on the second floor.", "product_knowledge"),
        ("Mail management Experience 2015 to 2019 at a logistics firm.", "team_leadership"),
        ("The company is proud of its record profitability.", "business_acumen"),
        (
            "Due to the high volume of applications we cannot reply to all.",
            "high_volume_contact_handling",
        ),
        ("Read the service level standards of the shop at induction.", "cx_metrics"),
        ("We opened a new business unit in Bristol.", "upselling"),
    ],
)
def test_a_generic_phrase_alone_is_no_evidence(sentence, concept):
    kind = "posting" if sentence.startswith(("We ", "Due ")) else "resume"
    assert concept not in ids(sentence, kind=kind)


@pytest.mark.parametrize(
    ("sentence", "concept", "kind"),
    [
        ("Assessed customer needs before recommending a tariff.", "needs_assessment", "resume"),
        ("Delivered product training to 30 new starters.", "product_knowledge", "resume"),
        ("Increased profitability of the branch by 12%.", "business_acumen", "resume"),
        (
            "Handled a high volume of inbound enquiries each shift.",
            "high_volume_contact_handling",
            "resume",
        ),
        ("Won new business from three regional retailers.", "upselling", "resume"),
        (
            "You will ideally have management experience in a care setting.",
            "team_leadership",
            "posting",
        ),
        ("Knowledge of product lines and pricing is essential.", "product_knowledge", "posting"),
        ("Skills\nStrong management experience, Microsoft Excel\n", "team_leadership", "resume"),
    ],
)
def test_a_generic_phrase_in_a_skill_bearing_context_counts(sentence, concept, kind):
    assert concept in ids(sentence, kind=kind)


def test_vetoed_spans_carry_their_reason():
    found = reasons("Our store is known for putting customer needs first.")
    assert found["needs_assessment"] == {GENERIC}
    assert reasons("Won the Leadership Award twice.")["team_leadership"] == {NAME}


# -- data, not code -------------------------------------------------------------------------


def test_generic_aliases_are_data_of_the_concepts():
    taxonomy = load_taxonomy()
    rules = context_rules(taxonomy)
    assert ("customer", "need") in rules.generic["needs_assessment"]
    assert canonical("needs") == canonical("need")
    assert rules.is_title("managers")


def test_staff_retention_is_not_customer_retention():
    assert "customer_retention" not in ids("Improved staff retention by 20% across the region.")
    assert "customer_retention" in ids("Improved customer retention by 20% across the region.")


TEAMS = "You will partner with the sales, account management, product and marketing teams."


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        (TEAMS, "upselling"),
        (TEAMS, "account_management"),
        (
            "Reports go to the finance, customer service and logistics departments.",
            "customer_service",
        ),
        ("She briefed the retention and billing teams every Monday.", "customer_retention"),
        (
            "Liaise with business development, account management and contact centre teams.",
            "upselling",
        ),
        ("Keep in close alignment with sales team before every event.", "upselling"),
    ],
)
def test_an_item_of_a_list_of_teams_is_a_name(sentence, concept):
    assert concept not in ids(sentence, kind="posting")


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Managed directly the staff team of the care home.", "team_leadership"),
        ("Handled account management, upselling and renewals.", "account_management"),
        ("Strong sales, negotiation and presentation skills.", "upselling"),
    ],
)
def test_a_list_that_names_no_team_keeps_its_items(sentence, concept):
    assert concept in ids(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Known for consistent communication and follow through.",
        "Dedicated assistant who excels at following through on every task.",
        "Ability to solve problems efficiently under pressure.",
    ],
)
def test_follow_through_and_solving_problems_are_not_issue_resolution(sentence):
    assert "issue_resolution" not in ids(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Followed through on customer complaints until they were closed.",
        "Solved customer problems over the phone within one call.",
        "Solved billing queries for 200 accounts a week.",
    ],
)
def test_following_through_on_issues_and_solving_customer_problems_count(sentence):
    assert "issue_resolution" in ids(sentence)


@pytest.mark.parametrize(
    ("sentence", "concept", "expected"),
    [
        ("Negotiate contract terms with new business partners.", "upselling", False),
        ("Collected the sales tax on every order.", "upselling", False),
        ("Won new business worth two million a year.", "upselling", True),
        ("Maintained collaborative relationships with the kitchen team.", "collaboration", True),
    ],
)
def test_a_mention_that_only_describes_the_next_noun_is_no_evidence(sentence, concept, expected):
    assert (concept in ids(sentence)) is expected
