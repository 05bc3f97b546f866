"""Fixtures of the extraction tests: one initialised blank pipeline, shared."""

from __future__ import annotations

import pytest
import spacy


@pytest.fixture(scope="session")
def nlp():
    """A blank English pipeline with ``cvmatch_skills`` holding the shipped taxonomy."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("cvmatch_skills")
    pipeline.initialize()
    return pipeline
