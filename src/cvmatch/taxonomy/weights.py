"""How much each kind of evidence and each posting requirement counts.

Read from ``[weights]`` in ``taxonomy/weights.toml``; a user's file may extend it.
"""

from __future__ import annotations

from cvmatch.taxonomy.base import _Strict


class Weights(_Strict):
    """How much each kind of evidence and each posting requirement counts."""
