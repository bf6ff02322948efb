"""Key input: single keys in a terminal, plain lines when stdin is not a terminal (scripted drills)."""

from __future__ import annotations

import os
import sys

from rich.console import Console

QUIT = "q"
ENTER = "\r"


class Keys:
    """Reads answers. In a terminal one key is one answer; otherwise each line is one answer."""

    def __init__(self, console: Console, interactive: bool | None = None):
        self.console = console
        self.interactive = sys.stdin.isatty() if interactive is None else interactive

    def key(self, prompt: str, allowed: str) -> str:
        """One of the characters in `allowed` (ENTER and ' ' allowed when listed); 'q' at end of input."""
        self.console.print(prompt, style="dim", highlight=False, markup=False)
        while True:
            if self.interactive:
                import click

                pressed = click.getchar()
                pressed = ENTER if pressed in ("\r", "\n") else pressed.lower()
            else:
                line = sys.stdin.readline()
                if not line:
                    return QUIT
                pressed = line.strip().lower()[:1] or ENTER
            if pressed in allowed:
                return pressed

    def letters(self, prompt: str, allowed: str, count: int) -> str:
        """`count` distinct letters from `allowed` (or 'q'/'u'); toggling a letter takes it back."""
        self.console.print(prompt, style="dim", highlight=False, markup=False)
        if not self.interactive:
            while True:
                line = sys.stdin.readline()
                if not line:
                    return QUIT
                picked = "".join(sorted(set(line.strip().lower().replace(",", "").replace(" ", ""))))
                if picked in (QUIT, "u") or (len(picked) == count and set(picked) <= set(allowed)):
                    return picked
                self.console.print(f"Type {count} letter(s) from {allowed.upper()}.", style="yellow")
        import click

        picked = ""
        while len(picked) < count:
            pressed = click.getchar().lower()
            if pressed in (QUIT, "u") and not picked:
                return pressed
            if pressed in allowed:
                picked = picked.replace(pressed, "") if pressed in picked else picked + pressed
                self.console.print(f"  selected: {', '.join(picked.upper()) or '-'}", style="cyan", highlight=False)
        return "".join(sorted(picked))

    def poll(self, timeout: float) -> str | None:
        """Keys typed within `timeout` seconds (None if none). In a terminal: one key, without
        blocking the caller's clock. Otherwise: one whole line, each character a key ('\r' for an
        empty line); 'q' at end of input."""
        if not self.interactive:
            line = sys.stdin.readline()
            if not line:
                return QUIT
            return line.strip().lower() or ENTER
        import select
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            pressed = os.read(fd, 1).decode(errors="ignore")
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if pressed == "\x03":
            raise KeyboardInterrupt
        return ENTER if pressed in ("\r", "\n") else pressed.lower()

    def line(self, prompt: str) -> str:
        """A typed line (calculator answers); 'q' at end of input."""
        self.console.print(prompt, style="dim", highlight=False, markup=False)
        if self.interactive:
            try:
                return input().strip()
            except EOFError:
                return QUIT
        line = sys.stdin.readline()
        return line.strip() if line else QUIT
