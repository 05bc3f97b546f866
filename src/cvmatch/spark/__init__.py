"""cvmatch on Apache Spark: skills of millions of postings, and their analysis, on a cluster.

:func:`extract_skills_df` adds typed skill, requirement, attribute, evidence and role
columns to a DataFrame of texts (lazily, through ``mapInPandas`` with one warm extractor
per Python worker); :func:`analyze_postings_spark` aggregates them with ``groupBy`` into
the same :class:`~cvmatch.analytics.PostingsAnalysis` that :func:`~cvmatch.analyze_postings`
returns, collecting only the small tables. :func:`score_resumes_df` and :func:`match_df`
give the ``score`` and ``match`` JSON Lines contract as columns. Needs
``pip install "cvmatch[spark]"`` and a Java runtime (17 or newer); pyspark is imported
only when a function is called.
"""

from __future__ import annotations

from cvmatch.spark._runtime import ensure_python, session
from cvmatch.spark.analyze import analyze_postings_spark
from cvmatch.spark.extract import extract_skills_df
from cvmatch.spark.score import match_df, score_resumes_df

__all__ = [
    "analyze_postings_spark",
    "ensure_python",
    "extract_skills_df",
    "match_df",
    "score_resumes_df",
    "session",
]

# set before the user's SparkSession starts, so local-mode workers run this Python
ensure_python()
