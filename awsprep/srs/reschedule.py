"""Reschedule on change: when desired retention or the FSRS parameters change, every card is
scheduled again from its memory state, in one transaction, after a backup of the database.

The memory state is replayed from the card's drill answers under the new settings (a card whose
log does not hold every answer keeps its schedule); a card in review then falls due from its last
review as the plan places it (srs/plan.py), or now if that day has passed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from awsprep.srs import day, plan, settings
from awsprep.srs.review import REVIEW_STATE, aware, scheduler
from awsprep.srs.settings import Settings


def configure(store, change: Callable[[Settings], Settings], now: datetime) -> tuple[Settings, tuple[int, str] | None]:
    """Save the settings `change` makes; when it changes desired retention, reschedule every card
    in the same transaction after a backup. Returns the settings and (cards moved, backup) if rescheduled."""
    with store.session() as session:
        before = settings.load(session)
        updated = change(before)
        if updated.desired_retention == before.desired_retention:
            settings.save(session, updated)
            return updated, None
    return updated, after(store, lambda session: settings.save(session, change(settings.load(session))), now)


def after(store, change: Callable[[object], None], now: datetime) -> tuple[int, str]:
    """Back the database up, then in one transaction make `change` and reschedule every card under
    the settings it leaves. Returns (cards moved, the backup's path)."""
    copy = backup(store)
    with store.session() as session:
        change(session)
        session.flush()
        moved = reschedule(session, settings.load(session), now)
    return moved, str(copy)


def backup(store) -> Path:
    import sqlite3

    from awsprep.store import backups
    from awsprep.store.db import utcnow

    target = backups.folder(store.path) / f"{store.path.stem}-before-reschedule-{utcnow():%Y%m%dT%H%M%S%f}.db"
    connection = sqlite3.connect(store.path)
    try:
        return backups.copy(connection, target)
    finally:
        connection.close()


def reschedule(session, current: Settings, now: datetime) -> int:
    """Every seen card again under `current`; returns how many got a new due date."""
    from sqlmodel import col, select

    from awsprep.srs.review import replay
    from awsprep.store.tables import CardState, ReviewLog

    rows = session.exec(select(CardState).where(CardState.state > 0)).all()
    answers = defaultdict(list)
    for item_id, rating, when in session.exec(select(ReviewLog.item_id, ReviewLog.rating, ReviewLog.reviewed_at)
                                              .where(ReviewLog.mode == "drill").order_by(col(ReviewLog.id))):
        answers[item_id].append((rating, aware(when)))
    fsrs_scheduler = scheduler(current)
    load = Counter(day.today(aware(r.due), current.day_starts_at) for r in rows
                   if r.state == REVIEW_STATE and not r.suspended)
    moved = 0
    for row in rows:
        history = answers.get(row.item_id, [])
        if not history or len(history) != row.reps:
            continue  # the log does not hold every answer: keep what the card has
        card = replay(row.item_id, history, fsrs_scheduler)
        if row.state == REVIEW_STATE and not row.suspended:
            load[day.today(aware(row.due), current.day_starts_at)] -= 1
        card.due = max(plan.due(card, card.last_review, current, lambda first, last: load), now)
        if card.state == REVIEW_STATE and not row.suspended:
            load[day.today(card.due, current.day_starts_at)] += 1
        moved += card.due != aware(row.due)
        row.card, row.state, row.due = card.to_json(), int(card.state), card.due
        session.add(row)
    return moved
