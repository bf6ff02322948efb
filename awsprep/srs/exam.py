"""Mock exams: a draw by the exam's domain weights, answers saved as given, resume, and scoring.

The scaled score is an estimate: AWS does not publish its scaling, so the raw fraction is mapped
linearly onto 100-1000 and compared with the 720 pass mark.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select

from awsprep.content.exam import quotas
from awsprep.content.load import Corpus
from awsprep.content.model import Question
from awsprep.errors import UserError
from awsprep.srs import flags, review
from awsprep.srs.settings import Settings
from awsprep.store.db import Store
from awsprep.store.tables import ExamAnswer, ExamSession, ReviewLog

PASS_MARK = 720
FULL_QUESTIONS, FULL_MINUTES = 65, 130
FINISHED = ("submitted", "timeout")


def time_limit(questions: int) -> float:
    """Minutes for `questions` questions at the real exam's pace (130 minutes for 65)."""
    return FULL_MINUTES * questions / FULL_QUESTIONS


def scaled(correct: int, total: int) -> int:
    """Estimate on the 100-1000 scale (linear in the raw fraction)."""
    return round(100 + 900 * correct / total) if total else 100


def draw(corpus: Corpus, total: int, rng: random.Random, domains: list[int] | None = None,
         answered: dict[str, datetime] | None = None) -> list[str]:
    """Question ids by the domain quotas, without repeats: questions never met first (in random
    order), then those met longest ago. A short domain is topped up from the others."""
    answered = answered or {}
    pool: dict[int, list[str]] = {}
    for item_id, question in sorted(corpus.questions.items()):
        if corpus.live(item_id) and (not domains or question.exam_domain in domains):
            pool.setdefault(question.exam_domain, []).append(item_id)
    available = sum(len(ids) for ids in pool.values())
    if available < total:
        raise UserError(f"only {available} questions match; ask for --questions {available} or fewer")

    def fresh_first(ids: list[str]) -> list[str]:
        shuffled = rng.sample(ids, len(ids))
        return sorted(shuffled, key=lambda i: (i in answered, answered.get(i, datetime.min)))

    chosen: list[str] = []
    for domain, count in quotas(total, domains).items():
        chosen += fresh_first(pool.get(domain, []))[:count]
    taken = set(chosen)
    chosen += fresh_first([i for ids in pool.values() for i in ids if i not in taken])[: total - len(chosen)]
    rng.shuffle(chosen)
    return chosen


def form_ids(corpus: Corpus, number: int) -> list[str]:
    """The questions of practice form `number`, from the shipped forms.yaml."""
    from awsprep import paths
    from awsprep.content import forms

    shipped, problems = forms.read(forms.path(paths.builtin_content()))
    if problems:
        raise UserError(problems[0])
    if number not in shipped:
        listed = ", ".join(map(str, shipped)) or "none"
        raise UserError(f"there is no form {number}; the forms are {listed}")
    missing = [i for i in shipped[number] if not corpus.live(i)]
    if missing:
        raise UserError(f"form {number} uses questions that are not in the content: {', '.join(missing[:5])}")
    return list(shipped[number])


def last_met(db, before: datetime | None = None, exclude: int | None = None) -> dict[str, datetime]:
    """When each question was last met: answered (in a drill, cram or exam) or put in a mock exam
    that was taken to the end (answered or not), before `before` (if given), outside exam `exclude`."""
    logs = select(ReviewLog.item_id, func.max(ReviewLog.reviewed_at)).where(ReviewLog.kind == "question")
    exams = (select(ExamAnswer.item_id, func.max(ExamSession.started_at))
             .join(ExamSession, ExamSession.id == ExamAnswer.exam_id)
             .where(col(ExamSession.status).in_(FINISHED), ExamSession.id != (exclude or 0)))
    if before is not None:
        logs = logs.where(ReviewLog.reviewed_at < before)
        exams = exams.where(ExamSession.started_at < before)
    met: dict[str, datetime] = {}
    for item_id, when in [*db.exec(logs.group_by(ReviewLog.item_id)), *db.exec(exams.group_by(ExamAnswer.item_id))]:
        when = review.aware(when)
        met[item_id] = max(met.get(item_id, when), when)
    return met


