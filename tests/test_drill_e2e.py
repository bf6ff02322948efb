"""The real `awsprep drill` on an 80x24 pseudo-terminal, read through a terminal emulator: the full
screen, its keys, quitting, kill -9, two copies at once; and the line-based drill for scripts."""

from __future__ import annotations

import random
import re
import signal
import sqlite3
from datetime import datetime, timedelta, timezone

from awsprep import paths
from awsprep.content.load import load
from awsprep.content.problems import generate
from awsprep.srs import day, review
from awsprep.srs.settings import Settings
from awsprep.store.db import Store, utcnow
from helpers import run
from terminal import COLUMNS, ROWS, Terminal


def drill(home, *args: str) -> Terminal:
    return Terminal(home, "drill", "--kind", "fact", *args)


def answer_fact(term: Terminal, rating: str = "3") -> None:
    term.wait("show answer")
    term.send(" ")
    term.wait("Rate:")
    term.send(rating)


def logs(home) -> list[tuple]:
    with sqlite3.connect(home / "awsprep.db") as db:
        return db.execute("SELECT item_id, rating, mode FROM review_log ORDER BY id").fetchall()


def test_answer_three_then_quit_shows_a_summary(isolated_home):
    term = drill(isolated_home)
    for rating in "341":
        answer_fact(term, rating)
    term.wait("Done 3")
    term.send("q")
    shown = term.finish()
    assert "Answered 3" in shown and "Session summary" in shown
    assert [r for _, r, _ in logs(isolated_home)] == [3, 4, 1]
    missed = logs(isolated_home)[2][0]
    assert "Missed (1)" in shown and missed in shown  # the summary names the items missed


def test_the_screen_fits_80x24_and_keeps_the_question_with_its_feedback(isolated_home):
    term = Terminal(isolated_home, "drill", "--kind", "question", "--seed", "3")
    screen = term.wait("Type 1 letter", "[q] quit").splitlines()
    assert len(screen) == ROWS and all(len(line) <= COLUMNS for line in screen)
    assert screen[0].startswith("Left today new 20 · learning 0 · review 0") and "Done 0" in screen[0]
    item = screen[1].split(" · ")[0]
    question = load([paths.builtin_content()]).questions[item]
    first_words = " ".join(question.stem.split()[:4])
    assert first_words in screen[3] and screen[-1].startswith("[u] undo last  [m] flag")
    term.send("a" if question.choose == 1 else "ab")
    screen = term.wait("Saved as").splitlines()
    assert first_words in screen[3]  # the question is still on screen, with the verdict over it
    assert re.match(r"╭─ (Correct|Not quite: the answer is [A-F, ]+) ─", screen[2])
    assert screen[-1].startswith("[u] undo last")
    term.send("\x1b[F")  # End: scroll to the refs at the bottom of the panel
    screen = term.wait("PgUp to scroll back")
    body = "".join(line.strip("│ ") for line in screen.splitlines()[3:-4])
    for ref in question.refs:
        assert ref in body  # each URL whole: broken only between its parts, never lost
    for line in screen.splitlines():
        if "https://" in line and not line.rstrip(" │").endswith(".html"):
            assert line.rstrip(" │")[-1] in "/-_.#?", line
    term.send("q")
    term.finish()


def test_rating_keys_show_the_interval_each_gives(isolated_home):
    term = drill(isolated_home)
    term.wait("show answer")
    term.send(" ")
    screen = term.wait("Rate:")
    labels = re.search(r"Rate: 1 Again (\S+) · 2 Hard (\S+) · 3 Good (\S+) · 4 Easy (\S+)", screen).groups()
    assert labels[:3] == ("<1m", "<6m", "<10m")  # fsrs's learning steps 1m and 10m; Hard is their mean
    term.send("4")
    term.wait("Done 1")
    term.send("q")
    term.finish()
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        due, reviewed = db.execute("SELECT due, reviewed_at FROM card_state JOIN review_log USING (item_id)").fetchone()
    days = (datetime.fromisoformat(due) - datetime.fromisoformat(reviewed)) / timedelta(days=1)
    shown, within = label_days(labels[3])
    assert abs(days - shown) <= within


