"""Recording an answer: one review-log row and the card's new state, in one transaction.

Scheduling is the `fsrs` package's; on top of it: the exam-day plan and load balancing that pick
the due day (srs/plan.py), lapse counting and leech warnings (suspend or tag), and undo from the state each log row saved before it changed anything.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

from awsprep.errors import UserError
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
    lapses: int = 0


def scheduler(settings: Settings):
    """fsrs's scheduler for `settings`, without its fuzz: srs/plan.py picks the day in the fuzz range."""
    import fsrs

    return fsrs.Scheduler(
        parameters=settings.parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=steps(settings.learning_steps),
        relearning_steps=steps(settings.relearning_steps),
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


def aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they are always UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def leech_warning(lapses: int, threshold: int) -> bool:
    """As in Anki: an item is a leech at `threshold` lapses, and warned again every half threshold after."""
    return lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0


def record(session, settings: Settings, item_id: str, kind: str, rating: int, *, answer: str = "",
           correct: bool | None = None, duration_ms: int = 0, now: datetime, mode: str = "drill") -> Outcome:
    """Log one answer; in drill mode also move the card on the FSRS schedule."""
    import fsrs

    from awsprep.srs import plan

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
    card = card_of(session, item_id, state.card, settings) if state else new_card(item_id, now)
    was_review = card.state == fsrs.State.Review
    card = plan.schedule(session, settings, item_id, card, rating, now, duration_ms)
    if state is None:
        state = CardState(item_id=item_id, kind=kind, card="", state=NEW, due=now)
    state.first_seen = state.first_seen or now
    lapsed = was_review and rating == AGAIN
    state.card, state.state, state.due = card.to_json(), int(card.state), card.due
    state.reps += 1
    state.lapses += int(lapsed)
    became_leech = lapsed and leech_warning(state.lapses, settings.leech_threshold)
    if became_leech:
        state.leech = True
        state.suspended = state.suspended or settings.leech_action == "suspend"
    session.add(state)
    session.add(log)
    session.flush()
    return Outcome(log.id, card.due, became_leech, state.lapses)


def new_card(item_id: str, now: datetime):
    """A fresh fsrs card; its id is derived from the item id (fsrs's default sleeps to make one)."""
    import fsrs

    return fsrs.Card(card_id=zlib.crc32(item_id.encode()), due=now)


def replay(item_id: str, history: list[tuple[int, datetime]], fsrs_scheduler):
    """The fsrs card a drill history of (rating, when), oldest first, leaves."""
    import fsrs

    card = new_card(item_id, history[0][1])
    for rating, when in history:
        card, _ = fsrs_scheduler.review_card(card, fsrs.Rating(rating), review_datetime=when)
    return card


def card_of(session, item_id: str, stored: str, settings: Settings):
    """The item's fsrs card from its stored JSON. A card damaged outside awsprep (not JSON, or not
    an fsrs card) is rebuilt from the item's drill answers, or starts again if it has none."""
    import fsrs
    from sqlmodel import col, select

    try:
        return fsrs.Card.from_json(stored)
    except (ValueError, KeyError, TypeError):
        history = [(rating, aware(when)) for rating, when in session.exec(
            select(ReviewLog.rating, ReviewLog.reviewed_at).where(ReviewLog.item_id == item_id, ReviewLog.mode == "drill")
            .order_by(col(ReviewLog.id)))]
        return replay(item_id, history, scheduler(settings)) if history else new_card(item_id, datetime.now(timezone.utc))


def snapshot(state: CardState | None) -> str | None:
    if state is None:
        return None
    data = state.model_dump(mode="json")
    return json.dumps(data)


class UndoRefused(UserError):
    """Another answer to the same item came after the one to undo (from a second running copy)."""


# What an answer changes besides the flags: undo puts these back as the log row saved them.
_ANSWERED_FIELDS = ("card", "state", "due", "reps", "lapses", "first_seen", "leech")


def undo(session, log_id: int) -> str | None:
    """Remove the answer `log_id` and put back exactly what it changed; returns the item id.

    Raises UndoRefused when another drill answer to the item came after it (a second copy): that
    answer was made from the state this one left, so both stay. A suspension or burial set since
    (by hand, or in another copy) is kept; one this answer caused (a new leech) is taken back."""
    from sqlmodel import col, select

    log = session.get(ReviewLog, log_id)
    if log is None:
        return None
    if log.mode == "drill":
        later = session.exec(select(ReviewLog.id).where(ReviewLog.item_id == log.item_id, ReviewLog.mode == "drill",
                                                        col(ReviewLog.id) > log.id).limit(1)).first()
        if later is not None:
            raise UndoRefused(f"cannot undo the answer to {log.item_id}: it was answered again since (another "
                              "awsprep is running), so both answers stay")
        state = session.get(CardState, log.item_id)
        if state is not None:
            _put_back(session, state, log)
        elif log.before is not None:
            session.add(CardState.model_validate(json.loads(log.before)))
    session.delete(log)
    session.flush()
    return log.item_id


def _put_back(session, state: CardState, log: ReviewLog) -> None:
    """The card as it was before `log`, keeping flags that this answer did not set."""
    if log.before is None:  # the item was new
        if not state.suspended and state.buried_until is None:
            session.delete(state)
            return
        before = CardState(item_id=state.item_id, kind=state.kind, state=NEW, due=log.reviewed_at,
                           card=new_card(state.item_id, aware(log.reviewed_at)).to_json())
    else:
        before = CardState.model_validate(json.loads(log.before))
    if state.leech and not before.leech:  # this answer made it a leech, and so suspended it
        state.suspended = before.suspended
    for name in _ANSWERED_FIELDS:
        setattr(state, name, getattr(before, name))
    session.add(state)
