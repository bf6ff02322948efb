"""`awsprep stats`, drawn from the dict that srs.stats.compute returns: a summary that fits one
80x24 screen, or (`--full`) the whole dashboard."""

from __future__ import annotations

from datetime import date

from rich.columns import Columns
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

SHADES = [("·", "grey35"), ("■", "green4"), ("■", "green3"), ("■", "green1"), ("■", "bold bright_green")]


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def show(stats: dict, console: Console, full: bool = False) -> None:
    if full:
        console.print(Columns([_items(stats), _retention(stats), _habits(stats)], equal=False, expand=False))
        console.print(_domains(stats))
        console.print(Columns([_tasks(stats), _weakest(stats)]))
        console.print(_skills(stats))
        console.print(_forecast(stats, console.width))
        console.print(_calendar(stats))
        if stats["exams"]:
            console.print(_exams(stats))
    else:
        console.print(_summary(stats))
    if stats["orphaned_items"]:
        console.print(f"{len(stats['orphaned_items'])} item(s) in your history are no longer in the content "
                      "(kept, not deleted): " + ", ".join(stats["orphaned_items"][:5]), style="yellow", highlight=False)


def _summary(stats: dict) -> Panel:
    """Readiness, today, the five weakest skills studied, the mock-exam trend: one screen."""
    readiness, today = stats["readiness"], stats["today"]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    score = Text(f"{_pct(readiness['score'])} ≈ {readiness['scaled_estimate']}", style="bold bright_white")
    score.append(" on the 100-1000 scale (pass mark 720)")
    if readiness["days_left"] is not None:
        score.append(f"\nexam {readiness['exam_date']}, {readiness['days_left']} days left")
    grid.add_row("Readiness", score)
    grid.add_row("Today", f"due {today['due']} · new left {today['new_left']} · streak {stats['streak_days']} day(s) · "
                          f"{stats['time_studied']['today_minutes']:g} min studied")
    grid.add_row("Weakest skills", _weakest_skills(stats))
    grid.add_row("Mock exams", _trend(stats))
    grid.add_row("Retention", _retention_line(stats))
    if stats["optimize"]["suggested"]:
        grid.add_row("Scheduler", _optimize_line(stats))
    note = Text("An estimate: predicted recall per domain averaged with recent question accuracy, weighted "
                "32/26/24/18. `awsprep stats --full` shows the whole dashboard.", style="dim")
    return Panel(Group(grid, Text(""), note), title="awsprep stats", title_align="left")


def _weakest_skills(stats: dict):
    """The five weakest exam skills studied: id and score, title (cut to fit), the drill command."""
    rows = stats["weakest_skills"]
    if not rows:
        return Text("nothing studied yet: `awsprep drill`", style="dim")
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, style="bold", min_width=max(len(f"{row['skill']} 100%") for row in rows))
    table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column(no_wrap=True, style="cyan", min_width=max(len(row["command"]) for row in rows))
    for row in rows:
        table.add_row(f"{row['skill']} {_pct(row['score']):>4}", stats["skills"][row["skill"]]["title"], row["command"])
    return table


def _trend(stats: dict) -> Text:
    exams = list(reversed(stats["exams"][:5]))
    if not exams:
        return Text("none yet: `awsprep exam`", style="dim")
    text = Text(" → ".join(f"{e['correct']}/{e['total']} ({100 * e['correct'] / e['total']:.0f}%)" for e in exams))
    text.append(f"  last scaled {exams[-1]['scaled']}", style="dim")
    return text


def _retention_line(stats: dict) -> Text:
    week = stats["retention"]["7d"]
    if week["reviews"]:
        return Text(f"{_pct(week['retention'])} of {week['reviews']} reviews in 7 days "
                    f"(desired {_pct(stats['retention']['desired'])})")
    return Text(_NO_REVIEWS.format(answers=stats["time_studied"]["answers"]), style="dim")


_NO_REVIEWS = ("no reviews yet: true retention counts only answers to cards already in review (past their learning "
               "steps); your {answers} answer(s) so far were first sightings, learning steps or exams.")


def _items(stats: dict) -> Panel:
    table = Table.grid(padding=(0, 2))
    items = stats["items"]
    for key in ("new", "learning", "review", "relearning", "suspended"):
        table.add_row(key, str(items.get(key, 0)))
    table.add_row(Text("due today", style="bold"), Text(str(items["due_today"]), style="bold"))
    return Panel(table, title=f"Items ({items['total']})", title_align="left")


def _retention(stats: dict) -> Panel:
    table = Table.grid(padding=(0, 2))
    retention = stats["retention"]
    for key in ("7d", "30d"):
        table.add_row(f"last {key}", _pct(retention[key]["retention"]), f"{retention[key]['reviews']} reviews")
    table.add_row("desired", _pct(retention["desired"]), "")
    parts = [table]
    if not retention["30d"]["reviews"]:
        parts.append(Text(_NO_REVIEWS.format(answers=stats["time_studied"]["answers"]), style="dim"))
    return Panel(Group(*parts), title="True retention", title_align="left", width=40 if len(parts) > 1 else None)


def _optimize_line(stats: dict) -> Text:
    """The suggestion to fit the scheduler to the learner (srs/fit.py)."""
    since, command = stats["optimize"]["reviews_since_fit"], stats["optimize"]["command"]
    if stats["optimize"]["fitted_at"]:
        return Text(f"{since} new reviews since the last fit: run ").append(command, style="cyan")
    return Text(f"{since} reviews: ").append(command, style="cyan").append(" fits the scheduler to you")


