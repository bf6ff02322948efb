"""The mock exam screens: the exam itself (countdown always on top, answer, flag, move back and
forth, the review grid, submit) and, once it is scored, the result and a review of every question
with filters (all · wrong · unanswered · flagged)."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from awsprep.content.exam import DOMAINS
from awsprep.srs.exam import PASS_MARK, Exam, Result
from awsprep.srs.settings import Settings
from awsprep.store.db import utcnow
from awsprep.store.tables import ExamAnswer
from awsprep.ui.keys import BACKSPACE, ENTER, ESCAPE, LEFT, QUIT, RIGHT, Keys
from awsprep.ui.screen import LETTERS, Frame, cards_behind, explanation, options_list, reflow

HELP = "[letters] answer  [n/enter] next  [p] previous  [m] flag  [r] review grid  [s] submit  [q] save and quit"
GRID_HELP = "[u] first unanswered  [l] next flagged  [number enter] go to  [b] back  [s] submit  [q] save and quit"
FLAG = "m"  # not an option letter (a-f)
SAVE_EVERY_S = 0.5  # the elapsed time is saved this often: a kill loses under a second
TICK_S = 0.5


def _live(console: Console, keys: Keys):
    if not keys.interactive:
        return nullcontext()
    from rich.live import Live

    return Live(console=console, screen=True, auto_refresh=False, transient=True,
                redirect_stdout=False, redirect_stderr=False)


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def spent(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"


class ExamScreen:
    def __init__(self, exam: Exam, settings: Settings, console: Console, keys: Keys,
                 monotonic: Callable[[], float] = time.monotonic):
        self.exam, self.settings, self.console, self.keys, self.monotonic = exam, settings, console, keys, monotonic
        self._base, self._t0 = exam.session.elapsed_s, monotonic()
        self.position = next((a.position for a in exam.answers if not a.chosen), 0)
        self.reviewing = False
        self.confirming = False
        self.number = ""  # digits typed in the review grid
        self.message = ""
        self.frame = Frame(console)
        self.live = None

    def elapsed(self) -> float:
        return self._base + self.monotonic() - self._t0

    def run(self) -> Result | None:
        """Returns the result once submitted (or timed out); None if the learner saved and quit."""
        with self.keys, _live(self.console, self.keys) as live:
            self.live = live
            try:
                while True:
                    now = self.elapsed()
                    if self.exam.remaining_s(now) <= 0:
                        outcome = self._submit(now, timed_out=True)
                        break
                    self._draw(now)
                    pressed = self.keys.poll(TICK_S)
                    now = self.elapsed()
                    if pressed is not None:
                        outcome = self._handle(pressed, now)
                        if outcome is not None:
                            break
                    if now - self.exam.session.elapsed_s >= SAVE_EVERY_S:
                        self.exam.save(self._here(), elapsed_s=now)
            except KeyboardInterrupt:
                outcome = QUIT
        self.live = None
        if outcome == QUIT:
            self.exam.save(self._here(), elapsed_s=self.elapsed())
            self.console.print("Exam saved. Continue it with `awsprep exam --resume`.", style="yellow")
            return None
        return outcome

    def _here(self) -> int | None:
        """The question on screen, which the time is charged to (None on the review grid)."""
        return None if self.reviewing else self.position

    # Drawing ---------------------------------------------------------------------------------

    def _draw(self, now: float) -> None:
        body, title, border = self._grid() if self.reviewing else self._question()
        footer = [Text(self.message, style="bold yellow")] if self.message else []
        footer.append(Text(GRID_HELP if self.reviewing else HELP, style="dim"))
        if self.live is not None:
            self.live.update(self.frame.render([self._header(now)], body, footer, title=title, border=border), refresh=True)
        else:
            self.console.print(self._header(now), Panel(body, title=title, title_align="left"), *footer)

    def _header(self, now: float) -> Text:
        remaining = self.exam.remaining_s(now)
        unanswered, flagged = self.exam.tally()
        answered = len(self.exam.answers) - unanswered
        text = Text(f"⏱ {clock(remaining)} left", style="bold red" if remaining < 300 else "bold cyan",
                    no_wrap=True, overflow="ellipsis")
        if self.exam.session.form is not None:
            text.append(f"   form {self.exam.session.form}", style="bold cyan")
        text.append(f"   question {self.position + 1}/{len(self.exam.answers)} · answered {answered} · flagged {flagged}",
                    style="cyan")
        return text

    def _question(self):
        answer = self.exam.answers[self.position]
        question = self.exam.question(self.position)
        body = Group(Text(reflow(question.stem)), Text(""),
                     options_list(question, self.exam.order(answer), self.exam.chosen(answer)))
        title = f"Choose {question.choose}" if question.choose > 1 else "Choose one"
        if answer.flagged:
            title += " · FLAGGED for review"
        return body, title, "yellow" if answer.flagged else "cyan"

    def _grid(self):
        grid = Table.grid(padding=(0, 2))
        for _ in range(5):
            grid.add_column()
        cells = []
        for answer in self.exam.answers:
            status = ("done" if answer.chosen else "----") + (" flag" if answer.flagged else "     ")
            style = "yellow" if answer.flagged else ("green" if answer.chosen else "red")
            cells.append(Text(f"{answer.position + 1:>2} {status}", style=style))
        for row in range(0, len(cells), 5):
            grid.add_row(*cells[row : row + 5])
        unanswered, flagged = self.exam.tally()
        summary = Text(f"{len(self.exam.answers) - unanswered} answered, {unanswered} unanswered, {flagged} flagged",
                       style="bold")
        return Group(summary, grid), "Review grid", "cyan"

    # Keys ------------------------------------------------------------------------------------

    def _handle(self, pressed: str, now: float):
        """One key (or, from a script, one line of keys)."""
        self.message = ""
        for key in [pressed] if self.keys.interactive or pressed == ENTER else pressed:
            outcome = self._key(key, now)
            if outcome is not None:
                return outcome
        if self.number and not self.keys.interactive:  # a scripted line of digits is a whole number
            self._goto(now)
        return None

    def _key(self, key: str, now: float):
        if self.confirming:
            self.confirming = False
            if key == "y":
                return self._submit(now, timed_out=False)
            self.message = "Not submitted."
            return None
        if self.frame.scroll(key):
            return None
        if key == QUIT:
            return QUIT
        if key == "s":
            unanswered, flagged = self.exam.tally()
            self.confirming = True
            self.message = f"Submit with {unanswered} unanswered and {flagged} flagged? [y] submit, any other key to go on"
            return None
        if self.reviewing:
            return self._grid_key(key, now)
        answers = self.exam.answers
        if key in ("n", ENTER, RIGHT):
            self._move(min(self.position + 1, len(answers) - 1), now)
            if key == ENTER and self.position == len(answers) - 1 and answers[-1].chosen:
                self._review(now)
        elif key in ("p", LEFT):
            self._move(max(self.position - 1, 0), now)
        elif key == "r":
            self._review(now)
        elif key == FLAG:
            self.exam.save(self.position, flagged=not answers[self.position].flagged, elapsed_s=now)
        elif key in LETTERS:
            self._choose(key, now)
        return None

    def _grid_key(self, key: str, now: float):
        if key.isdigit():
            self.number += key
            self.message = f"Go to question {self.number}: [enter]"
        elif key == BACKSPACE:
            self.number = self.number[:-1]
        elif key == ENTER and self.number:
            self._goto(now)
        elif key == "u":
            self._jump(lambda a: not a.chosen, now)
        elif key == "l":
            self._jump(lambda a: a.flagged, now, after=self.position)
        elif key in ("b", ENTER):
            self.reviewing = False
        return None

    def _review(self, now: float) -> None:
        self.exam.save(self.position, elapsed_s=now)
        self.reviewing, self.number = True, ""
        self.frame.top()

    def _move(self, position: int, now: float) -> None:
        """Show another question; the time so far goes to the one on screen."""
        if position != self.position or self.reviewing:
            self.exam.save(self._here(), elapsed_s=now)
            self.position, self.reviewing = position, False
            self.frame.top()

    def _goto(self, now: float) -> None:
        number, self.number = int(self.number), ""
        if 1 <= number <= len(self.exam.answers):
            self._move(number - 1, now)
        else:
            self.message = f"There is no question {number}: the exam has {len(self.exam.answers)}."

    def _choose(self, letter: str, now: float) -> None:
        answer = self.exam.answers[self.position]
        question = self.exam.question(self.position)
        order = self.exam.order(answer)
        if LETTERS.index(letter) >= len(order):
            return
        index = order[LETTERS.index(letter)]
        chosen = self.exam.chosen(answer)
        if question.choose == 1:
            chosen = {index}
        elif index in chosen:
            chosen.discard(index)
        elif len(chosen) < question.choose:
            chosen.add(index)
        else:
            self.message = f"This question takes {question.choose} answers: unselect one first."
            return
        self.exam.save(self.position, chosen=chosen, elapsed_s=now)

    def _jump(self, wanted, now: float, after: int = -1) -> None:
        answers = self.exam.answers
        ordered = answers[after + 1 :] + answers[: after + 1]
        target = next((a for a in ordered if wanted(a)), None)
        if target is not None:
            self._move(target.position, now)

    def _submit(self, now: float, timed_out: bool) -> Result:
        self.exam.save(self._here(), elapsed_s=now)
        return self.exam.submit(self.settings, utcnow(), timed_out=timed_out, elapsed_s=now)


# After the exam --------------------------------------------------------------------------------


def status(answer: ExamAnswer) -> str:
    return "unanswered" if not answer.chosen else ("right" if answer.correct else "wrong")


def result_panel(exam: Exam, result: Result, timed_out: bool) -> Panel:
    """Score, scaled estimate, wrong · unanswered · flagged, fresh questions, and the domains."""
    pct = 100 * result.correct / result.total
    verdict = "at or above" if result.passed else "below"
    lines = Text()
    if timed_out:
        lines.append("Time is up: the exam was submitted automatically.\n", style="yellow")
    lines.append(f"Raw score: {result.correct}/{result.total} ({pct:.0f}%)\n", style="bold")
    lines.append(f"Scaled score estimate: {result.scaled} ({verdict} the {PASS_MARK} pass mark)\n", style="bold")
    lines.append(f"Right {result.correct} · ", style="green")
    lines.append(f"wrong {len(result.wrong)} · ", style="red")
    lines.append(f"unanswered {len(result.unanswered)} · ", style="yellow")
    lines.append(f"flagged {len(result.flagged)}", style="yellow")
    lines.append(f" · {round(exam.session.elapsed_s / 60)} of {exam.session.minutes:g} min\n")
    if result.unanswered:
        lines.append("Unanswered questions score nothing, as in the real exam, but they are not counted as wrong "
                     "answers: not in your stats, not sent to drills.\n", style="dim")
    fresh = exam.fresh()
    lines.append(f"Fresh questions: {fresh} of {result.total} had never been met before this exam"
                 f"{'' if fresh == result.total else ' (a score on seen questions partly measures memory)'}.\n")
    if exam.session.form is not None:
        earlier = exam.earlier_attempts()
        history = ", ".join(f"{a.correct}/{a.total}" for a in earlier) or "none"
        lines.append(f"Practice form {exam.session.form}: earlier attempts {history}.\n")
    lines.append("The scaled figure is an estimate: a straight line from 0% = 100 to 100% = 1000. "
                 "AWS does not publish its scaling, and 15 real questions are unscored.", style="dim")
    table = Table(title="By domain", title_justify="left")
    for name in ("Domain", "Right", "Wrong", "Unanswered", "Score"):
        table.add_column(name, justify="left" if name == "Domain" else "right")
    for domain, (right, wrong, unanswered) in result.by_domain.items():
        total = right + wrong + unanswered
        table.add_row(f"{domain} {DOMAINS[domain][0]}", str(right), str(wrong), str(unanswered),
                      f"{100 * right / total:.0f}%")
    return Panel(Group(lines, table), title="Mock exam result", title_align="left")


def question_review(exam: Exam, answer: ExamAnswer) -> Group:
    """One question after the exam: the stem, the learner's pick, the key, every option's why, the time."""
    question = exam.question(answer.position)
    order = exam.order(answer)
    letters = dict(zip(order, LETTERS.upper()))
    picks = ", ".join(sorted(letters[i] for i in exam.chosen(answer))) or "none"
    key = ", ".join(sorted(letters[i] for i in question.answer))
    style = {"right": "bold green", "wrong": "bold red", "unanswered": "bold yellow"}[status(answer)]
    line = Text(f"Your pick: {picks} · key: {key} · {spent(answer.seconds)} on it", style=style)
    if answer.flagged:
        line.append(" · flagged", style="bold yellow")
    behind = cards_behind(question, exam.corpus.cards) if status(answer) == "wrong" else []
    return Group(Text(reflow(question.stem)), Text(""), line, *behind, Text(""),
                 explanation(question, order, exam.chosen(answer)))


class ReviewScreen:
    """Every question of a scored exam, one at a time, filtered: all · wrong · unanswered · flagged."""

    FILTERS = {"a": "all", "w": "wrong", "u": "unanswered", "f": "flagged"}

    def __init__(self, exam: Exam, result: Result, console: Console, keys: Keys):
        self.exam, self.console, self.keys = exam, console, keys
        self.lists = {"all": exam.answers, "wrong": result.wrong, "unanswered": result.unanswered,
                      "flagged": result.flagged}
        self.filter = "wrong" if result.wrong else "all"
        self.index = 0
        self.frame = Frame(console)

    def run(self) -> None:
        with self.keys, _live(self.console, self.keys) as live:
            while True:
                live.update(self._view(), refresh=True)
                key = self.keys.get(TICK_S)
                if key is None or self.frame.scroll(key):
                    continue
                shown = self.lists[self.filter]
                if key in (QUIT, ESCAPE):
                    return
                if key in self.FILTERS:
                    self.filter, self.index = self.FILTERS[key], 0
                elif key in ("n", ENTER, RIGHT, " "):
                    self.index = min(self.index + 1, max(len(shown) - 1, 0))
                elif key in ("p", LEFT):
                    self.index = max(self.index - 1, 0)
                else:
                    continue
                self.frame.top()

    def _view(self) -> Group:
        header = Text("Review  ", style="bold", no_wrap=True, overflow="ellipsis")
        for key, name in self.FILTERS.items():
            current = name == self.filter
            header.append(f"[{key}] {name} {len(self.lists[name])}", style="bold reverse" if current else "cyan")
            header.append("  ")
        footer = [Text("[n/enter] next  [p] previous  ↑↓ PgUp PgDn scroll  [q] done", style="dim")]
        shown = self.lists[self.filter]
        if not shown:
            return self.frame.render([header], Text(f"No {self.filter} questions."), footer, title=self.filter)
        answer = shown[self.index]
        title = f"{self.filter} {self.index + 1}/{len(shown)} · question {answer.position + 1} · {status(answer)}"
        border = {"right": "green", "wrong": "red", "unanswered": "yellow"}[status(answer)]
        return self.frame.render([header], question_review(self.exam, answer), footer, title=title, border=border)


def show_result(exam: Exam, result: Result, console: Console, keys: Keys, timed_out: bool) -> None:
    """The result; then, in a terminal, the review screen (the result stays printed above it), or
    in a transcript every question answered wrong or left unanswered."""
    console.print(result_panel(exam, result, timed_out))
    if keys.interactive:
        ReviewScreen(exam, result, console, keys).run()
    else:
        for answer in [*result.wrong, *result.unanswered]:
            console.print(Panel(question_review(exam, answer), title=f"Question {answer.position + 1} · {status(answer)}",
                                title_align="left", border_style="red" if answer.chosen else "yellow"))
    if result.wrong:
        console.print(f"The {len(result.wrong)} question(s) answered wrong, and the cards behind them, are now due "
                      "in `awsprep drill`.", style="cyan")
