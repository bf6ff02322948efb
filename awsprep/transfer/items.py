"""The items an export carries: live (reviewed, not draft) cards and questions, filtered like a drill."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
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


LETTERS = "ABCDEF"


def answer_letters(question: Question) -> str:
    return ", ".join(LETTERS[i] for i in sorted(question.answer))


def choose_line(question: Question) -> str:
    return "Choose one." if question.choose == 1 else f"Choose {question.choose}."


def ref_label(url: str) -> str:
    """A short name for a documentation link: its host and its last path part."""
    host, _, path = url.removeprefix("https://").removeprefix("http://").partition("/")
    parts = [part for part in path.split("#")[0].split("?")[0].split("/") if part]
    if not parts:
        return host
    return f"{host}/{parts[0]}" if len(parts) == 1 else f"{host}/…/{parts[-1]}"


def prose(value: str | None) -> str:
    """Text as it reads: lines wrapped in the YAML joined with spaces, blank lines kept as paragraph
    breaks, and a line that starts a list item ("- ", "* ") kept on its own line."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", (value or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        joined = ""
        for line in lines:
            joined += ("\n" if line.startswith(("- ", "* ")) else " ") + line if joined else line
        paragraphs.append(joined)
    return "\n\n".join(p for p in paragraphs if p)


def check_target(path: Path, force: bool) -> None:
    """An export never replaces a file unless asked to."""
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise UserError(f"{path} already exists; use --force to replace it")
    if not path.parent.exists():
        raise UserError(f"folder {path.parent} does not exist")


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` that replaces it in one step when the block ends without an
    error; the temporary file never stays behind, and an OSError becomes one line naming `path`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        tmp.unlink(missing_ok=True)
