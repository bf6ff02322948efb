"""Backups of the database: a consistent copy (SQLite's backup API) on the first run of each day,
the last KEEP_DAILY kept, a listing, and restore (which backs up the current file first).

Backups live in `backups/` beside the database; the copies taken before a migration
(`awsprep.db.vN-STAMP.bak`, see db.migrate) are listed too.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from awsprep.errors import UserError

KEEP_DAILY = 7
_DAILY = re.compile(r"-(\d{4}-\d{2}-\d{2})\.db$")


def folder(database: Path) -> Path:
    return database.parent / "backups"


def copy(source: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of the open database `source` at `target`, written whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def daily(source: sqlite3.Connection, database: Path, today: date) -> Path | None:
    """Today's backup, unless one exists or the database holds nothing yet; keeps the last KEEP_DAILY."""
    target = folder(database) / f"{database.stem}-{today.isoformat()}.db"
    if target.exists() or not _holds_data(source):
        return None
    copy(source, target)
    dailies = sorted(path for path in folder(database).glob(f"{database.stem}-*.db") if _DAILY.search(path.name))
    for old in dailies[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def _holds_data(connection: sqlite3.Connection) -> bool:
    tables = ("review_log", "card_state", "setting", "exam_session")
    return any(connection.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0] for table in tables)


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    size: int
    answers: int | None  # None when the file cannot be read as an awsprep database


def listing(database: Path) -> list[Backup]:
    """Every backup of `database`, newest first: daily ones, those before a restore and before a migration."""
    candidates = [*folder(database).glob(f"{database.stem}-*.db"), *database.parent.glob(f"{database.name}.v*.bak")]
    found = []
    for path in candidates:
        try:
            info = path.stat()
        except OSError:
            continue
        found.append(Backup(path, datetime.fromtimestamp(info.st_mtime), info.st_size, _answers(path)))
    return sorted(found, key=lambda backup: backup.taken, reverse=True)


def _answers(path: Path) -> int | None:
    try:
        with read_only(path) as connection:
            return connection.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    except sqlite3.Error:
        return None


@contextmanager
def read_only(path: Path):
    """A read-only connection to a database file, closed on exit."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def check(path: Path, newest: int) -> int:
    """The schema version of the backup at `path`; UserError unless it is an intact awsprep database."""
    if not path.is_file():
        raise UserError(f"{path} is not a file; `awsprep backup list` shows the backups")
    try:
        with read_only(path) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            has_log = connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'review_log'").fetchone()
    except sqlite3.Error as error:
        raise UserError(f"{path} is not a readable awsprep database ({error}); pick another from `awsprep backup list`") from None
    if result != "ok":
        raise UserError(f"{path} is damaged too ({result}); pick another from `awsprep backup list`")
    if not has_log or not 1 <= version:
        raise UserError(f"{path} is not an awsprep database; pick one from `awsprep backup list`")
    if version > newest:
        raise UserError(f"{path} was written by a newer awsprep (schema {version}); upgrade awsprep to restore it")
    return version


def restore(database: Path, source: Path, stamp: str, healthy: bool) -> Path:
    """Replace `database` with the backup `source`; the current file is backed up first, and that
    copy's path is returned. A damaged current file (`healthy` False) is copied as it is and replaced."""
    before = folder(database) / f"{database.stem}-before-restore-{stamp}.db"
    sidecars = [Path(f"{database}{suffix}") for suffix in ("-wal", "-shm")]
    if database.exists():
        if healthy:
            current = sqlite3.connect(database)
            try:
                copy(current, before)
            finally:
                current.close()
        else:
            before.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(database, before)
            if sidecars[0].exists():
                shutil.copyfile(sidecars[0], Path(f"{before}-wal"))
            for path in [database, *sidecars]:
                path.unlink(missing_ok=True)
    with read_only(source) as origin:
        target = sqlite3.connect(database)
        try:
            origin.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
    return before
