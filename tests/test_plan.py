"""The exam-day plan on the real fsrs scheduler and a fixed clock: our due dates are fsrs's without an
exam date; pacing by exam - 7; no pile-up on the exam day; the learner's day in two time zones; load
balancing and easy days; leech re-warnings; the forecast of `awsprep plan`."""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import fsrs
import pytest
from sqlmodel import select

from awsprep.srs import day, flags, forecast, plan, queue, review
from awsprep.srs.catalog import Entry
from awsprep.srs.drill import Drill
from awsprep.srs.settings import Settings
from awsprep.store.db import Store
from awsprep.store.tables import CardState, Setting
from helpers import run

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)  # a Monday


@pytest.fixture(autouse=True)
def zone():
    """The learner's time zone (UTC unless a test picks another), put back afterwards."""
    saved = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    use("UTC")
    yield use
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "plan.db")


def items(n: int) -> list[Entry]:
    return [Entry(f"item-{i:03d}", "fact", "demo", "1.1") for i in range(n)]


def answer(store, item_id, rating, now, settings):
    with store.session() as session:
        return review.record(session, settings, item_id, "fact", rating, now=now)


def states(store) -> dict[str, CardState]:
    with store.session() as session:
        return {s.item_id: s for s in session.exec(select(CardState))}


def study_daily(store, entries, settings, first: datetime, days: int) -> Counter:
    """Every day at the hour of `first`, all the drill offers, answered Good; reviews per day."""
    reviews: Counter = Counter()
    for offset in range(days):
        clock_now = [first + timedelta(days=offset)]
        drill = Drill(store, entries, settings, clock=lambda: clock_now[0])
        while (entry := drill.next()) is not None:
            with store.session() as session:
                before = session.get(CardState, entry.id)
            reviews[offset] += before is not None and before.state == review.REVIEW_STATE
            drill.answer(entry, review.GOOD)
            clock_now[0] += timedelta(seconds=30)
    return reviews


def test_with_no_exam_date_our_due_dates_are_fsrs_own(store):
    rng = random.Random(7)
    settings = Settings(fuzzing=False)
    reference = fsrs.Scheduler(enable_fuzzing=False)  # fsrs's defaults are ours
    compared = differ = 0
    for n in range(40):
        item_id = f"item-{n}"
        card, now = review.new_card(item_id, T0), T0 + timedelta(minutes=n)
        for _ in range(12):
            rating = rng.choice([review.AGAIN, review.HARD, review.GOOD, review.GOOD, review.EASY])
            outcome = answer(store, item_id, rating, now, settings)
            card, _ = reference.review_card(card, fsrs.Rating(rating), review_datetime=now)
            compared += 1
            differ += outcome.due != card.due
            now = card.due + timedelta(hours=rng.randint(0, 30))  # on time, or up to a day late
    assert (compared, differ) == (480, 0)


def test_pacing_sees_every_item_by_exam_minus_7_at_an_even_pace(store):
    exam = (T0 + timedelta(days=20)).date()
    settings = Settings(fuzzing=False, new_per_day=2, exam_date=exam)
    entries = items(60)
    study_daily(store, entries, settings, T0, 14)
    seen = Counter(day.today(review.aware(s.first_seen)) for s in states(store).values())
    assert sum(seen.values()) == 60 and max(seen) <= exam - timedelta(days=7)
    # 60 items over the 14 days to the deadline: 5 a day, each day from the items unseen when it began
    assert len(seen) == 14 and max(seen.values()) - min(seen.values()) <= 1


def test_past_the_deadline_every_unseen_item_is_offered_at_once(store):
    settings = Settings(fuzzing=False, new_per_day=20, exam_date=(T0 + timedelta(days=5)).date())
    study_daily(store, items(70), settings, T0, 1)
    assert len(states(store)) == 70  # new-per-day does not cap the catch-up


def test_no_pile_up_on_the_exam_day(store):
    """One topic drilled daily for 30 days: reviews keep coming to the end and the exam day is light."""
    random.seed(11)
    exam = (T0 + timedelta(days=30)).date()
    settings = Settings(new_per_day=69, exam_date=exam)  # fuzzing on: the plan load-balances
    entries = items(69)
    reviews = study_daily(store, entries, settings, T0, 31)  # the 30 days and the exam morning
    mean = sum(reviews.values()) / 31
    assert reviews[30] <= 1.5 * mean, reviews
    assert sum(reviews[d] for d in range(18, 30)) > 0, "the last 12 days before the exam have reviews"
    exam_start = day.start(exam)
    scheduler = review.scheduler(settings)
    for s in states(store).values():  # every item is at or above desired retention on the exam day, or due by it
        card = fsrs.Card.from_json(s.card)
        assert (scheduler.get_card_retrievability(card, exam_start) >= 0.9
                or day.today(review.aware(s.due)) <= exam), s.item_id


