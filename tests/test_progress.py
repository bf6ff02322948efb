"""`awsprep export --progress` / `import --progress`: a whole learner (settings, reviews, card
states with suspensions and burials, mock exams with their answers, flags) moved between two data
folders without loss, merged idempotently, and every bad file refused before anything is written."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from hypothesis import HealthCheck, event, given, settings as hypothesis_settings, strategies as st
from sqlmodel import select

from awsprep.content.load import load_all
from awsprep.srs import flags, settings
from awsprep.srs.exam import Exam
from awsprep.srs.review import record
from awsprep.store.db import open_store
from awsprep.store.tables import CardState, ExamAnswer, ExamSession, Fit, Flag, ReviewLog, Setting
from awsprep.transfer import progress_file
from helpers import run

SQS_CARD = "sqs-max-message-size"
RETENTION_CARD = "sqs-message-retention-range"
START = datetime(2026, 3, 1, 9, 0, 0, 123456, tzinfo=timezone.utc)
EXAM = (date.today() + timedelta(days=60)).isoformat()


def _ok(*args: str, input: str | None = None):
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def _study(answers: list[tuple[str, str, int, datetime]], mode: str = "drill") -> None:
    store = open_store()
    with store.session() as session:
        for item_id, kind, rating, moment in answers:
            record(session, settings.Settings(), item_id, kind, rating, answer="B", correct=rating > 1, duration_ms=4200,
                   now=moment, mode=mode)
    store.close()


def _learner() -> None:
    """A learner with some of everything: settings, drill and cram reviews, a leech, a hand
    suspension and burial, flags, a finished mock exam and an unfinished practice form."""
    _study([(SQS_CARD, "fact", 3, START), (RETENTION_CARD, "fact", 1, START + timedelta(minutes=1)),
            (SQS_CARD, "fact", 4, START + timedelta(days=3)), ("calc-rcu-1", "calc", 2, START + timedelta(days=3, seconds=5))])
    _study([(SQS_CARD, "fact", 3, START + timedelta(days=4))], mode="cram")
    store = open_store()
    with store.session() as session:
        saved = settings.Settings().set("exam-date", EXAM)
        settings.save(session, saved.set("desired-retention", "0.92").set("new-per-day", "15").set("fuzzing", "off"))
        state = session.get(CardState, RETENTION_CARD)
        state.suspended, state.buried_until = True, START.date() + timedelta(days=9)
        session.add(state)
        state = session.get(CardState, "calc-rcu-1")
        state.leech = state.suspended = True
        session.add(state)
        flags.suspend(session, "kms-envelope", "fact", START)  # a new item suspended by hand
        flags.flag(session, SQS_CARD, START + timedelta(days=1), note="check the 2025 change")
        flags.flag(session, "kms-envelope", START + timedelta(days=2))
        fitted = [round(value * 1.05, 4) for value in fsrs.scheduler.DEFAULT_PARAMETERS]
        session.add(Fit(fitted_at=START + timedelta(days=4), parameters=json.dumps(fitted), reviews=412, log_loss_default=0.59,
                        log_loss=0.5, rmse_bins_default=0.14, rmse_bins=0.06))
    corpus = load_all()
    finished = Exam.start(store, corpus, total=6, minutes=12, seed=7, domains=None, now=START + timedelta(days=5))
    finished.save(0, chosen={0}, flagged=True, elapsed_s=40)
    finished.save(1, chosen={1}, elapsed_s=95)
    finished.submit(settings.Settings(), START + timedelta(days=5, minutes=9), elapsed_s=540)
    form = Exam.start(store, corpus, total=65, minutes=130, seed=8, domains=None, now=START + timedelta(days=6), form=1)
    form.save(0, chosen={2}, elapsed_s=61.5)
    store.close()


def _snapshot() -> dict[str, list]:
    """Every table's rows without local ids (an exam answer names its exam by start and seed)."""
    store = open_store()
    with store.session() as session:
        exams = {exam.id: (exam.started_at, exam.seed) for exam in session.exec(select(ExamSession))}

        def rows(table):
            return sorted((tuple((k, v) for k, v in row.model_dump().items() if k != "id")
                           for row in session.exec(select(table))), key=repr)

        answers = sorted(((exams[a.exam_id], tuple((k, v) for k, v in a.model_dump().items() if k not in ("id", "exam_id")))
                          for a in session.exec(select(ExamAnswer))), key=repr)
        snapshot = {"setting": rows(Setting), "card_state": rows(CardState), "review_log": rows(ReviewLog),
                    "exam_session": rows(ExamSession), "exam_answer": answers, "flag": rows(Flag), "fit": rows(Fit)}
    store.close()
    return snapshot


