"""Parsing calculator input exactly: sizes (`3500B`, `6KB`, `6.5KB`, a bare `6` = KB of 1,024 bytes) and numbers.

Numbers are bounded (at most MAX_WHOLE_DIGITS digits before the point and MAX_DECIMALS after it), so
no input is too long to read or too large for the working and the JSON.
"""

from __future__ import annotations

import re
from fractions import Fraction

from awsprep.calc.result import CalcError

KB = 1024
MAX_WHOLE_DIGITS = 12  # up to 999,999,999,999
MAX_DECIMALS = 9
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib)?\s*$", re.IGNORECASE)
_FACTORS = {"b": 1, "kb": KB, "kib": KB, "mb": KB * KB, "mib": KB * KB}
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")


def parse_size(text: str | int | float) -> Fraction:
    """Return the size in bytes as an exact fraction; raise CalcError on anything else."""
    match = _SIZE.match(str(text))
    if not match:
        raise CalcError(f"invalid size {_shown(text)}: use e.g. 3500B, 6KB, 6.5KB or a number of KB")
    number, unit = match.groups()
    size = _decimal(number, "size") * _FACTORS[(unit or "kb").lower()]
    if size <= 0:
        raise CalcError(f"invalid size {_shown(text)}: must be greater than zero")
    return size


def kb(size_bytes: Fraction) -> Fraction:
    """Bytes to KB (1,024 bytes)."""
    return size_bytes / KB


def parse_number(text: str | int | float, name: str) -> Fraction:
    """A non-negative decimal as an exact fraction (so 1.1 stays 11/10); CalcError otherwise."""
    match = _NUMBER.match(str(text))
    if not match:
        raise CalcError(f"invalid {name} {_shown(text)}: expected a non-negative number")
    return _decimal(match.group(1), name)


def _decimal(number: str, name: str) -> Fraction:
    """Digits with an optional fraction part, within the bounds above."""
    whole, _, decimals = number.partition(".")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise CalcError(f"{name} {_shown(number)} is too large: at most {MAX_WHOLE_DIGITS} digits before the decimal point")
    if len(decimals) > MAX_DECIMALS:
        raise CalcError(f"{name} {_shown(number)} has too many decimals: at most {MAX_DECIMALS}")
    return Fraction(number)


def _shown(text: object, limit: int = 30) -> str:
    """Input for an error message: quoted, and cut when long."""
    text = str(text)
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text):,} characters)"
