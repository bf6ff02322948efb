"""Drafts that restate a built-in card: marked `same_as` instead of becoming a second copy.

Words are compared after `normalise`, without stop words and plural s, each weighted by how rare
it is across the built-in cards and the drafts. A draft states the same fact as a built-in card when

- it asks one thing (a gap or a term, not a list) and the notes say nothing wrong in it;
- the card is in the draft's topic, or its question names that topic's service;
- the draft's answer (the gap's words, the term) is a rare word or a number and appears in the
  card (a term in the card's question), and so does every number the draft gives;
- for a gap, the card's question shares one of the draft's three rarest words;
- the card holds at least 70% of the draft's words, weighted by rarity, and the two word sets are
  close (cosine 0.3 or more, so a long card that merely mentions the fact does not count); the
  closest such card wins.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from awsprep.content.load import Corpus
from awsprep.content.model import normalise
from awsprep.transfer.notes import DraftCard, Drafts
from awsprep.transfer.topics import match

MIN_SHARE = 0.7
MIN_CLOSENESS = 0.3  # cosine of the rarity-weighted word sets: the card is mostly about this fact
RARE = 45  # a word in more cards and drafts than this says little about which fact it is
_STOP = frozenset(
    "a an the and or of to in on for with by from as at is are was were be been it its this that these those can will would "
    "should may might must not no do does did you your we our they their there which what when where who how why than then so "
    "if else also only just more most less very any all each every some other into over under about via per up out off use "
    "used using fill gap note notes key points point term eg ie etc".split()
)


@dataclass(frozen=True)
class Link:
    source: str  # file:line of the draft
    draft: str
    card: str


def words(text: str) -> list[str]:
    out = []
    for word in re.findall(r"[a-z0-9]+", normalise(text.replace("____", " "))):
        if word in _STOP or len(word) < 2 and not word.isdigit():
            continue
        out.append(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return out


def link(drafts: Drafts, corpus: Corpus) -> list[Link]:
    """Mark each draft that states the fact of a built-in card with `same_as`; the links, in notes order."""
    cards = {card_id: card for card_id, card in corpus.cards.items()
             if corpus.is_shipped(card_id) and card_id not in corpus.drafts}
    card_words = {card_id: set(words(f"{card.front} {card.back}")) for card_id, card in cards.items()}
    card_fronts = {card_id: set(words(card.front)) for card_id, card in cards.items()}
    card_numbers = {card_id: _numbers(f"{card.front} {card.back}") for card_id, card in cards.items()}
    seen = Counter(word for found in card_words.values() for word in found)
    for draft in drafts.cards:
        seen.update(set(words(f"{draft.front} {draft.back}")))
    total = len(cards) + len(drafts.cards)
    weight = {word: math.log(total / count) for word, count in seen.items()}
    index: dict[str, set[str]] = {}
    for card_id, found in card_words.items():
        for word in found:
            index.setdefault(word, set()).add(card_id)

    links = []
    for draft in drafts.cards:
        if draft.warning or not draft.answer or "\n" in draft.back:
            continue
        answer = set(words(draft.answer))
        own = set(words(draft.back)) - set(words(" ".join(draft.context)))
        if not answer or len(own) < 3 or any(seen[word] > RARE and not word.isdigit() for word in answer):
            continue
        rarest = sorted(own - answer, key=lambda word: seen[word])[:3]
        gap = "fill the gap: " in draft.front
        numbers = _numbers(draft.back)
        best: tuple[float, str] | None = None
        for card_id in set.intersection(*(index.get(word, set()) for word in answer)):
            if not _same_topic(draft, corpus.topic_of[card_id], cards[card_id].front):
                continue
            if not gap and not answer <= card_fronts[card_id] or not numbers <= card_numbers[card_id]:
                continue
            if gap and not any(word in card_fronts[card_id] for word in rarest):
                continue
            share = sum(weight[word] for word in own if word in card_words[card_id]) / sum(weight[word] for word in own)
            if share < MIN_SHARE:
                continue
            shared = own & card_words[card_id]
            closeness = sum(weight[word] ** 2 for word in shared) / math.sqrt(
                sum(weight[word] ** 2 for word in own) * sum(weight[word] ** 2 for word in card_words[card_id]))
            if closeness >= MIN_CLOSENESS and (best is None or closeness > best[0]):
                best = (closeness, card_id)
        if best is not None:
            draft.same_as = best[1]
            links.append(Link(draft.source, draft.id, best[1]))
    return links


def _same_topic(draft: DraftCard, topic: str, front: str) -> bool:
    if topic == draft.topic:
        return True
    named = match(front)
    return named is not None and named.id == draft.topic


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", normalise(text)))