def _home(monkeypatch, tmp_path: Path, name: str) -> None:
    monkeypatch.setenv("AWSPREP_HOME", str(tmp_path / name))


def _document(path: Path) -> dict:
    document = json.loads(path.read_text())
    document.pop("exported_at")
    return document


def test_a_whole_learner_moves_to_a_new_machine_without_loss_and_imports_idempotently(tmp_path, monkeypatch):
    _home(monkeypatch, tmp_path, "laptop")
    _learner()
    laptop = _snapshot()
    assert all(laptop.values()), {table: len(rows) for table, rows in laptop.items()}
    exported = tmp_path / "laptop.json"
    result = _ok("export", "--progress", str(exported))
    reviews, states, exams, marked = (len(laptop[t]) for t in ("review_log", "card_state", "exam_session", "flag"))
    assert (f"{reviews} reviews, {states} card states, 4 settings, {exams} mock exams, {marked} flags and 1 parameter fit "
            "exported" in result.output)
    document = json.loads(exported.read_text())
    assert document["version"] == 2 and document["settings"]["exam_date"] == EXAM
    assert {exam["form"] for exam in document["exams"]} == {None, 1} and len(document["exams"][1]["answers"]) == 65

    _home(monkeypatch, tmp_path, "desktop")
    result = _ok("import", "--progress", str(exported))
    assert f"reviews: {reviews} added, 0 already here" in result.output
    assert f"card states: {states} added" in result.output and f"mock exams: {exams} added" in result.output
    assert f"flags: {marked} added" in result.output and "settings: 4 added" in result.output
    assert "parameter fits: 1 added" in result.output
    assert _snapshot() == laptop

    result = _ok("import", "--progress", str(exported))
    assert f"reviews: 0 added, {reviews} already here" in result.output
    assert f"card states: 0 added, 0 updated, {states} kept" in result.output
    assert f"mock exams: 0 added, 0 updated, {exams} kept" in result.output
    assert f"flags: 0 added, 0 updated, {marked} kept" in result.output
    assert "parameter fits: 0 added, 1 already here" in result.output
    assert _snapshot() == laptop, "importing the same file twice changes nothing"

    again = tmp_path / "desktop.json"
    _ok("export", "--progress", str(again))
    assert _document(again) == _document(exported)

    result = _ok("exam", "--resume", input="q\n")  # the unfinished practice form goes on here
    assert "form 1" in result.output.lower()
    assert _ok("config", "show").output.count(EXAM) == 1


def test_a_version_1_file_is_still_read(tmp_path, monkeypatch):
    _learner()
    exported = tmp_path / "v2.json"
    _ok("export", "--progress", str(exported))
    document = json.loads(exported.read_text())
    old = {"format": "awsprep-progress", "version": 1, "awsprep": "0.1.0", "exported_at": document["exported_at"],
           "card_state": document["card_state"],
           "review_log": [{k: v for k, v in row.items() if k != "state_before"} for row in document["review_log"]]}
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps(old))
    expected = _snapshot()

    _home(monkeypatch, tmp_path, "fresh")
    result = _ok("import", "--progress", str(v1))
    assert f"reviews: {len(expected['review_log'])} added" in result.output
    assert f"card states: {len(expected['card_state'])} added" in result.output
    now = _snapshot()
    assert now["card_state"] == expected["card_state"]
    assert now["review_log"] == expected["review_log"], "state_before is rebuilt from the snapshot a v1 row carries"
    assert now["exam_session"] == now["setting"] == now["fit"] == []


