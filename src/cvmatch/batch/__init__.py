"""Many documents: one result per input, in input order, failures as rows, nothing lost.

``iter_extracts`` / ``iter_scores`` / ``iter_matches`` stream results, in this process
or in worker processes with a per-file time limit (``pool``); ``rank`` and
``Ranking`` order match results (``ranking``); ``to_jsonl``, ``to_csv`` and
``to_dataframe`` write them out (``export``); ``expand_paths`` turns files, folders
and globs into paths (``inputs``); ``job`` is what happens to one input.
"""

from cvmatch.batch.export import to_csv, to_dataframe, to_jsonl
from cvmatch.batch.inputs import expand_paths
from cvmatch.batch.pool import DEFAULT_TIMEOUT, iter_extracts, iter_matches, iter_scores
from cvmatch.batch.ranking import Ranking, rank

__all__ = [
    "DEFAULT_TIMEOUT",
    "Ranking",
    "expand_paths",
    "iter_extracts",
    "iter_matches",
    "iter_scores",
    "rank",
    "to_csv",
    "to_dataframe",
    "to_jsonl",
]
