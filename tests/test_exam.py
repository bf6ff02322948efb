"""Mock exams: the weighted draw, answers saved as given, flags, review, timeout, resume, scoring."""

from __future__ import annotations

import copy
import io
import json
import random
import re
import sqlite3
from datetime import timedelta

import pytest
from rich.console import Console

from awsprep import paths
from awsprep.content.load import load
from awsprep.errors import UserError
from awsprep.srs import catalog, review, stats
from awsprep.content.exam import quotas
from awsprep.srs.drill import Drill
from awsprep.srs.exam import Exam, draw, scaled
from awsprep.srs.settings import Settings
from awsprep.store.db import Store, utcnow
from awsprep.store.tables import CardState, ExamSession
from awsprep.ui.exam import ExamScreen, show_result
from awsprep.ui.keys import Keys
from helpers import run
from terminal import Terminal


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
    assert sum(sum(counts) for counts in result.by_domain.values()) == 4

    second = Exam.start(store, corpus, total=4, minutes=10, seed=8, domains=None, now=utcnow())
    result, console = play(second, "s\ny\n", monkeypatch)  # submit with nothing answered
    assert (result.correct, len(result.wrong), len(result.unanswered), result.passed) == (0, 0, 4, False)
    show_result(second, result, console, Keys(console, interactive=False), timed_out=False)
    shown = console.file.getvalue()
    assert "Raw score: 0/4" in shown and "estimate" in shown and "unanswered 4" in shown
    assert len(re.findall(r"Question \d · unanswered", shown)) == 4
    assert "Your pick: none" in shown and "now due" not in shown


def test_flag_review_and_jump_to_unanswered(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=3, minutes=10, seed=2, domains=None, now=utcnow())
    lines = f"{correct_letters(exam, 0)}\nm\nn\nr\nu\n{correct_letters(exam, 1)}\nq\n"
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


def test_questions_answered_wrong_become_due_in_the_drill_and_unanswered_do_not(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=2, minutes=10, seed=9, domains=None, now=utcnow())
    wrong, skipped = (a.item_id for a in exam.answers)
    with store.session() as db:  # both studied before and scheduled weeks ahead
        for item_id in (wrong, skipped):
            review.record(db, Settings(fuzzing=False), item_id, "question", review.EASY, now=utcnow() - timedelta(days=1))
    wrong_letter = next(letter for letter in "abcd" if letter not in correct_letters(exam, 0))
    play(exam, f"{wrong_letter}\ns\ny\n", monkeypatch)
    drill = Drill(store, catalog.entries(corpus), Settings(fuzzing=False))
    drill.next()
    assert wrong in drill.left.due and skipped not in drill.left.due
    with store.session() as db:  # derived from the log: the schedule itself is untouched
        assert review.aware(db.get(CardState, wrong).due) > utcnow() + timedelta(days=2)
    with sqlite3.connect(store.path) as db:
        logged = db.execute("SELECT item_id, correct FROM review_log WHERE mode = 'exam'").fetchall()
    assert logged == [(wrong, 0)]  # the unanswered question is not logged as a wrong answer


def test_exam_command_error_and_abandon_asks_first(isolated_home):
    result = run("exam", "--resume")
    assert result.exit_code == 1 and "no unfinished exam" in result.stderr
    assert run("exam", "--questions", "3", "--seed", "1", input="a\nq\n").exit_code == 0
    asked = run("exam", "--abandon", input="n\n")
    assert "Abandon the unfinished exam (1 of 3 answered" in asked.stdout and "kept the unfinished exam" in asked.stdout
    assert "kept" in run("exam", "--abandon").stdout  # no answer at the end of input is a no
    assert "abandoned 1" in run("exam", "--abandon", input="y\n").stdout
    assert run("exam", "--questions", "3", "--seed", "1", input="q\n").exit_code == 0
    assert "abandoned 1" in run("exam", "--abandon", "--yes").stdout
    assert "no unfinished exam" in run("exam", "--abandon").stdout


