"""Printing a calculator Result: one JSON object, or a Rich panel with the working."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from awsprep.calc.result import Result, fmt

if TYPE_CHECKING:
    from rich.console import Console, Group


def working(result: Result) -> Group:
    """The exam-style explanation: numbered steps, the figures, notes and the doc page."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    steps = Table.grid(padding=(0, 1))  # the number in its own column: a step that wraps stays under its text
    steps.add_column(justify="right", style="bold cyan", no_wrap=True)
    steps.add_column()
    for number, step in enumerate(result.steps, 1):
        steps.add_row(f"{number}.", Text(step))  # as written: no Rich markup
    figures = Table.grid(padding=(0, 2))
    figures.add_column(style="bold")
    figures.add_column(justify="right", style="green")
    for key, value in result.to_dict().items():
        figures.add_row(key, fmt(value))
    parts: list = [steps, Text(), figures]
    for note in result.notes:
        parts.append(Text(f"Note: {note}", style="yellow"))
    if result.ref:
        parts.append(Text(f"Rule: {result.ref}", style="dim"))
    return Group(*parts)


def show(result: Result, as_json: bool, console: Console | None = None) -> None:
    """Print `result` to stdout as JSON (nothing else) or as a panel (rich is loaded only then)."""
    if as_json:
        print(json.dumps(result.to_dict()))
        return
    from rich.console import Console
    from rich.panel import Panel

    (console or Console()).print(Panel(working(result), title=result.title, title_align="left", border_style="cyan"))
