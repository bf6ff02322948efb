"""The drill screen: one item at a time, answered, explained and committed at once.

In a terminal it is a full screen (Rich Live on the alternate screen) redrawn for every key: the
header shows what is left today and the session's progress; the item and its feedback share one
panel that scrolls; the footer shows the keys, the rating keys with the interval each would give.
When stdin is not a terminal it prints a transcript and reads one answer a line, for scripts.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from awsprep.content.load import Corpus
from awsprep.content.model import Card, Question
from awsprep.content.problems import generate
from awsprep.srs import queue
from awsprep.srs.catalog import Entry
from awsprep.srs.drill import Drill, typed_number
from awsprep.srs.review import AGAIN, GOOD, UndoRefused
from awsprep.ui.calc_view import working
from awsprep.ui.keys import BACKSPACE, ENTER, QUIT, Keys
from awsprep.ui.screen import LETTERS, Frame, cards_behind, explanation, hanging, options_list, reflow, refs

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
UNDO, FLAG, BURY, SUSPEND = "u", "m", "z", "s"  # none of them an option letter (a-f)
COMMANDS = (UNDO, FLAG, BURY, SUSPEND, QUIT)
COMMAND_HELP = "[u] undo last  [m] flag  [z] bury till tomorrow  [s] suspend  [q] quit"
SHOWN_MISSES = 10


def interval(delta: timedelta) -> str:
    """An interval as Anki shows one: <10m, 5h, 4d, 1.5mo, 2.1y."""
    seconds = delta.total_seconds()
    if seconds < 3600:
        return f"<{max(1, math.ceil(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    return f"{days / 30:.1f}mo" if days < 365 else f"{days / 365:.1f}y"


def ratings(intervals: dict[int, timedelta] | None) -> str:
    """'1 Again <10m · 2 Hard 2d · 3 Good 4d · 4 Easy 9d' (without intervals when cramming)."""
    return " · ".join(f"{n} {name}" + (f" {interval(intervals[n])}" if intervals else "") for n, name in RATINGS.items())


class Quit(Exception):
    """The learner pressed q."""


@dataclass
class Screen:
    drill: Drill
    corpus: Corpus
    console: Console
    keys: Keys
    rng: random.Random
    body: list = field(default_factory=list)
    title: str = ""
    border: str = "cyan"
    message: str = ""

    def __post_init__(self):
        self.frame = Frame(self.console)
        self.live = None
        self.entry: Entry | None = None

    # The session ---------------------------------------------------------------------------

    def run(self) -> None:
        """Drill until nothing is left, the limit is reached, or the learner quits (q or Ctrl-C);
        then the summary (a done-for-today screen when nothing is left)."""
        entry = self.drill.next()
        quit_early = False
        if entry is not None:
            with self.keys, self._live() as live:
                self.live = live
                try:
                    while entry is not None:
                        entry = self.show(entry)
                except (Quit, KeyboardInterrupt):
                    quit_early = True
            self.live = None
        self.summary(done=not quit_early and not self.drill.limit_reached and not self.drill.cram)

    def _live(self):
        from contextlib import nullcontext

        if not self.keys.interactive:
            return nullcontext()
        from rich.live import Live

        return Live(console=self.console, screen=True, auto_refresh=False, transient=True,
                    redirect_stdout=False, redirect_stderr=False)

    def show(self, entry: Entry) -> Entry | None:
        """Present one item; returns the next item to show (the same one after an undo)."""
        self.entry = entry
        started = time.monotonic()
        if entry.kind == "fact":
            action = self.fact(entry, self.corpus.cards[entry.id], started)
        elif entry.kind == "question":
            action = self.question(entry, self.corpus.questions[entry.id], started)
        else:
            action = self.problem(entry, started)
        if action == UNDO:
            try:
                previous = self.drill.undo()
            except UndoRefused as refused:
                self.say(f"{refused}.")
                return entry
            self.say("Last answer taken back." if previous else "Nothing to undo in this session.")
            return previous or entry
        if action == BURY:
            self.drill.bury(entry)
            self.say(f"Buried {entry.id} until tomorrow.")
        elif action == SUSPEND:
            self.drill.suspend(entry)
            self.say(f"Suspended {entry.id}: `awsprep unsuspend {entry.id}` brings it back.")
        return self.drill.next()

    # The three kinds of item -----------------------------------------------------------------

    def fact(self, entry: Entry, card: Card, started: float) -> str | None:
        self.present(entry, [Text(reflow(card.front))], "Question")
        action = self.ask("[space/enter] show answer", f" {ENTER}")
        if action in COMMANDS:
            return action
        answer: list = [Text(""), Text(reflow(card.back), style="bold")]
        if card.pitfall:
            answer.append(hanging([(Text("Common mistake:", style="bold yellow"), Text(reflow(card.pitfall), style="yellow"))]))
        if card.warning:  # an imported draft whose notes said something wrong (awsprep import)
            answer.append(hanging([(Text("Your notes:", style="bold yellow"), Text(reflow(card.warning), style="yellow"))]))
        answer.extend(refs(card.refs))
        self.reveal(answer, "Question and answer", "green")
        intervals = None if self.drill.cram else self.drill.preview(entry)
        action = self.ask(f"Rate: {ratings(intervals)}", "1234")
        if action in COMMANDS:
            return action
        self._commit(entry, int(action), started, answer="", correct=None)
        return None

    def question(self, entry: Entry, question: Question, started: float) -> str | None:
        order = self.rng.sample(range(len(question.options)), len(question.options))
        letters = LETTERS[: len(order)]
        title = f"Choose {question.choose}" if question.choose > 1 else "Choose one"
        self.present(entry, [Text(reflow(question.stem)), Text(""), options_list(question, order)], title)
        picked = self.pick(f"Type {question.choose} letter(s): {letters.upper()[0]}-{letters.upper()[-1]}", letters, question.choose)
        if picked in COMMANDS:
            return picked
        chosen = {order[letters.index(letter)] for letter in picked}
        correct = chosen == set(question.answer)
        intervals = None if self.drill.cram else self.drill.preview(entry)
        self._commit(entry, GOOD if correct else AGAIN, started, answer=",".join(map(str, sorted(chosen))), correct=correct)
        verdict = "Correct" if correct else "Not quite: the answer is " + ", ".join(
            letter.upper() for letter, index in zip(letters, order) if question.options[index].correct)
        self.body = [Text(reflow(question.stem)), Text("")]
        behind = [] if correct else cards_behind(question, self.corpus.cards, queued=not self.drill.cram)
        self.reveal([explanation(question, order, chosen), *behind], verdict, "green" if correct else "red")
        return self._after_answer(correct, intervals)

    def problem(self, entry: Entry, started: float) -> str | None:
        problem = generate(entry.id, self.rng)
        self.present(entry, [Text(problem.prompt)], problem.title)
        while True:
            typed = self.type_number("Type the number and press enter (units and words are fine: 900 IOPS, 6,000)")
            if typed in COMMANDS:
                return typed
            value = typed_number(typed)
            if value is not None:
                break
            self.say(f"{typed!r} is not a number: type the figure, e.g. 900, 6,000 or 2 shards.")
        correct = value == problem.expected
        intervals = None if self.drill.cram else self.drill.preview(entry)
        self._commit(entry, GOOD if correct else AGAIN, started, answer=typed, correct=correct)
        verdict = "Correct" if correct else f"Not quite: the answer is {problem.result.to_dict()[problem.key]}"
        self.reveal([Text(f"\nYour answer: {typed}", style="bold"), working(problem.result)], verdict,
                    "green" if correct else "red")
        return self._after_answer(correct, intervals)

    def _commit(self, entry: Entry, rating: int, started: float, *, answer: str, correct: bool | None) -> None:
        elapsed = int((time.monotonic() - started) * 1000)
        outcome = self.drill.answer(entry, rating, answer=answer, correct=correct, duration_ms=elapsed)
        if outcome.became_leech:
            kept = ("suspended. `awsprep unsuspend` brings it back." if self.drill.settings.leech_action == "suspend"
                    else "tagged, and still in drills (leech-action tag).")
            self.say(f"{entry.id} is a leech (lapsed {outcome.lapses} times): {kept}")

    def _after_answer(self, correct: bool, intervals) -> str | None:
        """The answer is already saved as Good or Again; 1-4 re-rates it (not when cramming)."""
        if intervals is None:
            action = self.ask("[enter] next", f"{ENTER} ")
        else:
            auto = "Good" if correct else "Again"
            action = self.ask(f"Saved as {auto}. [enter] next\nor re-rate: {ratings(intervals)}", f"{ENTER} 1234")
            if action in "1234" and self.drill.rerate(int(action)):
                self.say(f"Re-rated: {RATINGS[int(action)]}")
        return action if action in COMMANDS else None

    # Drawing and reading -----------------------------------------------------------------------

    def present(self, entry: Entry, parts: list, title: str) -> None:
        """A new item on screen (in a transcript: its header and panel, printed)."""
        self.body, self.title, self.border = list(parts), title, "cyan"
        self.frame.top()
        if self.live is None:
            counts, where = self._header()
            self.console.rule(where.plain, style="cyan")
            self.console.print(counts, Panel(Group(*parts), title=title, title_align="left"))

    def reveal(self, parts: list, title: str, border: str) -> None:
        """Feedback under the item, which stays on screen (in a transcript: printed alone)."""
        self.body += parts
        self.title, self.border = title, border
        if self.live is None:
            self.console.print(Panel(Group(*parts), title=title, title_align="left", border_style=border))

    def say(self, text: str) -> None:
        if self.live is None:
            self.console.print(text, style="yellow", highlight=False, markup=False)
        else:
            self.message = text

    def _header(self) -> list[Text]:
        drill, entry = self.drill, self.entry
        tally = drill.tally
        line = Text(no_wrap=True, overflow="ellipsis")
        if drill.cram:
            line.append("Cram: practice, the schedule is untouched", style="bold magenta")
        else:
            left = drill.left
            line.append("Left today ", style="bold")
            line.append(f"new {len(left.new)}", style="bold blue")
            line.append(" · ")
            line.append(f"learning {left.learning}", style="bold red")
            line.append(" · ")
            line.append(f"review {left.reviews}", style="bold green")
        done = f"{tally.answered}/{drill.limit}" if drill.limit else str(tally.answered)
        right = f" · {tally.correct}/{tally.graded} right" if tally.graded else ""
        minutes = (drill.clock() - tally.started).total_seconds() / 60
        line.append(f"   Done {done}{right} · {minutes:.0f} min", style="cyan")
        where = Text(f"{entry.id} · {entry.kind} · {entry.topic} · task {entry.task}", style="dim",
                     no_wrap=True, overflow="ellipsis")
        return [line, where]

    def _draw(self, prompt: str, typed: str | None = None) -> None:
        footer = [Text(self.message, style="bold yellow")] if self.message else []
        footer.append(Text(prompt, style="bold"))
        if typed is not None:
            footer.append(Text(f"> {typed}▏", style="bold cyan"))
        footer.append(Text(COMMAND_HELP, style="dim"))
        view = self.frame.render(self._header(), Group(*self.body), footer, title=self.title, border=self.border)
        self.live.update(view, refresh=True)

    def _key(self, prompt: str, typed: str | None = None) -> str:
        """The next key in the full screen; scroll keys scroll, a resize redraws."""
        self._draw(prompt, typed)
        size = self.console.size
        while True:
            key = self.keys.get(timeout=0.5)
            if key is None:
                if self.console.size != size:
                    return self._key(prompt, typed)
                continue
            if self.frame.scroll(key):
                self._draw(prompt, typed)
                continue
            self.message = ""
            return key

    def _line(self, prompt: str) -> str:
        """The next line of a transcript (QUIT at the end of input)."""
        self.console.print(prompt, style="dim", highlight=False, markup=False)
        line = self.keys.line()
        return QUIT if line is None else line

    def _flag(self) -> None:
        flagged = self.drill.flag(self.entry)
        self.say(f"Flagged {self.entry.id}: `awsprep flagged` lists it." if flagged else f"Flag taken off {self.entry.id}.")

    def _command(self, key: str) -> str | None:
        """q quits; m flags the item (the screen then waits on: FLAG); u, z and s are returned to
        act on; None for any other key."""
        if key == QUIT:
            raise Quit
        if key == FLAG:
            self._flag()
        return key if key in COMMANDS else None

    def ask(self, prompt: str, allowed: str) -> str:
        """A key from `allowed`, or a command (u, z, s); m flags the item and waits on; q quits."""
        while True:
            if self.live is None:
                key = self._line(f"{prompt}   {COMMAND_HELP}").lower()[:1] or ENTER
            else:
                key = self._key(prompt)
            command = self._command(key)
            if command != FLAG and (command or key in allowed):
                return key

    def pick(self, prompt: str, letters: str, count: int) -> str:
        """`count` distinct letters (sorted), or a command; a letter typed twice is taken back."""
        if self.live is None:
            while True:
                line = self._line(f"{prompt}   {COMMAND_HELP}").lower()
                picked = "".join(sorted(set(line.replace(",", "").replace(" ", ""))))
                command = self._command(picked)
                if command != FLAG and (command or (len(picked) == count and set(picked) <= set(letters))):
                    return picked
                if not command:
                    self.say(f"Type {count} letter(s) from {letters.upper()}.")
        picked = ""
        while len(picked) < count:
            selected = f"   selected: {', '.join(picked.upper())}" if picked else ""
            key = self._key(prompt + selected)
            if key == BACKSPACE:
                picked = picked[:-1]
            elif key in letters:
                picked = picked.replace(key, "") if key in picked else picked + key
            elif not picked and (command := self._command(key)) not in (None, FLAG):
                return command
        return "".join(sorted(picked))

    def type_number(self, prompt: str) -> str:
        """A typed answer (Enter ends it), or a command key pressed before anything is typed."""
        if self.live is None:
            while True:
                typed = self._line(f"{prompt}   {COMMAND_HELP}")
                command = self._command(typed.lower())
                if command != FLAG and (command or typed):
                    return command or typed
        typed = ""
        while True:
            key = self._key(prompt, typed)
            if not typed and (command := self._command(key)):
                if command != FLAG:
                    return command
            elif key == ENTER:
                if typed.strip():
                    return typed.strip()
            elif key == BACKSPACE:
                typed = typed[:-1]
            elif len(key) == 1 and key.isprintable():
                typed += key

    # The end ---------------------------------------------------------------------------------

    def summary(self, done: bool) -> None:
        """What was done and missed; when nothing is left, also what comes next and the ways on."""
        drill = self.drill
        tally = drill.tally
        minutes = (drill.clock() - tally.started).total_seconds() / 60
        accuracy = f"{tally.correct} of {tally.graded} graded right ({100 * tally.correct / tally.graded:.0f}%)" \
            if tally.graded else "none graded"
        text = Text(f"Answered {tally.answered} · {accuracy} · {minutes:.1f} min", style="bold")
        if drill.cram:
            text.append("\nCram: the schedule was not touched.", style="magenta")
        missed = drill.missed()
        if missed:
            text.append(f"\nMissed ({len(missed)}):", style="bold red")
            for entry in missed[:SHOWN_MISSES]:
                text.append(f"\n  ✘ {entry.id}", style="red")
                text.append(f"  {entry.kind} · {entry.topic}", style="dim")
            if len(missed) > SHOWN_MISSES:
                text.append(f"\n  … and {len(missed) - SHOWN_MISSES} more", style="dim")
        left = drill.left
        if left is not None:
            text.append("\n")
            text.append_text(self._outlook(left, done))
        title = "Done for today" if done else ("Cram summary" if drill.cram else "Session summary")
        self.console.print(Panel(text, title=title, title_align="left", border_style="green" if done else "cyan"))

    def _outlook(self, left: queue.Snapshot, done: bool) -> Text:
        settings = self.drill.settings
        now = self.drill.clock()
        text = Text()
        if not done:
            text.append(f"\nLeft today: new {len(left.new)} · learning {left.learning} · review {left.reviews}.")
        elif left.learning:
            text.append(f"\nLearning steps due in the next {queue.LEARN_AHEAD.seconds // 60} min: {left.learning}.")
        if left.next_learning is not None:
            wait = left.next_learning - now
            at = left.next_learning.astimezone().strftime("%H:%M")
            text.append(f"\nNext learning card: back in {interval(wait).lstrip('<')} (at {at}).")
        text.append(f"\nDue tomorrow: {left.due_tomorrow}.")
        text.append("\n" + self._pace(left.unseen, queue.local_day(now, settings.day_starts_at) + timedelta(days=1)))
        if done:
            more = max(settings.new_per_day + 10, 10)
            text.append("\nWays on: `awsprep drill --cram` practises without touching the schedule; "
                        f"`awsprep config set new-per-day {more}` allows more new items a day "
                        f"(now {settings.new_per_day}).", style="cyan")
        return text

    def _pace(self, unseen: int, tomorrow) -> str:
        settings = self.drill.settings
        if not unseen:
            return "Unseen: none; every item has been seen at least once."
        needed = queue.needed_per_day(settings, unseen, tomorrow)
        if needed is not None:
            deadline = settings.exam_date - queue.EXAM_MARGIN
            return (f"Unseen: {unseen} item(s). To see them all by {deadline} (a week before the exam on "
                    f"{settings.exam_date}) takes {needed} new a day; new-per-day is {settings.new_per_day}.")
        if not settings.new_per_day:
            return f"Unseen: {unseen} item(s); new-per-day is 0, so none are introduced."
        days = math.ceil(unseen / settings.new_per_day)
        return (f"Unseen: {unseen} item(s): {days} more day(s) at {settings.new_per_day} new a day. "
                "Set an exam date to pace them: `awsprep config set exam-date YYYY-MM-DD`.")