def _habits(stats: dict) -> Panel:
    studied = stats["time_studied"]
    readiness = stats["readiness"]
    table = Table.grid(padding=(0, 2))
    table.add_row("streak", f"{stats['streak_days']} day(s)")
    table.add_row("today", f"{studied['today_minutes']} min")
    table.add_row("in total", f"{studied['total_minutes']} min, {studied['answers']} answers")
    if readiness["days_left"] is not None:
        table.add_row("exam", f"{readiness['exam_date']} ({readiness['days_left']} days left)")
    if stats["optimize"]["suggested"]:
        table.add_row("scheduler", _optimize_line(stats))
    return Panel(table, title="Habits", title_align="left")


def _domains(stats: dict) -> Panel:
    table = Table(expand=False)
    for name in ("Domain", "Items", "Recall", "Questions right", "Readiness"):
        table.add_column(name, justify="left" if name == "Domain" else "right")
    for number, row in stats["domains"].items():
        table.add_row(f"{number} {row['title']}", str(row["items"]), _pct(row["recall"]),
                      _pct(row["question_accuracy"]), Text(_pct(row["score"]), style="bold"))
    readiness = stats["readiness"]
    note = Text(
        f"Overall readiness {_pct(readiness['score'])} ≈ {readiness['scaled_estimate']} on the 100-1000 scale "
        "(pass mark 720). An estimate: mean predicted recall per domain (unstudied items count as 0), averaged "
        "with question accuracy of the last 30 days, weighted 32/26/24/18.", style="dim")
    return Panel(Group(table, note), title="Exam readiness by domain", title_align="left")


def _tasks(stats: dict) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_column()
    table.add_column(max_width=44, no_wrap=True, overflow="ellipsis")
    for task, row in stats["tasks"].items():
        table.add_row(task, row["title"], _pct(row["recall"]), _pct(row["question_accuracy"]))
    return Panel(table, title="Task statements (recall, questions right)", title_align="left")


def _weakest(stats: dict) -> Panel:
    table = Table.grid(padding=(0, 2))
    for row in stats["weakest_topics"]:
        table.add_row(row["topic"], _pct(row["score"]), row["command"])
    return Panel(table, title="Weakest topics studied", title_align="left")


def _skills(stats: dict) -> Panel:
    """Mastery of every exam skill, two to a line: score, and items studied of the skill's items."""
    table = Table.grid(padding=(0, 1))
    for _ in range(2):
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=30)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True, style="dim")
    cells = [[f"{skill} {row['title']}", _pct(row["score"]) if row["studied"] else "-", f"{row['studied']}/{row['items']}"]
             for skill, row in stats["skills"].items()]
    half = (len(cells) + 1) // 2
    for left, right in zip(cells[:half], cells[half:] + [["", "", ""]]):
        table.add_row(*left, *right)
    return Panel(table, title="Exam skills (mastery, items studied; `awsprep drill --skill ID` drills one)",
                 title_align="left")


def _forecast(stats: dict, width: int = 80, height: int = 6) -> Panel:
    """A column chart: one column a day (as wide as the terminal allows), eighth-block resolution,
    peak and dates as the axis."""
    days = stats["forecast"]
    peak = max((d["due"] for d in days), default=0)
    cell = max(1, min(3, (width - 10) // max(len(days), 1)))  # 6 for the scale, 4 for the panel
    bar = max(1, cell - 1)
    lines = []
    for row in range(height, 0, -1):
        line = Text(f"{peak if row == height else '':>5} ", style="dim")
        for day in days:
            eighths = round(8 * height * day["due"] / peak) if peak else 0
            fill = min(8, max(0, eighths - 8 * (row - 1)))
            line.append((" ▁▂▃▄▅▆▇█"[fill]) * bar + " " * (cell - bar), style="cyan")
        lines.append(line)
    axis = [" "] * (len(days) * cell + 1)
    for i in range(0, len(days), 7):  # a date each week
        axis[i * cell : i * cell + 2] = date.fromisoformat(days[i]["date"]).strftime("%d")
    axis = Text("      " + "".join(axis).rstrip(), style="dim")
    total = sum(d["due"] for d in days)
    caption = Text(f"{total} reviews due over {len(days)} days; today {days[0]['due'] if days else 0}", style="dim")
    return Panel(Group(*lines, axis, caption), title=f"Due in the next {len(days)} days", title_align="left", expand=False)


def _calendar(stats: dict) -> Panel:
    days = stats["calendar"]
    peak = max((d["reviews"] for d in days), default=0) or 1
    first = date.fromisoformat(days[0]["date"])
    rows = [Text(name + " ") for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    for row in range(first.weekday()):
        rows[row].append("  ")
    for day in days:
        weekday = date.fromisoformat(day["date"]).weekday()
        level = 0 if not day["reviews"] else 1 + min(3, int(4 * day["reviews"] / (peak + 1)))
        mark, style = SHADES[level]
        rows[weekday].append(mark + " ", style=style)
    legend = Text(f"{days[0]['date']} to {days[-1]['date']} · brightest = most answers in a day ({peak})", style="dim")
    return Panel(Group(*rows, legend), title="Review calendar", title_align="left", expand=False)


def _exams(stats: dict) -> Panel:
    table = Table()
    for name in ("Finished", "Form", "Score", "Scaled (estimate)", "Note"):
        table.add_column(name)
    for row in stats["exams"]:
        table.add_row(row["finished_at"][:16], str(row["form"] or "draw"), f"{row['correct']}/{row['total']}",
                      str(row["scaled"]), "timed out" if row["timed_out"] else "")
    return Panel(table, title="Mock exams", title_align="left")
