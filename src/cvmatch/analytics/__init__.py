"""Postings analytics for notebooks: what employers ask for, by role, together, and for what pay.

:func:`analyze_postings` streams postings (texts, files, the rows of a CSV reader or a
pandas DataFrame) through the extractor and keeps only a few small facts per posting:
the concepts found, which of them are required, the closest role and the salary. A
:class:`PostingsAnalysis` turns those facts into pandas DataFrames and matplotlib
figures; it renders as a summary in Jupyter.

pandas is needed for the tables and matplotlib for the plots
(``pip install "cvmatch[analytics]"``); both are imported only when used.

The package: :mod:`~cvmatch.analytics.frame` (postings in), :mod:`~cvmatch.analytics.analyze`
(the streaming pass), :mod:`~cvmatch.analytics.analysis` (the tables),
:mod:`~cvmatch.analytics.plots` (the figures), :mod:`~cvmatch.analytics.salary`.

Example
-------
>>> import pandas as pd, cvmatch
>>> df = pd.read_csv("postings.csv")                                   # doctest: +SKIP
>>> analysis = cvmatch.analyze_postings(df, text_column="description",
...                                     salary_column="salary")       # doctest: +SKIP
>>> analysis.skills.head()                                             # doctest: +SKIP
>>> analysis.plot_skill_demand().savefig("demand.png")                # doctest: +SKIP
"""

from cvmatch.analytics.analysis import UNASSIGNED, PostingsAnalysis
from cvmatch.analytics.analyze import analyze_postings
from cvmatch.analytics.frame import TEXT_COLUMNS
from cvmatch.analytics.salary import parse_salary

__all__ = ["TEXT_COLUMNS", "UNASSIGNED", "PostingsAnalysis", "analyze_postings", "parse_salary"]
