"""The `awsprep` command: a thin typer layer that parses, calls the library and prints.

Every sub-module adds one command group; heavy libraries are imported inside the commands
so that `awsprep --help` and `awsprep calc ...` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import typer
from typer.core import TyperGroup

from awsprep.calc.result import CalcError
from awsprep.cli.common import show_help_if_bare
from awsprep.errors import UserError


class OneLineErrors(TyperGroup):
    """Usage and input errors print one line on stderr with a non-zero exit, never a traceback."""

    def main(self, *args, **kwargs):  # noqa: D102 - click entry point
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.ClickException as error:
            _fail(error.format_message(), error.exit_code)
        except (CalcError, UserError) as error:
            _fail(str(error), 1)
        except (click.Abort, KeyboardInterrupt):
            print("awsprep: interrupted", file=sys.stderr)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> None:
    first = " ".join(message.split())
    print(f"awsprep: error: {first}", file=sys.stderr)
    sys.exit(code)


app = typer.Typer(
    cls=OneLineErrors,
    help="Study for the AWS Certified Developer - Associate exam (DVA-C02) in your terminal.",
    epilog="Start with `awsprep drill`; `awsprep calc --help` lists the exam calculators.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    content: list[Path] = typer.Option(None, "--content", help="Your own content folder (also AWSPREP_CONTENT).", metavar="DIR"),
) -> None:
    """Study for the AWS Certified Developer - Associate exam (DVA-C02) in your terminal."""
    ctx.obj = {"content": content or []}
    show_help_if_bare(ctx)


def _register() -> None:
    from awsprep.cli import calc, content, study, transfer

    study.register(app)
    app.add_typer(calc.app, name="calc")
    app.add_typer(content.app, name="content")
    transfer.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