def _truncate_times(document: dict) -> None:
    for row in document["review_log"]:
        row["reviewed_at"] = row["reviewed_at"][:19] + "+00:00"


def test_reviews_whose_times_lost_their_microseconds_are_not_added_twice(tmp_path, monkeypatch):
    _learner()
    exported = tmp_path / "p.json"
    _ok("export", "--progress", str(exported))
    document = json.loads(exported.read_text())
    _truncate_times(document)
    assert any(row["reviewed_at"] != original["reviewed_at"]
               for row, original in zip(document["review_log"], json.loads(exported.read_text())["review_log"]))
    truncated = tmp_path / "truncated.json"
    truncated.write_text(json.dumps(document))
    before = _snapshot()
    result = _ok("import", "--progress", str(truncated))
    reviews = len(before["review_log"])
    assert f"reviews: 0 added, {reviews} already here" in result.output
    assert _snapshot()["review_log"] == before["review_log"]

    _home(monkeypatch, tmp_path, "other")  # the other way round: the truncated copy first, then the exact one
    _ok("import", "--progress", str(truncated))
    result = _ok("import", "--progress", str(exported))
    assert f"reviews: 0 added, {reviews} already here" in result.output


def test_two_answers_in_the_same_second_are_both_kept(tmp_path, monkeypatch):
    moment = START.replace(microsecond=100_000)
    _study([(SQS_CARD, "fact", 3, moment), (SQS_CARD, "fact", 3, moment + timedelta(microseconds=500_000))], mode="cram")
    exported = tmp_path / "p.json"
    _ok("export", "--progress", str(exported))
    _home(monkeypatch, tmp_path, "other")
    _study([(SQS_CARD, "fact", 3, moment)], mode="cram")
    result = _ok("import", "--progress", str(exported))
    assert "reviews: 1 added, 1 already here" in result.output
    assert len(_snapshot()["review_log"]) == 2


def test_the_merge_keeps_the_more_recent_schedule_and_both_histories(tmp_path, monkeypatch):
    _home(monkeypatch, tmp_path, "a")
    _study([(SQS_CARD, "fact", 3, START), ("kms-envelope", "fact", 3, START)])
    exported = tmp_path / "a.json"
    _ok("export", "--progress", str(exported))

    _home(monkeypatch, tmp_path, "b")
    _study([(SQS_CARD, "fact", 3, START + timedelta(hours=1)), (SQS_CARD, "fact", 4, START + timedelta(days=2))])
    before = _snapshot()["card_state"]
    result = _ok("import", "--progress", str(exported))
    assert "reviews: 2 added" in result.output and "card states: 1 added, 0 updated, 1 kept" in result.output
    after = _snapshot()
    assert len(after["review_log"]) == 4
    assert [s for s in after["card_state"] if dict(s)["item_id"] == SQS_CARD] == [
        s for s in before if dict(s)["item_id"] == SQS_CARD], "b's later review wins"


def test_a_suspension_made_after_the_last_review_travels(tmp_path, monkeypatch):
    _study([(SQS_CARD, "fact", 3, START)])
    shared = tmp_path / "shared.json"
    _ok("export", "--progress", str(shared))
    _home(monkeypatch, tmp_path, "phone")
    _ok("import", "--progress", str(shared))
    _ok("suspend", SQS_CARD)
    back = tmp_path / "back.json"
    _ok("export", "--progress", str(back))

    _home(monkeypatch, tmp_path, "home")
    result = _ok("import", "--progress", str(back))
    assert "card states: 0 added, 1 updated" in result.output
    store = open_store()
    with store.session() as session:
        assert session.get(CardState, SQS_CARD).suspended
    store.close()


