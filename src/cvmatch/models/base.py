"""The base every result model shares, and the small literal types they use."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["DocumentKind", "MustHaveVerdict", "RequirementStatus", "_Model"]

DocumentKind = Literal["resume", "posting"]
#: How a posting states a requirement: under a Requirements heading or with a required
#: cue; under a Preferred heading or with a "preferred" cue; or neither (a duty).
RequirementStatus = Literal["required", "preferred", "unspecified"]

#: Whether a resume meets a posting's must-haves ("unknown": only ones a resume cannot show).
MustHaveVerdict = Literal["yes", "no", "unknown"]


class _Model(BaseModel):
    """Every model: unknown fields refused, and frozen, so a result never changes once built
    (``model_copy(update=...)`` makes a changed copy)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
