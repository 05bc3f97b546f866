"""Property tests on the text path: any string in, a valid result or a typed error out.

Strings mix arbitrary Unicode (control characters, lone surrogates, combining marks,
very long tokens) with resume vocabulary, so that skills are found and their evidence
offsets are checked, not only the empty case.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cvmatch
from cvmatch.errors import CvmatchError
from cvmatch.models import Document

WORDS = [
    "Zendesk",
    "Salesforce",
    "customer service",
    "resolved complaints",
    "call centre",
    "de-escalation",
    "Skills",
    "Experience",
    "Summary",
    "Education",
    "Jan 2020 - Present",
    "2018 to 2021",
    "5 years",
    "team lead",
    "- ",
    "• ",
    "no Salesforce experience",
    "bilingual Spanish",
    "CRM",
    "80 calls a day",
    "Microsoft Office",
    "account manager",
    "ﬁ",
    "ｃｕｓｔｏｍｅｒ",
    "Ã©",
    "â€™",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "\ud800",
]
SEPARATORS = [" ", "\n", ", ", "\n- ", "\r\n", "\t", "\n\n\n", " | ", ".", ";"]

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
long_token = st.builds(lambda c, n: c * n, st.characters(), st.integers(1000, 10_000))
pieces = st.one_of(st.sampled_from(WORDS), any_text, st.sampled_from(WORDS), long_token)
resume_like = st.builds(
    lambda parts, seps: "".join(p + s for p, s in zip(parts, seps * len(parts), strict=False)),
    st.lists(pieces, max_size=40),
    st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=5),
)
texts = st.one_of(st.text(), any_text, resume_like)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _document(text: str) -> Document | None:
    try:
        document = cvmatch.read_text(text)
    except CvmatchError:
        return None  # typed: empty, too large...
    assert isinstance(document, Document)
    assert document.text.strip()
    document.model_dump_json()  # serialisable (no lone surrogates left)
    for section in document.sections:
        assert 0 <= section.start <= section.end <= len(document.text)
    for position in document.positions:
        assert 0 <= position.start <= position.end <= len(document.text)
    return document


@SETTINGS
@given(texts)
def test_read_text_gives_a_document_or_a_typed_error(text: str) -> None:
    _document(text)


@SETTINGS
@given(texts)
def test_evidence_offsets_index_into_the_document_text(text: str) -> None:
    document = _document(text)
    if document is None:
        return
    profile = cvmatch.extract_skills(document)
    for skill in profile.skills:
        assert skill.evidence
        for evidence in skill.evidence:
            assert 0 <= evidence.start < evidence.end <= len(document.text)
            assert document.text[evidence.start : evidence.end] == evidence.text


@SETTINGS
@given(texts, st.sampled_from(["resume", "posting"]))
def test_scores_stay_between_0_and_100(text: str, kind: str) -> None:
    try:
        result = cvmatch.score_document(text, kind=kind)
    except CvmatchError:
        return
    assert result.ok and len(result.roles) == 6
    for fit in result.roles:
        assert 0 <= fit.score <= 100
        assert sum(line.points for line in fit.contributions) == pytest.approx(fit.score, abs=0.6)
    result.model_dump_json()


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.html", "x.md", "x.pdf", "x.docx"]))
def test_any_bytes_read_as_a_document_or_a_typed_error(data: bytes, name: str) -> None:
    try:
        document = cvmatch.read_document(data, name=name)
    except CvmatchError as exc:
        assert name in str(exc)
    else:
        assert document.text.strip()
