"""Group labels in: the user's own file of who is in which group, joined to the results.

cvmatch never infers a group from a document. The labels come from the user: a CSV with
a key column (``source`` by default, or the pseudonymous id of a blind run) and one
column per category (``sex``, ``race``, ...), a pandas ``DataFrame`` of the same, a list
of such rows, or a mapping ``{key: {category: label}}``. A blank label, or one that reads
"unknown", is :data:`UNKNOWN`: counted in a row of its own, never dropped.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvmatch.audit.results import Applicant
from cvmatch.errors import InvalidInput

__all__ = ["UNKNOWN", "GroupLabels", "MissingGroups", "join_groups", "load_groups"]

#: The label of an applicant whose group is not known (blank, "unknown", or no row at all).
UNKNOWN = "Unknown"

Labels = tuple[str, ...]


class MissingGroups(InvalidInput):
    """No group labels were given (or none fit the results): nothing is computed, since an
    audit on guessed groups would be worse than none."""


@dataclass(frozen=True)
class GroupLabels:
    """Each applicant's labels, one per category of ``by``, and how the join went."""

    by: tuple[str, ...]
    labels: dict[str, Labels]
    unmatched: int = 0  # applicants with no row in the groups: Unknown in every category
    by_file_name: int = 0  # applicants whose row was found by file name only
    unused: int = 0  # rows of the groups that fit no applicant


def load_groups(groups: Any, *, by: Sequence[str], key: str = "source") -> dict[str, Labels]:
    """The labels of each key in ``groups`` for the categories ``by``, in that order."""
    columns = _columns(by)
    if groups is None:
        raise MissingGroups(
            "no group labels were given, so nothing was computed: cvmatch never guesses "
            "groups from documents; give a CSV with a key column and one column per "
            "category (--groups GROUPS.csv, groups= in the library)"
        )
    rows, where = _rows(groups, key)
    if not rows:
        raise MissingGroups(f"{where} holds no rows: give one row per applicant with its groups")
    missing = [c for c in (key, *columns) if c not in rows[0]]
    if missing:
        raise InvalidInput(
            f"{where} has no column {', '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(repr, rows[0]))} (choose the key with --key/key=, the categories "
            "with --by/by=)"
        )
    found: dict[str, Labels] = {}
    for row in rows:
        name = _text(row.get(key))
        if not name:
            continue  # a blank line of the sheet
        labels = tuple(_label(row.get(column)) for column in columns)
        if name in found and found[name] != labels:
            raise InvalidInput(f"{where}: key {name!r} has two rows with different groups")
        found[name] = labels
    return found


def join_groups(
    applicants: Sequence[Applicant], groups: Mapping[str, Labels], by: Sequence[str], where: str
) -> GroupLabels:
    """Each applicant's labels: its key's row, else the row of the same file name when
    that name is unique on both sides, else :data:`UNKNOWN` in every category."""
    columns = _columns(by)
    names = _unique_names(groups)
    taken = Counter(os.path.basename(a.key) for a in applicants)
    labels: dict[str, Labels] = {}
    used: set[str] = set()
    by_name = 0
    for applicant in applicants:
        found = applicant.key if applicant.key in groups else None
        base = os.path.basename(applicant.key)
        if found is None and taken[base] == 1 and base in names:
            found, by_name = names[base], by_name + 1
        if found is not None:
            used.add(found)
        labels[applicant.key] = groups[found] if found is not None else (UNKNOWN,) * len(columns)
    if applicants and not used:
        raise MissingGroups(
            f"none of the {len(applicants)} results is in {where}: its key column must hold "
            "the results' source (the path as cvmatch printed it, or the pseudonymous id of a "
            "--blind run); choose another key column with --key/key="
        )
    unmatched = sum(1 for a in applicants if a.key not in groups) - by_name
    return GroupLabels(columns, labels, unmatched, by_name, len(groups) - len(used))


def _columns(by: Sequence[str] | str) -> tuple[str, ...]:
    """The category columns, from a list or a comma-separated string."""
    items = by.split(",") if isinstance(by, str) else list(by)
    columns = tuple(dict.fromkeys(c.strip() for c in items if c and c.strip()))
    if not columns:
        raise MissingGroups(
            "no category was named, so nothing was computed: name the group columns to "
            "audit, such as --by sex,race (by=['sex', 'race'] in the library)"
        )
    return columns


def _rows(groups: Any, key: str) -> tuple[list[Mapping[str, Any]], str]:
    """The rows of the groups in any of their forms, and how to name them in a message."""
    if isinstance(groups, (str, os.PathLike)):
        return _csv_rows(Path(groups)), str(groups)
    if hasattr(groups, "to_dict") and hasattr(groups, "columns"):
        frame = groups.reset_index() if key not in groups.columns else groups
        frame = frame.astype(object).where(frame.notna(), None)
        return frame.to_dict("records"), "the groups DataFrame"
    if isinstance(groups, Mapping):
        rows = [{key: name, **dict(labels)} for name, labels in groups.items()]
        return _same_columns(rows), "the groups"
    return _same_columns([dict(row) for row in groups]), "the groups"


def _same_columns(rows: Iterable[dict[str, Any]]) -> list[Mapping[str, Any]]:
    """Rows given by hand with every column of any of them (absent ones blank)."""
    rows = list(rows)
    columns = list(dict.fromkeys(c for row in rows for c in row))
    return [{c: row.get(c) for c in columns} for row in rows]


def _csv_rows(path: Path) -> list[Mapping[str, Any]]:
    """The rows of a groups CSV (comma, semicolon or tab separated; a BOM is allowed)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise MissingGroups(
            f"cannot read the groups {path} ({reason}): give a UTF-8 CSV with a key column "
            "and one column per category"
        ) from exc
    header = text.splitlines()[0] if text.strip() else ""
    try:
        dialect: Any = csv.Sniffer().sniff(header, delimiters=",;\t") if header else "excel"
    except csv.Error:
        dialect = "excel"
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if reader.fieldnames:
        reader.fieldnames = [name.strip() for name in reader.fieldnames]
    return list(reader)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _label(value: Any) -> str:
    """A label as given, or :data:`UNKNOWN` for a blank one or one that says unknown."""
    text = _text(value)
    return UNKNOWN if not text or text.casefold() == UNKNOWN.casefold() else text


def _unique_names(groups: Mapping[str, Labels]) -> dict[str, str]:
    """File name -> key, for the keys whose file name no other key shares."""
    counts = Counter(os.path.basename(name) for name in groups)
    return {os.path.basename(n): n for n in groups if counts[os.path.basename(n)] == 1}
