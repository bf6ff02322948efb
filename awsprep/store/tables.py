"""SQLModel tables. The review log is append-only (undo removes only the row it just wrote);
card state is a cache of the log: each log row keeps the state before and after the review."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class CardState(SQLModel, table=True):
    """Where one item stands in the schedule. No row (or state 0, for a new item buried or
    suspended by hand) means the item is new; `first_seen` is its first review."""

    __tablename__ = "card_state"

    item_id: str = Field(primary_key=True)
    kind: str  # fact | question | calc
    card: str  # fsrs.Card as JSON
    state: int  # 0 new, then fsrs.State: 1 learning, 2 review, 3 relearning
    due: datetime = Field(index=True)
    reps: int = 0
    lapses: int = 0
    first_seen: datetime | None = None
    suspended: bool = False
    leech: bool = False
    buried_until: date | None = None


class ReviewLog(SQLModel, table=True):
    """One answer. `before` is the CardState as JSON (null when the item was new)."""

    __tablename__ = "review_log"

    id: int | None = Field(default=None, primary_key=True)
    item_id: str = Field(index=True)
    kind: str
    mode: str = "drill"  # drill | cram | exam
    rating: int
    answer: str = ""
    correct: bool | None = None
    reviewed_at: datetime = Field(index=True)
    duration_ms: int = 0
    before: str | None = None
    state_before: int | None = None  # the card's state before this answer (null when new)


class Setting(SQLModel, table=True):
    """A user setting (awsprep config), stored as JSON text."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class ExamSession(SQLModel, table=True):
    """One mock exam. `elapsed_s` is saved with every answer: the clock pauses while the exam is closed."""

    __tablename__ = "exam_session"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime
    finished_at: datetime | None = None
    minutes: float
    elapsed_s: float = 0
    seed: int
    status: str = Field(default="open", index=True)  # open | submitted | timeout | abandoned
    correct: int | None = None
    total: int
    scaled: int | None = None
    form: int | None = None  # the practice form (awsprep exam --form N); null for a fresh-first draw


class ExamAnswer(SQLModel, table=True):
    """One question of a mock exam: the option order shown, the options chosen, a review flag."""

    __tablename__ = "exam_answer"

    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key="exam_session.id")
    position: int
    item_id: str
    domain: int
    option_order: str  # comma-separated option indexes as shown (A, B, ...)
    chosen: str = ""  # comma-separated option indexes
    flagged: bool = False
    correct: bool | None = None
    seconds: float = 0  # time spent on this question, over every visit


class Flag(SQLModel, table=True):
    """An item the learner flagged in a drill or exam to look at again (`awsprep flagged`)."""

    __tablename__ = "flag"

    item_id: str = Field(primary_key=True)
    flagged_at: datetime
    note: str = ""


class Fit(SQLModel, table=True):
    """FSRS parameters fitted to the learner's reviews (`awsprep optimize`), with how well the
    defaults and they predicted those reviews. The newest row is the one the scheduler uses."""

    __tablename__ = "fit"

    id: int | None = Field(default=None, primary_key=True)
    fitted_at: datetime
    parameters: str  # JSON list of the 21 FSRS-6 parameters
    reviews: int  # reviews fitted (each a day or more after the item's previous answer)
    log_loss_default: float
    log_loss: float
    rmse_bins_default: float
    rmse_bins: float
