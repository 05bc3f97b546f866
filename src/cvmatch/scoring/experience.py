"""Years in jobs close to the posting: the "Relevant experience" line of a match.

A recruiter reads what a person did, and for how long: three years as a customer
service representative say more for a contact-centre posting than a Skills list does.
Each position the resume shows counts its years times its closeness to the posting: the
position's title names one of the six roles (``title_match``; a one-word match such as
"manager" or "agent" names none), and that role's fit for the posting, over the fit of
the posting's closest role, is the closeness. The line is earned in full at
the years the posting asks for, or ``[weights.posting] experience_years`` when it asks
none.
"""

from __future__ import annotations

from collections.abc import Mapping

from cvmatch.models import Contribution, Document
from cvmatch.scoring.lines import breakdown_line
from cvmatch.scoring.titles import title_match
from cvmatch.taxonomy import Taxonomy

__all__ = ["experience_line", "relevant_years", "role_closeness"]

#: the most years one position counts (a misread date range must not carry the line)
_MOST_YEARS_A_JOB = 15.0


def relevant_years(
    resume: Document | None, closeness: Mapping[str, float], taxonomy: Taxonomy
) -> tuple[float, list[str]]:
    """Years in positions whose titles name a role close to the posting, weighed by how
    close, and the titles that counted (closest first)."""
    if resume is None:
        return 0.0, []
    total, named = 0.0, {}
    for position in resume.positions:
        found = title_match(position.title, taxonomy)
        if found is None or not position.years or " " not in found[1]:
            continue
        close = closeness.get(found[0], 0.0)
        if close <= 0:
            continue
        total += close * min(position.years, _MOST_YEARS_A_JOB)
        title = " ".join((position.title or "").split())[:60]
        named[title] = max(named.get(title, 0.0), close)
    return total, sorted(named, key=lambda t: -named[t])


def role_closeness(fits: Mapping[str, float]) -> dict[str, float]:
    """Each role's fit for the posting over the closest role's (0..1)."""
    top = max(fits.values(), default=0.0)
    return {role: max(0.0, fit) / top for role, fit in fits.items()} if top > 0 else {}


def experience_line(
    resume: Document | None,
    closeness: Mapping[str, float],
    asked: float | None,
    weight: float,
    taxonomy: Taxonomy,
) -> Contribution:
    """The "Relevant experience" line: years in close jobs against the years wanted."""
    years, titles = relevant_years(resume, closeness, taxonomy)
    wanted = asked or taxonomy.weights.posting.experience_years
    strength = min(1.0, years / wanted)
    shown = f" ({', '.join(titles[:3])})" if titles else ""
    detail = (
        f"{years:.1f} years in jobs close to the posting{shown}, against {wanted:g} wanted"
        if years
        else "no job title shown is one close to the posting"
    )
    return breakdown_line(
        "experience", "relevant_experience", "Relevant experience", weight, strength, detail
    )
