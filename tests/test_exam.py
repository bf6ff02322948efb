"""Mock exams: the weighted draw, answers saved as given, flags, review, timeout, resume, scoring."""

from __future__ import annotations

import io
import os
import random
import sqlite3
from datetime import timedelta

import pexpect
import pytest
from rich.console import Console

from awsprep import paths
from awsprep.content.load import load
from awsprep.errors import UserError
from awsprep.srs import review
from awsprep.content.exam import quotas
from awsprep.srs.exam import Exam, draw, scaled
from awsprep.srs.settings import Settings
from awsprep.store.db import Store, utcnow
from awsprep.store.tables import CardState, ExamSession
from awsprep.ui.exam import ExamScreen, show_result
from awsprep.ui.keys import Keys
from helpers import SCRIPT, run


@pytest.fixture(scope="module")
def corpus():
    return load([paths.builtin_content()])


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "exam.db")


class FakeClock:
    """Monotonic seconds that move `step` seconds every time they are read."""

    def __init__(self, step: float = 1.0):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def play(exam: Exam, lines: str, monkeypatch, clock=None):
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    console = Console(file=io.StringIO(), width=100)
    screen = ExamScreen(exam, Settings(fuzzing=False), console, Keys(console, interactive=False), clock or FakeClock())
    return screen.run(), console


def correct_letters(exam: Exam, position: int) -> str:
    answer = exam.answers[position]
    question = exam.question(position)
    letters = "abcdef"
    return "".join(letters[i] for i, index in enumerate(exam.order(answer)) if question.options[index].correct)


def test_quotas_follow_the_exam_weights():
    assert quotas(65) == {1: 21, 2: 17, 3: 15, 4: 12}
    assert quotas(10) == {1: 3, 2: 3, 3: 2, 4: 2}
    assert quotas(5, [2]) == {2: 5}


def test_draw_has_no_repeats_and_keeps_the_weights(corpus):
    ids = draw(corpus, 65, random.Random(3))
    assert len(ids) == len(set(ids)) == 65
    domains = [corpus.questions[i].exam_domain for i in ids]
    assert {d: domains.count(d) for d in (1, 2, 3, 4)} == {1: 21, 2: 17, 3: 15, 4: 12}
    assert draw(corpus, 65, random.Random(3)) == ids  # a seed repeats the exam
    with pytest.raises(UserError, match="only"):
        draw(corpus, 100_000, random.Random(1))


def test_full_exam_all_right_then_all_wrong(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=4, minutes=10, seed=7, domains=None, now=utcnow())
    lines = "".join(f"{correct_letters(exam, p)}\nn\n" for p in range(4)) + "s\ny\n"
    result, _ = play(exam, lines, monkeypatch)
    assert (result.correct, result.total, result.scaled, result.passed) == (4, 4, 1000, True)
    assert sum(t for _, t in result.by_domain.values()) == 4

    second = Exam.start(store, corpus, total=4, minutes=10, seed=8, domains=None, now=utcnow())
    result, console = play(second, "s\ny\n", monkeypatch)  # submit with nothing answered
    assert (result.correct, len(result.missed), result.passed) == (0, 4, False)
    show_result(second, result, console, Keys(console, interactive=False), timed_out=False)
    shown = console.file.getvalue()
    assert "Raw score: 0/4" in shown and "estimate" in shown and "Missed 4/4" in shown


def test_flag_review_and_jump_to_unanswered(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=3, minutes=10, seed=2, domains=None, now=utcnow())
    lines = f"{correct_letters(exam, 0)}\nf\nn\nr\nu\n{correct_letters(exam, 1)}\nq\n"
    assert play(exam, lines, monkeypatch)[0] is None  # saved and quit
    saved = {a.position: (a.chosen != "", a.flagged) for a in Exam.resume(store, corpus).answers}
    assert saved == {0: (True, True), 1: (True, False), 2: (False, False)}


