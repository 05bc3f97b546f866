"""Who a mention's work is with, list items, and coordinated channels.

Every sentence here is written for these tests. Each class is pinned both ways: the
reading that names the wrong people (or crosses a list item, or a veto inside a
coordination) is vetoed, and the same concept said of the right people is kept.
"""

from __future__ import annotations

import pytest

import cvmatch
from cvmatch.extract import get_extractor
from cvmatch.extract.context import PARTY
from cvmatch.extract.parties import CUSTOMER, STAFF, party_rules
from cvmatch.taxonomy import load_taxonomy


def ids(text: str, kind: str = "resume") -> set[str]:
    return set(cvmatch.extract_skills(text, kind=kind).ids)


def experience(line: str) -> str:
    return f"Jane Doe\n\nExperience\n{line}\n"


def posting(line: str) -> str:
    return f"Customer Advisor\n\n{line}\n"


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Liaised with international clients about their bookings.", "collaboration"),
        ("Acted as the main liaison with advertisers on every campaign.", "collaboration"),
        ("Key liaison between our clientele and the gallery.", "collaboration"),
        ("Supervised 12 employees, set rotas, resolved conflicts.", "de_escalation"),
        ("Mediated disputes between night-shift staff members.", "de_escalation"),
    ],
)
def test_a_concept_said_of_the_wrong_people_is_no_evidence(sentence, concept):
    assert concept not in ids(experience(sentence))


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Liaised with the finance department to close month-end.", "collaboration"),
        ("Acted as liaison between customers and the warehouse team.", "collaboration"),
        ("Worked closely with colleagues in three offices.", "collaboration"),
        ("Resolved conflicts with irate customers at the returns desk.", "de_escalation"),
        ("Calmed angry callers and kept their accounts open.", "de_escalation"),
        ("Trained staff in conflict resolution skills.", "de_escalation"),
    ],
)
def test_the_same_concept_with_the_right_people_is_kept(sentence, concept):
    assert concept in ids(experience(sentence))


def test_a_named_skill_stands_without_its_party():
    text = posting("You have sound conflict management skills to lead employees well.")
    assert "de_escalation" in ids(text, "posting")


def test_party_rules_read_plurals_and_both_parties():
    rules = party_rules(load_taxonomy())
    assert rules.named("We met the clients and their staff.") == {CUSTOMER, STAFF}
    assert rules.vetoes("collaboration", "Liaise with customers daily.")
    assert not rules.vetoes("collaboration", "Liaise with customers and managers.")
    assert not rules.vetoes("collaboration", "Liaise with the printers.")  # no party
    assert not rules.vetoes("upselling", "Sold to customers.")  # no rule for it


@pytest.mark.parametrize(
    "sentence",
    [
        "Acme builds tools that help our customers live better lives.",
        "We support our clients the way we support our people.",
        "We listen carefully to our customers.",
    ],
)
def test_the_employer_describing_its_own_customers_is_no_evidence(sentence):
    found = ids(posting(sentence), "posting")
    assert not found & {"customer_service", "active_listening"}


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("You will help our customers choose the right plan.", "customer_service"),
        ("In this role you will support our clients by phone.", "customer_service"),
        ("The role: listen carefully to our customers and log every request.", "active_listening"),
        ("Duties: To support our customers to the highest possible standard", "customer_service"),
        ("Support our customers with every order, return and refund.", "customer_service"),
    ],
)
def test_the_jobs_own_work_with_our_customers_counts(sentence, concept):
    assert concept in ids(posting(sentence), "posting")


def test_the_party_reason_is_written_on_the_span():
    document = cvmatch.read_text(experience("Liaised with clients weekly."), kind="resume")
    doc = get_extractor().annotate(document)
    spans = [s for s in doc.spans["cvmatch_skills"] if s.id_ == "collaboration"]
    assert spans and {s._.cvmatch_context for s in spans} == {PARTY}
    assert not any(s._.cvmatch_evidence for s in spans)


@pytest.mark.parametrize(
    "line",
    [
        "Book visits, Managing client files, Managerial tasks, Filing",
        "Ordered stock, Managed rotas, Managerial duties, Banking",
        "Greet guests, Handling payments, Management experience, Cleaning",
    ],
)
def test_a_verb_of_one_list_item_does_not_govern_the_next(line):
    assert "team_leadership" not in ids(experience(line))


def test_a_verb_in_its_own_item_still_governs_a_generic_phrase():
    assert "team_leadership" in ids(experience("Hired cooks, gained management experience"))


@pytest.mark.parametrize(
    ("sentence", "both"),
    [
        ("Excellent verbal and written communication skills.", True),
        ("Strong oral and written communication skills.", True),
        ("Good verbal & written communication.", True),
        ("Excellent written communication skills.", False),
    ],
)
def test_a_coordination_names_each_channel(sentence, both):
    found = ids(experience(sentence))
    assert "written_communication" in found
    assert ("verbal_communication" in found) is both


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Skills\nfiling, E-mail, email, spreadsheets", False),
        ("Skills\nOutlook, e-mail, Excel", False),
        ("Experience\nAnswered questions by phone, e-mail and fax.", True),
        ("Experience\nHandled e-mail, phone and chat enquiries.", True),
        ("Experience\nProvided customer service via e-mail to members.", True),
    ],
)
def test_email_is_a_channel_only_beside_another_channel_or_an_activity(line, kept):
    assert ("email_support" in ids(f"Jane Doe\n\n{line}\n")) is kept


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Gathered feedback from colleagues in every department.", "customer_feedback"),
        ("Collected staff feedback on the new rota each month.", "customer_feedback"),
        ("Assessed the training needs of new employees.", "needs_assessment"),
    ],
)
def test_feedback_and_needs_of_staff_are_not_the_customers(sentence: str, concept: str) -> None:
    assert concept not in ids(experience(sentence))


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Gathered feedback from customers after every visit.", "customer_feedback"),
        ("Assessed each caller's needs before offering a plan.", "needs_assessment"),
        ("Shared customer feedback with the product team.", "customer_feedback"),
    ],
)
def test_feedback_and_needs_of_customers_are_kept(sentence: str, concept: str) -> None:
    assert concept in ids(experience(sentence))
