"""Recording an answer: one review-log row and the card's new state, in one transaction.

Scheduling is the `fsrs` package's; on top of it: an exam-date cap on intervals, lapse counting
and leech suspension, and undo from the state each log row saved before it changed anything.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from awsprep.srs.settings import Settings, steps
from awsprep.store.tables import CardState, ReviewLog

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
NEW = 0
REVIEW_STATE = 2


@dataclass(frozen=True)
class Outcome:
    log_id: int
    due: datetime | None  # None when the schedule was not touched (cram, exam)
    became_leech: bool


def scheduler(settings: Settings):
    import fsrs

    return fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=steps(settings.learning_steps),
        relearning_steps=steps(settings.relearning_steps),
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.fuzzing,
    )


def aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they are always UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def exam_cap(exam: date | None, now: datetime) -> datetime | None:
    """No interval may run past the exam day (while the exam is ahead)."""
    if exam is None or exam <= now.date():
        return None
    return datetime.combine(exam, time(0), tzinfo=timezone.utc)


def record(session, settings: Settings, item_id: str, kind: str, rating: int, *, answer: str = "",
           correct: bool | None = None, duration_ms: int = 0, now: datetime, mode: str = "drill") -> Outcome:
    """Log one answer; in drill mode also move the card on the FSRS schedule."""
    import fsrs

    if rating not in (AGAIN, HARD, GOOD, EASY):
        raise ValueError(f"rating must be 1-4, got {rating}")
    now = aware(now)
    log = ReviewLog(item_id=item_id, kind=kind, mode=mode, rating=rating, answer=answer, correct=correct,
                    reviewed_at=now, duration_ms=duration_ms)
    if mode != "drill":
        session.add(log)
        session.flush()
        return Outcome(log.id, None, False)
    state = session.get(CardState, item_id)
    log.before = snapshot(state)
    log.state_before = state.state if state else None
    card = fsrs.Card.from_json(state.card) if state else new_card(item_id, now)
    was_review = card.state == fsrs.State.Review
    card, _ = scheduler(settings).review_card(card, fsrs.Rating(rating), review_datetime=now, review_duration=duration_ms or None)
    cap = exam_cap(settings.exam_date, now)
    if cap is not None and card.due > cap:
        card.due = max(cap, now)
    if state is None:
        state = CardState(item_id=item_id, kind=kind, card="", state=NEW, due=now)
    state.first_seen = state.first_seen or now
    lapsed = was_review and rating == AGAIN
    state.card, state.state, state.due = card.to_json(), int(card.state), card.due
    state.reps += 1
    state.lapses += int(lapsed)
    became_leech = lapsed and not state.leech and state.lapses >= settings.leech_threshold
    if became_leech:
        state.leech = state.suspended = True
    session.add(state)
    session.add(log)
    session.flush()
    return Outcome(log.id, card.due, became_leech)


def new_card(item_id: str, now: datetime):
    """A fresh fsrs card; its id is derived from the item id (fsrs's default sleeps to make one)."""
    import fsrs

    return fsrs.Card(card_id=zlib.crc32(item_id.encode()), due=now)


def snapshot(state: CardState | None) -> str | None:
    if state is None:
        return None
    data = state.model_dump(mode="json")
    return json.dumps(data)


def undo(session, log_id: int) -> str | None:
    """Remove the answer `log_id` and put its card back as it was; returns the item id."""
    log = session.get(ReviewLog, log_id)
    if log is None:
        return None
    if log.mode == "drill":
        state = session.get(CardState, log.item_id)
        if log.before is None:
            if state is not None:
                session.delete(state)
        else:
            restored = CardState.model_validate(json.loads(log.before))
            if state is None:
                session.add(restored)
            else:
                for key, value in restored.model_dump().items():
                    setattr(state, key, value)
                session.add(state)
    session.delete(log)
    session.flush()
    return log.item_id