def test_local_settings_win_and_the_import_says_which_differ(tmp_path, monkeypatch):
    _learner()
    exported = tmp_path / "p.json"
    _ok("export", "--progress", str(exported))
    _home(monkeypatch, tmp_path, "other")
    _ok("config", "set", "desired-retention", "0.85")
    _ok("config", "set", "new-per-day", "15")
    result = _ok("import", "--progress", str(exported))
    assert "settings: 2 added, 2 already set here" in result.output
    assert "Kept this machine's desired_retention" in result.output and "new_per_day" not in result.output.split("Kept")[1]
    shown = _ok("config", "show").output
    assert "0.85" in shown and EXAM in shown


def test_an_exam_further_along_in_the_file_updates_the_local_copy(tmp_path, monkeypatch):
    store = open_store()
    exam = Exam.start(store, load_all(), total=6, minutes=12, seed=3, domains=None, now=START)
    exam.save(0, chosen={1}, elapsed_s=20)
    store.close()
    early = tmp_path / "early.json"
    _ok("export", "--progress", str(early))
    _home(monkeypatch, tmp_path, "phone")
    _ok("import", "--progress", str(early))
    store = open_store()
    exam = Exam.resume(store, load_all())
    exam.save(1, chosen={0}, flagged=True, elapsed_s=70)
    exam.submit(settings.Settings(), START + timedelta(minutes=5), elapsed_s=300)
    store.close()
    late = tmp_path / "late.json"
    _ok("export", "--progress", str(late))
    phone = _snapshot()

    _home(monkeypatch, tmp_path, "home")
    result = _ok("import", "--progress", str(late))
    assert "mock exams: 0 added, 1 updated, 0 kept" in result.output
    assert _snapshot()["exam_session"] == phone["exam_session"] and _snapshot()["exam_answer"] == phone["exam_answer"]
    result = _ok("import", "--progress", str(early))
    assert "mock exams: 0 added, 0 updated, 1 kept" in result.output, "an older copy never winds an exam back"


def test_an_unfinished_exam_in_the_file_is_refused_while_another_is_open_here(tmp_path, monkeypatch):
    store = open_store()
    Exam.start(store, load_all(), total=5, minutes=10, seed=1, domains=None, now=START)
    store.close()
    exported = tmp_path / "p.json"
    _ok("export", "--progress", str(exported))
    _home(monkeypatch, tmp_path, "other")
    store = open_store()
    Exam.start(store, load_all(), total=5, minutes=10, seed=2, domains=None, now=START + timedelta(hours=1))
    store.close()
    _study([(SQS_CARD, "fact", 3, START)])
    before = _snapshot()
    result = run("import", "--progress", str(exported))
    assert result.exit_code == 1 and "unfinished exam" in result.stderr and result.stderr.count("\n") == 1
    assert _snapshot() == before


def test_a_later_flag_note_wins(tmp_path, monkeypatch):
    store = open_store()
    with store.session() as session:
        flags.flag(session, SQS_CARD, START, note="first thought")
    store.close()
    exported = tmp_path / "p.json"
    _ok("export", "--progress", str(exported))
    document = json.loads(exported.read_text())
    document["flags"][0].update(note="second thought", flagged_at=(START + timedelta(hours=1)).isoformat())
    later = tmp_path / "later.json"
    later.write_text(json.dumps(document))
    assert "flags: 0 added, 1 updated, 0 kept" in _ok("import", "--progress", str(later)).output
    assert "flags: 0 added, 0 updated, 1 kept" in _ok("import", "--progress", str(exported)).output
    assert dict(_snapshot()["flag"][0])["note"] == "second thought"


# --- bad files: every row checked before anything is written --------------------------------

@pytest.fixture
def valid(tmp_path, monkeypatch) -> dict:
    """A valid v2 document with a row in every table, exported from a learner in another home."""
    _home(monkeypatch, tmp_path, "source")
    _learner()
    path = tmp_path / "source.json"
    _ok("export", "--progress", str(path))
    _home(monkeypatch, tmp_path / "target", "home")
    _study([("kms-envelope", "fact", 3, START)])  # the target already holds something that must not change
    return json.loads(path.read_text())


