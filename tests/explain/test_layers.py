"""Data flows one way: explain renders results and imports only models and taxonomy;
scoring never imports explain."""

from __future__ import annotations

import ast
from pathlib import Path

import cvmatch

PACKAGE = Path(cvmatch.__file__).parent


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("cvmatch")}


def test_explain_imports_only_models_and_taxonomy():
    # at module level: explain.report's lazy shim for the old write_report / render_report
    # names imports cvmatch.batch.report on first use, until every caller imports it there
    allowed = ("cvmatch.models", "cvmatch.taxonomy", "cvmatch.explain")
    for path in sorted((PACKAGE / "explain").glob("*.py")):
        for module in _imports(path, top_level_only=True):
            assert module.startswith(allowed), f"{path.name} imports {module}"


def test_scoring_never_imports_explain():
    for path in sorted((PACKAGE / "scoring").glob("*.py")):
        for module in _imports(path, top_level_only=False):
            assert not module.startswith("cvmatch.explain"), f"{path.name} imports {module}"
