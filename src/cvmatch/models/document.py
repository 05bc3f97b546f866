"""What reading and extraction give: a document, its structure, and the skills in it."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from cvmatch.models.base import DocumentKind, RequirementStatus, _Model

__all__ = ["Document", "Evidence", "Position", "Section", "Skill", "SkillProfile", "StatedSalary"]


class Section(_Model):
    """A labelled stretch of a document's text, found from its heading."""

    name: str = Field(description="canonical name: summary, skills, experience, requirements...")
    heading: str | None = Field(default=None, description="the heading as written, if any")
    start: int = Field(ge=0, description="character offset of the section's first character")
    end: int = Field(ge=0, description="character offset just past the section's end")


class Position(_Model):
    """One job held, from a resume's experience section."""

    title: str | None = Field(default=None, description="the job title, as written")
    employer: str | None = Field(default=None, description="the employer, as written")
    start_date: date | None = Field(
        default=None, description="when the job began (day 1; January when only a year is given)"
    )
    end_date: date | None = Field(
        default=None, description="when it ended (day 1; December if only a year); today if current"
    )
    current: bool = Field(
        default=False, description='true if the job is held now ("present", "current")'
    )
    years: float | None = Field(default=None, ge=0, description="years in the job, from its dates")
    start: int = Field(ge=0, description="character offset of the position's first line")
    end: int = Field(ge=0, description="character offset just past the position's last line")


class Document(_Model):
    """A document read into normalised text, with its structure."""

    source: str = Field(description="the path, or a name given for bytes/text input")
    kind: DocumentKind = Field(description='"resume" or "posting": detected, or as given')
    format: str = Field(description="txt, md, pdf, docx, html")
    text: str = Field(description="the normalised text; every offset in the results points into it")
    title: str | None = Field(
        default=None, description="the posting's title, or the resume's headline"
    )
    sections: list[Section] = Field(
        default_factory=list, description="the labelled sections, in text order"
    )
    positions: list[Position] = Field(
        default_factory=list, description="resumes only: the jobs held, in text order"
    )
    years_experience: float | None = Field(
        default=None,
        ge=0,
        description="resumes: years worked (overlaps counted once); postings: years asked for",
    )
    pages: int | None = Field(
        default=None, description="pages of a PDF; null where pages mean nothing (text, DOCX, HTML)"
    )
    hidden_text: dict[str, int] = Field(
        default_factory=dict,
        description="characters left out of text because a reader cannot see them, by reason "
        "(invisible render mode, same colour as the background, outside the page, zero-size "
        "font, hidden by CSS, marked hidden)",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description='what a reader of the results should know, e.g. "hidden text: 214 '
        'characters (...), not used as evidence"',
    )

    def section_at(self, offset: int) -> Section | None:
        """The section that contains a character offset, if any."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None


class Evidence(_Model):
    """Where a skill was seen: the matched words and their place in the text."""

    text: str = Field(description="the matched words, as written")
    start: int = Field(ge=0, description="character offset into Document.text")
    end: int = Field(ge=0, description="character offset just past the match")
    section: str | None = Field(
        default=None, description="the canonical name of the section it is in"
    )
    context: str | None = Field(default=None, description="the line or sentence around the match")
    quantity: str | None = Field(
        default=None, description='a number said with it, e.g. "80 calls a day"'
    )
    required: bool | None = Field(
        default=None, description="postings only: required (True) or preferred (False)"
    )
    status: RequirementStatus | None = Field(
        default=None,
        description=(
            'postings only: "required" (a Requirements section or a required cue), '
            '"preferred" (a Preferred section or a cue such as "is a plus", bound to its own '
            'item), or "unspecified" (neither, e.g. a duty); required is false only if preferred'
        ),
    )
    must_have: bool | None = Field(
        default=None,
        description=(
            'postings only: stated as hard ("must", "essential", "minimum", "at least", '
            '"required", or a required language)'
        ),
    )
    cue: str | None = Field(
        default=None,
        description="postings only: the cue words or section heading that decided the status",
    )


class Skill(_Model):
    """A taxonomy concept found in a document, with every piece of evidence."""

    id: str = Field(description="the taxonomy concept id (a contract: taxonomy-concepts.md)")
    name: str = Field(description="the concept's display name")
    category: str = Field(description="the concept's category: soft, technical, ...")
    evidence: list[Evidence] = Field(
        min_length=1, description="every place it was seen, at least one"
    )
    attributes: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "the attribute values found, each list in text order without repeats: "
            '"industries" (industry_experience: only where the work was in the industry or '
            'the posting asks for it, e.g. ["Healthcare"]), "languages" (multilingual: only '
            'languages spoken or written, e.g. ["German", "Spanish"]; English is never '
            'listed) and "language_levels" (each stated level as "Language: level", level one '
            'of native, fluent, business, conversational, basic, e.g. ["German: fluent"]); '
            "empty when the evidence names no value"
        ),
    )
    required: bool | None = Field(
        default=None, description="postings only: true if any evidence is required"
    )
    status: RequirementStatus | None = Field(
        default=None,
        description=(
            'postings only: "required" if any evidence is, else "unspecified" if any is, '
            'else "preferred"'
        ),
    )
    must_have: bool | None = Field(
        default=None, description="postings only: true if any evidence is stated as hard"
    )
    cue: str | None = Field(
        default=None, description="postings only: the words that decided the status, if any"
    )
    confidence: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="1 for a pattern match; a skills-list item mapped by similarity gives less",
    )


class SkillProfile(_Model):
    """Everything extraction found in one document."""

    source: str = Field(description="the document's source")
    kind: DocumentKind = Field(description='"resume" or "posting"')
    skills: list[Skill] = Field(
        default_factory=list, description="one per concept found, in taxonomy order"
    )
    unmapped: list[str] = Field(
        default_factory=list, description="skills-list items that match no concept"
    )
    warnings: list[str] = Field(
        default_factory=list, description="the document's warnings (see Document.warnings)"
    )

    def get(self, concept_id: str) -> Skill | None:
        """The skill with this concept id, or ``None``."""
        return next((s for s in self.skills if s.id == concept_id), None)

    @property
    def ids(self) -> list[str]:
        """The concept ids found, in order."""
        return [s.id for s in self.skills]


class StatedSalary(_Model):
    """A salary as a posting states it ("$82,800 – $92,000 a year"), with its source."""

    min_amount: float = Field(ge=0, description="the lower end (the amount, if one is given)")
    max_amount: float = Field(ge=0, description="the upper end (the amount, if one is given)")
    currency: str | None = Field(
        default=None, description='ISO code ("USD", "GBP", "EUR"); null where none is stated'
    )
    period: str | None = Field(
        default=None, description='"year", "month", "week", "day" or "hour"; null if unstated'
    )
    source: str = Field(description="where it is stated: the posting's source")
    text: str = Field(description="the words of the document that state it")
    start: int = Field(ge=0, description="character offset of those words in the text")
    end: int = Field(ge=0, description="character offset just past them")
