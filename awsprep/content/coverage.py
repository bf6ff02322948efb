"""How the corpus covers the exam: items per domain and task statement against the weights."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from awsprep.content.exam import DOMAINS, TASKS, domain_of
from awsprep.content.load import Corpus


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    cards: int
    questions: int
    share: float  # percent of all questions
    weight: int | None  # exam weight in percent (domains only)


def coverage(corpus: Corpus) -> tuple[list[Row], list[Row]]:
    """(domain rows, task rows); drafts are left out."""
    cards = Counter(c.task for i, c in corpus.cards.items() if i not in corpus.drafts)
    questions = Counter(q.task for i, q in corpus.questions.items() if i not in corpus.drafts)
    total = sum(questions.values()) or 1
    tasks = [Row(t, title, cards[t], questions[t], 100 * questions[t] / total, None) for t, title in TASKS.items()]
    domains = []
    for number, (title, weight) in DOMAINS.items():
        mine = [row for row in tasks if domain_of(row.key) == number]
        q = sum(row.questions for row in mine)
        domains.append(Row(str(number), title, sum(row.cards for row in mine), q, 100 * q / total, weight))
    return domains, tasks
