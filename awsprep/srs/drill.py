"""A drill session: picks the next item, records answers the moment they are given, undoes the last,
previews the interval each rating would give, and suspends, buries or flags the item on screen."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction

from awsprep.srs import flags, plan, queue, review
from awsprep.srs.catalog import Entry
from awsprep.srs.settings import Settings
from awsprep.store.db import Store, utcnow
from awsprep.store.tables import CardState

GAP = 3  # an item just answered waits for this many other answers, unless nothing else is left
_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(k(?![^\W\d_]))?", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+|[~=≈%$.,:]")


def typed_number(text: str) -> Fraction | None:
    """The number in a typed answer: '900', '6,000', '900 IOPS', '2 shards', '= 42', '6k'. None
    when the answer holds no number, two numbers, or anything but words around one."""
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) != 1 or _WORDS.sub("", _NUMBER.sub("", text)).strip():
        return None
    digits, thousands = numbers[0].groups()
    return Fraction(digits.replace(",", "")) * (1000 if thousands else 1)


@contextmanager
def _same_fuzz(item_id: str, reps: int):
    """fsrs draws its interval fuzz from `random`: seeding it from the item and its review count
    makes the interval a rating key shows the interval that key then gives."""
    saved = random.getstate()
    random.seed(f"{item_id}:{reps}")
    try:
        yield
    finally:
        random.setstate(saved)


@dataclass(frozen=True)
class Answered:
    log_id: int
    entry: Entry
    rating: int
    answer: str
    correct: bool | None
    duration_ms: int

    @property
    def missed(self) -> bool:
        return self.correct is False or (self.correct is None and self.rating == review.AGAIN)


@dataclass
class Tally:
    answered: int = 0
    correct: int = 0
    graded: int = 0
    started: datetime = field(default_factory=utcnow)


class Drill:
    """Due reviews first, then new items within the limits; `cram` practises without scheduling."""

    def __init__(self, store: Store, entries: list[Entry], settings: Settings, *, limit: int | None = None,
                 cram: bool = False, clock: Callable[[], datetime] = utcnow, rng: random.Random | None = None,
                 links: dict[str, list[str]] | None = None):
        """`links`: question -> the cards behind it; a question missed in a drill or a mock exam brings
        them first (before new items)."""
        self.store, self.settings, self.limit, self.cram, self.clock = store, settings, limit, cram, clock
        self.links = links or {}
        self.entries = {e.id: e for e in entries}
        self.rng = rng or random.Random()
        self.tally = Tally(started=clock())
        self.history: list[Answered] = []
        self._left: queue.Snapshot | None = None
        self._stale = True
        self._order = queue.offer_order(self.entries)  # new items in the order they are offered
        self._cram_order = self.rng.sample(list(self.entries.values()), len(self.entries)) if cram else []

    @property
    def limit_reached(self) -> bool:
        return self.limit is not None and self.tally.answered >= self.limit

    def next(self) -> Entry | None:
        """The next item to show, or None when the session is done. An item answered in the last
        GAP answers comes back only when nothing else is left."""
        if self.cram:
            if self.limit_reached or not self._cram_order:
                return None
            return self._cram_order[self.tally.answered % len(self._cram_order)]
        left = self._snapshot()
        if self.limit_reached:
            return None
        candidates = [*left.due, *left.new, *left.ahead]
        recent = {a.entry.id for a in self.history[-GAP:]}
        chosen = next((i for i in candidates if i not in recent), candidates[0] if candidates else None)
        return None if chosen is None else self.entries[chosen]

    @property
    def left(self) -> queue.Snapshot | None:
        """What is left today (None when cramming), current after every answer."""
        return None if self.cram else (self._snapshot() if self._stale else self._left)

    def _snapshot(self) -> queue.Snapshot:
        with self.store.session() as session:
            owed = queue.owed(session, self.links)
            self._left = queue.snapshot(session, self._order, self.settings, self.clock(), owed)
        self._stale = False
        return self._left

    def preview(self, entry: Entry) -> dict[int, timedelta]:
        """The interval each rating (1-4) would give the item now, from the real scheduler."""
        now = self.clock()
        with self.store.session() as session:
            state = session.get(CardState, entry.id)
        intervals = {}
        with self.store.session() as session:
            card = review.card_of(session, entry.id, state.card, self.settings) if state else review.new_card(entry.id, now)
            for rating in (review.AGAIN, review.HARD, review.GOOD, review.EASY):
                with _same_fuzz(entry.id, state.reps if state else 0):
                    after = plan.schedule(session, self.settings, entry.id, card, rating, review.aware(now))
                intervals[rating] = after.due - now
        return intervals

    def answer(self, entry: Entry, rating: int, *, answer: str = "", correct: bool | None = None,
               duration_ms: int = 0) -> review.Outcome:
        """Record an answer in its own committed transaction."""
        with self.store.session() as session:
            state = session.get(CardState, entry.id)
            with _same_fuzz(entry.id, state.reps if state else 0):
                outcome = review.record(session, self.settings, entry.id, entry.kind, rating, answer=answer,
                                        correct=correct, duration_ms=duration_ms, now=self.clock(),
                                        mode="cram" if self.cram else "drill")
        self.history.append(Answered(outcome.log_id, entry, rating, answer, correct, duration_ms))
        self._count(correct, +1)
        self._stale = True
        return outcome

    def undo(self) -> Entry | None:
        """Take back the last answer of this session; returns its item to show again. Raises
        review.UndoRefused (and keeps the answer) when another copy answered the item since."""
        if not self.history:
            return None
        last = self.history[-1]
        with self.store.session() as session:
            review.undo(session, last.log_id)
        self.history.pop()
        self._count(last.correct, -1)
        self._stale = True
        return last.entry

    def rerate(self, rating: int) -> review.Outcome | None:
        """Replace the rating of the last answer (the learner overrides the auto-grade)."""
        if not self.history or self.history[-1].rating == rating:
            return None
        last = self.history[-1]
        self.undo()
        return self.answer(last.entry, rating, answer=last.answer, correct=last.correct, duration_ms=last.duration_ms)

    def suspend(self, entry: Entry) -> None:
        """Keep the item out of drills until `awsprep unsuspend`."""
        with self.store.session() as session:
            flags.suspend(session, entry.id, entry.kind, self.clock())
        self._drop(entry)

    def bury(self, entry: Entry) -> None:
        """Hide the item until tomorrow."""
        now = self.clock()
        with self.store.session() as session:
            flags.bury(session, entry.id, entry.kind, now, queue.local_day(now, self.settings.day_starts_at) + timedelta(days=1))
        self._drop(entry)

    def flag(self, entry: Entry) -> bool:
        """Flag the item to look at again (`awsprep flagged`), or take the flag off; True if now flagged."""
        with self.store.session() as session:
            return flags.toggle_flag(session, entry.id, self.clock())

    def missed(self) -> list[Entry]:
        """Items missed in this session (their last answer was wrong or Again), in order."""
        last = {a.entry.id: a for a in self.history}
        return [a.entry for a in last.values() if a.missed]

    def _drop(self, entry: Entry) -> None:
        if entry in self._cram_order:
            self._cram_order.remove(entry)
        self._stale = True

    def _count(self, correct: bool | None, step: int) -> None:
        self.tally.answered += step
        if correct is not None:
            self.tally.graded += step
            self.tally.correct += step * int(correct)
