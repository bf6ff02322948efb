"""The items an export carries: live (reviewed, not draft) cards and questions, filtered like a drill."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from awsprep.content.load import Corpus
from awsprep.content.model import Card, Question
from awsprep.errors import UserError


@dataclass(frozen=True)
class ExportItem:
    id: str
    kind: str  # fact | question
    topic: str
    topic_title: str
    task: str
    item: Card | Question

    @property
    def domain(self) -> int:
        return self.item.exam_domain


def select(corpus: Corpus, topics: list[str] | None = None, domains: list[int] | None = None) -> list[ExportItem]:
    """Live cards and questions matching every filter, in topic then file order."""
    from awsprep.srs import catalog

    chosen = catalog.entries(corpus, topics, domains, ["fact", "question"])
    items = []
    for entry in sorted(chosen, key=lambda e: (e.topic, e.kind != "fact")):
        item = corpus.cards.get(entry.id) if entry.kind == "fact" else corpus.questions.get(entry.id)
        topic = corpus.topics.get(entry.topic)
        items.append(ExportItem(entry.id, entry.kind, entry.topic, topic.title if topic else entry.topic, entry.task, item))
    if not items:
        raise UserError("nothing to export: no reviewed cards or questions match")
    return items


def letters(count: int) -> str:
    return "ABCDEF"[:count]


def answer_letters(question: Question) -> str:
    return ", ".join("ABCDEF"[i] for i in sorted(question.answer))


def check_target(path: Path, force: bool) -> None:
    """An export never replaces a file unless asked to."""
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise UserError(f"{path} already exists; use --force to replace it")
    if not path.parent.exists():
        raise UserError(f"folder {path.parent} does not exist")


def replace_atomically(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {error.strerror}") from None
