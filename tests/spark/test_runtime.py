"""The parts of cvmatch.spark that need no JVM: the missing-extra error, the worker's
taxonomy cache, the taxonomy shipment and the pandas batch function."""

from __future__ import annotations

import pickle
import sys

import pytest

from cvmatch.errors import MissingDependency
from cvmatch.spark import _runtime, worker
from cvmatch.taxonomy import load_taxonomy

pd = pytest.importorskip("pandas")


def test_without_pyspark_the_error_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(MissingDependency, match=r"cvmatch\[spark\]"):
        _runtime.require_pyspark()


def test_the_worker_python_is_this_one_unless_chosen(monkeypatch) -> None:
    monkeypatch.setenv("PYSPARK_GATEWAY_PORT", "40000")  # under spark-submit: left alone
    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    _runtime.ensure_python()
    assert "PYSPARK_PYTHON" not in _runtime.os.environ
    monkeypatch.delenv("PYSPARK_GATEWAY_PORT")
    _runtime.ensure_python()
    assert _runtime.os.environ["PYSPARK_PYTHON"] == sys.executable
    monkeypatch.setenv("PYSPARK_PYTHON", "/opt/other/python")
    _runtime.ensure_python()
    assert _runtime.os.environ["PYSPARK_PYTHON"] == "/opt/other/python"


def test_a_worker_rebuilds_the_taxonomy_once_per_content_hash() -> None:
    taxonomy = load_taxonomy()
    calls = []

    def load() -> str:
        calls.append(1)
        return taxonomy.model_dump_json()

    first = _runtime.worker_taxonomy(taxonomy.content_hash, load)
    again = _runtime.worker_taxonomy(taxonomy.content_hash, load)
    assert first is again and len(calls) == 1
    assert first.content_hash == taxonomy.content_hash


def test_a_shipment_travels_without_its_taxonomy() -> None:
    shipment = _runtime.TaxonomyShipment.__new__(_runtime.TaxonomyShipment)
    shipment.taxonomy, shipment.key, shipment.broadcast = load_taxonomy(), "k", "handle"
    state = pickle.loads(pickle.dumps(shipment)).__dict__
    assert state == {"key": "k", "broadcast": "handle"}


def test_a_text_that_breaks_the_stream_costs_only_its_own_row(monkeypatch, fragile) -> None:
    monkeypatch.setattr(worker, "get_extractor", fragile(worker.get_extractor))
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "text": [
                "Call Centre Agent\n\nRequirements\n- Patience with upset callers.\n",
                "Agent\n\nThis text will explode the stream.\n",
                "Support Specialist\n\nReply to customer emails and live chat.\n",
            ],
        }
    )
    out = worker.extract_batch(frame, worker.Job("text", "id"), load_taxonomy())
    assert list(out["ok"]) == [True, False, True]
    assert out.loc[1, "error_type"] == "RuntimeError" and len(out.loc[0, "skills"]) > 0
    assert list(out.columns) == ["id", "text", *worker.OUTPUT_COLUMNS]
