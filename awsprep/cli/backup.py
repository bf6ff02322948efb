"""`awsprep backup ...`: list the database backups and restore one."""

from __future__ import annotations

from pathlib import Path

import typer

from awsprep.cli.common import group

app = group("List the daily database backups (the last 7 are kept) and restore one.")


@app.command("list", epilog="Example: awsprep backup list")
def list_() -> None:
    """Every backup, newest first: taken each day on the first run, before a migration and before a restore."""
    from awsprep import paths
    from awsprep.store import backups

    found = backups.listing(paths.database())
    if not found:
        typer.echo("no backups yet: one is taken on the first run of each day once you have studied")
        return
    for backup in found:
        answers = "unreadable" if backup.answers is None else f"{backup.answers} answers"
        typer.echo(f"{backup.path}  {backup.taken:%Y-%m-%d %H:%M}  {backup.size / 1024:,.0f} KB  {answers}")


@app.command("restore", epilog="Example: awsprep backup restore ~/.local/share/awsprep/backups/awsprep-2026-03-01.db")
def restore(file: Path = typer.Argument(..., help="A backup from `awsprep backup list`.", metavar="FILE")) -> None:
    """Replace your data with a backup; the current file is backed up first (restore that to undo)."""
    from awsprep import paths
    from awsprep.store import db

    before = db.restore(paths.database(), file)
    typer.echo(f"restored {file}; your data as it was is in {before}")
