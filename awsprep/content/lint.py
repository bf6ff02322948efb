"""The answer-cue linter: can a question's key be spotted without knowing AWS?

Surface cues are measured, per question and over a bank:
- length: the key is the longest option (single answer), or the keyed options are exactly the
  longest ones (multiple response); where the key falls among the options ranked by length
  (a writer who avoids the longest key often lands on the second longest); and the
  key-to-distractor length ratio;
- stem echo: the key shares more of the stem's words than every distractor does.

A question whose key is RATIO_LIMIT times the mean distractor length is an error. Bank-wide
figures past the thresholds fail the check for the shipped corpus and warn for a learner's folder.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass

from awsprep.content.load import Corpus
from awsprep.content.model import Question

RATIO_LIMIT = 1.5  # one question's key length over its mean distractor length
LONGEST_MAX = 0.35  # share of single-answer questions whose key is the longest option
RATIO_BAND = (0.85, 1.15)  # the bank's median key-to-distractor length ratio
ECHO_MAX = 0.25  # share of questions whose key alone echoes the stem most
RANK_MAX = 0.35  # share of single-answer keys at any one length rank (longest, 2nd, 3rd, shortest)
RANKS = ("longest", "2nd", "3rd", "shortest")

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("""
    a an and are as at be been but by can do does for from has have how if in into is it its
    may must no not of on or so such than that the their them then there these they this to
    use used uses using was were what when where which while who why will with without would
    you your aws amazon all any each only other same should some very more most least
""".split())


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) > 2 and word not in _STOP}


@dataclass(frozen=True)
class Cue:
    """One question's surface figures."""

    item_id: str
    where: str  # file:line
    multiple: bool
    key_longest: bool  # single: key is the longest option; multiple: keys are exactly the longest
    rank: int  # single: the key's length rank as an index into RANKS; multiple: -1
    ratio: float  # mean key length / mean distractor length
    key_echo: float  # stem words a key shares (mean over keys)
    distractor_echo: float  # stem words a distractor shares (mean over distractors)
    echo: bool  # a key shares more stem words than every distractor


def cue(question: Question, where: str) -> Cue:
    keys = [len(o.text) for o in question.options if o.correct]
    others = [len(o.text) for o in question.options if not o.correct]
    stem = _words(question.stem)
    shared = [len(stem & _words(o.text)) for o in question.options]
    key_shared = [n for n, o in zip(shared, question.options) if o.correct]
    other_shared = [n for n, o in zip(shared, question.options) if not o.correct]
    longer = sum(length > keys[0] for length in others) / len(others)  # 0 = longest, 1 = shortest
    rank = 0 if longer == 0 else 3 if longer == 1 else 1 if longer <= 0.5 else 2
    return Cue(
        item_id=question.id,
        where=where,
        multiple=question.choose > 1,
        key_longest=min(keys) >= max(others),
        rank=rank if question.choose == 1 else -1,
        ratio=statistics.fmean(keys) / max(statistics.fmean(others), 1),
        key_echo=statistics.fmean(key_shared),
        distractor_echo=statistics.fmean(other_shared),
        echo=min(key_shared) > max(other_shared),
    )


