"""The SQLite database: engine with WAL and a busy timeout, versioned migrations with a backup first.

Every write runs in its own short `BEGIN IMMEDIATE` transaction, so an answer is on disk the
moment it is given and a second running copy waits for the lock (saying so) instead of failing.
Read-only commands use a read-only store and never take the write lock.

On open: `PRAGMA quick_check` when the file changed since the last check (a run that ends normally
signs the file as it leaves it), migrations, and the day's first backup (store/backups.py). A
database fault (full disk, read-only file, damage, a lock held too long) becomes one UserError
line saying what is wrong and what to do.
"""

from __future__ import annotations

import atexit
import json
import sqlite3
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from awsprep.errors import UserError

BUSY_TIMEOUT_S = 30
LOCK_POLL_MS = 300  # a write waits this long before it says that it is waiting

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
    # 6: the seconds spent on each mock-exam question (the review after the exam shows them)
    """
    ALTER TABLE exam_answer ADD COLUMN seconds FLOAT NOT NULL DEFAULT 0;
    """,
    # 7: FSRS parameters fitted to the learner's reviews (awsprep optimize); the newest is in use
    """
    CREATE TABLE fit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, fitted_at DATETIME NOT NULL, parameters TEXT NOT NULL,
        reviews INTEGER NOT NULL, log_loss_default FLOAT NOT NULL, log_loss FLOAT NOT NULL,
        rmse_bins_default FLOAT NOT NULL, rmse_bins FLOAT NOT NULL);
    """,
]
VERSION = len(MIGRATIONS)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def say(message: str) -> None:
    """A status line on stderr (waiting for the lock, a backup that could not be written)."""
    print(f"awsprep: {message}", file=sys.stderr, flush=True)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    if read_only:
        connection.execute("PRAGMA query_only=ON")
    return connection


def begin_immediate(connection: sqlite3.Connection) -> None:
    """Take the write lock; if another copy holds it, say so and wait up to BUSY_TIMEOUT_S."""
    connection.execute(f"PRAGMA busy_timeout = {LOCK_POLL_MS}")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY:
            raise
        say(f"waiting for another awsprep to finish writing to the database (up to {BUSY_TIMEOUT_S} s)...")
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        connection.execute("BEGIN IMMEDIATE")
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


def explain(error: BaseException, path: Path | str = "the database") -> str | None:
    """One line saying what went wrong with the database and what to do; None for other errors."""
    error = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    if not isinstance(error, sqlite3.Error):
        return None
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    restore = "restore a backup: `awsprep backup list`, then `awsprep backup restore FILE`"
    if name.startswith("SQLITE_FULL"):
        return f"the disk holding {path} is full: free some space and run again (every answer saved so far is kept)"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")):
        return f"{path} is read-only: make it and its folder writable (chmod u+w), or point AWSPREP_HOME at a folder you can write"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"another awsprep has held the database {path} for over {BUSY_TIMEOUT_S} s: "
                "finish or quit it, then run again")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        _SIGN.discard(str(path))
        return f"cannot open the database {path}: it is damaged or not an awsprep database ({text}); {restore}"
    if name.startswith("SQLITE_CANTOPEN"):
        return f"cannot open the database {path}: check that its folder exists and is writable (AWSPREP_HOME)"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk failed while using {path} ({text}): check the disk and its free space, then run again"
    if text.startswith(("no such table", "no such column", "table ", "has no column")):
        return f"the database {path} is missing part of its schema ({text}): another program changed it; {restore}"
    return f"database error on {path}: {text}"


def _open(path: Path) -> sqlite3.Connection:
    try:
        return _connect(path)
    except sqlite3.Error as error:
        raise UserError(explain(error, path)) from error


def migrate(path: Path, target: int = VERSION) -> int:
    """Bring the database at `path` to `target`; back the file up first if it holds data. Returns the old version."""
    connection = _open(path)
    try:
        return _migrate(connection, path, target)
    except sqlite3.Error as error:
        raise UserError(explain(error, path)) from error
    finally:
        connection.close()


def _migrate(connection: sqlite3.Connection, path: Path, target: int) -> int:
    current = connection.execute("PRAGMA user_version").fetchone()[0]
    if current > VERSION:
        raise UserError(f"{path} was written by a newer awsprep (schema {current}, this one knows {VERSION}); upgrade awsprep")
    if current >= target:
        return current
    if current > 0:
        backup(connection, path, current)
    begin_immediate(connection)
    try:
        current = connection.execute("PRAGMA user_version").fetchone()[0]  # another copy may have migrated
        if current < target:
            for version in range(current, target):
                for statement in filter(str.strip, MIGRATIONS[version].split(";")):
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            try:
                connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the error that brought us here is the one to report
        raise
    return current


