"""`awsprep import` and `awsprep export`: notes in as draft cards, decks and review history out and in."""

from __future__ import annotations

from pathlib import Path

import typer

from awsprep.cli.common import content_dirs

FORMATS = ("anki", "csv")
SKIP_EXAMPLES = 3


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        epilog="Examples: awsprep import notes.md --out ~/awsprep-notes | awsprep import --progress laptop.json",
    )(import_)
    app.command(
        "export",
        epilog="Examples: awsprep export --format anki --out dva.apkg | awsprep export --format csv --out dva.csv | "
               "awsprep export --progress laptop.json",
    )(export)


def import_(
    ctx: typer.Context,
    notes: list[Path] = typer.Argument(None, metavar="[NOTES]...", help="Notes files: Markdown, plain text, blog posts."),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="DIR",
                                    help="Content folder for the drafts (default: your --content or AWSPREP_CONTENT folder)."),
    force: bool = typer.Option(False, "--force", help="Rewrite draft files, replacing cards with the same id (your edits to them are lost)."),
    progress: Path | None = typer.Option(None, "--progress", metavar="FILE", help="Merge a review history made by `awsprep export --progress`."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every skipped line, not just a few per reason."),
) -> None:
    """Turn study notes into draft cards (YAML, marked `draft: true`), or merge a review history.

    Each draft records the notes file and line it came from. Importing the same notes again adds nothing; files are never overwritten without --force.
    """
    from awsprep.errors import UserError

    if progress is not None:
        if notes or out is not None:
            raise UserError("--progress imports a review history; give it alone, without notes or --out")
        _import_progress(progress)
        return
    if not notes:
        raise UserError("give notes files to import (or --progress FILE); see `awsprep import --help`")
    from awsprep.transfer import drafts as writer
    from awsprep.transfer.notes import draft_notes

    folder = _out_folder(ctx, out)
    made = draft_notes(notes)
    for result in made.files:
        typer.echo(f"{result.path}: {_count(len(result.cards), 'card')}, {_count(len(result.questions), 'question')}"
                   f" ({result.shape}); {_count(len(result.skipped), 'line')} skipped")
    _show_skipped(made, verbose)
    report = writer.write(made, folder, force=force)
    for outcome in report.files:
        detail = {
            "created": f"created ({_count(outcome.written, 'draft')})",
            "added": f"added {_count(outcome.written, 'draft')}",
            "rewritten": f"rewritten ({_count(outcome.written, 'draft')} from these notes)",
            "unchanged": "unchanged",
            "held": f"not changed: {outcome.reason}; {_count(outcome.held, 'new draft')} held back",
        }[outcome.status]
        typer.echo(f"  {folder / outcome.path}: {detail}")
    typer.echo(f"{_count(report.written, 'draft')} written to {folder}; {report.already} already there.")
    _check(folder, [outcome.path for outcome in report.files if outcome.status != "held"])
    if report.held:
        raise UserError(f"{_count(report.held, 'new draft')} not written because the file exists; use --force to rewrite it")
    if report.written:
        typer.echo(f"Review them (`awsprep --content {folder} content check`), then delete `draft: true` to drill them.")


