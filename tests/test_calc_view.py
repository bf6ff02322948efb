"""The calculator's working in a narrow terminal: a step that wraps keeps a hanging indent."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console

from awsprep.calc.dynamodb import rcu
from awsprep.calc.parse import parse_size
from awsprep.calc.result import Result
from awsprep.ui.calc_view import show


def _panel_lines(result) -> list[str]:
    """The panel's inside, line by line, as a 50-column terminal shows it."""
    console = Console(width=50, record=True, color_system=None)
    show(result, as_json=False, console=console)
    return [line[2:-2].rstrip() for line in console.export_text().splitlines()[1:-1]]


def test_a_wrapped_step_lines_up_under_its_text_not_its_number():
    lines = _panel_lines(rcu(parse_size("6.5KB"), Fraction(10), "eventual"))

    steps = [index for index, line in enumerate(lines) if line[:1].isdigit()]
    assert [lines[index][:3] for index in steps] == ["1. ", "2. ", "3. "], lines
    wrapped = lines[steps[0] + 1:steps[1]]
    assert wrapped, lines  # step 1 does not fit on one line at this width
    assert all(line.startswith("   ") and line[3] != " " for line in wrapped), lines  # under "Item", not under "1."
    text = " ".join(part.strip() for part in lines[steps[0]:steps[1]])
    assert text == "1. Item size 6.5 KB rounds up to the next 4 KB: 2 x 4 KB = 8 KB -> 2 read unit(s) per strongly consistent read"
    assert lines[steps[2] + 1] == "", lines  # a blank line before the figures, as before


def test_steps_print_as_written_with_ten_or_more_numbers_aligned():
    steps = [f"step [bold]{n}[/bold] of [x]" for n in range(1, 11)]
    lines = _panel_lines(Result("Demo", {"n": 10}, steps=steps))

    assert lines[0] == " 1. step [bold]1[/bold] of [x]" and lines[9] == "10. step [bold]10[/bold] of [x]", lines