def test_timeout_submits_automatically(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=3, minutes=1, seed=4, domains=None, now=utcnow())
    clock = FakeClock(step=25)  # every read of the clock is 25 seconds later
    result, _ = play(exam, f"{correct_letters(exam, 0)}\nn\nn\nn\nn\n", monkeypatch, clock)
    assert result is not None and result.correct == 1
    with store.session() as db:
        assert db.get(ExamSession, exam.session.id).status == "timeout"


def test_resume_keeps_answers_and_time(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=3, minutes=10, seed=5, domains=None, now=utcnow())
    play(exam, f"{correct_letters(exam, 0)}\nq\n", monkeypatch, FakeClock(step=30))
    with pytest.raises(UserError, match="unfinished exam"):
        Exam.start(store, corpus, total=3, minutes=10, seed=6, domains=None, now=utcnow())
    again = Exam.resume(store, corpus)
    assert again.session.elapsed_s > 0
    assert again.answers[0].chosen
    lines = "".join(f"{correct_letters(again, p)}\nn\n" for p in (1, 2)) + "s\ny\n"
    result, _ = play(again, lines, monkeypatch)
    assert result.correct == 3
    with pytest.raises(UserError, match="no unfinished exam"):
        Exam.resume(store, corpus)


def test_missed_questions_become_due_in_the_drill(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=2, minutes=10, seed=9, domains=None, now=utcnow())
    seen = exam.answers[0].item_id
    with store.session() as db:  # studied before and scheduled weeks ahead
        review.record(db, Settings(fuzzing=False), seen, "question", review.EASY, now=utcnow() - timedelta(days=1))
    play(exam, "s\ny\n", monkeypatch)
    with store.session() as db:
        state = db.get(CardState, seen)
        assert review.aware(state.due) <= utcnow()


def test_exam_command_error_and_abandon(isolated_home):
    result = run("exam", "--resume")
    assert result.exit_code == 1 and "no unfinished exam" in result.stderr
    assert run("exam", "--questions", "3", "--seed", "1", input="q\n").exit_code == 0
    assert "abandoned 1" in run("exam", "--abandon").stdout


def test_exam_in_a_pseudo_terminal_times_out_then_resume_flow(isolated_home):
    env = {**os.environ, "AWSPREP_HOME": str(isolated_home), "COLUMNS": "100", "NO_COLOR": "1"}
    child = pexpect.spawn(str(SCRIPT), ["exam", "--questions", "3", "--minutes", "0.05", "--seed", "3"],
                          env=env, timeout=30, encoding="utf-8")
    child.expect("left")
    child.send("a")
    child.expect("Time is up")
    child.expect("Raw score")
    page_to_the_end(child)

    child = pexpect.spawn(str(SCRIPT), ["exam", "--questions", "3", "--seed", "4"], env=env, timeout=30, encoding="utf-8")
    child.expect("left")
    child.send("b")
    child.send("n")
    child.send("f")
    child.send("q")
    child.expect("--resume")
    child.expect(pexpect.EOF)
    child = pexpect.spawn(str(SCRIPT), ["exam", "--resume"], env=env, timeout=30, encoding="utf-8")
    child.expect("answered 1")
    child.send("r")
    child.expect("Review")
    child.send("s")
    child.expect("Submit with 2 unanswered and 1 flagged")
    child.send("y")
    child.expect("Raw score: ./3")
    child.expect("By domain")
    page_to_the_end(child)
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        statuses = [row[0] for row in db.execute("SELECT status FROM exam_session ORDER BY id")]
    assert statuses == ["timeout", "submitted"]


def page_to_the_end(child: pexpect.spawn) -> None:
    while child.expect(["next missed", pexpect.EOF]) == 0:
        child.send("\r")


def test_scaled_estimate_bounds():
    assert (scaled(0, 65), scaled(65, 65), scaled(0, 0)) == (100, 1000, 100)
    assert scaled(44, 65) < 720 <= scaled(45, 65)
