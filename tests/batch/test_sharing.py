"""Before forking, the parent freezes what is alive; workers give memory back."""

from __future__ import annotations

import gc
import sys
import weakref

from cvmatch.batch import sharing


def test_prepare_fork_freezes_and_thaw_unfreezes() -> None:
    try:
        sharing.prepare_fork()
        assert gc.get_freeze_count() > 0
        assert "pypdfium2" in sys.modules
    finally:
        sharing.thaw()
    assert gc.get_freeze_count() == 0


def test_release_frees_cycles() -> None:
    class Node:
        pass

    gc.disable()  # only release() may collect here
    try:
        node = Node()
        node.self = node
        gone = weakref.ref(node)
        del node
        assert gone() is not None  # a cycle: reference counting alone keeps it
        sharing.release()
        assert gone() is None
    finally:
        gc.enable()


def test_a_worker_that_grew_past_the_bound_is_outgrown() -> None:
    start = sharing.resident_bytes()
    assert start is not None and start > 0
    assert not sharing.outgrown(start)
    assert not sharing.outgrown(None)
    ballast = bytearray(sharing.RECYCLE_BYTES + 8 * 2**20)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page
    assert sharing.outgrown(start)
    del ballast


def test_recycled_workers_give_every_row_in_order(tmp_path, monkeypatch) -> None:
    from cvmatch.batch import iter_scores

    texts = [
        "Customer service representative. Resolved complaints and answered calls.",
        "Cashier: handled cash, processed returns, upsold warranties.",
        "Team lead of 8 agents; coached new hires on Zendesk.",
        "Receptionist scheduling appointments and answering phones.",
        "Call centre agent handling inbound calls in English and Spanish.",
    ]
    paths = []
    for number, text in enumerate(texts):
        path = tmp_path / f"r{number}.txt"
        path.write_text(f"Experience\n{text}\n")
        paths.append(str(path))
    kept = [r.model_dump() for r in iter_scores(paths, jobs=2, start_method="fork")]
    from cvmatch.batch.worker import Pool

    replaced = []
    replace = Pool.replace
    monkeypatch.setattr(Pool, "replace", lambda pool, w: replaced.append(w) or replace(pool, w))
    monkeypatch.setattr(sharing, "RECYCLE_BYTES", -(2**40))  # every worker retires after a row
    recycled = [r.model_dump() for r in iter_scores(paths, jobs=2, start_method="fork")]
    assert len(replaced) >= len(texts) - 2
    assert [r["source"] for r in recycled] == paths
    assert recycled == kept and all(r["ok"] for r in recycled)
