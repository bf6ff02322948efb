"""The value every calculator returns: figures for scripts plus the working for people."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction


class CalcError(ValueError):
    """Invalid calculator input; the message names the problem and the limit."""


Number = int | float | Fraction


def plain(value: object) -> object:
    """A JSON-friendly value: exact fractions become int when whole, else float."""
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def ceil(value: Number) -> int:
    """Exact ceiling (math.ceil on a Fraction never goes through a float)."""
    return math.ceil(value)


def fmt(value: object) -> str:
    """A number as a person reads it: 1,024 or 0.5 or 13.75."""
    value = plain(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return str(value)


def brief(value: object) -> str:
    """`fmt`, cut short for an error message about a huge input."""
    text = fmt(value)
    return text if len(text) <= 24 else f"{text[:24]}... ({len(text):,} characters)"


@dataclass
class Result:
    """A calculator's answer: `values` are the figures, `steps` the exam-style working."""

    title: str
    values: dict[str, object]
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ref: str = ""

    def to_dict(self) -> dict[str, object]:
        return {key: plain(value) for key, value in self.values.items()}
