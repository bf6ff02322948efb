"""`awsprep plan`, drawn from the dict that srs.forecast returns: the days to the exam as a bar
chart of minutes (new items and reviews beside it), the predicted recall per domain on the exam
day, and the days over the budget with what to change."""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import Console
from rich.table import Table
from rich.text import Text

BAR = 30
MAX_ROWS = 62  # beyond this many days, one row a week


def show(plan: dict, console: Console) -> None:
    budget = plan["budget_minutes"]
    weekly = len(plan["days"]) > MAX_ROWS
    rows = _weeks(plan["days"]) if weekly else plan["days"]
    top = max(max(r["minutes"] for r in rows), budget, 1)
    table = Table(box=None, pad_edge=False, title_justify="left", title_style="bold",
                  title=f"Plan to the exam on {plan['exam_date']} ({plan['days_left']} days from today)")
    table.add_column("week of" if weekly else "day", no_wrap=True)
    for name in ("new", "reviews", "peak min" if weekly else "min"):
        table.add_column(name, justify="right")
    table.add_column(f"minutes (| = budget {budget})", no_wrap=True)
    for row in rows:
        day = date.fromisoformat(row["date"])
        label = f"{day:%a %m-%d}" + (" exam" if row["date"] == plan["exam_date"] else "")
        table.add_row(label, str(row["new"]), str(row["reviews"]), f"{row['minutes']:.0f}", _bar(row["minutes"], budget, top))
    console.print(table)
    pace = plan["seconds_per_answer"]
    where = "your median answer times" if pace["from_your_answers"] else "estimates until you have answered 30 of each"
    console.print(Text(f"Minutes at {pace['new']:g} s a learning answer and {pace['review']:g} s a review ({where}).",
                       style="dim"))
    console.print(_recall(plan))
    console.print(_budget(plan))


def _bar(minutes: float, budget: int, top: float) -> Text:
    width = round(BAR * minutes / top)
    mark = round(BAR * budget / top)
    text = Text("█" * min(width, mark), style="green")
    text.append("█" * max(0, width - mark), style="red")
    if width < mark:
        text.append(" " * (mark - width - 1) + "|", style="dim")
    return text


def _weeks(days: list[dict]) -> list[dict]:
    weeks: dict[str, dict] = {}
    first = date.fromisoformat(days[0]["date"])
    for row in days:
        start = first + timedelta(weeks=(date.fromisoformat(row["date"]) - first).days // 7)
        week = weeks.setdefault(start.isoformat(), {"date": start.isoformat(), "new": 0, "reviews": 0, "minutes": 0.0})
        week["new"] += row["new"]
        week["reviews"] += row["reviews"]
        week["minutes"] = max(week["minutes"], row["minutes"])
    return list(weeks.values())


def _recall(plan: dict) -> Table:
    table = Table(box=None, pad_edge=False, title_justify="left", title_style="bold",
                  title=f"Predicted recall on the exam day (desired retention {plan['desired_retention']:.2f})")
    table.add_column("domain")
    table.add_column("recall", justify="right")
    table.add_column("items at desired", justify="right")
    for number, row in plan["recall_on_exam_day"].items():
        table.add_row(f"{number} {row['title']}", f"{row['recall']:.0%}", f"{row['at_desired']:.0%}")
    return table


def _budget(plan: dict) -> Text:
    peak = max(plan["days"], key=lambda d: d["minutes"])
    where = f"peak {peak['minutes']:.0f} min on {peak['date']}"
    if not plan["over_budget"]:
        return Text(f"Every day fits your budget of {plan['budget_minutes']} minutes ({where}).", style="green")
    text = Text(f"{len(plan['over_budget'])} day(s) need more than your budget of {plan['budget_minutes']} minutes "
                f"({where}). To fit:", style="yellow")
    for tip in plan["advice"]:
        text.append(f"\n  - {tip}")
    return text
