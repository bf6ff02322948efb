"""The `awsprep stats` dashboard, drawn from the dict that srs.stats.compute returns."""

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


def show(stats: dict, console: Console) -> None:
    console.print(Columns([_items(stats), _retention(stats), _habits(stats)], equal=False, expand=False))
    console.print(_domains(stats))
    console.print(Columns([_tasks(stats), _weakest(stats)]))
    console.print(_forecast(stats))
    console.print(_calendar(stats))
    if stats["exams"]:
        console.print(_exams(stats))
    if stats["orphaned_items"]:
        console.print(f"{len(stats['orphaned_items'])} item(s) in your history are no longer in the content "
                      "(kept, not deleted): " + ", ".join(stats["orphaned_items"][:5]), style="yellow", highlight=False)


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
    return Panel(table, title="True retention", title_align="left")


def _habits(stats: dict) -> Panel:
    studied = stats["time_studied"]
    readiness = stats["readiness"]
    table = Table.grid(padding=(0, 2))
    table.add_row("streak", f"{stats['streak_days']} day(s)")
    table.add_row("today", f"{studied['today_minutes']} min")
    table.add_row("in total", f"{studied['total_minutes']} min, {studied['answers']} answers")
    if readiness["days_left"] is not None:
        table.add_row("exam", f"{readiness['exam_date']} ({readiness['days_left']} days left)")
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
    for task, row in stats["tasks"].items():
        table.add_row(task, row["title"][:44], _pct(row["recall"]), _pct(row["question_accuracy"]))
    return Panel(table, title="Task statements (recall, questions right)", title_align="left")


def _weakest(stats: dict) -> Panel:
    table = Table.grid(padding=(0, 2))
    for row in stats["weakest_topics"]:
        table.add_row(row["topic"], _pct(row["recall"]))
    return Panel(table, title="Weakest topics", title_align="left")


def _forecast(stats: dict, height: int = 6) -> Panel:
    """A column chart: one column a day, eighth-block resolution, peak and dates as the axis."""
    days = stats["forecast"]
    peak = max((d["due"] for d in days), default=0)
    lines = []
    for row in range(height, 0, -1):
        line = Text(f"{peak if row == height else '':>5} ", style="dim")
        for day in days:
            eighths = round(8 * height * day["due"] / peak) if peak else 0
            fill = min(8, max(0, eighths - 8 * (row - 1)))
            line.append((" ▁▂▃▄▅▆▇█"[fill]) * 2 + " ", style="cyan")
        lines.append(line)
    axis = Text("      ", style="dim")
    for i, day in enumerate(days):
        axis.append(date.fromisoformat(day["date"]).strftime("%d") + " " if i % 7 == 0 else "   ", style="dim")
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
    legend = Text(f"{days[0]['date']} to {days[-1]['date']} · darkest = most answers in a day ({peak})", style="dim")
    return Panel(Group(*rows, legend), title="Review calendar", title_align="left", expand=False)


def _exams(stats: dict) -> Panel:
    table = Table()
    for name in ("Finished", "Form", "Score", "Scaled (estimate)", ""):
        table.add_column(name)
    for row in stats["exams"]:
        table.add_row(row["finished_at"][:16], str(row["form"] or "draw"), f"{row['correct']}/{row['total']}",
                      str(row["scaled"]), "timed out" if row["timed_out"] else "")
    return Panel(table, title="Mock exams", title_align="left")
