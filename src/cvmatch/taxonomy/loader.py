"""Load, validate and merge taxonomy files (TOML) into a :class:`Taxonomy`."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cvmatch.errors import TaxonomyError
from cvmatch.taxonomy.model import Concept, Role, Taxonomy
from cvmatch.taxonomy.store import cached_json

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: The package whose ``data`` folder holds the shipped taxonomy files. In the source tree
#: ``data`` links to the top-level ``taxonomy/`` folder; the wheel carries the files there.
DEFAULT_TAXONOMY_PACKAGE = "cvmatch.taxonomy"
DATA_FOLDER = "data"

_MERGEABLE_LISTS = ("aliases", "case_sensitive", "patterns", "exclude")
#: Top-level tables of vocabulary (headings, cues, privacy) and weights, merged across files.
VOCABULARY_TABLES = ("headings", "cues", "weights", "privacy")


def load_taxonomy(
    path: str | Path | None = None, *, extend: bool = True, package: str = DEFAULT_TAXONOMY_PACKAGE
) -> Taxonomy:
    """Load the shipped taxonomy, or a user's file/folder merged over it.

    Parameters
    ----------
    path
        A ``.toml`` file or a folder of them. ``None`` gives the shipped taxonomy.
    extend
        When true (default) the user's entries extend the shipped taxonomy: new
        concepts and roles are added, an existing concept id gains the new aliases
        and patterns (other fields given replace the shipped ones), an existing role
        id is replaced. When false the user's files must be a complete taxonomy.
    package
        Where the shipped files live (tests may point elsewhere).
    """
    if path is None:
        return _load_shipped(package)
    user_files = _toml_files(Path(path))
    if extend:
        return _build([*_shipped_files(package), *user_files], merge=True)
    return _build(user_files, merge=False)


@functools.lru_cache(maxsize=4)
def _load_shipped(package: str) -> Taxonomy:
    return _build(_shipped_files(package), merge=False)


def _shipped_files(package: str) -> list[tuple[str, str]]:
    root = resources.files(package) / DATA_FOLDER
    found: list[tuple[str, str]] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".toml"):
                found.append((f"{package}:{prefix}{child.name}", child.read_text("utf-8")))

    walk(root, "")
    if not found:
        raise TaxonomyError(f"no taxonomy files found in package {package!r}; reinstall cvmatch")
    return found


def _toml_files(path: Path) -> list[tuple[str, str]]:
    if path.is_dir():
        files = sorted(path.rglob("*.toml"))
        if not files:
            raise TaxonomyError(f"{path}: folder holds no .toml taxonomy files")
    elif path.is_file():
        files = [path]
    else:
        raise TaxonomyError(f"{path}: taxonomy file not found")
    out = []
    for file in files:
        try:
            out.append((str(file), file.read_text("utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise TaxonomyError(f"{file}: cannot read taxonomy file ({exc})") from exc
    return out


def _parse(name: str, text: str) -> dict[str, Any]:
    try:
        data = cached_json("toml", text, tomllib.loads)  # parsed once, then JSON on disk
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{name}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"concepts", "roles", "sources", "scope", *VOCABULARY_TABLES}
    if unknown:
        raise TaxonomyError(
            f"{name}: unknown top-level key(s) {sorted(unknown)}; "
            f"expected concepts, roles, sources, scope, {', '.join(VOCABULARY_TABLES)}"
        )
    for table in VOCABULARY_TABLES:
        if table in data and not isinstance(data[table], dict):
            raise TaxonomyError(f"{name}: [{table}] must be a table")
    return data


def merge_tables(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``extra`` laid over ``base``: tables merge key by key, lists are extended (without
    repeats), any other value replaces the one before."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_tables(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            unique = {json.dumps(item, sort_keys=True): item for item in [*old, *value]}
            merged[key] = list(unique.values())
        else:
            merged[key] = value
    return merged


def _describe(name: str, kind: str, index: int, entry: Any) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"{name}: {kind}[{index}]" + (f" (id {ident!r})" if ident else "")


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def _build(files: Iterable[tuple[str, str]], *, merge: bool) -> Taxonomy:
    builder = _Builder(merge=merge)
    for name, text in files:
        builder.add_file(name, _parse(name, text))
    return builder.taxonomy()


class _Builder:
    """Collects the entries of taxonomy files in order, remembering where each came from."""

    def __init__(self, *, merge: bool) -> None:
        self.merge = merge
        self.concepts: dict[str, Concept] = {}
        self.concept_origin: dict[str, str] = {}
        self.roles: dict[str, Role] = {}
        self.role_origin: dict[str, str] = {}
        self.sources: list[str] = []
        self.scope: Any = None
        self.scope_origin = "taxonomy"
        self.vocabulary: dict[str, dict[str, Any]] = {table: {} for table in VOCABULARY_TABLES}
        self.vocabulary_origin: dict[str, str] = {}

    def add_file(self, name: str, data: dict[str, Any]) -> None:
        self.sources.extend(data.get("sources", []))
        for table in VOCABULARY_TABLES:
            if table in data:
                self.vocabulary[table] = merge_tables(self.vocabulary[table], data[table])
                self.vocabulary_origin[table] = name
        if "scope" in data:
            self.scope = data["scope"]  # a later file's scope replaces an earlier one
            self.scope_origin = name
        for index, entry in enumerate(data.get("concepts", [])):
            self._add_concept(_describe(name, "concepts", index, entry), entry)
        for index, entry in enumerate(data.get("roles", [])):
            self._add_role(_describe(name, "roles", index, entry), entry)

    def _add_concept(self, where: str, entry: Any) -> None:
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{where}: each concept must be a table")
        ident = entry.get("id")
        if ident in self.concepts:
            if not self.merge:
                raise TaxonomyError(
                    f"{where}: duplicate concept id, already defined in "
                    f"{self.concept_origin[ident]}"
                )
            entry = _merge_concept(self.concepts[ident], entry)
        self.concepts[ident] = _validated(Concept, entry, where)
        self.concept_origin.setdefault(ident, where)

    def _add_role(self, where: str, entry: Any) -> None:
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{where}: each role must be a table")
        if entry.get("id") in self.roles and not self.merge:
            raise TaxonomyError(f"{where}: duplicate role id")
        role = _validated(Role, entry, where)
        self.roles[role.id] = role
        self.role_origin[role.id] = where

    def _check_requirements(self) -> None:
        for role in self.roles.values():
            for requirement in role.requirements:
                if requirement.concept not in self.concepts:
                    raise TaxonomyError(
                        f"{self.role_origin[role.id]}: requirement names unknown concept "
                        f"{requirement.concept!r}"
                    )

    def taxonomy(self) -> Taxonomy:
        self._check_requirements()
        _check_alias_owners(self.concepts, self.concept_origin)
        try:
            return Taxonomy(
                concepts=self.concepts,
                roles=self.roles,
                sources=tuple(dict.fromkeys(self.sources)),
                scope=self.scope,
                **self.vocabulary,
            )
        except ValidationError as exc:
            raise TaxonomyError(f"{self._origin_of(exc)}: {_validation_message(exc)}") from None

    def _origin_of(self, exc: ValidationError) -> str:
        """The file to blame: the last that touched the failing table, else the scope's."""
        location = exc.errors()[0]["loc"] if exc.errors() else ()
        table = str(location[0]) if location else ""
        fallback = self.scope_origin if self.scope is not None else "taxonomy"
        return self.vocabulary_origin.get(table) or fallback


