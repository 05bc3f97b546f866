"""Does the hand-written phrase trie earn its place? ``PhraseIndex`` vs spaCy's ``PhraseMatcher``.

Usage: python bench/matching.py DATA_DIR [--repeat N] [--batch N]

Reads every document in DATA_DIR through ``cvmatch.read_document``, tokenizes them
once with a blank English pipeline, and times, on the same docs and the same alias
phrases of the shipped taxonomy (with their inflected variants, as the
``cvmatch_skills`` component adds them), both matchers:

* spaCy's ``PhraseMatcher(attr="LOWER")``, one ``Doc`` at a time;
* ``cvmatch.matching.PhraseIndex``, a batch of documents at a time: as the
  component calls it (``match`` on the batch laid end to end, arrays out), and
  through ``match_many`` (per-document lists of tuples out, like spaCy's), each
  with and without the cost of ``doc.to_array(LOWER)`` (the component makes that
  column anyway, for the token patterns).

Both must find the same matches; the script says so, then prints the times (best
of ``--repeat`` runs, CPU time) and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.attrs import LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

import cvmatch
from cvmatch.matching import PhraseIndex
from cvmatch.matching.wordindex import end_to_end

SUFFIXES = (".pdf", ".txt", ".docx", ".html", ".htm", ".md")


def _texts(data_dir: Path) -> list[str]:
    texts = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            try:
                texts.append(cvmatch.read_document(path).text)
            except cvmatch.CvmatchError as exc:
                print(f"skipped {path.name}: {exc}", file=sys.stderr)
    return texts


def _shipped_phrases(nlp: spacy.Language) -> dict[tuple[int, ...], list[int]]:
    """The alias phrases (word hashes, lowercase) of the shipped taxonomy, under their keys.

    Taken from the ``cvmatch_skills`` component's own phrase index when it has one
    (so inflected variants are in), else compiled from ``patterns_from_taxonomy``.
    """
    component = spacy.blank("en").add_pipe("cvmatch_skills")
    if hasattr(component, "initialize"):
        component.initialize(lambda: [])
    index = getattr(component, "_phrases", None)
    phrases = getattr(index, "_phrases", None)
    if isinstance(phrases, dict) and phrases:
        strings = component.nlp.vocab.strings
        return {
            tuple(nlp.vocab.strings.add(strings[h]) for h in phrase): list(keys)
            for phrase, keys in phrases.items()
        }
    from cvmatch.extract import patterns_from_taxonomy

    out: dict[tuple[int, ...], list[int]] = {}
    for entry in patterns_from_taxonomy(cvmatch.load_taxonomy()):
        if isinstance(entry["pattern"], str):
            key = nlp.vocab.strings.add(entry["id"])
            words = tuple(t.lower for t in nlp.make_doc(entry["pattern"]))
            out.setdefault(words, []).append(key)
    return out


def _best(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        result = run()
        best = min(best, time.process_time() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=128, help="docs per PhraseIndex batch")
    args = parser.parse_args(argv)

    nlp = spacy.blank("en")
    texts = _texts(args.data_dir)
    docs = list(nlp.tokenizer.pipe(texts))
    phrases = _shipped_phrases(nlp)
    strings = nlp.vocab.strings
    spacy_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    index = PhraseIndex()
    by_key: dict[int, list[Doc]] = {}
    for phrase, keys in phrases.items():
        for key in keys:
            by_key.setdefault(key, []).append(Doc(nlp.vocab, words=[strings[h] for h in phrase]))
            index.add(key, [phrase])
    for key, phrase_docs in by_key.items():
        spacy_matcher.add(strings[key], phrase_docs)
    lowers = [doc.to_array(LOWER) for doc in docs]
    batches = [range(i, min(i + args.batch, len(docs))) for i in range(0, len(docs), args.batch)]

    def with_spacy() -> list[list[tuple[int, int, int]]]:
        return [spacy_matcher(doc) for doc in docs]

    def with_index(columns: Callable[[range], list]) -> list[list[tuple[int, int, int]]]:
        return [found for batch in batches for found in index.match_many(columns(batch))]

    joined = [end_to_end(lowers[b.start : b.stop], 1)[0] for b in batches]

    def arrays_only() -> int:
        return sum(len(index.match(column)[0]) for column in joined)

    index.match_many(lowers[:1])  # build the trie outside the timing
    raw_time, raw_count = _best(arrays_only, args.repeat)
    spacy_time, spacy_found = _best(with_spacy, args.repeat)
    index_time, index_found = _best(
        lambda: with_index(lambda b: lowers[b.start : b.stop]), args.repeat
    )
    full_time, _ = _best(
        lambda: with_index(lambda b: [docs[i].to_array(LOWER) for i in b]), args.repeat
    )
    same = [sorted(a) for a in spacy_found] == [sorted(b) for b in index_found]  # type: ignore[union-attr]
    tokens = sum(len(doc) for doc in docs)
    matches = sum(len(found) for found in spacy_found)  # type: ignore[union-attr]
    print(f"{len(docs)} documents, {tokens} tokens, {len(phrases)} phrases, {matches} matches")
    print(f"same matches: {'yes' if same else 'NO'}")
    print(f"spaCy PhraseMatcher:               {spacy_time * 1000:8.1f} ms")
    print(f"PhraseIndex.match, batch arrays:   {raw_time * 1000:8.1f} ms ({raw_count} matches)")
    print(f"PhraseIndex (LOWER column given):  {index_time * 1000:8.1f} ms")
    print(f"PhraseIndex (+ doc.to_array):      {full_time * 1000:8.1f} ms")
    print(
        f"ratio PhraseMatcher / PhraseIndex: {spacy_time / raw_time:.2f}x as the component "
        f"calls it, {spacy_time / index_time:.2f}x via match_many, "
        f"{spacy_time / full_time:.2f}x with to_array"
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
