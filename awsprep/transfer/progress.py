"""A whole learner as JSON (`awsprep export --progress`), merged back by `awsprep import --progress`.

The file (see `progress_file`) holds the settings, every card's schedule state, the whole review
log, every mock exam with its answers, the flagged items and the fitted FSRS parameters. Import checks every row first, then
merges it all in one transaction, without loss and idempotently (importing a file twice changes
nothing the second time):

- a review is the same answer when item, mode and rating match and the times are less than a
  second apart (a file whose times lost their microseconds still matches); each local review
  matches one row of the file at most, so no answer is ever dropped or added twice;
- a card state is taken when the item has none here, or when its last review is later than the
  local one (the more recent schedule wins). When both are at the same review, the file's hand
  flags (suspended, leech, burial) are taken, and the earlier due time (a missed exam question
  made due on the other machine stays due);
- a setting is taken when it is not set here; a local setting is never overwritten (the import
  says which differ). Settings this awsprep does not know are left out and named;
- a mock exam is the same when it started in the same second with the same seed; the copy
  further along (finished, then more answers, then more time) wins. An unfinished exam in the
  file is refused while a different one is unfinished here;
- a flag is added, or updated when the file's is later;
- a parameter fit is the same when it was made in the same second with the same parameters;
  the others are added (the newest fit is the one the scheduler uses).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from awsprep.errors import UserError
from awsprep.transfer.items import atomic_file
from awsprep.transfer.progress_file import FORMAT, VERSION, columns, read, setting_travels, utc

HAND_FLAGS = ("suspended", "leech", "buried_until")
SAME_ANSWER = timedelta(seconds=1)


@dataclass(frozen=True)
class ExportCounts:
    reviews: int
    states: int
    settings: int
    exams: int
    flags: int
    fits: int
    settings_left_out: tuple[str, ...] = ()  # stored rows an import would refuse (written outside awsprep)


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    kept: int = 0


@dataclass
class ImportCounts:
    reviews: Tally = field(default_factory=Tally)  # kept: already here
    states: Tally = field(default_factory=Tally)
    settings: Tally = field(default_factory=Tally)
    exams: Tally = field(default_factory=Tally)
    flags: Tally = field(default_factory=Tally)
    fits: Tally = field(default_factory=Tally)  # kept: already here
    settings_differ: list[str] = field(default_factory=list)  # set here to another value: kept
    settings_unknown: list[str] = field(default_factory=list)  # not known to this awsprep: left out


def _iso(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    return utc(moment).isoformat() if isinstance(moment, datetime) else moment.isoformat()


def _rows(session, table, *order, where=None) -> list[dict]:
    """Every row of `table` as the file holds it (all columns but the local ids), read in one query."""
    from sqlalchemy import select

    names = columns(table)
    query = select(*(table.__table__.c[name] for name in names)).order_by(*order)
    if where is not None:
        query = query.where(where)
    return [{name: _iso(value) if isinstance(value, (datetime, date)) else value for name, value in zip(names, row)}
            for row in session.execute(query)]


def export(store, path: Path) -> ExportCounts:
    """Write the whole learner in `store` to `path` (replaced atomically). A setting row that an
    import would refuse (not JSON, or a value this awsprep does not take) is left out and named."""
    from sqlmodel import select

    from awsprep import __version__
    from awsprep.store.tables import CardState, ExamAnswer, ExamSession, Fit, Flag, ReviewLog

    with store.session() as session:
        settings, left_out = _settings_out(session)
        exams = []
        for exam_id in session.exec(select(ExamSession.id).order_by(ExamSession.started_at, ExamSession.id)):
            [exam] = _rows(session, ExamSession, where=ExamSession.__table__.c.id == exam_id)
            answers = _rows(session, ExamAnswer, ExamAnswer.position, where=ExamAnswer.__table__.c.exam_id == exam_id)
            exams.append({**exam, "answers": answers})
        document = {
            "format": FORMAT,
            "version": VERSION,
            "awsprep": __version__,
            "exported_at": datetime.now(timezone.utc).isoformat(),
            "settings": settings,
            "card_state": _rows(session, CardState, CardState.item_id),
            "review_log": _rows(session, ReviewLog, ReviewLog.reviewed_at, ReviewLog.id),
            "exams": exams,
            "flags": _rows(session, Flag, Flag.item_id),
            "fits": _rows(session, Fit, Fit.fitted_at, Fit.id),
        }
    _write(document, path)
    return ExportCounts(*(len(document[name]) for name in ("review_log", "card_state", "settings", "exams", "flags", "fits")),
                        settings_left_out=left_out)


def _settings_out(session) -> tuple[dict, tuple[str, ...]]:
    """The stored settings an import takes back, by key; and the keys of the rows it would refuse."""
    from sqlmodel import select

    from awsprep.srs import settings
    from awsprep.store.tables import Setting

    values = settings.stored(session)
    keys = session.exec(select(Setting.key).order_by(Setting.key)).all()
    left_out = tuple(key for key in keys if key not in values or not setting_travels(key, values[key]))
    return {key: values[key] for key in keys if key not in left_out}, left_out


def _write(document: dict, path: Path) -> None:
    """The document as JSON with one row a line (readable, and fast to write), synced to disk."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            parts.append(f" {dump(key)}: [\n" + ",\n".join(f"  {dump(row)}" for row in value) + "\n ]")
        else:
            parts.append(f" {dump(key)}: {dump(value)}")
    with atomic_file(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write("{\n" + ",\n".join(parts) + "\n}\n")
            handle.flush()
            os.fsync(handle.fileno())


def import_(store, path: Path) -> ImportCounts:
    """Merge the progress file at `path` into `store` in one transaction (nothing is written if any
    row is bad)."""
    data = read(path)
    counts = ImportCounts()
    with store.session() as session:
        _refuse_second_open_exam(session, path, data.exams)
        _settings(session, data.settings, counts)
        _reviews(session, data.review_log, counts.reviews)
        _states(session, data.card_state, counts.states)
        _exams(session, data.exams, counts.exams)
        _flags(session, data.flags, counts.flags)
        _fits(session, data.fits, counts.fits)
    return counts


def _stored(row, skip: tuple[str, ...] = ()) -> dict:
    """A validated row as the database takes it: datetimes in UTC."""
    values = row.model_dump(exclude=set(skip))
    return {name: utc(value) if isinstance(value, datetime) else value for name, value in values.items()}


def _second(moment: datetime | None) -> datetime | None:
    return utc(moment).replace(microsecond=0) if moment else None


def _settings(session, values: dict, counts: ImportCounts) -> None:
    """Take each setting the file has and this machine has not set (the file's values are checked
    already, by the rules for stored values: an exam date that has passed since is kept as it was)."""
    from awsprep.srs import settings
    from awsprep.store.tables import Setting

    local = settings.stored(session)
    known = settings.Settings().to_dict()
    for key, value in sorted(values.items()):
        if key not in known:
            counts.settings_unknown.append(key)
        elif key in local:
            counts.settings.kept += 1
            if local[key] != value:
                counts.settings_differ.append(key)
        elif value is not None:
            normal = settings.Settings.from_dict({key: value}).to_dict()[key]
            session.merge(Setting(key=key, value=json.dumps(normal)))
            counts.settings.added += 1


def _reviews(session, rows: list, tally: Tally) -> None:
    from sqlalchemy import insert
    from sqlmodel import select

    from awsprep.store.tables import ReviewLog

    pool: dict[tuple, list[datetime]] = {}  # (item, mode, rating, second) -> local times not yet matched
    for item_id, mode, rating, moment in session.exec(
            select(ReviewLog.item_id, ReviewLog.mode, ReviewLog.rating, ReviewLog.reviewed_at)):
        moment = utc(moment)
        pool.setdefault((item_id, mode, rating, _second(moment)), []).append(moment)
    new = []
    for row in rows:
        if _take_match(pool, (row.item_id, row.mode, row.rating), utc(row.reviewed_at)):
            tally.kept += 1
            continue
        values = _stored(row)
        if "state_before" not in row.model_fields_set and row.before:
            values["state_before"] = json.loads(row.before).get("state")  # a file from before that column existed
        new.append(values)
    if new:
        session.execute(insert(ReviewLog.__table__), new)
    tally.added += len(new)


def _take_match(pool: dict, key: tuple, moment: datetime) -> bool:
    """Remove and report the local time nearest to `moment` (UTC) that is less than a second from it."""
    second = moment.replace(microsecond=0)
    best = None
    for bucket in (second - SAME_ANSWER, second, second + SAME_ANSWER):
        for index, local in enumerate(pool.get((*key, bucket), ())):
            gap = abs(local - moment)
            if gap < SAME_ANSWER and (best is None or gap < best[0]):
                best = (gap, bucket, index)
    if best is None:
        return False
    del pool[(*key, best[1])][best[2]]
    return True


def _recency(card: str, reps: int, first_seen: datetime | None) -> tuple:
    """When a card state was last moved on, to the second: its fsrs last review, then its review count."""
    last = json.loads(card).get("last_review")
    floor = datetime.min.replace(tzinfo=timezone.utc)
    return (_second(datetime.fromisoformat(last)) if last else floor, reps, _second(first_seen) or floor)


def _states(session, rows: list, tally: Tally) -> None:
    from sqlalchemy import insert
    from sqlmodel import select

    from awsprep.store.tables import CardState

    local = {state.item_id: state for state in session.exec(select(CardState))}
    new = []
    for row in rows:
        values = _stored(row)
        ours = local.get(row.item_id)
        if ours is None:
            new.append(values)
            continue
        changes = _state_changes(values, row, ours)
        if changes:
            for name, value in changes.items():
                setattr(ours, name, value)
            session.add(ours)
            tally.updated += 1
        else:
            tally.kept += 1
    if new:
        session.execute(insert(CardState.__table__), new)
    tally.added += len(new)


def _state_changes(values: dict, row, ours) -> dict:
    """What of the file's card state to take over the local one (see the module's rules)."""
    theirs_recency = _recency(row.card, row.reps, row.first_seen)
    ours_recency = _recency(ours.card, ours.reps, ours.first_seen)
    if theirs_recency > ours_recency:
        changes = values
    elif theirs_recency == ours_recency:
        changes = {name: values[name] for name in HAND_FLAGS}
        if utc(values["due"]) < utc(ours.due):
            changes["due"] = values["due"]
    else:
        return {}
    return {name: value for name, value in changes.items() if _differs(getattr(ours, name), value)}


def _differs(ours, theirs) -> bool:
    if isinstance(ours, datetime) and isinstance(theirs, datetime):
        return utc(ours) != utc(theirs)
    return ours != theirs


def _exam_key(exam) -> tuple:
    return _second(exam.started_at), exam.seed


def _progress(status: str, answers: list, elapsed_s: float) -> tuple:
    """How far along a copy of an exam is: finished, then answers given, then time spent."""
    return status != "open", sum(1 for answer in answers if answer.chosen), elapsed_s


def _refuse_second_open_exam(session, path: Path, exams: list) -> None:
    from sqlmodel import select

    from awsprep.store.tables import ExamSession

    theirs = next((exam for exam in exams if exam.status == "open"), None)
    ours = session.exec(select(ExamSession).where(ExamSession.status == "open")).first()
    if theirs is not None and ours is not None and _exam_key(theirs) != _exam_key(ours):
        raise UserError(f"{path} holds an unfinished exam, and so does this machine: finish it (`awsprep exam --resume`) "
                        "or drop it (`awsprep exam --abandon`), then import again")


def _exams(session, rows: list, tally: Tally) -> None:
    from sqlmodel import select

    from awsprep.store.tables import ExamAnswer, ExamSession

    local = {_exam_key(exam): exam for exam in session.exec(select(ExamSession))}
    for row in rows:
        values = _stored(row, skip=("answers",))
        exam = local.get(_exam_key(row))
        if exam is None:
            exam = ExamSession(**values)
            session.add(exam)
            session.flush()
            session.add_all(ExamAnswer(exam_id=exam.id, **_stored(answer)) for answer in row.answers)
            tally.added += 1
            continue
        answers = {a.position: a for a in session.exec(select(ExamAnswer).where(ExamAnswer.exam_id == exam.id))}
        if _progress(row.status, row.answers, row.elapsed_s) <= _progress(exam.status, list(answers.values()), exam.elapsed_s):
            tally.kept += 1
            continue
        for name, value in values.items():
            setattr(exam, name, value)
        session.add(exam)
        for answer in row.answers:
            target = answers.get(answer.position) or ExamAnswer(exam_id=exam.id, position=answer.position)
            for name, value in _stored(answer).items():
                setattr(target, name, value)
            session.add(target)
        tally.updated += 1


def _flags(session, rows: list, tally: Tally) -> None:
    from awsprep.store.tables import Flag

    for row in rows:
        values = _stored(row)
        local = session.get(Flag, row.item_id)
        if local is None:
            session.add(Flag(**values))
            tally.added += 1
        elif utc(values["flagged_at"]) - utc(local.flagged_at) >= SAME_ANSWER:
            local.flagged_at, local.note = values["flagged_at"], values["note"]
            session.add(local)
            tally.updated += 1
        else:
            tally.kept += 1


def _fits(session, rows: list, tally: Tally) -> None:
    """Fitted parameters are a history: each fit the file has and this machine has not is added. The
    scheduler takes the fit with the highest row id, so the newest fit by time ends with it."""
    from sqlmodel import col, select

    from awsprep.store.tables import Fit

    def key(fit) -> tuple:
        return _second(fit.fitted_at), tuple(json.loads(fit.parameters))

    local = {key(fit) for fit in session.exec(select(Fit))}
    for row in sorted(rows, key=lambda fit: fit.fitted_at):
        if key(row) in local:
            tally.kept += 1
            continue
        session.add(Fit(**_stored(row)))
        tally.added += 1
    if not tally.added:
        return
    session.flush()
    fits = list(session.exec(select(Fit).order_by(col(Fit.id))))
    newest = max(fits, key=lambda fit: (utc(fit.fitted_at), fit.id))
    if newest is not fits[-1]:  # a local fit is newer than those the file brought: it stays the one in use
        values = newest.model_dump(exclude={"id"})
        session.delete(newest)
        session.flush()
        session.add(Fit(**values))
