"""A learner's review history as JSON: every review-log row and every card's schedule state.

The rows carry every column of the `review_log` and `card_state` tables (but the local log id),
so a column added to the schema travels without a change here; datetimes are ISO 8601 in UTC.

Export writes all of it. Import merges it into the local database without loss and idempotently:

- a review-log row is the same answer when item, mode, time and rating match; such rows are
  never added twice (the local row id may differ, so ids are not compared);
- a card state is taken when the item has none here, or when its last review is later than the
  local one (the more recent schedule wins); otherwise the local state stays.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from awsprep.errors import UserError

FORMAT = "awsprep-progress"
VERSION = 1


@dataclass(frozen=True)
class ExportCounts:
    reviews: int
    states: int


@dataclass(frozen=True)
class ImportCounts:
    reviews_added: int
    reviews_present: int
    states_added: int
    states_updated: int
    states_kept: int


def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they are always UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _iso(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    return _utc(moment).isoformat() if isinstance(moment, datetime) else moment.isoformat()


def export(store, path: Path) -> ExportCounts:
    """Write the whole review history in `store` to `path` (replaced atomically)."""
    from sqlmodel import select

    from awsprep import __version__
    from awsprep.store.tables import CardState, ReviewLog

    with store.session() as session:
        states = session.exec(select(CardState).order_by(CardState.item_id)).all()
        logs = session.exec(select(ReviewLog).order_by(ReviewLog.reviewed_at, ReviewLog.id)).all()
        document = {
            "format": FORMAT,
            "version": VERSION,
            "awsprep": __version__,
            "exported_at": datetime.now(timezone.utc).isoformat(),
            "card_state": [_state_row(state) for state in states],
            "review_log": [_log_row(log) for log in logs],
        }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {error.strerror}") from None
    return ExportCounts(len(document["review_log"]), len(document["card_state"]))


def _columns(table) -> list[str]:
    """Every column of a table but the local row id: the progress file follows the schema."""
    return [name for name in table.model_fields if name != "id"]


def _row(record, table) -> dict:
    values = {}
    for name in _columns(table):
        value = getattr(record, name)
        values[name] = _iso(value) if isinstance(value, (datetime, date)) else value
    return values


def _state_row(state) -> dict:
    from awsprep.store.tables import CardState

    return _row(state, CardState)


def _log_row(log) -> dict:
    from awsprep.store.tables import ReviewLog

    return _row(log, ReviewLog)


def _row_model(table):
    """A pydantic model of one row of `table` as the file holds it; unknown keys are errors."""
    from pydantic import ConfigDict, create_model

    fields = {}
    for name in _columns(table):
        info = table.model_fields[name]
        fields[name] = (info.annotation, ... if info.is_required() else info.default)
    return create_model(f"{table.__name__}Row", __config__=ConfigDict(extra="forbid"), **fields)


def read(path: Path):
    """The validated contents of a progress file; UserError says what is wrong with it."""
    from pydantic import BaseModel, ConfigDict, ValidationError

    from awsprep.store.tables import CardState, ReviewLog

    StateRow = _row_model(CardState)
    LogRow = _row_model(ReviewLog)

    class ProgressFile(BaseModel):
        model_config = ConfigDict(extra="ignore")
        format: str
        version: int
        card_state: list[StateRow]
        review_log: list[LogRow]

    if not path.is_file():
        raise UserError(f"{path}: no such progress file")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read it ({error})") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise UserError(f"{path}: not an awsprep progress file (make one with `awsprep export --progress FILE`)")
    if isinstance(raw.get("version"), int) and raw["version"] > VERSION:
        raise UserError(f"{path} was written by a newer awsprep (progress format {raw['version']}); upgrade awsprep")
    try:
        data = ProgressFile.model_validate(raw)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise UserError(f"{path}: {where}: {problem['msg']} ({error.error_count()} problem(s) in all)") from None
    bad = next((row for row in data.review_log if not 1 <= row.rating <= 4), None)
    if bad is not None:
        raise UserError(f"{path}: review of {bad.item_id} has rating {bad.rating}; ratings are 1-4")
    return data


def import_(store, path: Path) -> ImportCounts:
    """Merge the progress file at `path` into `store` in one transaction."""
    from sqlmodel import select

    from awsprep.store.tables import CardState, ReviewLog

    data = read(path)
    added = present = states_added = states_updated = states_kept = 0
    with store.session() as session:
        known = {_log_key(log.item_id, log.mode, log.reviewed_at, log.rating) for log in session.exec(select(ReviewLog)).all()}
        for row in data.review_log:
            key = _log_key(row.item_id, row.mode, row.reviewed_at, row.rating)
            if key in known:
                present += 1
                continue
            known.add(key)
            values = _stored(row)
            if "state_before" in values and "state_before" not in row.model_fields_set and row.before:
                values["state_before"] = _state_of(row.before)  # a file from before that column existed
            session.add(ReviewLog(**values))
            added += 1
        for row in data.card_state:
            fields = _stored(row)
            local = session.get(CardState, row.item_id)
            if local is None:
                session.add(CardState(**fields))
                states_added += 1
            elif _recency(fields) > _recency(_state_row(local)):
                for name, value in fields.items():
                    setattr(local, name, value)
                session.add(local)
                states_updated += 1
            else:
                states_kept += 1
    return ImportCounts(added, present, states_added, states_updated, states_kept)


def _stored(row) -> dict:
    """A validated row as the database takes it: datetimes in UTC."""
    return {name: _utc(value) if isinstance(value, datetime) else value for name, value in row.model_dump().items()}


def _state_of(snapshot: str) -> int | None:
    try:
        state = json.loads(snapshot).get("state")
    except (ValueError, AttributeError):
        return None
    return state if isinstance(state, int) else None


def _log_key(item_id: str, mode: str, moment: datetime, rating: int) -> tuple:
    return item_id, mode, _utc(moment).isoformat(timespec="microseconds"), rating


def _recency(state: dict) -> tuple:
    """When a card state was last moved on: its fsrs last review, then its review count."""
    last = None
    try:
        value = json.loads(state["card"]).get("last_review")
        last = _utc(datetime.fromisoformat(value)) if value else None
    except (ValueError, TypeError, AttributeError):
        last = None
    first = state.get("first_seen")
    if isinstance(first, str):
        first = datetime.fromisoformat(first)
    floor = datetime.min.replace(tzinfo=timezone.utc)
    return (last or floor, state.get("reps") or 0, _utc(first) if first else floor)
