"""A learner's review history as JSON: every review-log row and every card's schedule state.

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


def _state_row(state) -> dict:
    return {
        "item_id": state.item_id, "kind": state.kind, "card": state.card, "state": state.state, "due": _iso(state.due),
        "reps": state.reps, "lapses": state.lapses, "first_seen": _iso(state.first_seen), "suspended": state.suspended,
        "leech": state.leech, "buried_until": _iso(state.buried_until),
    }


def _log_row(log) -> dict:
    return {
        "item_id": log.item_id, "kind": log.kind, "mode": log.mode, "rating": log.rating, "answer": log.answer,
        "correct": log.correct, "reviewed_at": _iso(log.reviewed_at), "duration_ms": log.duration_ms, "before": log.before,
    }


def read(path: Path):
    """The validated contents of a progress file; UserError says what is wrong with it."""
    from pydantic import BaseModel, ConfigDict, Field, ValidationError

    class Row(BaseModel):
        model_config = ConfigDict(extra="forbid")

    class StateRow(Row):
        item_id: str = Field(min_length=1)
        kind: str
        card: str
        state: int = Field(ge=0, le=3)
        due: datetime
        reps: int = Field(ge=0)
        lapses: int = Field(ge=0)
        first_seen: datetime | None = None
        suspended: bool = False
        leech: bool = False
        buried_until: date | None = None

    class LogRow(Row):
        item_id: str = Field(min_length=1)
        kind: str
        mode: str = "drill"
        rating: int = Field(ge=1, le=4)
        answer: str = ""
        correct: bool | None = None
        reviewed_at: datetime
        duration_ms: int = Field(default=0, ge=0)
        before: str | None = None

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
        return ProgressFile.model_validate(raw)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise UserError(f"{path}: {where}: {problem['msg']} ({error.error_count()} problem(s) in all)") from None


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
            session.add(ReviewLog(**{**row.model_dump(), "reviewed_at": _utc(row.reviewed_at)}))
            added += 1
        for row in data.card_state:
            fields = row.model_dump()
            fields["due"] = _utc(row.due)
            fields["first_seen"] = _utc(row.first_seen) if row.first_seen else None
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
