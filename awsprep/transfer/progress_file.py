"""Reading a progress file (`awsprep export --progress`): every row is checked before anything is written.

The file is JSON: `format`, `version`, and one list per table. Version 2 moves a whole learner:

- `settings`: every stored setting (`awsprep config`, the exam date too), key to JSON value;
- `card_state` and `review_log`: every column of those tables (but the local log id);
- `exams`: every mock exam (`exam_session` columns) with its `answers` (`exam_answer` columns);
- `flags`: the items flagged to look at again (`flag`);
- `fits`: the FSRS parameters fitted to the learner's reviews (`fit`, by `awsprep optimize`).

Version 1 (review log and card state only) is still read. Rows follow the schema: a column added
to a table travels without a change here, checked by its type (bounded numbers, strict booleans,
ISO 8601 times in UTC between 2000 and 2199); the columns whose values the program relies on have
their own rules below (ids, kinds, modes, ratings, states, the fsrs card JSON, exam option orders).
"""

from __future__ import annotations

import json
import math
import typing
from functools import cache, partial
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Literal

from awsprep.errors import UserError

FORMAT = "awsprep-progress"
VERSION = 2
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
CLOCK_SKEW = timedelta(days=1)  # how far another machine's clock may run ahead of this one
MAX_INT = 10**12
MAX_TEXT = 100_000
HAPPENED = {"reviewed_at", "first_seen", "flagged_at", "started_at", "finished_at", "fitted_at"}  # times that cannot lie ahead
MODES = ("drill", "cram", "exam")
STATUSES = ("open", "submitted", "timeout", "abandoned")
FINISHED = ("submitted", "timeout")


def utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they are always UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def columns(table) -> list[str]:
    """Every column of a table the file carries: all but the local row ids."""
    return [name for name in table.model_fields if name not in ("id", "exam_id")]


# --- value rules -------------------------------------------------------------------------

def _moment(value: object, *, happened: bool = False) -> datetime:
    if not isinstance(value, str):
        raise ValueError("a time is ISO 8601 text")
    try:
        moment = utc(datetime.fromisoformat(value))
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not an ISO 8601 time") from None
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"{value} is not between 2000 and 2199")
    if happened and moment > datetime.now(timezone.utc) + CLOCK_SKEW:
        raise ValueError(f"{value} lies in the future")
    return moment


