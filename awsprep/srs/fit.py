"""`awsprep optimize`: FSRS-6 parameters fitted to the learner's own drill answers with
fsrs-rs-python (no torch), scored against the defaults on the same reviews, and saved for the
scheduler, which reschedules every card from its memory state under them.

The training data is what fsrs-rs expects: per item, its answers as (rating, days since the previous
answer) in learner days; each answer a day or more after the previous one is a review to predict.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from awsprep.errors import UserError
from awsprep.srs import day
from awsprep.srs.review import REVIEW_STATE, aware

MIN_REVIEWS = 400  # reviews to predict before a fit is worth more than the defaults
REFIT_AFTER = 400  # new reviews since the last fit before `awsprep stats` suggests fitting again


@dataclass(frozen=True)
class Score:
    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class Result:
    parameters: list[float]
    reviews: int  # reviews predicted: answers a day or more after the item's previous one
    items: int
    default: Score
    fitted: Score
    rescheduled: int | None  # cards given a new due date (None when not saved)
    backup: str | None


def current(session) -> tuple[float, ...]:
    """The parameters of the newest fit (by when it was fitted: a progress import can bring in an
    older one later), or () for fsrs's defaults."""
    from sqlmodel import col, select

    from awsprep.store.tables import Fit

    row = session.exec(select(Fit.parameters).order_by(col(Fit.fitted_at).desc(), col(Fit.id).desc()).limit(1)).first()
    return tuple(json.loads(row)) if row else ()


def histories(session, starts_at: int) -> list[list[tuple[date, int]]]:
    """Each item's drill answers as (learner day, rating), oldest first."""
    from sqlalchemy import text

    rows = session.execute(text("SELECT item_id, reviewed_at, rating FROM review_log WHERE mode = 'drill' "
                                "ORDER BY item_id, reviewed_at, id"))
    answers: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for item_id, reviewed_at, rating in rows:
        moment = aware(reviewed_at if isinstance(reviewed_at, datetime) else datetime.fromisoformat(reviewed_at))
        answers[item_id].append((day.today(moment, starts_at), rating))
    return list(answers.values())


def reviews_to_predict(history: list[tuple[date, int]]) -> int:
    return sum(1 for (before, _), (after, _) in zip(history, history[1:]) if after > before)


def training_items(histories: list[list[tuple[date, int]]]) -> list:
    """fsrs-rs items: one per answer a day or more after the item's previous one, with the history before it."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    items = []
    for history in histories:
        reviews, last = [], history[0][0]
        for when, rating in history:
            reviews.append(FSRSReview(rating, (when - last).days))
            if when > last:
                items.append(FSRSItem(list(reviews)))
            last = when
    return items


def optimize(store, now: datetime, save: bool = True) -> Result:
    """Fit, score and (with `save`) keep the parameters, rescheduling every card under them in one
    transaction after a backup. UserError when the log holds fewer than MIN_REVIEWS reviews."""
    from awsprep.srs import settings

    with store.session() as session:
        starts_at = settings.load(session).day_starts_at
        answers = histories(session, starts_at)
    reviews = sum(reviews_to_predict(h) for h in answers)
    if reviews < MIN_REVIEWS:
        raise UserError(f"too few reviews to fit your parameters: {reviews} answers came a day or more after the "
                        f"item's previous one, and a fit needs {MIN_REVIEWS}; keep drilling, then run "
                        "`awsprep optimize` again (the defaults are used meanwhile)")
    import fsrs_rs_python

    items = training_items(answers)
    default = list(fsrs_rs_python.DEFAULT_PARAMETERS)
    fitted = fsrs_rs_python.FSRS(default).compute_parameters(items)
    scores = [fsrs_rs_python.FSRS(p).evaluate(items) for p in (default, fitted)]
    default_score, fitted_score = (Score(s.log_loss, s.rmse_bins) for s in scores)
    moved, backup = None, None
    if save:
        moved, backup = _save(store, now, fitted, reviews, default_score, fitted_score)
    return Result(fitted, reviews, len(answers), default_score, fitted_score, moved, backup)


def _save(store, now: datetime, parameters: list[float], reviews: int, default: Score, fitted: Score):
    from awsprep.srs import reschedule
    from awsprep.store.tables import Fit

    row = Fit(fitted_at=now, parameters=json.dumps(parameters), reviews=reviews, log_loss_default=default.log_loss,
              log_loss=fitted.log_loss, rmse_bins_default=default.rmse_bins, rmse_bins=fitted.rmse_bins)
    return reschedule.after(store, lambda session: session.add(row), now)


def suggestion(session) -> dict:
    """For `awsprep stats`: reviews since the last fit, and whether fitting (again) is worth it."""
    from sqlalchemy import text

    last = session.execute(text("SELECT MAX(fitted_at) FROM fit")).scalar()
    since = session.execute(text(
        "SELECT COUNT(*) FROM review_log WHERE mode = 'drill' AND state_before = :review AND reviewed_at > :since"),
        {"review": REVIEW_STATE, "since": str(last or "")}).scalar()
    needed = MIN_REVIEWS if last is None else REFIT_AFTER
    return {"fitted_at": str(last) if last else None, "reviews_since_fit": since, "suggested": since >= needed,
            "command": "awsprep optimize"}
