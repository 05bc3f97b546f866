"""The compiled matcher tables in the disk cache: keyed by what shapes them, read back
to the same matches as a fresh compile, a broken entry rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import cvmatch
from cvmatch.extract import tablecache
from cvmatch.extract.compile import patterns_from_taxonomy, validate_patterns
from cvmatch.taxonomy import Taxonomy, load_taxonomy
from cvmatch.taxonomy.store import load_arrays

# sentences of our own: inflections, spelling variants, an exact-case alias, a veto
# phrase, a denied mention, token patterns, a line break inside a phrase
TEXTS = [
    "Resolved customer complaints and handled escalated calls for a busy contact centre.",
    "Our leadership team values empathy; I supervised a team of 6 agents as Team Lead.",
    "No Salesforce experience, but fluent in Spanish and used Zendesk and Excel daily.",
    "Worked as a CSM running EBR meetings; de-escalating irate callers was routine.",
    "Processed refunds and returns, balanced the cash drawer\nand upsold warranties.",
    "Answering inbound phone calls, scheduling appointments, data entry (60 wpm).",
]
SMALL = [
    {"label": "crm_ticketing", "category": "technical", "pattern": "acmedesk"},
    {"label": "complaint_handling", "pattern": "resolve complaint"},
    {"label": "complaint_handling", "pattern": "complaint desk", "exclude": True},
    {"label": "crm_ticketing", "pattern": "ACD", "case_sensitive": True},
    {"label": "phone_support", "pattern": [{"LEMMA": "answer"}, {"LOWER": "calls"}]},
]
SMALL_TEXTS = [
    "Resolved complaints in AcmeDesk at the complaint desk.",
    "ACD and acd; answered calls",
]


def matcher(patterns: list | None = None):
    """A blank pipeline's component, holding the shipped taxonomy (or ``patterns``)."""
    nlp = spacy.blank("en")
    component = nlp.add_pipe("cvmatch_skills")
    component.initialize(patterns=patterns)
    return nlp, component


def spans(nlp, texts: list[str]) -> list:
    out = []
    for doc in nlp.pipe(texts):
        for key in ("cvmatch_skills", "cvmatch_skills_negated"):
            out.append([(s.start, s.end, s.label_, s.kb_id_, s.id_) for s in doc.spans[key]])
    return out


def from_cache(component) -> bool:
    return component._tables.phrases._stored is not None


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path))
    return tmp_path


def entries_of(taxonomy) -> list:
    return validate_patterns(patterns_from_taxonomy(taxonomy))


def test_cached_tables_match_exactly_what_a_fresh_compile_matches(cache_dir: Path) -> None:
    fresh_nlp, fresh = matcher()
    assert not from_cache(fresh)
    assert [p.name.split("-")[0] for p in cache_dir.glob("matcher-*")] == ["matcher"]
    cached_nlp, cached = matcher()
    assert from_cache(cached)
    expected = spans(fresh_nlp, TEXTS)
    assert any(expected) and spans(cached_nlp, TEXTS) == expected
    assert len(cached._tables.phrases) == len(fresh._tables.phrases)
    assert cached._tables.exact == fresh._tables.exact


def test_the_key_follows_the_taxonomy_content_and_the_version(
    monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    _nlp, component = matcher(SMALL)
    tables = component._tables
    shipped = load_taxonomy()
    key = tablecache.tables_key(tables, entries_of(shipped), True)
    assert tablecache.tables_key(tables, entries_of(load_taxonomy()), True) == key
    data = shipped.model_dump(mode="json")
    data["concepts"]["complaint_handling"]["aliases"].append("grumble taming")
    edited = Taxonomy.model_validate(data)  # (model_copy would keep the cached hash)
    assert edited.content_hash != shipped.content_hash
    assert tablecache.tables_key(tables, entries_of(edited), True) != key
    assert tablecache.tables_key(tables, entries_of(shipped), False) != key  # no inflection
    monkeypatch.setattr(cvmatch, "__version__", "999.0")
    tablecache._code_fingerprint.cache_clear()
    try:
        assert tablecache.tables_key(tables, entries_of(shipped), True) != key
    finally:
        monkeypatch.undo()  # the version back (and the cache folder: set again below)
        tablecache._code_fingerprint.cache_clear()
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(cache_dir))
    assert tablecache.tables_key(tables, entries_of(shipped), True) == key
    monkeypatch.setenv("CVMATCH_CACHE_DIR", "off")
    assert tablecache.tables_key(tables, entries_of(shipped), True) is None


def test_a_broken_cache_entry_is_rebuilt(cache_dir: Path) -> None:
    fresh_nlp, _fresh = matcher(SMALL)
    expected = spans(fresh_nlp, SMALL_TEXTS)
    (entry,) = cache_dir.glob("matcher-*")
    target = entry / "phrases.trie.first.npy"
    target.write_bytes(target.read_bytes()[:-4])
    rebuilt_nlp, rebuilt = matcher(SMALL)
    assert not from_cache(rebuilt)
    assert spans(rebuilt_nlp, SMALL_TEXTS) == expected
    key = entry.name.split("-", 1)[1]
    assert load_arrays(tablecache.KIND, key) is not None  # a whole entry again
    again_nlp, again = matcher(SMALL)
    assert from_cache(again) and spans(again_nlp, SMALL_TEXTS) == expected


def test_patterns_added_after_a_cached_compile_join_it(cache_dir: Path) -> None:
    extra = [{"label": "crm_ticketing", "pattern": "helpdeskly"}]
    texts = [*SMALL_TEXTS, "Tickets in Helpdeskly and AcmeDesk."]
    matcher(SMALL)  # writes the entry
    cached_nlp, cached = matcher(SMALL)
    assert from_cache(cached)
    cached.add_patterns(extra)
    plain_nlp, plain = matcher([*SMALL, *extra])
    assert spans(cached_nlp, texts) == spans(plain_nlp, texts)
    assert len(cached._tables.phrases) == len(plain._tables.phrases)


def test_without_a_cache_the_tables_are_compiled_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CVMATCH_CACHE_DIR", "off")
    nlp, component = matcher(SMALL)
    assert not from_cache(component)
    assert any(spans(nlp, SMALL_TEXTS))
