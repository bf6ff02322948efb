"""The mock exam screen: countdown always on top, answer, flag, move back and forth, review, submit."""

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
from awsprep.ui.drill import LETTERS, explanation, reflow
from awsprep.ui.keys import ENTER, QUIT, Keys

HELP = "[letters] answer  [n/enter] next  [p] previous  [f] flag  [r] review  [s] submit  [q] save and quit"


class ExamScreen:
    def __init__(self, exam: Exam, settings: Settings, console: Console, keys: Keys,
                 monotonic: Callable[[], float] = time.monotonic):
        self.exam, self.settings, self.console, self.keys, self.monotonic = exam, settings, console, keys, monotonic
        self._base, self._t0 = exam.session.elapsed_s, monotonic()
        self.position = next((a.position for a in exam.answers if not a.chosen), 0)
        self.reviewing = False
        self.message = ""
        self._display = None

    def elapsed(self) -> float:
        return self._base + self.monotonic() - self._t0

    def run(self) -> Result | None:
        """Returns the result once submitted (or timed out); None if the learner saved and quit."""
        live = self._display = self._live()
        with live or nullcontext():
            try:
                while True:
                    if self.exam.remaining_s(self.elapsed()) <= 0:
                        outcome = self._submit(timed_out=True)
                        break
                    self._draw(live)
                    pressed = self.keys.poll(1.0)
                    if pressed is None:
                        continue
                    outcome = self._handle(pressed)
                    if outcome is not None:
                        break
            except KeyboardInterrupt:
                outcome = QUIT
        if outcome == QUIT:
            self.exam.save(self.position, elapsed_s=self.elapsed())
            self.console.print("Exam saved. Continue it with `awsprep exam --resume`.", style="yellow")
            return None
        return outcome

    def _live(self):
        if not self.keys.interactive:
            return None
        from rich.live import Live

        return Live(console=self.console, screen=True, auto_refresh=False, transient=True)

    def _draw(self, live) -> None:
        view = self._review_view() if self.reviewing else self._question_view()
        if live is not None:
            live.update(view, refresh=True)
        else:
            self.console.print(view)

    def _header(self) -> Text:
        remaining = max(0, int(self.exam.remaining_s(self.elapsed())))
        unanswered, flagged = self.exam.tally()
        answered = len(self.exam.answers) - unanswered
        clock = f"{remaining // 3600}:{remaining // 60 % 60:02d}:{remaining % 60:02d}"
        style = "bold red" if remaining < 300 else "bold cyan"
        text = Text(f"⏱ {clock} left", style=style)
        if self.exam.session.form is not None:
            text.append(f"   form {self.exam.session.form}", style="bold cyan")
        text.append(f"   question {self.position + 1}/{len(self.exam.answers)} · answered {answered} · flagged {flagged}",
                    style="cyan")
        return text

    def _question_view(self) -> Group:
        answer = self.exam.answers[self.position]
        question = self.exam.question(self.position)
        chosen = self.exam.chosen(answer)
        body = Text(reflow(question.stem) + "\n")
        for letter, index in zip(LETTERS, self.exam.order(answer)):
            mark = "[x]" if index in chosen else "[ ]"
            body.append(f"\n{mark} {letter.upper()}. ", style="bold green" if index in chosen else "bold")
            body.append(question.options[index].text)
        title = f"Choose {question.choose}" if question.choose > 1 else "Choose one"
        if answer.flagged:
            title += " · FLAGGED for review"
        parts = [self._header(), Text(HELP, style="dim")]
        if self.message:  # near the top: a long question must not push it off a small screen
            parts.append(Text(self.message, style="bold yellow"))
        return Group(*parts, Panel(body, title=title, title_align="left"))

    def _review_view(self) -> Group:
        grid = Table.grid(padding=(0, 2))
        for _ in range(5):
            grid.add_column()
        cells = []
        for answer in self.exam.answers:
            status = "flag" if answer.flagged else ("done" if answer.chosen else "----")
            style = "yellow" if answer.flagged else ("green" if answer.chosen else "red")
            cells.append(Text(f"{answer.position + 1:>2} {status}", style=style))
        for row in range(0, len(cells), 5):
            grid.add_row(*cells[row : row + 5])
        unanswered, flagged = self.exam.tally()
        keys = "[u] first unanswered  [l] next flagged  [b] back  [s] submit  [q] save and quit"
        summary = Text(f"{unanswered} unanswered, {flagged} flagged", style="bold")
        parts = [self._header(), Text(keys, style="dim")]
        if self.message:
            parts.append(Text(self.message, style="bold yellow"))
        return Group(*parts, Panel(Group(summary, grid), title="Review", title_align="left"))

    def _handle(self, pressed: str):
        self.message = ""
        for key in pressed if pressed != ENTER else [ENTER]:
            outcome = self._key(key)
            if outcome is not None:
                return outcome
        return None

    def _key(self, key: str):
        answers = self.exam.answers
        if key == QUIT:
            return QUIT
        if key == "s":
            return self._confirm_submit()
        if self.reviewing:
            if key == "u":
                self._jump(lambda a: not a.chosen)
            elif key == "l":
                self._jump(lambda a: a.flagged, after=self.position)
            elif key in ("b", ENTER):
                self.reviewing = False
            return None
        if key in ("n", ENTER):
            self.position = min(self.position + 1, len(answers) - 1)
            if key == ENTER and self.position == len(answers) - 1 and answers[-1].chosen:
                self.reviewing = True
        elif key == "p":
            self.position = max(self.position - 1, 0)
        elif key == "r":
            self.reviewing = True
        elif key == "f":
            self.exam.save(self.position, flagged=not answers[self.position].flagged, elapsed_s=self.elapsed())
        elif key in LETTERS:
            self._choose(key)
        return None

    def _choose(self, letter: str) -> None:
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
        self.exam.save(self.position, chosen=chosen, elapsed_s=self.elapsed())

    def _jump(self, wanted, after: int = -1) -> None:
        answers = self.exam.answers
        ordered = answers[after + 1 :] + answers[: after + 1]
        target = next((a for a in ordered if wanted(a)), None)
        if target is not None:
            self.position, self.reviewing = target.position, False

    def _confirm_submit(self):
        unanswered, flagged = self.exam.tally()
        self.message = f"Submit with {unanswered} unanswered and {flagged} flagged? [y] submit, any other key to go on"
        self._draw(self._display)
        confirm = self.keys.poll(60.0)
        self.message = ""
        return self._submit(timed_out=False) if confirm == "y" else None

    def _submit(self, timed_out: bool) -> Result:
        return self.exam.submit(self.settings, utcnow(), timed_out=timed_out, elapsed_s=self.elapsed())


