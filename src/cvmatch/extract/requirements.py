"""Requirement status of a posting's mentions: required, preferred or unspecified.

A posting says how much it wants a skill in three ways: a section ("Requirements",
"Desirable"), a cue attached to the item ("Salesforce is a plus", "must have Zendesk"),
or nothing at all (a duty in a Responsibilities paragraph is the job's work, not a stated
requirement). A cue binds to the item it is attached to, not to its whole sentence:

- in its own comma / semicolon / bullet *segment*, the nearest item before it ("Zendesk,
  Salesforce is a plus, and SQL": Salesforce only), or after it when none stands before
  ("a plus: SQL"), with the items coordinated with that one ("Zendesk or Salesforce is a
  plus");
- a cue after the last item of a serial list binds the whole list ("Sybase, Oracle, or
  MySQL desirable");
- a cue that opens its sentence, or a label ending in a colon, binds every item after it
  ("Preferred: SQL, Tableau", "You must have Zendesk and Salesforce experience").

A cue in the item's segment beats one that binds the whole sentence, and the nearest
cue wins among equals. A cue that binds the whole sentence reaches no further than its
own clause: the next cue, and for an opener that is no label the clause's end (a full
stop, a line, a glued bullet). A cue right after an opener, no item between, is part of
it ("Ideally you will know ..."). A capitalised cue glued after a lowercase word starts a
clause ("... calls You should have ..."). Cues that quantify what follows ("at least",
"2+ years") bind forward only. A duty opener ("You will work with ...") makes the items
after it unspecified, even under a Requirements heading. A heading requires its items
and makes them must-haves only with a ``must_have_headings`` phrase ("Essential
criteria"): a must-have needs hard words of its own. A team or workplace described
("join a team of 10") is no requirement at all (:mod:`cvmatch.extract.workplace`).

Without a cue the section decides; a "preferred" section that a structure sentence cue
made (no heading) is the sentence's own, so its items fall back to the section around
it. The words are ``[cues]`` (``preferred``, ``required``, ``must_have``,
``must_have_regex``, ``forward_cues``, ``duty``, ``must_have_headings``, ``not_cues``,
``coordinators``, ``serial_coordinators``, ``must_have_concepts``); the code here is the
mechanism only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from cvmatch.extract.cues import CUE_REACH, phrase_pattern
from cvmatch.extract.workplace import WorkplaceCues, workplace_cues
from cvmatch.matching.regex import CaseBlind
from cvmatch.models import Document, Evidence, RequirementStatus, Section
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.cues import Cues

__all__ = [
    "LABEL_REACH",
    "Requirement",
    "RequirementCues",
    "RequirementReader",
    "requirement_cues",
    "skill_requirement",
]

#: how far after a cue that opens its sentence (characters) its items may stand
LABEL_REACH = 300
#: what separates the segments (items of a list) of a sentence; scraped postings often
#: glue sentences together ("...processes.Business ...")
_SEGMENT_BREAK = re.compile(r"[,;•·|]|\s[-–—]\s|[.!?](?=[A-Z])|(?<=[a-z])(?=[A-Z][a-z])")
#: where a clause opened by a cue ends: a full stop, a line, or a glued bullet
#: ("...relationshipProven track record ...")
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|(?<=[a-z])(?=[A-Z][a-z])")
#: characters that join two items by themselves ("Zendesk/Salesforce", "(Zendesk)")
_JOINING_SIGNS = re.compile(r"[/&()\[\]]")
#: the most words between two coordinated items ("or another", "or a similar")
_MOST_GAP_WORDS = 3
#: the most words before a cue that binds the items after it ("It's a plus if ...",
#: "You must have ..."); with more, the cue ends a phrase that no item holds
_MOST_LEADING_WORDS = 2
#: cue kinds in the order the alternation tries them at one place
_KINDS = ("void", "preferred", "must", "required", "duty")


class _Mention(Protocol):
    start_char: int
    end_char: int


@dataclass(frozen=True)
class Requirement:
    """What a posting says of one mention: its status, whether hard, and the deciding words."""

    status: RequirementStatus
    must_have: bool = False
    cue: str | None = None
    #: the mention describes the team or workplace: no requirement at all
    describes: bool = False

    @property
    def required(self) -> bool:
        """The contract's ``required``: true unless preferred."""
        return self.status != "preferred"


UNSPECIFIED = Requirement("unspecified")


