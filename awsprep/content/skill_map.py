"""Skills and links: every reviewed item names its exam skills, every question the cards behind it.

The shipped corpus must cover every skill with at least CARD_FLOOR cards and QUESTION_FLOOR
questions, and link every question to a card; a learner's folder gets warnings instead.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from awsprep.content.load import Corpus
from awsprep.content.skills import SKILLS

CARD_FLOOR = 4
QUESTION_FLOOR = 2


@dataclass(frozen=True)
class SkillRow:
    skill: str
    title: str
    cards: int
    questions: int

    @property
    def under_floor(self) -> bool:
        return self.cards < CARD_FLOOR or self.questions < QUESTION_FLOOR


def coverage(corpus: Corpus, shipped_only: bool = False) -> list[SkillRow]:
    """Cards and questions per skill (reviewed items only)."""
    cards: Counter = Counter()
    questions: Counter = Counter()
    for table, counter in ((corpus.cards, cards), (corpus.questions, questions)):
        for item_id, item in table.items():
            if item_id not in corpus.drafts and (not shipped_only or corpus.is_shipped(item_id)):
                counter.update(item.skills)
    return [SkillRow(skill, title, cards[skill], questions[skill]) for skill, title in SKILLS.items()]


def problems(corpus: Corpus) -> tuple[list[str], list[str]]:
    """(errors, warnings): items without skills, unknown or missing card links, skills under the floor."""
    errors: list[str] = []
    warnings: list[str] = []
    for table in (corpus.cards, corpus.questions):
        for item_id, item in table.items():
            if item_id in corpus.drafts:
                continue
            where = corpus.source[item_id]
            if not item.skills:
                errors.append(f"{where}: {item_id}: needs `skills:` (1-3 exam guide skills, e.g. [\"1.2.3\"])")
    for item_id, question in corpus.questions.items():
        if item_id in corpus.drafts:
            continue
        where = corpus.source[item_id]
        unknown = [card for card in question.cards if card not in corpus.cards]
        if unknown:
            errors.append(f"{where}: {item_id}: cards: no card with id {unknown[0]!r}")
        if not question.cards:
            message = f"{where}: {item_id}: links no card (`cards:`): a learner who misses it has nothing to study"
            (errors if corpus.is_shipped(item_id) else warnings).append(message)
    for row in coverage(corpus, shipped_only=True):
        if row.under_floor:
            errors.append(f"skill {row.skill} ({row.title}): {row.cards} cards and {row.questions} questions in the "
                          f"shipped corpus; each skill needs at least {CARD_FLOOR} cards and {QUESTION_FLOOR} questions")
    return errors, warnings