def _card(**changes) -> str:
    card = {"card_id": 1, "state": 2, "step": None, "stability": 3.2, "difficulty": 5.0,
            "due": "2026-03-05T09:00:00+00:00", "last_review": "2026-03-01T09:00:00+00:00"}
    return json.dumps({**card, **changes})


BAD_ROWS = [
    ("card_state", "card", "{}", "card"),
    ("card_state", "card", "not json", "not JSON"),
    ("card_state", "card", _card(stability=-1.5), "stability"),
    ("card_state", "card", _card(difficulty=99), "difficulty"),
    ("card_state", "card", _card(due="9999-01-01T00:00:00+00:00"), "between 2000 and 2199"),
    ("card_state", "state", 7, "state"),
    ("card_state", "kind", "essay", "kind"),
    ("card_state", "reps", -1, "reps"),
    ("card_state", "reps", 10**30, "reps"),
    ("card_state", "lapses", True, "lapses"),
    ("card_state", "suspended", "yes", "suspended"),
    ("card_state", "due", "0001-01-05T00:00:00+00:00", "between 2000 and 2199"),
    ("card_state", "buried_until", "9999-12-31", "between 2000 and 2199"),
    ("review_log", "rating", True, "rating"),
    ("review_log", "rating", 5, "rating"),
    ("review_log", "rating", "3", "rating"),
    ("review_log", "mode", "party", "mode"),
    ("review_log", "kind", "essay", "kind"),
    ("review_log", "item_id", "", "item_id"),
    ("review_log", "item_id", "x" * 1_000_000, "item_id"),
    ("review_log", "item_id", "Not An Id", "item_id"),
    ("review_log", "duration_ms", -5, "duration_ms"),
    ("review_log", "duration_ms", 10**30, "duration_ms"),
    ("review_log", "duration_ms", 1.5, "duration_ms"),
    ("review_log", "reviewed_at", "0001-01-01T00:00:00+00:00", "between 2000 and 2199"),
    ("review_log", "reviewed_at", "9999-12-31T23:59:59+00:00", "between 2000 and 2199"),
    ("review_log", "reviewed_at", "2150-01-01T00:00:00+00:00", "in the future"),
    ("review_log", "reviewed_at", 1767225600, "ISO 8601"),
    ("review_log", "before", '{"card": "{}"}', "fsrs card"),
    ("review_log", "state_before", 9, "state_before"),
    ("review_log", "surprise", 1, "surprise"),
    ("exams", "status", "paused", "status"),
    ("exams", "minutes", 0, "minutes"),
    ("exams", "seed", 10**30, "seed"),
    ("exams", "total", 99, "positions"),
    ("flags", "flagged_at", "9999-01-01T00:00:00+00:00", "between 2000 and 2199"),
    ("flags", "note", "n" * 5000, "note"),
    ("fits", "parameters", "[0.1, 0.2]", "fsrs refuses"),
    ("fits", "parameters", "not json", "not JSON"),
    ("fits", "parameters", json.dumps([1e9] * 21), "fsrs refuses"),
    ("fits", "fitted_at", "2150-01-01T00:00:00+00:00", "in the future"),
    ("fits", "log_loss", -1.0, "log_loss"),
]


