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
        argv = kwargs.get("args", args[0] if args else None)
        for arg in sys.argv[1:] if argv is None else argv:
            if isinstance(arg, str) and _not_utf8(arg):
                _fail(f"an argument is not UTF-8 text: {arg.encode('utf-8', 'replace')[:60].decode()!r}", 2)
        try:
            code = super().main(*args, **kwargs)
        except click.ClickException as error:
            _fail(error.format_message(), error.exit_code)
        except (CalcError, UserError) as error:
            _fail(str(error), 1)
        except (click.Abort, KeyboardInterrupt):
            print("awsprep: interrupted", file=sys.stderr)
            sys.exit(130)
        except OSError as error:  # a file that cannot be read or written: a full disk, a read-only folder
            where = f"{str(error.filename)[:100]}: " if error.filename else ""
            _fail(f"{where}{error.strerror or error}", 1)
        except UnicodeDecodeError as error:
            _fail(f"the input is not UTF-8 text ({error.reason})", 1)
        except Exception as error:
            from awsprep.store.db import explain

            message = explain(error)  # a database fault outside a store session
            if message is None:
                raise
            _fail(message, 1)
        sys.exit(code if isinstance(code, int) else 0)


def _not_utf8(text: str) -> bool:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which nothing can print or store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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
    suggest_commands=False,  # click already suggests ("Did you mean 'drill'?"); typer would add it again
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from awsprep import __version__

        typer.echo(f"awsprep {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    content: list[Path] = typer.Option(None, "--content", help="Your own content folder (also AWSPREP_CONTENT).", metavar="DIR"),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version, help="Print the version and exit."),
) -> None:
    """Study for the AWS Certified Developer - Associate exam (DVA-C02) in your terminal."""
    ctx.obj = {"content": content or []}
    show_help_if_bare(ctx)


def _register() -> None:
    from awsprep.cli import backup, calc, content, plan, study, transfer

    study.register(app)
    plan.register(app)
    app.add_typer(calc.app, name="calc")
    app.add_typer(content.app, name="content")
    transfer.register(app)
    app.add_typer(backup.app, name="backup")


_register()


def main() -> None:
    """Console-script entry point."""
    app()
