"""Words that change what a mention means: negation, boilerplate, preference, quantities.

Read from ``[cues]`` in ``taxonomy/cues.toml``; a user's file may extend it.
"""

from __future__ import annotations

from cvmatch.taxonomy.base import _Strict


class Cues(_Strict):
    """Words that change what a mention means: negation, boilerplate, preference, quantities."""