def test_a_review_card_shows_its_fuzzed_interval_and_gets_it(isolated_home):
    item = "kms-envelope-encryption"
    store = Store(isolated_home / "awsprep.db")
    with store.session() as db:  # learnt three weeks ago: a review card, overdue, fuzzing on
        review.record(db, Settings(), item, "fact", review.EASY, now=utcnow() - timedelta(days=12))
    store.close()
    term = drill(isolated_home, "--topic", "kms")
    term.wait(item, "show answer")
    term.send(" ")
    screen = term.wait("Rate:")
    labels = re.search(r"Rate: 1 Again (\S+) · 2 Hard (\S+) · 3 Good (\S+) · 4 Easy (\S+)", screen).groups()
    assert screen.splitlines()[0].startswith("Left today new 20 · learning 0 · review 1")
    assert labels[0] == "<10m"  # the relearning step
    term.send("2")  # Hard: about a month, fuzzed by a few days either way
    term.wait("Done 1")
    term.send("q")
    term.finish()
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        due = db.execute("SELECT due FROM card_state WHERE item_id = ?", (item,)).fetchone()[0]
    days = (datetime.fromisoformat(due).replace(tzinfo=timezone.utc) - utcnow()) / timedelta(days=1)
    shown, within = label_days(labels[1])
    assert abs(days - shown) <= within


def label_days(label: str) -> tuple[float, float]:
    """A label's days and how far from them the real interval may be ('28d': 0.5; '1.2mo': 1.5)."""
    if label.endswith("mo"):
        return float(label[:-2]) * 30, 1.5
    assert label.endswith("d"), label
    return int(label[:-1]), 0.5


def test_a_burst_of_ten_keys_is_all_applied(isolated_home):
    term = drill(isolated_home)
    term.wait("show answer")
    term.send(" 3 3 3 3 3")  # five cards revealed and rated, typed faster than the screen redraws
    term.wait("Done 5")
    term.send("q")
    term.finish()
    assert [r for _, r, _ in logs(isolated_home)] == [3, 3, 3, 3, 3]


