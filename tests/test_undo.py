"""Undo with two copies of awsprep on one database: an undo puts back exactly what its own answer
changed, or refuses when another answer to the item came after it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from awsprep.srs import flags, review
from awsprep.srs.catalog import Entry
from awsprep.srs.drill import Drill
from awsprep.srs.settings import Settings
from awsprep.store.db import Store
from awsprep.store.tables import CardState, ReviewLog

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SETTINGS = Settings(fuzzing=False)
CARD = Entry("sqs-x", "fact", "sqs", "1.1")


@pytest.fixture
def copies(tmp_path):
    """Two stores (two running copies) on the same file, each with its own drill."""
    path = tmp_path / "awsprep.db"
    a, b = Store(path), Store(path)
    return (Drill(a, [CARD], SETTINGS, clock=lambda: T0), Drill(b, [CARD], SETTINGS, clock=lambda: T0 + timedelta(seconds=5)))


def logs(store) -> list[tuple[int, int]]:
    with store.session() as session:
        return [(log.rating, log.id) for log in session.exec(select(ReviewLog).order_by(ReviewLog.id))]


def state(store) -> CardState | None:
    with store.session() as session:
        return session.get(CardState, CARD.id)


def test_both_copies_rate_the_same_new_card_and_the_first_undoes(copies):
    a, b = copies
    assert a.next() == b.next() == CARD
    a.answer(CARD, review.GOOD)
    b.answer(CARD, review.EASY)
    with pytest.raises(review.UndoRefused, match="answered again since"):
        a.undo()
    assert [rating for rating, _ in logs(a.store)] == [review.GOOD, review.EASY], "B's acknowledged answer still counts"
    kept = state(a.store)
    assert kept is not None and kept.reps == 2


def test_the_later_answer_can_still_be_undone_and_restores_the_earlier_state(copies):
    a, b = copies
    a.answer(CARD, review.GOOD)
    after_a = state(a.store)
    b.answer(CARD, review.EASY)
    assert b.undo() == CARD
    now = state(a.store)
    assert (now.card, now.state, now.due, now.reps) == (after_a.card, after_a.state, after_a.due, after_a.reps)
    assert [rating for rating, _ in logs(a.store)] == [review.GOOD]


def test_undo_keeps_a_suspension_made_in_the_other_copy(copies):
    a, b = copies
    a.answer(CARD, review.GOOD)
    with b.store.session() as session:
        flags.suspend(session, CARD.id, CARD.kind, T0)
    a.undo()
    kept = state(a.store)
    assert kept is not None and kept.suspended and kept.state == review.NEW and kept.reps == 0
    assert logs(a.store) == []


def test_undo_of_an_answer_that_made_a_leech_takes_the_suspension_back(tmp_path):
    store = Store(tmp_path / "leech.db")
    settings = Settings(fuzzing=False, leech_threshold=1)
    moment = T0
    with store.session() as session:
        for rating in (review.GOOD, review.GOOD):
            review.record(session, settings, CARD.id, CARD.kind, rating, now=moment)
            moment += timedelta(days=3)
    with store.session() as session:
        before = session.get(CardState, CARD.id).model_copy()
        outcome = review.record(session, settings, CARD.id, CARD.kind, review.AGAIN, now=moment)
    assert outcome.became_leech and state(store).suspended
    with store.session() as session:
        review.undo(session, outcome.log_id)
    after = state(store)
    assert (after.suspended, after.leech, after.lapses, after.reps, after.card) == (False, False, 0, before.reps, before.card)


def test_the_drill_screen_says_why_an_undo_is_refused_and_goes_on(tmp_path, monkeypatch):
    import io
    import random

    from rich.console import Console

    from awsprep import paths
    from awsprep.content.load import load
    from awsprep.ui.drill import Screen
    from awsprep.ui.keys import Keys

    corpus = load([paths.builtin_content()])
    card_id = sorted(corpus.cards)[0]
    entry = Entry(card_id, "fact", corpus.topic_of[card_id], corpus.cards[card_id].task)
    path = tmp_path / "awsprep.db"
    a = Drill(Store(path), [entry], SETTINGS, clock=lambda: T0)
    b = Drill(Store(path), [entry], SETTINGS, clock=lambda: T0 + timedelta(seconds=5))
    a.answer(entry, review.GOOD)
    b.answer(entry, review.AGAIN)  # the card is back in a minute
    monkeypatch.setattr("sys.stdin", io.StringIO("u\n \n3\nq\n"))  # undo (refused), then rate it once more
    console = Console(file=io.StringIO(), width=100)
    Screen(a, corpus, console, Keys(console, interactive=False), random.Random(1)).run()
    shown = " ".join(console.file.getvalue().split())
    assert "cannot undo the answer to" in shown and "Traceback" not in shown
    assert [rating for rating, _ in logs(a.store)] == [review.GOOD, review.AGAIN, review.GOOD]
    assert a.tally.answered == 2, "the refused answer still counts in the session"
