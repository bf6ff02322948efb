"""The SQLite store: WAL, schema versioning with a tested upgrade and a backup, models match tables."""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import SQLModel, select

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


# Faults at run time: each is one UserError line that says what is wrong and what to do ----------


def _answered(path):
    """A store with one answer in it."""
    from awsprep.srs import review
    from awsprep.srs.settings import Settings

    store = db.Store(path)
    with store.session() as session:
        review.record(session, Settings(), "sqs-x", "fact", review.GOOD, now=db.utcnow())
    return store


def _damage_page(path, page):
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(b"\xa5" * 4096)


def test_a_damaged_database_is_noticed_on_open(tmp_path):
    path = tmp_path / "d.db"
    _answered(path).close()
    db.Store(path).close()  # checked and signed: unchanged files are not checked again
    _damage_page(path, 2)
    with pytest.raises(UserError, match=r"is damaged.*awsprep backup restore"):
        db.Store(path)


def test_the_integrity_check_runs_only_when_the_file_changed(tmp_path):
    path = tmp_path / "c.db"
    db.Store(path).close()
    marker = path.with_name("c.db.checked")
    assert marker.exists()
    signed = marker.read_text()
    db.Store(path).close()
    assert marker.read_text() == signed
    with sqlite3.connect(path) as raw:  # another program writes, then damages the file
        raw.execute("INSERT INTO setting VALUES ('x', '1')")
    _damage_page(path, 2)
    with pytest.raises(UserError, match="damaged"):
        db.Store(path)


def test_a_full_disk_is_one_clear_line(tmp_path):
    """The fault injected at the connection: SQLite's page limit makes the file full."""
    path = tmp_path / "full.db"
    store = _answered(path)
    with sqlite3.connect(path) as raw:
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    original = db._connect

    def capped(*args, **kwargs):
        connection = original(*args, **kwargs)
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    store.engine.dispose()
    db._connect = capped
    try:
        with pytest.raises(UserError, match="is full: free some space") as caught:
            with store.session() as session:
                session.add(tables.Setting(key="big", value="x" * 200_000))
    finally:
        db._connect = original
    assert "\n" not in str(caught.value)
    with store.session() as session:
        assert session.get(tables.Setting, "big") is None
        assert session.exec(select(tables.ReviewLog)).all(), "what was saved before stays"


@pytest.mark.parametrize(("statement", "message"), [
    ("DROP TABLE card_state", "missing part of its schema"),
    ("ALTER TABLE review_log DROP COLUMN answer", "missing part of its schema"),
])
def test_a_missing_table_or_column_is_one_clear_line(tmp_path, statement, message):
    from awsprep.srs import review
    from awsprep.srs.settings import Settings

    path = tmp_path / "s.db"
    store = _answered(path)
    with sqlite3.connect(path) as raw:
        raw.execute(statement)
    with pytest.raises(UserError, match=message):
        with store.session() as session:
            review.record(session, Settings(), "sqs-y", "fact", review.GOOD, now=db.utcnow())


def test_a_lock_held_past_the_timeout_is_one_clear_line(tmp_path, monkeypatch, capsys):
    path = tmp_path / "l.db"
    store = db.Store(path)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.3)
    monkeypatch.setattr(db, "LOCK_POLL_MS", 50)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError, match="another awsprep has held the database"):
            with store.session() as session:
                session.add(tables.Setting(key="x", value="1"))
    finally:
        holder.execute("ROLLBACK")
    assert "waiting for another awsprep" in capsys.readouterr().err


def test_a_write_waits_for_the_lock_and_says_so(tmp_path, capsys):
    import threading
    import time

    path = tmp_path / "w.db"
    store = db.Store(path)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: holder.execute("COMMIT")).start()
    started = time.monotonic()
    with store.session() as session:
        session.add(tables.Setting(key="x", value="1"))
    assert time.monotonic() - started >= 0.9
    assert "waiting for another awsprep to finish writing" in capsys.readouterr().err
    with store.session() as session:
        assert session.get(tables.Setting, "x").value == "1"