@pytest.mark.parametrize("table, column, value, message", BAD_ROWS, ids=[f"{t}.{c}={str(v)[:20]}" for t, c, v, _ in BAD_ROWS])
def test_a_bad_row_is_refused_and_nothing_is_written(table, column, value, message, valid, tmp_path):
    valid[table][-1][column] = value
    _refused(valid, message, tmp_path)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(version="2"), "whole number"),
    (lambda d: d.update(version=0), "no progress format version 0"),
    (lambda d: d.update(version=-1), "no progress format version -1"),
    (lambda d: d.update(version=True), "whole number"),
    (lambda d: d.update(version=3), "newer awsprep"),
    (lambda d: d.update(format="something-else"), "not an awsprep progress file"),
    (lambda d: d.pop("review_log"), "review_log"),
    (lambda d: d.update(settings={"new_per_day": -1}), "new_per_day"),
    (lambda d: d.update(settings={"exam_date": "0001-01-05x"}), "exam_date"),
    (lambda d: d.update(settings={"desired_retention": True}), "desired_retention"),
    (lambda d: d.update(settings={"learning_steps": "1m 10m 99999999999d"}), "learning_steps"),
    (lambda d: d.update(settings={"x": {"nested": 1}}), "settings"),
    (lambda d: d["card_state"].append(dict(d["card_state"][0])), "appears twice"),
    (lambda d: d["card_state"][0].update(state=3), "its fsrs card is in state"),
    (lambda d: d["exams"][0]["answers"][0].update(option_order="0,0,1,2"), "option order"),
    (lambda d: d["exams"][0]["answers"][0].update(chosen="9"), "chosen"),
    (lambda d: d["exams"].append(dict(d["exams"][-1], seed=99)), "more than one unfinished exam"),
    (lambda d: d["exams"][0].update(scaled=None), "needs its finish time"),
    (lambda d: d["exams"][0]["answers"][0].update(option_order="1,0"), "option order"),
])
def test_a_bad_file_is_refused_and_nothing_is_written(change, message, valid, tmp_path):
    change(valid)
    _refused(valid, message, tmp_path)


