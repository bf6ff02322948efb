"""`awsprep config`: every value is checked at the door, so nothing stored can break a later run."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsprep.srs.queue import local_day
from awsprep.srs.settings import HELP, Settings
from awsprep.store.db import utcnow
from helpers import run

KEYS = [key.replace("_", "-") for key in HELP]
TODAY = local_day(utcnow())  # the learner's day (it starts at 4 am), not the calendar's: between midnight and 4 am they differ


@pytest.mark.parametrize(("key", "value", "message"), [
    ("learning-steps", "99999999999d", "at most 365d"),
    ("relearning-steps", "99999999999d", "at most 365d"),
    ("learning-steps", "1m 10m 1000000d", "at most 365d"),
    ("learning-steps", "0m", "longer than 0"),
    ("learning-steps", " ".join(["1m"] * 11), "at most 10 steps"),
    ("exam-date", "0001-01-05", "in the past"),
    ("exam-date", (TODAY - timedelta(days=1)).isoformat(), "in the past"),
    ("exam-date", (TODAY + timedelta(days=4 * 365)).isoformat(), "within three years"),
    ("exam-date", "2027-02-30", "YYYY-MM-DD"),
    ("new-per-day", "-1", "between 0 and 9999"),
    ("new-per-day", "-5", "between 0 and 9999"),
    ("new-per-day", "9" * 5000, "whole number"),
    ("desired-retention", "nan", "between 0.70 and 0.99"),
    ("fuzzing", "maybe", "on or off"),
])
def test_bad_values_are_refused_with_one_line_and_nothing_stored(isolated_home, key, value, message):
    result = run("config", "set", key, value)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert len(result.stderr) < 300
    assert not (isolated_home / "awsprep.db").exists(), "a refused value opens nothing"


def test_show_explains_units_and_set_takes_what_show_prints(isolated_home):
    run("config", "set", "exam-date", (TODAY + timedelta(days=60)).isoformat())
    shown = run("config", "show").stdout.splitlines()
    assert len(shown) == len(KEYS)
    for line in shown:
        assert len(line) <= 80, line
        key, rest = line.split(": ", 1)
        value, meaning = rest.split("  ", 1)
        assert meaning.strip() == HELP[key.replace("-", "_")]
        again = run("config", "set", key, value.strip())
        assert again.exit_code == 0, (line, again.stderr)
    assert "fuzzing: on" in "\n".join(shown) and "days" in HELP["maximum_interval"]
    run("config", "unset", "exam-date")
    assert run("config", "set", "exam-date", "none").exit_code == 0


def test_a_stored_value_an_older_version_accepted_falls_back_to_the_default(isolated_home):
    assert run("config", "show").exit_code == 0
    with sqlite3.connect(isolated_home / "awsprep.db") as raw:
        raw.execute("""INSERT INTO setting VALUES ('learning_steps', '"99999999999d"'), ('new_per_day', 'oops')""")
    shown = run("config", "show")
    assert shown.exit_code == 0 and "learning-steps: 1m 10m" in shown.stdout
    assert "not valid any more" in shown.stderr
    warned = [line for line in shown.stderr.splitlines() if "not valid any more" in line]
    assert len(warned) == 2 and any("new-per-day 'oops'" in line for line in warned), "a row that is not JSON is named too"
    assert "new-per-day: 20" in shown.stdout
    assert run("drill", "-n", "1", input="q\n").exit_code == 0
    assert run("stats", "--json").exit_code == 0


values = st.one_of(
    st.text(max_size=12),
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.builds(lambda n, u: f"{n}{u}", st.integers(-5, 10**12), st.sampled_from(["s", "m", "h", "d", "x", ""])),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["on", "off", "True", "none", "-", "1m 10m", "0.9", "20"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(KEYS), value=values)
def test_whatever_is_accepted_never_breaks_the_scheduler(isolated_home, key, value):
    """The parse at the door is the only check: anything it lets through must schedule and show."""
    from awsprep.srs import review

    try:
        chosen = Settings().set(key, value, TODAY)
    except Exception as error:  # noqa: BLE001 - only one-line user errors may come out
        from awsprep.errors import UserError

        assert isinstance(error, UserError) and "\n" not in str(error)
        return
    assert Settings.from_dict(chosen.to_dict()) == chosen
    assert chosen.set(key, chosen.shown()[key], TODAY) == chosen
    scheduler = review.scheduler(chosen)
    card = review.new_card("x", datetime(2026, 1, 1, tzinfo=timezone.utc))
    for rating in (fsrs.Rating.Again, fsrs.Rating.Good, fsrs.Rating.Easy):
        card, _ = scheduler.review_card(card, rating, review_datetime=card.due)
