"""Scheduler settings (`awsprep config`): typed, validated, stored as JSON in the `setting` table."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, timedelta

from awsprep.errors import UserError

_STEP = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Settings:
    desired_retention: float = 0.9
    learning_steps: str = "1m 10m"
    relearning_steps: str = "10m"
    maximum_interval: int = 36500
    fuzzing: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    leech_threshold: int = 8
    exam_date: date | None = None

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["exam_date"] = self.exam_date.isoformat() if self.exam_date else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Settings:
        known = {f.name for f in fields(cls)}
        settings = cls()
        for key, value in data.items():
            if key in known and value is not None:
                settings = settings.set(key, str(value))
        return settings

    def set(self, key: str, text: str) -> Settings:
        """A copy with `key` (dashes or underscores) parsed from `text`; UserError names the problem."""
        name = key.replace("-", "_")
        parse = _PARSERS.get(name)
        if parse is None:
            raise UserError(f"unknown setting {key!r}: use one of {', '.join(k.replace('_', '-') for k in _PARSERS)}")
        try:
            return replace(self, **{name: parse(text.strip())})
        except ValueError as error:
            raise UserError(f"invalid value {text!r} for {key}: {error}") from None

    def unset(self, key: str) -> Settings:
        name = key.replace("-", "_")
        if name not in _PARSERS:
            raise UserError(f"unknown setting {key!r}")
        return replace(self, **{name: getattr(Settings(), name)})


def steps(text: str) -> tuple[timedelta, ...]:
    """'1m 10m' -> (1 minute, 10 minutes)."""
    return tuple(timedelta(**{_UNITS[unit]: int(n)}) for n, unit in (_STEP.match(s).groups() for s in text.split()))


def _retention(text: str) -> float:
    value = float(text)
    if not 0.7 <= value <= 0.99:
        raise ValueError("desired retention must be between 0.70 and 0.99")
    return value


def _steps(text: str) -> str:
    parts = text.replace(",", " ").split()
    if not all(_STEP.match(p) for p in parts):
        raise ValueError("steps look like '1m 10m' (s, m, h or d)")
    return " ".join(parts)


def _count(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


def _flag(text: str) -> bool:
    if text.lower() in ("on", "true", "yes", "1"):
        return True
    if text.lower() in ("off", "false", "no", "0"):
        return False
    raise ValueError("use on or off")


def _date(text: str) -> date | None:
    if text.lower() in ("", "none", "off"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("use YYYY-MM-DD") from None


_PARSERS = {
    "desired_retention": _retention,
    "learning_steps": _steps,
    "relearning_steps": _steps,
    "maximum_interval": _count(1, 36500),
    "fuzzing": _flag,
    "new_per_day": _count(0, 9999),
    "reviews_per_day": _count(0, 99999),
    "leech_threshold": _count(1, 99),
    "exam_date": _date,
}


def load(session) -> Settings:
    """Settings from the database (defaults for anything unset)."""
    from sqlmodel import select

    from awsprep.store.tables import Setting

    rows = session.exec(select(Setting)).all()
    return Settings.from_dict({row.key: json.loads(row.value) for row in rows})


def save(session, settings: Settings) -> None:
    from awsprep.store.tables import Setting

    for key, value in settings.to_dict().items():
        row = session.get(Setting, key)
        if value == getattr(Settings(), key) or value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(Setting(key=key, value=json.dumps(value)))
        else:
            row.value = json.dumps(value)
            session.add(row)
