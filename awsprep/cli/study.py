"""`awsprep drill`, `exam`, `stats`, `config`, `suspend`, `unsuspend`, `bury`, `flagged`: studying and its settings."""

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
    skill: list[str] = typer.Option(None, "--skill", "-s", help="Only items that practise this exam skill (repeatable), e.g. 1.2.3."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="Stop after this many answers."),
    cram: bool = typer.Option(False, "--cram", help="Practise without touching the schedule."),
    seed: int | None = typer.Option(None, help="Seed for shuffles and calculator numbers (for scripts)."),
) -> None:
    """Study: due reviews first, then new items. Keys: space reveal, 1-4 rate (each key shows the
    interval it gives), letters answer, u undo, m flag, z bury until tomorrow, s suspend, q quit.

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
    entries = catalog.entries(content, topic, domain, kind, skill)
    store = open_store()
    with store.session() as session:
        current = settings.load(session)
    rng = random.Random(seed)
    console = Console()
    links = {item_id: question.cards for item_id, question in content.questions.items() if question.cards}
    session = Drill(store, entries, current, limit=limit, cram=cram, rng=rng, links=links)
    Screen(session, content, console, Keys(console), rng).run()


@config_app.command("show", epilog="Example: awsprep config show")
def config_show() -> None:
    """Print every setting, its value (as `config set` takes it) and what it means, with its units."""
    from awsprep.srs import settings
    from awsprep.store.db import open_store

    with open_store(read_only=True).session() as session:
        stored = settings.stored(session)
    shown = settings.Settings.from_dict(stored).shown()
    width = max(len(f"{key}: {value}") for key, value in shown.items())
    for key, value in shown.items():
        typer.echo(f"{f'{key}: {value}':<{width}}  {settings.HELP[key.replace('-', '_')]}")
    for key, value in settings.invalid(stored).items():
        typer.echo(f"awsprep: warning: the stored {key.replace('_', '-')} {str(value)[:40]!r} is not valid any more; "
                   "the default is used (set it again)", err=True)


@config_app.command("set", context_settings={"ignore_unknown_options": True},  # `new-per-day -5` is a value
                    epilog="Examples: awsprep config set exam-date 2027-01-15 | awsprep config set desired-retention 0.92")
def config_set(key: str = typer.Argument(..., help="Setting name, e.g. exam-date."),
               value: str = typer.Argument(..., help="The new value, as `awsprep config show` prints it.")) -> None:
    """Change a setting: desired-retention, learning-steps, relearning-steps, maximum-interval,
    fuzzing, new-per-day, reviews-per-day, leech-threshold, exam-date, day-starts-at, minutes-per-day,
    leech-action, easy-days (`config show` gives each one's units). A new desired retention
    reschedules every card from its memory state, after a backup."""
    from awsprep.srs import reschedule, settings
    from awsprep.srs.queue import local_day
    from awsprep.store.db import open_store, utcnow

    now = utcnow()
    settings.Settings().set(key, value, local_day(now))  # refuse bad input before opening (or creating) anything
    updated, moved = reschedule.configure(open_store(), lambda s: s.set(key, value, local_day(now, s.day_starts_at)), now)
    typer.echo(f"{key}: {updated.shown()[key.replace('_', '-')]}")
    _rescheduled(moved)


def _rescheduled(moved: tuple[int, str] | None) -> None:
    if moved is not None:
        typer.echo(f"rescheduled {moved[0]:,} card(s) from their memory state (backup: {moved[1]})")


@config_app.command("unset", epilog="Example: awsprep config unset exam-date")
def config_unset(key: str = typer.Argument(..., help="Setting name to return to its default.")) -> None:
    """Return a setting to its default."""
    from awsprep.srs import reschedule, settings
    from awsprep.store.db import open_store, utcnow

    settings.Settings().unset(key)  # an unknown key opens nothing
    _, moved = reschedule.configure(open_store(), lambda s: s.unset(key), utcnow())
    typer.echo(f"{key}: default")
    _rescheduled(moved)


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
    from awsprep.srs import flags, settings
    from awsprep.srs.queue import local_day

    _flag(ctx, ids, lambda s, i, k, now: flags.bury(s, i, k, now, local_day(now, settings.load(s).day_starts_at)
                                                    + timedelta(days=1)))
    typer.echo(f"buried {len(ids)} item(s) until tomorrow")


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples: awsprep drill | awsprep drill --topic dynamodb --kind question | awsprep drill --skill 1.3.4 | awsprep drill --cram -n 20")(drill)
    app.add_typer(config_app, name="config")
    app.command(epilog="Example: awsprep suspend sqs-max-message-size")(suspend)
    app.command(epilog="Examples: awsprep unsuspend --list | awsprep unsuspend --leeches | awsprep unsuspend sqs-max-message-size")(unsuspend)
    app.command(epilog="Example: awsprep bury kinesis-retention")(bury)
    app.command(epilog="Examples: awsprep stats | awsprep stats --full | awsprep stats --json | awsprep stats --days 14")(stats)
    app.command(epilog="Examples: awsprep exam | awsprep exam --form 1 | awsprep exam --questions 20 --domain 2 | awsprep exam --resume | awsprep exam --abandon --yes")(exam)
    app.command(epilog="Examples: awsprep flagged | awsprep flagged --clear sqs-max-message-size | awsprep flagged --clear-all")(flagged)


MAX_MINUTES = 24 * 60


def _minutes(value: float | None) -> float | None:
    """A time limit the exam clock can run: finite, from 0.01 minutes up to a day."""
    if value is not None and not 0.01 <= value <= MAX_MINUTES:  # also false for nan
        raise typer.BadParameter(f"give minutes between 0.01 and {MAX_MINUTES}, not {value}")
    return value


def _domains(values: list[int] | None) -> list[int] | None:
    for value in values or []:
        if value not in (1, 2, 3, 4):
            from awsprep.errors import UserError

            raise UserError(f"unknown domain {value}: use 1, 2, 3 or 4")
    return values


def _seed(value: int | None) -> int | None:
    """The exam keeps its seed in an SQLite integer (64 bits)."""
    if value is not None and not -(2**63) <= value < 2**63:
        raise typer.BadParameter("give a whole number of at most 18 digits")
    return value


def exam(
    ctx: typer.Context,
    questions: int = typer.Option(None, "--questions", min=1, max=1000, help="How many questions (default 65)."),
    minutes: float = typer.Option(None, "--minutes", callback=_minutes,
                                  help="Time limit in minutes (default: 130 for 65 questions, in proportion for --questions)."),
    domain: list[int] = typer.Option(None, "--domain", "-d", callback=_domains, help="Only this domain 1-4 (repeatable)."),
    form: int = typer.Option(None, "--form", min=1, help="Take fixed practice form N (65 questions; retake it to compare)."),
    seed: int | None = typer.Option(None, callback=_seed, help="Seed for the draw and option order."),
    resume: bool = typer.Option(False, "--resume", help="Continue the unfinished exam."),
    abandon: bool = typer.Option(False, "--abandon", help="Drop the unfinished exam (asks first)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --abandon: do not ask."),
) -> None:
    """A timed mock exam drawn by the exam's domain weights (32/26/24/18), questions you have never
    answered first, or a fixed practice form (--form N); with a review screen, flags, a scaled-score
    estimate and a review of every question (all, wrong, unanswered, flagged) afterwards.
    Unanswered questions score nothing but are not counted as wrong answers."""
    import random

    from rich.console import Console

    from awsprep.srs import settings
    from awsprep.srs.exam import Exam, time_limit
    from awsprep.store.db import open_store, utcnow
    from awsprep.ui.exam import ExamScreen, show_result
    from awsprep.ui.keys import Keys

    store = open_store()
    if abandon:
        unfinished = Exam.unfinished(store)
        if unfinished is None:
            typer.echo("there is no unfinished exam to abandon")
            return
        open_exam, answered = unfinished
        question = (f"Abandon the unfinished exam ({answered} of {open_exam.total} answered, "
                    f"{open_exam.elapsed_s / 60:.0f} min in)? It will not be scored.")
        if yes or _confirm(question):
            typer.echo(f"abandoned {Exam.abandon(store)} unfinished exam(s)")
        else:
            typer.echo("kept the unfinished exam: `awsprep exam --resume` continues it")
        return
    content = corpus(ctx)
    with store.session() as session:
        current = settings.load(session)
    if form is not None and (questions is not None or domain):
        from awsprep.errors import UserError

        raise UserError("--form takes a whole 65-question practice form; drop --questions and --domain")
    if resume:
        session = Exam.resume(store, content)
        if session.changed:
            typer.echo(f"awsprep: warning: {len(session.changed)} question(s) changed since this exam began "
                       f"({', '.join(session.changed[:3])}): their answers were cleared, answer them again", err=True)
    else:
        total = questions or 65
        session = Exam.start(store, content, total=total, minutes=minutes or time_limit(total), domains=domain, form=form,
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
    full: bool = typer.Option(False, "--full", help="The whole dashboard instead of the one-screen summary."),
) -> None:
    """Progress at a glance (one screen): readiness, today's work, your weakest studied topics and
    the mock-exam trend. --full: items by state, true retention, mastery per domain and task, due
    forecast, review calendar, streak, exam readiness (an estimate) and mock exam history."""
    import json

    from rich.console import Console

    from awsprep.srs import catalog, settings
    from awsprep.srs import stats as figures
    from awsprep.store.db import open_store, utcnow
    from awsprep.ui.stats_view import show

    entries = catalog.entries(corpus(ctx))
    with open_store(read_only=True).session() as session:
        current = settings.load(session)
        result = figures.compute(session, entries, current, utcnow(), forecast_days=days)
    if as_json:
        print(json.dumps(result))
    else:
        show(result, Console(), full=full)


def _confirm(question: str) -> bool:
    """Ask yes or no (no at the end of input or on Ctrl-C)."""
    import click

    try:
        return typer.confirm(question, default=False)
    except click.Abort:
        return False


def flagged(
    ctx: typer.Context,
    clear: list[str] = typer.Option(None, "--clear", help="Take the flag off this item (repeatable)."),
    clear_all: bool = typer.Option(False, "--clear-all", help="Take every flag off."),
) -> None:
    """Items you flagged to look at again (key m in a drill, or flagged in a mock exam)."""
    from awsprep.srs import flags
    from awsprep.store.db import open_store

    with open_store().session() as session:
        rows = flags.flagged(session)
        if clear or clear_all:
            count = flags.unflag(session, [r.item_id for r in rows] if clear_all else list(clear))
            typer.echo(f"took the flag off {count} item(s)")
            return
    if not rows:
        typer.echo("nothing is flagged (press m in a drill to flag an item)")
        return
    content = corpus(ctx)
    for row in rows:
        note = f"  ({row.note})" if row.note else ""
        typer.echo(f"{row.item_id}  flagged {row.flagged_at:%Y-%m-%d}{note}\n    {_gist(content, row.item_id)}")


def _gist(content, item_id: str) -> str:
    """The start of an item's question, for a listing."""
    from awsprep.content.problems import GENERATORS

    if item_id in content.cards:
        text = content.cards[item_id].front
    elif item_id in content.questions:
        text = content.questions[item_id].stem
    else:
        text = "a calculator problem (new numbers each time)" if item_id in GENERATORS else "(no longer in the content)"
    text = " ".join(text.split())
    return text if len(text) <= 150 else text[:149] + "…"
