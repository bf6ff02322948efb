"""The pieces of the full screens: the key reader on a real pseudo-terminal, whole URLs, hanging
indents, the frame that fits the terminal, interval labels."""

from __future__ import annotations

import io
import os
import sys
from datetime import timedelta

import pytest
from rich.console import Console
from rich.text import Text

from awsprep.ui.drill import interval, ratings
from awsprep.ui.keys import BACKSPACE, DOWN, ENTER, ESCAPE, PAGE_DOWN, QUIT, UP, Keys
from awsprep.ui.screen import Frame, Link, hanging

URL = ("https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
       "HowItWorks.ReadWriteCapacityMode.html#HowItWorks.ProvisionedThroughput.Manual")


@pytest.fixture
def tty(monkeypatch):
    """Keys reading the far end of a real pseudo-terminal; yields (keys, typing fd)."""
    master, slave = os.openpty()
    monkeypatch.setattr(sys, "stdin", os.fdopen(slave, "r"))
    keys = Keys(Console(file=io.StringIO()), interactive=True)
    with keys:
        yield keys, master
    os.close(master)


def test_every_key_typed_ahead_is_queued(tty):
    keys, typing = tty
    os.write(typing, b" 3 3\r\x7fab\x1b[A\x1b[6~")
    got = [keys.get(1) for _ in range(10)]
    assert got == [" ", "3", " ", "3", ENTER, BACKSPACE, "a", "b", UP, PAGE_DOWN]
    assert keys.get(0.05) is None


def test_an_escape_sequence_split_between_reads_is_one_key(tty):
    keys, typing = tty
    os.write(typing, b"\x1b[")
    assert keys.get(0.01) is None
    os.write(typing, b"B\x1b[1;5A\x1b")
    assert [keys.get(1), keys.get(1), keys.get(1)] == [DOWN, UP, ESCAPE]  # a lone ESC is a key once nothing follows


def test_bytes_that_are_not_utf8_are_replaced_not_fatal(tty):
    keys, typing = tty
    os.write(typing, b"\xff7\xc3\xa9\x04")
    assert [keys.get(1) for _ in range(4)] == ["\ufffd", "7", "é", QUIT]


def test_a_url_breaks_only_after_its_separators():
    console = Console(file=io.StringIO(), width=60)
    lines = [line.rstrip() for line in _render(console, Link(URL))]
    assert "".join(line.strip() for line in lines) == URL
    assert all(len(line) <= 60 for line in lines) and len(lines) > 1
    for line in lines[:-1]:
        assert line[-1] in "/-_.#?", line
    assert all(line.startswith("  ") for line in lines[1:])
    assert _render(Console(file=io.StringIO(), width=200), Link(URL)) == [URL]


def test_hanging_indent_keeps_wrapped_lines_under_the_text():
    console = Console(file=io.StringIO(), width=40)
    lines = _render(console, hanging([(Text("✔ A."), Text("word " * 20))]))
    assert lines[0].startswith("✔ A. word")
    assert all(line.startswith("     word") for line in lines[1:] if line.strip())


def test_the_frame_fills_the_terminal_and_scrolls_its_body():
    console = Console(file=io.StringIO(), width=80, height=24)
    frame = Frame(console)
    body = Text("\n".join(f"line {n}" for n in range(60)))
    lines = _render(console, frame.render([Text("header")], body, [Text("footer")], title="t"))
    assert len(lines) == 24 and lines[0] == "header" and lines[-1] == "footer"
    assert "line 0 " in lines[2] and "40 more lines below" in lines[-2]
    assert frame.scroll(PAGE_DOWN) and not frame.scroll("x")
    lines = _render(console, frame.render([Text("header")], body, [Text("footer")], title="t"))
    assert "line 19 " in lines[2]  # a page is the window less one line
    frame.scroll("end")
    lines = _render(console, frame.render([Text("header")], body, [Text("footer")], title="t"))
    assert "line 59" in lines[-3] and "scroll back" in lines[-2]


@pytest.mark.parametrize(("delta", "label"), [
    (timedelta(minutes=1), "<1m"), (timedelta(minutes=5, seconds=30), "<6m"), (timedelta(minutes=10), "<10m"),
    (timedelta(hours=5), "5h"), (timedelta(days=4), "4d"), (timedelta(days=45), "1.5mo"), (timedelta(days=800), "2.2y"),
])
def test_interval_labels(delta, label):
    assert interval(delta) == label


def test_rating_line():
    intervals = {1: timedelta(minutes=10), 2: timedelta(days=2), 3: timedelta(days=4), 4: timedelta(days=9)}
    assert ratings(intervals) == "1 Again <10m · 2 Hard 2d · 3 Good 4d · 4 Easy 9d"
    assert ratings(None) == "1 Again · 2 Hard · 3 Good · 4 Easy"


def _render(console: Console, renderable) -> list[str]:
    options = console.options.update(height=None)
    return ["".join(segment.text for segment in line).rstrip() for line in console.render_lines(renderable, options)]
