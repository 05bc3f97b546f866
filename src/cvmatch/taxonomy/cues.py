"""Words that change what a mention means: negation, boilerplate, preference, quantities.

Read from ``[cues]`` in ``taxonomy/cues.toml``; a user's file may extend it. The
extraction stage compiles them (once per ``Cues`` object) into token hash sets and
regular expressions; the phrase syntax of the posting cues is described in that file.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

from cvmatch.taxonomy.base import _Strict


def _one_word(word: str) -> str:
    if not word or word != word.lower() or len(word.split()) != 1 or word != word.strip():
        raise ValueError(f"{word!r} must be one lowercase word")
    return word


def _phrase(phrase: str) -> str:
    if not phrase.strip("<>").strip() or phrase != phrase.lower():
        raise ValueError(f"{phrase!r} must be a non-empty lowercase phrase")
    if phrase != " ".join(phrase.split()):
        raise ValueError(f"{phrase!r}: separate words by one space")
    return phrase


def _regex(pattern: str) -> str:
    if pattern != pattern.lower():
        raise ValueError(f"{pattern!r}: write case-blind patterns in lowercase")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
    return pattern


Words = tuple[Annotated[str, AfterValidator(_one_word)], ...]
Phrases = tuple[Annotated[str, AfterValidator(_phrase)], ...]
Regexes = tuple[Annotated[str, AfterValidator(_regex)], ...]


class Cues(_Strict):
    """Words that change what a mention means: negation, boilerplate, preference, quantities.

    Every list is empty by default: the shipped ``cues.toml`` supplies the words.
    """

    #: single tokens that deny a mention a few words after them in its clause
    negation: Words = ()
    #: a negation word followed by one of these denies nothing ("not only", "no longer")
    negation_exceptions: Words = ()
    #: tokens that end a clause (a line break always does)
    clause_breaks: Words = ()
    #: a token after a mention that denies it by itself ("unnecessary")
    denials_after: Words = ()
    #: tokens that, followed by a phrase of ``not_needed``, deny the mention before them
    not_words: Words = ()
    #: phrases that follow a ``not_words`` token ("required", "a requirement")
    not_needed: Phrases = ()
    #: posting phrases that make a nearby mention preferred rather than required
    preferred: Phrases = ()
    #: posting phrases that make a nearby mention boilerplate (benefits, EEO, the company)
    boilerplate: Phrases = ()
    #: boilerplate cues a phrase cannot say, as lowercase regular expressions
    boilerplate_regex: Regexes = ()
    #: words that may stand between a number and its unit ("80 *inbound* calls")
    quantity_fillers: Words = ()
    #: what a number counts ("calls", "csat"); the first listed is tried first
    quantity_units: Words = ()
    #: job-title words (a plural "s" allowed) that make a short line a job title
    title_words: Words = ()
    #: a Skills-list alias that begins or ends with one of these needs its context to
    #: mean the concept ("on social media"), so the skills-list mapper leaves it out
    skills_list_function_words: Words = ()
    #: praise words stripped from the start of a Skills-list item ("Strong ...")
    skills_list_praise: Words = ()
    #: words stripped from the end of a Skills-list item ("... skills", "... experience")
    skills_list_tails: Words = ()