def test_questions_scale_the_time_unless_minutes_are_given(isolated_home):
    run("exam", "--questions", "13", "--seed", "1", input="q\n")
    run("exam", "--abandon", "--yes")
    run("exam", "--questions", "13", "--minutes", "5", "--seed", "1", input="q\n")
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        assert [row[0] for row in db.execute("SELECT minutes FROM exam_session ORDER BY id")] == [26, 5]


def test_exam_in_a_pseudo_terminal_times_out_then_resume_flow(isolated_home):
    term = Terminal(isolated_home, "exam", "--questions", "3", "--minutes", "0.05", "--seed", "3")
    term.wait("left")
    term.send("a")
    term.wait("Review", "[w] wrong")  # timed out: the review screen over the printed result
    term.send("q")
    assert "Time is up" in term.finish()

    term = Terminal(isolated_home, "exam", "--questions", "3", "--seed", "4")
    term.wait("question 1/3")
    term.send("bnmq")  # typed in one burst: every key is applied
    assert "--resume" in term.finish()
    term = Terminal(isolated_home, "exam", "--resume")
    term.wait("answered 1 · flagged 1")
    term.send("r")
    screen = term.wait("Review grid")
    assert " 1 done" in screen and " 2 ---- flag" in screen
    term.send("3\r")  # jump to question 3
    term.wait("question 3/3")
    term.send("s")
    term.wait("Submit with 2 unanswered and 1 flagged")
    term.send("y")
    term.wait("unanswered 2", "flagged 1")
    term.send("q")
    shown = term.finish()
    assert re.search(r"Raw score: \d/3", shown) and "By domain" in shown
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        statuses = [row[0] for row in db.execute("SELECT status FROM exam_session ORDER BY id")]
    assert statuses == ["timeout", "submitted"]


def test_scaled_estimate_bounds():
    assert (scaled(0, 65), scaled(65, 65), scaled(0, 0)) == (100, 1000, 100)
    assert scaled(44, 65) < 720 <= scaled(45, 65)


class Killed(BaseException):
    """kill -9: nothing after it runs, no handler, no save."""


class DyingInput(io.StringIO):
    """Script lines, then the process dies mid-exam."""

    def readline(self, *args):
        line = super().readline(*args)
        if not line:
            raise Killed
        return line


def test_resume_after_a_kill_restores_the_time_to_within_a_second(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=3, minutes=10, seed=5, domains=None, now=utcnow())
    clock = FakeClock(step=0.7)
    monkeypatch.setattr("sys.stdin", DyingInput("z\n" * 40))  # keys that change nothing: time passes
    console = Console(file=io.StringIO(), width=100)
    screen = ExamScreen(exam, Settings(), console, Keys(console, interactive=False), clock)
    with pytest.raises(Killed):
        screen.run()
    lived = screen.elapsed() - clock.step  # the fake clock moves on every read: undo this last one
    resumed = Exam.resume(store, corpus)
    assert lived > 30 and 0 <= lived - resumed.session.elapsed_s <= 1.0
    assert abs(resumed.answers[0].seconds - resumed.session.elapsed_s) < 1e-6  # all of it spent on question 1


def test_exam_time_counts_in_time_studied_and_each_question_keeps_its_own(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=3, minutes=60, seed=6, domains=None, now=utcnow())
    lines = f"z\nz\n{correct_letters(exam, 0)}\nn\nz\nn\ns\ny\n"
    result, _ = play(exam, lines, monkeypatch, FakeClock(step=10))
    assert (result.correct, len(result.unanswered)) == (1, 2)
    spent = [a.seconds for a in exam.answers]
    assert spent[0] > spent[1] > 0 and abs(sum(spent) - exam.session.elapsed_s) < 1e-6
    with store.session() as db:
        figures = stats.compute(db, catalog.entries(corpus), Settings(), utcnow())
    assert figures["time_studied"]["answers"] == 1  # only the answer given
    assert figures["time_studied"]["total_minutes"] == round(exam.session.elapsed_s / 60, 1)
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT duration_ms FROM review_log").fetchall() == [(round(spent[0] * 1000),)]


