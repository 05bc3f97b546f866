"""Things compiled from a part of the taxonomy (regexes, hash sets), built once per part.

Taxonomy models are frozen, so one object always compiles to the same thing: the cache
keys on the object's identity and keeps the object alive beside the result.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")

_MAX_ENTRIES = 64
_CACHE: OrderedDict[tuple[int, Any], tuple[Any, Any]] = OrderedDict()


def compiled(part: Part, build: Callable[[Part], Result]) -> Result:
    """``build(part)``, computed once for each (part object, build function)."""
    key = (id(part), build)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is part:
        _CACHE.move_to_end(key)
        return hit[1]
    result = build(part)
    _CACHE[key] = (part, result)
    if len(_CACHE) > _MAX_ENTRIES:
        _CACHE.popitem(last=False)
    return result