@dataclass(frozen=True)
class Result:
    """A scored exam. Unanswered questions score nothing (as in the real exam) but are not wrong
    answers: they are not logged, not in the stats, not sent to drills."""

    correct: int
    total: int
    scaled: int
    by_domain: dict[int, tuple[int, int, int]]  # domain -> (right, wrong, unanswered)
    wrong: list[ExamAnswer]
    unanswered: list[ExamAnswer]
    flagged: list[ExamAnswer]

    @property
    def passed(self) -> bool:
        return self.scaled >= PASS_MARK


class Exam:
    """An open exam backed by the database; every change is committed at once."""

    def __init__(self, store: Store, corpus: Corpus, session: ExamSession, answers: list[ExamAnswer]):
        self.store, self.corpus, self.session, self.answers = store, corpus, session, answers
        self.changed: list[str] = []  # on resume: questions edited since the start, asked again
        self._charged_s = session.elapsed_s  # exam time already charged to a question

    @classmethod
    def start(cls, store: Store, corpus: Corpus, *, total: int, minutes: float, seed: int,
              domains: list[int] | None, now: datetime, form: int | None = None) -> Exam:
        """A new exam: practice form `form`, or a fresh-first draw of `total` questions."""
        rng = random.Random(seed)
        with store.session() as db:
            if db.exec(select(ExamSession).where(ExamSession.status == "open")).first():
                raise UserError("an unfinished exam exists: continue it with `awsprep exam --resume` or drop it with --abandon")
            if form is not None:
                ids = form_ids(corpus, form)
                rng.shuffle(ids)
            else:
                ids = draw(corpus, total, rng, domains, last_met(db))
            exam = ExamSession(started_at=now, minutes=minutes, seed=seed, total=len(ids), form=form)
            db.add(exam)
            db.flush()
            answers = []
            for position, item_id in enumerate(ids):
                question = corpus.questions[item_id]
                order = rng.sample(range(len(question.options)), len(question.options))
                answers.append(ExamAnswer(exam_id=exam.id, position=position, item_id=item_id,
                                          domain=question.exam_domain, option_order=",".join(map(str, order))))
            db.add_all(answers)
        return cls(store, corpus, exam, answers)

    @classmethod
    def resume(cls, store: Store, corpus: Corpus) -> Exam:
        with store.session() as db:
            exam = db.exec(select(ExamSession).where(ExamSession.status == "open").order_by(col(ExamSession.id).desc())).first()
            if exam is None:
                raise UserError("there is no unfinished exam to resume")
            answers = list(db.exec(select(ExamAnswer).where(ExamAnswer.exam_id == exam.id).order_by(ExamAnswer.position)))
        missing = [a.item_id for a in answers if a.item_id not in corpus.questions]
        if missing:
            raise UserError(f"the exam uses questions that are no longer in the content: {', '.join(missing)}")
        resumed = cls(store, corpus, exam, answers)
        resumed.changed = resumed._reshuffle_changed()
        return resumed

    def _reshuffle_changed(self) -> list[str]:
        """Questions whose options changed since the exam began (a content update): shown again with
        a new shuffle and no answer, saved at once. Returns their ids."""
        changed = []
        with self.store.session() as db:
            for answer in self.answers:
                question = self.question(answer.position)
                count = len(question.options)
                try:
                    valid = sorted(self.order(answer)) == list(range(count)) and self.chosen(answer) <= set(range(count))
                except ValueError:
                    valid = False
                if valid and len(self.chosen(answer)) <= question.choose:
                    continue
                order = random.Random(f"{self.session.seed}:{answer.item_id}").sample(range(count), count)
                answer.option_order, answer.chosen = ",".join(map(str, order)), ""
                db.add(db.merge(answer))
                changed.append(answer.item_id)
        return changed

    @staticmethod
    def unfinished(store: Store) -> tuple[ExamSession, int] | None:
        """The open exam and how many of its questions are answered; None if there is none."""
        with store.session() as db:
            exam = db.exec(select(ExamSession).where(ExamSession.status == "open")).first()
            if exam is None:
                return None
            answered = db.exec(select(func.count()).select_from(ExamAnswer).where(
                ExamAnswer.exam_id == exam.id, ExamAnswer.chosen != "")).one()
        return exam, answered

    @staticmethod
    def abandon(store: Store) -> int:
        with store.session() as db:
            rows = db.exec(select(ExamSession).where(ExamSession.status == "open")).all()
            for row in rows:
                row.status = "abandoned"
                db.add(row)
        return len(rows)

    def question(self, position: int) -> Question:
        return self.corpus.questions[self.answers[position].item_id]

    @staticmethod
    def order(answer: ExamAnswer) -> list[int]:
        return [int(i) for i in answer.option_order.split(",")]

    @staticmethod
    def chosen(answer: ExamAnswer) -> set[int]:
        return {int(i) for i in answer.chosen.split(",") if i}

    def fresh(self) -> int:
        """How many of the exam's questions had never been met (answered, or put in an earlier
        exam) before it started."""
        with self.store.session() as db:
            met = last_met(db, before=self.session.started_at, exclude=self.session.id)
        return len({a.item_id for a in self.answers} - set(met))

    def earlier_attempts(self) -> list[ExamSession]:
        """Finished attempts at the same practice form before this one, oldest first."""
        if self.session.form is None:
            return []
        with self.store.session() as db:
            return list(db.exec(select(ExamSession).where(
                ExamSession.form == self.session.form, ExamSession.id != self.session.id,
                col(ExamSession.status).in_(FINISHED)).order_by(ExamSession.started_at)))

    def tally(self) -> tuple[int, int]:
        """(unanswered, flagged) questions."""
        return sum(1 for a in self.answers if not a.chosen), sum(1 for a in self.answers if a.flagged)

    def remaining_s(self, elapsed_now: float) -> float:
        return self.session.minutes * 60 - elapsed_now

    def save(self, position: int | None, *, chosen: set[int] | None = None, flagged: bool | None = None,
             elapsed_s: float) -> None:
        """Store the elapsed time, charging the time since the last save to question `position`
        (None: the review grid), and that question's answer or flag, in one committed transaction."""
        self.session.elapsed_s = elapsed_s
        with self.store.session() as db:
            if position is not None:
                answer = self.answers[position]
                answer.seconds += max(0.0, elapsed_s - self._charged_s)
                if chosen is not None:
                    answer.chosen = ",".join(map(str, sorted(chosen)))
                if flagged is not None:
                    answer.flagged = flagged
                db.add(db.merge(answer))
            db.add(db.merge(self.session))
        self._charged_s = elapsed_s

    def submit(self, settings: Settings, now: datetime, *, timed_out: bool = False, elapsed_s: float) -> Result:
        """Score the exam; log the answers given (not the unanswered questions), so the questions
        answered wrong, and the cards they link, come first in the next drill (queue.owed); keep the
        flagged ones in `awsprep flagged`."""
        counts: dict[int, list[int]] = {}
        wrong, unanswered, flagged = [], [], []
        with self.store.session() as db:
            for answer in self.answers:
                tally = counts.setdefault(answer.domain, [0, 0, 0])
                if answer.flagged:
                    flagged.append(answer)
                    flags.flag(db, answer.item_id, now, note=f"flagged in mock exam {self.session.id}, question {answer.position + 1}")
                if not answer.chosen:
                    answer.correct = None
                    unanswered.append(answer)
                    tally[2] += 1
                    continue
                answer.correct = self.chosen(answer) == set(self.question(answer.position).answer)
                tally[0 if answer.correct else 1] += 1
                review.record(db, settings, answer.item_id, "question", review.GOOD if answer.correct else review.AGAIN,
                              answer=answer.chosen, correct=answer.correct, now=now, mode="exam",
                              duration_ms=round(answer.seconds * 1000))
                if not answer.correct:
                    wrong.append(answer)
                db.add(db.merge(answer))
            correct = sum(c[0] for c in counts.values())
            self.session.status = "timeout" if timed_out else "submitted"
            self.session.finished_at, self.session.correct = now, correct
            self.session.elapsed_s = min(elapsed_s, self.session.minutes * 60)
            self.session.scaled = scaled(correct, self.session.total)
            db.add(db.merge(self.session))
        return Result(correct, self.session.total, self.session.scaled,
                      {d: tuple(counts[d]) for d in sorted(counts)}, wrong, unanswered, flagged)

