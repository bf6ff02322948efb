"""The SQLite database: engine with WAL and a busy timeout, versioned migrations with a backup first.

Every write runs in its own short `BEGIN IMMEDIATE` transaction, so an answer is on disk the
moment it is given and a second running copy waits for the lock instead of failing.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from awsprep.errors import UserError

BUSY_TIMEOUT_S = 30

# Each entry upgrades the schema by one version; never edit a released entry, append a new one.
MIGRATIONS: list[str] = [
    # 1: cards, the review log and settings
    """
    CREATE TABLE card_state (
        item_id TEXT PRIMARY KEY, kind TEXT NOT NULL, card TEXT NOT NULL, state INTEGER NOT NULL,
        due DATETIME NOT NULL, reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,
        first_seen DATETIME, suspended BOOLEAN NOT NULL DEFAULT 0,
        leech BOOLEAN NOT NULL DEFAULT 0, buried_until DATE);
    CREATE INDEX ix_card_state_due ON card_state (due);
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, item_id TEXT NOT NULL, kind TEXT NOT NULL,
        rating INTEGER NOT NULL, answer TEXT NOT NULL DEFAULT '', correct BOOLEAN,
        reviewed_at DATETIME NOT NULL, duration_ms INTEGER NOT NULL DEFAULT 0, before TEXT);
    CREATE INDEX ix_review_log_item_id ON review_log (item_id);
    CREATE INDEX ix_review_log_reviewed_at ON review_log (reviewed_at);
    CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: practice mode on every answer (cram and exam answers never touch the schedule)
    """
    ALTER TABLE review_log ADD COLUMN mode TEXT NOT NULL DEFAULT 'drill';
    CREATE INDEX ix_review_log_mode_reviewed_at ON review_log (mode, reviewed_at);
    """,
    # 3: mock exams (every answer saved as it is given); covering indexes for the stats
    """
    CREATE TABLE exam_session (
        id INTEGER PRIMARY KEY AUTOINCREMENT, started_at DATETIME NOT NULL, finished_at DATETIME,
        minutes FLOAT NOT NULL, elapsed_s FLOAT NOT NULL DEFAULT 0, seed INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open', correct INTEGER, total INTEGER NOT NULL, scaled INTEGER);
    CREATE INDEX ix_exam_session_status ON exam_session (status);
    CREATE TABLE exam_answer (
        id INTEGER PRIMARY KEY AUTOINCREMENT, exam_id INTEGER NOT NULL REFERENCES exam_session (id),
        position INTEGER NOT NULL, item_id TEXT NOT NULL, domain INTEGER NOT NULL, option_order TEXT NOT NULL,
        chosen TEXT NOT NULL DEFAULT '', flagged BOOLEAN NOT NULL DEFAULT 0, correct BOOLEAN,
        UNIQUE (exam_id, position));
    CREATE INDEX ix_review_log_kind_item ON review_log (kind, item_id, correct);
    ALTER TABLE review_log ADD COLUMN state_before INTEGER;
    UPDATE review_log SET state_before = json_extract(before, '$.state');
    CREATE INDEX ix_review_log_retention ON review_log (mode, reviewed_at, state_before, rating);
    CREATE INDEX ix_review_log_time ON review_log (reviewed_at, duration_ms);
    """,
    # 4: the fixed practice form an exam was taken from (null for a fresh draw)
    """
    ALTER TABLE exam_session ADD COLUMN form INTEGER;
    """,
    # 5: items the learner flagged to look at again (awsprep flagged)
    """
    CREATE TABLE flag (item_id TEXT PRIMARY KEY, flagged_at DATETIME NOT NULL, note TEXT NOT NULL DEFAULT '');
    """,
]
VERSION = len(MIGRATIONS)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def migrate(path: Path, target: int = VERSION) -> int:
    """Bring the database at `path` to `target`; back the file up first if it holds data. Returns the old version."""
    try:
        connection = _connect(path)
    except sqlite3.DatabaseError as error:
        raise UserError(f"cannot open the database {path}: {error}") from error
    try:
        current = connection.execute("PRAGMA user_version").fetchone()[0]
        if current > VERSION:
            raise UserError(f"{path} was written by a newer awsprep (schema {current}, this one knows {VERSION}); upgrade awsprep")
        if current >= target:
            return current
        if current > 0:
            backup(connection, path, current)
        connection.execute("BEGIN IMMEDIATE")
        current = connection.execute("PRAGMA user_version").fetchone()[0]  # another copy may have migrated
        if current < target:
            for version in range(current, target):
                for statement in filter(str.strip, MIGRATIONS[version].split(";")):
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
        connection.execute("COMMIT")
        return current
    except sqlite3.DatabaseError as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise UserError(f"cannot open the database {path}: {error}") from error
    finally:
        connection.close()


def backup(connection: sqlite3.Connection, path: Path, version: int) -> Path:
    """A consistent copy of the database, taken before a migration changes it."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    copy = sqlite3.connect(target)
    try:
        connection.backup(copy)
    finally:
        copy.close()
    return target


class Store:
    """The SQLModel engine over one database file."""

    def __init__(self, path: Path):
        from sqlalchemy import event
        from sqlmodel import create_engine

        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        migrate(path)
        self.engine = create_engine(f"sqlite:///{path}", creator=lambda: _connect(path))

        @event.listens_for(self.engine, "begin")
        def _begin_immediate(conn):  # take the write lock up front: no deadlock between two copies
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    @contextmanager
    def session(self):
        """A short transaction: committed on success, rolled back on error."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path | None = None) -> Store:
    """The user's store (AWSPREP_HOME/awsprep.db unless `path` is given)."""
    from awsprep import paths

    return Store(path or paths.database())
