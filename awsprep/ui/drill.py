"""The drill screen: show an item, take the answer, explain it, commit it at once."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from awsprep.content.load import Corpus
from awsprep.content.model import Card, Question
from awsprep.content.problems import generate
from awsprep.srs.catalog import Entry
from awsprep.srs.drill import Drill
from awsprep.srs.review import AGAIN, GOOD
from awsprep.ui.calc_view import working
from awsprep.ui.keys import ENTER, QUIT, Keys

RATINGS = "1 Again  2 Hard  3 Good  4 Easy"
LETTERS = "abcdef"


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a YAML block into paragraphs that wrap to the terminal."""
    return "\n\n".join(" ".join(part.split()) for part in text.strip().split("\n\n"))


def explanation(question: Question, order: list[int], chosen: set[int]) -> Text:
    """Every option as shown (letter order), marked right or wrong, the learner's picks, each `why`, the refs."""
    text = Text()
    for letter, index in zip(LETTERS, order):
        option = question.options[index]
        mark, style = ("✔", "green") if option.correct else ("✘", "red")
        mine = " (your pick)" if index in chosen else ""
        text.append(f"{mark} {letter.upper()}{mine}. ", style=f"bold {style}")
        text.append(option.text + "\n")
        text.append(f"   {option.why}\n", style="dim" if not option.correct else "")
    for ref in question.refs:
        text.append(ref + "\n", style="dim")
    return text


class Quit(Exception):
    """The learner pressed q."""


@dataclass
class Screen:
    drill: Drill
    corpus: Corpus
    console: Console
    keys: Keys
    rng: random.Random

    def run(self) -> None:
        """Drill until nothing is due, the limit is reached, or the learner quits (q or Ctrl-C)."""
        entry = self.drill.next()
        try:
            while entry is not None:
                entry = self.show(entry)
        except (Quit, KeyboardInterrupt):
            pass
        self.summary()

    def show(self, entry: Entry) -> Entry | None:
        """Present one item; returns the next item to show (the same one after an undo)."""
        self.console.rule(self._header(entry), style="cyan")
        started = time.monotonic()
        if entry.kind == "fact":
            result = self.fact(entry, self.corpus.cards[entry.id], started)
        elif entry.kind == "question":
            result = self.question(entry, self.corpus.questions[entry.id], started)
        else:
            result = self.problem(entry, started)
        if result == "undo":
            previous = self.drill.undo()
            if previous is not None:
                self.console.print("Last answer taken back.", style="yellow")
                return previous
            self.console.print("Nothing to undo in this session.", style="yellow")
            return entry
        return self.drill.next()

    def _header(self, entry: Entry) -> str:
        tally = self.drill.tally
        mode = "cram (schedule untouched)" if self.drill.cram else "drill"
        return f"{mode} · {entry.id} · task {entry.task} · answered {tally.answered}"

    def _command(self, pressed: str) -> str | None:
        if pressed == QUIT:
            raise Quit
        return "undo" if pressed == "u" else None

    def fact(self, entry: Entry, card: Card, started: float) -> str | None:
        self.console.print(Panel(Text(reflow(card.front)), title="Question", title_align="left"))
        pressed = self.keys.key("[space/enter] show answer   [u] undo last   [q] quit", f" {ENTER}uq")
        if self._command(pressed):
            return "undo"
        parts: list = [Text(reflow(card.back), style="bold")]
        if card.pitfall:
            parts.append(Text(f"Common mistake: {card.pitfall}", style="yellow"))
        parts.extend(Text(ref, style="dim") for ref in card.refs)
        self.console.print(Panel(Group(*parts), title="Answer", title_align="left", border_style="green"))
        pressed = self.keys.key(f"Rate: {RATINGS}   [q] quit", "1234q")
        self._command(pressed)
        self._commit(entry, int(pressed), started, answer="", correct=None)
        return None

    def question(self, entry: Entry, question: Question, started: float) -> str | None:
        order = self.rng.sample(range(len(question.options)), len(question.options))
        letters = LETTERS[: len(order)]
        body = Text(reflow(question.stem) + "\n")
        for letter, index in zip(letters, order):
            body.append(f"\n{letter.upper()}. ", style="bold cyan")
            body.append(question.options[index].text)
        title = f"Choose {question.choose}" if question.choose > 1 else "Choose one"
        self.console.print(Panel(body, title=title, title_align="left"))
        picked = self.keys.letters(f"Type {question.choose} letter(s)   [u] undo last   [q] quit", letters, question.choose)
        if self._command(picked):
            return "undo"
        chosen = {order[letters.index(letter)] for letter in picked}
        correct = chosen == set(question.answer)
        self._commit(entry, GOOD if correct else AGAIN, started, answer=",".join(map(str, sorted(chosen))), correct=correct)
        explained = explanation(question, order, chosen)
        verdict = "Correct" if correct else "Not quite: the answer is " + ", ".join(
            letter.upper() for letter, index in zip(letters, order) if question.options[index].correct)
        self.console.print(Panel(explained, title=verdict, title_align="left", border_style="green" if correct else "red"))
        self._offer_override(correct)
        return None

    def problem(self, entry: Entry, started: float) -> str | None:
        problem = generate(entry.id, self.rng)
        self.console.print(Panel(Text(problem.prompt), title=problem.title, title_align="left"))
        typed = self.keys.line("Type the number and press enter   [u] undo last   [q] quit")
        if self._command(typed.lower()):
            return "undo"
        correct = problem.grade(typed)
        self._commit(entry, GOOD if correct else AGAIN, started, answer=typed, correct=correct)
        verdict = "Correct" if correct else f"Not quite: the answer is {problem.result.to_dict()[problem.key]}"
        self.console.print(Panel(working(problem.result), title=verdict, title_align="left",
                                 border_style="green" if correct else "red"))
        self._offer_override(correct)
        return None

    def _commit(self, entry: Entry, rating: int, started: float, *, answer: str, correct: bool | None):
        elapsed = int((time.monotonic() - started) * 1000)
        outcome = self.drill.answer(entry, rating, answer=answer, correct=correct, duration_ms=elapsed)
        if outcome.became_leech:
            self.console.print(f"{entry.id} is now a leech (lapsed {self.drill.settings.leech_threshold} times): "
                               "suspended. `awsprep unsuspend` brings it back.", style="yellow")
        return outcome

    def _offer_override(self, correct: bool) -> None:
        """The answer is already saved as Good or Again; 1-4 re-rates it."""
        auto = "Good" if correct else "Again"
        pressed = self.keys.key(f"Saved as {auto}. [enter] next   or re-rate: {RATINGS}   [q] quit", f"{ENTER} 1234q")
        if pressed in ("1", "2", "3", "4") and self.drill.rerate(int(pressed)):
            self.console.print(f"Re-rated: {RATINGS.split('  ')[int(pressed) - 1]}", style="cyan")
        self._command(pressed)

    def summary(self) -> None:
        tally = self.drill.tally
        minutes = (self.drill.clock() - tally.started).total_seconds() / 60
        accuracy = f"{100 * tally.correct / tally.graded:.0f}%" if tally.graded else "-"
        tomorrow = "-" if self.drill.cram else str(self.drill.due_tomorrow())
        self.console.rule("Session summary", style="cyan")
        self.console.print(f"Answered {tally.answered} · correct {accuracy} of graded · {minutes:.1f} min · "
                           f"due by tomorrow: {tomorrow}", highlight=False)
