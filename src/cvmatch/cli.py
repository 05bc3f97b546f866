"""The ``cvmatch`` command: a thin layer that calls the public API and prints its results.

JSON Lines output is ``model_dump(mode="json")`` of the library's result models, one
line per input document in input order (failed ones too). Exit status: 0 when every
document was read, 1 when at least one failed, 2 for a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence

import click
from pydantic import BaseModel

from cvmatch.api import extract_many, rank, score_many
from cvmatch.errors import CvmatchError
from cvmatch.explain import match_markdown, salary_text, score_markdown
from cvmatch.models import ExtractResult, MatchResult, ScoreResult
from cvmatch.paths import expand_paths
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__all__ = ["cli", "main"]

FORMATS = ["table", "jsonl", "json", "markdown", "csv"]


def _load_taxonomy(path: str | None) -> Taxonomy | None:
    if path is None:
        return None
    try:
        return load_taxonomy(path)
    except CvmatchError as exc:
        raise click.UsageError(str(exc)) from exc


def _emit_json(results: Iterable[BaseModel], fmt: str) -> bool:
    ok = True
    items = []
    for result in results:
        ok &= bool(getattr(result, "ok", True))
        data = result.model_dump(mode="json")
        if fmt == "jsonl":
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            items.append(data)
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    return ok


def _finish(ok: bool) -> None:
    sys.exit(0 if ok else 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cvmatch")
def cli() -> None:
    """Find customer-service skills in resumes and postings and score role fit."""


_kind = click.option("--kind", type=click.Choice(["resume", "posting"]), default=None,
                     help="Treat every input as this kind (default: detect).")
_taxonomy = click.option("--taxonomy", "taxonomy_path", type=click.Path(exists=True), default=None,
                         help="A taxonomy file or folder that extends the shipped one.")
_paths = click.argument("paths", nargs=-1, required=True)


@cli.command()
@_paths
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table",
              show_default=True)
@_kind
@_taxonomy
def extract(paths: Sequence[str], fmt: str, kind: str | None, taxonomy_path: str | None) -> None:
    """List the skills found in each document, with evidence."""
    taxonomy = _load_taxonomy(taxonomy_path)
    results = extract_many(expand_paths(paths), kind=kind, taxonomy=taxonomy)  # type: ignore[arg-type]
    if fmt in ("jsonl", "json"):
        _finish(_emit_json(results, fmt))
    ok = True
    for result in results:
        ok &= result.ok
        _print_extract(result)
    _finish(ok)


def _print_extract(result: ExtractResult) -> None:
    if not result.ok:
        click.echo(f"{result.source}: FAILED {result.error.type}: {result.error.message}")  # type: ignore[union-attr]
        return
    click.echo(f"{result.source} ({result.kind}): {len(result.skills)} skills")
    for skill in result.skills:
        quotes = "; ".join(f"“{e.text}”" for e in skill.evidence[:3])
        more = f" +{len(skill.evidence) - 3} more" if len(skill.evidence) > 3 else ""
        attrs = "".join(f" [{k}: {', '.join(v)}]" for k, v in skill.attributes.items())
        flag = "" if skill.required is None else (" (required)" if skill.required else " (preferred)")
        click.echo(f"  {skill.id:<30} {quotes}{more}{attrs}{flag}")
    click.echo("")


@cli.command()
@_paths
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--role", "roles", multiple=True, help="Only these role ids (repeatable).")
@click.option("--top", type=int, default=None, help="Show only the best N roles in table/markdown.")
@_kind
@_taxonomy
def score(paths: Sequence[str], fmt: str, roles: Sequence[str], top: int | None,
          kind: str | None, taxonomy_path: str | None) -> None:
    """Score each document against the customer-service roles, best first."""
    taxonomy = _load_taxonomy(taxonomy_path)
    tax = taxonomy or load_taxonomy()
    for role_id in roles:
        if role_id not in tax.roles:
            raise click.BadParameter(
                f"unknown role {role_id!r}; choose from {', '.join(sorted(tax.roles))}",
                param_hint="--role")
    results = score_many(expand_paths(paths), kind=kind, roles=roles or None,  # type: ignore[arg-type]
                         taxonomy=taxonomy)
    if fmt in ("jsonl", "json"):
        _finish(_emit_json(results, fmt))
    if fmt == "csv":
        _finish(_score_csv(results))
    ok = True
    for result in results:
        ok &= result.ok
        if fmt == "markdown":
            click.echo(score_markdown(result, top=top) + "\n")
        else:
            _print_score(result, top)
    _finish(ok)


def _print_score(result: ScoreResult, top: int | None) -> None:
    if not result.ok:
        click.echo(f"{result.source}: FAILED {result.error.type}: {result.error.message}")  # type: ignore[union-attr]
        return
    years = f", {result.years_experience:g} years" if result.years_experience is not None else ""
    click.echo(f"{result.source} ({result.kind}{years})")
    for fit in result.roles[:top] if top else result.roles:
        missing = ", ".join(m.id for m in fit.missing[:3]) or "-"
        click.echo(f"  {fit.score:5.1f}  {fit.title:<36} missing: {missing}")
    if result.roles:
        best = result.roles[0]
        click.echo(f"  best fit: {best.title} — {best.summary}")
        click.echo(f"  salary: {salary_text(best)}")
    click.echo("")


def _score_csv(results: Iterable[ScoreResult]) -> bool:
    import csv

    writer = csv.writer(sys.stdout)
    writer.writerow(["source", "ok", "kind", "best_role", "best_score", "role", "score",
                     "matched", "missing", "error"])
    ok = True
    for result in results:
        ok &= result.ok
        if not result.ok:
            writer.writerow([result.source, False, "", "", "", "", "", "", "",
                             result.error.message if result.error else ""])
            continue
        best = result.roles[0] if result.roles else None
        for fit in result.roles:
            writer.writerow([result.source, True, result.kind, best.id if best else "",
                             best.score if best else "", fit.id, fit.score,
                             " ".join(m.id for m in fit.matched), " ".join(m.id for m in fit.missing),
                             ""])
    return ok


@cli.command(name="match")
@click.option("--posting", required=True, type=str, help="The job posting to match against.")
@_paths
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@_taxonomy
def match_command(posting: str, paths: Sequence[str], fmt: str, taxonomy_path: str | None) -> None:
    """Score resumes against one posting: one line per resume, in the order given."""
    taxonomy = _load_taxonomy(taxonomy_path)
    inputs = list(expand_paths(paths))
    try:
        ranked = rank(posting, inputs, taxonomy=taxonomy)
    except CvmatchError as exc:
        raise click.UsageError(f"cannot read the posting: {exc}") from exc
    by_source: dict[str, list[MatchResult]] = {}
    for result in ranked:
        by_source.setdefault(result.source, []).append(result)
    in_order = [by_source[name].pop(0) for name in inputs]
    if fmt in ("jsonl", "json"):
        _finish(_emit_json(in_order, fmt))
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(["rank", "source", "ok", "score", "matched", "missing", "error"])
        for result in ranked:
            writer.writerow([result.rank or "", result.source, result.ok, result.score or "",
                             " ".join(m.id for m in result.matched),
                             " ".join(m.id for m in result.missing),
                             result.error.message if result.error else ""])
        _finish(all(r.ok for r in ranked))
    for result in ranked:
        if fmt == "markdown":
            click.echo(match_markdown(result) + "\n")
        elif result.ok:
            missing = ", ".join(m.id for m in result.missing if m.required)[:80] or "-"
            click.echo(f"{result.rank:>3}. {result.score:5.1f}  {result.source}  missing: {missing}")
        else:
            click.echo(f"  -  FAILED  {result.source}: {result.error.message}")  # type: ignore[union-attr]
    _finish(all(r.ok for r in ranked))


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="cvmatch")


if __name__ == "__main__":  # pragma: no cover
    main()
