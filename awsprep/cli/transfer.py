"""`awsprep import` and `awsprep export`: notes in as draft cards, decks and review history out and in."""

from __future__ import annotations

from pathlib import Path

import typer

from awsprep.cli.common import content_dirs

SKIP_EXAMPLES = 3


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        epilog="Examples: awsprep import notes.md --out ~/awsprep-notes | awsprep import --check notes.md | "
               "awsprep import --progress laptop.json",
    )(import_)
    app.command(
        "export",
        epilog="Examples: awsprep export --format anki --out dva.apkg | awsprep export --format anki-csv --out dva.csv | "
               "awsprep export --format markdown --out dva-notes | awsprep export --progress laptop.json",
    )(export)


def import_(
    ctx: typer.Context,
    notes: list[Path] = typer.Argument(None, metavar="[NOTES]...", help="Notes files: Markdown, plain text, blog posts."),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="DIR",
                                    help="Content folder for the drafts (default: your --content or AWSPREP_CONTENT folder)."),
    force: bool = typer.Option(False, "--force", help="Rewrite draft files, replacing cards with the same id (your edits to them are lost)."),
    progress: Path | None = typer.Option(None, "--progress", metavar="FILE", help="Merge the progress (settings, reviews, mock exams, flags, fitted parameters) made by `awsprep export --progress`."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every skipped line, not just a few per reason."),
    check: bool = typer.Option(False, "--check", help="Only report the wrong or outdated facts in the notes; write nothing."),
) -> None:
    """Turn study notes into draft cards (YAML, marked `draft: true`), or merge a review history.

    Each draft records the notes file and line it came from. Lines that state something wrong or outdated get a `warning:` with what is true and the card that teaches it; drafts that repeat a built-in card get `same_as:` and are not drilled. Importing the same notes again adds nothing; files are never overwritten without --force.
    """
    from awsprep.errors import UserError

    if progress is not None:
        if notes or out is not None or check:
            raise UserError("--progress imports a review history; give it alone, without notes, --out or --check")
        _import_progress(progress)
        return
    if not notes:
        raise UserError("give notes files to import (or --progress FILE); see `awsprep import --help`")
    if check and (out is not None or force):
        raise UserError("--check only reports on the notes; give it without --out or --force")
    from awsprep.transfer import corrections, links
    from awsprep.transfer import drafts as writer
    from awsprep.transfer.notes import draft_notes

    folder = None if check else _out_folder(ctx, out)
    made = draft_notes(notes)
    corpus = corrections.reference(content_dirs(ctx), use_cache=not check)
    flags = corrections.check(made, corpus)
    if check:
        for flag in flags:
            typer.echo(flag.report())
        typer.echo(f"{_count(len(flags), 'wrong or outdated fact')} in {_count(len(made.files), 'notes file')}.")
        return
    linked = links.link(made, corpus)
    for result in made.files:
        typer.echo(f"{result.path}: {_count(len(result.cards), 'card')}, {_count(len(result.questions), 'question')}"
                   f" ({result.shape}); {_count(len(result.skipped), 'line')} skipped")
    _show_skipped(made, verbose)
    _show_corrections(flags, linked)
    report = writer.write(made, folder, force=force, known=corpus.topics)
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
    format: str | None = typer.Option(None, "--format", "-f",
                                      help="anki (.apkg for Anki and AnkiDroid), anki-csv (for Anki's File > Import), "
                                           "csv (a spreadsheet) or markdown (a folder, one page per topic)."),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="FILE", help="The file to write (a folder for markdown)."),
    progress: Path | None = typer.Option(None, "--progress", metavar="FILE",
                                         help="Write your progress as JSON instead: settings, review history, mock exams, flags, fitted parameters."),
    topic: list[str] = typer.Option(None, "--topic", "-t", help="Only this topic (repeatable)."),
    domain: list[int] = typer.Option(None, "--domain", "-d", help="Only this exam domain 1-4 (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Export reviewed cards and questions for Anki, a spreadsheet or reading, or your whole progress as JSON."""
    from awsprep.errors import UserError
    from awsprep.transfer.items import check_target

    if progress is not None:
        if format is not None or out is not None or topic or domain:
            raise UserError("--progress exports your whole progress; give it alone, without --format, --out or filters")
        check_target(progress, force)
        from awsprep.store.db import open_store
        from awsprep.transfer import progress as history

        counts = history.export(open_store(read_only=True), progress)
        typer.echo(f"{progress}: {_count(counts.reviews, 'review')}, {_count(counts.states, 'card state')}, "
                   f"{_count(counts.settings, 'setting')}, {_count(counts.exams, 'mock exam')}, "
                   f"{_count(counts.flags, 'flag')} and {_count(counts.fits, 'parameter fit')} exported.")
        if counts.settings_left_out:
            typer.echo(f"awsprep: warning: left out {_count(len(counts.settings_left_out), 'stored setting')} that no import "
                       f"would take ({', '.join(map(repr, counts.settings_left_out))[:200]}); set them again with "
                       "`awsprep config set`", err=True)
        return
    from awsprep.transfer import formats

    if format is None:
        raise UserError(f"say what to export: --format {'|'.join(formats.FORMATS)} with --out, or --progress FILE")
    from awsprep.content.load import load_all
    from awsprep.transfer.items import select

    chosen = formats.check(format, out, force)
    items = select(load_all(content_dirs(ctx)), topic, domain)
    formats.write(chosen, items, out)
    facts = sum(1 for item in items if item.kind == "fact")
    typer.echo(f"{out}: {_count(facts, 'fact card')} and {_count(len(items) - facts, 'question')} exported.")


def _import_progress(path: Path) -> None:
    from awsprep.store.db import open_store
    from awsprep.transfer import progress as history

    counts = history.import_(open_store(), path)
    typer.echo(f"{path}: merged.")
    typer.echo(f"  reviews: {counts.reviews.added} added, {counts.reviews.kept} already here")
    for name, tally, kept in (("card states", counts.states, " (the local one was as recent)"), ("mock exams", counts.exams, ""),
                              ("flags", counts.flags, "")):
        typer.echo(f"  {name}: {tally.added} added, {tally.updated} updated, {tally.kept} kept{kept if tally.kept else ''}")
    typer.echo(f"  settings: {counts.settings.added} added, {counts.settings.kept} already set here")
    typer.echo(f"  parameter fits: {counts.fits.added} added, {counts.fits.kept} already here")
    if counts.settings_differ:
        typer.echo(f"Kept this machine's {', '.join(counts.settings_differ)}: the file has another value "
                   "(`awsprep config set` changes it).")
    if counts.settings_unknown:
        typer.echo(f"Left out settings this awsprep does not know: {', '.join(counts.settings_unknown)}.")


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


def _show_corrections(flags, linked) -> None:
    """The wrong facts (file:line, what is true, the card) and the drafts that repeat a built-in card."""
    if flags:
        typer.echo(f"Wrong or outdated ({_count(len(flags), 'line')}; each draft says so in `warning:`):")
        for flag in flags:
            typer.echo(f"  {flag.summary()}")
    if linked:
        typer.echo(f"Already taught by a built-in card ({_count(len(linked), 'draft')} marked same_as, not drilled):")
        for link in linked:
            typer.echo(f"  {link.source} -> {link.card}")


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
