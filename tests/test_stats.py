"""`awsprep stats`: figures from a real database with a known history."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from awsprep.content.exam import TASKS
from awsprep.srs import review, stats
from awsprep.srs.catalog import Entry
from awsprep.srs.settings import Settings
from awsprep.store.db import Store
from helpers import run
from rich.console import Console

from awsprep.ui.stats_view import show

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
SETTINGS = Settings(fuzzing=False)
ENTRIES = [Entry("a", "fact", "sqs", "1.1", ("1.1.1",)), Entry("b", "fact", "kms", "2.2", ("2.2.2",)),
           Entry("q", "question", "kms", "2.2", ("2.2.2", "1.1.4")), Entry("new", "fact", "sqs", "1.1", ("1.1.1",))]


@pytest.fixture
def figures(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.session() as db:
        for days_ago in (3, 2, 1):  # a three-day streak ending yesterday
            review.record(db, SETTINGS, "a", "fact", review.GOOD, now=NOW - timedelta(days=days_ago), duration_ms=60_000)
        review.record(db, SETTINGS, "b", "fact", review.EASY, now=NOW - timedelta(days=20))
        review.record(db, SETTINGS, "q", "question", review.AGAIN, correct=False, now=NOW - timedelta(days=1))
        review.record(db, SETTINGS, "gone", "fact", review.GOOD, now=NOW - timedelta(days=1))  # no longer in the content
        return stats.compute(db, ENTRIES, SETTINGS, NOW)


def test_items_by_state(figures):
    items = figures["items"]
    assert items["total"] == 4 and items["new"] == 1
    assert items["review"] + items["learning"] + items["relearning"] == 3


def test_retention_counts_reviews_of_review_cards(figures):
    # "a" reached review after its second Good; its third answer was a review and passed
    assert figures["retention"]["7d"] == {"reviews": 1, "retention": 1.0}
    assert figures["retention"]["desired"] == 0.9


def test_streak_time_and_orphans(figures):
    assert figures["streak_days"] == 3
    assert figures["time_studied"]["total_minutes"] == 3.0
    assert figures["orphaned_items"] == ["gone"]


def test_mastery_and_readiness(figures):
    domain2 = figures["domains"]["2"]
    assert domain2["items"] == 2 and domain2["question_accuracy"] == 0.0
    assert 0 < figures["domains"]["1"]["recall"] < 1
    assert 100 <= figures["readiness"]["scaled_estimate"] <= 1000


def test_weakest_topics_are_the_studied_ones_with_their_commands(figures):
    weakest = figures["weakest_topics"]
    assert [row["topic"] for row in weakest] == ["kms", "sqs"]  # kms: a question answered wrong
    assert weakest[0]["score"] <= weakest[1]["score"]
    assert (weakest[1]["items"], weakest[1]["studied"]) == (2, 1)  # "new" is not studied: not held against sqs
    assert weakest[0]["command"] == "awsprep drill --topic kms"


def test_mastery_per_skill_from_recall_and_question_accuracy(figures):
    from awsprep.content.skills import SKILLS

    skills = figures["skills"]
    assert list(skills) == list(SKILLS) and skills["1.1.1"]["title"] == SKILLS["1.1.1"]
    domain1 = figures["domains"]["1"]["recall"]  # domain 1 holds the same two items, "a" and "new", as skill 1.1.1
    assert 0 < domain1 < 1
    assert skills["1.1.1"] == {"items": 2, "studied": 1, "recall": domain1, "question_accuracy": None,
                               "score": domain1, "title": SKILLS["1.1.1"]}
    assert skills["2.2.2"]["question_accuracy"] == 0.0 and skills["2.2.2"]["studied"] == 2
    assert skills["2.2.2"]["score"] == round(skills["2.2.2"]["recall"] / 2, 3)  # recall blended with 0% right
    assert skills["3.1.1"] == {"items": 0, "recall": 0.0, "question_accuracy": None, "score": 0.0,
                               "title": SKILLS["3.1.1"], "studied": 0}


def test_the_weakest_skills_are_the_studied_ones_weakest_first_with_commands(figures):
    weakest = figures["weakest_skills"]
    assert {row["skill"] for row in weakest} == {"1.1.1", "2.2.2", "1.1.4"}, "never-studied skills are not weak"
    assert [row["score"] for row in weakest] == sorted(row["score"] for row in weakest)
    assert weakest[-1]["skill"] == "1.1.1", "a card recalled well, unharmed by its unstudied sibling"
    assert all(row["command"] == f"awsprep drill --skill {row['skill']}" for row in weakest)


def test_today(figures):
    # "a" and "q" are due (both answered yesterday); "new" is the one new item left
    assert figures["today"] == {"due": 2, "learning": 1, "review": 1, "new_left": 1, "unseen": 1}


def test_forecast_and_calendar(figures):
    assert len(figures["forecast"]) == 30
    assert sum(day["due"] for day in figures["forecast"]) == 3
    assert len(figures["calendar"]) == 120
    assert figures["calendar"][-1]["date"] == "2026-03-10"
    assert sum(day["reviews"] for day in figures["calendar"]) == 6


def test_stats_command_json_and_dashboard(isolated_home):
    run("drill", "--kind", "fact", input=" \n3\nq\n")
    data = json.loads(run("stats", "--json").stdout)
    assert data["time_studied"]["answers"] == 1
    assert {"items", "today", "retention", "domains", "tasks", "forecast", "calendar", "streak_days", "readiness",
            "exams", "skills", "weakest_skills"} <= data.keys()
    assert len(data["skills"]) == 101 and sum(row["studied"] for row in data["skills"].values()) >= 1
    shown = run("stats", "--full").stdout
    for title in ("Items", "True retention", "Exam readiness by domain", "Due in the next 30 days", "Review calendar",
                  "Exam skills"):
        assert title in shown
    assert "brightest = most answers" in shown and "no reviews yet" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80  # the forecast axis no longer wraps


def test_the_summary_fits_one_screen(isolated_home):
    run("drill", "--kind", "fact", input=" \n3\n \n1\nq\n")
    run("exam", "--questions", "2", "--seed", "1", input="a\nn\nb\ns\ny\n")
    lines = run("stats").stdout.splitlines()
    shown = " ".join("\n".join(lines).replace("│", " ").split())
    assert len(lines) <= 24 and max(map(len, lines)) <= 80
    assert "Readiness" in shown and "new left 18" in shown and "streak 1 day(s)" in shown
    assert "awsprep drill --skill" in shown and re.search(r"Mock exams \d/2 \(\d+%\)", shown)
    assert "answer(s) so far were first sightings" in shown  # why true retention has no reviews yet
    assert "stats --full" in shown


def test_full_dashboard_details(figures):
    console = Console(file=io.StringIO(), width=80, color_system=None)
    figures["exams"] = [{"finished_at": "2026-03-09 10:00:00", "correct": 40, "total": 65, "scaled": 654,
                         "timed_out": True, "form": None}]
    figures["tasks"]["2.1"] = {"items": 1, "recall": 0.0, "question_accuracy": None, "title": TASKS["2.1"]}
    show(figures, console, full=True)
    shown = console.file.getvalue()
    assert "Implement authentication and/or authorizati…" in shown  # cut with an ellipsis
    assert "Note" in shown and "timed out" in shown  # every column has a header
    assert max(len(line) for line in shown.splitlines()) <= 80
