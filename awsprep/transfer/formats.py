"""The export formats (`awsprep export --format NAME`): what each writes and where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from awsprep.errors import UserError
from awsprep.transfer.items import ExportItem, check_target


@dataclass(frozen=True)
class Format:
    module: str  # awsprep.transfer.<module>
    function: str
    suffixes: tuple[str, ...]  # the file name's ending; () for a folder
    what: str


FORMATS = {
    "anki": Format("anki", "write", (".apkg",), "an Anki package for Anki and AnkiDroid"),
    "anki-csv": Format("csv_export", "write_anki", (".csv", ".txt"), "a text file for Anki's File > Import"),
    "csv": Format("csv_export", "write", (".csv",), "a spreadsheet"),
    "markdown": Format("markdown", "write", (), "a folder of Markdown files, one per topic"),
}


def check(name: str, out: Path | None, force: bool) -> Format:
    """The format called `name`, once `out` suits it (UserError says why not)."""
    chosen = FORMATS.get(name)
    if chosen is None:
        raise UserError(f"unknown format {name!r}: use {', '.join(FORMATS)}")
    if out is None:
        raise UserError(f"--format {name} needs --out {'FILE' if chosen.suffixes else 'DIR'}")
    if not chosen.suffixes:
        from awsprep.transfer import markdown

        markdown.check_folder(out, force)
    elif out.suffix.lower() not in chosen.suffixes:
        raise UserError(f"{out}: a {name} export should end in {' or '.join(chosen.suffixes)}")
    else:
        check_target(out, force)
    return chosen


def write(chosen: Format, items: list[ExportItem], out: Path) -> int:
    from importlib import import_module

    return getattr(import_module(f"awsprep.transfer.{chosen.module}"), chosen.function)(items, out)