def _day(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError("a date is YYYY-MM-DD text")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not a YYYY-MM-DD date") from None
    if not EARLIEST.date() <= day < LATEST.date():
        raise ValueError(f"{value} is not between 2000 and 2199")
    return day


def _json_object(value: str, what: str) -> dict:
    try:
        data = json.loads(value)
    except (ValueError, RecursionError):
        raise ValueError(f"{what} is not JSON") from None
    if not isinstance(data, dict):
        raise ValueError(f"{what} is not a JSON object")
    return data


def _fsrs_card(value: str) -> str:
    """The `card` column: an fsrs.Card as JSON that fsrs loads, with sane memory state."""
    import fsrs
    from pydantic import ValidationError

    try:
        _fsrs_card_model().model_validate(_json_object(value, "the fsrs card"))
    except ValidationError as error:
        problem = error.errors()[0]
        raise ValueError(f"fsrs card {'.'.join(map(str, problem['loc']))}: {problem['msg']}") from None
    fsrs.Card.from_json(value)
    return value


def _snapshot(value: str) -> str:
    """The `before` column: the card state before the answer, as JSON (its card and state are checked)."""
    data = _json_object(value, "the card state before the answer")
    if "card" in data:
        if not isinstance(data["card"], str):
            raise ValueError("the card state before the answer has no fsrs card JSON")
        _fsrs_card(data["card"])
    state = data.get("state")
    if "state" in data and (type(state) is not int or not 0 <= state <= 3):
        raise ValueError("the card state before the answer has a state outside 0-3")
    return value


def _parameters(value: str) -> str:
    """The `fit.parameters` column: a JSON list of FSRS parameters that fsrs accepts."""
    import fsrs

    try:
        parameters = json.loads(value)
    except (ValueError, RecursionError):
        raise ValueError("the parameters are not JSON") from None
    if not isinstance(parameters, list) or not all(type(p) in (int, float) and math.isfinite(p) for p in parameters):
        raise ValueError("the parameters are not a list of numbers")
    try:
        fsrs.Scheduler(parameters=parameters)
    except (ValueError, IndexError) as error:
        raise ValueError(f"fsrs refuses the parameters: {str(error)[:120]}") from None
    return value


def _indexes(value: str) -> str:
    if value and not all(part.isdigit() and len(part) == 1 for part in value.split(",")):
        raise ValueError(f"{value[:40]!r} is not a comma-separated list of option numbers")
    return value


@cache
def _fsrs_card_model():
    """The pydantic model of an fsrs card's JSON."""
    from pydantic import ConfigDict, create_model

    return create_model(
        "FsrsCard", __config__=ConfigDict(extra="forbid", strict=True),
        card_id=(_int(-(2**63) + 1, 2**63 - 1), ...), state=(_int(1, 3), ...), step=(_int(0, 1000) | None, ...),
        stability=(_float(0, 10**6, above=True) | None, ...), difficulty=(_float(1, 10) | None, ...),
        due=(_typed(_moment), ...), last_review=(_typed(_moment, happened=True) | None, ...))


def _int(low: int, high: int):
    from pydantic import Field

    return Annotated[int, Field(strict=True, ge=low, le=high)]


def _float(low: float, high: float, *, above: bool = False):
    from pydantic import Field

    bound = {"gt": low} if above else {"ge": low}
    return Annotated[float, Field(strict=True, allow_inf_nan=False, le=high, **bound)]


def _text(max_length: int = MAX_TEXT, pattern: str | None = None):
    from pydantic import Field

    return Annotated[str, Field(strict=True, max_length=max_length, pattern=pattern)]


def _typed(check, **options):
    """A value that `check` turns from its JSON form into the stored one (or refuses with ValueError)."""
    from pydantic import PlainValidator

    parse = partial(check, **options) if options else check
    kind = date if check is _day else datetime if check is _moment else str
    return Annotated[kind, PlainValidator(parse)]


def _checked(check, max_length: int = MAX_TEXT):
    """Strict text of bounded length that `check` accepts."""
    from pydantic import AfterValidator

    return Annotated[_text(max_length), AfterValidator(check)]


def _rules() -> dict[tuple[str, str], object]:
    """(table, column) -> the type its values must have; "*" is any table."""
    from awsprep.content.model import ID_PATTERN
    from awsprep.srs.catalog import KINDS

    return {
        ("*", "item_id"): _text(200, ID_PATTERN),
        ("*", "kind"): Literal[KINDS],
        ("card_state", "card"): _checked(_fsrs_card, 10_000),
        ("card_state", "state"): _int(0, 3),
        ("card_state", "reps"): _int(0, 10**6),
        ("card_state", "lapses"): _int(0, 10**6),
        ("review_log", "mode"): Literal[MODES],
        ("review_log", "rating"): _int(1, 4),
        ("review_log", "answer"): _text(1_000),
        ("review_log", "duration_ms"): _int(0, 10**10),
        ("review_log", "before"): _checked(_snapshot, 20_000),
        ("review_log", "state_before"): _int(0, 3),
        ("exam_session", "minutes"): _float(0, 10_000, above=True),
        ("exam_session", "elapsed_s"): _float(0, 10**7),
        ("exam_session", "seed"): _int(-(2**63) + 1, 2**63 - 1),
        ("exam_session", "status"): Literal[STATUSES],
        ("exam_session", "total"): _int(1, 10_000),
        ("exam_session", "correct"): _int(0, 10_000),
        ("exam_session", "scaled"): _int(100, 1_000),
        ("exam_session", "form"): _int(1, 10_000),
        ("exam_answer", "position"): _int(0, 9_999),
        ("exam_answer", "domain"): _int(1, 4),
        ("exam_answer", "option_order"): _checked(_indexes, 100),
        ("exam_answer", "chosen"): _checked(_indexes, 100),
        ("flag", "note"): _text(2_000),
        ("fit", "parameters"): _checked(_parameters, 2_000),
    }


def _generic(base: type, name: str):
    """The rule for a column without its own: by type, bounded."""
    from pydantic import Field

    if base is bool:
        return Annotated[bool, Field(strict=True)]
    if base is int:
        return _int(0, MAX_INT)
    if base is float:
        return _float(0, MAX_INT)
    if base is datetime:
        return _typed(_moment, happened=name in HAPPENED)
    if base is date:
        return _typed(_day)
    return _text()


def _row_model(table, rules: dict, **extra):
    """A pydantic model of one row of `table` as the file holds it; unknown keys are errors."""
    from pydantic import ConfigDict, create_model

    fields = {}
    for name in columns(table):
        info = table.model_fields[name]
        args = typing.get_args(info.annotation)
        nullable = type(None) in args
        base = next(arg for arg in args if arg is not type(None)) if nullable else info.annotation
        rule = rules.get((table.__tablename__, name)) or rules.get(("*", name)) or _generic(base, name)
        fields[name] = (rule | None if nullable else rule, ... if info.is_required() else info.default)
    return create_model(f"{table.__name__}Row", __config__=ConfigDict(extra="forbid"), **fields, **extra)


def _setting_value():
    """A stored setting's value: a number, text, on/off, or a short list of numbers (fitted weights)."""
    from pydantic import Field

    number = _int(-MAX_INT, MAX_INT) | _float(-MAX_INT, MAX_INT)
    return (Annotated[bool, Field(strict=True)] | number | _text(1_000)
            | Annotated[list[number], Field(max_length=100)] | None)


def _setting_key():
    return _text(100, r"^[a-z][a-z0-9_]*$")


@cache
def _settings_model():
    from pydantic import TypeAdapter

    return TypeAdapter(dict[_setting_key(), _setting_value()])


def setting_travels(key: str, value: object) -> bool:
    """Whether a stored setting (its JSON value) can go into a progress file: one that import takes back."""
    from pydantic import ValidationError

    try:
        _settings_model().validate_python({key: value})
    except ValidationError:
        return False
    return _refused_setting(key, value) is None


def _refused_setting(key: str, value: object) -> str | None:
    """Why this awsprep refuses a known setting's value, or None."""
    from awsprep.srs import settings

    if not settings.invalid({key: value}):
        return None
    try:
        settings.Settings().set(key, str(value))
    except UserError as error:
        return str(error)
    return f"{value!r} is not a value it takes"


@cache
def _file_model():
    from pydantic import BaseModel, ConfigDict, Field

    from awsprep.store.tables import CardState, ExamAnswer, ExamSession, Fit, Flag, ReviewLog

    rules = _rules()
    AnswerRow = _row_model(ExamAnswer, rules)
    key = _setting_key()

    class ProgressFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        format: Literal[FORMAT]
        version: Annotated[int, Field(strict=True)]
        awsprep: _text(100) | None = None
        exported_at: _text(100) | None = None
        settings: dict[key, _setting_value()] = {}
        card_state: list[_row_model(CardState, rules)]
        review_log: list[_row_model(ReviewLog, rules)]
        exams: list[_row_model(ExamSession, rules, answers=(list[AnswerRow], []))] = []
        flags: list[_row_model(Flag, rules)] = []
        fits: list[_row_model(Fit, rules)] = []

    return ProgressFile


# --- reading -----------------------------------------------------------------------------

def read(path: Path):
    """The validated contents of a progress file; UserError says what is wrong with it (the first
    problem, where it is, and how many there are)."""
    from pydantic import ValidationError

    raw = _load(path)
    try:
        data = _file_model().model_validate(raw)
    except ValidationError as error:
        problem = error.errors()[0]
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in problem["loc"]).lstrip(".")
        count = error.error_count()
        more = f" ({count} problems in all)" if count > 1 else ""
        raise UserError(f"{path}: {where}: {problem['msg']}{more}") from None
    _check_rows(path, data)
    return data