@dataclass(frozen=True)
class Figures:
    """A bank's (or one file's) cue figures."""

    name: str
    questions: int
    single: int
    single_longest: int
    ranks: tuple[int, ...]  # single-answer keys at each length rank (RANKS)
    multiple: int
    multiple_longest: int
    median_ratio: float
    key_echo: float
    distractor_echo: float
    echo: int

    @property
    def longest_share(self) -> float:
        return self.single_longest / self.single if self.single else 0.0

    @property
    def rank_shares(self) -> tuple[float, ...]:
        return tuple(n / self.single if self.single else 0.0 for n in self.ranks)

    @property
    def echo_share(self) -> float:
        return self.echo / self.questions if self.questions else 0.0

    def problems(self) -> list[str]:
        """The thresholds this bank is past, one sentence each."""
        found = []
        if self.single and self.longest_share > LONGEST_MAX:
            found.append(f"the key is the longest option in {self.longest_share:.0%} of single-answer questions "
                         f"(limit {LONGEST_MAX:.0%})")
        top = max(range(len(RANKS)), key=lambda i: self.ranks[i])
        if self.single and self.rank_shares[top] > RANK_MAX:
            found.append(f"the key is the {RANKS[top]} option by length in {self.rank_shares[top]:.0%} of "
                         f"single-answer questions (limit {RANK_MAX:.0%} at any one rank)")
        low, high = RATIO_BAND
        if self.questions and not low <= self.median_ratio <= high:
            found.append(f"the median key-to-distractor length ratio is {self.median_ratio:.2f} (allowed {low}-{high})")
        if self.questions and self.echo_share > ECHO_MAX:
            found.append(f"the key alone echoes the stem most in {self.echo_share:.0%} of questions (limit {ECHO_MAX:.0%})")
        return found

    def to_dict(self) -> dict:
        return {"name": self.name, "questions": self.questions, "single": self.single,
                "key_longest": self.single_longest, "key_longest_share": round(self.longest_share, 3),
                "key_length_ranks": dict(zip(RANKS, self.ranks)),
                "multiple": self.multiple, "multiple_keys_longest": self.multiple_longest,
                "median_ratio": round(self.median_ratio, 3), "key_stem_words": round(self.key_echo, 2),
                "distractor_stem_words": round(self.distractor_echo, 2), "echo": self.echo,
                "echo_share": round(self.echo_share, 3)}


def figures(name: str, cues: list[Cue]) -> Figures:
    single = [c for c in cues if not c.multiple]
    multiple = [c for c in cues if c.multiple]
    return Figures(
        name=name,
        questions=len(cues),
        single=len(single),
        single_longest=sum(c.key_longest for c in single),
        ranks=tuple(sum(c.rank == r for c in single) for r in range(len(RANKS))),
        multiple=len(multiple),
        multiple_longest=sum(c.key_longest for c in multiple),
        median_ratio=statistics.median(c.ratio for c in cues) if cues else 0.0,
        key_echo=statistics.fmean(c.key_echo for c in cues) if cues else 0.0,
        distractor_echo=statistics.fmean(c.distractor_echo for c in cues) if cues else 0.0,
        echo=sum(c.echo for c in cues),
    )


@dataclass(frozen=True)
class Report:
    """Figures per file and per bank (shipped, then the learner's), with errors and warnings."""

    files: list[Figures]
    banks: list[Figures]
    errors: list[str]
    warnings: list[str]


def lint(corpus: Corpus) -> Report:
    """Cue figures for every reviewed question; the shipped bank's thresholds are errors."""
    by_file: dict[str, list[Cue]] = defaultdict(list)
    errors: list[str] = []
    for item_id, question in corpus.questions.items():
        if item_id in corpus.drafts:
            continue
        where = corpus.source[item_id]
        one = cue(question, where)
        by_file[where.rsplit(":", 1)[0]].append(one)
        if one.ratio >= RATIO_LIMIT:
            errors.append(f"{where}: {item_id}: the key is {one.ratio:.2f}x the mean distractor length "
                          f"(limit {RATIO_LIMIT}x): balance the options' length and detail")
    files = [figures(name, cues) for name, cues in sorted(by_file.items())]
    shipped = [c for cues in by_file.values() for c in cues if corpus.is_shipped(c.item_id)]
    learner = [c for cues in by_file.values() for c in cues if not corpus.is_shipped(c.item_id)]
    banks = [figures(name, cues) for name, cues in (("shipped", shipped), ("yours", learner)) if cues]
    warnings: list[str] = []
    for bank in banks:
        for problem in bank.problems():
            (errors if bank.name == "shipped" else warnings).append(f"answer cues ({bank.name} questions): {problem}")
    return Report(files, banks, errors, warnings)
