"""Who a mention's work is with: a concept named among the wrong people is no evidence.

Some concepts say whom the work is with. Collaboration is working with one's own
colleagues and departments, so "liaising with international clients" is client contact,
not teamwork; de-escalation calms customers, so "supervised 9 employees, resolved
conflicts" is managing staff. ``[cues]`` lists the nouns of each party
(``customer_parties``, ``staff_parties``) and, in ``party_vetoes``, the concepts whose
mention is no evidence in a sentence that names only the other party. A sentence that
names both, or neither, leaves the mention alone.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from cvmatch.extract.cues import phrase_pattern
from cvmatch.matching.regex import CaseBlind
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cache import compiled

__all__ = ["PartyRules", "employer_own", "party_rules"]

_WORD = re.compile(r"[a-z][a-z-]*")
#: the parties ``party_vetoes`` may name
CUSTOMER, STAFF = "customer", "staff"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


@dataclass(frozen=True)
class PartyRules:
    """The party nouns of one taxonomy and the concepts each party alone vetoes."""

    parties: dict[str, frozenset[str]]
    concept_party: dict[str, str]
    possessives: frozenset[str]
    duty: CaseBlind

    @classmethod
    def build(cls, taxonomy: Taxonomy) -> PartyRules:
        """Compile ``taxonomy``'s cues; use :func:`party_rules` for the cached result."""
        cues = taxonomy.cues
        parties = {
            CUSTOMER: frozenset(cues.customer_parties),
            STAFF: frozenset(cues.staff_parties),
        }
        duty = [phrase_pattern(p) for p in cues.job_duty] or ["(?!)"]
        return cls(
            parties=parties,
            concept_party=dict(cues.party_vetoes),
            possessives=frozenset(cues.employer_possessives),
            duty=CaseBlind("(" + "|".join(duty) + ")"),
        )

    def named(self, sentence: str) -> set[str]:
        """The parties ``sentence`` names."""
        words = {_singular(w) for w in _WORD.findall(sentence.lower())}
        return {party for party, nouns in self.parties.items() if words & nouns}

    def vetoes(self, concept: str, sentence: str) -> bool:
        """Whether ``sentence`` names only the party that says a mention of ``concept``
        in it is not that concept."""
        party = self.concept_party.get(concept)
        return party is not None and self.named(sentence) == {party}


def party_rules(taxonomy: Taxonomy) -> PartyRules:
    """The compiled party rules of ``taxonomy`` (built once per object)."""
    return compiled(taxonomy, PartyRules.build)


def employer_own(rules: PartyRules, words: list[str], sentence: str) -> bool:
    """Whether ``words`` (a posting mention and the two words after it, lowercase) speak
    of the employer's own customers ("help our customers") in a ``sentence`` that is
    not about the job: the employer describing itself, not the job's work."""
    customers = rules.parties[CUSTOMER]
    for before, word in itertools.pairwise(words):
        if before in rules.possessives and _singular(word) in customers:
            return not rules.duty.found_in(sentence)
    return False
