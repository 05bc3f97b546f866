"""One local Spark session (``local[2]``) for the whole test session, and the postings the
Spark tests share; every test here skips, saying why, when pyspark or Java is missing."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

#: Set CVMATCH_REQUIRE_SPARK=1 (as CI on machines with Java should) to fail, not skip,
#: when pyspark, pyarrow or Java is missing.
REQUIRED = os.environ.get("CVMATCH_REQUIRE_SPARK") == "1"

if REQUIRED:
    import pandas as pd
    import pyarrow  # noqa: F401
    import pyspark  # noqa: F401
else:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow", reason="Spark's mapInPandas needs pyarrow")
    pytest.importorskip("pyspark", reason='pyspark is not installed: pip install "cvmatch[spark]"')


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test here ``spark``; skip them when no Java runtime is found."""
    here = Path(__file__).parent
    if REQUIRED and not _java():
        raise pytest.UsageError("CVMATCH_REQUIRE_SPARK=1 but no Java runtime was found")
    no_java = None if _java() else pytest.mark.skip(reason="no Java runtime (Java 17 needed)")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.spark)
            if no_java is not None:
                item.add_marker(no_java)


@pytest.fixture(scope="session")
def spark():
    """A local SparkSession with two cores, small shuffles and no web UI."""
    from cvmatch.spark import session

    spark = session(
        "local[2]",
        "cvmatch-tests",
        **{
            "spark.ui.enabled": "false",
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.driver.memory": "1g",
            "spark.sql.execution.arrow.pyspark.enabled": "true",
        },
    )
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


TITLES = ["Call Centre Agent", "Customer Support Specialist", "Team Leader, Contact Centre"]
DUTIES = [
    "Answer inbound calls from customers about their bills.",
    "Reply to customer emails and live chat within the hour.",
    "Coach a team of eight agents and run monthly quality reviews.",
    "Handle refunds and returns and log every case in Zendesk.",
]
NEEDS = [
    "Requirements\n- Fluent German and English.\n- Patience with upset callers.",
    "Requirements\n- A year of contact centre work.\n- Experience with Salesforce is a must.",
    "Nice to have\n- Experience in banking is a plus.\n- Calm under pressure.",
]


def make_postings(n: int) -> pd.DataFrame:
    """``n`` short postings made of the sentences above; salaries repeat (medians tie),
    one in five has none, and two texts are missing (failed rows)."""
    combos = itertools.cycle(itertools.product(TITLES, DUTIES, NEEDS))
    rows = []
    for i, (title, duty, need) in zip(range(n), combos, strict=False):
        rows.append(
            {
                "id": f"p{i:03d}",
                "text": f"{title}\n\nWhat you'll do\n- {duty}\n\n{need}\n",
                "pay": None if i % 5 == 4 else f"£{21 + i % 6},000 per year",
            }
        )
    rows[2]["text"] = None
    rows[-3]["text"] = ""
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def postings() -> pd.DataFrame:
    return make_postings(36)


@pytest.fixture(scope="session")
def library(postings):
    """The library's own analysis of the shared postings, to compare Spark's with."""
    from cvmatch.analytics import analyze_postings

    return analyze_postings(postings, text_column="text", salary_column="pay", progress=False)


@pytest.fixture(scope="session")
def postings_df(spark, postings):
    return spark.createDataFrame(postings, schema="id string, text string, pay string")


class _Fragile:
    """An extractor whose stream fails on a text holding "explode", as a crash in spaCy
    would; every other text is extracted by the real extractor."""

    real = None

    def __init__(self, taxonomy) -> None:
        self.inner = type(self).real(taxonomy)

    def extract_many(self, documents, batch_size=32):
        for document in documents:
            if "explode" in document.text:
                raise RuntimeError("the stream broke")
            yield self.inner.extract(document)


@pytest.fixture
def fragile():
    """``fragile(get_extractor)``: a stand-in for ``get_extractor`` whose stream breaks."""

    def make(real):
        return type("Fragile", (_Fragile,), {"real": staticmethod(real)})

    return make