def _validated(model: Any, entry: dict[str, Any], where: str) -> Any:
    try:
        return model.model_validate(entry)
    except ValidationError as exc:
        raise TaxonomyError(f"{where}: {_validation_message(exc)}") from None


def _merge_concept(existing: Concept, entry: dict[str, Any]) -> dict[str, Any]:
    merged = existing.model_dump()
    for key, value in entry.items():
        if key in _MERGEABLE_LISTS:
            combined = [*merged.get(key, ()), *value]
            unique = {json.dumps(item, sort_keys=True): item for item in combined}
            merged[key] = list(unique.values())
        elif key == "values":
            values = dict(merged.get("values", {}))
            for value_name, aliases in value.items():
                values[value_name] = list(dict.fromkeys([*values.get(value_name, ()), *aliases]))
            merged["values"] = values
        else:
            merged[key] = value
    return merged


def alias_key(alias: str) -> str:
    """The normalised form under which an alias is compared for collisions."""
    return " ".join(alias.lstrip("=").lower().split())


def _check_alias_owners(concepts: dict[str, Concept], origin: dict[str, str]) -> None:
    owner: dict[str, str] = {}
    for concept in concepts.values():
        for alias in concept.all_aliases():
            key = alias_key(alias)
            other = owner.get(key)
            if other is not None and other != concept.id:
                raise TaxonomyError(
                    f"{origin[concept.id]}: alias {alias!r} is claimed by two concepts, "
                    f"{other!r} and {concept.id!r}; keep it in one"
                )
            owner[key] = concept.id
