"""Decision records of single documents, read back, and replayed.

``score_resume(..., record=...)`` and ``match(..., record=...)`` append one
:class:`~cvmatch.models.DecisionRecord` per call (a document that raises gets a record
of its error type, then the error is raised); batches and the command line do the same
through :mod:`cvmatch.batch.records`. :func:`read_records` reads a record file back and
:func:`replay` scores a document again from its record, after checking that the file,
the posting and the taxonomy are the ones the record names.

Examples
--------
>>> import cvmatch
>>> cvmatch.score_resume("jane.pdf", record="decisions.jsonl")  # doctest: +SKIP
>>> record = next(cvmatch.records.read_records("decisions.jsonl"))  # doctest: +SKIP
>>> cvmatch.replay(record, "jane.pdf").best.score  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from cvmatch.api import PreparedPosting, match, read_posting, score_document
from cvmatch.batch.job import source_name
from cvmatch.batch.records import (
    RecordContext,
    RecordTarget,
    RecordWriter,
    input_digest,
    text_sha256,
    writer_for,
)
from cvmatch.errors import CvmatchError, InvalidInput, RecordMismatch
from cvmatch.models import DecisionRecord, Document, MatchResult, ScoreResult
from cvmatch.reading import DocumentInput
from cvmatch.reading.sources import is_path_string
from cvmatch.taxonomy import Taxonomy, TaxonomyArgument, resolve_taxonomy

__all__ = [
    "DecisionRecord",
    "RecordMismatch",
    "RecordWriter",
    "read_records",
    "recorded_match",
    "recorded_score",
    "replay",
]


def _name(source: object) -> str:
    """What a message calls an input: its path, or ``<text>`` (never a text's words)."""
    if isinstance(source, str) and not is_path_string(source):
        return "<text>"
    return source_name(source)


def _append(target: RecordTarget, record: DecisionRecord) -> None:
    writer, owned = writer_for(target)
    try:
        writer.write(record)
    finally:
        if owned:
            writer.close()


class _Recording:
    """One document's record: hashed before it is read (a stream is read to its end by
    scoring), written once the result, or the error, is known."""

    def __init__(self, target: RecordTarget, context: RecordContext, source: object) -> None:
        if not isinstance(target, RecordWriter):  # a path that cannot be written fails now
            writer_for(target)[0].close()
        self.target = target
        self.context = context
        self.name = _name(source)
        self.digest = input_digest(source)

    def run(self, score: Any) -> Any:
        """``score()``'s result, recorded; a ``CvmatchError`` is recorded, then raised."""
        try:
            result = score()
        except CvmatchError as exc:
            _append(self.target, self.context.failure(type(exc).__name__, self.digest))
            raise
        _append(self.target, self.context.record(result, self.digest, self.name))
        return result


def recorded_score(
    target: RecordTarget,
    resume: Document | DocumentInput,
    *,
    roles: Sequence[str] | None = None,
    taxonomy: TaxonomyArgument = None,
    blind: bool = False,
) -> ScoreResult:
    """:func:`cvmatch.score_resume` with its decision record appended to ``target``."""
    tax = resolve_taxonomy(taxonomy)
    context = RecordContext.of("score", tax, blind=blind, roles=roles)
    return _Recording(target, context, resume).run(  # type: ignore[no-any-return]
        lambda: score_document(resume, kind="resume", roles=roles, taxonomy=tax, blind=blind)
    )


def recorded_match(
    target: RecordTarget,
    resume: Document | DocumentInput,
    posting: Document | PreparedPosting | DocumentInput,
    *,
    taxonomy: TaxonomyArgument = None,
    similarity: bool = True,
    blind: bool = False,
) -> MatchResult:
    """:func:`cvmatch.match` with its decision record appended to ``target`` (the posting
    is read first: a posting that cannot be read raises, unrecorded)."""
    tax = resolve_taxonomy(taxonomy)
    prepared = posting if isinstance(posting, tuple) else read_posting(posting, taxonomy=tax)
    context = RecordContext.of("match", tax, blind=blind, posting=prepared)
    return _Recording(target, context, resume).run(  # type: ignore[no-any-return]
        lambda: match(resume, prepared, taxonomy=tax, similarity=similarity, blind=blind)
    )


# --- reading back ----------------------------------------------------------------------------
def read_records(path: str | os.PathLike[str]) -> Iterator[DecisionRecord]:
    """The records of a record file, in the order written (blank lines skipped); a line
    that is no record raises ``InvalidInput`` naming the file and the line."""
    name = os.fspath(path)
    try:
        handle = open(name, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot open the record file ({exc.strerror or exc})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield DecisionRecord.model_validate_json(line)
            except ValidationError as exc:
                raise InvalidInput(
                    f"{name}, line {number}: not a cvmatch decision record "
                    f"({exc.error_count()} problem(s), first: {exc.errors()[0]['msg']})"
                ) from exc


def _as_record(record: DecisionRecord | Mapping[str, Any] | str) -> DecisionRecord:
    if isinstance(record, DecisionRecord):
        return record
    try:
        if isinstance(record, str):
            return DecisionRecord.model_validate_json(record)
        return DecisionRecord.model_validate(record)
    except ValidationError as exc:
        raise InvalidInput(f"not a cvmatch decision record: {exc.errors()[0]['msg']}") from exc


def _differences(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted keys whose values differ between two nested mappings."""
    keys: Iterable[str] = sorted(set(old) | set(new))
    found: list[str] = []
    for key in keys:
        a, b = old.get(key), new.get(key)
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            found += _differences(a, b, f"{prefix}{key}.")
        elif a != b:
            found.append(f"{prefix}{key}")
    return found


def _check_taxonomy(record: DecisionRecord, taxonomy: Taxonomy, name: str) -> None:
    changed = _differences(record.weights, taxonomy.weights.model_dump(mode="json"))
    if changed:
        raise RecordMismatch(
            f"{name}: the weights in force differ from the record's ({', '.join(changed[:5])}"
            f"{', ...' if len(changed) > 5 else ''}); replay with the taxonomy the record "
            "was made with (taxonomy=...)"
        )
    if taxonomy.content_hash != record.taxonomy_hash:
        raise RecordMismatch(
            f"{name}: the taxonomy in force (hash {taxonomy.content_hash[:12]}) is not the "
            f"record's ({record.taxonomy_hash[:12]}); replay with the taxonomy the record "
            "was made with (taxonomy=...)"
        )


def _check_input(record: DecisionRecord, source: object, name: str) -> None:
    digest, _ = input_digest(source)
    if record.input_sha256 is None:
        raise RecordMismatch(f"{name}: the record holds no hash of its input, so nothing to check")
    if digest != record.input_sha256:
        shown = digest[:12] if digest else "none: it cannot be read"
        raise RecordMismatch(
            f"{name}: its SHA-256 ({shown}) is not the record's ({record.input_sha256[:12]}): "
            "it is not the file that was scored, or it changed since; give that file"
        )


def _replay_match(
    record: DecisionRecord, source: Any, posting: Any, taxonomy: Taxonomy, name: str
) -> MatchResult:
    if posting is None:
        raise InvalidInput(f"{name}: the record is of a match; give the posting (posting=...)")
    prepared = posting if isinstance(posting, tuple) else read_posting(posting, taxonomy=taxonomy)
    if text_sha256(prepared[0].text) != record.posting_sha256:
        raise RecordMismatch(
            f"{name}: the posting {source_name(prepared[0])} is not the one the record was "
            "scored against (its text's hash differs); give that posting"
        )
    similarity = any(line.kind == "similarity" for line in record.lines)
    return match(source, prepared, taxonomy=taxonomy, similarity=similarity, blind=record.blind)


def replay(
    record: DecisionRecord | Mapping[str, Any] | str,
    source: Document | DocumentInput,
    *,
    posting: Document | PreparedPosting | DocumentInput | None = None,
    taxonomy: TaxonomyArgument = None,
) -> ScoreResult | MatchResult:
    """Score ``source`` again as its ``record`` says (the same job, roles, blind mode and
    posting), after checking that it is the same file (or text) and that the taxonomy's
    weights and hash are the record's; ``RecordMismatch`` (naming the file) otherwise.

    ``record`` is a :class:`DecisionRecord`, its dict or its JSON line; ``posting`` is
    needed for a ``match`` record. The same cvmatch version gives the same score.
    """
    record = _as_record(record)
    name = _name(source)
    if not record.ok:
        raise InvalidInput(
            f"{name}: the record is of a document that failed ({record.error_type}); there "
            "is no score to reproduce"
        )
    tax = resolve_taxonomy(taxonomy)
    _check_taxonomy(record, tax, name)
    _check_input(record, source, name)
    if record.job == "match":
        return _replay_match(record, source, posting, tax, name)
    roles = record.roles or None
    return score_document(source, kind=record.kind, roles=roles, taxonomy=tax, blind=record.blind)
