"""`awsprep content check` output: the problems, then the coverage tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from awsprep.content.coverage import coverage
from awsprep.content.load import Corpus


def show_check(corpus: Corpus, console: Console, errors: Console) -> None:
    for problem in corpus.errors:
        errors.print(problem, markup=False, highlight=False, soft_wrap=True)
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
    status = f"{len(corpus.cards)} cards, {len(corpus.questions)} questions in {corpus.files} files"
    if corpus.drafts:
        status += f"; {len(corpus.drafts)} drafts (not drilled until reviewed: remove `draft: true`)"
    if corpus.errors:
        console.print(f"[red]{len(corpus.errors)} problem(s)[/]; {status}")
    else:
        console.print(f"[green]OK[/]: {status}")
