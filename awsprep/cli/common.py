"""Pieces every command group shares."""

from __future__ import annotations

import typer


def group(help: str) -> typer.Typer:
    """A command group that prints its help when called bare."""
    sub = typer.Typer(help=help, invoke_without_command=True, suggest_commands=False)  # click suggests already
    sub.callback()(show_help_if_bare)
    return sub


def show_help_if_bare(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def content_dirs(ctx: typer.Context) -> list:
    """The --content folders given to the root command."""
    root = ctx.find_root()
    return list((root.obj or {}).get("content", []))


def corpus(ctx: typer.Context):
    """The content to study (built-in and the learner's); problems in it are reported, not fatal."""
    from awsprep.content.load import load_all

    loaded = load_all(content_dirs(ctx))
    if loaded.errors:
        typer.echo(f"awsprep: warning: {len(loaded.errors)} content problem(s) skipped "
                   f"(first: {loaded.errors[0]}); run `awsprep content check`", err=True)
    return loaded
