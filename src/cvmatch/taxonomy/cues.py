"""Words that change what a mention means: negation, boilerplate, preference, quantities.

Read from ``[cues]`` in ``taxonomy/cues.toml``; a user's file may extend it. The
extraction stage compiles them (once per ``Cues`` object) into token hash sets and
regular expressions; the phrase syntax of the posting cues is described in that file.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

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


class ConceptSense(_Strict):
    """The words that tell one concept's sense from another field's use of its aliases:
    "quality assurance" of calls is the concept's, of software or buildings it is not."""

    #: words of the concept's own field; one in the sentence keeps the mention
    own: Words = ()
    #: words of other fields; one in the sentence, with none of ``own``, vetoes it
    other: Words = ()


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
    #: posting phrases that make the item they are attached to required ("you will need")
    required: Phrases = ()
    #: posting phrases that make their item required and state it as hard ("must")
    must_have: Phrases = ()
    #: posting phrases that open a duty, the job's work ("you will answer calls"): the
    #: items after them are unspecified, even under a Requirements heading
    duty: Phrases = ()
    #: hard cues no phrase can say, as lowercase regular expressions ("2+ years")
    must_have_regex: Regexes = ()
    #: cues that quantify what follows them ("at least 3 years of ..."): they bind the
    #: items after them only, never the one before ("a GED with at least 6 years")
    forward_cues: Phrases = ()
    #: heading phrases that make a Requirements section's items must-haves ("Essential
    #: criteria"); any other heading ("Required qualifications") only requires
    must_have_headings: Phrases = ()
    #: phrases a little before a mention, or in it, that describe the team or the
    #: workplace rather than ask for a skill ("join a team of 10", "a friendly team")
    workplace_cues: Phrases = ()
    #: concepts (ids) whose posting mention is no requirement with a ``workplace_cues``
    #: phrase near it (being in a team is neither teamwork asked for nor leading one)
    workplace_concepts: Words = ()
    #: phrases holding a required or must-have cue that say no requirement ("as required")
    not_cues: Phrases = ()
    #: words joining the items of one coordination ("Zendesk or Salesforce is a plus")
    coordinators: Phrases = ()
    #: words that close a serial list ("A, B, or C is a plus"): a cue after the last
    #: item binds every item of the list
    serial_coordinators: Phrases = ()
    #: concepts (ids) that are must-have whenever a posting requires them (a language)
    must_have_concepts: Words = ()
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
    # --- attributes with their sense (cvmatch.extract.attributes) ---
    #: words that claim or ask for experience of an industry, a little before the
    #: industry word or right after it ("experience in retail", "retail background")
    industry_experience_words: Words = ()
    #: prepositions that set the work in an industry ("in a busy hospital", "within ...")
    #: whether an industry mention must say the work was in it (the rules below). Off:
    #: on a held-out sample of 134 real postings the rules dropped 16 true mentions for
    #: 4 false ones (P 0.83 / R 0.80 against 0.83 / 0.96 without them).
    industry_sense: bool = False
    industry_setting_words: Words = ()
    #: nouns right after an industry word that make it a setting ("a retail environment")
    industry_setting_nouns: Words = ()
    #: phrases before an industry word, in its clause, that void it: an interest, an
    #: example in passing ("interest in", "e.g.", "such as")
    industry_vetoes: Phrases = ()
    #: phrases of the employer describing itself or its client ("our client is")
    employer_blurb: Phrases = ()
    #: phrases of a posting's sentence about the job's own work ("you will")
    job_duty: Phrases = ()
    #: words right after an industry word that make it a qualification's or a field of
    #: study's name ("social work qualification", "Electronics Engineering")
    industry_vetoes_after: Words = ()
    #: resume sections about the jobs held (section ids)
    industry_work_sections: Words = ()
    #: capitalised words that, right after an industry word, make it a company's name
    company_words: Words = ()
    #: words that end a job title held in an industry ("support worker", "staff nurse"):
    #: an industry mention ending in one is a title, not the industry of the work
    industry_title_words: Words = ()
    #: words that name no industry by themselves: a mention made only of these, of
    #: experience words and of setting nouns ("industry experience") names none
    industry_generic_words: Words = ()
    #: words that give a language name its speaking or writing sense ("fluent", "speaker")
    language_sense: Words = ()
    #: tokens that join a list of languages ("/", "and", "(")
    language_separators: Words = ()
    #: tokens that may stand between a language and its level ("Spanish (fluent)")
    language_level_marks: Words = ()
    #: words that may stand between a level and its language ("fluent *in* German")
    language_level_links: Words = ()
    #: a word right after a language name (or just before it) that makes it no language
    #: ("French cuisine", "Czech republic", "programming languages")
    language_vetoes: Words = ()
    #: the levels of a language, each with its phrases (``native = ["native", ...]``)
    language_levels: dict[str, Phrases] = Field(default_factory=dict)
    #: level words that name a level only before the language or after a mark
    #: ("business French", "French (business)", but not "the French business")
    language_prefix_only: Words = ()
    #: levels that are no working language in a resume (a beginner)
    language_beginner_levels: Words = ()
    #: a multilingual mention that names no language needs one of these in it or right
    #: after it ("bilingual", "fluent in two *languages*"; not "fluent in English")
    language_generic_words: Words = ()
    #: a noun right after such a mention that makes it the employer's ("a multilingual
    #: team"), not a language the job uses
    language_generic_vetoes: Words = ()
    #: sections where a language name is a language claimed (section ids)
    language_sections: Words = ()
    #: resume sections where a language name as a whole list item counts
    language_list_sections: Words = ()
    #: posting sections where a language name that opens an item counts ("- Spanish is
    #: a plus")
    language_item_sections: Words = ()
    #: languages that join a list of languages but are no second language ("English")
    other_languages: Words = ()
    #: words that give a mention naming no language its sense when in its clause
    #: ("speak at least one of the languages fluently")
    language_speech: Words = ()
    #: words that make a mention naming no language a sense by itself ("bilingual")
    language_self_sense: Words = ()
    #: programming languages and software words: a clause naming one makes a mention
    #: naming no language no natural language ("other languages used are C++, Java")
    language_programming_words: Phrases = ()
    #: role nouns that need a language in their clause or their posting's title
    language_roles: Words = ()
    #: words besides ``language_speech`` that give a role noun its language sense
    language_role_sense: Words = ()
    #: words after a language name that state its sense anywhere ("German speaking")
    language_stated: Words = ()
    #: a Skills-list alias that begins or ends with one of these needs its context to
    #: mean the concept ("on social media"), so the skills-list mapper leaves it out
    skills_list_function_words: Words = ()
    #: praise words stripped from the start of a Skills-list item ("Strong ...")
    skills_list_praise: Words = ()
    #: words stripped from the end of a Skills-list item ("... skills", "... experience")
    skills_list_tails: Words = ()
    #: small words a name may hold between its capitalised words ("Director *of* Sales")
    name_connectors: Words = ()
    #: a capitalised run ending in one of these is a name, not a skill ("... Support
    #: teams", "Leadership Award", "Retention Ltd"); a lowercase mention right before
    #: one of the ``name_team_nouns`` is a team's name ("the sales team")
    name_nouns: Words = ()
    #: nouns that name a group of people even after a lowercase mention
    name_team_nouns: Words = ()
    #: nouns a mention right before only describes ("new business *partners*", "the sales
    #: *tax*"): the phrase is about them, not the mention's skill
    compound_heads: Words = ()
    #: a lowercase mention is a name only right after one of these ("*the* sales team")
    name_determiners: Words = ()
    #: capitalised words that open a name before "of"/"for"/"in" ("*Director* of Client
    #: Services", "*Bachelor* of Science in Business", "*Center* for ...")
    name_heads: Words = ()
    #: prepositions that join a name's head to the rest of it
    name_prepositions: Words = ()
    #: sections whose lines name degrees, courses and honours (a mention there counts
    #: only on a line without one of ``name_section_markers``)
    name_sections: Words = ()
    #: words that make a line of ``name_sections`` a degree, course or honour
    name_section_markers: Words = ()
    #: concept categories a name still shows ("Microsoft Excel Certificate", "Salesforce
    #: Administrator" are evidence of the tool; "BSc Leadership" is none of leading)
    name_section_kept_categories: Words = ()
    #: verbs (base forms; every inflection counts) that make a generic phrase a skill
    #: when they govern it ("*assessed* customer needs", "*delivered* product training")
    action_verbs: Words = ()
    #: phrases before a generic phrase that make it a claimed or asked-for skill
    #: ("experience in new business", "knowledge of product lines", "5 years of")
    skill_context: Phrases = ()
    #: in a posting, phrases before a generic phrase that ask for it ("ideally with
    #: management experience", "at least 3 years")
    requirement_context: Phrases = ()
    #: sections whose items are skills by themselves (a generic phrase there counts
    #: when it opens its item)
    skill_list_sections: Words = ()
    #: words a Skills-list item may open with before its generic phrase ("Strong ...")
    skill_list_openers: Words = ()
    #: nouns (singular; plurals count) naming the people a service is for ("clients")
    customer_parties: Words = ()
    #: nouns naming the employer's own people ("colleagues", "departments", "staff")
    staff_parties: Words = ()
    #: concept -> the party ("customer" or "staff") that, named alone in a mention's
    #: sentence, says the mention is not that concept ("liaising with clients" is no
    #: teamwork; "resolved conflicts" among employees calms no customer)
    party_vetoes: dict[str, str] = Field(default_factory=dict)
    #: concept -> the words that tell its sense (:class:`ConceptSense`)
    concept_senses: dict[str, ConceptSense] = Field(default_factory=dict)
    #: in a posting, one of these before a customer party makes them the employer's own
    #: customers ("tools that help *our* customers"): outside a sentence about the job
    #: (``job_duty``), a mention of them is the employer describing itself
    employer_possessives: Words = ()
