"""Section headings and the other words that give a document its structure.

Read from ``[headings]`` in ``taxonomy/headings.toml``; a user's file may extend it.
"""

from __future__ import annotations

from cvmatch.taxonomy.base import _Strict


class Headings(_Strict):
    """Section headings and the other words that give a document its structure."""
