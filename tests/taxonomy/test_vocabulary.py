"""Vocabulary is data: the words of headings.toml and cues.toml live there and only there."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cvmatch.errors import TaxonomyError
from cvmatch.taxonomy import load_taxonomy
from cvmatch.taxonomy.loader import merge_tables

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY_FILES = ("headings.toml", "cues.toml")


def _phrases(node: object) -> Iterator[str]:
    """Every string inside the lists of a TOML table (keys are names, not vocabulary)."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _phrases(value)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, str):
                yield item
            else:
                yield from _phrases(item)


#: English that code's own mechanisms spell (date ranges "2019 - present", "N years of
#: experience", ages "34 years old"): grammar of dates and numbers, not product vocabulary.
ENGLISH_MECHANISM = frozenset({"present", "current", "year", "years", "working", "within"})
_REGEX_SIGNS = re.compile(r"\(\?|\\b|\\s|[^ ]\|[^ ]")


def _word_list_items(tree: ast.AST) -> Iterator[str]:
    """The strings of every list, tuple or set literal of three strings or more."""
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            strings = [item for item in items if isinstance(item, str)]
            if len(strings) >= 3 and len(strings) == len(node.elts):
                yield from strings


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
    }


def _regex_literals(tree: ast.AST) -> Iterator[str]:
    """String literals that are regular expressions (alternations, word bounds, groups)."""
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings and _REGEX_SIGNS.search(node.value):
            yield node.value


def _vocabulary_in_code() -> tuple[set[str], list[str]]:
    """Word-list items (compared whole) and regexes (searched) written under ``src/``."""
    items: set[str] = set()
    regexes: list[str] = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        items.update(item.lower() for item in _word_list_items(tree) if not item.startswith("_"))
        regexes.extend(literal.lower() for literal in _regex_literals(tree))
    return items, regexes


def _vocabulary() -> set[str]:
    phrases: set[str] = set()
    for name in VOCABULARY_FILES:
        data = tomllib.loads((ROOT / "taxonomy" / name).read_text(encoding="utf-8"))
        words = (p.lower().strip("<>*") for p in _phrases(data))
        phrases.update(w for w in words if re.search(r"[a-z]{3}", w))
    return phrases


def test_vocabulary_words_are_not_written_in_code() -> None:
    """No phrase of headings.toml / cues.toml stands in a word list or a regex in code, and
    no single word of them in a regex. (A lone word in a list of names, such as the field
    "skills" or the section "summary", names a thing: it matches nothing in a document.)
    """
    phrases = _vocabulary()
    assert len(phrases) > 50, "the vocabulary files should hold the vocabulary"
    items, regexes = _vocabulary_in_code()
    found = {p for p in phrases if p in items and len(p.split()) >= 2}
    for phrase in phrases - ENGLISH_MECHANISM:
        pattern = re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])")
        found.update(phrase for regex in regexes if pattern.search(regex))
    assert not found, f"vocabulary written in code under src/: {sorted(found)}"


def test_the_check_sees_a_word_list_and_a_regex() -> None:
    tree = ast.parse('WORDS = ["apply now", "benefits", "salary"]\nR = r"\\b(?:perks|x)"')
    assert {"apply now", "benefits", "salary"} <= set(_word_list_items(tree))
    assert list(_regex_literals(tree)) == ["\\b(?:perks|x)"]


def test_merge_tables_extends_lists_and_replaces_values() -> None:
    base = {"a": ["x", "y"], "b": 1, "t": {"c": ["p"], "d": 2}}
    extra = {"a": ["y", "z"], "b": 5, "t": {"c": ["q"]}, "new": True}
    assert merge_tables(base, extra) == {
        "a": ["x", "y", "z"],
        "b": 5,
        "t": {"c": ["p", "q"], "d": 2},
        "new": True,
    }


def test_a_vocabulary_table_that_is_not_a_table_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('cues = "not a table"\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"bad\.toml"):
        load_taxonomy(bad)


def test_content_hash_follows_the_data(tmp_path: Path) -> None:
    shipped = load_taxonomy()
    assert shipped.content_hash == load_taxonomy().content_hash
    extra = tmp_path / "more.toml"
    extra.write_text(
        '[[concepts]]\nid = "crm_ticketing"\naliases = ["acmedesk"]\n', encoding="utf-8"
    )
    assert load_taxonomy(extra).content_hash != shipped.content_hash
    assert re.fullmatch(r"[0-9a-f]{64}", shipped.content_hash)
