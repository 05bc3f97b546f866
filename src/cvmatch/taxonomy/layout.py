"""Words that tell the parts of a resume's job header apart, the words of a salary, and
the words with which a posting names its employer.

Read from ``[headings.positions]``, ``[headings.salary]`` and ``[headings.employer]``
in ``taxonomy/headings.toml``. Code holds the mechanisms (:mod:`cvmatch.structure.positions`,
:mod:`cvmatch.analytics.salary`, :mod:`cvmatch.structure.employer`); these tables hold
the words, lowercase.
"""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import Field, field_validator

from cvmatch.taxonomy.base import _Strict

__all__ = ["EmployerWords", "PositionWords", "SalaryWords"]

Period = Literal["year", "month", "week", "day", "hour"]


def _lowercase(phrases: tuple[str, ...], what: str) -> tuple[str, ...]:
    for phrase in phrases:
        if not phrase.strip() or phrase != phrase.strip() or phrase != phrase.lower():
            raise ValueError(f"{what} {phrase!r} must be lowercase, not empty, no outer spaces")
    return phrases


class PositionWords(_Strict):
    """Words of a job header ("Senior Agent, Acme Ltd — 2019 to 2021")."""

    title_words: tuple[str, ...] = Field(
        default=(), description="words a job title is built on (manager, agent, clerk)"
    )
    employer_words: tuple[str, ...] = Field(
        default=(), description="words that mark an organisation's name (inc, ltd, hospital)"
    )
    connector_words: tuple[str, ...] = Field(
        default=(), description="small words left lowercase in a capitalised header (of, and)"
    )
    employer_connectors: tuple[str, ...] = Field(
        default=(), description="words between a title and its employer ('Agent at Acme')"
    )

    @field_validator("title_words", "employer_words", "connector_words", "employer_connectors")
    @classmethod
    def _valid(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        return _lowercase(phrases, "position word")


class SalaryWords(_Strict):
    """Currencies and pay periods as postings write them ("£25k per annum")."""

    currencies: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="ISO currency code -> its symbols and words"
    )
    periods: dict[Period, tuple[str, ...]] = Field(
        default_factory=dict, description="pay period -> the words that name it"
    )
    period_leads: tuple[str, ...] = Field(
        default=(), description="words that may stand before a period word ('per', 'a')"
    )
    thousands: tuple[str, ...] = Field(
        default=(), description="suffixes meaning thousands ('k' in '25k')"
    )
    range_words: tuple[str, ...] = Field(
        default=(), description="words between the two ends of a range ('25k to 30k')"
    )
    default_currency: str | None = Field(
        default=None, description="the currency of a bare number, if any (none: unknown)"
    )

    @field_validator("currencies", "periods")
    @classmethod
    def _valid_words(cls, table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for key, phrases in table.items():
            _lowercase(phrases, f"word of {key!r}")
        return table

    @field_validator("period_leads", "thousands", "range_words")
    @classmethod
    def _valid(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        return _lowercase(phrases, "salary word")

    @functools.cached_property
    def currency_of(self) -> dict[str, str]:
        """Symbol or word (lowercase) -> ISO code."""
        return {word: code for code, words in self.currencies.items() for word in words}

    @functools.cached_property
    def period_of(self) -> dict[str, str]:
        """Period word (lowercase) -> period."""
        return {word: period for period, words in self.periods.items() for word in words}


class EmployerWords(_Strict):
    """How a posting names its employer ("At Acme, we ...", "Acme is a ..."), so that the
    sentences it opens with that name are read as the employer describing itself."""

    section: str | None = Field(
        default=None, description="posting section of those sentences (none: rule off)"
    )
    before_name: tuple[str, ...] = Field(
        default=(), description="cue phrases right before the name ('at', 'about', 'join')"
    )
    after_name: tuple[str, ...] = Field(
        default=(), description="cue phrases right after the name ('is a', 'was founded')"
    )
    reader_words: tuple[str, ...] = Field(
        default=(), description="words addressing the reader: such a sentence is the job's"
    )
    job_words: tuple[str, ...] = Field(
        default=(), description="cue phrases of the job itself ('requires', 'the role')"
    )
    not_names: tuple[str, ...] = Field(
        default=(), description="capitalised words that open a sentence but name nobody"
    )

    @field_validator("before_name", "after_name", "reader_words", "job_words", "not_names")
    @classmethod
    def _valid(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        return _lowercase(phrases, "employer word")
