"""What to study next: due reviews first, then new items within the daily limits and exam pacing.

As in Anki, a review is due all day on its due day, while a learning step is due at its minute;
with nothing else left, learning steps due in the next 20 minutes are shown early.
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, or_
from sqlmodel import col, select

from awsprep.srs import day
from awsprep.srs.settings import Settings
from awsprep.store.tables import CardState, ReviewLog

LEARN_AHEAD = timedelta(minutes=20)  # with nothing else left, show learning steps due this soon
EXAM_MARGIN = timedelta(days=7)  # see everything at least a week before the exam
REVIEW = 2  # fsrs.State.Review; 1 (learning) and 3 (relearning) are learning steps


def day_start(now: datetime, starts_at: int = day.DEFAULT_START) -> datetime:
    """The start of the learner's day containing `now`, in UTC (srs/day.py: local, from `day-starts-at`)."""
    return day.start_of(now, starts_at)


def local_day(now: datetime, starts_at: int = day.DEFAULT_START) -> date:
    return day.today(now, starts_at)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def scheduled(session, now: datetime, starts_at: int = day.DEFAULT_START) -> list[tuple[str, int, datetime]]:
    """Every seen item that is not suspended or buried today: (id, state, due), earliest due first."""
    today = local_day(now, starts_at)
    query = (
        select(CardState.item_id, CardState.state, CardState.due)
        .where(CardState.state > 0, col(CardState.suspended).is_(False))
        .where(or_(col(CardState.buried_until).is_(None), CardState.buried_until <= today))
        .order_by(CardState.due)
    )
    return [(item_id, state, _aware(due)) for item_id, state, due in session.exec(query)]


def unavailable_new(session, now: datetime, starts_at: int = day.DEFAULT_START) -> set[str]:
    """Items that are no longer new, or new but suspended or buried: not offered as new."""
    today = local_day(now, starts_at)
    query = select(CardState.item_id).where(
        or_(CardState.state > 0, col(CardState.suspended).is_(True), CardState.buried_until > today)
    )
    return set(session.exec(query))


def done_today(session, now: datetime, starts_at: int = day.DEFAULT_START) -> tuple[int, int]:
    """(new items introduced today, answers today in drill mode to cards that were in review)."""
    start = day_start(now, starts_at)
    new = session.exec(select(func.count()).select_from(CardState).where(CardState.first_seen >= start)).one()
    reviews = session.exec(
        select(func.count()).select_from(ReviewLog)
        .where(ReviewLog.mode == "drill", ReviewLog.reviewed_at >= start, ReviewLog.state_before == REVIEW)
    ).one()
    return new, reviews


def needed_per_day(settings: Settings, unseen: int, today: date) -> int | None:
    """New items a day that see every unseen item a week before the exam (None without an exam
    date, or once it has passed: a past exam sets no pace)."""
    if settings.exam_date is None or settings.exam_date < today:
        return None
    days_left = (settings.exam_date - EXAM_MARGIN - today).days + 1
    return unseen if days_left < 1 else math.ceil(unseen / days_left)


def new_allowance(settings: Settings, unseen: int, today: date) -> int:
    """New items allowed today: the daily limit, raised if the exam date needs a faster pace."""
    needed = needed_per_day(settings, unseen, today)
    return settings.new_per_day if needed is None else max(settings.new_per_day, needed)


def owed(session, links: dict[str, list[str]] | None = None) -> dict[str, datetime]:
    """Items owed a look since a question was missed in a drill or a mock exam: the question and the
    cards it links (`links`: question -> cards), each with the time of its latest miss, unless it
    has been drilled since. Derived from the log and the cards' last drill answers, so an undone
    answer takes its miss back with it."""
    misses = session.exec(
        select(ReviewLog.item_id, func.max(ReviewLog.reviewed_at))
        .where(ReviewLog.kind == "question", col(ReviewLog.correct).is_(False), ReviewLog.mode != "cram")
        .group_by(ReviewLog.item_id))
    missed: dict[str, datetime] = {}
    for question, when in misses:
        at = _moment(when)
        for item_id in (question, *(links or {}).get(question, ())):
            missed[item_id] = max(missed.get(item_id, at), at)
    if not missed:
        return {}
    drilled = {item_id: _last_review(card) for item_id, card in session.exec(
        select(CardState.item_id, CardState.card).where(col(CardState.item_id).in_(list(missed))))}
    return {i: when for i, when in missed.items() if drilled.get(i) is None or drilled[i] < when}