def test_read_only_store_does_not_wait_for_the_write_lock_and_refuses_writes(tmp_path):
    import time

    path = tmp_path / "r.db"
    _answered(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        reader = db.Store(path, read_only=True)
        started = time.monotonic()
        with reader.session() as session:
            assert len(session.exec(select(tables.ReviewLog)).all()) == 1
        assert time.monotonic() - started < 1
    finally:
        holder.execute("ROLLBACK")
    with pytest.raises(UserError, match="read-only"):
        with reader.session() as session:
            session.add(tables.Setting(key="x", value="1"))


def test_a_database_that_is_a_folder_is_a_clear_error(tmp_path):
    (tmp_path / "f.db").mkdir()
    with pytest.raises(UserError, match="cannot open the database"):
        db.Store(tmp_path / "f.db")


# Backups --------------------------------------------------------------------------------------


def test_first_run_of_the_day_takes_a_backup_and_seven_are_kept(tmp_path):
    from datetime import date, timedelta

    from awsprep.store import backups

    path = tmp_path / "awsprep.db"
    db.Store(path).close()
    assert not (tmp_path / "backups").exists(), "an empty database needs no backup"
    _answered(path).close()
    db.Store(path).close()
    today = list((tmp_path / "backups").glob("awsprep-*.db"))
    assert len(today) == 1
    with sqlite3.connect(today[0]) as copy:
        assert copy.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.Store(path).close()
    assert len(list((tmp_path / "backups").glob("awsprep-*.db"))) == 1, "one a day"
    raw = sqlite3.connect(path)
    for days in range(1, 10):
        backups.daily(raw, path, date.today() + timedelta(days=days))
    kept = sorted(p.name for p in (tmp_path / "backups").glob("awsprep-*.db"))
    assert len(kept) == backups.KEEP_DAILY
    assert kept[-1] == f"awsprep-{date.today() + timedelta(days=9)}.db"


def test_backup_and_restore_round_trip(tmp_path):
    from awsprep.srs import review
    from awsprep.srs.settings import Settings
    from awsprep.store import backups

    path = tmp_path / "awsprep.db"
    _answered(path).close()
    db.Store(path).close()
    (taken,) = backups.listing(path)
    assert taken.answers == 1
    store = db.Store(path)
    with store.session() as session:
        review.record(session, Settings(), "sqs-later", "fact", review.AGAIN, now=db.utcnow())
    store.close()
    before = db.restore(path, taken.path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT item_id FROM review_log").fetchall() == [("sqs-x",)]
    with sqlite3.connect(before) as raw:  # the data as it was before the restore is kept
        assert raw.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 2
    assert {b.path for b in backups.listing(path)} >= {taken.path, before}
    with db.Store(path).session() as session:
        assert [log.item_id for log in session.exec(select(tables.ReviewLog))] == ["sqs-x"]


def test_restore_replaces_a_damaged_database(tmp_path):
    from awsprep.store import backups

    path = tmp_path / "awsprep.db"
    _answered(path).close()
    db.Store(path).close()
    (taken,) = backups.listing(path)
    _damage_page(path, 2)
    with pytest.raises(UserError, match="damaged"):
        db.Store(path)
    before = db.restore(path, taken.path)
    assert before.exists(), "the damaged file is kept"
    with db.Store(path).session() as session:
        assert len(session.exec(select(tables.ReviewLog)).all()) == 1


@pytest.mark.parametrize("junk", [b"", b"not a database" * 100, None])
def test_restore_refuses_what_is_not_a_good_backup(tmp_path, junk):
    path = tmp_path / "awsprep.db"
    _answered(path).close()
    source = tmp_path / "junk.db"
    if junk is not None:
        source.write_bytes(junk)
    with pytest.raises(UserError):
        db.restore(path, source)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1


def test_failed_migrations_do_not_write_a_new_backup_each_run(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    db.migrate(path, target=1)
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO review_log (item_id, kind, rating, reviewed_at) VALUES ('sqs-x', 'fact', 3, '2026-01-01 10:00:00')")
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS[:1], "CREATE TABLE broken (;"])
    for _ in range(3):
        with pytest.raises(UserError):
            db.migrate(path, target=2)
    assert len(list(tmp_path.glob("old.db.v1-*.bak"))) == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
