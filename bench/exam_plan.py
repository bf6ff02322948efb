"""A simulated learner on the full corpus with the exam 45 days out, studying every evening in
Los Angeles and once more on the exam morning, doing every review and new item the drill offers
(default limits and settings, fuzzing on).

The learner's memory follows an FSRS-6 forgetting curve with fixed true parameters, weaker than the
defaults (lower first stabilities, slower growth): a wrong answer is Again, a right one Good.

Figures, each beside its target:
- items introduced by exam - 7 days (100%);
- reviews on the exam day over the mean daily reviews (<= 1.5);
- the peak day over the mean (<= 2.5);
- items at or above desired retention on the exam day (>= 95%): predicted by the scheduler (FSRS
  retrievability from its stability, the issue's measure), and the learner's true recall;
- log loss and RMSE(bins) of the default and the fitted parameters on the simulated log
  (`awsprep optimize`); with --weekly, the exam-day figures again for a learner who runs it every week.

Run: .venv/bin/python bench/exam_plan.py [--json] [--seed N] [--weekly]   (about 20 minutes a run)
"""

from __future__ import annotations

import os
import time

os.environ["TZ"] = "America/Los_Angeles"  # a zone far from UTC: the learner's day is not UTC's
time.tzset()

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
from datetime import date, datetime, timedelta, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

import fsrs  # noqa: E402
from sqlalchemy import func  # noqa: E402
from sqlmodel import col, select  # noqa: E402

from awsprep.content.load import load_all  # noqa: E402
from awsprep.srs import catalog, review, settings  # noqa: E402
from awsprep.srs.drill import Drill  # noqa: E402
from awsprep.store.db import Store  # noqa: E402
from awsprep.store.tables import CardState, ReviewLog  # noqa: E402

EXAM_IN = 45  # days from the first study day to the exam
FIRST_DAY = date(2027, 3, 1)
EVENING, EXAM_MORNING, EXAM_AT = 19, 7, 10  # local hours: daily study, the exam-day session, the exam
FIRST_RIGHT = 0.6  # chance that the first answer to a new item is right
# FSRS-6 defaults with first stabilities halved and slower stability growth (w8 1.87 -> 1.4)
TRUE_PARAMETERS = list(fsrs.scheduler.DEFAULT_PARAMETERS)
TRUE_PARAMETERS[0:4] = [w / 2 for w in TRUE_PARAMETERS[0:4]]
TRUE_PARAMETERS[8] = 1.4
OPTIMIZE_EVERY = 7  # days, in the weekly scenario (from the first day with enough reviews)


