"""The SQLite store: WAL, schema versioning with a tested upgrade and a backup, models match tables."""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import SQLModel

from awsprep.errors import UserError
from awsprep.store import db, tables  # noqa: F401 - tables registers the models


def test_new_database_is_current_and_in_wal_mode(tmp_path):
    store = db.Store(tmp_path / "a.db")
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == db.VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not list(tmp_path.glob("*.bak")), "an empty new database needs no backup"


def test_upgrade_from_version_1_keeps_data_and_takes_a_backup(tmp_path):
    path = tmp_path / "old.db"
    db.migrate(path, target=1)
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO review_log (item_id, kind, rating, reviewed_at) VALUES ('sqs-x', 'fact', 3, '2026-01-01 10:00:00')")
    store = db.Store(path)
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == db.VERSION
        assert raw.execute("SELECT item_id, mode FROM review_log").fetchall() == [("sqs-x", "drill")]
    backups = list(tmp_path.glob("old.db.v1-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1


def test_database_from_a_newer_awsprep_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {db.VERSION + 1}")
    with pytest.raises(UserError, match="newer awsprep"):
        db.Store(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_text("this is not sqlite" * 100)
    with pytest.raises(UserError, match="cannot open the database"):
        db.Store(path)


def test_migrated_schema_matches_the_models(tmp_path):
    store = db.Store(tmp_path / "m.db")
    with sqlite3.connect(store.path) as raw:
        for table in SQLModel.metadata.sorted_tables:
            columns = {row[1] for row in raw.execute(f"PRAGMA table_info({table.name})")}
            assert columns == {c.name for c in table.columns}, table.name


def test_failed_transaction_writes_nothing(tmp_path):
    store = db.Store(tmp_path / "t.db")
    with pytest.raises(RuntimeError):
        with store.session() as session:
            session.add(tables.Setting(key="x", value="1"))
            session.flush()
            raise RuntimeError("boom")
    with store.session() as session:
        assert session.get(tables.Setting, "x") is None