def backup(connection: sqlite3.Connection, path: Path, version: int) -> Path:
    """A consistent copy of the database, taken before a migration changes it. A run that failed to
    migrate leaves the file as it was, so its copy is reused rather than written again."""
    from awsprep.store import backups

    taken = [p for p in path.parent.glob(f"{path.name}.v{version}-*.bak")]
    newest = max(taken, key=lambda p: p.stat().st_mtime_ns, default=None)
    if newest is not None and newest.stat().st_mtime_ns >= _changed_ns(path):
        return newest
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    return backups.copy(connection, path.with_name(f"{path.name}.v{version}-{stamp}.bak"))


def _changed_ns(path: Path) -> int:
    """When the data last changed: the file, or its write-ahead log if that holds anything."""
    wal = Path(f"{path}-wal")
    times = [path.stat().st_mtime_ns]
    if wal.exists() and wal.stat().st_size:
        times.append(wal.stat().st_mtime_ns)
    return max(times)


# Integrity checks: the file's signature (size and time of it and its log) when it last passed.
_SIGN: set[str] = set()  # databases this run opened and checked; signed again when it ends normally


def _marker(path: Path) -> Path:
    return path.with_name(f"{path.name}.checked")


def _signature(path: Path) -> list:
    """Size and modification time of the file and of its log (an empty log holds nothing)."""
    signature = []
    for file in (path, Path(f"{path}-wal")):
        info = file.stat() if file.exists() else None
        signature.append([info.st_size, info.st_mtime_ns] if info and info.st_size else None)
    return signature


def _sign(path: Path) -> None:
    try:
        _marker(path).write_text(json.dumps(_signature(path)))
    except OSError:
        pass  # the next run checks again


def _verify(connection: sqlite3.Connection, path: Path) -> None:
    """`PRAGMA quick_check` unless the file is as the last check or a clean exit left it."""
    try:
        if json.loads(_marker(path).read_text()) == _signature(path):
            return
    except (OSError, ValueError):
        pass
    problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        _marker(path).unlink(missing_ok=True)
        raise UserError(f"the database {path} is damaged ({problems[0]}); restore a backup: "
                        "`awsprep backup list`, then `awsprep backup restore FILE`")


@atexit.register
def _sign_at_exit() -> None:
    for name in _SIGN:
        _sign(Path(name))


def _daily_backup(connection: sqlite3.Connection, path: Path) -> None:
    """Today's backup (local day); a failure is reported and studying goes on."""
    from awsprep.store import backups

    try:
        backups.daily(connection, path, datetime.now().date())
    except (OSError, sqlite3.Error) as error:
        say(f"warning: today's backup of the database could not be written ({explain(error, path) or error})")


def restore(path: Path, source: Path) -> Path:
    """Replace the database at `path` with the backup `source` (checked first), migrated to this
    version; returns the backup taken of the current file."""
    from awsprep.store import backups

    backups.check(source, VERSION)
    healthy = True
    if path.exists():
        try:
            with backups.read_only(path) as connection:
                healthy = connection.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
        except sqlite3.Error:
            healthy = False
    try:
        before = backups.restore(path, source, utcnow().strftime("%Y%m%dT%H%M%S"), healthy)
    except (OSError, sqlite3.Error) as error:
        raise UserError(explain(error, path) or f"cannot restore {source}: {error}") from error
    _marker(path).unlink(missing_ok=True)
    migrate(path)
    return before


class Store:
    """The SQLModel engine over one database file. A read-only store (`read_only=True`, for stats,
    export and config show) never takes the write lock and refuses writes."""

    def __init__(self, path: Path, read_only: bool = False):
        from sqlalchemy import event
        from sqlmodel import create_engine

        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"cannot create the folder {path.parent}: {error.strerror}") from error
        connection = _open(path)
        try:
            _verify(connection, path)
            _migrate(connection, path, VERSION)
            _daily_backup(connection, path)
        except sqlite3.Error as error:
            raise UserError(explain(error, path)) from error
        finally:
            connection.close()
        _sign(path)
        _SIGN.add(str(path))
        self.engine = create_engine(f"sqlite:///{path}", creator=lambda: _connect(path, read_only))

        @event.listens_for(self.engine, "begin")
        def _begin(conn):  # take the write lock up front: no deadlock between two copies
            if read_only:
                conn.exec_driver_sql("BEGIN")
            else:
                begin_immediate(conn.connection.dbapi_connection)

    @contextmanager
    def session(self):
        """A short transaction: committed on success, rolled back on error. A database fault is a UserError."""
        from sqlalchemy.exc import DBAPIError
        from sqlmodel import Session

        try:
            with Session(self.engine, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    try:
                        session.rollback()
                    except (DBAPIError, sqlite3.Error):
                        pass  # the error that brought us here is the one to report
                    raise
        except (DBAPIError, sqlite3.Error) as error:
            message = explain(error, self.path)
            if message is None:
                raise
            raise UserError(message) from error

    def close(self) -> None:
        self.engine.dispose()
        if str(self.path) in _SIGN:
            _sign(self.path)


def open_store(path: Path | None = None, read_only: bool = False) -> Store:
    """The user's store (AWSPREP_HOME/awsprep.db unless `path` is given)."""
    from awsprep import paths

    return Store(path or paths.database(), read_only=read_only)