def at(day: date, hour: int) -> datetime:
    """`hour` o'clock local time on `day`, in UTC."""
    return datetime(day.year, day.month, day.day, hour).astimezone().astimezone(timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = at(FIRST_DAY, EVENING)

    def __call__(self) -> datetime:
        return self.now


class Learner:
    """True memory: one fsrs card per item under the true parameters (no fuzz)."""

    def __init__(self, current: settings.Settings, seed: int) -> None:
        self.memory = fsrs.Scheduler(parameters=TRUE_PARAMETERS, learning_steps=settings.steps(current.learning_steps),
                                     relearning_steps=settings.steps(current.relearning_steps), enable_fuzzing=False)
        self.cards: dict[str, fsrs.Card] = {}
        self.rng = random.Random(seed)

    def answer(self, item_id: str, now: datetime) -> int:
        card = self.cards.get(item_id)
        chance = FIRST_RIGHT if card is None else self.memory.get_card_retrievability(card, now)
        rating = review.GOOD if self.rng.random() < chance else review.AGAIN
        card, _ = self.memory.review_card(card or fsrs.Card(card_id=len(self.cards) + 1, due=now), fsrs.Rating(rating),
                                          review_datetime=now)
        self.cards[item_id] = card
        return rating

    def recall(self, item_id: str, now: datetime) -> float:
        card = self.cards.get(item_id)
        return 0.0 if card is None else self.memory.get_card_retrievability(card, now)


def study(store: Store, entries, learner: Learner, clock: Clock, rng: random.Random) -> int:
    """One sitting: everything the drill offers, coming back for learning steps due the same day.
    Returns the reviews due when it began (the day's own and any left over from earlier days)."""
    sitting_day = clock.now.astimezone().date()
    with store.session() as session:
        current = settings.load(session)
        due = session.exec(select(func.count()).select_from(CardState).where(
            CardState.state == review.REVIEW_STATE, col(CardState.suspended).is_(False),
            CardState.due < at(sitting_day + timedelta(days=1), 4))).one()
    drill = Drill(store, entries, current, clock=clock, rng=rng)
    while True:
        entry = drill.next()
        if entry is None:
            later = drill.left.next_learning if drill.left else None
            if later is None or later.astimezone().date() != sitting_day:
                return due
            clock.now = later
            continue
        rating = learner.answer(entry.id, clock.now)
        duration = rng.randint(6_000, 20_000)
        drill.answer(entry, rating, duration_ms=duration, correct=None)
        clock.now += timedelta(milliseconds=duration)


def simulate(home: Path, seed: int, weekly_optimize: bool = False) -> dict:
    """The 45 days to the exam and the exam morning; the figures of that run."""
    entries = catalog.entries(load_all([]))
    exam_date = FIRST_DAY + timedelta(days=EXAM_IN)
    store = Store(home / "awsprep.db")
    with store.session() as session:
        settings.save(session, settings.Settings(exam_date=exam_date))
    clock = Clock()
    rng = random.Random(seed)
    random.seed(seed)
    with store.session() as session:
        learner = Learner(settings.load(session), seed)
    fits, due = [], []
    for offset in range(EXAM_IN):
        day = FIRST_DAY + timedelta(days=offset)
        clock.now = at(day, EVENING)
        if weekly_optimize and offset and offset % OPTIMIZE_EVERY == 0:
            fits.append(_optimize(store, clock.now))
        due.append(study(store, entries, learner, clock, rng))
    clock.now = at(exam_date, EXAM_MORNING)
    due.append(study(store, entries, learner, clock, rng))
    figures = measure(store, entries, learner, exam_date, due)
    if weekly_optimize:
        figures["fits"] = [f for f in fits if f is not None]
    store.close()
    return figures


def _optimize(store: Store, now: datetime) -> dict | None:
    """`awsprep optimize` as the learner would run it; None while there are too few reviews."""
    from awsprep.errors import UserError
    from awsprep.srs import fit

    try:
        result = fit.optimize(store, now)
    except UserError:
        return None
    return {"day": now.astimezone().date().isoformat(), "reviews": result.reviews,
            "log_loss": [round(result.default.log_loss, 4), round(result.fitted.log_loss, 4)]}


def measure(store: Store, entries, learner: Learner, exam_date: date, due: list[int]) -> dict:
    """The figures; `due` is the reviews due at each day's sitting (the exam morning last)."""
    exam_time = at(exam_date, EXAM_AT)
    with store.session() as session:
        current = settings.load(session)
        states = {s.item_id: s for s in session.exec(select(CardState))}
        logs = session.exec(select(ReviewLog.reviewed_at, ReviewLog.state_before, ReviewLog.duration_ms)).all()
    scheduler = review.scheduler(current)
    days = EXAM_IN + 1
    reviews, minutes = [0] * days, [0.0] * days
    for reviewed_at, state_before, duration_ms in logs:
        index = (review.aware(reviewed_at).astimezone().date() - FIRST_DAY).days
        reviews[index] += state_before == review.REVIEW_STATE
        minutes[index] += duration_ms / 60000
    deadline = exam_date - timedelta(days=7)
    introduced = sum(1 for s in states.values() if s.first_seen and review.aware(s.first_seen).astimezone().date() <= deadline)
    predicted = [scheduler.get_card_retrievability(fsrs.Card.from_json(states[e.id].card), exam_time)
                 if e.id in states and states[e.id].state > 0 else 0.0 for e in entries]
    true = [learner.recall(e.id, exam_time) for e in entries]
    mean = sum(due) / days
    target = current.desired_retention
    return {
        "items": len(entries),
        "introduced_by_exam_minus_7": round(introduced / len(entries), 4),
        "exam_day_due": due[-1],
        "mean_daily_due": round(mean, 1),
        "exam_day_over_mean": round(due[-1] / mean, 3),
        "peak_day_due": max(due),
        "peak_over_mean": round(max(due) / mean, 3),
        "at_desired_retention_predicted": round(sum(r >= target for r in predicted) / len(entries), 4),
        "at_desired_retention_true": round(sum(r >= target for r in true) / len(entries), 4),
        "mean_true_recall_on_exam_day": round(sum(true) / len(entries), 4),
        "mean_daily_minutes": round(sum(minutes) / days, 1),
        "peak_day_minutes": round(max(minutes), 1),
        "exam_day_left_undone": due[-1] - reviews[-1],  # over the daily review limit
        "days_over_review_limit": sum(d > current.reviews_per_day for d in due),
        "daily_due": due,
        "daily_reviews_done": reviews,
    }


def fit_figures(home: Path) -> dict:
    """Log loss and RMSE(bins) of the default and the fitted parameters on the simulated log."""
    from awsprep.srs import fit

    store = Store(home / "awsprep.db")
    result = fit.optimize(store, datetime.now(timezone.utc), save=False)
    store.close()
    return {"reviews": result.reviews,
            "default": {"log_loss": round(result.default.log_loss, 4), "rmse_bins": round(result.default.rmse_bins, 4)},
            "fitted": {"log_loss": round(result.fitted.log_loss, 4), "rmse_bins": round(result.fitted.rmse_bins, 4)}}


def show(name: str, f: dict) -> None:
    print(f"{name}: {f['items']:,} items, exam {EXAM_IN} days out")
    print(f"  introduced by exam - 7:          {f['introduced_by_exam_minus_7']:7.1%}   (target 100%)")
    print(f"  exam-day reviews / mean daily:   {f['exam_day_over_mean']:7.2f}   (target <= 1.5; "
          f"{f['exam_day_due']} due vs {f['mean_daily_due']})")
    print(f"  peak day / mean daily:           {f['peak_over_mean']:7.2f}   (target <= 2.5; "
          f"{f['peak_day_due']} due vs {f['mean_daily_due']})")
    print(f"  days with more due than the daily review limit: {f['days_over_review_limit']}; "
          f"reviews left undone on the exam day: {f['exam_day_left_undone']}")
    print(f"  at desired retention, predicted: {f['at_desired_retention_predicted']:7.1%}   (target >= 95%)")
    print(f"  at desired retention, true:      {f['at_desired_retention_true']:7.1%}   "
          f"(mean true recall {f['mean_true_recall_on_exam_day']:.1%})")
    print(f"  minutes a day: mean {f['mean_daily_minutes']}, peak {f['peak_day_minutes']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weekly", action="store_true", help="also run a learner who runs awsprep optimize every week")
    args = parser.parse_args()
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result["default_parameters"] = simulate(Path(tmp) / "default", args.seed)
        result["fit_on_simulated_log"] = fit_figures(Path(tmp) / "default")
        if args.weekly:
            result["optimized_weekly"] = simulate(Path(tmp) / "weekly", args.seed, weekly_optimize=True)
        result["seconds"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(result))
        return
    show("default parameters", result["default_parameters"])
    fitted = result["fit_on_simulated_log"]
    print(f"fit on that log ({fitted['reviews']:,} reviews): log loss {fitted['default']['log_loss']} default -> "
          f"{fitted['fitted']['log_loss']} fitted; RMSE(bins) {fitted['default']['rmse_bins']} -> {fitted['fitted']['rmse_bins']}")
    if "optimized_weekly" in result:
        show("awsprep optimize every week", result["optimized_weekly"])
    print(f"({result['seconds']} s)")


if __name__ == "__main__":
    main()
