"""The forecast to the exam day (`awsprep plan`): day by day, the new items and reviews the plan
gives and the minutes they take at the learner's own pace; the predicted recall per domain on the
exam day; and, when a day goes over the `minutes-per-day` budget, what would bring it back.

The days are simulated on copies of the cards with the real scheduler, pacing and plan
(srs/queue.py, srs/plan.py): each review passes with its predicted recall (a seeded draw, so the
forecast is the same each time), a lapse goes through the relearning steps, a new item through
its learning steps.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from statistics import median

from awsprep.content.exam import DOMAINS
from awsprep.errors import UserError
from awsprep.srs import day, plan, queue
from awsprep.srs.catalog import Entry
from awsprep.srs.review import AGAIN, GOOD, REVIEW_STATE, card_of, new_card, scheduler
from awsprep.srs.settings import Settings

DEFAULT_SECONDS = {"new": 20.0, "review": 10.0}  # per answer, until the learner has MIN_TIMED of the kind
MIN_TIMED = 30
LATER_EXAM_WEEKS = (1, 2, 4, 8)  # later exam dates tried when the budget is exceeded


@dataclass(frozen=True)
class DayPlan:
    day: date
    new: int
    reviews: int
    answers: int  # every answer: reviews, relearning and learning steps
    minutes: float


@dataclass(frozen=True)
class Start:
    """What the forecast starts from: the cards as they stand, and the learner's pace."""

    entries: list[Entry]
    cards: dict  # item id -> fsrs.Card, for every seen item that is not suspended
    unseen: list[str]  # in the order the drill offers them
    done: tuple[int, int]  # new items and reviews already done today
    seconds: dict[str, float]  # per answer: "new" (learning steps) and "review"
    timed: bool  # the seconds come from the learner's own answers
    now: datetime


@dataclass(frozen=True)
class Forecast:
    settings: Settings
    days: list[DayPlan]
    recall: dict[int, tuple[float, float]]  # domain -> (mean predicted recall at the exam, share >= desired)
    start: Start

    @property
    def peak(self) -> DayPlan:
        return max(self.days, key=lambda d: d.minutes)

    def over_budget(self) -> list[DayPlan]:
        return [d for d in self.days if d.minutes > self.settings.minutes_per_day]

    def to_dict(self, advice: list[str]) -> dict:
        s = self.settings
        return {
            "exam_date": s.exam_date.isoformat(),
            "days_left": (s.exam_date - self.days[0].day).days,
            "desired_retention": s.desired_retention,
            "budget_minutes": s.minutes_per_day,
            "seconds_per_answer": self.start.seconds | {"from_your_answers": self.start.timed},
            "days": [{"date": d.day.isoformat(), "new": d.new, "reviews": d.reviews, "answers": d.answers,
                      "minutes": round(d.minutes, 1)} for d in self.days],
            "recall_on_exam_day": {str(k): {"title": DOMAINS[k][0], "recall": round(r, 3), "at_desired": round(a, 3)}
                                   for k, (r, a) in sorted(self.recall.items())},
            "over_budget": [d.day.isoformat() for d in self.over_budget()],
            "advice": advice,
        }


def start(session, entries: list[Entry], settings: Settings, now: datetime) -> Start:
    """Read the cards and the learner's pace. UserError without an exam date or once it has passed."""
    from sqlmodel import select

    from awsprep.store.tables import CardState

    today = day.today(now, settings.day_starts_at)
    if settings.exam_date is None:
        raise UserError("no exam date to plan to: set it with `awsprep config set exam-date YYYY-MM-DD`")
    if settings.exam_date < today:
        raise UserError(f"the exam date {settings.exam_date} has passed: set your next one with "
                        "`awsprep config set exam-date YYYY-MM-DD`, or `awsprep config unset exam-date`")
    ids = {e.id for e in entries}
    rows = [r for r in session.exec(select(CardState)) if r.item_id in ids]
    cards = {r.item_id: card_of(session, r.item_id, r.card, settings) for r in rows if r.state > 0 and not r.suspended}
    blocked = {r.item_id for r in rows if r.state > 0 or r.suspended}
    first = queue.owed(session)
    unseen = sorted((i for i in ids if i not in blocked), key=lambda i: queue.new_order(i, first))
    seconds, timed = _seconds(session)
    return Start(entries, cards, unseen, queue.done_today(session, now, settings.day_starts_at), seconds, timed, now)


def _seconds(session) -> tuple[dict[str, float], bool]:
    """Median seconds per answer of the learner's recent drill answers, new (learning) and review."""
    from sqlalchemy import text

    rows = session.execute(text("SELECT duration_ms, state_before FROM review_log WHERE mode = 'drill' "
                                "AND duration_ms > 0 ORDER BY id DESC LIMIT 2000")).all()
    kinds = {"new": [ms for ms, state in rows if state in (None, 0, 1)],
             "review": [ms for ms, state in rows if state in (2, 3)]}
    timed = all(len(v) >= MIN_TIMED for v in kinds.values())
    return ({k: round(median(v) / 1000, 1) if len(v) >= MIN_TIMED else DEFAULT_SECONDS[k] for k, v in kinds.items()},
            timed)


