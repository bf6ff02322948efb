"""`awsprep drill`, `exam`, `stats`, `config`, `suspend`, `unsuspend`, `bury`: studying and its settings."""

from __future__ import annotations

from datetime import timedelta

import typer

from awsprep.cli.common import corpus, group

config_app = group("Show and change scheduler settings (retention, steps, limits, exam date).")


def drill(
    ctx: typer.Context,
    topic: list[str] = typer.Option(None, "--topic", "-t", help="Only this topic (repeatable), e.g. dynamodb."),
    domain: list[int] = typer.Option(None, "--domain", "-d", help="Only this exam domain 1-4 (repeatable)."),
    kind: list[str] = typer.Option(None, "--kind", "-k", help="Only fact, question or calc (repeatable)."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="Stop after this many answers."),
    cram: bool = typer.Option(False, "--cram", help="Practise without touching the schedule."),
    seed: int | None = typer.Option(None, help="Seed for shuffles and calculator numbers (for scripts)."),
) -> None:
    """Study: due reviews first, then new items. Keys: space reveal, 1-4 rate, letters answer, u undo, q quit.

    When stdin is not a terminal, each line is one answer, so a drill can be scripted.
    """
    import random

    from rich.console import Console

    from awsprep.srs import catalog, settings
    from awsprep.srs.drill import Drill
    from awsprep.store.db import open_store
    from awsprep.ui.drill import Screen
    from awsprep.ui.keys import Keys

    content = corpus(ctx)
    entries = catalog.entries(content, topic, domain, kind)
    store = open_store()
    with store.session() as session:
        current = settings.load(session)
    rng = random.Random(seed)
    console = Console()
    session = Drill(store, entries, current, limit=limit, cram=cram, rng=rng)
    Screen(session, content, console, Keys(console), rng).run()


@config_app.command("show", epilog="Example: awsprep config show")
def config_show() -> None:
    """Print every setting and its value."""
    from awsprep.srs import settings
    from awsprep.store.db import open_store

    with open_store().session() as session:
        current = settings.load(session)
    for key, value in current.to_dict().items():
        typer.echo(f"{key.replace('_', '-')}: {value if value is not None else '-'}")


@config_app.command("set", epilog="Examples: awsprep config set exam-date 2027-01-15 | awsprep config set desired-retention 0.92")
def config_set(key: str = typer.Argument(..., help="Setting name, e.g. exam-date."), value: str = typer.Argument(...)) -> None:
    """Change a setting: desired-retention, learning-steps, relearning-steps, maximum-interval,
    fuzzing, new-per-day, reviews-per-day, leech-threshold, exam-date."""
    from awsprep.srs import settings
    from awsprep.store.db import open_store

    with open_store().session() as session:
        updated = settings.load(session).set(key, value)
        settings.save(session, updated)
    typer.echo(f"{key}: {value}")


@config_app.command("unset", epilog="Example: awsprep config unset exam-date")
def config_unset(key: str = typer.Argument(..., help="Setting name to return to its default.")) -> None:
    """Return a setting to its default."""
    from awsprep.srs import settings
    from awsprep.store.db import open_store

    with open_store().session() as session:
        settings.save(session, settings.load(session).unset(key))
    typer.echo(f"{key}: default")


def _flag(ctx: typer.Context, ids: list[str], action) -> None:
    from awsprep.errors import UserError
    from awsprep.srs import catalog
    from awsprep.store.db import open_store, utcnow

    known = {e.id: e for e in catalog.entries(corpus(ctx))}
    missing = [i for i in ids if i not in known]
    if missing:
        raise UserError(f"unknown item id(s): {', '.join(missing)}")
    with open_store().session() as session:
        for item_id in ids:
            action(session, item_id, known[item_id].kind, utcnow())


def suspend(ctx: typer.Context, ids: list[str] = typer.Argument(..., help="Item ids to suspend.")) -> None:
    """Keep items out of drills until unsuspended."""
    from awsprep.srs import flags

    _flag(ctx, ids, flags.suspend)
    typer.echo(f"suspended {len(ids)} item(s)")


def unsuspend(
    ctx: typer.Context,
    ids: list[str] = typer.Argument(None, help="Item ids to bring back."),
    leeches: bool = typer.Option(False, "--leeches", help="Bring back every leech."),
    show: bool = typer.Option(False, "--list", help="List suspended items instead."),
) -> None:
    """Bring suspended items (or all leeches) back into drills; --list shows what is suspended."""
    from awsprep.srs import flags
    from awsprep.store.db import open_store

    if show or (not ids and not leeches):
        with open_store().session() as session:
            rows = flags.suspended(session)
        for row in rows:
            typer.echo(f"{row.item_id}{'  (leech, ' + str(row.lapses) + ' lapses)' if row.leech else ''}")
        if not rows:
            typer.echo("nothing is suspended")
        return
    if leeches:
        with open_store().session() as session:
            ids = [*(ids or []), *(row.item_id for row in flags.suspended(session, leeches_only=True))]
    _flag(ctx, list(ids), lambda s, i, k, now: flags.suspend(s, i, k, now, on=False))
    typer.echo(f"unsuspended {len(ids)} item(s)")