def export(
    ctx: typer.Context,
    format: str | None = typer.Option(None, "--format", "-f", help="anki (.apkg for Anki and AnkiDroid) or csv."),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="FILE", help="The file to write."),
    progress: Path | None = typer.Option(None, "--progress", metavar="FILE", help="Write your review history as JSON instead."),
    topic: list[str] = typer.Option(None, "--topic", "-t", help="Only this topic (repeatable)."),
    domain: list[int] = typer.Option(None, "--domain", "-d", help="Only this exam domain 1-4 (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Export reviewed cards and questions as an Anki deck or CSV, or your review history as JSON."""
    from awsprep.errors import UserError
    from awsprep.transfer.items import check_target

    if progress is not None:
        if format is not None or out is not None or topic or domain:
            raise UserError("--progress exports the whole review history; give it alone, without --format, --out or filters")
        check_target(progress, force)
        from awsprep.store.db import open_store
        from awsprep.transfer import progress as history

        counts = history.export(open_store(), progress)
        typer.echo(f"{progress}: {_count(counts.reviews, 'review')} and {_count(counts.states, 'card state')} exported.")
        return
    if format is None:
        raise UserError("say what to export: --format anki or --format csv (with --out FILE), or --progress FILE")
    if format not in FORMATS:
        raise UserError(f"unknown format {format!r}: use anki or csv")
    if out is None:
        raise UserError(f"--format {format} needs --out FILE")
    suffix = ".apkg" if format == "anki" else ".csv"
    if out.suffix.lower() != suffix:
        raise UserError(f"{out}: a {format} export should end in {suffix}")
    check_target(out, force)
    from awsprep.content.load import load_all
    from awsprep.transfer.items import select

    items = select(load_all(content_dirs(ctx)), topic, domain)
    if format == "anki":
        from awsprep.transfer import anki as target
    else:
        from awsprep.transfer import csv_export as target
    target.write(items, out)
    facts = sum(1 for item in items if item.kind == "fact")
    typer.echo(f"{out}: {_count(facts, 'fact card')} and {_count(len(items) - facts, 'question')} exported.")


def _import_progress(path: Path) -> None:
    from awsprep.store.db import open_store
    from awsprep.transfer import progress as history

    counts = history.import_(open_store(), path)
    typer.echo(f"{path}: {_count(counts.reviews_added, 'review')} added, {counts.reviews_present} already here; "
               f"card states: {counts.states_added} added, {counts.states_updated} updated, "
               f"{counts.states_kept} kept (the local one was as recent).")


def _out_folder(ctx: typer.Context, out: Path | None) -> Path:
    from awsprep import paths
    from awsprep.errors import UserError

    if out is not None:
        return out
    folders = paths.user_content(content_dirs(ctx))
    if not folders:
        raise UserError("where should the drafts go? give --out DIR (your content folder), or set --content or AWSPREP_CONTENT")
    return folders[-1] if content_dirs(ctx) else folders[0]


def _show_skipped(made, verbose: bool) -> None:
    by_reason: dict[str, list[str]] = {}
    for result in made.files:
        for skip in result.skipped:
            reason = skip.reason.split(" (")[0] if skip.reason.startswith(("code block", "page footer")) else skip.reason
            reason = "duplicate" if reason.startswith("duplicate of") else reason
            text = f" {skip.text[:70]!r}" if skip.text else ""
            detail = skip.reason[len(reason):] if reason != skip.reason else ""
            by_reason.setdefault(reason, []).append(f"{result.path}:{skip.line}{text}{detail}")
    if not by_reason:
        return
    typer.echo("Skipped:")
    for reason, places in sorted(by_reason.items(), key=lambda pair: -len(pair[1])):
        typer.echo(f"  {reason}: {len(places)}")
        shown = places if verbose else places[:SKIP_EXAMPLES]
        for place in shown:
            typer.echo(f"    {place}")
        if len(places) > len(shown):
            typer.echo(f"    ... {len(places) - len(shown)} more (--verbose lists them all)")


def _check(folder: Path, written: list[str]) -> None:
    """The files just written must pass the content check (beside the built-in corpus); a problem
    here comes from a hand edit in an appended file, and is reported as an error."""
    from awsprep import paths
    from awsprep.content.load import load
    from awsprep.errors import UserError

    if not written:
        return
    names = set()
    for name in written:
        path = (folder / name).resolve()
        names.add(str(path))
        try:
            names.add(str(path.relative_to(Path.cwd())))
        except ValueError:
            pass
    corpus = load([paths.builtin_content(), folder])
    errors = [error for error in corpus.errors if error.split(":", 1)[0] in names]
    if errors:
        raise UserError(f"{folder} does not pass the content check ({len(errors)} problem(s)); first: {errors[0]}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
