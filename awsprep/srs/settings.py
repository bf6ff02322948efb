"""Scheduler settings (`awsprep config`): typed, validated, stored as JSON in the `setting` table.

Every value is checked when it is set, so nothing stored can break a later run; a stored value
that an older awsprep accepted but this one refuses falls back to the default.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta

from awsprep.errors import UserError

_STEP = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_STEP = timedelta(days=365)
MAX_STEPS = 10
EXAM_AHEAD = timedelta(days=3 * 366)  # an exam date may be at most about three years ahead

# What each setting means and its units, as `awsprep config show` explains them.
HELP = {
    "desired_retention": "chance of recall when an item falls due (0.70-0.99)",
    "learning_steps": "waits between a new item's first answers (s, m, h, d)",
    "relearning_steps": "waits after a lapse (s, m, h, d; each up to 365d)",
    "maximum_interval": "longest wait between reviews, in days (1-36500)",
    "fuzzing": "move due dates to the lightest nearby day (on/off)",
    "new_per_day": "new items a day (0-9999); raised to meet exam-date",
    "reviews_per_day": "reviews a day (0-99999)",
    "leech_threshold": "lapses before an item is a leech (1-99; leech-action)",
    "exam_date": "exam day (YYYY-MM-DD or none): plans reviews, paces new",
    "day_starts_at": "hour your study day starts, local time (0-23)",
    "minutes_per_day": "study budget a day in minutes (awsprep plan warns)",
    "leech_action": "what a leech gets: suspend, or tag (stays in drills)",
    "easy_days": "weekdays with fewer reviews: sat:50 sun, or none",
}


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
    day_starts_at: int = 4
    minutes_per_day: int = 30
    leech_action: str = "suspend"
    easy_days: str = "none"
    parameters: tuple[float, ...] = ()  # fitted by `awsprep optimize` (kept in the fit table); () = fsrs's defaults

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        del data["parameters"]  # not a setting: `awsprep optimize` keeps them
        data["exam_date"] = self.exam_date.isoformat() if self.exam_date else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Settings:
        """Settings from stored values; one this version refuses keeps its default (see `invalid`)."""
        return replace(cls(), **_read(data)[0])

    def set(self, key: str, text: str, today: date | None = None) -> Settings:
        """A copy with `key` (dashes or underscores) parsed from `text`; UserError names the problem.
        An exam date must lie between `today` (the learner's local day) and three years ahead."""
        name = key.replace("-", "_")
        parse = _PARSERS.get(name)
        if parse is None:
            raise UserError(f"unknown setting {_short(key)}: use one of {', '.join(k.replace('_', '-') for k in _PARSERS)}")
        try:
            value = parse(text.strip())
            if name == "exam_date" and value is not None:
                _upcoming(value, today or date.today())
        except ValueError as error:
            raise UserError(f"invalid value {_short(text)} for {key}: {error}") from None
        return replace(self, **{name: value})

    def unset(self, key: str) -> Settings:
        name = key.replace("-", "_")
        if name not in _PARSERS:
            raise UserError(f"unknown setting {_short(key)}: use one of {', '.join(k.replace('_', '-') for k in _PARSERS)}")
        return replace(self, **{name: getattr(Settings(), name)})

    def shown(self) -> dict[str, str]:
        """Each setting as text that `set` takes back: `on`/`off`, `none` for no exam date."""
        def text(value: object) -> str:
            if isinstance(value, bool):
                return "on" if value else "off"
            return "none" if value is None else str(value)

        return {key.replace("_", "-"): text(value) for key, value in self.to_dict().items()}


def invalid(data: dict[str, object]) -> dict[str, object]:
    """Stored values this version refuses (an older one accepted them); their defaults stand."""
    return _read(data)[1]


def _read(data: dict[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """Stored values split into (parsed, refused)."""
    parsed, refused = {}, {}
    for key, value in data.items():
        if key in _PARSERS and value is not None:
            try:
                parsed[key] = _PARSERS[key](str(value).strip())
            except ValueError:
                refused[key] = value
    return parsed, refused


def _short(text: str, limit: int = 40) -> str:
    """A value for an error message: quoted, and cut when long."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text):,} characters)"


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
        raise ValueError("steps look like '1m 10m' (whole numbers with s, m, h or d)")
    if len(parts) > MAX_STEPS:
        raise ValueError(f"at most {MAX_STEPS} steps")
    for part in parts:
        number, unit = _STEP.match(part).groups()
        if len(number) > 9 or not 0 < int(number) * _SECONDS[unit] <= MAX_STEP.total_seconds():
            raise ValueError(f"each step must be longer than 0 and at most {MAX_STEP.days}d (got {part})")
    return " ".join(parts)


def _count(low: int, high: int):
    def parse(text: str) -> int:
        if len(text) > 12:
            raise ValueError(f"must be a whole number between {low} and {high}")
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"must be a whole number between {low} and {high}") from None
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
    if text.lower() in ("", "none", "off", "-"):
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ValueError("use YYYY-MM-DD, or none") from None
    if len(text) != 10:
        raise ValueError("use YYYY-MM-DD, or none")
    return value


def _upcoming(value: date, today: date) -> None:
    """An exam date set now must be ahead: a past one would pace nothing and cap nothing."""
    if value < today:
        raise ValueError(f"{value} is in the past; give the day of your exam, or none")
    if value > today + EXAM_AHEAD:
        raise ValueError(f"give a day within three years (by {today + EXAM_AHEAD})")


def _leech_action(text: str) -> str:
    if text.lower() not in ("suspend", "tag"):
        raise ValueError("use suspend or tag")
    return text.lower()


def _easy_days(text: str) -> str:
    from awsprep.srs import day

    return day.easy_days_text(day.easy_days(text))


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
    "day_starts_at": _count(0, 23),
    "minutes_per_day": _count(1, 1440),
    "leech_action": _leech_action,
    "easy_days": _easy_days,
}


def load(session) -> Settings:
    """Settings from the database (defaults for anything unset or unreadable), with the fitted parameters."""
    from awsprep.srs import fit

    return replace(Settings.from_dict(stored(session)), parameters=fit.current(session))


def stored(session) -> dict[str, object]:
    """The raw stored values by key. A row that is not JSON (written outside awsprep) is kept as its
    text, so it is read like a typed value: used if valid, else refused with a warning (`invalid`)."""
    from sqlmodel import select

    from awsprep.store.tables import Setting

    values = {}
    for row in session.exec(select(Setting)).all():
        try:
            values[row.key] = json.loads(row.value)
        except (TypeError, ValueError, RecursionError):
            values[row.key] = row.value
    return values


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