def bury(ctx: typer.Context, ids: list[str] = typer.Argument(..., help="Item ids to hide until tomorrow.")) -> None:
    """Hide items until tomorrow."""
    from awsprep.srs import flags
    from awsprep.srs.queue import local_day

    _flag(ctx, ids, lambda s, i, k, now: flags.bury(s, i, k, now, local_day(now) + timedelta(days=1)))
    typer.echo(f"buried {len(ids)} item(s) until tomorrow")


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples: awsprep drill | awsprep drill --topic dynamodb --kind question | awsprep drill --cram -n 20")(drill)
    app.add_typer(config_app, name="config")
    app.command(epilog="Example: awsprep suspend sqs-max-message-size")(suspend)
    app.command(epilog="Examples: awsprep unsuspend --list | awsprep unsuspend --leeches | awsprep unsuspend sqs-max-message-size")(unsuspend)
    app.command(epilog="Example: awsprep bury kinesis-retention")(bury)
    app.command(epilog="Examples: awsprep stats | awsprep stats --json | awsprep stats --days 14")(stats)
    app.command(epilog="Examples: awsprep exam | awsprep exam --form 1 | awsprep exam --questions 20 --minutes 40 --domain 2 | awsprep exam --resume")(exam)


def exam(
    ctx: typer.Context,
    questions: int = typer.Option(None, "--questions", min=1, help="How many questions (default 65)."),
    minutes: float = typer.Option(130, "--minutes", min=0.01, help="Time limit in minutes."),
    domain: list[int] = typer.Option(None, "--domain", "-d", help="Only this domain 1-4 (repeatable)."),
    form: int = typer.Option(None, "--form", min=1, help="Take fixed practice form N (65 questions; retake it to compare)."),
    seed: int | None = typer.Option(None, help="Seed for the draw and option order."),
    resume: bool = typer.Option(False, "--resume", help="Continue the unfinished exam."),
    abandon: bool = typer.Option(False, "--abandon", help="Drop the unfinished exam."),
) -> None:
    """A timed mock exam drawn by the exam's domain weights (32/26/24/18), questions you have never
    answered first, or a fixed practice form (--form N); with a review screen, flags, a scaled-score
    estimate and a walk through every missed question."""
    import random

    from rich.console import Console

    from awsprep.srs import settings
    from awsprep.srs.exam import Exam
    from awsprep.store.db import open_store, utcnow
    from awsprep.ui.exam import ExamScreen, show_result
    from awsprep.ui.keys import Keys

    store = open_store()
    if abandon:
        typer.echo(f"abandoned {Exam.abandon(store)} unfinished exam(s)")
        return
    content = corpus(ctx)
    with store.session() as session:
        current = settings.load(session)
    if form is not None and (questions is not None or domain):
        from awsprep.errors import UserError

        raise UserError("--form takes a whole 65-question practice form; drop --questions and --domain")
    if resume:
        session = Exam.resume(store, content)
    else:
        session = Exam.start(store, content, total=questions or 65, minutes=minutes, domains=domain, form=form,
                             seed=seed if seed is not None else random.randrange(1 << 31), now=utcnow())
    console = Console()
    keys = Keys(console)
    result = ExamScreen(session, current, console, keys).run()
    if result is not None:
        show_result(session, result, console, keys, timed_out=session.session.status == "timeout")


def stats(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print every figure as one JSON object."),
    days: int = typer.Option(30, "--days", min=1, max=90, help="Days in the due forecast."),
) -> None:
    """Progress at a glance: items by state, true retention, mastery per domain and task, due
    forecast, review calendar, streak, exam readiness (an estimate) and mock exam history."""
    import json

    from rich.console import Console

    from awsprep.srs import catalog, settings
    from awsprep.srs import stats as figures
    from awsprep.store.db import open_store, utcnow
    from awsprep.ui.stats_view import show

    entries = catalog.entries(corpus(ctx))
    with open_store().session() as session:
        current = settings.load(session)
        result = figures.compute(session, entries, current, utcnow(), forecast_days=days)
    if as_json:
        print(json.dumps(result))
    else:
        show(result, Console())