@dataclass(frozen=True)
class RequirementCues:
    """The compiled requirement cues of one ``Cues``: one alternation with a group per kind."""

    pattern: CaseBlind
    coordinators: frozenset[str]
    serial: frozenset[str]
    must_have_concepts: frozenset[str]
    hard_heading: CaseBlind
    #: cues that quantify what follows them ("at least 3 years of ..."): forward only
    forward: CaseBlind
    workplace: WorkplaceCues

    @classmethod
    def build(cls, cues: Cues) -> RequirementCues:
        """Compile ``cues``; use :func:`requirement_cues` for the cached result."""
        phrases = {
            "void": cues.not_cues,
            "preferred": cues.preferred,
            "must": cues.must_have,
            "required": cues.required,
            "duty": cues.duty,
        }
        # longest first, so "must have" is tried before "must" at the same place;
        # group i + 1 is _KINDS[i]
        groups = [_alternation(phrases[kind]) for kind in _KINDS]
        if cues.must_have_regex:  # "2+ years": a hard cue no phrase can say
            must = _KINDS.index("must")
            extra = "|".join(cues.must_have_regex)
            groups[must] = f"({extra}|{groups[must][1:-1]})"
        return cls(
            pattern=CaseBlind("|".join(groups)),
            coordinators=frozenset(cues.coordinators),
            serial=frozenset(cues.serial_coordinators),
            must_have_concepts=frozenset(cues.must_have_concepts),
            hard_heading=CaseBlind(_alternation(cues.must_have_headings)),
            forward=CaseBlind("|".join([_alternation(cues.forward_cues), *cues.must_have_regex])),
            workplace=workplace_cues(cues),
        )


def requirement_cues(cues: Cues) -> RequirementCues:
    """The compiled requirement cues of ``cues`` (built once per object)."""
    return compiled(cues, RequirementCues.build)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    after_comma: bool
    items: tuple[int, ...]  # indices into the sentence's items


