"""Section headings and the other words that give a document its structure.

Read from ``[headings]`` in ``taxonomy/headings.toml``; a user's file may extend it.
Heading phrases are compared whole, lowercase. Cue phrases use a small notation that
:func:`cue_regex` turns into a regular expression: ``(a|b)`` one of the choices,
``[a|b]`` optionally one of them (with the space beside it), and a final ``*`` that lets
the last word go on into a longer one. Everything else matches literally.
"""

from __future__ import annotations

import functools
import re

from pydantic import Field, field_validator, model_validator

from cvmatch.taxonomy.base import _Strict
from cvmatch.taxonomy.layout import EmployerWords, PositionWords, SalaryWords

__all__ = ["Headings", "KindCues", "cue_regex", "cues_regex"]

_GROUP = re.compile(r"(\(|\[)([^()\[\]]*)(\)|\])")


def cue_regex(phrase: str) -> str:
    """The regular expression of one cue phrase (see the module docstring).

    It begins at a word start and, unless the phrase ends in ``*``, ends at a word end.
    ``ValueError`` names what is wrong with a badly written phrase.
    """
    _check_cue(phrase)
    body, open_end = (phrase[:-1], True) if phrase.endswith("*") else (phrase, False)
    literals: list[str] = []  # literals[i] comes before groups[i]; one literal more
    groups: list[tuple[bool, list[str]]] = []  # (optional, choices)
    position = 0
    for match in _GROUP.finditer(body):
        literals.append(body[position : match.start()])
        groups.append((match.group(1) == "[", match.group(2).split("|")))
        position = match.end()
    literals.append(body[position:])
    for index, (optional, choices) in enumerate(groups):
        if optional and literals[index].endswith(" "):  # "click [on] apply"
            literals[index] = literals[index][:-1]
            choices[:] = [" " + choice for choice in choices]
        elif optional and index == 0 and not literals[0] and literals[1].startswith(" "):
            literals[1] = literals[1][1:]  # "[key|essential] requirements"
            choices[:] = [choice + " " for choice in choices]
    parts = [re.escape(literals[0])]
    for (optional, choices), literal in zip(groups, literals[1:], strict=True):
        parts.append("(?:" + "|".join(map(re.escape, choices)) + (")?" if optional else ")"))
        parts.append(re.escape(literal))
    return r"\b" + "".join(parts) + ("" if open_end else r"\b")


def cues_regex(phrases: tuple[str, ...]) -> str:
    """One regular expression finding any of ``phrases``, tried in their order."""
    if not phrases:
        return "(?!)"  # no phrases: a pattern that never matches
    return "(?:" + "|".join(cue_regex(phrase) for phrase in phrases) + ")"


def _check_cue(phrase: str) -> None:
    if not phrase.strip() or phrase != phrase.strip() or phrase != phrase.lower():
        raise ValueError(f"cue {phrase!r} must be lowercase, not empty, without outer spaces")
    if "*" in phrase[:-1] or phrase == "*":
        raise ValueError(f"cue {phrase!r}: '*' may only end a phrase")
    outside = _GROUP.sub("", phrase)
    if any(bracket in outside for bracket in "()[]|"):
        raise ValueError(f"cue {phrase!r}: unbalanced or nested brackets, or '|' outside them")
    for match in _GROUP.finditer(phrase):
        if (match.group(1) == "(") != (match.group(3) == ")"):
            raise ValueError(f"cue {phrase!r}: '{match.group(1)}' closed by '{match.group(3)}'")
        if any(not choice.strip() for choice in match.group(2).split("|")):
            raise ValueError(f"cue {phrase!r}: an empty choice in {match.group(0)!r}")


def _check_phrases(phrases: tuple[str, ...], what: str) -> None:
    for phrase in phrases:
        if not phrase.strip() or phrase != phrase.strip() or phrase != phrase.lower():
            raise ValueError(f"{what} {phrase!r} must be lowercase, not empty, no outer spaces")


