"""A drill session: picks the next item, records answers the moment they are given, undoes the last."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from awsprep.srs import queue, review
from awsprep.srs.catalog import Entry
from awsprep.srs.settings import Settings
from awsprep.store.db import Store, utcnow


@dataclass(frozen=True)
class Answered:
    log_id: int
    entry: Entry
    rating: int
    answer: str
    correct: bool | None
    duration_ms: int


@dataclass
class Tally:
    answered: int = 0
    correct: int = 0
    graded: int = 0
    started: datetime = field(default_factory=utcnow)


class Drill:
    """Due reviews first, then new items within the limits; `cram` practises without scheduling."""

    def __init__(self, store: Store, entries: list[Entry], settings: Settings, *, limit: int | None = None,
                 cram: bool = False, clock: Callable[[], datetime] = utcnow, rng: random.Random | None = None):
        self.store, self.settings, self.limit, self.cram, self.clock = store, settings, limit, cram, clock
        self.entries = {e.id: e for e in entries}
        self.rng = rng or random.Random()
        self.tally = Tally(started=clock())
        self.history: list[Answered] = []
        self._exam_misses: set[str] | None = None
        self._cram_order = self.rng.sample(list(self.entries.values()), len(self.entries)) if cram else []

    def next(self) -> Entry | None:
        """The next item to show, or None when the session is done."""
        if self.limit is not None and self.tally.answered >= self.limit:
            return None
        if self.cram:
            return self._cram_order[self.tally.answered % len(self._cram_order)] if self._cram_order else None
        now = self.clock()
        with self.store.session() as session:
            new_done, reviews_done = queue.done_today(session, now)
            due = [i for i in queue.due(session, now) if i in self.entries]
            if due and reviews_done < self.settings.reviews_per_day:
                return self.entries[due[0]]
            blocked = queue.unavailable_new(session, now)
            if self._exam_misses is None:  # changes only when an exam is taken: read once a session
                self._exam_misses = queue.exam_misses(session)
            unseen = sorted((i for i in self.entries if i not in blocked), key=lambda i: queue.new_order(i, self._exam_misses))
            if unseen and new_done < queue.new_allowance(self.settings, len(unseen), queue.local_day(now)):
                return self.entries[unseen[0]]
            soon = [i for i in queue.due(session, now, queue.LEARN_AHEAD) if i in self.entries]
            return self.entries[soon[0]] if soon and reviews_done < self.settings.reviews_per_day else None

    def answer(self, entry: Entry, rating: int, *, answer: str = "", correct: bool | None = None,
               duration_ms: int = 0) -> review.Outcome:
        """Record an answer in its own committed transaction."""
        with self.store.session() as session:
            outcome = review.record(session, self.settings, entry.id, entry.kind, rating, answer=answer,
                                    correct=correct, duration_ms=duration_ms, now=self.clock(),
                                    mode="cram" if self.cram else "drill")
        self.history.append(Answered(outcome.log_id, entry, rating, answer, correct, duration_ms))
        self._count(correct, +1)
        return outcome

    def undo(self) -> Entry | None:
        """Take back the last answer of this session; returns its item to show again."""
        if not self.history:
            return None
        last = self.history.pop()
        with self.store.session() as session:
            review.undo(session, last.log_id)
        self._count(last.correct, -1)
        return last.entry

    def rerate(self, rating: int) -> review.Outcome | None:
        """Replace the rating of the last answer (the learner overrides the auto-grade)."""
        if not self.history or self.history[-1].rating == rating:
            return None
        last = self.history[-1]
        self.undo()
        return self.answer(last.entry, rating, answer=last.answer, correct=last.correct, duration_ms=last.duration_ms)

    def _count(self, correct: bool | None, step: int) -> None:
        self.tally.answered += step
        if correct is not None:
            self.tally.graded += step
            self.tally.correct += step * int(correct)

    def due_tomorrow(self) -> int:
        """Items due by the end of the learner's next day."""
        now = self.clock()
        end = queue.day_start(now) + timedelta(days=2)
        with self.store.session() as session:
            return len(queue.due(session, end))
