"""An edited copy of a taxonomy is another taxonomy: its hash is computed anew."""

from __future__ import annotations

from cvmatch.taxonomy import load_taxonomy


def test_an_edited_copy_gets_its_own_hash() -> None:
    taxonomy = load_taxonomy()
    before = taxonomy.content_hash
    titles = taxonomy.weights.titles.model_copy(update={"older": 0.123})
    weights = taxonomy.weights.model_copy(update={"titles": titles})
    edited = taxonomy.model_copy(update={"weights": weights})
    assert edited.content_hash != before
    assert taxonomy.model_copy().content_hash == before
