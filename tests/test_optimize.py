"""`awsprep optimize` on a simulated learner's real log (fsrs-rs-python), and rescheduling every card
from its memory state when desired retention or the parameters change: one transaction, after a backup."""

from __future__ import annotations

import heapq
import json
import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from sqlmodel import select

from awsprep.srs import fit, plan, review, settings
from awsprep.srs.settings import Settings
from awsprep.store.db import Store, utcnow
from awsprep.store.tables import CardState, Fit
from helpers import run

T0 = datetime(2026, 1, 5, 19, 0, tzinfo=timezone.utc)
# The simulated learner forgets faster than fsrs's defaults assume: first stabilities halved, slower growth.
TRUE = list(fsrs.scheduler.DEFAULT_PARAMETERS)
TRUE[0:4] = [w / 2 for w in TRUE[0:4]]
TRUE[8] = 1.4


def simulate(store: Store, items: int = 150, days: int = 60, seed: int = 5) -> None:
    """`items` new items, 15 a day, each answered whenever due: right with the true recall (Good), else Again."""
    rng = random.Random(seed)
    random.seed(seed)
    memory = fsrs.Scheduler(parameters=TRUE, enable_fuzzing=False)
    truth: dict[str, fsrs.Card] = {}
    due: list[tuple[datetime, str]] = []
    current = Settings()
    for offset in range(days):
        start = T0 + timedelta(days=offset)
        for n in range(offset * 15, min(items, offset * 15 + 15)):
            heapq.heappush(due, (start, f"item-{n:03d}"))
        now = start
        while due and due[0][0] < start + timedelta(hours=5):
            when, item_id = heapq.heappop(due)
            now = max(now, when) + timedelta(seconds=20)
            card = truth.get(item_id)
            chance = 0.6 if card is None else memory.get_card_retrievability(card, now)
            rating = review.GOOD if rng.random() < chance else review.AGAIN
            truth[item_id], _ = memory.review_card(card or fsrs.Card(card_id=len(truth) + 1, due=now),
                                                   fsrs.Rating(rating), review_datetime=now)
            with store.session() as session:
                outcome = review.record(session, current, item_id, "fact", rating, now=now, duration_ms=8000)
            heapq.heappush(due, (outcome.due, item_id))