def _load(path: Path) -> dict:
    if not path.is_file():
        raise UserError(f"{path}: no such progress file")
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"), parse_constant=_no_constant)
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read it ({error})") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    except RecursionError:
        raise UserError(f"{path}: not a progress file (its JSON is nested too deeply)") from None
    except ValueError as error:
        raise UserError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise UserError(f"{path}: not an awsprep progress file (make one with `awsprep export --progress FILE`)")
    version = raw.get("version")
    if type(version) is not int:
        raise UserError(f"{path}: version must be a whole number, not {json.dumps(version)[:20]}")
    if version > VERSION:
        raise UserError(f"{path} was written by a newer awsprep (progress format {version}); upgrade awsprep")
    if version < 1:
        raise UserError(f"{path}: there is no progress format version {version} (this awsprep reads 1-{VERSION})")
    return raw


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _check_rows(path: Path, data) -> None:
    """What one row's types cannot say: states that agree with their card, exams whose answers fit, no
    item twice in a table that holds one row per item, at most one unfinished exam."""
    import fsrs

    def refuse(message: str):
        raise UserError(f"{path}: {message}")

    for key, value in data.settings.items():
        reason = _refused_setting(key, value)
        if reason:
            refuse(f"settings.{key}: {reason}")

    for table in ("card_state", "flags"):
        seen: set[str] = set()
        for index, row in enumerate(getattr(data, table)):
            if row.item_id in seen:
                refuse(f"{table}[{index}]: {row.item_id} appears twice")
            seen.add(row.item_id)
    for index, row in enumerate(data.card_state):
        card_state = int(fsrs.Card.from_json(row.card).state)
        if row.state not in (0, card_state):
            refuse(f"card_state[{index}] ({row.item_id}): state {row.state} but its fsrs card is in state {card_state}")
    if sum(exam.status == "open" for exam in data.exams) > 1:
        refuse("more than one unfinished exam")
    for index, exam in enumerate(data.exams):
        where = f"exams[{index}]"
        if sorted(answer.position for answer in exam.answers) != list(range(exam.total)):
            refuse(f"{where}: its answers are not positions 0-{exam.total - 1}")
        if exam.correct is not None and exam.correct > exam.total:
            refuse(f"{where}: {exam.correct} correct out of {exam.total}")
        if exam.status in FINISHED and None in (exam.finished_at, exam.correct, exam.scaled):
            refuse(f"{where}: a {exam.status} exam needs its finish time, its correct count and its scaled score")
        for answer in exam.answers:
            order = [int(i) for i in answer.option_order.split(",") if i]
            if sorted(order) != list(range(len(order))) or not 4 <= len(order) <= 6:
                refuse(f"{where}.answers[{answer.position}]: option order {answer.option_order!r} is not an order of the options")
            chosen = [int(i) for i in answer.chosen.split(",") if i]
            if len(set(chosen)) != len(chosen) or not set(chosen) <= set(order):
                refuse(f"{where}.answers[{answer.position}]: chosen {answer.chosen!r} are not options of the question")

