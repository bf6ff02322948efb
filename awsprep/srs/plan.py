"""The exam-day plan and load balancing: the day each answered item falls due.

fsrs gives the item's new memory state and its interval; this module picks the day:
- the candidates are the days of fsrs's fuzz range around the interval (only the interval itself
  with fuzzing off), and the review goes to the lightest of them: the fewest reviews already due
  that day, an easy day's count weighed up by its share of a normal day (load balancing);
- while the exam is ahead, an item whose predicted recall on the exam day (FSRS retrievability
  from its stability) would fall below desired retention is due by the exam day, so it is reviewed
  again first; an item whose recall on the exam day holds may fall due after it, and normal
  scheduling resumes from there;
- the exam day is kept light: it weighs like a day that takes no reviews, and a review that could
  only fall on it may come the day before (or, if its recall holds, the day after) instead.
Learning steps are minutes apart and keep fsrs's time, but never run past the start of the exam day.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import lru_cache
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from awsprep.srs import day
from awsprep.srs.review import REVIEW_STATE, aware, scheduler
from awsprep.srs.settings import Settings

MIN_SHARE = 0.001  # a day that takes no reviews still ranks, far behind every normal day

# Reviews already due per learner day, for the days from `first` to `last` (a day not in it has none).
Counts = Callable[[date, date], Mapping[date, int]]


def exam_start(settings: Settings, now: datetime) -> datetime | None:
    """When the exam day begins (UTC), while that is still ahead of `now`; else None."""
    if settings.exam_date is None:
        return None
    begins = day.start(settings.exam_date, settings.day_starts_at)
    return begins if now < begins else None


def fuzz_range(interval: int, maximum: int) -> tuple[int, int]:
    """The intervals fsrs's fuzz picks from, in days (its ranges: none below 2.5 days)."""
    from fsrs.scheduler import FUZZ_RANGES

    if interval < 2.5:
        return interval, interval
    delta = 1.0 + sum(r["factor"] * max(min(interval, r["end"]) - r["start"], 0.0) for r in FUZZ_RANGES)
    high = min(round(interval + delta), maximum)
    return min(max(2, round(interval - delta)), high), high


def schedule(session, settings: Settings, item_id: str, card, rating: int, now: datetime, duration_ms: int = 0):
    """The fsrs card after answering `card` with `rating` at `now`, due on the day this plan picks."""
    import fsrs

    after, _ = scheduler(settings).review_card(card, fsrs.Rating(rating), review_datetime=now,
                                               review_duration=duration_ms or None)
    after.due = due(after, now, settings, stored_counts(session, settings.day_starts_at, exclude=item_id))
    return after


def due(card, reviewed_at: datetime, settings: Settings, counts: Counts) -> datetime:
    """When `card`, scheduled by fsrs (without fuzz) at `reviewed_at`, falls due."""
    exam = exam_start(settings, reviewed_at)
    if card.state != REVIEW_STATE:
        return card.due if exam is None or card.due <= exam else max(exam, reviewed_at)
    interval = (card.due - reviewed_at).days
    low, high = fuzz_range(interval, settings.maximum_interval) if settings.fuzzing else (interval, interval)
    on = {k: day.today(reviewed_at + timedelta(days=k), settings.day_starts_at) for k in range(low, high + 1)}
    if exam is not None:
        holds = _scheduler(settings).get_card_retrievability(card, exam) >= settings.desired_retention
        on = _around_exam(on, reviewed_at, settings, holds)
    load = counts(min(on.values()), max(on.values()))
    shares = _shares(settings.easy_days)
    cost = {k: (load.get(d, 0) + 1) / max(0.0 if d == settings.exam_date else shares.get(d.weekday(), 1.0), MIN_SHARE)
            for k, d in on.items()}
    lightest = min(cost.values())
    choices = sorted(k for k, c in cost.items() if c == lightest)
    chosen = random.choice(choices) if settings.fuzzing else min(choices, key=lambda k: abs(k - interval))
    return reviewed_at + timedelta(days=chosen)


_scheduler = lru_cache(maxsize=4)(scheduler)  # settings are frozen: one fsrs scheduler each
_shares = lru_cache(maxsize=4)(day.easy_days)


def _around_exam(on: dict[int, date], reviewed_at: datetime, settings: Settings, holds: bool) -> dict[int, date]:
    """The candidate days while the exam is ahead: by the exam day unless the item's recall holds
    past it, and never the exam day alone (the day before, or after if the recall holds, is added)."""
    exam_day = settings.exam_date
    if not holds:
        kept = {k: d for k, d in on.items() if d <= exam_day}
        if not kept:  # the whole fuzz range is past the exam: the exam day (and, below, the day before it)
            last = max(1, (exam_day - day.today(reviewed_at, settings.day_starts_at)).days)
            kept = {last: day.today(reviewed_at + timedelta(days=last), settings.day_starts_at)}
        on = kept
    on_exam = [k for k, d in on.items() if d == exam_day]
    if on_exam:
        neighbour = on_exam[0] + 1 if holds else on_exam[0] - 1
        if 1 <= neighbour <= settings.maximum_interval:
            on = on | {neighbour: day.today(reviewed_at + timedelta(days=neighbour), settings.day_starts_at)}
    return on


def stored_counts(session, starts_at: int, exclude: str | None = None) -> Counts:
    """Reviews due per learner day as the database holds them (suspended items aside)."""
    from sqlmodel import col, select

    from awsprep.store.tables import CardState

    def counts(first: date, last: date) -> Counter:
        begin, end = day.start(first, starts_at), day.start(last + timedelta(days=1), starts_at)
        rows = session.exec(select(CardState.item_id, CardState.due).where(
            CardState.state == REVIEW_STATE, col(CardState.suspended).is_(False),
            CardState.due >= begin, CardState.due < end))
        return Counter(day.today(aware(when), starts_at) for item_id, when in rows if item_id != exclude)

    return counts
