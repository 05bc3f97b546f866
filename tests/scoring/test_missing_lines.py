"""A requirement no document shows is priced once and its line shared: the results are
those of building it for each document, and a changed taxonomy gets its own."""

from __future__ import annotations

import cvmatch
from cvmatch.scoring import roles as roles_module

RESUME = (
    "Summary\nCustomer service agent with five years in a contact centre.\n\n"
    "Experience\nAgent, Northwind Utilities, 2019 - 2024\n"
    "- Handled 60 inbound calls a day and resolved billing complaints\n\n"
    "Skills\nZendesk, active listening\n"
)
OTHER = "Experience\nCashier, Corner Shop, 2020 - 2023\n- Counted the till and served customers\n"


def _dump(text: str, taxonomy: object = None) -> dict:
    return cvmatch.score_resume(cvmatch.read_text(text), taxonomy=taxonomy).model_dump()


def test_shared_lines_give_what_fresh_ones_give() -> None:
    roles_module._MISSING.clear()
    fresh = _dump(RESUME)
    assert roles_module._MISSING  # the first document filled it
    assert _dump(RESUME) == fresh
    roles_module._MISSING.clear()
    _dump(OTHER)  # filled by another document first
    assert _dump(RESUME) == fresh


def test_the_same_missing_row_is_shared_by_documents() -> None:
    first = cvmatch.score_resume(cvmatch.read_text(RESUME))
    second = cvmatch.score_resume(cvmatch.read_text(OTHER))
    rows = {(fit.id, row.id): row for fit in first.roles for row in fit.missing}
    pairs = [(rows.get((fit.id, row.id)), row) for fit in second.roles for row in fit.missing]
    shared = [(a, b) for a, b in pairs if a is not None]
    assert shared and all(a is b for a, b in shared)


def test_changed_importance_weights_are_priced_anew() -> None:
    taxonomy = cvmatch.load_taxonomy()
    shipped = _dump(OTHER)
    weights = taxonomy.weights.model_copy(
        update={"importance": taxonomy.weights.importance.model_copy(update={"helpful": 0.0})}
    )
    # a shallow copy: the same role and requirement objects, other weights
    changed = taxonomy.model_copy(update={"weights": weights})
    result = _dump(OTHER, changed)
    helpful = [
        (fit["id"], row["id"])
        for fit in result["roles"]
        for row in fit["missing"]
        if row["importance"] == "helpful"
    ]
    assert helpful
    gains = {
        (fit["id"], row["id"]): row["gain"] for fit in result["roles"] for row in fit["missing"]
    }
    before = {
        (fit["id"], row["id"]): row["gain"] for fit in shipped["roles"] for row in fit["missing"]
    }
    assert all(gains[key] == 0.0 for key in helpful)
    assert any(before[key] > 0.0 for key in helpful if key in before)