@pytest.fixture(scope="module")
def learner_log(tmp_path_factory):
    """A simulated learner's database, made once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("learner") / "awsprep.db"
    store = Store(path)
    simulate(store)
    store.close()
    return path


@pytest.fixture
def learner(learner_log, tmp_path):
    path = tmp_path / "home" / "awsprep.db"
    path.parent.mkdir(exist_ok=True)
    with sqlite3.connect(learner_log) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return Store(path)


def dues(store) -> dict[str, datetime]:
    with store.session() as session:
        return {s.item_id: review.aware(s.due) for s in session.exec(select(CardState))}


def test_optimize_refuses_a_tiny_log(isolated_home):
    store = Store(isolated_home / "awsprep.db")
    with store.session() as session:
        review.record(session, Settings(), "sqs-x", "fact", review.GOOD, now=utcnow() - timedelta(days=3))
        review.record(session, Settings(), "sqs-x", "fact", review.GOOD, now=utcnow())
    result = run("optimize")
    assert result.exit_code == 1
    assert "too few reviews" in result.stderr and f"needs {fit.MIN_REVIEWS}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with store.session() as session:
        assert fit.current(session) == ()


def test_optimize_fits_a_simulated_learner_and_the_scheduler_uses_the_fit(learner):
    with learner.session() as session:
        assert fit.suggestion(session)["suggested"] is True
    before = dues(learner)
    now = T0 + timedelta(days=60)
    result = fit.optimize(learner, now)
    assert result.reviews >= fit.MIN_REVIEWS
    assert result.fitted.log_loss < result.default.log_loss
    assert result.fitted.rmse_bins < result.default.rmse_bins
    # the first stability after Good: the learner forgets faster than the defaults assume
    assert len(result.parameters) == 21 and result.parameters[2] < fsrs.scheduler.DEFAULT_PARAMETERS[2]
    with learner.session() as session:
        loaded = settings.load(session)
        assert loaded.parameters == tuple(result.parameters)
        assert review.scheduler(loaded).parameters == tuple(result.parameters)
        assert fit.suggestion(session)["suggested"] is False
        assert session.exec(select(Fit)).one().log_loss == pytest.approx(result.fitted.log_loss)
    after = dues(learner)
    moved = [i for i in after if after[i] != before[i]]
    assert result.rescheduled == len(moved) > 0
    # weaker memory than the defaults assume: the cards come back sooner
    assert sum((after[i] - before[i]).total_seconds() for i in moved) < 0
    assert Path(result.backup).is_file()


def test_optimize_dry_run_keeps_the_defaults(learner):
    result = fit.optimize(learner, T0 + timedelta(days=60), save=False)
    assert result.rescheduled is None and result.fitted.log_loss < result.default.log_loss
    with learner.session() as session:
        assert fit.current(session) == ()


def test_a_new_desired_retention_reschedules_every_card_from_its_memory_state(learner):
    now = T0 + timedelta(days=60)
    before = dues(learner)
    moved, backup = _reschedule_to(learner, 0.8, now)
    after = dues(learner)
    assert moved > 0 and backup.endswith(".db")
    with sqlite3.connect(backup) as copy:  # the backup holds the schedule as it was
        kept = dict(copy.execute("SELECT item_id, due FROM card_state").fetchall())
    assert len(kept) == len(before)
    reference = fsrs.Scheduler(desired_retention=0.8, enable_fuzzing=False)
    with learner.session() as session:
        for state in session.exec(select(CardState).where(CardState.state == review.REVIEW_STATE)):
            card = fsrs.Card.from_json(state.card)
            interval = reference._next_interval(stability=card.stability)
            low, high = plan.fuzz_range(interval, 36500)
            planned = review.aware(state.due)
            # lower retention: longer intervals, each inside fsrs's fuzz range (or now, if that has passed)
            assert planned >= now and (planned == now or low <= (planned - card.last_review).days <= high)
    lengthened = sum(1 for i in after if after[i] > before[i])
    assert lengthened > len(after) / 2


def _reschedule_to(store, retention, now):
    from awsprep.srs import reschedule

    _, moved = reschedule.configure(store, lambda s: s.set("desired-retention", str(retention)), now)
    return moved


def test_rescheduling_is_one_transaction(learner, monkeypatch):
    before = dues(learner)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 50:
            raise RuntimeError("the disk went away")
        return original(*args, **kwargs)

    original = plan.due
    monkeypatch.setattr(plan, "due", failing)
    with pytest.raises(RuntimeError):
        _reschedule_to(learner, 0.8, T0 + timedelta(days=60))
    assert dues(learner) == before
    with learner.session() as session:
        assert settings.load(session).desired_retention == 0.9


def test_config_set_desired_retention_says_it_rescheduled(isolated_home):
    store = Store(isolated_home / "awsprep.db")
    with store.session() as session:
        review.record(session, Settings(), "sqs-x", "fact", review.EASY, now=utcnow() - timedelta(days=2))
    result = run("config", "set", "desired-retention", "0.8")
    assert result.exit_code == 0, result.stderr
    assert "rescheduled 1 card(s) from their memory state (backup:" in result.stdout
    assert run("config", "set", "new-per-day", "30").stdout.strip() == "new-per-day: 30"  # no reschedule


def test_optimize_command_prints_both_scores(learner):
    result = run("optimize", "--dry-run")  # the learner's copy is in this test's AWSPREP_HOME
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "log loss" in lines[1] and lines[2].startswith("default") and lines[3].startswith("fitted")
    assert "not saved" in lines[-1]


def test_stats_suggests_optimize_once_enough_reviews_accrued(learner):
    stats = json.loads(run("stats", "--json").stdout)["optimize"]
    assert stats["suggested"] is True and stats["reviews_since_fit"] >= fit.MIN_REVIEWS
    assert "awsprep optimize" in run("stats").stdout
    fit.optimize(learner, utcnow())
    assert json.loads(run("stats", "--json").stdout)["optimize"]["suggested"] is False
    assert "awsprep optimize" not in run("stats").stdout


def test_the_newest_fit_wins_even_when_an_older_one_arrives_later(tmp_path):
    """A progress import can add a fit made earlier on another machine after this machine's own."""
    store = Store(tmp_path / "fit.db")
    ours, theirs = list(fsrs.scheduler.DEFAULT_PARAMETERS), list(fsrs.scheduler.DEFAULT_PARAMETERS)
    ours[0], theirs[0] = 0.5, 0.9
    scores = dict(log_loss_default=0.4, log_loss=0.3, rmse_bins_default=0.05, rmse_bins=0.03, reviews=500)
    with store.session() as db:
        db.add(Fit(fitted_at=datetime(2026, 5, 2, tzinfo=timezone.utc), parameters=json.dumps(ours), **scores))
        db.flush()
        db.add(Fit(fitted_at=datetime(2026, 4, 1, tzinfo=timezone.utc), parameters=json.dumps(theirs), **scores))
    with store.session() as db:
        assert fit.current(db)[0] == 0.5
        assert fit.suggestion(db)["fitted_at"].startswith("2026-05-02")
