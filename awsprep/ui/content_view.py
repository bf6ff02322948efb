"""`awsprep content check` output: the problems, then the coverage tables."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from awsprep.content import skill_map
from awsprep.content.coverage import coverage
from awsprep.content.lint import ECHO_MAX, LONGEST_MAX, RANK_MAX, RATIO_BAND, Figures, Report
from awsprep.content.load import Corpus


def show_check(corpus: Corpus, report: Report, console: Console, errors: Console) -> None:
    problems = [*corpus.errors, *report.errors]
    for problem in problems:
        errors.print(problem, markup=False, highlight=False, soft_wrap=True)
    for warning in report.warnings:
        errors.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    domains, tasks = coverage(corpus)
    table = Table(title="Coverage by domain", title_justify="left")
    for name in ("Domain", "Cards", "Questions", "Share", "Exam weight"):
        table.add_column(name, justify="left" if name == "Domain" else "right")
    for row in domains:
        off = abs(row.share - row.weight) > 5
        share = f"[red]{row.share:.0f}%[/]" if off else f"{row.share:.0f}%"
        table.add_row(f"{row.key} {row.title}", str(row.cards), str(row.questions), share, f"{row.weight}%")
    console.print(table)
    table = Table(title="Coverage by task statement", title_justify="left")
    for name in ("Task", "Cards", "Questions"):
        table.add_column(name, justify="left" if name == "Task" else "right")
    for row in tasks:
        thin = "[red]" if row.questions < 8 else ""
        table.add_row(f"{row.key} {row.title}", str(row.cards), f"{thin}{row.questions}")
    console.print(table)
    show_skills(skill_map.coverage(corpus), console)
    show_cues(report, corpus.shipped, console)
    status = f"{len(corpus.cards)} cards, {len(corpus.questions)} questions in {corpus.files} files"
    if corpus.drafts:
        status += f"; {len(corpus.drafts)} drafts (not drilled until reviewed: remove `draft: true`)"
    if problems:
        console.print(f"[red]{len(problems)} problem(s)[/]; {status}")
    else:
        console.print(f"[green]OK[/]: {status}")


def show_cues(report: Report, shipped: set[str], console: Console) -> None:
    """Answer-cue figures per file (a shipped file by its topic), then per bank; figures past a threshold in red."""
    low, high = RATIO_BAND
    table = Table(title="Answer cues (can the key be spotted without AWS knowledge?)", title_justify="left",
                  caption=f"Longest: single-answer questions whose key is the longest option (bank limit "
                          f"{LONGEST_MAX:.0%}) · Ranks: % of single-answer keys that are the longest/2nd/3rd/shortest "
                          f"option (limit {RANK_MAX:.0%} at any) · MR: multiple-response questions whose keys are "
                          f"exactly the longest · Ratio: median key/distractor length ({low}-{high}) · Stem: stem "
                          f"words shared, key/distractor mean · Echo: key alone shares most (limit {ECHO_MAX:.0%})",
                  caption_justify="left")
    table.add_column("File", overflow="fold", min_width=12)
    for name in ("Qs", "Longest", "Ranks", "MR", "Ratio", "Stem", "Echo"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in report.files:
        table.add_row(*_cells(row, Path(row.name).stem if row.name in shipped else row.name))
    for bank in report.banks:
        table.add_row(*_cells(bank, f"all {bank.name}"), style="bold")
    console.print(table)


def _cells(row: Figures, name: str) -> list[str]:
    low, high = RATIO_BAND

    def red(text: str, bad: bool) -> str:
        return f"[red]{text}[/]" if bad else text

    return [
        name, str(row.questions),
        red(f"{row.longest_share:.0%}", row.longest_share > LONGEST_MAX),
        red("/".join(f"{100 * share:.0f}" for share in row.rank_shares), max(row.rank_shares, default=0) > RANK_MAX),
        f"{row.multiple_longest}/{row.multiple}",
        red(f"{row.median_ratio:.2f}", not low <= row.median_ratio <= high),
        f"{row.key_echo:.1f}/{row.distractor_echo:.1f}",
        red(f"{row.echo_share:.0%}", row.echo_share > ECHO_MAX),
    ]


def show_skills(rows: list[skill_map.SkillRow], console: Console) -> None:
    """Cards and questions per exam skill, two skills to a line; skills under the floor in red."""
    table = Table(title=f"Coverage by skill (floor: {skill_map.CARD_FLOOR} cards, {skill_map.QUESTION_FLOOR} questions)",
                  title_justify="left")
    for _ in range(2):
        table.add_column("Skill", overflow="ellipsis", no_wrap=True, max_width=27)
        table.add_column("C", justify="right", no_wrap=True)
        table.add_column("Q", justify="right", no_wrap=True)
    cells = []
    for row in rows:
        style = "red" if row.under_floor else ""
        cells.append([f"[{style}]{row.skill} {row.title}[/]" if style else f"{row.skill} {row.title}",
                      str(row.cards), str(row.questions)])
    half = (len(cells) + 1) // 2
    for left, right in zip(cells[:half], cells[half:] + [["", "", ""]]):
        table.add_row(*left, *right)
    console.print(table)
