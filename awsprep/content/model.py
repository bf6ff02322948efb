"""The content schema: topics with fact cards, and scenario questions (see content/README.md)."""

from __future__ import annotations

import re
from functools import lru_cache
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


_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                        "\u2212": "-", "\u00a0": " ", "\u00d7": "x", "*": None, "`": None})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER_THEN_WORD = re.compile(r"(?<=\d)(?=[a-z])")


def normalise(text: str) -> str:
    """Text as detectors see it: lower case, plain quotes and dashes, no `*` or backticks, no thousands
    separators (10,000 -> 10000), a space between a number and the word after it (256KB -> 256 kb)."""
    text = _THOUSANDS.sub("", text.lower().translate(_PLAIN))
    return " ".join(_NUMBER_THEN_WORD.sub(" ", text).split())


@lru_cache(maxsize=4096)
def pattern(source: str, whole_words: bool = False) -> re.Pattern:
    """A detector's regular expression, compiled once (`whole_words`: not inside a longer word)."""
    return re.compile(rf"(?<![a-z0-9])(?:{source})(?![a-z0-9])" if whole_words else source)


class Detector(Strict):
    """A wrong claim a learner's notes may make, as patterns over normalised text (see `normalise`)."""

    service: str = Field(min_length=1)  # whole words: the note, a note beside it or a section title above names the service
    claim: str = Field(min_length=1)  # the wrong claim, within one note
    unless: str | None = None  # the same note already says what is true: not flagged
    fact: str | None = None  # what is true today (default: the card's back)

    @field_validator("service", "claim", "unless")
    @classmethod
    def _compiles(cls, source: str | None, info) -> str | None:
        if source is None:
            return None
        if re.search(r"[A-Z]", re.sub(r"\\.", "", source)):
            raise ValueError("patterns are matched on lower-case text: write them in lower case")
        try:
            compiled = pattern(source, info.field_name == "service")
        except re.error as error:
            raise ValueError(f"not a valid regular expression: {error}") from None
        if compiled.search(""):
            raise ValueError("matches empty text, so it would flag every note")
        return source

    def claimed(self, note: str) -> re.Match | None:
        """The wrong claim in one normalised note, unless the note also says what is true."""
        found = pattern(self.claim).search(note)
        return None if found is None or self.unless and pattern(self.unless).search(note) else found


class Item(Strict):
    """What cards and questions share: a stable id, where it sits in the exam, and its sources."""

    id: str = Field(pattern=ID_PATTERN)
    task: str
    domain: int | None = None
    refs: list[str] = Field(default_factory=list)
    source: str | None = None  # "file:line" of the notes a draft was imported from (awsprep import)
    warning: str | None = None  # awsprep import: the notes say something wrong; what is true and where we teach it
    same_as: str | None = Field(default=None, pattern=ID_PATTERN)  # a built-in card that teaches the same fact
    skills: list[str] = Field(default_factory=list, max_length=3)  # exam guide v2.1 skills, e.g. "1.2.3"

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

    @field_validator("skills")
    @classmethod
    def _known_skills(cls, skills: list[str]) -> list[str]:
        from awsprep.content.skills import SKILLS

        unknown = [skill for skill in skills if skill not in SKILLS]
        if unknown:
            raise ValueError(f"unknown skill {unknown[0]!r}: use a numbered skill of exam guide v2.1, e.g. '1.2.3'")
        if len(set(skills)) != len(skills):
            raise ValueError("a skill is listed twice")
        return skills

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
    detectors: list[Detector] = Field(default_factory=list)

    @field_validator("tags", mode="before")
    @classmethod
    def _tags_as_text(cls, tags: object) -> object:
        """`tags: [api-gateway, 502]` is natural to write; YAML reads 502 as a number."""
        return [str(tag) if isinstance(tag, int | float) else tag for tag in tags] if isinstance(tags, list) else tags

    @model_validator(mode="after")
    def _detectors_spare_the_answer(self):
        for index, detector in enumerate(self.detectors):
            if detector.claimed(normalise(detector.fact or self.back)):
                raise ValueError(f"detector {index + 1} flags the card's own answer: narrow its claim or add an unless")
        return self


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
    cards: list[str] = Field(default_factory=list)  # ids of the cards that teach the deciding facts

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