class _Sentence:
    """One sentence's cues, segments and items, and which items each cue binds."""

    def __init__(
        self,
        text: str,
        bounds: tuple[int, int],
        items: list[tuple[int, int]],
        cues: RequirementCues,
    ) -> None:
        self.text = text
        self.start, self.end = bounds
        self.items = items
        self.cues = cues
        self.found = self._cues()
        self.segments = self._segments()
        self.bindings = [self._binding(cue) for cue in self.found]

    def _cues(self) -> list[_Cue]:
        body = self.text[self.start : self.end]
        found = []
        for match in self.cues.pattern.finditer(body):
            kind = _kind(match)
            if kind != "void":
                at = self.start + match.start()
                found.append(
                    _Cue(at, self.start + match.end(), kind, body[match.start() : match.end()])
                )
        return found

    def _segments(self) -> list[_Segment]:
        cuts = [
            (m.start(), m.end(), m.group(0))
            for m in _SEGMENT_BREAK.finditer(self.text, self.start, self.end)
        ]
        bounds = []
        start, comma = self.start, False
        for cut_start, cut_end, sign in cuts:
            bounds.append((start, cut_start, comma))
            start, comma = cut_end, sign == ","
        bounds.append((start, self.end, comma))
        segments = []
        for s_start, s_end, after_comma in bounds:
            held = tuple(
                i for i, (i_start, _) in enumerate(self.items) if s_start <= i_start < s_end
            )
            segments.append(_Segment(s_start, s_end, after_comma, held))
        return segments

    # -- which items a cue binds --------------------------------------------------------------
    def _words(self, start: int, end: int) -> list[str]:
        return _JOINING_SIGNS.sub(" ", self.text[start:end].lower()).split()

    def _joined(self, left: int, right: int) -> bool:
        """Whether items ``left`` and ``right`` (left before right) are coordinated."""
        words = self._words(self.items[left][1], self.items[right][0])
        if not words:
            return True
        if len(words) > _MOST_GAP_WORDS:
            return False
        gap = " ".join(words)
        return any(gap == c or gap.startswith(c + " ") for c in self.cues.coordinators)

    def _chain(self, anchor: int, held: Sequence[int], step: int) -> list[int]:
        """``anchor`` and the items of ``held`` coordinated with it, going by ``step``."""
        chain = [anchor]
        at = held.index(anchor)
        while 0 <= at + step < len(held):
            near, far = (held[at + step], held[at]) if step < 0 else (held[at], held[at + step])
            if not self._joined(near, far):
                break
            at += step
            chain.append(held[at])
        return chain

    def _serial(self, k: int, first: int) -> list[int]:
        """The earlier items of a serial list whose last item, ``first``, opens segment ``k``."""
        segment = self.segments[k]
        opener = " ".join(self._words(segment.start, self.items[first][0]))
        found: list[int] = []
        if opener not in self.cues.serial:
            return found
        while segment.after_comma and k > 0:
            k -= 1
            segment = self.segments[k]
            if not segment.items or self._words(self.items[segment.items[-1]][1], segment.end):
                break
            chain = self._chain(segment.items[-1], segment.items, -1)
            found += chain
            if self._words(segment.start, self.items[chain[-1]][0]):
                break  # the list's head ("Knowledge of ..."): the list starts here
        return found

    def _backward(self, k: int, cue: _Cue) -> list[int]:
        """Items bound by a cue that follows them in segment ``k``."""
        segment = self.segments[k]
        before = [i for i in segment.items if self.items[i][1] <= cue.start]
        if not before or cue.start - self.items[before[-1]][1] > CUE_REACH:
            return []
        chain = self._chain(before[-1], segment.items, -1)
        return chain + self._serial(k, chain[-1])

    def _forward(self, k: int, cue: _Cue, led: bool = False) -> list[int]:
        """Items bound by a cue that precedes them in segment ``k`` (``led``: the cue
        starts a clause wherever it stands)."""
        after = [i for i in self.segments[k].items if self.items[i][0] >= cue.end]
        if not after or self.items[after[0]][0] - cue.end > CUE_REACH:
            return []
        if not led and not self._leads(self.segments[k].start, cue):
            return []
        return self._chain(after[0], self.segments[k].items, 1)

    def _leads(self, start: int, cue: _Cue) -> bool:
        """Whether ``cue`` stands at most a few words after ``start`` (bullets aside)."""
        words = [w for w in self._words(start, cue.start) if any(c.isalnum() for c in w)]
        return len(words) <= _MOST_LEADING_WORDS

    def _segment_of(self, offset: int) -> int:
        starts = [s.start for s in self.segments]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def _binding(self, cue: _Cue) -> tuple[set[int], set[int]]:
        """The items ``cue`` binds in its segment, and those it binds as a sentence opener."""
        if self._absorbed(cue):
            return set(), set()
        k = self._segment_of(cue.start)
        restarts = self._restarts(cue)
        forward = cue.kind == "duty" or self.cues.forward.found_in(cue.text)
        if forward or restarts:  # "You will answer calls", "at least 3 years of": forward only
            own = self._forward(k, cue, led=restarts)
        else:
            own = self._backward(k, cue) or self._forward(k, cue)
        if not own and not self.segments[k].items and k > 0 and not forward:
            own = self._backward(k - 1, cue)  # "Zendesk experience, a plus"
        whole: set[int] = set()
        if restarts or self._opens(cue):
            stop = self._clause_end(cue, label=self._label(cue))
            whole = {
                i
                for i, (start, _) in enumerate(self.items)
                if 0 <= start - cue.end <= LABEL_REACH and start < stop
            }
        return set(own), whole

    def _opens(self, cue: _Cue) -> bool:
        """Whether ``cue`` opens its sentence, or is a label ending in a colon."""
        first = not any(end <= cue.start for _, end in self.items) and self._leads(self.start, cue)
        return first or self._label(cue)

    def _label(self, cue: _Cue) -> bool:
        """Whether ``cue`` is a label ending in a colon ("Must haves:"): it binds a list."""
        return self.text[cue.end : cue.end + 2].lstrip().startswith(":")

    def _restarts(self, cue: _Cue) -> bool:
        """Whether a capitalised cue right after a lowercase word starts a sentence that
        lost its full stop ("... inbound calls You should have ...", scraped bullets)."""
        before = self.text[self.start : cue.start].rstrip()
        return cue.text[:1].isupper() and before[-1:].islower()

    def _absorbed(self, cue: _Cue) -> bool:
        """Whether ``cue`` belongs to an opening cue before it, no item between them
        ("Ideally you will know ...", "You must have at least ...")."""
        for other in self.found:
            if other.end > cue.start:
                return False
            between = any(other.end <= start < cue.start for start, _ in self.items)
            if not between and (self._opens(other) or self._restarts(other)):
                return True
        return False

    def _clause_end(self, cue: _Cue, label: bool = False) -> int:
        """Where the clause a cue opens ends: at the next cue past an item ("Must have
        Zendesk. Must be able to ..."; "must have at least" is one clause), and for a cue
        that is no label at the clause's own end (a line, a glued bullet)."""
        if not label:
            found = _CLAUSE_BREAK.search(self.text, cue.end, self.end)
            end = found.start() if found else self.end
            if any(cue.end <= start < end for start, _ in self.items):
                return min(end, self._next_cue(cue))
        return self._next_cue(cue)

    def _next_cue(self, cue: _Cue) -> int:
        """The start of the next cue after ``cue`` past an item (the sentence's end)."""
        for other in self.found:
            if other.start >= cue.end and any(
                cue.end <= start < other.start for start, _ in self.items
            ):
                return other.start
        return self.end

    def cue_for(self, item: int) -> _Cue | None:
        """The cue that decides ``item``: one of its segment first, then the nearest."""
        best: tuple[int, int, _Cue] | None = None
        start, end = self.items[item]
        for cue, (own, whole) in zip(self.found, self.bindings, strict=True):
            if item in own:
                rank = 0
            elif item in whole:
                rank = 1
            else:
                continue
            distance = max(0, start - cue.end, cue.start - end)
            if best is None or (rank, distance) < best[:2]:
                best = (rank, distance, cue)
        return best[2] if best else None


