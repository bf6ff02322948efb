"""What to study next: due reviews first, then new items within the daily limits and exam pacing."""

from __future__ import annotations

import math
import zlib
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, or_
from sqlmodel import col, select

from awsprep.srs.settings import Settings
from awsprep.store.tables import CardState, ReviewLog

LEARN_AHEAD = timedelta(minutes=20)  # with nothing else left, show learning steps due this soon
EXAM_MARGIN = timedelta(days=7)  # see everything at least a week before the exam


def day_start(now: datetime) -> datetime:
    """The start of the learner's local day containing `now`, in UTC."""
    local = now.astimezone()
    return datetime.combine(local.date(), time(0), tzinfo=local.tzinfo).astimezone(timezone.utc)


def local_day(now: datetime) -> date:
    return now.astimezone().date()


def due(session, now: datetime, ahead: timedelta = timedelta(0)) -> list[str]:
    """Items already seen and due by `now + ahead`, earliest first, not suspended or buried."""
    today = local_day(now)
    query = (
        select(CardState.item_id)
        .where(CardState.due <= now + ahead, CardState.state > 0, col(CardState.suspended).is_(False))
        .where(or_(col(CardState.buried_until).is_(None), CardState.buried_until <= today))
        .order_by(CardState.due)
    )
    return list(session.exec(query))


def unavailable_new(session, now: datetime) -> set[str]:
    """Items that are no longer new, or new but suspended or buried: not offered as new."""
    today = local_day(now)
    query = select(CardState.item_id).where(
        or_(CardState.state > 0, col(CardState.suspended).is_(True), CardState.buried_until > today)
    )
    return set(session.exec(query))


def done_today(session, now: datetime) -> tuple[int, int]:
    """(new items introduced today, reviews of older items today) in drill mode."""
    start = day_start(now)
    new = session.exec(select(func.count()).select_from(CardState).where(CardState.first_seen >= start)).one()
    reviews = session.exec(
        select(func.count()).select_from(ReviewLog)
        .join(CardState, CardState.item_id == ReviewLog.item_id)
        .where(ReviewLog.mode == "drill", ReviewLog.reviewed_at >= start, CardState.first_seen < start)
    ).one()
    return new, reviews


def new_allowance(settings: Settings, unseen: int, today: date) -> int:
    """New items allowed today: the daily limit, raised if the exam date needs a faster pace."""
    if settings.exam_date is None:
        return settings.new_per_day
    deadline = settings.exam_date - EXAM_MARGIN
    days_left = (deadline - today).days + 1
    needed = unseen if days_left < 1 else math.ceil(unseen / days_left)
    return max(settings.new_per_day, needed)


def exam_misses(session) -> set[str]:
    """Questions answered wrong in a mock exam."""
    query = select(ReviewLog.item_id).where(ReviewLog.kind == "question", ReviewLog.mode == "exam",
                                            col(ReviewLog.correct).is_(False))
    return set(session.exec(query))


def new_order(item_id: str, first: set[str] = frozenset()) -> tuple[bool, int]:
    """Items in `first` (missed in an exam) lead; the rest keep a stable shuffle that mixes topics."""
    return item_id not in first, zlib.crc32(item_id.encode())
