"""`awsprep export`: a real Anki package, a CSV file, and the review history moved between two
data folders without loss (and merged idempotently)."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import genanki
import pytest
from sqlmodel import select

from awsprep.content.load import load_all
from awsprep.srs.review import record
from awsprep.srs.settings import Settings
from awsprep.store.db import open_store
from awsprep.store.tables import CardState, ReviewLog
from awsprep.transfer import anki
from helpers import run

SQS_CARD = "sqs-max-message-size"


def _ok(*args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def _collection(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        database = tmp_path / f"{apkg.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(database)


def _notes(connection) -> dict[str, tuple[int, list[str], list[str]]]:
    """guid -> (model id, fields, tags)"""
    rows = connection.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
    return {guid: (mid, flds.split("\x1f"), tags.split()) for guid, mid, flds, tags in rows}


def test_anki_package_has_both_note_types_fields_and_tags(tmp_path):
    out = tmp_path / "dva.apkg"
    result = _ok("export", "--format", "anki", "--out", str(out))
    corpus = load_all()
    live_cards = [i for i in corpus.cards if corpus.live(i)]
    live_questions = [i for i in corpus.questions if corpus.live(i)]
    assert f"{len(live_cards)} fact cards and {len(live_questions)} questions" in result.output

    connection = _collection(out, tmp_path)
    notes = _notes(connection)
    assert len(notes) == len(live_cards) + len(live_questions)
    models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    assert {int(k): m["name"] for k, m in models.items()} == {anki.FACT_MODEL_ID: "awsprep fact", anki.QUESTION_MODEL_ID: "awsprep question"}
    assert [f["name"] for f in models[str(anki.FACT_MODEL_ID)]["flds"]] == anki.FACT_FIELDS
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    assert str(anki.DECK_ID) in decks and decks[str(anki.DECK_ID)]["name"] == anki.DECK_NAME
    assert connection.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == len(notes)

    card = corpus.cards[SQS_CARD]
    model, fields, tags = notes[genanki.guid_for("awsprep", SQS_CARD)]
    assert model == anki.FACT_MODEL_ID
    assert fields[0] == card.front and fields[-1] == SQS_CARD
    assert "1 MiB" in fields[1] and "256 KB" in fields[2], "back and pitfall"
    assert card.refs[0] in fields[3]
    assert {"topic::sqs", "domain::1", "task::1.1", *card.tags} <= set(tags)

    question_id = next(i for i in live_questions if corpus.topic_of[i] == "sqs")
    question = corpus.questions[question_id]
    model, fields, tags = notes[genanki.guid_for("awsprep", question_id)]
    assert model == anki.QUESTION_MODEL_ID
    by_name = dict(zip(anki.QUESTION_FIELDS, fields))
    assert by_name["Options"].count("<li>") == len(question.options)
    assert by_name["Answer"] == ", ".join("ABCDEF"[i] for i in sorted(question.answer))
    assert by_name["Explanation"].count('class="correct"') == question.choose
    assert by_name["Id"] == question_id
    assert "topic::sqs" in tags and f"domain::{question.exam_domain}" in tags


def test_anki_ids_are_stable_between_exports(tmp_path):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    _ok("export", "--format", "anki", "--out", str(first), "--topic", "kms")
    _ok("export", "--format", "anki", "--out", str(second), "--topic", "kms")
    a, b = _notes(_collection(first, tmp_path)), _notes(_collection(second, tmp_path))
    assert a.keys() == b.keys() and a == b
    assert all("topic::kms" in tags for _, _, tags in a.values())


def test_drafts_stay_out_of_exports_and_reviewed_own_content_goes_in(tmp_path):
    mine = tmp_path / "mine"
    (mine / "topics").mkdir(parents=True)
    (mine / "topics" / "notes.yaml").write_text(
        "id: notes\ntitle: My notes\ndomain: 1\ncards:\n"
        "  - id: my-reviewed-card\n    front: Reviewed?\n    back: Yes.\n    task: '1.1'\n"
        "    refs: [https://docs.aws.amazon.com/sqs/]\n    source: notes.md:3\n"
    )
    (mine / "topics" / "drafts.yaml").write_text(
        "id: drafts\ntitle: Drafts\ndomain: 1\ndraft: true\ncards:\n"
        "  - id: my-draft-card\n    front: Draft?\n    back: Yes.\n    task: '1.1'\n"
    )
    out = tmp_path / "mine.csv"
    _ok("--content", str(mine), "export", "--format", "csv", "--out", str(out), "--topic", "notes")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["my-reviewed-card"]
    result = run("--content", str(mine), "export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--topic", "drafts")
    assert result.exit_code == 1 and "unknown topic" in result.stderr


def test_csv_has_a_row_per_item_with_both_sides(tmp_path):
    out = tmp_path / "sqs.csv"
    _ok("export", "--format", "csv", "--out", str(out), "--topic", "sqs")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "a BOM so spreadsheets read UTF-8"
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    corpus = load_all()
    expected = {i for i, topic in corpus.topic_of.items() if topic == "sqs" and corpus.live(i)}
    assert {row["id"] for row in rows} == expected
    assert list(rows[0]) == ["id", "kind", "topic", "domain", "task", "front", "back", "pitfall", "tags", "refs"]
    card = next(row for row in rows if row["id"] == SQS_CARD)
    assert card["kind"] == "fact" and card["front"] == corpus.cards[SQS_CARD].front
    assert card["domain"] == "1" and card["task"] == "1.1" and card["tags"] == "limits messaging"
    question = next(row for row in rows if row["kind"] == "question")
    assert "\nA. " in question["front"] and question["back"].startswith("Answer: ")


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf", "--out", "x.pdf"], "unknown format"),
    (["--format", "anki"], "needs --out"),
    (["--format", "anki", "--out", "deck.csv"], "should end in .apkg"),
    ([], "say what to export"),
    (["--progress", "p.json", "--format", "csv"], "give it alone"),
    (["--format", "csv", "--out", "x.csv", "--domain", "7"], "unknown domain"),
])
def test_bad_export_requests_are_one_line_errors(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("mine")
    result = run("export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 1 and "--force" in result.stderr and out.read_text() == "mine"
    _ok("export", "--format", "csv", "--out", str(out), "--force")
    assert out.read_text(encoding="utf-8-sig").startswith("id,kind")


# --- progress ------------------------------------------------------------------------------

START = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def _study(answers: list[tuple[str, str, int, datetime]], mode: str = "drill") -> None:
    store = open_store()
    with store.session() as session:
        for item_id, kind, rating, moment in answers:
            record(session, Settings(), item_id, kind, rating, answer="B", correct=rating > 1, duration_ms=4200, now=moment, mode=mode)
    store.close()


def _history() -> tuple[list[tuple], list[tuple]]:
    """Every review-log row (without its local id) and every card state, in a stable order."""
    store = open_store()
    with store.session() as session:
        logs = sorted(tuple(v for k, v in log.model_dump().items() if k != "id") for log in session.exec(select(ReviewLog)).all())
        states = sorted(tuple(state.model_dump().values()) for state in session.exec(select(CardState)).all())
    store.close()
    return logs, states


def test_progress_round_trip_between_two_homes_is_lossless_and_idempotent(tmp_path, monkeypatch):
    monkeypatch.setenv("AWSPREP_HOME", str(tmp_path / "laptop"))
    _study([(SQS_CARD, "fact", 3, START), ("sqs-message-retention-range", "fact", 1, START + timedelta(minutes=1)),
            (SQS_CARD, "fact", 4, START + timedelta(days=3)), ("calc-rcu-1", "calc", 2, START + timedelta(days=3, seconds=5))])
    _study([(SQS_CARD, "fact", 3, START + timedelta(days=4))], mode="cram")
    store = open_store()
    with store.session() as session:  # a hand suspension and a burial travel too
        state = session.get(CardState, "sqs-message-retention-range")
        state.suspended, state.buried_until = True, START.date() + timedelta(days=9)
        session.add(state)
    store.close()
    laptop = _history()
    exported = tmp_path / "laptop.json"
    result = _ok("export", "--progress", str(exported))
    assert "5 reviews and 3 card states exported" in result.output

    monkeypatch.setenv("AWSPREP_HOME", str(tmp_path / "desktop"))
    result = _ok("import", "--progress", str(exported))
    assert "5 reviews added, 0 already here" in result.output and "3 added" in result.output
    assert _history() == laptop

    result = _ok("import", "--progress", str(exported))
    assert "0 reviews added, 5 already here" in result.output and "3 kept" in result.output
    assert _history() == laptop, "importing the same file twice changes nothing"

    again = tmp_path / "desktop.json"
    _ok("export", "--progress", str(again))
    first, second = json.loads(exported.read_text()), json.loads(again.read_text())
    assert first["review_log"] == second["review_log"] and first["card_state"] == second["card_state"]


def test_progress_merge_keeps_the_more_recent_schedule_and_both_histories(tmp_path, monkeypatch):
    monkeypatch.setenv("AWSPREP_HOME", str(tmp_path / "a"))
    _study([(SQS_CARD, "fact", 3, START), ("kms-envelope", "fact", 3, START)])
    exported = tmp_path / "a.json"
    _ok("export", "--progress", str(exported))

    monkeypatch.setenv("AWSPREP_HOME", str(tmp_path / "b"))
    _study([(SQS_CARD, "fact", 3, START + timedelta(hours=1)), (SQS_CARD, "fact", 4, START + timedelta(days=2))])
    _, before = _history()
    result = _ok("import", "--progress", str(exported))
    assert "2 reviews added" in result.output and "1 added, 0 updated, 1 kept" in result.output
    logs, states = _history()
    assert len(logs) == 4
    assert [s for s in states if s[0] == SQS_CARD] == [s for s in before if s[0] == SQS_CARD], "b's later review wins"


@pytest.mark.parametrize("content, message", [
    ("not json", "not valid JSON"),
    ('{"format": "something-else"}', "not an awsprep progress file"),
    ('{"format": "awsprep-progress", "version": 99, "card_state": [], "review_log": []}', "newer awsprep"),
    ('{"format": "awsprep-progress", "version": 1, "card_state": [], "review_log": [{"item_id": "x"}]}', "review_log.0"),
])
def test_a_bad_progress_file_is_refused_and_nothing_changes(content, message, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(content)
    result = run("import", "--progress", str(path))
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert _history() == ([], [])


def test_progress_export_never_overwrites_without_force(tmp_path):
    out = tmp_path / "p.json"
    out.write_text("{}")
    result = run("export", "--progress", str(out))
    assert result.exit_code == 1 and out.read_text() == "{}"
    _ok("export", "--progress", str(out), "--force")
    assert json.loads(out.read_text())["format"] == "awsprep-progress"
