"""Many documents: one result per input, in input order, failures as rows, nothing lost.

``iter_extracts`` / ``iter_scores`` / ``iter_matches`` stream results, in this process
or in worker processes with a per-file time limit (``pool``); ``rank`` and
``Ranking`` order match results (``ranking``); ``to_jsonl``, ``to_csv`` and
``to_dataframe`` write them out (``export``); ``expand_paths`` and ``InputScan`` turn
files, folders and globs into one entry per input path, refusing before reading what
cannot be a document (``inputs``; pass ``InputScan(paths, follow_links=True)`` as the
paths of a batch to follow links out of folders); ``job`` is what happens to one input;
``records`` appends a decision record per document (``record=``).
"""

from cvmatch.batch.export import to_csv, to_dataframe, to_jsonl
from cvmatch.batch.inputs import InputScan, expand_paths
from cvmatch.batch.pool import DEFAULT_TIMEOUT, iter_extracts, iter_matches, iter_scores
from cvmatch.batch.ranking import Ranking, rank

__all__ = [
    "DEFAULT_TIMEOUT",
    "InputScan",
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
