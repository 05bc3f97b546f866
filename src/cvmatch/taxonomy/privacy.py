"""The words blind mode masks by: titles, pronouns, labels of personal lines, family and
origin cues, and the words that keep a line from being taken for a name.

Read from ``[privacy]`` in ``taxonomy/privacy.toml``; a user's file may extend it. Words
are compared whole and lowercase; cue phrases use the notation of ``headings.toml``
(:func:`cvmatch.taxonomy.headings.cue_regex`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from cvmatch.taxonomy.base import _Strict
from cvmatch.taxonomy.headings import cue_regex

__all__ = ["PrivacyWords"]


def _lowercase(word: str) -> str:
    if not word.strip() or word != word.lower() or word != " ".join(word.split()):
        raise ValueError(f"{word!r} must be lowercase, not empty, words separated by one space")
    return word


def _cue(phrase: str) -> str:
    cue_regex(phrase)  # ValueError names what is wrong
    return phrase


Word = Annotated[str, AfterValidator(_lowercase)]
Cue = Annotated[str, AfterValidator(_cue)]


class PrivacyWords(_Strict):
    """``[privacy]``: every list is empty by default; the shipped file supplies the words."""

    #: Titles that say the person's gender ("Mrs"); masked, with the name after them.
    gendered_titles: tuple[Word, ...] = ()
    #: Other titles before a name ("Dr"); the name after them is masked.
    other_titles: tuple[Word, ...] = ()
    #: Gendered pronouns, masked wherever they stand.
    pronouns: tuple[Word, ...] = ()
    #: Pronouns masked only in a statement such as "they/them".
    statement_pronouns: tuple[Word, ...] = ()
    #: Lowercase words inside a name ("de la Cruz", "bin Rashid").
    name_particles: tuple[Word, ...] = ()
    #: Words that make a title-case line something other than a name ("Customer Service").
    not_name_words: tuple[Word, ...] = ()
    #: Words that are names and ordinary words ("Grace", "Chase"): masked alone only after
    #: a title; the concept aliases and the candidate's employers count as such too.
    common_words: tuple[Word, ...] = ()
    #: "Label: Maria Lopez": the capitalised words after the colon are a person's name.
    name_labels: tuple[Word, ...] = ()
    #: "Label: ...": the rest of the line is personal (nationality, religion, date of birth).
    personal_labels: tuple[Word, ...] = ()
    #: "Skype: jose.n": the value after the colon is a messaging handle.
    handle_labels: tuple[Word, ...] = ()
    #: Headings of a references section: its body (referees' names and contacts) is masked.
    reference_headings: tuple[Word, ...] = ()
    #: Sections whose years are masked (a graduation year tells the age).
    year_sections: tuple[Word, ...] = ()
    #: Cues of a clause about family or marital status ("wife of", "two children").
    family_cues: tuple[Cue, ...] = ()
    #: Cues of a clause about origin, nationality or citizenship ("grew up in").
    origin_cues: tuple[Cue, ...] = ()
    #: Cues of a clause that dates a graduation ("class of 2004").
    graduation_cues: tuple[Cue, ...] = ()
    #: Street types after a house number ("221B Baker Street") ...
    street_types: tuple[Word, ...] = ()
    #: ... and before a street name ("Calle Mayor 5", "Rue de Rivoli 12").
    street_prefixes: tuple[Word, ...] = ()
    #: Words of a unit in a building ("Flat 3", "Apt 4B"), masked with their number.
    unit_words: tuple[Word, ...] = ()
    #: US state and Canadian province codes before a ZIP code ("NY 10001").
    region_codes: tuple[str, ...] = Field(default=())
