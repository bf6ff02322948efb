"""`awsprep content ...`: check the corpus and show its coverage of the exam."""

from __future__ import annotations

from pathlib import Path

import typer

from awsprep.cli.common import content_dirs, group

app = group("Validate study content and show its coverage of the exam.")


@app.command(epilog="Examples: awsprep content check | awsprep content check ~/my-awsprep-notes")
def check(
    ctx: typer.Context,
    folders: list[Path] = typer.Argument(None, help="Extra content folders (with topics/ and questions/) to check."),
) -> None:
    """Validate every content file (built-in and yours) and print coverage against the exam weights."""
    from rich.console import Console

    from awsprep.content.load import load_all
    from awsprep.ui.content_view import show_check

    corpus = load_all([*content_dirs(ctx), *(folders or [])], use_cache=False)
    show_check(corpus, Console(), Console(stderr=True))
    if corpus.errors:
        raise typer.Exit(1)