def _last_review(card: str) -> datetime | None:
    """When the item was last drilled: its fsrs card's last review (None if never, or unreadable)."""
    try:
        last = json.loads(card).get("last_review")
        return _moment(last) if last else None
    except (ValueError, AttributeError, TypeError):
        return None


def _moment(value) -> datetime:
    """A stored time (SQLite hands MAX() back as text) as an aware UTC datetime."""
    return _aware(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


def new_order(item_id: str, first: set[str] | dict = frozenset()) -> tuple[bool, int]:
    """Items in `first` (owed after a miss) lead; the rest keep a stable shuffle that mixes topics."""
    return item_id not in first, zlib.crc32(item_id.encode())


@dataclass(frozen=True)
class Snapshot:
    """Where a set of items stands right now: what the drill can show, and what comes later."""

    due: list[str]  # reviews due today (within the daily review limit) and learning steps due now
    new: list[str]  # new items still allowed today, in the order they are offered
    ahead: list[str]  # learning steps due within LEARN_AHEAD but not yet
    learning: int  # learning steps due now or within LEARN_AHEAD
    reviews: int  # reviews left today, within the limit
    unseen: int  # items never seen (suspended and buried ones aside)
    next_learning: datetime | None  # when the first learning step after the learn-ahead window is due
    due_tomorrow: int  # items due by the end of tomorrow that are not shown today


def offer_order(ids) -> list[str]:
    """The order new items are offered in: a stable shuffle that mixes topics."""
    return sorted(ids, key=new_order)


def snapshot(session, ids: list[str], settings: Settings, now: datetime,
             owed_items: dict[str, datetime] | None = None) -> Snapshot:
    """The queue for the items `ids` (in offer_order) at `now`. Items in `owed_items` (see `owed`)
    come first: a scheduled one is due now, whatever the review limit; a new one leads the new items."""
    owed_items = owed_items or {}
    known = set(ids)
    starts_at = settings.day_starts_at
    end_today = day_start(now, starts_at) + timedelta(days=1)
    new_done, reviews_done = done_today(session, now, starts_at)
    room = max(0, settings.reviews_per_day - reviews_done)
    learning_now, reviews, ahead, later, pulled = [], [], [], [], []
    next_learning = None
    for item_id, state, when in scheduled(session, now, starts_at):  # earliest due first
        if item_id not in known:
            continue
        if item_id in owed_items:
            pulled.append((owed_items[item_id], item_id, state))
        elif state == REVIEW:
            (reviews if when < end_today else later).append((when, item_id))
        elif when <= now:
            learning_now.append((when, item_id))
        elif when <= now + LEARN_AHEAD:
            ahead.append((when, item_id))
        else:
            later.append((when, item_id))
            next_learning = next_learning or when
    shown_reviews, left_over = reviews[:room], reviews[room:]
    blocked = unavailable_new(session, now, starts_at)
    unseen = sorted((i for i in ids if i not in blocked), key=lambda i: i not in owed_items)  # stable
    # the exam pace counts the items unseen when the day began, so it does not fall behind within the day
    allowed = max(0, new_allowance(settings, len(unseen) + new_done, local_day(now, starts_at)) - new_done)
    end_tomorrow = end_today + timedelta(days=1)
    return Snapshot(
        due=[i for _, i, _ in sorted(pulled)] + [i for _, i in sorted(learning_now + shown_reviews)],
        new=unseen[:allowed],
        ahead=[i for _, i in ahead],
        learning=len(learning_now) + len(ahead) + sum(state != REVIEW for *_, state in pulled),
        reviews=len(shown_reviews) + sum(state == REVIEW for *_, state in pulled),
        unseen=len(unseen),
        next_learning=next_learning,
        due_tomorrow=len(left_over) + sum(1 for when, _ in later if when < end_tomorrow),
    )
