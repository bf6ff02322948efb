"""Wrong facts in a learner's notes: every draft is read against the detectors on our cards.

A detector fires on one note (a bullet, a sentence, a line of a list, a section title) when the note
makes its wrong claim and the note, the draft it belongs to or a section title above it names the
service. The flag points at the notes line where the claim starts and names the card that teaches
what is true.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from functools import lru_cache

from awsprep.content.load import Corpus
from awsprep.content.model import Card, Detector, normalise, pattern
from awsprep.transfer.notes import DraftCard, DraftQuestion, Drafts, Unasked
from awsprep.transfer.outline import Passage


@dataclass(frozen=True)
class Flag:
    """One wrong claim: where the notes make it, the words, and the card that corrects it."""

    source: str  # file:line
    said: str  # the words the detector matched (normalised)
    card: str
    fact: str
    ref: str

    @property
    def line(self) -> int:
        return int(self.source.rsplit(":", 1)[1])

    def summary(self) -> str:
        return f"{self.source}: “{self.said}”: see card {self.card}"

    def report(self) -> str:
        return (f"{self.source}: the notes say “{self.said}”\n  true today: {self.fact}\n"
                f"  taught by card {self.card}: {self.ref}")

    def warning(self) -> str:
        return f"Line {self.line} says “{self.said}”. True today: {self.fact} (card {self.card}: {self.ref})"


Known = dict[str, list[tuple[Card, Detector]]]  # service pattern -> the detectors that need it


def detectors(corpus: Corpus) -> Known:
    """The detectors of every reviewed card (built-in and the learner's own), by service pattern."""
    known: Known = {}
    for card_id, card in corpus.cards.items():
        if card_id not in corpus.drafts:
            for detector in card.detectors:
                known.setdefault(detector.service, []).append((card, detector))
    return known


def reference(folders: list[Path], use_cache: bool = True) -> Corpus:
    """What notes are checked against: the built-in corpus and those of the learner's folders that exist
    (an import may be about to create its --out folder)."""
    from awsprep import paths
    from awsprep.content.load import load

    roots = [paths.builtin_content(), *(folder for folder in paths.user_content(folders) if folder.is_dir())]
    return load(roots, paths.cache_dir() / "corpus.pickle" if use_cache else None)


def check(drafts: Drafts, corpus: Corpus) -> list[Flag]:
    """Flag the wrong claims in `drafts` (and in the notes that made no draft), in notes order. The
    first draft that carries a flagged line (its own words, or a title above it) gets the `warning`."""
    known = detectors(corpus)
    flags: list[Flag] = []
    for notes in drafts.files:
        owner: dict[tuple[int, str], DraftCard | DraftQuestion | Unasked] = {}
        found: dict[tuple[int, str], Flag] = {}
        for item in [*notes.cards, *notes.questions, *notes.unasked]:
            for flag in _flags(item, known):
                key = (flag.line, flag.card)
                if key not in found:
                    found[key], owner[key] = flag, item
        kept = _distinct([found[key] for key in sorted(found)])
        warnings: dict[int, list[str]] = {}
        for flag in kept:
            item = owner[(flag.line, flag.card)]
            warnings.setdefault(id(item), []).append(flag.warning())
            item.warning = "\n".join(warnings[id(item)])
        flags += kept
    return flags


def _distinct(flags: list[Flag]) -> list[Flag]:
    """Two cards flagging the same words of one line: the one that matched more of them stays."""
    kept: list[Flag] = []
    for flag in flags:
        rival = next((other for other in kept
                      if other.line == flag.line and (flag.said in other.said or other.said in flag.said)), None)
        if rival is None:
            kept.append(flag)
        elif len(flag.said) > len(rival.said):
            kept[kept.index(rival)] = flag
    return kept


def _flags(item: DraftCard | DraftQuestion | Unasked, known: Known) -> list[Flag]:
    notes = [*item.headings, *item.passages]
    around = normalise(" ".join(passage.text for passage in notes))
    services = [service for service in known if _may_name(around, service) and pattern(service, True).search(around)]
    if not services:
        return []
    name = item.source.rsplit(":", 1)[0]
    flags = []
    for passage in notes:
        note, starts = _normalised(passage)
        for service in services:
            for card, detector in known[service]:
                found = detector.claimed(note)
                if found:
                    line = max((line for offset, line in starts if offset <= found.start()), default=passage.line)
                    flags.append(Flag(f"{name}:{line}", found.group(0).strip(), card.id, detector.fact or card.back,
                                      card.refs[0] if card.refs else ""))
    return flags


def _may_name(text: str, service: str) -> bool:
    """A quick test before the regular expression: a word the pattern cannot match without is in `text`."""
    seeds = _seeds(service)
    return seeds is None or any(seed in text for seed in seeds)


@lru_cache(maxsize=1024)
def _seeds(source: str) -> tuple[str, ...] | None:
    """For each top-level alternative of `source`, its longest run of plain characters that every match
    contains; None when some alternative has none (then only the regular expression can tell)."""
    seeds = []
    for alternative in _alternatives(source):
        runs, run, depth, index = [], "", 0, 0
        while index < len(alternative):
            char, following = alternative[index], alternative[index + 1:index + 2]
            plain = depth == 0 and (char.isalnum() or char in " -_:/@")
            if plain and following not in ("?", "*", "{"):
                run += char
            else:
                runs.append(run)
                run = ""
                depth += char in "([" and not (index and alternative[index - 1] == "\\")
                depth -= char in ")]" and not (index and alternative[index - 1] == "\\")
                index += char == "\\"  # an escape: the next character is not plain
            index += 1
        best = max((part.strip() for part in [*runs, run]), key=len)
        if len(best) < 2:
            return None
        seeds.append(best)
    return tuple(seeds)


def _alternatives(source: str) -> list[str]:
    """`source` split at its top-level `|`."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        depth += (char in "([") - (char in ")]")
        if char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
        index += 1
    return [*parts, source[start:]]


def _normalised(passage: Passage) -> tuple[str, list[tuple[int, int]]]:
    """The passage as one normalised note, with the offset where each of its lines starts."""
    text, starts = "", []
    for line, piece in passage.pieces:
        starts.append((len(text) + 1 if text else 0, line))
        text = f"{text} {normalise(piece)}" if text else normalise(piece)
    return text, starts
