"""Everything that can be drilled: fact cards, questions and calculator problems, with filters."""

from __future__ import annotations

from dataclasses import dataclass

from awsprep.content.exam import domain_of
from awsprep.content.load import Corpus
from awsprep.content.problems import TASKS as PROBLEM_TASKS
from awsprep.errors import UserError

KINDS = ("fact", "question", "calc")


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # fact | question | calc
    topic: str
    task: str

    @property
    def domain(self) -> int:
        return domain_of(self.task)


def entries(corpus: Corpus, topics: list[str] | None = None, domains: list[int] | None = None,
            kinds: list[str] | None = None) -> list[Entry]:
    """Live (non-draft) items matching every given filter; unknown filter values are errors."""
    everything = [Entry(i, "fact", corpus.topic_of[i], c.task) for i, c in corpus.cards.items() if corpus.live(i)]
    everything += [Entry(i, "question", corpus.topic_of[i], q.task) for i, q in corpus.questions.items() if corpus.live(i)]
    everything += [Entry(i, "calc", "calc", task) for i, task in PROBLEM_TASKS.items()]
    known_topics = sorted({e.topic for e in everything})
    for topic in topics or []:
        if topic not in known_topics:
            raise UserError(f"unknown topic {topic!r}: use one of {', '.join(known_topics)}")
    for domain in domains or []:
        if domain not in (1, 2, 3, 4):
            raise UserError(f"unknown domain {domain}: use 1, 2, 3 or 4")
    for kind in kinds or []:
        if kind not in KINDS:
            raise UserError(f"unknown kind {kind!r}: use fact, question or calc")
    return [
        e for e in everything
        if (not topics or e.topic in topics) and (not domains or e.domain in domains) and (not kinds or e.kind in kinds)
    ]
