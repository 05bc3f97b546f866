"""Find the structure of a document: sections from headings, positions, dates, years.

Resumes get summary / skills / experience / education / ... sections and a list of
positions with their dates; postings get about_company / responsibilities /
requirements / preferred / benefits / eeo. Everything is found from the text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cvmatch.models import DocumentKind, Position, Section

__all__ = [
    "BOILERPLATE_SECTIONS",
    "HEADINGS",
    "Structure",
    "analyze_structure",
    "detect_kind",
    "find_date_ranges",
    "find_sections",
]

#: Canonical section name -> heading phrases (lowercase, without trailing colon).
HEADINGS: dict[str, tuple[str, ...]] = {
    "contact": ("contact", "contact information", "contact details", "personal details",
                "personal information"),
    "summary": ("summary", "professional summary", "career summary", "executive summary",
                "profile", "professional profile", "career profile", "personal profile",
                "objective", "career objective", "professional objective", "about me",
                "overview", "career overview", "summary of qualifications", "introduction"),
    "skills": ("skills", "key skills", "core skills", "technical skills", "skill highlights",
               "highlights", "core competencies", "competencies", "areas of expertise",
               "expertise", "qualifications", "skills and abilities", "strengths",
               "key strengths", "relevant skills", "professional skills", "computer skills",
               "tools", "software", "skills & abilities", "skills summary", "accomplishments",
               "key achievements", "achievements"),
    "experience": ("experience", "work experience", "professional experience", "employment",
                   "employment history", "work history", "career history", "relevant experience",
                   "professional history", "experience history", "positions held",
                   "career experience", "job history", "customer service experience"),
    "education": ("education", "education and training", "academic background",
                  "educational background", "academic qualifications", "training",
                  "education & training", "degrees"),
    "certifications": ("certifications", "certificates", "licenses", "licenses and certifications",
                       "certifications and licenses", "professional development", "courses"),
    "languages": ("languages", "language skills", "language"),
    "interests": ("interests", "hobbies", "activities", "volunteer", "volunteer experience",
                  "volunteering", "community involvement", "affiliations",
                  "professional affiliations", "references", "additional information",
                  "awards", "honors", "publications"),
    "about_company": ("about us", "about the company", "who we are", "our company", "company overview",
                      "about the team", "our story", "company description", "the company",
                      "our mission", "why work here", "about", "about our client"),
    "responsibilities": ("responsibilities", "key responsibilities", "duties", "main duties",
                         "what you'll do", "what you will do", "what you'll be doing",
                         "the role", "role description", "job description", "your role",
                         "about the role", "about the job", "about the position", "the job",
                         "day to day", "a day in the life", "what would your day-to-day look like",
                         "position summary", "job summary", "role overview", "job duties",
                         "essential duties", "essential functions", "essential duties and responsibilities",
                         "the opportunity", "what we need you to do"),
    "requirements": ("requirements", "job requirements", "requirements / must have", "must have",
                     "must haves", "must-have", "what you'll need", "what you will need",
                     "what we're looking for", "what we are looking for", "who you are",
                     "about you", "qualifications", "minimum qualifications",
                     "required qualifications", "basic qualifications", "skills and experience",
                     "required skills", "essential skills", "essential criteria",
                     "the ideal candidate", "ideal candidate", "you have", "you will have",
                     "experience and skills", "knowledge, skills and abilities", "person specification",
                     "what you bring", "key skills", "skills", "the requirements",
                     "requirements and qualifications", "experience"),
    "preferred": ("preferred", "preferred qualifications", "preferred skills", "nice to have",
                  "nice to haves", "nice-to-have", "bonus points", "bonus", "desirable",
                  "desirable criteria", "desired skills", "desired qualifications",
                  "additional qualifications", "it would be great if", "pluses", "a plus",
                  "extra credit", "preferred experience"),
    "benefits": ("benefits", "perks", "what we offer", "what we can offer", "what's in it for you",
                 "compensation", "compensation and benefits", "salary and benefits", "pay",
                 "why join us", "our benefits", "the package", "rewards", "perks and benefits",
                 "salary", "package", "in return"),
    "eeo": ("equal opportunity", "equal opportunity employer", "eeo statement", "eeo",
            "diversity", "diversity and inclusion", "diversity, equity and inclusion",
            "accommodations", "accessibility"),
    "how_to_apply": ("how to apply", "to apply", "apply", "application process", "next steps"),
}

_RESUME_SECTIONS = {"contact", "summary", "skills", "experience", "education", "certifications",
                    "languages", "interests"}
_POSTING_SECTIONS = {"about_company", "responsibilities", "requirements", "preferred", "benefits",
                     "eeo", "how_to_apply"}

#: Posting sections whose words describe the employer, not the job.
BOILERPLATE_SECTIONS = frozenset({"about_company", "benefits", "eeo", "how_to_apply"})


def _heading_index(kind: DocumentKind) -> dict[str, str]:
    allowed = _RESUME_SECTIONS if kind == "resume" else _POSTING_SECTIONS
    index: dict[str, str] = {}
    for name, phrases in HEADINGS.items():
        if name not in allowed:
            continue
        for phrase in phrases:
            index.setdefault(phrase, name)
    return index


_INDEX = {"resume": _heading_index("resume"), "posting": _heading_index("posting")}
_HEADING_CLEAN = re.compile(r"[^a-z0-9'&/,\- ]+")


def _heading_name(line: str, kind: DocumentKind) -> str | None:
    stripped = line.strip().strip("#*_=:-|. ").replace("’", "'")
    if not stripped or len(stripped) > 60 or len(stripped.split()) > 7:
        return None
    key = " ".join(_HEADING_CLEAN.sub(" ", stripped.lower()).split())
    return _INDEX[kind].get(key)


@dataclass
class Structure:
    """What :func:`analyze_structure` finds in a text."""

    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    years_experience: float | None = None


def find_sections(text: str, kind: DocumentKind) -> list[Section]:
    """Sections of ``text``, from lines that are known headings; ``[]`` if none are found."""
    found: list[tuple[int, str, str]] = []
    offset = 0
    for line in text.split("\n"):
        name = _heading_name(line, kind)
        if name is not None:
            found.append((offset, name, line.strip()))
        offset += len(line) + 1
    sections: list[Section] = []
    for i, (start, name, heading) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        sections.append(Section(name=name, heading=heading, start=start, end=end))
    if sections and sections[0].start > 0:
        head = "contact" if kind == "resume" else "responsibilities"
        sections.insert(0, Section(name=head, heading=None, start=0, end=sections[0].start))
    return sections


# --- dates -------------------------------------------------------------------
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH_WORD = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
               r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_POINT = (rf"(?:{_MONTH_WORD}\s*,?\s*(?:19|20)\d\d|(?:0?[1-9]|1[0-2])\s*/\s*(?:19|20)\d\d|"
          r"(?:19|20)\d\d)")
_NOW = r"(?:present|current|currently|now|today|date|ongoing)"
_RANGE = re.compile(
    rf"(?P<start>{_POINT})\s*(?:-|–|—|to|until|till|through|thru)\s*(?P<end>{_POINT}|{_NOW})",
    re.IGNORECASE,
)


def _parse_point(value: str, *, is_end: bool, today: date) -> date | None:
    value = value.strip().lower().rstrip(".")
    if re.fullmatch(_NOW, value):
        return today
    year_match = re.search(r"(19|20)\d\d", value)
    if not year_match:
        return None
    year = int(year_match.group(0))
    month_match = re.match(r"[a-z]+", value)
    month: int | None = None
    if month_match:
        month = _MONTHS.get(month_match.group(0)[:3])
    else:
        numeric = re.match(r"(\d{1,2})\s*/", value)
        if numeric:
            month = int(numeric.group(1))
    if month is None:
        month = 12 if is_end else 1
    return date(year, month, 1)


def find_date_ranges(text: str, *, today: date | None = None) -> list[tuple[int, int, date, date, bool]]:
    """Every date range in ``text``: (start offset, end offset, from, to, is_current)."""
    today = today or date.today()
    out = []
    for match in _RANGE.finditer(text):
        start = _parse_point(match.group("start"), is_end=False, today=today)
        end = _parse_point(match.group("end"), is_end=True, today=today)
        if start is None or end is None or end < start or start > today:
            continue
        current = bool(re.fullmatch(_NOW, match.group("end").strip().lower()))
        out.append((match.start(), match.end(), start, min(end, today), current))
    return out


def _years(start: date, end: date) -> float:
    return max(0.0, (end.year - start.year) + (end.month - start.month + 1) / 12.0)


def _union_years(spans: list[tuple[date, date]]) -> float:
    total = 0.0
    current: tuple[date, date] | None = None
    for start, end in sorted(spans):
        if current is None or start > current[1]:
            if current is not None:
                total += _years(*current)
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        total += _years(*current)
    return round(total, 1)


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


_TITLE_JUNK = re.compile(r"(company name|city\s*,\s*state|\bcity\b|\bstate\b)", re.IGNORECASE)


def _position_title(text: str, range_start: int, range_end: int) -> tuple[str | None, str | None]:
    """Title and employer near a date range: same line first, else the line above."""
    line_start, line_end = _line_bounds(text, range_start)
    before = text[line_start:range_start].strip(" ,|-–—()")
    after = text[range_end:line_end].strip(" ,|-–—()")
    employer = None
    if after and not _TITLE_JUNK.fullmatch(after):
        employer = _TITLE_JUNK.sub("", after).strip(" ,|-–—") or None
    if before and len(before.split()) <= 12:
        parts = [p.strip() for p in re.split(r"\s*(?:,|\||–|—| - | at )\s*", before) if p.strip()]
        if parts:
            return parts[0], (parts[1] if len(parts) > 1 else employer)
    prev_end = line_start - 1
    if prev_end > 0:
        prev_start, _ = _line_bounds(text, prev_end - 1)
        prev = text[prev_start:prev_end].strip(" -")
        if prev and len(prev.split()) <= 10 and not prev.endswith("."):
            parts = [p.strip() for p in re.split(r"\s*(?:,|\||–|—| - | at )\s*", prev) if p.strip()]
            return parts[0], (parts[1] if len(parts) > 1 else employer)
    return None, employer


def _positions(text: str, sections: list[Section], today: date | None) -> list[Position]:
    experience = [s for s in sections if s.name == "experience"]
    windows = [(s.start, s.end) for s in experience] or [(0, len(text))]
    positions: list[Position] = []
    for window_start, window_end in windows:
        chunk = text[window_start:window_end]
        ranges = find_date_ranges(chunk, today=today)
        for i, (r_start, r_end, start, end, current) in enumerate(ranges):
            title, employer = _position_title(chunk, r_start, r_end)
            line_start, _ = _line_bounds(chunk, r_start)
            next_start = ranges[i + 1][0] if i + 1 < len(ranges) else len(chunk)
            positions.append(Position(
                title=title, employer=employer, start_date=start, end_date=end, current=current,
                years=round(_years(start, end), 1),
                start=window_start + max(0, line_start), end=window_start + next_start,
            ))
    return positions


_POSTING_CUES = re.compile(
    r"\b(we are looking for|we're looking for|you will|you'll|the successful candidate|"
    r"responsibilities|requirements|apply now|apply today|salary|benefits|our client|"
    r"job description|we offer|equal opportunity|the role|join our|candidates?|per annum|"
    r"years of experience|ideal candidate|must have)\b",
    re.IGNORECASE,
)
_RESUME_CUES = re.compile(
    r"\b(present|current|education|work history|professional experience|experience|"
    r"skills|summary|references|gpa|bachelor|diploma|certified|university|college|"
    r"high school|objective|accomplishments)\b",
    re.IGNORECASE,
)


def detect_kind(text: str) -> DocumentKind:
    """Guess whether a text is a resume or a job posting from characteristic words."""
    posting = len(_POSTING_CUES.findall(text))
    resume = len(_RESUME_CUES.findall(text)) + 2 * len(find_date_ranges(text))
    return "posting" if posting > resume else "resume"


_YEARS_ASKED = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years?|yrs?)(?:'|’)?\s*(?:of\s+)?"
    r"(?:\w+\s+){0,4}?(?:experience|exp\b)",
    re.IGNORECASE,
)


def years_requested(text: str) -> float | None:
    """The largest 'N+ years of experience' a posting asks for, if any."""
    values = [int(m.group(1)) for m in _YEARS_ASKED.finditer(text) if 0 < int(m.group(1)) <= 30]
    return float(max(values)) if values else None


def _headline(text: str) -> str | None:
    for line in text.split("\n")[:3]:
        line = line.strip(" -#*")
        if line and len(line) <= 80 and len(line.split()) <= 10 and "@" not in line:
            return line
    return None


def analyze_structure(text: str, kind: DocumentKind, *, today: date | None = None) -> Structure:
    """Sections, positions, total years and title of a normalised text."""
    sections = find_sections(text, kind)
    structure = Structure(title=_headline(text), sections=sections)
    if kind == "resume":
        structure.positions = _positions(text, sections, today)
        spans = [(p.start_date, p.end_date) for p in structure.positions
                 if p.start_date and p.end_date]
        structure.years_experience = _union_years(spans) if spans else None
    else:
        structure.years_experience = years_requested(text)
    return structure
