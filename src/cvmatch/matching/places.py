"""From raw matches to the places a concept is kept at, for many documents at once.

Matches arrive as arrays (concept rank, start, end) in one coordinate space where
documents lie end to end, so places of different documents never overlap and one
pass of numpy serves a whole batch. The rules:

* a veto phrase of a concept removes that concept's places it overlaps;
* the same concept at the same place is kept once (the last match wins);
* a place inside a longer place of the same concept goes; where places of a concept
  cross, the longest is kept first (then the earliest) and what overlaps it goes;
* the result is ordered by start, end, then concept.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy

__all__ = ["Places", "resolve_places"]


class Places(NamedTuple):
    """Places as three int64 arrays: concept rank (the concept ids' order), start, end."""

    concepts: numpy.ndarray
    starts: numpy.ndarray
    ends: numpy.ndarray


def resolve_places(places: Places, vetoes: Places) -> numpy.ndarray:
    """Indices (into ``places``) of the places kept, in output order; ``vetoes`` are
    the veto phrases' matches.
    """
    concepts, starts, ends = places
    count = len(concepts)
    if not count:
        return numpy.zeros(0, dtype=numpy.int64)
    size = int(max(ends.max(), vetoes.ends.max() if len(vetoes.ends) else 0)) + 1
    index = numpy.arange(count)
    if len(vetoes.concepts):
        index = index[~_vetoed(places, vetoes, size)]
    # sort by concept, start, longest first; equal places by input order, keep the last
    order = numpy.lexsort((index, -ends[index], starts[index], concepts[index]))
    index = index[order]
    c, s, e = concepts[index], starts[index], ends[index]
    last = numpy.ones(len(index), dtype=bool)
    last[:-1] = (c[1:] != c[:-1]) | (s[1:] != s[:-1]) | (e[1:] != e[:-1])
    index, c, s, e = index[last], c[last], s[last], e[last]
    # a place inside an earlier (so longer or equal-start) place of its concept goes
    reach = numpy.maximum.accumulate(c * size + e)  # furthest end so far, encoded
    before = numpy.full(len(index), -1, dtype=numpy.int64)
    before[1:] = reach[:-1]
    inside = before >= c * size + e
    outer = ~inside
    # outer places of a concept that still cross need the greedy rule, within their
    # cluster (a run of places of one concept, each overlapping what came before)
    cluster = numpy.cumsum(before <= c * size + s)
    oc, os_, oe = c[outer], s[outer], e[outer]
    crossing = numpy.zeros(len(oc), dtype=bool)
    crossing[1:] = (oc[1:] == oc[:-1]) & (os_[1:] < oe[:-1])
    if crossing.any():
        flagged = numpy.zeros(int(cluster[-1]) + 1, dtype=bool)
        flagged[cluster[outer][crossing]] = True
        tangled = flagged[cluster]
        greedy = _longest_first(index[tangled], starts, ends, concepts)
        index = numpy.concatenate([index[outer & ~tangled], greedy])
    else:
        index = index[outer]
    final = numpy.lexsort((concepts[index], ends[index], starts[index]))
    return index[final]


def _vetoed(places: Places, vetoes: Places, size: int) -> numpy.ndarray:
    """Which places a veto of their concept overlaps (veto start < end, start < veto end)."""
    concepts, starts, ends = places
    order = numpy.lexsort((vetoes.starts, vetoes.concepts))
    vc, vs, ve = vetoes.concepts[order], vetoes.starts[order], vetoes.ends[order]
    keys = vc * size + vs
    reach = numpy.maximum.accumulate(vc * size + ve)  # furthest veto end so far, encoded
    # the last veto of the same concept that starts before the place ends
    at = numpy.searchsorted(keys, concepts * size + ends, side="left") - 1
    valid = at >= 0
    at = numpy.where(valid, at, 0)
    same = valid & (vc[at] == concepts)
    return same & (reach[at] - concepts * size > starts)


def _longest_first(
    index: numpy.ndarray, starts: numpy.ndarray, ends: numpy.ndarray, concepts: numpy.ndarray
) -> numpy.ndarray:
    """Greedy choice among crossing places: longest first, then earliest; a place
    overlapping one already kept (of the same concept) goes."""
    places = sorted(
        zip(
            concepts[index].tolist(),
            (starts[index] - ends[index]).tolist(),
            starts[index].tolist(),
            ends[index].tolist(),
            index.tolist(),
            strict=True,
        )
    )
    kept: list[int] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for concept, _negative_length, start, end, position in places:
        others = taken.setdefault(concept, [])
        for other_start, other_end in others:
            if start < other_end and other_start < end:
                break
        else:
            others.append((start, end))
            kept.append(position)
    return numpy.array(kept, dtype=numpy.int64)
