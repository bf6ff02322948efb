"""The content schema: topics with fact cards, and scenario questions (see content/README.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from awsprep.content.exam import TASKS, domain_of

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DOC_HOSTS = ("docs.aws.amazon.com", "aws.amazon.com")


class Strict(BaseModel):
    """Unknown keys are errors: they are nearly always typos."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _check_refs(refs: list[str]) -> list[str]:
    for ref in refs:
        host = ref.removeprefix("https://").split("/")[0].lower()
        if not ref.startswith("https://") or host not in DOC_HOSTS:
            raise ValueError(f"ref {ref!r} is not an https URL on {' or '.join(DOC_HOSTS)}")
    return refs


class Item(Strict):
    """What cards and questions share: a stable id, where it sits in the exam, and its sources."""

    id: str = Field(pattern=ID_PATTERN)
    task: str
    domain: int | None = None
    refs: list[str] = Field(default_factory=list)
    source: str | None = None  # "file:line" of the notes a draft was imported from (awsprep import)

    @field_validator("task")
    @classmethod
    def _known_task(cls, task: str) -> str:
        if task not in TASKS:
            raise ValueError(f"unknown task statement {task!r}: use one of {', '.join(TASKS)}")
        return task

    @field_validator("refs")
    @classmethod
    def _doc_refs(cls, refs: list[str]) -> list[str]:
        return _check_refs(refs)

    @model_validator(mode="after")
    def _domain_matches_task(self):
        if self.domain is not None and self.domain != domain_of(self.task):
            raise ValueError(f"domain {self.domain} does not match task {self.task} (domain {domain_of(self.task)})")
        return self

    @property
    def exam_domain(self) -> int:
        return domain_of(self.task)


class Card(Item):
    """A fact card: a question on the front, the answer on the back."""

    front: str = Field(min_length=1)
    back: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    pitfall: str | None = None

    @field_validator("tags", mode="before")
    @classmethod
    def _tags_as_text(cls, tags: object) -> object:
        """`tags: [api-gateway, 502]` is natural to write; YAML reads 502 as a number."""
        return [str(tag) if isinstance(tag, int | float) else tag for tag in tags] if isinstance(tags, list) else tags


class Option(Strict):
    text: str = Field(min_length=1)
    correct: bool = False
    why: str = Field(min_length=1)


class Question(Item):
    """A scenario question with 4-6 options; `choose` of them are correct."""

    kind: Literal["choice"] = "choice"
    stem: str = Field(min_length=1)
    choose: int = Field(ge=1, le=3)
    options: list[Option] = Field(min_length=4, max_length=6)
    services: list[str] = Field(default_factory=list)
    difficulty: Literal["easy", "medium", "hard"] = "medium"

    @model_validator(mode="after")
    def _choose_matches_correct(self):
        correct = sum(option.correct for option in self.options)
        if correct != self.choose:
            raise ValueError(f"choose is {self.choose} but {correct} option(s) are marked correct")
        return self

    @property
    def answer(self) -> frozenset[int]:
        """Indexes of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


class TopicFile(Strict):
    """content/topics/<id>.yaml"""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    services: list[str] = Field(default_factory=list)
    domain: int = Field(ge=1, le=4)
    draft: bool = False
    cards: list[Card] = Field(default_factory=list)


class QuestionFile(Strict):
    """content/questions/<topic>.yaml"""

    topic: str = Field(pattern=ID_PATTERN)
    draft: bool = False
    questions: list[Question] = Field(default_factory=list)