@pytest.mark.parametrize("text, message", [
    ("not json", "not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"format": "awsprep-progress", "version": 2, "card_state": [], "review_log": [], "exams": [{"minutes": NaN}]}',
     "NaN is not a number"),
    ('{"format": "awsprep-progress", "version": 2, "card_state": [], "review_log": [], "flags": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
    ("\udcff", "cannot read it"),
])
def test_a_file_that_is_not_json_is_refused(text, message, tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    result = run("import", "--progress", str(path))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert _snapshot() == {table: [] for table in _snapshot()}


def _refused(document: dict, message: str, tmp_path: Path) -> None:
    before = _snapshot()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = run("import", "--progress", str(path))
    assert result.exit_code == 1, result.output
    assert message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert len(result.stderr) < 500, "the error names the problem without echoing the whole value"
    assert _snapshot() == before


def test_progress_export_never_overwrites_without_force(tmp_path):
    out = tmp_path / "p.json"
    out.write_text("{}")
    result = run("export", "--progress", str(out))
    assert result.exit_code == 1 and out.read_text() == "{}"
    _ok("export", "--progress", str(out), "--force")
    assert json.loads(out.read_text())["format"] == "awsprep-progress"


# --- property: whatever a row holds, an import either works and every later run works, or it
# --- is refused with one line and nothing written

PLAUSIBLE = (st.none() | st.booleans() | st.integers(min_value=-2, max_value=12) | st.floats(min_value=0, max_value=99)
             | st.sampled_from(["", "2026-03-01T09:00:00+00:00", "2026-03-01T09:00:00", "2026-03-01", "drill", "cram",
                                "exam", "fact", "question", "calc", "open", "submitted", "0,1,2,3", "3,2,1,0", "1", "0,2",
                                "1m 10m", "0.85", "on", _card(), _card(state=1, step=0, stability=None, difficulty=None,
                                                                     last_review=None)]))
JSON_VALUES = st.recursive(
    PLAUSIBLE | st.integers(min_value=-(10**40), max_value=10**40) | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5)


@pytest.fixture(scope="module")
def small_learner(tmp_path_factory) -> dict:
    """The progress document of a learner with a row in every table."""
    folder = tmp_path_factory.mktemp("small-learner")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWSPREP_HOME", str(folder / "home"))
        _study([(SQS_CARD, "fact", 3, START), ("calc-rcu-1", "calc", 1, START + timedelta(minutes=2))])
        store = open_store()
        with store.session() as session:
            flags.flag(session, SQS_CARD, START)
            settings.save(session, settings.Settings().set("new-per-day", "5"))
            session.add(Fit(fitted_at=START, parameters=json.dumps(list(fsrs.scheduler.DEFAULT_PARAMETERS)), reviews=9,
                            log_loss_default=0.6, log_loss=0.5, rmse_bins_default=0.1, rmse_bins=0.05))
        Exam.start(store, load_all(), total=4, minutes=8, seed=5, domains=None, now=START).save(0, chosen={1}, elapsed_s=9)
        store.close()
        _ok("export", "--progress", str(folder / "p.json"))
    return json.loads((folder / "p.json").read_text())


@hypothesis_settings(max_examples=int(os.environ.get("AWSPREP_FUZZ_EXAMPLES", "50")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_in_any_row_is_refused_or_leaves_every_later_run_working(data, small_learner, monkeypatch):
    document = json.loads(json.dumps(small_learner))
    table = data.draw(st.sampled_from(["card_state", "review_log", "exams", "flags", "fits", "settings"]))
    if table == "settings":
        key = data.draw(st.sampled_from(["desired_retention", "learning_steps", "new_per_day", "exam_date", "fuzzing"]))
        document["settings"][key] = data.draw(PLAUSIBLE | JSON_VALUES)
    else:
        row = data.draw(st.sampled_from(document[table]))
        row[data.draw(st.sampled_from(sorted(row)))] = data.draw(PLAUSIBLE | JSON_VALUES)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.json"
        path.write_text(json.dumps(document))
        monkeypatch.setenv("AWSPREP_HOME", str(Path(folder) / "home"))
        before = _snapshot()
        result = run("import", "--progress", str(path))
        event("refused" if result.exit_code else "imported")
        if result.exit_code != 0:
            assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
            assert _snapshot() == before
            return
        for args, stdin in ((["stats", "--json"], None), (["stats"], None), (["drill", "--limit", "2"], "\n3\n\n3\n"), (["exam", "--resume"], "q\n"),
                            (["export", "--progress", str(Path(folder) / "again.json")], None)):
            later = run(*args, input=stdin)
            assert later.exception is None or isinstance(later.exception, SystemExit), (args, repr(later.exception))
            assert later.exit_code in (0, 1) and "Traceback" not in later.stderr, (args, later.stderr[-500:])
        assert progress_file.read(Path(folder) / "again.json").version == progress_file.VERSION


def _fit(at: datetime, scale: float) -> list[float]:
    parameters = [round(value * scale, 4) for value in fsrs.scheduler.DEFAULT_PARAMETERS]
    store = open_store()
    with store.session() as session:
        session.add(Fit(fitted_at=at, parameters=json.dumps(parameters), reviews=500, log_loss_default=0.6, log_loss=0.5,
                        rmse_bins_default=0.1, rmse_bins=0.05))
    store.close()
    return parameters


def _parameters_in_use() -> list[float]:
    from awsprep.srs import fit

    store = open_store()
    with store.session() as session:
        parameters = list(fit.current(session))
    store.close()
    return parameters


@pytest.mark.parametrize("file_is_newer", [True, False])
def test_the_newest_parameter_fit_is_the_one_in_use_after_a_merge(file_is_newer, tmp_path, monkeypatch):
    theirs = _fit(START + timedelta(days=10 if file_is_newer else 1), 1.03)
    exported = tmp_path / "p.json"
    _ok("export", "--progress", str(exported))
    _home(monkeypatch, tmp_path, "other")
    ours = _fit(START + timedelta(days=5), 0.97)
    result = _ok("import", "--progress", str(exported))
    assert "parameter fits: 1 added, 0 already here" in result.output
    assert len(_snapshot()["fit"]) == 2, "both fits are kept, as history"
    assert _parameters_in_use() == (theirs if file_is_newer else ours)
    assert "parameter fits: 0 added, 1 already here" in _ok("import", "--progress", str(exported)).output