def test_an_exam_half_unanswered_counts_only_the_answers_given(isolated_home, corpus):
    run("drill", "--kind", "fact", input=" \n3\n \n3\nq\n")
    before = json.loads(run("stats", "--json").stdout)
    term = Terminal(isolated_home, "exam", "--questions", "4", "--seed", "11")
    term.wait("question 1/4")
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        rows = db.execute("SELECT item_id, option_order FROM exam_answer ORDER BY position").fetchall()
    keys = []
    for (item_id, order), right in zip(rows, (True, False)):
        question = corpus.questions[item_id]
        options = [int(i) for i in order.split(",")]
        letters = [letter for letter, i in zip("abcdef", options) if question.options[i].correct == right]
        keys.append("".join(letters[: question.choose]) if right else letters[0])
    term.send(f"{keys[0]}n{keys[1]}nm")  # right, wrong, then flag the third and leave two unanswered
    term.wait("flagged 1")
    term.send("sy")
    screen = term.wait("[w] wrong 1", "[u] unanswered 2", "[f] flagged 1")
    assert "wrong 1/1" in screen
    term.send("u")
    term.wait("unanswered 1/2", "Your pick: none")
    term.send("q")
    assert "Raw score:" in term.finish()

    after = json.loads(run("stats", "--json").stdout)
    assert after["time_studied"]["answers"] == before["time_studied"]["answers"] + 2
    assert after["calendar"][-1]["reviews"] == before["calendar"][-1]["reviews"] + 2
    accuracy = {d: row["question_accuracy"] for d, row in after["domains"].items() if row["question_accuracy"] is not None}
    expected: dict[str, list[int]] = {}
    for (item_id, _), right in zip(rows, (1, 0)):
        expected.setdefault(str(corpus.questions[item_id].exam_domain), []).append(right)
    assert accuracy == {d: sum(v) / len(v) for d, v in expected.items()}
    first_in_drill = run("drill", "--kind", "question", input="q\n").stdout.splitlines()[0]
    assert rows[1][0] in first_in_drill  # the wrong one leads the next drill; the unanswered do not
    assert rows[2][0] in run("flagged").stdout  # flagged in the exam: listed to look at again


def test_a_question_answered_wrong_brings_the_cards_behind_it_first(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=1, minutes=10, seed=12, domains=None, now=utcnow())
    question = exam.question(0)
    assert question.cards, "every shipped question links the cards behind it"
    studied, *new = question.cards
    with store.session() as db:  # one card learnt days ago and scheduled well ahead
        review.record(db, Settings(fuzzing=False), studied, "fact", review.EASY, now=utcnow() - timedelta(days=1))
    wrong_letter = next(letter for letter in "abcd" if letter not in correct_letters(exam, 0))
    play(exam, f"{wrong_letter}\ns\ny\n", monkeypatch)
    links = {i: q.cards for i, q in corpus.questions.items() if q.cards}
    drill = Drill(store, catalog.entries(corpus), Settings(fuzzing=False), links=links)
    drill.next()
    assert studied in drill.left.due
    first = len(new) + 1
    assert set(drill.left.new[:first]) == {exam.answers[0].item_id, *new}  # before every other new item


def test_resume_after_a_question_lost_an_option_asks_it_again(corpus, store, monkeypatch):
    exam = Exam.start(store, corpus, total=2, minutes=10, seed=3, domains=None, now=utcnow())
    play(exam, f"{correct_letters(exam, 0)}\nn\n{correct_letters(exam, 1)}\nq\n", monkeypatch)
    edited_id = exam.answers[0].item_id
    question = corpus.questions[edited_id]
    kept = [o for o in question.options if o.correct][: 1] + [o for o in question.options if not o.correct][:2]
    edited = copy.copy(corpus)  # a content update: the question now has three options and one key
    edited.questions = {**corpus.questions, edited_id: question.model_copy(update={"options": kept, "choose": 1})}
    again = Exam.resume(store, edited)
    assert again.changed == [edited_id]
    first, second = again.answers
    assert first.chosen == "" and sorted(again.order(first)) == [0, 1, 2]
    assert second.chosen != "", "an unchanged question keeps its answer"
    reloaded = Exam.resume(store, edited)
    assert reloaded.changed == [] and reloaded.answers[0].option_order == first.option_order, "saved at once"
