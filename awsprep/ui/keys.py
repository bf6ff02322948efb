"""Key input. In a terminal one reader holds cbreak mode for a whole screen and queues every key
typed, so keys typed ahead are never lost; when stdin is not a terminal each line is one answer
(scripted drills). Bytes that are not UTF-8 come through as U+FFFD, never as an error."""

from __future__ import annotations

import codecs
import os
import re
import sys
import time
from collections import deque

QUIT = "q"
ENTER = "\r"
BACKSPACE = "\x7f"
ESCAPE = "esc"
UP, DOWN, LEFT, RIGHT, PAGE_UP, PAGE_DOWN, HOME, END = "up", "down", "left", "right", "pgup", "pgdn", "home", "end"

_SEQUENCES = {"A": UP, "B": DOWN, "C": RIGHT, "D": LEFT, "H": HOME, "F": END,
              "1~": HOME, "4~": END, "5~": PAGE_UP, "6~": PAGE_DOWN, "7~": HOME, "8~": END}
_ESCAPE = re.compile(r"\x1b[\[O]([0-9;]*[@-~])")
_PARTIAL = re.compile(r"\x1b(?:[\[O][0-9;]*)?\Z")
ESCAPE_WAIT_S = 0.05  # a lone ESC is a key of its own if nothing follows it this soon


def _plain(char: str) -> str:
    if char in ("\r", "\n"):
        return ENTER
    if char in ("\x7f", "\x08"):
        return BACKSPACE
    if char == "\x04":  # Ctrl-D
        return QUIT
    return char.lower()


class Keys:
    """Reads keys (in a terminal) or lines (otherwise). `with keys:` holds the terminal in cbreak
    mode; it nests, and keys queued in one screen are still there for the next."""

    def __init__(self, console, interactive: bool | None = None):
        """Interactive (keys, full screens) when stdin is a terminal and `console` writes to one."""
        self.console = console
        self.interactive = sys.stdin.isatty() and console.is_terminal if interactive is None else interactive
        self._queue: deque[str] = deque()
        self._pending = ""  # the start of an escape sequence, waiting for its end
        self._pending_at = 0.0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._held = 0
        self._saved = None

    def __enter__(self) -> Keys:
        if self.interactive and self._held == 0:
            import termios
            import tty

            fd = sys.stdin.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)  # no echo, no line buffering; Ctrl-C still interrupts
        self._held += 1
        return self

    def __exit__(self, *exc) -> None:
        self._held -= 1
        if self.interactive and self._held == 0 and self._saved is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._saved)
            self._saved = None

    def get(self, timeout: float | None = None) -> str | None:
        """The next key: a lower-case character, ENTER, BACKSPACE or a name such as UP; None if no
        key came within `timeout` seconds; QUIT when the terminal is gone."""
        import select

        deadline = None if timeout is None else time.monotonic() + timeout
        fd = sys.stdin.fileno()
        while not self._queue:
            now = time.monotonic()
            if self._pending and now - self._pending_at >= ESCAPE_WAIT_S:
                self._feed("", flush=True)  # an ESC that nothing followed
                continue
            wait = None if deadline is None else max(0.0, deadline - now)
            if self._pending:
                left = ESCAPE_WAIT_S - (now - self._pending_at)
                wait = left if wait is None else min(wait, left)
            ready, _, _ = select.select([fd], [], [], wait)
            if ready:
                data = os.read(fd, 4096)
                if not data:
                    return QUIT
                self._feed(self._decoder.decode(data))
            elif deadline is not None and time.monotonic() >= deadline:
                return None
        return self._queue.popleft()

    def _feed(self, text: str, flush: bool = False) -> None:
        """Split typed text into keys; an escape sequence cut off by the read waits for its end."""
        pending = self._pending + text
        while pending:
            if pending[0] != "\x1b":
                self._queue.append(_plain(pending[0]))
                pending = pending[1:]
                continue
            match = _ESCAPE.match(pending)
            if match:
                code = match.group(1)
                name = _SEQUENCES.get(code if code.endswith("~") else code[-1])  # "1;5A" (Ctrl+Up) is UP
                if name:
                    self._queue.append(name)
                pending = pending[match.end():]
            elif _PARTIAL.match(pending) and not flush:
                break
            else:
                if len(pending) == 1:
                    self._queue.append(ESCAPE)
                pending = pending[1:]  # a lone ESC, or Alt+key: the key alone
        if pending and not self._pending:
            self._pending_at = time.monotonic()
        self._pending = pending

    def line(self) -> str | None:
        """The next line of input, stripped; None at the end of input."""
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.readline() if stream is not None else sys.stdin.readline()
        if not raw:
            return None
        return (raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw).strip()

    def poll(self, timeout: float) -> str | None:
        """In a terminal: the next key within `timeout` seconds, or None. Otherwise one whole line,
        each character a key (ENTER for an empty line), QUIT at the end of input."""
        if self.interactive:
            return self.get(timeout)
        line = self.line()
        return QUIT if line is None else (line.lower() or ENTER)
