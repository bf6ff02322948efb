"""`awsprep stats`: figures from a real database with a known history."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from awsprep.srs import review, stats
from awsprep.srs.catalog import Entry
from awsprep.srs.settings import Settings
from awsprep.store.db import Store
from helpers import run

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
SETTINGS = Settings(fuzzing=False)
ENTRIES = [Entry("a", "fact", "sqs", "1.1"), Entry("b", "fact", "kms", "2.2"),
           Entry("q", "question", "kms", "2.2"), Entry("new", "fact", "sqs", "1.1")]


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
    assert figures["weakest_topics"][0]["recall"] <= figures["weakest_topics"][-1]["recall"]
    assert 100 <= figures["readiness"]["scaled_estimate"] <= 1000


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
    assert {"items", "retention", "domains", "tasks", "forecast", "calendar", "streak_days", "readiness", "exams"} <= data.keys()
    shown = run("stats").stdout
    for title in ("Items", "True retention", "Exam readiness by domain", "Due in the next 30 days", "Review calendar"):
        assert title in shown