class KindCues(_Strict):
    """Words that tell a resume from a job posting (lowercase cue phrases)."""

    posting: tuple[str, ...] = Field(min_length=1, description="how job adverts talk")
    resume: tuple[str, ...] = Field(min_length=1, description="words of a person's history")
    address: tuple[str, ...] = Field(
        min_length=1, description="words that talk to the reader (you, we, our)"
    )

    @field_validator("posting", "resume", "address")
    @classmethod
    def _valid_cues(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in phrases:
            _check_cue(phrase)
        return phrases


class Headings(_Strict):
    """Section headings and the other words that give a document its structure.

    ``resume`` and ``posting`` map each section name to its heading phrases; the other
    fields name sections of those two tables or hold cue phrases.
    """

    resume: dict[str, tuple[str, ...]] = Field(
        min_length=1, description="resume section name -> heading phrases"
    )
    posting: dict[str, tuple[str, ...]] = Field(
        min_length=1, description="posting section name -> heading phrases"
    )
    boilerplate: tuple[str, ...] = Field(
        default=(), description="posting sections that describe the employer, not the work"
    )
    resume_opening: str = Field(description="section of a resume's text before a heading")
    posting_opening: str = Field(description="section of a posting's text before a heading")
    positions_section: str = Field(description="resume section whose dates are positions")
    inline_words: tuple[str, ...] = Field(
        default=(), description="one-word posting headings also found inline in a paragraph"
    )
    inline_suffixes: tuple[str, ...] = Field(
        default=(), description="words that may follow an inline heading ('criteria')"
    )
    not_in_boilerplate: tuple[str, ...] = Field(
        default=(), description="sentence-cue sections ignored inside boilerplate sections"
    )
    title_junk: tuple[str, ...] = Field(
        default=(), description="placeholders of anonymised resumes that are no employer"
    )
    experience_words: tuple[str, ...] = Field(
        min_length=1, description="after 'N years', words that make it experience asked for"
    )
    experience_abbreviations: tuple[str, ...] = Field(
        default=(), description="the same, matched only as whole words ('exp')"
    )
    start_cues: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="posting section -> cue phrases opening a stretch"
    )
    sentence_cues: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="posting section -> cue phrases marking a sentence"
    )
    kind_cues: KindCues = Field(description="words that tell a resume from a posting")
    positions: PositionWords = Field(
        default_factory=PositionWords, description="words of a job header (title, employer)"
    )
    salary: SalaryWords = Field(
        default_factory=SalaryWords, description="currencies and pay periods of a salary"
    )
    employer: EmployerWords = Field(
        default_factory=EmployerWords, description="how a posting names its employer"
    )

    @field_validator("resume", "posting")
    @classmethod
    def _valid_headings(cls, sections: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for name, phrases in sections.items():
            _check_phrases(phrases, f"heading of {name!r}")
        return sections

    @field_validator(
        "inline_words",
        "inline_suffixes",
        "title_junk",
        "experience_words",
        "experience_abbreviations",
    )
    @classmethod
    def _valid_words(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        _check_phrases(phrases, "word")
        return phrases

    @field_validator("start_cues", "sentence_cues")
    @classmethod
    def _valid_cues(cls, cues: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for phrases in cues.values():
            for phrase in phrases:
                _check_cue(phrase)
        return cues

    @model_validator(mode="after")
    def _known_sections(self) -> Headings:
        """Every section named outside the two heading tables is one of theirs."""
        named = {
            "boilerplate": (self.boilerplate, self.posting),
            "posting_opening": ((self.posting_opening,), self.posting),
            "resume_opening": ((self.resume_opening,), self.resume),
            "positions_section": ((self.positions_section,), self.resume),
            "start_cues": (tuple(self.start_cues), self.posting),
            "sentence_cues": (tuple(self.sentence_cues), self.posting),
            "not_in_boilerplate": (self.not_in_boilerplate, self.sentence_cues),
            "employer.section": (tuple(filter(None, [self.employer.section])), self.posting),
        }
        for field, (names, known) in named.items():
            unknown = sorted(set(names) - set(known))
            if unknown:
                raise ValueError(f"{field} names unknown section(s) {unknown}")
        return self

    @functools.cached_property
    def boilerplate_sections(self) -> frozenset[str]:
        """Posting sections whose words describe the employer, not the job."""
        return frozenset(self.boilerplate)

    def sections(self, kind: str) -> dict[str, tuple[str, ...]]:
        """Section name -> heading phrases, for ``kind`` ``"resume"`` or ``"posting"``."""
        return self.resume if kind == "resume" else self.posting