def test_a_fuzz_range_across_the_exam_is_cut_when_recall_would_not_hold():
    settings = Settings(exam_date=(T0 + timedelta(days=11)).date())
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=9.6, difficulty=5.0, last_review=T0,
                     due=T0 + timedelta(days=10))  # fsrs rounds 9.6 days up to 10
    assert plan.fuzz_range(10, settings.maximum_interval) == (8, 12)  # fsrs's fuzz alone could pass the exam
    assert review.scheduler(settings).get_card_retrievability(card, day.start(settings.exam_date)) < 0.9
    random.seed(5)
    picked = {day.today(plan.due(card, T0, settings, lambda first, last: {})) for _ in range(200)}
    assert picked == {(T0 + timedelta(days=k)).date() for k in (8, 9, 10)}  # before the exam day, not after


def test_the_learners_day_in_los_angeles_and_tokyo(store, zone):
    exam = date(2026, 2, 10)
    settings = Settings(fuzzing=False, exam_date=exam)
    zone("America/Los_Angeles")  # the exam day starts at 04:00 there, 12:00 UTC
    assert day.start(exam) == datetime(2026, 2, 10, 12, 0, tzinfo=timezone.utc)
    eve = datetime(2026, 2, 9, 16, 0).astimezone().astimezone(timezone.utc)  # 16:00 the day before, local
    assert day.today(eve) == date(2026, 2, 9) and plan.exam_start(settings, eve) is not None
    late = datetime(2026, 2, 10, 2, 30).astimezone().astimezone(timezone.utc)  # 02:30 on the exam date: still the eve
    assert day.today(late) == date(2026, 2, 9)
    with store.session() as session:  # a review due at the start of the exam day is not due on its eve
        session.add(CardState(item_id="item-000", kind="fact", state=2, due=day.start(exam),
                              card=review.new_card("item-000", eve).to_json()))
    with store.session() as session:
        assert queue.snapshot(session, {"item-000"}, settings, eve).reviews == 0
        assert queue.snapshot(session, {"item-000"}, settings, day.start(exam)).reviews == 1
    zone("Asia/Tokyo")  # 07:00 on exam morning: the exam day has begun, the plan no longer holds items back
    morning = datetime(2026, 2, 10, 7, 0).astimezone().astimezone(timezone.utc)
    assert plan.exam_start(settings, morning) is None
    outcome = answer(store, "item-001", review.EASY, morning, settings)
    assert outcome.due - morning == timedelta(days=8)  # fsrs's own interval


def test_day_starts_at_moves_the_daily_limits(store):
    late = datetime(2026, 1, 6, 2, 0, tzinfo=timezone.utc)  # 02:00: still Monday's study day by default
    answer(store, "item-000", review.GOOD, late, Settings())
    with store.session() as session:
        assert queue.done_today(session, late)[0] == 1
        assert queue.done_today(session, late + timedelta(hours=3))[0] == 0  # 05:00: a new day
        assert queue.done_today(session, late + timedelta(hours=3), 6)[0] == 1  # days that start at 06:00


def test_load_balancing_spreads_cards_of_the_same_stability(store):
    random.seed(3)
    for n in range(30):  # Easy on a new card: stability 8.3, interval 8, fuzz range 6-10 days
        answer(store, f"item-{n}", review.EASY, T0, Settings())
    per_day = Counter(review.aware(s.due).date() for s in states(store).values())
    assert per_day == {(T0 + timedelta(days=k)).date(): 6 for k in range(6, 11)}


def test_easy_days_take_no_reviews_while_others_can(store):
    easy = (T0 + timedelta(days=8)).strftime("%a").lower()  # the day fsrs itself would pick
    settings = Settings(easy_days=f"{easy}")
    random.seed(4)
    for n in range(20):
        answer(store, f"item-{n}", review.EASY, T0, settings)
    per_day = Counter(review.aware(s.due).date() for s in states(store).values())
    assert (T0 + timedelta(days=8)).date() not in per_day and sum(per_day.values()) == 20
    assert max(per_day.values()) - min(per_day.values()) <= 1


def test_fuzzing_off_keeps_fsrs_interval(store):
    for n in range(5):
        answer(store, f"item-{n}", review.EASY, T0, Settings(fuzzing=False))
    assert {review.aware(s.due) for s in states(store).values()} == {T0 + timedelta(days=8)}


