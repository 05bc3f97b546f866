"""Blind mode's masking keeps text length and offsets while hiding personal details."""

from __future__ import annotations

from cvmatch.reading.document import read_text
from cvmatch.reading.privacy import MASK, redact, redact_text

HEADER = (
    "Jordan Example\n"
    "jordan.example@example.com | (555) 010-2233 | 42 Elm Street | linkedin.com/in/jordan\n"
    "Date of birth: 01/02/1990\n\n"
)


def test_redact_text_masks_contact_details_and_keeps_length():
    body = "Summary\nCustomer service agent, age: 34. Call me on 555-0100.\n"
    text = HEADER + body
    masked = redact_text(text, header_lines=3)
    assert len(masked) == len(text)
    for secret in (
        "Jordan Example",
        "jordan.example@example.com",
        "010-2233",
        "42 Elm Street",
        "linkedin.com/in/jordan",
        "01/02/1990",
        "age: 34",
        "555-0100",
    ):
        assert secret not in masked
    assert "Customer service agent" in masked
    assert MASK in masked


def test_redact_document_masks_the_contact_section_and_keeps_sections():
    document = read_text(
        HEADER + "Experience\nAgent, Acme\nJan 2020 - Present\n- Answered calls\n", kind="resume"
    )
    blind = redact(document)
    assert len(blind.text) == len(document.text)
    assert blind.sections == document.sections
    assert "Answered calls" in blind.text and "Jordan" not in blind.text
