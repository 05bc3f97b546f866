"""Find the structure of a document: sections from headings, positions, dates, years.

Resumes get summary / skills / experience / education / ... sections and a list of
positions with their dates; postings get about_company / responsibilities /
requirements / preferred / benefits / eeo. Everything is found from the text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cvmatch.matching.regex import CaseBlind
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
    "contact": (
        "contact",
        "contact information",
        "contact details",
        "personal details",
        "personal information",
    ),
    "summary": (
        "summary",
        "professional summary",
        "career summary",
        "executive summary",
        "profile",
        "professional profile",
        "career profile",
        "personal profile",
        "objective",
        "career objective",
        "professional objective",
        "about me",
        "overview",
        "career overview",
        "summary of qualifications",
        "introduction",
    ),
    "skills": (
        "skills",
        "key skills",
        "core skills",
        "technical skills",
        "skill highlights",
        "highlights",
        "core competencies",
        "competencies",
        "areas of expertise",
        "expertise",
        "qualifications",
        "skills and abilities",
        "strengths",
        "key strengths",
        "relevant skills",
        "professional skills",
        "computer skills",
        "tools",
        "software",
        "skills & abilities",
        "skills summary",
        "accomplishments",
        "key achievements",
        "achievements",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "professional history",
        "experience history",
        "positions held",
        "career experience",
        "job history",
        "customer service experience",
    ),
    "education": (
        "education",
        "education and training",
        "academic background",
        "educational background",
        "academic qualifications",
        "training",
        "education & training",
        "degrees",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "licenses",
        "licenses and certifications",
        "certifications and licenses",
        "professional development",
        "courses",
    ),
    "languages": ("languages", "language skills", "language"),
    "interests": (
        "interests",
        "hobbies",
        "activities",
        "volunteer",
        "volunteer experience",
        "volunteering",
        "community involvement",
        "affiliations",
        "professional affiliations",
        "references",
        "additional information",
        "awards",
        "honors",
        "publications",
    ),
    "about_company": (
        "about us",
        "about the company",
        "who we are",
        "our company",
        "company overview",
        "about the team",
        "our story",
        "company description",
        "the company",
        "our mission",
        "why work here",
        "about",
        "about our client",
    ),
    "responsibilities": (
        "responsibilities",
        "key responsibilities",
        "duties",
        "main duties",
        "what you'll do",
        "what you will do",
        "what you'll be doing",
        "the role",
        "role description",
        "job description",
        "your role",
        "about the role",
        "about the job",
        "about the position",
        "the job",
        "day to day",
        "a day in the life",
        "what would your day-to-day look like",
        "position summary",
        "job summary",
        "role overview",
        "job duties",
        "essential duties",
        "essential functions",
        "essential duties and responsibilities",
        "the opportunity",
        "what we need you to do",
    ),
    "requirements": (
        "requirements",
        "job requirements",
        "requirements / must have",
        "must have",
        "must haves",
        "must-have",
        "what you'll need",
        "what you will need",
        "what we're looking for",
        "what we are looking for",
        "who you are",
        "about you",
        "qualifications",
        "minimum qualifications",
        "required qualifications",
        "basic qualifications",
        "skills and experience",
        "required skills",
        "essential skills",
        "essential criteria",
        "the ideal candidate",
        "ideal candidate",
        "you have",
        "you will have",
        "experience and skills",
        "knowledge, skills and abilities",
        "person specification",
        "what you bring",
        "key skills",
        "skills",
        "the requirements",
        "requirements and qualifications",
        "experience",
    ),
    "preferred": (
        "preferred",
        "preferred qualifications",
        "preferred skills",
        "nice to have",
        "nice to haves",
        "nice-to-have",
        "bonus points",
        "bonus",
        "desirable",
        "desirable criteria",
        "desired skills",
        "desired qualifications",
        "additional qualifications",
        "it would be great if",
        "pluses",
        "a plus",
        "extra credit",
        "preferred experience",
    ),
    "benefits": (
        "benefits",
        "perks",
        "what we offer",
        "what we can offer",
        "what's in it for you",
        "compensation",
        "compensation and benefits",
        "salary and benefits",
        "pay",
        "why join us",
        "our benefits",
        "the package",
        "rewards",
        "perks and benefits",
        "salary",
        "package",
        "in return",
    ),
    "eeo": (
        "equal opportunity",
        "equal opportunity employer",
        "eeo statement",
        "eeo",
        "diversity",
        "diversity and inclusion",
        "diversity, equity and inclusion",
        "accommodations",
        "accessibility",
    ),
    "how_to_apply": ("how to apply", "to apply", "apply", "application process", "next steps"),
}

_RESUME_SECTIONS = {
    "contact",
    "summary",
    "skills",
    "experience",
    "education",
    "certifications",
    "languages",
    "interests",
}
_POSTING_SECTIONS = {
    "about_company",
    "responsibilities",
    "requirements",
    "preferred",
    "benefits",
    "eeo",
    "how_to_apply",
}

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


def _line_sections(text: str, kind: DocumentKind) -> list[tuple[int, str, str | None]]:
    found: list[tuple[int, str, str | None]] = []
    offset = 0
    for line in text.split("\n"):
        name = _heading_name(line, kind)
        if name is not None:
            found.append((offset, name, line.strip()))
        offset += len(line) + 1
    return found


# --- postings written as one paragraph (job boards strip the line breaks) -------------
_STRONG_SINGLE = {
    "requirements",
    "responsibilities",
    "duties",
    "benefits",
    "qualifications",
    "desirable",
    "preferred",
    "perks",
}


def _inline_heading_pattern() -> re.Pattern[str]:
    phrases = []
    for name in _POSTING_SECTIONS:
        for phrase in HEADINGS[name]:
            if len(phrase.split()) >= 2 or phrase in _STRONG_SINGLE:
                phrases.append(phrase)
    phrases.sort(key=len, reverse=True)
    body = "|".join(re.escape(p).replace("'", "['’]") for p in phrases)
    # Capitalised, then a colon or a capitalised word: "The Requirements You will need",
    # "Key Responsibilities: ...", "Desirable Criteria: 2 years".
    return re.compile(
        rf"(?<![\w'’])(?=[A-Z])(?P<h>(?i:{body})(?:\s+criteria)?)(?:\s*:|\s+(?=[A-Z]))"
    )


_INLINE_HEADING = _inline_heading_pattern()
#: Phrases that open a stretch of a given kind (until the next heading or cue).
_START_CUES: tuple[tuple[str, CaseBlind], ...] = (
    (
        "requirements",
        CaseBlind(
            r"\b(?:you must (?:have|be|also have)|you will need|you(?:'ll| will)? need to|"
            r"the ideal candidate|ideal candidates? (?:will|should|must)|"
            r"candidates? (?:must|should) "
            r"(?:have|be)|the successful candidate (?:will|must|should) (?:have|be)|"
            r"(?:key |essential )?requirements (?:are|include)|"
            r"to apply for this role,? you need)\b"
        ),
    ),
    (
        "eeo",
        CaseBlind(
            r"\b(?:(?:is|are) an? equal opportunit(?:y|ies) employer|equal opportunit(?:y|ies)|"
            r"committed to (?:equality|diversity)|regardless of (?:race|age|gender)|"
            r"without regard to (?:race|age|sex))"
        ),
    ),
)
#: Phrases that mark only their own sentence.
_SENTENCE_CUES: tuple[tuple[str, CaseBlind], ...] = (
    (
        "preferred",
        CaseBlind(
            r"\b(?:(?:would|will|is|are|would also) be (?:an? )?(?:distinct |real |big |added |"
            r"definite )?(?:advantage|advantageous|desirable|a plus|a bonus|beneficial|preferred|"
            r"preferable)|nice to have|ideally (?:you|with|have)|is desirable|desirable but not "
            r"essential)\b"
        ),
    ),
    (
        "benefits",
        CaseBlind(
            r"\b(?:we offer|we can offer|in return,? (?:you|we)|benefits? (?:include|package)|"
            r"benefit package|you will receive|competitive salary|holiday entitlement|"
            r"pension scheme|paid time off|health insurance)\b"
        ),
    ),
    (
        "how_to_apply",
        CaseBlind(
            r"\b(?:to apply,? (?:please|send|click|email)|please apply|apply now|apply today|"
            r"send (?:your|a|an updated) cv|click (?:on )?apply|apply online)\b"
        ),
    ),
    (
        "about_company",
        CaseBlind(
            r"\b(?:our client (?:is|are)|we are an? (?:leading|global|well|fast|award|growing|"
            r"international)|(?:is|are) an? (?:leading|global|award[- ]winning) "
            r"(?:provider|company|"
            r"supplier|organisation|organization|business|retailer)|was founded|founded in)\b"
        ),
    ),
)
_SENTENCE_END = re.compile(r"[.!?;\n]")
_IMPLIED_START = re.compile(r"(?<=[a-z0-9)] )[A-Z]")


def _sentence_start(text: str, offset: int, floor: int) -> int:
    """Start of the sentence around ``offset``; in text whose full stops were stripped,
    a capitalised word after a lowercase one ("...call Experience of...") starts one."""
    window_start = max(floor, offset - 250)
    window = text[window_start:offset]
    stops = [m.end() for m in _SENTENCE_END.finditer(window)]
    stop = stops[-1] if stops else 0
    if stops and window[stop : stop + 1] == " ":
        stop += 1
    starts = [m.start() for m in _IMPLIED_START.finditer(window, stop)]
    return window_start + (starts[-1] if starts else stop)


def _sentence_end(text: str, offset: int) -> int:
    """End of the sentence that goes on at ``offset`` (see :func:`_sentence_start`)."""
    ends = [len(text)]
    match = _SENTENCE_END.search(text, offset)
    if match is not None:
        ends.append(match.end())
    implied = _IMPLIED_START.search(text, offset)
    if implied is not None:
        ends.append(implied.start())
    return min(ends)


_Mark = tuple[int, str, "str | None"]


def _posting_marks(text: str) -> tuple[list[_Mark], list[tuple[int, int, str]]]:
    lowered = text.lower() if text.isascii() else None
    starts: list[tuple[int, str, str | None]] = []
    for match in _INLINE_HEADING.finditer(text):
        heading = match.group("h")
        key = " ".join(_HEADING_CLEAN.sub(" ", heading.lower().replace("’", "'")).split())
        name = _INDEX["posting"].get(key) or _INDEX["posting"].get(key.removesuffix(" criteria"))
        if name:
            starts.append((match.start(), name, heading))
    for name, cue in _START_CUES:
        for match in cue.finditer(text, lowered):
            starts.append((match.start(), name, None))
    spans: list[tuple[int, int, str]] = []
    for name, cue in _SENTENCE_CUES:
        for match in cue.finditer(text, lowered):
            start = _sentence_start(text, match.start(), 0)
            spans.append((start, _sentence_end(text, match.end()), name))
    return starts, spans


def _assemble(
    text: str,
    starts: list[tuple[int, str, str | None]],
    spans: list[tuple[int, int, str]],
    head: str,
) -> list[Section]:
    """Sections from section openings plus sentence-long spans laid over them."""
    starts = sorted(set(starts), key=lambda s: (s[0], s[2] is None))
    dedup: list[tuple[int, str, str | None]] = []
    for item in starts:  # a heading and a cue at one place: the heading wins
        if dedup and item[0] == dedup[-1][0]:
            continue
        dedup.append(item)
    if not dedup or dedup[0][0] > 0:
        dedup.insert(0, (0, head, None))

    def name_at(offset: int) -> str:
        current = head
        for start, name, _ in dedup:
            if start > offset:
                break
            current = name
        return current

    marks: dict[int, tuple[str, str | None]] = {
        start: (name, heading) for start, name, heading in dedup
    }
    covered: list[tuple[int, int]] = []
    for start, end, name in sorted(spans):
        if any(start < c_end and end > c_start for c_start, c_end in covered):
            continue
        if name_at(start) in BOILERPLATE_SECTIONS and name == "preferred":
            continue
        covered.append((start, end))
        after = name_at(end)
        marks[start] = (name, None)
        if end < len(text) and end not in marks:
            marks[end] = (after, None)
        for inner in [k for k in marks if start < k < end]:
            del marks[inner]
    sections: list[Section] = []
    points = sorted(marks)
    for i, start in enumerate(points):
        end = points[i + 1] if i + 1 < len(points) else len(text)
        name, heading = marks[start]
        if end <= start:
            continue
        if sections and sections[-1].name == name and heading is None:
            sections[-1] = sections[-1].model_copy(update={"end": end})
            continue
        sections.append(Section(name=name, heading=heading, start=start, end=end))
    return sections


def find_sections(text: str, kind: DocumentKind) -> list[Section]:
    """Sections of ``text`` from its headings; ``[]`` if none are found.

    Resumes: lines that are known headings ("Work History", "Skills"...). Postings: the
    same, plus headings inline in one-paragraph postings ("... The Requirements You
    will need ...", "Key Responsibilities: ..."), phrases that open a requirements or
    equal-opportunity stretch ("You must have", "is an equal opportunity employer"), and
    sentences that are preferred, benefits, how-to-apply or about-the-company
    ("... would be an advantage", "We offer ...").
    """
    found = _line_sections(text, kind)
    if kind == "posting":
        starts, spans = _posting_marks(text)
        line_starts = {start for start, _, _ in found}
        found += [s for s in starts if s[0] not in line_starts]
        if not found and not spans:
            return []
        return _assemble(text, found, spans, "responsibilities")
    sections: list[Section] = []
    for i, (start, name, heading) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        sections.append(Section(name=name, heading=heading, start=start, end=end))
    if sections and sections[0].start > 0:
        sections.insert(0, Section(name="contact", heading=None, start=0, end=sections[0].start))
    return sections


# --- dates -------------------------------------------------------------------
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_POINT = (
    rf"(?:{_MONTH_WORD}\s*,?\s*(?:19|20)\d\d|(?:0?[1-9]|1[0-2])\s*/\s*(?:19|20)\d\d|"
    r"(?:19|20)\d\d)"
)
_NOW = r"(?:present|current|currently|now|today|date|ongoing)"
_RANGE_SOURCE = (
    rf"(?P<start>{_POINT})\s*(?:-|–|—|to|until|till|through|thru)\s*(?P<end>{_POINT}|{_NOW})"
)
_RANGE = re.compile(_RANGE_SOURCE, re.IGNORECASE)
_RANGE_LOWER = re.compile(_RANGE_SOURCE)  # for text already lowercased: a faster scan


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


def find_date_ranges(
    text: str, *, today: date | None = None
) -> list[tuple[int, int, date, date, bool]]:
    """Every date range in ``text``: (start offset, end offset, from, to, is_current)."""
    today = today or date.today()
    out = []
    lowered = text.lower()
    # lowercasing keeps every offset unless a character changes length (rare: "İ")
    matches = _RANGE_LOWER.finditer(lowered) if len(lowered) == len(text) else _RANGE.finditer(text)
    for match in matches:
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
    if after:  # "Acme Media - Baltimore , MD": the employer comes before the place
        first = re.split(r"\s+(?:-|\||–|—|·)\s+|\s*,\s*", after, maxsplit=1)[0]
        if not _TITLE_JUNK.fullmatch(first):
            employer = _TITLE_JUNK.sub("", first).strip(" ,|-–—") or None
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


#: No real resume lists more jobs than this; a file with thousands of dates is not one.
MAX_POSITIONS = 100


def _positions(text: str, sections: list[Section], today: date | None) -> list[Position]:
    experience = [s for s in sections if s.name == "experience"]
    windows = [(s.start, s.end) for s in experience] or [(0, len(text))]
    positions: list[Position] = []
    for window_start, window_end in windows:
        chunk = text[window_start:window_end]
        ranges = find_date_ranges(chunk, today=today)[:MAX_POSITIONS]
        for i, (r_start, r_end, start, end, current) in enumerate(ranges):
            title, employer = _position_title(chunk, r_start, r_end)
            line_start, _ = _line_bounds(chunk, r_start)
            next_start = ranges[i + 1][0] if i + 1 < len(ranges) else len(chunk)
            positions.append(
                Position(
                    title=title,
                    employer=employer,
                    start_date=start,
                    end_date=end,
                    current=current,
                    years=round(_years(start, end), 1),
                    start=window_start + max(0, line_start),
                    end=window_start + next_start,
                )
            )
    return positions


_POSTING_CUES = re.compile(
    r"\b(we are looking for|we're looking for|you will|you'll|the successful candidate|"
    r"responsibilities|requirements|apply now|apply today|salary|benefits|our client|"
    r"job description|we offer|equal opportunity|the role|join our|candidates?|per annum|"
    r"years of experience|ideal candidate|must have|"
    # how job adverts talk: recruiting, the contract, the pay, who the job reports to
    r"recruiting|looking to recruit|are seeking|is seeking|on behalf of|my clients?|"
    r"job title|reporting to|job purpose|this position|position is|full[- ]time|part[- ]time|"
    r"permanent|temporary contract|per hour|p/a|opportunity to|fantastic opportunity|"
    r"excellent opportunity|required to|you must|you should|you need|to apply|"
    r"successful applicant|direct hire)\b",
)
_RESUME_CUES = re.compile(
    r"\b(present|current|education|work history|professional experience|experience|"
    r"skills|summary|references|gpa|bachelor|diploma|certified|university|college|"
    r"high school|objective|accomplishments)\b",
)


#: A cheap stand-in for :func:`find_date_ranges` when only counting (kind detection).
_QUICK_RANGE = re.compile(
    r"(?:19|20)\d\d\s*(?:-|–|—|to|until)\s*(?:[a-z]+\.?\s*|\d{1,2}\s*/\s*)?"
    r"(?:(?:19|20)\d\d|present|current|now)",
)
_ADDRESS = re.compile(r"\b(?:you|your|you'll|we|we're|our|us)\b")


def detect_kind(text: str) -> DocumentKind:
    """Guess whether a text is a resume or a job posting from characteristic words."""
    sample = text[:20000]
    lowered = sample.lower()  # the cue patterns are lowercase: no IGNORECASE scans
    words = max(1, len(sample.split()))
    addressed = len(_ADDRESS.findall(lowered))  # "you", "we", "our": a posting talks to you
    posting = len(_POSTING_CUES.findall(lowered)) + 60 * addressed / words * 10
    headings = sum(1 for line in sample.split("\n") if _heading_name(line, "resume"))
    resume = (
        len(_RESUME_CUES.findall(lowered)) / 2
        + 3 * len(_QUICK_RANGE.findall(lowered))
        + 2 * headings
    )
    return "posting" if posting > resume else "resume"


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
}
_YEARS_ASKED = re.compile(
    r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s*\+?\s*(?:\(\d{1,2}\)\s*)?"
    r"(?:(?:-|–|to|or)\s*\d{1,2}\s*\+?\s*)?(?:plus\s+)?(?:years?|yrs?)(?:'|’)?(?:\s+or\s+more)?\s*"
    r"(?:of\s+|in\s+|within\s+|as\s+|working\s+|'\s+)?(?:[\w/-]+\s+){0,5}?"
    r"(?:experience|exp\b|role|position|environment|setting|industry|sales|management)",
    re.IGNORECASE,
)


def years_requested(text: str) -> float | None:
    """The largest "N+ years of experience" (also "two years in a customer service role",
    "3-5 yrs' experience") a posting asks for, if any."""
    values = []
    for match in _YEARS_ASKED.finditer(text):
        raw = match.group(1).lower()
        value = _NUMBER_WORDS.get(raw) or (int(raw) if raw.isdigit() else 0)
        if 0 < value <= 30:
            values.append(value)
    return float(max(values)) if values else None


def _headline(text: str, kind: DocumentKind = "resume") -> str | None:
    if kind == "posting":  # a posting's first line is its job title
        first = text.lstrip().split("\n", 1)[0].strip(" -#*")
        if first and len(first) <= 150 and len(first.split()) <= 20:
            return first
    for line in text.split("\n")[:3]:
        line = line.strip(" -#*")
        if line and len(line) <= 80 and len(line.split()) <= 10 and "@" not in line:
            return line
    return None


def analyze_structure(text: str, kind: DocumentKind, *, today: date | None = None) -> Structure:
    """Sections, positions, total years and title of a normalised text."""
    sections = find_sections(text, kind)
    structure = Structure(title=_headline(text, kind), sections=sections)
    if kind == "resume":
        structure.positions = _positions(text, sections, today)
        spans = [
            (p.start_date, p.end_date) for p in structure.positions if p.start_date and p.end_date
        ]
        structure.years_experience = _union_years(spans) if spans else None
    else:
        structure.years_experience = years_requested(text)
    return structure
