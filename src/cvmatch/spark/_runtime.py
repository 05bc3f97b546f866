"""What every Spark entry point needs: pyspark (or a clear error), the Python that runs
the workers, and the taxonomy shipped once to the executors and kept warm there."""

from __future__ import annotations

import os
import sys
from typing import Any

from cvmatch.errors import MissingDependency
from cvmatch.taxonomy import Taxonomy, TaxonomyArgument, resolve_taxonomy

__all__ = ["TaxonomyShipment", "ensure_python", "require_pyspark", "session", "worker_taxonomy"]

_INSTALL = 'install it with pip install "cvmatch[spark]" (Java 17 or newer is needed too)'


def require_pyspark() -> Any:
    """The ``pyspark.sql`` module, or a ``MissingDependency`` naming the extra to install."""
    try:
        import pyspark.sql
    except ImportError:
        raise MissingDependency(f"cvmatch.spark needs pyspark; {_INSTALL}") from None
    return pyspark.sql


def ensure_python() -> None:
    """Let Spark's Python workers run this interpreter (where cvmatch is installed) unless
    the user chose one: without it local mode starts a ``python3`` that may lack cvmatch.
    Under ``spark-submit`` (which set ``PYSPARK_GATEWAY_PORT``) the launcher's choice
    (``spark.pyspark.python``) stands: a cluster's executors may keep Python elsewhere."""
    if "PYSPARK_GATEWAY_PORT" in os.environ:
        return
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)


def session(master: str = "local[*]", app_name: str = "cvmatch", **conf: str) -> Any:
    """A SparkSession (the active one if there is one) with the worker Python set; extra
    ``conf`` entries are Spark settings, e.g. ``**{"spark.driver.memory": "4g"}``."""
    ensure_python()
    sql = require_pyspark()
    builder = sql.SparkSession.builder.master(master).appName(app_name)
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


class TaxonomyShipment:
    """A taxonomy as JSON in a Spark broadcast: sent to each executor once, rebuilt there
    once per Python worker (keyed by its content hash), however many batches follow."""

    def __init__(self, spark: Any, taxonomy: TaxonomyArgument) -> None:
        tax = resolve_taxonomy(taxonomy)
        self.taxonomy = tax
        self.key = tax.content_hash
        self.broadcast = spark.sparkContext.broadcast(tax.model_dump_json())

    def __getstate__(self) -> dict[str, Any]:
        # only the key and the broadcast handle travel with each task, never the taxonomy
        return {"key": self.key, "broadcast": self.broadcast}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def get(self) -> Taxonomy:
        """The taxonomy, from this process's cache or rebuilt from the broadcast once."""
        return worker_taxonomy(self.key, lambda: self.broadcast.value)


#: Taxonomies rebuilt in this Python worker, by content hash (the extractor of each is
#: cached by ``get_extractor`` for as long as the taxonomy object lives here).
_WORKER_TAXONOMIES: dict[str, Taxonomy] = {}


def worker_taxonomy(key: str, load_json: Any) -> Taxonomy:
    """The taxonomy with content hash ``key``, built from ``load_json()`` on first use."""
    cached = _WORKER_TAXONOMIES.get(key)
    if cached is None:
        cached = Taxonomy.model_validate_json(load_json())
        _WORKER_TAXONOMIES.clear()  # one taxonomy at a time: an extractor is large
        _WORKER_TAXONOMIES[key] = cached
    return cached
