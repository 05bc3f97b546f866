"""Many documents: worker processes with limits, ranking, and CSV / DataFrame export."""

from cvmatch.batch.pool import (
    Ranking,
    iter_extracts,
    iter_matches,
    iter_scores,
    to_csv,
    to_dataframe,
)

__all__ = ["Ranking", "iter_extracts", "iter_matches", "iter_scores", "to_csv", "to_dataframe"]
