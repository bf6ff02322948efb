"""What the full-screen study screens share: a frame sized to the terminal (header lines, a body
panel that fills the rest and scrolls, footer lines), and the text pieces: reflowed paragraphs,
options with hanging indents, and URLs shown whole."""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from awsprep.content.model import Card, Question
from awsprep.ui.keys import DOWN, END, HOME, PAGE_DOWN, PAGE_UP, UP

LETTERS = "abcdef"
SCROLL_KEYS = (UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END)


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a YAML block into paragraphs that wrap to the terminal."""
    return "\n\n".join(" ".join(part.split()) for part in text.strip().split("\n\n"))


def hanging(rows: list[tuple[Text, Text]]) -> Table:
    """Each row's marker, then its text, whose wrapped lines stay indented under the first."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for marker, text in rows:
        grid.add_row(marker, text)
    return grid


class Link:
    """A URL shown whole: it breaks only after '/' (or, in a segment too long for a line, after
    '-', '_', '.', '#' or '?'), continuation lines indented; clickable where the terminal can."""

    INDENT = "  "

    def __init__(self, url: str, style: str = "dim"):
        self.url, self.style = url, Style.parse(style) + Style(link=url)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(len(self.url), 20), len(self.url))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, len(self.INDENT) + 8)
        line = ""
        for piece in self._pieces(width - len(self.INDENT)):
            if line and len(line) + len(piece) > width:
                yield Text(line, style=self.style, no_wrap=True)
                line = self.INDENT
            line += piece
        yield Text(line, style=self.style, no_wrap=True)

    def _pieces(self, room: int) -> list[str]:
        pieces = []
        for segment in re.findall(r"[^/]*/+|[^/]+$", self.url):
            if len(segment) <= room:
                pieces.append(segment)
                continue
            for part in re.findall(r"[^-_.#?]*[-_.#?]+|[^-_.#?]+$", segment):
                pieces += [part[i : i + room] for i in range(0, len(part), room)]
        return pieces


def refs(urls: list[str]) -> list[Link]:
    return [Link(url) for url in urls]


def options_list(question: Question, order: list[int], chosen: set[int] | None = None) -> Table:
    """The options as shown (letter order); with `chosen`, a box each, ticked for the learner's picks."""
    rows = []
    for letter, index in zip(LETTERS, order):
        picked = chosen is not None and index in chosen
        box = "" if chosen is None else ("[x] " if picked else "[ ] ")
        rows.append((Text(f"{box}{letter.upper()}.", style="bold green" if picked else "bold cyan"),
                     Text(question.options[index].text)))
    return hanging(rows)


def explanation(question: Question, order: list[int], chosen: set[int]) -> Group:
    """Every option as shown, marked right or wrong, the learner's picks, each `why`, the refs."""
    rows = []
    for letter, index in zip(LETTERS, order):
        option = question.options[index]
        mark, style = ("✔", "green") if option.correct else ("✘", "red")
        text = Text(option.text)
        if index in chosen:
            text.append(" (your pick)", style=f"bold {style}")
        text.append("\n" + option.why, style="" if option.correct else "dim")
        rows.append((Text(f"{mark} {letter.upper()}.", style=f"bold {style}"), text))
    return Group(hanging(rows), *refs(question.refs))


def cards_behind(question: Question, cards: dict[str, Card], queued: bool = True) -> list:
    """For a miss: the cards that teach the question's deciding facts, each by its front and id,
    and (`queued`) that they come first in the next drill."""
    if not question.cards:
        return []
    rows = [(Text("•", style="cyan"), Text(f"{reflow(cards[i].front)} ", style="cyan").append(f"({i})", style="dim"))
            for i in question.cards if i in cards]
    heading = "The facts behind it come first in your next drill:" if queued else "The facts behind it:"
    return [Text(heading, style="bold cyan"), hanging(rows)]


class _Lines:
    """Pre-rendered lines, as a renderable."""

    def __init__(self, lines: list[list[Segment]]):
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()


class Frame:
    """One whole screen: header lines, the body in a panel that fills the height left (scrolled
    with the arrow keys, PgUp/PgDn, Home/End), footer lines."""

    def __init__(self, console: Console):
        self.console = console
        self.offset = 0
        self.page = 10

    def top(self) -> None:
        self.offset = 0

    def scroll(self, key: str) -> bool:
        """Move the body for a scroll key; False for any other key."""
        steps = {UP: -1, DOWN: 1, PAGE_UP: -self.page, PAGE_DOWN: self.page, HOME: -1 << 30, END: 1 << 30}
        if key not in steps:
            return False
        self.offset = max(0, self.offset + steps[key])
        return True

    def render(self, header: list, body, footer: list, *, title: str = "", border: str = "cyan") -> Group:
        console = self.console
        width, height = console.size
        options = console.options.update(width=width, height=None)
        used = sum(len(console.render_lines(part, options, pad=False)) for part in (*header, *footer))
        box = max(3, height - used)
        inner = box - 2
        lines = console.render_lines(body, options.update_width(max(10, width - 4)), pad=True)
        self.offset = max(0, min(self.offset, len(lines) - inner))
        self.page = max(1, inner - 1)
        window = lines[self.offset : self.offset + inner]
        below = len(lines) - self.offset - len(window)
        hint = None
        if self.offset or below:
            hint = f"↑↓ PgUp PgDn · {below} more line{'s' if below != 1 else ''} below" if below else "↑ PgUp to scroll back"
        panel = Panel(_Lines(window), title=title, title_align="left", subtitle=hint, subtitle_align="right",
                      border_style=border, height=box)
        return Group(*header, panel, *footer)
