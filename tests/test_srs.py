"""Scheduling on the real fsrs package with a fixed clock: states, due dates, leeches, limits, exam date."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from awsprep.errors import UserError
from awsprep.srs import flags, queue, review
from awsprep.srs.catalog import Entry
from awsprep.srs.drill import Drill
from awsprep.srs.settings import Settings
from awsprep.store.db import Store
from awsprep.store.tables import CardState, ReviewLog

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
FIXED = Settings(fuzzing=False)


class Clock:
    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "srs.db")


def entries(n: int, kind: str = "fact") -> list[Entry]:
    return [Entry(f"item-{i:03d}", kind, "demo", "1.1") for i in range(n)]


def answer(store, item_id, rating, now, settings=FIXED):
    with store.session() as session:
        return review.record(session, settings, item_id, "fact", rating, now=now)


def state(store, item_id) -> CardState | None:
    with store.session() as session:
        return session.get(CardState, item_id)


def test_review_sequence_gives_expected_states_and_due_dates(store):
    answer(store, "a", review.GOOD, T0)
    s = state(store, "a")
    assert (s.state, review.aware(s.due) - T0, s.reps) == (1, timedelta(minutes=10), 1)  # learning, step 2
    t1 = T0 + timedelta(minutes=10)
    answer(store, "a", review.GOOD, t1)
    s = state(store, "a")
    assert (s.state, review.aware(s.due) - t1) == (2, timedelta(days=2))  # graduated to review
    t2 = review.aware(s.due)
    answer(store, "a", review.AGAIN, t2)
    s = state(store, "a")
    assert (s.state, review.aware(s.due) - t2, s.lapses) == (3, timedelta(minutes=10), 1)  # relearning
    assert review.aware(s.first_seen) == T0


def test_every_answer_is_a_log_row_with_the_state_before(store):
    answer(store, "a", review.GOOD, T0)
    answer(store, "a", review.HARD, T0 + timedelta(minutes=10))
    with store.session() as session:
        logs = session.exec(select(ReviewLog).order_by(ReviewLog.id)).all()
    assert [log.rating for log in logs] == [3, 2]
    assert logs[0].before is None and json.loads(logs[1].before)["reps"] == 1


def test_undo_restores_the_previous_state(store):
    answer(store, "a", review.GOOD, T0)
    before = state(store, "a").model_dump()
    outcome = answer(store, "a", review.AGAIN, T0 + timedelta(minutes=10))
    with store.session() as session:
        assert review.undo(session, outcome.log_id) == "a"
    assert state(store, "a").model_dump() == before
    first = answer(store, "b", review.GOOD, T0)
    with store.session() as session:
        review.undo(session, first.log_id)
        assert session.get(CardState, "b") is None  # back to new


def test_leech_after_eight_lapses_is_tagged_and_suspended(store):
    now = T0
    answer(store, "a", review.EASY, now)  # straight to review
    for lapse in range(1, 9):
        now = review.aware(state(store, "a").due)
        outcome = answer(store, "a", review.AGAIN, now)
        assert outcome.became_leech is (lapse == 8)
        now += timedelta(minutes=10)
        answer(store, "a", review.GOOD, now)  # relearn back into review
    s = state(store, "a")
    assert (s.lapses, s.leech, s.suspended) == (8, True, True)
    with store.session() as session:
        assert [row.item_id for row in flags.suspended(session, leeches_only=True)] == ["a"]
        flags.suspend(session, "a", "fact", now, on=False)
    s = state(store, "a")
    assert (s.leech, s.suspended) == (False, False)


def test_an_interval_passes_the_exam_only_when_recall_on_the_exam_day_holds(store):
    """More in test_plan.py: no pile-up on the exam day, the fuzz range cut at the exam."""
    settings = Settings(fuzzing=False, exam_date=date(2026, 1, 12))
    answer(store, "a", review.EASY, T0, settings)  # 8 days: past the exam, with recall there still above 0.9
    assert review.aware(state(store, "a").due) == T0 + timedelta(days=8)
    answer(store, "b", review.EASY, T0 + timedelta(days=-1), settings)  # 8 days would land on the exam day
    assert review.aware(state(store, "b").due) == T0 + timedelta(days=8)  # the day after it instead


def test_new_items_are_paced_to_finish_a_week_before_the_exam():
    settings = Settings(new_per_day=20, exam_date=date(2026, 3, 1))
    # deadline 2026-02-22; from 2026-02-13 that is 10 days including today
    assert queue.new_allowance(settings, 1000, date(2026, 2, 13)) == 100
    assert queue.new_allowance(settings, 100, date(2026, 2, 13)) == 20  # the daily limit is enough
    assert queue.new_allowance(settings, 70, date(2026, 2, 25)) == 70  # past the deadline: everything
    assert queue.new_allowance(Settings(new_per_day=7), 1000, date(2026, 2, 13)) == 7


def test_drill_shows_due_first_then_new_within_the_daily_limit(store):
    clock = Clock()
    drill = Drill(store, entries(10), Settings(fuzzing=False, new_per_day=3), clock=clock)
    seen = []
    while (entry := drill.next()) is not None:
        seen.append(entry.id)
        drill.answer(entry, review.EASY)
    assert len(seen) == 3  # three new items, then the limit
    clock.advance(days=30)
    later = Drill(store, entries(10), Settings(fuzzing=False, new_per_day=3), clock=clock)
    first = later.next()
    assert first.id in seen  # due reviews come before new items


def test_review_limit_stops_reviews(store):
    clock = Clock()
    items = entries(5)
    for entry in items:
        answer(store, entry.id, review.EASY, clock.now)
    clock.advance(days=60)
    drill = Drill(store, items, Settings(fuzzing=False, new_per_day=0, reviews_per_day=2), clock=clock)
    count = 0
    while (entry := drill.next()) is not None:
        drill.answer(entry, review.GOOD)
        count += 1
    assert count == 2


def test_learning_steps_come_back_in_the_same_session(store):
    clock = Clock()
    drill = Drill(store, entries(1), FIXED, clock=clock)
    entry = drill.next()
    drill.answer(entry, review.AGAIN)
    assert drill.next().id == entry.id  # due within the learn-ahead window
    drill.answer(entry, review.EASY)
    assert drill.next() is None


def test_cram_never_touches_the_schedule(store):
    drill = Drill(store, entries(4), FIXED, cram=True, limit=6, clock=Clock())
    answered = 0
    while (entry := drill.next()) is not None:
        drill.answer(entry, review.AGAIN)
        answered += 1
    assert answered == 6
    with store.session() as session:
        assert session.exec(select(CardState)).all() == []
        assert {log.mode for log in session.exec(select(ReviewLog))} == {"cram"}


def test_rerate_replaces_the_last_answer(store):
    drill = Drill(store, entries(1), FIXED, clock=Clock())
    entry = drill.next()
    drill.answer(entry, review.AGAIN, answer="b", correct=False)
    drill.rerate(review.HARD)
    with store.session() as session:
        logs = session.exec(select(ReviewLog)).all()
    assert [(log.rating, log.answer, log.correct) for log in logs] == [(2, "b", False)]
    assert drill.tally.answered == 1


def test_suspended_and_buried_items_are_skipped(store):
    clock = Clock()
    items = entries(3)
    with store.session() as session:
        flags.suspend(session, "item-000", "fact", clock.now)
        flags.bury(session, "item-001", "fact", clock.now, queue.local_day(clock.now) + timedelta(days=1))
    drill = Drill(store, items, FIXED, clock=clock)
    assert drill.next().id == "item-002"
    clock.advance(days=2)
    assert {Drill(store, items, FIXED, clock=clock).next().id} <= {"item-001", "item-002"}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [("desired-retention", "1.5", "between 0.70 and 0.99"), ("learning-steps", "10x", "steps look like"),
     ("exam-date", "next week", "YYYY-MM-DD"), ("colour", "red", "unknown setting")],
)
def test_bad_settings_are_user_errors(key, value, message):
    with pytest.raises(UserError, match=message):
        Settings().set(key, value)


def test_settings_round_trip():
    settings = Settings().set("exam-date", "2027-01-15").set("learning-steps", "1m, 10m, 1h").set("fuzzing", "off")
    assert Settings.from_dict(settings.to_dict()) == settings
    assert settings.learning_steps == "1m 10m 1h"
