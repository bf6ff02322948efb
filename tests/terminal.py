"""The real `awsprep` in a pseudo-terminal, read through a terminal emulator (pyte), so tests see
the screen a learner sees, at the learner's size."""

from __future__ import annotations

import os
import time

import pexpect
import pyte

from helpers import SCRIPT

ROWS, COLUMNS = 24, 80
TIMEOUT = 30


ALTERNATE_SCREEN = 1049


class Screen(pyte.Screen):
    """pyte's screen plus the alternate screen (mode 1049) that full-screen programs draw on:
    leaving it brings back what was on the main screen, as a real terminal does."""

    _saved = None

    def set_mode(self, *modes: int, **kwargs) -> None:
        if kwargs.get("private") and ALTERNATE_SCREEN in modes:
            self._saved = ({y: dict(line) for y, line in self.buffer.items()}, self.cursor.x, self.cursor.y)
            self.erase_in_display(2)
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs) -> None:
        if kwargs.get("private") and ALTERNATE_SCREEN in modes and self._saved is not None:
            lines, x, y = self._saved
            self.buffer.clear()
            for row, line in lines.items():
                self.buffer[row].update(line)
            self.cursor.x, self.cursor.y = x, y
            self._saved = None
        super().reset_mode(*modes, **kwargs)


class Terminal:
    """`awsprep ARGS` on an 80x24 terminal; `wait(text)` reads output until the screen shows it."""

    def __init__(self, home, *args: str, rows: int = ROWS, columns: int = COLUMNS, env: dict | None = None):
        environ = {**os.environ, "AWSPREP_HOME": str(home), "TERM": "xterm-256color", **(env or {})}
        for name in ("COLUMNS", "LINES", "NO_COLOR"):
            environ.pop(name, None)
        self.screen = Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(str(SCRIPT), list(args), env=environ, dimensions=(rows, columns),
                                   timeout=TIMEOUT, encoding="utf-8", codec_errors="replace")

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _read(self, timeout: float) -> bool | None:
        """Feed what arrives within `timeout` to the screen: True if anything came, False if
        nothing did, None at the end of the program's output."""
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=timeout))
            return True
        except pexpect.TIMEOUT:
            return False
        except pexpect.EOF:
            return None

    def wait(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Read until the screen shows every one of `texts`; returns the screen."""
        deadline = time.monotonic() + timeout
        while not all(t in self.text for t in texts):
            if self._read(0.1) is None or time.monotonic() > deadline:
                raise AssertionError(f"never shown: {texts!r}; the screen:\n{self.text}")
        return self.text

    def settle(self, quiet: float = 0.3) -> str:
        """Read until nothing new arrives for `quiet` seconds; returns the screen."""
        while self._read(quiet):
            pass
        return self.text

    def send(self, keys: str | bytes) -> None:
        """Type `keys` (bytes go as they are, UTF-8 or not)."""
        if isinstance(keys, bytes):
            os.write(self.child.child_fd, keys)
        else:
            self.child.send(keys)

    def finish(self, timeout: float = TIMEOUT) -> str:
        """Read to the end of the program; returns the last screen."""
        deadline = time.monotonic() + timeout
        while self._read(0.1) is not None:
            if time.monotonic() > deadline:
                raise AssertionError(f"still running; the screen:\n{self.text}")
        self.child.wait()
        return self.text