def run(begin: Start, settings: Settings, seed: int = 0) -> Forecast:
    """Simulate every day from today to the exam day under `settings`."""
    saved = random.getstate()  # the plan draws its ties from `random`: seeded, the forecast is stable
    random.seed(seed)
    try:
        return _run(begin, settings, random.Random(seed))
    finally:
        random.setstate(saved)


def _run(begin: Start, settings: Settings, rng: random.Random) -> Forecast:
    fsrs_scheduler = scheduler(settings)
    starts_at = settings.day_starts_at
    cards = {i: c for i, c in begin.cards.items()}
    unseen = list(begin.unseen)
    load = Counter(day.today(c.due, starts_at) for c in cards.values() if c.state == REVIEW_STATE)
    today = day.today(begin.now, starts_at)
    exam = day.start(settings.exam_date, starts_at)
    days, recall = [], None
    for offset in range((settings.exam_date - today).days + 1):
        on = today + timedelta(days=offset)
        moment = begin.now + timedelta(days=offset)
        new_done, reviews_done = begin.done if offset == 0 else (0, 0)
        if on == settings.exam_date:
            recall = {i: fsrs_scheduler.get_card_retrievability(c, exam) for i, c in cards.items()}
        end = day.start(on + timedelta(days=1), starts_at)
        reviews, seconds, answers = 0, 0.0, 0
        for _, item_id in sorted((c.due, i) for i, c in cards.items() if c.due < end):
            card = cards[item_id]
            if card.state == REVIEW_STATE:
                if reviews_done + reviews >= settings.reviews_per_day:
                    continue
                reviews += 1
                load[day.today(card.due, starts_at)] -= 1
                passed = rng.random() < fsrs_scheduler.get_card_retrievability(card, moment)
            else:
                passed = True  # a learning step already under way
            cards[item_id], count = _answer(fsrs_scheduler, card, GOOD if passed else AGAIN, max(moment, card.due),
                                            settings, load)
            answers += count
            seconds += count * begin.seconds["review" if card.state == REVIEW_STATE else "new"]
        allowed = queue.new_allowance(settings, len(unseen) + new_done, on) - new_done
        introduced, unseen = unseen[:max(0, allowed)], unseen[max(0, allowed):]
        for item_id in introduced:
            cards[item_id], count = _answer(fsrs_scheduler, new_card(item_id, moment), GOOD, moment, settings, load)
            answers += count
            seconds += count * begin.seconds["new"]
        days.append(DayPlan(on, len(introduced), reviews, answers, seconds / 60))
    return Forecast(settings, days, _by_domain(begin.entries, recall, settings.desired_retention), begin)


def _answer(fsrs_scheduler, card, rating: int, at: datetime, settings: Settings, load: Counter):
    """The card after `rating` and then Good through any learning steps, placed by the plan; and the answers it took."""
    import fsrs

    card, _ = fsrs_scheduler.review_card(card, fsrs.Rating(rating), review_datetime=at)
    answers = 1
    while card.state != REVIEW_STATE:
        at = card.due
        card, _ = fsrs_scheduler.review_card(card, fsrs.Rating.Good, review_datetime=at)
        answers += 1
    card.due = plan.due(card, at, settings, lambda first, last: load)
    load[day.today(card.due, settings.day_starts_at)] += 1
    return card, answers


def _by_domain(entries: list[Entry], recall: dict[str, float], target: float) -> dict[int, tuple[float, float]]:
    points: dict[int, list[float]] = {}
    for entry in entries:
        points.setdefault(entry.domain, []).append(recall.get(entry.id, 0.0))
    return {d: (sum(p) / len(p), sum(r >= target for r in p) / len(p)) for d, p in points.items()}


def advice(begin: Start, result: Forecast) -> list[str]:
    """What to change when a day goes over the budget, each with the peak it would give."""
    s = result.settings
    if not result.over_budget():
        return []
    tips = []
    lower = round(s.desired_retention - 0.05, 2)
    if lower >= 0.70:
        peak = run(begin, replace(s, desired_retention=lower)).peak.minutes
        tips.append(f"`awsprep config set desired-retention {lower}` (fewer reviews): peak {peak:.0f} min")
    for weeks in LATER_EXAM_WEEKS:
        later = s.exam_date + timedelta(weeks=weeks)
        peak = run(begin, replace(s, exam_date=later)).peak.minutes
        if peak <= s.minutes_per_day:
            tips.append(f"an exam on {later} ({weeks} week(s) later; `awsprep config set exam-date {later}`): "
                        f"peak {peak:.0f} min")
            break
    tips.append(f"`awsprep config set minutes-per-day {math.ceil(result.peak.minutes)}` if you can give that time")
    return tips
