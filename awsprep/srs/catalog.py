"""Everything that can be drilled: fact cards, questions and calculator problems, with filters."""

from __future__ import annotations

from dataclasses import dataclass

from awsprep.content.exam import domain_of
from awsprep.content.load import Corpus
from awsprep.content.problems import SKILLS as PROBLEM_SKILLS
from awsprep.content.problems import TASKS as PROBLEM_TASKS
from awsprep.content.skills import SKILLS
from awsprep.errors import UserError

KINDS = ("fact", "question", "calc")


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # fact | question | calc
    topic: str
    task: str
    skills: tuple[str, ...] = ()  # exam guide v2.1 skills, e.g. ("1.2.3",)

    @property
    def domain(self) -> int:
        return domain_of(self.task)


def entries(corpus: Corpus, topics: list[str] | None = None, domains: list[int] | None = None,
            kinds: list[str] | None = None, skills: list[str] | None = None) -> list[Entry]:
    """Live (non-draft) items matching every given filter (an item matches `skills` when it
    practises any of them); unknown filter values are errors."""
    everything = [Entry(i, "fact", corpus.topic_of[i], c.task, tuple(c.skills))
                  for i, c in corpus.cards.items() if corpus.live(i)]
    everything += [Entry(i, "question", corpus.topic_of[i], q.task, tuple(q.skills))
                   for i, q in corpus.questions.items() if corpus.live(i)]
    everything += [Entry(i, "calc", "calc", task, PROBLEM_SKILLS[i]) for i, task in PROBLEM_TASKS.items()]
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
    for skill in skills or []:
        if skill not in SKILLS:
            raise UserError(f"unknown skill {skill!r}: use a numbered skill of exam guide v2.1 such as 1.2.3 "
                            "(`awsprep content check` lists them)")
    wanted = set(skills or ())
    return [
        e for e in everything
        if (not topics or e.topic in topics) and (not domains or e.domain in domains) and (not kinds or e.kind in kinds)
        and (not wanted or wanted.intersection(e.skills))
    ]