class RequirementReader:
    """Reads the requirement status of each mention of one posting.

    ``mentions`` are the document's concept spans (anything with ``start_char`` and
    ``end_char``): they are the items a cue can bind. Sentences are analysed once each.
    """

    def __init__(self, document: Document, cues: Cues, mentions: Iterable[_Mention]) -> None:
        self.document = document
        self.text = document.text
        self.cues = requirement_cues(cues)
        self.items = _merged((m.start_char, m.end_char) for m in mentions)
        self.starts = [start for start, _ in self.items]
        self.sentences: dict[tuple[int, int], _Sentence] = {}

    def read(
        self, start: int, end: int, sentence: tuple[int, int], concept: str | None = None
    ) -> Requirement:
        """The status of the mention ``[start, end)`` in ``sentence`` (of concept ``concept``)."""
        described = self.cues.workplace.describes(self.text, (start, end), sentence, concept)
        if described is not None:
            return Requirement("unspecified", False, described, describes=True)
        found = self._sentence_cue(start, end, sentence)
        if found is not None:
            status: RequirementStatus = {"preferred": "preferred", "duty": "unspecified"}.get(
                found.kind, "required"
            )
            requirement = Requirement(status, found.kind == "must", found.text)
        else:
            requirement = self._section_requirement(self.document.section_at(start))
        if requirement.status == "required" and concept in self.cues.must_have_concepts:
            requirement = Requirement("required", True, requirement.cue)
        return requirement

    def _sentence_cue(self, start: int, end: int, bounds: tuple[int, int]) -> _Cue | None:
        analysed = self.sentences.get(bounds)
        if analysed is None:
            low = bisect.bisect_left(self.starts, bounds[0])
            high = bisect.bisect_left(self.starts, bounds[1])
            items = self.items[low:high]
            analysed = self.sentences[bounds] = _Sentence(self.text, bounds, items, self.cues)
        item = next(
            (i for i, (i_start, i_end) in enumerate(analysed.items) if i_start <= start < i_end),
            None,
        )
        return None if item is None else analysed.cue_for(item)

    def _section_requirement(self, section: Section | None) -> Requirement:
        """What the section says: a Requirements section requires, a Preferred one prefers."""
        if section is not None and section.name == "preferred" and section.heading is None:
            section = self._section_before(section)  # a sentence cue's section: its own words
        if section is None:
            return UNSPECIFIED
        cue = section.heading or section.name
        if section.name == "preferred":
            return Requirement("preferred", False, cue)
        if section.name == "requirements":
            return Requirement("required", self.cues.hard_heading.found_in(cue), cue)
        return UNSPECIFIED

    def _section_before(self, section: Section) -> Section | None:
        before = [s for s in self.document.sections if s.end <= section.start]
        return before[-1] if before and before[-1].name != "preferred" else None


def _alternation(phrases: Iterable[str]) -> str:
    """One group matching any of ``phrases``, longest first (``(?!)`` when none)."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "(" + ("|".join(phrase_pattern(p) for p in ordered) or "(?!)") + ")"


def _kind(match: re.Match[str]) -> str:
    """The kind of cue a match of :attr:`RequirementCues.pattern` is."""
    return _KINDS[(match.lastindex or 1) - 1]


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges sorted, overlapping ones merged (one item, however many aliases)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_ORDER: dict[str | None, int] = {"required": 0, "unspecified": 1, "preferred": 2}


def skill_requirement(evidence: Sequence[Evidence]) -> dict[str, object]:
    """A posting skill's ``status``, ``must_have`` and ``cue`` from its evidence.

    Required if any evidence is, else unspecified if any is, else preferred — so the
    skill's ``required`` (true if any evidence is) stays true unless it is preferred.
    """
    stated = [e for e in evidence if e.status is not None]
    if not stated:
        return {"status": "unspecified", "must_have": False, "cue": None}
    status = min((e.status for e in stated), key=lambda s: _ORDER[s])
    cue = next((e.cue for e in stated if e.status == status and e.cue), None)
    return {"status": status, "must_have": any(e.must_have for e in stated), "cue": cue}