def test_done_for_today_screen(isolated_home):
    run("config", "set", "new-per-day", "2")
    run("config", "set", "learning-steps", "30m")
    term = drill(isolated_home)
    answer_fact(term, "1")  # back in 30 minutes: after the learn-ahead window
    answer_fact(term, "4")
    shown = term.finish()
    assert "Done for today" in shown and "Answered 2" in shown
    assert re.search(r"Next learning card: back in 30m \(at \d\d:\d\d\)", shown)
    assert "Due tomorrow: 1." in shown and "Unseen: " in shown and "Set an exam date" in shown
    assert "awsprep drill --cram" in shown and "config set new-per-day 12" in shown

    run("config", "set", "exam-date", (day.today(utcnow()) + timedelta(days=1007)).isoformat())
    term = drill(isolated_home)  # nothing to do: the same screen at once
    shown = " ".join(term.finish().replace("│", " ").split())
    assert "Done for today" in shown and "Answered 0" in shown
    unseen = int(re.search(r"Unseen: (\d+) item", shown).group(1))
    needed = -(-unseen // 1000)  # from tomorrow to a week before the exam: 1,000 days
    assert f"takes {needed} new a day; new-per-day is 2" in shown


def test_undo_takes_back_the_last_answer(isolated_home):
    term = drill(isolated_home)
    answer_fact(term, "3")
    answer_fact(term, "4")
    term.wait("Done 2")
    term.send("u")
    term.wait("taken back", "Done 1")
    term.send("q")
    term.finish()
    assert [r for _, r, _ in logs(isolated_home)] == [3]


def test_flag_bury_and_suspend_keys(isolated_home):
    term = drill(isolated_home)
    ids = []
    for key in "mzs":
        ids.append(term.wait("show answer").splitlines()[1].split(" · ")[0])
        term.send(key)
        term.wait({"m": "Flagged", "z": "Buried", "s": "Suspended"}[key])
    term.send("q")
    term.finish()
    assert ids[0] == ids[1] != ids[2]  # flagging keeps the item on screen
    assert logs(isolated_home) == []
    assert ids[0] in run("flagged").stdout and ids[2] in run("unsuspend", "--list").stdout
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        buried = db.execute("SELECT buried_until FROM card_state WHERE item_id = ?", (ids[1],)).fetchone()[0]
    assert buried == (day.today(utcnow()) + timedelta(days=1)).isoformat()  # the learner's day: from 4 am


def test_numeric_answers_with_units_and_junk(isolated_home):
    term = Terminal(isolated_home, "drill", "--kind", "calc", "--seed", "5")
    item = term.wait("Type the number").splitlines()[1].split(" · ")[0]
    expected = generate(item, random.Random(5)).expected
    assert expected.denominator == 1
    term.send("junk\r")
    term.wait("'junk' is not a number")
    term.send(b"\xff\xfe 12\r")  # not UTF-8: re-prompted, never a crash
    term.wait("'\ufffd\ufffd 12' is not a number")
    term.send(f"{int(expected):,} units\r")
    term.wait("Correct", "Saved as Good")
    term.send("\r")
    term.wait("Done 1")
    term.send("u")  # undo acts at once, with nothing typed: no Enter needed
    term.wait("taken back", "Done 0")
    term.send("q")
    term.finish()
    assert logs(isolated_home) == []


def test_killed_mid_drill_loses_nothing_answered(isolated_home):
    term = drill(isolated_home)
    answer_fact(term, "3")
    answer_fact(term, "2")
    term.wait("Done 2")
    term.child.kill(signal.SIGKILL)
    term.child.wait()
    assert [r for _, r, _ in logs(isolated_home)] == [3, 2]


def test_ctrl_c_quits_with_a_summary(isolated_home):
    term = drill(isolated_home)
    answer_fact(term, "3")
    term.wait("Done 1")
    term.child.sendintr()
    assert "Answered 1" in term.finish()
    assert len(logs(isolated_home)) == 1


def test_two_copies_at_once(isolated_home):
    first, second = drill(isolated_home), drill(isolated_home)
    for _ in range(3):
        answer_fact(first, "3")
        answer_fact(second, "4")
    for term in (first, second):
        term.wait("Done 3")
        term.send("q")
        term.finish()
    ratings = sorted(r for _, r, _ in logs(isolated_home))
    assert ratings == [3, 3, 3, 4, 4, 4]


def test_scripted_drill_reads_lines(isolated_home):
    result = run("drill", "--kind", "fact", "--seed", "2", input=" \n3\n \n4\nq\n")
    assert result.exit_code == 0, result.output
    assert "Answered 2" in result.stdout
    assert [r for _, r, _ in logs(isolated_home)] == [3, 4]


def test_scripted_question_and_calculator(isolated_home):
    result = run("drill", "--kind", "calc", "--seed", "5", "--limit", "2", input="1\n\n2 shards\n\n")
    assert result.exit_code == 0, result.output
    assert "Answered 2" in result.stdout
    assert {mode for *_, mode in logs(isolated_home)} == {"drill"}
    result = run("drill", "--kind", "question", "--limit", "1", "--cram", input="a\nab\nabc\n\n")  # choose 1, 2 or 3
    assert "Answered 1" in result.stdout and "(your pick)" in result.stdout
    assert "Saved as" not in result.stdout and "Cram: the schedule was not touched" in result.stdout


def test_scripted_calculator_rereads_what_is_not_a_number(isolated_home):
    result = run("drill", "--kind", "calc", "--limit", "1", input=b"lots\n\xff\n7 of them\n\n")
    assert result.exit_code == 0, result.output
    assert "'lots' is not a number" in result.stdout and "Answered 1" in result.stdout
    assert [answer for (answer,) in sqlite3.connect(isolated_home / "awsprep.db").execute(
        "SELECT answer FROM review_log")] == ["7 of them"]


def test_unknown_filter_is_a_one_line_error():
    result = run("drill", "--topic", "nosuchtopic")
    assert result.exit_code == 1
    assert "unknown topic 'nosuchtopic'" in result.stderr and len(result.stderr.splitlines()) == 1
