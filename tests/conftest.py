"""Shared fixtures: paths to the shipped examples and documents built on the fly."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# compiled matcher tables go to a cache folder of this session, never the user's home;
# set before cvmatch reads it, inherited by the CLI and worker processes tests start
_CACHE_DIR = tempfile.mkdtemp(prefix="cvmatch-test-cache-")
os.environ["CVMATCH_CACHE_DIR"] = _CACHE_DIR
# blind mode's default key file lives in the settings folder: the session's, not the user's
os.environ["XDG_CONFIG_HOME"] = os.path.join(_CACHE_DIR, "config")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="also run the tests marked slow (checks of bench scripts)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` are skipped, visibly, unless ``--run-slow`` is given."""
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)


ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def example_pdf() -> Path:
    return EXAMPLES / "resumes" / "priya-shah-senior-specialist.pdf"


def make_pdf(path: Path, lines: list[str]) -> Path:
    """Write a simple one-column PDF with a text layer (fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.fixture()
def pdf_factory(tmp_path: Path):
    def build(name: str, lines: list[str]) -> Path:
        return make_pdf(tmp_path / name, lines)

    return build


RESUME_TEXT = """Jamie Doe
jamie@example.com | 555-0100

Summary
Friendly customer service representative with a strong customer focus.

Skills
Zendesk, Microsoft Office, bilingual English/Spanish, typing 55 wpm

Experience
Customer Service Representative, Acme Retail
Jan 2021 - Present
- Answered 80 inbound calls a day about orders and billing
- Resolved billing complaints and processed refunds accurately
- Trained 5 new hires on the ticketing system

Call Center Agent, Bright Telecom
June 2018 to December 2020
- Handled high call volume in a busy contact center
- Escalated technical issues to tier 2 support

Education
High School Diploma, 2017
"""

POSTING_TEXT = """Customer Service Representative

About us
We are a leading retailer with a friendly team and a great culture of teamwork.

What you'll do
- Answer inbound calls and emails from customers
- Resolve complaints and process returns and refunds

Requirements
- 2+ years of customer service experience
- Experience with Salesforce or another CRM

Nice to have
- Spanish is a plus

Benefits
- Health insurance, paid time off and a team leadership programme

We are an equal opportunity employer.
"""


@pytest.fixture(scope="session")
def resume_text() -> str:
    return RESUME_TEXT


@pytest.fixture(scope="session")
def posting_text() -> str:
    return POSTING_TEXT