def lapse_until(store, settings, lapses: int) -> list[int]:
    """An item into review, then lapsed and relearned `lapses` times; the lapse counts that warned."""
    now, warned = T0, []
    answer(store, "leechy", review.EASY, now, settings)
    for _ in range(lapses):
        if states(store)["leechy"].suspended:
            with store.session() as session:
                flags.suspend(session, "leechy", "fact", now, on=False)
        now = review.aware(states(store)["leechy"].due)
        outcome = answer(store, "leechy", review.AGAIN, now, settings)
        if outcome.became_leech:
            warned.append(outcome.lapses)
        now += timedelta(minutes=10)
        answer(store, "leechy", review.GOOD, now, settings)
    return warned


def test_a_leech_is_warned_again_only_every_half_threshold_after_unsuspend(store):
    assert lapse_until(store, Settings(fuzzing=False), 17) == [8, 12, 16]  # suspended at each, unsuspended by hand


def test_leech_action_tag_keeps_the_leech_in_drills(tmp_path):
    store = Store(tmp_path / "tag.db")
    assert lapse_until(store, Settings(fuzzing=False, leech_action="tag"), 12) == [8, 12]
    s = states(store)["leechy"]
    assert (s.leech, s.suspended) == (True, False)


def test_settings_for_the_plan_are_checked_at_the_door():
    assert Settings().set("easy-days", "Saturday, sun:50").easy_days == "sat:0 sun:50"
    assert Settings().set("day-starts-at", "0").day_starts_at == 0
    for key, value, message in [("easy-days", "someday", "weekdays like"), ("easy-days", "sat:150", "0 to 100"),
                                ("day-starts-at", "24", "between 0 and 23"), ("leech-action", "delete", "suspend or tag"),
                                ("minutes-per-day", "0", "between 1 and 1440")]:
        with pytest.raises(Exception, match=message):
            Settings().set(key, value)


def forecast_for(store, count: int, days: int, budget: int):
    """The forecast for `count` unseen items, the exam `days` ahead, a budget of `budget` minutes."""
    settings = Settings(exam_date=(T0 + timedelta(days=days)).date(), minutes_per_day=budget)
    with store.session() as session:
        begin = forecast.start(session, items(count), settings, T0)
    return begin, forecast.run(begin, settings), settings


def test_the_forecast_paces_new_items_and_predicts_recall_per_domain(store):
    begin, result, settings = forecast_for(store, 60, 20, 240)
    assert len(result.days) == 21 and result.days[-1].day == settings.exam_date
    assert sum(d.new for d in result.days) == 60
    assert sum(d.new for d in result.days if d.day > settings.exam_date - timedelta(days=7)) == 0
    recall, at_target = result.recall[1]
    assert recall > 0.9 and at_target > 0.9
    assert forecast.run(begin, settings).days == result.days  # the same forecast each time
    assert forecast.advice(begin, result) == []


def test_the_forecast_says_what_to_change_when_a_day_is_over_budget(store):
    begin, result, _ = forecast_for(store, 300, 14, 5)
    assert result.over_budget() and result.peak.minutes > 5
    tips = forecast.advice(begin, result)
    assert "desired-retention 0.85" in tips[0] and "minutes-per-day" in tips[-1]


def test_plan_command_json_and_its_refusals(isolated_home):
    refused = run("plan")
    assert refused.exit_code == 1 and "no exam date" in refused.stderr and len(refused.stderr.splitlines()) == 1
    exam = date.today() + timedelta(days=10)
    assert run("config", "set", "exam-date", exam.isoformat()).exit_code == 0
    assert run("config", "set", "minutes-per-day", "1440").exit_code == 0
    result = run("plan", "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["exam_date"] == exam.isoformat() and len(figures["days"]) >= 10
    assert set(figures["recall_on_exam_day"]) == {"1", "2", "3", "4"} and figures["over_budget"] == []
    shown = run("plan")
    assert shown.exit_code == 0 and "Predicted recall on the exam day" in shown.stdout
    with Store(isolated_home / "awsprep.db").session() as session:  # a stored date that has passed since
        session.get(Setting, "exam_date").value = json.dumps("2020-01-01")
    passed = run("plan")
    assert passed.exit_code == 1 and "has passed" in passed.stderr


def test_an_exam_date_that_has_passed_sets_no_pace(store):
    """A date stored before it passed (the config refuses past dates) no longer lifts the new limit."""
    settings = Settings(fuzzing=False, new_per_day=5, exam_date=(T0 - timedelta(days=1)).date())
    study_daily(store, items(70), settings, T0, 1)
    assert len(states(store)) == 5
