"""A drill session on the real fsrs scheduler and a fixed clock: what is left today, previews that
match the answers, missed items spaced out, typed numbers, suspend, bury and flag."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from awsprep.srs import queue, review
from awsprep.srs.catalog import Entry
from awsprep.srs.drill import GAP, Drill, typed_number
from awsprep.srs.settings import Settings
from awsprep.store.db import Store
from awsprep.store.tables import CardState
from test_srs import T0, Clock

@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "drill.db")


def entries(n: int) -> list[Entry]:
    return [Entry(f"item-{i:03d}", "fact", "demo", "1.1") for i in range(n)]


def test_a_missed_item_comes_back_after_a_few_others(store):
    clock = Clock()
    drill = Drill(store, entries(8), Settings(fuzzing=False), clock=clock)
    missed = drill.next()
    drill.answer(missed, review.AGAIN)  # a learning step of 1 minute
    clock.advance(minutes=2)  # due again, but other items come first
    between = []
    while (entry := drill.next()).id != missed.id:
        between.append(entry.id)
        drill.answer(entry, review.EASY)
    assert len(between) == GAP and missed.id not in between


def test_what_is_left_today_counts_new_learning_and_reviews(store):
    clock = Clock()
    items = entries(6)
    for entry in items[:2]:  # two reviews, due later today (a review is due all its day)
        with store.session() as db:
            review.record(db, Settings(fuzzing=False), entry.id, "fact", review.EASY, now=clock.now - timedelta(days=30))
    with store.session() as db:
        for entry in items[:2]:
            state = db.get(CardState, entry.id)
            state.due = queue.day_start(clock.now) + timedelta(hours=23)
            db.add(state)
    drill = Drill(store, items, Settings(fuzzing=False, new_per_day=3), clock=clock)
    first = drill.next()
    left = drill.left
    assert (len(left.new), left.learning, left.reviews, left.unseen) == (3, 0, 2, 4)
    assert first.id in {"item-000", "item-001"}  # reviews come before new items
    drill.answer(first, review.GOOD)
    assert drill.left.reviews == 1  # the header is current as soon as an answer is given
    drill.answer(drill.next(), review.GOOD)  # the other review
    new = drill.next()
    assert new.id not in {"item-000", "item-001"}
    drill.answer(new, review.AGAIN)
    assert (len(drill.left.new), drill.left.learning, drill.left.reviews) == (2, 1, 0)


def test_the_done_for_today_figures(store):
    clock = Clock()
    settings = Settings(fuzzing=False, new_per_day=1, learning_steps="1h")
    drill = Drill(store, entries(3), settings, clock=clock)
    drill.answer(drill.next(), review.AGAIN)  # back in an hour: beyond the learn-ahead window
    assert drill.next() is None
    left = drill.left
    assert left.next_learning == T0 + timedelta(hours=1)
    assert (left.due_tomorrow, left.unseen, len(left.new)) == (1, 2, 0)


def test_previews_are_the_intervals_the_ratings_give_fuzz_and_all(store):
    clock = Clock()
    item = entries(1)
    settings = Settings()  # fuzzing on
    with store.session() as db:
        review.record(db, settings, item[0].id, "fact", review.EASY, now=clock.now - timedelta(days=12))
    drill = Drill(store, item, settings, clock=clock)
    entry = drill.next()
    previews = drill.preview(entry)
    assert previews[review.AGAIN] == timedelta(minutes=10)
    assert previews[review.HARD] < previews[review.GOOD] < previews[review.EASY]
    for rating in (review.AGAIN, review.HARD, review.GOOD, review.EASY):
        outcome = drill.answer(entry, rating)
        assert outcome.due - clock.now == previews[rating]
        drill.undo()


def test_previews_follow_the_exam_day_plan(store):
    """Easy gives 8 days, the exam day; recall there holds, so the plan keeps the exam day light."""
    clock = Clock()
    settings = Settings(fuzzing=False, exam_date=(T0 + timedelta(days=8)).date())
    drill = Drill(store, entries(1), settings, clock=clock)
    easy = drill.preview(drill.next())[review.EASY]
    assert easy == timedelta(days=9)


@pytest.mark.parametrize(("typed", "value"), [
    ("900", 900), ("6,000", 6000), ("900 IOPS", 900), ("2 shards", 2), ("= 42", 42), ("1.5", Fraction(3, 2)),
    ("6k", 6000), ("1,234.5 RCU", Fraction(2469, 2)), ("about 40.", 40),
    ("junk", None), ("", None), ("1 or 2", None), ("12,5", None), ("-5", None), ("\ufffd\ufffd", None),
])
def test_typed_numbers(typed, value):
    assert typed_number(typed) == value


def test_suspend_bury_and_flag_from_the_drill(store):
    clock = Clock()
    items = entries(3)
    drill = Drill(store, items, Settings(fuzzing=False), clock=clock)
    first = drill.next()
    assert drill.flag(first) is True and drill.next() == first  # a flag changes nothing in the queue
    drill.suspend(first)
    second = drill.next()
    drill.bury(second)
    assert drill.next() not in (first, second)
    assert drill.flag(first) is False  # the flag key toggles
    clock.advance(days=1)  # the buried item is back; the suspended one is not
    tomorrow = Drill(store, items, Settings(fuzzing=False), clock=clock)
    tomorrow.next()
    assert set(tomorrow.left.new) == {e.id for e in items} - {first.id}


def test_cram_leaves_out_suspended_items_and_lists_misses(store):
    items = entries(3)
    drill = Drill(store, items, Settings(fuzzing=False), cram=True, clock=Clock())
    first = drill.next()
    drill.answer(first, review.AGAIN)
    second = drill.next()
    drill.suspend(second)
    assert second not in drill._cram_order and drill.left is None
    assert drill.missed() == [first]


def _missable(store, clock):
    """A question linked to two cards: one studied and scheduled days ahead, one new; ten other new items."""
    question = Entry("demo-q-one", "question", "demo", "1.1")
    cards = [Entry("demo-studied", "fact", "demo", "1.1"), Entry("demo-unseen", "fact", "demo", "1.1")]
    with store.session() as db:
        review.record(db, Settings(fuzzing=False), "demo-studied", "fact", review.EASY, now=clock.now - timedelta(days=1))
        review.record(db, Settings(fuzzing=False), "demo-q-one", "question", review.EASY, now=clock.now - timedelta(days=1))
    links = {"demo-q-one": ["demo-studied", "demo-unseen"]}
    return [question, *cards, *entries(10)], links


def test_a_question_missed_in_a_drill_brings_its_cards_before_new_items(store):
    clock = Clock()
    items, links = _missable(store, clock)
    drill = Drill(store, items, Settings(fuzzing=False, new_per_day=20), clock=clock, links=links)
    drill.next()
    assert drill.left.due == [] and drill.left.new[0] != "demo-unseen"
    drill.answer(items[0], review.AGAIN, correct=False)  # the question comes up early and is missed
    assert drill.left.due[0] == "demo-studied", "the studied card is due now, though scheduled days ahead"
    assert drill.left.new[0] == "demo-unseen", "the unseen card leads the new items"
    assert drill.next().id == "demo-studied"
    drill.answer(drill.next(), review.GOOD)
    assert "demo-studied" not in drill.left.due, "once answered, the card is back on its schedule"
    with store.session() as db:
        assert review.aware(db.get(CardState, "demo-studied").due) > clock.now + timedelta(hours=12)


def test_undoing_a_miss_takes_back_the_cards_it_brought(store):
    clock = Clock()
    items, links = _missable(store, clock)
    drill = Drill(store, items, Settings(fuzzing=False, new_per_day=20), clock=clock, links=links)
    before = (drill.left.due, drill.left.new)
    drill.answer(items[0], review.AGAIN, correct=False)
    assert drill.left.due[0] == "demo-studied"
    drill.undo()
    assert (drill.left.due, drill.left.new) == before


def test_a_miss_while_cramming_changes_nothing(store):
    clock = Clock()
    items, links = _missable(store, clock)
    before = Drill(store, items, Settings(fuzzing=False), clock=clock, links=links).left
    cram = Drill(store, items, Settings(fuzzing=False), clock=clock, links=links, cram=True)
    cram.answer(items[0], review.AGAIN, correct=False)
    assert Drill(store, items, Settings(fuzzing=False), clock=clock, links=links).left == before