def show_result(exam: Exam, result: Result, console: Console, keys: Keys, timed_out: bool) -> None:
    """Score, scaled estimate, per-domain breakdown, then a walk through every missed question."""
    pct = 100 * result.correct / result.total
    verdict = "at or above" if result.passed else "below"
    lines = Text()
    if timed_out:
        lines.append("Time is up: the exam was submitted automatically.\n", style="yellow")
    lines.append(f"Raw score: {result.correct}/{result.total} ({pct:.0f}%)\n", style="bold")
    lines.append(f"Scaled score estimate: {result.scaled} ({verdict} the {PASS_MARK} pass mark)\n", style="bold")
    fresh = exam.fresh()
    lines.append(f"Fresh questions: {fresh} of {result.total} had never been answered before this exam"
                 f"{'' if fresh == result.total else ' (a score on seen questions partly measures memory)'}.\n")
    if exam.session.form is not None:
        earlier = exam.earlier_attempts()
        history = ", ".join(f"{a.correct}/{a.total}" for a in earlier) or "none"
        lines.append(f"Practice form {exam.session.form}: earlier attempts {history}.\n")
    lines.append("The scaled figure is an estimate: a straight line from 0% = 100 to 100% = 1000. "
                 "AWS does not publish its scaling, and 15 real questions are unscored.", style="dim")
    table = Table(title="By domain", title_justify="left")
    for name in ("Domain", "Correct", "Score"):
        table.add_column(name, justify="left" if name == "Domain" else "right")
    for domain, (right, total) in result.by_domain.items():
        table.add_row(f"{domain} {DOMAINS[domain][0]}", f"{right}/{total}", f"{100 * right / total:.0f}%")
    console.print(Panel(Group(lines, table), title="Mock exam result", title_align="left"))
    for number, answer in enumerate(result.missed, 1):
        question = exam.question(answer.position)
        text = Text(reflow(question.stem) + "\n\n")
        text.append_text(explanation(question, exam.order(answer), exam.chosen(answer)))
        console.print(Panel(text, title=f"Missed {number}/{len(result.missed)} · question {answer.position + 1}",
                            title_align="left", border_style="red"))
        if keys.interactive and number < len(result.missed):
            if keys.key("[enter] next missed question   [q] done", f"{ENTER} q") == QUIT:
                break
    console.print("Missed questions are now due in `awsprep drill`.", style="cyan")
