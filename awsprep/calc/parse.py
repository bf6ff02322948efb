"""Parsing calculator input exactly: sizes (`3500B`, `6KB`, `6.5KB`, a bare `6` = KB of 1,024 bytes) and numbers."""

from __future__ import annotations

import re
from fractions import Fraction

from awsprep.calc.result import CalcError

KB = 1024
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib)?\s*$", re.IGNORECASE)
_FACTORS = {"b": 1, "kb": KB, "kib": KB, "mb": KB * KB, "mib": KB * KB}


def parse_size(text: str | int | float) -> Fraction:
    """Return the size in bytes as an exact fraction; raise CalcError on anything else."""
    match = _SIZE.match(str(text))
    if not match:
        raise CalcError(f"invalid size {text!r}: use e.g. 3500B, 6KB, 6.5KB or a number of KB")
    number, unit = match.groups()
    size = Fraction(number) * _FACTORS[(unit or "kb").lower()]
    if size <= 0:
        raise CalcError(f"invalid size {text!r}: must be greater than zero")
    return size


def kb(size_bytes: Fraction) -> Fraction:
    """Bytes to KB (1,024 bytes)."""
    return size_bytes / KB


_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def parse_number(text: str | int | float, name: str) -> Fraction:
    """A non-negative decimal as an exact fraction (so 1.1 stays 11/10); CalcError otherwise."""
    if not _NUMBER.match(str(text)):
        raise CalcError(f"invalid {name} {text!r}: expected a non-negative number")
    return Fraction(str(text).strip())
