"""The learner's day: the local time zone, starting at `day-starts-at` o'clock (4 am by default, as
in Anki), so that a late evening still counts as the same day. Daily limits, the exam day, the
calendar and streaks all count in these days. Easy days name weekdays that get fewer reviews.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

DEFAULT_START = 4  # hour of the local clock at which a new day begins
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAMES = {name: i for i, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
          for name in (full[:3], full)}


def today(now: datetime, starts_at: int = DEFAULT_START) -> date:
    """The learner's day that the moment `now` falls in."""
    local = now.astimezone()
    return local.date() if local.hour >= starts_at else local.date() - timedelta(days=1)


def start(day: date, starts_at: int = DEFAULT_START) -> datetime:
    """When the learner's `day` begins, in UTC."""
    return datetime.combine(day, time(starts_at)).astimezone().astimezone(timezone.utc)


def start_of(now: datetime, starts_at: int = DEFAULT_START) -> datetime:
    """When the learner's day containing `now` began, in UTC."""
    return start(today(now, starts_at), starts_at)


def easy_days(text: str) -> dict[int, float]:
    """'sat:50 sun' -> {5: 0.5, 6: 0.0}: weekday (0 = Monday) to the share of a normal day's reviews
    it takes (a day without a share takes as few as the schedule allows). ValueError names the problem."""
    weights: dict[int, float] = {}
    for part in text.replace(",", " ").lower().split():
        if part in ("none", "-"):
            continue
        name, _, share = part.partition(":")
        if name not in _NAMES:
            raise ValueError(f"easy days are weekdays like 'sat sun' or 'sat:50' (got {part[:20]!r})")
        if share and not (share.isascii() and share.isdigit() and int(share) <= 100):
            raise ValueError(f"a day's share is a percentage from 0 to 100, like 'sat:50' (got {part[:20]!r})")
        weights[_NAMES[name]] = int(share) / 100 if share else 0.0
    return weights


def easy_days_text(weights: dict[int, float]) -> str:
    """The canonical text of `easy_days`: 'sat:50 sun:0', or 'none'."""
    return " ".join(f"{WEEKDAYS[d]}:{round(w * 100)}" for d, w in sorted(weights.items())) or "none"
