"""The real `awsprep drill` in a pseudo-terminal: answer, quit, kill, and two copies at once."""

from __future__ import annotations

import os
import signal
import sqlite3

import pexpect
import pytest

from helpers import SCRIPT, run

TIMEOUT = 30


@pytest.fixture
def env(isolated_home):
    return {**os.environ, "AWSPREP_HOME": str(isolated_home), "COLUMNS": "100", "TERM": "xterm", "NO_COLOR": "1"}


def spawn(env, *args: str) -> pexpect.spawn:
    return pexpect.spawn(str(SCRIPT), ["drill", "--kind", "fact", *args], env=env, timeout=TIMEOUT, encoding="utf-8")


def answer_fact(child: pexpect.spawn, rating: str = "3") -> None:
    child.expect("show answer")
    child.send(" ")
    child.expect("Rate:")
    child.send(rating)


def logs(home) -> list[tuple]:
    with sqlite3.connect(home / "awsprep.db") as db:
        return db.execute("SELECT item_id, rating, mode FROM review_log ORDER BY id").fetchall()


def test_answer_three_then_quit_shows_a_summary(env, isolated_home):
    child = spawn(env)
    for rating in "341":
        answer_fact(child, rating)
    child.expect("show answer")
    child.send("q")
    child.expect("Answered 3")
    child.expect(pexpect.EOF)
    assert [r for _, r, _ in logs(isolated_home)] == [3, 4, 1]


def test_undo_takes_back_the_last_answer(env, isolated_home):
    child = spawn(env)
    answer_fact(child, "3")
    answer_fact(child, "4")
    child.expect("show answer")
    child.send("u")
    child.expect("taken back")
    child.expect("show answer")
    child.send("q")
    child.expect(pexpect.EOF)
    assert [r for _, r, _ in logs(isolated_home)] == [3]


def test_killed_mid_drill_loses_nothing_answered(env, isolated_home):
    child = spawn(env)
    answer_fact(child, "3")
    answer_fact(child, "2")
    child.expect("show answer")
    child.kill(signal.SIGKILL)
    child.wait()
    assert [r for _, r, _ in logs(isolated_home)] == [3, 2]


def test_ctrl_c_quits_with_a_summary(env, isolated_home):
    child = spawn(env)
    answer_fact(child, "3")
    child.expect("show answer")
    child.sendintr()
    child.expect("Answered 1")
    child.expect(pexpect.EOF)
    assert len(logs(isolated_home)) == 1


def test_two_copies_at_once(env, isolated_home):
    first, second = spawn(env), spawn(env)
    for _ in range(3):
        answer_fact(first, "3")
        answer_fact(second, "4")
    for child in (first, second):
        child.expect("show answer")
        child.send("q")
        child.expect(pexpect.EOF)
    ratings = sorted(r for _, r, _ in logs(isolated_home))
    assert ratings == [3, 3, 3, 4, 4, 4]


def test_scripted_drill_reads_lines(isolated_home):
    result = run("drill", "--kind", "fact", "--seed", "2", input=" \n3\n \n4\nq\n")
    assert result.exit_code == 0, result.output
    assert "Answered 2" in result.stdout
    assert [r for _, r, _ in logs(isolated_home)] == [3, 4]


def test_scripted_question_and_calculator(isolated_home):
    result = run("drill", "--kind", "calc", "--seed", "5", "--limit", "2", input="1\n\n2\n\n")
    assert result.exit_code == 0, result.output
    assert "Answered 2" in result.stdout
    assert {mode for *_, mode in logs(isolated_home)} == {"drill"}
    result = run("drill", "--kind", "question", "--limit", "1", "--cram", input="a\nab\n\n")  # choose 1 or 2
    assert "Answered 1" in result.stdout and "(your pick)" in result.stdout


def test_unknown_filter_is_a_one_line_error():
    result = run("drill", "--topic", "nosuchtopic")
    assert result.exit_code == 1
    assert "unknown topic 'nosuchtopic'" in result.stderr and len(result.stderr.splitlines()) == 1
